//! Checkpoints of the access log's chain head, MAC'd with a key kept outside the database, and
//! the pure check of a stored chain against them.
//!
//! The hash chain alone only proves that the stored rows agree with each other: whoever can
//! edit the database can delete its tail, delete everything, or rewrite a row and recompute
//! every later hash. A checkpoint records "the chain had `entries` entries ending in `head`"
//! with an HMAC-SHA256 under a key the database never sees, so without the key none of these
//! can be made to agree with the checkpoints again. What it cannot see: entries appended after
//! the newest checkpoint (the tail since then can be removed or rewritten unnoticed), and
//! entries added to the log (a forged extra entry is not a hidden read).
//!
//! No I/O: the store reads the rows and the checkpoint file and hands them to `verify_log`.

use crate::audit::{AuditContent, GENESIS, chain_hash};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The length of the key, in bytes (HMAC-SHA256's block-sized key needs no more).
pub const KEY_LEN: usize = 32;

/// The server's checkpoint key. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey([u8; KEY_LEN]);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(…)")
    }
}

/// A key of the wrong length (a truncated or foreign key file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an access-log key is {KEY_LEN} bytes, this one is {found}")]
pub struct KeyLengthError {
    pub found: usize,
}

impl AuditKey {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyLengthError> {
        <[u8; KEY_LEN]>::try_from(bytes).map(AuditKey).map_err(|_| KeyLengthError { found: bytes.len() })
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC takes a key of any length, so this cannot fail for our 32 bytes.
        <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
    }
}

/// A periodic checkpoint, or the record that a backup was restored (which legitimately moves
/// the head back, so checkpoints of the discarded timeline no longer apply).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckpointKind {
    Checkpoint,
    Restore,
}

impl CheckpointKind {
    pub fn code(self) -> &'static str {
        match self {
            CheckpointKind::Checkpoint => "checkpoint",
            CheckpointKind::Restore => "restore",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "checkpoint" => Some(CheckpointKind::Checkpoint),
            "restore" => Some(CheckpointKind::Restore),
            _ => None,
        }
    }
}

/// The chain's head at a moment: `entries` events, the last with id `last_id` (0 for none) and
/// hash `head`, at `at` (RFC 3339, UTC), and the MAC over all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub kind: CheckpointKind,
    pub entries: u64,
    pub last_id: i64,
    pub head: String,
    pub at: String,
    pub mac: String,
}

impl Checkpoint {
    /// A checkpoint MAC'd with `key`.
    pub fn sign(key: &AuditKey, kind: CheckpointKind, entries: u64, last_id: i64, head: &str, at: &str) -> Self {
        let mut c = Checkpoint { kind, entries, last_id, head: head.to_owned(), at: at.to_owned(), mac: String::new() };
        c.mac = hex::encode(c.mac_of(key).finalize().into_bytes());
        c
    }

    /// Whether the MAC was made with `key` over these fields (compared in constant time).
    pub fn mac_valid(&self, key: &AuditKey) -> bool {
        match hex::decode(&self.mac) {
            Ok(bytes) => self.mac_of(key).verify_slice(&bytes).is_ok(),
            Err(_) => false,
        }
    }

    fn mac_of(&self, key: &AuditKey) -> Hmac<Sha256> {
        let mut mac = key.mac();
        // A version tag and unit separators, so no two different checkpoints serialise alike.
        let entries = self.entries.to_string();
        let last_id = self.last_id.to_string();
        for part in ["familiehus-audit-checkpoint-v1", self.kind.code(), &entries, &last_id, &self.head, &self.at] {
            mac.update(part.as_bytes());
            mac.update(&[0x1f]);
        }
        mac
    }

    /// The same checkpoint (all fields equal, MAC included).
    fn same(&self, other: &Checkpoint) -> bool {
        self == other
    }
}

/// Where a checkpoint was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The append-only file outside the database (the authoritative copy): position is its line.
    File,
    /// The database's copy (`audit_checkpoints`): position is its row in id order.
    Database,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Source::File => "the checkpoint file",
            Source::Database => "the database",
        })
    }
}

