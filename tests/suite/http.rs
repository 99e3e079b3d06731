//! HTTP tests through the real route table and static folder, on the base fixture.

use crate::common;

use actix_web::http::Method;
use actix_web::test;
use common::html::{self, Content, Find};
use common::{foot_lines, get, row_ids, site, table_lines};

common::harness::tests! {
    actix every_page_answers_200_with_its_title_and_one_h1 [],
    actix every_page_names_its_canonical_address_and_preview [],
    actix the_current_page_is_marked_in_the_navigation [],
    actix home_shows_the_key_figures_computed_from_the_data [],
    actix statistics_sorted_by_count_descending_starts_with_hokkaido_21 [],
    actix the_default_view_shows_every_value_of_every_row [],
    actix a_filtered_view_gives_shares_of_all_cirs_and_totals_the_rows_shown [],
    actix default_order_is_official_with_prefectures_then_cities [],
    actix names_sort_without_regard_to_case_and_reverse_on_the_second_click [],
    actix filters_combine_with_sorting_and_total_the_rows_shown [],
    actix a_filter_that_matches_nothing_says_so [],
    actix bad_parameters_fall_back_and_the_canonical_link_is_normalised [],
    actix unknown_addresses_get_a_404_page_in_the_site_layout [],
    actix head_answers_with_the_same_status_and_headers_as_get [],
    actix other_methods_get_405_with_the_allowed_ones [],
    actix security_headers_are_on_pages_static_files_errors_and_304s [],
    actix each_kind_of_response_has_its_type_and_caching_headers [],
    actix pages_carry_no_inline_script_or_style [],
    actix every_cited_source_exists_on_the_sources_page [],
    actix static_files_hide_dotfiles_and_never_follow_symlinks [],
    actix the_applying_page_has_every_section_at_a_stable_anchor_with_its_sources [],
    actix the_applying_page_is_in_the_navigation_the_home_list_and_linked_from_the_role [],
    actix the_sources_page_groups_sources_by_kind_with_the_date_each_was_checked [],
    actix prose_follows_the_data_when_a_count_changes [],
    actix files_too_large_for_memory_are_served_from_disk_with_the_same_refusals [],
    actix stylesheets_are_sent_minified_and_every_other_file_as_written [],
    actix a_page_that_fails_to_render_gets_the_server_error_page [],
    actix the_trends_table_lists_every_fiscal_year_with_gaps_kept_and_shares_worked_out [],
    actix the_trends_chart_is_drawn_on_the_server_with_gaps_as_gaps [],
    actix the_trends_page_cites_every_source_of_its_figures [],
}

const PAGES: [(&str, &str); 8] = [
    ("/", "<title>CIR Guide</title>"),
    ("/role", "<title>The CIR role – CIR Guide</title>"),
    (
        "/duties",
        "<title>Typical duties of a CIR – CIR Guide</title>",
    ),
    ("/employers", "<title>Where CIRs work – CIR Guide</title>"),
    ("/applying", "<title>Becoming a CIR – CIR Guide</title>"),
    (
        "/statistics",
        "<title>CIRs by prefecture and designated city, 2014 – CIR Guide</title>",
    ),
    ("/trends", "<title>CIRs over time – CIR Guide</title>"),
    ("/sources", "<title>Sources and notes – CIR Guide</title>"),
];

