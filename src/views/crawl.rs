//! What search engines read besides the pages: `robots.txt` and the sitemap.

use askama::Template;

use super::chrome::{Alternate, alternates};
use crate::content::Site;
use crate::content::pages::Page;
use crate::routes;

/// `/robots.txt`: everything may be crawled but the addresses for operators and editors; and
/// where the sitemap is.
#[derive(Template)]
#[template(path = "robots.txt")]
pub struct RobotsView {
    pub disallow: &'static [&'static str],
    /// The sitemap's absolute address.
    pub sitemap: String,
}

pub fn robots(site: &Site) -> RobotsView {
    RobotsView {
        disallow: &routes::NOT_FOR_CRAWLERS,
        sitemap: format!("{}{}", site.settings.base_url, routes::SITEMAP),
    }
}

/// `/sitemap.xml`: every page of every edition, each with its twins in the other languages
/// as its `<head>` names them.
#[derive(Template)]
#[template(path = "sitemap.xml")]
pub struct SitemapView {
    pub urls: Vec<SitemapUrl>,
}

pub struct SitemapUrl {
    /// The page's absolute address, as its canonical link gives it.
    pub loc: String,
    /// The day the content was last checked against its sources (`YYYY-MM-DD`).
    pub lastmod: Option<String>,
    pub alternates: Vec<Alternate>,
}

/// The sitemap of the editions' pages, in the order of the editions, then of the pages.
/// Downloads and error pages are not pages to be found by searching, and are left out.
pub fn sitemap(editions: &[&Site]) -> SitemapView {
    let urls = editions
        .iter()
        .flat_map(|site| {
            let lastmod = site.sources.last_checked().map(|d| d.iso());
            Page::all().map(move |p| SitemapUrl {
                loc: site.url(p.path()),
                lastmod: lastmod.clone(),
                alternates: alternates(&site.settings.base_url, p.path()),
            })
        })
        .collect();
    SitemapView { urls }
}
