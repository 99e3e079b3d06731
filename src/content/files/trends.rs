//! Checks `trends.toml`: the participants per fiscal year, every year listed once and in
//! order with gaps kept as gaps, and the CIR counts, each dated and sourced, one per fiscal
//! year, the one on the statistics table's date equal to the table.

use std::collections::HashMap;

use crate::content::diagnostic::{Diagnostic, Problem};
use crate::content::document::Doc;
use crate::content::figures::Figures;
use crate::content::model::{RawCirCount, RawYear, TrendsFile};
use crate::content::rules::{Cx, SourceIndex};
use crate::content::site::{
    CirCount, Meta, PartialDate, Statistics, TRENDS_COLUMNS, Trends, Ui, YearFigure,
};

/// No fiscal year of the programme lies outside these.
const YEARS: std::ops::RangeInclusive<i64> = 1900..=2200;

/// Checks the trends file and builds its page. The series' figures join `figures` before the
/// text is checked, so that the page's text may name them.
pub fn build(
    doc: &Doc<'_, TrendsFile>,
    index: Option<&SourceIndex>,
    ui: Option<&Ui>,
    address: Option<&str>,
    statistics: Option<&Statistics>,
    figures: &mut Option<Figures>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Meta, Trends)> {
    let f = &doc.value;
    let (source, years, cirs) = {
        let mut cx = Cx::new(doc, index, diags);
        let source = cx.cite_one(&f.participants.source);
        let years = years(&mut cx, &f.participants.years);
        let cirs = cirs(&mut cx, &f.cirs, &years);
        if let Some(statistics) = statistics {
            agrees_with_table(&mut cx, &f.cirs, &cirs, statistics);
        }
        (source, years, cirs)
    };
    if let (Some(figures), Some(ui)) = (figures.as_mut(), ui) {
        figures.add_trends(&years, &cirs, ui);
    }
    let mut cx = Cx::new(doc, index, diags)
        .with_figures(figures.as_ref())
        .with_address(address);
    let meta = f.page.resolve(&mut cx);
    let labels = f.labels.resolve(&mut cx);
    let notes = f.notes.iter().map(|n| n.resolve(&mut cx)).collect();
    let columns = cx.columns(&f.columns, &TRENDS_COLUMNS);
    Some((
        meta,
        Trends {
            labels,
            participants_source: source?,
            years,
            cirs,
            notes,
            columns,
        },
    ))
}

/// A count of people: zero or more.
fn people(cx: &mut Cx<'_>, n: &toml::Spanned<i64>, field: &str) -> Option<u32> {
    let value = u32::try_from(*n.get_ref()).ok();
    if value.is_none() {
        cx.error(
            n.span(),
            Problem::new(format!("`{field}` must be a whole number, zero or more"))
                .help(format!("found {}", n.get_ref())),
        );
    }
    value
}

/// Every fiscal year, oldest first, each exactly once and none left out, so that a year
/// missing from the file is never mistaken for a year without a figure.
fn years(cx: &mut Cx<'_>, raw: &[RawYear]) -> Vec<YearFigure> {
    let mut out: Vec<YearFigure> = Vec::with_capacity(raw.len());
    let mut previous: Option<(i64, usize)> = None;
    for y in raw {
        let year = *y.year.get_ref();
        if !YEARS.contains(&year) {
            cx.error(
                y.year.span(),
                Problem::new("`year` must be a year such as 1987").help(format!("found {year}")),
            );
            continue;
        }
        let line = cx.line_of(y.year.span());
        if let Some((before, before_line)) = previous {
            if year == before {
                cx.error(
                    y.year.span(),
                    Problem::new(format!("the year {year} is listed twice"))
                        .help(format!("it is already on line {before_line}")),
                );
                continue;
            }
            if year < before {
                cx.error(
                    y.year.span(),
                    Problem::new("the years must be in order, oldest first")
                        .help(format!("{year} comes after {before} (line {before_line})")),
                );
                continue;
            }
            if year > before + 1 {
                let missing = if year == before + 2 {
                    format!("the year {} is", before + 1)
                } else {
                    format!("the years {} to {} are", before + 1, year - 1)
                };
                cx.error(
                    y.year.span(),
                    Problem::new(format!(
                        "{missing} missing between {before} (line {before_line}) and {year}"
                    ))
                    .help("list every year, without `count` where the source gives no figure"),
                );
            }
        }
        previous = Some((year, line));
        let participants = y.count.as_ref().and_then(|n| people(cx, n, "count"));
        if y.count.is_some() && participants.is_none() {
            continue;
        }
        out.push(YearFigure {
            year: u16::try_from(year).unwrap_or_default(),
            participants,
        });
    }
    if raw.is_empty() {
        cx.file_error(
            Problem::new("`[participants]` has no `years`")
                .help("list one `{ year = ..., count = ... }` per fiscal year"),
        );
    }
    out
}

