//! Drawn by hand, not by a plotting crate: classes for the stylesheet, no inline styles (CSP).
//!
//! The trends page: a chart drawn on the server as SVG, and the same figures as a table.
//!
//! The chart has two panels on one time axis: participants per fiscal year above, CIR counts
//! below (a tenth the size, so they would vanish on the participants' scale). A line joins
//! only consecutive years that both have a figure, so a gap stays a gap; CIR counts are marks
//! alone, never joined, since each comes from its own source and date.

use askama::Template;

use super::chrome::{Chrome, JsonLd, RenderInput, cited};
use super::cite::{Cited, DataBox};
use crate::content::pages::Page;
use crate::content::site::{CirCount, Html, SourceRef, Trends};
use crate::content::ui::Ui;
use crate::data::{self, Dataset, Download};

/// The chart's drawing area, in SVG user units; the SVG scales to the width it is given.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 440.0;
const LEFT: f64 = 84.0;
const RIGHT: f64 = 32.0;
/// The participants panel, top to bottom.
const TOP_PANEL: (f64, f64) = (48.0, 236.0);
/// The CIRs panel, top to bottom.
const BOTTOM_PANEL: (f64, f64) = (300.0, 392.0);

#[derive(Template)]
#[template(path = "trends.html")]
pub struct TrendsView<'a> {
    pub chrome: Chrome<'a>,
    pub trends: &'a Trends,
    pub intro: &'a Html,
    pub chart: Chart,
    pub rows: Vec<YearRow<'a>>,
    pub cited: Vec<&'a SourceRef>,
    pub data: DataBox<'a>,
}

/// One fiscal year of the table.
pub struct YearRow<'a> {
    pub year: u16,
    /// The participants, written out; `None` where the source gives no figure.
    pub participants: Option<String>,
    pub cirs: Option<CirCell<'a>>,
}

/// A CIR count as a page shows it (the trends table, the home page's latest count), with
/// where it comes from.
pub struct CirCell<'a> {
    pub count: String,
    /// The share of the participants, in tenths written out, without the percent sign.
    pub share: Option<String>,
    /// The participants the share is of, written out.
    pub of: Option<String>,
    /// As precise as the source gives it: "July 2024".
    pub as_of: String,
    pub as_of_iso: String,
    pub source: &'a SourceRef,
}

impl<'a> CirCell<'a> {
    pub fn new(ui: &Ui, c: &'a CirCount) -> CirCell<'a> {
        CirCell {
            count: ui.integer(c.count),
            share: c.share_tenths().map(|s| ui.tenths(s)),
            of: c.participants.map(|n| ui.integer(n)),
            as_of: ui.partial_date(c.as_of),
            as_of_iso: c.as_of.iso(),
            source: &c.source,
        }
    }
}

/// Everything the template draws, already placed.
pub struct Chart {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    /// One path per run of consecutive years with a figure.
    pub lines: Vec<String>,
    pub points: Vec<Point>,
    /// Bands over the years without a figure.
    pub gaps: Vec<Band>,
    pub cir_points: Vec<Point>,
    pub participant_ticks: Vec<Tick>,
    pub cir_ticks: Vec<Tick>,
    pub year_ticks: Vec<Tick>,
    pub top: (f64, f64),
    pub bottom: (f64, f64),
}

pub struct Point {
    pub x: String,
    pub y: String,
    pub secondary: bool,
    /// What a pointer shows over the mark.
    pub label: String,
}

pub struct Band {
    pub x: String,
    pub width: String,
}

/// A labelled gridline: `at` is y for a value axis and x for the time axis.
pub struct Tick {
    pub at: String,
    pub label: String,
}

pub fn trends<'a>(cx: RenderInput<'a>) -> TrendsView<'a> {
    let site = cx.site;
    let trends = &site.trends;
    let meta = &site.page(Page::TRENDS).meta;
    let ui = &site.settings.ui;
    let p = site.lang.punctuation();
    let rows = trends
        .years
        .iter()
        .map(|y| YearRow {
            year: y.year,
            participants: y.participants.map(|n| ui.integer(n)),
            cirs: trends.cirs_in(y.year).map(|c| CirCell::new(ui, c)),
        })
        .collect();
    let sources: Vec<&[SourceRef]> =
        std::iter::once(std::slice::from_ref(&trends.participants_source))
            .chain(trends.cirs.iter().map(|c| std::slice::from_ref(&c.source)))
            .chain(trends.notes.iter().map(|n| n.sources.as_slice()))
            .collect();
    let mut chrome = Chrome::page(cx, Page::TRENDS);
    chrome.structured_data = Some(JsonLd::new(&data::dataset(site, Dataset::Trends)));
    TrendsView {
        chrome,
        trends,
        intro: &meta.intro,
        chart: chart(
            trends,
            &|n| ui.integer(n),
            &|year, n| p.labelled(&year.to_string(), &ui.integer(n)),
            &|c| {
                format!(
                    "{}{}",
                    p.labelled(&ui.partial_date(c.as_of), &ui.integer(c.count)),
                    p.aside(&c.source.title)
                )
            },
        ),
        rows,
        cited: cited(meta, sources),
        data: DataBox::new(
            site,
            (Download::TrendsCsv.path(), Download::TrendsJson.path()),
            Page::TRENDS.path(),
            Cited {
                key: "cir-guide-trends",
                title: &trends.labels.caption,
                sources: data::trends_sources(trends),
                source_label: &trends.labels.sources,
            },
        ),
    }
}

