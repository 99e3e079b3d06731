//! Builds the real app, from the real route table, for HTTP tests.
#![allow(dead_code)]

pub mod browser;
pub mod fixtures;
pub mod harness;
pub mod html;
pub mod nginx;
pub mod server;

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::{App, test};

use cir_guide::app::{self, Mode};
use cir_guide::server::live::Live;
use html::{Content, Find};

/// Every page, sorted and filtered views of the table, and the not-found page.
pub const VIEWS: [&str; 11] = [
    "/",
    "/role",
    "/duties",
    "/employers",
    "/applying",
    "/statistics",
    "/statistics?sort=cirs&dir=desc",
    "/statistics?type=city&region=kansai&sort=name&dir=asc",
    "/trends",
    "/sources",
    "/nope",
];

/// The sources of the trends' figures, in the order the page first cites them.
pub const TRENDS_SOURCES: [&str; 9] = [
    "jet-history",
    "wikipedia-cir-2008",
    "travelvision-2007",
    "wikipedia-jet-2009",
    "mic-2010",
    "clair-forum-2013",
    "wikipedia-cir",
    "portal-worlds-2022",
    "zenshow-2024",
];

/// The `Cache-Control` of pages, views, downloads and plain static addresses by default:
/// browsers revalidate, shared caches keep them a minute and may serve them a minute stale.
pub const PAGE_CACHE: &str =
    "public, max-age=0, s-maxage=60, stale-while-revalidate=60, stale-if-error=86400";

/// The columns of the statistics downloads, in order.
pub const STATISTICS_COLUMNS: [&str; 9] = [
    "id",
    "order",
    "code",
    "name",
    "type",
    "region",
    "prefecture",
    "cirs",
    "share_of_all_cirs_percent",
];

/// Every page of both editions.
pub const EVERY_PAGE: [&str; 16] = [
    "/",
    "/role",
    "/duties",
    "/employers",
    "/applying",
    "/statistics",
    "/trends",
    "/sources",
    "/ja/",
    "/ja/role",
    "/ja/duties",
    "/ja/employers",
    "/ja/applying",
    "/ja/statistics",
    "/ja/trends",
    "/ja/sources",
];

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty folder of the test scratch space, `kind/name`. Each belongs to one test,
/// since the tests of a binary run side by side and two sharing a folder would trample each
/// other's files: a folder another test has taken fails the test at once.
pub fn scratch(kind: &str, name: &str) -> PathBuf {
    static TAKEN: std::sync::Mutex<Vec<(String, Option<String>)>> =
        std::sync::Mutex::new(Vec::new());
    let folder = format!("{kind}/{name}");
    // The harness runs each test in a thread named after it.
    let test = std::thread::current().name().map(String::from);
    {
        let mut taken = TAKEN.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, owner)) = taken.iter().find(|(f, _)| *f == folder) {
            assert_eq!(
                owner, &test,
                "the scratch folder {folder} is another test's: choose another name"
            );
        } else {
            taken.push((folder, test));
        }
    }
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(kind)
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// The frozen content folder the tests' literals are written against: a copy of `content/`
/// as it was on one day, changed only together with the tests that read it, so that an
/// editor's change to `content/` never breaks a test.
pub fn base() -> PathBuf {
    root().join("tests/fixtures/base")
}

/// The day the binary judges the base fixture on, as `SOURCE_DATE_EPOCH` (seconds since
/// 1970): 1 December 2026, the day after its sources were checked. Run on the clock, the
/// fixture's sources would turn a year old on 1 December 2027 and warn.
pub const FIXTURE_DAY: &str = "1796083200";

/// The site's binary, judging content on [`FIXTURE_DAY`].
pub fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cir-guide"));
    command.env("SOURCE_DATE_EPOCH", FIXTURE_DAY);
    command
}

/// The content folder editors change. Only the tests of what holds for any valid content read
/// it (`tests/suite/real_content.rs`), never a literal of its text or figures.
pub fn real_content() -> PathBuf {
    root().join("content")
}

/// The site as production builds it, from the real route table and static folder, on the
/// frozen content of [`base`].
pub async fn site() -> impl Service<
    actix_http::Request,
    Response = ServiceResponse<impl MessageBody>,
    Error = actix_web::Error,
> {
    site_with_static(root().join("static")).await
}

/// The same, on the real content of [`real_content`].
pub async fn real_site() -> impl Service<
    actix_http::Request,
    Response = ServiceResponse<impl MessageBody>,
    Error = actix_web::Error,
> {
    site_on(real_content(), root().join("static")).await
}

/// The site on the frozen content with another static folder.
pub async fn site_with_static(
    static_dir: PathBuf,
) -> impl Service<
    actix_http::Request,
    Response = ServiceResponse<impl MessageBody>,
    Error = actix_web::Error,
> {
    site_on(base(), static_dir).await
}

async fn site_on(
    content: PathBuf,
    static_dir: PathBuf,
) -> impl Service<
    actix_http::Request,
    Response = ServiceResponse<impl MessageBody>,
    Error = actix_web::Error,
> {
    let live = Live::start(&content, &static_dir, false)
        .unwrap_or_else(|e| panic!("{} is valid content: {e}", content.display()));
    app_for(Arc::new(live), static_dir, Mode::default()).await
}

/// The route table over a given live content, as production builds it.
pub async fn app_for(
    live: Arc<Live>,
    static_dir: PathBuf,
    mode: Mode,
) -> impl Service<
    actix_http::Request,
    Response = ServiceResponse<impl MessageBody>,
    Error = actix_web::Error,
> {
    test::init_service(App::new().configure(app::configure(app::Config {
        live,
        metrics: Default::default(),
        static_dir,
        mode,
        stopping: cir_guide::server::stopping::Stopping::default(),
    })))
    .await
}

