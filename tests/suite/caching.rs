//! HTTP caching through the real route table: ETags per representation, 304s, Vary,
//! Cache-Control, fingerprinted assets, and what a reload does to them. Also the weight of
//! every page.

use crate::common;

use std::sync::Arc;

use actix_web::test::{self, TestRequest};
use cir_guide::app::Mode;
use cir_guide::server::live::Live;
use common::server::{copy_content, scratch_static};

common::harness::tests! {
    actix each_encoding_has_its_own_etag_and_the_body_matches_it [],
    actix error_pages_are_compressed_like_pages_and_never_304 [],
    actix a_matching_tag_gets_304_with_the_same_headers [],
    actix pages_revalidate_and_fingerprinted_assets_are_immutable [],
    actix a_reload_changes_the_tags_of_changed_pages_only [],
    actix an_old_fingerprinted_address_never_serves_new_bytes [],
    actix every_page_is_light [],
    actix downloads_are_compressed_tagged_and_revalidated_like_pages [],
    actix a_reload_changes_a_download_only_when_its_figures_change [],
}

struct Got {
    status: u16,
    etag: Option<String>,
    vary: Option<String>,
    cache: Option<String>,
    encoding: Option<String>,
    body: Vec<u8>,
}

async fn fetch(
    app: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    uri: &str,
    headers: &[(&str, &str)],
) -> Got {
    let mut req = TestRequest::get().uri(uri);
    for (name, value) in headers {
        req = req.insert_header((*name, *value));
    }
    let (status, headers, body) = common::call(app, req).await;
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
    };
    Got {
        status,
        etag: header("etag"),
        vary: header("vary"),
        cache: header("cache-control"),
        encoding: header("content-encoding"),
        body,
    }
}

fn unbrotli(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &body[..], &mut out).expect("valid brotli");
    out
}

/// A gzip body, decompressed.
fn ungzip(body: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

fn link<'a>(html: &'a str, prefix: &str) -> &'a str {
    let start = html.find(prefix).unwrap_or_else(|| panic!("no {prefix}"));
    let end = html[start..].find('"').expect("closing quote") + start;
    &html[start..end]
}

