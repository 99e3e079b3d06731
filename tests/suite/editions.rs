//! The two editions through the real route table and the base fixture: every English address
//! has a Japanese twin under `/ja` and the reverse; the twins name each other (`hreflang`, the
//! language switch) and show the same figures under the same anchors; and the Japanese one is
//! Japanese throughout: its text, its dates, its sort order, its downloads and its previews.

use crate::common;

use std::collections::BTreeSet;

use actix_web::http::Method;
use actix_web::http::header::HeaderMap;
use actix_web::test::TestRequest;
use common::html::{self, Content, Find};
use common::{VIEWS, call, foot_lines, get, header, parse_csv, row_ids, site, table_rows};
use serde_json::Value;

common::harness::tests! {
    actix every_english_address_has_a_japanese_twin_and_the_reverse [],
    actix an_address_without_a_twin_gets_the_not_found_page_of_its_edition [],
    actix the_japanese_edition_root_redirects_to_its_home_page_keeping_the_query [],
    actix head_answers_on_the_japanese_edition_as_get_does [],
    actix other_methods_on_a_japanese_address_get_the_japanese_405_page [],
    actix other_methods_on_the_japanese_edition_root_get_the_japanese_405_page [],
    actix twins_name_each_other_in_hreflang_and_themselves_as_canonical [],
    actix the_language_switch_keeps_the_page_and_its_view [],
    actix every_link_and_form_on_a_japanese_page_stays_in_the_japanese_edition [],
    actix both_tables_show_the_same_rows_and_figures_in_every_view [],
    actix both_trends_tables_show_the_same_figures_for_every_year [],
    actix both_home_pages_show_the_same_figures [],
    actix japanese_pages_write_dates_the_japanese_way [],
    actix no_english_month_is_named_on_a_japanese_page [],
    actix no_english_label_shows_on_a_japanese_page [],
    actix japanese_names_sort_by_their_kana_reading_on_the_server [],
    actix the_japanese_csv_holds_the_same_rows_with_japanese_names [],
    actix the_japanese_json_files_are_titled_in_japanese_and_point_at_the_japanese_pages [],
    actix the_japanese_data_package_describes_the_japanese_files [],
    actix every_address_the_japanese_downloads_name_is_in_the_japanese_edition [],
    actix anchors_are_the_same_in_both_languages [],
    actix each_japanese_page_links_its_own_preview [],
    actix each_japanese_preview_draws_its_japanese_text [],
    actix every_preview_keeps_its_text_inside_the_margins [],
    actix titles_quoted_in_the_other_language_say_which_language_they_are_in [],
    actix japanese_citations_and_chart_labels_use_japanese_punctuation [],
}

const BASE: &str = "https://cir-guide.example";

/// Every page, with its heading in the Japanese edition.
const PAGES: [(&str, &str); 8] = [
    ("/", "JETプログラムの国際交流員（CIR）"),
    ("/role", "国際交流員の役割"),
    ("/duties", "国際交流員の主な仕事内容"),
    ("/employers", "国際交流員の勤務先"),
    ("/applying", "国際交流員になるには"),
    (
        "/statistics",
        "都道府県・政令指定都市別の国際交流員数（2014年）",
    ),
    ("/trends", "国際交流員数の推移"),
    ("/sources", "出典と注記"),
];

/// Views of the table beyond those of `VIEWS`: a reverse sort with a filter, filters alone, an
/// ascending sort of a descending-first column, and a filter that matches nothing.
const MORE_VIEWS: [&str; 4] = [
    "/statistics?sort=name&dir=desc&type=prefecture",
    "/statistics?region=kyushu&type=city",
    "/statistics?sort=share&dir=asc&region=tohoku",
    "/statistics?type=city&region=shikoku",
];

/// Addresses as requested, and as each edition names them: the query normalised.
const CANONICAL: [(&str, &str); 13] = [
    ("/", "/"),
    ("/role", "/role"),
    ("/duties", "/duties"),
    ("/employers", "/employers"),
    ("/applying", "/applying"),
    ("/statistics", "/statistics"),
    ("/trends", "/trends"),
    ("/sources", "/sources"),
    (
        "/statistics?sort=cirs&dir=desc",
        "/statistics?sort=cirs&dir=desc",
    ),
    (
        "/statistics?type=city&region=kansai&sort=name&dir=asc",
        "/statistics?sort=name&dir=asc&type=city&region=kansai",
    ),
    (
        "/statistics?region=kyushu&type=city",
        "/statistics?type=city&region=kyushu",
    ),
    (
        "/statistics?utm_source=chat&sort=CIRS",
        "/statistics?sort=cirs&dir=desc",
    ),
    (
        "/statistics?sort=cirs&dir=desc&region=kanto",
        "/statistics?sort=cirs&dir=desc&region=kanto",
    ),
];

/// The Japanese twin of an English address: `/role` is `/ja/role`, `/` is `/ja/`.
pub(crate) fn ja(path: &str) -> String {
    format!("/ja{path}")
}

/// Every page and view of `VIEWS` but the not-found page, and `MORE_VIEWS`.
fn addresses() -> Vec<&'static str> {
    VIEWS
        .iter()
        .copied()
        .filter(|path| *path != "/nope")
        .chain(MORE_VIEWS)
        .collect()
}

/// The 27 filters of the table (none, each type, each region, and each pair), as queries.
pub(crate) fn filters() -> Vec<String> {
    let types = ["", "prefecture", "city"];
    let regions = [
        "", "hokkaido", "tohoku", "kanto", "chubu", "kansai", "chugoku", "shikoku", "kyushu",
    ];
    let mut queries = Vec::new();
    for kind in types {
        for region in regions {
            let mut q = Vec::new();
            if !kind.is_empty() {
                q.push(format!("type={kind}"));
            }
            if !region.is_empty() {
                q.push(format!("region={region}"));
            }
            queries.push(q.join("&"));
        }
    }
    queries
}

/// The language a page says it is in.
fn lang(html: &str) -> String {
    html::parse(html)
        .root_element()
        .attribute("lang")
        .to_string()
}

/// The text of the page's one `<h1>`.
fn h1(html: &str) -> String {
    html::parse(html).only("h1").content()
}

/// The content of every `<meta>` tag with a `property`.
fn metas(html: &str, property: &str) -> Vec<String> {
    html::parse(html)
        .all(&format!("meta[property=\"{property}\"]"))
        .into_iter()
        .map(|meta| meta.attribute("content").to_string())
        .collect()
}

/// The content of the one `<meta>` tag with a `property`.
fn meta(html: &str, property: &str) -> String {
    let mut all = metas(html, property);
    assert_eq!(all.len(), 1, "one {property}");
    all.remove(0)
}

/// The page's `hreflang` alternates, in order: the language and the address.
fn alternates(html: &str) -> Vec<(String, String)> {
    html::parse(html)
        .all("head link[rel=alternate][hreflang]")
        .into_iter()
        .map(|link| {
            (
                link.attribute("hreflang").to_string(),
                link.attribute("href").to_string(),
            )
        })
        .collect()
}

