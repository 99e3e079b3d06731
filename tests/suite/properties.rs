//! Properties that hold for any input, checked on random inputs and shrunk to the smallest
//! counterexample when one fails (proptest):
//!
//! - any query string reads as one view of the statistics table, whose canonical query reads
//!   back as the same view, and through the real route table gets that view's page, naming
//!   the canonical query as its address;
//! - any one-character edit of any file of the base fixture is either valid or
//!   reported without a panic, each problem in a file of the folder, at a line and column
//!   inside it;
//! - every view's CSV download reads back, with an independent reader, as the rows of its JSON
//!   download and of its page, in both languages; the trends CSV as the trends JSON.
//!
//! Each property runs 256 cases; `PROPTEST_CASES=N` runs N. A case that once failed is kept as
//! a regression test of its own at the end of this file, not in a file proptest writes.

use crate::common;

use std::path::{Path, PathBuf};

use actix_web::rt::System;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;

use cir_guide::content;
use cir_guide::stats::Query;
use common::html::{self, Content, Find};
use common::{get, parse_csv, row_ids, table_rows};

common::harness::tests! {
    sync any_query_reads_as_a_view_whose_canonical_query_reads_back_as_itself [],
    sync any_query_gets_the_page_of_its_view_naming_the_canonical_address [],
    sync every_view_downloads_as_csv_holding_the_rows_of_its_json_and_its_page [],
    sync the_trends_csv_holds_the_rows_of_the_trends_json_whatever_the_query [],
    sync any_one_character_edit_of_the_content_is_reported_inside_the_file [],
}

fn config() -> Config {
    Config {
        failure_persistence: None,
        ..Config::default()
    }
}

/// Runs `test` on values of `strategy`; a failure panics with the smallest failing value.
fn check<S: Strategy>(strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(config());
    if let Err(failure) = runner.run(&strategy, test) {
        panic!("{failure}");
    }
}

// Queries.

const SORTS: [&str; 6] = ["order", "name", "type", "region", "cirs", "share"];
const DIRS: [&str; 2] = ["asc", "desc"];
const KINDS: [&str; 2] = ["prefecture", "city"];
const REGIONS: [&str; 8] = [
    "hokkaido", "tohoku", "kanto", "chubu", "kansai", "chugoku", "shikoku", "kyushu",
];

/// Every value a parameter of the statistics page allows.
fn allowed() -> Vec<&'static str> {
    [&SORTS[..], &DIRS, &KINDS, &REGIONS].concat()
}

/// A parameter's name: mostly one the page reads, sometimes one in the wrong case, encoded,
/// of a tracker, or anything.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(vec!["sort", "dir", "type", "region"]).prop_map(String::from),
        2 => select(vec!["SORT", "Dir", "%73ort", "utm_source", "sort[]", "", "region%00", "+dir"])
            .prop_map(String::from),
        1 => any::<String>(),
    ]
}

/// A parameter's value: mostly an allowed one, as written, in other cases or percent-encoded;
/// sometimes empty, a broken escape, invalid UTF-8, a huge value, or anything.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(allowed()).prop_map(String::from),
        2 => (select(allowed()), any::<u32>()).prop_map(|(v, bits)| v
            .chars()
            .enumerate()
            .map(|(i, c)| if bits >> (i % 32) & 1 == 1 { c.to_ascii_uppercase() } else { c })
            .collect()),
        1 => select(allowed()).prop_map(|v| v.bytes().map(|b| format!("%{b:02X}")).collect()),
        1 => select(vec!["", "%", "%Z", "%FF%FE", "%E3%81", "%C0%AF", "%00", "+", "cirs%20"])
            .prop_map(String::from),
        1 => (1usize..9_000).prop_map(|n| "c".repeat(n)),
        1 => any::<String>(),
    ]
}

