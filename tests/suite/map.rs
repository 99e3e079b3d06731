//! The tile map on the statistics page, through the real route table and the base fixture:
//! the tiles of several views as literals, every link keeping the view, and the map and the
//! table agreeing on every view.

use crate::common;

use common::html::{self, Content, Find};
use common::{foot_lines, get, map_tiles, map_total, site};

common::harness::tests! {
    actix the_default_map_counts_each_prefecture_with_its_designated_cities [],
    actix the_map_is_a_labelled_region_with_a_way_past_its_links [],
    actix every_tile_link_keeps_the_normalised_query_of_the_view [],
    actix under_a_region_filter_the_other_tiles_are_dimmed_and_said_not_shown [],
    actix under_the_city_filter_a_tile_counts_its_cities_and_leads_to_the_first_one [],
    actix under_the_prefecture_filter_a_tile_counts_the_prefecture_row_alone [],
    actix bad_queries_fall_back_to_the_default_map [],
    actix the_tiles_add_up_to_the_rows_the_table_shows_in_every_filter [],
}

/// Every tile of the default view, north to south and west to east: its place on the grid,
/// its shade, what a screen reader reads and where it leads. A tile counts its prefecture and
/// its designated cities together: Hokkaido is 21 + Sapporo 6; Kanagawa is 1 + Yokohama 1 +
/// Kawasaki 1 + Sagamihara 1; Osaka is 0 + Osaka City 2 + Sakai 2; Tokyo, with no designated
/// city, is 0. Shades: 0, 1 to 4, 5 to 9, 10 to 19, 20 or more.
const DEFAULT_MAP: &str = "\
row-1 col-3 bin-2 | Tottori: 8 CIRs | /statistics#tottori
row-1 col-4 bin-3 | Ishikawa: 17 CIRs | /statistics#ishikawa
row-1 col-5 bin-3 | Niigata: 13 CIRs | /statistics#niigata
row-1 col-6 bin-3 | Aomori: 16 CIRs | /statistics#aomori
row-1 col-7 bin-4 | Hokkaido: 27 CIRs | /statistics#hokkaido
row-2 col-1 bin-2 | Yamaguchi: 5 CIRs | /statistics#yamaguchi
row-2 col-2 bin-4 | Shimane: 20 CIRs | /statistics#shimane
row-2 col-3 bin-1 | Okayama: 1 CIR | /statistics#okayama
row-2 col-4 bin-1 | Fukui: 3 CIRs | /statistics#fukui
row-2 col-5 bin-2 | Toyama: 9 CIRs | /statistics#toyama
row-2 col-6 bin-3 | Akita: 11 CIRs | /statistics#akita
row-2 col-7 bin-1 | Iwate: 3 CIRs | /statistics#iwate
row-3 col-1 bin-3 | Nagasaki: 14 CIRs | /statistics#nagasaki
row-3 col-2 bin-3 | Fukuoka: 16 CIRs | /statistics#fukuoka
row-3 col-3 bin-2 | Hiroshima: 5 CIRs | /statistics#hiroshima
row-3 col-4 bin-2 | Shiga: 5 CIRs | /statistics#shiga
row-3 col-5 bin-2 | Nagano: 5 CIRs | /statistics#nagano
row-3 col-6 bin-2 | Yamagata: 5 CIRs | /statistics#yamagata
row-3 col-7 bin-2 | Miyagi: 6 CIRs | /statistics#miyagi
row-4 col-1 bin-2 | Saga: 6 CIRs | /statistics#saga
row-4 col-2 bin-2 | Oita: 6 CIRs | /statistics#oita
row-4 col-3 bin-3 | Hyogo: 10 CIRs | /statistics#hyogo
row-4 col-4 bin-2 | Kyoto: 7 CIRs | /statistics#kyoto-prefecture
row-4 col-5 bin-1 | Yamanashi: 4 CIRs | /statistics#yamanashi
row-4 col-6 bin-1 | Gunma: 3 CIRs | /statistics#gunma
row-4 col-7 bin-1 | Fukushima: 4 CIRs | /statistics#fukushima
row-5 col-1 bin-2 | Kumamoto: 7 CIRs | /statistics#kumamoto
row-5 col-2 bin-3 | Miyazaki: 13 CIRs | /statistics#miyazaki
row-5 col-3 bin-1 | Osaka: 4 CIRs | /statistics#osaka-prefecture
row-5 col-4 bin-2 | Nara: 5 CIRs | /statistics#nara
row-5 col-5 bin-2 | Gifu: 8 CIRs | /statistics#gifu
row-5 col-6 bin-2 | Saitama: 5 CIRs | /statistics#saitama
row-5 col-7 bin-1 | Tochigi: 4 CIRs | /statistics#tochigi
row-6 col-1 bin-3 | Kagoshima: 16 CIRs | /statistics#kagoshima
row-6 col-2 bin-2 | Ehime: 5 CIRs | /statistics#ehime
row-6 col-3 bin-2 | Kagawa: 6 CIRs | /statistics#kagawa
row-6 col-4 bin-1 | Wakayama: 2 CIRs | /statistics#wakayama
row-6 col-5 bin-2 | Shizuoka: 7 CIRs | /statistics#shizuoka
row-6 col-6 bin-0 | Tokyo: 0 CIRs | /statistics#tokyo
row-6 col-7 bin-1 | Ibaraki: 4 CIRs | /statistics#ibaraki
row-7 col-1 bin-2 | Okinawa: 6 CIRs | /statistics#okinawa
row-7 col-2 bin-3 | Kochi: 16 CIRs | /statistics#kochi
row-7 col-3 bin-2 | Tokushima: 7 CIRs | /statistics#tokushima
row-7 col-4 bin-2 | Mie: 6 CIRs | /statistics#mie
row-7 col-5 bin-2 | Aichi: 6 CIRs | /statistics#aichi
row-7 col-6 bin-1 | Kanagawa: 4 CIRs | /statistics#kanagawa
row-7 col-7 bin-1 | Chiba: 4 CIRs | /statistics#chiba";

