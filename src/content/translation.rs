//! The text of a translated edition.
//!
//! The English files hold the text and every figure, row, date and source id; a translated
//! edition's file (`ja/role.toml`) mirrors its English file but holds only text, at the same
//! places. A value is found by its path in the file: keys by name, the elements of an array of
//! tables by their `id` (or a row's `code`), other elements by position. The English build
//! reads each text from its own file; the Japanese build reads the text at the same path from
//! the Japanese file, so every builder and rule runs unchanged for both. A text the
//! translation lacks is a warning at the English text, which stands in for it meanwhile;
//! anything the translation has that its English file does not is an error in the translation.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;

pub use crate::lang::Lang;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::Problem;

/// One step of a path into a TOML file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Step {
    Key(String),
    /// An element of an array of tables, by its `id` or `code`.
    Id(String),
    /// An element of an array, by position from 0.
    Index(usize),
}

/// Where a value stands in its file: `group[translation].duty[2].name`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct TextPath(Vec<Step>);

impl TextPath {
    fn with(&self, step: Step) -> TextPath {
        let mut steps = self.0.clone();
        steps.push(step);
        TextPath(steps)
    }

    /// The same path with its last key replaced: the sibling `reading` of a row's `name`.
    fn sibling(&self, key: &str) -> TextPath {
        let mut steps = self.0.clone();
        steps.pop();
        steps.push(Step::Key(key.to_string()));
        TextPath(steps)
    }

    /// An element's array and match key, for messages: (`section`, `id = "what"`).
    fn split_id(&self) -> (String, String) {
        let (last, array) = match self.0.split_last() {
            Some((Step::Id(id), rest)) => (id.clone(), rest),
            _ => (String::new(), &self.0[..]),
        };
        let array = TextPath(array.to_vec()).to_string();
        // Rows are named by their code, a number; everything else by a quoted id.
        let key = if last.bytes().all(|b| b.is_ascii_digit()) && !last.is_empty() {
            format!("code = {last}")
        } else {
            format!("id = \"{last}\"")
        };
        (array, key)
    }
}

impl fmt::Display for TextPath {
    /// Keys joined by dots; an element by its id in brackets; a position counted from 1, as
    /// an editor counts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(k) if i == 0 => write!(f, "{k}")?,
                Step::Key(k) => write!(f, ".{k}")?,
                Step::Id(id) => write!(f, "[{id}]")?,
                Step::Index(n) => write!(f, "[{}]", n + 1)?,
            }
        }
        Ok(())
    }
}

/// A value of a file with its path: a text, or (in a translated file) anything else, which
/// does not belong there.
#[derive(Debug)]
struct Leaf {
    path: TextPath,
    /// The key's place, to point at a key that does not belong.
    key: Range<usize>,
    /// The value's place, as serde's `Spanned` gives it.
    value: Range<usize>,
    /// The text, or `None` for a number, date or other value that is not text.
    text: Option<String>,
}

/// An element of an array of tables, named by its `id` or `code`.
#[derive(Debug)]
struct Element {
    path: TextPath,
    /// The place of its `id` or `code` value.
    id: Range<usize>,
}

/// A TOML document's values and named elements, with their paths.
#[derive(Debug, Default)]
struct Parsed {
    leaves: Vec<Leaf>,
    elements: Vec<Element>,
}

/// Every value of a TOML document with its path. The keys that match an element of an array
/// of tables (`id`, or `code` where there is no `id`) are the element's name, not values.
fn leaves(source: &str) -> Option<Parsed> {
    let root = DeTable::parse(source).ok()?;
    let mut out = Parsed::default();
    table(root.get_ref(), &TextPath::default(), &mut out);
    Some(out)
}

fn table(t: &DeTable<'_>, at: &TextPath, out: &mut Parsed) {
    for (key, value) in t {
        let path = at.with(Step::Key(key.get_ref().to_string()));
        leaf(key.span(), value, path, out);
    }
}

