//! The schema of the content folder: one struct per TOML file, exactly as an editor writes it.
//!
//! Every struct denies unknown keys so that a misspelt key is reported instead of silently
//! ignored. Values that a validation rule may need to point at are `Spanned`, which keeps their
//! byte range in the file. The doc comment on each field is the editor's documentation.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

pub use super::elements::Source;
pub use super::fields::{
    LocalDate, RegionName, RowKindName, SourceKindName, Text, TextList, Translated, Untranslated,
};
pub use super::texts::read::{
    DataStrings, DutiesFile, Duty, DutyGroup, Employer, EmployersFile, ErrorPage, FigureLabels,
    HomeFile, MapLabels, Note, PageMeta, RegionLabels, Section, SourcesFile, TableLabels,
    TrendsLabels, UiStrings,
};

/// A description per column of a download, keyed by the column's name.
pub type Columns = Spanned<std::collections::BTreeMap<Spanned<String>, Text>>;

/// `site.toml`: the name of the site and every interface string shared by all pages.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// The site's name, shown in the header and at the end of every page title.
    #[schemars(with = "Translated")]
    pub name: Text,
    /// One sentence under the site's name in the header.
    #[schemars(with = "Translated")]
    pub tagline: Text,
    /// The language of the text, as a BCP 47 tag such as `en`.
    #[schemars(with = "Translated")]
    pub lang: Text,
    /// The public address of the site, such as `https://cir.example.org`, without a trailing
    /// slash. Canonical links and link previews are built from it.
    #[schemars(with = "Untranslated")]
    pub base_url: Text,
    /// Interface strings: navigation, footer, number and date formats.
    pub ui: UiStrings,
    /// The page shown for an address that does not exist.
    pub not_found: ErrorPage,
    /// The page shown for a request method the site does not accept (anything but GET and HEAD).
    pub method_not_allowed: ErrorPage,
    /// The page shown when the server fails; it should say the problem is on the site's side.
    pub server_error: ErrorPage,
    /// The downloads of the figures, their licence and the box that cites a view.
    pub data: DataStrings,
}

/// A file that is a page: it starts with `[page]`.
pub trait PageFile {
    fn head(&self) -> &PageMeta;
}

macro_rules! page_files {
    ($($file:ty),*) => {
        $(impl PageFile for $file {
            fn head(&self) -> &PageMeta {
                &self.page
            }
        })*
    };
}

page_files!(
    HomeFile,
    SectionsFile,
    DutiesFile,
    EmployersFile,
    SourcesFile,
    StatisticsFile,
    TrendsFile
);

/// A page made of sections, such as `role.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionsFile {
    /// Title, navigation label, description and introduction.
    pub page: PageMeta,
    /// The page's sections, in the order shown.
    #[serde(rename = "section")]
    pub sections: Vec<Section>,
}

/// `statistics.toml`: the table of CIRs per prefecture and designated city.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatisticsFile {
    /// Title, navigation label, description and introduction.
    pub page: PageMeta,
    /// The date the figures refer to, written as a TOML date: `2014-07-01`.
    #[schemars(with = "LocalDate")]
    pub as_of: Spanned<Datetime>,
    /// The number of JET participants of all roles on that date.
    #[schemars(with = "i64")]
    pub jet_participants: Spanned<i64>,
    /// The number of CIRs the source reports; the rows must add up to it.
    #[schemars(with = "i64")]
    pub reported_cirs: Spanned<i64>,
    /// The id (from `sources.toml`) of the source of the figures.
    #[schemars(with = "Untranslated")]
    pub source: Text,
    /// The table's headings, captions and form labels.
    pub labels: TableLabels,
    /// The names shown for the eight regions.
    pub regions: RegionLabels,
    /// The words and the shading bins of the tile map above the table.
    pub map: MapLabels,
    /// What each column of `/statistics.csv` holds, by the column's name: the descriptions in
    /// the data package and the JSON downloads.
    #[schemars(with = "std::collections::BTreeMap<String, Translated>")]
    pub columns: Columns,
    /// One row per prefecture or designated city, in the official order, under `[[row]]`.
    #[serde(rename = "row")]
    pub rows: Vec<RawRow>,
}

