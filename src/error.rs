//! The one error type at the web edge. Error pages are rendered with the snapshot, in the
//! site's layout; the server-error page has a plain-text fallback, since rendering is what
//! failed.

use std::fmt;
use std::sync::Arc;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};

use crate::live::Snapshot;
use crate::views;

pub enum AppError {
    NotFound(Arc<Snapshot>),
    MethodNotAllowed(Arc<Snapshot>),
    /// A template failed to render: a bug, never the reader's fault.
    Render(Arc<Snapshot>, askama::Error),
}

impl fmt::Debug for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::NotFound(_) => f.write_str("not found"),
            AppError::MethodNotAllowed(_) => f.write_str("method not allowed"),
            AppError::Render(_, e) => write!(f, "a page failed to render: {e}"),
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Render(..) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CACHE_CONTROL, "no-cache"));
        let body = match self {
            AppError::NotFound(snapshot) => snapshot.not_found().plain.bytes.clone(),
            AppError::MethodNotAllowed(snapshot) => {
                response.insert_header((header::ALLOW, "GET, HEAD"));
                snapshot.method_not_allowed().plain.bytes.clone()
            }
            AppError::Render(snapshot, e) => {
                log::error!("a page failed to render: {e}");
                let text = &snapshot.site.server_error;
                match views::error_page(
                    &snapshot.site,
                    &snapshot.assets,
                    snapshot.dev.as_ref(),
                    text,
                ) {
                    Ok(html) => html.into(),
                    Err(_) => {
                        return response
                            .content_type("text/plain; charset=utf-8")
                            .body(format!("{}\n", text.title));
                    }
                }
            }
        };
        response.content_type("text/html; charset=utf-8").body(body)
    }
}
