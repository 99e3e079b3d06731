//! `cir-guide export` through the real binary and the base fixture: the exact files, each
//! the bytes the server sends for its address, the same bytes every time, nothing written on
//! bad content or into a folder it may not replace, and nginx serving the export as
//! docs/deploying.md configures it.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

use common::fixtures;
use common::html::{self, Content, Find};
use common::server::{Server, copy_tree, get_bytes, scratch_static};

common::harness::tests! {
    sync the_export_holds_every_page_download_asset_and_preview_in_both_languages [],
    sync each_file_is_the_bytes_the_server_sends_for_its_address [],
    sync every_address_a_page_or_stylesheet_names_is_a_file_of_the_export [],
    sync exporting_again_gives_the_same_bytes_and_replaces_the_earlier_export [],
    sync invalid_content_is_refused_with_the_messages_of_check_and_nothing_is_written [],
    sync a_folder_the_export_did_not_write_is_refused_and_left_as_it_was [],
    sync a_static_file_too_large_for_memory_is_exported_as_the_server_sends_it [],
    sync nginx_serves_the_export_as_the_deploying_guide_configures_it [Nginx],
}

/// How long one export may take: a few seconds here, most of it drawing the link previews.
const LIMIT: Duration = Duration::from_secs(120);

/// The export of the base fixture, by file, with the `.br` and `.gz` beside a file written
/// after its name and fingerprints written `{hash}` (they change with every edit of a
/// stylesheet or a preview, and are checked against the pages' links below).
const EXPORTED: [&str; 69] = [
    ".cir-guide-export",
    "404.html .br .gz",
    "applying.html .br .gz",
    "datapackage.json .br .gz",
    "duties.html .br .gz",
    "employers.html .br .gz",
    "index.html .br .gz",
    "ja/404.html .br .gz",
    "ja/applying.html .br .gz",
    "ja/datapackage.json .br .gz",
    "ja/duties.html .br .gz",
    "ja/employers.html .br .gz",
    "ja/index.html .br .gz",
    "ja/role.html .br .gz",
    "ja/sources.html .br .gz",
    "ja/statistics.csv .br .gz",
    "ja/statistics.html .br .gz",
    "ja/statistics.json .br .gz",
    "ja/trends.csv .br .gz",
    "ja/trends.html .br .gz",
    "ja/trends.json .br .gz",
    "previews/applying.png",
    "previews/applying.{hash}.png",
    "previews/duties.png",
    "previews/duties.{hash}.png",
    "previews/employers.png",
    "previews/employers.{hash}.png",
    "previews/home.png",
    "previews/home.{hash}.png",
    "previews/ja-applying.png",
    "previews/ja-applying.{hash}.png",
    "previews/ja-duties.png",
    "previews/ja-duties.{hash}.png",
    "previews/ja-employers.png",
    "previews/ja-employers.{hash}.png",
    "previews/ja-home.png",
    "previews/ja-home.{hash}.png",
    "previews/ja-role.png",
    "previews/ja-role.{hash}.png",
    "previews/ja-sources.png",
    "previews/ja-sources.{hash}.png",
    "previews/ja-statistics.png",
    "previews/ja-statistics.{hash}.png",
    "previews/ja-trends.png",
    "previews/ja-trends.{hash}.png",
    "previews/role.png",
    "previews/role.{hash}.png",
    "previews/sources.png",
    "previews/sources.{hash}.png",
    "previews/statistics.png",
    "previews/statistics.{hash}.png",
    "previews/trends.png",
    "previews/trends.{hash}.png",
    "robots.txt .br .gz",
    "role.html .br .gz",
    "sitemap.xml .br .gz",
    "sources.html .br .gz",
    "static/css/site.css .br .gz",
    "static/css/site.{hash}.css .br .gz",
    "static/images/icon.svg .br .gz",
    "static/images/icon.{hash}.svg .br .gz",
    "static/js/table.js .br .gz",
    "static/js/table.{hash}.js .br .gz",
    "statistics.csv .br .gz",
    "statistics.html .br .gz",
    "statistics.json .br .gz",
    "trends.csv .br .gz",
    "trends.html .br .gz",
    "trends.json .br .gz",
];