fn leaf(key: Range<usize>, value: &Spanned<DeValue<'_>>, path: TextPath, out: &mut Parsed) {
    match value.get_ref() {
        DeValue::Table(t) => table(t, &path, out),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let DeValue::Table(t) = item.get_ref() else {
                    leaf(item.span(), item, path.with(Step::Index(i)), out);
                    continue;
                };
                let Some((id, id_span)) = element_id(t) else {
                    table(t, &path.with(Step::Index(i)), out);
                    continue;
                };
                let path = path.with(Step::Id(id));
                out.elements.push(Element {
                    path: path.clone(),
                    id: id_span,
                });
                for (k, v) in t {
                    if !is_match_key(t, k.get_ref()) {
                        leaf(
                            k.span(),
                            v,
                            path.with(Step::Key(k.get_ref().to_string())),
                            out,
                        );
                    }
                }
            }
        }
        DeValue::String(s) => out.leaves.push(Leaf {
            path,
            key,
            value: value.span(),
            text: Some(s.to_string()),
        }),
        _ => out.leaves.push(Leaf {
            path,
            key,
            value: value.span(),
            text: None,
        }),
    }
}

/// The name of an element of an array of tables, and its place: its `id`, or its `code`.
fn element_id(t: &DeTable<'_>) -> Option<(String, Range<usize>)> {
    let get = |name: &str| t.iter().find(|(k, _)| k.get_ref() == name).map(|(_, v)| v);
    match (get("id"), get("code")) {
        (Some(id), _) => match id.get_ref() {
            DeValue::String(text) => Some((text.to_string(), id.span())),
            _ => None,
        },
        (None, Some(code)) => match code.get_ref() {
            DeValue::Integer(n) => Some((n.as_str().to_string(), code.span())),
            _ => None,
        },
        _ => None,
    }
}

fn is_match_key(t: &DeTable<'_>, key: &str) -> bool {
    let has_id = t.iter().any(|(k, _)| k.get_ref() == "id");
    key == "id" || (key == "code" && !has_id)
}

/// The text of one file of a translated edition, found by the place of the English text it
/// stands for.
pub struct Translation<'a> {
    pub lang: Lang,
    pub path: &'a Path,
    pub source: &'a str,
    /// The English file's name, for messages.
    english: PathBuf,
    leaves: Vec<Leaf>,
    used: Vec<Cell<bool>>,
    /// The English text's place -> its path.
    english_paths: HashMap<(usize, usize), TextPath>,
    /// A path -> the translated leaf there.
    by_path: HashMap<TextPath, usize>,
    /// The named elements of each file.
    elements: Vec<Element>,
    english_elements: Vec<Element>,
    /// English elements already reported as missing here, so that each is reported once.
    reported: RefCell<Vec<TextPath>>,
    /// Whether a text was asked for that this file does not have yet.
    fell_back: Cell<bool>,
}

/// A translated text and where it is.
pub struct Found<'t> {
    pub text: &'t str,
    pub span: Range<usize>,
}

/// A problem found when matching a translation to its English file.
pub struct Mismatch {
    pub span: Range<usize>,
    pub problem: Problem,
    /// A text not translated yet: the English text stands in for it.
    pub untranslated: bool,
}

