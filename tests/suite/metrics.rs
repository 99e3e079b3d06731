//! `/metrics`: what it counts, through the real route table, and reloads counted by the real
//! binary (SIGHUP, a broken save).

use crate::common;

use std::time::Duration;

use actix_web::http::Method;
use actix_web::test::TestRequest;
use common::server::{Server, copy_content, eventually, save_by_rename};
use common::{call, get, header, site};

common::harness::tests! {
    actix metrics_are_plain_text_never_cached_and_read_only [],
    actix requests_are_counted_by_route_and_status_with_the_bytes_sent [],
    actix head_requests_are_counted_but_send_no_body_bytes [],
    actix the_content_version_and_the_cached_views_are_reported [],
    actix no_page_links_to_the_metrics [],
    sync the_real_binary_counts_requests_and_good_and_failed_reloads [],
}

/// The value of one series, by its name and labels as written (`name{labels}`); none when the
/// exposition does not have it.
fn value(exposition: &str, series: &str) -> Option<u64> {
    exposition.lines().find_map(|line| {
        let (name, value) = line.rsplit_once(' ')?;
        (name == series).then(|| value.parse().expect("a whole number"))
    })
}

fn requests(exposition: &str, route: &str, status: &str) -> u64 {
    value(
        exposition,
        &format!("cir_guide_http_requests_total{{route=\"{route}\",status=\"{status}\"}}"),
    )
    .unwrap_or(0)
}

fn bytes(exposition: &str, route: &str) -> u64 {
    value(
        exposition,
        &format!("cir_guide_http_response_body_bytes_total{{route=\"{route}\"}}"),
    )
    .unwrap_or(0)
}

async fn metrics_are_plain_text_never_cached_and_read_only() {
    let app = site().await;
    let (status, headers, body) = get(&app, "/metrics").await;
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "content-type"),
        "text/plain; version=0.0.4; charset=utf-8"
    );
    assert_eq!(header(&headers, "cache-control"), "no-store");
    assert_eq!(headers.get("etag"), None);
    assert_eq!(
        header(&headers, "x-content-type-options"),
        "nosniff",
        "the security headers too"
    );
    // Every metric is introduced by its help and its type, counters ending in `_total`.
    for (name, kind) in [
        ("cir_guide_http_requests_total", "counter"),
        ("cir_guide_http_response_body_bytes_total", "counter"),
        ("cir_guide_content_reloads_total", "counter"),
        ("cir_guide_content_info", "gauge"),
        ("cir_guide_content_loaded_timestamp_seconds", "gauge"),
        ("cir_guide_statistics_views_cached", "gauge"),
    ] {
        assert_eq!(
            body.matches(&format!("# HELP {name} ")).count(),
            1,
            "{name}"
        );
        assert_eq!(
            body.matches(&format!("# TYPE {name} {kind}\n")).count(),
            1,
            "{name}"
        );
    }
    // Every line is a comment or a sample of a metric it introduced.
    let mut introduced = Vec::new();
    for line in body.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            introduced.push(rest.split(' ').next().expect("a name").to_string());
        } else if !line.starts_with("# HELP ") {
            let name = line.split(['{', ' ']).next().expect("a name");
            assert_eq!(introduced.last().map(String::as_str), Some(name), "{line}");
        }
    }
    let (status, _, _) = call(
        &app,
        TestRequest::default().method(Method::HEAD).uri("/metrics"),
    )
    .await;
    assert_eq!(status, 200);
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        let (status, headers, _) = call(
            &app,
            TestRequest::default()
                .method(method.clone())
                .uri("/metrics"),
        )
        .await;
        assert_eq!(status, 405, "{method}");
        assert_eq!(header(&headers, "allow"), "GET, HEAD", "{method}");
    }
}

