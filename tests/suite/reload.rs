//! Live reload through the real binary: saves by rename, broken saves, scratch files, SIGHUP,
//! dev mode, and content swapped under concurrent load.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::server::{Server, copy_content, eventually, save_by_rename, scratch_static};

common::harness::tests! {
    sync a_save_by_rename_is_picked_up [],
    sync a_broken_save_keeps_the_old_content_until_a_good_save [],
    sync editors_scratch_files_cause_no_reload [],
    sync sighup_forces_a_reload [],
    sync healthz_reports_the_version_without_caching [],
    sync healthz_counts_the_warnings_of_the_live_content [],
    sync dev_mode_shows_problems_and_reloads_the_page [],
    sync production_never_shows_problems_or_the_dev_script [],
    sync concurrent_requests_during_swaps_each_see_one_whole_valid_version [],
    sync a_changed_static_file_is_picked_up_and_its_scratch_files_are_not [],
}

const WAIT: Duration = Duration::from_secs(5);

fn static_dir() -> PathBuf {
    common::root().join("static")
}

fn live_content(name: &str) -> PathBuf {
    copy_content(&common::base(), name)
}

fn health(server: &Server) -> serde_json::Value {
    let res = server.get("/healthz");
    serde_json::from_str(&res.body).expect("JSON health")
}

fn retitle(dir: &Path, from: &str, to: &str) {
    let path = dir.join("role.toml");
    let text = std::fs::read_to_string(&path).expect("role.toml");
    assert!(text.contains(from));
    save_by_rename(&path, &text.replacen(from, to, 1));
}

fn break_statistics(dir: &Path) -> String {
    let path = dir.join("statistics.toml");
    let good = std::fs::read_to_string(&path).expect("statistics.toml");
    save_by_rename(
        &path,
        &good.replacen("reported_cirs = 364", "reported_cirs = 365", 1),
    );
    good
}

fn a_save_by_rename_is_picked_up() {
    let dir = live_content("rename");
    let server = Server::start(&dir, &static_dir(), &[]);
    assert!(server.get("/role").body.contains("<h1>The CIR role</h1>"));
    retitle(
        &dir,
        "title = \"The CIR role\"",
        "title = \"The CIR role, revised\"",
    );
    assert!(
        eventually(WAIT, || server
            .get("/role")
            .body
            .contains("<h1>The CIR role, revised</h1>")),
        "the change never showed"
    );
    assert_eq!(health(&server)["reloads"], 1);
}

fn a_broken_save_keeps_the_old_content_until_a_good_save() {
    let dir = live_content("broken-save");
    let server = Server::start(&dir, &static_dir(), &[]);
    let before = server.get("/statistics").body;
    let version = health(&server)["version"].clone();

    let good = break_statistics(&dir);
    assert!(eventually(WAIT, || health(&server)["last_reload_failed"] == true));
    let h = health(&server);
    assert_eq!(h["reload_failures"], 1);
    assert!(h["last_failure_at"].is_string());
    assert_eq!(h["version"], version, "the old version still serves");
    assert_eq!(server.get("/statistics").body, before);

    save_by_rename(
        &dir.join("statistics.toml"),
        &good.replacen("CIRs per prefecture", "CIRs in each prefecture", 1),
    );
    assert!(eventually(WAIT, || health(&server)["last_reload_failed"] == false));
    assert_ne!(health(&server)["version"], version);
    assert!(
        server
            .get("/statistics")
            .body
            .contains("CIRs in each prefecture")
    );
    assert_eq!(
        health(&server)["reload_failures"],
        1,
        "the count of failures stays"
    );
}

fn editors_scratch_files_cause_no_reload() {
    let dir = live_content("scratch");
    let server = Server::start(&dir, &static_dir(), &[]);
    for name in [
        ".role.toml.swp",
        "role.toml~",
        "4913",
        "#role.toml#",
        "role.toml.tmp",
        ".#role.toml",
    ] {
        std::fs::write(dir.join(name), "not = [valid").expect("scratch file");
    }
    std::thread::sleep(Duration::from_millis(600));
    let h = health(&server);
    assert_eq!(
        (h["reloads"].clone(), h["reload_failures"].clone()),
        (0.into(), 0.into())
    );
    // The watcher is alive: a real save is seen.
    retitle(&dir, "title = \"The CIR role\"", "title = \"Role\"");
    assert!(eventually(WAIT, || health(&server)["reloads"] == 1));
}

fn sighup_forces_a_reload() {
    let dir = live_content("sighup");
    let server = Server::start(&dir, &static_dir(), &[]);
    server.hangup();
    assert!(eventually(WAIT, || health(&server)["reloads"] == 1));
    server.hangup();
    assert!(eventually(WAIT, || health(&server)["reloads"] == 2));
}

