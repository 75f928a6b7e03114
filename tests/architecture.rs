//! The plan of the code, checked: every import runs downward through the layers that
//! docs/ARCHITECTURE.md describes, no two files import each other (directly or around a
//! circle), and the commands reach the data only through the application layer.
//!
//! The check reads the source: every `crate::` and `super::` path outside `#[cfg(test)]` code
//! names the deepest module file it reaches. A child's use of its own parent (`super::say`) is
//! not an edge, since a folder's `mod.rs` holds what its files share.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path ("cmd::law", "app", "lib") -> the modules it names.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// The layers, from the top: a file may name modules of its own layer or of a lower one.
fn layer(module: &str) -> usize {
    match module.split("::").next().unwrap_or_default() {
        "main" | "lib" | "cli" | "cmd" => 0,
        "app" => 1,
        "db" | "law" | "render" | "import" | "ingest" | "sync" => 2,
        "model" | "ops" | "dates" | "slug" | "config" | "outfile" => 3,
        other => panic!(
            "src/{other} is in no layer: add it to docs/ARCHITECTURE.md and to tests/architecture.rs"
        ),
    }
}

fn modules(src: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            found.insert(parts.join("::"), text);
        }
    }
    found
}

/// The code without comments and without its `#[cfg(test)] mod tests` (tests may reach
/// anywhere), with `crate :: x` written `crate::x`.
fn code_of(text: &str) -> String {
    let mut code = String::new();
    let mut lines = text.lines().peekable();
    while let Some(l) = lines.next() {
        if l.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|n| n.trim_start().starts_with("mod tests"))
        {
            break;
        }
        // A comment starts at `//` that is not part of a URL in a string (`https://`).
        let cut = l
            .match_indices("//")
            .map(|(at, _)| at)
            .find(|&at| !l[..at].ends_with(':'))
            .unwrap_or(l.len());
        code.push_str(&l[..cut]);
        code.push('\n');
    }
    for spaced in [" ::", ":: "] {
        while code.contains(spaced) {
            code = code.replace(spaced, "::");
        }
    }
    code
}

/// The paths named after `crate::` / `super::` at the start of `rest`, braces expanded one
/// level (`db::{self, requests::NewEvent}` names `db` and `db::requests::NewEvent`).
fn paths_in(base: &[String], rest: &str) -> Vec<Vec<String>> {
    let ident = |s: &str| -> Vec<String> {
        let end = s
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(s.len());
        s[..end]
            .split("::")
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    };
    let head = ident(rest);
    let mut prefix = base.to_vec();
    prefix.extend(head.iter().cloned());
    let after = &rest[rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(rest.len())..];
    if !after.starts_with('{') {
        return vec![prefix];
    }
    let mut out = Vec::new();
    let mut depth = 0;
    let mut item = String::new();
    for c in after[1..].chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut item));
                continue;
            }
            _ => {}
        }
        item.push(c);
    }
    out.push(item);
    out.iter()
        .map(|i| i.trim())
        .filter(|i| !i.is_empty())
        .map(|i| {
            let mut p = prefix.clone();
            if i != "self" {
                p.extend(ident(i));
            }
            p
        })
        .collect()
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mods = modules(&src);
    let resolve = |segs: &[String]| -> Option<String> {
        (1..=segs.len())
            .rev()
            .map(|n| segs[..n].join("::"))
            .find(|k| mods.contains_key(k))
    };
    let mut g = Graph::new();
    for (name, text) in &mods {
        let me: Vec<String> = if name == "lib" || name == "main" {
            Vec::new()
        } else {
            name.split("::").map(str::to_string).collect()
        };
        let code = code_of(text);
        let mut refs = BTreeSet::new();
        for (at, _) in code
            .match_indices("crate::")
            .chain(code.match_indices("super::"))
        {
            if at > 0 && code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
            {
                continue;
            }
            let mut rest = &code[at..];
            let mut base: Vec<String> = Vec::new();
            if let Some(r) = rest.strip_prefix("crate::") {
                rest = r;
            } else {
                base = me[..me.len().saturating_sub(1)].to_vec();
                rest = &rest["super::".len()..];
                while let Some(r) = rest.strip_prefix("super::") {
                    base.pop();
                    rest = r;
                }
            }
            for p in paths_in(&base, rest) {
                if let Some(target) = resolve(&p)
                    && target != *name
                    && !name.starts_with(&format!("{target}::"))
                {
                    refs.insert(target);
                }
            }
        }
        g.insert(name.clone(), refs);
    }
    g
}

