//! The editors' tools, made from the same declarations the site reads its files with: a JSON
//! Schema for every content file in each language (for taplo and the editors built on it:
//! completion, each key's documentation on hover, unknown keys and wrong types underlined),
//! and the field reference at the end of CONTENT.md.
//!
//! The English schema is schemars' reading of the file's struct. A translated file holds only
//! the texts (`x-text` in the English schema) at the same places, and the `id` or `code` that
//! names each element; every text may be missing (the English text is shown until it is
//! translated, and `check` lists it).

use schemars::{JsonSchema, generate::SchemaSettings};
use serde_json::{Map, Value, json};

use super::model::{
    DutiesFile, EmployersFile, HomeFile, SectionsFile, SiteFile, SourcesFile, StatisticsFile,
    TrendsFile,
};
use super::pages::{PAGES, PageKind, SITE_FILE};
use crate::lang::Lang;

/// The folder of the schemas, beside `content/`.
pub const FOLDER: &str = "schemas";

/// The lines between which CONTENT.md holds the generated field reference.
pub const REFERENCE_START: &str = "<!-- BEGIN GENERATED FIELD REFERENCE: cargo run -- schema -->";
pub const REFERENCE_END: &str = "<!-- END GENERATED FIELD REFERENCE -->";

/// Keys that only a translated file has, by the definition they belong to.
const TRANSLATION_ONLY: [(&str, &str, &str); 2] = [
    (
        "RawRow",
        "reading",
        "How the name is read, in hiragana (`reading = \"あいちけん\"`): Japanese names sort by it.",
    ),
    (
        "Source",
        "url",
        "The address of the source's own page in this language, where there is one; without \
         it, the English file's address is used.",
    ),
];

/// One schema file: its path under [`FOLDER`] and its JSON.
#[derive(Debug)]
pub struct SchemaFile {
    pub path: String,
    pub json: Value,
}

/// Every content file's schema, English files first, then each translated edition's.
pub fn all() -> Vec<SchemaFile> {
    let mut out = Vec::new();
    for lang in Lang::ALL {
        for (file, schema) in english() {
            let json = match lang {
                Lang::En => schema,
                _ => translated(&schema),
            };
            let prefix = if lang == Lang::En {
                String::new()
            } else {
                format!("{}/", lang.tag())
            };
            out.push(SchemaFile {
                path: format!("{prefix}{}", file.replace(".toml", ".json")),
                json,
            });
        }
    }
    out
}

/// The schema of each English content file, by file name, in the order of the pages.
fn english() -> Vec<(&'static str, Value)> {
    let mut out = vec![(SITE_FILE, of::<SiteFile>(SITE_FILE))];
    for page in &PAGES {
        let schema = match page.kind {
            PageKind::Home => of::<HomeFile>(page.file),
            PageKind::Sections => of::<SectionsFile>(page.file),
            PageKind::Duties => of::<DutiesFile>(page.file),
            PageKind::Employers => of::<EmployersFile>(page.file),
            PageKind::Sources => of::<SourcesFile>(page.file),
            PageKind::Statistics => of::<StatisticsFile>(page.file),
            PageKind::Trends => of::<TrendsFile>(page.file),
        };
        out.push((page.file, schema));
    }
    out
}

fn of<T: JsonSchema>(file: &str) -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    if let Some(root) = schema.as_object_mut() {
        root.insert("title".into(), json!(format!("content/{file}")));
    }
    schema
}

/// The schema of a translated file, from its English file's.
fn translated(english: &Value) -> Value {
    let mut out = english.clone();
    let defs = english
        .get("definitions")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut kept_defs = Map::new();
    for (name, def) in &defs {
        if let Some(def) = only_text(def, Some(name), &defs) {
            kept_defs.insert(name.clone(), def);
        }
    }
    if let Some(root) = out.as_object_mut() {
        let body = only_text(english, None, &defs).unwrap_or_else(|| json!({}));
        for key in ["properties", "required", "additionalProperties"] {
            root.remove(key);
            if let Some(value) = body.get(key) {
                root.insert(key.into(), value.clone());
            }
        }
        root.insert("definitions".into(), Value::Object(kept_defs));
        if let Some(title) = root.get("title").and_then(Value::as_str) {
            let title = title.replacen("content/", "content/ja/", 1);
            root.insert("title".into(), json!(title));
        }
    }
    out
}