/// One row of the table, under `[[row]]` in `statistics.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRow {
    /// The official code: the JIS X 0401 code (1 to 47) of a prefecture, or the local
    /// government code of a designated city, without its check digit (Sapporo is 1100, Kobe 28100).
    #[schemars(with = "i64")]
    pub code: Spanned<i64>,
    /// The English name, unambiguous across all rows: `Kyoto Prefecture`, `Kyoto City`.
    #[schemars(with = "Translated")]
    pub name: Text,
    /// `prefecture` or `city` (a designated city).
    #[schemars(with = "RowKindName")]
    pub kind: Text,
    /// Prefectures only: one of `hokkaido`, `tohoku`, `kanto`, `chubu`, `kansai`, `chugoku`,
    /// `shikoku`, `kyushu` (Okinawa is in `kyushu`).
    #[schemars(with = "Option<RegionName>")]
    pub region: Option<Text>,
    /// Designated cities only: the `name` of the prefecture row the city lies in.
    #[schemars(with = "Option<Untranslated>")]
    pub prefecture: Option<Text>,
    /// Prefectures only: the name on the prefecture's map tile when it is shorter than
    /// `name` (`Kyoto` for `Kyoto Prefecture`); the tile shows `name` without it.
    #[schemars(with = "Option<Translated>")]
    pub short_name: Option<Text>,
    /// The number of CIRs, zero or more.
    #[schemars(with = "i64")]
    pub cirs: Spanned<i64>,
}

/// `trends.toml`: JET participants per fiscal year and CIR counts where a source gives one.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrendsFile {
    /// Title, navigation label, description and introduction.
    pub page: PageMeta,
    /// The chart's and the table's interface strings.
    pub labels: TrendsLabels,
    /// The number of JET participants in each fiscal year, from one source.
    pub participants: ParticipantSeries,
    /// What each column of `/trends.csv` holds, by the column's name.
    #[schemars(with = "std::collections::BTreeMap<String, Translated>")]
    pub columns: Columns,
    /// Counts of CIRs, each at its own date and from its own source, under `[[cirs]]`, oldest
    /// first.
    #[serde(rename = "cirs")]
    pub cirs: Vec<RawCirCount>,
    /// Notes on where the sources disagree, under `[[note]]`, shown under the table.
    #[serde(rename = "note", default)]
    pub notes: Vec<Section>,
}

/// The participants series, under `[participants]` in `trends.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantSeries {
    /// The id (from `sources.toml`) of the source of every figure of the series.
    #[schemars(with = "Untranslated")]
    pub source: Text,
    /// One entry per fiscal year, oldest first, with no year left out:
    /// `{ year = 1987, count = 848 }`. A year the source lists without a figure has no
    /// `count`: `{ year = 2020 }`. It is shown as a gap, never as zero.
    pub years: Vec<RawYear>,
}

/// One fiscal year of the participants series.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawYear {
    /// The fiscal year, which runs from 1 April of that year to 31 March of the next.
    #[schemars(with = "i64")]
    pub year: Spanned<i64>,
    /// The number of participants; left out when the source gives none.
    #[schemars(with = "Option<i64>")]
    pub count: Option<Spanned<i64>>,
}

/// One count of CIRs, under `[[cirs]]` in `trends.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCirCount {
    /// The date the count refers to, as precisely as the source gives it: `"2014-07-01"`,
    /// `"2024-07"` or `"2007"`. A year alone is taken as a fiscal year.
    #[schemars(with = "Untranslated")]
    pub as_of: Text,
    /// The number of CIRs.
    #[schemars(with = "i64")]
    pub count: Spanned<i64>,
    /// The number of JET participants of all roles that the same source gives for the same
    /// date, when it gives one; the share of CIRs is worked out from it.
    #[schemars(with = "Option<i64>")]
    pub participants: Option<Spanned<i64>>,
    /// The id (from `sources.toml`) of the source; whether it is official or secondary is
    /// taken from there.
    #[schemars(with = "Untranslated")]
    pub source: Text,
}
