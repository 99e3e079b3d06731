//! The statistics page: the table in one sorted and filtered view.

use askama::Template;

use super::chrome::{Chrome, JsonLd, RenderInput, cited};
use super::cite::{Cited, DataBox};
use crate::content::Lang;
use crate::content::pages::Page;
use crate::content::site::{Html, MapLabels, SourceRef, TableText, Ui};
use crate::data::{self, Dataset, Download};
use crate::stats::{Collation, Direction, Kind, Query, Region, SortKey, share_tenths};
use crate::tilemap::{Tile, tiles};

#[derive(Template)]
#[template(path = "statistics.html")]
pub struct StatisticsView<'a> {
    pub chrome: Chrome<'a>,
    pub labels: &'a TableText,
    pub intro: &'a Html,
    pub headings: Vec<Heading<'a>>,
    pub map: MapView<'a>,
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

/// The tile map of the view: the same rows as the table, counted per prefecture.
pub struct MapView<'a> {
    pub labels: &'a MapLabels,
    pub tiles: Vec<TileView<'a>>,
    /// Each shade's class and the counts it stands for, as in `5–9` or `20 or more`.
    pub legend: Vec<(String, String)>,
    /// Whether a filter is on, so that some tiles may show no rows.
    pub filtered: bool,
}

/// One prefecture's tile.
pub struct TileView<'a> {
    /// Its place on the grid and its shade (`tile row-1 col-7 bin-4`), or `off` in place of
    /// the shade when the view shows none of its rows.
    pub class: String,
    pub name: &'a str,
    pub count: String,
    /// The link's accessible name, the count with its unit: `Hokkaido: 27 CIRs`.
    pub label: String,
    /// The row it leads to, in the current view; `None` when the view shows none of its rows.
    pub href: Option<String>,
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
    /// What the script sorts the name, type and region by, where that is not the cell's
    /// text (in Japanese: the kana key and the official orders); the server's own keys.
    pub sort_keys: Option<SortKeys>,
}

pub struct SortKeys {
    pub name: String,
    pub kind: usize,
    pub region: usize,
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

pub fn statistics<'a>(cx: RenderInput<'a>, view: &Query) -> StatisticsView<'a> {
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
            sources: vec![&stats.source],
            source_label: &labels.source,
        },
    );
    let mut chrome = Chrome::new(cx, Some(Page::STATISTICS), Some(path_and_query));
    chrome.structured_data = Some(JsonLd::new(&data::dataset(site, Dataset::Statistics)));
    StatisticsView {
        chrome,
        labels,
        intro: &meta.intro,
        headings: headings(labels, view, site.lang),
        map: map(&stats.map, ui, tiles(table, view), view, site.lang),
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
                sort_keys: (table.collation == Collation::Japanese).then(|| SortKeys {
                    name: table.name_key(r),
                    kind: r.kind as usize,
                    region: r.region.index(),
                }),
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

fn headings<'a>(labels: &'a TableText, view: &Query, lang: Lang) -> Vec<Heading<'a>> {
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
            href: format!(
                "{}{}",
                lang.path(Page::STATISTICS.path()),
                view.sorted_by(key).query()
            ),
            aria_sort: (view.sort == key).then_some(match view.dir {
                Direction::Asc => "ascending",
                Direction::Desc => "descending",
            }),
            numeric: key.is_numeric(),
        })
        .collect()
}

