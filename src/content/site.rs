//! The validated content snapshot that every handler reads: text already rendered to HTML,
//! sources resolved, the statistics table typed. Nothing here has a span or a raw string
//! that still needs checking.

use super::diagnostic::Diagnostics;
use super::pages::Page;
use crate::lang::Lang;
use crate::lang::Punctuation;
use crate::stats::Table;
use crate::tilemap::Bins;

pub use super::fields::Html;
pub use super::texts::{
    DataText, DutiesText, EmployersText, ErrorText, FigureText, HomeText, MapText, RegionText,
    SourcesText, TableText, TrendsText, UiText,
};

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

/// The interface strings and formats every page shares. Its texts are declared in
/// [`super::texts::UiStrings`]; they read as the `Ui`'s own (`ui.cited_label`).
#[derive(Debug, Clone)]
pub struct Ui {
    pub text: UiText,
    /// The twelve month names, January first.
    pub months: Vec<String>,
    /// The punctuation of the edition's language, for text the site puts together.
    pub punctuation: &'static Punctuation,
}

impl std::ops::Deref for Ui {
    type Target = UiText;
    fn deref(&self) -> &UiText {
        &self.text
    }
}

impl Ui {
    /// 4465 -> "4,465".
    pub fn integer(&self, n: u32) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(&self.thousands_separator);
            }
            out.push(c);
        }
        out
    }

    /// 82 tenths -> "8.2".
    pub fn tenths(&self, tenths: u32) -> String {
        format!(
            "{}{}{}",
            self.integer(tenths / 10),
            self.decimal_separator,
            tenths % 10
        )
    }

    /// A date as precise as its source: "1 July 2014", "July 2024" or "2007" (in Japanese,
    /// 2014年7月1日, 2024年7月, 2007年).
    pub fn partial_date(&self, date: PartialDate) -> String {
        match (date.month, date.day) {
            (Some(month), Some(day)) => self.date(Date {
                year: date.year,
                month,
                day,
            }),
            (Some(month), None) => self
                .month_format
                .replace("{month}", self.month(month))
                .replace("{year}", &date.year.to_string()),
            _ => self.year(date.year),
        }
    }

    /// A date as "1 July 2014".
    pub fn date(&self, date: Date) -> String {
        self.date_format
            .replace("{day}", &date.day.to_string())
            .replace("{month}", self.month(date.month))
            .replace("{year}", &date.year.to_string())
    }

    /// A year alone: "2007", or 2007年.
    pub fn year(&self, year: u16) -> String {
        self.year_format.replace("{year}", &year.to_string())
    }

    /// Items written out as a list in text: "2020, 2021".
    pub fn list(&self, items: &[String]) -> String {
        items.join(&self.list_separator)
    }

    /// A percentage: "8.2 %" (in Japanese, 8.2%).
    pub fn percent(&self, value: &str) -> String {
        format!("{value}{}", self.punctuation.percent)
    }

    /// A key figure with its label, in text: "364 CIRs" (in Japanese, 国際交流員数：364).
    pub fn figure(&self, value: &str, label: &str) -> String {
        let p = self.punctuation;
        if p.label_first {
            format!("{label}{}{value}", p.colon)
        } else {
            format!("{value}{}{label}", p.space)
        }
    }

    /// A label and what it labels: "As of 1 July 2014" (in Japanese, 基準日：2014年7月1日,
    /// the colon being the label's own).
    pub fn labelled(&self, label: &str, text: &str) -> String {
        format!("{label}{}{text}", self.punctuation.space)
    }

    /// A name and what it names: "CIR Guide: The CIR role".
    pub fn named(&self, name: &str, text: &str) -> String {
        format!("{name}{}{text}", self.punctuation.colon)
    }

    /// Text and words about it in parentheses: "Wikipedia (secondary source)" (in Japanese,
    /// ウィキペディア（二次資料）).
    pub fn with_aside(&self, text: &str, aside: &str) -> String {
        format!("{text}{}", self.punctuation.aside(aside))
    }

    /// Sources named one after another: "A; B" (in Japanese, A、B).
    pub fn sources(&self, titles: &[String]) -> String {
        titles.join(self.punctuation.list)
    }

    /// Sentences one after another, each ended by a full stop unless it ends in one already
    /// (a description written as a sentence does).
    pub fn sentences(&self, sentences: &[String]) -> String {
        let p = self.punctuation;
        let ended =
            |s: &str| s.ends_with(p.full_stop) || s.ends_with(['.', '!', '?', '。', '！', '？']);
        sentences
            .iter()
            .map(|s| {
                if ended(s) {
                    s.clone()
                } else {
                    format!("{s}{}", p.full_stop)
                }
            })
            .collect::<Vec<_>>()
            .join(p.space)
    }

    fn month(&self, month: u8) -> &str {
        self.months
            .get(usize::from(month).saturating_sub(1))
            .map_or("", String::as_str)
    }
}

