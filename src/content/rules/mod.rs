//! The rules every content file shares: required text, Markdown, anchors, unique values,
//! citations and the head of a page. Each rule reports and carries on, so an editor sees every
//! problem in one run. The citation rules and the rule for links in a translated edition have
//! their own files here.

mod cite;
pub mod formats;
mod links;

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use super::diagnostic::{Diagnostic, Location, Problem};
use super::document::Doc;
use super::fields::SourceRef;
use super::figures::Figures;
use super::markdown;
use super::model::{self, Text};
use super::suggest::closest;
use super::translation::{Lang, Translation};

/// Ids the templates give their own elements; an anchor with one of these names would make
/// the page's ids clash. A test checks this list against the templates.
pub const RESERVED_IDS: [&str; 21] = [
    "chart-desc",
    "chart-title",
    "dev-panel-heading",
    "dev-untranslated-heading",
    "figures-heading",
    "filter-region",
    "filter-type",
    "latest-heading",
    "list-heading",
    "main",
    "map-heading",
    "map-legend",
    "notes-heading",
    "page-sources-heading",
    "rows-shown",
    "sections-heading",
    "sort-status",
    "stats",
    "stats-caption",
    "toc-heading",
    "trends-caption",
];

/// An `https://` or `http://` address without spaces.
pub fn is_web_address(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && !text.contains(char::is_whitespace)
}

/// Which file a text was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    English,
    Translated,
}

/// Text as an editor wrote it for one edition, and where.
pub struct Written {
    pub text: String,
    pub span: Range<usize>,
    pub place: Place,
    /// The English text, standing in for a translation not written yet.
    pub fallback: bool,
}

/// The sources, by id, as other files cite them.
pub struct SourceIndex {
    pub by_id: HashMap<String, SourceRef>,
}

/// The context of the rules for one file: where to point, and where to report.
pub struct Cx<'a> {
    path: &'a Path,
    source: &'a str,
    diags: &'a mut Vec<Diagnostic>,
    index: Option<&'a SourceIndex>,
    /// The figures text may name; `None` while they are not known yet (or could not be
    /// computed, which is reported elsewhere), and then placeholders are left as written.
    figures: Option<&'a Figures>,
    /// For a translated edition: where its text is. Figures, ids and sources are still read
    /// from the English file.
    tr: Option<&'a Translation<'a>>,
    /// The site's own address (`base_url`), once known: a link written in full to one of
    /// its pages is checked like a path.
    address: Option<&'a str>,
    /// The anchors of the file so far, with their lines: each must be unique in its page.
    anchors: HashMap<String, usize>,
}

impl<'a> Cx<'a> {
    pub fn new<T>(
        doc: &Doc<'a, T>,
        index: Option<&'a SourceIndex>,
        diags: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Cx {
            path: doc.path,
            source: doc.source,
            diags,
            index,
            figures: None,
            tr: doc.tr,
            address: None,
            anchors: HashMap::new(),
        }
    }

    /// The edition this context builds.
    pub fn lang(&self) -> Lang {
        self.tr.map_or(Lang::En, |tr| tr.lang)
    }

    /// Whether this context builds a translated edition.
    pub fn translated(&self) -> bool {
        self.tr.is_some()
    }

    /// A problem at a place in the translated file.
    fn error_in_translation(&mut self, span: Range<usize>, problem: Problem) {
        if let Some(tr) = self.tr {
            self.diags
                .push(Diagnostic::at(tr.path, tr.source, span, problem));
        }
    }

    /// A problem at a place of the file the text came from.
    fn error_where(&mut self, place: &Place, span: Range<usize>, problem: Problem) {
        match place {
            Place::English => self.error(span, problem),
            Place::Translated => self.error_in_translation(span, problem),
        }
    }

    /// The text an editor wrote for `t` in this edition, and where; `None` (reported) when a
    /// translated edition lacks it.
    pub fn raw(&mut self, t: &Text) -> Option<Written> {
        let english = |fallback| Written {
            text: t.get_ref().clone(),
            span: t.span(),
            place: Place::English,
            fallback,
        };
        let Some(tr) = self.tr else {
            return Some(english(false));
        };
        match tr.text(t.span()) {
            Ok(found) => Some(Written {
                text: found.text.to_string(),
                span: found.span,
                place: Place::Translated,
                fallback: false,
            }),
            // Not translated yet: the English text stands in, and `check` lists it.
            Err(Some(missing)) if missing.untranslated => {
                self.diags.push(
                    Diagnostic::at(self.path, self.source, missing.span, missing.problem)
                        .untranslated(),
                );
                Some(english(true))
            }
            Err(Some(missing)) => {
                self.error(missing.span, missing.problem);
                None
            }
            Err(None) => Some(english(true)),
        }
    }

