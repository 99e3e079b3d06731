//! Builds the real app, from the real route table, for HTTP tests.
#![allow(dead_code)]

pub mod browser;
pub mod server;

use std::path::PathBuf;
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::{App, test};

use cir_guide::app::{self, Mode};
use cir_guide::live::Live;

/// Every page, sorted and filtered views of the table, and the not-found page.
pub const VIEWS: [&str; 9] = [
    "/",
    "/role",
    "/duties",
    "/employers",
    "/statistics",
    "/statistics?sort=cirs&dir=desc",
    "/statistics?type=city&region=kansai&sort=name&dir=asc",
    "/sources",
    "/nope",
];

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The site as production serves it: the real content and static folders.
pub async fn site() -> impl Service<
    actix_http::Request,
    Response = ServiceResponse<impl MessageBody>,
    Error = actix_web::Error,
> {
    site_with_static(root().join("static")).await
}

pub async fn site_with_static(
    static_dir: PathBuf,
) -> impl Service<
    actix_http::Request,
    Response = ServiceResponse<impl MessageBody>,
    Error = actix_web::Error,
> {
    let live = Live::start(&root().join("content"), &static_dir, false)
        .expect("the real content is valid");
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
        static_dir,
        mode,
    })))
    .await
}

pub async fn get(
    app: &impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    >,
    uri: &str,
) -> (u16, actix_web::http::header::HeaderMap, String) {
    let res = test::call_service(app, test::TestRequest::get().uri(uri).to_request()).await;
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = test::read_body(res).await;
    (
        status,
        headers,
        String::from_utf8(body.to_vec()).expect("UTF-8 body"),
    )
}

/// The text of the first element matching a tag's opening, such as `<h1>`.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in page"))
        + start.len();
    let to = html[from..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end} after {start}"))
        + from;
    &html[from..to]
}

/// The ids of the body rows of the statistics table, in order.
pub fn row_ids(html: &str) -> Vec<String> {
    let body = between(html, "<tbody>", "</tbody>");
    body.split("<tr id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').expect("id ends")].to_string())
        .collect()
}

/// The CIR count of a row: the text of its fifth cell (number, name, type, region, CIRs).
pub fn row_cirs(html: &str, id: &str) -> u32 {
    let start = format!("<tr id=\"{id}\">");
    let row = between(html, &start, "</tr>");
    let cells: Vec<&str> = row
        .split("<td>")
        .skip(1)
        .map(|c| c.split('<').next().unwrap_or(c))
        .collect();
    assert_eq!(cells.len(), 5, "row {id}: {row}");
    cells[3].parse().expect("a number")
}