/// The legend of the shades, as read.
const LEGEND: &str = "CIRs per square 0 1–4 5–9 10–19 20 or more";

/// What a reader sees of the one element `css` selects.
fn words(html: &str, css: &str) -> String {
    html::parse(html).only(css).words()
}

/// The total of the rows the table shows, from its footer.
pub(crate) fn table_total(html: &str) -> u32 {
    let foot = foot_lines(html);
    let shown = foot[0]
        .strip_prefix("Total of rows shown | ")
        .expect("the footer's first row totals the rows shown");
    shown
        .split(" | ")
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a whole number")
}

async fn the_default_map_counts_each_prefecture_with_its_designated_cities() {
    let app = site().await;
    let (_, _, html) = get(&app, "/statistics").await;
    assert_eq!(map_tiles(&html).join("\n"), DEFAULT_MAP);
    assert_eq!(map_total(&html), 364);
    assert_eq!(words(&html, "div.map-legend"), LEGEND);
    assert_eq!(
        words(&html, "p.map-intro"),
        "Each square is a prefecture, placed roughly where it lies in Japan, with north at the \
         top. Select a square to go to its row in the table. A square counts the prefecture \
         and its designated cities together."
    );
}

async fn the_map_is_a_labelled_region_with_a_way_past_its_links() {
    let app = site().await;
    let (_, _, html) = get(&app, "/statistics").await;
    let page = html::parse(&html);
    let map = page.only("section.tile-map");
    assert_eq!(map.attribute("aria-labelledby"), "map-heading");
    // A heading, then a link past the map, first in the region.
    let first: Vec<String> = map.child_elements().take(2).map(|e| e.markup()).collect();
    assert_eq!(
        first,
        [
            "<h2 id=\"map-heading\">CIRs on a map of Japan</h2>",
            "<a class=\"skip-map\" href=\"#stats\">Skip the map and go to the table</a>"
        ],
        "{}",
        map.markup()
    );
    // The map comes before the table, and the skip link leads to the table.
    let order: Vec<&str> = page
        .all("ul.tiles, table#stats")
        .into_iter()
        .map(|e| e.value().name())
        .collect();
    assert_eq!(order, ["ul", "table"]);
    // A tile's link reads as one name; a tile with no rows says so, and is not a link.
    assert!(html.contains(
        "<li class=\"tile row-1 col-7 bin-4\"><a href=\"/statistics#hokkaido\" aria-label=\"Hokkaido: 27 CIRs\"><span class=\"tile-name\">Hokkaido</span> <span class=\"tile-count\">27</span></a></li>"
    ));
    let (_, _, html) = get(&app, "/statistics?region=kanto").await;
    assert!(html.contains(
        "<li class=\"tile row-1 col-7 off\"><span class=\"tile-name\">Hokkaido<span class=\"visually-hidden\">: not shown</span></span><span class=\"tile-count\" aria-hidden=\"true\"></span></li>"
    ));
}