/// Sends a request to the app: its status, headers and body bytes.
pub async fn call(
    app: &impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    >,
    req: test::TestRequest,
) -> (u16, actix_web::http::header::HeaderMap, Vec<u8>) {
    let res = test::call_service(app, req.to_request()).await;
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = test::read_body(res).await.to_vec();
    (status, headers, body)
}

pub async fn get(
    app: &impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    >,
    uri: &str,
) -> (u16, actix_web::http::header::HeaderMap, String) {
    let (status, headers, body) = call(app, test::TestRequest::get().uri(uri)).await;
    (
        status,
        headers,
        String::from_utf8(body).expect("UTF-8 body"),
    )
}

/// The public address of the site in the tests' content.
pub const BASE_URL: &str = "https://cir-guide.example";

/// The address of the stylesheet a page links.
pub fn stylesheet(html: &str) -> String {
    html::parse(html)
        .only("link[rel=stylesheet]")
        .attribute("href")
        .to_string()
}

/// The path of the link preview a page names in `og:image`, which is on the public address.
pub fn preview_path(html: &str) -> String {
    let page = html::parse(html);
    let url = page
        .only("meta[property=\"og:image\"]")
        .attribute("content");
    url.strip_prefix(BASE_URL)
        .unwrap_or_else(|| panic!("{url} is not on {BASE_URL}"))
        .to_string()
}

/// The ids of the body rows of the statistics table, in order.
pub fn row_ids(html: &str) -> Vec<String> {
    let page = html::parse(html);
    body_rows(&page)
        .iter()
        .map(|row| row.attribute("id").to_string())
        .collect()
}

/// The rows of the table body: the first `tbody` of the page, each row with its anchor (the
/// row that says no row matches has none).
fn body_rows(page: &scraper::Html) -> Vec<scraper::ElementRef<'_>> {
    page.first("tbody").all("tr[id]")
}

/// The text of every body row of the statistics table, cell by cell, in the order shown: the
/// number, the name (with a city's prefecture), the type, the region, the CIRs and the share.
pub fn table_rows(html: &str) -> Vec<Vec<String>> {
    let page = html::parse(html);
    body_rows(&page).into_iter().map(cells).collect()
}

/// The rows of the table as lines of text, for literal comparison: the row's anchor, then its
/// cells separated by ` | `, as in `kobe: 62 | Kobe (Hyogo) | Designated city | Kansai | 2 | 0.5`.
pub fn table_lines(html: &str) -> Vec<String> {
    row_ids(html)
        .iter()
        .zip(table_rows(html))
        .map(|(id, cells)| format!("{id}: {}", cells.join(" | ")))
        .collect()
}

/// The text of each `<td>` and `<th>` of one table row.
fn cells(row: scraper::ElementRef<'_>) -> Vec<String> {
    row.all("th, td")
        .into_iter()
        .map(Content::content)
        .collect()
}

/// The footer rows of the statistics table: the label and the figures, separated by ` | `.
pub fn foot_lines(html: &str) -> Vec<String> {
    let page = html::parse(html);
    page.first("tfoot")
        .all("tr")
        .into_iter()
        .map(|row| cells(row).join(" | "))
        .collect()
}

/// Runs a command to its end, for at most `limit`: a command that hangs is killed and the test
/// fails, instead of the whole run stalling.
pub fn run(command: &mut Command, limit: Duration) -> Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{command:?} does not start: {e}"));
    let read = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = read(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = read(child.stderr.take().map(|p| Box::new(p) as _));
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} did not finish within {} s", limit.as_secs());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

/// The tiles of the map, in reading order (north to south, west to east), as lines of text:
/// the tile's place and shade, what a screen reader reads (a link's name, or the tile's text),
/// and where its link leads, as in `row-1 col-7 bin-4 | Hokkaido: 27 CIRs | /statistics#hokkaido`.
/// A tile without a link ends in `| -`; its text is `Tokyo: not shown`.
pub fn map_tiles(html: &str) -> Vec<String> {
    let page = html::parse(html);
    page.first("ul.tiles")
        .all("li.tile")
        .into_iter()
        .map(|tile| {
            let class = tile.attribute("class");
            let class = class
                .strip_prefix("tile ")
                .unwrap_or_else(|| panic!("a tile's class: {class}"));
            // A tile is a link, or a tile's text alone.
            let link = tile
                .first_child()
                .and_then(scraper::ElementRef::wrap)
                .filter(|child| child.value().name() == "a");
            let (said, href) = match link {
                Some(a) => (a.attribute("aria-label").to_string(), a.attribute("href")),
                None => (tile.content(), "-"),
            };
            format!("{class} | {said} | {href}")
        })
        .collect()
}

/// The sum of the counts on the map's tiles: the number each tile's name says (`Hokkaido: 27
/// CIRs`, `北海道：27人`); a tile that says none (`Tokyo: not shown`) counts nothing.
pub fn map_total(html: &str) -> u32 {
    map_tiles(html)
        .iter()
        .filter_map(|tile| {
            let said = tile.split(" | ").nth(1)?;
            let digits: String = said
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(|c| c.is_ascii_digit() || *c == ',')
                .filter(char::is_ascii_digit)
                .collect();
            digits.parse::<u32>().ok()
        })
        .sum()
}

/// A response header that must be there, as text.
pub fn header<'a>(headers: &'a actix_web::http::header::HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name}"))
}

/// A CSV download read back with an independent reader: its header row and its rows.
pub fn parse_csv(body: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(body.as_bytes());
    let names = reader
        .headers()
        .expect("header row")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("a CSV record").iter().map(String::from).collect())
        .collect();
    (names, rows)
}
