//! The real `content/` folder, which editors change: only what holds for any valid content,
//! never a literal of its text or figures, so that an editor's routine edit (a date, a
//! heading, a count, a section, a source) breaks no test here. Behaviour, with its exact
//! literals, is tested on the frozen base fixture by the other modules.
//!
//! It loads and `check` accepts it; every page and view answers in both languages; every
//! address a page names answers, and every anchor it names is on its page; every share and
//! total adds up; every download parses and holds the rows of its page; every preview is drawn
//! inside its margins; the editions show the same figures under the same anchors, and the
//! Japanese one links only within itself; the sitemap says what the pages say.

use crate::common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::process::Command;
use std::time::Duration;

use actix_web::test::TestRequest;
use cir_guide::content::Lang;
use cir_guide::content::pages::Page;
use common::html::{self, Content, Find};
use common::{BASE_URL, call, get, header, map_tiles, parse_csv, real_site, row_ids, table_rows};
use serde_json::Value;

use crate::editions::{self, ja};

common::harness::tests! {
    sync the_real_content_loads_without_an_error_and_check_accepts_it [],
    actix every_page_and_view_answers_in_both_languages [],
    actix every_address_a_page_names_answers_and_every_anchor_is_there [],
    actix every_share_and_total_adds_up_in_every_view_of_both_editions [],
    actix every_download_parses_and_holds_the_rows_of_its_page [],
    actix every_preview_is_a_card_with_its_text_inside_the_margins [],
    actix both_editions_show_the_same_figures_under_the_same_anchors [],
    actix each_sitemap_entry_says_what_its_page_says_dated_by_the_last_check [],
    actix the_map_adds_up_to_the_table_in_every_filter [],
}

/// Each sort of the table.
const SORTS: [&str; 6] = ["order", "name", "type", "region", "cirs", "share"];

/// Every page of both editions.
fn pages() -> Vec<String> {
    Lang::ALL
        .into_iter()
        .flat_map(|lang| Page::all().map(move |page| lang.path(page.path())))
        .collect()
}

/// Every view of the statistics table in one edition (`""` or `"/ja"`): each sort both ways
/// under each of the 27 filters.
fn views(edition: &str) -> Vec<String> {
    let mut out = Vec::new();
    for sort in SORTS {
        for dir in ["asc", "desc"] {
            for filter in editions::filters() {
                let filter = if filter.is_empty() {
                    filter
                } else {
                    format!("&{filter}")
                };
                out.push(format!(
                    "{edition}/statistics?sort={sort}&dir={dir}{filter}"
                ));
            }
        }
    }
    out
}

/// A share in tenths of a percent, rounded half up, as the site writes it: `8.2`.
fn share(part: u64, whole: u64) -> String {
    let tenths = if whole == 0 {
        0
    } else {
        (part * 2000 + whole) / (2 * whole)
    };
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A count as the site writes it, read back: `4,465` is 4465.
fn count(text: &str) -> u64 {
    text.trim()
        .replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("not a count: {text:?}"))
}

fn the_real_content_loads_without_an_error_and_check_accepts_it() {
    let editions = cir_guide::content::load(&common::real_content())
        .unwrap_or_else(|problems| panic!("{problems}"));
    let warnings = editions.warnings();
    assert!(
        warnings.0.iter().all(|w| !w.is_error()),
        "an error among the warnings: {warnings}"
    );
    let out = common::run(
        Command::new(env!("CARGO_BIN_EXE_cir-guide"))
            // On the clock, as the live site judges it, whatever the shell running the tests
            // sets.
            .env_remove("SOURCE_DATE_EPOCH")
            .arg("check")
            .arg(common::real_content()),
        Duration::from_secs(20),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "{}: the content is valid\n",
            common::real_content().display()
        )
    );
}