async fn every_page_answers_200_with_its_title_and_one_h1() {
    let app = site().await;
    for (path, title) in PAGES {
        let (status, headers, html) = get(&app, path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(
            headers.get("content-type").expect("content-type"),
            "text/html; charset=utf-8",
            "{path}"
        );
        let page = html::parse(&html);
        assert_eq!(page.only("head > title").markup(), title, "{path}");
        assert_eq!(page.all("h1").len(), 1, "{path} has one h1");
        assert_eq!(page.root_element().attribute("lang"), "en", "{path}");
        assert_eq!(
            page.first("body a").written_attributes(),
            [("class", "skip-link"), ("href", "#main")],
            "{path}: the skip link comes first"
        );
        assert_eq!(page.only("main").attribute("id"), "main", "{path}");
    }
}

async fn every_page_names_its_canonical_address_and_preview() {
    let app = site().await;
    for (path, _) in PAGES {
        let (_, _, html) = get(&app, path).await;
        let url = format!("https://cir-guide.example{path}");
        let url = url.trim_end_matches('/');
        let page = html::parse(&html);
        let canonical = page.only("head link[rel=canonical]").attribute("href");
        assert_eq!(canonical.trim_end_matches('/'), url, "{path}");
        let meta = |css: &str| page.only(css).attribute("content").to_string();
        assert_eq!(meta("meta[property=\"og:url\"]"), canonical, "{path}");
        for css in [
            "meta[property=\"og:title\"]",
            "meta[property=\"og:description\"]",
            "meta[name=description]",
        ] {
            assert!(!meta(css).is_empty(), "{path}: {css}");
        }
    }
}

async fn the_current_page_is_marked_in_the_navigation() {
    let app = site().await;
    let (_, _, html) = get(&app, "/duties").await;
    let page = html::parse(&html);
    let current = page.only("[aria-current]");
    assert_eq!(
        current.written_attributes(),
        [("href", "/duties"), ("aria-current", "page")]
    );
    assert!(page.only("nav.site-nav").all("[aria-current]").len() == 1);
}

async fn home_shows_the_key_figures_computed_from_the_data() {
    let app = site().await;
    let (_, _, html) = get(&app, "/").await;
    let page = html::parse(&html);
    let shown = |section: &str| -> Vec<String> {
        let section = page.only(&format!("section[aria-labelledby={section}]"));
        let mut lines: Vec<String> = section
            .all("dl.figure-list > div")
            .into_iter()
            .map(|d| format!("{}: {}", d.first("dt").words(), d.first("dd").words()))
            .collect();
        lines.push(section.first("p.figure-note").words());
        let link = section.first("a.button-link");
        lines.push(link.value().attr("href").unwrap_or_default().to_string());
        lines
    };
    // The latest count of the trends leads, with its date, source and kind.
    let sections = page.all("section.figures");
    assert_eq!(
        sections[0].value().attr("aria-labelledby"),
        Some("latest-heading")
    );
    assert_eq!(
        page.only("#latest-heading").words(),
        "The latest CIR count we found"
    );
    assert_eq!(
        shown("latest-heading"),
        [
            "CIRs on the JET Programme: 479",
            "of all JET participants: 8.2 %",
            "JET participants: 5,861",
            "As of July 2024. Sources: Report citing CLAIR's Jichitai Kokusaika Forum no. 430 (secondary source).",
            "/trends",
        ]
    );
    assert!(html.contains("<time datetime=\"2024-07\">July 2024</time>"));
    // Then the whole 2014 table's figures.
    assert_eq!(
        shown("figures-heading"),
        [
            "CIRs on the JET Programme: 364",
            "of all JET participants: 8.2 %",
            "JET participants: 4,465",
            "As of 1 July 2014. Sources: Coordinator for International Relations (secondary source).",
            "/statistics",
        ]
    );
    assert!(html.contains("<dd>364</dd>"), "CIR total");
    assert!(
        html.contains("<dd>8.2\u{a0}%</dd>"),
        "share, with a no-break space"
    );
    assert!(html.contains("<time datetime=\"2014-07-01\">1 July 2014</time>"));
    assert!(html.contains("<h2 id=\"figures-heading\">CIRs in 2014</h2>"));
    // Both sources are listed among the page's sources.
    let listed: Vec<String> = page
        .all("aside[aria-labelledby=page-sources-heading] a")
        .into_iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    for id in ["wikipedia-cir", "zenshow-2024"] {
        assert!(
            listed.contains(&format!("/sources#{id}")),
            "{id} in {listed:?}"
        );
    }
    for path in [
        "/role",
        "/duties",
        "/employers",
        "/applying",
        "/statistics",
        "/sources",
    ] {
        assert!(
            html.contains(&format!("<li><a href=\"{path}\">")),
            "home links {path}"
        );
    }
}

async fn statistics_sorted_by_count_descending_starts_with_hokkaido_21() {
    let app = site().await;
    let (status, _, html) = get(&app, "/statistics?sort=cirs&dir=desc").await;
    assert_eq!(status, 200);
    let ids = row_ids(&html);
    assert_eq!(ids.len(), 67);
    assert_eq!(
        table_lines(&html)[0],
        "hokkaido: 1 | Hokkaido | Prefecture | Hokkaido | 21 | 5.8"
    );
    // Shimane (20), then the three 17s and 16s in official order.
    assert_eq!(
        &ids[1..6],
        ["shimane", "ishikawa", "aomori", "kochi", "kagoshima"]
    );
    let page = html::parse(&html);
    assert_eq!(
        page.only("[aria-sort]").written_attributes(),
        [
            ("scope", "col"),
            ("data-key", "cirs"),
            ("class", "num"),
            ("aria-sort", "descending")
        ],
        "aria-sort on the sorted column only"
    );
}

/// The whole table in the official order, every value as a reader sees it: the counts are
/// the source article's, and each share is of all 364 CIRs, rounded half up to a tenth.
const DEFAULT_TABLE: &str = "\
hokkaido: 1 | Hokkaido | Prefecture | Hokkaido | 21 | 5.8
aomori: 2 | Aomori | Prefecture | Tohoku | 16 | 4.4
iwate: 3 | Iwate | Prefecture | Tohoku | 3 | 0.8
miyagi: 4 | Miyagi | Prefecture | Tohoku | 4 | 1.1
akita: 5 | Akita | Prefecture | Tohoku | 11 | 3.0
yamagata: 6 | Yamagata | Prefecture | Tohoku | 5 | 1.4
fukushima: 7 | Fukushima | Prefecture | Tohoku | 4 | 1.1
ibaraki: 8 | Ibaraki | Prefecture | Kanto | 4 | 1.1
tochigi: 9 | Tochigi | Prefecture | Kanto | 4 | 1.1
gunma: 10 | Gunma | Prefecture | Kanto | 3 | 0.8
saitama: 11 | Saitama | Prefecture | Kanto | 5 | 1.4
chiba: 12 | Chiba | Prefecture | Kanto | 3 | 0.8
tokyo: 13 | Tokyo | Prefecture | Kanto | 0 | 0.0
kanagawa: 14 | Kanagawa | Prefecture | Kanto | 1 | 0.3
niigata: 15 | Niigata | Prefecture | Chubu | 8 | 2.2
toyama: 16 | Toyama | Prefecture | Chubu | 9 | 2.5
ishikawa: 17 | Ishikawa | Prefecture | Chubu | 17 | 4.7
fukui: 18 | Fukui | Prefecture | Chubu | 3 | 0.8
yamanashi: 19 | Yamanashi | Prefecture | Chubu | 4 | 1.1
nagano: 20 | Nagano | Prefecture | Chubu | 5 | 1.4
gifu: 21 | Gifu | Prefecture | Chubu | 8 | 2.2
shizuoka: 22 | Shizuoka | Prefecture | Chubu | 4 | 1.1
aichi: 23 | Aichi | Prefecture | Chubu | 5 | 1.4
mie: 24 | Mie | Prefecture | Kansai | 6 | 1.6
shiga: 25 | Shiga | Prefecture | Kansai | 5 | 1.4
kyoto-prefecture: 26 | Kyoto Prefecture | Prefecture | Kansai | 7 | 1.9
osaka-prefecture: 27 | Osaka Prefecture | Prefecture | Kansai | 0 | 0.0
hyogo: 28 | Hyogo | Prefecture | Kansai | 7 | 1.9
nara: 29 | Nara | Prefecture | Kansai | 5 | 1.4
wakayama: 30 | Wakayama | Prefecture | Kansai | 2 | 0.5
tottori: 31 | Tottori | Prefecture | Chugoku | 8 | 2.2
shimane: 32 | Shimane | Prefecture | Chugoku | 20 | 5.5
okayama: 33 | Okayama | Prefecture | Chugoku | 1 | 0.3
hiroshima: 34 | Hiroshima | Prefecture | Chugoku | 3 | 0.8
yamaguchi: 35 | Yamaguchi | Prefecture | Chugoku | 5 | 1.4
tokushima: 36 | Tokushima | Prefecture | Shikoku | 7 | 1.9
kagawa: 37 | Kagawa | Prefecture | Shikoku | 6 | 1.6
ehime: 38 | Ehime | Prefecture | Shikoku | 5 | 1.4
kochi: 39 | Kochi | Prefecture | Shikoku | 16 | 4.4
fukuoka: 40 | Fukuoka | Prefecture | Kyushu and Okinawa | 8 | 2.2
saga: 41 | Saga | Prefecture | Kyushu and Okinawa | 6 | 1.6
nagasaki: 42 | Nagasaki | Prefecture | Kyushu and Okinawa | 14 | 3.8
kumamoto: 43 | Kumamoto | Prefecture | Kyushu and Okinawa | 3 | 0.8
oita: 44 | Oita | Prefecture | Kyushu and Okinawa | 6 | 1.6
miyazaki: 45 | Miyazaki | Prefecture | Kyushu and Okinawa | 13 | 3.6
kagoshima: 46 | Kagoshima | Prefecture | Kyushu and Okinawa | 16 | 4.4
okinawa: 47 | Okinawa | Prefecture | Kyushu and Okinawa | 6 | 1.6
sapporo: 48 | Sapporo (Hokkaido) | Designated city | Hokkaido | 6 | 1.6
sendai: 49 | Sendai (Miyagi) | Designated city | Tohoku | 2 | 0.5
yokohama: 50 | Yokohama (Kanagawa) | Designated city | Kanto | 1 | 0.3
kawasaki: 51 | Kawasaki (Kanagawa) | Designated city | Kanto | 1 | 0.3
nagoya: 52 | Nagoya (Aichi) | Designated city | Chubu | 1 | 0.3
kyoto-city: 53 | Kyoto City (Kyoto Prefecture) | Designated city | Kansai | 0 | 0.0
osaka-city: 54 | Osaka City (Osaka Prefecture) | Designated city | Kansai | 2 | 0.5
kobe: 55 | Kobe (Hyogo) | Designated city | Kansai | 3 | 0.8
hiroshima-city: 56 | Hiroshima City (Hiroshima) | Designated city | Chugoku | 2 | 0.5
kitakyushu: 57 | Kitakyushu (Fukuoka) | Designated city | Kyushu and Okinawa | 4 | 1.1
fukuoka-city: 58 | Fukuoka City (Fukuoka) | Designated city | Kyushu and Okinawa | 4 | 1.1
chiba-city: 59 | Chiba City (Chiba) | Designated city | Kanto | 1 | 0.3
saitama-city: 60 | Saitama City (Saitama) | Designated city | Kanto | 0 | 0.0
shizuoka-city: 61 | Shizuoka City (Shizuoka) | Designated city | Chubu | 0 | 0.0
sakai: 62 | Sakai (Osaka Prefecture) | Designated city | Kansai | 2 | 0.5
niigata-city: 63 | Niigata City (Niigata) | Designated city | Chubu | 5 | 1.4
hamamatsu: 64 | Hamamatsu (Shizuoka) | Designated city | Chubu | 3 | 0.8
okayama-city: 65 | Okayama City (Okayama) | Designated city | Chugoku | 0 | 0.0
sagamihara: 66 | Sagamihara (Kanagawa) | Designated city | Kanto | 1 | 0.3
kumamoto-city: 67 | Kumamoto City (Kumamoto) | Designated city | Kyushu and Okinawa | 4 | 1.1";

/// The designated cities, most CIRs first: shares are still of all 364 CIRs, not of the 42
/// the filter shows, and ties keep the official order.
const CITIES_BY_COUNT: &str = "\
sapporo: 48 | Sapporo (Hokkaido) | Designated city | Hokkaido | 6 | 1.6
niigata-city: 63 | Niigata City (Niigata) | Designated city | Chubu | 5 | 1.4
kitakyushu: 57 | Kitakyushu (Fukuoka) | Designated city | Kyushu and Okinawa | 4 | 1.1
fukuoka-city: 58 | Fukuoka City (Fukuoka) | Designated city | Kyushu and Okinawa | 4 | 1.1
kumamoto-city: 67 | Kumamoto City (Kumamoto) | Designated city | Kyushu and Okinawa | 4 | 1.1
kobe: 55 | Kobe (Hyogo) | Designated city | Kansai | 3 | 0.8
hamamatsu: 64 | Hamamatsu (Shizuoka) | Designated city | Chubu | 3 | 0.8
sendai: 49 | Sendai (Miyagi) | Designated city | Tohoku | 2 | 0.5
osaka-city: 54 | Osaka City (Osaka Prefecture) | Designated city | Kansai | 2 | 0.5
hiroshima-city: 56 | Hiroshima City (Hiroshima) | Designated city | Chugoku | 2 | 0.5
sakai: 62 | Sakai (Osaka Prefecture) | Designated city | Kansai | 2 | 0.5
yokohama: 50 | Yokohama (Kanagawa) | Designated city | Kanto | 1 | 0.3
kawasaki: 51 | Kawasaki (Kanagawa) | Designated city | Kanto | 1 | 0.3
nagoya: 52 | Nagoya (Aichi) | Designated city | Chubu | 1 | 0.3
chiba-city: 59 | Chiba City (Chiba) | Designated city | Kanto | 1 | 0.3
sagamihara: 66 | Sagamihara (Kanagawa) | Designated city | Kanto | 1 | 0.3
kyoto-city: 53 | Kyoto City (Kyoto Prefecture) | Designated city | Kansai | 0 | 0.0
saitama-city: 60 | Saitama City (Saitama) | Designated city | Kanto | 0 | 0.0
shizuoka-city: 61 | Shizuoka City (Shizuoka) | Designated city | Chubu | 0 | 0.0
okayama-city: 65 | Okayama City (Okayama) | Designated city | Chugoku | 0 | 0.0";

async fn the_default_view_shows_every_value_of_every_row() {
    let app = site().await;
    let (_, _, html) = get(&app, "/statistics").await;
    assert_eq!(table_lines(&html).join("\n"), DEFAULT_TABLE);
    // Each heading: numbers aligned as numbers, the sorted one announced, and where a click
    // leads.
    let page = html::parse(&html);
    let headings: Vec<String> = page
        .first("thead")
        .all("th")
        .into_iter()
        .map(Content::markup)
        .collect();
    assert_eq!(
        headings,
        [
            "<th scope=\"col\" data-key=\"order\" class=\"num\" aria-sort=\"ascending\"><a class=\"sort\" href=\"/statistics?sort=order&amp;dir=desc\">No.<span class=\"sort-icon\" aria-hidden=\"true\"></span></a></th>",
            "<th scope=\"col\" data-key=\"name\"><a class=\"sort\" href=\"/statistics?sort=name&amp;dir=asc\">Name<span class=\"sort-icon\" aria-hidden=\"true\"></span></a></th>",
            "<th scope=\"col\" data-key=\"type\"><a class=\"sort\" href=\"/statistics?sort=type&amp;dir=asc\">Type<span class=\"sort-icon\" aria-hidden=\"true\"></span></a></th>",
            "<th scope=\"col\" data-key=\"region\"><a class=\"sort\" href=\"/statistics?sort=region&amp;dir=asc\">Region<span class=\"sort-icon\" aria-hidden=\"true\"></span></a></th>",
            "<th scope=\"col\" data-key=\"cirs\" class=\"num\"><a class=\"sort\" href=\"/statistics?sort=cirs&amp;dir=desc\">CIRs<span class=\"sort-icon\" aria-hidden=\"true\"></span></a></th>",
            "<th scope=\"col\" data-key=\"share\" class=\"num\"><a class=\"sort\" href=\"/statistics?sort=share&amp;dir=desc\">Share of all CIRs (%)<span class=\"sort-icon\" aria-hidden=\"true\"></span></a></th>",
        ]
    );
    assert_eq!(
        foot_lines(&html),
        [
            "Total of rows shown | 364 | 100.0",
            "Total of all rows | 364 | 100.0"
        ]
    );
    assert_eq!(
        page.first("p.table-meta").words(),
        "Figures as of 1 July 2014. Source: Coordinator for International Relations (secondary source). Rows shown: 67."
    );
}

async fn a_filtered_view_gives_shares_of_all_cirs_and_totals_the_rows_shown() {
    let app = site().await;
    let (_, _, html) = get(&app, "/statistics?type=city&sort=cirs&dir=desc").await;
    assert_eq!(table_lines(&html).join("\n"), CITIES_BY_COUNT);
    assert_eq!(
        foot_lines(&html),
        [
            "Total of rows shown | 42 | 11.5",
            "Total of all rows | 364 | 100.0"
        ]
    );
    assert!(html.contains("Rows shown: <span id=\"rows-shown\">20</span>."));
}

async fn default_order_is_official_with_prefectures_then_cities() {
    let app = site().await;
    let (_, _, html) = get(&app, "/statistics").await;
    let ids = row_ids(&html);
    assert_eq!(ids.first().map(String::as_str), Some("hokkaido"));
    assert_eq!(ids[46], "okinawa");
    assert_eq!(ids[47], "sapporo");
    assert_eq!(ids.last().map(String::as_str), Some("kumamoto-city"));
    for id in [
        "kobe",
        "osaka-city",
        "kyoto-city",
        "kyoto-prefecture",
        "osaka-prefecture",
    ] {
        assert!(ids.iter().any(|i| i == id), "row {id}");
    }
    assert!(html.contains("aria-sort=\"ascending\""));
}

async fn names_sort_without_regard_to_case_and_reverse_on_the_second_click() {
    let app = site().await;
    let (_, _, html) = get(&app, "/statistics?sort=name&dir=asc").await;
    let ids = row_ids(&html);
    assert_eq!(&ids[..3], ["aichi", "akita", "aomori"]);
    // The name heading now leads to the reverse order.
    assert!(html.contains("<a class=\"sort\" href=\"/statistics?sort=name&#38;dir=desc\">"));
    let (_, _, html) = get(&app, "/statistics?sort=name&dir=desc").await;
    assert_eq!(row_ids(&html)[0], "yokohama");
}

async fn filters_combine_with_sorting_and_total_the_rows_shown() {
    let app = site().await;
    let (_, _, html) = get(&app, "/statistics?type=city").await;
    assert_eq!(row_ids(&html).len(), 20);
    let page = html::parse(&html);
    let foot: Vec<String> = page
        .first("tfoot")
        .all("td[class=num]")
        .into_iter()
        .map(Content::content)
        .collect();
    assert!(foot.iter().any(|c| c == "42"), "{foot:?}");
    assert!(foot.iter().any(|c| c == "364"), "{foot:?}");
    assert!(
        foot.iter().any(|c| c == "11.5"),
        "42 of 364 is 11.5 %: {foot:?}"
    );

    let (_, _, html) = get(
        &app,
        "/statistics?region=kanto&type=city&sort=cirs&dir=desc",
    )
    .await;
    assert_eq!(
        row_ids(&html),
        [
            "yokohama",
            "kawasaki",
            "chiba-city",
            "sagamihara",
            "saitama-city"
        ]
    );
    // Kyushu includes Okinawa.
    let (_, _, html) = get(&app, "/statistics?region=kyushu&type=prefecture").await;
    assert_eq!(row_ids(&html).last().map(String::as_str), Some("okinawa"));
    // The form keeps the current sort and shows the chosen filters.
    let (_, _, html) = get(&app, "/statistics?sort=cirs&dir=asc&region=tohoku").await;
    assert!(html.contains("<input type=\"hidden\" name=\"sort\" value=\"cirs\">"));
    let selected = |html: &str| -> Vec<String> {
        html::parse(html)
            .all("option[selected]")
            .into_iter()
            .map(Content::markup)
            .collect()
    };
    assert_eq!(
        selected(&html),
        ["<option value=\"tohoku\" selected=\"\">Tohoku</option>"],
        "one choice selected"
    );
    let (_, _, html) = get(&app, "/statistics?type=city&region=kyushu").await;
    assert!(html.contains("<option value=\"prefecture\">Prefecture</option>"));
    assert_eq!(
        selected(&html),
        [
            "<option value=\"city\" selected=\"\">Designated city</option>",
            "<option value=\"kyushu\" selected=\"\">Kyushu and Okinawa</option>"
        ],
        "one choice in each list"
    );
}

async fn a_filter_that_matches_nothing_says_so() {
    let app = site().await;
    let (status, _, html) = get(&app, "/statistics?type=city&region=shikoku").await;
    assert_eq!(status, 200);
    assert!(row_ids(&html).is_empty());
    assert!(html.contains("class=\"no-rows\""));
}

async fn bad_parameters_fall_back_and_the_canonical_link_is_normalised() {
    let app = site().await;
    let huge = format!("/statistics?sort={}&dir=desc", "x".repeat(20_000));
    let cases: [(&str, &str); 8] = [
        ("/statistics?sort=xyz&dir=up", ""),
        ("/statistics?sort=cirs&sort=name", ""),
        ("/statistics?sort=CIRS", "?sort=cirs&dir=desc"),
        (
            "/statistics?utm_source=chat&fbclid=abc&sort=name",
            "?sort=name&dir=asc",
        ),
        ("/statistics?%FF%FE=%ZZ&type=%E3%81%82", ""),
        (
            "/statistics?region=kanto&type=&dir=asc&sort=name",
            "?sort=name&dir=asc&region=kanto",
        ),
        ("/statistics?sort[]=cirs&dir[0]=x", ""),
        (&huge, "?sort=order&dir=desc"),
    ];
    for (uri, query) in cases {
        let (status, _, html) = get(&app, uri).await;
        assert_eq!(status, 200, "{uri}");
        let page = html::parse(&html);
        assert_eq!(
            page.only("head link[rel=canonical]").attribute("href"),
            format!("https://cir-guide.example/statistics{query}"),
            "{uri}"
        );
    }
}

async fn unknown_addresses_get_a_404_page_in_the_site_layout() {
    let app = site().await;
    for uri in [
        "/nope",
        "/role/",
        "/statistics/extra",
        "/static/missing.css",
        "/%FF",
        "/static/../Cargo.toml",
    ] {
        let (status, _, html) = get(&app, uri).await;
        assert_eq!(status, 404, "{uri}");
        assert!(html.contains("<h1>Page not found</h1>"), "{uri}");
        assert!(
            html.contains("<nav class=\"site-nav\""),
            "{uri} has navigation"
        );
        assert!(
            !html.contains("rel=\"canonical\""),
            "{uri}: an error page is not canonical"
        );
    }
}

/// Every kind of response: a page, a view of the table, a static file under its plain and its
/// fingerprinted address, an image, and the not-found page.
const KINDS: [&str; 8] = [
    "/",
    "/statistics?sort=cirs",
    "/statistics.csv?type=city",
    "/datapackage.json",
    "/static/css/site.css",
    "FINGERPRINTED",
    "/static/images/icon.svg",
    "/nope",
];

/// The address of each kind, the fingerprinted stylesheet's taken from the home page.
async fn kind_addresses(
    app: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
) -> Vec<String> {
    let (_, _, home) = get(app, "/").await;
    let sheet = common::stylesheet(&home);
    assert!(
        sheet.starts_with("/static/css/site.") && sheet.len() > "/static/css/site.css".len(),
        "{sheet}"
    );
    KINDS
        .iter()
        .map(|k| match *k {
            "FINGERPRINTED" => sheet.clone(),
            other => other.to_string(),
        })
        .collect()
}

async fn head_answers_with_the_same_status_and_headers_as_get() {
    let app = site().await;
    for path in kind_addresses(&app).await {
        let res = test::call_service(&app, test::TestRequest::get().uri(&path).to_request()).await;
        let (get_status, get_headers) = (res.status(), res.headers().clone());
        let req = test::TestRequest::default()
            .method(Method::HEAD)
            .uri(&path)
            .to_request();
        let res = test::call_service(&app, req).await;
        assert_eq!(res.status(), get_status, "{path}");
        let expected = if path == "/nope" { 404 } else { 200 };
        assert_eq!(res.status().as_u16(), expected, "{path}");
        let mut head: Vec<_> = res.headers().iter().collect();
        let mut get: Vec<_> = get_headers.iter().collect();
        head.sort_by_key(|(k, v)| (k.as_str(), v.as_bytes()));
        get.sort_by_key(|(k, v)| (k.as_str(), v.as_bytes()));
        assert_eq!(head, get, "{path}");
        assert!(head.len() >= 9, "{path}: {head:?}");
    }
}

async fn other_methods_get_405_with_the_allowed_ones() {
    let app = site().await;
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        let req = test::TestRequest::default()
            .method(method.clone())
            .uri("/statistics")
            .to_request();
        let res = test::call_service(&app, req).await;
        assert_eq!(res.status().as_u16(), 405, "{method}");
        assert_eq!(res.headers().get("allow").expect("allow"), "GET, HEAD");
        let html = String::from_utf8(test::read_body(res).await.to_vec()).expect("utf-8");
        assert!(html.contains("<h1>Request not accepted</h1>"));
    }
}

