//! The editors' guide documents every key of the content schema.

use crate::common;

common::harness::tests! {
    sync the_schema_has_the_keys_the_guide_expects [],
    sync the_guide_documents_every_key_of_the_schema [],
    sync reserved_anchors_are_exactly_the_ids_the_templates_use [],
}

/// Every TOML key the schema accepts: each `pub` field of `model.rs`, under its serde name.
fn schema_keys() -> Vec<String> {
    let model =
        std::fs::read_to_string(common::root().join("src/content/model.rs")).expect("model.rs");
    let mut keys = Vec::new();
    let mut rename: Option<String> = None;
    for line in model.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("#[serde(rename = \"") {
            rename = rest.split('"').next().map(String::from);
        } else if let Some(rest) = line.strip_prefix("pub ")
            && let Some((name, _)) = rest.split_once(':')
            && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        {
            keys.push(rename.take().unwrap_or_else(|| name.to_string()));
        } else if !line.starts_with("#[") && !line.starts_with("///") {
            rename = None;
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

fn the_schema_has_the_keys_the_guide_expects() {
    let keys = schema_keys();
    for key in [
        "reported_cirs",
        "row",
        "section",
        "duty",
        "nav_label",
        "months",
        "prefecture",
    ] {
        assert!(
            keys.iter().any(|k| k == key),
            "{key} not found in the schema: {keys:?}"
        );
    }
    assert!(
        !keys.iter().any(|k| k == "rows" || k == "sections"),
        "renamed keys use their TOML names"
    );
}

fn the_guide_documents_every_key_of_the_schema() {
    let guide = std::fs::read_to_string(common::root().join("CONTENT.md")).expect("CONTENT.md");
    let missing: Vec<String> = schema_keys()
        .into_iter()
        .filter(|key| !guide.contains(&format!("`{key}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "CONTENT.md does not document: {missing:?}"
    );
}

fn reserved_anchors_are_exactly_the_ids_the_templates_use() {
    let mut ids: Vec<String> = Vec::new();
    let mut stack = vec![common::root().join("templates")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).expect("templates") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("template");
            for part in text.split(" id=\"").skip(1) {
                let id = &part[..part.find('"').expect("closing quote")];
                if !id.contains("{{") {
                    ids.push(id.to_string());
                }
            }
        }
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids, cir_guide::content::rules::RESERVED_IDS);
}
