//! Thin handlers: take the snapshot, build the view, respond.

use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use askama::Template;
use futures_util::stream;

use crate::app::Mode;
use crate::content::Site;
use crate::error::{AppError, mime_html};
use crate::live::{Live, Snapshot};
use crate::stats::View;
use crate::views::{self, DevPanel};

type Page = Result<HttpResponse, AppError>;

/// The snapshot for this request, and the dev panel when in dev mode.
pub struct Context {
    pub snapshot: Arc<Snapshot>,
    pub dev: Option<DevPanel>,
}

impl Context {
    pub fn new(live: &Live, mode: &Mode) -> Self {
        let snapshot = live.snapshot();
        let dev = mode.dev.then(|| DevPanel {
            problems: live.status().problems.map(|p| p.render(false)),
        });
        Context { snapshot, dev }
    }

    pub fn site(&self) -> &Site {
        &self.snapshot.site
    }

    fn respond(
        self,
        render: impl FnOnce(&Site, Option<&DevPanel>) -> Result<String, askama::Error>,
    ) -> Page {
        match render(self.site(), self.dev.as_ref()) {
            Ok(html) => Ok(HttpResponse::Ok()
                .content_type(mime_html())
                .insert_header((header::CACHE_CONTROL, "no-cache"))
                .body(html)),
            Err(e) => Err(AppError::Render(self, e)),
        }
    }
}

fn context(live: &web::Data<Live>, mode: &web::Data<Mode>) -> Context {
    Context::new(live, mode)
}

pub async fn home(live: web::Data<Live>, mode: web::Data<Mode>) -> Page {
    context(&live, &mode).respond(|site, dev| views::home(site, dev).render())
}

pub async fn role(live: web::Data<Live>, mode: web::Data<Mode>) -> Page {
    context(&live, &mode).respond(|site, dev| views::role(site, dev).render())
}

pub async fn duties(live: web::Data<Live>, mode: web::Data<Mode>) -> Page {
    context(&live, &mode).respond(|site, dev| views::duties(site, dev).render())
}

pub async fn employers(live: web::Data<Live>, mode: web::Data<Mode>) -> Page {
    context(&live, &mode).respond(|site, dev| views::employers(site, dev).render())
}

pub async fn sources(live: web::Data<Live>, mode: web::Data<Mode>) -> Page {
    context(&live, &mode).respond(|site, dev| views::sources(site, dev).render())
}

pub async fn statistics(live: web::Data<Live>, mode: web::Data<Mode>, req: HttpRequest) -> Page {
    let view = View::from_query(req.query_string());
    context(&live, &mode).respond(|site, dev| views::statistics(site, dev, &view).render())
}

pub async fn not_found(live: web::Data<Live>, mode: web::Data<Mode>) -> Page {
    Err(AppError::NotFound(context(&live, &mode)))
}

pub async fn method_not_allowed(live: web::Data<Live>, mode: web::Data<Mode>) -> Page {
    Err(AppError::MethodNotAllowed(context(&live, &mode)))
}

/// A missing static file gets the same not-found page as any other address.
pub async fn static_not_found(req: ServiceRequest) -> Result<ServiceResponse, actix_web::Error> {
    let (req, _) = req.into_parts();
    let live = req.app_data::<web::Data<Live>>();
    let mode = req.app_data::<web::Data<Mode>>();
    let response = match (live, mode) {
        (Some(live), Some(mode)) => AppError::NotFound(context(live, mode)).error_response(),
        _ => HttpResponse::NotFound().finish(),
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

/// Dev mode: the script that reloads the page when the content or static files change.
pub async fn dev_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(include_str!("dev-reload.js"))
}

/// Dev mode: server-sent events, one `reload` per change, and a comment every 15 s so that
/// proxies keep the connection open.
pub async fn dev_events(live: web::Data<Live>) -> HttpResponse {
    let changes = live.subscribe();
    let events = stream::unfold(changes, |mut changes| async move {
        let message = match tokio::time::timeout(Duration::from_secs(15), changes.changed()).await {
            Ok(Ok(())) => "data: reload\n\n",
            Ok(Err(_)) => return None,
            Err(_) => ": keep-alive\n\n",
        };
        Some((
            Ok::<_, actix_web::Error>(Bytes::from_static(message.as_bytes())),
            changes,
        ))
    });
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(events)
}
