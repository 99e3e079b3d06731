//! A problem found in the content, pointing at the file, line and column, rendered in the
//! style of rustc (through annotate-snippets), as one line, or as JSON.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

/// How serious a problem is: an error keeps the content from going live; a warning does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one content file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, as the editor named the folder (`content/statistics.toml`).
    pub file: PathBuf,
    /// Where in the file, when the problem has a place.
    #[serde(flatten)]
    pub location: Option<Location>,
    /// What is wrong.
    pub message: String,
    /// What would be right, when the rule can say.
    pub help: Option<String>,
    /// A text not translated yet: a warning, which `check --strict` refuses.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub untranslated: bool,
}

/// A place in a file: 1-based line and column (columns count characters), the byte range in
/// the file, and the text of the line, for showing it with a marker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub span: Range<usize>,
    /// The line the problem starts on, without its line break.
    #[serde(skip)]
    pub line_text: String,
    /// The marked part of `line_text`, in bytes.
    #[serde(skip)]
    pub marked: Range<usize>,
}

impl Location {
    /// Turns a byte range into a line and column, counting lines in the whole file.
    pub fn from_span(source: &str, span: Range<usize>) -> Self {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        // The end of a file that ends with a line break (where the parser stops on a string
        // left open) is shown at the end of the last line: an editor has no line after it.
        let start = match source.strip_suffix('\n') {
            Some(last) if start == source.len() => last.strip_suffix('\r').unwrap_or(last).len(),
            _ => start,
        };
        let before = &source[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line_text = source[line_start..line_end].trim_end_matches('\r');
        // A place inside a CRLF line break (the parser stops at the `\n` of a string that a
        // `\r` cut short) is shown at the end of the line, where the editor puts it.
        let start = start.min(line_start + line_text.len());
        let before = &source[..start];
        let column = before[line_start..].chars().count() + 1;
        // A span past the end of its line (a multi-line value) is marked to the line's end;
        // an empty one still gets one mark.
        let from = start - line_start;
        let to = floor_char_boundary(line_text, span.end.min(line_end).saturating_sub(line_start))
            .max(from)
            .min(line_text.len());
        Location {
            line,
            column,
            span,
            line_text: line_text.to_string(),
            marked: from.min(line_text.len())..to,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// What a rule says about one problem: what is wrong, and what would be right when the rule
/// can say. A [`Diagnostic`] is a problem at its place in a file; the help stands under the
/// marker there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    /// What is wrong, with no help yet.
    pub fn new(message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            help: None,
        }
    }

    /// The same problem, saying what would be right.
    #[must_use]
    pub fn help(self, help: impl Into<String>) -> Self {
        Problem {
            help: Some(help.into()),
            ..self
        }
    }
}

impl Diagnostic {
    /// A problem at a place in a file.
    pub fn at(file: &Path, source: &str, span: Range<usize>, problem: Problem) -> Self {
        let Problem { message, help } = problem;
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            location: Some(Location::from_span(source, span)),
            message,
            help,
            untranslated: false,
        }
    }

    /// A problem with a whole file (missing, unreadable).
    pub fn file(file: &Path, problem: Problem) -> Self {
        let Problem { message, help } = problem;
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            location: None,
            message,
            help,
            untranslated: false,
        }
    }

    /// A text not translated yet, shown in English meanwhile: a warning.
    pub fn untranslated(self) -> Self {
        Diagnostic {
            untranslated: true,
            ..self.warning()
        }
    }

    /// The same problem as an error, as `check --strict` sees an untranslated text.
    pub fn strict(self) -> Self {
        Diagnostic {
            severity: Severity::Error,
            ..self
        }
    }

    /// The same problem as a warning: worth fixing, but the content may go live.
    pub fn warning(self) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..self
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The sort key: by file, then by place in the file.
    pub fn sort_key(&self) -> (PathBuf, usize, usize) {
        let (line, column) = self
            .location
            .as_ref()
            .map_or((0, 0), |l| (l.line, l.column));
        (self.file.clone(), line, column)
    }

