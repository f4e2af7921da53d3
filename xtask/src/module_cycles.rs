//! Tidy check: no import cycles between a crate's modules. A module that uses another which
//! uses it back cannot be understood, tested or moved alone (the web crate had three: report
//! rendering ↔ the API's report DTO, the public error ↔ its page, staff errors ↔ the layout).
//!
//! Modules are named by their file (`staff/errors.rs` → `staff::errors`); an edge is a
//! `crate::…` or `super::…` path in the file's code that names another module. Edges between a
//! module and its own ancestors are ignored: a parent declares its children, and children may
//! use what the parent defines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The module path of a file under `src` (`lib.rs` → "", `a/mod.rs` → "a", `a/b.rs` → "a::b").
pub fn module_of(relative: &Path) -> String {
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if !matches!(stem, "mod" | "lib" | "main") {
            parts.push(stem.to_owned());
        }
    }
    parts.join("::")
}

fn is_ancestor(a: &str, b: &str) -> bool {
    a.is_empty() || b.is_empty() || b.starts_with(&format!("{a}::")) || a.starts_with(&format!("{b}::"))
}

/// The modules a file's code names, resolved to the longest known module.
pub fn references(module: &str, text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let parent = |m: &str| m.rsplit_once("::").map_or(String::new(), |(p, _)| p.to_owned());
    let mut found = BTreeSet::new();
    for line in text.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
        let mut rest = line;
        while let Some(at) = rest.find("crate::").or_else(|| rest.find("super::")) {
            let tail = &rest[at..];
            let (mut base, path) = if let Some(p) = tail.strip_prefix("crate::") { (String::new(), p) } else { (parent(module), &tail["super::".len()..]) };
            let mut path = path;
            while let Some(p) = path.strip_prefix("super::") {
                base = parent(&base);
                path = p;
            }
            let segments: Vec<&str> = path.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).next().unwrap_or("").split("::").collect();
            let mut best = None;
            let mut candidate = base.clone();
            for segment in segments.iter().filter(|s| !s.is_empty()) {
                candidate = if candidate.is_empty() { (*segment).to_owned() } else { format!("{candidate}::{segment}") };
                if known.contains(&candidate) {
                    best = Some(candidate.clone());
                }
            }
            if let Some(target) = best
                && target != module
                && !is_ancestor(&target, module)
            {
                found.insert(target);
            }
            rest = &tail[7..];
        }
    }
    found
}

/// Every cycle (as "a → b → a"), given each module's references.
pub fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut found = BTreeSet::new();
    for start in graph.keys() {
        // Depth-first from `start`, reporting paths that come back to it.
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if next == start {
                    let mut cycle = path.clone();
                    // One report per cycle whatever module it is found from: rotate to its least name.
                    let least = cycle.iter().enumerate().min_by_key(|(_, m)| (*m).clone()).map_or(0, |(i, _)| i);
                    cycle.rotate_left(least);
                    let first = cycle[0].clone();
                    cycle.push(first);
                    found.insert(cycle.join(" → "));
                } else if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    found.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn files_name_modules() {
        assert_eq!(module_of(Path::new("lib.rs")), "");
        assert_eq!(module_of(Path::new("staff/mod.rs")), "staff");
        assert_eq!(module_of(Path::new("staff/catalogue/import.rs")), "staff::catalogue::import");
    }

    #[test]
    fn references_resolve_crate_and_super_paths_and_skip_ancestors() {
        let modules = known(&["staff", "staff::errors", "staff::layout", "api", "api::reports", "report_render"]);
        let text = "use super::layout::Layout;\nuse crate::report_render;\n// use crate::api::reports;\nfn f() { super::super::staff::errors::x(); crate::staff::y(); }";
        assert_eq!(references("staff::errors", text, &modules), known(&["report_render", "staff::layout"]));
    }

    #[test]
    fn a_cycle_is_reported_once() {
        let mut graph = BTreeMap::new();
        graph.insert("a".to_owned(), known(&["b"]));
        graph.insert("b".to_owned(), known(&["a", "c"]));
        graph.insert("c".to_owned(), known(&[]));
        assert_eq!(cycles(&graph), ["a → b → a"]);
        graph.insert("b".to_owned(), known(&["c"]));
        assert!(cycles(&graph).is_empty());
    }
}
