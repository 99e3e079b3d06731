//! The shape of the code: data flows one way, so no module imports another that imports it
//! back, directly or through others.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

common::harness::tests! {
    sync no_module_imports_one_that_imports_it_back [],
}

/// Module paths (`content::files::home`) of every file under `src/`, the binary's aside.
fn modules(src: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(src).expect("src folder") {
        let path = entry.expect("entry").path();
        let name = path
            .file_stem()
            .and_then(|n| n.to_str())
            .expect("a name")
            .to_string();
        let join = |n: &str| {
            if prefix.is_empty() {
                n.to_string()
            } else {
                format!("{prefix}::{n}")
            }
        };
        if path.is_dir() {
            modules(&path, &join(&name), out);
        } else if path.extension().is_some_and(|e| e == "rs") && name != "main" {
            let module = match name.as_str() {
                "mod" | "lib" => prefix.to_string(),
                _ => join(&name),
            };
            let text = std::fs::read_to_string(&path).expect("source");
            // Unit tests import their own module; only the code above them counts.
            let code = text.split("#[cfg(test)]").next().unwrap_or("").to_string();
            out.insert(module, code);
        }
    }
}

/// The paths a module names: `crate::a::b`, `super::a` and, for its own submodules, `a::b`,
/// with `{a, b::c}` groups spread out.
fn named_paths(code: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    for root in ["crate::", "super::", "use "] {
        for (at, _) in code.match_indices(root) {
            let rest = &code[at + root.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let head: Vec<String> = rest[..end]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            let kind = root.trim_end_matches("::").trim().to_string();
            if rest[end..].starts_with('{') {
                let group = &rest[end + 1..rest[end..].find('}').map_or(rest.len(), |i| end + i)];
                for item in group.split(',') {
                    let mut path = head.clone();
                    path.extend(
                        item.split("::")
                            .map(|s| s.trim().to_string())
                            .filter(|s| !s.is_empty()),
                    );
                    found.push((kind.clone(), path));
                }
            } else {
                found.push((kind, head));
            }
        }
    }
    found
}

fn parent(module: &str) -> String {
    module.rsplit_once("::").map_or("", |(p, _)| p).to_string()
}

/// The module a path lands in: its longest prefix that is a module.
fn resolve(base: &str, path: &[String], known: &BTreeMap<String, String>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| {
            let tail = path[..n].join("::");
            if base.is_empty() {
                tail
            } else {
                format!("{base}::{tail}")
            }
        })
        .find(|m| known.contains_key(m))
        .or_else(|| (!base.is_empty() || path.is_empty()).then(|| base.to_string()))
}

fn no_module_imports_one_that_imports_it_back() {
    let mut known = BTreeMap::new();
    modules(&common::root().join("src"), "", &mut known);
    assert!(known.len() > 20, "{known:?}");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in &known {
        for (kind, path) in named_paths(code) {
            let target = match kind.as_str() {
                "crate" => resolve("", &path, &known),
                "super" => resolve(&parent(module), &path, &known),
                // `use x::…` names a submodule only when `x` is one.
                _ => {
                    let child = match module.as_str() {
                        "" => path.first().cloned().unwrap_or_default(),
                        m => format!("{m}::{}", path.first().cloned().unwrap_or_default()),
                    };
                    known
                        .contains_key(&child)
                        .then(|| resolve(module, &path, &known))
                        .flatten()
                }
            };
            if let Some(target) = target
                && &target != module
                && !target.is_empty()
            {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    // A depth-first search that reports the first cycle it finds, as a path.
    fn visit(
        at: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|m| m == at) {
            let mut cycle = stack[i..].to_vec();
            cycle.push(at.to_string());
            return Some(cycle);
        }
        if done.contains(at) {
            return None;
        }
        stack.push(at.to_string());
        for next in edges.get(at).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(at.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for module in known.keys() {
        let cycle = visit(module, &edges, &mut Vec::new(), &mut done);
        assert!(
            cycle.is_none(),
            "import cycle: {}",
            cycle.unwrap_or_default().join(" -> ")
        );
    }
    // The check sees the imports it should: the route table uses the handlers, and the
    // content builders use the shared rules.
    assert!(edges["app"].contains("server::handlers"), "{edges:?}");
    assert!(
        edges["content::files::home"].contains("content::rules"),
        "{edges:?}"
    );
    assert!(edges["content"].contains("content::document"), "{edges:?}");
}