/// What of a schema a translated file may hold: its texts, and what names its elements; `None`
/// when nothing.
fn only_text(schema: &Value, def: Option<&str>, defs: &Map<String, Value>) -> Option<Value> {
    if schema.get("x-text").is_some() {
        return Some(schema.clone());
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next()?;
        let target = defs.get(name)?;
        return only_text(target, Some(name), defs).map(|_| schema.clone());
    }
    for combined in ["allOf", "anyOf"] {
        if let Some(any) = schema.get(combined).and_then(Value::as_array) {
            let kept: Vec<Value> = any
                .iter()
                .filter_map(|s| only_text(s, None, defs))
                .collect();
            return (!kept.is_empty()).then(|| with(schema, combined, Value::Array(kept)));
        }
    }
    if let Some(items) = schema.get("items") {
        return only_text(items, None, defs).map(|items| with(schema, "items", items));
    }
    if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
        let values = only_text(values, None, defs)?;
        let mut out = with(schema, "additionalProperties", values);
        if let Some(o) = out.as_object_mut() {
            o.remove("required");
        }
        return Some(out);
    }
    let properties = schema.get("properties")?.as_object()?;
    let mut kept = Map::new();
    let mut required = Vec::new();
    for (key, value) in properties {
        if key == "id" || (key == "code" && def == Some("RawRow")) {
            // The element's name: how the translation finds its English element.
            kept.insert(key.clone(), value.clone());
            required.push(json!(key));
        } else if let Some(value) = only_text(value, None, defs) {
            kept.insert(key.clone(), value);
        }
    }
    for (owner, key, description) in TRANSLATION_ONLY {
        if def == Some(owner) {
            kept.insert(
                key.into(),
                json!({ "type": "string", "description": description }),
            );
        }
    }
    let has_text = kept.keys().any(|k| k != "id" && k != "code");
    if !has_text {
        return None;
    }
    let mut out = schema.clone();
    if let Some(o) = out.as_object_mut() {
        o.insert("properties".into(), Value::Object(kept));
        o.insert("required".into(), Value::Array(required));
    }
    Some(out)
}

fn with(schema: &Value, key: &str, value: Value) -> Value {
    let mut out = schema.clone();
    if let Some(o) = out.as_object_mut() {
        o.insert(key.into(), value);
    }
    out
}

/// Each schema as the file it is written to: pretty JSON and a final line break.
pub fn render(file: &SchemaFile) -> String {
    let mut text = serde_json::to_string_pretty(&file.json).unwrap_or_default();
    text.push('\n');
    text
}

