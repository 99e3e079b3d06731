//! A missing translation holds back nothing: the Japanese page shows the English text, marked
//! as English, with a note at its top; `check` lists each missing text as a warning at its
//! place, `check --strict` refuses it, and the dev panel lists it. On the frozen fixture.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use cir_guide::app::Mode;
use cir_guide::server::live::Live;

use crate::common;

common::harness::tests! {
    actix a_japanese_page_shows_the_english_text_marked_and_says_so [],
    actix a_page_with_every_text_translated_has_no_note [],
    actix the_dev_panel_lists_what_is_not_yet_translated [],
    sync check_warns_of_each_untranslated_text_and_strict_refuses_it [],
}

const NOTE: &str = "<p class=\"untranslated-note\" role=\"note\">このページの一部はまだ日本語に訳されていないため、英語のまま表示しています。</p>";

/// The frozen fixture with three Japanese texts taken out: a section's heading in
/// `ja/role.toml`, a duty group's summary (Markdown) in `ja/duties.toml`, and the trends
/// table's `no_count` label.
fn with_texts_missing(name: &str) -> PathBuf {
    let dir = common::server::copy_content(&common::root().join("tests/fixtures/base"), name);
    remove(
        &dir.join("ja/role.toml"),
        "heading = \"国際交流員の仕事\"\n",
    );
    remove(
        &dir.join("ja/duties.toml"),
        "summary = \"日本語と他の言語で文章を扱う仕事は、最もよくある仕事の一つです。\"\n",
    );
    remove(
        &dir.join("ja/trends.toml"),
        "no_count = \"人数の出典なし\"\n",
    );
    dir
}

fn remove(path: &Path, line: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(line), "{} has {line:?}", path.display());
    std::fs::write(path, text.replacen(line, "", 1)).expect("write");
}

async fn body(dir: &Path, dev: bool, uri: &str) -> String {
    let static_dir = common::root().join("static");
    let live = Live::start(dir, &static_dir, dev).expect("content with texts missing is valid");
    let mode = Mode {
        dev,
        ..Mode::default()
    };
    let app = common::app_for(Arc::new(live), static_dir, mode).await;
    let (status, _, html) = common::get(&app, uri).await;
    assert_eq!(status, 200, "{uri}");
    html
}

async fn a_japanese_page_shows_the_english_text_marked_and_says_so() {
    let dir = with_texts_missing("untranslated-pages");
    let role = body(&dir, false, "/ja/role").await;
    assert!(role.contains(NOTE), "{role}");
    assert!(
        role.contains("<h2 id=\"what-a-cir-does-heading\" lang=\"en\">What a CIR does</h2>"),
        "{role}"
    );
    assert!(role.contains("<li><a href=\"#what-a-cir-does\" lang=\"en\">What a CIR does</a></li>"));
    // Every other heading stays Japanese, unmarked.
    assert!(
        role.contains("<h2 id=\"who-runs-jet-heading\">JETプログラムの実施体制</h2>"),
        "{role}"
    );

    let duties = body(&dir, false, "/ja/duties").await;
    assert!(duties.contains(NOTE));
    assert!(
        duties.contains(
            "<div class=\"prose\"><div lang=\"en\" class=\"untranslated\"><p>Written work in Japanese and another language is one of the most common parts of the role.</p>\n</div></div>"
        ),
        "{duties}"
    );

    let trends = body(&dir, false, "/ja/trends").await;
    assert!(trends.contains(NOTE));
    assert!(
        trends.contains("<td class=\"none\" lang=\"en\">No count found</td>"),
        "{trends}"
    );
    assert!(!trends.contains("人数の出典なし"));

    // English pages are as they were; the figures are shared.
    let english = body(&dir, false, "/role").await;
    assert!(!english.contains("untranslated"), "{english}");
}

async fn a_page_with_every_text_translated_has_no_note() {
    let dir = with_texts_missing("untranslated-others");
    for uri in [
        "/ja/",
        "/ja/employers",
        "/ja/statistics",
        "/ja/sources",
        "/ja/applying",
    ] {
        let html = body(&dir, false, uri).await;
        assert!(!html.contains("untranslated"), "{uri}: {html}");
    }
}

async fn the_dev_panel_lists_what_is_not_yet_translated() {
    let dir = with_texts_missing("untranslated-dev");
    let html = body(&dir, true, "/ja/employers").await;
    let heading = "<h2 id=\"dev-untranslated-heading\">Not yet translated: the pages show the English text</h2>";
    let start = html.find(heading).expect("the panel's heading") + heading.len();
    let panel = &html[start..start + html[start..].find("</section>").expect("the panel's end")];
    for expected in [
        "warning: `group[translation].summary` has no Japanese text",
        "warning: `section[what-a-cir-does].heading` has no Japanese text",
        "warning: `labels.no_count` has no Japanese text",
        "3 warnings found in the content; it is valid and may go live",
    ] {
        assert!(panel.contains(expected), "{expected:?} not in {panel}");
    }
    // Without dev mode, no panel.
    let html = body(&dir, false, "/ja/employers").await;
    assert!(!html.contains("dev-untranslated-heading"));
}

fn check_warns_of_each_untranslated_text_and_strict_refuses_it() {
    let dir = with_texts_missing("untranslated-check");
    let limit = Duration::from_secs(60);
    let shown =
        |s: &[u8]| String::from_utf8_lossy(s).replace(&dir.display().to_string(), "content");

    let ok = common::run(common::binary().arg("check").arg(&dir), limit);
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(shown(&ok.stdout), "content: the content is valid\n");
    assert_eq!(
        shown(&ok.stderr),
        "warning: `group[translation].summary` has no Japanese text
  --> content/duties.toml:17:11
   |
17 | summary = \"Written work in Japanese and another language is one of the most common parts of the role.\"
   |           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ add it to content/ja/duties.toml at `group[translation].summary`

warning: `section[what-a-cir-does].heading` has no Japanese text
  --> content/role.toml:14:11
   |
14 | heading = \"What a CIR does\"
   |           ^^^^^^^^^^^^^^^^^ add it to content/ja/role.toml at `section[what-a-cir-does].heading`

warning: `labels.no_count` has no Japanese text
  --> content/trends.toml:30:12
   |
30 | no_count = \"No count found\"
   |            ^^^^^^^^^^^^^^^^ add it to content/ja/trends.toml at `labels.no_count`

3 warnings found in the content; it is valid and may go live
"
    );

    let strict = common::run(
        common::binary().arg("check").arg("--strict").arg(&dir),
        limit,
    );
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(shown(&strict.stdout), "");
    let stderr = shown(&strict.stderr);
    assert!(
        stderr.starts_with("error: `group[translation].summary` has no Japanese text\n"),
        "{stderr}"
    );
    assert!(stderr.contains("\nerror: `labels.no_count` has no Japanese text\n"));
    assert!(
        stderr.ends_with("\n3 problems found in the content\n"),
        "{stderr}"
    );

    let json = common::run(
        common::binary()
            .args(["check", "--format", "json"])
            .arg(&dir),
        limit,
    );
    let text = shown(&json.stdout);
    assert!(text.contains("\"untranslated\": true"), "{text}");

    // The frozen fixture itself is fully translated: strict accepts it.
    let base = common::root().join("tests/fixtures/base");
    let strict = common::run(
        common::binary().arg("check").arg("--strict").arg(&base),
        limit,
    );
    assert_eq!(strict.status.code(), Some(0), "{}", shown(&strict.stderr));
}