    /// Text that only a translated edition has, beside the English text `next_to` (a row's
    /// kana `reading`, beside its `name`); in English, `None`.
    pub fn edition_only(&mut self, next_to: &Text, key: &str) -> Option<Written> {
        let found = self.tr?.sibling(next_to.span(), key)?;
        Some(Written {
            text: found.text.to_string(),
            span: found.span,
            place: Place::Translated,
            fallback: false,
        })
    }

    /// Where a translated edition lacks text that it needs: at the English text `next_to`.
    pub fn missing_in_translation(&mut self, next_to: &Text, key: &str, what: &str) {
        if let Some(tr) = self.tr {
            let path = tr.path_of(next_to.span()).unwrap_or_default();
            let problem = Problem::new(format!("`{path}` has no `{key}` in {}", tr.display()))
                .help(format!("add {what} beside it"));
            self.error(next_to.span(), problem);
        }
    }

    /// Checks a value that only a translated edition has: `check` says what is wrong with it.
    pub fn check_written(&mut self, w: &Written, problem: Option<Problem>) {
        if let Some(problem) = problem {
            let place = w.place;
            self.error_where(&place, w.span.clone(), problem);
        }
    }

    /// The same context, with figures for the text's placeholders.
    pub fn with_figures(self, figures: Option<&'a Figures>) -> Self {
        Cx { figures, ..self }
    }

    /// The same context, knowing the site's own address.
    pub fn with_address(self, address: Option<&'a str>) -> Self {
        Cx { address, ..self }
    }

    pub fn error(&mut self, span: Range<usize>, problem: Problem) {
        self.diags
            .push(Diagnostic::at(self.path, self.source, span, problem));
    }

    /// A problem of the file as a whole, with no one value to point at.
    pub fn file_error(&mut self, problem: Problem) {
        self.diags.push(Diagnostic::file(self.path, problem));
    }

    /// A problem that does not keep the content from going live.
    pub fn warn(&mut self, span: Range<usize>, problem: Problem) {
        self.diags
            .push(Diagnostic::at(self.path, self.source, span, problem).warning());
    }

    /// The line of a byte offset in this file, for messages that refer to another place.
    pub fn line_of(&self, span: Range<usize>) -> usize {
        Location::from_span(self.source, span).line
    }

    /// Required text: present and not blank, with its placeholders filled.
    pub fn text(&mut self, t: &Text, field: &str) -> String {
        let Some(w) = self.raw(t) else {
            return String::new();
        };
        self.fill(&w, field)
    }

    /// Required text that is the same in every edition (an address, an identifier): always
    /// read from the English file, without placeholders.
    pub fn data_text(&mut self, t: &Text, field: &str) -> String {
        let text = t.get_ref().trim();
        if text.is_empty() {
            self.error(
                t.span(),
                Problem::new(format!("`{field}` is empty")).help("write the text it needs"),
            );
        }
        text.to_string()
    }

    /// Text that may be blank (a separator), as written in this edition.
    pub fn text_or_blank(&mut self, t: &Text) -> String {
        self.raw(t).map(|w| w.text).unwrap_or_default()
    }

