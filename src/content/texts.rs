//! Every group of texts an editor writes, declared once.
//!
//! Each declaration below gives, from one list of fields with their doc comments:
//! - the form read from TOML (in [`read`]), with each value's place in the file, unknown keys
//!   refused, and a JSON Schema for editors' tools (`cir-guide schema`);
//! - the resolved form the views use (beside this comment), text only;
//! - the resolution, `read::X::resolve(&self, cx)` (written out in `resolve.rs`, which the
//!   rules lie below): the text of the edition being built (the English file's, or the
//!   translation's), placeholders filled, Markdown rendered, and every problem reported at
//!   its place.
//!
//! A field's kind says how it is resolved:
//! - `text`: required text in each language, placeholders filled;
//! - `markdown`: the same, rendered from Markdown to [`Html`];
//! - `blank`: text in each language that may be blank (a separator);
//! - `data`: text that is the same in every edition (an identifier), read from the English file;
//! - `checked(f)`: text in each language that a rule `f(cx, text, field)` checks and returns;
//! - `anchor`: an element's id, its anchor in the page address, unique in its file;
//! - `cited`: ids of sources from `sources.toml`, resolved to citations;
//! - `inline_list`: lines of text in each language, each Markdown within the line.
//!
//! Fields after `also` are read (and documented) here but resolved by the file's builder, with
//! the rules only it knows (sums, codes, dates, sources). Adding a label is: its line here, its
//! text in both TOML files, and the template that shows it.