    /// The problem as rustc would show it: the message, the place, the line with a marker
    /// under the exact value, and the help.
    pub fn render(&self, renderer: &Renderer) -> String {
        let path = self.file.display().to_string();
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(self.message.as_str());
        let group = match &self.location {
            Some(l) => {
                let mut annotation = AnnotationKind::Primary.span(l.marked.clone());
                if let Some(help) = &self.help {
                    annotation = annotation.label(help.as_str());
                }
                title.element(
                    Snippet::source(l.line_text.as_str())
                        .line_start(l.line)
                        .path(path)
                        .annotation(annotation),
                )
            }
            None => {
                let group = title.element(Origin::path(path));
                match &self.help {
                    Some(help) => group.element(Level::HELP.message(help.as_str())),
                    None => group,
                }
            }
        };
        renderer.render(&[group as Group<'_>])
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `file:line:column: message; help`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = &self.location {
            write!(f, ":{}:{}", l.line, l.column)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in a content folder, sorted by file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Every problem in the style of rustc, then a count. `color` adds terminal colours.
    pub fn render(&self, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&d.render(&renderer));
            out.push_str("\n\n");
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// The problems as a JSON array, for other tools.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.0).unwrap_or_else(|_| "[]".to_string())
    }

    /// "2 problems found in the content", with the warnings counted apart.
    pub fn summary(&self) -> String {
        let errors = self.0.iter().filter(|d| d.is_error()).count();
        let warnings = self.0.len() - errors;
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        match (errors, warnings) {
            (_, 0) => format!("{errors} problem{} found in the content", plural(errors)),
            (0, _) => format!(
                "{warnings} warning{} found in the content; it is valid and may go live",
                plural(warnings)
            ),
            _ => format!(
                "{errors} problem{} and {warnings} warning{} found in the content",
                plural(errors),
                plural(warnings)
            ),
        }
    }
}

impl fmt::Display for Diagnostics {
    /// One line a problem, then the count: for logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            let level = if d.is_error() { "error" } else { "warning" };
            writeln!(f, "{level}: {d}")?;
        }
        f.write_str(&self.summary())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_columns_from_the_start_of_the_file() {
        let src = "a = 1\nname = \"Kōbe\"\nb = 2\n";
        let at = src.find("b =").unwrap();
        let l = Location::from_span(src, at..at + 1);
        assert_eq!((l.line, l.column), (3, 1));
        let at = src.find("\"K").unwrap();
        assert_eq!(Location::from_span(src, at..at).column, 8);
    }

    #[test]
    fn a_place_inside_a_crlf_line_break_is_the_end_of_its_line() {
        let src = "key = \"ab\r\nnext = 1\n";
        for at in [9, 10] {
            let l = Location::from_span(src, at..at);
            assert_eq!((l.line, l.column), (1, 10), "at {at}");
            assert_eq!(l.line_text, "key = \"ab");
            assert_eq!(l.marked, 9..9);
        }
        let l = Location::from_span(src, 11..11);
        assert_eq!((l.line, l.column), (2, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = "x = \"ō\" # y";
        let at = src.find('#').unwrap();
        assert_eq!(Location::from_span(src, at..at).column, 9);
    }

    #[test]
    fn marks_the_value_on_its_line() {
        let src = "a = 1\nregion = \"kantou\"\n";
        let at = src.find("\"kantou\"").unwrap();
        let d = Diagnostic::at(
            Path::new("content/statistics.toml"),
            src,
            at..at + 8,
            Problem::new("unknown region `kantou`").help("did you mean `kanto`?"),
        );
        assert_eq!(
            d.render(&Renderer::plain()),
            "error: unknown region `kantou`\n --> content/statistics.toml:2:10\n  |\n2 | region = \"kantou\"\n  |          ^^^^^^^^ did you mean `kanto`?"
        );
        assert_eq!(
            d.to_string(),
            "content/statistics.toml:2:10: unknown region `kantou`; did you mean `kanto`?"
        );
    }

    #[test]
    fn a_span_that_starts_or_ends_inside_a_character_is_moved_to_its_start() {
        // `x="Kōbe"`: `ō` takes bytes 4 and 5.
        let src = "x=\"Kōbe\"";
        let l = Location::from_span(src, 5..6);
        assert_eq!((l.column, l.marked.clone()), (5, 4..6));
        let l = Location::from_span(src, 4..5);
        assert_eq!((l.column, l.marked.clone()), (5, 4..4));
        assert_eq!(floor_char_boundary(src, 5), 4);
        assert_eq!(floor_char_boundary(src, 6), 6);
        assert_eq!(floor_char_boundary(src, 99), src.len());
    }

    #[test]
    fn problems_print_one_line_each_for_logs_then_a_count() {
        let src = "a = 1\nregion = \"kantou\"\n";
        let file = Path::new("content/statistics.toml");
        let problems = Diagnostics(vec![
            Diagnostic::at(
                file,
                src,
                15..23,
                Problem::new("unknown region `kantou`").help("did you mean `kanto`?"),
            ),
            Diagnostic::file(
                Path::new("content/role.toml"),
                Problem::new("this file is missing"),
            )
            .warning(),
        ]);
        assert_eq!(
            problems.to_string(),
            "error: content/statistics.toml:2:10: unknown region `kantou`; did you mean `kanto`?\n\
             warning: content/role.toml: this file is missing\n\
             1 problem and 1 warning found in the content"
        );
        let warnings = Diagnostics(problems.0[1..].to_vec());
        assert_eq!(
            warnings.summary(),
            "1 warning found in the content; it is valid and may go live"
        );
        assert_eq!(
            Diagnostics(vec![problems.0[0].clone(), problems.0[0].clone()]).summary(),
            "2 problems found in the content"
        );
        let json: serde_json::Value = serde_json::from_str(&problems.to_json()).expect("JSON");
        assert_eq!(json[0]["severity"], "error");
        assert_eq!(json[1]["severity"], "warning");
        assert_eq!(json[1]["line"], serde_json::Value::Null);
    }

    #[test]
    fn the_end_of_a_file_that_ends_with_a_line_break_is_the_end_of_its_last_line() {
        let at_end = |src: &str| {
            let l = Location::from_span(src, src.len()..src.len());
            (l.line, l.column, l.line_text, l.marked)
        };
        assert_eq!(
            at_end("a = 1\nb = \"\"\"\ntēxt\n"),
            (3, 5, "tēxt".to_string(), 5..5)
        );
        assert_eq!(
            at_end("a = 1\r\nb = 2\r\n"),
            (2, 6, "b = 2".to_string(), 5..5)
        );
        assert_eq!(at_end("a = 1\n\n"), (2, 1, String::new(), 0..0));
        assert_eq!(at_end("a = 1"), (1, 6, "a = 1".to_string(), 5..5));
        assert_eq!(at_end("\n"), (1, 1, String::new(), 0..0));
        assert_eq!(at_end(""), (1, 1, String::new(), 0..0));
    }

    #[test]
    fn a_span_across_lines_is_marked_to_the_end_of_its_first_line() {
        let src = "body = \"\"\"\nsome text\n\"\"\"\n";
        let l = Location::from_span(src, 7..src.len());
        assert_eq!(l.line_text, "body = \"\"\"");
        assert_eq!(l.marked, 7..10);
    }
}
