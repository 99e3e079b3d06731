//! Askama view structs, one per template. Everything a template shows is computed here; the
//! templates only lay it out.

use askama::Template;

mod chrome;
mod cite;
mod crawl;
mod pages;
mod statistics;
mod trends;

pub use chrome::{Chrome, DevPanel, NavItem, RenderInput};
pub use cite::{Cited, DataBox};
pub use crawl::{RobotsView, SitemapUrl, SitemapView, robots, sitemap};
pub use pages::{
    DutiesView, EmployersView, ErrorView, HomeView, SectionsView, SourcesView, duties, employers,
    error, home, sections, sources,
};
pub use statistics::{
    Choice, Filters, Heading, MapView, RowView, StatisticsView, TileView, statistics,
};
pub use trends::{TrendsView, trends};

use crate::content::pages::Page;
use crate::content::site::{ErrorText, PageBody};
use crate::stats::Query;

/// Renders a page in its default form.
pub fn render_page(cx: RenderInput<'_>, page: Page) -> Result<String, askama::Error> {
    match &cx.site.page(page).body {
        PageBody::Home(h) => home(cx, page, h).render(),
        PageBody::Sections(s) => sections(cx, page, s).render(),
        PageBody::Duties(d) => duties(cx, page, d).render(),
        PageBody::Employers(e) => employers(cx, page, e).render(),
        PageBody::Sources => sources(cx, page).render(),
        PageBody::Statistics => statistics(cx, &Query::default()).render(),
        PageBody::Trends => trends(cx).render(),
    }
}

/// Renders an error page.
pub fn error_page(cx: RenderInput<'_>, text: &ErrorText) -> Result<String, askama::Error> {
    error(cx, text).render()
}
