//! Headless Chromium through chromedriver, against the real binary.
//!
//! Where Chromium or chromedriver is missing, the harness ([`super::harness`]) reports the
//! browser tests as ignored; when the environment variable `CI` is set, as failed.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::{Capabilities, TimeoutConfiguration, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use super::harness::{chromedriver, chromium};
use super::server::{Server, free_port, wait_listening};

/// How long one browser test may take. Each takes a few seconds to a minute here; a hung
/// browser or page fails the test at this deadline, and dropping the test's future stops its
/// server, chromedriver and Chromium.
pub const TEST_DEADLINE: Duration = Duration::from_secs(240);

/// Runs a browser test's body with [`TEST_DEADLINE`].
pub async fn deadline(test: impl std::future::Future<Output = ()>) {
    if tokio::time::timeout(TEST_DEADLINE, test).await.is_err() {
        panic!(
            "the test did not finish within {} s",
            TEST_DEADLINE.as_secs()
        );
    }
}

/// A chromedriver process, stopped on drop.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Drop for Driver {
    /// Stops chromedriver and every browser it started, even when a test failed before it
    /// could close its session: the browsers are found as chromedriver's descendants and
    /// stopped one by one, by their own process ids.
    fn drop(&mut self) {
        stop_with_descendants(&mut self.child);
    }
}

/// Stops a process and every process below it, each by its own id.
fn stop_with_descendants(child: &mut Child) {
    let descendants = descendants(child.id());
    let _ = child.kill();
    let _ = child.wait();
    for pid in descendants.into_iter().filter(|&pid| pid > 1) {
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .stderr(Stdio::null())
            .status();
    }
}

/// Every process below `root`, from `/proc`.
fn descendants(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // The fields after the command name, which is in parentheses and may hold spaces.
            let rest = &stat[stat.rfind(')')? + 2..];
            let ppid: u32 = rest.split(' ').nth(1)?.parse().ok()?;
            Some((pid, ppid))
        })
        .collect();
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(pid, _)| *pid),
        );
        i += 1;
    }
    found.remove(0);
    found
}

impl Driver {
    pub fn start() -> Driver {
        let port = free_port();
        let child = Command::new(chromedriver())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        // Owned from here on, so that a failed start stops the process too.
        let mut driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let addr = format!("127.0.0.1:{port}");
        wait_listening(&mut driver.child, &addr, "chromedriver", String::new);
        driver
    }
}

/// Headless Chromium on its own, for tools that drive it through the DevTools protocol
/// (Lighthouse): stopped on drop, with every process it started.
pub struct Chromium {
    child: Child,
    /// The DevTools port, on 127.0.0.1.
    pub port: u16,
}

impl Drop for Chromium {
    fn drop(&mut self) {
        stop_with_descendants(&mut self.child);
    }
}

impl Chromium {
    /// Starts Chromium with a fresh profile and waits, for at most 10 s, until its DevTools
    /// port answers.
    pub fn start() -> Chromium {
        let port = free_port();
        let profile = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("chromium-profiles")
            .join(format!(
                "devtools-{}-{}",
                std::process::id(),
                next_profile()
            ));
        let _ = std::fs::remove_dir_all(&profile);
        let child = Command::new(super::harness::chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--remote-debugging-port={port}"))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Chromium starts");
        let mut chromium = Chromium { child, port };
        let addr = format!("127.0.0.1:{port}");
        wait_listening(
            &mut chromium.child,
            &addr,
            "Chromium's DevTools port",
            String::new,
        );
        chromium
    }
}

/// A browser session with JavaScript on or off, at a window size.
pub async fn session(driver: &Driver, javascript: bool, width: u32, height: u32) -> Client {
    // A fresh profile for every session.
    let profile = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("chromium-profiles")
        .join(format!("{}-{}", std::process::id(), next_profile()));
    let _ = std::fs::remove_dir_all(&profile);
    let mut prefs = json!({});
    if !javascript {
        prefs = json!({ "profile.managed_default_content_settings.javascript": 2 });
    }
    let caps: Capabilities = serde_json::from_value(json!({
        "browserName": "chrome",
        "goog:loggingPrefs": { "browser": "ALL" },
        "goog:chromeOptions": {
            "binary": chromium(),
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                format!("--user-data-dir={}", profile.display()),
                format!("--window-size={width},{height}"),
            ],
            "prefs": prefs,
        }
    }))
    .expect("capabilities");
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a browser session");
    // A page or script that does not finish fails its command in seconds, not minutes.
    client
        .update_timeouts(TimeoutConfiguration::new(
            Some(Duration::from_secs(30)),
            Some(Duration::from_secs(30)),
            Some(Duration::ZERO),
        ))
        .await
        .expect("timeouts");
    // Headless Chromium opens no narrower than 500 px, whatever `--window-size` asks for: a
    // phone's width is set once the window is open, and checked.
    client
        .set_window_size(width, height)
        .await
        .expect("window size");
    let inner = js(&client, "return innerWidth").await;
    assert_eq!(inner, width, "the page is {inner} px wide, not {width}");
    client
}

