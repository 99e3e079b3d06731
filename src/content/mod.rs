//! Everything about the TOML content. Data flows one way: files are read and parsed into
//! documents ([`document`]), the shared rules ([`rules`]) and the per-file builders ([`files`])
//! check them, and the result is one immutable [`Site`].

pub mod diagnostic;
pub mod document;
pub mod figures;
pub mod files;
pub mod markdown;
pub mod model;
pub mod pages;
pub mod rules;
pub mod site;
mod suggest;

use std::path::Path;

use serde::de::DeserializeOwned;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use document::is_scratch_file;
pub use site::Site;

use document::{Doc, Folder};
use figures::Figures;
use model::{
    DutiesFile, EmployersFile, HomeFile, PageFile, SectionsFile, SiteFile, SourcesFile,
    StatisticsFile, TrendsFile,
};
use pages::{Page, PageKind, SITE_FILE};
use rules::{Cx, SourceIndex};
use site::{BuiltPage, Date, PageBody};

/// Loads and checks a content folder: the site, or every problem found, sorted by file and
/// line. The site carries the warnings, which do not keep it from going live.
pub fn load(dir: &Path) -> Result<Site, Diagnostics> {
    load_on(dir, Date::today())
}

/// The same, as if today were `today`: the freshness of sources is judged against it.
pub fn load_on(dir: &Path, today: Date) -> Result<Site, Diagnostics> {
    let mut diags = Vec::new();
    if !dir.is_dir() {
        diags.push(Diagnostic::file(
            dir,
            "the content folder does not exist or is not a folder",
        ));
        return Err(Diagnostics(diags));
    }
    let folder = Folder::read(dir, &pages::files(), &mut diags);
    let site = build(&folder, today, &mut diags);
    diags.sort_by_key(Diagnostic::sort_key);
    diags.dedup();
    match site {
        Some(mut site) if !diags.iter().any(Diagnostic::is_error) => {
            site.version = folder.version();
            site.warnings = Diagnostics(diags);
            Ok(site)
        }
        _ => Err(Diagnostics(diags)),
    }
}

/// The documents -> the site. `None` when a file is missing or unparsable; the caller also
/// refuses a site when any problem was reported.
fn build(folder: &Folder, today: Date, diags: &mut Vec<Diagnostic>) -> Option<Site> {
    let settings = folder
        .parse::<SiteFile>(SITE_FILE, diags)
        .map(|d| files::site::build(&d, diags));
    let ui = settings.as_ref().map(|s| &s.ui);
    // Every file cites sources, so their index comes first.
    let sources_doc = folder.parse::<SourcesFile>(Page::SOURCES.spec().file, diags);
    let index = sources_doc
        .as_ref()
        .map(|d| files::sources::index(d, diags));
    let index = index.as_ref();
    let statistics = folder
        .parse::<StatisticsFile>(Page::STATISTICS.spec().file, diags)
        .and_then(|d| files::statistics::build(&d, index, ui, diags));
    let (mut statistics_meta, statistics, mut figures) = match statistics {
        Some((meta, statistics, figures)) => (Some(meta), Some(statistics), figures),
        None => (None, None, None),
    };
    // The series over time, whose figures every other file's text may name too.
    let trends = folder
        .parse::<TrendsFile>(Page::TRENDS.spec().file, diags)
        .and_then(|d| {
            files::trends::build(&d, index, ui, statistics.as_ref(), &mut figures, diags)
        });
    let (mut trends_meta, trends) = match trends {
        Some((meta, trends)) => (Some(meta), Some(trends)),
        None => (None, None),
    };
    let figures = figures.as_ref();
    // The rest of the sources file, whose text may name figures.
    let sources = sources_doc.map(|d| {
        let mut cx = Cx::new(&d, index, diags).with_figures(figures);
        (
            cx.meta(&d.value.page),
            files::sources::build(&mut cx, &d.value, today, ui),
        )
    });
    let (mut sources_meta, sources) = match sources {
        Some((meta, sources)) => (Some(meta), Some(sources)),
        None => (None, None),
    };
    let shared = Shared {
        folder,
        index,
        figures,
    };
    let pages: Vec<Option<BuiltPage>> = Page::all()
        .map(|page| {
            let file = page.spec().file;
            match page.spec().kind {
                PageKind::Home => shared.page(file, diags, |cx, f: &HomeFile| {
                    PageBody::Home(files::home::build(cx, f))
                }),
                PageKind::Sections => shared.page(file, diags, |cx, f: &SectionsFile| {
                    PageBody::Sections(files::sections::build(cx, f))
                }),
                PageKind::Duties => shared.page(file, diags, |cx, f: &DutiesFile| {
                    PageBody::Duties(files::duties::build(cx, f))
                }),
                PageKind::Employers => shared.page(file, diags, |cx, f: &EmployersFile| {
                    PageBody::Employers(files::employers::build(cx, f))
                }),
                PageKind::Sources => sources_meta.take().map(|meta| BuiltPage {
                    meta,
                    body: PageBody::Sources,
                }),
                PageKind::Statistics => statistics_meta.take().map(|meta| BuiltPage {
                    meta,
                    body: PageBody::Statistics,
                }),
                PageKind::Trends => trends_meta.take().map(|meta| BuiltPage {
                    meta,
                    body: PageBody::Trends,
                }),
            }
        })
        .collect();
    Some(Site {
        // Set by the loader, which has the files' bytes and every problem.
        version: String::new(),
        warnings: Diagnostics(Vec::new()),
        today,
        settings: settings?,
        sources: sources?,
        statistics: statistics?,
        trends: trends?,
        pages: pages.into_iter().collect::<Option<Vec<_>>>()?,
    })
}

/// What every page's builder draws on besides its own file.
struct Shared<'a> {
    folder: &'a Folder,
    index: Option<&'a SourceIndex>,
    figures: Option<&'a Figures>,
}

impl Shared<'_> {
    /// Parses a page's file and builds it: its head by the shared rules, the rest by `body`.
    fn page<T: DeserializeOwned + PageFile>(
        &self,
        file: &str,
        diags: &mut Vec<Diagnostic>,
        body: impl FnOnce(&mut Cx<'_>, &T) -> PageBody,
    ) -> Option<BuiltPage> {
        let doc: Doc<'_, T> = self.folder.parse(file, diags)?;
        let mut cx = Cx::new(&doc, self.index, diags).with_figures(self.figures);
        let meta = cx.meta(doc.value.head());
        Some(BuiltPage {
            meta,
            body: body(&mut cx, &doc.value),
        })
    }
}
