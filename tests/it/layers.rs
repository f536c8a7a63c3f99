//! The architecture as a test: each folder of `src/` imports only the layers
//! below it (DESIGN §4.1), and the core never reaches the terminal.
//!
//! A module's layer is its first path component under `src/` (`src/query/run.rs`
//! and `src/query.rs` are both `query`). The test reads every `.rs` file and
//! collects each `crate::NAME` path, so `use crate::{app, ui}` style imports
//! and inline `crate::ui::draw(..)` calls are both seen.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Layers from the bottom up; a module may import only modules of a lower rank.
/// Names not yet in the tree (`text`, `files`) are listed so that the
/// moves of the reshuffle keep the rule without editing this table.
const RANKS: &[(&str, u8)] = &[
    ("text", 0),
    ("files", 0),
    ("catalogue", 1),
    ("query", 2),
    ("bookmarks", 2),
    ("profile", 3),
    ("cache", 3),
    ("report", 3),
    ("app", 5),
    ("config", 6),
    // The I/O half of the bookmark keys and `E` (saves, the wait for a
    // busy lock, the export): it turns their outcomes into app actions.
    ("saver", 6),
    ("ui", 7),
    ("tui", 8),
    ("cli", 8),
];

/// Folders that must never know of a terminal library.
const CORE: &[&str] = &[
    "text",
    "files",
    "catalogue",
    "query",
    "bookmarks",
    "profile",
    "cache",
    "report",
];

fn rank(name: &str) -> Option<u8> {
    RANKS.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The layer a file belongs to: `src/query/run.rs` → `query`, `src/tui.rs` → `tui`.
fn layer_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

/// Every `crate::NAME` and `use crate::{NAME, ...}` in the code, with its line.
fn crate_imports(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                for part in inner.split(',') {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.push((n + 1, name));
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push((n + 1, name));
                }
            }
        }
    }
    out
}

/// Problems found in the tree under `src`: one line each.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let Some(layer) = layer_of(src, file) else {
            continue;
        };
        if layer == "main" || layer == "lib" {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(file) else {
            problems.push(format!("{}: cannot be read", file.display()));
            continue;
        };
        // Only the code above the unit tests counts: tests may reach anywhere.
        let code = text.split("#[cfg(test)]").next().unwrap_or(&text);
        let Some(own) = rank(&layer) else {
            problems.push(format!(
                "{}: the folder `{layer}` has no place in the layer table of tests/it/layers.rs",
                file.display()
            ));
            continue;
        };
        for (line, name) in crate_imports(code) {
            if name == layer {
                continue;
            }
            match rank(&name) {
                Some(r) if r < own => {}
                Some(_) => problems.push(format!(
                    "{}:{line}: `{layer}` imports `{name}`, which is not below it",
                    file.display()
                )),
                None => {}
            }
        }
        if CORE.contains(&layer.as_str()) {
            for (n, l) in code.lines().enumerate() {
                let l = l.split("//").next().unwrap_or("");
                if l.contains("ratatui") || l.contains("crossterm") {
                    problems.push(format!(
                        "{}:{}: the core folder `{layer}` names a terminal library",
                        file.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn every_folder_imports_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = violations(&src);
    assert!(problems.is_empty(), "layering:\n{}", problems.join("\n"));
}

#[test]
fn the_check_sees_an_upward_import_and_a_terminal_library_in_the_core() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("query")).expect("mkdir");
    std::fs::create_dir_all(src.join("ui")).expect("mkdir");
    std::fs::write(
        src.join("query").join("run.rs"),
        "use crate::{catalogue, app::State};\nuse ratatui::text::Line;\n",
    )
    .expect("write");
    std::fs::write(src.join("ui").join("mod.rs"), "use crate::app::State;\n").expect("write");
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for p in violations(&src) {
        let kind = if p.contains("imports `app`") {
            "upward"
        } else if p.contains("terminal library") {
            "terminal"
        } else {
            "other"
        };
        *by_kind.entry(kind).or_default() += 1;
    }
    assert_eq!(by_kind.get("upward"), Some(&1), "{by_kind:?}");
    assert_eq!(by_kind.get("terminal"), Some(&1), "{by_kind:?}");
    assert_eq!(by_kind.get("other"), None, "{by_kind:?}");
}
