//! The schema of the content folder: one struct per TOML file, exactly as an editor writes it.
//!
//! Every struct denies unknown keys so that a misspelt key is reported instead of silently
//! ignored. Values that a validation rule may need to point at are `Spanned`, which keeps their
//! byte range in the file. The doc comment on each field is the editor's documentation.

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

/// Text an editor wrote, with its place in the file.
pub type Text = Spanned<String>;

/// `site.toml`: the name of the site and every interface string shared by all pages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// The site's name, shown in the header and at the end of every page title.
    pub name: Text,
    /// One sentence under the site's name in the header.
    pub tagline: Text,
    /// The language of the text, as a BCP 47 tag such as `en`.
    pub lang: Text,
    /// The public address of the site, such as `https://cir.example.org`, without a trailing
    /// slash. Canonical links and link previews are built from it.
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

/// The downloads, their licence and the citation box, under `[data]` in `site.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataStrings {
    /// The words before the download links, as in "Download this view:".
    pub download_label: Text,
    /// The summary of the box that cites the view, as in "Cite this".
    pub cite_heading: Text,
    /// The label of the citation in plain text.
    pub plain_label: Text,
    /// The label of the citation in BibTeX.
    pub bibtex_label: Text,
    /// The word before the date a reader saw the page, in a citation, as in "Accessed".
    pub accessed_label: Text,
    /// The name of the licence of the site's own data, such as `CC BY-SA 4.0`.
    pub licence_name: Text,
    /// Its SPDX identifier, such as `CC-BY-SA-4.0`, which data tools recognise.
    pub licence_id: Text,
    /// The address of the licence's text: an `https://` or `http://` address.
    pub licence_url: Text,
    /// What the licence covers and what a reuser must do, shown under the downloads
    /// (Markdown).
    pub licence_note: Text,
}

/// Interface strings of `site.toml`, under `[ui]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiStrings {
    /// The link at the very top of every page that jumps past the navigation.
    pub skip_link: Text,
    /// The accessible name of the main navigation.
    pub nav_label: Text,
    /// The words before the sources cited under a section, as in "Sources:".
    pub cited_label: Text,
    /// The heading above the list of sources at the foot of each page.
    pub page_sources_heading: Text,
    /// The text of the link from a page's source list to the full sources page.
    pub all_sources_link: Text,
    /// The footer of every page (Markdown).
    pub footer: Text,
    /// The names of the twelve months, January first, used to write dates such as 1 July 2014.
    pub months: Spanned<Vec<Text>>,
    /// How a full date is written, with `{day}`, `{month}` (a name from `months`) and
    /// `{year}`: "{day} {month} {year}" gives 1 July 2014; "{year}年{month}{day}日" with
    /// months "1月" … gives 2014年7月1日.
    pub date_format: Text,
    /// How a month is written, with `{month}` and `{year}`: July 2024.
    pub month_format: Text,
    /// How a year alone is written, with `{year}`: 2007.
    pub year_format: Text,
    /// The character between groups of three digits, as in 4,465.
    pub thousands_separator: Text,
    /// The character before the decimals, as in 8.2.
    pub decimal_separator: Text,
    /// What stands between the items of a list written out in text, as in "2020, 2021".
    pub list_separator: Text,
    /// What stands between sources named one after another, as in "History of the JET
    /// Programme; Report citing CLAIR": titles can hold the list separator themselves.
    pub sources_separator: Text,
    /// What stands between words and between sentences the site puts together: a space in
    /// English, nothing in Japanese.
    pub word_separator: Text,
    /// What ends a sentence the site puts together: "." in English, "。" in Japanese.
    pub full_stop: Text,
    /// What follows a name before what it names, as in "CIR Guide: The CIR role".
    pub colon: Text,
    /// Words in parentheses, with `{text}` for the words: "({text})" gives "(secondary
    /// source)"; the Japanese "（{text}）" gives （二次資料）.
    pub parentheses: Text,
    /// How a percentage is written, with `{value}` for the number: "{value} %" gives 8.2 %.
    pub percent_format: Text,
    /// A key figure written out in text, with `{value}` and `{label}`: "{value} {label}"
    /// gives "364 CIRs on the JET Programme"; the Japanese "{label}：{value}" gives
    /// JETプログラムの国際交流員数：364.
    pub figure_format: Text,
    /// The link in the header to the same page in the other language, written in that
    /// language ("日本語" on an English page, "English" on a Japanese one).
    pub switch_label: Text,
    /// What the link does, for screen readers and as its tooltip, in this page's language.
    pub switch_hint: Text,
}

