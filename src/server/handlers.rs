//! Handlers: take the snapshot and respond with its prepared bytes; a statistics view and its
//! downloads are rendered on their first request and kept in the snapshot after.

use std::time::Duration;

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::future::{self, Either};
use futures_util::stream;

use crate::assets;
use crate::content::Lang;
use crate::content::pages::Page;
use crate::data::Download;
use crate::preview;
use crate::server::error::AppError;
use crate::server::live::Live;
use crate::server::metrics::{self, ContentState, Metrics};
use crate::server::stopping::Stopping;
use crate::stats::Query;

/// What is never kept by a shared cache: responses to methods the site does not accept.
/// Pages, views and downloads carry the server's [`SharedCache`] policy instead.
pub const NO_CACHE: &str = "no-cache";
/// A fingerprinted address always names the same bytes.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The `Cache-Control` of pages, views, downloads and plain static addresses, as the route
/// table was configured with (see [`SharedCache`]).
fn revalidated(req: &HttpRequest) -> HeaderValue {
    req.app_data::<web::Data<PageCache>>()
        .map_or(HeaderValue::from_static(NO_CACHE), |c| c.0.clone())
}

/// The `Cache-Control` value of revalidated responses, made once from the server's settings.
pub struct PageCache(pub HeaderValue);

/// A content page in its one form, prepared with the snapshot.
pub fn page(live: &Live, req: &HttpRequest, lang: Lang, page: Page) -> HttpResponse {
    live.snapshot()
        .edition(lang)
        .page(page)
        .respond(req, StatusCode::OK, revalidated(req))
}

pub fn statistics(live: &Live, req: &HttpRequest, lang: Lang) -> Result<HttpResponse, AppError> {
    let view = Query::from_query(req.query_string());
    let snapshot = live.snapshot();
    match snapshot.statistics(lang, &view) {
        Ok(body) => Ok(body.respond(req, StatusCode::OK, revalidated(req))),
        Err(e) => Err(AppError::Render(live.snapshot_arc(), lang, e)),
    }
}

/// A download: the statistics files for the view in the query (any other query falls back as
/// the page does), the others whatever the query.
pub fn download(live: &Live, req: &HttpRequest, lang: Lang, download: Download) -> HttpResponse {
    live.snapshot()
        .edition(lang)
        .download(download, &Query::from_query(req.query_string()))
        .respond(req, StatusCode::OK, revalidated(req))
}

/// `/ja` names the Japanese home page, whose address is `/ja/`: a permanent redirect, with
/// the query kept.
pub async fn edition_root(req: HttpRequest) -> HttpResponse {
    let query = req.query_string();
    let target = match query {
        "" => Lang::Ja.path("/"),
        q => format!("{}?{q}", Lang::Ja.path("/")),
    };
    HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, target))
        .insert_header((header::CACHE_CONTROL, IMMUTABLE_REDIRECT))
        .finish()
}

/// A permanent redirect may be kept for a day by browsers and caches.
pub const IMMUTABLE_REDIRECT: &str = "public, max-age=86400";

pub async fn not_found(live: web::Data<Live>, req: HttpRequest) -> HttpResponse {
    not_found_page(&live, &req)
}

pub async fn method_not_allowed(live: web::Data<Live>, req: HttpRequest) -> HttpResponse {
    method_not_allowed_page(&live, &req)
}

/// The not-found page of the edition the address belongs to, prepared with the snapshot and
/// compressed as the client accepts.
fn not_found_page(live: &Live, req: &HttpRequest) -> HttpResponse {
    live.snapshot()
        .edition(Lang::split(req.path()).0)
        .not_found()
        .respond(req, StatusCode::NOT_FOUND, revalidated(req))
}

/// The method-not-allowed page, with the methods that are allowed.
fn method_not_allowed_page(live: &Live, req: &HttpRequest) -> HttpResponse {
    let mut response = live
        .snapshot()
        .edition(Lang::split(req.path()).0)
        .method_not_allowed()
        .respond(
            req,
            StatusCode::METHOD_NOT_ALLOWED,
            HeaderValue::from_static(NO_CACHE),
        );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    response
}

/// A static file from memory: fingerprinted addresses may be cached forever, plain ones are
/// revalidated.
pub async fn asset(live: web::Data<Live>, req: HttpRequest) -> HttpResponse {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return method_not_allowed_page(&live, &req);
    }
    let snapshot = live.snapshot();
    match snapshot.assets.get(assets::request_path(req.path())) {
        Some(asset) => {
            let cache = if asset.immutable {
                HeaderValue::from_static(IMMUTABLE)
            } else {
                revalidated(&req)
            };
            asset.body.respond(&req, StatusCode::OK, cache)
        }
        None => not_found_page(&live, &req),
    }
}

