//! The real seed documents (Familiehuset's 2023 catalogue, the 2022 report, …) are not part of the
//! repository: they live in a folder beside it. Tests that need them find the folder at run time
//! through `FAMILIEHUS_SEEDS_DIR` (default `<workspace root>/../shared/seeds`) and are skipped,
//! with a message, when a document is missing — or fail under `FAMILIEHUS_TEST_REQUIRE_ALL=1`.
//!
//! Read at run time, not with `include_str!`, so that a clone without the folder still builds.

use std::path::{Path, PathBuf};

use crate::require;

/// Overrides where the seed documents are; a relative path is taken from the workspace root.
pub const SEEDS_DIR_VAR: &str = "FAMILIEHUS_SEEDS_DIR";

/// Familiehuset's catalogue approved 20 April 2023, as extracted from the PDF (17 services).
pub const CATALOGUE_2023: &str = "indsatskatalog-familiehuset-2023.txt";

/// The workspace root: this crate sits at `crates/test-support`.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The seeds folder: `FAMILIEHUS_SEEDS_DIR` if set, else `<workspace root>/../shared/seeds`.
pub fn dir() -> PathBuf {
    match std::env::var_os(SEEDS_DIR_VAR).filter(|dir| !dir.is_empty()) {
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("../shared/seeds"),
    }
}

/// The path of a seed document, or `None` after saying the test is skipped (a panic under
/// `FAMILIEHUS_TEST_REQUIRE_ALL=1`).
#[track_caller]
pub fn path(name: &str) -> Option<PathBuf> {
    let path = dir().join(name);
    if path.is_file() {
        return Some(path);
    }
    require::skip(&format!("seed document {} not found (set {SEEDS_DIR_VAR} to the folder that holds it)", path.display()));
    None
}

/// The text of a seed document, or `None` as for `path`.
#[track_caller]
pub fn read(name: &str) -> Option<String> {
    let path = path(name)?;
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) => panic!("reading seed document {}: {error}", path.display()),
    }
}