    /// Checks written text and fills its placeholders.
    pub fn fill(&mut self, w: &Written, field: &str) -> String {
        self.links_stay_in_edition(w);
        let text = w.text.trim();
        if text.is_empty() {
            self.error_where(
                &w.place,
                w.span.clone(),
                Problem::new(format!("`{field}` is empty")).help("write the text it needs"),
            );
        }
        let Some(figures) = self.figures else {
            return text.to_string();
        };
        match figures.fill(text) {
            Ok(filled) => filled,
            Err(unknown) => {
                for u in unknown {
                    let help = match closest(&u.name, figures.names()) {
                        Some(near) => format!("did you mean `{{{near}}}`?"),
                        None => format!(
                            "the placeholders are {}",
                            figures
                                .names()
                                .map(|n| format!("`{{{n}}}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    let span = self.place_of(&w.place, w.span.clone(), &text[u.at.clone()]);
                    let name = &u.name;
                    self.error_where(
                        &w.place,
                        span,
                        Problem::new(format!("unknown placeholder `{{{name}}}`")).help(help),
                    );
                }
                text.to_string()
            }
        }
    }

    /// Where `needle` stands inside the value at `span`, to point at it rather than at the
    /// whole value; the whole value when the file writes it differently (with escapes).
    fn place_of(&self, place: &Place, span: Range<usize>, needle: &str) -> Range<usize> {
        let source = match (place, self.tr) {
            (Place::Translated, Some(tr)) => tr.source,
            _ => self.source,
        };
        source
            .get(span.clone())
            .and_then(|value| value.find(needle))
            .map_or(span.clone(), |at| {
                span.start + at..span.start + at + needle.len()
            })
    }

    /// Required Markdown text, rendered to HTML. The English text standing in for a
    /// translation is marked as English, for screen readers, browsers' translation and fonts.
    pub fn markdown(&mut self, t: &Text, field: &str) -> String {
        let Some(w) = self.raw(t) else {
            return String::new();
        };
        let html = markdown::to_html(&self.fill(&w, field));
        if w.fallback {
            format!(
                "<div lang=\"{}\" class=\"untranslated\">{html}</div>",
                Lang::En.tag()
            )
        } else {
            html
        }
    }

    pub fn anchor(&mut self, t: &Text, field: &str, seen: &mut HashMap<String, usize>) -> String {
        let id = t.get_ref().as_str();
        let well_formed = !id.is_empty()
            && !id.starts_with('-')
            && !id.ends_with('-')
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed {
            self.error(
                t.span(),
                Problem::new(format!("`{field} = \"{id}\"` is not a valid anchor")).help(
                    "use lower-case letters, digits and single hyphens, such as \
                     `board-of-education`",
                ),
            );
        } else if RESERVED_IDS.contains(&id) {
            self.error(
                t.span(),
                Problem::new(format!("`{field} = \"{id}\"` is used by the page itself"))
                    .help("choose another anchor"),
            );
        } else {
            self.unique(t, field, seen);
        }
        id.to_string()
    }

    /// Reports the second use of a value that must be unique; `seen` maps each value to the
    /// line of its first use.
    pub fn unique(&mut self, t: &Text, field: &str, seen: &mut HashMap<String, usize>) {
        let key = t.get_ref().trim().to_lowercase();
        let line = self.line_of(t.span());
        if let Some(first) = seen.get(&key) {
            self.error(
                t.span(),
                Problem::new(format!("duplicate {field} `{}`", t.get_ref()))
                    .help(format!("it is already used on line {first}")),
            );
        } else {
            seen.insert(key, line);
        }
    }

    /// The description of every column of a download, in the columns' order: each column
    /// once, and no other.
    pub fn columns(
        &mut self,
        columns: &model::Columns,
        names: &[&'static str],
    ) -> Vec<(&'static str, String)> {
        for key in columns.get_ref().keys() {
            if !names.contains(&key.get_ref().as_str()) {
                let help = match closest(key.get_ref(), names.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("the columns are {}", names.join(", ")),
                };
                self.error(
                    key.span(),
                    Problem::new(format!(
                        "`{}` is not a column of the download",
                        key.get_ref()
                    ))
                    .help(help),
                );
            }
        }
        let missing: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| !columns.get_ref().keys().any(|k| k.get_ref() == n))
            .collect();
        if let Some(first) = missing.first() {
            let listed = missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ");
            self.error(
                columns.span(),
                Problem::new(format!("`[columns]` has no description of {listed}"))
                    .help(format!("add a line for each, such as `{first} = \"…\"`")),
            );
        }
        names
            .iter()
            .map(|&name| {
                let text = columns
                    .get_ref()
                    .iter()
                    .find(|(k, _)| k.get_ref() == name)
                    .map(|(_, t)| self.text(t, name))
                    .unwrap_or_default();
                (name, text)
            })
            .collect()
    }
}

impl Cx<'_> {
    /// An element's anchor, unique among the anchors of its file so far.
    pub fn anchor_here(&mut self, t: &Text, field: &str) -> String {
        let mut seen = std::mem::take(&mut self.anchors);
        let id = self.anchor(t, field, &mut seen);
        self.anchors = seen;
        id
    }

    /// Anchors the page takes before its elements' (the sources' ids on the sources page).
    pub fn reserve_anchors(&mut self, anchors: HashMap<String, usize>) {
        self.anchors.extend(anchors);
    }
}