/// The security headers every response carries, written out here rather than taken from the
/// code under test, so that a change to them fails this test.
const SECURITY: [(&str, &str); 6] = [
    (
        "content-security-policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
         connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

fn assert_security_headers(headers: &actix_web::http::header::HeaderMap, what: &str) {
    for (name, value) in SECURITY {
        let sent: Vec<_> = headers.get_all(name).collect();
        assert_eq!(sent.len(), 1, "one {name} on {what}");
        assert_eq!(sent[0], value, "{name} on {what}");
        assert!(!value.contains("unsafe-"), "{name}");
    }
}

async fn security_headers_are_on_pages_static_files_errors_and_304s() {
    let app = site().await;
    for uri in kind_addresses(&app).await {
        let res = test::call_service(&app, test::TestRequest::get().uri(&uri).to_request()).await;
        assert_security_headers(res.headers(), &uri);
        // The same address again, with the tag it gave: 304, with the same headers.
        if let Some(tag) = res.headers().get("etag").cloned()
            && res.status() == 200
        {
            let req = test::TestRequest::get()
                .uri(&uri)
                .insert_header(("if-none-match", tag))
                .to_request();
            let res = test::call_service(&app, req).await;
            assert_eq!(res.status().as_u16(), 304, "{uri}");
            assert_security_headers(res.headers(), &format!("304 of {uri}"));
        }
    }
    for method in [Method::POST, Method::DELETE] {
        for uri in ["/", "/static/css/site.css"] {
            let req = test::TestRequest::default()
                .method(method.clone())
                .uri(uri)
                .to_request();
            let res = test::call_service(&app, req).await;
            assert_eq!(res.status().as_u16(), 405, "{method} {uri}");
            assert_security_headers(res.headers(), &format!("{method} {uri}"));
        }
    }
}

async fn each_kind_of_response_has_its_type_and_caching_headers() {
    let app = site().await;
    let addresses = kind_addresses(&app).await;
    let expected = [
        (
            "text/html; charset=utf-8",
            common::PAGE_CACHE,
            Some("Accept-Encoding"),
        ),
        (
            "text/html; charset=utf-8",
            common::PAGE_CACHE,
            Some("Accept-Encoding"),
        ),
        (
            "text/csv; charset=utf-8; header=present",
            common::PAGE_CACHE,
            Some("Accept-Encoding"),
        ),
        (
            "application/json",
            common::PAGE_CACHE,
            Some("Accept-Encoding"),
        ),
        (
            "text/css; charset=utf-8",
            common::PAGE_CACHE,
            Some("Accept-Encoding"),
        ),
        (
            "text/css; charset=utf-8",
            "public, max-age=31536000, immutable",
            Some("Accept-Encoding"),
        ),
        ("image/svg+xml", common::PAGE_CACHE, Some("Accept-Encoding")),
        (
            "text/html; charset=utf-8",
            common::PAGE_CACHE,
            Some("Accept-Encoding"),
        ),
    ];
    for (uri, (content_type, cache, vary)) in addresses.iter().zip(expected) {
        let (_, headers, _) = get(&app, uri).await;
        let header = |name: &str| headers.get(name).map(|v| v.to_str().expect("ascii"));
        assert_eq!(header("content-type"), Some(content_type), "{uri}");
        assert_eq!(header("cache-control"), Some(cache), "{uri}");
        assert_eq!(header("vary"), vary, "{uri}");
        let etag = header("etag").expect("an ETag");
        assert!(
            etag.len() == 18 && etag.starts_with('"') && etag.ends_with('"'),
            "{uri}: a strong tag of 16 hex digits, not {etag}"
        );
    }
}

async fn pages_carry_no_inline_script_or_style() {
    let app = site().await;
    for (path, _) in PAGES {
        let (_, _, html) = get(&app, path).await;
        let page = html::parse(&html);
        for script in page.all("script") {
            // A script from a file, or a data block (schema.org JSON-LD), which no browser
            // runs: the policy's `script-src 'self'` stops nothing the site needs.
            let file = script.value().attr("src").is_some() && script.content().is_empty();
            let data = script.value().attr("type") == Some("application/ld+json")
                && script.value().attr("src").is_none();
            assert!(file || data, "{path}: {}", script.markup());
        }
        assert!(page.all("style, [style]").is_empty(), "{path}");
        let handlers: Vec<String> = page
            .all("*")
            .into_iter()
            .filter(|e| e.value().attrs().any(|(name, _)| name.starts_with("on")))
            .map(Content::markup)
            .collect();
        assert!(
            handlers.is_empty(),
            "{path}: inline event handlers {handlers:?}"
        );
    }
    let (_, _, html) = get(&app, "/statistics").await;
    let page = html::parse(&html);
    let script = page.first("script[src]").attribute("src");
    assert!(
        script.starts_with("/static/js/table.") && script.ends_with(".js"),
        "{script}"
    );
}

async fn every_cited_source_exists_on_the_sources_page() {
    let app = site().await;
    let (_, _, sources) = get(&app, "/sources").await;
    for (path, _) in PAGES {
        let (_, _, html) = get(&app, path).await;
        assert!(
            html.contains("<aside class=\"page-sources\"") || path == "/sources",
            "{path} lists its sources"
        );
        for part in html.split("href=\"/sources#").skip(1) {
            let id = &part[..part.find('"').expect("closing quote")];
            assert!(
                sources.contains(&format!("id=\"{id}\"")),
                "{path} cites missing {id}"
            );
        }
    }
    assert!(
        sources.contains("4,476") && sources.contains("4,465"),
        "notes the participant discrepancy"
    );
}

async fn static_files_hide_dotfiles_and_never_follow_symlinks() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("static-links");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("css")).expect("dir");
    std::fs::write(dir.join("css/site.css"), "body{}").expect("file");
    std::fs::write(dir.join(".env"), "SECRET=1").expect("file");
    let outside = dir.with_file_name("outside-static");
    std::fs::create_dir_all(&outside).expect("dir");
    std::fs::write(outside.join("secret.txt"), "secret").expect("file");
    std::os::unix::fs::symlink(outside.join("secret.txt"), dir.join("link.txt")).expect("link");
    std::os::unix::fs::symlink(&outside, dir.join("linked-dir")).expect("link");

    let app = common::site_with_static(dir).await;
    assert_eq!(get(&app, "/static/css/site.css").await.0, 200);
    for uri in [
        "/static/.env",
        "/static/css/../.env",
        "/static/%2Eenv",
        "/static/link.txt",
        "/static/linked-dir/secret.txt",
        "/static/",
        "/static/css/",
    ] {
        let (status, _, body) = get(&app, uri).await;
        assert_eq!(status, 404, "{uri}");
        assert!(
            !body.contains("secret") && !body.contains("SECRET"),
            "{uri}"
        );
    }
}

