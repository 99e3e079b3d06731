//! What search engines see: Lighthouse's SEO audits give every page in both languages a
//! score of 100, on the real binary serving the base fixture.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use common::browser::Chromium;
use common::harness::node_module;
use common::server::{Server, copy_content, free_addr};

common::harness::tests! {
    sync lighthouse_gives_every_page_in_both_languages_an_seo_score_of_100 [Chromium, Npm(LIGHTHOUSE)],
}

/// Lighthouse, from npm (`npm ci`).
const LIGHTHOUSE: &str = "lighthouse/package.json";

/// Lighthouse takes about 8 s a page here; a hung browser or page fails the test at this
/// deadline instead of stalling the run.
const LIMIT: Duration = Duration::from_secs(600);

/// The base fixture, with `base_url` set to the address the test serves it on. Lighthouse
/// compares a page's canonical and `hreflang` addresses with the address it loaded: with the
/// public address in them, its check that the canonical link does not point at another
/// language's page could never fail.
fn content_served_at(origin: &str) -> PathBuf {
    let dir = copy_content(&common::base(), "seo");
    let path = dir.join("site.toml");
    let site = std::fs::read_to_string(&path).expect("site.toml");
    let public = "base_url = \"https://cir-guide.example\"";
    assert_eq!(site.matches(public).count(), 1, "the public address");
    std::fs::write(
        &path,
        site.replace(public, &format!("base_url = \"{origin}\"")),
    )
    .expect("write");
    dir
}

fn lighthouse_gives_every_page_in_both_languages_an_seo_score_of_100() {
    let lighthouse = node_module(LIGHTHOUSE);
    let version: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(lighthouse).expect("package.json"))
            .expect("JSON");
    assert_eq!(
        version["version"], "12.8.2",
        "the version package.json pins"
    );
    let addr = free_addr();
    let origin = format!("http://{addr}");
    let server = Server::start_at(
        &addr,
        &content_served_at(&origin),
        &common::root().join("static"),
        &[],
        &[("RUST_LOG", "warn")],
        None,
    );
    assert!(
        server
            .get("/robots.txt")
            .body
            .ends_with(&format!("Sitemap: {origin}/sitemap.xml\n"))
    );
    let chromium = Chromium::start();
    let started = Instant::now();
    let out = common::run(
        Command::new("node")
            .current_dir(common::root())
            .arg("tests/lighthouse-seo.mjs")
            .arg(chromium.port.to_string())
            .args(common::EVERY_PAGE.iter().map(|p| format!("{origin}{p}"))),
        LIMIT,
    );
    eprintln!(
        "Lighthouse audited {} pages in {} s",
        common::EVERY_PAGE.len(),
        started.elapsed().as_secs()
    );
    assert!(
        out.status.success(),
        "Lighthouse failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reports: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON report a line"))
        .collect();
    let audited: Vec<String> = reports
        .iter()
        .map(|r| r["url"].as_str().unwrap_or_default().replace(&origin, ""))
        .collect();
    assert_eq!(audited, common::EVERY_PAGE, "one report per page, in order");
    let mut failures = Vec::new();
    for report in &reports {
        let page = report["url"]
            .as_str()
            .unwrap_or_default()
            .replace(&origin, "");
        let score = report["score"].as_f64();
        eprintln!("{page}: SEO {score:?}");
        if score != Some(1.0) {
            let failing: Vec<String> = report["audits"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|a| a["mode"] == "binary" && a["score"] != 1)
                .map(|a| format!("{} ({}): {}", a["id"], a["title"], a["explanation"]))
                .collect();
            failures.push(format!("{page}: {score:?}; {}", failing.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The audits that apply to every page ran and passed: a report missing one would score
    // 100 without checking it.
    for report in &reports {
        let passed: Vec<&str> = report["audits"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|a| a["score"] == 1)
            .filter_map(|a| a["id"].as_str())
            .collect();
        for id in [
            "is-crawlable",
            "document-title",
            "meta-description",
            "http-status-code",
            "link-text",
            "crawlable-anchors",
            "robots-txt",
            "hreflang",
            "canonical",
        ] {
            assert!(passed.contains(&id), "{}: {id} {passed:?}", report["url"]);
        }
    }
}

common::harness::main!(self);
