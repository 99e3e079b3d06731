//! Content tested like code: the frozen base fixture loads with every row, and each broken
//! fixture gives the exact messages an editor would see.
//!
//! A broken fixture is the frozen, valid `fixtures/base` folder with a few precise edits,
//! described in `fixtures/broken/<case>.toml` with the expected output. Edits keep each case
//! to the lines that matter, and the base is frozen so editors' changes to `content/` never
//! move a line number here. `BLESS=1 cargo test --test content` rewrites the expectations.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use cir_guide::content;
use cir_guide::content::Lang;
use cir_guide::content::site::Date;
use cir_guide::stats::Kind;
use common::fixtures::{Case, Edit, cases, fixtures, materialize};

common::harness::tests! {
    sync the_base_fixture_has_every_prefecture_and_designated_city [],
    sync the_base_fixture_is_valid [],
    sync each_broken_fixture_gives_the_exact_messages_an_editor_sees [],
    sync check_exits_1_with_every_problem_and_0_on_valid_content [],
    sync check_warns_of_characters_a_link_preview_cannot_draw [],
    sync serve_refuses_to_start_on_invalid_content [],
    sync very_large_or_deeply_nested_files_are_rejected_with_a_clear_message [],
    sync check_prints_json_for_other_tools [],
    sync check_colours_its_report_on_a_terminal_unless_no_color_is_set [Script],
    sync a_file_not_saved_as_utf8_is_pointed_at_where_the_bad_byte_is [],
    sync the_version_names_the_exact_bytes_of_the_content [],
    sync a_file_that_cannot_be_read_says_why [],
    sync a_file_of_exactly_the_largest_size_is_read [],
    sync a_source_cited_twice_in_one_list_is_listed_once [],
}

/// How long one run of the binary may take; it takes well under a second.
const LIMIT: Duration = Duration::from_secs(20);

/// The day the fixtures are checked as of: the sources' `accessed` dates are judged against
/// it, so that the expected warnings do not change with the calendar.
const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 30,
};

/// A copy of the base fixture, for a test to change as it needs.
fn base_copy(name: &str) -> PathBuf {
    let case = Case {
        edit: Vec::new(),
        rename: Vec::new(),
        expected: String::new(),
    };
    materialize(name, &case)
}

/// A copy of the base fixture with one edit.
fn edited_copy(name: &str, file: &str, find: &str, replace: &str) -> PathBuf {
    let case = Case {
        edit: vec![Edit {
            file: file.into(),
            find: find.into(),
            replace: replace.into(),
        }],
        rename: Vec::new(),
        expected: String::new(),
    };
    materialize(name, &case)
}

/// What an editor sees, with the scratch folder shown as `content`: every problem, or the
/// warnings of valid content (nothing when there are none).
fn report(dir: &Path) -> String {
    let shown = match content::load_on(dir, TODAY) {
        Ok(site) => {
            // Content that goes live has warnings at most, never an error.
            assert!(
                site.warnings().0.iter().all(|d| !d.is_error()),
                "valid content with an error: {}",
                site.warnings()
            );
            if site.warnings().0.is_empty() {
                return String::new();
            }
            site.warnings().clone()
        }
        Err(problems) => {
            assert!(
                problems.0.iter().any(|d| d.is_error()),
                "refused without an error: {problems}"
            );
            problems
        }
    };
    shown
        .render(false)
        .replace(&dir.display().to_string(), "content")
}

fn the_base_fixture_has_every_prefecture_and_designated_city() {
    let editions = content::load(&common::base()).unwrap_or_else(|e| panic!("{e}"));
    let site = editions.site(Lang::En);
    let rows = &site.statistics.table.rows;
    assert_eq!(rows.len(), 67);
    assert_eq!(
        rows.iter().filter(|r| r.kind == Kind::Prefecture).count(),
        47
    );
    assert_eq!(rows.iter().filter(|r| r.kind == Kind::City).count(), 20);
    assert_eq!(site.statistics.table.total(), 364);
    assert_eq!(site.statistics.jet_participants, 4465);
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    for name in [
        "Kyoto Prefecture",
        "Kyoto City",
        "Osaka Prefecture",
        "Osaka City",
        "Tokyo",
    ] {
        assert!(names.contains(&name), "{name}");
    }
    let prefecture_sum: u32 = rows
        .iter()
        .filter(|r| r.kind == Kind::Prefecture)
        .map(|r| r.cirs)
        .sum();
    assert_eq!(prefecture_sum, 322);
}

