//! The statistics page: the table in one sorted and filtered view.

use askama::Template;

use super::chrome::{Chrome, Ctx, cited};
use super::cite::{Cited, DataBox};
use crate::content::pages::Page;
use crate::content::site::{SourceRef, TableLabels};
use crate::data::Download;
use crate::stats::{Direction, Kind, Region, SortKey, View, share_tenths};

#[derive(Template)]
#[template(path = "statistics.html")]
pub struct StatisticsView<'a> {
    pub chrome: Chrome<'a>,
    pub labels: &'a TableLabels,
    pub intro_html: &'a str,
    pub headings: Vec<Heading<'a>>,
    pub rows: Vec<RowView<'a>>,
    pub filters: Filters<'a>,
    pub shown_count: usize,
    pub shown_total: String,
    pub shown_share: String,
    pub all_total: String,
    pub all_share: String,
    pub as_of: String,
    pub as_of_iso: String,
    pub source: &'a SourceRef,
    pub cited: Vec<&'a SourceRef>,
    pub data: DataBox<'a>,
}

/// A sortable column heading.
pub struct Heading<'a> {
    pub key: &'static str,
    pub label: &'a str,
    /// Where activating the heading leads.
    pub href: String,
    /// `ascending` or `descending` on the sorted column only.
    pub aria_sort: Option<&'static str>,
    pub numeric: bool,
}

pub struct RowView<'a> {
    pub id: &'a str,
    pub order: usize,
    pub name: &'a str,
    pub prefecture: Option<&'a str>,
    pub kind: &'a str,
    pub region: &'a str,
    pub cirs: String,
    pub share: String,
}

/// The filter form: the current sort, kept through a filter change, and the choices.
pub struct Filters<'a> {
    pub sort: Option<(&'static str, &'static str)>,
    pub kinds: Vec<Choice<'a>>,
    pub regions: Vec<Choice<'a>>,
}

pub struct Choice<'a> {
    pub value: &'static str,
    pub label: &'a str,
    pub selected: bool,
}

pub fn statistics<'a>(cx: Ctx<'a>, view: &View) -> StatisticsView<'a> {
    let site = cx.site;
    let stats = &site.statistics;
    let meta = &site.page(Page::STATISTICS).meta;
    let table = &stats.table;
    let ui = &site.settings.ui;
    let labels = &stats.labels;
    let shown = table.view(view);
    let all_total = table.total();
    let shown_total: u32 = shown.iter().map(|r| r.cirs).sum();
    let path_and_query = format!("{}{}", Page::STATISTICS.path(), view.query());
    let data = DataBox::new(
        site,
        (
            Download::StatisticsCsv.path(),
            Download::StatisticsJson.path(),
        ),
        &path_and_query,
        Cited {
            key: "cir-guide-statistics",
            title: &labels.caption,
            source: Some(&stats.source),
            source_label: &labels.source,
        },
    );
    let chrome = Chrome::new(cx, Some(Page::STATISTICS), Some(path_and_query));
    StatisticsView {
        chrome,
        labels,
        intro_html: &meta.intro_html,
        headings: headings(labels, view),
        rows: shown
            .iter()
            .map(|r| RowView {
                id: &r.id,
                order: r.order,
                name: &r.name,
                prefecture: r.prefecture.as_deref(),
                kind: table.kind_label(r.kind),
                region: table.region_label(r.region),
                cirs: ui.integer(r.cirs),
                share: ui.tenths(share_tenths(r.cirs, all_total)),
            })
            .collect(),
        filters: Filters {
            sort: (!view.has_default_sort()).then(|| (view.sort.slug(), view.dir.slug())),
            kinds: Kind::ALL
                .iter()
                .map(|&k| Choice {
                    value: k.slug(),
                    label: table.kind_label(k),
                    selected: view.kind == Some(k),
                })
                .collect(),
            regions: Region::ALL
                .iter()
                .map(|&r| Choice {
                    value: r.slug(),
                    label: table.region_label(r),
                    selected: view.region == Some(r),
                })
                .collect(),
        },
        shown_count: shown.len(),
        shown_total: ui.integer(shown_total),
        shown_share: ui.tenths(share_tenths(shown_total, all_total)),
        all_total: ui.integer(all_total),
        all_share: ui.tenths(share_tenths(all_total, all_total)),
        as_of: ui.date(stats.as_of),
        as_of_iso: stats.as_of.iso(),
        source: &stats.source,
        cited: cited(meta, [std::slice::from_ref(&stats.source)]),
        data,
    }
}

fn headings<'a>(labels: &'a TableLabels, view: &View) -> Vec<Heading<'a>> {
    SortKey::ALL
        .iter()
        .map(|&key| Heading {
            key: key.slug(),
            label: match key {
                SortKey::Order => &labels.order,
                SortKey::Name => &labels.name,
                SortKey::Kind => &labels.kind,
                SortKey::Region => &labels.region,
                SortKey::Cirs => &labels.cirs,
                SortKey::Share => &labels.share,
            },
            href: format!("{}{}", Page::STATISTICS.path(), view.sorted_by(key).query()),
            aria_sort: (view.sort == key).then_some(match view.dir {
                Direction::Asc => "ascending",
                Direction::Desc => "descending",
            }),
            numeric: key.is_numeric(),
        })
        .collect()
}
