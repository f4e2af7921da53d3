//! Tidy checks over the source tree, run by `cargo xtask test` before the tests (after
//! rust-analyzer's `xtask/src/tidy.rs`): rules a reviewer would otherwise have to remember.
//!
//! - Every `.rs` file under `crates/` starts with a `//!` comment saying what it owns.
//! - `include_str!` / `include_bytes!` never reach outside their own crate's directory, so each
//!   crate builds from its own files (a fresh clone has no `../shared`; a package has no
//!   sibling crates).
//! - No crate has import cycles between its modules (`module_cycles.rs`).

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};

/// The problems found under `root/crates`, one line each (empty when tidy).
pub fn check(root: &Path) -> Result<Vec<String>> {
    let mut files = Vec::new();
    rust_files(&root.join("crates"), &mut files)?;
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        let shown = file.strip_prefix(root).unwrap_or(file).display().to_string();
        if !starts_with_module_doc(&text) {
            problems.push(format!("{shown}: does not start with a `//!` comment saying what the module owns"));
        }
        let crate_dir = crate_dir(file).unwrap_or_else(|| root.to_path_buf());
        let file_dir = file.parent().unwrap_or(root);
        for (line, include) in includes(&text) {
            let target = match include {
                Include::FromFile(path) => file_dir.join(path),
                Include::FromManifestDir(path) => crate_dir.join(path.trim_start_matches('/')),
                Include::Unreadable(argument) => {
                    problems.push(format!("{shown}:{line}: cannot check where `{argument}` points; use a string literal"));
                    continue;
                }
            };
            if !normalise(&target).starts_with(normalise(&crate_dir)) {
                problems.push(format!("{shown}:{line}: includes {} from outside its crate; read it at run time instead", target.display()));
            }
        }
    }
    problems.extend(module_cycle_problems(root)?);
    Ok(problems)
}

/// Import cycles between the modules of each crate under `crates/`.
fn module_cycle_problems(root: &Path) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for entry in fs::read_dir(root.join("crates")).context("reading crates/")? {
        let src = entry?.path().join("src");
        if !src.is_dir() {
            continue;
        }
        let mut files = Vec::new();
        rust_files(&src, &mut files)?;
        let modules: Vec<(String, PathBuf)> = files.into_iter().map(|f| (crate::module_cycles::module_of(f.strip_prefix(&src).unwrap_or(&f)), f)).collect();
        let known: std::collections::BTreeSet<String> = modules.iter().map(|(m, _)| m.clone()).collect();
        let mut graph = std::collections::BTreeMap::new();
        for (module, file) in &modules {
            let text = fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
            graph.insert(module.clone(), crate::module_cycles::references(module, &text, &known));
        }
        let shown = src.strip_prefix(root).unwrap_or(&src).display().to_string();
        for cycle in crate::module_cycles::cycles(&graph) {
            problems.push(format!("{shown}: modules import each other: {cycle}"));
        }
    }
    Ok(problems)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_dir() {
            // Build output and hidden folders are not source.
            if name != "target" && !name.starts_with('.') {
                rust_files(&path, out)?;
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
    Ok(())
}

fn starts_with_module_doc(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').starts_with("//!")
}

/// The nearest directory above `file` with a `Cargo.toml`.
fn crate_dir(file: &Path) -> Option<PathBuf> {
    file.ancestors().skip(1).find(|dir| dir.join("Cargo.toml").is_file()).map(Path::to_path_buf)
}

/// `a/b/../c` → `a/c`, without touching the file system (the target may not exist).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[derive(Debug, PartialEq, Eq)]
enum Include {
    /// `include_str!("x")`: relative to the including file.
    FromFile(String),
    /// `include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/x"))`: relative to the crate.
    FromManifestDir(String),
    /// Anything else: a path we cannot resolve here.
    Unreadable(String),
}

/// The include macros in code (not in comments), with their 1-based line numbers.
fn includes(text: &str) -> Vec<(usize, Include)> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for name in ["include_str!(", "include_bytes!("] {
            let mut rest = code;
            while let Some(at) = rest.find(name) {
                rest = &rest[at + name.len()..];
                let argument = rest.split(';').next().unwrap_or(rest).trim_end_matches([')', ' ', ',']);
                found.push((number + 1, parse_argument(argument)));
            }
        }
    }
    found
}

fn parse_argument(argument: &str) -> Include {
    let literals: Vec<&str> = argument.split('"').skip(1).step_by(2).collect();
    let unreadable = || Include::Unreadable(argument.to_owned());
    if argument.starts_with('"') && literals.len() == 1 {
        Include::FromFile(literals[0].to_owned())
    } else if argument.starts_with("concat!(env!(\"CARGO_MANIFEST_DIR\")") && literals.len() == 2 {
        Include::FromManifestDir(literals[1].to_owned())
    } else {
        unreadable()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_arguments_are_read() {
        let text = "//! Doc.\nconst A: &str = include_str!(\"../x.txt\");\n// include_str!(\"/etc/passwd\") in a comment\nconst B: &[u8] = include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/f/b.bin\"));\nconst C: &str = include_str!(PATH);\n";
        let found = includes(text);
        assert_eq!(
            found,
            [(2, Include::FromFile("../x.txt".into())), (4, Include::FromManifestDir("/f/b.bin".into())), (5, Include::Unreadable("PATH".into())),]
        );
    }

    #[test]
    fn paths_are_normalised_lexically() {
        assert_eq!(normalise(Path::new("/w/crates/web/src/../../../shared/x")), Path::new("/w/shared/x"));
        assert!(!normalise(Path::new("/w/crates/web/src/../../shared")).starts_with("/w/crates/web"));
        assert!(normalise(Path::new("/w/crates/web/src/./../templates/a.css")).starts_with("/w/crates/web"));
    }

    #[test]
    fn module_docs_are_required_first() {
        assert!(starts_with_module_doc("//! Owns x.\n"));
        assert!(!starts_with_module_doc("use x;\n//! late\n"));
        assert!(!starts_with_module_doc("/// item doc\n"));
    }

    #[test]
    fn the_workspace_is_tidy() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let problems = check(&root).expect("tidy check runs");
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
