//! The live site: one immutable snapshot at a time, replaced atomically on reload.
//!
//! A snapshot holds the validated content, the static files, and every page already rendered
//! and compressed, so a request costs little more than sending bytes. A request takes the
//! current snapshot once and uses it to the end, so it never sees a mix of two versions. A
//! reload builds a whole new snapshot (rendering every page is the last check) and swaps it in
//! only when all of it is good; otherwise the last good snapshot keeps serving and the failure
//! is recorded for `/healthz` and, in dev mode, shown on every page.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::SystemTime;

use arc_swap::ArcSwap;
use askama::Template;
use tokio::sync::watch;

use crate::assets::Assets;
use crate::content::pages::Page;
use crate::content::{self, Diagnostic, Diagnostics, Lang, Problem, Site};
use crate::data::{self, Download};
use crate::encoded::Encoded;
use crate::preview::{self, Preview};
use crate::stats::Query;
use crate::views::{self, DevPanel, RenderInput};

const HTML: &str = "text/html; charset=utf-8";
const CSV: &str = "text/csv; charset=utf-8; header=present";
const JSON: &str = "application/json";
const TEXT: &str = "text/plain; charset=utf-8";
const XML: &str = "application/xml; charset=utf-8";

/// One validated, rendered version of the site: every edition, and the static files they
/// share.
#[derive(Debug)]
pub struct Snapshot {
    /// One per language, in the order of [`Lang::ALL`].
    pub editions: Vec<Rendered>,
    pub assets: Arc<Assets>,
    /// `/robots.txt` and `/sitemap.xml`, which name the site's public address.
    pub robots: Encoded,
    pub sitemap: Encoded,
    /// In dev mode, what every page shows besides the content.
    pub dev: Option<DevPanel>,
    pub loaded_at: SystemTime,
}

/// One language's site, rendered.
#[derive(Debug)]
pub struct Rendered {
    pub site: Arc<Site>,
    pages: Vec<Encoded>,
    not_found: Encoded,
    method_not_allowed: Encoded,
    /// One slot per statistics view, rendered the first time it is asked for.
    statistics: Vec<OnceLock<Encoded>>,
    /// The same for the CSV and JSON downloads of each view.
    statistics_csv: Vec<OnceLock<Encoded>>,
    statistics_json: Vec<OnceLock<Encoded>>,
    trends_csv: Encoded,
    trends_json: Encoded,
    datapackage: Encoded,
    /// Each page's link preview, in the order of the pages; each drawn when first asked for.
    previews: Vec<Preview>,
}

impl Snapshot {
    /// Renders every page of every edition: the last check before a snapshot may serve.
    fn build(
        sites: Vec<Arc<Site>>,
        assets: Arc<Assets>,
        dev: Option<DevPanel>,
    ) -> Result<Snapshot, askama::Error> {
        // One after the other: a thread per edition starts about 10 ms sooner but gives the
        // allocator a second arena that keeps 13 MB more resident for the process's life.
        let editions = sites
            .into_iter()
            .map(|site| Rendered::build(site, &assets, dev.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        let sites: Vec<&Site> = editions.iter().map(|e| e.site.as_ref()).collect();
        let robots = views::robots(sites[Lang::En.index()]).render()?;
        let sitemap = views::sitemap(&sites).render()?;
        Ok(Snapshot {
            robots: Encoded::new(TEXT, robots.into_bytes()),
            sitemap: Encoded::new(XML, sitemap.into_bytes()),
            editions,
            assets,
            dev,
            loaded_at: SystemTime::now(),
        })
    }

    /// A hash of the content files this snapshot was loaded from.
    pub fn version(&self) -> &str {
        &self.editions[0].site.version
    }

    /// The edition in a language.
    pub fn edition(&self, lang: Lang) -> &Rendered {
        &self.editions[lang.index()]
    }

    /// The sites of every edition, to build another snapshot from.
    fn sites(&self) -> Vec<Arc<Site>> {
        self.editions.iter().map(|e| e.site.clone()).collect()
    }

    /// What views of an edition are built from.
    pub fn render_input(&self, lang: Lang) -> RenderInput<'_> {
        let edition = self.edition(lang);
        RenderInput {
            site: &edition.site,
            assets: &self.assets,
            previews: &edition.previews,
            dev: self.dev.as_ref(),
        }
    }

    /// How many views of the statistics table an edition keeps ready: as pages, as CSV and
    /// as JSON.
    pub fn cached_views(&self, lang: Lang) -> [usize; 3] {
        let edition = self.edition(lang);
        let ready =
            |slots: &[OnceLock<Encoded>]| slots.iter().filter(|s| s.get().is_some()).count();
        [
            ready(&edition.statistics),
            ready(&edition.statistics_csv),
            ready(&edition.statistics_json),
        ]
    }

    /// A sorted or filtered view of the table, rendered once per snapshot.
    pub fn statistics(&self, lang: Lang, view: &Query) -> Result<&Encoded, askama::Error> {
        let slot = &self.edition(lang).statistics[view.index()];
        if let Some(done) = slot.get() {
            return Ok(done);
        }
        let html = views::statistics(self.render_input(lang), view).render()?;
        Ok(slot.get_or_init(|| Encoded::new(HTML, html.into_bytes())))
    }
}

impl Rendered {
    fn build(
        site: Arc<Site>,
        assets: &Assets,
        dev: Option<&DevPanel>,
    ) -> Result<Rendered, askama::Error> {
        let previews = preview::all(&site);
        let cx = RenderInput {
            site: &site,
            assets,
            previews: &previews,
            dev,
        };
        let html = |result: Result<String, askama::Error>| {
            result.map(|html| Encoded::new(HTML, html.into_bytes()))
        };
        let pages = Page::all()
            .map(|p| html(views::render_page(cx, p)))
            .collect::<Result<Vec<_>, _>>()?;
        let not_found = html(views::error_page(cx, &site.settings.not_found))?;
        let method_not_allowed = html(views::error_page(cx, &site.settings.method_not_allowed))?;
        views::error_page(cx, &site.settings.server_error)?;
        let slots = || {
            (0..Query::COUNT)
                .map(|_| OnceLock::new())
                .collect::<Vec<_>>()
        };
        let statistics = slots();
        let trends_csv = Encoded::new(CSV, data::trends_csv(&site))
            .with_disposition(true, &data::trends_file_name(&site, "csv"));
        let trends_json = Encoded::new(JSON, data::trends_json(&site))
            .with_disposition(false, &data::trends_file_name(&site, "json"));
        let datapackage = Encoded::new(JSON, data::datapackage(&site));
        // The default view is the statistics page itself.
        let _ = statistics[Query::default().index()].set(pages[Page::STATISTICS.index()].clone());
        Ok(Rendered {
            site,
            pages,
            not_found,
            method_not_allowed,
            statistics,
            statistics_csv: slots(),
            statistics_json: slots(),
            trends_csv,
            trends_json,
            datapackage,
            previews,
        })
    }