/// A query string, without its `?`: parameters joined by `&` (or `;`, which is no separator
/// to the page), a name without `=` now and then; or any text at all.
fn query() -> impl Strategy<Value = String> {
    let pair = (name(), value(), 0u8..8).prop_map(|(n, v, form)| match form {
        0 => n,
        1 => format!("{n}={v};"),
        _ => format!("{n}={v}"),
    });
    prop_oneof![
        4 => prop::collection::vec(pair, 0..7).prop_map(|pairs| pairs.join("&")),
        1 => any::<String>(),
    ]
}

/// The query as a client sends it: what may not stand in a URI's query percent-encoded, the
/// rest (broken escapes included) as it is.
fn as_sent(query: &str) -> String {
    let mut out = String::new();
    for c in query.chars() {
        if c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?%".contains(c) {
            out.push(c);
        } else {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Whether a query is in the one form the site gives a view: empty for the default view, or
/// `?` and, in this order, the sort and its direction (unless the default, the official order
/// ascending), the type, the region, each an allowed value.
fn is_canonical_form(query: &str) -> bool {
    if query.is_empty() {
        return true;
    }
    let Some(rest) = query.strip_prefix('?') else {
        return false;
    };
    let mut parts: Vec<(&str, &str)> = Vec::new();
    for part in rest.split('&') {
        match part.split_once('=') {
            Some(pair) => parts.push(pair),
            None => return false,
        }
    }
    let mut at = 0;
    let mut take = |name: &str, values: &[&str]| match parts.get(at) {
        Some((n, v)) if *n == name && values.contains(v) => {
            at += 1;
            Some(*v)
        }
        _ => None,
    };
    let sort = take("sort", &SORTS);
    let dir = take("dir", &DIRS);
    let sorted_by_default = sort == Some("order") && dir == Some("asc");
    let sort_whole = sort.is_some() == dir.is_some() && !sorted_by_default;
    take("type", &KINDS);
    take("region", &REGIONS);
    sort_whole && at == parts.len() && at > 0
}

/// Any query reads as a view without a panic; the view's canonical query is in the one
/// canonical form and reads back as the same view, with the same canonical query.
fn any_query_reads_as_a_view_whose_canonical_query_reads_back_as_itself() {
    check(query(), |query| {
        let view = Query::from_query(&query);
        let canonical = view.query();
        prop_assert!(is_canonical_form(&canonical), "{canonical:?}");
        let again = Query::from_query(canonical.strip_prefix('?').unwrap_or(&canonical));
        prop_assert_eq!(&again, &view);
        prop_assert_eq!(again.query(), canonical);
        // As a client sends it, the query means the same.
        prop_assert_eq!(Query::from_query(&as_sent(&query)), view);
        Ok(())
    });
}

/// The canonical address a page names, decoded.
fn canonical_link(html: &str) -> String {
    html::parse(html)
        .only("link[rel=canonical]")
        .attribute("href")
        .to_string()
}

/// Any query, sent to the statistics page of either language through the real route table,
/// gets 200 and the page of its view, which names the view's canonical query as its address:
/// the very page the canonical address itself gets. The site does not redirect to the
/// canonical address; it serves the same page and says which address is canonical.
fn any_query_gets_the_page_of_its_view_naming_the_canonical_address() {
    let system = System::new();
    let app = system.block_on(common::site());
    check(query(), |query| {
        let sent = as_sent(&query);
        let canonical = Query::from_query(&query).query();
        for edition in ["", "/ja"] {
            let uri = format!("{edition}/statistics?{sent}");
            let canonical_uri = format!("{edition}/statistics{canonical}");
            let ((status, _, html), (canonical_status, _, canonical_html)) =
                system.block_on(async { (get(&app, &uri).await, get(&app, &canonical_uri).await) });
            prop_assert_eq!(status, 200, "{}", uri);
            prop_assert_eq!(canonical_status, 200, "{}", canonical_uri);
            prop_assert_eq!(
                canonical_link(&html),
                format!("https://cir-guide.example{canonical_uri}"),
                "{}",
                uri
            );
            prop_assert!(
                html == canonical_html,
                "{} is not the page of {}",
                uri,
                canonical_uri
            );
        }
        Ok(())
    });
}

// Downloads.

/// A query of a view: each parameter absent, allowed, in capitals or not allowed, in any order,
/// with a tracker now and then: a run of 256 cases meets many of the 324 views.
fn view_query() -> impl Strategy<Value = String> {
    let param = |name: &'static str, values: &'static [&'static str]| {
        prop_oneof![
            2 => Just(None),
            6 => select(values).prop_map(move |v| Some(format!("{name}={v}"))),
            1 => select(values).prop_map(move |v| Some(format!("{name}={}", v.to_uppercase()))),
            1 => Just(Some(format!("{name}=nope"))),
        ]
    };
    (
        param("sort", &SORTS),
        param("dir", &DIRS),
        param("type", &KINDS),
        param("region", &REGIONS),
        any::<bool>(),
    )
        .prop_map(|(sort, dir, kind, region, tracker)| {
            let tracker = tracker.then(|| "utm_source=chat".to_string());
            [sort, dir, kind, region, tracker]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
        })
        .prop_shuffle()
        .prop_map(|params| params.join("&"))
}

/// Whether a CSV cell holds what a JSON value holds: the same text, the same number, or
/// nothing for `null`.
fn same_value(cell: &str, json: &Value) -> bool {
    match json {
        Value::Null => cell.is_empty(),
        Value::String(s) => cell == s,
        Value::Number(n) if n.is_u64() => cell.parse::<u64>().ok() == n.as_u64(),
        Value::Number(n) => cell.parse::<f64>().ok() == n.as_f64(),
        _ => false,
    }
}

/// The rows of a JSON download, checked to name exactly `columns` in order, as CSV cells are
/// compared against them.
fn json_rows(json: &Value, columns: &[&str]) -> Result<Vec<Vec<Value>>, TestCaseError> {
    let rows = json["rows"]
        .as_array()
        .ok_or_else(|| TestCaseError::fail("no rows in the JSON"))?;
    rows.iter()
        .map(|row| {
            let row = row
                .as_object()
                .ok_or_else(|| TestCaseError::fail("a row is not an object"))?;
            let names: Vec<&str> = row.keys().map(String::as_str).collect();
            prop_assert_eq!(names, columns);
            Ok(row.values().cloned().collect())
        })
        .collect()
}

/// Every view's CSV, read back with the `csv` crate, holds exactly the rows of its JSON, value
/// for value, and of its page, row for row: the anchor, the position, the name with a city's
/// prefecture as the page writes it, the CIRs and the share; the types and regions are the
/// view's filters; the JSON names the page's canonical address. In both languages.
fn every_view_downloads_as_csv_holding_the_rows_of_its_json_and_its_page() {
    let system = System::new();
    let app = system.block_on(common::site());
    check(view_query(), |query| {
        for edition in ["", "/ja"] {
            let at = |path: &str| format!("{edition}{path}?{query}");
            let ((csv_status, _, csv), (_, _, json), (_, _, html)) = system.block_on(async {
                (
                    get(&app, &at("/statistics.csv")).await,
                    get(&app, &at("/statistics.json")).await,
                    get(&app, &at("/statistics")).await,
                )
            });
            prop_assert_eq!(csv_status, 200);
            let (names, rows) = parse_csv(&csv);
            prop_assert_eq!(&names, &common::STATISTICS_COLUMNS);
            let json: Value = serde_json::from_str(&json)
                .map_err(|e| TestCaseError::fail(format!("JSON: {e}")))?;
            let json_rows = json_rows(&json, &common::STATISTICS_COLUMNS)?;
            prop_assert_eq!(rows.len(), json_rows.len(), "{}", at("/statistics.csv"));
            for (row, json_row) in rows.iter().zip(&json_rows) {
                prop_assert_eq!(row.len(), 9);
                for ((cell, value), column) in
                    row.iter().zip(json_row).zip(common::STATISTICS_COLUMNS)
                {
                    prop_assert!(
                        same_value(cell, value),
                        "{column}: {cell:?} in the CSV, {value} in the JSON"
                    );
                }
            }
            let canonical = canonical_link(&html);
            prop_assert_eq!(json["url"].as_str(), Some(canonical.as_str()));

            let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
            prop_assert_eq!(ids, row_ids(&html));
            for (row, cells) in rows.iter().zip(table_rows(&html)) {
                let name = match (row[6].as_str(), edition) {
                    ("", _) => row[3].clone(),
                    (prefecture, "") => format!("{} ({prefecture})", row[3]),
                    (prefecture, _) => format!("{}（{prefecture}）", row[3]),
                };
                let shown = [&row[1], &name, &row[7], &row[8]];
                let page = [&cells[0], &cells[1], &cells[4], &cells[5]];
                prop_assert_eq!(shown, page);
                for (column, filter) in [(4, &json["view"]["type"]), (5, &json["view"]["region"])] {
                    if let Some(filter) = filter.as_str() {
                        prop_assert_eq!(row[column].as_str(), filter);
                    }
                }
            }
        }
        Ok(())
    });
}

/// The columns of the trends downloads, in order.
const TRENDS_COLUMNS: [&str; 9] = [
    "fiscal_year",
    "jet_participants",
    "jet_participants_source",
    "cirs",
    "cirs_as_of",
    "cirs_among_participants",
    "cirs_share_percent",
    "cirs_source",
    "cirs_source_kind",
];

/// The trends CSV, whatever the query, reads back as the rows of the trends JSON, one per
/// fiscal year from 1987 to 2025, with an empty cell wherever the JSON has `null`.
fn the_trends_csv_holds_the_rows_of_the_trends_json_whatever_the_query() {
    let system = System::new();
    let app = system.block_on(common::site());
    check(query(), |query| {
        let sent = as_sent(&query);
        for edition in ["", "/ja"] {
            let ((status, _, csv), (_, _, json)) = system.block_on(async {
                (
                    get(&app, &format!("{edition}/trends.csv?{sent}")).await,
                    get(&app, &format!("{edition}/trends.json?{sent}")).await,
                )
            });
            prop_assert_eq!(status, 200);
            let (names, rows) = parse_csv(&csv);
            prop_assert_eq!(&names, &TRENDS_COLUMNS);
            let json: Value = serde_json::from_str(&json)
                .map_err(|e| TestCaseError::fail(format!("JSON: {e}")))?;
            let json_rows = json_rows(&json, &TRENDS_COLUMNS)?;
            let years: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
            prop_assert_eq!(years.len(), 39);
            prop_assert_eq!((years[0], years[38]), ("1987", "2025"));
            prop_assert_eq!(rows.len(), json_rows.len());
            for (row, json_row) in rows.iter().zip(&json_rows) {
                for ((cell, value), column) in row.iter().zip(json_row).zip(TRENDS_COLUMNS) {
                    prop_assert!(
                        same_value(cell, value),
                        "{column}: {cell:?} in the CSV, {value} in the JSON"
                    );
                }
            }
        }
        Ok(())
    });
}

// Content edits.

/// A one-character edit, at a character's place in a file.
#[derive(Debug, Clone)]
enum Edit {
    Insert(char),
    Delete,
    Replace(char),
}

/// Characters that matter to TOML and to the rules most of the time, anything now and then.
fn character() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => select(vec![
            '"', '\'', '=', '[', ']', '{', '}', ',', '.', '#', '\n', '\r', '\t', ' ', '\\', '0',
            '7', '-', '+', ':', '_', 'a', 'z', 'E', '{', '}',
        ]),
        1 => select(vec!['ō', '日', 'ー', '。', '（', '\u{feff}', '\u{0}', '\u{7f}', '\u{2028}']),
        2 => any::<char>(),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        character().prop_map(Edit::Insert),
        Just(Edit::Delete),
        character().prop_map(Edit::Replace),
    ]
}