macro_rules! text_groups {
    ($then:ident) => {
        $then! {
            /// The part every page file starts with: its title, navigation label and description.
            pub struct PageMeta => Meta {
                /// The page's main heading, also used in its `<title>`.
                title: text,
                /// The short label of the page in the navigation.
                nav_label: text,
                /// One or two sentences that describe the page: used by search engines, link
                /// previews and the home page's list of sections.
                description: text,
                /// The opening paragraphs of the page (Markdown).
                intro: markdown,
                /// Ids of the sources (from `sources.toml`) that back the page's introduction.
                #[serde(default)]
                sources: cited,
            }

            /// A section of a page (`[[section]]`), or a note under the trends table (`[[note]]`
            /// in `trends.toml`): a heading and Markdown text, with its sources.
            pub struct Section => Section {
                /// Its anchor in the page address (`/role#history`, `/trends#missing-years`):
                /// lower case letters, digits and hyphens. Keep it stable: shared links point at
                /// it.
                id: anchor,
                /// Its heading.
                heading: text,
                /// Its text (Markdown).
                body: markdown,
                /// Ids of the sources (from `sources.toml`) that back the section.
                sources: cited,
            }

            /// A note on a discrepancy between sources, under `[[note]]` in `sources.toml`.
            pub struct Note => Note {
                /// The note's anchor (`/sources#participants-2014`).
                id: anchor,
                /// The note's heading.
                heading: text,
                /// The note (Markdown).
                body: markdown,
                /// Ids of the sources the note compares.
                sources: cited,
            }

            /// A group of duties in `duties.toml`, under `[[group]]`.
            pub struct DutyGroup => DutyGroupText {
                /// The group's anchor in the page address (`/duties#translation`).
                id: anchor,
                /// The group's heading.
                heading: text,
                /// A sentence or two about the group (Markdown).
                summary: markdown,
                /// Ids of the sources (from `sources.toml`) that back the group.
                sources: cited,
            }
            also {
                /// The duties of the group, under `[[group.duty]]`.
                #[serde(rename = "duty")]
                duties: Vec<Duty>,
            }

            /// One duty, under `[[group.duty]]` in `duties.toml`.
            pub struct Duty => Duty {
                /// The duty's name.
                name: text,
                /// What the duty is (Markdown).
                explanation: markdown,
                /// Short examples of the duty, one line each (Markdown within the line).
                #[serde(default)]
                examples: inline_list,
            }

            /// One kind of employer, under `[[employer]]` in `employers.toml`.
            pub struct Employer => Employer {
                /// The anchor in the page address (`/employers#board-of-education`).
                id: anchor,
                /// The kind of organisation, as a heading.
                name: text,
                /// What the organisation is (Markdown).
                what: markdown,
                /// What CIR work there looks like (Markdown).
                work: markdown,
                /// Ids of the sources (from `sources.toml`) that back this entry.
                sources: cited,
            }

        /// The interface strings of `site.toml`, under `[ui]`.
        pub struct UiStrings => UiText {
            /// The link at the very top of every page that jumps past the navigation.
            skip_link: text,
            /// The accessible name of the main navigation.
            nav_label: text,
            /// The words before the sources cited under a section, as in "Sources:".
            cited_label: text,
            /// The heading above the list of sources at the foot of each page.
            page_sources_heading: text,
            /// The text of the link from a page's source list to the full sources page.
            all_sources_link: text,
            /// The footer of every page (Markdown).
            footer: markdown,
            /// How a full date is written, with `{day}`, `{month}` (a name from `months`) and
            /// `{year}`: "{day} {month} {year}" gives 1 July 2014; "{year}年{month}{day}日" with
            /// months "1月" … gives 2014年7月1日.
            date_format: checked(rules::formats::date_format),
            /// How a month is written, with `{month}` and `{year}`: July 2024.
            month_format: checked(rules::formats::month_format),
            /// How a year alone is written, with `{year}`: 2007.
            year_format: checked(rules::formats::year_format),
            /// The character between groups of three digits, as in 4,465.
            thousands_separator: blank,
            /// The character before the decimals, as in 8.2.
            decimal_separator: text,
            /// What stands between the items of a list written out in text, as in "2020, 2021".
            list_separator: blank,
            /// The link in the header to the same page in the other language, written in that
            /// language ("日本語" on an English page, "English" on a Japanese one).
            switch_label: text,
            /// What the link does, for screen readers and as its tooltip, in this page's language.
            switch_hint: text,
            /// Shown at the top of a page that has text not yet translated into its language,
            /// which the page shows in English instead.
            untranslated_note: text,
        }
        also {
            /// The names of the twelve months, January first, used to write dates such as 1 July
            /// 2014.
            months: TextList,
        }

        /// The downloads, their licence and the citation box, under `[data]` in `site.toml`.
        pub struct DataStrings => DataText {
            /// The words before the download links, as in "Download this view:".
            download_label: text,
            /// The summary of the box that cites the view, as in "Cite this".
            cite_heading: text,
            /// The label of the citation in plain text.
            plain_label: text,
            /// The label of the citation in BibTeX.
            bibtex_label: text,
            /// The word before the date a reader saw the page, in a citation, as in "Accessed".
            accessed_label: text,
            /// The name of the licence of the site's own data, such as `CC BY-SA 4.0`.
            licence_name: text,
            /// Its SPDX identifier, such as `CC-BY-SA-4.0`, which data tools recognise.
            licence_id: data,
            /// The address of the licence's text: an `https://` or `http://` address.
            licence_url: checked(rules::formats::web_address),
            /// What the licence covers and what a reuser must do, shown under the downloads
            /// (Markdown).
            licence_note: markdown,
            /// The country the figures cover, as in `Japan`: the data pages tell search
            /// engines' dataset search so.
            country: text,
        }

        /// An error page of `site.toml`, such as `[not_found]`.
        pub struct ErrorPage => ErrorText {
            /// The page's heading and title.
            title: text,
            /// What happened and what the reader can do next (Markdown).
            body: markdown,
        }

        /// The labels of the key figures on the home page, under `[figures]` in `home.toml`.
        pub struct FigureLabels => FigureText {
            /// The heading above the figures.
            heading: text,
            /// The label under the number of CIRs.
            cirs: text,
            /// The label under the CIRs' share of all JET participants.
            share: text,
            /// The label under the number of JET participants.
            participants: text,
            /// The unit written after a count of people, as in 364人; blank in English, where
            /// the label says what is counted.
            people_unit: blank,
            /// The words before the date the figures refer to, as in "As of".
            as_of: text,
            /// The text of the link to the statistics table.
            table_link: text,
            /// The heading above the latest CIR count of the trends, which leads the page.
            latest_heading: text,
            /// The text of the link to the trends page.
            trends_link: text,
        }

        /// `home.toml`: the front page.
        pub struct HomeFile => HomeText {
            /// The heading above the list of the site's sections.
            sections_heading: text,
        }
        also {
            /// Title, navigation label, description and introduction.
            page: PageMeta,
            /// Labels of the key figures computed from `statistics.toml`.
            figures: FigureLabels,
        }

        /// `duties.toml`: the typical duties, grouped.
        pub struct DutiesFile => DutiesText {
            /// The label before a duty's examples, as in "For example".
            examples_label: text,
        }
        also {
            /// Title, navigation label, description and introduction.
            page: PageMeta,
            /// The groups of duties, in the order shown.
            #[serde(rename = "group")]
            groups: Vec<DutyGroup>,
        }

        /// `employers.toml`: the kinds of contracting organisation.
        pub struct EmployersFile => EmployersText {
            /// The heading over what an organisation is, as in "What it is".
            what_heading: text,
            /// The heading over what CIR work there looks like.
            work_heading: text,
        }
        also {
            /// Title, navigation label, description and introduction.
            page: PageMeta,
            /// The kinds of employer, in the order shown, under `[[employer]]`.
            #[serde(rename = "employer")]
            employers: Vec<Employer>,
        }

        /// `sources.toml`: every source, and notes on where sources disagree.
        pub struct SourcesFile => SourcesText {
            /// The heading above the list of sources.
            list_heading: text,
            /// The label before what a source supports, as in "Supports".
            supports_label: text,
            /// The heading above the notes on discrepancies.
            notes_heading: text,
            /// The heading above the official sources.
            official_heading: text,
            /// The heading above the secondary sources.
            secondary_heading: text,
            /// The words before the date a source was last checked, as in "Checked on".
            accessed_label: text,
            /// The text of the link to a saved copy of a source, as in "Saved copy".
            archived_label: text,
            /// Shown after a secondary source wherever a page cites it, as in "secondary source".
            secondary_label: text,
            /// Shown after an official source in a page's citation, as in "official source".
            official_label: text,
        }
        also {
            /// Title, navigation label, description and introduction.
            page: PageMeta,
            /// How each language a source may be written in is named, by tag: `ja = "In Japanese"`.
            #[serde(default)]
            #[schemars(with = "std::collections::BTreeMap<String, Translated>")]
            languages: std::collections::BTreeMap<String, crate::content::fields::Text>,
            /// The sources, in the order listed, under `[[source]]`.
            #[serde(rename = "source")]
            sources: Vec<elements::Source>,
            /// Notes on discrepancies between sources, under `[[note]]`.
            #[serde(rename = "note", default)]
            notes: Vec<Note>,
        }

        /// The table's interface strings, under `[labels]` in `statistics.toml`.
        pub struct TableLabels => TableText {
            /// The table's caption.
            caption: text,
            /// A hint under the caption on how to sort.
            sort_hint: text,
            /// Heading of the column with the official order.
            order: text,
            /// Heading of the name column.
            name: text,
            /// Heading of the type column.
            kind: text,
            /// Heading of the region column.
            region: text,
            /// Heading of the CIR count column.
            cirs: text,
            /// The words before the CIRs' share of the participants, as in "Share".
            share: text,
            /// Read out after a sorted column's name, as in "ascending".
            ascending: text,
            /// Read out after a sorted column's name, as in "descending".
            descending: text,
            /// Announced after a sort, before the column's name, as in "Sorted by".
            sorted_by: text,
            /// The type shown for a prefecture.
            prefecture: text,
            /// The type shown for a designated city.
            city: text,
            /// The legend of the filter form.
            filter_legend: text,
            /// The label of the type filter.
            filter_kind: text,
            /// The label of the region filter.
            filter_region: text,
            /// The choice that shows every type and every region.
            filter_all: text,
            /// The filter form's submit button.
            filter_submit: text,
            /// The link that removes every filter and sort.
            filter_reset: text,
            /// Shown instead of rows when a filter matches none.
            no_rows: text,
            /// The footer row that totals the rows shown.
            total_shown: text,
            /// The footer row that totals all rows.
            total_all: text,
            /// The words before the date of the figures, as in "Figures as of".
            as_of: text,
            /// The words before the source of the figures, as in "Source:".
            source: text,
            /// The words before the count of rows shown, as in "Rows shown:".
            rows_shown: text,
        }

        /// The tile map of Japan above the table, under `[map]` in `statistics.toml`.
        pub struct MapLabels => MapText {
            /// The map's heading.
            heading: text,
            /// The link, shown when focused, that jumps past the map's links to the table.
            skip_map: text,
            /// A sentence on how to read the map and what a tile's link does.
            intro: text,
            /// Says that a prefecture's tile counts its designated cities too.
            includes_cities: text,
            /// Shown when a filter is on: how tiles count and mark the rows the filter hides.
            filtered: text,
            /// The heading of the legend of the shading bins.
            legend: text,
            /// After the lowest count of the last bin, as in "20 or more".
            or_more: text,
            /// Said and shown for a tile whose rows the view does not show.
            not_shown: text,
            /// After a count of 1, as in "1 CIR".
            one_cir: text,
            /// After any other count, as in "27 CIRs".
            many_cirs: text,
        }
        also {
            /// The lowest count of each of the 5 shades, lightest first: 0, then rising.
            #[schemars(with = "Vec<i64>")]
            bins: toml::Spanned<Vec<i64>>,
        }

        /// The names of the eight conventional regions, under `[regions]` in `statistics.toml`.
        pub struct RegionLabels => RegionText {
            /// Hokkaido.
            hokkaido: text,
            /// Tohoku.
            tohoku: text,
            /// Kanto.
            kanto: text,
            /// Chubu.
            chubu: text,
            /// Kansai (Kinki).
            kansai: text,
            /// Chugoku.
            chugoku: text,
            /// Shikoku.
            shikoku: text,
            /// Kyushu, Okinawa included.
            kyushu: text,
        }

        /// The interface strings of the trends page, under `[labels]` in `trends.toml`. Text may
        /// name the figures of the series (see CONTENT.md), such as `{trends.peak_count}`.
        pub struct TrendsLabels => TrendsText {
            /// The chart's title, read first by screen readers.
            chart_title: text,
            /// The words before the sources of the figures in the page's citation, as in
            /// "Sources:".
            sources: text,
            /// A summary of what the chart shows, in words, for screen readers.
            chart_description: text,
            /// The title of the chart's upper panel, the participants.
            participants_panel: text,
            /// The title of the chart's lower panel, the CIRs.
            cirs_panel: text,
            /// The legend entry of a figure from an official source.
            official: text,
            /// The legend entry of a figure from a secondary source.
            secondary: text,
            /// The legend entry that explains a gap in the line.
            gap: text,
            /// The table's caption.
            caption: text,
            /// Heading of the fiscal year column.
            year: text,
            /// Heading of the participants column.
            participants: text,
            /// Heading of the CIRs column, whose cells also give the share, date and source.
            cirs: text,
            /// The words before the CIRs' share of the participants, as in "Share".
            share: text,
            /// Shown in a cell where the source publishes no figure.
            no_figure: text,
            /// Shown in a cell where no source gives a CIR count for the year.
            no_count: text,
            /// Explains the share column under the table (Markdown).
            share_note: markdown,
            /// The words between a CIR count and the participants it is a share of, as in "of".
            of: text,
            /// The heading above the notes.
            notes_heading: text,
            /// The link preview's label under the latest number of participants.
            preview_participants: text,
            /// The link preview's label under the highest number of participants.
            preview_peak: text,
            /// The link preview's label under the latest CIR count.
            preview_cirs: text,
        }
            }
    };
}

