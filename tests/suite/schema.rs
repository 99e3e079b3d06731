//! The editors' tools: the committed JSON Schemas and CONTENT.md's field reference are the
//! ones the code makes, and taplo (the engine of editors' TOML plugins, not our code) accepts
//! every content file against its schema and refuses the mistakes an editor makes.

use std::path::Path;
use std::process::Command;

use crate::common::harness::node_module;
use cir_guide::content::schema;

use crate::common;

common::harness::tests! {
    sync the_committed_schemas_are_the_ones_the_code_makes [],
    sync the_field_reference_in_content_md_is_the_one_the_code_makes [],
    sync taplo_accepts_every_content_file_in_both_languages [Npm(TAPLO)],
    sync taplo_underlines_an_unknown_key_and_a_wrong_type_in_either_language [Npm(TAPLO)],
}

const TAPLO: &str = "@taplo/cli/dist/cli.js";

fn the_committed_schemas_are_the_ones_the_code_makes() {
    let folder = common::root().join(schema::FOLDER);
    let made = schema::all();
    let mut stale = Vec::new();
    for file in &made {
        let committed = std::fs::read_to_string(folder.join(&file.path)).unwrap_or_default();
        if committed != schema::render(file) {
            stale.push(file.path.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "stale schemas {stale:?}: run `cargo run -- schema` and commit schemas/"
    );
    let mut on_disk = Vec::new();
    list(&folder, &folder, &mut on_disk);
    on_disk.sort();
    let mut expected: Vec<String> = made.into_iter().map(|f| f.path).collect();
    expected.sort();
    assert_eq!(
        on_disk, expected,
        "schemas/ holds a file the code does not make"
    );
}

fn list(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("schemas folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            list(root, &path, out);
        } else {
            let relative = path.strip_prefix(root).expect("under the root");
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn the_field_reference_in_content_md_is_the_one_the_code_makes() {
    let guide = std::fs::read_to_string(common::root().join("CONTENT.md")).expect("CONTENT.md");
    let expected = schema::with_reference(&guide, &schema::reference())
        .expect("CONTENT.md has the field reference's two marker lines");
    assert!(
        guide == expected,
        "CONTENT.md's field reference is stale: run `cargo run -- schema` and commit CONTENT.md"
    );
}

/// Runs taplo's check in `dir`, which holds `.taplo.toml`, `schemas/` and `content/`: its exit
/// status and what it printed, without its log lines.
fn taplo_check(dir: &Path) -> (bool, String) {
    let out = Command::new("node")
        .arg(node_module(TAPLO))
        .arg("check")
        .current_dir(dir)
        .env("RUST_LOG", "error")
        .env("NO_COLOR", "1")
        .output()
        .expect("run taplo");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn taplo_accepts_every_content_file_in_both_languages() {
    let (ok, text) = taplo_check(&common::root());
    assert!(ok, "taplo check failed:\n{text}");
}

fn taplo_underlines_an_unknown_key_and_a_wrong_type_in_either_language() {
    let root = common::root();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("taplo-mistakes");
    let _ = std::fs::remove_dir_all(&dir);
    common::server::copy_tree(&root.join("tests/fixtures/base"), &dir.join("content"));
    common::server::copy_tree(&root.join(schema::FOLDER), &dir.join(schema::FOLDER));
    std::fs::copy(root.join(".taplo.toml"), dir.join(".taplo.toml")).expect("copy .taplo.toml");
    let (ok, text) = taplo_check(&dir);
    assert!(ok, "the frozen fixture passes as it is:\n{text}");

    let edit = |file: &str, from: &str, to: &str| {
        let path = dir.join("content").join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{file} has {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    };
    edit("trends.toml", "\nno_count = ", "\nno_cuont = ");
    edit(
        "statistics.toml",
        "\njet_participants = ",
        "\njet_participants = \"many\" # ",
    );
    edit("ja/statistics.toml", "\ncaption = ", "\ncaptoin = ");
    edit("ja/role.toml", "[page]\n", "[page]\nreported_cirs = 3\n");
    let (ok, text) = taplo_check(&dir);
    assert!(!ok, "taplo accepted the mistakes:\n{text}");
    for expected in [
        "Additional properties are not allowed ('no_cuont' was unexpected)",
        "\"no_count\" is a required property",
        "\"many\" is not of type \"integer\"",
        "Additional properties are not allowed ('captoin' was unexpected)",
        "Additional properties are not allowed ('reported_cirs' was unexpected)",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    for file in [
        "content/trends.toml:",
        "content/statistics.toml:",
        "content/ja/statistics.toml:",
        "content/ja/role.toml:",
    ] {
        assert!(text.contains(file), "no error points into {file}:\n{text}");
    }
}
