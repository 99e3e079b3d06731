//! Watches the content and static folders and reloads on a change.
//!
//! The folders are watched, not single files, so that a save by rename (vim, helix, many IDEs
//! write a temporary file and rename it over the original) is seen. Editors' temporary and swap
//! files are ignored, so they cause no reload.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::content::is_scratch_file;
use crate::lang::Lang;
use crate::server::live::Live;

/// Long enough to gather the several events of one save, short enough that the next request
/// after a save shows the change well within half a second.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// Keeps watching while it lives.
pub struct Watcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// Starts watching `content_dir` and `static_dir` for `live`.
pub fn start(live: Arc<Live>) -> notify_debouncer_full::notify::Result<Watcher> {
    let content_dir = canonical(live.content_dir());
    let static_dir = canonical(live.static_dir());
    let (content, statics) = (content_dir.clone(), static_dir.clone());
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    log::warn!("watching files: {e}");
                }
                return;
            }
        };
        // Reading the files (as a reload does) raises access events: only writes, creations,
        // removals and renames count, or every reload would set off the next.
        let relevant = events
            .iter()
            .filter(|e| is_write(&e.kind))
            .flat_map(|e| e.paths.iter())
            .any(|p| {
                is_content_file(p, &content) || (p.starts_with(&statics) && !is_scratch_file(p))
            });
        // Pages link to static files by fingerprint, so a static change rebuilds them too.
        // Problems are logged by the reload itself.
        if relevant {
            let _ = live.reload();
        }
    })?;
    // Recursive, for each translated edition's folder (`ja/`).
    debouncer.watch(&content_dir, RecursiveMode::Recursive)?;
    if static_dir.is_dir() {
        debouncer.watch(&static_dir, RecursiveMode::Recursive)?;
    }
    log::info!(
        "watching {} and {} for changes",
        content_dir.display(),
        static_dir.display()
    );
    Ok(Watcher {
        _debouncer: debouncer,
    })
}

fn is_write(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    )
}

fn canonical(dir: &Path) -> PathBuf {
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

/// Only the TOML files directly in the content folder are content.
/// A TOML file of the content folder or of an edition's folder in it (`content/ja/`).
fn is_content_file(path: &Path, content_dir: &Path) -> bool {
    let in_content = path.parent().is_some_and(|parent| {
        parent == content_dir
            || Lang::ALL
                .iter()
                .filter_map(|l| l.folder())
                .any(|folder| parent == content_dir.join(folder))
    });
    in_content && path.extension().is_some_and(|e| e == "toml") && !is_scratch_file(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editors_scratch_files() {
        use crate::content::is_scratch_file;
        for name in [
            ".statistics.toml.swp",
            "statistics.toml~",
            "#statistics.toml#",
            ".#statistics.toml",
            "4913",
            "statistics.toml.tmp",
            "site.css.swo",
        ] {
            assert!(is_scratch_file(Path::new(name)), "{name}");
        }
        assert!(!is_scratch_file(Path::new("statistics.toml")));
    }

    #[test]
    fn reading_a_file_is_not_a_change() {
        use notify_debouncer_full::notify::event::{
            AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode,
        };
        assert!(!is_write(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!is_write(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(is_write(&EventKind::Modify(ModifyKind::Name(
            RenameMode::To
        ))));
        assert!(is_write(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn content_files_are_toml_files_in_the_folder_itself() {
        let dir = Path::new("/srv/content");
        assert!(is_content_file(Path::new("/srv/content/role.toml"), dir));
        assert!(!is_content_file(Path::new("/srv/content/notes.txt"), dir));
        assert!(!is_content_file(
            Path::new("/srv/content/old/role.toml"),
            dir
        ));
        assert!(!is_content_file(Path::new("/srv/content/role.toml~"), dir));
    }
}