/// A fresh, empty scratch folder for one test; the export goes into a folder inside it.
fn scratch(name: &str) -> PathBuf {
    common::scratch("export", name)
}

/// Runs `cir-guide export DIR` with the base fixture and the real static folder.
fn export(dir: &Path) -> Output {
    let root = common::root();
    export_from(dir, &common::base(), &root.join("static"))
}

/// Runs `cir-guide export DIR` with these content and static folders.
fn export_from(dir: &Path, content: &Path, statics: &Path) -> Output {
    common::run(
        common::binary()
            .arg("export")
            .arg(dir)
            .arg("--content")
            .arg(content)
            .arg("--static")
            .arg(statics)
            .env_remove("RUST_LOG"),
        LIMIT,
    )
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir` with its bytes (a link: where it points), by its path with `/` between folders.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("folder") {
            let entry = entry.expect("entry");
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let kind = entry.file_type().expect("type");
            if kind.is_symlink() {
                let target = std::fs::read_link(entry.path()).expect("link");
                out.insert(name, format!("-> {}", target.display()).into_bytes());
            } else if kind.is_dir() {
                walk(&entry.path(), &format!("{name}/"), out);
            } else {
                out.insert(name, std::fs::read(entry.path()).expect("file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

/// The file list as [`EXPORTED`] writes it.
fn listing(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    for name in files.keys() {
        if let Some(plain) = name.strip_suffix(".br").or(name.strip_suffix(".gz")) {
            assert!(files.contains_key(plain), "{name} without {plain}");
        }
    }
    let mut lines: Vec<String> = files
        .keys()
        .filter(|n| !n.ends_with(".br") && !n.ends_with(".gz"))
        .map(|name| {
            let mut line = unhashed(name);
            for sibling in [".br", ".gz"] {
                if files.contains_key(&format!("{name}{sibling}")) {
                    line.push(' ');
                    line.push_str(sibling);
                }
            }
            line
        })
        .collect();
    lines.sort();
    lines
}

/// `static/css/site.058942dae9.css` -> `static/css/site.{hash}.css`.
fn unhashed(name: &str) -> String {
    let parts: Vec<&str> = name.split('.').collect();
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let inner = i > 0 && i + 1 < parts.len();
            if inner && part.len() == 10 && part.bytes().all(|b| b.is_ascii_hexdigit()) {
                "{hash}"
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The day (UTC) it is now: citations name it, so pages made on two days differ.
fn day() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
        / 86_400
}

/// Runs `f` again, once, if it ran across midnight (UTC), so that all it compares was made on
/// one day.
fn on_one_day<T>(mut f: impl FnMut() -> T) -> T {
    let before = day();
    let result = f();
    if day() == before { result } else { f() }
}

/// The base fixture exported once for the tests that only read it, and the day it was made.
fn real_export() -> &'static (PathBuf, u64) {
    static EXPORT: OnceLock<(PathBuf, u64)> = OnceLock::new();
    EXPORT.get_or_init(|| {
        let dir = scratch("real").join("site");
        let made = day();
        let out = export(&dir);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        (dir, made)
    })
}

/// The address the server answers with a file's bytes, the status, and the `Accept-Encoding`
/// the sibling needs: `ja/role.html.br` is `/ja/role` with `br`.
fn address(file: &str) -> (String, u16, Option<&'static str>) {
    let (plain, coding) = match (file.strip_suffix(".br"), file.strip_suffix(".gz")) {
        (Some(plain), _) => (plain, Some("br")),
        (_, Some(plain)) => (plain, Some("gzip")),
        _ => (file, None),
    };
    let (path, status) = match plain {
        "index.html" => ("/".to_string(), 200),
        "ja/index.html" => ("/ja/".to_string(), 200),
        "404.html" => ("/no-such-page".to_string(), 404),
        "ja/404.html" => ("/ja/no-such-page".to_string(), 404),
        page if page.ends_with(".html") => (format!("/{}", &page[..page.len() - 5]), 200),
        other => (format!("/{other}"), 200),
    };
    (path, status, coding)
}

fn the_export_holds_every_page_download_asset_and_preview_in_both_languages() {
    let root = scratch("listing");
    let dir = root.join("site");
    let out = export(&dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // No log of what went well for a command run by hand (the content's warnings, once a
    // source is a year old, would be shown).
    assert!(!stderr(&out).contains("INFO"), "{}", stderr(&out));
    let files = tree(&dir);
    let bytes: usize = files.values().map(Vec::len).sum();
    assert_eq!(
        stdout(&out),
        format!("exported 141 files, {bytes} bytes, to {}\n", dir.display())
    );
    assert_eq!(files.len(), 141);
    assert_eq!(listing(&files), EXPORTED);
    // Nothing is left beside it.
    let beside: Vec<_> = std::fs::read_dir(&root)
        .expect("scratch")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(beside, ["site"]);

    // The fingerprinted files are the ones the pages name.
    let named = named_addresses(&files);
    for name in files.keys().filter(|n| unhashed(n) != **n) {
        if !name.ends_with(".br") && !name.ends_with(".gz") {
            assert!(named.contains(&format!("/{name}")), "no page names {name}");
        }
    }

    // The list of what was written, for the next export.
    let manifest = String::from_utf8(files[".cir-guide-export"].clone()).expect("UTF-8");
    let mut lines = manifest.lines();
    assert_eq!(
        lines.next(),
        Some(
            "# Written by `cir-guide export`. The next export into this folder replaces the files"
        )
    );
    assert_eq!(
        lines.next(),
        Some("# listed here, and refuses the folder if it holds any other.")
    );
    let listed: Vec<&str> = lines.collect();
    let written: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|n| *n != ".cir-guide-export")
        .collect();
    assert_eq!(listed, written);
}

fn each_file_is_the_bytes_the_server_sends_for_its_address() {
    // What differs from what the server sends, found by one server and one export of one day.
    let (files, differences) = on_one_day(|| {
        let (dir, made) = real_export();
        let files = if day() == *made {
            tree(dir)
        } else {
            let dir = scratch("real-today").join("site");
            assert_eq!(export(&dir).status.code(), Some(0));
            tree(&dir)
        };
        let server = Server::base();
        let mut differences = Vec::new();
        for (name, bytes) in files.iter().filter(|(n, _)| *n != ".cir-guide-export") {
            let (path, status, coding) = address(name);
            let response = server.get_bytes(&path, coding);
            let got = (response.status, response.header("content-encoding"));
            if got != (status, coding) || response.body != *bytes {
                differences.push(format!("{name}: {path} {coding:?} answers {got:?}"));
            }
        }
        // And no compressed form the server sends for these addresses is missing.
        let plain = |n: &&String| !n.ends_with(".br") && !n.ends_with(".gz");
        for name in files
            .keys()
            .filter(plain)
            .filter(|n| *n != ".cir-guide-export")
        {
            let (path, _, _) = address(name);
            for (coding, sibling) in [("br", ".br"), ("gzip", ".gz")] {
                let response = server.get_bytes(&path, Some(coding));
                let sent = response.header("content-encoding") == Some(coding);
                if sent && !files.contains_key(&format!("{name}{sibling}")) {
                    differences.push(format!("{name}{sibling} missing"));
                }
            }
        }
        (files, differences)
    });
    assert_eq!(files.len(), 141);
    assert!(differences.is_empty(), "{differences:#?}");

    // The siblings are the plain file, compressed.
    for (name, bytes) in &files {
        let mut plain = Vec::new();
        if let Some(stem) = name.strip_suffix(".br") {
            brotli::Decompressor::new(&bytes[..], 4096)
                .read_to_end(&mut plain)
                .expect("brotli");
            assert!(plain == files[stem], "{name} is not {stem} compressed");
        } else if let Some(stem) = name.strip_suffix(".gz") {
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut plain)
                .expect("gzip");
            assert!(plain == files[stem], "{name} is not {stem} compressed");
        }
    }
}

/// The file a static host sends for an address, as GitHub Pages, Netlify, Cloudflare Pages and
/// the nginx configuration of docs/deploying.md look for it: the file, the file with `.html`,
/// the folder's `index.html`.
fn resolve<'a>(files: &'a BTreeMap<String, Vec<u8>>, address: &str) -> Option<&'a str> {
    let path = address.trim_start_matches('/');
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![
            path.to_string(),
            format!("{path}.html"),
            format!("{path}/index.html"),
        ]
    };
    candidates
        .into_iter()
        .find_map(|c| files.get_key_value(&c).map(|(k, _)| k.as_str()))
}

/// The site's own address an attribute names, without query or fragment; an address of the
/// site written in full is made relative to it. None for anything else.
fn local_link(value: &str) -> Option<String> {
    let link = value.replace(common::BASE_URL, "");
    let link = link.split(['?', '#']).next().unwrap_or("");
    (link.starts_with('/') && !link.starts_with("//")).then(|| link.to_string())
}

/// Every address of the site the exported pages and stylesheets name, without query or
/// fragment.
fn named_addresses(files: &BTreeMap<String, Vec<u8>>) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for (name, bytes) in files {
        let text = String::from_utf8_lossy(bytes);
        if name.ends_with(".html") {
            let page = html::parse(&text);
            for attribute in ["href", "src", "content", "action"] {
                named.extend(
                    page.all(&format!("[{attribute}]"))
                        .into_iter()
                        .filter_map(|e| local_link(e.attribute(attribute))),
                );
            }
        } else if name.ends_with(".css") {
            // Relative to the stylesheet: `../images/icon.svg` from `/static/css/`.
            for link in text.split("url(\"").skip(1) {
                let link = &link[..link.find('"').expect("url ends")];
                let mut at = Path::new(name).parent().expect("in a folder").to_path_buf();
                for part in link.split('/') {
                    match part {
                        ".." => {
                            at.pop();
                        }
                        part => at.push(part),
                    }
                }
                named.insert(format!("/{}", at.display()));
            }
        }
    }
    named
}

fn every_address_a_page_or_stylesheet_names_is_a_file_of_the_export() {
    let (dir, _) = real_export();
    let files = tree(dir);
    let named = named_addresses(&files);
    let unresolved: Vec<&String> = named
        .iter()
        .filter(|a| resolve(&files, a).is_none())
        .collect();
    assert!(unresolved.is_empty(), "{unresolved:?}");
    // Links of every kind were found: pages in both languages, the statistics view's form
    // and downloads, a static file named by the stylesheet, a preview.
    for address in [
        "/",
        "/ja/",
        "/role",
        "/ja/statistics",
        "/statistics.csv",
        "/ja/datapackage.json",
        "/static/images/icon.svg",
    ] {
        assert!(named.contains(address), "{address} among {named:?}");
    }
    assert!(named.iter().any(|a| a.starts_with("/previews/ja-home.")));
}

fn exporting_again_gives_the_same_bytes_and_replaces_the_earlier_export() {
    let root = scratch("twice");
    let (first, second) = (root.join("first"), root.join("second"));
    let (a, b, again) = on_one_day(|| {
        let _ = std::fs::remove_dir_all(&first);
        let _ = std::fs::remove_dir_all(&second);
        // The second into a folder that exists and is empty.
        std::fs::create_dir(&second).expect("empty folder");
        for dir in [&first, &second] {
            let out = export(dir);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        }
        let (a, b) = (tree(&first), tree(&second));
        // Into the first again, its files changed: an earlier export, replaced whole.
        std::fs::write(first.join("index.html"), "changed").expect("write");
        std::fs::remove_file(first.join("role.html")).expect("remove");
        let out = export(&first);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        (a, b, tree(&first))
    });
    assert_eq!(a.len(), 141);
    assert!(a == b, "two exports of the same content differ");
    assert!(again == a, "an export into an earlier one differs");
    // Nothing is left beside them: no folder written into, no earlier export moved aside.
    let mut beside: Vec<_> = std::fs::read_dir(&root)
        .expect("scratch")
        .map(|e| e.expect("entry").file_name())
        .collect();
    beside.sort();
    assert_eq!(beside, ["first", "second"]);
}

fn invalid_content_is_refused_with_the_messages_of_check_and_nothing_is_written() {
    let content = fixtures::materialize(
        "export-sum-more-than-reported",
        &fixtures::case("sum-more-than-reported"),
    );
    let root = scratch("invalid");
    let absent = root.join("site");
    // An earlier export, which must stay as it is.
    let earlier = root.join("earlier");
    copy_tree(&real_export().0, &earlier);
    let before = tree(&earlier);
    let check = common::run(common::binary().arg("check").arg(&content), LIMIT);
    assert_eq!(check.status.code(), Some(1));
    for dir in [&absent, &earlier] {
        let out = export_from(dir, &content, &common::root().join("static"));
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(stdout(&out), "");
        assert_eq!(
            stderr(&out),
            format!(
                "{}nothing was exported; {} is as it was\n",
                stderr(&check),
                dir.display()
            )
        );
        assert!(
            stderr(&out).contains("the rows add up to 365 CIRs but `reported_cirs` is 364"),
            "{}",
            stderr(&out)
        );
    }
    assert!(!absent.exists());
    assert!(tree(&earlier) == before, "the earlier export changed");
    let beside: Vec<_> = std::fs::read_dir(&root)
        .expect("scratch")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(beside, ["earlier"]);
}

fn a_folder_the_export_did_not_write_is_refused_and_left_as_it_was() {
    let root = scratch("refused");
    let notes = root.join("notes");
    std::fs::create_dir(&notes).expect("folder");
    std::fs::write(notes.join("todo.txt"), "keep me").expect("write");
    // Earlier exports with files added to them.
    let added = root.join("added");
    copy_tree(&real_export().0, &added);
    std::fs::write(added.join("CNAME"), "cir-guide.example").expect("write");
    let crowded = root.join("crowded");
    copy_tree(&real_export().0, &crowded);
    for n in 1..=7 {
        std::fs::write(crowded.join(format!("ja/extra-{n}.txt")), "mine").expect("write");
    }
    let file = root.join("file.txt");
    std::fs::write(&file, "a file").expect("write");
    let link = root.join("link");
    std::os::unix::fs::symlink(&notes, &link).expect("link");
    let missing = root.join("no/such/site");
    // A folder the site is read from, which would read the export back in.
    let statics = scratch_static("export-inside");
    let inside = statics.join("site");
    let before = (tree(&root), tree(&statics));

    let show = |p: &Path| p.display().to_string();
    let real_static = common::root().join("static");
    let cases: [(&Path, &Path, String); 7] = [
        (
            &notes,
            &real_static,
            format!(
                "`{}` is not empty and is not an earlier export (it has no .cir-guide-export \
                 listing the files an export wrote); export into a new or empty folder",
                show(&notes)
            ),
        ),
        (
            &added,
            &real_static,
            format!(
                "`{}` holds files the last export did not write, which replacing it would \
                 delete: CNAME; move them out, or export into a new or empty folder",
                show(&added)
            ),
        ),
        (
            &crowded,
            &real_static,
            format!(
                "`{}` holds files the last export did not write, which replacing it would \
                 delete: ja/extra-1.txt, ja/extra-2.txt, ja/extra-3.txt, ja/extra-4.txt, \
                 ja/extra-5.txt and 2 more; move them out, or export into a new or empty folder",
                show(&crowded)
            ),
        ),
        (
            &file,
            &real_static,
            format!("`{}` is a file, not a folder", show(&file)),
        ),
        (
            &link,
            &real_static,
            format!(
                "`{}` is a symbolic link: an export replaces a folder whole, so name the \
                 folder it points to",
                show(&link)
            ),
        ),
        (
            &missing,
            &real_static,
            format!(
                "the folder `{}` does not exist: create it first, or export elsewhere",
                show(&root.join("no/such"))
            ),
        ),
        (
            &inside,
            &statics,
            format!(
                "`{}` is inside `{}`, which the site is read from: the next export would \
                 read this one; export to a folder outside it",
                show(&inside),
                show(&statics)
            ),
        ),
    ];
    for (dir, statics, message) in cases {
        let out = export_from(dir, &common::base(), statics);
        assert_eq!(out.status.code(), Some(1), "{}", show(dir));
        assert_eq!(stdout(&out), "");
        assert_eq!(
            stderr(&out),
            format!(
                "error: {message}\nnothing was exported; {} is as it was\n",
                show(dir)
            )
        );
    }
    assert!(
        (tree(&root), tree(&statics)) == before,
        "a refused folder changed"
    );
}

fn a_static_file_too_large_for_memory_is_exported_as_the_server_sends_it() {
    let statics = scratch_static("export-large");
    // Larger than the 1 MiB kept in memory: the server sends it from disk, as written.
    let big: Vec<u8> = (0..1_200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::create_dir(statics.join("data")).expect("folder");
    std::fs::write(statics.join("data/big.bin"), &big).expect("write");
    let dir = scratch("large").join("site");
    let out = export_from(&dir, &common::base(), &statics);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let files = tree(&dir);
    assert_eq!(files.len(), 142);
    assert!(files["static/data/big.bin"] == big);
    assert!(!files.contains_key("static/data/big.bin.gz"));
    assert!(
        String::from_utf8_lossy(&files[".cir-guide-export"]).contains("\nstatic/data/big.bin\n")
    );
    let server = Server::start(&common::base(), &statics, &[]);
    let response = server.get_bytes("/static/data/big.bin", Some("br, gzip"));
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-encoding"), None);
    assert!(response.body == big);
}

/// Debian's module that sends `.br` files, when it is installed.
const BROTLI_STATIC: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// An nginx process in the foreground, stopped on drop.
struct Nginx {
    child: Child,
    addr: String,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `server` block of the "Static export" section of docs/deploying.md.
fn guide_server_block() -> String {
    let guide = std::fs::read_to_string(common::root().join("docs/deploying.md"))
        .expect("docs/deploying.md");
    let at = guide
        .find("\n## Static export\n")
        .expect("a Static export section in docs/deploying.md");
    let section = &guide[at..];
    let start = section.find("```nginx\n").expect("an nginx block") + "```nginx\n".len();
    let end = start + section[start..].find("```").expect("the block ends");
    section[start..end].to_string()
}

