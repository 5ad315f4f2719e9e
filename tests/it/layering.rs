//! The house of modules keeps its shape: the library is a stack of layers in
//! which nothing imports anything higher, no two modules import each other
//! in a circle, and the command line's crates (clap, indicatif, notify,
//! glob; the editor's server: axum, hyper, tokio, open) are used only by the binary (`src/main.rs`, `src/cli/`). Read from
//! the `use crate::...`, `crate::...` and `super::...` paths of the source.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::root;

/// The layers, lowest first, written once: `src/lib.rs`'s doc comment and
/// the README's "Layout of the source" list them too, and are checked
/// against this list (see [`the_layers_are_written_once`]). A module may
/// use modules of its own layer or lower ones, never a higher one.
const LAYERS: &[&[&str]] = &[
    // Foundations that know nothing of reports.
    &["lang", "date", "limits", "timing", "memory", "faults", "reason", "guard"],
    &["error"],
    &["files", "text", "yaml", "output", "locale", "source", "archive"],
    // The program's own files and the design facts read from them.
    &["assets", "style"],
    // The report folder.
    &["indicators", "report"],
    // Report to booklet Markdown.
    &["template"],
    // The document model.
    &["doc"],
    // The writers.
    &["fonts", "fit", "render"],
    // One booklet, end to end.
    &["build"],
    // Many, checked, rolled over, started, measured.
    &["batch", "check", "rollover", "scaffold", "import"],
    // The editing session, and the measures of them all.
    &["edit", "bench"],
];

/// The command line's crates, which the library does not use.
const BINARY_CRATES: [&str; 9] = ["clap", "indicatif", "notify_debouncer_full", "glob", "axum", "tokio", "open", "hyper", "hyper_util"];

/// Every `.rs` file of the library, by its module path (`render::docx::package`).
fn library_files() -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if prefix.is_empty() && name == "cli" {
                    continue;
                }
                let mut deeper = prefix.to_vec();
                deeper.push(name);
                walk(&path, &deeper, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                if prefix.is_empty() && (name == "main" || name == "lib") {
                    continue;
                }
                let mut module = prefix.to_vec();
                if name != "mod" {
                    module.push(name);
                }
                out.insert(module.join("::"), std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(&root().join("src"), &[], &mut files);
    files
}

/// The modules `source` (of module `module`) names, as full paths: from
/// `crate::a::b` and `super::x` (resolved against `module`), outside
/// comments. Braced groups name each member.
fn used_modules(module: &str, source: &str) -> BTreeSet<String> {
    let path = regex_lite::Regex::new(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)*)(::\{([^}]*)\})?").unwrap();
    let code: String = source.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let own: Vec<&str> = module.split("::").collect();
    let mut used = BTreeSet::new();
    for found in path.captures_iter(&code) {
        let mut base: Vec<String> = match &found[1] {
            "crate" => Vec::new(),
            _ => own[..own.len().saturating_sub(1)].iter().map(|s| s.to_string()).collect(),
        };
        base.extend(found[2].split("::").filter(|s| !s.is_empty()).map(str::to_string));
        used.insert(base.join("::"));
        if let Some(group) = found.get(4) {
            for member in group.as_str().split(',').map(|m| m.trim().split("::").next().unwrap_or("").trim()) {
                if !member.is_empty() && member.chars().next().is_some_and(char::is_lowercase) {
                    used.insert(format!("{}::{member}", base.join("::")));
                }
            }
        }
    }
    used
}

/// The longest known module that `path` lies in.
fn owning_module(path: &str, modules: &BTreeSet<String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len()).rev().map(|n| parts[..n].join("::")).find(|candidate| modules.contains(candidate))
}

fn level(top: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&top))
}

/// A cycle in `graph`, if there is one, as the list of its nodes.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(node: &str, graph: &BTreeMap<String, BTreeSet<String>>, stack: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            return Some(stack[at..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, stack, done) {
                return Some(found);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

/// The layers `src/lib.rs`'s doc comment lists: each numbered item one
/// layer, the modules it links (``[`name`]``).
fn layers_in_lib_rs() -> Vec<BTreeSet<String>> {
    let source = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
    let item = regex_lite::Regex::new(r"^\d+\. ").unwrap();
    let link = regex_lite::Regex::new(r"\[`([a-z_]+)`\]").unwrap();
    let mut layers: Vec<BTreeSet<String>> = Vec::new();
    for line in source.lines().map_while(|l| l.strip_prefix("//!")).map(str::trim_start) {
        if item.is_match(line) {
            layers.push(BTreeSet::new());
        } else if line.is_empty() {
            continue;
        }
        if let Some(layer) = layers.last_mut() {
            layer.extend(link.captures_iter(line).map(|c| c[1].to_string()));
        }
    }
    layers
}

