//! The kinds of value a content file holds, as the site reads them and as their JSON Schema
//! tells editors' tools: text in each language, text written once, dates, names from a list.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

/// Text an editor wrote, with its place in the file.
pub type Text = Spanned<String>;

/// Text an editor writes in each language: the Japanese file has its own at the same place.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct Translated(pub Text);

/// Text that is the same in every edition (an id, an address, a code), written once in the
/// English file.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct Untranslated(pub Text);

/// A list of texts in each language, such as the names of the months.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct TextList(pub Spanned<Vec<Text>>);

macro_rules! deref_to {
    ($($outer:ty => $inner:ty),*) => {
        $(impl std::ops::Deref for $outer {
            type Target = $inner;
            fn deref(&self) -> &$inner {
                &self.0
            }
        })*
    };
}

deref_to!(Translated => Text, Untranslated => Text, TextList => Spanned<Vec<Text>>);

/// The JSON Schema of a kind of value, inlined where it is used. `x-text` marks what a
/// translated file may hold.
macro_rules! schema_of {
    ($($ty:ident = $schema:tt;)*) => {
        $(impl JsonSchema for $ty {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!($schema)
            }
        })*
    };
}

/// A TOML date such as `2014-07-01`, as JSON Schema sees it.
pub struct LocalDate;
/// `official` or `secondary`.
pub struct SourceKindName;
/// `prefecture` or `city`.
pub struct RowKindName;
/// One of the eight regions.
pub struct RegionName;

schema_of! {
    Translated = { "type": "string", "x-text": true };
    Untranslated = { "type": "string" };
    TextList = { "type": "array", "items": { "type": "string" }, "x-text": true };
    LocalDate = { "type": "string", "format": "date" };
    SourceKindName = { "type": "string", "enum": ["official", "secondary"] };
    RowKindName = { "type": "string", "enum": ["prefecture", "city"] };
    RegionName = {
        "type": "string",
        "enum": ["hokkaido", "tohoku", "kanto", "chubu", "kansai", "chugoku", "shikoku", "kyushu"]
    };
}

/// HTML rendered from an editor's Markdown when the content was loaded: shown as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for Html {
    fn from(html: String) -> Html {
        Html(html)
    }
}

impl std::fmt::Display for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Templates show it unescaped: it was rendered from Markdown, raw HTML in the text
/// escaped (see `markdown::to_html`).
impl askama::filters::HtmlSafe for Html {}

/// A citation of a source, resolved against `sources.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub id: String,
    pub title: String,
    /// Marked wherever it is cited, so that readers weigh it accordingly.
    pub secondary: bool,
}
