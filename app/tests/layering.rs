//! The crate's import layering, read from its own source files: which module refers to
//! which (`crate::…`, `super::…`, `self::…` and child-module paths, in `use` lines and in
//! code alike; comments and string literals are skipped), then the rules below.
//!
//! The layers, lowest first: the record's vocabulary (`model`, `i18n`, `filters`, `forms`,
//! `error`, `scale`) ← the account side's types (`account`) ← the published record's write
//! path (`ssr::record`) ← the account side's logic (`ssr::account`) ← the pages' server
//! functions (`account::api`) ← the pages (`routes`, `components`). A module may refer only
//! downwards, and no module of the account side may sit on an import circle.
//!
//! When this fails, it names the edge or the circle: move the shared piece down a layer
//! (a type into `account`, a query into `ssr::record`) instead of importing upwards.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// `(from, to)`: no module matching `from` may refer to a module matching `to` (a pattern
/// matches the module itself and everything below it, except `account`, which is the types
/// alone: see [`matches`]).
const FORBIDDEN: &[(&str, &str)] = &[
    // The vocabulary knows nothing of accounts, the server or the pages.
    ("model", "account"),
    ("model", "ssr"),
    ("model", "routes"),
    ("model", "components"),
    ("i18n", "account"),
    ("i18n", "ssr"),
    ("i18n", "routes"),
    ("i18n", "components"),
    ("filters", "account"),
    ("filters", "ssr"),
    ("filters", "routes"),
    ("filters", "components"),
    ("forms", "account"),
    ("forms", "ssr"),
    ("forms", "routes"),
    ("forms", "components"),
    ("error", "account"),
    ("error", "ssr"),
    ("error", "routes"),
    ("error", "components"),
    // The account types are shared by server and browser: no server code, no pages.
    ("account", "ssr"),
    ("account", "account::api"),
    ("account", "api"),
    ("account", "routes"),
    ("account", "components"),
    // Server-only code never calls the pages' server functions nor renders pages.
    ("ssr", "account::api"),
    ("ssr", "routes"),
    ("ssr", "components"),
    // The record's write path sits below the account logic.
    ("ssr::record", "ssr::account"),
    // The account logic is called by the server functions, not the other way round.
    ("ssr::account", "api"),
];

/// The account side and what it stands on: none of these may be on an import circle (a
/// module's references to its own submodules do not count).
const ACYCLIC: &[&str] = &[
    "account",
    "account::api",
    "ssr::account",
    "ssr::record",
    "ssr::db",
    "model",
    "i18n",
    "filters",
    "forms",
    "error",
];

/// Whether module `module` falls under `pattern`: the module itself or one below it. The
/// pattern `account` (the shared types) matches `account` and its submodules except
/// `account::api`, which is a layer of its own.
fn matches(module: &str, pattern: &str) -> bool {
    let under = module == pattern
        || module
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with("::"));
    under && !(pattern == "account" && matches(module, "account::api"))
}

