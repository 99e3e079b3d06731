//! Files -> parsed documents: reads every file of a content folder once, then parses each into
//! its schema type. Nothing here knows what a file means; the rules and builders do.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::diagnostic::{Diagnostic, Problem};
use super::suggest::closest;
use super::translation::Translation;
use crate::hash::Fnv;

/// Content files are hand-written text; anything larger is a mistake (a pasted data dump),
/// and refusing it early keeps a bad edit from costing the server memory.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The text of every content file, as read from one folder.
pub struct Folder {
    files: Vec<File>,
}

struct File {
    name: String,
    path: PathBuf,
    /// `None` when the file is missing or unreadable; that is already reported.
    text: Option<String>,
}

/// A parsed file with the text it came from, so that rules can point into it.
pub struct Doc<'a, T> {
    pub path: &'a Path,
    pub source: &'a str,
    pub value: T,
    /// For a translated edition: the file its text is read from.
    pub tr: Option<&'a Translation<'a>>,
}

impl<'a, T> Doc<'a, T> {
    /// The same document, with its text read from a translated edition's file.
    pub fn translated(self, tr: Option<&'a Translation<'a>>) -> Self {
        Doc { tr, ..self }
    }
}

impl Folder {
    /// Reads each named file of `dir`, and reports any other `.toml` file there: a misnamed
    /// file (`statistic.toml`) would otherwise be silently ignored while the editor wonders
    /// why the change does not show.
    pub fn read(dir: &Path, names: &[String], diags: &mut Vec<Diagnostic>) -> Folder {
        // The folder itself and each edition's folder (`ja/`) named in `names`.
        let mut folders: Vec<&str> = names
            .iter()
            .filter_map(|n| n.rsplit_once('/').map(|(folder, _)| folder))
            .collect();
        folders.sort_unstable();
        folders.dedup();
        for folder in std::iter::once("").chain(folders) {
            let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
                continue;
            };
            for entry in entries.flatten() {
                let file = entry.file_name();
                let Some(file) = file.to_str() else { continue };
                let name = match folder {
                    "" => file.to_string(),
                    _ => format!("{folder}/{file}"),
                };
                if file.ends_with(".toml")
                    && !names.contains(&name)
                    && !is_scratch_file(&entry.path())
                {
                    let help = match closest(&name, names.iter().map(String::as_str)) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("the content files are {}", names.join(", ")),
                    };
                    diags.push(Diagnostic::file(
                        &entry.path(),
                        Problem::new(format!("unknown content file `{name}`")).help(help),
                    ));
                }
            }
        }
        let files = names
            .iter()
            .map(|name| {
                let path = dir.join(name);
                let text = read(&path, diags);
                File {
                    name: name.clone(),
                    path,
                    text,
                }
            })
            .collect();
        Folder { files }
    }

    /// Parses the named file into its schema type; `None` when it is missing or does not
    /// parse, with the problem reported.
    pub fn parse<T: DeserializeOwned>(
        &self,
        name: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Doc<'_, T>> {
        let file = self.files.iter().find(|f| f.name == name)?;
        let source = file.text.as_deref()?;
        match toml::from_str::<T>(source) {
            Ok(value) => Some(Doc {
                path: &file.path,
                source,
                value,
                tr: None,
            }),
            Err(e) => {
                let problem = describe_toml_error(e.message());
                diags.push(match e.span() {
                    Some(span) => Diagnostic::at(&file.path, source, span, problem),
                    None => Diagnostic::file(&file.path, problem),
                });
                None
            }
        }
    }

    /// A file's path and text, when it was read.
    pub fn text(&self, name: &str) -> Option<(&Path, &str)> {
        let file = self.files.iter().find(|f| f.name == name)?;
        Some((&file.path, file.text.as_deref()?))
    }

    /// A hash of every file's name and bytes: different for any change to the content.
    pub fn version(&self) -> String {
        let mut hash = Fnv::default();
        for file in &self.files {
            if let Some(text) = &file.text {
                hash.write(file.name.as_bytes())
                    .write(&[0])
                    .write(text.as_bytes())
                    .write(&[0]);
            }
        }
        hash.hex()
    }
}

fn read(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let size = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            diags.push(Diagnostic::file(
                path,
                Problem::new("this file is missing").help("every content folder needs it"),
            ));
            return None;
        }
        Err(e) => {
            diags.push(Diagnostic::file(
                path,
                Problem::new(format!("cannot be read: {e}")),
            ));
            return None;
        }
    };
    if size > MAX_FILE_BYTES {
        diags.push(Diagnostic::file(
            path,
            Problem::new(format!("the file has {size} bytes")).help(format!(
                "a content file may have at most {MAX_FILE_BYTES} bytes (1 MiB)"
            )),
        ));
        return None;
    }
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                // The marker goes under the first byte that is not UTF-8.
                diags.push(Diagnostic::at(
                    path,
                    &text,
                    at..at,
                    Problem::new("the file is not valid UTF-8")
                        .help("save it with the UTF-8 encoding"),
                ));
                None
            }
        },
        Err(e) => {
            diags.push(Diagnostic::file(
                path,
                Problem::new(format!("cannot be read: {e}")),
            ));
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

/// The TOML parser's messages are good but speak of Rust types; say them in an editor's words,
/// on one line after the location, with what was expected under the marker.
fn describe_toml_error(message: &str) -> Problem {
    const PLAIN: [(&str, &str); 8] = [
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
    if out.starts_with("cannot recurse further") {
        return Problem::new("the value is nested too deeply")
            .help("content files nest lists and tables a few levels at most");
    }
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
        let help = match closest(field, names) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("the keys allowed here are {allowed}"),
        };
        return Problem::new(format!("unknown key `{field}`")).help(help);
    }
    if out.starts_with("missing field") {
        return Problem::new(out.replacen("field", "key", 1)).help("this table needs it");
    }
    // Serde says "invalid type: X, expected Y": put what is expected under the marker.
    match out.split_once(", expected ") {
        Some((what, expected)) => Problem::new(what).help(format!("expected {expected}")),
        None => Problem::new(out),
    }
}
