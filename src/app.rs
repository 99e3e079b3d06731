//! The one route table, used by `main` and by every test.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use actix_files::Files;
use actix_web::dev::{HttpServiceFactory, Service, fn_service};
use actix_web::guard;
use actix_web::http::ConnectionType;
use actix_web::middleware::{Condition, DefaultHeaders, Logger};
use actix_web::{FromRequest, Handler, HttpRequest, Resource, Responder, web};

use crate::assets;
use crate::content::Lang;
use crate::content::pages::{Page, PageKind};
use crate::data::Download;
use crate::handlers;
use crate::live::Live;
use crate::preview;
use crate::stopping::Stopping;

/// Sent with every response: pages, static files and errors alike.
pub const SECURITY_HEADERS: [(&str, &str); 6] = [
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// How the site is served.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mode {
    /// Dev mode: pages reload themselves on changes and show the content's problems.
    pub dev: bool,
    /// A log line per request. Off by default: behind a reverse proxy, the proxy keeps the
    /// access log, and formatting one here costs a tenth of a request's time.
    pub access_log: bool,
}

/// Everything the route table needs.
pub struct Config {
    pub live: Arc<Live>,
    pub static_dir: PathBuf,
    pub mode: Mode,
    pub stopping: Stopping,
}

/// The Content-Security-Policy. Dev mode also lets pages open the event stream that tells
/// them to reload; production allows no connections at all.
pub fn content_security_policy(mode: Mode) -> String {
    let base = SECURITY_HEADERS[0].1;
    if mode.dev {
        format!("{base}; connect-src 'self'")
    } else {
        base.to_string()
    }
}

/// The site's routes, with the live content and static files.
pub fn configure(config: Config) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        let Config {
            live,
            static_dir,
            mode,
            stopping,
        } = config;
        let headers = SECURITY_HEADERS[1..]
            .iter()
            .fold(DefaultHeaders::new(), |h, pair| h.add(*pair))
            .add((SECURITY_HEADERS[0].0, content_security_policy(mode)));
        let in_memory = live.clone();
        let mut scope = web::scope("")
            .app_data(web::Data::from(live))
            .app_data(web::Data::new(stopping.clone()))
            // Read as the request starts: no shared counter touched per request.
            .wrap_fn(move |req, service| {
                let close = stopping.began();
                let response = service.call(req);
                async move {
                    let mut response = response.await?;
                    if close {
                        let head = response.response_mut().head_mut();
                        head.set_connection_type(ConnectionType::Close);
                    }
                    Ok(response)
                }
            })
            .wrap(headers)
            .wrap(Condition::new(
                mode.access_log,
                Logger::new("%s %r %b %Dms"),
            ))
            .service(page("/healthz", handlers::healthz));
        // Every page of the list in every language; the statistics page reads its view
        // from the query.
        for lang in Lang::ALL {
            for p in Page::all() {
                let path = lang.path(p.path());
                scope = match p.spec().kind {
                    PageKind::Statistics => scope.service(page(
                        &path,
                        move |live: web::Data<Live>, req: HttpRequest| async move {
                            handlers::statistics(&live, &req, lang)
                        },
                    )),
                    _ => scope.service(page(
                        &path,
                        move |live: web::Data<Live>, req: HttpRequest| async move {
                            handlers::page(&live, &req, lang, p)
                        },
                    )),
                };
            }
            for d in Download::ALL {
                scope = scope.service(page(
                    &lang.path(d.path()),
                    move |live: web::Data<Live>, req: HttpRequest| async move {
                        handlers::download(&live, &req, lang, d)
                    },
                ));
            }
        }
        scope = scope.service(page(Lang::Ja.prefix(), handlers::edition_root));
        if mode.dev {
            scope = scope
                .service(page("/_dev/reload.js", handlers::dev_script))
                .service(page("/_dev/events", handlers::dev_events));
        }
        // One scope around everything, so that the middleware also wraps static files and
        // the not-found page.
        // Static files come from memory; a file too large to keep there, from disk. A scope
        // with a guard, not a `{path:.*}` pattern, so that no regular expression runs per
        // request.
        let assets = web::scope("/static")
            .guard(guard::fn_guard(move |ctx| {
                in_memory
                    .snapshot()
                    .assets
                    .get(assets::request_path(ctx.head().uri.path()))
                    .is_some()
            }))
            .default_service(web::to(handlers::asset));
        // A scope, not a `{name}` pattern, for the same reason.
        let previews = web::scope(preview::PREFIX.trim_end_matches('/'))
            .default_service(web::to(handlers::preview));
        cfg.service(
            scope
                .service(previews)
                .service(assets)
                .service(static_files(static_dir))
                .default_service(web::to(handlers::not_found)),
        );
    }
}

/// A page answers GET and HEAD; any other method gets 405 with an `Allow` header.
fn page<F, Args>(path: &str, handler: F) -> Resource
where
    F: Handler<Args> + Clone,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    web::resource(path)
        .route(web::get().to(handler.clone()))
        .route(web::head().to(handler))
        .default_service(web::to(handlers::method_not_allowed))
}

/// Static files: no hidden files, no directory listings, and no symbolic links, so nothing
/// outside the folder can be reached through it.
fn static_files(dir: PathBuf) -> impl HttpServiceFactory {
    let root = dir.clone();
    // Hidden files are let through actix-files' own check (which answers 400) and refused by
    // the filter instead, so that they get the same 404 page as any missing file.
    Files::new("/static", dir)
        .use_hidden_files()
        .path_filter(move |path, _| !is_hidden(path) && !crosses_symlink(&root, path))
        .default_handler(fn_service(handlers::static_not_found))
}

fn is_hidden(relative: &Path) -> bool {
    relative
        .components()
        .any(|part| part.as_os_str().to_string_lossy().starts_with('.'))
}

fn crosses_symlink(root: &Path, relative: &Path) -> bool {
    let mut at = root.to_path_buf();
    relative.components().any(|part| {
        at.push(part);
        at.symlink_metadata()
            .map_or(true, |m| m.file_type().is_symlink())
    })
}