fn healthz_reports_the_version_without_caching() {
    let server = Server::start(&common::base(), &static_dir(), &[]);
    let res = server.get("/healthz");
    assert_eq!(res.status, 200);
    assert_eq!(res.header("cache-control"), Some("no-store"));
    assert_eq!(res.header("content-type"), Some("application/json"));
    let h: serde_json::Value = serde_json::from_str(&res.body).expect("JSON");
    assert_eq!(h["version"].as_str().map(str::len), Some(16));
    assert!(h["loaded_at"].as_str().is_some_and(|t| t.ends_with('Z')));
    assert_eq!(h["last_reload_failed"], false);
    assert_eq!(h["reload_failures"], 0);
    assert!(h["last_failure_at"].is_null());
    assert!(h["content_warnings"].is_u64(), "{h}");
}

fn healthz_counts_the_warnings_of_the_live_content() {
    let dir = live_content("stale-sources");
    let path = dir.join("sources.toml");
    let text = std::fs::read_to_string(&path).expect("sources.toml");
    let checked = text.matches("accessed = 2026-11-30").count();
    assert_eq!(
        checked, 26,
        "the sources of the base fixture checked that day"
    );
    std::fs::write(
        &path,
        text.replace("accessed = 2026-11-30", "accessed = 2020-01-01"),
    )
    .expect("write");
    let log = dir.with_extension("log");
    let server = Server::start_logging(&dir, &static_dir(), &[], Some(&log));
    assert_eq!(health(&server)["content_warnings"], 26);
    // Stale sources warn; the pages are served all the same.
    assert_eq!(server.get("/sources").status, 200);
    let logged = std::fs::read_to_string(&log).expect("log");
    assert!(
        logged.contains("the content goes live with warnings:\n    warning: "),
        "{logged}"
    );
    assert_eq!(
        logged.matches("more than 12 months ago").count(),
        26,
        "{logged}"
    );

    // Content without warnings logs none.
    let fresh = live_content("fresh-sources");
    let log = fresh.with_extension("log");
    let server = Server::start_logging(&fresh, &static_dir(), &[], Some(&log));
    assert_eq!(health(&server)["content_warnings"], 0);
    let logged = std::fs::read_to_string(&log).expect("log");
    assert!(!logged.contains("warning"), "{logged}");
}