/// What is wrong with the access log. Each names what was found, so an operator knows where
/// to look; the CLI prints them as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditProblem {
    #[error("entry {event_id} does not match its hash: it was changed, or entries before it were removed")]
    ChainBroken { event_id: i64 },
    #[error("the log has {entries} entries but there is no checkpoint at all")]
    NoCheckpoint { entries: u64 },
    #[error("the checkpoint file is missing")]
    CheckpointFileMissing,
    #[error("{copy}: record {position} is not a checkpoint")]
    Unreadable { copy: Source, position: usize },
    #[error("no checkpoint in {copy} has a valid MAC under this key: wrong key file, or forged checkpoints")]
    KeyMismatch { copy: Source },
    #[error("checkpoint {position} in {copy} has an invalid MAC: changed or forged")]
    BadMac { copy: Source, position: usize },
    #[error("entries missing after entry {last_id}: the log has {entries} entries, the checkpoint of {at} says {expected}")]
    MissingTail { entries: u64, last_id: i64, expected: u64, at: String },
    #[error("the chain was rewritten within entries {after}–{upto}: the checkpoint of {at} says entry {upto} is id {expected_id} with another hash")]
    Rewritten { after: u64, upto: u64, expected_id: i64, at: String },
    #[error("the database's checkpoints differ from the checkpoint file: {only_in_file} only in the file, {only_in_database} only in the database")]
    DatabaseDiffers { only_in_file: usize, only_in_database: usize },
}

/// One stored event as the check needs it: id, content, stored hash.
pub type StoredEvent<'a> = (i64, AuditContent<'a>, &'a str);

/// What `verify_log` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    /// Events in the log.
    pub entries: u64,
    /// Events covered by the newest checkpoint; the rest are the unprotected tail.
    pub covered: u64,
    /// Checkpoints the log was checked against (those of the current timeline).
    pub checkpoints: usize,
    /// Of those, the database's newest that are not in the file (yet).
    pub pending: usize,
    /// Empty when the log is intact.
    pub problems: Vec<AuditProblem>,
}

/// The checkpoints that apply to the current timeline, in file order: a restore record drops
/// the checkpoints before it that lie beyond the restored head (their entries were rolled back
/// on purpose) and applies itself.
pub fn current_timeline(checkpoints: &[Checkpoint]) -> Vec<Checkpoint> {
    let mut timeline: Vec<Checkpoint> = Vec::new();
    for c in checkpoints {
        if c.kind == CheckpointKind::Restore {
            timeline.retain(|earlier| earlier.entries <= c.entries);
        }
        timeline.push(c.clone());
    }
    timeline
}