fn the_base_fixture_is_valid() {
    assert_eq!(report(&fixtures().join("base")), "");
}

fn each_broken_fixture_gives_the_exact_messages_an_editor_sees() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for (name, path, case) in cases() {
        let dir = materialize(&name, &case);
        let actual = report(&dir);
        if bless {
            let text = std::fs::read_to_string(&path).expect("case");
            let start = text.find("expected =").expect("expected key");
            let end = text[start..]
                .find("\n[[")
                .map_or(text.len(), |i| start + i + 1);
            let blessed = format!(
                "{}expected = '''\n{actual}'''\n\n{}",
                &text[..start],
                &text[end..]
            );
            std::fs::write(&path, blessed).expect("bless");
        } else if actual != case.expected {
            failures.push(format!(
                "--- {name}\nexpected:\n{}actual:\n{actual}",
                case.expected
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check_exits_1_with_every_problem_and_0_on_valid_content() {
    let ok = common::run(common::binary().arg("check").arg(common::base()), LIMIT);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&ok.stdout),
        format!("{}: the content is valid\n", common::base().display())
    );
    // Warnings are printed, and the content is still valid.
    let stale = edited_copy(
        "stale-check",
        "sources.toml",
        "url = \"https://jet-uk.org/aboutjet/cir.php\"\nkind = \"official\"\naccessed = 2026-11-30",
        "url = \"https://jet-uk.org/aboutjet/cir.php\"\nkind = \"official\"\naccessed = 2020-01-31",
    );
    let warned = common::run(common::binary().arg("check").arg(&stale), LIMIT);
    assert_eq!(warned.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&warned.stderr);
    assert!(
        stderr.starts_with("warning: the source `jet-uk` was last checked on 31 January 2020"),
        "{stderr}"
    );
    assert!(
        stderr.contains("found in the content; it is valid and may go live"),
        "{stderr}"
    );
    assert_eq!(
        String::from_utf8_lossy(&warned.stdout),
        format!("{}: the content is valid\n", stale.display())
    );

    let (name, _, case) = cases()
        .into_iter()
        .find(|c| c.0 == "empty-text")
        .expect("case");
    let dir = materialize(&format!("{name}-check"), &case);
    let out = common::run(common::binary().arg("check").arg(&dir), LIMIT);
    assert_eq!(out.status.code(), Some(1));
    let stderr =
        String::from_utf8_lossy(&out.stderr).replace(&dir.display().to_string(), "content");
    assert_eq!(stderr, case.expected);
}

fn check_warns_of_characters_a_link_preview_cannot_draw() {
    // 鬱 is a kanji of JIS X 0208 level 2, which the bundled Japanese font leaves out.
    let dir = edited_copy(
        "preview-glyphs",
        "ja/role.toml",
        "title = \"国際交流員の役割\"",
        "title = \"国際交流員の役割と憂鬱\"",
    );
    let out = common::run(common::binary().arg("check").arg(&dir), LIMIT);
    let stderr =
        String::from_utf8_lossy(&out.stderr).replace(&dir.display().to_string(), "content");
    assert_eq!(out.status.code(), Some(0), "a warning only: {stderr}");
    assert!(
        stderr.contains(
            "warning: the link preview of /ja/role cannot draw this character, which the \
             bundled fonts lack: 鬱 (U+9B31)\n--> content/ja/role.toml\n = help: the picture \
             shows a blank or an empty box for each (the page itself shows it): write it \
             another way, or add it to the fonts as fonts/README.md says\n"
        ),
        "{stderr}"
    );
}

fn serve_refuses_to_start_on_invalid_content() {
    let (name, _, case) = cases()
        .into_iter()
        .find(|c| c.0 == "sum-more-than-reported")
        .expect("case");
    let dir = materialize(&format!("{name}-serve"), &case);
    // Were the server to start anyway, the deadline ends the test instead of waiting forever;
    // refusing takes well under a second.
    let out = common::run(
        common::binary()
            .args(["serve", "--addr", "127.0.0.1:0", "--content"])
            .arg(&dir),
        Duration::from_secs(5),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the rows add up to 365 CIRs but `reported_cirs` is 364"),
        "{stderr}"
    );
    assert!(stderr.contains("the server did not start"), "{stderr}");
}

fn very_large_or_deeply_nested_files_are_rejected_with_a_clear_message() {
    let dir = base_copy("oversized");
    let padding = format!("# {}\n", "x".repeat(100));
    std::fs::write(dir.join("duties.toml"), padding.repeat(11_000)).expect("write");
    let nested = format!("title = {}1{}\n", "[".repeat(50_000), "]".repeat(50_000));
    std::fs::write(dir.join("role.toml"), nested).expect("write");
    let out = report(&dir);
    assert!(
        out.contains("error: the file has 1133000 bytes\n--> content/duties.toml\n = help: a content file may have at most 1048576 bytes (1 MiB)"),
        "{out}"
    );
    assert!(
        out.contains("error: the value is nested too deeply\n --> content/role.toml:1:"),
        "{out}"
    );
    assert!(out.contains("2 problems found in the content"), "{out}");
}

fn check_prints_json_for_other_tools() {
    let (name, _, case) = cases()
        .into_iter()
        .find(|c| c.0 == "unknown-kind-and-region")
        .expect("case");
    let dir = materialize(&format!("{name}-json"), &case);
    let out = common::run(
        common::binary()
            .args(["check", "--format", "json"])
            .arg(&dir),
        LIMIT,
    );
    assert_eq!(out.status.code(), Some(1));
    let problems: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let first = &problems[0];
    assert_eq!(
        first["file"],
        dir.join("statistics.toml").display().to_string()
    );
    assert_eq!(
        (first["line"].clone(), first["column"].clone()),
        (68.into(), 10.into())
    );
    assert_eq!(first["message"], "unknown region `touhoku`");
    assert_eq!(first["help"], "did you mean `tohoku`?");
    assert_eq!(problems.as_array().map(Vec::len), Some(2));

    let ok = common::run(
        common::binary()
            .args(["check", "--format", "json"])
            .arg(common::base()),
        LIMIT,
    );
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&ok.stdout).trim(), "[]");
}