fn dev_mode_shows_problems_and_reloads_the_page() {
    let dir = live_content("dev");
    let server = Server::start(&dir, &static_dir(), &["--dev"]);
    let page = server.get("/role");
    assert!(
        page.body
            .contains("<script src=\"/_dev/reload.js\" defer></script>")
    );
    // The event stream is on the site itself, which the policy lets pages connect to.
    assert!(
        page.header("content-security-policy")
            .is_some_and(|c| c.contains("; connect-src 'self'; "))
    );
    assert!(server.get("/_dev/reload.js").body.contains("EventSource"));
    // An editor sees each save at once: no shared cache may keep a page in dev mode.
    assert_eq!(page.header("cache-control"), Some("no-cache"));
    assert_eq!(
        server.get("/_dev/reload.js").header("cache-control"),
        Some("no-store")
    );

    // Listen to the event stream, then break the content.
    let mut events = TcpStream::connect(&server.addr).expect("connects");
    events
        .write_all(b"GET /_dev/events HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("sends");
    events.set_read_timeout(Some(WAIT)).expect("timeout");
    let mut reader = BufReader::new(events);
    let mut line = String::new();
    let mut head = Vec::new();
    while line != "\r\n" {
        line.clear();
        // At the end of the stream read_line reads nothing, again and again: fail, not loop.
        let read = reader.read_line(&mut line).expect("headers");
        assert!(read > 0, "the event stream closed before its headers ended");
        head.push(line.trim_end().to_ascii_lowercase());
    }
    // No cache, shared or not, may hold the stream.
    assert!(
        head.contains(&"cache-control: no-store".to_string()),
        "{head:?}"
    );
    let good = break_statistics(&dir);
    let mut saw_reload = false;
    for _ in 0..20 {
        line.clear();
        if reader.read_line(&mut line).is_err() {
            break;
        }
        if line.contains("data: reload") {
            saw_reload = true;
            break;
        }
    }
    assert!(saw_reload, "no reload event after a change");

    assert!(eventually(WAIT, || server
        .get("/role")
        .body
        .contains("class=\"dev-panel\"")));
    let page = server.get("/duties").body;
    assert!(
        page.contains("error: the rows add up to 364 CIRs but `reported_cirs` is 365"),
        "{page}"
    );
    assert!(
        page.contains("reported_cirs = 365"),
        "the offending line is shown"
    );

    save_by_rename(&dir.join("statistics.toml"), &good);
    assert!(eventually(WAIT, || !server
        .get("/role")
        .body
        .contains("class=\"dev-panel\"")));
}

fn production_never_shows_problems_or_the_dev_script() {
    let dir = live_content("production");
    let server = Server::start(&dir, &static_dir(), &[]);
    break_statistics(&dir);
    assert!(eventually(WAIT, || health(&server)["last_reload_failed"] == true));
    let page = server.get("/role").body;
    assert!(!page.contains("dev-panel") && !page.contains("_dev"));
    assert_eq!(server.get("/_dev/events").status, 404);
    assert_eq!(server.get("/_dev/reload.js").status, 404);
}

/// Thousands of requests from several threads while the content is swapped 45 times (15 of
/// each kind) between two valid versions and an invalid one: every response is whole, and is exactly one
/// of the two valid versions.
fn concurrent_requests_during_swaps_each_see_one_whole_valid_version() {
    let dir = live_content("swaps");
    let server = Arc::new(Server::start(&dir, &static_dir(), &[]));
    let role = dir.join("role.toml");
    let version_a = std::fs::read_to_string(&role).expect("role.toml");
    let version_b = version_a.replacen(
        "title = \"The CIR role\"",
        "title = \"The CIR role (B)\"",
        1,
    );
    let statistics = std::fs::read_to_string(dir.join("statistics.toml")).expect("statistics");
    let invalid = statistics.replacen("reported_cirs = 364", "reported_cirs = -1", 1);

    let body_a = server.get("/role").body;
    save_by_rename(&role, &version_b);
    assert!(eventually(WAIT, || server
        .get("/role")
        .body
        .contains("(B)")));
    let body_b = server.get("/role").body;
    assert_ne!(body_a, body_b);

    // Set when the test ends, whether it passes or fails, so that the clients stop and the
    // server they share is stopped too.
    let done = Arc::new(AtomicBool::new(false));
    let _stop = StopOnDrop(done.clone());
    let seen = Arc::new(Mutex::new((0usize, 0usize, Vec::<String>::new())));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let (server, done, seen) = (server.clone(), done.clone(), seen.clone());
            let (a, b) = (body_a.clone(), body_b.clone());
            std::thread::spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    let res = server.get("/role");
                    let mut seen = seen.lock().expect("lock");
                    if res.status == 200 && res.complete && res.body == a {
                        seen.0 += 1;
                    } else if res.status == 200 && res.complete && res.body == b {
                        seen.1 += 1;
                    } else {
                        seen.2.push(format!(
                            "{} complete={} {}",
                            res.status,
                            res.complete,
                            &res.body[..res.body.len().min(200)]
                        ));
                    }
                }
            })
        })
        .collect();

    for i in 0..45 {
        match i % 3 {
            0 => save_by_rename(&role, &version_a),
            1 => save_by_rename(&dir.join("statistics.toml"), &invalid),
            _ => {
                save_by_rename(&dir.join("statistics.toml"), &statistics);
                save_by_rename(&role, &version_b);
            }
        }
        // Each version goes live (or is refused) before the next save.
        let attempts = |h: serde_json::Value| {
            h["reloads"].as_u64().unwrap_or(0) + h["reload_failures"].as_u64().unwrap_or(0)
        };
        let before = attempts(health(&server));
        server.hangup();
        assert!(
            eventually(WAIT, || attempts(health(&server)) > before),
            "reload {i} never ran"
        );
    }
    std::thread::sleep(Duration::from_millis(300));
    done.store(true, Ordering::Relaxed);
    for c in clients {
        c.join().expect("client thread");
    }
    let (a, b, bad) = &*seen.lock().expect("lock");
    eprintln!(
        "{} responses of version A, {b} of version B, {} bad",
        a,
        bad.len()
    );
    assert!(
        bad.is_empty(),
        "{} bad responses, first: {:?}",
        bad.len(),
        bad.first()
    );
    assert!(a + b >= 1000, "only {} responses", a + b);
    assert!(*a > 0 && *b > 0, "both versions were served: {a} and {b}");
    let h = health(&server);
    assert!(
        h["reload_failures"].as_u64().is_some_and(|n| n > 0),
        "the invalid version was tried"
    );
}

/// Sets its flag when dropped, even while a failed assertion unwinds.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// The address the home page gives the stylesheet.
fn stylesheet(server: &Server) -> String {
    common::stylesheet(&server.get("/").body)
}

fn a_changed_static_file_is_picked_up_and_its_scratch_files_are_not() {
    let dir = live_content("static-edits");
    let statics = scratch_static("static-edits");
    let server = Server::start(&dir, &statics, &[]);
    let before = stylesheet(&server);
    for name in ["css/.site.css.swp", "css/site.css~", "js/table.js.tmp"] {
        std::fs::write(statics.join(name), "scratch").expect("scratch file");
    }
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(
        health(&server)["reloads"],
        0,
        "scratch files cause no reload"
    );
    let sheet = statics.join("css/site.css");
    let text = std::fs::read_to_string(&sheet).expect("site.css");
    save_by_rename(&sheet, &format!("{text}\n.new-rule{{color:red}}\n"));
    assert!(eventually(WAIT, || health(&server)["reloads"] == 1));
    let after = stylesheet(&server);
    assert_ne!(after, before, "a new fingerprint for new bytes");
    assert!(server.get(&after).body.ends_with(".new-rule{color:red}"));
}
