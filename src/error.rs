//! The one error type at the web edge. Error pages are rendered in the site's layout from the
//! content; if even that fails, a plain-text page is sent.

use std::fmt;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};

use crate::handlers::Context;
use crate::views;

pub enum AppError {
    NotFound(Context),
    MethodNotAllowed(Context),
    /// A template failed to render: a bug, never the reader's fault.
    Render(Context, askama::Error),
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
        let (cx, text) = match self {
            AppError::NotFound(cx) => (cx, &cx.site().not_found),
            AppError::MethodNotAllowed(cx) => (cx, &cx.site().method_not_allowed),
            AppError::Render(cx, e) => {
                log::error!("a page failed to render: {e}");
                (cx, &cx.site().server_error)
            }
        };
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CACHE_CONTROL, "no-cache"));
        if let AppError::MethodNotAllowed(_) = self {
            response.insert_header((header::ALLOW, "GET, HEAD"));
        }
        match views::error_page(cx.site(), cx.dev.as_ref(), text) {
            Ok(html) => response.content_type(mime_html()).body(html),
            Err(e) => {
                log::error!("the error page failed to render: {e}");
                response
                    .content_type("text/plain; charset=utf-8")
                    .body(format!("{}\n", text.title))
            }
        }
    }
}

pub fn mime_html() -> &'static str {
    "text/html; charset=utf-8"
}