fn map<'a>(
    labels: &'a MapLabels,
    ui: &Ui,
    tiles: Vec<Tile<'a>>,
    view: &Query,
    lang: Lang,
) -> MapView<'a> {
    let query = view.query();
    MapView {
        labels,
        tiles: tiles
            .iter()
            .map(|t| {
                let shade = if t.shown() {
                    format!("bin-{}", labels.bins.of(t.cirs))
                } else {
                    "off".to_string()
                };
                let count = ui.integer(t.cirs);
                let unit = if t.cirs == 1 {
                    &labels.one_cir
                } else {
                    &labels.many_cirs
                };
                TileView {
                    class: format!("tile row-{} col-{} {shade}", t.row, t.column),
                    name: t.name(),
                    label: format!(
                        "{}{}{count}{}{unit}",
                        t.name(),
                        lang.punctuation().colon,
                        lang.punctuation().space
                    ),
                    count,
                    href: t.target.map(|row| {
                        format!("{}{query}#{}", lang.path(Page::STATISTICS.path()), row.id)
                    }),
                }
            })
            .collect(),
        legend: labels
            .bins
            .ranges()
            .iter()
            .enumerate()
            .map(|(i, &(low, high))| {
                let counts = match high {
                    Some(high) if high == low => ui.integer(low),
                    Some(high) => format!("{}\u{2013}{}", ui.integer(low), ui.integer(high)),
                    None => format!(
                        "{}{}{}",
                        ui.integer(low),
                        lang.punctuation().space,
                        labels.or_more
                    ),
                };
                (format!("bin-{i}"), counts)
            })
            .collect(),
        filtered: view.kind.is_some() || view.region.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::site::MapText;
    use crate::stats::{Region, Row, Table, slugify};
    use crate::tilemap::Bins;

    fn labels() -> MapLabels {
        let s = |t: &str| t.to_string();
        MapLabels {
            text: MapText {
                heading: s("Map"),
                skip_map: s("Skip"),
                intro: s("Intro"),
                includes_cities: s("Cities included"),
                filtered: s("Filtered"),
                legend: s("Legend"),
                or_more: s("or more"),
                not_shown: s("not shown"),
                one_cir: s("CIR"),
                many_cirs: s("CIRs"),
            },
            bins: Bins::new([0, 1, 5, 10, 20]).expect("valid bins"),
        }
    }

    fn table() -> Table {
        let row = |order: usize, code: u32, name: &str, region: Region, cirs: u32| Row {
            order,
            code,
            name: name.into(),
            id: slugify(name),
            kind: Kind::Prefecture,
            region,
            prefecture: None,
            short_name: None,
            reading: None,
            cirs,
        };
        Table::new(
            vec![
                row(1, 1, "Hokkaido", Region::Hokkaido, 1),
                row(2, 13, "Tokyo", Region::Kanto, 1200),
            ],
            ["Prefecture".into(), "Designated city".into()],
            Region::ALL.map(|r| r.slug().to_string()),
            crate::stats::Collation::Alphabetical,
        )
    }

    #[test]
    fn the_legend_states_each_shade_with_the_site_number_format() {
        let (labels, table) = (labels(), table());
        let view = Query::default();
        let map = map(
            &labels,
            &Ui::english(),
            tiles(&table, &view),
            &view,
            Lang::En,
        );
        let legend: Vec<String> = map
            .legend
            .iter()
            .map(|(class, counts)| format!("{class}: {counts}"))
            .collect();
        assert_eq!(
            legend,
            [
                "bin-0: 0",
                "bin-1: 1\u{2013}4",
                "bin-2: 5\u{2013}9",
                "bin-3: 10\u{2013}19",
                "bin-4: 20 or more"
            ]
        );
        assert!(!map.filtered);
    }

    #[test]
    fn a_tile_has_its_place_shade_unit_and_link_in_the_view() {
        let (labels, table) = (labels(), table());
        let view = Query::from_query("sort=cirs&region=kanto");
        let map = map(
            &labels,
            &Ui::english(),
            tiles(&table, &view),
            &view,
            Lang::En,
        );
        let tiles: Vec<String> = map
            .tiles
            .iter()
            .map(|t| {
                format!(
                    "{} {} {} | {} | {}",
                    t.class,
                    t.name,
                    t.count,
                    t.label,
                    t.href.as_deref().unwrap_or("-")
                )
            })
            .collect();
        assert_eq!(
            tiles,
            [
                "tile row-1 col-7 off Hokkaido 0 | Hokkaido: 0 CIRs | -",
                "tile row-6 col-6 bin-4 Tokyo 1,200 | Tokyo: 1,200 CIRs | /statistics?sort=cirs&dir=desc&region=kanto#tokyo",
            ]
        );
        assert!(map.filtered);
        let view = Query::default();
        let map = super::map(
            &labels,
            &Ui::english(),
            super::tiles(&table, &view),
            &view,
            Lang::En,
        );
        assert_eq!(map.tiles[0].label, "Hokkaido: 1 CIR", "one CIR");
        assert_eq!(map.tiles[0].class, "tile row-1 col-7 bin-1");
    }
}
