//! The site as static files, for any static host or CDN: every address the server answers the
//! same way whatever the query, written as the exact bytes the server sends for it.
//!
//! The bytes are the snapshot's own prepared forms (the plain body and, where the server has
//! them, its brotli and gzip forms as `.br` and `.gz` siblings), so the export and the server
//! cannot disagree. Pages are written where static hosts look for an extension-less address
//! (`/role` in `role.html`, `/ja/` in `ja/index.html`); every other address is its own path.
//! Nothing in a file depends on when it was written but the day citations name, which the
//! server's pages name too: the same content on the same day gives the same files.

mod folder;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::content::pages::Page;
use crate::content::{Diagnostics, Lang};
use crate::data::Download;
use crate::encoded::Encoded;
use crate::server::live::{Live, Snapshot};
use crate::stats::Query;

pub use folder::MANIFEST;

/// What an export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Files written, the list of them included.
    pub files: usize,
    /// Their size, in bytes.
    pub bytes: u64,
}

#[derive(Debug)]
pub enum Error {
    /// The content or static files are invalid: the problems `check` reports.
    Content(Diagnostics),
    /// The folder was refused, or could not be written.
    Folder(folder::Error),
    /// A page or link preview the site failed to make: a bug, not the content's fault.
    Bug(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Content(problems) => write!(f, "{problems}"),
            Error::Folder(e) => write!(f, "{e}"),
            Error::Bug(what) => write!(f, "{what}; this is a bug in the site, not in the content"),
        }
    }
}

impl From<folder::Error> for Error {
    fn from(e: folder::Error) -> Self {
        Error::Folder(e)
    }
}

/// Writes the site in `content` and `static_dir` to `dir`: into a new sibling folder first,
/// then renamed into place, so `dir` is never seen half written, and is left as it was on
/// any error.
pub fn export(dir: &Path, content: &Path, static_dir: &Path) -> Result<Summary, Error> {
    let target = folder::Target::inspect(dir, &[content, static_dir])?;
    let live = Live::start(content, static_dir, false).map_err(Error::Content)?;
    let snapshot = live.snapshot();
    let files = files(&snapshot, static_dir)?;
    let staging = target.staging()?;
    let mut summary = Summary { files: 0, bytes: 0 };
    for (name, source) in &files.0 {
        summary.bytes += match source {
            Source::Memory(bytes) => staging.write(name, bytes)?,
            Source::Disk(path) => staging.copy(name, path)?,
        };
        summary.files += 1;
    }
    let manifest = folder::manifest(files.0.keys().map(String::as_str));
    summary.bytes += staging.write(MANIFEST, manifest.as_bytes())?;
    summary.files += 1;
    target.replace_with(staging)?;
    Ok(summary)
}

/// Every file of the export, by its path inside it. Each address the server answers at a
/// fixed path belongs here, one line each (a page with [`Files::page`], anything else with
/// [`Files::file`]); addresses that read the query (the sorted and filtered views of the
/// table and their downloads) are exported in their default view only.
fn files<'a>(snapshot: &'a Snapshot, static_dir: &Path) -> Result<Files<'a>, Error> {
    let mut files = Files(BTreeMap::new());
    for lang in Lang::ALL {
        let edition = snapshot.edition(lang);
        for page in Page::all() {
            files.page(&lang.path(page.path()), edition.page(page))?;
            // Drawn here if no request has drawn it yet.
            let preview = edition.preview(page);
            let png = preview.png().map_err(|e| Error::Bug(e.to_string()))?;
            files.file(&preview.path, png)?;
            files.file(&preview.plain_path(), png)?;
        }
        for download in Download::ALL {
            let body = edition.download(download, &Query::default());
            files.file(&lang.path(download.path()), body)?;
        }
        // What static hosts send for an address they do not have.
        files.file(&lang.path("/404.html"), edition.not_found())?;
    }
    for (path, asset) in snapshot.assets.iter() {
        files.file(&format!("/static/{path}"), &asset.body)?;
    }
    for path in snapshot.assets.on_disk() {
        files.insert(
            format!("static/{path}"),
            Source::Disk(static_dir.join(path)),
        )?;
    }
    // Files of the whole site at a fixed address, one line each.
    files.file("/robots.txt", &snapshot.robots)?;
    files.file("/sitemap.xml", &snapshot.sitemap)?;
    Ok(files)
}

/// Where a file's bytes come from: the snapshot, or a static file too large to keep in memory,
/// which the server too sends from disk.
enum Source<'a> {
    Memory(&'a [u8]),
    Disk(PathBuf),
}

struct Files<'a>(BTreeMap<String, Source<'a>>);

impl<'a> Files<'a> {
    /// A page, in the file static hosts send for its extension-less address.
    fn page(&mut self, address: &str, body: &'a Encoded) -> Result<(), Error> {
        self.encoded(page_file(address), body)
    }

    /// Anything else, at its own address.
    fn file(&mut self, address: &str, body: &'a Encoded) -> Result<(), Error> {
        self.encoded(address.trim_start_matches('/').to_string(), body)
    }

    /// The plain body, and the compressed forms the server has beside it.
    fn encoded(&mut self, name: String, body: &'a Encoded) -> Result<(), Error> {
        if let Some(br) = &body.brotli {
            self.insert(format!("{name}.br"), Source::Memory(&br.bytes))?;
        }
        if let Some(gz) = &body.gzip {
            self.insert(format!("{name}.gz"), Source::Memory(&gz.bytes))?;
        }
        self.insert(name, Source::Memory(&body.plain.bytes))
    }

    fn insert(&mut self, name: String, source: Source<'a>) -> Result<(), Error> {
        match self.0.insert(name.clone(), source) {
            None => Ok(()),
            Some(_) => Err(Error::Bug(format!(
                "two addresses would be written to {name}"
            ))),
        }
    }
}

/// The file a static host sends for a page's address: `/` and `/ja/` are folders
/// (`index.html`, `ja/index.html`), `/role` is `role.html`.
fn page_file(address: &str) -> String {
    let path = address.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        format!("{path}.html")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_written_where_static_hosts_look_for_them() {
        assert_eq!(page_file("/"), "index.html");
        assert_eq!(page_file("/ja/"), "ja/index.html");
        assert_eq!(page_file("/role"), "role.html");
        assert_eq!(page_file("/ja/statistics"), "ja/statistics.html");
    }
}
