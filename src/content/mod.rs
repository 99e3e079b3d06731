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

pub use diagnostic::{Diagnostic, Diagnostics};
pub use document::is_scratch_file;
pub use site::Site;

use document::{Doc, Folder};
use figures::Figures;
use model::{
    DutiesFile, EmployersFile, HomeFile, SectionsFile, SiteFile, SourcesFile, StatisticsFile,
};
use pages::{Page, PageKind, SITE_FILE};
use rules::{Cx, SourceIndex};
use site::{BuiltPage, Date, Meta, PageBody};

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
    let (mut statistics_meta, statistics, figures) = match statistics {
        Some((meta, statistics, figures)) => (Some(meta), Some(statistics), figures),
        None => (None, None, None),
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
    let pages: Vec<Option<BuiltPage>> = Page::all()
        .map(|page| {
            let file = page.spec().file;
            match page.spec().kind {
                PageKind::Home => {
                    page_of(folder, file, (index, figures), diags, |cx, f: &HomeFile| {
                        (cx.meta(&f.page), PageBody::Home(files::home::build(cx, f)))
                    })
                }
                PageKind::Sections => page_of(
                    folder,
                    file,
                    (index, figures),
                    diags,
                    |cx, f: &SectionsFile| {
                        (
                            cx.meta(&f.page),
                            PageBody::Sections(files::sections::build(cx, f)),
                        )
                    },
                ),
                PageKind::Duties => page_of(
                    folder,
                    file,
                    (index, figures),
                    diags,
                    |cx, f: &DutiesFile| {
                        (
                            cx.meta(&f.page),
                            PageBody::Duties(files::duties::build(cx, f)),
                        )
                    },
                ),
                PageKind::Employers => page_of(
                    folder,
                    file,
                    (index, figures),
                    diags,
                    |cx, f: &EmployersFile| {
                        (
                            cx.meta(&f.page),
                            PageBody::Employers(files::employers::build(cx, f)),
                        )
                    },
                ),
                PageKind::Sources => sources_meta.take().map(|meta| BuiltPage {
                    meta,
                    body: PageBody::Sources,
                }),
                PageKind::Statistics => statistics_meta.take().map(|meta| BuiltPage {
                    meta,
                    body: PageBody::Statistics,
                }),
            }
        })
        .collect();
    Some(Site {
        // Set by the loader, which has the files' bytes and every problem.
        version: String::new(),
        warnings: Diagnostics(Vec::new()),
        settings: settings?,
        sources: sources?,
        statistics: statistics?,
        pages: pages.into_iter().collect::<Option<Vec<_>>>()?,
    })
}

/// Parses a page's file and builds it with the shared rules.
fn page_of<T: serde::de::DeserializeOwned>(
    folder: &Folder,
    file: &str,
    (index, figures): (Option<&SourceIndex>, Option<&Figures>),
    diags: &mut Vec<Diagnostic>,
    build: impl FnOnce(&mut Cx<'_>, &T) -> (Meta, PageBody),
) -> Option<BuiltPage> {
    let doc: Doc<'_, T> = folder.parse(file, diags)?;
    let mut cx = Cx::new(&doc, index, diags).with_figures(figures);
    let (meta, body) = build(&mut cx, &doc.value);
    Some(BuiltPage { meta, body })
}