/// Colour on a terminal, none when `NO_COLOR` is set. `script` gives the command a terminal.
fn check_colours_its_report_on_a_terminal_unless_no_color_is_set() {
    let (name, _, case) = cases()
        .into_iter()
        .find(|c| c.0 == "sum-more-than-reported")
        .expect("case");
    let dir = materialize(&format!("{name}-tty"), &case);
    let command = format!(
        "{} check {}",
        env!("CARGO_BIN_EXE_cir-guide"),
        dir.display()
    );
    let on_terminal = |no_color: bool| {
        let mut script = Command::new("script");
        script
            .args(["-qec", &command, "/dev/null"])
            .env("SOURCE_DATE_EPOCH", common::FIXTURE_DAY)
            .env_remove("NO_COLOR");
        if no_color {
            script.env("NO_COLOR", "1");
        }
        let out = common::run(&mut script, LIMIT);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let coloured = on_terminal(false);
    assert!(coloured.contains("\u{1b}["), "{coloured:?}");
    assert!(coloured.contains("reported_cirs = 364"), "{coloured:?}");
    let plain = on_terminal(true);
    assert!(!plain.contains("\u{1b}["), "{plain:?}");
    assert!(
        plain.contains("error: the rows add up to 365 CIRs"),
        "{plain:?}"
    );
}

fn a_file_not_saved_as_utf8_is_pointed_at_where_the_bad_byte_is() {
    let dir = base_copy("latin-1");
    let path = dir.join("role.toml");
    let mut bytes = std::fs::read(&path).expect("role.toml");
    let at = bytes
        .windows(4)
        .position(|w| w == b"role")
        .expect("the word role");
    // `é` as Latin-1 writes it: one byte that is not UTF-8.
    bytes.splice(at..at + 4, *b"r\xe9le");
    std::fs::write(&path, bytes).expect("write");
    assert_eq!(
        report(&dir),
        "error: the file is not valid UTF-8\n --> content/role.toml:2:19\n  |\n2 | title = \"The CIR r\u{fffd}le\"\n  |                   ^ save it with the UTF-8 encoding\n\n1 problem found in the content\n"
    );
}

fn the_version_names_the_exact_bytes_of_the_content() {
    let version = |dir: &Path| {
        content::load_on(dir, TODAY)
            .expect("valid")
            .version()
            .to_string()
    };
    let base = fixtures().join("base");
    let first = version(&base);
    assert_eq!(first.len(), 16, "{first}");
    assert!(first.bytes().all(|b| b.is_ascii_hexdigit()), "{first}");
    assert_eq!(version(&base), first, "the same bytes, the same version");
    let changed = edited_copy(
        "one-space-more",
        "duties.toml",
        "title = \"Typical duties of a CIR\"",
        "title = \"Typical duties of a CIR \"",
    );
    assert_ne!(version(&changed), first, "one byte more");
}

fn a_file_that_cannot_be_read_says_why() {
    let dir = base_copy("unreadable");
    std::fs::remove_file(dir.join("home.toml")).expect("remove");
    std::fs::create_dir(dir.join("home.toml")).expect("a folder in its place");
    std::fs::remove_file(dir.join("role.toml")).expect("remove");
    std::os::unix::fs::symlink("role.toml", dir.join("role.toml")).expect("a link to itself");
    assert_eq!(
        report(&dir),
        "error: cannot be read: Is a directory (os error 21)\n--> content/home.toml\n\n\
         error: cannot be read: Too many levels of symbolic links (os error 40)\n--> content/role.toml\n\n\
         2 problems found in the content\n"
    );
}

fn a_file_of_exactly_the_largest_size_is_read() {
    let dir = base_copy("largest");
    let path = dir.join("duties.toml");
    let mut text = std::fs::read_to_string(&path).expect("duties.toml");
    text.push_str("\n# ");
    let limit = usize::try_from(content::document::MAX_FILE_BYTES).expect("size");
    assert_eq!(limit, 1_048_576);
    let padding = limit - text.len() - 1;
    text.push_str(&"x".repeat(padding));
    text.push('\n');
    assert_eq!(text.len(), limit);
    std::fs::write(&path, text).expect("write");
    assert_eq!(report(&dir), "");
}

fn a_source_cited_twice_in_one_list_is_listed_once() {
    use cir_guide::content::pages::Page;
    use cir_guide::content::site::PageBody;
    let dir = edited_copy(
        "cited-twice",
        "role.toml",
        "sources = [\"jet-eligibility\"]",
        "sources = [\"jet-eligibility\", \"jet-uk\", \"jet-eligibility\"]",
    );
    let editions = content::load_on(&dir, TODAY).expect("valid");
    let site = editions.site(Lang::En);
    let role = Page::all()
        .find(|p| p.path() == "/role")
        .expect("the role page");
    let PageBody::Sections(sections) = &site.page(role).body else {
        panic!("the role page is made of sections");
    };
    let eligibility = sections
        .iter()
        .find(|s| s.id == "eligibility")
        .expect("eligibility");
    let ids: Vec<&str> = eligibility.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["jet-eligibility", "jet-uk"]);
}
