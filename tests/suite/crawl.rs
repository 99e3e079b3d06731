//! What search engines read besides the pages, through the real route table with the real
//! content: `robots.txt` and the sitemap, parsed as XML by a parser that is not ours.

use crate::common;

use actix_web::http::Method;
use actix_web::test;
use common::html::{self, Content, Find};
use common::{call, get, header, site};

common::harness::tests! {
    actix robots_txt_lets_crawlers_read_the_pages_but_not_the_operators_addresses [],
    actix the_sitemap_lists_every_page_in_both_languages_with_its_twins [],
    actix each_sitemap_entry_says_what_its_page_says_in_its_head [],
    actix the_sitemap_dates_every_page_by_the_last_day_a_source_was_checked [],
    actix robots_txt_and_the_sitemap_are_compressed_and_answer_only_get_and_head [],
}

const ROBOTS: &str = "User-agent: *
Allow: /
Disallow: /metrics
Disallow: /healthz
Disallow: /_dev/

Sitemap: https://cir-guide.example/sitemap.xml
";

/// Every page of both editions, in the sitemap's order: the English pages in navigation
/// order, then the Japanese ones.
const URLS: [&str; 16] = [
    "https://cir-guide.example/",
    "https://cir-guide.example/role",
    "https://cir-guide.example/duties",
    "https://cir-guide.example/employers",
    "https://cir-guide.example/applying",
    "https://cir-guide.example/statistics",
    "https://cir-guide.example/trends",
    "https://cir-guide.example/sources",
    "https://cir-guide.example/ja/",
    "https://cir-guide.example/ja/role",
    "https://cir-guide.example/ja/duties",
    "https://cir-guide.example/ja/employers",
    "https://cir-guide.example/ja/applying",
    "https://cir-guide.example/ja/statistics",
    "https://cir-guide.example/ja/trends",
    "https://cir-guide.example/ja/sources",
];

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

async fn robots_txt_lets_crawlers_read_the_pages_but_not_the_operators_addresses() {
    let app = site().await;
    let (status, headers, body) = get(&app, "/robots.txt").await;
    assert_eq!(status, 200);
    assert_eq!(body, ROBOTS);
    assert_eq!(
        header(&headers, "content-type"),
        "text/plain; charset=utf-8"
    );
    assert_eq!(header(&headers, "cache-control"), common::PAGE_CACHE);
    assert_eq!(header(&headers, "vary"), "Accept-Encoding");
    assert_eq!(headers.get("content-encoding"), None);
    let etag = header(&headers, "etag").to_string();
    assert!(etag.len() == 18 && etag.starts_with('"'), "{etag}");
    // Revalidated by its tag, as pages are.
    let (status, _, body) = call(
        &app,
        test::TestRequest::get()
            .uri("/robots.txt")
            .insert_header(("if-none-match", etag.as_str())),
    )
    .await;
    assert_eq!((status, body.len()), (304, 0));
}

/// The sitemap's URLs as lines: the address, its last modification, then each alternate as
/// `hreflang=href`, checked against the sitemap protocol's structure on the way.
pub(crate) fn sitemap_lines(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(root.tag_name().namespace(), Some(SITEMAP_NS));
    assert_eq!(root.lookup_namespace_uri(Some("xhtml")), Some(XHTML_NS));
    let urls: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert!(urls.len() <= 50_000, "the protocol's limit");
    urls.iter()
        .map(|url| {
            assert_eq!(url.tag_name().name(), "url");
            assert_eq!(url.tag_name().namespace(), Some(SITEMAP_NS));
            let children: Vec<_> = url.children().filter(|n| n.is_element()).collect();
            // The protocol's order: `loc`, `lastmod`, then elements of other namespaces.
            let names: Vec<(&str, Option<&str>)> = children
                .iter()
                .map(|c| (c.tag_name().name(), c.tag_name().namespace()))
                .collect();
            assert_eq!(names[0], ("loc", Some(SITEMAP_NS)));
            assert_eq!(names[1], ("lastmod", Some(SITEMAP_NS)));
            assert!(names[2..] == [("link", Some(XHTML_NS)); 3], "{names:?}");
            let mut line = format!(
                "{} {}",
                children[0].text().unwrap_or_default(),
                children[1].text().unwrap_or_default()
            );
            for link in &children[2..] {
                assert_eq!(link.attribute("rel"), Some("alternate"));
                line.push_str(&format!(
                    " {}={}",
                    link.attribute("hreflang").unwrap_or_default(),
                    link.attribute("href").unwrap_or_default()
                ));
            }
            line
        })
        .collect()
}

/// The lines [`sitemap_lines`] gives for the base fixture: every page twice, each naming its
/// English and Japanese twins and the English one as the default.
fn expected_lines(lastmod: &str) -> Vec<String> {
    URLS.iter()
        .map(|url| {
            let path = url
                .trim_start_matches("https://cir-guide.example")
                .trim_start_matches("/ja");
            let en = format!("https://cir-guide.example{path}");
            let ja = format!("https://cir-guide.example/ja{path}");
            format!("{url} {lastmod} en={en} ja={ja} x-default={en}")
        })
        .collect()
}

