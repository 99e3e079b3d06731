//! Downloads through the real route table and the base fixture: every CSV and JSON holds
//! exactly the rows of the page for the same query, in the same order; the files parse back;
//! the JSON and the CSV agree with the data package's schema; the headers say what a file is
//! and what to save it as; the files are cached like pages.

use crate::common;

use common::html::{self, Content, Find};
use common::{get, header, parse_csv, row_ids, site, table_rows};
use serde_json::Value;

common::harness::tests! {
    actix statistics_downloads_hold_the_rows_of_the_page_for_the_same_query [],
    actix a_download_says_what_it_is_and_what_to_save_it_as [],
    actix the_statistics_json_names_its_view_source_and_licence [],
    actix the_trends_files_list_every_fiscal_year_with_gaps_where_the_source_has_none [],
    actix every_file_conforms_to_the_data_package [],
    actix the_data_pages_link_their_downloads_and_cite_the_view [],
    actix the_data_pages_describe_their_data_as_a_schema_org_dataset_in_both_languages [],
    actix each_dataset_agrees_with_the_data_package [],
    sync frictionless_validates_the_package_served [Frictionless],
    sync pandas_reads_the_japanese_csv_with_its_mark_skipped_and_codes_as_text [Pandas],
}

/// Queries of the statistics page: the default, sorts both ways, filters, and bad ones that
/// fall back to the default or keep their good part.
const QUERIES: [&str; 9] = [
    "",
    "?sort=cirs&dir=desc",
    "?sort=name&dir=asc&type=city",
    "?sort=region&dir=desc&region=kanto",
    "?type=prefecture&region=kyushu&sort=share&dir=asc",
    "?sort=cirs&sort=name",
    "?sort=name&dir=sideways&utm_source=chat",
    "?region=mars&type=town",
    "?type=city&region=shikoku",
];

async fn statistics_downloads_hold_the_rows_of_the_page_for_the_same_query() {
    let app = site().await;
    for query in QUERIES {
        let (_, _, html) = get(&app, &format!("/statistics{query}")).await;
        let page_ids = row_ids(&html);
        let page_rows = table_rows(&html);
        let (status, headers, body) = get(&app, &format!("/statistics.csv{query}")).await;
        assert_eq!(status, 200, "{query}");
        assert_eq!(
            header(&headers, "content-type"),
            "text/csv; charset=utf-8; header=present"
        );
        assert!(body.ends_with("\r\n") && !body.starts_with('\u{feff}'));
        let (names, rows) = parse_csv(&body);
        assert_eq!(names, common::STATISTICS_COLUMNS);
        let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(ids, page_ids, "{query}");
        for (row, cells) in rows.iter().zip(&page_rows) {
            // Order, CIRs and share as the page shows them (no separators needed: the
            // largest count is two digits, the order two).
            assert_eq!(row[1], cells[0], "{query} {row:?}");
            assert_eq!(row[7], cells[4], "{query} {row:?}");
            assert_eq!(row[8], cells[5], "{query} {row:?}");
            // The name, with a city's prefecture as the page writes it.
            let name = if row[6].is_empty() {
                row[3].clone()
            } else {
                format!("{} ({})", row[3], row[6])
            };
            assert_eq!(name, cells[1], "{query}");
        }
        // JSON: the same rows, typed.
        let (status, headers, body) = get(&app, &format!("/statistics.json{query}")).await;
        assert_eq!(status, 200);
        assert_eq!(header(&headers, "content-type"), "application/json");
        let json: Value = serde_json::from_str(&body).expect("JSON");
        let json_rows = json["rows"].as_array().expect("rows");
        assert_eq!(json_rows.len(), rows.len(), "{query}");
        for (j, c) in json_rows.iter().zip(&rows) {
            assert_eq!(j["id"], c[0].as_str());
            assert_eq!(
                j["order"].as_u64().map(|n| n.to_string()),
                Some(c[1].clone())
            );
            assert_eq!(
                j["cirs"].as_u64().map(|n| n.to_string()),
                Some(c[7].clone())
            );
            assert_eq!(
                j["share_of_all_cirs_percent"]
                    .as_f64()
                    .map(|n| format!("{n:.1}")),
                Some(c[8].clone())
            );
            assert_eq!(j["prefecture"].as_str().unwrap_or(""), c[6]);
        }
    }
}