/// Every source file under `src`, keyed by its module path (`ssr::account::auth`; `""`
/// for `lib.rs`).
fn read_sources(src: &Path) -> BTreeMap<String, String> {
    fn walk(dir: &Path, src: &Path, out: &mut BTreeMap<String, String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, src, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(src).unwrap().with_extension("");
                let mut parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                    parts.pop();
                }
                out.insert(parts.join("::"), fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(src, src, &mut out);
    out
}

/// The source without comments, string literals and character literals (each replaced by
/// a space), so only code is left.
fn code_only(source: &str) -> Vec<char> {
    let s: Vec<char> = source.chars().collect();
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let at = |j: usize| s.get(j).copied().unwrap_or('\0');
        if at(i) == '/' && at(i + 1) == '/' {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
        } else if at(i) == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < s.len() {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if at(i) == 'r'
            && (at(i + 1) == '"' || at(i + 1) == '#')
            && !(i > 0 && is_ident(s[i - 1]))
        {
            let mut j = i + 1;
            let mut hashes = 0;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            if at(j) != '"' {
                out.push(s[i]);
                i += 1;
                continue;
            }
            j += 1;
            'raw: while j < s.len() {
                if s[j] == '"' && (1..=hashes).all(|h| at(j + h) == '#') {
                    j += 1 + hashes;
                    break 'raw;
                }
                j += 1;
            }
            i = j;
            out.push(' ');
        } else if at(i) == '"' {
            i += 1;
            while i < s.len() && s[i] != '"' {
                i += if s[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push(' ');
        } else if at(i) == '\'' && at(i + 1) == '\\' {
            i += 2;
            while i < s.len() && s[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push(' ');
        } else if at(i) == '\'' && at(i + 2) == '\'' {
            i += 3;
            out.push(' ');
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths that start at `i` (`a::b::{c, d::e}` gives `a::b::c` and `a::b::d::e`).
fn paths_at(s: &[char], i: &mut usize) -> Vec<Vec<String>> {
    let skip_space = |i: &mut usize| {
        while *i < s.len() && s[*i].is_whitespace() {
            *i += 1;
        }
    };
    let mut prefix = Vec::new();
    loop {
        skip_space(i);
        if *i < s.len() && s[*i] == '{' {
            *i += 1;
            let mut all = Vec::new();
            loop {
                skip_space(i);
                if *i >= s.len() || s[*i] == '}' {
                    *i += 1;
                    break;
                }
                if s[*i] == ',' {
                    *i += 1;
                    continue;
                }
                let before = *i;
                for tail in paths_at(s, i) {
                    all.push(prefix.iter().cloned().chain(tail).collect());
                }
                if *i == before {
                    *i += 1;
                }
            }
            return all;
        }
        let start = *i;
        while *i < s.len() && is_ident(s[*i]) {
            *i += 1;
        }
        if *i == start {
            return vec![prefix];
        }
        prefix.push(s[start..*i].iter().collect());
        let mut j = *i;
        while j < s.len() && s[j].is_whitespace() {
            j += 1;
        }
        if s.get(j) == Some(&':') && s.get(j + 1) == Some(&':') {
            *i = j + 2;
        } else {
            return vec![prefix];
        }
    }
}

/// Which modules each module refers to (itself left out; `mod x;` declarations are not
/// references).
fn graph(sources: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let known: BTreeSet<&str> = sources.keys().map(String::as_str).collect();
    let join = |base: &[String], rest: &[String]| -> Vec<String> {
        base.iter().chain(rest).cloned().collect()
    };
    // The longest known module that `path` (from the crate root) names or is inside.
    let resolve = |path: &[String]| -> Option<String> {
        (0..=path.len())
            .rev()
            .map(|n| path[..n].join("::"))
            .find(|m| known.contains(m.as_str()))
    };
    let mut edges = BTreeMap::new();
    for (module, source) in sources {
        let file: Vec<String> = if module.is_empty() {
            Vec::new()
        } else {
            module.split("::").map(String::from).collect()
        };
        let code = code_only(source);
        let mut out = BTreeSet::new();
        // Inline modules (`mod tests { … }`) open a scope `super` counts from.
        let mut inline: Vec<(String, usize)> = Vec::new();
        let mut depth = 0usize;
        let mut i = 0;
        while i < code.len() {
            let c = code[i];
            if c == '{' {
                depth += 1;
                i += 1;
                continue;
            }
            if c == '}' {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                i += 1;
                continue;
            }
            if !is_ident(c) || (i > 0 && (is_ident(code[i - 1]) || code[i - 1] == ':')) {
                i += 1;
                continue;
            }
            let start = i;
            let trees = paths_at(&code, &mut i);
            i = i.max(start + 1);
            if trees.len() == 1 && trees[0] == ["mod"] {
                // `mod name {` opens an inline module; `mod name;` declares a file.
                let mut j = i;
                let skip = |j: &mut usize| {
                    while *j < code.len() && code[*j].is_whitespace() {
                        *j += 1;
                    }
                };
                skip(&mut j);
                let name_start = j;
                while j < code.len() && is_ident(code[j]) {
                    j += 1;
                }
                let name: String = code[name_start..j].iter().collect();
                skip(&mut j);
                if code.get(j) == Some(&'{') {
                    inline.push((name, depth));
                }
                continue;
            }
            let current = join(
                &file,
                &inline.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
            );
            for tree in trees {
                let Some(first) = tree.first() else { continue };
                let absolute = match first.as_str() {
                    "crate" => tree[1..].to_vec(),
                    "super" => {
                        let mut base = current.clone();
                        let mut rest = &tree[..];
                        while rest.first().is_some_and(|s| s == "super") {
                            base.pop();
                            rest = &rest[1..];
                        }
                        join(&base, rest)
                    }
                    "self" => join(&current, &tree[1..]),
                    // A path through one of the file's own submodules (`api::get`).
                    _ if tree.len() > 1
                        && known.contains(join(&file, &tree[..1]).join("::").as_str()) =>
                    {
                        join(&file, &tree)
                    }
                    _ => continue,
                };
                if let Some(target) = resolve(&absolute) {
                    if &target != module {
                        out.insert(target);
                    }
                }
            }
        }
        edges.insert(module.clone(), out);
    }
    edges
}

/// The import circles (strongly connected groups of more than one module), each sorted.
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Reachability by repeated search: the crate has tens of modules, not thousands.
    let reach = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(m) = todo.pop() {
            for next in edges.get(&m).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        edges.keys().map(|m| (m, reach(m))).collect();
    let mut groups: BTreeSet<Vec<String>> = BTreeSet::new();
    for (m, r) in &reaches {
        if !r.contains(*m) {
            continue;
        }
        let group: Vec<String> = r
            .iter()
            .filter(|other| reaches.get(other).is_some_and(|back| back.contains(*m)))
            .cloned()
            .collect();
        groups.insert(group);
    }
    groups.into_iter().filter(|g| g.len() > 1).collect()
}

/// Everything wrong with the layering of `sources`, one line each.
fn problems(sources: &BTreeMap<String, String>) -> Vec<String> {
    let edges = graph(sources);
    let mut found = Vec::new();
    for (from, targets) in &edges {
        for to in targets {
            for (f, t) in FORBIDDEN {
                if matches(from, f) && matches(to, t) {
                    found.push(format!("{from} → {to} (no `{f}` may refer to `{t}`)"));
                }
            }
        }
    }
    // A module's references to its own submodules (`pub use api::get;`, a split file's
    // re-exports) are ownership, not layering: left out of the circle search.
    let downward: BTreeMap<String, BTreeSet<String>> = edges
        .iter()
        .map(|(from, targets)| {
            let outside = targets
                .iter()
                .filter(|to| !(from.is_empty() || to.starts_with(&format!("{from}::"))))
                .cloned()
                .collect();
            (from.clone(), outside)
        })
        .collect();
    for circle in circles(&downward) {
        if circle.iter().any(|m| ACYCLIC.iter().any(|p| matches(m, p))) {
            found.push(format!("import circle: {}", circle.join(" ↔ ")));
        }
    }
    found
}

fn crate_sources() -> BTreeMap<String, String> {
    read_sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn the_account_side_has_no_import_circle_and_refers_only_downwards() {
    let sources = crate_sources();
    let problems = problems(&sources);
    assert!(
        problems.is_empty(),
        "layering broken:\n  {}\n\nthe graph: {:#?}",
        problems.join("\n  "),
        graph(&sources)
    );
}

#[test]
fn the_graph_sees_the_references_it_checks() {
    let edges = graph(&crate_sources());
    let has = |from: &str, to: &str| edges.get(from).is_some_and(|t| t.contains(to));
    // `use crate::…` lines, `super::…` paths and fully qualified calls alike.
    assert!(has("ssr::account::workflow", "ssr::record"), "{edges:#?}");
    assert!(
        has("ssr::account::workflow", "ssr::account::auth"),
        "{edges:#?}"
    );
    assert!(has("ssr::account::auth", "account"), "{edges:#?}");
    assert!(has("account::api", "ssr::account::auth"), "{edges:#?}");
    assert!(has("account::api", "account"), "{edges:#?}");
    assert!(has("ssr::record", "account"), "{edges:#?}");
    assert!(has("routes::dashboard", "account::api"), "{edges:#?}");
}

#[test]
fn a_reintroduced_circle_is_caught() {
    let sources: BTreeMap<String, String> = [
        ("", "pub mod account;\npub mod ssr;"),
        (
            "account",
            "//! `crate::ssr` in a comment is not a reference.\npub mod api;\npub struct Actor;",
        ),
        (
            "account::api",
            "#[server]\npub async fn get() { crate::ssr::account::auth::require(); }",
        ),
        ("ssr", "pub mod account;\npub mod record;"),
        ("ssr::account", "pub mod auth;"),
        (
            "ssr::account::auth",
            "use super::super::record;\nuse crate::{account::Actor, model};\nconst S: &str = \"crate::routes\";",
        ),
        // The old knot: the record's write path reaching up to the account side.
        ("ssr::record", "use crate::account::api::get;"),
    ]
    .into_iter()
    .map(|(m, s)| (m.to_string(), s.to_string()))
    .collect();
    let found = problems(&sources);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("ssr::record → account::api")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with("import circle:")
            && p.contains("ssr::record")
            && p.contains("account::api")),
        "{found:#?}"
    );
    // Comments and strings are not references.
    assert!(!found.iter().any(|p| p.contains("routes")), "{found:#?}");
    assert!(
        !found.iter().any(|p| p.starts_with("account → ssr")),
        "{found:#?}"
    );
}

#[test]
fn a_split_files_re_exports_are_not_a_circle() {
    let sources: BTreeMap<String, String> = [
        (
            "forms",
            "mod check;\npub use check::*;\npub struct FieldError;",
        ),
        ("forms::check", "use super::FieldError;\npub fn check() {}"),
        ("account", "use crate::forms::FieldError;"),
    ]
    .into_iter()
    .map(|(m, s)| (m.to_string(), s.to_string()))
    .collect();
    assert_eq!(problems(&sources), Vec::<String>::new());
}
