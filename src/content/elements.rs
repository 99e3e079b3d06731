//! The parts of content files that repeat or that several files share: a page's head, a
//! section, a duty, an employer, a source, a note. Their texts are read and checked by the
//! builders, with the rules only they know (anchors, citations, dates, kinds).

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::fields::{LocalDate, SourceKindName, Text, Translated, Untranslated};

/// The part every page file starts with: its title, navigation label and description.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    /// The page's main heading, also used in its `<title>`.
    #[schemars(with = "Translated")]
    pub title: Text,
    /// The short label of the page in the navigation.
    #[schemars(with = "Translated")]
    pub nav_label: Text,
    /// One or two sentences that describe the page: used by search engines, link previews and
    /// the home page's list of sections.
    #[schemars(with = "Translated")]
    pub description: Text,
    /// The opening paragraphs of the page (Markdown).
    #[schemars(with = "Translated")]
    pub intro: Text,
    /// Ids of the sources (from `sources.toml`) that back the page's introduction.
    #[serde(default)]
    #[schemars(with = "Vec<Untranslated>")]
    pub sources: Vec<Text>,
}

/// A section of a page: a heading and Markdown text, with its sources.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's anchor in the page address (`/role#history`): lower case letters, digits
    /// and hyphens. Keep it stable: shared links point at it.
    #[schemars(with = "Untranslated")]
    pub id: Text,
    /// The section's heading.
    #[schemars(with = "Translated")]
    pub heading: Text,
    /// The section's text (Markdown).
    #[schemars(with = "Translated")]
    pub body: Text,
    /// Ids of the sources (from `sources.toml`) that back the section.
    #[schemars(with = "Vec<Untranslated>")]
    pub sources: Vec<Text>,
}

/// A group of duties in `duties.toml`, under `[[group]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DutyGroup {
    /// The group's anchor in the page address (`/duties#translation`).
    #[schemars(with = "Untranslated")]
    pub id: Text,
    /// The group's heading.
    #[schemars(with = "Translated")]
    pub heading: Text,
    /// A sentence or two about the group (Markdown).
    #[schemars(with = "Translated")]
    pub summary: Text,
    /// Ids of the sources (from `sources.toml`) that back the group.
    #[schemars(with = "Vec<Untranslated>")]
    pub sources: Vec<Text>,
    /// The duties of the group, under `[[group.duty]]`.
    #[serde(rename = "duty")]
    pub duties: Vec<Duty>,
}

/// One duty, under `[[group.duty]]` in `duties.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    /// The duty's name.
    #[schemars(with = "Translated")]
    pub name: Text,
    /// What the duty is (Markdown).
    #[schemars(with = "Translated")]
    pub explanation: Text,
    /// Short examples of the duty, one line each.
    #[serde(default)]
    #[schemars(with = "Vec<Translated>")]
    pub examples: Vec<Text>,
}

/// One kind of employer, under `[[employer]]` in `employers.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Employer {
    /// The anchor in the page address (`/employers#board-of-education`).
    #[schemars(with = "Untranslated")]
    pub id: Text,
    /// The kind of organisation, as a heading.
    #[schemars(with = "Translated")]
    pub name: Text,
    /// What the organisation is (Markdown).
    #[schemars(with = "Translated")]
    pub what: Text,
    /// What CIR work there looks like (Markdown).
    #[schemars(with = "Translated")]
    pub work: Text,
    /// Ids of the sources (from `sources.toml`) that back this entry.
    #[schemars(with = "Vec<Untranslated>")]
    pub sources: Vec<Text>,
}

/// One source, under `[[source]]` in `sources.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The id other files use to cite this source, and its anchor (`/sources#jet-history`).
    #[schemars(with = "Untranslated")]
    pub id: Text,
    /// The source's title.
    #[schemars(with = "Translated")]
    pub title: Text,
    /// Who published it.
    #[schemars(with = "Translated")]
    pub publisher: Text,
    /// Where to read it: an `https://` or `http://` address. Leave out for a source with no
    /// public address.
    #[schemars(with = "Option<Untranslated>")]
    pub url: Option<Text>,
    /// `official` for the JET Programme's own pages, a ministry's, CLAIR's or a Japanese
    /// embassy's; `secondary` for anything that restates others (an encyclopedia, a news
    /// report, a copy). Required.
    #[schemars(with = "Option<SourceKindName>", required)]
    pub kind: Option<Text>,
    /// The day someone last checked that the source still says what the site says it does,
    /// as a TOML date: `2026-11-30`. Required; `check` warns when it is more than 12 months old.
    #[schemars(with = "Option<LocalDate>", required)]
    pub accessed: Option<Spanned<Datetime>>,
    /// The address of a saved copy (in a web archive), for when the page moves or changes.
    #[schemars(with = "Option<Untranslated>")]
    pub archived: Option<Text>,
    /// The language the source is written in, when it is not the site's: a tag listed under
    /// `[languages]`, such as `ja`.
    #[schemars(with = "Option<Untranslated>")]
    pub language: Option<Text>,
    /// What on the site this source supports (Markdown).
    #[schemars(with = "Translated")]
    pub supports: Text,
}

/// A note on a discrepancy between sources, under `[[note]]` in `sources.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// The note's anchor (`/sources#participants-2014`).
    #[schemars(with = "Untranslated")]
    pub id: Text,
    /// The note's heading.
    #[schemars(with = "Translated")]
    pub heading: Text,
    /// The note (Markdown).
    #[schemars(with = "Translated")]
    pub body: Text,
    /// Ids of the sources the note compares.
    #[schemars(with = "Vec<Untranslated>")]
    pub sources: Vec<Text>,
}