/// The canonical address; none on error pages.
fn canonical(html: &str) -> Option<String> {
    let page = html::parse(html);
    let links = page.all("link[rel=canonical]");
    assert!(links.len() <= 1, "one canonical link at most");
    links.first().map(|link| link.attribute("href").to_string())
}

/// The header's link to the other edition, whole, as html5ever writes it back (`&amp;` for
/// `&`, `=""` after an attribute without a value).
fn switch(html: &str) -> String {
    html::parse(html).only("a.lang-switch").markup()
}

/// Where the language switch leads.
fn switch_href(html: &str) -> String {
    html::parse(html)
        .only("a.lang-switch")
        .attribute("href")
        .to_string()
}

/// Every `id` on a page, in order.
pub(crate) fn ids(html: &str) -> Vec<String> {
    html::parse(html)
        .all("[id]")
        .into_iter()
        .map(|e| e.attribute("id").to_string())
        .collect()
}

/// The value of every attribute `name` in a page or fragment, in order.
fn attributes(html: &str, name: &str) -> Vec<String> {
    html::parse(html)
        .all(&format!("[{name}]"))
        .into_iter()
        .map(|e| e.attribute(name).to_string())
        .collect()
}

/// The numbers in a text, separators removed: `Share: 8.2% of 4,465` gives `8.2`, `4465`.
pub(crate) fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let next_is_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() {
            current.push(c);
        } else if (c == ',' || c == '.') && !current.is_empty() && next_is_digit {
            if c == '.' {
                current.push(c);
            }
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// What a reader sees or hears of a page: its text (the title included, scripts and styles
/// left out), then the text it carries in attributes (descriptions, previews' alt text,
/// accessible names, the script's announcements).
fn readable(html: &str) -> String {
    let mut all = html::parse(html)
        .root_element()
        .spaced_words_without("script, style");
    for name in [
        "content",
        "aria-label",
        "alt",
        "title",
        "data-sorted-by",
        "data-ascending",
        "data-descending",
    ] {
        for value in attributes(html, name) {
            all.push('\n');
            all.push_str(&value);
        }
    }
    html::collapse(&all)
}

/// Whether `needle` is in `haystack` as whole words: not inside a longer ASCII word.
fn contains_words(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

async fn every_english_address_has_a_japanese_twin_and_the_reverse() {
    let app = site().await;
    for path in addresses() {
        let (status, headers, html) = get(&app, path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(lang(&html), "en", "{path}");
        let twin = ja(path);
        let (status, twin_headers, twin_html) = get(&app, &twin).await;
        assert_eq!(status, 200, "{twin}");
        assert_eq!(lang(&twin_html), "ja", "{twin}");
        for h in [&headers, &twin_headers] {
            assert_eq!(header(h, "content-type"), "text/html; charset=utf-8");
        }
    }
    // Each page's twin is the page in Japanese, not the English page marked as Japanese.
    for (path, heading) in PAGES {
        let (_, _, html) = get(&app, &ja(path)).await;
        assert_eq!(h1(&html), heading, "{path}");
    }
    // The reverse: every page the Japanese navigation lists is the twin of one the English
    // navigation lists, in the same order.
    let (_, _, en_home) = get(&app, "/").await;
    let (_, _, ja_home) = get(&app, "/ja/").await;
    let nav = |html: &str| -> Vec<String> {
        html::parse(html)
            .only("nav.site-nav")
            .all("[href]")
            .into_iter()
            .map(|e| e.attribute("href").to_string())
            .collect()
    };
    let paths: Vec<&str> = PAGES.iter().map(|(p, _)| *p).collect();
    assert_eq!(nav(&en_home), paths);
    assert_eq!(
        nav(&ja_home),
        paths.iter().map(|p| ja(p)).collect::<Vec<_>>()
    );
    for twin in nav(&ja_home) {
        let english = twin.strip_prefix("/ja").expect("under /ja");
        let (status, _, html) = get(&app, english).await;
        assert_eq!((status, lang(&html).as_str()), (200, "en"), "{english}");
    }
}

async fn an_address_without_a_twin_gets_the_not_found_page_of_its_edition() {
    let app = site().await;
    for uri in [
        "/ja/nope",
        "/ja/role/",
        "/ja/statistics/extra",
        "/ja/ja/role",
        "/ja/static/css/site.css",
    ] {
        let (status, _, html) = get(&app, uri).await;
        assert_eq!(status, 404, "{uri}");
        assert_eq!(lang(&html), "ja", "{uri}");
        assert_eq!(h1(&html), "ページが見つかりません", "{uri}");
        assert!(canonical(&html).is_none(), "{uri}");
    }
    // Not under `/ja/`: the English edition's.
    for uri in ["/nope", "/japan", "/jarole", "/role/"] {
        let (status, _, html) = get(&app, uri).await;
        assert_eq!(status, 404, "{uri}");
        assert_eq!(lang(&html), "en", "{uri}");
        assert_eq!(h1(&html), "Page not found", "{uri}");
    }
}

async fn the_japanese_edition_root_redirects_to_its_home_page_keeping_the_query() {
    let app = site().await;
    for (uri, location) in [("/ja", "/ja/"), ("/ja?x=1", "/ja/?x=1")] {
        for method in [Method::GET, Method::HEAD] {
            let req = TestRequest::default().method(method.clone()).uri(uri);
            let (status, headers, body) = call(&app, req).await;
            assert_eq!(status, 308, "{method} {uri}");
            assert_eq!(header(&headers, "location"), location, "{method} {uri}");
            assert_eq!(header(&headers, "cache-control"), "public, max-age=86400");
            assert!(body.is_empty(), "{method} {uri}");
        }
    }
}

async fn head_answers_on_the_japanese_edition_as_get_does() {
    let app = site().await;
    for uri in [
        "/ja/",
        "/ja/role",
        "/ja/statistics?sort=cirs&dir=desc",
        "/ja/statistics.csv",
        "/ja/datapackage.json",
        "/ja/nope",
    ] {
        let (get_status, get_headers, _) = call(&app, TestRequest::get().uri(uri)).await;
        let req = TestRequest::default().method(Method::HEAD).uri(uri);
        let (status, headers, _) = call(&app, req).await;
        let expected = if uri == "/ja/nope" { 404 } else { 200 };
        assert_eq!((get_status, status), (expected, expected), "{uri}");
        let sorted = |h: &HeaderMap| {
            let mut all: Vec<(String, Vec<u8>)> = h
                .iter()
                .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
                .collect();
            all.sort();
            all
        };
        assert_eq!(sorted(&headers), sorted(&get_headers), "{uri}");
    }
}

async fn other_methods_on_a_japanese_address_get_the_japanese_405_page() {
    let app = site().await;
    for uri in ["/ja/role", "/ja/", "/ja/statistics.csv"] {
        for method in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
            let req = TestRequest::default().method(method.clone()).uri(uri);
            let (status, headers, body) = call(&app, req).await;
            let html = String::from_utf8(body).expect("UTF-8");
            assert_eq!(status, 405, "{method} {uri}");
            assert_eq!(header(&headers, "allow"), "GET, HEAD", "{method} {uri}");
            assert_eq!(lang(&html), "ja", "{method} {uri}");
            assert_eq!(
                h1(&html),
                "このリクエストは受け付けていません",
                "{method} {uri}"
            );
            assert_eq!(switch_href(&html), "/", "{method} {uri}");
        }
    }
    let req = TestRequest::post().uri("/role");
    let (status, _, body) = call(&app, req).await;
    let html = String::from_utf8(body).expect("UTF-8");
    assert_eq!((status, lang(&html).as_str()), (405, "en"));
    assert_eq!(h1(&html), "Request not accepted");
    assert_eq!(switch_href(&html), "/ja/");
}

/// `/ja` is a Japanese address like `/ja/`, so a refused method gets the Japanese page there
/// too.
async fn other_methods_on_the_japanese_edition_root_get_the_japanese_405_page() {
    let app = site().await;
    let (status, headers, body) = call(&app, TestRequest::post().uri("/ja")).await;
    let html = String::from_utf8(body).expect("UTF-8");
    assert_eq!(status, 405);
    assert_eq!(header(&headers, "allow"), "GET, HEAD");
    assert_eq!(lang(&html), "ja", "POST /ja");
    assert_eq!(h1(&html), "このリクエストは受け付けていません");
}

async fn twins_name_each_other_in_hreflang_and_themselves_as_canonical() {
    let app = site().await;
    for (path, named) in CANONICAL {
        let expected = vec![
            ("en".to_string(), format!("{BASE}{named}")),
            ("ja".to_string(), format!("{BASE}{}", ja(named))),
            ("x-default".to_string(), format!("{BASE}{named}")),
        ];
        let (_, _, en) = get(&app, path).await;
        let (_, _, twin) = get(&app, &ja(path)).await;
        assert_eq!(alternates(&en), expected, "{path}");
        assert_eq!(alternates(&twin), expected, "{}", ja(path));
        let own = format!("{BASE}{named}");
        assert_eq!(canonical(&en).as_deref(), Some(own.as_str()), "{path}");
        assert_eq!(meta(&en, "og:url"), own, "{path}");
        let own = format!("{BASE}{}", ja(named));
        assert_eq!(canonical(&twin).as_deref(), Some(own.as_str()), "{path}");
        assert_eq!(meta(&twin, "og:url"), own, "{path}");
        assert_eq!(meta(&en, "og:locale"), "en_GB", "{path}");
        assert_eq!(metas(&en, "og:locale:alternate"), ["ja_JP"], "{path}");
        assert_eq!(meta(&twin, "og:locale"), "ja_JP", "{path}");
        assert_eq!(metas(&twin, "og:locale:alternate"), ["en_GB"], "{path}");
    }
    // Error pages are nobody's twin.
    for uri in ["/nope", "/ja/nope"] {
        let (_, _, html) = get(&app, uri).await;
        assert!(alternates(&html).is_empty(), "{uri}");
        assert!(canonical(&html).is_none(), "{uri}");
    }
}

async fn the_language_switch_keeps_the_page_and_its_view() {
    let app = site().await;
    let (_, _, en) = get(&app, "/statistics?sort=cirs&dir=desc&region=kanto").await;
    assert_eq!(
        switch(&en),
        "<a class=\"lang-switch\" href=\"/ja/statistics?sort=cirs&amp;dir=desc&amp;region=kanto\" \
         hreflang=\"ja\" data-keep-anchor=\"\"><span class=\"visually-hidden\">Read this page in \
         Japanese: </span><span lang=\"ja\">日本語</span></a>"
    );
    let (_, _, twin) = get(&app, "/ja/statistics?sort=cirs&dir=desc&region=kanto").await;
    assert_eq!(
        switch(&twin),
        "<a class=\"lang-switch\" href=\"/statistics?sort=cirs&amp;dir=desc&amp;region=kanto\" \
         hreflang=\"en\" data-keep-anchor=\"\"><span class=\"visually-hidden\">このページを英語で読む\
         ：</span><span lang=\"en\">English</span></a>"
    );
    // On every page and view, to the twin, with the query normalised.
    for (path, named) in CANONICAL {
        let (_, _, en) = get(&app, path).await;
        assert_eq!(switch_href(&en), ja(named), "{path}");
        let (_, _, twin) = get(&app, &ja(path)).await;
        assert_eq!(switch_href(&twin), named, "{}", ja(path));
    }
    // An error page has no twin: its switch leads to the other edition's home page.
    let (_, _, html) = get(&app, "/nope").await;
    assert_eq!(switch_href(&html), "/ja/");
    assert!(switch(&html).contains(" hreflang=\"ja\" "));
    let (_, _, html) = get(&app, "/ja/nope").await;
    assert_eq!(switch_href(&html), "/");
    assert!(switch(&html).contains(" hreflang=\"en\" "));
}

/// Every address a page links to or sends a form to, other than those that name the other
/// edition on purpose: its language switch and its `hreflang` alternates.
pub(crate) fn links(html: &str) -> Vec<String> {
    let page = html::parse(html);
    let on_purpose = |e: &scraper::ElementRef| {
        e.value()
            .has_class("lang-switch", scraper::CaseSensitivity::CaseSensitive)
            || (e.value().name() == "link" && e.value().attr("hreflang").is_some())
    };
    ["href", "action", "data-base", "data-url", "src"]
        .iter()
        .flat_map(|name| {
            page.all(&format!("[{name}]"))
                .into_iter()
                .filter(|e| !on_purpose(e))
                .map(|e| e.attribute(name).to_string())
        })
        .collect()
}

async fn every_link_and_form_on_a_japanese_page_stays_in_the_japanese_edition() {
    let app = site().await;
    let mut leaving = Vec::new();
    for path in addresses().into_iter().chain(["/nope"]) {
        let twin = ja(path);
        let (_, _, html) = get(&app, &twin).await;
        let links = links(&html);
        assert!(links.len() > 10, "{twin}: {links:?}");
        for link in links {
            let on_site = link.starts_with('/') || link.starts_with(BASE);
            let stays = link.strip_prefix(BASE).unwrap_or(&link).starts_with("/ja/")
                || link.starts_with('#')
                || link.starts_with("/static/")
                || !on_site;
            if !stays {
                leaving.push(format!("{twin} leads to {link}"));
            }
        }
    }
    leaving.dedup();
    assert!(leaving.is_empty(), "{}", leaving.join("\n"));
    // The check sees the links of the English edition, which has no prefix.
    let (_, _, html) = get(&app, "/statistics").await;
    assert!(links(&html).contains(&"/statistics".to_string()));
}

/// Each row of the statistics table: its anchor, then its number, CIRs and share.
pub(crate) fn statistics_figures(html: &str) -> Vec<String> {
    row_ids(html)
        .iter()
        .zip(table_rows(html))
        .map(|(id, cells)| format!("{id}: {} | {} | {}", cells[0], cells[4], cells[5]))
        .collect()
}

/// The totals under the table, numbers only.
pub(crate) fn total_figures(html: &str) -> Vec<Vec<String>> {
    foot_lines(html).iter().map(|line| numbers(line)).collect()
}

async fn both_tables_show_the_same_rows_and_figures_in_every_view() {
    let app = site().await;
    let mut views = 0;
    for sort in ["", "sort=cirs&dir=desc"] {
        for filter in filters() {
            let query = [sort, filter.as_str()]
                .iter()
                .filter(|q| !q.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("&");
            let path = match query.as_str() {
                "" => "/statistics".to_string(),
                q => format!("/statistics?{q}"),
            };
            let (_, _, en) = get(&app, &path).await;
            let (_, _, twin) = get(&app, &ja(&path)).await;
            assert_eq!(row_ids(&twin), row_ids(&en), "{path}");
            assert_eq!(statistics_figures(&twin), statistics_figures(&en), "{path}");
            assert_eq!(total_figures(&twin), total_figures(&en), "{path}");
            views += 1;
        }
    }
    assert_eq!(views, 54);
    // And as literals, so that two editions that both lost a figure would not agree.
    let (_, _, en) = get(&app, "/statistics?sort=cirs&dir=desc").await;
    let (_, _, twin) = get(&app, "/ja/statistics?sort=cirs&dir=desc").await;
    for html in [&en, &twin] {
        let figures = statistics_figures(html);
        assert_eq!(figures.len(), 67);
        assert_eq!(figures[0], "hokkaido: 1 | 21 | 5.8");
        assert_eq!(figures[1], "shimane: 32 | 20 | 5.5");
        assert_eq!(figures[66], "okayama-city: 65 | 0 | 0.0");
        assert_eq!(
            total_figures(html),
            [["364", "100.0"], ["364", "100.0"]],
            "shown and all"
        );
    }
    let (_, _, twin) = get(&app, "/ja/statistics?type=city").await;
    assert_eq!(total_figures(&twin), [["42", "11.5"], ["364", "100.0"]]);
    assert!(twin.contains("<span id=\"rows-shown\">20</span>"));
}

/// Each row of the trends table: its anchor, then the numbers it shows (the year, the
/// participants, the CIR count, its share and the participants it is of; dates and source
/// titles left out), the date of the count and the anchor of its source.
pub(crate) fn trends_figures(html: &str) -> Vec<String> {
    let page = html::parse(html);
    page.first("tbody")
        .all("tr")
        .into_iter()
        .map(|row| {
            let plain = row.spaced_words_without("time, a");
            let named = |name: &str| -> Vec<String> {
                row.all(&format!("[{name}]"))
                    .into_iter()
                    .map(|e| e.attribute(name).to_string())
                    .collect()
            };
            format!(
                "{}: {} | {}",
                row.attribute("id"),
                numbers(&plain).join(" "),
                named("datetime")
                    .into_iter()
                    .chain(named("href"))
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace("/ja/", "/"),
            )
        })
        .collect()
}

async fn both_trends_tables_show_the_same_figures_for_every_year() {
    let app = site().await;
    let (_, _, en) = get(&app, "/trends").await;
    let (_, _, twin) = get(&app, "/ja/trends").await;
    let figures = trends_figures(&en);
    assert_eq!(figures.len(), 39, "1987 to 2025");
    assert_eq!(trends_figures(&twin), figures);
    for line in [
        "fy-1987: 1987 848 35 4.1 848 | 1987 /sources#jet-history",
        "fy-2014: 2014 4476 364 8.2 4465 | 2014-07-01 /sources#wikipedia-cir",
        "fy-2020: 2020 | ",
        "fy-2024: 2024 5861 479 8.2 5861 | 2024-07 /sources#zenshow-2024",
    ] {
        assert!(figures.iter().any(|f| f == line), "{line} in {figures:#?}");
    }
}

async fn both_home_pages_show_the_same_figures() {
    let app = site().await;
    let figures = |html: &str| -> Vec<String> {
        html::parse(html)
            .all("dl.figure-list dd")
            .into_iter()
            .map(|dd| numbers(&dd.content()).join(" "))
            .collect()
    };
    let (_, _, en) = get(&app, "/").await;
    let (_, _, twin) = get(&app, "/ja/").await;
    let both = ["479", "8.2", "5861", "364", "8.2", "4465"];
    assert_eq!(figures(&en), both);
    assert_eq!(figures(&twin), both);
    assert!(twin.contains("<time datetime=\"2024-07\">2024年7月</time>"));
    assert!(twin.contains(">確認できた最新の国際交流員数</h2>"));
    // Counts of people carry 人 in Japanese, as official pages write them; English labels
    // say what is counted.
    let shown = |html: &str| -> Vec<String> {
        html::parse(html)
            .all("dl.figure-list dd")
            .into_iter()
            .map(|dd| dd.content())
            .collect()
    };
    assert_eq!(
        shown(&en),
        ["479", "8.2\u{a0}%", "5,861", "364", "8.2\u{a0}%", "4,465"]
    );
    assert_eq!(
        shown(&twin),
        ["479人", "8.2%", "5,861人", "364人", "8.2%", "4,465人"]
    );
}

/// A date as the Japanese edition writes it, as precise as its `datetime`: `2014年7月1日`,
/// `2024年7月`, `1987年`.
fn japanese_date(iso: &str) -> String {
    let parts: Vec<u32> = iso
        .split('-')
        .map(|p| p.parse().expect("a number"))
        .collect();
    match parts[..] {
        [y] => format!("{y}年"),
        [y, m] => format!("{y}年{m}月"),
        [y, m, d] => format!("{y}年{m}月{d}日"),
        _ => panic!("not a date: {iso}"),
    }
}

async fn japanese_pages_write_dates_the_japanese_way() {
    let app = site().await;
    for uri in ["/ja/statistics", "/ja/"] {
        let (_, _, html) = get(&app, uri).await;
        assert!(
            html.contains("<time datetime=\"2014-07-01\">2014年7月1日</time>"),
            "{uri}"
        );
        assert!(!html.contains("1 July 2014"), "{uri}");
    }
    let mut dates = 0;
    for path in addresses() {
        let (_, _, html) = get(&app, &ja(path)).await;
        for time in html::parse(&html).all("time") {
            let iso = time.attribute("datetime");
            assert_eq!(time.content(), japanese_date(iso), "{}", ja(path));
            dates += 1;
        }
    }
    assert!(dates > 40, "{dates} dates");
}

/// What the Japanese edition writes in English as it is: formats, the licence, and the
/// programme's and the role's abbreviations. Labels that are only these are not checked.
const KEPT_IN_ENGLISH: [&str; 6] = ["CSV", "JSON", "BibTeX", "CC BY-SA 4.0", "CIR", "JET"];

/// Titles of English-language pages that the Japanese edition cites as published, and that
/// hold the word of an English heading ("History" on `/role`): left out of what is checked.
/// Other titles need no exception.
const ENGLISH_TITLES: [&str; 1] = ["History of the JET Programme"];

/// What a reader sees of a Japanese page, without the English titles it cites.
fn japanese_readable(html: &str) -> String {
    ENGLISH_TITLES
        .iter()
        .fold(readable(html), |all, title| all.replace(title, " | "))
}

/// The English months, as a date in English prose names them.
const MONTHS: &str = "January February March April May June July August September October November \
    December";

async fn no_english_month_is_named_on_a_japanese_page() {
    let app = site().await;
    for path in addresses().into_iter().chain(["/nope"]) {
        let (_, _, html) = get(&app, &ja(path)).await;
        let seen = japanese_readable(&html);
        for month in MONTHS.split_whitespace() {
            assert!(!contains_words(&seen, month), "{month} on {}", ja(path));
        }
    }
    // The check sees what the English edition writes.
    let (_, _, html) = get(&app, "/statistics").await;
    assert!(contains_words(&readable(&html), "July"));
}

/// The labels an English page shows: headings, table headings, the navigation, form labels,
/// legends, buttons, captions, summaries, choices, terms, the chart's titles and description,
/// the header's and the map's hidden and visible hints, and accessible names.
fn english_labels(html: &str) -> BTreeSet<String> {
    let page = html::parse(html);
    let mut labels: Vec<String> = page
        .all(
            "title, h1, h2, h3, h4, th, label, legend, button, caption, summary, option, dt, \
             desc",
        )
        .into_iter()
        .map(Content::spaced_words)
        .collect();
    labels.extend(
        page.only("nav.site-nav")
            .all("a")
            .into_iter()
            .map(Content::spaced_words),
    );
    for class in [
        "skip-link",
        "tagline",
        "skip-map",
        "map-intro",
        "cite-label",
        "visually-hidden",
        "sort-hint",
        "no-rows",
    ] {
        labels.extend(
            page.all(&format!("[class={class}]"))
                .into_iter()
                .map(Content::words),
        );
    }
    for name in [
        "aria-label",
        "data-sorted-by",
        "data-ascending",
        "data-descending",
    ] {
        labels.extend(attributes(html, name));
    }
    labels
        .iter()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .map(|l| {
            l.trim_matches(|c: char| c == ':' || c.is_whitespace())
                .to_string()
        })
        .filter(|l| l.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|l| !KEPT_IN_ENGLISH.contains(&l.as_str()))
        .collect()
}

async fn no_english_label_shows_on_a_japanese_page() {
    let app = site().await;
    for path in addresses().into_iter().chain(["/nope"]) {
        let (_, _, en) = get(&app, path).await;
        let (_, _, twin) = get(&app, &ja(path)).await;
        let labels = english_labels(&en);
        assert!(labels.len() >= 12, "{path}: {labels:?}");
        let seen = japanese_readable(&twin);
        for label in &labels {
            assert!(
                !contains_words(&seen, label),
                "{}: the English {label:?} is untranslated",
                ja(path)
            );
        }
    }
    // The labels are those a reader of the English page sees, and the check finds each of
    // them there.
    let (_, _, en) = get(&app, "/statistics").await;
    let labels = english_labels(&en);
    let seen = readable(&en);
    for label in &labels {
        assert!(
            contains_words(&seen, label),
            "{label:?} not found on /statistics"
        );
    }
    for label in [
        "Filter the table",
        "Apply filters",
        "Total of rows shown",
        "Read this page in Japanese",
        "Main",
        "Hokkaido: 27 CIRs",
    ] {
        assert!(labels.contains(label), "{label} in {labels:?}");
    }
}

/// The rows' anchors with their name and `data-sort` key, in order.
fn named_rows(html: &str) -> Vec<(String, String, String)> {
    let page = html::parse(html);
    page.first("tbody")
        .all("tr")
        .into_iter()
        .map(|row| {
            let th = row.only("th[scope=row][data-sort]");
            let name = th.content();
            let name = name.split('（').next().expect("a name").trim().to_string();
            (
                row.attribute("id").to_string(),
                name,
                th.attribute("data-sort").to_string(),
            )
        })
        .collect()
}

/// The prefectures by their reading in kana, as a Japanese index lists them: 愛知 (あいち)
/// before 青森 (あおもり), 岐阜 (ぎふ) before 京都 (きょうと), 和歌山 (わかやま) last.
const PREFECTURES_BY_READING: &str = "愛知県 青森県 秋田県 石川県 茨城県 岩手県 愛媛県 大分県 大阪府 岡山県 \
    沖縄県 香川県 鹿児島県 神奈川県 岐阜県 京都府 熊本県 群馬県 高知県 \
    埼玉県 佐賀県 滋賀県 静岡県 島根県 千葉県 東京都 徳島県 栃木県 鳥取県 \
    富山県 長崎県 長野県 奈良県 新潟県 兵庫県 広島県 福井県 福岡県 福島県 \
    北海道 三重県 宮城県 宮崎県 山形県 山口県 山梨県 和歌山県";

/// The designated cities by their reading: さいたま市 among the kanji names by its sound,
/// 堺 (さかい) before 相模原 (さがみはら) before 札幌 (さっぽろ).
const CITIES_BY_READING: &str = "大阪市 岡山市 川崎市 北九州市 京都市 熊本市 神戸市 さいたま市 堺市 \
    相模原市 札幌市 静岡市 仙台市 千葉市 名古屋市 新潟市 浜松市 広島市 \
    福岡市 横浜市";

async fn japanese_names_sort_by_their_kana_reading_on_the_server() {
    let app = site().await;
    for (filter, expected) in [
        ("type=prefecture", PREFECTURES_BY_READING),
        ("type=city", CITIES_BY_READING),
    ] {
        let expected: Vec<&str> = expected.split_whitespace().collect();
        let (_, _, html) = get(&app, &format!("/ja/statistics?sort=name&dir=asc&{filter}")).await;
        let rows = named_rows(&html);
        let names: Vec<&str> = rows.iter().map(|(_, name, _)| name.as_str()).collect();
        assert_eq!(names, expected, "{filter}");
        let (_, _, html) = get(&app, &format!("/ja/statistics?sort=name&dir=desc&{filter}")).await;
        let names: Vec<String> = named_rows(&html).into_iter().map(|(_, n, _)| n).collect();
        let mut reversed = expected.clone();
        reversed.reverse();
        assert_eq!(names, reversed, "{filter}, descending");
        assert_eq!(expected.len(), if filter == "type=city" { 20 } else { 47 });
    }
    // The whole table: the order of the keys the rows carry for the script, with no two
    // alike, so that descending is exactly the reverse.
    let (_, _, html) = get(&app, "/ja/statistics?sort=name&dir=asc").await;
    let rows = named_rows(&html);
    assert_eq!(rows.len(), 67);
    let mut by_key = rows.clone();
    by_key.sort_by(|a, b| a.2.cmp(&b.2));
    assert_eq!(rows, by_key, "rows in the order of their keys");
    let keys: BTreeSet<&str> = rows.iter().map(|(_, _, k)| k.as_str()).collect();
    assert_eq!(keys.len(), 67, "no two keys alike");
    assert_eq!(
        (rows[0].1.as_str(), rows[66].1.as_str()),
        ("愛知県", "和歌山県")
    );
    let (_, _, html) = get(&app, "/ja/statistics?sort=name&dir=desc").await;
    let mut reversed = rows.clone();
    reversed.reverse();
    assert_eq!(named_rows(&html), reversed);
    // The English edition sorts its own names, and writes no keys.
    let (_, _, html) = get(&app, "/statistics?sort=name&dir=asc").await;
    assert_eq!(&row_ids(&html)[..3], ["aichi", "akita", "aomori"]);
    assert!(
        html::parse(&html)
            .first("tbody")
            .all("[data-sort]")
            .is_empty()
    );
}

async fn the_japanese_csv_holds_the_same_rows_with_japanese_names() {
    let app = site().await;
    for query in ["", "?type=city&sort=cirs&dir=desc", "?sort=name&dir=asc"] {
        let (status, en_headers, en) = get(&app, &format!("/statistics.csv{query}")).await;
        assert_eq!(status, 200);
        let (status, headers, body) = get(&app, &format!("/ja/statistics.csv{query}")).await;
        assert_eq!(status, 200, "{query}");
        assert_eq!(
            header(&headers, "content-type"),
            "text/csv; charset=utf-8; header=present"
        );
        // The same name, told apart by `-ja` before the extension.
        assert_eq!(
            header(&headers, "content-disposition"),
            header(&en_headers, "content-disposition").replace(".csv\"", "-ja.csv\"")
        );
        let (en_names, en_rows) = parse_csv(&en);
        let (names, rows) = parse_csv(&body);
        assert_eq!(names, en_names);
        // Only the names differ; the Japanese file sorts by the Japanese names.
        let figures = |rows: &[Vec<String>]| -> BTreeSet<String> {
            rows.iter()
                .map(|r| {
                    format!(
                        "{} {} {} {} {} {} {}",
                        r[0], r[1], r[2], r[4], r[5], r[7], r[8]
                    )
                })
                .collect()
        };
        assert_eq!(rows.len(), en_rows.len(), "{query}");
        assert_eq!(figures(&rows), figures(&en_rows), "{query}");
        if query != "?sort=name&dir=asc" {
            let ids = |rows: &[Vec<String>]| rows.iter().map(|r| r[0].clone()).collect::<Vec<_>>();
            assert_eq!(ids(&rows), ids(&en_rows), "{query}");
        }
    }
    let (_, headers, body) = get(&app, "/ja/statistics.csv").await;
    assert_eq!(
        header(&headers, "content-disposition"),
        "attachment; filename=\"cirs-by-prefecture-2014-07-01-ja.csv\""
    );
    let (_, headers, _) = get(&app, "/ja/trends.csv").await;
    assert_eq!(
        header(&headers, "content-disposition"),
        "attachment; filename=\"jet-participants-and-cirs-1987-2025-ja.csv\""
    );
    let (_, headers, _) = get(&app, "/trends.csv").await;
    assert_eq!(
        header(&headers, "content-disposition"),
        "attachment; filename=\"jet-participants-and-cirs-1987-2025.csv\""
    );
    // The byte order mark, for Excel on Japanese Windows, before the header.
    assert!(
        body.starts_with("\u{feff}id,order,code,name,type,region,prefecture,cirs,"),
        "{body}"
    );
    let (_, _, english) = get(&app, "/statistics.csv").await;
    assert!(english.starts_with("id,order,code,name,"), "{english}");
    let (_, _, trends) = get(&app, "/ja/trends.csv").await;
    assert!(trends.starts_with("\u{feff}fiscal_year,"), "{trends}");
    let (_, _, trends) = get(&app, "/trends.csv").await;
    assert!(trends.starts_with("fiscal_year,"), "{trends}");
    let (_, rows) = parse_csv(&body);
    assert_eq!(rows.len(), 67);
    assert_eq!(
        rows[0].join(","),
        "hokkaido,1,01,北海道,prefecture,hokkaido,,21,5.8"
    );
    assert_eq!(
        rows[47].join(","),
        "sapporo,48,01100,札幌市,city,hokkaido,北海道,6,1.6"
    );
    assert_eq!(
        rows[52].join(","),
        "kyoto-city,53,26100,京都市,city,kansai,京都府,0,0.0"
    );
    let (_, _, body) = get(&app, "/ja/statistics.csv?sort=name&dir=asc").await;
    assert_eq!(parse_csv(&body).1[0][3], "愛知県");
}

async fn json(
    app: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    uri: &str,
) -> Value {
    let (status, headers, body) = get(app, uri).await;
    assert_eq!(status, 200, "{uri}");
    assert!(
        header(&headers, "content-type").starts_with("application/"),
        "{uri}"
    );
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri} is not JSON: {e}"))
}

/// Every address of the site a JSON document names in its strings: absolute ones on the
/// public address (as paths), and paths such as `/statistics#<id>` written into descriptions,
/// in either language's punctuation (`：/ja/statistics#<id>`, `（/ja/sources に掲載）`).
fn site_addresses(value: &Value, out: &mut Vec<String>) {
    // An address ends where its text does: at a space, a comma, a bracket or a Japanese
    // character.
    let token = |rest: &str| {
        let end = rest
            .find(|c: char| c.is_whitespace() || !c.is_ascii_graphic() || ",)".contains(c))
            .unwrap_or(rest.len());
        rest[..end].to_string()
    };
    match value {
        Value::String(s) => {
            for (at, _) in s.match_indices(BASE) {
                out.push(token(&s[at + BASE.len()..]));
            }
            for (at, _) in s.match_indices('/') {
                // Not the middle of another address, such as `https://example.org/statistics`.
                let starts_path = s[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_ascii_alphanumeric() && !"./:-_~%".contains(c));
                let rest = &s[at..];
                let is_page = PAGES.iter().any(|(p, _)| *p != "/" && rest.starts_with(p))
                    || rest.starts_with("/ja/");
                if starts_path && is_page {
                    out.push(token(rest));
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| site_addresses(v, out)),
        Value::Object(map) => map.values().for_each(|v| site_addresses(v, out)),
        _ => {}
    }
}

async fn the_japanese_json_files_are_titled_in_japanese_and_point_at_the_japanese_pages() {
    let app = site().await;
    let stats = json(&app, "/ja/statistics.json").await;
    assert_eq!(
        stats["title"],
        "都道府県・政令指定都市別の国際交流員数（2014年7月1日時点）"
    );
    assert_eq!(stats["url"], "https://cir-guide.example/ja/statistics");
    assert_eq!(stats["publisher"]["url"], "https://cir-guide.example/ja/");
    assert_eq!(
        stats["source"]["notes"],
        "https://cir-guide.example/ja/sources#wikipedia-cir"
    );
    assert_eq!(stats["rows"][0]["name"], "北海道");
    let view = json(&app, "/ja/statistics.json?type=city&sort=cirs&dir=desc").await;
    assert_eq!(
        view["url"],
        "https://cir-guide.example/ja/statistics?sort=cirs&dir=desc&type=city"
    );
    let en = json(&app, "/statistics.json").await;
    let figures = |v: &Value| -> Vec<String> {
        v["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} {}",
                    r["id"], r["code"], r["cirs"], r["share_of_all_cirs_percent"]
                )
            })
            .collect()
    };
    assert_eq!(figures(&stats), figures(&en));
    assert_eq!(stats["totals"], en["totals"]);

    let trends = json(&app, "/ja/trends.json").await;
    assert_eq!(
        trends["title"],
        "年度ごとのJETプログラム参加者数と国際交流員数（1987～2025年度）"
    );
    assert_eq!(trends["url"], "https://cir-guide.example/ja/trends");
    let en_trends = json(&app, "/trends.json").await;
    assert_eq!(trends["rows"], en_trends["rows"], "the same figures");
    assert_eq!(trends["rows"].as_array().map(Vec::len), Some(39));
}

async fn the_japanese_data_package_describes_the_japanese_files() {
    let app = site().await;
    let package = json(&app, "/ja/datapackage.json").await;
    assert_eq!(package["title"], "国際交流員（CIR）ガイド");
    assert_eq!(package["homepage"], "https://cir-guide.example/ja/");
    let descriptor = url::Url::parse("https://cir-guide.example/ja/datapackage.json").expect("url");
    let resources = package["resources"].as_array().expect("resources");
    let resolved: Vec<String> = resources
        .iter()
        .map(|r| {
            let path = r["path"].as_str().expect("a path");
            descriptor.join(path).expect("a relative path").to_string()
        })
        .collect();
    assert_eq!(
        resolved,
        [
            "https://cir-guide.example/ja/statistics.csv",
            "https://cir-guide.example/ja/trends.csv"
        ]
    );
    assert_eq!(
        resources[0]["title"],
        "都道府県・政令指定都市別の国際交流員数（2014年7月1日時点）"
    );
    for address in &resolved {
        let path = address.strip_prefix(BASE).expect("on the site");
        let (status, headers, _) = get(&app, path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(
            header(&headers, "content-type"),
            "text/csv; charset=utf-8; header=present"
        );
    }
    // The name column of the Japanese file holds Japanese names.
    let fields = resources[0]["schema"]["fields"].as_array().expect("fields");
    let name = fields
        .iter()
        .find(|f| f["name"] == "name")
        .expect("a name field");
    assert_eq!(name["description"], "名称（日本語）", "{name}");
}

async fn every_address_the_japanese_downloads_name_is_in_the_japanese_edition() {
    let app = site().await;
    let mut english = BTreeSet::new();
    for (uri, some) in [
        (
            "/ja/datapackage.json",
            ["/ja/", "/ja/statistics#<id>", "/ja/sources"],
        ),
        (
            "/ja/statistics.json",
            [
                "/ja/statistics",
                "/ja/statistics#<id>",
                "/ja/sources#wikipedia-cir",
            ],
        ),
        (
            "/ja/trends.json",
            ["/ja/trends", "/ja/sources", "/ja/sources#jet-history"],
        ),
    ] {
        let mut found = Vec::new();
        site_addresses(&json(&app, uri).await, &mut found);
        for address in some {
            assert!(
                found.iter().any(|f| f == address),
                "{uri}: {address} in {found:?}"
            );
        }
        for address in found {
            if !address.starts_with("/ja/") {
                english.insert(format!("{uri} names {address}"));
            }
        }
    }
    assert!(english.is_empty(), "{english:#?}");
    // The check finds English addresses where there are some.
    let mut found = Vec::new();
    site_addresses(&json(&app, "/statistics.json").await, &mut found);
    assert!(found.contains(&"/statistics".to_string()), "{found:?}");
    assert!(found.contains(&"/statistics#<id>".to_string()), "{found:?}");
}

/// The section anchors of the pages of prose, as the English edition has them.
const SECTIONS: [(&str, &[&str]); 5] = [
    (
        "/role",
        &[
            "what-a-cir-does",
            "who-runs-jet",
            "history",
            "eligibility",
            "japanese",
            "contract",
        ],
    ),
    (
        "/duties",
        &[
            "translation",
            "interpreting",
            "international-exchange",
            "schools-and-classes",
            "foreign-residents",
            "economic-exchange",
            "staff-training",
        ],
    ),
    (
        "/employers",
        &[
            "prefectural-office",
            "municipal-office",
            "international-exchange-association",
            "board-of-education",
            "private-school",
        ],
    ),
    (
        "/applying",
        &[
            "who-can-apply",
            "how-to-apply",
            "pay",
            "hours-and-leave",
            "contract",
            "travel-and-insurance",
            "employer",
            "after-the-programme",
        ],
    ),
    (
        "/sources",
        &[
            "participants-2014",
            "kyoto-osaka-labels",
            "mext-funding",
            "placements",
            "prefecture-counts",
            "japanese-level",
        ],
    ),
];

async fn anchors_are_the_same_in_both_languages() {
    let app = site().await;
    // The same ids (in the same order, but where the editions sort names each their way).
    for path in addresses().into_iter().chain(["/nope"]) {
        let (_, _, en) = get(&app, path).await;
        let (_, _, twin) = get(&app, &ja(path)).await;
        let (mut en, mut twin) = (ids(&en), ids(&twin));
        if path.contains("sort=name") {
            en.sort_unstable();
            twin.sort_unstable();
        }
        assert_eq!(twin, en, "{path}");
    }
    for (path, sections) in SECTIONS {
        for edition in [path.to_string(), ja(path)] {
            let (_, _, html) = get(&app, &edition).await;
            let page = html::parse(&html);
            let found: Vec<&str> = page
                .all("section[id]")
                .into_iter()
                .map(|s| s.attribute("id"))
                .collect();
            assert_eq!(found, sections, "{edition}");
        }
    }
    let (_, _, en) = get(&app, "/statistics").await;
    let (_, _, twin) = get(&app, "/ja/statistics").await;
    assert_eq!(row_ids(&en).len(), 67);
    assert_eq!(row_ids(&twin), row_ids(&en));
    // Every source cited on the Japanese pages has its anchor on the Japanese sources page.
    let (_, _, sources) = get(&app, "/ja/sources").await;
    let anchors: BTreeSet<String> = ids(&sources).into_iter().collect();
    for (path, _) in PAGES {
        let (_, _, html) = get(&app, &ja(path)).await;
        for link in attributes(&html, "href") {
            if let Some(id) = link.strip_prefix("/ja/sources#") {
                assert!(anchors.contains(id), "{} cites {id}", ja(path));
            }
        }
    }
}

/// The name of a page in its preview's address: `home` for `/`.
fn preview_name(path: &str) -> &str {
    match path {
        "/" => "home",
        other => other.trim_start_matches('/'),
    }
}

/// A decoded PNG: its width, its height and its RGB pixels, row by row.
pub(crate) struct Image {
    pub(crate) width: usize,
    pub(crate) height: usize,
    pixels: Vec<u8>,
}

pub(crate) fn decode(bytes: &[u8]) -> Image {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    assert_eq!(info.color_type, png::ColorType::Rgb, "opaque RGB pixels");
    pixels.truncate(info.buffer_size());
    Image {
        width: info.width as usize,
        height: info.height as usize,
        pixels,
    }
}

impl Image {
    /// How many pixels of the columns `columns` are ink: dark enough to be text (the blue bar
    /// and the grey band are not).
    pub(crate) fn ink(&self, columns: std::ops::Range<usize>) -> usize {
        self.pixels
            .chunks_exact(3)
            .enumerate()
            .filter(|(i, p)| columns.contains(&(i % self.width)) && p.iter().all(|&c| c < 140))
            .count()
    }
}

async fn preview(
    app: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    page: &str,
) -> (String, Vec<u8>) {
    let (_, _, html) = get(app, page).await;
    let image = meta(&html, "og:image");
    let path = image
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{image} is not on {BASE}"))
        .to_string();
    let (status, headers, body) = call(app, TestRequest::get().uri(&path)).await;
    assert_eq!(status, 200, "{path}");
    assert_eq!(header(&headers, "content-type"), "image/png", "{path}");
    (path, body)
}

async fn each_japanese_page_links_its_own_preview() {
    let app = site().await;
    let mut seen = BTreeSet::new();
    for (path, _) in PAGES {
        let twin = ja(path);
        let (address, body) = preview(&app, &twin).await;
        let name = preview_name(path);
        let fingerprint = address
            .strip_prefix(&format!("/previews/ja-{name}."))
            .and_then(|rest| rest.strip_suffix(".png"))
            .unwrap_or_else(|| panic!("{twin}: {address}"));
        assert_eq!(fingerprint.len(), 10, "{address}");
        assert!(
            fingerprint.chars().all(|c| c.is_ascii_hexdigit()),
            "{address}"
        );
        assert!(body.starts_with(b"\x89PNG\r\n\x1a\n"), "{address}");
        let image = decode(&body);
        assert_eq!((image.width, image.height), (1200, 630), "{address}");
        let (_, _, html) = get(&app, &twin).await;
        assert_eq!(meta(&html, "og:image"), format!("{BASE}{address}"));
        assert!(html.contains(&format!(
            "<meta name=\"twitter:image\" content=\"{BASE}{address}\">"
        )));
        let (english, _) = preview(&app, path).await;
        assert!(
            english.starts_with(&format!("/previews/{name}.")) && english.ends_with(".png"),
            "{english}"
        );
        assert_ne!(english, address);
        seen.insert(address);
    }
    assert_eq!(seen.len(), 8, "one preview per page");
    // Error pages show the home page's.
    let (home, _) = preview(&app, "/ja/").await;
    let (_, _, html) = get(&app, "/ja/nope").await;
    assert_eq!(meta(&html, "og:image"), format!("{BASE}{home}"));
}

/// Japanese is dense: a preview that draws its Japanese title and text has at least a third
/// of the ink of its English twin. One whose font lacks the glyphs leaves them blank.
async fn each_japanese_preview_draws_its_japanese_text() {
    let app = site().await;
    let mut thin = Vec::new();
    for (path, _) in PAGES {
        let (_, english) = preview(&app, path).await;
        let (address, japanese) = preview(&app, &ja(path)).await;
        let english = decode(&english).ink(0..1200);
        let japanese = decode(&japanese).ink(0..1200);
        assert!(english > 10_000, "{path}: {english} dark pixels");
        if japanese * 3 < english {
            thin.push(format!(
                "{address}: {japanese} dark pixels, English {english}"
            ));
        }
    }
    assert!(
        thin.is_empty(),
        "previews without their text:\n{}",
        thin.join("\n")
    );
}

/// Text is broken into lines that fit the card: nothing is drawn in its side margins (80 px;
/// the host name ends 80 px from the right edge). Japanese has no spaces to break at, so a
/// line of it must be broken between characters.
async fn every_preview_keeps_its_text_inside_the_margins() {
    let app = site().await;
    for (path, _) in PAGES {
        for page in [path.to_string(), ja(path)] {
            let (address, body) = preview(&app, &page).await;
            let image = decode(&body);
            assert_eq!(image.ink(0..75), 0, "{address}: ink in the left margin");
            assert_eq!(
                image.ink(1125..1200),
                0,
                "{address}: ink in the right margin"
            );
            assert!(image.ink(75..1125) > 2_000, "{address}");
        }
    }
}

/// An English title quoted on a Japanese page is marked as English, so that screen readers
/// read it in an English voice (WCAG 3.1.2); Japanese titles on Japanese pages are not marked.
async fn titles_quoted_in_the_other_language_say_which_language_they_are_in() {
    let app = site().await;
    let (_, _, html) = get(&app, "/ja/sources").await;
    assert!(html.contains(
        "<a href=\"https://jetprogramme.org/en/about-jet/history/\" rel=\"external\" lang=\"en\">History of the JET Programme</a>"
    ));
    assert!(html.contains("<p class=\"source-publisher\">JETプログラム公式ウェブサイト</p>"));
    assert!(html.contains(
        "<a href=\"https://jetprogramme.org/ja/organisations/\" rel=\"external\">関連団体</a>"
    ));
    let (_, _, html) = get(&app, "/ja/trends").await;
    assert!(html.contains(
        "<a href=\"/ja/sources#jet-history\" lang=\"en\">History of the JET Programme</a>"
    ));
    // On English pages, English titles need no mark: the page's own `lang` is the only one.
    let (_, _, html) = get(&app, "/sources").await;
    assert_eq!(html.matches(" lang=\"en\"").count(), 1, "only <html lang>");
}

/// What the site puts together around the content reads as Japanese: the citation, the
/// chart's marks and the table's details.
async fn japanese_citations_and_chart_labels_use_japanese_punctuation() {
    let app = site().await;
    let (_, _, html) = get(&app, "/ja/statistics?sort=cirs&dir=desc").await;
    let accessed = cir_guide::content::site::Date::today();
    let accessed = format!("{}年{}月{}日", accessed.year, accessed.month, accessed.day);
    assert!(
        html.contains(&format!(
            ">国際交流員（CIR）ガイド。「都道府県・政令指定都市別の国際交流員数（2014年7月1日時点）」。https://cir-guide.example/ja/statistics?sort=cirs&#38;dir=desc 出典：Coordinator for International Relations、ウィキペディア英語版（二次資料）。閲覧日：{accessed}。</pre>"
        )),
        "{html}"
    );
    let (_, _, html) = get(&app, "/ja/trends").await;
    assert!(html.contains("<title>1987：848</title>"));
    assert!(html.contains("<title>2002：6,273</title>"));
    assert!(html.contains("<span class=\"detail\">割合：4.1%／参加者数848</span>"));
    assert!(html.contains("<time datetime=\"1987\">1987年</time>"));
    assert!(html.contains("<title>1987年：35（History of the JET Programme）</title>"));
}