/// Places every mark of the chart.
fn chart(
    trends: &Trends,
    integer: &dyn Fn(u32) -> String,
    year_label: &dyn Fn(u16, u32) -> String,
    cir_label: &dyn Fn(&CirCount) -> String,
) -> Chart {
    let first = trends.years.first().map_or(0, |y| y.year);
    let last = trends.years.last().map_or(first, |y| y.year);
    let span = f64::from((last - first).max(1));
    let plot = WIDTH - LEFT - RIGHT;
    let x = |year: u16| LEFT + f64::from(year.saturating_sub(first)) / span * plot;
    let step_x = plot / span;

    let most = trends
        .years
        .iter()
        .filter_map(|y| y.participants)
        .max()
        .unwrap_or(0);
    let (p_max, p_step) = scale(most);
    let y_top = |n: u32| value_y(n, p_max, TOP_PANEL);
    let most_cirs = trends.cirs.iter().map(|c| c.count).max().unwrap_or(0);
    let (c_max, c_step) = scale(most_cirs);
    let y_bottom = |n: u32| value_y(n, c_max, BOTTOM_PANEL);

    let mut lines = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let mut points = Vec::new();
    let mut gaps: Vec<Band> = Vec::new();
    for y in &trends.years {
        match y.participants {
            Some(n) => {
                let (px, py) = (x(y.year), y_top(n));
                run.push(format!(
                    "{}{},{}",
                    if run.is_empty() { "M" } else { "L" },
                    num(px),
                    num(py)
                ));
                points.push(Point {
                    x: num(px),
                    y: num(py),
                    secondary: trends.participants_source.secondary,
                    label: year_label(y.year, n),
                });
            }
            None => {
                if !run.is_empty() {
                    lines.push(run.concat());
                    run.clear();
                }
                gaps.push(Band {
                    x: num(x(y.year) - step_x / 2.0),
                    width: num(step_x),
                });
            }
        }
    }
    if !run.is_empty() {
        lines.push(run.concat());
    }
    let cir_points = trends
        .cirs
        .iter()
        .map(|c| Point {
            x: num(x(c.as_of.fiscal_year())),
            y: num(y_bottom(c.count)),
            secondary: c.source.secondary,
            label: cir_label(c),
        })
        .collect();
    let ticks = |max: u32, step: u32, y: &dyn Fn(u32) -> f64| {
        (0..=max / step.max(1))
            .map(|i| Tick {
                at: num(y(i * step)),
                label: integer(i * step),
            })
            .collect::<Vec<_>>()
    };
    Chart {
        width: WIDTH,
        height: HEIGHT,
        left: LEFT,
        right: WIDTH - RIGHT,
        lines,
        points,
        gaps,
        cir_points,
        participant_ticks: ticks(p_max, p_step, &y_top),
        cir_ticks: ticks(c_max, c_step, &y_bottom),
        year_ticks: (first..=last)
            .filter(|y| y % 5 == 0)
            .map(|y| Tick {
                at: num(x(y)),
                label: y.to_string(),
            })
            .collect(),
        top: TOP_PANEL,
        bottom: BOTTOM_PANEL,
    }
}

/// The y of a value on a panel whose axis runs from 0 at its bottom to `max` at its top.
fn value_y(n: u32, max: u32, (top, bottom): (f64, f64)) -> f64 {
    bottom - f64::from(n) / f64::from(max.max(1)) * (bottom - top)
}

/// A round top for an axis and the step between its gridlines: at most four steps of 1, 2,
/// 2.5 or 5 times a power of ten, the top at or above `most`.
pub fn scale(most: u32) -> (u32, u32) {
    let mut power = 1u32;
    loop {
        // The lowest top of this power's steps, the smaller step on a tie.
        let best = [10, 20, 25, 50]
            .into_iter()
            .filter_map(|factor| {
                let step = power.saturating_mul(factor) / 10;
                let steps = most.div_ceil(step.max(1)).max(1);
                (step > 0 && steps <= 4).then(|| (steps.saturating_mul(step), step))
            })
            .min();
        if let Some(best) = best {
            return best;
        }
        match power.checked_mul(10) {
            Some(next) => power = next,
            None => return (most.max(1), most.max(1)),
        }
    }
}

/// A coordinate with at most one decimal, without a trailing `.0`: short and stable.
fn num(v: f64) -> String {
    let tenths = (v * 10.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{tenths:.0}")
    } else {
        format!("{tenths:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_a_round_number_in_at_most_four_steps() {
        assert_eq!(scale(6273), (7500, 2500));
        assert_eq!(scale(479), (500, 250));
        assert_eq!(scale(400), (400, 100));
        assert_eq!(scale(35), (40, 10));
        assert_eq!(scale(0), (1, 1));
        assert_eq!(scale(1), (1, 1));
        assert!(scale(u32::MAX).0 >= u32::MAX / 2);
    }

    #[test]
    fn coordinates_are_short() {
        assert_eq!(num(64.0), "64");
        assert_eq!(num(64.04), "64");
        assert_eq!(num(64.06), "64.1");
        assert_eq!(num(-3.24), "-3.2");
    }
}
