//! Counters for `/metrics`, in the Prometheus text format (version 0.0.4), written by hand:
//! a handful of counters and gauges do not need a metrics framework.
//!
//! A request costs two relaxed atomic additions, on counters set aside when the server starts
//! for every route and status it can count: no lock and no allocation. The route is not
//! matched again: each route of the table carries its [`Route`] as app data.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web;

use crate::content::Lang;
use crate::routes::Route;

/// The statuses counted one by one: every status the site sends, and those actix-files sends
/// for files on disk (206, 400, 412, 416). Any other is counted as `other`.
const STATUSES: [u16; 10] = [200, 206, 304, 308, 400, 404, 405, 412, 416, 500];
const SLOTS: usize = STATUSES.len() + 1;

/// The content type Prometheus expects of the text format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// What the server has answered since it started.
pub struct Metrics {
    /// Per route, then per status slot.
    requests: Box<[AtomicU64]>,
    /// Per route: the bytes of the bodies sent.
    body_bytes: Box<[AtomicU64]>,
}

impl Default for Metrics {
    fn default() -> Self {
        let zeros = |n| (0..n).map(|_| AtomicU64::new(0)).collect();
        Metrics {
            requests: zeros(Route::COUNT * SLOTS),
            body_bytes: zeros(Route::COUNT),
        }
    }
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

fn slot(status: StatusCode) -> usize {
    let code = status.as_u16();
    STATUSES
        .iter()
        .position(|&s| s == code)
        .unwrap_or(STATUSES.len())
}

/// What `/metrics` reports of the live content, gathered by the caller.
#[derive(Debug, Clone)]
pub struct ContentState<'a> {
    pub version: &'a str,
    pub loaded_at: SystemTime,
    pub reloads: u64,
    pub reload_failures: u64,
    /// Per edition: the statistics views cached as pages, CSV and JSON.
    pub cached_views: Vec<(Lang, [usize; 3])>,
}

/// The forms a statistics view is cached in, in the order of [`ContentState::cached_views`].
pub const VIEW_FORMATS: [&str; 3] = ["html", "csv", "json"];

impl Metrics {
    /// Counts one response of `route`.
    pub fn record(&self, route: Route, status: StatusCode, body_bytes: u64) {
        let at = route.index();
        if let Some(counter) = self.requests.get(at * SLOTS + slot(status)) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        if body_bytes > 0
            && let Some(counter) = self.body_bytes.get(at)
        {
            counter.fetch_add(body_bytes, Ordering::Relaxed);
        }
    }

    /// The whole exposition. Request series appear once a route has answered a request with
    /// that status; the content's series are always there.
    pub fn render(&self, content: &ContentState<'_>) -> String {
        let mut out = String::with_capacity(4096);
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
        head(
            &mut out,
            "cir_guide_http_requests_total",
            "counter",
            "Requests answered, by route and status.",
        );
        for route in Route::all() {
            let label = escape(&route.label());
            for (i, counter) in self.requests[route.index() * SLOTS..][..SLOTS]
                .iter()
                .enumerate()
            {
                let n = load(counter);
                if n > 0 {
                    let status = STATUSES.get(i).map_or("other".to_string(), u16::to_string);
                    let _ = writeln!(
                        out,
                        "cir_guide_http_requests_total{{route=\"{label}\",status=\"{status}\"}} {n}"
                    );
                }
            }
        }
        head(
            &mut out,
            "cir_guide_http_response_body_bytes_total",
            "counter",
            "Bytes of response bodies sent, as sent (compressed where they were), by route; \
             HEAD and 304 responses send none, and a stream of unknown length is not counted.",
        );
        for route in Route::all() {
            let requests: u64 = self.requests[route.index() * SLOTS..][..SLOTS]
                .iter()
                .map(load)
                .sum();
            if requests > 0 {
                let _ = writeln!(
                    out,
                    "cir_guide_http_response_body_bytes_total{{route=\"{}\"}} {}",
                    escape(&route.label()),
                    load(&self.body_bytes[route.index()])
                );
            }
        }
        head(
            &mut out,
            "cir_guide_content_reloads_total",
            "counter",
            "Reloads of the content since the server started, by result; a failed reload \
             keeps the last good content live.",
        );
        let _ = writeln!(
            out,
            "cir_guide_content_reloads_total{{result=\"succeeded\"}} {}",
            content.reloads
        );
        let _ = writeln!(
            out,
            "cir_guide_content_reloads_total{{result=\"failed\"}} {}",
            content.reload_failures
        );
        head(
            &mut out,
            "cir_guide_content_info",
            "gauge",
            "The content version live now (a hash of the content files), as a label; always 1.",
        );
        let _ = writeln!(
            out,
            "cir_guide_content_info{{version=\"{}\"}} 1",
            escape(content.version)
        );
        head(
            &mut out,
            "cir_guide_content_loaded_timestamp_seconds",
            "gauge",
            "When the content live now was loaded, in seconds since the Unix epoch.",
        );
        let loaded = content
            .loaded_at
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let _ = writeln!(out, "cir_guide_content_loaded_timestamp_seconds {loaded}");
        head(
            &mut out,
            "cir_guide_statistics_views_cached",
            "gauge",
            "Sorted and filtered views of the statistics table kept ready in memory for the \
             live content, by edition and format (the default view is always ready).",
        );
        for (lang, counts) in &content.cached_views {
            for (format, n) in VIEW_FORMATS.iter().zip(counts) {
                let _ = writeln!(
                    out,
                    "cir_guide_statistics_views_cached{{lang=\"{}\",format=\"{format}\"}} {n}",
                    lang.tag()
                );
            }
        }
        out
    }
}