/// The content files of a folder, English then Japanese, by name.
fn content_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for folder in [dir.to_path_buf(), dir.join("ja")] {
        let mut here: Vec<PathBuf> = std::fs::read_dir(&folder)
            .expect("a content folder")
            .map(|entry| entry.expect("a file").path())
            .filter(|path| path.extension().is_some_and(|e| e == "toml"))
            .collect();
        here.sort();
        files.extend(here);
    }
    files
}

/// Puts a file's text back when dropped, so that a panic in the loader leaves the next case
/// the base fixture.
struct Restore<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        std::fs::write(self.path, self.text).expect("the file restored");
    }
}

/// Checks that each problem names a file of the folder and, where it has a place, a line and a
/// column inside that file: lines counted from 1 as the diagnostics count them (one per line
/// break, plus one), columns in characters from 1 to one past the line's last character. The
/// marked text lies on that line, and every way of printing the problems works.
fn check_problems(
    problems: &content::Diagnostics,
    texts: &[(PathBuf, String)],
    what: &str,
) -> Result<(), TestCaseError> {
    for problem in &problems.0 {
        let text = texts.iter().find(|(path, _)| *path == problem.file);
        prop_assert!(
            text.is_some(),
            "{what}: a file not in the folder: {problem}"
        );
        let Some((_, source)) = text else {
            continue;
        };
        let Some(at) = &problem.location else {
            continue;
        };
        let lines: Vec<&str> = source.lines().collect();
        prop_assert!(
            at.line >= 1 && at.line <= lines.len().max(1),
            "{what}: line {} of {} lines: {problem}",
            at.line,
            lines.len()
        );
        let line = lines.get(at.line - 1).copied().unwrap_or("");
        let line = line.trim_end_matches('\r');
        prop_assert!(
            at.column >= 1 && at.column <= line.chars().count() + 1,
            "{what}: column {} of a line of {} characters: {problem}",
            at.column,
            line.chars().count()
        );
        prop_assert_eq!(&at.line_text, line, "{}: {}", what, problem);
        prop_assert!(
            line.get(at.marked.clone()).is_some(),
            "{what}: marked {:?} of {line:?}: {problem}",
            at.marked
        );
    }
    let _ = (
        problems.render(false),
        problems.to_string(),
        problems.to_json(),
    );
    Ok(())
}