/// A calendar date; dates compare in calendar order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A TOML date without a time, such as `2014-07-01`.
    pub fn from_toml(value: &toml::value::Datetime) -> Option<Date> {
        match (value.date, value.time) {
            (Some(d), None) => Some(Date {
                year: d.year,
                month: d.month,
                day: d.day,
            }),
            _ => None,
        }
    }

    /// Today, in UTC, from the system clock.
    pub fn today() -> Date {
        let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
        let part =
            |range: std::ops::Range<usize>| now.get(range).and_then(|p| p.parse::<u16>().ok());
        let small = |n: Option<u16>| n.and_then(|n| u8::try_from(n).ok()).unwrap_or(1);
        Date {
            year: part(0..4).unwrap_or(1970),
            month: small(part(5..7)),
            day: small(part(8..10)),
        }
    }

    /// The same day a number of months earlier; the 31st becomes the month's last day.
    pub fn months_before(self, months: u16) -> Date {
        let total = self.year * 12 + u16::from(self.month) - 1 - months;
        let (year, month) = (total / 12, (total % 12) as u8 + 1);
        let last = days_in_month(year, month);
        Date {
            year,
            month,
            day: self.day.min(last),
        }
    }

    /// `2014-07-01`, for `<time datetime>`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A date as precise as a source gives it: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// `2014-07-01`, `2024-07` or `2007`; anything else, such as a day without its month, a
    /// day a month does not have or a two-digit year, is `None`.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let mut parts = text.split('-');
        let number = |part: Option<&str>, digits: usize| {
            part.filter(|p| p.len() == digits && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<u16>().ok())
        };
        let year = number(parts.next(), 4)?;
        let month = match parts.next() {
            None => None,
            Some(m) => Some(u8::try_from(number(Some(m), 2)?).ok()?),
        };
        let day = match parts.next() {
            None => None,
            Some(d) => Some(u8::try_from(number(Some(d), 2)?).ok()?),
        };
        if parts.next().is_some() || month.is_some_and(|m| !(1..=12).contains(&m)) {
            return None;
        }
        if let (Some(month), Some(day)) = (month, day)
            && (day == 0 || day > days_in_month(year, month))
        {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// The fiscal year the date falls in: fiscal years start on 1 April. A year alone is
    /// taken as a fiscal year.
    pub fn fiscal_year(self) -> u16 {
        match self.month {
            Some(m) if m < 4 => self.year - 1,
            _ => self.year,
        }
    }

    /// The date as written in the content, for `<time datetime>` and downloads.
    pub fn iso(self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// The full date, when the source gives the day.
    pub fn date(self) -> Option<Date> {
        Some(Date {
            year: self.year,
            month: self.month?,
            day: self.day?,
        })
    }
}

/// The number of days in a month of the Gregorian calendar.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// What every page has: its heading, navigation label, description, introduction, sources.
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub nav_label: String,
    pub description: String,
    pub intro_html: String,
    pub sources: Vec<SourceRef>,
    /// Whether the page shows English text where its translation is not written yet: it then
    /// says so at its top.
    pub untranslated: bool,
}

/// A citation of a source, resolved against `sources.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub id: String,
    pub title: String,
    /// Marked wherever it is cited, so that readers weigh it accordingly.
    pub secondary: bool,
}

/// The home page: its own texts and the labels of its key figures.
#[derive(Debug, Clone)]
pub struct Home {
    pub text: HomeText,
    pub figures: FigureText,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub heading: String,
    pub body_html: String,
    pub sources: Vec<SourceRef>,
}

#[derive(Debug, Clone)]
pub struct Duties {
    pub text: DutiesText,
    pub groups: Vec<DutyGroup>,
}

#[derive(Debug, Clone)]
pub struct DutyGroup {
    pub id: String,
    pub heading: String,
    pub summary_html: String,
    pub sources: Vec<SourceRef>,
    pub duties: Vec<Duty>,
}