impl<'a> Translation<'a> {
    /// Matches a translated file with its English file; `None` when either does not parse,
    /// which is reported where it is parsed.
    pub fn new(
        lang: Lang,
        path: &'a Path,
        source: &'a str,
        english_path: &Path,
        english_source: &str,
    ) -> Option<Translation<'a>> {
        let Parsed { leaves, elements } = leaves(source)?;
        let english = self::leaves(english_source).map(|p| (p.leaves, p.elements));
        let (english_leaves, english_elements) = english?;
        let english_paths = english_leaves
            .into_iter()
            .map(|l| ((l.value.start, l.value.end), l.path))
            .collect();
        let by_path = leaves
            .iter()
            .enumerate()
            .map(|(i, l)| (l.path.clone(), i))
            .collect();
        Some(Translation {
            lang,
            path,
            source,
            english: english_path.to_path_buf(),
            used: leaves.iter().map(|_| Cell::new(false)).collect(),
            leaves,
            english_paths,
            by_path,
            elements,
            english_elements,
            reported: RefCell::new(Vec::new()),
            fell_back: Cell::new(false),
        })
    }

    /// The translated text standing for the English text at `english`. When there is none,
    /// what is missing and where to point: a text at the English text, a whole element (a
    /// `[[section]]` the translation lacks) at its English id, once; `None` when that was
    /// reported already.
    pub fn text(&self, english: Range<usize>) -> Result<Found<'_>, Option<Mismatch>> {
        let Some(path) = self.english_paths.get(&(english.start, english.end)) else {
            return Err(Some(Mismatch {
                span: english,
                problem: Problem::new("this text has no place the translation can name")
                    .help("this is a bug in the site, not in the content"),
                untranslated: false,
            }));
        };
        if let Some(found) = self.at(path) {
            return Ok(found);
        }
        self.fell_back.set(true);
        let missing_element = self.english_elements.iter().find(|e| {
            path.0.starts_with(&e.path.0) && !self.elements.iter().any(|t| t.path == e.path)
        });
        let Some(element) = missing_element else {
            return Err(Some(Mismatch {
                span: english,
                problem: Problem::new(format!("`{path}` has no {} text", self.lang.name()))
                    .help(format!("add it to {} at `{path}`", self.display())),
                untranslated: true,
            }));
        };
        let mut reported = self.reported.borrow_mut();
        if reported.contains(&element.path) {
            return Err(None);
        }
        reported.push(element.path.clone());
        let (array, id) = element.path.split_id();
        Err(Some(Mismatch {
            span: element.id.clone(),
            problem: Problem::new(format!(
                "`{}` has no {} text",
                element.path,
                self.lang.name()
            ))
            .help(format!(
                "add a `[[{array}]]` with `{id}` and its text to {}",
                self.display()
            )),
            untranslated: true,
        }))
    }

    /// An edition-only value next to the English text at `english`: the `reading` beside a
    /// row's `name`.
    pub fn sibling(&self, english: Range<usize>, key: &str) -> Option<Found<'_>> {
        let path = self.english_paths.get(&(english.start, english.end))?;
        self.at(&path.sibling(key))
    }

    /// The path of the English text at `english`, for messages.
    pub fn path_of(&self, english: Range<usize>) -> Option<String> {
        self.english_paths
            .get(&(english.start, english.end))
            .map(ToString::to_string)
    }

    fn at(&self, path: &TextPath) -> Option<Found<'_>> {
        let &i = self.by_path.get(path)?;
        let leaf = &self.leaves[i];
        let text = leaf.text.as_deref()?;
        self.used[i].set(true);
        Some(Found {
            text,
            span: leaf.value.clone(),
        })
    }

    /// Whether any text was read from this file.
    /// Whether a text was asked for that this file does not have yet, so that its page shows
    /// English text.
    pub fn fell_back(&self) -> bool {
        self.fell_back.get()
    }

    pub fn any_used(&self) -> bool {
        self.used.iter().any(Cell::get)
    }

    /// Every value of the translated file that no English text asked for: a key the English
    /// file does not have, a figure or date that lives in the English file only, or an
    /// element whose id matches none.
    pub fn unused(&self) -> Vec<Mismatch> {
        // Sorted, so that among equally near suggestions the same one is made every time.
        let mut known: Vec<String> = self
            .english_paths
            .values()
            .map(ToString::to_string)
            .collect();
        known.sort_unstable();
        // An element whose id matches none in English is reported once, at its id.
        let orphans: Vec<&Element> = self
            .elements
            .iter()
            .filter(|e| !self.english_elements.iter().any(|en| en.path == e.path))
            .collect();
        let mut out: Vec<Mismatch> = orphans
            .iter()
            .map(|e| {
                let (array, _) = e.path.split_id();
                let names = self
                    .english_elements
                    .iter()
                    .filter(|en| en.path.split_id().0 == array)
                    .map(|en| en.path.to_string())
                    .collect::<Vec<_>>();
                let help = match super::suggest::closest(
                    &e.path.to_string(),
                    names.iter().map(String::as_str),
                ) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "each `[[{array}]]` here names one in {}",
                        self.english.display()
                    ),
                };
                Mismatch {
                    span: e.id.clone(),
                    problem: Problem::new(format!(
                        "`{}` matches no `[[{array}]]` of {}",
                        e.path,
                        self.english.display()
                    ))
                    .help(help),
                    untranslated: false,
                }
            })
            .collect();
        let in_orphan = |leaf: &Leaf| orphans.iter().any(|e| leaf.path.0.starts_with(&e.path.0));
        out.extend(
            self.leaves
                .iter()
                .zip(&self.used)
                .filter(|(leaf, used)| !used.get() && !in_orphan(leaf))
                .map(|(leaf, _)| {
                    let path = leaf.path.to_string();
                    let english = self.english.display();
                    let problem = if leaf.text.is_none() {
                        Problem::new(format!("`{path}` is not text")).help(format!(
                            "figures, dates and lists of sources are written once, in {english}; \
                             remove this line"
                        ))
                    } else if known.contains(&path) {
                        Problem::new(format!(
                            "`{path}` is not text the site shows in this language"
                        ))
                        .help(format!(
                            "it is written once, in {english}; remove this line"
                        ))
                    } else {
                        let help = match super::suggest::closest(
                            &path,
                            known.iter().map(String::as_str),
                        ) {
                            Some(near) => format!("did you mean `{near}`?"),
                            None => format!(
                                "the {} files hold only the text of their English file",
                                self.lang.name()
                            ),
                        };
                        Problem::new(format!("`{path}` is not in {english}")).help(help)
                    };
                    Mismatch {
                        span: leaf.key.clone(),
                        problem,
                        untranslated: false,
                    }
                }),
        );
        out
    }

    /// The file as an editor names it: `content/ja/role.toml`.
    pub fn display(&self) -> String {
        self.path.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = r#"
title = "Duties"
[[group]]
id = "translation"
heading = "Translation"
sources = ["a"]
  [[group.duty]]
  name = "Translating"
  examples = ["One", "Two"]
[[row]]
code = 28100
name = "Kobe"
cirs = 4
"#;

    const JA: &str = r#"
title = "仕事内容"
[[group]]
id = "translation"
heading = "翻訳"
  [[group.duty]]
  name = "翻訳する"
  examples = ["一", "二"]
[[row]]
code = 28100
name = "神戸市"
reading = "こうべし"
cirs = 4
"#;

    fn span_of(source: &str, text: &str) -> Range<usize> {
        let at = source.find(text).expect("in source");
        at..at + text.len()
    }

    #[test]
    fn paths_name_elements_by_id_and_code_and_count_from_one() {
        let mut all: Vec<String> = leaves(EN)
            .expect("parses")
            .leaves
            .iter()
            .map(|l| l.path.to_string())
            .collect();
        all.sort_unstable();
        assert_eq!(
            all,
            [
                "group[translation].duty[1].examples[1]",
                "group[translation].duty[1].examples[2]",
                "group[translation].duty[1].name",
                "group[translation].heading",
                "group[translation].sources[1]",
                "row[28100].cirs",
                "row[28100].name",
                "title",
            ]
        );
    }

    #[test]
    fn finds_the_translation_of_each_english_text_by_its_place() {
        let tr = Translation::new(
            Lang::Ja,
            Path::new("ja/d.toml"),
            JA,
            Path::new("d.toml"),
            EN,
        )
        .expect("both parse");
        let text = |english: &str| {
            tr.text(span_of(EN, english))
                .map(|f| f.text.to_string())
                .unwrap_or_else(|e| e.map(|m| m.problem.message).unwrap_or_default())
        };
        assert_eq!(text("\"Duties\""), "仕事内容");
        assert_eq!(text("\"Translation\""), "翻訳");
        assert_eq!(text("\"One\""), "一");
        assert_eq!(text("\"Two\""), "二");
        assert_eq!(text("\"Translating\""), "翻訳する");
        assert_eq!(text("\"Kobe\""), "神戸市");
        let reading = tr
            .sibling(span_of(EN, "\"Kobe\""), "reading")
            .expect("reading");
        assert_eq!(reading.text, "こうべし");
        assert_eq!(&JA[reading.span], "\"こうべし\"");
        // The figure and the list of sources were never asked for: the figure is reported.
        let unused: Vec<Problem> = tr.unused().into_iter().map(|m| m.problem).collect();
        assert_eq!(
            unused,
            [Problem::new("`row[28100].cirs` is not text").help(
                "figures, dates and lists of sources are written once, in d.toml; remove this line"
            )]
        );
    }

    #[test]
    fn a_missing_translation_names_its_path_and_file() {
        let ja = JA.replace("heading = \"翻訳\"\n", "");
        let tr = Translation::new(
            Lang::Ja,
            Path::new("ja/d.toml"),
            &ja,
            Path::new("d.toml"),
            EN,
        )
        .expect("both parse");
        let missing = tr.text(span_of(EN, "\"Translation\"")).err().flatten();
        let missing = missing.expect("reported");
        assert_eq!(&EN[missing.span], "\"Translation\"");
        assert_eq!(
            missing.problem,
            Problem::new("`group[translation].heading` has no Japanese text")
                .help("add it to ja/d.toml at `group[translation].heading`")
        );
        // A whole element missing is reported once, at its English id.
        let ja = JA.replace("id = \"translation\"", "id = \"translations\"");
        let tr = Translation::new(
            Lang::Ja,
            Path::new("ja/d.toml"),
            &ja,
            Path::new("d.toml"),
            EN,
        )
        .expect("both parse");
        let first = tr.text(span_of(EN, "\"Translation\"")).err().flatten();
        let first = first.expect("reported");
        assert_eq!(&EN[first.span], "\"translation\"");
        assert_eq!(
            first.problem,
            Problem::new("`group[translation]` has no Japanese text")
                .help("add a `[[group]]` with `id = \"translation\"` and its text to ja/d.toml")
        );
        assert!(matches!(tr.text(span_of(EN, "\"Two\"")), Err(None)));
        let orphan: Vec<Problem> = tr.unused().into_iter().map(|m| m.problem).collect();
        assert_eq!(
            orphan.first(),
            Some(
                &Problem::new("`group[translations]` matches no `[[group]]` of d.toml")
                    .help("did you mean `group[translation]`?")
            )
        );
    }

    #[test]
    fn an_unknown_key_is_pointed_at_with_the_nearest_path() {
        let ja = JA.replace("heading = \"翻訳\"", "headin = \"翻訳\"");
        let tr = Translation::new(
            Lang::Ja,
            Path::new("ja/d.toml"),
            &ja,
            Path::new("d.toml"),
            EN,
        )
        .expect("both parse");
        let _ = tr.text(span_of(EN, "\"Duties\""));
        let unused = tr.unused();
        let first = unused
            .iter()
            .find(|m| m.problem.message.contains("headin`"))
            .expect("reported");
        assert_eq!(&ja[first.span.clone()], "headin");
        assert_eq!(
            first.problem,
            Problem::new("`group[translation].headin` is not in d.toml")
                .help("did you mean `group[translation].heading`?")
        );
    }
}
