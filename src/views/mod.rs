//! Askama view structs, one per template. Everything a template shows is computed here; the
//! templates only lay it out.

use askama::Template;

mod statistics;
pub use statistics::{Choice, Filters, Heading, RowView, StatisticsView, statistics};

use crate::assets::Assets;
use crate::content::Site;
use crate::content::site::{Duties, Employers, ErrorText, Meta, Role, Section, SourceRef, Sources};
use crate::stats::{View, share_tenths};

/// The site's pages, in navigation order. Their paths are a public contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    Role,
    Duties,
    Employers,
    Statistics,
    Sources,
}

impl Page {
    pub const ALL: [Page; 6] = [
        Page::Home,
        Page::Role,
        Page::Duties,
        Page::Employers,
        Page::Statistics,
        Page::Sources,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Page::Home => "/",
            Page::Role => "/role",
            Page::Duties => "/duties",
            Page::Employers => "/employers",
            Page::Statistics => "/statistics",
            Page::Sources => "/sources",
        }
    }

    pub fn meta(self, site: &Site) -> &Meta {
        match self {
            Page::Home => &site.home.meta,
            Page::Role => &site.role.meta,
            Page::Duties => &site.duties.meta,
            Page::Employers => &site.employers.meta,
            Page::Statistics => &site.statistics.meta,
            Page::Sources => &site.sources.meta,
        }
    }
}

/// What the layout around every page needs.
pub struct Chrome<'a> {
    pub site: &'a Site,
    /// Where the stylesheet, script and images are: fingerprinted addresses.
    pub assets: &'a Assets,
    /// The `<title>`: the page's title, then the site's name.
    pub title: String,
    pub heading: &'a str,
    pub description: &'a str,
    /// The absolute canonical address; none for error pages.
    pub canonical: Option<String>,
    pub nav: Vec<NavItem<'a>>,
    /// Only the statistics page loads the script.
    pub script: bool,
    /// Dev mode only: the reload script, and the problems of the content while it is invalid.
    pub dev: Option<&'a DevPanel>,
}

/// What every view is built from.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub site: &'a Site,
    pub assets: &'a Assets,
    pub dev: Option<&'a DevPanel>,
}

/// What dev mode adds to every page.
#[derive(Debug, Clone, Default)]
pub struct DevPanel {
    /// The content's problems, rendered as text, while the last reload failed.
    pub problems: Option<String>,
}

pub struct NavItem<'a> {
    pub href: &'static str,
    pub label: &'a str,
    pub current: bool,
}

impl<'a> Chrome<'a> {
    pub(crate) fn new(cx: Ctx<'a>, current: Option<Page>, path_and_query: Option<String>) -> Self {
        let Ctx { site, assets, dev } = cx;
        let (heading, description) = match current {
            Some(page) => {
                let meta = page.meta(site);
                (meta.title.as_str(), meta.description.as_str())
            }
            None => ("", site.home.meta.description.as_str()),
        };
        Chrome {
            site,
            assets,
            title: if current == Some(Page::Home) {
                site.name.clone()
            } else {
                format!("{heading} – {}", site.name)
            },
            heading,
            description,
            canonical: path_and_query.map(|p| format!("{}{p}", site.base_url)),
            nav: Page::ALL
                .iter()
                .map(|&p| NavItem {
                    href: p.path(),
                    label: &p.meta(site).nav_label,
                    current: Some(p) == current,
                })
                .collect(),
            script: current == Some(Page::Statistics),
            dev,
        }
    }

    fn page(cx: Ctx<'a>, page: Page) -> Self {
        Self::new(cx, Some(page), Some(page.path().to_string()))
    }
}

/// Renders one page of the navigation in its default form.
pub fn render_page(
    site: &Site,
    assets: &Assets,
    dev: Option<&DevPanel>,
    page: Page,
) -> Result<String, askama::Error> {
    let cx = Ctx { site, assets, dev };
    match page {
        Page::Home => home(cx).render(),
        Page::Role => role(cx).render(),
        Page::Duties => duties(cx).render(),
        Page::Employers => employers(cx).render(),
        Page::Statistics => statistics(site, assets, dev, &View::default()).render(),
        Page::Sources => sources(cx).render(),
    }
}