/// The circles of the graph (strongly connected parts of more than one file).
fn circles(g: &Graph) -> Vec<Vec<String>> {
    // Kosaraju: order by finish time, then walk the reversed graph.
    fn visit(n: &str, g: &Graph, seen: &mut BTreeSet<String>, order: &mut Vec<String>) {
        if !seen.insert(n.to_string()) {
            return;
        }
        for m in g.get(n).into_iter().flatten() {
            visit(m, g, seen, order);
        }
        order.push(n.to_string());
    }
    let mut seen = BTreeSet::new();
    let mut order = Vec::new();
    for n in g.keys() {
        visit(n, g, &mut seen, &mut order);
    }
    let mut rev = Graph::new();
    for (n, ms) in g {
        for m in ms {
            rev.entry(m.clone()).or_default().insert(n.clone());
        }
    }
    let mut assigned = BTreeSet::new();
    let mut out = Vec::new();
    for n in order.iter().rev() {
        if assigned.contains(n) {
            continue;
        }
        let mut part = Vec::new();
        visit(n, &rev, &mut assigned, &mut part);
        if part.len() > 1 {
            part.sort();
            out.push(part);
        }
    }
    out
}

#[test]
fn no_two_files_import_each_other_around_a_circle() {
    let circles = circles(&graph());
    assert!(
        circles.is_empty(),
        "files that import each other around a circle: {circles:?}; move what they share down a layer"
    );
}

#[test]
fn every_import_runs_down_the_layers() {
    let mut upward = Vec::new();
    for (from, refs) in graph() {
        for to in refs {
            if layer(&to) < layer(&from) {
                upward.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that run up the layers (see docs/ARCHITECTURE.md): {upward:?}"
    );
}

/// Within the layers under the application, a room uses another only where the plan says
/// so: the store applies `import`'s plan and adds its built-in agencies.
#[test]
fn the_layers_under_the_application_keep_to_their_rooms() {
    let room = |m: &str| m.split("::").next().unwrap_or_default().to_string();
    let allowed = [("db", "import")];
    let mut across = Vec::new();
    for (from, refs) in graph() {
        for to in refs {
            let (a, b) = (room(&from), room(&to));
            if layer(&from) == 2
                && layer(&to) == 2
                && a != b
                && !allowed.contains(&(a.as_str(), b.as_str()))
            {
                across.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(
        across.is_empty(),
        "rooms of the same layer that use each other outside the plan (docs/ARCHITECTURE.md): {across:?}"
    );
}

#[test]
fn the_commands_reach_the_data_only_through_the_application_layer() {
    let shortcuts: Vec<String> = graph()
        .into_iter()
        .filter(|(from, _)| from.starts_with("cmd"))
        .flat_map(|(from, refs)| {
            refs.into_iter()
                .filter(|to| to == "db" || to.starts_with("db::"))
                .map(move |to| format!("{from} -> {to}"))
        })
        .collect();
    assert!(
        shortcuts.is_empty(),
        "commands that reach the store directly: {shortcuts:?}; add the read or write to app/"
    );
}

/// The check itself finds what it is meant to: a circle, an upward import, a shortcut.
#[test]
fn the_check_sees_a_circle_and_a_shortcut() {
    let base: Vec<String> = vec!["cmd".into()];
    assert_eq!(
        paths_in(&base, "db::{self, requests::NewEvent};"),
        vec![
            vec!["cmd".to_string(), "db".into()],
            vec![
                "cmd".to_string(),
                "db".into(),
                "requests".into(),
                "NewEvent".into()
            ],
        ]
    );
    let mut g = Graph::new();
    g.insert("a".into(), ["b".to_string()].into());
    g.insert("b".into(), ["c".to_string()].into());
    g.insert("c".into(), ["a".to_string()].into());
    g.insert("d".into(), ["a".to_string()].into());
    assert_eq!(circles(&g), vec![vec!["a", "b", "c"]]);
    assert_eq!(
        code_of(
            "use crate :: db; // crate::cmd\nlet u = \"https://x\";\n#[cfg(test)]\nmod tests {\nuse crate::cli;"
        ),
        "use crate::db; \nlet u = \"https://x\";\n"
    );
    // Test-only items in the middle of a file do not hide what follows them.
    assert!(code_of("#[cfg(test)]\nfn helper() {}\nuse crate::db;").contains("crate::db"));
}
