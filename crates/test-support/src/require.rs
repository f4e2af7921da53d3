//! Parts of the suite that need something from outside Rust (PostgreSQL, a browser, the real
//! seed documents) are skipped when it is missing, so that a fresh clone's `cargo test` passes;
//! `cargo xtask test --all-required` sets `FAMILIEHUS_TEST_REQUIRE_ALL=1`, which turns every such
//! skip into a failure, so CI cannot pass by quietly running less.

/// Set to `1` by `cargo xtask test --all-required`.
pub const REQUIRE_ALL_VAR: &str = "FAMILIEHUS_TEST_REQUIRE_ALL";

/// Whether every part must run.
pub fn all_required() -> bool {
    std::env::var(REQUIRE_ALL_VAR).is_ok_and(|value| value == "1")
}

/// Reports on stderr that a test is skipped and why (`reason`, e.g. "no PostgreSQL (set …)");
/// with `FAMILIEHUS_TEST_REQUIRE_ALL=1` it panics with the same reason instead.
#[track_caller]
pub fn skip(reason: &str) {
    if all_required() {
        panic!("{REQUIRE_ALL_VAR}=1 but this test cannot run: {reason}");
    }
    eprintln!("skipped: {reason}");
}