/// The layers the README's "Layout of the source" lists: each `--` group
/// one layer, the top-level modules of its entries (`lang.rs`, `text/`,
/// `render/pdf/`).
fn layers_in_readme() -> Vec<BTreeSet<String>> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme.split("## Layout of the source").nth(1).expect("the README's Layout of the source");
    let tree = section.split("```text").nth(1).and_then(|t| t.split("```").next()).expect("its tree");
    let entry = regex_lite::Regex::new(r"^  ([a-z_]+)(?:\.rs|/)").unwrap();
    let mut layers: Vec<BTreeSet<String>> = Vec::new();
    for line in tree.lines() {
        if line.starts_with("  -- ") {
            layers.push(BTreeSet::new());
        } else if let (Some(found), Some(layer)) = (entry.captures(line), layers.last_mut()) {
            layer.insert(found[1].to_string());
        }
    }
    layers
}

#[test]
fn the_layers_are_written_once() {
    let written: Vec<BTreeSet<String>> = LAYERS.iter().map(|layer| layer.iter().map(|m| m.to_string()).collect()).collect();
    let shown = |layers: &[BTreeSet<String>]| layers.iter().enumerate().map(|(i, l)| format!("{}. {l:?}", i + 1)).collect::<Vec<_>>().join("\n");
    for (place, listed) in [("src/lib.rs's doc comment", layers_in_lib_rs()), ("README.md's Layout of the source", layers_in_readme())] {
        assert!(listed == written, "{place} lists the layers otherwise than tests/it/layering.rs:\n{}\nthere, and here:\n{}", shown(&listed), shown(&written));
    }
}

#[test]
fn every_top_level_module_is_in_a_layer() {
    let tops: BTreeSet<String> = library_files().keys().map(|m| m.split("::").next().unwrap().to_string()).collect();
    let unplaced: Vec<&String> = tops.iter().filter(|t| level(t).is_none()).collect();
    assert!(unplaced.is_empty(), "modules in no layer of tests/it/layering.rs: {unplaced:?}");
}

#[test]
fn no_module_imports_a_higher_layer_and_none_import_each_other_in_a_circle() {
    let files = library_files();
    let modules: BTreeSet<String> = files.keys().cloned().collect();
    let mut upward = Vec::new();
    let mut tops: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut siblings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, source) in &files {
        let top = module.split("::").next().unwrap();
        for used in used_modules(module, source) {
            let Some(target) = owning_module(&used, &modules) else { continue };
            let target_top = target.split("::").next().unwrap().to_string();
            if target_top != top {
                if let (Some(from), Some(to)) = (level(top), level(&target_top))
                    && to > from {
                        upward.push(format!("{module} uses {target} (layer {to} above {from})"));
                    }
                tops.entry(top.to_string()).or_default().insert(target_top);
            }
            // Modules side by side in one folder (render::docx::embed and
            // render::docx::package) must not import each other in a circle.
            let parent = |m: &str| m.rsplit_once("::").map(|(p, _)| p.to_string()).unwrap_or_default();
            if target != *module && parent(&target) == parent(module) && !parent(module).is_empty() {
                siblings.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    assert!(upward.is_empty(), "imports from a higher layer:\n{}", upward.join("\n"));
    assert_eq!(cycle(&tops), None, "top-level modules that import each other in a circle");
    assert_eq!(cycle(&siblings), None, "modules of one folder that import each other in a circle");
}

#[test]
fn the_library_does_not_use_the_command_line_crates() {
    let files = library_files();
    let mut found = Vec::new();
    for (module, source) in &files {
        for krate in BINARY_CRATES {
            if source.contains(&format!("{krate}::")) || source.contains(&format!("use {krate}")) {
                found.push(format!("{module} uses {krate}"));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_checker_sees_what_it_must() {
    // The test itself can fail: an upward import and a circle are found.
    let used = used_modules("report::outline", "use super::{Facts, Settings};\nuse crate::render::docx::{ooxml, package::xml};");
    assert!(used.contains("report") && used.contains("render::docx::ooxml") && used.contains("render::docx::package"), "{used:?}");
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(cycle(&graph), Some(vec!["a".to_string(), "b".to_string()]));
    assert!(level("build") > level("doc"));
}
