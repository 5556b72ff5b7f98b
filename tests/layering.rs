//! The module layers (docs/architecture.md), checked on the source: every top-level module of
//! `src/` may use only modules of a lower layer, so there is no import cycle and no arrow
//! running back up; and nothing below the HTTP edge names `actix_web` or `AppState`.
//!
//! References are read from the text: `crate::x` paths (also inside `use crate::{x, y}`) and
//! the crate's exported macros (`with_conn!`, defined in `db`). Comment lines are skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module and its layer, lowest first. A module may use only modules of a
/// strictly lower layer. A new module must be placed here.
const LAYERS: &[(&str, u8)] = &[
    // The product's values: nothing from the crate.
    ("domain", 0),
    ("error", 1),
    // Plumbing every service may use.
    ("background", 2),
    ("config", 2),
    ("pagination", 2),
    ("aws", 3),
    ("db", 3),
    ("redis_link", 3),
    ("telemetry", 3),
    ("kv", 4),
    // Services, each over the plumbing; `library` publishes `events`, `media` uses both
    // and closes documents through `collab`.
    ("auth", 5),
    ("collab", 5),
    ("events", 5),
    ("limits", 5),
    ("library", 6),
    ("media", 7),
    // Exports gather from the documents, the library and media.
    ("notes", 8),
    // The HTTP edge, and the composition root that builds everything.
    ("http", 9),
    ("startup", 10),
    ("lib", 11),
    ("main", 11),
];

/// Exported macros, by the module that defines them.
const MACROS: &[(&str, &str)] = &[
    ("with_conn", "db"),
    ("impl_for_backends", "db"),
    ("my_space_ids", "db"),
];

/// Modules that may speak actix-web and hold the whole application state.
const EDGE: &[&str] = &["http", "startup", "main"];

struct Use {
    from: String,
    to: String,
    at: String,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `src/media/uploads.rs` → `media`.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("a file under src");
    let first = relative.components().next().expect("a path");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_owned()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The modules a line names: `crate::x…`, `crate::{x, y::z}`, and exported macros.
fn named_modules(line: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + "crate::".len()..];
        rest = after;
        // `$crate::` is a macro's own path, not a use of the module it names.
        if before.is_some_and(|c| is_ident(c) || c == '$') {
            continue;
        }
        if let Some(group) = after.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let name: String = item.trim().chars().take_while(|&c| is_ident(c)).collect();
                names.push(name);
            }
        } else {
            names.push(after.chars().take_while(|&c| is_ident(c)).collect());
        }
    }
    for (mac, module) in MACROS {
        if line.contains(&format!("{mac}!")) {
            names.push((*module).to_owned());
        }
    }
    names.retain(|name| !name.is_empty() && name != "self");
    // `use crate::with_conn;` imports a macro by its crate-root name.
    for name in &mut names {
        if let Some((_, module)) = MACROS.iter().find(|(mac, _)| mac == name) {
            *name = (*module).to_owned();
        }
    }
    names
}

fn uses(src: &Path) -> (Vec<Use>, Vec<String>) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut uses = Vec::new();
    let mut edge_leaks = Vec::new();
    for file in &files {
        let module = module_of(src, file);
        let text = std::fs::read_to_string(file).expect("a readable source file");
        for (number, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            let at = format!("{}:{}", file.display(), number + 1);
            for to in named_modules(code) {
                if to != module {
                    uses.push(Use {
                        from: module.clone(),
                        to,
                        at: at.clone(),
                    });
                }
            }
            let names_edge = code.contains("AppState")
                || code
                    .match_indices("actix_web")
                    .any(|(i, _)| !code[i + "actix_web".len()..].starts_with(is_ident));
            if names_edge && !EDGE.contains(&module.as_str()) {
                edge_leaks.push(format!("{at}: {}", code.trim()));
            }
        }
    }
    (uses, edge_leaks)
}

/// Arrows that do not run strictly down the layers, as readable lines.
fn violations(uses: &[Use]) -> Vec<String> {
    let layer: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    for use_ in uses {
        let (Some(&from), Some(&to)) = (layer.get(use_.from.as_str()), layer.get(use_.to.as_str()))
        else {
            let unknown = if layer.contains_key(use_.from.as_str()) {
                &use_.to
            } else {
                &use_.from
            };
            if seen.insert(format!("unknown {unknown}")) {
                problems.push(format!(
                    "{}: module `{unknown}` has no layer; add it to LAYERS in tests/layering.rs",
                    use_.at
                ));
            }
            continue;
        };
        if to >= from && seen.insert(format!("{} -> {}", use_.from, use_.to)) {
            problems.push(format!(
                "{}: `{}` (layer {from}) uses `{}` (layer {to}); arrows must run down",
                use_.at, use_.from, use_.to
            ));
        }
    }
    problems
}

#[test]
fn modules_use_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (uses, _) = uses(&src);
    assert!(
        uses.len() > 100,
        "the reader found only {} references",
        uses.len()
    );
    let problems = violations(&uses);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn only_the_http_edge_speaks_actix_web_and_holds_app_state() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (_, leaks) = uses(&src);
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}

/// The check itself: a back edge (a service using the HTTP edge) and a cycle are caught.
#[test]
fn a_back_edge_is_reported() {
    let uses = [
        ("library", "http"),
        ("db", "error"),
        ("error", "db"),
        ("media", "library"),
    ]
    .map(|(from, to)| Use {
        from: from.into(),
        to: to.into(),
        at: "here".into(),
    });
    let problems = violations(&uses);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("`library` (layer 6) uses `http`"));
    assert!(problems[1].contains("`error` (layer 1) uses `db`"));
}

#[test]
fn references_are_read_from_paths_groups_and_macros() {
    assert_eq!(named_modules("use crate::db::Db;"), ["db"]);
    assert_eq!(
        named_modules("use crate::{config::Settings, kv};"),
        ["config", "kv"]
    );
    assert_eq!(named_modules("let x = with_conn!(db, |c| 1);"), ["db"]);
    assert!(named_modules("$crate::db::schema::videos").is_empty());
    assert_eq!(named_modules("use crate::with_conn;"), ["db"]);
    assert_eq!(
        named_modules("Err(crate::error::ApiError::new(…))"),
        ["error"]
    );
}