async fn the_applying_page_has_every_section_at_a_stable_anchor_with_its_sources() {
    let app = site().await;
    let (status, _, html) = get(&app, "/applying").await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>Becoming a CIR</h1>"));
    let sections = [
        ("who-can-apply", "Who can apply"),
        ("how-to-apply", "How to apply"),
        ("pay", "Pay"),
        ("hours-and-leave", "Working hours and leave"),
        ("contract", "Length of contract"),
        ("travel-and-insurance", "Travel and insurance"),
        ("employer", "Who employs you"),
        ("after-the-programme", "After the programme"),
    ];
    let page = html::parse(&html);
    for (id, heading) in sections {
        let section = page.only(&format!("section#{id}"));
        assert_eq!(
            section.attribute("aria-labelledby"),
            format!("{id}-heading"),
            "{id}"
        );
        assert_eq!(
            section.first("h2").markup(),
            format!("<h2 id=\"{id}-heading\">{heading}</h2>"),
            "{id}"
        );
        assert!(
            section.first("p.cited").content().starts_with("Sources:"),
            "{id} names its sources"
        );
        assert_eq!(
            page.only(&format!("li > a[href=\"#{id}\"]"))
                .parent()
                .and_then(scraper::ElementRef::wrap)
                .map(Content::markup),
            Some(format!("<li><a href=\"#{id}\">{heading}</a></li>")),
            "the contents list {id}"
        );
    }
    // The figures a reader comes for, each with where it comes from.
    let pay = page.only("section#pay");
    let said = pay.content();
    assert!(
        said.contains("about 4.02 million yen in the first year"),
        "{said}"
    );
    assert!(
        said.contains("3.36 million yen in the first year"),
        "{said}"
    );
    assert!(
        !pay.all("a[href=\"/sources#embassy-india\"]").is_empty(),
        "{said}"
    );
    let hours = page.only("section#hours-and-leave").content();
    assert!(
        hours.contains("35 hours a week, Monday to Friday"),
        "{hours}"
    );
    assert!(hours.contains("at least 10 days of paid leave"), "{hours}");
    // The newspaper report is marked as a secondary source where it is cited.
    let who = page.only("section#who-can-apply");
    let report = who.only("a[href=\"/sources#tribune-philippines-2024\"]");
    assert_eq!(
        report.content(),
        "Report on the JET Programme's 2025 recruitment in the Philippines, 17 September 2024"
    );
    let after = report
        .next_sibling()
        .and_then(|n| n.value().as_text().map(|t| t.to_string()));
    assert!(
        after
            .as_deref()
            .is_some_and(|t| t.starts_with(" (secondary source)")),
        "{after:?}"
    );
}