#[derive(Debug, Clone)]
pub struct Duty {
    pub name: String,
    pub explanation_html: String,
    pub examples_html: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Employers {
    pub text: EmployersText,
    pub employers: Vec<Employer>,
}

#[derive(Debug, Clone)]
pub struct Employer {
    pub id: String,
    pub name: String,
    pub what_html: String,
    pub work_html: String,
    pub sources: Vec<SourceRef>,
}

#[derive(Debug, Clone)]
pub struct Sources {
    pub text: SourcesText,
    /// Every source, in the order of the file.
    pub sources: Vec<Source>,
    pub notes: Vec<Section>,
}

impl Sources {
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
    pub supports_html: String,
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
    MapLabels => MapText
);

#[cfg(test)]
impl Ui {
    /// English number and date formats, for unit tests.
    pub(crate) fn english() -> Ui {
        let blank = String::new;
        Ui {
            text: UiText {
                skip_link: blank(),
                nav_label: blank(),
                cited_label: blank(),
                page_sources_heading: blank(),
                all_sources_link: blank(),
                footer: Html::default(),
                date_format: "{day} {month} {year}".into(),
                month_format: "{month} {year}".into(),
                year_format: "{year}".into(),
                thousands_separator: ",".into(),
                decimal_separator: ".".into(),
                list_separator: ", ".into(),
                switch_label: blank(),
                switch_hint: blank(),
                untranslated_note: blank(),
            },
            months: [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ]
            .map(String::from)
            .to_vec(),
            punctuation: Lang::En.punctuation(),
        }
    }