    pub fn page(&self, page: Page) -> &Encoded {
        &self.pages[page.index()]
    }

    /// The link preview of a page.
    pub fn preview(&self, page: Page) -> &Preview {
        &self.previews[page.index()]
    }

    pub fn not_found(&self) -> &Encoded {
        &self.not_found
    }

    pub fn method_not_allowed(&self) -> &Encoded {
        &self.method_not_allowed
    }

    /// A download; the statistics files in the view asked for, made once per snapshot.
    pub fn download(&self, download: Download, view: &Query) -> &Encoded {
        let site = &self.site;
        let (slots, made): (_, fn(&Site, &Query) -> Encoded) = match download {
            Download::StatisticsCsv => (&self.statistics_csv, |site, view| {
                Encoded::new(CSV, data::statistics_csv(site, view))
                    .with_disposition(true, &data::statistics_file_name(site, view, "csv"))
            }),
            Download::StatisticsJson => (&self.statistics_json, |site, view| {
                Encoded::new(JSON, data::statistics_json(site, view))
                    .with_disposition(false, &data::statistics_file_name(site, view, "json"))
            }),
            Download::TrendsCsv => return &self.trends_csv,
            Download::TrendsJson => return &self.trends_json,
            Download::Package => return &self.datapackage,
        };
        slots[view.index()].get_or_init(|| made(site, view))
    }
}

/// What the last reloads did, for `/healthz` and the dev-mode panel.
#[derive(Debug, Clone, Default)]
pub struct ReloadStatus {
    /// Successful reloads since the server started.
    pub reloads: u64,
    /// Failed reloads since the server started.
    pub failures: u64,
    pub last_failure_at: Option<SystemTime>,
    /// The problems of the last reload, while it is the latest and it failed.
    pub problems: Option<Diagnostics>,
}

pub struct Live {
    current: ArcSwap<Snapshot>,
    status: Mutex<ReloadStatus>,
    content_dir: PathBuf,
    static_dir: PathBuf,
    dev: bool,
    /// Rings on every reload; dev-mode pages listen to it.
    changes: watch::Sender<()>,
}

impl Live {
    /// The first load: invalid content is an error, and the server does not start.
    pub fn start(content_dir: &Path, static_dir: &Path, dev: bool) -> Result<Live, Diagnostics> {
        let started = std::time::Instant::now();
        let (sites, assets) = load(content_dir, static_dir)?;
        let panel = dev.then(|| DevPanel::of(&sites));
        let snapshot = build(sites, assets, panel, content_dir)?;
        log::info!(
            "content loaded in {} ms, version {}",
            started.elapsed().as_millis(),
            snapshot.version()
        );
        Ok(Live {
            current: ArcSwap::from_pointee(snapshot),
            status: Mutex::new(ReloadStatus::default()),
            content_dir: content_dir.to_path_buf(),
            static_dir: static_dir.to_path_buf(),
            dev,
            changes: watch::Sender::new(()),
        })
    }