async fn the_applying_page_is_in_the_navigation_the_home_list_and_linked_from_the_role() {
    let app = site().await;
    for (path, _) in PAGES {
        let (_, _, html) = get(&app, path).await;
        let page = html::parse(&html);
        let labels: Vec<String> = page
            .only("nav.site-nav")
            .all("li")
            .into_iter()
            .map(|item| item.content().trim().to_string())
            .collect();
        assert_eq!(
            labels,
            [
                "Home",
                "The role",
                "Duties",
                "Employers",
                "Applying",
                "Statistics",
                "Over time",
                "Sources"
            ],
            "{path}"
        );
    }
    let (_, _, home) = get(&app, "/").await;
    let home = html::parse(&home);
    let item = home
        .only("main li > a[href=\"/applying\"]")
        .parent()
        .and_then(scraper::ElementRef::wrap)
        .expect("a list item")
        .markup();
    assert!(
        item.starts_with("<li><a href=\"/applying\">Applying</a><p>Who can apply to be a CIR, how to apply, what the job pays"),
        "{item}"
    );
    let (_, _, role) = get(&app, "/role").await;
    let role = html::parse(&role);
    for anchor in ["who-can-apply", "how-to-apply", "contract"] {
        assert!(
            !role
                .all(&format!("a[href=\"/applying#{anchor}\"]"))
                .is_empty(),
            "/role links /applying#{anchor}"
        );
    }
    // The role page keeps the anchors shared links point at.
    for anchor in [
        "what-a-cir-does",
        "who-runs-jet",
        "history",
        "eligibility",
        "japanese",
        "contract",
    ] {
        assert_eq!(
            role.all(&format!("section#{anchor}")).len(),
            1,
            "/role#{anchor}"
        );
    }
}