fn next_profile() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A chromedriver command outside the W3C set.
#[derive(Debug)]
struct Extension {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for Extension {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/{}",
            session.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// The browser console since the last call: `(level, message)` pairs.
pub async fn console(client: &Client) -> Vec<(String, String)> {
    let value = client
        .issue_cmd(Extension {
            path: "se/log",
            body: json!({ "type": "browser" }),
        })
        .await
        .expect("browser log");
    value
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .map(|e| {
                    (
                        e["level"].as_str().unwrap_or_default().to_string(),
                        e["message"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Emulates `prefers-color-scheme` (`light` or `dark`) through the DevTools protocol.
pub async fn color_scheme(client: &Client, scheme: &str) {
    client
        .issue_cmd(Extension {
            path: "goog/cdp/execute",
            body: json!({
                "cmd": "Emulation.setEmulatedMedia",
                "params": { "features": [{ "name": "prefers-color-scheme", "value": scheme }] }
            }),
        })
        .await
        .expect("emulated colour scheme");
}

/// A PNG of the window as it is, taken through the DevTools protocol so that Chromium can
/// encode it for speed rather than size: the 44 full-page screenshots of the accessibility
/// suite took 13 s this way against 17 s through WebDriver's screenshot command.
pub async fn screenshot(client: &Client) -> Vec<u8> {
    use base64::Engine;
    let value = client
        .issue_cmd(Extension {
            path: "goog/cdp/execute",
            body: json!({
                "cmd": "Page.captureScreenshot",
                "params": { "format": "png", "optimizeForSpeed": true }
            }),
        })
        .await
        .expect("screenshot");
    let data = value["data"].as_str().expect("the screenshot's data");
    base64::engine::general_purpose::STANDARD
        .decode(data)
        .expect("base64")
}

/// Opens a path of the site under test.
pub async fn visit(client: &Client, server: &Server, path: &str) {
    client
        .goto(&format!("http://{}{path}", server.addr))
        .await
        .unwrap_or_else(|e| panic!("{path} does not load: {e}"));
}

/// Runs a script and returns its value.
pub async fn js(client: &Client, script: &str) -> Value {
    client
        .execute(script, Vec::new())
        .await
        .expect("script runs")
}

/// The table's body rows as the browser shows them, in order: each row's anchor and the text
/// of its cells, in the form of [`super::table_lines`].
pub async fn shown_rows(client: &Client) -> Vec<String> {
    let value = js(
        client,
        "return Array.from(document.querySelectorAll('#stats tbody tr[id]'), \
         r => r.id + ': ' + Array.from(r.cells, c => c.textContent).join(' | '))",
    )
    .await;
    serde_json::from_value(value).expect("rows")
}

/// The rows the server sends for the same address, in the same form.
pub fn server_rows(server: &Server, path_and_query: &str) -> Vec<String> {
    super::table_lines(&server.get(path_and_query).body)
}

/// The path and query the browser shows.
pub async fn address(client: &Client) -> String {
    let url = client.current_url().await.expect("url");
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

/// The address once it satisfies `ready`, after a click that navigates: the click may return
/// before the new page has loaded. Fails after 10 s.
pub async fn address_when(client: &Client, ready: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = address(client).await;
        if ready(&now) {
            return now;
        }
        assert!(
            Instant::now() < deadline,
            "the address stayed {now} for 10 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The sort key and direction `aria-sort` announces, on every heading that has one.
pub async fn aria_sorted(client: &Client) -> Vec<String> {
    let value = js(
        client,
        "return Array.from(document.querySelectorAll('#stats thead th[aria-sort]'))\
         .map(t => t.dataset.key + ':' + t.getAttribute('aria-sort'))",
    )
    .await;
    serde_json::from_value(value).expect("headings")
}

/// Clicks an element as a person would, with the mouse, after bringing it into view at once
/// (the stylesheet scrolls smoothly, which would move the element under the pointer).
///
/// A page opened at an anchor may still be scrolling smoothly to it, which would carry the
/// element away again: it is brought into view until it stays put in view for 50 ms, for at
/// most 5 s.
pub async fn click(client: &Client, css: &str) {
    let element = client.find(Locator::Css(css)).await.expect("element");
    // Synchronous scripts only: they run in sessions with the page's JavaScript turned off.
    let top = async |scroll: bool| {
        let script = if scroll {
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'}); \
             const r = arguments[0].getBoundingClientRect(); \
             return r.top >= 0 && r.top < window.innerHeight ? r.top : null;"
        } else {
            "const r = arguments[0].getBoundingClientRect(); \
             return r.top >= 0 && r.top < window.innerHeight ? r.top : null;"
        };
        client
            .execute(
                script,
                vec![serde_json::to_value(&element).expect("element")],
            )
            .await
            .expect("scrolls")
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let before = top(true).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        if before != Value::Null && top(false).await == before {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{css} did not stay in view within 5 s"
        );
    }
    element.click().await.expect("clicks");
}

/// Clicks a heading's sort control.
pub async fn click_heading(client: &Client, key: &str) {
    click(client, &format!("th[data-key=\"{key}\"] a.sort")).await;
}

pub fn screenshot_dir() -> std::path::PathBuf {
    let dir = super::root().join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

/// The map's tiles as the browser shows them, in the form of [`super::map_tiles`]: each
/// tile's place and shade, its text as read, and where its link leads.
pub async fn shown_map(client: &Client) -> Vec<String> {
    let value = js(
        client,
        "return Array.from(document.querySelectorAll('.tiles li'), li => {
           const a = li.querySelector('a');
           return li.className.replace(/^tile /, '') + ' | ' +
             (a ? a.getAttribute('aria-label') : li.textContent) + ' | ' +
             (a ? a.getAttribute('href') : '-');
         })",
    )
    .await;
    serde_json::from_value(value).expect("tiles")
}

/// The tiles the server sends for the same address, in the same form.
pub fn server_map(server: &Server, path_and_query: &str) -> Vec<String> {
    super::map_tiles(&server.get(path_and_query).body)
}

/// Chromium's accessibility tree of the page, as screen readers get it: every node that is
/// not ignored, as `(role, name, ids of its children)`, keyed by node id.
pub async fn accessibility_tree(
    client: &Client,
) -> std::collections::HashMap<String, (String, String, Vec<String>)> {
    let value = client
        .issue_cmd(Extension {
            path: "goog/cdp/execute",
            body: json!({ "cmd": "Accessibility.getFullAXTree", "params": {} }),
        })
        .await
        .expect("accessibility tree");
    let nodes = value["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("no nodes in {value}"));
    nodes
        .iter()
        .map(|n| {
            let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
            (
                text(&n["nodeId"]),
                (
                    text(&n["role"]["value"]),
                    text(&n["name"]["value"]),
                    n["childIds"]
                        .as_array()
                        .map(|c| c.iter().map(text).collect())
                        .unwrap_or_default(),
                ),
            )
        })
        .collect()
}

/// The Japanese twin of an English address: `/` is `/ja/`, `/statistics?sort=cirs&dir=desc`
/// is `/ja/statistics?sort=cirs&dir=desc`; queries and anchors are the same in both languages.
pub fn japanese(path: &str) -> String {
    match path {
        "/" => "/ja/".to_string(),
        _ => format!("/ja{path}"),
    }
}

/// Every address of `paths`, then the Japanese twin of each, in the same order.
pub fn in_both_languages(paths: &[&str]) -> Vec<String> {
    paths
        .iter()
        .map(|path| path.to_string())
        .chain(paths.iter().map(|path| japanese(path)))
        .collect()
}

/// The fragment of the address the browser shows, without its `#`.
pub async fn fragment(client: &Client) -> Option<String> {
    let url = client.current_url().await.expect("url");
    url.fragment().map(str::to_string)
}
