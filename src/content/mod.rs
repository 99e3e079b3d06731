//! Everything about the TOML content. Data flows one way: files are read and parsed into
//! documents ([`document`]), the shared rules ([`rules`]) and the per-file builders ([`files`])
//! check them, and the result is one immutable [`Site`].

pub mod dates;
pub mod diagnostic;
pub mod document;
pub mod elements;
pub mod fields;
pub mod figures;
pub mod files;
pub mod markdown;
pub mod model;
pub mod pages;
mod resolve;
pub mod rules;
pub mod schema;
pub mod site;
mod suggest;
pub mod texts;
pub mod translation;
pub mod ui;

use std::path::Path;

use serde::de::DeserializeOwned;

pub use crate::lang::Lang;
pub use diagnostic::{Diagnostic, Diagnostics, Problem};
pub use document::is_scratch_file;
pub use site::Site;

use std::collections::HashMap;

use document::{Doc, Folder};
use figures::Figures;
use model::{
    DutiesFile, EmployersFile, HomeFile, PageFile, SectionsFile, SiteFile, SourcesFile,
    StatisticsFile, TrendsFile,
};
use pages::{Page, PageKind, SITE_FILE, english_files, translated_file};
use rules::{Cx, SourceIndex};
use site::{BuiltPage, Date, PageBody};
use translation::Translation;

/// Every edition of the site, built from one content folder: the same figures, rows and
/// sources, each edition's own text.
#[derive(Debug, Clone)]
pub struct Editions(Vec<Site>);

impl Editions {
    /// The edition in `lang`.
    pub fn site(&self, lang: Lang) -> &Site {
        &self.0[lang.index()]
    }

    /// Every edition, in the order of [`Lang::ALL`].
    pub fn all(&self) -> impl Iterator<Item = &Site> {
        self.0.iter()
    }

    pub fn into_sites(self) -> Vec<Site> {
        self.0
    }

    /// A hash of the content files, the same for every edition.
    pub fn version(&self) -> &str {
        &self.site(Lang::En).version
    }

    /// What `check` found worth fixing, in every edition.
    pub fn warnings(&self) -> &Diagnostics {
        &self.site(Lang::En).warnings
    }
}

/// Loads and checks a content folder: every edition of the site, or every problem found,
/// sorted by file and line. The sites carry the warnings, which do not keep them from going
/// live.
pub fn load(dir: &Path) -> Result<Editions, Diagnostics> {
    load_on(dir, Date::today())
}

/// The same, as if today were `today`: the freshness of sources is judged against it.
pub fn load_on(dir: &Path, today: Date) -> Result<Editions, Diagnostics> {
    let mut diags = Vec::new();
    if !dir.is_dir() {
        diags.push(Diagnostic::file(
            dir,
            Problem::new("the content folder does not exist or is not a folder"),
        ));
        return Err(Diagnostics(diags));
    }
    let folder = Folder::read(dir, &pages::files(), &mut diags);
    let mut sites = Vec::new();
    for lang in Lang::ALL {
        let translations = translations(&folder, lang, &mut diags);
        sites.push(build(&folder, lang, &translations, today, &mut diags));
        for tr in translations.values() {
            // A file whose English twin could not be read was not asked for anything; what
            // it holds is not worth reporting until then.
            if tr.any_used() {
                for m in tr.unused() {
                    diags.push(Diagnostic::at(tr.path, tr.source, m.span, m.problem));
                }
            }
        }
    }
    diags.sort_by_key(Diagnostic::sort_key);
    // Every edition checks the shared figures and rows: each problem is reported once.
    let mut seen = Vec::new();
    diags.retain(|d| {
        let new = !seen.contains(d);
        if new {
            seen.push(d.clone());
        }
        new
    });
    let sites: Option<Vec<Site>> = sites.into_iter().collect();
    match sites {
        Some(mut sites) if !diags.iter().any(Diagnostic::is_error) => {
            let version = folder.version();
            for site in &mut sites {
                site.version.clone_from(&version);
                site.warnings = Diagnostics(diags.clone());
            }
            Ok(Editions(sites))
        }
        _ => Err(Diagnostics(diags)),
    }
}

/// A translated edition's files, each matched with its English file; none for English.
fn translations<'f>(
    folder: &'f Folder,
    lang: Lang,
    diags: &mut Vec<Diagnostic>,
) -> HashMap<&'static str, Translation<'f>> {
    english_files()
        .filter_map(|english| {
            let name = translated_file(lang, english)?;
            // Parsed once as plain TOML, so that a syntax error is reported with its place.
            folder.parse::<toml::Table>(&name, diags)?;
            let (path, source) = folder.text(&name)?;
            let (english_path, english_source) = folder.text(english)?;
            Translation::new(lang, path, source, english_path, english_source)
                .map(|tr| (english, tr))
        })
        .collect()
}

