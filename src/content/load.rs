//! Files -> model: reads every content file, parses its TOML, and hands the parsed files to the
//! validation rules. Problems are collected across all files before anything fails.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::diagnostic::{Diagnostic, Diagnostics};
use super::model::{
    DutiesFile, EmployersFile, HomeFile, RoleFile, SiteFile, SourcesFile, StatisticsFile,
};
use super::site::Site;
use super::validate;
use crate::hash::Fnv;

/// The files of a content folder. Each must be there; no other `.toml` file may be.
pub const FILES: [&str; 7] = [
    "site.toml",
    "home.toml",
    "role.toml",
    "duties.toml",
    "employers.toml",
    "sources.toml",
    "statistics.toml",
];

/// Content files are hand-written text; anything larger is a mistake (a pasted data dump),
/// and refusing it early keeps a bad edit from costing the server memory.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A parsed file with the text it came from, so that rules can point into it.
pub struct Doc<T> {
    pub path: PathBuf,
    pub source: String,
    pub value: T,
}

/// Every content file, parsed. A file that could not be parsed is `None`; its problems are
/// already reported.
pub struct Docs {
    pub site: Option<Doc<SiteFile>>,
    pub home: Option<Doc<HomeFile>>,
    pub role: Option<Doc<RoleFile>>,
    pub duties: Option<Doc<DutiesFile>>,
    pub employers: Option<Doc<EmployersFile>>,
    pub sources: Option<Doc<SourcesFile>>,
    pub statistics: Option<Doc<StatisticsFile>>,
}

impl Docs {
    /// A hash of every file's name and bytes.
    fn version(&self) -> String {
        let mut hash = Fnv::default();
        let sources = [
            self.site.as_ref().map(|d| (&d.path, &d.source)),
            self.home.as_ref().map(|d| (&d.path, &d.source)),
            self.role.as_ref().map(|d| (&d.path, &d.source)),
            self.duties.as_ref().map(|d| (&d.path, &d.source)),
            self.employers.as_ref().map(|d| (&d.path, &d.source)),
            self.sources.as_ref().map(|d| (&d.path, &d.source)),
            self.statistics.as_ref().map(|d| (&d.path, &d.source)),
        ];
        for (path, source) in sources.into_iter().flatten() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            hash.write(name.as_bytes())
                .write(&[0])
                .write(source.as_bytes())
                .write(&[0]);
        }
        hash.hex()
    }
}

/// Loads and validates a content folder: the site snapshot, or every problem found, sorted by
/// file and line.
pub fn load(dir: &Path) -> Result<Site, Diagnostics> {
    let mut diags = Vec::new();
    if !dir.is_dir() {
        diags.push(Diagnostic::file(
            dir,
            "the content folder does not exist or is not a folder",
        ));
        return Err(Diagnostics(diags));
    }
    check_for_unknown_files(dir, &mut diags);
    let docs = Docs {
        site: parse(dir, "site.toml", &mut diags),
        home: parse(dir, "home.toml", &mut diags),
        role: parse(dir, "role.toml", &mut diags),
        duties: parse(dir, "duties.toml", &mut diags),
        employers: parse(dir, "employers.toml", &mut diags),
        sources: parse(dir, "sources.toml", &mut diags),
        statistics: parse(dir, "statistics.toml", &mut diags),
    };
    let site = validate::site(&docs, &mut diags);
    match site {
        Some(mut site) if diags.is_empty() => {
            site.version = docs.version();
            Ok(site)
        }
        _ => {
            diags.sort_by_key(Diagnostic::sort_key);
            diags.dedup();
            Err(Diagnostics(diags))
        }
    }
}

fn parse<T: DeserializeOwned>(
    dir: &Path,
    name: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Doc<T>> {
    let path = dir.join(name);
    let source = read(&path, diags)?;
    match toml::from_str::<T>(&source) {
        Ok(value) => Some(Doc {
            path,
            source,
            value,
        }),
        Err(e) => {
            let message = describe_toml_error(e.message());
            diags.push(match e.span() {
                Some(span) => Diagnostic::at(&path, &source, span, message),
                None => Diagnostic::file(&path, message),
            });
            None
        }
    }
}

fn read(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let size = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            diags.push(Diagnostic::file(
                path,
                "this file is missing; every content folder needs it",
            ));
            return None;
        }
        Err(e) => {
            diags.push(Diagnostic::file(path, format!("cannot be read: {e}")));
            return None;
        }
    };
    if size > MAX_FILE_BYTES {
        diags.push(Diagnostic::file(
            path,
            format!(
                "the file has {size} bytes; a content file may have at most {MAX_FILE_BYTES} bytes (1 MiB)"
            ),
        ));
        return None;
    }
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                diags.push(Diagnostic::at(
                    path,
                    &text,
                    at..at + 1,
                    "the file is not valid UTF-8; save it with the UTF-8 encoding",
                ));
                None
            }
        },
        Err(e) => {
            diags.push(Diagnostic::file(path, format!("cannot be read: {e}")));
            None
        }
    }
}

/// Editors' temporary, swap and backup files.
pub fn is_scratch_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".bak",
            ".orig",
            ".part",
            ".crdownload",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// A misnamed file (`statistic.toml`) would otherwise be silently ignored while the editor
/// wonders why the change does not show.
fn check_for_unknown_files(dir: &Path, diags: &mut Vec<Diagnostic>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.ends_with(".toml") && !FILES.contains(&name) && !is_scratch_file(&entry.path()) {
            let hint = match validate::closest(name, FILES.iter().copied()) {
                Some(near) => format!("; did you mean `{near}`?"),
                None => format!("; the content files are {}", FILES.join(", ")),
            };
            diags.push(Diagnostic::file(
                &entry.path(),
                format!("unknown content file `{name}`{hint}"),
            ));
        }
    }
}

/// The TOML parser's messages are good but speak of Rust types; say them in an editor's words,
/// on one line after the location.
fn describe_toml_error(message: &str) -> String {
    const PLAIN: [(&str, &str); 9] = [
        (
            "cannot recurse further; max recursion depth met",
            "the value is nested too deeply; content files nest lists and tables a few levels at most",
        ),
        ("expected i64", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected a string", "expected text in quotes"),
        (
            "expected a sequence",
            "expected a list in brackets, such as [\"a\", \"b\"]",
        ),
        ("expected a map", "expected a table"),
        (
            "expected a TOML datetime",
            "expected a date such as 2014-07-01",
        ),
        ("invalid type: sequence", "invalid type: list"),
        ("invalid type: map", "invalid type: table"),
    ];
    let mut out = message.trim().replace('\n', " ");
    for (from, to) in PLAIN {
        out = out.replace(from, to);
    }
    if let Some(rest) = out.strip_prefix("unknown field `")
        && let Some((field, expected)) = rest.split_once("`, expected ")
    {
        let allowed = expected.trim_start_matches("one of ");
        let names = allowed
            .split(", ")
            .flat_map(|n| n.split(" or "))
            .map(|n| n.trim_matches('`'));
        return match validate::closest(field, names) {
            Some(near) => format!("unknown key `{field}`; did you mean `{near}`?"),
            None => format!("unknown key `{field}`; the keys allowed here are {allowed}"),
        };
    }
    if out.starts_with("missing field") {
        return format!("{}; this table needs it", out.replacen("field", "key", 1));
    }
    // Serde says "invalid type: X, expected Y": put what is expected under the marker.
    out.replacen(", expected ", "; expected ", 1)
}
