//! The few Unix calls std does not wrap, declared by hand instead of pulling in `libc`.
//!
//! Why signals at all: on Ctrl-C (or a CI timeout's SIGTERM) xtask must live long enough to
//! stop its PostgreSQL cluster and delete the temp dir. So SIGINT, SIGTERM and SIGHUP only
//! record that they arrived; the task loop notices, passes the signal on to the cargo it runs
//! and unwinds normally, which runs the cluster's `Drop`. Children are unaffected by the
//! handler: a caught signal reverts to its default action across `exec`.

use std::ffi::c_int;
use std::process::Child;
use std::sync::atomic::{AtomicI32, Ordering};

// The same numbers on Linux and macOS.
const SIGHUP: c_int = 1;
const SIGINT: c_int = 2;
const SIGTERM: c_int = 15;

unsafe extern "C" {
    // glibc's and BSD's `signal` keep the handler installed and restart interrupted calls.
    // The return value (the previous handler, or SIG_ERR) is pointer-sized.
    fn signal(signum: c_int, handler: extern "C" fn(c_int)) -> usize;
    safe fn kill(pid: c_int, sig: c_int) -> c_int;
    safe fn geteuid() -> u32;
}

/// The last termination signal received and not yet taken, 0 for none.
static PENDING: AtomicI32 = AtomicI32::new(0);

extern "C" fn record(signum: c_int) {
    // A lock-free atomic store is async-signal-safe; nothing else happens here.
    PENDING.store(signum, Ordering::SeqCst);
}

pub fn catch_termination_signals() {
    for signum in [SIGHUP, SIGINT, SIGTERM] {
        // SAFETY: `record` is an `extern "C"` function that only does an atomic store.
        unsafe {
            signal(signum, record);
        }
    }
}

/// Takes the pending termination signal, if one arrived since the last call.
pub fn take_signal() -> Option<c_int> {
    match PENDING.swap(0, Ordering::SeqCst) {
        0 => None,
        signum => Some(signum),
    }
}

/// Passes a signal on to a child started as the leader of its own process group, and so to
/// everything it started: cargo and the test binaries it runs. Signalling cargo alone would
/// leave those running on as orphans.
pub fn forward_to_group(signum: c_int, leader: &Child) {
    if let Ok(pgid) = c_int::try_from(leader.id()) {
        kill(-pgid, signum);
    }
}

pub fn running_as_root() -> bool {
    geteuid() == 0
}