/// An error page of `site.toml`, such as `[not_found]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorPage {
    /// The page's heading and title.
    pub title: Text,
    /// What happened and what the reader can do next (Markdown).
    pub body: Text,
}

/// The part every page file starts with: its title, navigation label and description.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    /// The page's main heading, also used in its `<title>`.
    pub title: Text,
    /// The short label of the page in the navigation.
    pub nav_label: Text,
    /// One or two sentences that describe the page: used by search engines, link previews and
    /// the home page's list of sections.
    pub description: Text,
    /// The opening paragraphs of the page (Markdown).
    pub intro: Text,
    /// Ids of the sources (from `sources.toml`) that back the page's introduction.
    #[serde(default)]
    pub sources: Vec<Text>,
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

/// `home.toml`: the front page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HomeFile {
    /// Title, navigation label, description and introduction.
    pub page: PageMeta,
    /// Labels of the key figures computed from `statistics.toml`.
    pub figures: FigureLabels,
    /// The heading above the list of the site's sections.
    pub sections_heading: Text,
}

/// The labels of the key figures on the home page, under `[figures]` in `home.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureLabels {
    /// The heading above the figures.
    pub heading: Text,
    /// The label under the number of CIRs.
    pub cirs: Text,
    /// The label under the CIRs' share of all JET participants.
    pub share: Text,
    /// The label under the number of JET participants.
    pub participants: Text,
    /// The words before the date the figures refer to, as in "As of".
    pub as_of: Text,
    /// The text of the link to the statistics table.
    pub table_link: Text,
}

/// A section of a page: a heading and Markdown text, with its sources.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's anchor in the page address (`/role#history`): lower case letters, digits
    /// and hyphens. Keep it stable: shared links point at it.
    pub id: Text,
    /// The section's heading.
    pub heading: Text,
    /// The section's text (Markdown).
    pub body: Text,
    /// Ids of the sources (from `sources.toml`) that back the section.
    pub sources: Vec<Text>,
}

/// A page made of sections, such as `role.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionsFile {
    /// Title, navigation label, description and introduction.
    pub page: PageMeta,
    /// The page's sections, in the order shown.
    #[serde(rename = "section")]
    pub sections: Vec<Section>,
}

/// `duties.toml`: the typical duties, grouped.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutiesFile {
    /// Title, navigation label, description and introduction.
    pub page: PageMeta,
    /// The label before a duty's examples, as in "For example".
    pub examples_label: Text,
    /// The groups of duties, in the order shown.
    #[serde(rename = "group")]
    pub groups: Vec<DutyGroup>,
}

/// A group of duties in `duties.toml`, under `[[group]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutyGroup {
    /// The group's anchor in the page address (`/duties#translation`).
    pub id: Text,
    /// The group's heading.
    pub heading: Text,
    /// A sentence or two about the group (Markdown).
    pub summary: Text,
    /// Ids of the sources (from `sources.toml`) that back the group.
    pub sources: Vec<Text>,
    /// The duties of the group, under `[[group.duty]]`.
    #[serde(rename = "duty")]
    pub duties: Vec<Duty>,
}

/// One duty, under `[[group.duty]]` in `duties.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    /// The duty's name.
    pub name: Text,
    /// What the duty is (Markdown).
    pub explanation: Text,
    /// Short examples of the duty, one line each.
    #[serde(default)]
    pub examples: Vec<Text>,
}

/// `employers.toml`: the kinds of contracting organisation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmployersFile {
    /// Title, navigation label, description and introduction.
    pub page: PageMeta,
    /// The heading over what an organisation is, as in "What it is".
    pub what_heading: Text,
    /// The heading over what CIR work there looks like.
    pub work_heading: Text,
    /// The kinds of employer, in the order shown, under `[[employer]]`.
    #[serde(rename = "employer")]
    pub employers: Vec<Employer>,
}