/// Any one-character edit of any file of the base fixture (its English and
/// Japanese files), on a copy: the loader never panics, and every problem it reports, error or
/// warning, is in a file of the folder, at a line and column inside that file.
fn any_one_character_edit_of_the_content_is_reported_inside_the_file() {
    let dir = common::server::copy_content(&common::base(), "properties");
    let files = content_files(&dir);
    assert_eq!(files.len(), 18, "the content files: {files:?}");
    let texts: Vec<(PathBuf, String)> = files
        .iter()
        .map(|path| (path.clone(), std::fs::read_to_string(path).expect("text")))
        .collect();
    check(
        (any::<Index>(), any::<Index>(), edit()),
        |(file, place, edit)| {
            let (path, original) = &texts[file.index(texts.len())];
            let chars: Vec<char> = original.chars().collect();
            let at = place.index(chars.len() + 1);
            let mut edited = chars.clone();
            match edit {
                Edit::Insert(c) => edited.insert(at, c),
                Edit::Delete | Edit::Replace(_) if at == chars.len() => return Ok(()),
                Edit::Delete => {
                    edited.remove(at);
                }
                Edit::Replace(c) => edited[at] = c,
            }
            let edited: String = edited.into_iter().collect();
            let what = format!(
                "{} {edit:?} at character {at} (line {})",
                path.strip_prefix(&dir).unwrap_or(path).display(),
                chars[..at].iter().filter(|&&c| c == '\n').count() + 1
            );
            let loaded = {
                let _restore = Restore {
                    path,
                    text: original,
                };
                std::fs::write(path, &edited).expect("the edit saved");
                content::load(&dir)
            };
            let mut now = texts.clone();
            now[file.index(texts.len())].1 = edited;
            match loaded {
                Ok(editions) => check_problems(editions.warnings(), &now, &what),
                Err(problems) => {
                    prop_assert!(
                        problems.0.iter().any(|p| p.is_error()),
                        "{what}: refused without an error"
                    );
                    check_problems(&problems, &now, &what)
                }
            }
        },
    );
}