/// Every source a page cites, in the order first cited, for the list at its foot.
pub(crate) fn cited<'a>(lists: impl IntoIterator<Item = &'a [SourceRef]>) -> Vec<&'a SourceRef> {
    let mut all: Vec<&SourceRef> = Vec::new();
    for r in lists.into_iter().flatten() {
        if !all.iter().any(|s| s.id == r.id) {
            all.push(r);
        }
    }
    all
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomeView<'a> {
    pub chrome: Chrome<'a>,
    pub cirs: String,
    pub share: String,
    pub participants: String,
    pub as_of: String,
    pub as_of_iso: String,
    pub source: &'a SourceRef,
    pub sections: Vec<(&'static str, &'a Meta)>,
    pub cited: Vec<&'a SourceRef>,
}

pub fn home(cx: Ctx<'_>) -> HomeView<'_> {
    let site = cx.site;
    let stats = &site.statistics;
    let total = stats.table.total();
    let ui = &site.ui;
    HomeView {
        chrome: Chrome::page(cx, Page::Home),
        cirs: ui.integer(total),
        share: ui.tenths(share_tenths(total, stats.jet_participants)),
        participants: ui.integer(stats.jet_participants),
        as_of: ui.date(stats.as_of),
        as_of_iso: stats.as_of.iso(),
        source: &stats.source,
        sections: Page::ALL[1..]
            .iter()
            .map(|&p| (p.path(), p.meta(site)))
            .collect(),
        cited: cited([
            site.home.meta.sources.as_slice(),
            std::slice::from_ref(&stats.source),
        ]),
    }
}

#[derive(Template)]
#[template(path = "role.html")]
pub struct RoleView<'a> {
    pub chrome: Chrome<'a>,
    pub page: &'a Role,
    pub cited: Vec<&'a SourceRef>,
}

pub fn role(cx: Ctx<'_>) -> RoleView<'_> {
    let site = cx.site;
    let page = &site.role;
    RoleView {
        chrome: Chrome::page(cx, Page::Role),
        cited: cited(
            std::iter::once(page.meta.sources.as_slice())
                .chain(page.sections.iter().map(|s| s.sources.as_slice())),
        ),
        page,
    }
}

#[derive(Template)]
#[template(path = "duties.html")]
pub struct DutiesView<'a> {
    pub chrome: Chrome<'a>,
    pub page: &'a Duties,
    pub cited: Vec<&'a SourceRef>,
}

pub fn duties(cx: Ctx<'_>) -> DutiesView<'_> {
    let site = cx.site;
    let page = &site.duties;
    DutiesView {
        chrome: Chrome::page(cx, Page::Duties),
        cited: cited(
            std::iter::once(page.meta.sources.as_slice())
                .chain(page.groups.iter().map(|g| g.sources.as_slice())),
        ),
        page,
    }
}

#[derive(Template)]
#[template(path = "employers.html")]
pub struct EmployersView<'a> {
    pub chrome: Chrome<'a>,
    pub page: &'a Employers,
    pub cited: Vec<&'a SourceRef>,
}

pub fn employers(cx: Ctx<'_>) -> EmployersView<'_> {
    let site = cx.site;
    let page = &site.employers;
    EmployersView {
        chrome: Chrome::page(cx, Page::Employers),
        cited: cited(
            std::iter::once(page.meta.sources.as_slice())
                .chain(page.employers.iter().map(|e| e.sources.as_slice())),
        ),
        page,
    }
}

#[derive(Template)]
#[template(path = "sources.html")]
pub struct SourcesView<'a> {
    pub chrome: Chrome<'a>,
    pub page: &'a Sources,
    pub notes: &'a [Section],
}

pub fn sources(cx: Ctx<'_>) -> SourcesView<'_> {
    let site = cx.site;
    SourcesView {
        chrome: Chrome::page(cx, Page::Sources),
        page: &site.sources,
        notes: &site.sources.notes,
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorView<'a> {
    pub chrome: Chrome<'a>,
    pub text: &'a ErrorText,
}

pub fn error_page(
    site: &Site,
    assets: &Assets,
    dev: Option<&DevPanel>,
    text: &ErrorText,
) -> Result<String, askama::Error> {
    let mut chrome = Chrome::new(Ctx { site, assets, dev }, None, None);
    chrome.title = format!("{} – {}", text.title, site.name);
    chrome.heading = &text.title;
    ErrorView { chrome, text }.render()
}
