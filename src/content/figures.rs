//! Figures the data already holds, for text to name instead of typing them: `{cirs.total}`
//! in any text field becomes the total of the statistics table, written like every other
//! number on the site. A typed figure would go stale the day a row changes; a placeholder
//! cannot.

use std::collections::BTreeMap;
use std::ops::Range;

use super::site::{CirCount, Date, Ui, YearFigure};
use crate::stats::{Kind, Table, share_tenths};

/// Every placeholder an editor may use, with its value written out.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    values: BTreeMap<String, String>,
}

/// A placeholder no figure answers to: its place in the text, and its name.
#[derive(Debug, PartialEq, Eq)]
pub struct Unknown {
    pub at: Range<usize>,
    pub name: String,
}

impl Figures {
    /// The figures of the statistics table, written with the site's number and date formats.
    pub fn new(table: &Table, as_of: Date, jet_participants: u32, ui: &Ui) -> Figures {
        let of = |kind: Kind| table.rows.iter().filter(move |r| r.kind == kind);
        let cirs = |kind: Kind| of(kind).map(|r| r.cirs).sum::<u32>();
        let rows = |kind: Kind| u32::try_from(of(kind).count()).unwrap_or(u32::MAX);
        let total = table.total();
        let year = as_of.year;
        let mut values = BTreeMap::new();
        let mut put = |name: String, value: String| {
            values.insert(name, value);
        };
        put("cirs.total".into(), ui.integer(total));
        put(
            "cirs.prefectures".into(),
            ui.integer(cirs(Kind::Prefecture)),
        );
        put("cirs.cities".into(), ui.integer(cirs(Kind::City)));
        put(
            "cirs.share".into(),
            ui.tenths(share_tenths(total, jet_participants)),
        );
        put(format!("participants.{year}"), ui.integer(jet_participants));
        put(
            "rows.total".into(),
            ui.integer(u32::try_from(table.rows.len()).unwrap_or(u32::MAX)),
        );
        put(
            "rows.prefectures".into(),
            ui.integer(rows(Kind::Prefecture)),
        );
        put("rows.cities".into(), ui.integer(rows(Kind::City)));
        put("statistics.date".into(), ui.date(as_of));
        put("statistics.year".into(), year.to_string());
        Figures { values }
    }

    /// Adds the figures of the series over time: the participants' first, highest and last
    /// years, the years without a figure, and the first and latest CIR counts.
    pub fn add_trends(&mut self, years: &[YearFigure], cirs: &[CirCount], ui: &Ui) {
        let mut put = |name: &str, value: String| {
            self.values.insert(format!("trends.{name}"), value);
        };
        let known = || {
            years
                .iter()
                .filter_map(|y| y.participants.map(|n| (y.year, n)))
        };
        if let (Some(first), Some(last)) = (years.first(), years.last()) {
            put("first_year", first.year.to_string());
            put("last_year", last.year.to_string());
        }
        if let Some((year, n)) = known().next() {
            put("first_count", ui.integer(n));
            put("first_count_year", year.to_string());
        }
        if let Some((year, n)) = known().next_back() {
            put("last_count", ui.integer(n));
            put("last_count_year", year.to_string());
        }
        // The first year of the highest figure, if it was reached more than once.
        if let Some((year, n)) = known().rev().max_by_key(|&(_, n)| n) {
            put("peak_count", ui.integer(n));
            put("peak_year", year.to_string());
        }
        let gaps: Vec<String> = years
            .iter()
            .filter(|y| y.participants.is_none())
            .map(|y| y.year.to_string())
            .collect();
        put("gap_years", ui.list(&gaps));
        put(
            "cir_counts",
            ui.integer(u32::try_from(cirs.len()).unwrap_or(u32::MAX)),
        );
        if let Some(first) = cirs.first() {
            put("cir_first", ui.integer(first.count));
            put("cir_first_date", ui.partial_date(first.as_of));
        }
        if let Some(latest) = cirs.last() {
            put("cir_latest", ui.integer(latest.count));
            put("cir_latest_date", ui.partial_date(latest.as_of));
            if let Some(share) = latest.share_tenths() {
                put("cir_latest_share", ui.tenths(share));
            }
        }
    }

    /// The names of every placeholder, for suggestions and the editors' guide.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }

    /// The text with every placeholder replaced by its figure, or every placeholder that
    /// names no figure. A `{` that does not open a placeholder (`{` then lower-case letters,
    /// digits, dots or underscores, then `}`) is left as it is.
    pub fn fill(&self, text: &str) -> Result<String, Vec<Unknown>> {
        let mut out = String::with_capacity(text.len());
        let mut unknown = Vec::new();
        let mut rest = 0;
        for (start, _) in text.match_indices('{') {
            if start < rest {
                continue;
            }
            let Some(len) = text[start + 1..].find('}') else {
                break;
            };
            let name = &text[start + 1..start + 1 + len];
            let is_name = name.starts_with(|c: char| c.is_ascii_lowercase())
                && name.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_'
                });
            if !is_name {
                continue;
            }
            out.push_str(&text[rest..start]);
            match self.values.get(name) {
                Some(value) => out.push_str(value),
                None => unknown.push(Unknown {
                    at: start..start + len + 2,
                    name: name.to_string(),
                }),
            }
            rest = start + len + 2;
        }
        out.push_str(&text[rest..]);
        if unknown.is_empty() {
            Ok(out)
        } else {
            Err(unknown)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every placeholder and its figure, in name order.
    fn all(figures: &Figures) -> Vec<(&str, &str)> {
        figures
            .values
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    fn figures() -> Figures {
        let mut values = BTreeMap::new();
        values.insert("cirs.total".to_string(), "364".to_string());
        values.insert("statistics.date".to_string(), "1 July 2014".to_string());
        Figures { values }
    }

    #[test]
    fn fills_every_placeholder_and_leaves_other_braces() {
        assert_eq!(
            figures().fill("{cirs.total} CIRs on {statistics.date}; {x y} {} {A} {cirs.total"),
            Ok("364 CIRs on 1 July 2014; {x y} {} {A} {cirs.total".to_string())
        );
        assert_eq!(figures().fill("no figures"), Ok("no figures".to_string()));
    }

    #[test]
    fn reports_each_unknown_placeholder_with_its_place() {
        assert_eq!(
            figures().fill("{cirs.totl} of {cirs.total}, {rows.all}"),
            Err(vec![
                Unknown {
                    at: 0..11,
                    name: "cirs.totl".to_string()
                },
                Unknown {
                    at: 29..39,
                    name: "rows.all".to_string()
                },
            ])
        );
    }

    #[test]
    fn the_series_figures_skip_gaps_and_take_the_first_peak() {
        use crate::content::site::{CirCount, PartialDate, SourceRef, YearFigure};
        let y = |year, participants| YearFigure { year, participants };
        let source = SourceRef {
            id: "s".into(),
            title: "S".into(),
            secondary: false,
        };
        let c = |year, month, count, participants| CirCount {
            as_of: PartialDate {
                year,
                month,
                day: None,
            },
            count,
            participants,
            source: source.clone(),
        };
        let mut figures = Figures::default();
        figures.add_trends(
            &[
                y(1999, None),
                y(2000, Some(1500)),
                y(2001, Some(6000)),
                y(2002, None),
                y(2003, Some(6000)),
                y(2004, Some(5000)),
                y(2005, None),
            ],
            &[
                c(2000, None, 30, Some(1500)),
                c(2004, Some(7), 479, Some(5861)),
            ],
            &Ui::english(),
        );
        assert_eq!(
            all(&figures),
            [
                ("trends.cir_counts", "2"),
                ("trends.cir_first", "30"),
                ("trends.cir_first_date", "2000"),
                ("trends.cir_latest", "479"),
                ("trends.cir_latest_date", "July 2004"),
                ("trends.cir_latest_share", "8.2"),
                ("trends.first_count", "1,500"),
                ("trends.first_count_year", "2000"),
                ("trends.first_year", "1999"),
                ("trends.gap_years", "1999, 2002, 2005"),
                ("trends.last_count", "5,000"),
                ("trends.last_count_year", "2004"),
                ("trends.last_year", "2005"),
                ("trends.peak_count", "6,000"),
                ("trends.peak_year", "2001"),
            ]
        );
    }

    #[test]
    fn every_figure_comes_from_the_table() {
        use crate::stats::{Region, Row};
        let row = |order: usize, kind: Kind, cirs: u32| Row {
            order,
            code: u32::try_from(order).unwrap_or_default(),
            name: format!("Row {order}"),
            id: format!("row-{order}"),
            kind,
            region: Region::Kanto,
            prefecture: None,
            short_name: None,
            reading: None,
            cirs,
        };
        let table = Table::new(
            vec![
                row(1, Kind::Prefecture, 1200),
                row(2, Kind::Prefecture, 3),
                row(3, Kind::City, 5),
            ],
            ["Prefecture".into(), "City".into()],
            std::array::from_fn(|_| "Region".to_string()),
            crate::stats::Collation::Alphabetical,
        );
        let as_of = Date {
            year: 2014,
            month: 7,
            day: 1,
        };
        let figures = Figures::new(&table, as_of, 40_000, &Ui::english());
        assert_eq!(
            all(&figures),
            [
                ("cirs.cities", "5"),
                ("cirs.prefectures", "1,203"),
                ("cirs.share", "3.0"),
                ("cirs.total", "1,208"),
                ("participants.2014", "40,000"),
                ("rows.cities", "1"),
                ("rows.prefectures", "2"),
                ("rows.total", "3"),
                ("statistics.date", "1 July 2014"),
                ("statistics.year", "2014"),
            ]
        );
        assert_eq!(figures.names().count(), 10);
    }
}