async fn the_sources_page_groups_sources_by_kind_with_the_date_each_was_checked() {
    let app = site().await;
    let (_, _, html) = get(&app, "/sources").await;
    let page = html::parse(&html);
    let ids = |heading: &str| -> Vec<String> {
        let group = page
            .all("section.source-group")
            .into_iter()
            .find(|group| group.first("h3").content() == heading)
            .unwrap_or_else(|| panic!("no group {heading}"));
        group
            .all("ol.source-list > li")
            .into_iter()
            .map(|li| li.attribute("id").to_string())
            .collect()
    };
    let (official, secondary) = (ids("Official sources"), ids("Secondary sources"));
    assert_eq!(
        secondary,
        [
            "wikipedia-cir",
            "tribune-philippines-2024",
            "jet-guidelines-2016-copy",
            "wikipedia-cir-2008",
            "travelvision-2007",
            "wikipedia-jet-2009",
            "clair-forum-2013",
            "portal-worlds-2022",
            "zenshow-2024",
            "hyogo-2021",
            "localgovjp"
        ]
    );
    assert_eq!(official.len(), 15, "{official:?}");
    assert!(!official.contains(&"wikipedia-cir".to_string()));
    let checked: Vec<String> = page
        .all("p.source-meta")
        .into_iter()
        .map(|meta| meta.markup())
        .filter(|meta| {
            meta.starts_with(
                "<p class=\"source-meta\">Checked on <time datetime=\"2026-11-30\">30 November 2026</time>.",
            )
        })
        .collect();
    assert_eq!(checked.len(), 26);
    let clair = page.only("li#jet-clair");
    assert_eq!(
        clair.first("p.source-title").markup(),
        "<p class=\"source-title\"><a href=\"https://jetprogramme.org/ja/organisations/\" rel=\"external\">Organisations (Japanese-language page)</a></p>"
    );
    assert!(
        clair.content().contains("In Japanese."),
        "{}",
        clair.markup()
    );
    // The notes where an official source corrects the source article.
    for note in [
        "participants-2014",
        "mext-funding",
        "placements",
        "prefecture-counts",
    ] {
        assert_eq!(
            page.all(&format!("section#{note}[class=note]")).len(),
            1,
            "{note}"
        );
    }
    // Each page's list marks its secondary sources.
    let (_, _, statistics) = get(&app, "/statistics").await;
    let statistics = html::parse(&statistics);
    let foot: Vec<String> = statistics
        .only("aside.page-sources")
        .all("li")
        .into_iter()
        .map(Content::markup)
        .collect();
    for item in [
        "<li><a href=\"/sources#wikipedia-cir\">Coordinator for International Relations</a> (secondary source)</li>",
        "<li><a href=\"/sources#jet-history\">History of the JET Programme</a></li>",
    ] {
        assert!(foot.iter().any(|i| i == item), "{item} in {foot:#?}");
    }
}

/// The words a reader sees, one space between each, with every tag as a break between words.
fn words(html: &str) -> String {
    html::parse(html).root_element().spaced_words()
}

/// A copy of the base fixture with Hyogo's count raised by one, and the total with it (and
/// the count of the same date in `trends.toml`, which must agree).
fn content_with_one_more_cir() -> std::path::PathBuf {
    let dir = common::server::copy_content(&common::base(), "one-more-cir");
    let path = dir.join("statistics.toml");
    let text = std::fs::read_to_string(&path).expect("statistics.toml");
    let hyogo = "name = \"Hyogo\"\nkind = \"prefecture\"\nregion = \"kansai\"\ncirs = 7";
    assert_eq!(text.matches(hyogo).count(), 1, "Hyogo's row");
    let text = text
        .replacen(hyogo, &hyogo.replace("cirs = 7", "cirs = 8"), 1)
        .replacen("reported_cirs = 364", "reported_cirs = 365", 1);
    std::fs::write(&path, text).expect("write");
    let path = dir.join("trends.toml");
    let text = std::fs::read_to_string(&path).expect("trends.toml");
    let point = "as_of = \"2014-07-01\"\ncount = 364";
    assert_eq!(text.matches(point).count(), 1, "the 2014 count");
    std::fs::write(&path, text.replacen(point, &point.replace("364", "365"), 1)).expect("write");
    dir
}

