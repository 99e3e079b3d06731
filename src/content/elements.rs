//! A source, under `[[source]]` in `sources.toml`: read here, and checked by its builder with
//! the rules only it knows (its kind, its dates, its addresses, its language).

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::fields::{LocalDate, SourceKindName, Text, Translated, Untranslated};

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
    /// For a page that changes over time (a wiki article), the day of the version the site
    /// cites, as a TOML date: `2008-04-27`. `url` or `archived` must then lead to that
    /// version, not to the page as it is today: a revision link (`…&oldid=208611259`), the
    /// page's history up to that day (`…&action=history&offset=20091104000000`) or a web
    /// archive's copy (`https://web.archive.org/web/20091103…/…`).
    #[schemars(with = "Option<LocalDate>")]
    pub version: Option<Spanned<Datetime>>,
    /// The language the source is written in, when it is not the site's: a tag listed under
    /// `[languages]`, such as `ja`.
    #[schemars(with = "Option<Untranslated>")]
    pub language: Option<Text>,
    /// What on the site this source supports (Markdown).
    #[schemars(with = "Translated")]
    pub supports: Text,
}