/// Checks the chain, the checkpoint file (`None`: missing) and the database's checkpoints.
/// Unreadable lines are reported by the reader; here every checkpoint is well-formed.
pub fn verify_log<'a>(key: &AuditKey, events: impl IntoIterator<Item = StoredEvent<'a>>, file: Option<&[Checkpoint]>, db: &[Checkpoint]) -> AuditReport {
    let mut problems = Vec::new();

    // The chain itself: each hash against its content and the stored hash before it.
    let mut heads: Vec<(i64, String)> = Vec::new();
    let mut previous = GENESIS.to_owned();
    for (id, content, stored) in events {
        if problems.is_empty() && chain_hash(&previous, &content) != stored {
            problems.push(AuditProblem::ChainBroken { event_id: id });
        }
        previous = stored.to_owned();
        heads.push((id, previous.clone()));
    }
    let entries = heads.len() as u64;

    let file_valid = file.map(|f| valid(key, f, Source::File, &mut problems));
    let db_valid = valid(key, db, Source::Database, &mut problems);
    if file.is_none() {
        problems.push(AuditProblem::CheckpointFileMissing);
    }
    let key_mismatch = problems.iter().any(|p| matches!(p, AuditProblem::KeyMismatch { .. }));

    // The file is authoritative; without it, the database's copy is still worth checking.
    let mut timeline = current_timeline(file_valid.as_deref().unwrap_or(&db_valid));
    // Compared as timelines: checkpoints of a discarded timeline may be in the file only.
    let mut pending = 0;
    if file_valid.is_some() {
        let mut db_timeline = current_timeline(&db_valid);
        // A restore recorded in both copies vouches for the head it names (the restored
        // database was checked against its own checkpoints first), so only what follows it is
        // compared: a backup restored on another machine brings checkpoints its file never had.
        // Those older ones are still checked against the chain.
        let restore = timeline.iter().rposition(|c| c.kind == CheckpointKind::Restore && db_timeline.iter().any(|d| d.same(c)));
        if let Some(r) = restore {
            let d = db_timeline.iter().position(|d| d.same(&timeline[r])).unwrap_or(0);
            let older: Vec<Checkpoint> = db_timeline.drain(..d).filter(|o| !timeline.iter().any(|c| c.same(o))).collect();
            timeline.splice(0..0, older);
        }
        let compared_from = timeline.iter().position(|c| db_timeline.first().is_some_and(|d| d.same(c))).filter(|_| restore.is_some()).unwrap_or(0);
        let file_part = timeline[compared_from..].to_vec();
        let in_file = |d: &Checkpoint| file_part.iter().any(|c| c.same(d));
        // The database's newest checkpoints may not be in the file yet: the file is written
        // just after the commit (a verify beside the live server, or a crash in between).
        // Their MACs are valid, so they are checked against the chain, not counted as a difference.
        let shared_until = db_timeline.iter().rposition(in_file).map_or(0, |i| i + 1);
        let newer: Vec<Checkpoint> = db_timeline[shared_until..].to_vec();
        let only_in_file = file_part.iter().filter(|c| !db_timeline.iter().any(|d| d.same(c))).count();
        let only_in_database = db_timeline[..shared_until].iter().filter(|d| !in_file(d)).count();
        if only_in_file + only_in_database > 0 {
            problems.push(AuditProblem::DatabaseDiffers { only_in_file, only_in_database });
        }
        pending = newer.len();
        timeline.extend(newer);
    }

    let mut sorted = timeline.clone();
    sorted.sort_by_key(|c| c.entries);
    if let Some(newest) = sorted.last().filter(|c| c.entries > entries) {
        let last_id = heads.last().map_or(0, |(id, _)| *id);
        problems.push(AuditProblem::MissingTail { entries, last_id, expected: newest.entries, at: newest.at.clone() });
    }
    let mut after = 0;
    for c in &sorted {
        if c.entries > entries {
            break;
        }
        let at_head = match c.entries {
            0 => c.last_id == 0 && c.head == GENESIS,
            n => heads.get(n as usize - 1).is_some_and(|(id, hash)| *id == c.last_id && *hash == c.head),
        };
        if !at_head {
            problems.push(AuditProblem::Rewritten { after, upto: c.entries, expected_id: c.last_id, at: c.at.clone() });
            break;
        }
        after = c.entries;
    }
    if entries > 0 && timeline.is_empty() && !key_mismatch {
        problems.push(AuditProblem::NoCheckpoint { entries });
    }
    let covered = sorted.last().map_or(0, |c| c.entries.min(entries));
    AuditReport { entries, covered, checkpoints: timeline.len(), pending, problems }
}