async fn every_tile_link_keeps_the_normalised_query_of_the_view() {
    let app = site().await;
    for (uri, query) in [
        ("/statistics?sort=cirs&dir=desc", "?sort=cirs&dir=desc"),
        (
            "/statistics?dir=asc&sort=Name&utm_source=chat",
            "?sort=name&dir=asc",
        ),
        ("/statistics?sort=region", "?sort=region&dir=asc"),
        ("/statistics?sort=order&dir=desc", "?sort=order&dir=desc"),
    ] {
        let (_, _, html) = get(&app, uri).await;
        assert_eq!(
            map_tiles(&html).join("\n"),
            DEFAULT_MAP.replace("/statistics#", &format!("/statistics{query}#")),
            "{uri}"
        );
    }
}

async fn under_a_region_filter_the_other_tiles_are_dimmed_and_said_not_shown() {
    let app = site().await;
    let (_, _, html) = get(&app, "/statistics?region=kanto&sort=cirs&dir=desc").await;
    let tiles = map_tiles(&html);
    let lit: Vec<&str> = tiles
        .iter()
        .map(String::as_str)
        .filter(|t| !t.contains(" off | "))
        .collect();
    assert_eq!(
        lit,
        [
            "row-4 col-6 bin-1 | Gunma: 3 CIRs | /statistics?sort=cirs&dir=desc&region=kanto#gunma",
            "row-5 col-6 bin-2 | Saitama: 5 CIRs | /statistics?sort=cirs&dir=desc&region=kanto#saitama",
            "row-5 col-7 bin-1 | Tochigi: 4 CIRs | /statistics?sort=cirs&dir=desc&region=kanto#tochigi",
            "row-6 col-6 bin-0 | Tokyo: 0 CIRs | /statistics?sort=cirs&dir=desc&region=kanto#tokyo",
            "row-6 col-7 bin-1 | Ibaraki: 4 CIRs | /statistics?sort=cirs&dir=desc&region=kanto#ibaraki",
            "row-7 col-6 bin-1 | Kanagawa: 4 CIRs | /statistics?sort=cirs&dir=desc&region=kanto#kanagawa",
            "row-7 col-7 bin-1 | Chiba: 4 CIRs | /statistics?sort=cirs&dir=desc&region=kanto#chiba",
        ]
    );
    let off: Vec<&String> = tiles.iter().filter(|t| t.contains(" off | ")).collect();
    assert_eq!(off.len(), 40);
    assert_eq!(off[0], "row-1 col-3 off | Tottori: not shown | -");
    assert!(
        off.iter().all(|t| t.ends_with(": not shown | -")),
        "{off:?}"
    );
    assert_eq!(map_total(&html), 24);
    assert_eq!(table_total(&html), 24);
    // Under a filter, the legend shows the dimmed tile and the note says how tiles count.
    assert_eq!(
        words(&html, "div.map-legend"),
        format!("{LEGEND} not shown")
    );
    assert!(words(&html, "p.map-intro").ends_with(
        "A square counts the prefecture and its designated cities together. With a filter \
             on, a square counts only the rows the table shows. A square none of whose rows are \
             shown has a dashed border and a dash instead of a count, and is not a link."
    ));
}

