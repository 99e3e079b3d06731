//! Thin handlers: extract, look up, build the view, respond.

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::content::Site;
use crate::error::{AppError, mime_html};
use crate::stats::View;
use crate::views;

type Page = Result<HttpResponse, AppError>;

fn respond(site: &web::Data<Site>, template: &impl Template) -> Page {
    let html = template
        .render()
        .map_err(|e| AppError::Render(site.clone(), e))?;
    Ok(HttpResponse::Ok()
        .content_type(mime_html())
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(html))
}

pub async fn home(site: web::Data<Site>) -> Page {
    respond(&site, &views::home(&site))
}

pub async fn role(site: web::Data<Site>) -> Page {
    respond(&site, &views::role(&site))
}

pub async fn duties(site: web::Data<Site>) -> Page {
    respond(&site, &views::duties(&site))
}

pub async fn employers(site: web::Data<Site>) -> Page {
    respond(&site, &views::employers(&site))
}

pub async fn sources(site: web::Data<Site>) -> Page {
    respond(&site, &views::sources(&site))
}

pub async fn statistics(site: web::Data<Site>, req: HttpRequest) -> Page {
    let view = View::from_query(req.query_string());
    respond(&site, &views::statistics(&site, &view))
}

pub async fn not_found(site: web::Data<Site>) -> Page {
    Err(AppError::NotFound(site))
}

pub async fn method_not_allowed(site: web::Data<Site>) -> Page {
    Err(AppError::MethodNotAllowed(site))
}

/// A missing static file gets the same not-found page as any other address.
pub async fn static_not_found(req: ServiceRequest) -> Result<ServiceResponse, actix_web::Error> {
    let (req, _) = req.into_parts();
    let response = match req.app_data::<web::Data<Site>>() {
        Some(site) => actix_web::ResponseError::error_response(&AppError::NotFound(site.clone())),
        None => HttpResponse::NotFound().finish(),
    };
    Ok(ServiceResponse::new(req, response))
}