async fn a_download_says_what_it_is_and_what_to_save_it_as() {
    let app = site().await;
    let cases = [
        (
            "/statistics.csv",
            "attachment; filename=\"cirs-by-prefecture-2014-07-01.csv\"",
        ),
        (
            "/statistics.csv?type=city&sort=cirs&dir=desc&region=kanto",
            "attachment; filename=\"cirs-by-prefecture-2014-07-01-by-cirs-desc-city-kanto.csv\"",
        ),
        (
            "/statistics.json?sort=name",
            "inline; filename=\"cirs-by-prefecture-2014-07-01-by-name-asc.json\"",
        ),
        (
            "/statistics.json?sort=bogus",
            "inline; filename=\"cirs-by-prefecture-2014-07-01.json\"",
        ),
        (
            "/trends.csv",
            "attachment; filename=\"jet-participants-and-cirs-1987-2025.csv\"",
        ),
        (
            "/trends.json?anything=1",
            "inline; filename=\"jet-participants-and-cirs-1987-2025.json\"",
        ),
    ];
    for (uri, disposition) in cases {
        let (status, headers, _) = get(&app, uri).await;
        assert_eq!(status, 200, "{uri}");
        assert_eq!(
            header(&headers, "content-disposition"),
            disposition,
            "{uri}"
        );
        assert_eq!(
            header(&headers, "cache-control"),
            common::PAGE_CACHE,
            "{uri}"
        );
        assert_eq!(header(&headers, "vary"), "Accept-Encoding", "{uri}");
    }
    let (_, headers, _) = get(&app, "/datapackage.json").await;
    assert_eq!(header(&headers, "content-type"), "application/json");
    assert!(headers.get("content-disposition").is_none());
}

async fn the_statistics_json_names_its_view_source_and_licence() {
    let app = site().await;
    let (_, _, body) = get(&app, "/statistics.json?region=kanto&sort=cirs&fbclid=x").await;
    let json: Value = serde_json::from_str(&body).expect("JSON");
    let keys: Vec<&str> = json
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "title",
            "description",
            "as_of",
            "url",
            "view",
            "source",
            "licence",
            "publisher",
            "content_version",
            "fields",
            "totals",
            "rows"
        ]
    );
    assert_eq!(
        json["title"],
        "CIRs per prefecture and designated city, 1 July 2014"
    );
    assert_eq!(json["as_of"], "2014-07-01");
    assert_eq!(
        json["url"],
        "https://cir-guide.example/statistics?sort=cirs&dir=desc&region=kanto"
    );
    assert_eq!(
        json["view"],
        serde_json::json!({"sort": "cirs", "dir": "desc", "type": null, "region": "kanto"})
    );
    assert_eq!(
        json["source"],
        serde_json::json!({
            "id": "wikipedia-cir",
            "title": "Coordinator for International Relations",
            "publisher": "Wikipedia (English)",
            "url": "https://en.wikipedia.org/wiki/Coordinator_for_International_Relations",
            "kind": "secondary",
            "notes": "https://cir-guide.example/sources#wikipedia-cir",
        })
    );
    assert_eq!(
        json["licence"],
        serde_json::json!({
            "name": "CC BY-SA 4.0",
            "id": "CC-BY-SA-4.0",
            "url": "https://creativecommons.org/licenses/by-sa/4.0/",
        })
    );
    assert_eq!(
        json["totals"],
        serde_json::json!({"rows_shown": 12, "cirs_shown": 24, "cirs_all": 364, "jet_participants": 4465})
    );
    let first = &json["rows"][0];
    assert_eq!(
        *first,
        serde_json::json!({
            "id": "saitama", "order": 11, "code": "11", "name": "Saitama", "type": "prefecture",
            "region": "kanto", "prefecture": null, "cirs": 5, "share_of_all_cirs_percent": 1.4,
        })
    );
}

