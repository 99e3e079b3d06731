//! The static files, read and compressed once per load and served from memory under
//! fingerprinted addresses (`/static/css/site.3fa2c1d9e0.css`) that can be cached forever.

use std::collections::HashMap;
use std::path::Path;

use crate::content::{Diagnostic, Diagnostics, Problem, is_scratch_file};
use crate::encoded::Encoded;
use crate::{hash, minify};

/// Larger files are left on disk, for actix-files to stream.
const MAX_IN_MEMORY: u64 = 1024 * 1024;

#[derive(Debug)]
pub struct Asset {
    pub body: Encoded,
    /// Whether this address names the exact bytes (fingerprinted), so it may be cached forever.
    pub immutable: bool,
}

/// Every static file, by its path under `static/`, plain and fingerprinted.
#[derive(Debug, Default)]
pub struct Assets {
    by_path: HashMap<String, Asset>,
    fingerprinted: HashMap<String, String>,
    /// Files too large to keep in memory, by their path under `static/`: served from disk at
    /// their plain address only.
    on_disk: Vec<String>,
}

impl Assets {
    /// Reads the folder: no hidden files, no scratch files, no symbolic links.
    pub fn load(dir: &Path) -> Result<Assets, Diagnostics> {
        let mut assets = Assets::default();
        let mut problems = Vec::new();
        if dir.is_dir() {
            assets.walk(dir, dir, &mut problems);
        }
        if problems.is_empty() {
            Ok(assets)
        } else {
            Err(Diagnostics(problems))
        }
    }

    fn walk(&mut self, root: &Path, dir: &Path, problems: &mut Vec<Diagnostic>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                problems.push(Diagnostic::file(
                    dir,
                    Problem::new(format!("cannot be read: {e}")),
                ));
                return;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_symlink() || is_scratch_file(&path) {
                continue;
            }
            if kind.is_dir() {
                self.walk(root, &path, problems);
            } else if entry.metadata().is_ok_and(|m| m.len() <= MAX_IN_MEMORY) {
                match std::fs::read(&path) {
                    Ok(bytes) => self.insert(root, &path, bytes),
                    Err(e) => problems.push(Diagnostic::file(
                        &path,
                        Problem::new(format!("cannot be read: {e}")),
                    )),
                }
            } else if let Some(relative) = relative(root, &path) {
                self.on_disk.push(relative);
            }
        }
    }

    fn insert(&mut self, root: &Path, path: &Path, bytes: Vec<u8>) {
        let Some(relative) = relative(root, path) else {
            return;
        };
        // Stylesheets are sent without comments and spare whitespace; the file keeps them.
        let bytes = match String::from_utf8(bytes) {
            Ok(text) if content_type(path) == CSS => minify::css(&text).into_bytes(),
            Ok(text) => text.into_bytes(),
            Err(e) => e.into_bytes(),
        };
        let fingerprinted = fingerprint(&relative, &hash::hex(&bytes)[..10]);
        let body = Encoded::new(content_type(path), bytes);
        self.by_path.insert(
            fingerprinted.clone(),
            Asset {
                body: body.clone(),
                immutable: true,
            },
        );
        self.by_path.insert(
            relative.clone(),
            Asset {
                body,
                immutable: false,
            },
        );
        self.fingerprinted.insert(relative, fingerprinted);
    }

    /// The asset at a path under `/static/`.
    pub fn get(&self, path: &str) -> Option<&Asset> {
        self.by_path.get(path)
    }

    /// Every address under `/static/` served from memory, plain and fingerprinted, with its
    /// file, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Asset)> {
        self.by_path
            .iter()
            .map(|(path, asset)| (path.as_str(), asset))
    }

    /// The files too large for memory, by their path under `static/`, in no particular order.
    pub fn on_disk(&self) -> &[String] {
        &self.on_disk
    }

    /// The address templates link to: fingerprinted when the file exists.
    pub fn url(&self, path: &str) -> String {
        let name = self.fingerprinted.get(path).map_or(path, String::as_str);
        format!("/static/{name}")
    }
}

/// A file's path under `root` with `/` between folders, as in its address; none for a name
/// that is not UTF-8, which no address can name.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?.to_str()?;
    Some(relative.replace('\\', "/"))
}

/// The path of a static file under `/static/`, as it arrived (static files have plain names,
/// so nothing needs decoding).
pub fn request_path(path: &str) -> &str {
    path.strip_prefix("/static/").unwrap_or("")
}

/// `css/site.css` -> `css/site.<hash>.css`.
fn fingerprint(path: &str, hash: &str) -> String {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let name = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{name}.{hash}"),
    };
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

const CSS: &str = "text/css; charset=utf-8";

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "css" => CSS,
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        "html" => "text/html; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_go_before_the_extension() {
        assert_eq!(fingerprint("css/site.css", "abc"), "css/site.abc.css");
        assert_eq!(fingerprint("robots.txt", "abc"), "robots.abc.txt");
        assert_eq!(fingerprint("images/a.b.png", "abc"), "images/a.b.abc.png");
        assert_eq!(fingerprint("LICENSE", "abc"), "LICENSE.abc");
        assert_eq!(fingerprint(".nojekyll", "abc"), ".nojekyll.abc");
    }

    #[test]
    fn each_kind_of_file_has_its_type() {
        let cases = [
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.webp", "image/webp"),
            ("a.ico", "image/x-icon"),
            ("a.woff2", "font/woff2"),
            ("a.txt", "text/plain; charset=utf-8"),
            ("a.json", "application/json"),
            ("a.html", "text/html; charset=utf-8"),
            ("a.pdf", "application/pdf"),
            ("a.bin", "application/octet-stream"),
            ("README", "application/octet-stream"),
        ];
        for (name, expected) in cases {
            assert_eq!(content_type(Path::new(name)), expected, "{name}");
        }
    }

    #[test]
    fn requests_name_the_path_under_static() {
        assert_eq!(request_path("/static/css/site.css"), "css/site.css");
        assert_eq!(request_path("/other/site.css"), "");
    }
}
