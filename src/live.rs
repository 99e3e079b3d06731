//! The live content: one immutable snapshot at a time, replaced atomically on reload.
//!
//! A request takes the current snapshot once and uses it to the end, so it never sees a mix of
//! two versions. A reload loads and validates the whole folder and renders every page before
//! the swap; if anything fails, the last good snapshot keeps serving and the failure is
//! recorded for `/healthz` and for the dev-mode panel.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use arc_swap::ArcSwap;
use tokio::sync::watch;

use crate::content::{self, Diagnostic, Diagnostics, Site};
use crate::views;

/// One validated, rendered version of the content.
#[derive(Debug)]
pub struct Snapshot {
    pub site: Site,
    pub loaded_at: SystemTime,
}

impl Snapshot {
    /// Loads, validates and renders every page once as a check.
    pub fn prepare(dir: &Path) -> Result<Snapshot, Diagnostics> {
        let site = content::load(dir)?;
        if let Err(e) = views::render_all(&site) {
            return Err(Diagnostics(vec![Diagnostic::file(
                dir,
                format!(
                    "a page failed to render: {e}; this is a bug in the site, not in the content"
                ),
            )]));
        }
        Ok(Snapshot {
            site,
            loaded_at: SystemTime::now(),
        })
    }

    /// A hash of the content files this snapshot was loaded from.
    pub fn version(&self) -> &str {
        &self.site.version
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
    /// Counts reloads and static file changes; dev-mode pages listen to it.
    changes: watch::Sender<u64>,
}

impl Live {
    /// The first load: invalid content is an error, and the server does not start.
    pub fn start(content_dir: &Path) -> Result<Live, Diagnostics> {
        let snapshot = Snapshot::prepare(content_dir)?;
        Ok(Live {
            current: ArcSwap::from_pointee(snapshot),
            status: Mutex::new(ReloadStatus::default()),
            content_dir: content_dir.to_path_buf(),
            changes: watch::Sender::new(0),
        })
    }

    /// The snapshot to use for one whole request.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    pub fn content_dir(&self) -> &Path {
        &self.content_dir
    }

    /// Loads the content again and swaps it in only when all of it is good.
    pub fn reload(&self) -> Result<(), Diagnostics> {
        let result = Snapshot::prepare(&self.content_dir);
        let mut status = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        let outcome = match result {
            Ok(snapshot) => {
                let changed = snapshot.version() != self.current.load().version();
                log::info!(
                    "content reloaded, version {}{}",
                    snapshot.version(),
                    if changed { "" } else { " (unchanged)" }
                );
                self.current.store(Arc::new(snapshot));
                status.reloads += 1;
                status.problems = None;
                Ok(())
            }
            Err(problems) => {
                status.failures += 1;
                status.last_failure_at = Some(SystemTime::now());
                log::error!(
                    "content reload failed; still serving version {}\n{problems}",
                    self.current.load().version()
                );
                status.problems = Some(problems.clone());
                Err(problems)
            }
        };
        drop(status);
        self.changes.send_modify(|n| *n += 1);
        outcome
    }

    /// A static file changed: dev-mode pages reload to show it.
    pub fn static_changed(&self) {
        self.changes.send_modify(|n| *n += 1);
    }

    pub fn status(&self) -> ReloadStatus {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Wakes on every reload, good or bad, and every static change.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }
}
