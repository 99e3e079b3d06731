//! The one route table, used by `main` and by every test.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use actix_files::Files;
use actix_web::dev::{HttpServiceFactory, Service, fn_service};
use actix_web::guard;
use actix_web::http::ConnectionType;
use actix_web::http::header::HeaderValue;
use actix_web::middleware::{Condition, DefaultHeaders, Logger, from_fn};
use actix_web::{FromRequest, Handler, HttpRequest, Resource, Responder, web};

use crate::assets;
use crate::content::Lang;
use crate::content::pages::{Page, PageKind};
use crate::data::Download;
use crate::preview;
use crate::routes::Route;
use crate::server::handlers;
use crate::server::live::Live;
use crate::server::metrics::{self, Metrics};
use crate::server::stopping::Stopping;

/// Sent with every response: pages, static files and errors alike.
///
/// `connect-src 'self'`: connections to this site only. Dev mode's pages listen to its event
/// stream; and Lighthouse reads `/robots.txt` from inside the page, under the page's policy, so
/// with no connections allowed it reports that it cannot download the file and scores the SEO
/// of every page 92 instead of 100 (Lighthouse issue 4386). Scripts may only come from this
/// site, so a script able to connect is one of ours.
pub const SECURITY_HEADERS: [(&str, &str); 6] = [
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
         connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
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

/// How long a shared cache (nginx, a CDN) may keep pages, views, downloads and plain static
/// addresses. Browsers always revalidate (`max-age=0`), cheaply by ETag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedCache {
    /// Seconds a shared cache may serve a response without asking again (`s-maxage`);
    /// 0 turns shared caching off (`no-cache`).
    pub max_age: u32,
    /// Seconds after that during which a cache may still serve it while it fetches the new
    /// version in the background (`stale-while-revalidate`).
    pub stale_while_revalidate: u32,
}

impl SharedCache {
    /// A minute fresh and a minute stale: behind a cache, an instance is asked for each
    /// address at most about once a minute, and an edit is visible everywhere within two.
    pub const DEFAULT: SharedCache = SharedCache {
        max_age: 60,
        stale_while_revalidate: 60,
    };

    /// While every instance is down, a cache may go on serving what it has for a day.
    pub const STALE_IF_ERROR: u32 = 86_400;

    /// The `Cache-Control` value.
    pub fn header(self) -> String {
        if self.max_age == 0 {
            return handlers::NO_CACHE.to_string();
        }
        let mut value = format!("public, max-age=0, s-maxage={}", self.max_age);
        if self.stale_while_revalidate > 0 {
            value.push_str(&format!(
                ", stale-while-revalidate={}",
                self.stale_while_revalidate
            ));
        }
        value.push_str(&format!(", stale-if-error={}", Self::STALE_IF_ERROR));
        value
    }
}

impl Default for SharedCache {
    fn default() -> Self {
        SharedCache::DEFAULT
    }
}

/// How the site is served.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mode {
    /// Dev mode: pages reload themselves on changes and show the content's problems.
    pub dev: bool,
    /// A log line per request. Off by default: behind a reverse proxy, the proxy keeps the
    /// access log, and formatting one here costs a tenth of a request's time.
    pub access_log: bool,
    /// What shared caches may do with pages.
    pub shared_cache: SharedCache,
}

/// Everything the route table needs.
pub struct Config {
    pub live: Arc<Live>,
    /// Shared by every worker: the counts of the whole server.
    pub metrics: Arc<Metrics>,
    pub static_dir: PathBuf,
    pub mode: Mode,
    pub stopping: Stopping,
}