/// Parses an English file, with its text read from `translations` in a translated edition.
fn parse<'f, T: DeserializeOwned>(
    folder: &'f Folder,
    translations: &'f HashMap<&'static str, Translation<'f>>,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Doc<'f, T>> {
    let doc = folder.parse::<T>(file, diags)?;
    Some(doc.translated(translations.get(file)))
}

/// The documents -> the site. `None` when a file is missing or unparsable; the caller also
/// refuses a site when any problem was reported.
fn build<'f>(
    folder: &'f Folder,
    lang: Lang,
    translations: &'f HashMap<&'static str, Translation<'f>>,
    today: Date,
    diags: &mut Vec<Diagnostic>,
) -> Option<Site> {
    let settings = parse::<SiteFile>(folder, translations, SITE_FILE, diags)
        .map(|d| files::site::build(&d, diags));
    let ui = settings.as_ref().map(|s| &s.ui);
    let address = settings.as_ref().map(|s| s.base_url.as_str());
    // Every file cites sources, so their index comes first.
    let sources_doc = parse::<SourcesFile>(folder, translations, Page::SOURCES.spec().file, diags);
    let index = sources_doc
        .as_ref()
        .map(|d| files::sources::index(d, diags));
    let index = index.as_ref();
    let statistics =
        parse::<StatisticsFile>(folder, translations, Page::STATISTICS.spec().file, diags)
            .and_then(|d| files::statistics::build(&d, index, ui, address, diags));
    let (mut statistics_meta, statistics, mut figures) = match statistics {
        Some((meta, statistics, figures)) => (Some(meta), Some(statistics), figures),
        None => (None, None, None),
    };
    // The series over time, whose figures every other file's text may name too.
    let trends = parse::<TrendsFile>(folder, translations, Page::TRENDS.spec().file, diags)
        .and_then(|d| {
            files::trends::build(
                &d,
                index,
                ui,
                address,
                statistics.as_ref(),
                &mut figures,
                diags,
            )
        });
    let (mut trends_meta, trends) = match trends {
        Some((meta, trends)) => (Some(meta), Some(trends)),
        None => (None, None),
    };
    let figures = figures.as_ref();
    // The rest of the sources file, whose text may name figures.
    let sources = sources_doc.map(|d| {
        let mut cx = Cx::new(&d, index, diags)
            .with_figures(figures)
            .with_address(address);
        (
            d.value.page.resolve(&mut cx),
            files::sources::build(&mut cx, &d.value, today, ui),
        )
    });
    let (mut sources_meta, sources) = match sources {
        Some((meta, sources)) => (Some(meta), Some(sources)),
        None => (None, None),
    };
    let shared = Shared {
        folder,
        translations,
        index,
        figures,
        address,
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
                    untranslated: false,
                }),
                PageKind::Statistics => statistics_meta.take().map(|meta| BuiltPage {
                    meta,
                    body: PageBody::Statistics,
                    untranslated: false,
                }),
                PageKind::Trends => trends_meta.take().map(|meta| BuiltPage {
                    meta,
                    body: PageBody::Trends,
                    untranslated: false,
                }),
            }
        })
        .collect();
    // A page shows English text where its file or `site.toml` lacks a translation.
    let fell_back = |file: &str| translations.get(file).is_some_and(|tr| tr.fell_back());
    let shared_fell_back = fell_back(SITE_FILE);
    let mut pages = pages.into_iter().collect::<Option<Vec<_>>>()?;
    for (page, built) in Page::all().zip(&mut pages) {
        built.untranslated = shared_fell_back || fell_back(page.spec().file);
    }
    Some(Site {
        // Set by the loader, which has the files' bytes and every problem.
        version: String::new(),
        warnings: Diagnostics(Vec::new()),
        lang,
        today,
        settings: settings?,
        sources: sources?,
        statistics: statistics?,
        trends: trends?,
        pages,
    })
}

/// What every page's builder draws on besides its own file.
struct Shared<'a> {
    folder: &'a Folder,
    translations: &'a HashMap<&'static str, Translation<'a>>,
    index: Option<&'a SourceIndex>,
    figures: Option<&'a Figures>,
    address: Option<&'a str>,
}

impl Shared<'_> {
    /// Parses a page's file and builds it: its head by the shared rules, the rest by `body`.
    fn page<T: DeserializeOwned + PageFile>(
        &self,
        file: &str,
        diags: &mut Vec<Diagnostic>,
        body: impl FnOnce(&mut Cx<'_>, &T) -> PageBody,
    ) -> Option<BuiltPage> {
        let doc: Doc<'_, T> = parse(self.folder, self.translations, file, diags)?;
        let mut cx = Cx::new(&doc, self.index, diags)
            .with_figures(self.figures)
            .with_address(self.address);
        let meta = doc.value.head().resolve(&mut cx);
        Some(BuiltPage {
            meta,
            body: body(&mut cx, &doc.value),
            untranslated: false,
        })
    }
}