async fn the_trends_files_list_every_fiscal_year_with_gaps_where_the_source_has_none() {
    let app = site().await;
    let (_, _, body) = get(&app, "/trends.csv").await;
    let (names, rows) = parse_csv(&body);
    assert_eq!(
        names,
        [
            "fiscal_year",
            "jet_participants",
            "jet_participants_source",
            "cirs",
            "cirs_as_of",
            "cirs_among_participants",
            "cirs_share_percent",
            "cirs_source",
            "cirs_source_kind"
        ]
    );
    let years: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
    let expected: Vec<String> = (1987..=2025).map(|y: u16| y.to_string()).collect();
    assert_eq!(years, expected);
    let line = |year: &str| {
        rows.iter()
            .find(|r| r[0] == year)
            .map(|r| r.join(","))
            .expect("year")
    };
    assert_eq!(
        line("1987"),
        "1987,848,jet-history,35,1987,848,4.1,jet-history,official"
    );
    assert_eq!(line("1988"), "1988,1443,jet-history,,,,,,");
    assert_eq!(
        line("2012"),
        "2012,4360,jet-history,356,2012-12-01,,,clair-forum-2013,secondary"
    );
    assert_eq!(
        line("2014"),
        "2014,4476,jet-history,364,2014-07-01,4465,8.2,wikipedia-cir,secondary"
    );
    assert_eq!(line("2020"), "2020,,jet-history,,,,,,");
    assert_eq!(line("2021"), "2021,,jet-history,,,,,,");
    assert_eq!(
        line("2024"),
        "2024,5861,jet-history,479,2024-07,5861,8.2,zenshow-2024,secondary"
    );
    // The JSON: the same rows, with null where the CSV is empty, never zero.
    let (_, _, body) = get(&app, "/trends.json").await;
    let json: Value = serde_json::from_str(&body).expect("JSON");
    let rows_json = json["rows"].as_array().expect("rows");
    assert_eq!(rows_json.len(), 39);
    let y2020 = &rows_json[2020 - 1987];
    assert_eq!(y2020["fiscal_year"], 2020);
    assert!(y2020["jet_participants"].is_null());
    assert!(y2020["cirs"].is_null());
    assert_eq!(rows_json[2024 - 1987]["cirs_as_of"], "2024-07");
    let sources: Vec<&str> = json["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s["id"].as_str().expect("id"))
        .collect();
    assert_eq!(sources, common::TRENDS_SOURCES);
}

/// Checks a value against a Table Schema field: its type, and whether it may be missing.
fn conforms(value: &str, field: &Value) -> bool {
    let required = field["constraints"]["required"].as_bool().unwrap_or(false);
    if value.is_empty() {
        return !required;
    }
    match field["type"].as_str().expect("type") {
        "integer" => value.parse::<i64>().is_ok(),
        "number" => value.parse::<f64>().is_ok(),
        "string" => true,
        other => panic!("a type the schema should not use: {other}"),
    }
}

async fn every_file_conforms_to_the_data_package() {
    let app = site().await;
    let (_, _, body) = get(&app, "/datapackage.json").await;
    let package: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(package["name"], "cir-guide");
    assert_eq!(package["licenses"][0]["name"], "CC-BY-SA-4.0");
    let resources = package["resources"].as_array().expect("resources");
    assert_eq!(resources.len(), 2);
    assert_eq!(
        resources[0]["sources"],
        serde_json::json!([{
            "title": "Coordinator for International Relations",
            "path": "https://en.wikipedia.org/wiki/Coordinator_for_International_Relations",
        }])
    );
    let trends_sources: Vec<(&str, Option<&str>)> = resources[1]["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| (s["title"].as_str().expect("title"), s["path"].as_str()))
        .collect();
    assert_eq!(trends_sources.len(), 9);
    assert_eq!(
        trends_sources[0],
        (
            "History of the JET Programme",
            Some("https://jetprogramme.org/en/about-jet/history/")
        )
    );
    // A source with no public address has no path.
    assert_eq!(
        trends_sources[5],
        ("Jichitai Kokusaika Forum, February 2013 (a copy)", None)
    );
    // Codes are text with their leading zeros, in the two forms officials write.
    assert_eq!(
        resources[0]["schema"]["fields"][2],
        serde_json::json!({
            "name": "code",
            "type": "string",
            "description": "JIS X 0401 prefecture code in two digits (01-47), or a designated city's local government code in five digits, without its check digit (01100 for Sapporo); written as text, so that the leading zeros stay",
            "constraints": { "required": true, "pattern": "[0-9]{2}|[0-9]{5}" },
        })
    );
    for resource in resources {
        assert_eq!(resource["encoding"], "utf-8");
        let path = resource["path"].as_str().expect("path");
        let fields = resource["schema"]["fields"].as_array().expect("fields");
        let (_, _, csv_body) = get(&app, &format!("/{path}")).await;
        let (names, rows) = parse_csv(&csv_body);
        let declared: Vec<&str> = fields
            .iter()
            .map(|f| f["name"].as_str().expect("name"))
            .collect();
        assert_eq!(names, declared, "{path}");
        for row in &rows {
            for (value, field) in row.iter().zip(fields) {
                assert!(conforms(value, field), "{path}: {value:?} is not {field}");
            }
        }
        // The primary key is unique.
        let key = resource["schema"]["primaryKey"][0].as_str().expect("key");
        let at = names.iter().position(|n| n == key).expect("key column");
        let mut keys: Vec<&str> = rows.iter().map(|r| r[at].as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), rows.len(), "{path}");
        // The JSON of the same table declares the same fields and types.
        let json_path = path.replace(".csv", ".json");
        let (_, _, json_body) = get(&app, &format!("/{json_path}")).await;
        let json: Value = serde_json::from_str(&json_body).expect("JSON");
        for (declared, listed) in fields
            .iter()
            .zip(json["fields"].as_array().expect("fields"))
        {
            assert_eq!(declared["name"], listed["name"]);
            assert_eq!(declared["type"], listed["type"]);
        }
        for row in json["rows"].as_array().expect("rows") {
            let object = row.as_object().expect("row object");
            assert_eq!(object.len(), fields.len());
            for field in fields {
                let value = &object[field["name"].as_str().expect("name")];
                let ok = match (field["type"].as_str(), value) {
                    (_, Value::Null) => {
                        !field["constraints"]["required"].as_bool().unwrap_or(false)
                    }
                    (Some("integer"), v) => v.is_u64(),
                    (Some("number"), v) => v.is_number(),
                    (Some("string"), v) => v.is_string(),
                    _ => false,
                };
                assert!(ok, "{json_path}: {value} is not {field}");
            }
        }
    }
}

async fn the_data_pages_link_their_downloads_and_cite_the_view() {
    let app = site().await;
    let today = cir_guide::content::site::Date::today();
    let months = [
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
    ];
    let accessed = format!(
        "{} {} {}",
        today.day,
        months[usize::from(today.month) - 1],
        today.year
    );
    let (_, _, html) = get(&app, "/statistics?type=city&sort=cirs&dir=desc").await;
    assert!(html.contains(
        "<p class=\"downloads\">Download this view: <a href=\"/statistics.csv?sort=cirs&#38;dir=desc&#38;type=city\" data-base=\"/statistics.csv\" type=\"text/csv\">CSV</a> · <a href=\"/statistics.json?sort=cirs&#38;dir=desc&#38;type=city\" data-base=\"/statistics.json\" type=\"application/json\">JSON</a></p>"
    ));
    let plain = format!(
        "CIR Guide. “CIRs per prefecture and designated city, 1 July 2014”. https://cir-guide.example/statistics?sort=cirs&#38;dir=desc&#38;type=city. Source: Coordinator for International Relations, Wikipedia (English) (secondary source). Accessed {accessed}.</pre>"
    );
    assert!(html.contains(&plain), "{plain}");
    let bibtex = format!(
        "@misc{{cir-guide-statistics,\n  author       = {{{{CIR Guide}}}},\n  title        = {{CIRs per prefecture and designated city, 1 July 2014}},\n  howpublished = {{\\url{{https://cir-guide.example/statistics?sort=cirs&#38;dir=desc&#38;type=city}}}},\n  url          = {{https://cir-guide.example/statistics?sort=cirs&#38;dir=desc&#38;type=city}},\n  note         = {{Source: Coordinator for International Relations, Wikipedia (English) (secondary source). Accessed {accessed}}},\n  urldate      = {{{}}},\n  year         = {{{}}}\n}}</pre>",
        today.iso(),
        today.year
    );
    assert!(html.contains(&bibtex), "{bibtex}");
    assert!(html.contains(
        "<a href=\"https://creativecommons.org/licenses/by-sa/4.0/\" rel=\"license external\">CC BY-SA 4.0</a>"
    ));
    let (_, _, html) = get(&app, "/trends").await;
    assert!(html.contains(
        "Download this view: <a href=\"/trends.csv\" data-base=\"/trends.csv\" type=\"text/csv\">CSV</a> · <a href=\"/trends.json\" data-base=\"/trends.json\" type=\"application/json\">JSON</a>"
    ));
    // Every source of the page's figures, in the order first cited, each with its kind.
    let plain = format!(
        "CIR Guide. “JET participants and CIRs per fiscal year, 1987 to 2025”. https://cir-guide.example/trends. Sources: \
         History of the JET Programme, The JET Programme (official website) (official source); \
         Coordinator for International Relations (version of 27 April 2008), Wikipedia (English) (secondary source); \
         News report on the JET Programme, 2007 (news item 30675), travelvision.jp (secondary source); \
         JET Programme (version of November 2009), Wikipedia (English) (secondary source); \
         Press release on the JET Programme, 2010, Ministry of Internal Affairs and Communications (MIC) (official source); \
         Jichitai Kokusaika Forum, February 2013 (a copy), CLAIR (secondary source); \
         Coordinator for International Relations, Wikipedia (English) (secondary source); \
         News report on the JET Programme, 2022 (ASEAN news item 29057), portal-worlds.com (secondary source); \
         Report citing CLAIR&#39;s Jichitai Kokusaika Forum no. 430, zenshow.net (secondary source). \
         Accessed {accessed}.</pre>"
    );
    assert!(html.contains(&plain), "{plain}");
    let (_, _, html) = get(&app, "/ja/trends").await;
    let plain = format!(
        "国際交流員（CIR）ガイド。「年度ごとのJETプログラム参加者数と国際交流員数（1987～2025年度）」。https://cir-guide.example/ja/trends 出典：\
         History of the JET Programme、JETプログラム公式ウェブサイト（公式の出典）／\
         Coordinator for International Relations（2008年4月27日の版）、ウィキペディア英語版（二次資料）／\
         JETプログラムに関するニュース記事（2007年、記事番号30675）、travelvision.jp（二次資料）／\
         JET Programme（2009年11月の版）、ウィキペディア英語版（二次資料）／\
         JETプログラムに関する報道発表（2010年）、総務省（公式の出典）／\
         自治体国際化フォーラム 2013年2月号（写し）、一般財団法人自治体国際化協会（クレア）（二次資料）／\
         Coordinator for International Relations、ウィキペディア英語版（二次資料）／\
         JETプログラムに関するニュース記事（2022年、ASEANニュース29057）、portal-worlds.com（二次資料）／\
         クレアの『自治体国際化フォーラム』第430号を引用した記事、zenshow.net（二次資料）。\
         閲覧日：{}年{}月{}日。</pre>",
        today.year, today.month, today.day
    );
    assert!(html.contains(&plain), "{plain}");
}

/// The data package as a data tool reads it: frictionless-py (from PyPI; `.ci/run` installs
/// it) loads both tables from a running server and validates every row against the schema.
/// Ignored where it is not installed, except under CI.
fn frictionless_validates_the_package_served() {
    let server = common::server::Server::base();
    for package in ["/datapackage.json", "/ja/datapackage.json"] {
        frictionless_validates(&format!("http://{}{package}", server.addr));
    }
}

/// The Japanese CSV starts with a byte order mark, for Excel: pandas skips it, names the
/// first column `id`, and reads the codes as the text the data package says they are.
fn pandas_reads_the_japanese_csv_with_its_mark_skipped_and_codes_as_text() {
    let server = common::server::Server::base();
    let script = "import sys, pandas
d = pandas.read_csv(sys.argv[1], dtype={'code': str})
print(','.join(d.columns))
for i in (0, 47):
    print(d['code'][i], d['name'][i], d['cirs'][i])
";
    let out = common::run(
        std::process::Command::new("python3").args([
            "-c",
            script,
            &format!("http://{}/ja/statistics.csv", server.addr),
        ]),
        std::time::Duration::from_secs(60),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "id,order,code,name,type,region,prefecture,cirs,share_of_all_cirs_percent\n\
         01 北海道 21\n\
         01100 札幌市 6\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn frictionless_validates(url: &str) {
    let out = common::run(
        std::process::Command::new("frictionless")
            .args(["validate", "--json", url])
            .current_dir(std::env::temp_dir()),
        std::time::Duration::from_secs(120),
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "frictionless printed no JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(report["valid"], true, "{url}: {report:#}");
    let tasks = report["tasks"].as_array().expect("tasks");
    let checked: Vec<(String, u64)> = tasks
        .iter()
        .map(|t| {
            (
                t["name"].as_str().expect("name").to_string(),
                t["stats"]["rows"].as_u64().expect("rows"),
            )
        })
        .collect();
    assert_eq!(
        checked,
        [
            ("cirs-by-prefecture-and-designated-city".to_string(), 67),
            ("jet-participants-and-cirs-per-fiscal-year".to_string(), 39),
        ]
    );
}

/// The page's schema.org markup: the JSON of its one `application/ld+json` script, or none.
fn structured_data(page: &str) -> Option<Value> {
    let doc = html::parse(page);
    let scripts = doc.all("script[type=\"application/ld+json\"]");
    assert!(scripts.len() <= 1, "one block at most");
    scripts
        .first()
        .map(|s| serde_json::from_str(&s.content()).expect("JSON-LD is JSON"))
}

/// The properties schema.org gives `Dataset` (and the things it inherits from `CreativeWork`
/// and `Thing`) that the markup uses; a misspelt one would be ignored by search engines.
const DATASET_PROPERTIES: [&str; 15] = [
    "@context",
    "@type",
    "name",
    "description",
    "url",
    "inLanguage",
    "temporalCoverage",
    "spatialCoverage",
    "license",
    "isAccessibleForFree",
    "creator",
    "publisher",
    "isBasedOn",
    "distribution",
    "version",
];

async fn the_data_pages_describe_their_data_as_a_schema_org_dataset_in_both_languages() {
    let app = site().await;
    let (_, _, page) = get(&app, "/statistics?sort=cirs&dir=desc").await;
    let data = structured_data(&page).expect("the statistics page's Dataset");
    for key in data.as_object().expect("an object").keys() {
        assert!(DATASET_PROPERTIES.contains(&key.as_str()), "{key}");
    }
    let publisher = serde_json::json!({
        "@type": "Organization", "name": "CIR Guide", "url": "https://cir-guide.example/",
    });
    assert_eq!(
        data,
        serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": "CIRs per prefecture and designated city, 1 July 2014",
            "description": "How many CIRs worked in each Japanese prefecture and designated city on 1 July 2014, in a table you can sort and filter.",
            "url": "https://cir-guide.example/statistics",
            "inLanguage": "en",
            "temporalCoverage": "2014-07-01",
            "spatialCoverage": { "@type": "Country", "name": "Japan" },
            "license": "https://creativecommons.org/licenses/by-sa/4.0/",
            "isAccessibleForFree": true,
            "creator": publisher,
            "publisher": publisher,
            "isBasedOn": [{
                "@type": "CreativeWork",
                "name": "Coordinator for International Relations",
                "url": "https://en.wikipedia.org/wiki/Coordinator_for_International_Relations",
            }],
            "distribution": [
                {
                    "@type": "DataDownload",
                    "encodingFormat": "text/csv",
                    "contentUrl": "https://cir-guide.example/statistics.csv",
                },
                {
                    "@type": "DataDownload",
                    "encodingFormat": "application/json",
                    "contentUrl": "https://cir-guide.example/statistics.json",
                },
            ],
            "version": data["version"],
        })
    );
    let version = data["version"].as_str().expect("the content version");
    assert_eq!(version.len(), 16, "{version}");

    let (_, _, page) = get(&app, "/ja/trends").await;
    let data = structured_data(&page).expect("the Japanese trends page's Dataset");
    assert_eq!(data["@type"], "Dataset");
    assert_eq!(
        data["name"],
        "年度ごとのJETプログラム参加者数と国際交流員数（1987～2025年度）"
    );
    assert_eq!(data["url"], "https://cir-guide.example/ja/trends");
    assert_eq!(data["inLanguage"], "ja");
    assert_eq!(data["temporalCoverage"], "1987/2025");
    assert_eq!(
        data["spatialCoverage"],
        serde_json::json!({ "@type": "Country", "name": "日本" })
    );
    assert_eq!(
        data["license"],
        "https://creativecommons.org/licenses/by-sa/4.0/deed.ja"
    );
    assert_eq!(data["creator"]["name"], "国際交流員（CIR）ガイド");
    assert_eq!(data["creator"]["url"], "https://cir-guide.example/ja/");
    let based_on = data["isBasedOn"].as_array().expect("sources");
    assert_eq!(based_on.len(), 9);
    assert_eq!(
        based_on[0],
        serde_json::json!({
            "@type": "CreativeWork",
            "name": "History of the JET Programme",
            "url": "https://jetprogramme.org/en/about-jet/history/",
        })
    );
    // A source with no public address is named without one.
    assert_eq!(
        based_on[5],
        serde_json::json!({ "@type": "CreativeWork", "name": "自治体国際化フォーラム 2013年2月号（写し）" })
    );
    let files: Vec<&str> = data["distribution"]
        .as_array()
        .expect("files")
        .iter()
        .map(|d| d["contentUrl"].as_str().expect("address"))
        .collect();
    assert_eq!(
        files,
        [
            "https://cir-guide.example/ja/trends.csv",
            "https://cir-guide.example/ja/trends.json",
        ]
    );

    // The other pages describe no dataset.
    for path in ["/", "/role", "/sources", "/ja/", "/nope"] {
        let (_, _, page) = get(&app, path).await;
        assert_eq!(structured_data(&page), None, "{path}");
    }
}

/// Each page's Dataset and its resource in the data package of the same edition name the same
/// table, licence, sources and files.
async fn each_dataset_agrees_with_the_data_package() {
    let app = site().await;
    for edition in ["", "/ja"] {
        let (_, _, package) = get(&app, &format!("{edition}/datapackage.json")).await;
        let package: Value = serde_json::from_str(&package).expect("JSON");
        for (page, resource) in [("/statistics", 0), ("/trends", 1)] {
            let at = format!("{edition}{page}");
            let (_, _, html) = get(&app, &at).await;
            let data = structured_data(&html).expect("a Dataset");
            let resource = &package["resources"][resource];
            assert_eq!(data["name"], resource["title"], "{at}");
            assert_eq!(data["license"], package["licenses"][0]["path"], "{at}");
            assert_eq!(data["version"], package["version"], "{at}");
            let sources: Vec<(&Value, &Value)> = resource["sources"]
                .as_array()
                .expect("sources")
                .iter()
                .map(|s| (&s["title"], &s["path"]))
                .collect();
            let based_on: Vec<(&Value, &Value)> = data["isBasedOn"]
                .as_array()
                .expect("sources")
                .iter()
                .map(|s| (&s["name"], &s["url"]))
                .collect();
            assert_eq!(based_on, sources, "{at}");
            let csv = data["distribution"][0]["contentUrl"].as_str().expect("CSV");
            assert_eq!(
                csv,
                format!(
                    "https://cir-guide.example{edition}/{}",
                    resource["path"].as_str().expect("path")
                ),
                "{at}"
            );
        }
    }
}