async fn requests_are_counted_by_route_and_status_with_the_bytes_sent() {
    let app = site().await;
    let (_, _, before) = get(&app, "/metrics").await;
    let mut sent = 0;
    for _ in 0..3 {
        let (status, _, body) = get(&app, "/").await;
        assert_eq!(status, 200);
        sent += body.len() as u64;
    }
    let (_, _, brotli) = call(
        &app,
        TestRequest::get()
            .uri("/ja/statistics?sort=cirs&dir=desc")
            .insert_header(("accept-encoding", "br")),
    )
    .await;
    let (_, headers, _) = get(&app, "/ja/role").await;
    let etag = header(&headers, "etag").to_string();
    let (status, _, _) = call(
        &app,
        TestRequest::get()
            .uri("/ja/role")
            .insert_header(("if-none-match", etag.as_str())),
    )
    .await;
    assert_eq!(status, 304);
    let (status, _, _) = call(
        &app,
        TestRequest::default().method(Method::POST).uri("/role"),
    )
    .await;
    assert_eq!(status, 405);
    for uri in ["/nope", "/ja/nope", "/wp-login.php?x=1", "/static/nope.css"] {
        assert_eq!(get(&app, uri).await.0, 404, "{uri}");
    }
    assert_eq!(get(&app, "/static/css/site.css").await.0, 200);
    let (status, _, _) = call(&app, TestRequest::get().uri("/previews/home.png")).await;
    assert_eq!(status, 200);
    assert_eq!(get(&app, "/ja").await.0, 308);
    let (_, _, after) = get(&app, "/metrics").await;
    let more = |route: &str, status: &str| {
        requests(&after, route, status) - requests(&before, route, status)
    };
    assert_eq!(more("/", "200"), 3);
    assert_eq!(bytes(&after, "/") - bytes(&before, "/"), sent);
    assert_eq!(more("/ja/statistics", "200"), 1);
    assert_eq!(
        bytes(&after, "/ja/statistics") - bytes(&before, "/ja/statistics"),
        brotli.len() as u64,
        "compressed bodies count as sent"
    );
    assert_eq!(more("/ja/role", "200"), 1);
    assert_eq!(more("/ja/role", "304"), 1);
    assert_eq!(more("/role", "405"), 1);
    // Addresses nobody serves are one route, whatever they are; a missing static file is the
    // static files' route.
    assert_eq!(more("not_found", "404"), 3);
    assert_eq!(more("static", "404"), 1);
    assert_eq!(more("static", "200"), 1);
    assert_eq!(more("preview", "200"), 1);
    assert_eq!(more("/ja", "308"), 1);
    // The first request for /metrics is counted once it has been answered.
    assert_eq!(more("/metrics", "200"), 1);
    assert!(!after.contains("wp-login") && !after.contains("nope"));
}

async fn head_requests_are_counted_but_send_no_body_bytes() {
    let app = site().await;
    let (_, _, before) = get(&app, "/metrics").await;
    let (status, _, _) = call(
        &app,
        TestRequest::default().method(Method::HEAD).uri("/sources"),
    )
    .await;
    assert_eq!(status, 200);
    let (_, _, after) = get(&app, "/metrics").await;
    assert_eq!(
        requests(&after, "/sources", "200") - requests(&before, "/sources", "200"),
        1
    );
    assert_eq!(bytes(&after, "/sources"), bytes(&before, "/sources"));
}

async fn the_content_version_and_the_cached_views_are_reported() {
    let app = site().await;
    let (_, _, health) = get(&app, "/healthz").await;
    let health: serde_json::Value = serde_json::from_str(&health).expect("JSON");
    let version = health["version"].as_str().expect("a version");
    let loaded_at = humantime::parse_rfc3339(health["loaded_at"].as_str().expect("a time"))
        .expect("RFC 3339")
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let (_, _, before) = get(&app, "/metrics").await;
    assert_eq!(
        value(
            &before,
            &format!("cir_guide_content_info{{version=\"{version}\"}}")
        ),
        Some(1)
    );
    assert_eq!(
        value(&before, "cir_guide_content_loaded_timestamp_seconds"),
        Some(loaded_at)
    );
    assert_eq!(
        value(
            &before,
            "cir_guide_content_reloads_total{result=\"succeeded\"}"
        ),
        Some(0)
    );
    assert_eq!(
        value(
            &before,
            "cir_guide_content_reloads_total{result=\"failed\"}"
        ),
        Some(0)
    );
    let cached = |exposition: &str, lang: &str, format: &str| {
        value(
            exposition,
            &format!("cir_guide_statistics_views_cached{{lang=\"{lang}\",format=\"{format}\"}}"),
        )
    };
    // Only the default view is ready when the content is loaded.
    for lang in ["en", "ja"] {
        assert_eq!(cached(&before, lang, "html"), Some(1), "{lang}");
        assert_eq!(cached(&before, lang, "csv"), Some(0), "{lang}");
        assert_eq!(cached(&before, lang, "json"), Some(0), "{lang}");
    }
    for uri in [
        "/statistics?sort=cirs",
        "/statistics?sort=cirs",
        "/statistics?type=city",
        "/ja/statistics.csv?sort=name",
        "/statistics.json",
    ] {
        assert_eq!(get(&app, uri).await.0, 200, "{uri}");
    }
    let (_, _, after) = get(&app, "/metrics").await;
    assert_eq!(cached(&after, "en", "html"), Some(3));
    assert_eq!(cached(&after, "en", "csv"), Some(0));
    assert_eq!(cached(&after, "en", "json"), Some(1));
    assert_eq!(cached(&after, "ja", "html"), Some(1));
    assert_eq!(cached(&after, "ja", "csv"), Some(1));
    assert_eq!(cached(&after, "ja", "json"), Some(0));
}