/// One kind of employer, under `[[employer]]` in `employers.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Employer {
    /// The anchor in the page address (`/employers#board-of-education`).
    pub id: Text,
    /// The kind of organisation, as a heading.
    pub name: Text,
    /// What the organisation is (Markdown).
    pub what: Text,
    /// What CIR work there looks like (Markdown).
    pub work: Text,
    /// Ids of the sources (from `sources.toml`) that back this entry.
    pub sources: Vec<Text>,
}

/// `sources.toml`: every source, and notes on where sources disagree.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    /// Title, navigation label, description and introduction.
    pub page: PageMeta,
    /// The heading above the list of sources.
    pub list_heading: Text,
    /// The label before what a source supports, as in "Supports".
    pub supports_label: Text,
    /// The heading above the notes on discrepancies.
    pub notes_heading: Text,
    /// The heading above the official sources.
    pub official_heading: Text,
    /// The heading above the secondary sources.
    pub secondary_heading: Text,
    /// The words before the date a source was last checked, as in "Checked on".
    pub accessed_label: Text,
    /// The text of the link to a saved copy of a source, as in "Saved copy".
    pub archived_label: Text,
    /// Shown after a secondary source wherever a page cites it, as in "secondary source".
    pub secondary_label: Text,
    /// How each language a source may be written in is named, by tag: `ja = "In Japanese"`.
    #[serde(default)]
    pub languages: std::collections::BTreeMap<String, Text>,
    /// The sources, in the order listed, under `[[source]]`.
    #[serde(rename = "source")]
    pub sources: Vec<Source>,
    /// Notes on discrepancies between sources, under `[[note]]`.
    #[serde(rename = "note", default)]
    pub notes: Vec<Note>,
}

/// One source, under `[[source]]` in `sources.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The id other files use to cite this source, and its anchor (`/sources#jet-history`).
    pub id: Text,
    /// The source's title.
    pub title: Text,
    /// Who published it.
    pub publisher: Text,
    /// Where to read it: an `https://` or `http://` address. Leave out for a source with no
    /// public address.
    pub url: Option<Text>,
    /// `official` for the JET Programme's own pages, a ministry's, CLAIR's or a Japanese
    /// embassy's; `secondary` for anything that restates others (an encyclopedia, a news
    /// report, a copy). Required.
    pub kind: Option<Text>,
    /// The day someone last checked that the source still says what the site says it does,
    /// as a TOML date: `2026-11-30`. Required; `check` warns when it is more than 12 months old.
    pub accessed: Option<Spanned<Datetime>>,
    /// The address of a saved copy (in a web archive), for when the page moves or changes.
    pub archived: Option<Text>,
    /// The language the source is written in, when it is not the site's: a tag listed under
    /// `[languages]`, such as `ja`.
    pub language: Option<Text>,
    /// What on the site this source supports (Markdown).
    pub supports: Text,
}

/// A note on a discrepancy between sources, under `[[note]]` in `sources.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// The note's anchor (`/sources#participants-2014`).
    pub id: Text,
    /// The note's heading.
    pub heading: Text,
    /// The note (Markdown).
    pub body: Text,
    /// Ids of the sources the note compares.
    pub sources: Vec<Text>,
}

/// `statistics.toml`: the table of CIRs per prefecture and designated city.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatisticsFile {
    /// Title, navigation label, description and introduction.
    pub page: PageMeta,
    /// The date the figures refer to, written as a TOML date: `2014-07-01`.
    pub as_of: Spanned<Datetime>,
    /// The number of JET participants of all roles on that date.
    pub jet_participants: Spanned<i64>,
    /// The number of CIRs the source reports; the rows must add up to it.
    pub reported_cirs: Spanned<i64>,
    /// The id (from `sources.toml`) of the source of the figures.
    pub source: Text,
    /// The table's headings, captions and form labels.
    pub labels: TableLabels,
    /// The names shown for the eight regions.
    pub regions: RegionLabels,
    /// The words and the shading bins of the tile map above the table.
    pub map: MapLabels,
    /// One row per prefecture or designated city, in the official order, under `[[row]]`.
    #[serde(rename = "row")]
    pub rows: Vec<RawRow>,
}