/// The CIR counts: dated, sourced, oldest first, at most one per fiscal year, within the
/// participants series, and never more than the participants they are among.
fn cirs(cx: &mut Cx<'_>, raw: &[RawCirCount], years: &[YearFigure]) -> Vec<CirCount> {
    let mut out: Vec<CirCount> = Vec::with_capacity(raw.len());
    let mut lines: HashMap<u16, usize> = HashMap::new();
    let span_years = years
        .first()
        .zip(years.last())
        .map(|(a, b)| (a.year, b.year));
    for c in raw {
        let as_of = PartialDate::parse(c.as_of.get_ref().trim());
        if as_of.is_none() {
            cx.error(
                c.as_of.span(),
                Problem::new(
                    "`as_of` must be a date as precise as the source gives it, such as \
                     \"2014-07-01\", \"2024-07\" or \"2007\"",
                )
                .help(format!("found \"{}\"", c.as_of.get_ref())),
            );
        }
        let count = people(cx, &c.count, "count");
        let participants = c
            .participants
            .as_ref()
            .map(|n| (n, people(cx, n, "participants")));
        let source = cx.cite_one(&c.source);
        if let (Some(count), Some((n, Some(all)))) = (count, &participants)
            && count > *all
        {
            cx.error(
                n.span(),
                Problem::new(format!(
                    "`participants` is {all}, fewer than the {count} CIRs among them"
                ))
                .help("CIRs are JET participants, so this number must be at least `count`"),
            );
        }
        let Some(as_of) = as_of else { continue };
        let year = as_of.fiscal_year();
        let line = cx.line_of(c.as_of.span());
        if let Some(&first) = lines.get(&year) {
            cx.error(
                c.as_of.span(),
                Problem::new(format!(
                    "a second CIR count for fiscal year {year} (the first is on line {first})"
                ))
                .help("keep one, and say in a `[[note]]` why the other differs"),
            );
            continue;
        }
        if out
            .last()
            .is_some_and(|last| last.as_of.fiscal_year() > year)
        {
            cx.error(
                c.as_of.span(),
                Problem::new("the CIR counts must be in order, oldest first")
                    .help("move this one up"),
            );
        }
        if let Some((first, last)) = span_years
            && !(first..=last).contains(&year)
        {
            cx.error(
                c.as_of.span(),
                Problem::new(format!(
                    "fiscal year {year} is outside the participants' years ({first} to {last})"
                ))
                .help("the chart and the table show those years only"),
            );
        }
        lines.insert(year, line);
        if let (Some(count), Some(source)) = (count, source) {
            out.push(CirCount {
                as_of,
                count,
                participants: participants.and_then(|(_, n)| n),
                source,
            });
        }
    }
    out.sort_by_key(|c| c.as_of.fiscal_year());
    out
}

/// The count on the statistics table's date is the table's total, among the same number of
/// participants, so that the two pages never disagree.
fn agrees_with_table(
    cx: &mut Cx<'_>,
    raw: &[RawCirCount],
    built: &[CirCount],
    statistics: &Statistics,
) {
    let date = statistics.as_of;
    // The total the file reports, not the sum of its rows: while a row is wrong, that is
    // reported in statistics.toml and should not be reported here again.
    let total = statistics.reported_cirs;
    let on_date = |c: &PartialDate| c.date() == Some(date);
    let found = raw
        .iter()
        .find(|r| PartialDate::parse(r.as_of.get_ref().trim()).is_some_and(|d| on_date(&d)))
        .zip(built.iter().find(|c| on_date(&c.as_of)));
    let Some((r, c)) = found else {
        if !raw
            .iter()
            .any(|r| PartialDate::parse(r.as_of.get_ref().trim()).is_some_and(|d| on_date(&d)))
        {
            let iso = date.iso();
            cx.file_error(
                Problem::new(format!(
                    "no CIR count is dated {iso}, the date of statistics.toml"
                ))
                .help(format!(
                    "add a `[[cirs]]` with as_of = \"{iso}\" and count = {total}, so that the \
                     chart includes the table"
                )),
            );
        }
        return;
    };
    if c.count != total {
        cx.error(
            r.count.span(),
            Problem::new(format!(
                "the count dated {} is {}, but statistics.toml reports {total}",
                date.iso(),
                c.count
            ))
            .help("the two must agree"),
        );
    }
    // Fewer participants than CIRs is reported in statistics.toml; not again here.
    if statistics.jet_participants >= total && c.participants != Some(statistics.jet_participants) {
        let span = r
            .participants
            .as_ref()
            .map_or_else(|| r.as_of.span(), toml::Spanned::span);
        cx.error(
            span,
            Problem::new(format!(
                "the count dated {} must give `participants = {}`, as statistics.toml's \
                 `jet_participants` does",
                date.iso(),
                statistics.jet_participants
            )),
        );
    }
}
