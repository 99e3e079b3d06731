//! Broken fixtures: the frozen, valid `fixtures/base` folder with a few precise edits,
//! described in `fixtures/broken/<case>.toml` with the output an editor sees.

use std::path::PathBuf;

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    #[serde(default)]
    pub edit: Vec<Edit>,
    #[serde(default)]
    pub rename: Vec<Rename>,
    pub expected: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    pub file: String,
    pub find: String,
    pub replace: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rename {
    pub from: String,
    pub to: String,
}

pub fn fixtures() -> PathBuf {
    super::root().join("tests/fixtures")
}

/// Writes the case's content folder under the test scratch folder and returns it.
pub fn materialize(name: &str, case: &Case) -> PathBuf {
    let dir = super::scratch("fixtures", name);
    super::server::copy_tree(&fixtures().join("base"), &dir);
    for e in &case.edit {
        let path = dir.join(&e.file);
        let text = std::fs::read_to_string(&path).expect("base file");
        assert_eq!(
            text.matches(&e.find).count(),
            1,
            "{name}: `{}` must occur once in {}",
            e.find,
            e.file
        );
        std::fs::write(&path, text.replacen(&e.find, &e.replace, 1)).expect("write");
    }
    for r in &case.rename {
        std::fs::rename(dir.join(&r.from), dir.join(&r.to)).expect("rename");
    }
    dir
}

pub fn cases() -> Vec<(String, PathBuf, Case)> {
    let mut cases: Vec<_> = std::fs::read_dir(fixtures().join("broken"))
        .expect("broken fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|path| {
            let name = path
                .file_stem()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path).expect("case file");
            let case: Case = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, path, case)
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

/// One case of `fixtures/broken/`, by its name.
pub fn case(name: &str) -> Case {
    cases()
        .into_iter()
        .find(|c| c.0 == name)
        .unwrap_or_else(|| panic!("no case {name} in fixtures/broken"))
        .2
}