async fn prose_follows_the_data_when_a_count_changes() {
    let dir = content_with_one_more_cir();
    let static_dir = common::root().join("static");
    let live =
        cir_guide::server::live::Live::start(&dir, &static_dir, false).expect("valid content");
    let app = common::app_for(std::sync::Arc::new(live), static_dir, Default::default()).await;
    let page = |path: &'static str| {
        let app = &app;
        async move { words(&get(app, path).await.2) }
    };
    let home = page("/").await;
    assert!(
        home.contains(
            "CIRs on the JET Programme 365 of all JET participants 8.2 % JET participants 4,465"
        ),
        "{home}"
    );
    let statistics = page("/statistics").await;
    assert!(
        statistics
            .contains("Its rows add up to 365 CIRs, out of 4,465 JET participants on that date."),
        "{statistics}"
    );
    let employers = page("/employers").await;
    assert!(
        employers.contains("In 2014, 323 of the 365 CIRs were counted under prefectures"),
        "{employers}"
    );
    assert!(
        employers.contains(
            "The 20 designated cities in the table had 42 CIRs between them on 1 July 2014."
        ),
        "{employers}"
    );
    let role = page("/role").await;
    assert!(
        role.contains("On 1 July 2014 there were 365 CIRs among 4,465 JET participants"),
        "{role}"
    );
    let sources = page("/sources").await;
    assert!(
        sources.contains("the total of 365 CIRs among 4,465 JET participants"),
        "{sources}"
    );
    assert!(
        sources
            .contains("only then do the 67 rows add up to the total of 365 that the article gives"),
        "{sources}"
    );
}

async fn files_too_large_for_memory_are_served_from_disk_with_the_same_refusals() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("static-large");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("files")).expect("dir");
    std::fs::create_dir_all(dir.join(".hidden")).expect("dir");
    // Over the 1 MiB kept in memory, so actix-files sends it from disk.
    let large: Vec<u8> = (0..1_200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(dir.join("files/large.bin"), &large).expect("file");
    std::fs::write(dir.join(".hidden/large.bin"), &large).expect("file");
    let outside = dir.with_file_name("outside-static-large");
    std::fs::create_dir_all(&outside).expect("dir");
    std::fs::write(outside.join("large.bin"), &large).expect("file");
    let _ = std::fs::remove_file(dir.join("files/linked.bin"));
    std::os::unix::fs::symlink(outside.join("large.bin"), dir.join("files/linked.bin"))
        .expect("link");

    let app = common::site_with_static(dir).await;
    let res = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/static/files/large.bin")
            .to_request(),
    )
    .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()
            .get("x-content-type-options")
            .map(|v| v.as_bytes()),
        Some(&b"nosniff"[..])
    );
    let body = test::read_body(res).await;
    assert_eq!(body.len(), large.len());
    assert!(body[..] == large[..], "the bytes of the file");
    for uri in ["/static/.hidden/large.bin", "/static/files/linked.bin"] {
        let (status, _, html) = get(&app, uri).await;
        assert_eq!(status, 404, "{uri}");
        assert!(html.contains("<h1>Page not found</h1>"), "{uri}");
    }
}

async fn stylesheets_are_sent_minified_and_every_other_file_as_written() {
    let app = site().await;
    let root = common::root().join("static");
    let sheet = std::fs::read_to_string(root.join("css/site.css")).expect("site.css");
    let (_, _, sent) = get(&app, "/static/css/site.css").await;
    assert_eq!(sent, cir_guide::minify::css(&sheet));
    assert!(
        sent.len() * 10 < sheet.len() * 8,
        "{} of {}",
        sent.len(),
        sheet.len()
    );
    for (uri, file) in [
        ("/static/js/table.js", "js/table.js"),
        ("/static/images/icon.svg", "images/icon.svg"),
    ] {
        let (_, _, sent) = get(&app, uri).await;
        let written = std::fs::read_to_string(root.join(file)).expect("file");
        assert_eq!(sent, written, "{uri}");
    }
}