async fn every_page_and_view_answers_in_both_languages() {
    let app = real_site().await;
    for page in pages() {
        let (status, headers, html) = get(&app, &page).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(header(&headers, "content-type"), "text/html; charset=utf-8");
        let doc = html::parse(&html);
        let lang = if page.starts_with("/ja") { "ja" } else { "en" };
        assert_eq!(doc.root_element().attribute("lang"), lang, "{page}");
        assert!(!doc.only("head > title").words().is_empty(), "{page}");
        assert!(!doc.only("h1").words().is_empty(), "{page}");
        assert_eq!(doc.all("link[rel=canonical]").len(), 1, "{page}");
    }
    for edition in ["", "/ja"] {
        for view in views(edition) {
            let (status, _, html) = get(&app, &view).await;
            assert_eq!(status, 200, "{view}");
            assert!(!html::parse(&html).all("tbody tr").is_empty(), "{view}");
        }
        let missing = format!("{edition}/no-such-page");
        assert_eq!(get(&app, &missing).await.0, 404, "{missing}");
    }
}

/// The addresses of the site a page names: links, forms, scripts, stylesheets, images, the
/// downloads the script keeps in step, and its preview. Addresses of other sites are left out.
fn named_addresses(doc: &scraper::Html) -> Vec<String> {
    let mut out = Vec::new();
    for (css, attribute) in [
        ("[href]", "href"),
        ("[src]", "src"),
        ("form[action]", "action"),
        ("[data-base]", "data-base"),
        ("meta[property=\"og:image\"]", "content"),
    ] {
        for element in doc.all(css) {
            let value = element.attribute(attribute);
            let on_site = value.strip_prefix(BASE_URL).unwrap_or(value);
            let local = on_site.starts_with('/') && !on_site.starts_with("//");
            if on_site.starts_with('#') || local {
                out.push(on_site.to_string());
            }
        }
    }
    out
}