    /// Japanese number and date formats, for unit tests.
    pub(crate) fn japanese() -> Ui {
        let english = Ui::english();
        Ui {
            text: UiText {
                date_format: "{year}年{month}{day}日".into(),
                month_format: "{year}年{month}".into(),
                year_format: "{year}年".into(),
                list_separator: "、".into(),
                ..english.text
            },
            months: (1..=12).map(|m| format!("{m}月")).collect(),
            punctuation: Lang::Ja.punctuation(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn puts_text_together_with_the_punctuation_of_each_language() {
        let (en, ja) = (Ui::english(), Ui::japanese());
        assert_eq!(en.percent("8.2"), "8.2\u{a0}%");
        assert_eq!(ja.percent("8.2"), "8.2%");
        assert_eq!(en.figure("364", "CIRs"), "364 CIRs");
        assert_eq!(ja.figure("364", "国際交流員数"), "国際交流員数：364");
        assert_eq!(en.named("CIR Guide", "The role"), "CIR Guide: The role");
        assert_eq!(ja.named("ガイド", "役割"), "ガイド：役割");
        assert_eq!(
            en.with_aside("Wikipedia", "secondary source"),
            "Wikipedia (secondary source)"
        );
        assert_eq!(
            ja.with_aside("ウィキペディア", "二次資料"),
            "ウィキペディア（二次資料）"
        );
        assert_eq!(en.labelled("As of", "1 July 2014"), "As of 1 July 2014");
        assert_eq!(
            ja.labelled("基準日：", "2014年7月1日"),
            "基準日：2014年7月1日"
        );
        assert_eq!(en.sources(&["A, 1".into(), "B".into()]), "A, 1; B");
        assert_eq!(ja.sources(&["A".into(), "B".into()]), "A、B");
        // A sentence that ends in its own full stop keeps it; the others get one.
        assert_eq!(
            en.sentences(&[
                "A: b".into(),
                "Ends here.".into(),
                "Why?".into(),
                "c".into()
            ]),
            "A: b. Ends here. Why? c."
        );
        assert_eq!(
            ja.sentences(&[
                "ガイド：役割".into(),
                "説明します。".into(),
                "出典：A".into()
            ]),
            "ガイド：役割。説明します。出典：A。"
        );
    }

    #[test]
    fn formats_numbers_and_dates_with_the_content_separators() {
        let ui = Ui::english();
        assert_eq!(ui.integer(4465), "4,465");
        assert_eq!(ui.integer(364), "364");
        assert_eq!(ui.integer(1_234_567), "1,234,567");
        assert_eq!(ui.tenths(82), "8.2");
        assert_eq!(ui.tenths(1000), "100.0");
        let d = Date {
            year: 2014,
            month: 7,
            day: 1,
        };
        assert_eq!(ui.date(d), "1 July 2014");
        assert_eq!(d.iso(), "2014-07-01");
    }

    fn date(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month() {
        assert_eq!(date(2026, 11, 30).months_before(12), date(2025, 11, 30));
        assert_eq!(date(2026, 1, 15).months_before(1), date(2025, 12, 15));
        assert_eq!(date(2025, 3, 31).months_before(1), date(2025, 2, 28));
        assert_eq!(date(2024, 3, 31).months_before(1), date(2024, 2, 29));
        assert_eq!(date(2000, 3, 31).months_before(1), date(2000, 2, 29));
        assert_eq!(date(1900, 3, 31).months_before(1), date(1900, 2, 28));
        assert_eq!(date(2025, 5, 31).months_before(1), date(2025, 4, 30));
        assert_eq!(date(2025, 8, 31).months_before(1), date(2025, 7, 31));
        assert_eq!(date(2025, 12, 31).months_before(3), date(2025, 9, 30));
        assert_eq!(date(2025, 12, 31).months_before(1), date(2025, 11, 30));
        assert_eq!(date(2025, 7, 31).months_before(1), date(2025, 6, 30));
    }

    #[test]
    fn partial_dates_are_as_precise_as_written() {
        let parse = PartialDate::parse;
        let d = |year, month, day| PartialDate { year, month, day };
        assert_eq!(parse("2014-07-01"), Some(d(2014, Some(7), Some(1))));
        assert_eq!(parse("2024-07"), Some(d(2024, Some(7), None)));
        assert_eq!(parse("2007"), Some(d(2007, None, None)));
        assert_eq!(parse("2024-02-29"), Some(d(2024, Some(2), Some(29))));
        for bad in [
            "",
            "07",
            "2014-7",
            "2014-13",
            "2014-00",
            "2023-02-29",
            "2014-04-31",
            "2014-07-00",
            "2014-07-01-01",
            "2014/07/01",
            "20140701",
            "+2014",
            "2014-07-1",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(d(2014, Some(7), Some(1)).iso(), "2014-07-01");
        assert_eq!(d(2024, Some(7), None).iso(), "2024-07");
        assert_eq!(d(987, None, None).iso(), "0987");
        let ui = Ui::english();
        assert_eq!(ui.partial_date(d(2014, Some(7), Some(1))), "1 July 2014");
        assert_eq!(ui.partial_date(d(2024, Some(7), None)), "July 2024");
        assert_eq!(ui.partial_date(d(2007, None, None)), "2007");
        let ja = Ui::japanese();
        assert_eq!(ja.partial_date(d(2014, Some(7), Some(1))), "2014年7月1日");
        assert_eq!(ja.partial_date(d(2024, Some(7), None)), "2024年7月");
        assert_eq!(ja.partial_date(d(2007, None, None)), "2007年");
        assert_eq!(ja.list(&["2020".into(), "2021".into()]), "2020、2021");
        assert_eq!(ja.integer(4465), "4,465");
        assert_eq!(ja.tenths(82), "8.2");
    }

    #[test]
    fn a_fiscal_year_starts_on_the_first_of_april() {
        let d = |year, month| PartialDate {
            year,
            month,
            day: None,
        };
        assert_eq!(d(2013, Some(3)).fiscal_year(), 2012);
        assert_eq!(d(2013, Some(4)).fiscal_year(), 2013);
        assert_eq!(d(2013, Some(1)).fiscal_year(), 2012);
        assert_eq!(d(2013, Some(12)).fiscal_year(), 2013);
        assert_eq!(d(2013, None).fiscal_year(), 2013);
        assert_eq!(
            d(2014, Some(7)).date(),
            None,
            "a month alone is not a full date"
        );
    }

    #[test]
    fn dates_compare_in_calendar_order() {
        assert!(date(2025, 11, 29) < date(2025, 11, 30));
        assert!(date(2025, 12, 1) > date(2025, 11, 30));
        assert!(date(2026, 1, 1) > date(2025, 12, 31));
    }

    #[test]
    fn toml_dates_without_a_time_are_read() {
        let value: toml::value::Datetime = "2014-07-01".parse().expect("date");
        assert_eq!(Date::from_toml(&value), Some(date(2014, 7, 1)));
        let value: toml::value::Datetime = "2014-07-01T10:00:00".parse().expect("datetime");
        assert_eq!(Date::from_toml(&value), None);
        let value: toml::value::Datetime = "10:00:00".parse().expect("time");
        assert_eq!(Date::from_toml(&value), None);
    }

    #[test]
    fn today_is_a_real_date_from_the_clock() {
        let today = Date::today();
        let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
        // Run just before midnight, the two reads may straddle it: compare the year only when
        // the days differ.
        if today.iso() != now[..10] {
            assert_eq!(today.year.to_string(), now[..4]);
        }
        assert!(today.year >= 2026 && (1..=12).contains(&today.month));
        assert!((1..=31).contains(&today.day));
    }
}
