//! The one error type at the web edge: a page that failed to render. The not-found and
//! method-not-allowed pages are not errors here: they are prepared with the snapshot and sent
//! by the handlers like any page. The server-error page is rendered when needed, in the site's
//! layout, with a plain-text fallback, since rendering is what failed.

use std::fmt;
use std::sync::Arc;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};

use crate::content::Lang;
use crate::server::live::Snapshot;
use crate::{preview, views};

pub enum AppError {
    /// A template failed to render: a bug, never the reader's fault. The language is the
    /// edition the error page is shown in.
    Render(Arc<Snapshot>, Lang, askama::Error),
    /// A link preview failed to draw: a bug too.
    Preview(Arc<Snapshot>, Lang, preview::Error),
}

impl fmt::Debug for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Render(_, _, e) => write!(f, "a page failed to render: {e}"),
            AppError::Preview(_, _, e) => write!(f, "{e}"),
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Render(..) | AppError::Preview(..) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (AppError::Render(snapshot, lang, _) | AppError::Preview(snapshot, lang, _)) = self;
        log::error!("{self}");
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CACHE_CONTROL, "no-cache"));
        let text = &snapshot.edition(*lang).site.settings.server_error;
        match views::error_page(snapshot.render_input(*lang), text) {
            Ok(html) => response.content_type("text/html; charset=utf-8").body(html),
            Err(_) => response
                .content_type("text/plain; charset=utf-8")
                .body(format!("{}\n", text.title)),
        }
    }
}