/// The table's interface strings, under `[labels]` in `statistics.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableLabels {
    /// The table's caption.
    pub caption: Text,
    /// A hint under the caption on how to sort.
    pub sort_hint: Text,
    /// Heading of the column with the official order.
    pub order: Text,
    /// Heading of the name column.
    pub name: Text,
    /// Heading of the type column.
    pub kind: Text,
    /// Heading of the region column.
    pub region: Text,
    /// Heading of the CIR count column.
    pub cirs: Text,
    /// The words before the CIRs' share of the participants, as in "Share".
    pub share: Text,
    /// Read out after a sorted column's name, as in "ascending".
    pub ascending: Text,
    /// Read out after a sorted column's name, as in "descending".
    pub descending: Text,
    /// Announced after a sort, before the column's name, as in "Sorted by".
    pub sorted_by: Text,
    /// The type shown for a prefecture.
    pub prefecture: Text,
    /// The type shown for a designated city.
    pub city: Text,
    /// The legend of the filter form.
    pub filter_legend: Text,
    /// The label of the type filter.
    pub filter_kind: Text,
    /// The label of the region filter.
    pub filter_region: Text,
    /// The choice that shows every type and every region.
    pub filter_all: Text,
    /// The filter form's submit button.
    pub filter_submit: Text,
    /// The link that removes every filter and sort.
    pub filter_reset: Text,
    /// Shown instead of rows when a filter matches none.
    pub no_rows: Text,
    /// The footer row that totals the rows shown.
    pub total_shown: Text,
    /// The footer row that totals all rows.
    pub total_all: Text,
    /// The words before the date of the figures, as in "Figures as of".
    pub as_of: Text,
    /// The words before the source of the figures, as in "Source:".
    pub source: Text,
    /// The words before the count of rows shown, as in "Rows shown:".
    pub rows_shown: Text,
}

/// The tile map of Japan above the table, under `[map]` in `statistics.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapLabels {
    /// The map's heading.
    pub heading: Text,
    /// The link, shown when focused, that jumps past the map's links to the table.
    pub skip_map: Text,
    /// A sentence on how to read the map and what a tile's link does.
    pub intro: Text,
    /// Says that a prefecture's tile counts its designated cities too.
    pub includes_cities: Text,
    /// Shown when a filter is on: how tiles count and mark the rows the filter hides.
    pub filtered: Text,
    /// The heading of the legend of the shading bins.
    pub legend: Text,
    /// The lowest count of each of the 5 shades, lightest first: 0, then rising.
    pub bins: Spanned<Vec<i64>>,
    /// After the lowest count of the last bin, as in "20 or more".
    pub or_more: Text,
    /// Said and shown for a tile whose rows the view does not show.
    pub not_shown: Text,
    /// After a count of 1, as in "1 CIR".
    pub one_cir: Text,
    /// After any other count, as in "27 CIRs".
    pub many_cirs: Text,
}

/// The names of the eight conventional regions, under `[regions]` in `statistics.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionLabels {
    /// Hokkaido.
    pub hokkaido: Text,
    /// Tohoku.
    pub tohoku: Text,
    /// Kanto.
    pub kanto: Text,
    /// Chubu.
    pub chubu: Text,
    /// Kansai (Kinki).
    pub kansai: Text,
    /// Chugoku.
    pub chugoku: Text,
    /// Shikoku.
    pub shikoku: Text,
    /// Kyushu, Okinawa included.
    pub kyushu: Text,
}

/// One row of the table, under `[[row]]` in `statistics.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRow {
    /// The official code: the JIS X 0401 code (1 to 47) of a prefecture, or the local
    /// government code of a designated city, without its check digit (Sapporo is 1100, Kobe 28100).
    pub code: Spanned<i64>,
    /// The English name, unambiguous across all rows: `Kyoto Prefecture`, `Kyoto City`.
    pub name: Text,
    /// `prefecture` or `city` (a designated city).
    pub kind: Text,
    /// Prefectures only: one of `hokkaido`, `tohoku`, `kanto`, `chubu`, `kansai`, `chugoku`,
    /// `shikoku`, `kyushu` (Okinawa is in `kyushu`).
    pub region: Option<Text>,
    /// Designated cities only: the `name` of the prefecture row the city lies in.
    pub prefecture: Option<Text>,
    /// Prefectures only: the name on the prefecture's map tile when it is shorter than
    /// `name` (`Kyoto` for `Kyoto Prefecture`); the tile shows `name` without it.
    pub short_name: Option<Text>,
    /// The number of CIRs, zero or more.
    pub cirs: Spanned<i64>,
}

