//! HTTP tests through the real route table, the real content and the real static folder.

mod common;

use actix_web::http::Method;
use actix_web::test;
use common::{between, get, row_cirs, row_ids, site};

const PAGES: [(&str, &str); 6] = [
    ("/", "<title>CIR Guide</title>"),
    ("/role", "<title>The CIR role – CIR Guide</title>"),
    (
        "/duties",
        "<title>Typical duties of a CIR – CIR Guide</title>",
    ),
    ("/employers", "<title>Where CIRs work – CIR Guide</title>"),
    (
        "/statistics",
        "<title>CIRs by prefecture and designated city, 2014 – CIR Guide</title>",
    ),
    ("/sources", "<title>Sources and notes – CIR Guide</title>"),
];

#[actix_web::test]
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
        assert!(html.contains(title), "{path} lacks {title}");
        assert_eq!(html.matches("<h1").count(), 1, "{path} has one h1");
        assert!(html.contains("<html lang=\"en\">"), "{path}");
        assert!(
            html.contains("<a class=\"skip-link\" href=\"#main\">"),
            "{path}"
        );
        assert!(html.contains("<main id=\"main\""), "{path}");
    }
}

#[actix_web::test]
async fn every_page_names_its_canonical_address_and_preview() {
    let app = site().await;
    for (path, _) in PAGES {
        let (_, _, html) = get(&app, path).await;
        let url = format!("https://cir-guide.example{path}");
        let url = url.trim_end_matches('/');
        let canonical = between(&html, "<link rel=\"canonical\" href=\"", "\"");
        assert_eq!(canonical.trim_end_matches('/'), url, "{path}");
        assert!(html.contains(&format!(
            "<meta property=\"og:url\" content=\"{canonical}\">"
        )));
        assert!(html.contains("<meta property=\"og:title\""), "{path}");
        assert!(html.contains("<meta property=\"og:description\""), "{path}");
        assert!(html.contains("<meta name=\"description\""), "{path}");
    }
}

#[actix_web::test]
async fn the_current_page_is_marked_in_the_navigation() {
    let app = site().await;
    let (_, _, html) = get(&app, "/duties").await;
    assert!(html.contains("<a href=\"/duties\" aria-current=\"page\">"));
    assert_eq!(html.matches("aria-current").count(), 1);
}

#[actix_web::test]
async fn home_shows_the_key_figures_computed_from_the_data() {
    let app = site().await;
    let (_, _, html) = get(&app, "/").await;
    assert!(html.contains("<dd>364</dd>"), "CIR total");
    assert!(html.contains("<dd>8.2&nbsp;%</dd>"), "share");
    assert!(html.contains("<dd>4,465</dd>"), "participants");
    assert!(html.contains("<time datetime=\"2014-07-01\">1 July 2014</time>"));
    for path in ["/role", "/duties", "/employers", "/statistics", "/sources"] {
        assert!(
            html.contains(&format!("<li><a href=\"{path}\">")),
            "home links {path}"
        );
    }
}

#[actix_web::test]
async fn statistics_sorted_by_count_descending_starts_with_hokkaido_21() {
    let app = site().await;
    let (status, _, html) = get(&app, "/statistics?sort=cirs&dir=desc").await;
    assert_eq!(status, 200);
    let ids = row_ids(&html);
    assert_eq!(ids.len(), 67);
    assert_eq!(ids[0], "hokkaido");
    assert_eq!(row_cirs(&html, "hokkaido"), 21);
    // Shimane (20), then the three 17s and 16s in official order.
    assert_eq!(
        &ids[1..6],
        ["shimane", "ishikawa", "aomori", "kochi", "kagoshima"]
    );
    assert!(
        html.contains(
            "<th scope=\"col\" data-key=\"cirs\" class=\"num\" aria-sort=\"descending\">"
        )
    );
    assert_eq!(
        html.matches("aria-sort=").count(),
        1,
        "aria-sort on the sorted column only"
    );
}

#[actix_web::test]
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

#[actix_web::test]
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

#[actix_web::test]
async fn filters_combine_with_sorting_and_total_the_rows_shown() {
    let app = site().await;
    let (_, _, html) = get(&app, "/statistics?type=city").await;
    assert_eq!(row_ids(&html).len(), 20);
    let foot = between(&html, "<tfoot>", "</tfoot>");
    assert!(foot.contains("<td class=\"num\">42</td>"), "{foot}");
    assert!(foot.contains("<td class=\"num\">364</td>"), "{foot}");
    assert!(
        foot.contains("<td class=\"num\">11.5</td>"),
        "42 of 364 is 11.5 %: {foot}"
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
    assert!(html.contains("<option value=\"tohoku\" selected>"));
}

#[actix_web::test]
async fn a_filter_that_matches_nothing_says_so() {
    let app = site().await;
    let (status, _, html) = get(&app, "/statistics?type=city&region=shikoku").await;
    assert_eq!(status, 200);
    assert!(row_ids(&html).is_empty());
    assert!(html.contains("class=\"no-rows\""));
}

#[actix_web::test]
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
        let canonical = between(&html, "<link rel=\"canonical\" href=\"", "\"");
        assert_eq!(
            canonical.replace("&#38;", "&"),
            format!("https://cir-guide.example/statistics{query}"),
            "{uri}"
        );
    }
}

#[actix_web::test]
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

#[actix_web::test]
async fn head_answers_like_get_without_a_body() {
    let app = site().await;
    for path in [
        "/",
        "/statistics?sort=cirs",
        "/static/css/site.css",
        "/nope",
    ] {
        let req = test::TestRequest::default()
            .method(Method::HEAD)
            .uri(path)
            .to_request();
        let res = test::call_service(&app, req).await;
        let expected = if path == "/nope" { 404 } else { 200 };
        assert_eq!(res.status().as_u16(), expected, "{path}");
        assert!(
            res.headers().contains_key("content-security-policy"),
            "{path}"
        );
    }
}

#[actix_web::test]
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

#[actix_web::test]
async fn security_headers_are_on_pages_static_files_and_errors() {
    let app = site().await;
    for uri in [
        "/",
        "/statistics?sort=bad",
        "/static/css/site.css",
        "/static/js/table.js",
        "/nope",
    ] {
        let (_, headers, _) = get(&app, uri).await;
        for (name, value) in cir_guide::app::SECURITY_HEADERS {
            assert_eq!(
                headers.get(name).map(|v| v.to_str().expect("ascii")),
                Some(value),
                "{name} on {uri}"
            );
        }
    }
    let req = test::TestRequest::post().uri("/").to_request();
    let res = test::call_service(&app, req).await;
    assert!(
        res.headers().contains_key("content-security-policy"),
        "on 405"
    );
}

#[actix_web::test]
async fn pages_carry_no_inline_script_or_style() {
    let app = site().await;
    for (path, _) in PAGES {
        let (_, _, html) = get(&app, path).await;
        assert!(!html.contains("<script>"), "{path}");
        assert!(!html.contains("style="), "{path}");
        assert!(!html.contains("<style"), "{path}");
        let handler = html.split(" on").skip(1).find(|rest| {
            rest.split_once('=').is_some_and(|(name, _)| {
                name.chars().all(|c| c.is_ascii_lowercase()) && !name.is_empty()
            })
        });
        assert!(handler.is_none(), "{path}: no inline event handlers");
    }
    let (_, _, html) = get(&app, "/statistics").await;
    let script = between(&html, "<script src=\"", "\"");
    assert!(
        script.starts_with("/static/js/table.") && script.ends_with(".js"),
        "{script}"
    );
}

#[actix_web::test]
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

#[actix_web::test]
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