/// `text` with `from`, which must be there exactly once, made `to`.
fn replaced(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` once in {text}");
    text.replacen(from, to, 1)
}

impl Nginx {
    /// Serves `root` on a free port with the configuration of docs/deploying.md, one process,
    /// its files in `scratch`.
    fn start(binary: &Path, root: &Path, scratch: &Path) -> Nginx {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let addr = format!("127.0.0.1:{port}");
        let brotli = Path::new(BROTLI_STATIC).exists();
        let mut server = guide_server_block();
        server = replaced(&server, "listen 80;", &format!("listen {addr};"));
        server = replaced(
            &server,
            "root /srv/cir-guide/public;",
            &format!("root {};", root.display()),
        );
        if brotli {
            server = replaced(&server, "# brotli_static on;", "brotli_static on;");
        }
        let s = scratch.display();
        let config = format!(
            "daemon off;\nmaster_process off;\npid {s}/nginx.pid;\n\
             error_log {s}/error.log warn;\n{load}\
             events {{ worker_connections 64; }}\n\
             http {{\n\
             include /etc/nginx/mime.types;\naccess_log off;\n\
             client_body_temp_path {s}/body;\nproxy_temp_path {s}/proxy;\n\
             fastcgi_temp_path {s}/fastcgi;\nuwsgi_temp_path {s}/uwsgi;\n\
             scgi_temp_path {s}/scgi;\n{server}}}\n",
            load = if brotli {
                format!("load_module {BROTLI_STATIC};\n")
            } else {
                String::new()
            },
        );
        let conf = scratch.join("nginx.conf");
        std::fs::write(&conf, config).expect("nginx.conf");
        let log = scratch.join("error.log");
        let child = Command::new(binary)
            .arg("-p")
            .arg(scratch)
            .arg("-e")
            .arg(&log)
            .arg("-c")
            .arg(&conf)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts");
        let mut nginx = Nginx { child, addr };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(&nginx.addr).is_err() {
            if let Ok(Some(status)) = nginx.child.try_wait() {
                let log = std::fs::read_to_string(&log).unwrap_or_default();
                panic!("nginx exited before it listened ({status}):\n{log}");
            }
            assert!(
                Instant::now() < deadline,
                "nginx did not listen within 10 s"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        nginx
    }
}

fn nginx_serves_the_export_as_the_deploying_guide_configures_it() {
    let binary = common::harness::nginx().expect("nginx, which the harness checked");
    let (dir, _) = real_export();
    let files = tree(dir);
    let nginx = Nginx::start(&binary, dir, &scratch("nginx"));
    let html = Some("text/html; charset=utf-8");
    // The address, the Accept-Encoding sent, then the status, the file and the type expected.
    let mut cases = vec![
        ("/", None, 200, "index.html", html),
        ("/role", None, 200, "role.html", html),
        ("/role", Some("gzip"), 200, "role.html.gz", html),
        ("/ja/", None, 200, "ja/index.html", html),
        (
            "/ja/statistics",
            Some("gzip"),
            200,
            "ja/statistics.html.gz",
            html,
        ),
        // A static host sends the default view whatever the query.
        (
            "/statistics?sort=cirs&dir=desc",
            None,
            200,
            "statistics.html",
            html,
        ),
        (
            "/statistics.csv",
            None,
            200,
            "statistics.csv",
            Some("text/csv; charset=utf-8"),
        ),
        (
            "/ja/trends.json",
            None,
            200,
            "ja/trends.json",
            Some("application/json"),
        ),
        (
            "/previews/ja-home.png",
            None,
            200,
            "previews/ja-home.png",
            Some("image/png"),
        ),
        ("/nope", None, 404, "404.html", html),
        ("/ja/nope", None, 404, "ja/404.html", html),
        ("/ja/nope", Some("gzip"), 404, "ja/404.html.gz", html),
    ];
    if Path::new(BROTLI_STATIC).exists() {
        cases.push(("/role", Some("br, gzip"), 200, "role.html.br", html));
        cases.push(("/ja/", Some("br"), 200, "ja/index.html.br", html));
    } else {
        eprintln!("note: {BROTLI_STATIC} is not installed; .br files were not tried");
    }
    let css = files
        .keys()
        .find(|n| {
            n.starts_with("static/css/site.") && n.ends_with(".css") && *n != "static/css/site.css"
        })
        .expect("the fingerprinted stylesheet")
        .clone();
    let css_address = format!("/{css}");
    cases.push((
        &css_address,
        None,
        200,
        &css,
        Some("text/css; charset=utf-8"),
    ));
    for (address, accept, status, file, content_type) in cases {
        let response = get_bytes(&nginx.addr, address, accept);
        assert_eq!(response.status, status, "{address} {accept:?}");
        assert!(
            response.body == files[file],
            "{address} {accept:?} is not {file}"
        );
        assert_eq!(response.header("content-type"), content_type, "{address}");
        let coding = match file.rsplit('.').next() {
            Some("br") => Some("br"),
            Some("gz") => Some("gzip"),
            _ => None,
        };
        assert_eq!(
            response.header("content-encoding"),
            coding,
            "{address} {accept:?}"
        );
    }
}