/// `trends.toml`: JET participants per fiscal year and CIR counts where a source gives one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendsFile {
    /// Title, navigation label, description and introduction.
    pub page: PageMeta,
    /// The chart's and the table's interface strings.
    pub labels: TrendsLabels,
    /// The number of JET participants in each fiscal year, from one source.
    pub participants: ParticipantSeries,
    /// Counts of CIRs, each at its own date and from its own source, under `[[cirs]]`, oldest
    /// first.
    #[serde(rename = "cirs")]
    pub cirs: Vec<RawCirCount>,
    /// Notes on where the sources disagree, under `[[note]]`, shown under the table.
    #[serde(rename = "note", default)]
    pub notes: Vec<Section>,
}

/// The interface strings of the trends page, under `[labels]` in `trends.toml`. Text may
/// name the figures of the series (see CONTENT.md), such as `{trends.peak_count}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendsLabels {
    /// The chart's title, read first by screen readers.
    pub chart_title: Text,
    /// A summary of what the chart shows, in words, for screen readers.
    pub chart_description: Text,
    /// The title of the chart's upper panel, the participants.
    pub participants_panel: Text,
    /// The title of the chart's lower panel, the CIRs.
    pub cirs_panel: Text,
    /// The legend entry of a figure from an official source.
    pub official: Text,
    /// The legend entry of a figure from a secondary source.
    pub secondary: Text,
    /// The legend entry that explains a gap in the line.
    pub gap: Text,
    /// The table's caption.
    pub caption: Text,
    /// Heading of the fiscal year column.
    pub year: Text,
    /// Heading of the participants column.
    pub participants: Text,
    /// Heading of the CIRs column, whose cells also give the share, date and source.
    pub cirs: Text,
    /// The words before the CIRs' share of the participants, as in "Share".
    pub share: Text,
    /// Shown in a cell where the source publishes no figure.
    pub no_figure: Text,
    /// Shown in a cell where no source gives a CIR count for the year.
    pub no_count: Text,
    /// Explains the share column under the table.
    pub share_note: Text,
    /// The words between a CIR count and the participants it is a share of, as in "of".
    pub of: Text,
    /// The heading above the notes.
    pub notes_heading: Text,
    /// The link preview's label under the latest number of participants.
    pub preview_participants: Text,
    /// The link preview's label under the highest number of participants.
    pub preview_peak: Text,
    /// The link preview's label under the latest CIR count.
    pub preview_cirs: Text,
}

/// The participants series, under `[participants]` in `trends.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantSeries {
    /// The id (from `sources.toml`) of the source of every figure of the series.
    pub source: Text,
    /// One entry per fiscal year, oldest first, with no year left out:
    /// `{ year = 1987, count = 848 }`. A year the source lists without a figure has no
    /// `count`: `{ year = 2020 }`. It is shown as a gap, never as zero.
    pub years: Vec<RawYear>,
}

/// One fiscal year of the participants series.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawYear {
    /// The fiscal year, which runs from 1 April of that year to 31 March of the next.
    pub year: Spanned<i64>,
    /// The number of participants; left out when the source gives none.
    pub count: Option<Spanned<i64>>,
}

/// One count of CIRs, under `[[cirs]]` in `trends.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCirCount {
    /// The date the count refers to, as precisely as the source gives it: `"2014-07-01"`,
    /// `"2024-07"` or `"2007"`. A year alone is taken as a fiscal year.
    pub as_of: Text,
    /// The number of CIRs.
    pub count: Spanned<i64>,
    /// The number of JET participants of all roles that the same source gives for the same
    /// date, when it gives one; the share of CIRs is worked out from it.
    pub participants: Option<Spanned<i64>>,
    /// The id (from `sources.toml`) of the source; whether it is official or secondary is
    /// taken from there.
    pub source: Text,
}