async fn a_page_that_fails_to_render_gets_the_server_error_page() {
    use actix_web::ResponseError;
    let static_dir = common::root().join("static");
    let live = cir_guide::server::live::Live::start(&common::base(), &static_dir, false)
        .expect("valid content");
    let error = cir_guide::server::error::AppError::Render(
        live.snapshot_arc(),
        cir_guide::content::Lang::En,
        askama::Error::Fmt,
    );
    assert_eq!(
        error.to_string(),
        "a page failed to render: an error occurred when formatting an argument"
    );
    assert_eq!(
        format!("{error:?}"),
        "a page failed to render: an error occurred when formatting an argument"
    );
    assert_eq!(error.status_code().as_u16(), 500);
    let res = error.error_response();
    assert_eq!(res.status().as_u16(), 500);
    let header = |name: &str| res.headers().get(name).map(|v| v.to_str().expect("ascii"));
    assert_eq!(header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(header("cache-control"), Some("no-cache"));
    let body = actix_web::body::to_bytes(res.into_body())
        .await
        .expect("body");
    let html = String::from_utf8(body.to_vec()).expect("utf-8");
    assert!(
        html.contains("<h1>Sorry, there is a problem with the site</h1>"),
        "{html}"
    );
    assert!(
        html.contains("<nav class=\"site-nav\""),
        "in the site's layout"
    );
}

/// The rows of the trends table as lines: anchor, then the text of each cell, spaces
/// normalised. (Cells hold `<time>`, so they are split at `</td>` and `</th>` exactly.)
fn trends_lines(html: &str) -> Vec<String> {
    let page = html::parse(html);
    page.first("tbody")
        .all("tr")
        .into_iter()
        .map(|row| {
            let cells: Vec<String> = row.all("th, td").into_iter().map(Content::words).collect();
            format!("{}: {}", row.attribute("id"), cells.join(" | "))
        })
        .collect()
}

async fn the_trends_table_lists_every_fiscal_year_with_gaps_kept_and_shares_worked_out() {
    let app = site().await;
    let (status, _, html) = get(&app, "/trends").await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>CIRs over time</h1>"));
    let lines = trends_lines(&html);
    let participants = [
        848, 1443, 1987, 2284, 2874, 3325, 3785, 4185, 4628, 5032, 5332, 5691, 5835, 6078, 6190,
        6273, 6226, 6103, 5853, 5508, 5119, 4682, 4436, 4334, 4330, 4360, 4372, 4476, 4786, 4952,
        5163, 5528, 5761, 0, 0, 5723, 5831, 5861, 5933,
    ];
    let cirs = [
        (
            1987,
            "35 Share: 4.1% of 848 1987: History of the JET Programme",
        ),
        (
            2006,
            "431 Share: 7.9% of 5,488 1 July 2006: Coordinator for International Relations (version of 27 April 2008) (secondary source)",
        ),
        (
            2007,
            "399 Share: 7.8% of 5,119 2007: News report on the JET Programme, 2007 (news item 30675) (secondary source)",
        ),
        (
            2009,
            "366 Share: 8.3% of 4,436 3 November 2009: JET Programme (version of November 2009) (secondary source)",
        ),
        (
            2010,
            "354 Share: 8.2% of 4,334 2010: Press release on the JET Programme, 2010",
        ),
        (
            2012,
            "356 1 December 2012: Jichitai Kokusaika Forum, February 2013 (a copy) (secondary source)",
        ),
        (
            2014,
            "364 Share: 8.2% of 4,465 1 July 2014: Coordinator for International Relations (secondary source)",
        ),
        (
            2022,
            "437 Share: 7.6% of 5,723 2022: News report on the JET Programme, 2022 (ASEAN news item 29057) (secondary source)",
        ),
        (
            2024,
            "479 Share: 8.2% of 5,861 July 2024: Report citing CLAIR's Jichitai Kokusaika Forum no. 430 (secondary source)",
        ),
    ];
    let expected: Vec<String> = (1987..=2025)
        .zip(participants)
        .map(|(year, n)| {
            let people = if n == 0 {
                "No figure published".to_string()
            } else {
                let s = n.to_string();
                if s.len() > 3 {
                    format!("{},{}", &s[..s.len() - 3], &s[s.len() - 3..])
                } else {
                    s
                }
            };
            let count = cirs
                .iter()
                .find(|(y, _)| *y == year)
                .map_or("No count found", |(_, c)| *c);
            format!("fy-{year}: {year} | {people} | {count}")
        })
        .collect();
    assert_eq!(lines, expected);
    // A row can be linked to, and the date is machine-readable.
    assert!(html.contains("<tr id=\"fy-2014\"><th scope=\"row\">2014</th>"));
    assert!(html.contains("<time datetime=\"2024-07\">July 2024</time>"));
    assert!(html.contains("<time datetime=\"2009-11-03\">3 November 2009</time>"));
    let page = html::parse(&html);
    let notes = page.only("section[aria-labelledby=notes-heading]");
    for id in [
        "participants-2024",
        "participants-2014-and-2006",
        "missing-years",
        "cir-counts",
    ] {
        assert_eq!(notes.all(&format!("section#{id}")).len(), 1, "{id}");
    }
    let notes = notes.content();
    assert!(notes.contains("its chart is labelled 5,851, while its table gives 5,861"));
    assert!(notes.contains("gives 4,465 participants on 1 July"));
    assert!(notes.contains("gives 4,476 for the fiscal year"));
}

async fn the_trends_chart_is_drawn_on_the_server_with_gaps_as_gaps() {
    let app = site().await;
    let (_, _, html) = get(&app, "/trends").await;
    let page = html::parse(&html);
    let svg = page.only("svg.trend-chart");
    assert_eq!(
        svg.written_attributes(),
        [
            ("class", "trend-chart"),
            ("viewBox", "0 0 640 440"),
            ("role", "img"),
            ("aria-labelledby", "chart-title chart-desc")
        ]
    );
    assert_eq!(
        svg.only("title#chart-title").content(),
        "JET participants per fiscal year, 1987 to 2025, and CIRs where a count is known"
    );
    assert_eq!(
        svg.only("desc#chart-desc").content(),
        "Upper panel: JET participants per fiscal year, from 848 in 1987 to a high of 6,273 in \
         2002, then 5,933 in 2025. The source gives no figure for 2020, 2021, so the line stops \
         there. Lower panel: the 9 counts of CIRs we found, from 35 in 1987 to 479 in July \
         2024. Filled circles come from official sources, hollow squares from secondary ones. \
         The table below gives every figure."
    );
    // Every element of a kind, as html5ever writes it back.
    let marks =
        |css: &str| -> Vec<String> { svg.all(css).into_iter().map(Content::markup).collect() };
    let has = |css: &str, start: &str| marks(css).iter().any(|m| m.starts_with(start));
    // Two runs of years with a figure, 1987 to 2019 and 2022 to 2025: the line never
    // crosses the gap.
    let paths: Vec<&str> = svg
        .all("path[class=series]")
        .into_iter()
        .map(|p| p.attribute("d"))
        .collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    // Where the marks stand, worked out by hand from the drawing area (640 x 440, plot from
    // x 84 to 608 for 1987 to 2025; participants from y 236 for 0 to 48 for 7,500; CIRs
    // from y 392 for 0 to 300 for 500).
    assert!(paths[0].starts_with("M84,214.7L"), "{}", paths[0]);
    assert!(paths[1].starts_with("M566.6,92.5L"), "{}", paths[1]);
    assert!(has(
        "circle",
        "<circle class=\"point\" cx=\"290.8\" cy=\"78.8\" r=\"3\"><title>2002: 6,273</title>"
    ));
    assert_eq!(
        marks("rect[class=gap]"),
        [
            "<rect class=\"gap\" x=\"532.2\" y=\"48\" width=\"13.8\" height=\"188\"></rect>",
            "<rect class=\"gap\" x=\"545.9\" y=\"48\" width=\"13.8\" height=\"188\"></rect>"
        ]
    );
    assert!(has(
        "rect",
        "<rect class=\"mark secondary\" x=\"456.3\" y=\"325\" width=\"10\" height=\"10\""
    ));
    assert!(has("text", "<text class=\"year\" x=\"125.4\""));
    // Gridlines span the plot, from x 84 to 608.
    assert!(has(
        "line",
        "<line class=\"grid\" x1=\"84\" x2=\"608\" y1=\"236\" y2=\"236\"></line>"
    ));
    assert!(has(
        "text",
        "<text class=\"tick\" x=\"76\" y=\"48\">7,500</text>"
    ));
    assert_eq!(paths[0].matches('L').count(), 2019 - 1987);
    assert_eq!(paths[1].matches('L').count(), 2025 - 2022);
    assert_eq!(svg.all("circle[class=point]").len(), 37);
    // Every point is titled with its year and figure; none for the years without one.
    let titles = marks("title");
    assert!(titles.iter().any(|t| t == "<title>2002: 6,273</title>"));
    assert!(!titles.iter().any(|t| t.starts_with("<title>2020:")));
    assert!(!titles.iter().any(|t| t.starts_with("<title>2021:")));
    // CIR counts: official ones as filled circles, secondary ones as hollow squares.
    assert_eq!(svg.all("circle[class=\"mark official\"]").len(), 2);
    assert_eq!(svg.all("rect[class=\"mark secondary\"]").len(), 7);
    assert!(
        titles
            .iter()
            .any(|t| t == "<title>2010: 354 (Press release on the JET Programme, 2010)</title>")
    );
    // Axes: participants to 7,500 in steps of 2,500, CIRs to 500 in steps of 250, and the
    // years every five.
    let texts =
        |css: &str| -> Vec<String> { svg.all(css).into_iter().map(Content::content).collect() };
    assert_eq!(
        texts("text[class=tick]"),
        ["0", "2,500", "5,000", "7,500", "0", "250", "500"]
    );
    assert_eq!(
        texts("text[class=year]"),
        [
            "1990", "1995", "2000", "2005", "2010", "2015", "2020", "2025"
        ]
    );
    assert_eq!(
        page.only("ul[class=legend]").words(),
        "JET participants per fiscal year CIR count from an official source CIR count from a \
         secondary source No figure published"
    );
}

async fn the_trends_page_cites_every_source_of_its_figures() {
    let app = site().await;
    let (_, _, html) = get(&app, "/trends").await;
    let page = html::parse(&html);
    let ids: Vec<&str> = page
        .only("aside.page-sources")
        .all("a")
        .into_iter()
        .filter_map(|a| a.attribute("href").strip_prefix("/sources#"))
        .collect();
    // The figures' sources, then the notes' one more.
    assert_eq!(ids[..9], common::TRENDS_SOURCES);
    assert_eq!(ids[9..], ["hyogo-2021"]);
}