use super::fields::{Html, SourceRef};

/// The declarations below, handed to `$then`: [`declare`] here makes the structs, and
/// `resolve.rs` the resolutions, so that the list is written once.
pub(super) use text_groups;

/// The read form of each group (in [`read`]) and its resolved form.
macro_rules! declare {
    ($(
        $(#[doc = $doc:literal])*
        pub struct $read:ident => $resolved:ident {
            $(
                $(#[doc = $fdoc:literal])*
                $(#[serde($($serde:tt)*)])*
                $field:ident : $kind:ident $(($check:path))?
            ),* $(,)?
        }
        $(also {
            $(
                $(#[$ameta:meta])*
                $afield:ident : $aty:ty
            ),* $(,)?
        })?
    )*) => {
        /// The forms read from TOML, exactly as an editor writes them.
        pub mod read {
            use schemars::JsonSchema;
            use serde::Deserialize;

            use crate::content::elements;
            use crate::content::fields::{TextList, Translated, Untranslated};

            $(
                $(#[doc = $doc])*
                #[derive(Debug, Deserialize, JsonSchema)]
                #[serde(deny_unknown_fields)]
                pub struct $read {
                    $(
                        $(#[doc = $fdoc])*
                        $(#[serde($($serde)*)])*
                        pub $field: declare!(@read $kind),
                    )*
                    $($(
                        $(#[$ameta])*
                        pub $afield: $aty,
                    )*)?
                }
            )*
        }

        $(
            $(#[doc = $doc])*
            #[derive(Debug, Clone)]
            pub struct $resolved {
                $(
                    $(#[doc = $fdoc])*
                    pub $field: declare!(@resolved $kind),
                )*
            }
        )*
    };
    (@read data) => { Untranslated };
    (@read anchor) => { Untranslated };
    (@read cited) => { Vec<Untranslated> };
    (@read inline_list) => { Vec<Translated> };
    (@read $kind:ident) => { Translated };
    (@resolved markdown) => { Html };
    (@resolved cited) => { Vec<SourceRef> };
    (@resolved inline_list) => { Vec<Html> };
    (@resolved $kind:ident) => { String };
}

text_groups!(declare);