/// The site's routes, with the live content and static files.
pub fn configure(config: Config) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        let Config {
            live,
            metrics,
            static_dir,
            mode,
            stopping,
        } = config;
        let headers = SECURITY_HEADERS
            .iter()
            .fold(DefaultHeaders::new(), |h, pair| h.add(*pair));
        let in_memory = live.clone();
        // Dev mode never lets a cache keep a page: an editor must see each save at once.
        let page_cache = match mode.dev {
            true => handlers::NO_CACHE.to_string(),
            false => mode.shared_cache.header(),
        };
        let page_cache = HeaderValue::from_str(&page_cache)
            .unwrap_or(HeaderValue::from_static(handlers::NO_CACHE));
        let mut scope = web::scope("")
            .app_data(web::Data::from(live))
            .app_data(web::Data::new(handlers::PageCache(page_cache)))
            .app_data(web::Data::from(metrics))
            .app_data(web::Data::new(stopping.clone()))
            // Read as the request starts: no shared counter touched per request.
            .wrap_fn(move |req, service| {
                let close = stopping.is_signalled();
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
            .wrap(from_fn(metrics::count))
            .service(page(Route::Healthz, handlers::healthz))
            .service(page(Route::Metrics, handlers::metrics))
            .service(page(Route::Robots, handlers::robots))
            .service(page(Route::Sitemap, handlers::sitemap));
        // Every page of the list in every language; the statistics page reads its view
        // from the query.
        for lang in Lang::ALL {
            for p in Page::all() {
                let route = Route::Page(lang, p);
                scope = match p.spec().kind {
                    PageKind::Statistics => scope.service(page(
                        route,
                        move |live: web::Data<Live>, req: HttpRequest| async move {
                            handlers::statistics(&live, &req, lang)
                        },
                    )),
                    _ => scope.service(page(
                        route,
                        move |live: web::Data<Live>, req: HttpRequest| async move {
                            handlers::page(&live, &req, lang, p)
                        },
                    )),
                };
            }
            for d in Download::ALL {
                scope = scope.service(page(
                    Route::Download(lang, d),
                    move |live: web::Data<Live>, req: HttpRequest| async move {
                        handlers::download(&live, &req, lang, d)
                    },
                ));
            }
        }
        scope = scope.service(page(Route::EditionRoot, handlers::edition_root));
        if mode.dev {
            scope = scope
                .service(page(Route::DevScript, handlers::dev_script))
                .service(page(Route::DevEvents, handlers::dev_events));
        }
        // One scope around everything, so that the middleware also wraps static files and
        // the not-found page.
        // Static files come from memory; a file too large to keep there, from disk. A scope
        // with a guard, not a `{path:.*}` pattern, so that no regular expression runs per
        // request.
        let assets = web::scope("/static")
            .app_data(Route::Static)
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
            .app_data(Route::Preview)
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

/// A route of one address answers GET and HEAD; any other method gets 405 with an `Allow`
/// header. It carries its [`Route`], by which the metrics count what it answers.
fn page<F, Args>(route: Route, handler: F) -> Resource
where
    F: Handler<Args> + Clone,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    web::resource(route.label())
        .app_data(route)
        .route(web::get().to(handler.clone()))
        .route(web::head().to(handler))
        .default_service(web::to(handlers::method_not_allowed))
}

/// Static files: no hidden files, no directory listings, and no symbolic links, so nothing
/// outside the folder can be reached through it. In a scope of their own, which carries their
/// [`Route`].
fn static_files(dir: PathBuf) -> impl HttpServiceFactory {
    let root = dir.clone();
    // Hidden files are let through actix-files' own check (which answers 400) and refused by
    // the filter instead, so that they get the same 404 page as any missing file.
    let files = Files::new("", dir)
        .use_hidden_files()
        .path_filter(move |path, _| !is_hidden(path) && !crosses_symlink(&root, path))
        .default_handler(fn_service(handlers::static_not_found));
    web::scope("/static").app_data(Route::Static).service(files)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_caches_keep_pages_for_the_time_set_and_browsers_revalidate() {
        assert_eq!(
            SharedCache::DEFAULT.header(),
            "public, max-age=0, s-maxage=60, stale-while-revalidate=60, stale-if-error=86400"
        );
        let short = SharedCache {
            max_age: 2,
            stale_while_revalidate: 0,
        };
        assert_eq!(
            short.header(),
            "public, max-age=0, s-maxage=2, stale-if-error=86400"
        );
        let off = SharedCache {
            max_age: 0,
            stale_while_revalidate: 30,
        };
        assert_eq!(off.header(), "no-cache");
    }
}