fn head(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// A label value as the text format wants it: backslash, double quote and line feed escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The middleware: counts every response by the route that answered it (each route carries
/// its [`Route`] as app data; what no route answered is [`Route::NotFound`]).
///
/// Only responses are counted. No service in the route table fails with an error instead of
/// a response (actix turns a handler's error into its error page before it leaves the
/// route), and an error would arrive without the request it belongs to: the request cannot
/// be kept to find out, since routing needs it unshared.
pub async fn count(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let res = next.call(req).await?;
    let http = res.request();
    if let Some(metrics) = http.app_data::<web::Data<Metrics>>() {
        let route = http.app_data::<Route>().copied().unwrap_or(Route::NotFound);
        let sent = match res.response().body().size() {
            BodySize::Sized(n) if http.method() != Method::HEAD => n,
            _ => 0,
        };
        metrics.record(route, res.status(), sent);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::pages::Page;

    fn state() -> ContentState<'static> {
        ContentState {
            version: "abc\"1",
            loaded_at: SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_795_996_800),
            reloads: 2,
            reload_failures: 1,
            cached_views: vec![(Lang::En, [3, 1, 0]), (Lang::Ja, [1, 0, 2])],
        }
    }

    #[test]
    fn the_exposition_counts_by_route_and_status() {
        let metrics = Metrics::default();
        let role = Route::Page(Lang::Ja, Page::all().nth(1).expect("a second page"));
        metrics.record(role, StatusCode::OK, 100);
        metrics.record(role, StatusCode::OK, 50);
        metrics.record(role, StatusCode::NOT_MODIFIED, 0);
        metrics.record(Route::NotFound, StatusCode::IM_A_TEAPOT, 7);
        assert_eq!(
            metrics.render(&state()),
            "# HELP cir_guide_http_requests_total Requests answered, by route and status.
# TYPE cir_guide_http_requests_total counter
cir_guide_http_requests_total{route=\"/ja/role\",status=\"200\"} 2
cir_guide_http_requests_total{route=\"/ja/role\",status=\"304\"} 1
cir_guide_http_requests_total{route=\"not_found\",status=\"other\"} 1
# HELP cir_guide_http_response_body_bytes_total Bytes of response bodies sent, as sent (compressed where they were), by route; HEAD and 304 responses send none, and a stream of unknown length is not counted.
# TYPE cir_guide_http_response_body_bytes_total counter
cir_guide_http_response_body_bytes_total{route=\"/ja/role\"} 150
cir_guide_http_response_body_bytes_total{route=\"not_found\"} 7
# HELP cir_guide_content_reloads_total Reloads of the content since the server started, by result; a failed reload keeps the last good content live.
# TYPE cir_guide_content_reloads_total counter
cir_guide_content_reloads_total{result=\"succeeded\"} 2
cir_guide_content_reloads_total{result=\"failed\"} 1
# HELP cir_guide_content_info The content version live now (a hash of the content files), as a label; always 1.
# TYPE cir_guide_content_info gauge
cir_guide_content_info{version=\"abc\\\"1\"} 1
# HELP cir_guide_content_loaded_timestamp_seconds When the content live now was loaded, in seconds since the Unix epoch.
# TYPE cir_guide_content_loaded_timestamp_seconds gauge
cir_guide_content_loaded_timestamp_seconds 1795996800
# HELP cir_guide_statistics_views_cached Sorted and filtered views of the statistics table kept ready in memory for the live content, by edition and format (the default view is always ready).
# TYPE cir_guide_statistics_views_cached gauge
cir_guide_statistics_views_cached{lang=\"en\",format=\"html\"} 3
cir_guide_statistics_views_cached{lang=\"en\",format=\"csv\"} 1
cir_guide_statistics_views_cached{lang=\"en\",format=\"json\"} 0
cir_guide_statistics_views_cached{lang=\"ja\",format=\"html\"} 1
cir_guide_statistics_views_cached{lang=\"ja\",format=\"csv\"} 0
cir_guide_statistics_views_cached{lang=\"ja\",format=\"json\"} 2
"
        );
    }

    #[test]
    fn label_values_escape_backslashes_quotes_and_line_feeds() {
        assert_eq!(escape("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
    }
}
