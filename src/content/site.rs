//! The validated content snapshot that every handler reads: text already rendered to HTML,
//! sources resolved, the statistics table typed. Nothing here has a span or a raw string
//! that still needs checking.

use super::diagnostic::Diagnostics;
use super::pages::Page;
use crate::lang::Lang;
use crate::stats::Table;
use crate::tilemap::Bins;

pub use super::dates::{Date, PartialDate, days_in_month};
pub use super::fields::{Html, SourceRef};
pub use super::texts::{
    DataText, DutiesText, Duty, DutyGroupText, Employer, EmployersText, ErrorText, FigureText,
    HomeText, MapText, Meta, Note, RegionText, Section, SourcesText, TableText, TrendsText, UiText,
};
pub use super::ui::Ui;

/// Everything the site shows, loaded and validated once.
#[derive(Debug, Clone)]
pub struct Site {
    /// A hash of the content files, different for any change to them.
    pub version: String,
    /// What `check` found worth fixing that does not keep the content from going live.
    pub warnings: Diagnostics,
    /// The language of this edition.
    pub lang: Lang,
    /// The day the content was loaded, in UTC: the access date in citations.
    pub today: Date,
    /// What `site.toml` says: the name, the address and what every page shares.
    pub settings: Settings,
    /// The sources, which every page cites, and the notes on where they disagree.
    pub sources: Sources,
    /// The table of CIRs, which the home page also draws its figures from.
    pub statistics: Statistics,
    /// Participants per fiscal year and CIR counts over time.
    pub trends: Trends,
    /// Every page, in the order of [`super::pages::PAGES`].
    pub pages: Vec<BuiltPage>,
}

impl Site {
    pub fn page(&self, page: Page) -> &BuiltPage {
        &self.pages[page.index()]
    }

    /// The public address of a path within this edition: `https://…/ja/statistics`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.settings.base_url, self.lang.path(path))
    }
}

/// A page as built from its file: the head every page has, and what its kind adds.
#[derive(Debug, Clone)]
pub struct BuiltPage {
    pub meta: Meta,
    pub body: PageBody,
    /// Whether the page shows English text where its translation is not written yet: it then
    /// says so at its top.
    pub untranslated: bool,
}

/// What a page shows besides its head, by kind.
#[derive(Debug, Clone)]
pub enum PageBody {
    Home(Home),
    Sections(Vec<Section>),
    Duties(Duties),
    Employers(Employers),
    /// The sources page shows [`Site::sources`].
    Sources,
    /// The statistics page shows [`Site::statistics`].
    Statistics,
    /// The trends page shows [`Site::trends`].
    Trends,
}

/// What `site.toml` gives the site.
#[derive(Debug, Clone)]
pub struct Settings {
    pub name: String,
    pub tagline: String,
    pub lang: String,
    /// The public address, without a trailing slash.
    pub base_url: String,
    pub ui: Ui,
    pub not_found: ErrorText,
    pub method_not_allowed: ErrorText,
    pub server_error: ErrorText,
    pub data: DataText,
}

/// The home page: its own texts and the labels of its key figures.
#[derive(Debug, Clone)]
pub struct Home {
    pub text: HomeText,
    pub figures: FigureText,
}

#[derive(Debug, Clone)]
pub struct Duties {
    pub text: DutiesText,
    pub groups: Vec<DutyGroup>,
}

/// A group of duties: its texts, and its duties.
#[derive(Debug, Clone)]
pub struct DutyGroup {
    pub text: DutyGroupText,
    pub duties: Vec<Duty>,
}

#[derive(Debug, Clone)]
pub struct Employers {
    pub text: EmployersText,
    pub employers: Vec<Employer>,
}

#[derive(Debug, Clone)]
pub struct Sources {
    pub text: SourcesText,
    /// Every source, in the order of the file.
    pub sources: Vec<Source>,
    pub notes: Vec<Note>,
}

impl Sources {
    /// The source a citation names.
    pub fn get(&self, r: &SourceRef) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == r.id)
    }

    /// The last day any source was checked: when the content was last confirmed against its
    /// sources, and so the date of this version of it (the sitemap's `lastmod`). Never after
    /// today: the check refuses such a date.
    pub fn last_checked(&self) -> Option<Date> {
        self.sources.iter().map(|s| s.accessed).max()
    }
}