async fn under_the_city_filter_a_tile_counts_its_cities_and_leads_to_the_first_one() {
    let app = site().await;
    let (_, _, html) = get(&app, "/statistics?type=city").await;
    let lit: Vec<String> = map_tiles(&html)
        .into_iter()
        .filter(|t| !t.contains(" off | "))
        .collect();
    // Kyoto City, Saitama City and Okayama City have no CIRs but are shown: their tiles are
    // links with a count of 0. Fukuoka leads to Kitakyushu, the first of its two cities in
    // the official order.
    assert_eq!(
        lit,
        [
            "row-1 col-5 bin-2 | Niigata: 5 CIRs | /statistics?type=city#niigata-city",
            "row-1 col-7 bin-2 | Hokkaido: 6 CIRs | /statistics?type=city#sapporo",
            "row-2 col-3 bin-0 | Okayama: 0 CIRs | /statistics?type=city#okayama-city",
            "row-3 col-2 bin-2 | Fukuoka: 8 CIRs | /statistics?type=city#kitakyushu",
            "row-3 col-3 bin-1 | Hiroshima: 2 CIRs | /statistics?type=city#hiroshima-city",
            "row-3 col-7 bin-1 | Miyagi: 2 CIRs | /statistics?type=city#sendai",
            "row-4 col-3 bin-1 | Hyogo: 3 CIRs | /statistics?type=city#kobe",
            "row-4 col-4 bin-0 | Kyoto: 0 CIRs | /statistics?type=city#kyoto-city",
            "row-5 col-1 bin-1 | Kumamoto: 4 CIRs | /statistics?type=city#kumamoto-city",
            "row-5 col-3 bin-1 | Osaka: 4 CIRs | /statistics?type=city#osaka-city",
            "row-5 col-6 bin-0 | Saitama: 0 CIRs | /statistics?type=city#saitama-city",
            "row-6 col-5 bin-1 | Shizuoka: 3 CIRs | /statistics?type=city#shizuoka-city",
            "row-7 col-5 bin-1 | Aichi: 1 CIR | /statistics?type=city#nagoya",
            "row-7 col-6 bin-1 | Kanagawa: 3 CIRs | /statistics?type=city#yokohama",
            "row-7 col-7 bin-1 | Chiba: 1 CIR | /statistics?type=city#chiba-city",
        ]
    );
    assert_eq!(map_tiles(&html).len(), 47);
    assert_eq!(map_total(&html), 42);
    assert_eq!(table_total(&html), 42);
}

async fn under_the_prefecture_filter_a_tile_counts_the_prefecture_row_alone() {
    let app = site().await;
    let (_, _, html) = get(&app, "/statistics?type=prefecture").await;
    let tiles = map_tiles(&html);
    assert!(tiles.iter().all(|t| !t.contains(" off | ")), "{tiles:?}");
    for tile in [
        "row-1 col-7 bin-4 | Hokkaido: 21 CIRs | /statistics?type=prefecture#hokkaido",
        "row-5 col-3 bin-0 | Osaka: 0 CIRs | /statistics?type=prefecture#osaka-prefecture",
        "row-6 col-6 bin-0 | Tokyo: 0 CIRs | /statistics?type=prefecture#tokyo",
        "row-7 col-6 bin-1 | Kanagawa: 1 CIR | /statistics?type=prefecture#kanagawa",
        "row-1 col-5 bin-2 | Niigata: 8 CIRs | /statistics?type=prefecture#niigata",
    ] {
        assert!(tiles.iter().any(|t| t == tile), "{tile} in {tiles:?}");
    }
    assert_eq!(map_total(&html), 322);
    assert_eq!(table_total(&html), 322);
}

async fn bad_queries_fall_back_to_the_default_map() {
    let app = site().await;
    for uri in [
        "/statistics?sort=xyz&dir=up",
        "/statistics?type=town&region=mars",
        "/statistics?type=city&type=prefecture",
        "/statistics?region=kanto&region=kansai",
        "/statistics?%FF%FE=%ZZ&type=%E3%81%82",
        "/statistics?sort[]=cirs&region[0]=kanto",
    ] {
        let (status, _, html) = get(&app, uri).await;
        assert_eq!(status, 200, "{uri}");
        assert_eq!(map_tiles(&html).join("\n"), DEFAULT_MAP, "{uri}");
    }
}

async fn the_tiles_add_up_to_the_rows_the_table_shows_in_every_filter() {
    let app = site().await;
    let mut checked = 0;
    for kind in ["", "&type=prefecture", "&type=city"] {
        for region in [
            "",
            "&region=hokkaido",
            "&region=tohoku",
            "&region=kanto",
            "&region=chubu",
            "&region=kansai",
            "&region=chugoku",
            "&region=shikoku",
            "&region=kyushu",
        ] {
            let uri = format!("/statistics?sort=share&dir=asc{kind}{region}");
            let (_, _, html) = get(&app, &uri).await;
            assert_eq!(map_tiles(&html).len(), 47, "{uri}");
            assert_eq!(map_total(&html), table_total(&html), "{uri}");
            checked += 1;
        }
    }
    assert_eq!(checked, 27);
    // And one by hand: Shikoku has no designated city, so its cities' map is all dimmed.
    let (_, _, html) = get(&app, "/statistics?type=city&region=shikoku").await;
    assert!(map_tiles(&html).iter().all(|t| t.contains(" off | ")));
    assert_eq!(map_total(&html), 0);
}