    /// The snapshot to use for one whole request. The guard is cheaper than an `Arc` clone
    /// (no shared counter for the workers to fight over); use [`Live::snapshot_arc`] to keep
    /// the snapshot beyond the request.
    pub fn snapshot(&self) -> arc_swap::Guard<Arc<Snapshot>> {
        self.current.load()
    }

    pub fn snapshot_arc(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    pub fn content_dir(&self) -> &Path {
        &self.content_dir
    }

    pub fn static_dir(&self) -> &Path {
        &self.static_dir
    }

    /// Loads content and static files again and swaps them in only when all is good.
    pub fn reload(&self) -> Result<(), Diagnostics> {
        let started = std::time::Instant::now();
        let result = load(&self.content_dir, &self.static_dir).and_then(|(sites, assets)| {
            let panel = self.dev.then(|| DevPanel::of(&sites));
            build(sites, assets, panel, &self.content_dir)
        });
        let mut status = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        let outcome = match result {
            Ok(snapshot) => {
                log::info!(
                    "content reloaded in {} ms, version {}",
                    started.elapsed().as_millis(),
                    snapshot.version()
                );
                self.current.store(Arc::new(snapshot));
                status.reloads += 1;
                status.problems = None;
                Ok(())
            }
            Err(problems) => {
                status.failures += 1;
                status.last_failure_at = Some(SystemTime::now());
                let old = self.current.load_full();
                log::error!(
                    "reload failed; still serving version {}\n{problems}",
                    old.version()
                );
                if self.dev {
                    // The last good content, with the problems on every page.
                    let panel = DevPanel {
                        problems: Some(problems.render(false)),
                        untranslated: None,
                    };
                    match Snapshot::build(old.sites(), old.assets.clone(), Some(panel)) {
                        Ok(shown) => self.current.store(Arc::new(shown)),
                        Err(e) => log::error!("the problems panel failed to render: {e}"),
                    }
                }
                status.problems = Some(problems.clone());
                Err(problems)
            }
        };
        drop(status);
        // Every reload, good or bad, wakes the listeners.
        self.changes.send_replace(());
        outcome
    }

    pub fn status(&self) -> ReloadStatus {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Wakes on every reload, good or bad.
    pub fn subscribe(&self) -> watch::Receiver<()> {
        self.changes.subscribe()
    }
}

/// How long from `now` until one second past the next midnight, UTC.
pub fn until_next_day(now: SystemTime) -> std::time::Duration {
    const DAY: u64 = 24 * 60 * 60;
    let since = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let into_day = since.as_secs() % DAY;
    std::time::Duration::from_secs(DAY - into_day + 1).saturating_sub(
        std::time::Duration::from_nanos(u64::from(since.subsec_nanos())),
    )
}

type Loaded = (Vec<Arc<Site>>, Arc<Assets>);

fn load(content_dir: &Path, static_dir: &Path) -> Result<Loaded, Diagnostics> {
    let editions = content::load(content_dir);
    if let Ok(editions) = &editions
        && !editions.warnings().0.is_empty()
    {
        log::warn!(
            "the content goes live with warnings:\n{}",
            editions.warnings()
        );
    }
    let assets = Assets::load(static_dir);
    match (editions, assets) {
        (Ok(editions), Ok(assets)) => Ok((
            editions.into_sites().into_iter().map(Arc::new).collect(),
            Arc::new(assets),
        )),
        (Err(mut a), Err(b)) => {
            a.0.extend(b.0);
            Err(a)
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

fn build(
    sites: Vec<Arc<Site>>,
    assets: Arc<Assets>,
    dev: Option<DevPanel>,
    dir: &Path,
) -> Result<Snapshot, Diagnostics> {
    Snapshot::build(sites, assets, dev).map_err(|e| {
        Diagnostics(vec![Diagnostic::file(
            dir,
            Problem::new(format!("a page failed to render: {e}"))
                .help("this is a bug in the site, not in the content"),
        )])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_daily_rebuild_waits_until_just_past_midnight() {
        let at = |secs: u64, nanos: u32| SystemTime::UNIX_EPOCH + Duration::new(secs, nanos);
        // 2026-11-30T00:00:00Z is 1_795_996_800.
        let midnight = 1_795_996_800;
        assert_eq!(until_next_day(at(midnight, 0)), Duration::from_secs(86_401));
        assert_eq!(
            until_next_day(at(midnight + 86_399, 0)),
            Duration::from_secs(2)
        );
        assert_eq!(
            until_next_day(at(midnight + 3_600, 500_000_000)),
            Duration::new(82_800, 500_000_000)
        );
    }
}