/// The field reference of CONTENT.md: every key of every English file, with its type, whether
/// it is required, whether each language writes its own, and its documentation.
pub fn reference() -> String {
    let mut out = String::new();
    out.push_str(
        "Made from the code by `cargo run -- schema`; do not edit by hand. \"Text\" keys are \
         written in each language (the Japanese file holds them at the same place); the others \
         are written once, in the English file. A key marked *optional* may be left out.\n",
    );
    let mut seen_sections = Vec::new();
    for (file, schema) in english() {
        let defs = schema
            .get("definitions")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        out.push_str(&format!("\n### `{file}`\n\n"));
        if let Some(d) = schema.get("description").and_then(Value::as_str) {
            out.push_str(&format!("{}\n\n", one_line(d)));
        }
        // A kind of page shared by several files (role and applying) is described once.
        let name = schema.get("title").and_then(Value::as_str).unwrap_or("");
        let kind = schema
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or(name);
        if seen_sections.contains(&kind.to_string()) {
            out.push_str("The same keys as the file above.\n");
            continue;
        }
        seen_sections.push(kind.to_string());
        keys(&schema, &defs, "", 0, &mut out);
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The keys of an object schema, nested tables indented under their key.
fn keys(schema: &Value, defs: &Map<String, Value>, path: &str, depth: usize, out: &mut String) {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let indent = "  ".repeat(depth);
    for (key, value) in properties {
        let (kind, table) = describe(value, defs);
        let optional = if required.contains(&key.as_str()) {
            ""
        } else {
            ", *optional*"
        };
        let doc = value
            .get("description")
            .and_then(Value::as_str)
            .map(one_line)
            .unwrap_or_default();
        let full = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        out.push_str(&format!("{indent}- `{key}` ({kind}{optional}): {doc}\n"));
        if let Some(table) = table {
            keys(&table, defs, &full, depth + 1, out);
        }
    }
}

/// A value's kind in words, and the table it opens, if any.
fn describe(value: &Value, defs: &Map<String, Value>) -> (String, Option<Value>) {
    let resolve = |v: &Value| -> Option<Value> {
        let name = v.get("$ref")?.as_str()?.rsplit('/').next()?;
        defs.get(name).cloned()
    };
    if value.get("x-text").is_some() {
        let list = value.get("type").and_then(Value::as_str) == Some("array");
        return (if list { "list of texts" } else { "text" }.into(), None);
    }
    if let Some(target) = resolve(value) {
        return ("table".into(), Some(target));
    }
    for combined in ["allOf", "anyOf"] {
        if let Some(any) = value.get(combined).and_then(Value::as_array)
            && let Some(first) = any.iter().find(|v| v.get("type") != Some(&json!("null")))
        {
            return describe(first, defs);
        }
    }
    if let Some(items) = value.get("items") {
        if let Some(target) = resolve(items) {
            return ("array of tables".into(), Some(target));
        }
        let (inner, _) = describe(items, defs);
        return (format!("list of {inner}s"), None);
    }
    if let Some(values) = value.get("additionalProperties").filter(|v| v.is_object()) {
        let (inner, _) = describe(values, defs);
        return (format!("table of {inner}s by name"), None);
    }
    if let Some(choices) = value.get("enum").and_then(Value::as_array) {
        let names: Vec<String> = choices
            .iter()
            .filter_map(Value::as_str)
            .map(|c| format!("`{c}`"))
            .collect();
        return (format!("one of {}", names.join(", ")), None);
    }
    // An optional value's type is `[type, "null"]`.
    let type_name = match value.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        Some(t) => t.as_str(),
        None => None,
    };
    let kind = match (type_name, value.get("format").and_then(Value::as_str)) {
        (Some("string"), Some("date")) => "date",
        (Some("string"), _) => "word",
        (Some("integer"), _) => "whole number",
        (Some("array"), _) => "list",
        (Some(other), _) => other,
        (None, _) => "value",
    };
    (kind.into(), None)
}

/// CONTENT.md with its field reference replaced by `reference`; `None` when the markers are
/// missing.
pub fn with_reference(guide: &str, reference: &str) -> Option<String> {
    let start = guide.find(REFERENCE_START)? + REFERENCE_START.len();
    let end = guide[start..].find(REFERENCE_END)? + start;
    Some(format!(
        "{}\n\n{}\n{}",
        &guide[..start],
        reference.trim_end(),
        &guide[end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(files: &'a [SchemaFile], path: &str) -> &'a Value {
        &files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path}"))
            .json
    }

    #[test]
    fn every_file_has_a_schema_in_each_language() {
        let paths: Vec<String> = all().into_iter().map(|f| f.path).collect();
        assert_eq!(paths.len(), 18, "{paths:?}");
        assert!(paths.contains(&"site.json".to_string()));
        assert!(paths.contains(&"ja/statistics.json".to_string()));
    }

    #[test]
    fn the_english_schema_refuses_unknown_keys_and_requires_what_the_site_needs() {
        let files = all();
        let trends = find(&files, "trends.json");
        assert_eq!(trends["additionalProperties"], json!(false));
        let required = trends["required"].as_array().expect("required");
        assert!(required.contains(&json!("labels")), "{required:?}");
        assert_eq!(
            trends["definitions"]["TrendsLabels"]["properties"]["no_count"]["description"],
            json!("Shown in a cell where no source gives a CIR count for the year.")
        );
    }

    #[test]
    fn a_translated_schema_has_only_texts_and_the_names_of_elements() {
        let files = all();
        let ja = find(&files, "ja/statistics.json");
        let root = ja["properties"].as_object().expect("properties");
        assert!(root.contains_key("labels") && root.contains_key("row"));
        assert!(!root.contains_key("as_of") && !root.contains_key("reported_cirs"));
        assert_eq!(ja["required"], json!([]));
        let row = ja["definitions"]["RawRow"]["properties"]
            .as_object()
            .expect("row");
        let mut keys: Vec<&str> = row.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["code", "name", "reading", "short_name"]);
        assert_eq!(ja["definitions"]["RawRow"]["required"], json!(["code"]));
        let site = find(&files, "ja/site.json");
        let data = site["definitions"]["DataStrings"]["properties"]
            .as_object()
            .expect("data");
        assert!(data.contains_key("licence_url") && !data.contains_key("licence_id"));
    }

    #[test]
    fn an_element_with_a_name_but_no_text_has_no_place_in_a_translation() {
        let named_only = json!({
            "type": "object",
            "properties": { "id": { "type": "string" }, "count": { "type": "integer" } },
            "required": ["id", "count"]
        });
        assert_eq!(only_text(&named_only, None, &Map::new()), None);
        let with_text = json!({
            "type": "object",
            "properties": {
                "id": { "type": "string" },
                "count": { "type": "integer" },
                "heading": { "type": "string", "x-text": true }
            },
            "required": ["id", "count", "heading"]
        });
        assert_eq!(
            only_text(&with_text, None, &Map::new()),
            Some(json!({
                "type": "object",
                "properties": {
                    "id": { "type": "string" },
                    "heading": { "type": "string", "x-text": true }
                },
                "required": ["id"]
            }))
        );
    }

    #[test]
    fn the_reference_names_every_key_with_its_kind() {
        let reference = reference();
        assert!(reference.contains("\n### `trends.toml`\n"), "{reference}");
        assert!(reference.contains(
            "  - `no_count` (text): Shown in a cell where no source gives a CIR count for the year.\n"
        ));
        assert!(reference.contains("- `as_of` (date): The date the figures refer to"));
        assert!(reference.contains("- `kind` (one of `prefecture`, `city`): "));
    }

    #[test]
    fn the_reference_replaces_what_is_between_the_markers() {
        let guide = format!("Intro\n{REFERENCE_START}\nold\n{REFERENCE_END}\nAfter\n");
        assert_eq!(
            with_reference(&guide, "new\n").as_deref(),
            Some(format!("Intro\n{REFERENCE_START}\n\nnew\n{REFERENCE_END}\nAfter\n").as_str())
        );
        assert_eq!(with_reference("no markers", "new"), None);
    }
}