/// A page's link preview. The fingerprinted address of the current image may be cached
/// forever; the plain address (`/previews/home.png`) always answers the current image and is
/// revalidated, as static files are; an old or unknown fingerprint is not found, as for
/// static files, since those bytes are gone.
pub async fn preview(live: web::Data<Live>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Ok(method_not_allowed_page(&live, &req));
    }
    let snapshot = live.snapshot();
    let Some(request) = preview::Request::parse(req.path()) else {
        return Ok(not_found_page(&live, &req));
    };
    let image = snapshot.edition(request.lang).preview(request.page);
    let cache = match request.fingerprint {
        Some(f) if image.is_current(f) => HeaderValue::from_static(IMMUTABLE),
        Some(_) => return Ok(not_found_page(&live, &req)),
        None => revalidated(&req),
    };
    match image.png() {
        Ok(png) => Ok(png.respond(&req, StatusCode::OK, cache)),
        Err(e) => Err(AppError::Preview(live.snapshot_arc(), request.lang, e)),
    }
}

/// A static file that is neither in memory nor on disk gets the site's not-found page.
pub async fn static_not_found(req: ServiceRequest) -> Result<ServiceResponse, actix_web::Error> {
    let (req, _) = req.into_parts();
    let response = match req.app_data::<web::Data<Live>>() {
        Some(live) => not_found_page(live, &req),
        None => HttpResponse::NotFound().finish(),
    };
    Ok(ServiceResponse::new(req, response))
}

/// The state of the content, for monitoring: which version is live, since when, and whether
/// reloads have failed. No file contents.
pub async fn healthz(live: web::Data<Live>) -> HttpResponse {
    let snapshot = live.snapshot();
    let status = live.status();
    let body = serde_json::json!({
        "version": snapshot.version(),
        "content_warnings": snapshot.edition(Lang::En).site.warnings.0.len(),
        "loaded_at": humantime::format_rfc3339_seconds(snapshot.loaded_at).to_string(),
        "last_reload_failed": status.problems.is_some(),
        "reloads": status.reloads,
        "reload_failures": status.failures,
        "last_failure_at": status
            .last_failure_at
            .map(|t| humantime::format_rfc3339_seconds(t).to_string()),
    });
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body)
}

/// `/robots.txt`, prepared with the snapshot.
pub async fn robots(live: web::Data<Live>, req: HttpRequest) -> HttpResponse {
    live.snapshot()
        .robots
        .respond(&req, StatusCode::OK, revalidated(&req))
}

/// `/sitemap.xml`, prepared with the snapshot.
pub async fn sitemap(live: web::Data<Live>, req: HttpRequest) -> HttpResponse {
    live.snapshot()
        .sitemap
        .respond(&req, StatusCode::OK, revalidated(&req))
}

/// The counters and the state of the content, for Prometheus; made on each request, never
/// cached.
pub async fn metrics(live: web::Data<Live>, metrics: web::Data<Metrics>) -> HttpResponse {
    let snapshot = live.snapshot();
    let status = live.status();
    let state = ContentState {
        version: snapshot.version(),
        loaded_at: snapshot.loaded_at,
        reloads: status.reloads,
        reload_failures: status.failures,
        cached_views: Lang::ALL
            .into_iter()
            .map(|lang| (lang, snapshot.cached_views(lang)))
            .collect(),
    };
    HttpResponse::Ok()
        .content_type(metrics::CONTENT_TYPE)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(metrics.render(&state))
}

/// Dev mode: the script that reloads the page when the content or static files change.
pub async fn dev_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(include_str!("dev-reload.js"))
}

/// Dev mode: server-sent events, one `reload` per change, and a comment every 15 s so that
/// proxies keep the connection open.
pub async fn dev_events(live: web::Data<Live>, stopping: web::Data<Stopping>) -> HttpResponse {
    let changes = live.subscribe();
    // Ends when the server begins to stop, or the stop would wait for it until its timeout;
    // the page's EventSource tries again a few seconds later.
    let stop = Box::pin(stopping.signalled());
    let events = stream::unfold((changes, stop), |(mut changes, mut stop)| async move {
        let message = {
            let change = std::pin::pin!(tokio::time::timeout(
                Duration::from_secs(15),
                changes.changed()
            ));
            match future::select(change, &mut stop).await {
                Either::Left((Ok(Ok(())), _)) => "data: reload\n\n",
                Either::Left((Err(_), _)) => ": keep-alive\n\n",
                Either::Left((Ok(Err(_)), _)) | Either::Right(_) => return None,
            }
        };
        Some((
            Ok::<_, actix_web::Error>(Bytes::from_static(message.as_bytes())),
            (changes, stop),
        ))
    });
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(events)
}
