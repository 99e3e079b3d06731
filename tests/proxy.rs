//! Many instances, one answer: two real processes give the same bytes, and nginx running
//! `deploy/nginx.conf` in front of them caches, revalidates and fails over as it says.

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::html::{self, Content, Find};
use common::nginx::{Nginx, Reply, get, request};
use common::root;
use common::server::{Server, copy_content, save_by_rename};

common::harness::tests! {
    sync two_instances_send_the_same_bytes_and_etags_for_every_address [],
    sync the_cache_hits_revalidates_and_never_crosses_encodings [Nginx],
    sync an_edit_shows_through_the_cache_within_the_configured_time [Nginx],
    sync a_killed_instance_fails_no_request_through_the_cache [Nginx],
}

const SORTS: [&str; 6] = ["order", "name", "type", "region", "cirs", "share"];
const TYPES: [&str; 3] = ["", "prefecture", "city"];
const REGIONS: [&str; 9] = [
    "", "hokkaido", "tohoku", "kanto", "chubu", "kansai", "chugoku", "shikoku", "kyushu",
];

/// Every view of the table: each sort both ways, under each filter.
fn view_queries() -> Vec<String> {
    let mut out = Vec::new();
    for sort in SORTS {
        for dir in ["asc", "desc"] {
            for kind in TYPES {
                for region in REGIONS {
                    let mut q = format!("?sort={sort}&dir={dir}");
                    if !kind.is_empty() {
                        q.push_str(&format!("&type={kind}"));
                    }
                    if !region.is_empty() {
                        q.push_str(&format!("&region={region}"));
                    }
                    out.push(q);
                }
            }
        }
    }
    out
}

/// The addresses of assets and link previews a page names (`href`, `src`, `og:image`).
fn linked_files(html: &str, base_url: &str) -> Vec<String> {
    let page = html::parse(html);
    let mut out = Vec::new();
    for attribute in ["href", "src", "content"] {
        for element in page.all(&format!("[{attribute}]")) {
            let value = element.attribute(attribute);
            let path = value.strip_prefix(base_url).unwrap_or(value);
            if path.starts_with("/static/") || path.starts_with("/previews/") {
                out.push(path.to_string());
            }
        }
    }
    out
}

const ENCODINGS: [Option<&str>; 3] = [None, Some("gzip"), Some("br")];

fn accept(encoding: Option<&str>) -> Vec<(&str, &str)> {
    encoding
        .map(|e| ("Accept-Encoding", e))
        .into_iter()
        .collect()
}

/// Status, headers but the date, and body.
fn comparable(reply: &Reply) -> (u16, Vec<(String, String)>, &[u8]) {
    let mut headers: Vec<_> = reply
        .headers
        .iter()
        .filter(|(k, _)| k != "date")
        .cloned()
        .collect();
    headers.sort();
    (reply.status, headers, &reply.body)
}