/// The checkpoints with a valid MAC; the others are reported (all invalid: the key is wrong).
fn valid(key: &AuditKey, checkpoints: &[Checkpoint], copy: Source, problems: &mut Vec<AuditProblem>) -> Vec<Checkpoint> {
    let valid: Vec<Checkpoint> = checkpoints.iter().filter(|c| c.mac_valid(key)).cloned().collect();
    if valid.is_empty() && !checkpoints.is_empty() {
        problems.push(AuditProblem::KeyMismatch { copy });
    } else {
        for (i, c) in checkpoints.iter().enumerate() {
            if !c.mac_valid(key) {
                problems.push(AuditProblem::BadMac { copy, position: i + 1 });
            }
        }
    }
    valid
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> AuditKey {
        AuditKey::from_bytes(&[byte; KEY_LEN]).expect("32 bytes")
    }

    fn content(detail: &str) -> AuditContent<'_> {
        AuditContent { at: "2026-11-25T08:00:00Z", user_id: Some(1), action: "read_case", person_id: None, case_id: Some(3), detail, remote: "" }
    }

    /// A chain of `n` events with details "0", "1", …: (id, detail, hash).
    fn chain(n: usize) -> Vec<(i64, String, String)> {
        let mut previous = GENESIS.to_owned();
        (0..n)
            .map(|i| {
                let detail = i.to_string();
                previous = chain_hash(&previous, &content(&detail));
                (i as i64 + 1, detail, previous.clone())
            })
            .collect()
    }

    fn events(chain: &[(i64, String, String)]) -> Vec<StoredEvent<'_>> {
        chain.iter().map(|(id, detail, hash)| (*id, content(detail), hash.as_str())).collect()
    }

    fn checkpoint_at(key: &AuditKey, chain: &[(i64, String, String)], n: usize) -> Checkpoint {
        let (id, hash) = chain.get(n.wrapping_sub(1)).map_or((0, GENESIS), |(id, _, h)| (*id, h.as_str()));
        Checkpoint::sign(key, CheckpointKind::Checkpoint, n as u64, id, hash, "2026-11-25T08:01:00Z")
    }

    #[test]
    fn an_intact_log_with_checkpoints_has_no_problems() {
        let k = key(1);
        let c = chain(10);
        let cps = vec![checkpoint_at(&k, &c, 4), checkpoint_at(&k, &c, 8)];
        let report = verify_log(&k, events(&c), Some(&cps), &cps);
        assert_eq!(report, AuditReport { entries: 10, covered: 8, checkpoints: 2, pending: 0, problems: vec![] });
    }

    #[test]
    fn a_removed_tail_is_named() {
        let k = key(1);
        let c = chain(10);
        let cps = vec![checkpoint_at(&k, &c, 8)];
        let report = verify_log(&k, events(&c[..5]), Some(&cps), &cps);
        assert_eq!(report.problems, vec![AuditProblem::MissingTail { entries: 5, last_id: 5, expected: 8, at: "2026-11-25T08:01:00Z".into() }]);
    }

    #[test]
    fn a_rehashed_chain_is_named_between_checkpoints() {
        let k = key(1);
        let c = chain(10);
        let cps = vec![checkpoint_at(&k, &c, 4), checkpoint_at(&k, &c, 8)];
        // Rewrite entry 6 and recompute every hash: the chain agrees with itself again.
        let mut forged = c.clone();
        forged[5].1 = "forged".into();
        let mut previous = forged[4].2.clone();
        for e in &mut forged[5..] {
            previous = chain_hash(&previous, &content(&e.1));
            e.2 = previous.clone();
        }
        let report = verify_log(&k, events(&forged), Some(&cps), &cps);
        assert_eq!(report.problems, vec![AuditProblem::Rewritten { after: 4, upto: 8, expected_id: 8, at: "2026-11-25T08:01:00Z".into() }]);
    }

    #[test]
    fn a_wrong_key_and_a_forged_checkpoint_are_named() {
        let c = chain(3);
        let cps = vec![checkpoint_at(&key(1), &c, 3)];
        let report = verify_log(&key(2), events(&c), Some(&cps), &cps);
        assert_eq!(report.problems, vec![AuditProblem::KeyMismatch { copy: Source::File }, AuditProblem::KeyMismatch { copy: Source::Database }]);
        let mut forged = vec![checkpoint_at(&key(1), &c, 2), checkpoint_at(&key(1), &c, 3)];
        forged[1].entries = 2;
        let report = verify_log(&key(1), events(&c), Some(&forged), &forged[..1]);
        assert_eq!(report.problems, vec![AuditProblem::BadMac { copy: Source::File, position: 2 }]);
    }

    #[test]
    fn entries_without_any_checkpoint_or_file_are_named() {
        let c = chain(2);
        assert_eq!(verify_log(&key(1), events(&c), Some(&[]), &[]).problems, vec![AuditProblem::NoCheckpoint { entries: 2 }]);
        assert_eq!(verify_log(&key(1), events(&[]), Some(&[]), &[]).problems, vec![], "an empty log needs no checkpoint");
        let cps = vec![checkpoint_at(&key(1), &c, 2)];
        assert_eq!(verify_log(&key(1), events(&c), None, &cps).problems, vec![AuditProblem::CheckpointFileMissing]);
    }

    #[test]
    fn database_checkpoints_must_match_the_file() {
        let k = key(1);
        let c = chain(6);
        let file = vec![checkpoint_at(&k, &c, 2), checkpoint_at(&k, &c, 4), checkpoint_at(&k, &c, 6)];
        let report = verify_log(&k, events(&c), Some(&file), &file[..2]);
        assert_eq!(report.problems, vec![AuditProblem::DatabaseDiffers { only_in_file: 1, only_in_database: 0 }]);
        // The database's newest not yet in the file: checked against the chain, not a difference.
        let report = verify_log(&k, events(&c), Some(&file[..2]), &file);
        assert_eq!((report.problems.clone(), report.pending, report.covered), (vec![], 1, 6));
        let report = verify_log(&k, events(&c[..5]), Some(&file[..2]), &file);
        assert!(matches!(report.problems.as_slice(), [AuditProblem::MissingTail { expected: 6, .. }]), "{report:?}");
        // One missing in the middle is a difference.
        let db = [file[0].clone(), file[2].clone()];
        let report = verify_log(&k, events(&c), Some(&file[..2]), &db);
        assert_eq!(report.problems, vec![AuditProblem::DatabaseDiffers { only_in_file: 1, only_in_database: 0 }]);
    }

    #[test]
    fn a_restore_discards_the_checkpoints_beyond_it() {
        let k = key(1);
        let c = chain(8);
        let restored = Checkpoint { kind: CheckpointKind::Restore, ..checkpoint_at(&k, &c, 4) };
        let restored = Checkpoint::sign(&k, restored.kind, restored.entries, restored.last_id, &restored.head, &restored.at);
        // The live log reached 8 entries, then a backup taken at 4 was restored and 2 more came.
        let file = vec![checkpoint_at(&k, &c, 2), checkpoint_at(&k, &c, 8), restored.clone(), checkpoint_at(&k, &c, 6)];
        let db = vec![checkpoint_at(&k, &c, 2), restored, checkpoint_at(&k, &c, 6)];
        let report = verify_log(&k, events(&c[..6]), Some(&file), &db);
        assert_eq!(report.problems, vec![]);
        assert_eq!((report.entries, report.covered, report.checkpoints), (6, 6, 3));
        // Restored on another machine: the file starts with the restore.
        let report = verify_log(&k, events(&c[..6]), Some(&file[2..]), &db);
        assert_eq!((report.problems, report.checkpoints), (vec![], 3));
        // The older checkpoints still guard the chain before the restore.
        let mut forged = c[..6].to_vec();
        forged[1].2 = "0".repeat(64);
        let report = verify_log(&k, events(&forged), Some(&file[2..]), &db);
        assert!(report.problems.iter().any(|p| matches!(p, AuditProblem::Rewritten { upto: 2, .. })), "{report:?}");
    }

    #[test]
    fn keys_have_one_length_and_never_print() {
        assert_eq!(AuditKey::from_bytes(&[0; 31]), Err(KeyLengthError { found: 31 }));
        assert_eq!(format!("{:?}", key(7)), "AuditKey(…)");
    }
}
