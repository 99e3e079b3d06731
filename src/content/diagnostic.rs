//! A problem found in the content, pointing at the file, line and column.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One problem in one content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the editor named the folder (`content/statistics.toml`).
    pub file: PathBuf,
    /// Where in the file, when the problem has a place.
    pub location: Option<Location>,
    /// What is wrong and what would be right.
    pub message: String,
}

/// A place in a file: 1-based line and column (columns count characters), and the byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub span: Range<usize>,
}

impl Location {
    /// Turns a byte range into a line and column, counting lines in the whole file.
    pub fn from_span(source: &str, span: Range<usize>) -> Self {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let before = &source[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location { line, column, span }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Diagnostic {
    /// A problem at a place in a file.
    pub fn at(file: &Path, source: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            location: Some(Location::from_span(source, span)),
            message: message.into(),
        }
    }

    /// A problem with a whole file (missing, unreadable).
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            location: None,
            message: message.into(),
        }
    }

    /// The sort key: by file, then by place in the file.
    pub fn sort_key(&self) -> (PathBuf, usize, usize) {
        let (line, column) = self
            .location
            .as_ref()
            .map_or((0, 0), |l| (l.line, l.column));
        (self.file.clone(), line, column)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(l) => write!(
                f,
                "{}:{}:{}: {}",
                self.file.display(),
                l.line,
                l.column,
                self.message
            ),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// Every problem found in a content folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "error: {d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} found in the content",
            if n == 1 { "" } else { "s" }
        )
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
    fn columns_count_characters_not_bytes() {
        let src = "x = \"ō\" # y";
        let at = src.find('#').unwrap();
        assert_eq!(Location::from_span(src, at..at).column, 9);
    }
}