async fn the_sitemap_lists_every_page_in_both_languages_with_its_twins() {
    let app = site().await;
    let (status, headers, xml) = get(&app, "/sitemap.xml").await;
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "content-type"),
        "application/xml; charset=utf-8"
    );
    assert_eq!(header(&headers, "cache-control"), common::PAGE_CACHE);
    assert_eq!(header(&headers, "vary"), "Accept-Encoding");
    let lines = sitemap_lines(&xml);
    assert_eq!(lines, expected_lines("2026-11-30"));
    // One line whole, and the start of the file as it is sent.
    assert_eq!(
        lines[9],
        "https://cir-guide.example/ja/role 2026-11-30 en=https://cir-guide.example/role \
         ja=https://cir-guide.example/ja/role x-default=https://cir-guide.example/role"
    );
    assert!(xml.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset \
         xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n<url>\n\
         <loc>https://cir-guide.example/</loc>\n<lastmod>2026-11-30</lastmod>\n\
         <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://cir-guide.example/\"/>\n"
    ));
}

/// What a page's `<head>` says: its canonical address, then its alternates as `hreflang=href`.
pub(crate) fn head_line(html: &str) -> String {
    let page = html::parse(html);
    let mut line = page
        .only("head link[rel=canonical]")
        .attribute("href")
        .to_string();
    for link in page.all("head link[rel=alternate][hreflang]") {
        line.push_str(&format!(
            " {}={}",
            link.attribute("hreflang"),
            link.attribute("href")
        ));
    }
    line
}

async fn each_sitemap_entry_says_what_its_page_says_in_its_head() {
    let app = site().await;
    let (_, _, xml) = get(&app, "/sitemap.xml").await;
    for line in sitemap_lines(&xml) {
        let url = line.split(' ').next().expect("an address");
        let path = url.trim_start_matches("https://cir-guide.example");
        let (status, _, html) = get(&app, path).await;
        assert_eq!(status, 200, "{path}");
        let mut words = line.split(' ');
        let (loc, _lastmod) = (words.next(), words.next());
        let rest: Vec<&str> = words.collect();
        assert_eq!(
            head_line(&html),
            format!("{} {}", loc.unwrap_or_default(), rest.join(" ")),
            "{path}"
        );
    }
}

async fn the_sitemap_dates_every_page_by_the_last_day_a_source_was_checked() {
    let dir = common::server::copy_content(&common::base(), "sitemap-lastmod");
    let path = dir.join("sources.toml");
    let sources = std::fs::read_to_string(&path).expect("sources.toml");
    let checked = "accessed = 2026-11-30";
    assert_eq!(sources.matches(checked).count(), 26);
    // One source checked later than the others, and not the first or the last.
    let mut edited = sources.replace(checked, "accessed = 2026-06-01");
    let third = edited
        .match_indices("accessed = 2026-06-01")
        .nth(2)
        .expect("a third source")
        .0;
    edited.replace_range(third..third + 21, "accessed = 2026-09-15");
    std::fs::write(&path, edited).expect("write");
    let static_dir = common::root().join("static");
    let live =
        cir_guide::server::live::Live::start(&dir, &static_dir, false).expect("valid content");
    let app = common::app_for(std::sync::Arc::new(live), static_dir, Default::default()).await;
    let (_, _, xml) = get(&app, "/sitemap.xml").await;
    assert_eq!(sitemap_lines(&xml), expected_lines("2026-09-15"));
}

async fn robots_txt_and_the_sitemap_are_compressed_and_answer_only_get_and_head() {
    let app = site().await;
    for uri in ["/robots.txt", "/sitemap.xml"] {
        let (_, _, plain) = get(&app, uri).await;
        let (status, headers, _) = call(
            &app,
            test::TestRequest::get()
                .uri(uri)
                .insert_header(("accept-encoding", "br")),
        )
        .await;
        assert_eq!(status, 200, "{uri}");
        assert_eq!(header(&headers, "content-encoding"), "br", "{uri}");
        // HEAD: the same status and headers (the real binary's test sends no body).
        let (status, head, _) = call(
            &app,
            test::TestRequest::default().method(Method::HEAD).uri(uri),
        )
        .await;
        assert_eq!(status, 200, "{uri}");
        let (_, get_headers, _) = get(&app, uri).await;
        assert_eq!(header(&head, "etag"), header(&get_headers, "etag"), "{uri}");
        assert!(!plain.is_empty(), "{uri}");
        let (status, headers, _) = call(
            &app,
            test::TestRequest::default().method(Method::POST).uri(uri),
        )
        .await;
        assert_eq!(status, 405, "{uri}");
        assert_eq!(header(&headers, "allow"), "GET, HEAD", "{uri}");
    }
    // Only at the root of the host, as the protocols ask.
    for uri in ["/ja/robots.txt", "/ja/sitemap.xml"] {
        assert_eq!(get(&app, uri).await.0, 404, "{uri}");
    }
}