/// Two instances started apart on the same content folder answer every page, view, download,
/// asset and preview with the same status, headers (but `Date`) and bytes, in every
/// encoding: no per-process salt or start time in a body or an ETag, so a cache in front may
/// ask either.
fn two_instances_send_the_same_bytes_and_etags_for_every_address() {
    let content = common::base();
    let first = Server::start(&content, &root().join("static"), &[]);
    // Started later, so that a start time anywhere in a response would show.
    std::thread::sleep(Duration::from_millis(1100));
    let second = Server::start(&content, &root().join("static"), &[]);

    let mut addresses: BTreeSet<String> = BTreeSet::new();
    let mut files: BTreeSet<String> = BTreeSet::new();
    for page in common::EVERY_PAGE {
        addresses.insert(page.to_string());
        let html = String::from_utf8(get(&first.addr, page, &[]).body).expect("utf-8");
        files.extend(linked_files(&html, "https://cir-guide.example"));
    }
    let queries = view_queries();
    for lang in ["", "/ja"] {
        for q in &queries {
            addresses.insert(format!("{lang}/statistics{q}"));
        }
        // The statistics downloads for a sample of views (all of them follow one code path).
        for q in queries.iter().step_by(7) {
            addresses.insert(format!("{lang}/statistics.csv{q}"));
            addresses.insert(format!("{lang}/statistics.json{q}"));
        }
        for download in ["/trends.csv", "/trends.json", "/datapackage.json"] {
            addresses.insert(format!("{lang}{download}"));
        }
        addresses.insert(format!("{lang}/nope"));
    }
    // Each page's preview, the stylesheet and scripts, by their fingerprinted addresses.
    assert_eq!(
        files.iter().filter(|f| f.starts_with("/previews/")).count(),
        16,
        "{files:#?}"
    );
    assert!(
        files.iter().any(|f| f.starts_with("/static/css/site.")),
        "{files:#?}"
    );
    addresses.extend(files.iter().cloned());
    // And their plain addresses, which are revalidated.
    addresses.insert("/static/css/site.css".to_string());
    addresses.insert("/static/js/table.js".to_string());
    addresses.insert("/previews/home.png".to_string());
    addresses.insert("/previews/ja-statistics.png".to_string());

    let mut differences = Vec::new();
    let mut compared = 0;
    for address in &addresses {
        for encoding in ENCODINGS {
            let a = get(&first.addr, address, &accept(encoding));
            let b = get(&second.addr, address, &accept(encoding));
            if comparable(&a) != comparable(&b) {
                differences.push(format!("{address} ({encoding:?})"));
            }
            if address != "/nope" && address != "/ja/nope" {
                assert_eq!(a.status, 200, "{address}");
            }
            compared += 1;
        }
    }
    assert_eq!(differences, Vec::<String>::new());
    // 648 views, 47 views' CSV and JSON in 2 languages, 6 other downloads, 16 pages,
    // 2 not-found pages, the linked files and 4 plain addresses, each in 3 encodings.
    assert_eq!(
        compared,
        3 * (648 + 188 + 6 + 16 + 2 + files.len() + 4),
        "{addresses:#?}"
    );
}

/// The two instances of a test, on one content folder, and nginx in front of them.
struct Stack {
    nginx: Nginx,
    first: Server,
    second: Server,
}

fn stack(name: &str, content: &std::path::Path, flags: &[&str]) -> Stack {
    let first = Server::start(content, &root().join("static"), flags);
    let second = Server::start(content, &root().join("static"), flags);
    let nginx = Nginx::start(name, [&first.addr, &second.addr]);
    Stack {
        nginx,
        first,
        second,
    }
}

