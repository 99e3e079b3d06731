//! The views of the content pages, one per kind of page, and of the error pages.

use askama::Template;

use super::chrome::{Chrome, RenderInput, cited};
use super::trends::CirCell;
use crate::content::pages::Page;
use crate::content::site::{
    Duties, Employers, ErrorText, Home, Html, Meta, Note, Section, SourceKind, SourceRef, Sources,
};
use crate::stats::share_tenths;

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomeView<'a> {
    pub chrome: Chrome<'a>,
    pub meta: &'a Meta,
    pub home: &'a Home,
    pub cirs: String,
    /// The CIRs' share of all participants, as a percentage: "8.2 %" (in Japanese, 8.2%).
    pub share: String,
    pub participants: String,
    pub as_of: String,
    pub as_of_iso: String,
    pub source: &'a SourceRef,
    /// The latest CIR count of the trends, which leads the page; none when there is none.
    pub latest: Option<CirCell<'a>>,
    /// Every other page, with its address.
    pub sections: Vec<(String, &'a Meta)>,
    pub cited: Vec<&'a SourceRef>,
}

pub fn home<'a>(cx: RenderInput<'a>, page: Page, home: &'a Home) -> HomeView<'a> {
    let site = cx.site;
    let stats = &site.statistics;
    let total = stats.table.total();
    let ui = &site.settings.ui;
    let meta = &site.page(page).meta;
    let latest = site.trends.latest_cirs();
    HomeView {
        chrome: Chrome::page(cx, page),
        meta,
        home,
        cirs: ui.integer(total),
        share: ui.percent(&ui.tenths(share_tenths(total, stats.jet_participants))),
        participants: ui.integer(stats.jet_participants),
        as_of: ui.date(stats.as_of),
        as_of_iso: stats.as_of.iso(),
        source: &stats.source,
        latest: latest.map(|c| CirCell::new(ui, c)),
        sections: Page::all()
            .filter(|&p| p != page)
            .map(|p| (site.lang.path(p.path()), &site.page(p).meta))
            .collect(),
        cited: cited(
            meta,
            std::iter::once(std::slice::from_ref(&stats.source))
                .chain(latest.map(|c| std::slice::from_ref(&c.source))),
        ),
    }
}

/// A page of sections, such as `/role`.
#[derive(Template)]
#[template(path = "sections.html")]
pub struct SectionsView<'a> {
    pub chrome: Chrome<'a>,
    pub meta: &'a Meta,
    pub sections: &'a [Section],
    pub cited: Vec<&'a SourceRef>,
}

pub fn sections<'a>(cx: RenderInput<'a>, page: Page, sections: &'a [Section]) -> SectionsView<'a> {
    let meta = &cx.site.page(page).meta;
    SectionsView {
        chrome: Chrome::page(cx, page),
        meta,
        sections,
        cited: cited(meta, sections.iter().map(|s| s.sources.as_slice())),
    }
}

#[derive(Template)]
#[template(path = "duties.html")]
pub struct DutiesView<'a> {
    pub chrome: Chrome<'a>,
    pub meta: &'a Meta,
    pub page: &'a Duties,
    pub cited: Vec<&'a SourceRef>,
}

pub fn duties<'a>(cx: RenderInput<'a>, page: Page, duties: &'a Duties) -> DutiesView<'a> {
    let meta = &cx.site.page(page).meta;
    DutiesView {
        chrome: Chrome::page(cx, page),
        meta,
        cited: cited(meta, duties.groups.iter().map(|g| g.sources.as_slice())),
        page: duties,
    }
}

#[derive(Template)]
#[template(path = "employers.html")]
pub struct EmployersView<'a> {
    pub chrome: Chrome<'a>,
    pub meta: &'a Meta,
    pub page: &'a Employers,
    pub cited: Vec<&'a SourceRef>,
}

pub fn employers<'a>(
    cx: RenderInput<'a>,
    page: Page,
    employers: &'a Employers,
) -> EmployersView<'a> {
    let meta = &cx.site.page(page).meta;
    EmployersView {
        chrome: Chrome::page(cx, page),
        meta,
        cited: cited(
            meta,
            employers.employers.iter().map(|e| e.sources.as_slice()),
        ),
        page: employers,
    }
}

#[derive(Template)]
#[template(path = "sources.html")]
pub struct SourcesView<'a> {
    pub chrome: Chrome<'a>,
    pub meta: &'a Meta,
    pub page: &'a Sources,
    /// Official sources first, then secondary ones; a kind with no source is left out.
    pub groups: Vec<SourceGroup<'a>>,
    pub notes: &'a [Note],
}

pub struct SourceGroup<'a> {
    pub heading: &'a str,
    pub sources: Vec<SourceItem<'a>>,
}

pub struct SourceItem<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub publisher: &'a str,
    pub url: Option<&'a str>,
    pub accessed: String,
    pub accessed_iso: String,
    pub archived: Option<&'a str>,
    pub language: Option<&'a str>,
    pub supports: &'a Html,
}

pub fn sources(cx: RenderInput<'_>, page: Page) -> SourcesView<'_> {
    let site = cx.site;
    let list = &site.sources;
    let groups = SourceKind::ALL
        .into_iter()
        .map(|kind| SourceGroup {
            heading: match kind {
                SourceKind::Official => &list.official_heading,
                SourceKind::Secondary => &list.secondary_heading,
            },
            sources: list
                .sources
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| SourceItem {
                    id: &s.id,
                    title: &s.title,
                    publisher: &s.publisher,
                    url: s.url.as_deref(),
                    accessed: site.settings.ui.date(s.accessed),
                    accessed_iso: s.accessed.iso(),
                    archived: s.archived.as_deref(),
                    language: s.language.as_deref(),
                    supports: &s.supports,
                })
                .collect(),
        })
        .filter(|g| !g.sources.is_empty())
        .collect();
    SourcesView {
        chrome: Chrome::page(cx, page),
        meta: &site.page(page).meta,
        page: list,
        groups,
        notes: &list.notes,
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorView<'a> {
    pub chrome: Chrome<'a>,
    pub text: &'a ErrorText,
}

/// An error page in the site's layout, with no canonical address.
pub fn error<'a>(cx: RenderInput<'a>, text: &'a ErrorText) -> ErrorView<'a> {
    let mut chrome = Chrome::new(cx, None, None);
    chrome.title = format!("{}{}{}", text.title, chrome.p.title, cx.site.settings.name);
    chrome.heading = &text.title;
    ErrorView { chrome, text }
}