async fn every_address_a_page_names_answers_and_every_anchor_is_there() {
    let app = real_site().await;
    // Every page of both editions, and every page reached from them by a link (the sorted
    // views, the not-found pages' links), read once, with the ids on it; every other address
    // requested once.
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut queue: VecDeque<String> = pages().into_iter().collect();
    queue.push_back("/no-such-page".into());
    queue.push_back("/ja/no-such-page".into());
    let mut named: BTreeMap<String, String> = BTreeMap::new();
    let mut answered: BTreeMap<String, u16> = BTreeMap::new();
    while let Some(page) = queue.pop_front() {
        if ids.contains_key(&page) {
            continue;
        }
        let (status, headers, html) = get(&app, &page).await;
        let expected = if page.ends_with("no-such-page") {
            404
        } else {
            200
        };
        assert_eq!(status, expected, "{page}");
        assert!(
            header(&headers, "content-type").starts_with("text/html"),
            "{page}"
        );
        let doc = html::parse(&html);
        let on_page = doc.all("[id]").into_iter();
        ids.insert(
            page.clone(),
            on_page.map(|e| e.attribute("id").to_string()).collect(),
        );
        for address in named_addresses(&doc) {
            let address = match address.strip_prefix('#') {
                Some(anchor) => format!("{page}#{anchor}"),
                None => address,
            };
            named.entry(address.clone()).or_insert_with(|| page.clone());
            let path = address.split('#').next().unwrap_or_default();
            let is_page = !path.contains('.') && !path.starts_with("/static/");
            if is_page && !ids.contains_key(path) {
                queue.push_back(path.to_string());
            } else if !is_page && !answered.contains_key(path) {
                let (status, _, _) = call(&app, TestRequest::get().uri(path)).await;
                answered.insert(path.to_string(), status);
            }
        }
    }
    let mut broken = Vec::new();
    for (address, on) in &named {
        let (path, anchor) = address.split_once('#').unwrap_or((address, ""));
        match (ids.get(path), answered.get(path)) {
            (Some(found), _) if !anchor.is_empty() && !found.contains(anchor) => {
                broken.push(format!("{on} names {address}: no #{anchor} there"));
            }
            (Some(_), _) | (None, Some(200)) => {}
            (None, status) => broken.push(format!("{on} names {address}: {status:?}")),
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    // The crawl reaches the sorted views and every kind of file.
    assert!(ids.len() > pages().len(), "{} pages read", ids.len());
    for kind in ["/static/", "/previews/", ".csv", ".json", "#"] {
        assert!(
            named.keys().any(|a| a.contains(kind)),
            "no {kind} address named"
        );
    }
}

async fn every_share_and_total_adds_up_in_every_view_of_both_editions() {
    let app = real_site().await;
    for edition in ["", "/ja"] {
        // All rows: the total of every row's count.
        let (_, _, html) = get(&app, &format!("{edition}/statistics")).await;
        let all: u64 = table_rows(&html).iter().map(|cells| count(&cells[4])).sum();
        for filter in editions::filters() {
            let view = format!("{edition}/statistics?{filter}");
            let (_, _, html) = get(&app, &view).await;
            let rows = table_rows(&html);
            for cells in &rows {
                assert_eq!(cells[5], share(count(&cells[4]), all), "{view}: {cells:?}");
            }
            let shown: u64 = rows.iter().map(|cells| count(&cells[4])).sum();
            assert_eq!(
                editions::total_figures(&html),
                [
                    vec![shown.to_string(), share(shown, all)],
                    vec![all.to_string(), share(all, all)]
                ],
                "{view}"
            );
        }
        // The home page's three figures: the CIRs, their share of the participants, and the
        // participants.
        let (_, _, html) = get(&app, &format!("{edition}/")).await;
        let doc = html::parse(&html);
        let figures: Vec<String> = doc
            .only("section[aria-labelledby=figures-heading] dl.figure-list")
            .all("dd")
            .into_iter()
            .map(|dd| editions::numbers(&dd.content()).join(" "))
            .collect();
        assert_eq!(figures.len(), 3, "{figures:?}");
        let participants = count(&figures[2]);
        assert_eq!(
            figures[..2],
            [all.to_string(), share(all, participants)],
            "{edition}/"
        );
        // The latest count, which leads the home page: its share, when shown, is of the
        // participants shown beside it.
        let latest: Vec<String> = doc
            .all("section[aria-labelledby=latest-heading] dl.figure-list dd")
            .into_iter()
            .map(|dd| editions::numbers(&dd.content()).join(" "))
            .collect();
        assert!(!latest.is_empty(), "{edition}/ leads with the latest count");
        if let [cirs, shown, participants] = &latest[..] {
            assert_eq!(
                *shown,
                share(count(cirs), count(participants)),
                "{edition}/"
            );
        }
        // Each count of the trends with its share of the participants it is of.
        let (_, _, html) = get(&app, &format!("{edition}/trends")).await;
        let doc = html::parse(&html);
        let rows = doc.first("tbody").all("tr[id]");
        let mut shares = 0;
        for row in &rows {
            let Some(cirs) = row.all("span.count").first().map(|c| count(&c.content())) else {
                continue;
            };
            // The detail with the share is the one without the count's date.
            let detail = row
                .all("span.detail")
                .into_iter()
                .find(|d| d.all("time").is_empty());
            if let Some(detail) = detail {
                let numbers = editions::numbers(&detail.content());
                assert_eq!(numbers.len(), 2, "{}", detail.content());
                let of = count(&numbers[1]);
                assert_eq!(numbers[0], share(cirs, of), "{}", detail.content());
                shares += 1;
            }
        }
        assert!(shares > 0, "{edition}/trends shows no share");
        // One row per fiscal year, in order, without a gap.
        let years: Vec<u32> = rows
            .iter()
            .map(|r| {
                let year = r.attribute("id").trim_start_matches("fy-");
                year.parse().expect("a year")
            })
            .collect();
        assert!(years.windows(2).all(|w| w[1] == w[0] + 1), "{years:?}");
    }
}

/// The JSON document at an address.
async fn json(
    app: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    uri: &str,
) -> Value {
    let (status, _, body) = get(app, uri).await;
    assert_eq!(status, 200, "{uri}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri} is not JSON: {e}"))
}

async fn every_download_parses_and_holds_the_rows_of_its_page() {
    let app = real_site().await;
    for edition in ["", "/ja"] {
        for sort in ["", "sort=cirs&dir=desc&", "sort=name&dir=asc&"] {
            for filter in editions::filters() {
                let query = format!("?{sort}{filter}");
                let (_, _, html) = get(&app, &format!("{edition}/statistics{query}")).await;
                let ids = row_ids(&html);
                let cells = table_rows(&html);
                let csv = format!("{edition}/statistics.csv{query}");
                let (status, _, csv) = get(&app, &csv).await;
                assert_eq!(status, 200, "{query}");
                let (names, rows) = parse_csv(&csv);
                assert_eq!(names, common::STATISTICS_COLUMNS, "{query}");
                let csv_ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
                assert_eq!(csv_ids, ids, "{edition} {query}");
                for (row, cells) in rows.iter().zip(&cells) {
                    assert_eq!(row[1], cells[0], "{query}: the order");
                    assert_eq!(count(&row[7]), count(&cells[4]), "{query}: the CIRs");
                    assert_eq!(row[8], cells[5], "{query}: the share");
                }
                let rows_json = json(&app, &format!("{edition}/statistics.json{query}")).await;
                let json_rows = rows_json["rows"].as_array().expect("rows");
                let json_ids: Vec<&str> = json_rows
                    .iter()
                    .map(|r| r["id"].as_str().expect("an id"))
                    .collect();
                assert_eq!(json_ids, ids, "{edition} {query}");
                for (j, row) in json_rows.iter().zip(&rows) {
                    assert_eq!(j["cirs"].as_u64(), Some(count(&row[7])), "{query}");
                }
            }
        }
        // The trends: a row per fiscal year of the page.
        let (_, _, html) = get(&app, &format!("{edition}/trends")).await;
        let doc = html::parse(&html);
        let years: Vec<String> = doc
            .first("tbody")
            .all("tr[id]")
            .into_iter()
            .map(|r| r.attribute("id").trim_start_matches("fy-").to_string())
            .collect();
        let (_, _, csv) = get(&app, &format!("{edition}/trends.csv")).await;
        let (_, rows) = parse_csv(&csv);
        let csv_years: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(csv_years, years, "{edition}/trends.csv");
        let trends = json(&app, &format!("{edition}/trends.json")).await;
        assert_eq!(
            trends["rows"].as_array().map(Vec::len),
            Some(years.len()),
            "{edition}/trends.json"
        );
        // The data package names files the site serves.
        let package = json(&app, &format!("{edition}/datapackage.json")).await;
        let descriptor = format!("{BASE_URL}{edition}/datapackage.json");
        let descriptor = url::Url::parse(&descriptor).expect("an address");
        for resource in package["resources"].as_array().expect("resources") {
            let path = resource["path"].as_str().expect("a path");
            let address = descriptor.join(path).expect("a relative path");
            let (status, headers, _) = get(&app, address.path()).await;
            assert_eq!(status, 200, "{address}");
            assert!(
                header(&headers, "content-type").starts_with("text/csv"),
                "{address}"
            );
        }
    }
}

async fn every_preview_is_a_card_with_its_text_inside_the_margins() {
    let app = real_site().await;
    let mut addresses = BTreeSet::new();
    for page in pages() {
        let (_, _, html) = get(&app, &page).await;
        let path = common::preview_path(&html);
        let (status, headers, body) = call(&app, TestRequest::get().uri(&path)).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(header(&headers, "content-type"), "image/png", "{path}");
        let image = editions::decode(&body);
        assert_eq!((image.width, image.height), (1200, 630), "{path}");
        assert_eq!(image.ink(0..75), 0, "{path}: ink in the left margin");
        assert_eq!(image.ink(1125..1200), 0, "{path}: ink in the right margin");
        assert!(image.ink(75..1125) > 2_000, "{path}: no text");
        addresses.insert(path);
    }
    assert_eq!(addresses.len(), pages().len(), "one preview per page");
}

async fn both_editions_show_the_same_figures_under_the_same_anchors() {
    let app = real_site().await;
    let english = pages().into_iter().filter(|p| !p.starts_with("/ja"));
    for page in english.chain(["/no-such-page".to_string()]) {
        let (_, _, en) = get(&app, &page).await;
        let (_, _, twin) = get(&app, &ja(&page)).await;
        assert_eq!(editions::ids(&twin), editions::ids(&en), "{page}");
        // Every link of the Japanese page stays in the Japanese edition.
        let leaving: Vec<String> = editions::links(&twin)
            .into_iter()
            .filter(|link| {
                let on_site = link.strip_prefix(BASE_URL).unwrap_or(link);
                on_site.starts_with('/')
                    && !on_site.starts_with("/ja/")
                    && !on_site.starts_with("/static/")
                    && !on_site.starts_with("/previews/")
            })
            .collect();
        assert!(
            leaving.is_empty(),
            "{} leaves its edition: {leaving:?}",
            ja(&page)
        );
    }
    for sort in ["", "sort=cirs&dir=desc&"] {
        for filter in editions::filters() {
            let view = format!("/statistics?{sort}{filter}");
            let (_, _, en) = get(&app, &view).await;
            let (_, _, twin) = get(&app, &ja(&view)).await;
            assert_eq!(row_ids(&twin), row_ids(&en), "{view}");
            assert_eq!(
                editions::statistics_figures(&twin),
                editions::statistics_figures(&en),
                "{view}"
            );
            assert_eq!(
                editions::total_figures(&twin),
                editions::total_figures(&en),
                "{view}"
            );
        }
    }
    let (_, _, en) = get(&app, "/trends").await;
    let (_, _, twin) = get(&app, "/ja/trends").await;
    assert_eq!(
        editions::trends_figures(&twin),
        editions::trends_figures(&en)
    );
}

async fn each_sitemap_entry_says_what_its_page_says_dated_by_the_last_check() {
    let app = real_site().await;
    let (status, _, xml) = get(&app, "/sitemap.xml").await;
    assert_eq!(status, 200);
    // The last day a source was checked, read from the file as an editor wrote it.
    let sources =
        std::fs::read_to_string(common::real_content().join("sources.toml")).expect("sources.toml");
    let sources: toml::Table = sources.parse().expect("TOML");
    let last_checked = sources["source"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|s| s.get("accessed").map(ToString::to_string))
        .max()
        .expect("a date");
    let mut listed = BTreeSet::new();
    for line in crate::crawl::sitemap_lines(&xml) {
        let mut words = line.split(' ');
        let (loc, lastmod) = (words.next().expect("loc"), words.next().expect("lastmod"));
        assert_eq!(lastmod, last_checked, "{loc}");
        let path = loc.strip_prefix(BASE_URL).expect("on the site");
        let (status, _, html) = get(&app, path).await;
        assert_eq!(status, 200, "{path}");
        let rest: Vec<&str> = words.collect();
        assert_eq!(
            crate::crawl::head_line(&html),
            format!("{loc} {}", rest.join(" ")),
            "{path}"
        );
        listed.insert(path.to_string());
    }
    let every: BTreeSet<String> = pages().into_iter().collect();
    assert_eq!(listed, every);
}

async fn the_map_adds_up_to_the_table_in_every_filter() {
    let app = real_site().await;
    for edition in ["", "/ja"] {
        for filter in editions::filters() {
            let view = format!("{edition}/statistics?{filter}");
            let (_, _, html) = get(&app, &view).await;
            let rows: u64 = table_rows(&html).iter().map(|cells| count(&cells[4])).sum();
            assert_eq!(u64::from(common::map_total(&html)), rows, "{view}");
            assert_eq!(map_tiles(&html).len(), 47, "{view}: a tile per prefecture");
        }
    }
}