/// The first request for an address and encoding misses, the next hit; every answer through
/// the cache is, byte for byte, what an instance sends for that encoding; a client's
/// If-None-Match gets 304 from the cache; tracking parameters do not split the cache.
fn the_cache_hits_revalidates_and_never_crosses_encodings() {
    let s = stack("hits", &common::base(), &[]);
    let via = |path: &str, headers: &[(&str, &str)]| get(&s.nginx.addr, path, headers);

    let css = {
        let home = String::from_utf8(via("/", &[]).body).expect("utf-8");
        linked_files(&home, "https://cir-guide.example")
            .into_iter()
            .find(|f| f.starts_with("/static/css/site."))
            .expect("the stylesheet")
    };
    let addresses = [
        "/role",
        "/ja/role",
        "/statistics?sort=cirs&dir=desc",
        "/ja/statistics?type=city&region=kansai",
        "/statistics.csv?sort=share&dir=desc",
        "/ja/trends.json",
        "/static/css/site.css",
        css.as_str(),
    ];
    // The spellings of Accept-Encoding clients send, in an order that would serve a brotli
    // body to a gzip-only client if the cache ever mixed them up.
    let spellings: [(&str, &str, &str); 7] = [
        ("br", "br", "MISS"),
        ("gzip", "gzip", "MISS"),
        ("", "", "MISS"),
        ("gzip, deflate, br, zstd", "br", "HIT"),
        ("br;q=0, gzip", "gzip", "HIT"),
        ("identity", "", "HIT"),
        ("gzip;q=0", "", "HIT"),
    ];
    for address in addresses {
        for (spelling, coding, status) in spellings {
            let headers: Vec<(&str, &str)> = match spelling {
                "" => vec![],
                s => vec![("Accept-Encoding", s)],
            };
            let cached = via(address, &headers);
            let direct = get(
                &s.first.addr,
                address,
                &accept((!coding.is_empty()).then_some(coding)),
            );
            let what = format!("{address} with {spelling:?}");
            assert_eq!(cached.status, 200, "{what}");
            assert_eq!(cached.header("x-cache-status"), Some(status), "{what}");
            assert_eq!(
                cached.header("content-encoding"),
                (!coding.is_empty()).then_some(coding),
                "{what}"
            );
            assert_eq!(cached.header("etag"), direct.header("etag"), "{what}");
            assert_eq!(
                cached.header("cache-control"),
                direct.header("cache-control"),
                "{what}"
            );
            assert_eq!(
                cached.header("vary"),
                Some("Accept-Encoding"),
                "{what}: browsers still learn what the response depends on"
            );
            assert!(cached.body == direct.body, "{what}: the bodies differ");
        }
    }
    assert_eq!(
        via(&css, &[]).header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(
        via("/role", &[]).header("cache-control"),
        Some(common::PAGE_CACHE)
    );

    // A browser revalidating gets 304 from the cache itself, in each encoding.
    for encoding in ENCODINGS {
        let mut headers = accept(encoding);
        let etag = via("/ja/role", &headers)
            .header("etag")
            .expect("an ETag")
            .to_string();
        headers.push(("If-None-Match", &etag));
        let revalidated = via("/ja/role", &headers);
        assert_eq!(
            (
                revalidated.status,
                revalidated.header("x-cache-status"),
                revalidated.body.len()
            ),
            (304, Some("HIT"), 0),
            "{encoding:?}"
        );
        assert_eq!(revalidated.header("etag"), Some(etag.as_str()));
    }

    // Tracking parameters are removed before the cache and the instances see the address;
    // the site's own parameters and unknown ones are kept.
    let view = via(
        "/statistics?sort=cirs&dir=desc",
        &[("Accept-Encoding", "br")],
    );
    for tracked in [
        "/statistics?utm_source=news&sort=cirs&dir=desc",
        "/statistics?sort=cirs&utm_medium=social&dir=desc&fbclid=IwAR0abc",
        "/statistics?sort=cirs&dir=desc&gclid=1&utm_campaign=x&UTM_TERM=y&msclkid=2",
    ] {
        let reply = via(tracked, &[("Accept-Encoding", "br")]);
        assert_eq!(reply.header("x-cache-status"), Some("HIT"), "{tracked}");
        assert!(reply.body == view.body, "{tracked}");
    }
    let home = via("/", &[]);
    let shared = via("/?utm_source=line&utm_medium=chat", &[]);
    assert_eq!(shared.header("x-cache-status"), Some("HIT"));
    assert!(shared.body == home.body);
    let other = via(
        "/statistics?sort=cirs&dir=desc&page=2",
        &[("Accept-Encoding", "br")],
    );
    assert_eq!(other.header("x-cache-status"), Some("MISS"));
    assert!(
        other.body == view.body,
        "an unknown parameter changes no view"
    );

    // Monitoring is never cached, and metrics are not served through the cache at all.
    for _ in 0..2 {
        let health = via("/healthz", &[]);
        assert_eq!(health.status, 200);
        assert_eq!(health.header("x-cache-status"), None);
        assert_eq!(health.header("cache-control"), Some("no-store"));
    }
    assert_eq!(via("/metrics", &[]).status, 403);
    drop(s.second);
}

/// With `--shared-max-age 2 --stale-while-revalidate 1`, an edit is visible through the cache
/// at most 3 s after the instances have reloaded it, and once visible it stays.
fn an_edit_shows_through_the_cache_within_the_configured_time() {
    let content = copy_content(&common::base(), "proxy-edit");
    let flags = ["--shared-max-age", "2", "--stale-while-revalidate", "1"];
    let s = stack("edit", &content, &flags);
    let br = [("Accept-Encoding", "br")];
    let title = |reply: &Reply| -> String {
        let mut html = String::new();
        brotli::Decompressor::new(reply.body.as_slice(), 4096)
            .read_to_string(&mut html)
            .expect("a brotli body");
        html::parse(&html).only("title").content()
    };
    let first = get(&s.nginx.addr, "/role", &br);
    assert_eq!(first.header("x-cache-status"), Some("MISS"));
    assert_eq!(title(&first), "The CIR role – CIR Guide");
    let again = get(&s.nginx.addr, "/role", &br);
    assert_eq!(again.header("x-cache-status"), Some("HIT"));

    let file = content.join("role.toml");
    let text = std::fs::read_to_string(&file).expect("role.toml");
    save_by_rename(
        &file,
        &text.replacen(
            "title = \"The CIR role\"",
            "title = \"The CIR role today\"",
            1,
        ),
    );
    // Both instances reload on their own (they watch the folder).
    let reloaded = common::server::eventually(Duration::from_secs(10), || {
        [&s.first, &s.second]
            .iter()
            .all(|i| title(&get(&i.addr, "/role", &br)) == "The CIR role today – CIR Guide")
    });
    assert!(
        reloaded,
        "the instances did not reload the edit within 10 s"
    );
    let at = Instant::now();
    // s-maxage + stale-while-revalidate, and a second for the request that refreshes it.
    let shown = common::server::eventually(Duration::from_secs(4), || {
        title(&get(&s.nginx.addr, "/role", &br)) == "The CIR role today – CIR Guide"
    });
    assert!(
        shown,
        "the edit did not show through the cache within 4 s of the reload"
    );
    eprintln!(
        "the edit showed {} ms after the reload",
        at.elapsed().as_millis()
    );
    for _ in 0..20 {
        let reply = get(&s.nginx.addr, "/role", &br);
        assert_eq!(title(&reply), "The CIR role today – CIR Guide");
        assert_eq!(
            reply.header("etag"),
            get(&s.second.addr, "/role", &br).header("etag")
        );
    }
}

/// A request's address, whether it was sent after the kill, and its response if any.
type Sent = (String, bool, Option<Reply>);

/// One instance killed (SIGKILL) while four clients send requests through the cache, half of
/// which the cache must pass on: no request fails, none is cut short.
fn a_killed_instance_fails_no_request_through_the_cache() {
    let s = stack("failover", &common::base(), &[]);
    let nginx_addr = Arc::new(s.nginx.addr.clone());
    let stop = Arc::new(AtomicBool::new(false));
    let killed = Arc::new(AtomicBool::new(false));
    let replies: Arc<Mutex<Vec<Sent>>> = Arc::default();
    let clients: Vec<_> = (0..4)
        .map(|client| {
            let (addr, stop, killed, replies) = (
                nginx_addr.clone(),
                stop.clone(),
                killed.clone(),
                replies.clone(),
            );
            std::thread::spawn(move || {
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    // An address of its own each time goes through to an instance.
                    let path = match i % 4 {
                        0 => format!("/statistics?sort=cirs&dir=desc&client={client}-{i}"),
                        1 => "/healthz".to_string(),
                        2 => "/ja/".to_string(),
                        _ => format!("/ja/statistics.csv?region=kanto&n={client}-{i}"),
                    };
                    let after_kill = killed.load(Ordering::Relaxed);
                    let reply = request(&addr, "GET", &path, &[("Accept-Encoding", "gzip")]);
                    replies
                        .lock()
                        .expect("lock")
                        .push((path, after_kill, reply));
                    i += 1;
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    let status = std::process::Command::new("kill")
        .args(["-KILL", &s.first.pid().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    killed.store(true, Ordering::Relaxed);
    std::thread::sleep(Duration::from_millis(2500));
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().expect("client");
    }
    let replies = replies.lock().expect("lock");
    let failed: Vec<_> = replies
        .iter()
        .filter(|(_, _, r)| !r.as_ref().is_some_and(|r| r.status == 200 && r.complete()))
        .map(|(path, after, r)| {
            format!(
                "{path} (after the kill: {after}): {:?}",
                r.as_ref().map(|r| r.status)
            )
        })
        .collect();
    assert_eq!(failed, Vec::<String>::new(), "{}", s.nginx.error_log());
    let passed_on_after = replies
        .iter()
        .filter(|(path, after, _)| *after && path != "/ja/")
        .count();
    assert!(
        passed_on_after >= 20,
        "only {passed_on_after} requests reached an instance after the kill"
    );
    // The killed instance is gone, and the other serves alone.
    assert!(std::net::TcpStream::connect(&s.first.addr).is_err());
    assert_eq!(get(&s.second.addr, "/", &[]).status, 200);
}

common::harness::main!(self);
