//! The folder an export is written to, and the rules that keep it from destroying anything:
//! a new or empty folder is written; an earlier export is replaced whole, and recognised by
//! the list of files it wrote; anything else is refused, so no file the export did not write
//! is ever deleted.
//!
//! The files are written into a new sibling folder, then renamed into place: a reader of the
//! folder sees the old export or the new one, never half of one. Replacing an earlier export
//! takes two renames, with an instant between them in which the folder is absent.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why the folder was not written.
#[derive(Debug)]
pub enum Error {
    /// It is not one the export may write, and why.
    Refused(String),
    /// What could not be read or written (naming the path), and the system's reason.
    Io(String, io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Refused(why) => write!(f, "{why}"),
            Error::Io(what, e) => write!(f, "{what}: {e}"),
        }
    }
}

/// The file in an export that lists the files it wrote: the next export into the folder
/// replaces those and refuses the folder if it holds any other.
pub const MANIFEST: &str = ".cir-guide-export";

/// Files named in a refusal before the rest are only counted.
const NAMED: usize = 5;

/// The folder to write, as it was found.
#[derive(Debug)]
pub struct Target {
    dir: PathBuf,
    parent: PathBuf,
    name: String,
}

impl Target {
    /// Whether `dir` may be written, and what is there now. `sources` are the folders the site
    /// is read from: an export inside one would be read back into the next.
    pub fn inspect(dir: &Path, sources: &[&Path]) -> Result<Target, Error> {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| {
                Error::Refused(format!(
                    "`{}` does not name a folder: name the folder to write, such as `public`",
                    dir.display()
                ))
            })?
            .to_string();
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !parent.is_dir() {
            return Err(Error::Refused(format!(
                "the folder `{}` does not exist: create it first, or export elsewhere",
                parent.display()
            )));
        }
        if let Ok(at) = parent.canonicalize() {
            for source in sources {
                if source.canonicalize().is_ok_and(|s| at.starts_with(&s)) {
                    return Err(Error::Refused(format!(
                        "`{}` is inside `{}`, which the site is read from: the next export \
                         would read this one; export to a folder outside it",
                        dir.display(),
                        source.display()
                    )));
                }
            }
        }
        // Refused now, before the site is rendered, and looked at again before it is replaced.
        earlier_export(dir)?;
        Ok(Target {
            dir: dir.to_path_buf(),
            parent,
            name,
        })
    }

    /// A new, empty folder beside the target to write the export into.
    pub fn staging(&self) -> Result<Staging, Error> {
        let dir = self
            .parent
            .join(format!(".{}.export-{}", self.name, std::process::id()));
        fs::create_dir(&dir)
            .map_err(|e| Error::Io(format!("cannot create {}", dir.display()), e))?;
        Ok(Staging { dir, done: false })
    }

    /// Puts the written export in place of what was there.
    pub fn replace_with(self, mut staging: Staging) -> Result<(), Error> {
        let renamed = |from: &Path, to: &Path| {
            fs::rename(from, to).map_err(|e| {
                Error::Io(
                    format!("cannot rename {} to {}", from.display(), to.display()),
                    e,
                )
            })
        };
        // Files may have been added while the site was rendered: look again.
        match earlier_export(&self.dir)? {
            // An empty folder is replaced by the rename itself; one that is no longer empty
            // makes it fail, and is left as it is.
            None => renamed(&staging.dir, &self.dir)?,
            Some(files) => {
                let old =
                    self.parent
                        .join(format!(".{}.export-old-{}", self.name, std::process::id()));
                renamed(&self.dir, &old)?;
                if let Err(e) = renamed(&staging.dir, &self.dir) {
                    let _ = fs::rename(&old, &self.dir);
                    return Err(e);
                }
                remove_export(&old, &files);
            }
        }
        staging.done = true;
        // The renames last through a crash too.
        if let Ok(parent) = fs::File::open(&self.parent) {
            let _ = parent.sync_all();
        }
        Ok(())
    }
}

/// What is at `dir`: nothing or an empty folder (none), or an earlier export (the files it
/// listed, and only those); anything else is refused.
fn earlier_export(dir: &Path) -> Result<Option<Vec<String>>, Error> {
    let shown = dir.display();
    let metadata = match fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::Io(format!("cannot read {shown}"), e)),
    };
    if metadata.file_type().is_symlink() {
        return Err(Error::Refused(format!(
            "`{shown}` is a symbolic link: an export replaces a folder whole, so name the \
             folder it points to"
        )));
    }
    if !metadata.is_dir() {
        return Err(Error::Refused(format!("`{shown}` is a file, not a folder")));
    }
    let mut found = Vec::new();
    walk(dir, "", &mut found)?;
    if found.is_empty() {
        return Ok(None);
    }
    let manifest = dir.join(MANIFEST);
    let listed: BTreeSet<String> = match fs::read_to_string(&manifest) {
        Ok(text) => text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(Error::Refused(format!(
                "`{shown}` is not empty and is not an earlier export (it has no {MANIFEST} \
                 listing the files an export wrote); export into a new or empty folder"
            )));
        }
        Err(e) => return Err(Error::Io(format!("cannot read {}", manifest.display()), e)),
    };
    found.sort();
    let (ours, theirs): (Vec<String>, Vec<String>) = found
        .into_iter()
        .filter(|f| f != MANIFEST)
        .partition(|f| listed.contains(f));
    if !theirs.is_empty() {
        let mut named = theirs[..theirs.len().min(NAMED)].join(", ");
        if theirs.len() > NAMED {
            named.push_str(&format!(" and {} more", theirs.len() - NAMED));
        }
        return Err(Error::Refused(format!(
            "`{shown}` holds files the last export did not write, which replacing it would \
             delete: {named}; move them out, or export into a new or empty folder"
        )));
    }
    Ok(Some(ours))
}