/// Whether a source speaks for the programme or restates others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Official,
    Secondary,
}

impl SourceKind {
    pub const ALL: [SourceKind; 2] = [SourceKind::Official, SourceKind::Secondary];

    pub fn slug(self) -> &'static str {
        match self {
            SourceKind::Official => "official",
            SourceKind::Secondary => "secondary",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub url: Option<String>,
    pub kind: SourceKind,
    pub accessed: Date,
    pub archived: Option<String>,
    /// How the source's language is named, when it is not the site's.
    pub language: Option<String>,
    pub supports: Html,
}

/// The columns of `/statistics.csv`, in order: each needs a description in `[columns]`; the
/// downloads (`data.rs`) take their names from here.
pub const STATISTICS_COLUMNS: [&str; 9] = [
    "id",
    "order",
    "code",
    "name",
    "type",
    "region",
    "prefecture",
    "cirs",
    "share_of_all_cirs_percent",
];

/// The columns of `/trends.csv`, in order.
pub const TRENDS_COLUMNS: [&str; 9] = [
    "fiscal_year",
    "jet_participants",
    "jet_participants_source",
    "cirs",
    "cirs_as_of",
    "cirs_among_participants",
    "cirs_share_percent",
    "cirs_source",
    "cirs_source_kind",
];

/// What each column of a download holds, in the order of the columns.
pub type ColumnText = Vec<(&'static str, String)>;

#[derive(Debug, Clone)]
pub struct Statistics {
    pub as_of: Date,
    pub jet_participants: u32,
    /// The total the source reports, which the rows add up to once the file is valid.
    pub reported_cirs: u32,
    pub source: SourceRef,
    pub labels: TableText,
    pub map: MapLabels,
    pub columns: ColumnText,
    pub table: Table,
}

/// Participants per fiscal year and the CIR counts known, from `trends.toml`.
#[derive(Debug, Clone)]
pub struct Trends {
    pub labels: TrendsText,
    /// The source of every participants figure.
    pub participants_source: SourceRef,
    /// Every fiscal year of the series, oldest first, none left out.
    pub years: Vec<YearFigure>,
    /// The CIR counts, oldest first, at most one per fiscal year.
    pub cirs: Vec<CirCount>,
    pub notes: Vec<Section>,
    pub columns: ColumnText,
}

impl Trends {
    /// The latest CIR count: the last, since the check keeps the counts oldest first (the
    /// same count as the `{trends.cir_latest}` placeholder).
    pub fn latest_cirs(&self) -> Option<&CirCount> {
        self.cirs.last()
    }

    /// The CIR count of a fiscal year, if a source gives one.
    pub fn cirs_in(&self, year: u16) -> Option<&CirCount> {
        self.cirs.iter().find(|c| c.as_of.fiscal_year() == year)
    }
}

/// One fiscal year of the participants series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearFigure {
    pub year: u16,
    /// `None` where the source gives no figure: a gap, never zero.
    pub participants: Option<u32>,
}

/// A count of CIRs at a date, from one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CirCount {
    pub as_of: PartialDate,
    pub count: u32,
    /// All JET participants on the same date, by the same source, when it gives them.
    pub participants: Option<u32>,
    pub source: SourceRef,
}

impl CirCount {
    /// The CIRs' share of the participants the same source gives, in tenths of a percent.
    pub fn share_tenths(&self) -> Option<u32> {
        self.participants
            .map(|all| crate::stats::share_tenths(self.count, all))
    }
}

/// The tile map's words and its shading bins.
#[derive(Debug, Clone)]
pub struct MapLabels {
    pub text: MapText,
    pub bins: Bins,
}

/// Texts read as the owner's own fields (`duties.examples_label`, `map.heading`): the views
/// and templates need not know which fields are declared as texts.
macro_rules! texts_as_fields {
    ($($outer:ty => $inner:ty),*) => {
        $(impl std::ops::Deref for $outer {
            type Target = $inner;
            fn deref(&self) -> &$inner {
                &self.text
            }
        })*
    };
}

texts_as_fields!(
    Home => HomeText,
    Duties => DutiesText,
    Employers => EmployersText,
    Sources => SourcesText,
    MapLabels => MapText,
    DutyGroup => DutyGroupText
);
