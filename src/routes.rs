//! Every route the server answers, by name: a small, fixed set, so that what is counted per
//! route (`/metrics`) can never grow with the addresses clients make up.

use crate::content::Lang;
use crate::content::pages::{PAGES, Page};
use crate::data::Download;

/// The addresses of the site as a whole, outside any edition.
pub const ROBOTS: &str = "/robots.txt";
pub const SITEMAP: &str = "/sitemap.xml";
/// For monitoring: not for readers, so never linked and kept out of search engines.
pub const HEALTHZ: &str = "/healthz";
pub const METRICS: &str = "/metrics";
/// Dev mode's endpoints all start here.
pub const DEV: &str = "/_dev/";

/// The addresses search engines are asked to leave alone (`robots.txt`): those that are for
/// operators and editors, not readers.
pub const NOT_FOR_CRAWLERS: [&str; 3] = [METRICS, HEALTHZ, DEV];

/// One route of the route table. Static files, link previews and everything not found each
/// count as one route, whatever their address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Page(Lang, Page),
    Download(Lang, Download),
    /// `/ja`, which redirects to `/ja/`.
    EditionRoot,
    Robots,
    Sitemap,
    Healthz,
    Metrics,
    /// `/static/…`, from memory or from disk.
    Static,
    /// `/previews/…`.
    Preview,
    DevScript,
    DevEvents,
    /// Any address no route answers.
    NotFound,
}

/// The routes that are neither a page nor a download, in their order in [`Route::all`].
const OTHERS: [Route; 10] = [
    Route::EditionRoot,
    Route::Robots,
    Route::Sitemap,
    Route::Healthz,
    Route::Metrics,
    Route::Static,
    Route::Preview,
    Route::DevScript,
    Route::DevEvents,
    Route::NotFound,
];

const PER_EDITION: usize = PAGES.len() + Download::ALL.len();

impl Route {
    /// How many routes there are: the size of a per-route table.
    pub const COUNT: usize = Lang::ALL.len() * PER_EDITION + OTHERS.len();

    /// Every route, in the order of [`Route::index`]: each edition's pages and downloads,
    /// then the others.
    pub fn all() -> impl Iterator<Item = Route> {
        Lang::ALL
            .into_iter()
            .flat_map(|lang| {
                Page::all().map(move |p| Route::Page(lang, p)).chain(
                    Download::ALL
                        .into_iter()
                        .map(move |d| Route::Download(lang, d)),
                )
            })
            .chain(OTHERS)
    }

    /// The place in [`Route::all`], for per-route tables.
    pub fn index(self) -> usize {
        let other = |route| {
            let at = OTHERS.iter().position(|&r| r == route).unwrap_or(0);
            Lang::ALL.len() * PER_EDITION + at
        };
        match self {
            Route::Page(lang, p) => lang.index() * PER_EDITION + p.index(),
            Route::Download(lang, d) => lang.index() * PER_EDITION + PAGES.len() + d.index(),
            route => other(route),
        }
    }

    /// What the route is called in metrics: its address for a route of one address
    /// (`/ja/role`), a name for the others (`static`, `preview`, `not_found`).
    pub fn label(self) -> String {
        match self {
            Route::Page(lang, p) => lang.path(p.path()),
            Route::Download(lang, d) => lang.path(d.path()),
            Route::EditionRoot => Lang::Ja.prefix().to_string(),
            Route::Robots => ROBOTS.to_string(),
            Route::Sitemap => SITEMAP.to_string(),
            Route::Healthz => HEALTHZ.to_string(),
            Route::Metrics => METRICS.to_string(),
            Route::Static => "static".to_string(),
            Route::Preview => "preview".to_string(),
            Route::DevScript => format!("{DEV}reload.js"),
            Route::DevEvents => format!("{DEV}events"),
            Route::NotFound => "not_found".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_its_own_place_and_label() {
        let routes: Vec<Route> = Route::all().collect();
        assert_eq!(routes.len(), Route::COUNT);
        assert_eq!(Route::COUNT, 36);
        for (i, route) in routes.iter().enumerate() {
            assert_eq!(route.index(), i, "{route:?}");
        }
        let mut labels: Vec<String> = routes.iter().map(|r| r.label()).collect();
        assert_eq!(labels[0], "/");
        assert_eq!(labels[13], "/ja/");
        assert_eq!(labels[25], "/ja/datapackage.json");
        assert_eq!(labels[35], "not_found");
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), Route::COUNT);
    }
}