async fn each_encoding_has_its_own_etag_and_the_body_matches_it() {
    let app = common::site().await;
    let plain = fetch(&app, "/statistics", &[]).await;
    let gzip = fetch(&app, "/statistics", &[("accept-encoding", "gzip")]).await;
    let br = fetch(&app, "/statistics", &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(
        (
            plain.encoding.as_deref(),
            gzip.encoding.as_deref(),
            br.encoding.as_deref()
        ),
        (None, Some("gzip"), Some("br"))
    );
    let tags = [&plain.etag, &gzip.etag, &br.etag].map(|t| t.clone().expect("etag"));
    assert!(
        tags[0] != tags[1] && tags[1] != tags[2] && tags[0] != tags[2],
        "{tags:?}"
    );
    assert!(
        tags.iter().all(|t| t.starts_with('"') && t.ends_with('"')),
        "strong tags: {tags:?}"
    );
    assert!(br.body.len() < gzip.body.len() && gzip.body.len() < plain.body.len());
    assert_eq!(unbrotli(&br.body), plain.body);
    assert_eq!(ungzip(&gzip.body), plain.body);
    // Refusing brotli, or accepting nothing we have, still gets an answer.
    assert_eq!(
        fetch(&app, "/statistics", &[("accept-encoding", "br;q=0, gzip")])
            .await
            .encoding
            .as_deref(),
        Some("gzip")
    );
    let none = fetch(
        &app,
        "/statistics",
        &[("accept-encoding", "zstd, identity;q=0")],
    )
    .await;
    assert_eq!((none.status, none.encoding), (200, None));
}

/// The not-found and method-not-allowed pages are prepared with the snapshot and compressed
/// like any page, whichever route answers them; a matching tag never makes them a 304.
async fn error_pages_are_compressed_like_pages_and_never_304() {
    let app = common::site().await;
    let plain = fetch(&app, "/nope", &[]).await;
    assert_eq!((plain.status, plain.encoding.as_deref()), (404, None));
    // The route table's fallback, the in-memory static files, and actix-files' fallback.
    for uri in ["/nope", "/static/missing.css", "/static/css/missing.css"] {
        let got = fetch(&app, uri, &[("accept-encoding", "gzip, br")]).await;
        assert_eq!(got.status, 404, "{uri}");
        assert_eq!(got.encoding.as_deref(), Some("br"), "{uri}");
        assert_eq!(got.vary.as_deref(), Some("Accept-Encoding"), "{uri}");
        assert_eq!(got.cache.as_deref(), Some(common::PAGE_CACHE), "{uri}");
        assert_eq!(unbrotli(&got.body), plain.body, "{uri}");
        let tag = got.etag.expect("a tag");
        let again = fetch(
            &app,
            uri,
            &[("accept-encoding", "gzip, br"), ("if-none-match", &tag)],
        )
        .await;
        assert_eq!(again.status, 404, "{uri}: never 'not modified'");
    }
    for uri in ["/statistics", "/static/css/site.css"] {
        let req = TestRequest::post()
            .uri(uri)
            .insert_header(("accept-encoding", "gzip"))
            .to_request();
        let res = test::call_service(&app, req).await;
        assert_eq!(res.status().as_u16(), 405, "{uri}");
        let header = |name| res.headers().get(name).and_then(|v| v.to_str().ok());
        assert_eq!(header("allow"), Some("GET, HEAD"), "{uri}");
        assert_eq!(header("content-encoding"), Some("gzip"), "{uri}");
        let html = String::from_utf8(ungzip(&test::read_body(res).await)).expect("UTF-8");
        assert!(html.contains("<h1>Request not accepted</h1>"), "{uri}");
    }
}

async fn a_matching_tag_gets_304_with_the_same_headers() {
    let app = common::site().await;
    let first = fetch(&app, "/role", &[("accept-encoding", "br")]).await;
    let tag = first.etag.clone().expect("etag");
    let weak = format!("W/{tag}");
    let list = format!("\"stale\", {tag}, \"other\"");
    for condition in [tag.as_str(), weak.as_str(), list.as_str(), "*"] {
        let again = fetch(
            &app,
            "/role",
            &[("accept-encoding", "br"), ("if-none-match", condition)],
        )
        .await;
        assert_eq!(again.status, 304, "{condition}");
        assert!(again.body.is_empty());
        assert_eq!(again.etag, first.etag, "{condition}");
        assert_eq!(again.vary.as_deref(), Some("Accept-Encoding"));
        assert_eq!(again.cache.as_deref(), Some(common::PAGE_CACHE));
    }
    let stale = fetch(
        &app,
        "/role",
        &[
            ("accept-encoding", "br"),
            ("if-none-match", "\"0000000000000000\""),
        ],
    )
    .await;
    assert_eq!(stale.status, 200);
    // The plain form's tag does not revalidate the brotli form.
    let plain = fetch(&app, "/role", &[]).await.etag.expect("etag");
    assert_eq!(
        fetch(
            &app,
            "/role",
            &[("accept-encoding", "br"), ("if-none-match", &plain)]
        )
        .await
        .status,
        200
    );
}

async fn pages_revalidate_and_fingerprinted_assets_are_immutable() {
    let app = common::site().await;
    for uri in ["/", "/statistics?sort=cirs&dir=desc", "/sources"] {
        let page = fetch(&app, uri, &[]).await;
        assert_eq!(page.cache.as_deref(), Some(common::PAGE_CACHE), "{uri}");
        assert_eq!(page.vary.as_deref(), Some("Accept-Encoding"), "{uri}");
    }
    let html = String::from_utf8(fetch(&app, "/statistics", &[]).await.body).expect("utf-8");
    for prefix in [
        "/static/css/site.",
        "/static/js/table.",
        "/static/images/icon.",
    ] {
        let url = link(&html, prefix);
        let asset = fetch(&app, url, &[("accept-encoding", "br")]).await;
        assert_eq!(asset.status, 200, "{url}");
        assert_eq!(
            asset.cache.as_deref(),
            Some("public, max-age=31536000, immutable"),
            "{url}"
        );
        assert_eq!(asset.vary.as_deref(), Some("Accept-Encoding"), "{url}");
        assert_eq!(asset.encoding.as_deref(), Some("br"), "{url}");
    }
    // The plain address still works, but is revalidated.
    let plain = fetch(&app, "/static/css/site.css", &[]).await;
    assert_eq!(
        (plain.status, plain.cache.as_deref()),
        (200, Some(common::PAGE_CACHE))
    );
    // Images are sent as they are, so they do not vary: the link preview is fingerprinted
    // like an asset.
    let png = fetch(
        &app,
        link(&html, "/previews/"),
        &[("accept-encoding", "br")],
    )
    .await;
    assert_eq!(
        (png.status, png.encoding, png.vary, png.cache.as_deref()),
        (200, None, None, Some("public, max-age=31536000, immutable"))
    );
}

async fn a_reload_changes_the_tags_of_changed_pages_only() {
    let dir = copy_content(&common::base(), "etag-reload");
    let live = Arc::new(Live::start(&dir, &common::root().join("static"), false).expect("valid"));
    let app = common::app_for(live.clone(), common::root().join("static"), Mode::default()).await;
    let before_role = fetch(&app, "/role", &[]).await.etag;
    let before_duties = fetch(&app, "/duties", &[]).await.etag;
    let before_view = fetch(&app, "/statistics?sort=name&dir=desc", &[]).await;

    let path = dir.join("role.toml");
    let text = std::fs::read_to_string(&path).expect("role");
    std::fs::write(
        &path,
        text.replacen("title = \"The CIR role\"", "title = \"About the role\"", 1),
    )
    .expect("write");
    let stats = dir.join("statistics.toml");
    let text = std::fs::read_to_string(&stats).expect("statistics");
    std::fs::write(
        &stats,
        text.replacen("caption = \"", "caption = \"Revised: ", 1),
    )
    .expect("write");
    live.reload().expect("reloads");

    assert_ne!(fetch(&app, "/role", &[]).await.etag, before_role);
    assert_eq!(fetch(&app, "/duties", &[]).await.etag, before_duties);
    // A view rendered before the reload is not served stale after it.
    let after_view = fetch(&app, "/statistics?sort=name&dir=desc", &[]).await;
    assert_ne!(after_view.etag, before_view.etag);
    assert!(String::from_utf8_lossy(&after_view.body).contains("Revised: "));
}

async fn an_old_fingerprinted_address_never_serves_new_bytes() {
    let static_dir = scratch_static("fingerprint");
    let content = common::base();
    let live = Arc::new(Live::start(&content, &static_dir, false).expect("valid"));
    let app = common::app_for(live.clone(), static_dir.clone(), Mode::default()).await;
    let html = String::from_utf8(fetch(&app, "/", &[]).await.body).expect("utf-8");
    let old_url = link(&html, "/static/css/site.").to_string();

    let css = static_dir.join("css/site.css");
    let text = std::fs::read_to_string(&css).expect("css");
    std::fs::write(&css, format!("{text}\n.changed {{ color: red; }}\n")).expect("write");
    live.reload().expect("reloads");

    let html = String::from_utf8(fetch(&app, "/", &[]).await.body).expect("utf-8");
    let new_url = link(&html, "/static/css/site.").to_string();
    assert_ne!(old_url, new_url);
    let old = fetch(&app, &old_url, &[]).await;
    assert_eq!(old.status, 404, "the old address is gone");
    assert!(!String::from_utf8_lossy(&old.body).contains(".changed"));
    let new = fetch(&app, &new_url, &[]).await;
    assert!(String::from_utf8_lossy(&new.body).contains(".changed"));
}

/// Every page's HTML arrives in the first round trip (14 KB brotli); a page with its stylesheet
/// and script stays under 30 KB compressed. In both languages: Japanese text compresses less.
async fn every_page_is_light() {
    let app = common::site().await;
    let br = [("accept-encoding", "br")];
    let japanese = common::VIEWS.iter().map(|v| format!("/ja{v}"));
    for uri in common::VIEWS.iter().map(|v| v.to_string()).chain(japanese) {
        let uri = uri.as_str();
        let page = fetch(&app, uri, &br).await;
        let html = String::from_utf8(fetch(&app, uri, &[]).await.body).expect("utf-8");
        assert!(
            page.body.len() <= 14 * 1024,
            "{uri}: {} bytes of HTML, brotli",
            page.body.len()
        );
        let mut total = page.body.len();
        for prefix in ["/static/css/site.", "/static/js/table."] {
            if html.contains(prefix) {
                total += fetch(&app, link(&html, prefix), &br).await.body.len();
            }
        }
        assert!(
            total <= 30 * 1024,
            "{uri}: {total} bytes with its stylesheet and script"
        );
        eprintln!(
            "{uri}: {} bytes of HTML, {total} with assets (brotli)",
            page.body.len()
        );
    }
}

/// Downloads are prepared, compressed and tagged like pages, and revalidate the same way.
async fn downloads_are_compressed_tagged_and_revalidated_like_pages() {
    let app = common::site().await;
    for uri in [
        "/statistics.csv?sort=cirs&dir=desc",
        "/statistics.json?type=city",
        "/trends.csv",
        "/trends.json",
        "/datapackage.json",
    ] {
        let plain = fetch(&app, uri, &[]).await;
        let br = fetch(&app, uri, &[("accept-encoding", "br")]).await;
        let gzip = fetch(&app, uri, &[("accept-encoding", "gzip")]).await;
        assert_eq!(
            (br.encoding.as_deref(), gzip.encoding.as_deref()),
            (Some("br"), Some("gzip")),
            "{uri}"
        );
        assert_eq!(unbrotli(&br.body), plain.body, "{uri}");
        assert_eq!(ungzip(&gzip.body), plain.body, "{uri}");
        assert_eq!(plain.vary.as_deref(), Some("Accept-Encoding"));
        assert_eq!(plain.cache.as_deref(), Some(common::PAGE_CACHE));
        let tag = br.etag.clone().expect("etag");
        assert_ne!(Some(&tag), plain.etag.as_ref());
        let again = fetch(
            &app,
            uri,
            &[("accept-encoding", "br"), ("if-none-match", &tag)],
        )
        .await;
        assert_eq!((again.status, again.body.len()), (304, 0), "{uri}");
        // The same request again gets the same bytes: made once per version.
        assert_eq!(fetch(&app, uri, &[]).await.body, plain.body, "{uri}");
    }
}

/// A download changes when, and only when, its content changes.
async fn a_reload_changes_a_download_only_when_its_figures_change() {
    let dir = copy_content(&common::base(), "download-reload");
    let live = Arc::new(Live::start(&dir, &common::root().join("static"), false).expect("valid"));
    let app = common::app_for(live.clone(), common::root().join("static"), Mode::default()).await;
    let csv = fetch(&app, "/statistics.csv?sort=cirs&dir=desc", &[]).await;
    let trends = fetch(&app, "/trends.csv", &[]).await;
    live.reload().expect("reloads");
    assert_eq!(
        fetch(&app, "/statistics.csv?sort=cirs&dir=desc", &[])
            .await
            .etag,
        csv.etag
    );
    assert_eq!(fetch(&app, "/trends.csv", &[]).await.etag, trends.etag);
    let path = dir.join("trends.toml");
    let text = std::fs::read_to_string(&path).expect("trends");
    std::fs::write(
        &path,
        text.replacen(
            "{ year = 2025, count = 5933 }",
            "{ year = 2025, count = 5934 }",
            1,
        ),
    )
    .expect("write");
    live.reload().expect("reloads");
    let after = fetch(&app, "/trends.csv", &[]).await;
    assert_ne!(after.etag, trends.etag);
    assert!(String::from_utf8_lossy(&after.body).contains("\r\n2025,5934,jet-history,"));
    assert_eq!(
        fetch(&app, "/statistics.csv?sort=cirs&dir=desc", &[])
            .await
            .etag,
        csv.etag
    );
}