async fn no_page_links_to_the_metrics() {
    let app = site().await;
    for lang in ["", "/ja"] {
        for page in [
            "/",
            "/role",
            "/duties",
            "/employers",
            "/applying",
            "/statistics",
            "/trends",
            "/sources",
            "/nope",
        ] {
            let uri = format!("{lang}{page}");
            let (_, _, html) = get(&app, &uri).await;
            assert!(!html.contains("/metrics"), "{uri}");
        }
    }
}

const WAIT: Duration = Duration::from_secs(5);

fn the_real_binary_counts_requests_and_good_and_failed_reloads() {
    let dir = copy_content(&common::base(), "metrics");
    let server = Server::start(&dir, &common::root().join("static"), &[]);
    let metrics = || {
        let res = server.get("/metrics");
        assert_eq!(res.status, 200);
        assert_eq!(
            res.header("content-type"),
            Some("text/plain; version=0.0.4; charset=utf-8")
        );
        res.body
    };
    let reloads = |exposition: &str, result: &str| {
        value(
            exposition,
            &format!("cir_guide_content_reloads_total{{result=\"{result}\"}}"),
        )
        .expect("a reload count")
    };
    let before = metrics();
    for _ in 0..3 {
        assert_eq!(server.get("/").status, 200);
    }
    let after = metrics();
    assert_eq!(
        requests(&after, "/", "200") - requests(&before, "/", "200"),
        3
    );
    assert_eq!(
        (reloads(&after, "succeeded"), reloads(&after, "failed")),
        (0, 0)
    );
    let version = |exposition: &str| {
        exposition
            .lines()
            .find_map(|l| l.strip_prefix("cir_guide_content_info{version=\""))
            .and_then(|rest| rest.split('"').next())
            .expect("a version")
            .to_string()
    };
    let first = version(&after);

    server.hangup();
    assert!(
        eventually(WAIT, || reloads(&metrics(), "succeeded") == 1),
        "SIGHUP is counted as a reload: {}",
        metrics()
    );
    assert_eq!(reloads(&metrics(), "failed"), 0);
    assert_eq!(
        version(&metrics()),
        first,
        "the same files, the same version"
    );

    // A broken save is refused, counted, and the old version stays live.
    let path = dir.join("statistics.toml");
    let good = std::fs::read_to_string(&path).expect("statistics.toml");
    save_by_rename(
        &path,
        &good.replacen("reported_cirs = 364", "reported_cirs = 365", 1),
    );
    assert!(
        eventually(WAIT, || reloads(&metrics(), "failed") >= 1),
        "a broken save is counted as a failed reload: {}",
        metrics()
    );
    // The watcher may or may not have seen the save as more than one change; from here on,
    // each SIGHUP adds exactly one failure.
    std::thread::sleep(Duration::from_millis(500));
    let failed = reloads(&metrics(), "failed");
    server.hangup();
    assert!(
        eventually(WAIT, || reloads(&metrics(), "failed") == failed + 1),
        "{}",
        metrics()
    );
    let now = metrics();
    assert_eq!(reloads(&now, "succeeded"), 1);
    assert_eq!(version(&now), first, "the last good version stays live");
}