/// Every entry under `dir` that is not a folder (files, links and anything else), as paths
/// with `/` between folders, after `prefix`.
fn walk(dir: &Path, prefix: &str, found: &mut Vec<String>) -> Result<(), Error> {
    let entries =
        fs::read_dir(dir).map_err(|e| Error::Io(format!("cannot read {}", dir.display()), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::Io(format!("cannot read {}", dir.display()), e))?;
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        let kind = entry
            .file_type()
            .map_err(|e| Error::Io(format!("cannot read {}", entry.path().display()), e))?;
        if kind.is_dir() {
            walk(&entry.path(), &format!("{name}/"), found)?;
        } else {
            found.push(name);
        }
    }
    Ok(())
}

/// Deletes an earlier export, moved aside: the files it listed, then the folders left empty.
/// Anything else found there (a file added after it was checked) is left, with a warning.
fn remove_export(dir: &Path, files: &[String]) {
    for file in files.iter().map(String::as_str).chain([MANIFEST]) {
        let _ = fs::remove_file(dir.join(file));
    }
    if remove_empty_folders(dir).is_err() {
        log::warn!(
            "{} holds files the export did not write; it was left as it is",
            dir.display()
        );
    }
}

fn remove_empty_folders(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            remove_empty_folders(&entry.path())?;
        }
    }
    fs::remove_dir(dir)
}

/// The list of the files an export wrote, sorted: the same files give the same bytes.
pub fn manifest<'a>(files: impl Iterator<Item = &'a str>) -> String {
    let mut text = String::from(
        "# Written by `cir-guide export`. The next export into this folder replaces the files\n\
         # listed here, and refuses the folder if it holds any other.\n",
    );
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    text
}

/// The folder the export is written into; removed on drop unless it was put in place.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    done: bool,
}

impl Drop for Staging {
    /// Everything in it was written by this export: the folder was created empty.
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Staging {
    /// Writes `bytes` to `name` (a path with `/` between folders) and returns their count.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<u64, Error> {
        let path = self.path(name)?;
        let written = fs::File::create(&path)
            .and_then(|mut f| {
                f.write_all(bytes)?;
                f.sync_all()
            })
            .map_err(|e| Error::Io(format!("cannot write {}", path.display()), e));
        written.map(|()| bytes.len() as u64)
    }

    /// Copies the file at `from` to `name`.
    pub fn copy(&self, name: &str, from: &Path) -> Result<u64, Error> {
        let path = self.path(name)?;
        fs::copy(from, &path).map_err(|e| {
            Error::Io(
                format!("cannot copy {} to {}", from.display(), path.display()),
                e,
            )
        })
    }

    /// Where `name` goes, its folders made.
    fn path(&self, name: &str) -> Result<PathBuf, Error> {
        let path = self.dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| Error::Io(format!("cannot create {}", parent.display()), e))?;
        }
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh scratch folder for one test.
    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("cir-guide-folder-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch");
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_staging_folder_not_put_in_place_is_removed() {
        let root = scratch("dropped");
        let target = Target::inspect(&root.join("site"), &[]).expect("absent is fine");
        let staging = target.staging().expect("staging");
        assert_eq!(staging.write("ja/index.html", b"x").expect("written"), 1);
        assert_eq!(
            names(&root),
            [format!(".site.export-{}", std::process::id())]
        );
        drop(staging);
        assert!(names(&root).is_empty());
        fs::remove_dir_all(root).expect("clean up");
    }

    #[test]
    fn a_folder_that_gains_a_file_while_the_site_is_written_is_left_as_it_is() {
        let root = scratch("gained");
        let dir = root.join("site");
        // Empty when inspected, then an editor saves a file into it.
        fs::create_dir(&dir).expect("empty folder");
        let target = Target::inspect(&dir, &[]).expect("empty is fine");
        let staging = target.staging().expect("staging");
        staging.write("index.html", b"new").expect("written");
        fs::write(dir.join("notes.txt"), "mine").expect("write");
        assert!(target.replace_with(staging).is_err());
        assert_eq!(names(&root), ["site"]);
        assert_eq!(names(&dir), ["notes.txt"]);

        // The same for an earlier export.
        fs::remove_file(dir.join("notes.txt")).expect("remove");
        fs::write(dir.join("index.html"), "old").expect("write");
        fs::write(dir.join(MANIFEST), manifest(["index.html"].into_iter())).expect("write");
        let target = Target::inspect(&dir, &[]).expect("an earlier export is fine");
        let staging = target.staging().expect("staging");
        staging.write("index.html", b"new").expect("written");
        fs::write(dir.join("notes.txt"), "mine").expect("write");
        assert!(matches!(
            target.replace_with(staging),
            Err(Error::Refused(_))
        ));
        assert_eq!(names(&root), ["site"]);
        assert_eq!(names(&dir), [MANIFEST, "index.html", "notes.txt"]);
        assert_eq!(
            fs::read_to_string(dir.join("index.html")).expect("read"),
            "old"
        );
        fs::remove_dir_all(root).expect("clean up");
    }

    #[test]
    fn the_manifest_lists_the_files_after_two_comment_lines() {
        assert_eq!(
            manifest(["404.html", "ja/index.html"].into_iter()),
            "# Written by `cir-guide export`. The next export into this folder replaces the \
             files\n# listed here, and refuses the folder if it holds any other.\n404.html\n\
             ja/index.html\n"
        );
    }
}
