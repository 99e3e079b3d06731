//! The docs hold together: the anchors the templates use are the ones editors may not take, and
//! every relative link in the Markdown files leads somewhere. (CONTENT.md's field reference is
//! generated; `schema::` keeps it current.)

use crate::common;

common::harness::tests! {
    sync reserved_anchors_are_exactly_the_ids_the_templates_use [],
    sync every_relative_link_in_the_markdown_files_resolves [],
}

fn reserved_anchors_are_exactly_the_ids_the_templates_use() {
    let mut ids: Vec<String> = Vec::new();
    let mut stack = vec![common::root().join("templates")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).expect("templates") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("template");
            for part in text.split(" id=\"").skip(1) {
                let id = &part[..part.find('"').expect("closing quote")];
                if !id.contains("{{") {
                    ids.push(id.to_string());
                }
            }
        }
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids, cir_guide::content::rules::RESERVED_IDS);
}

/// The Markdown files of the repository, by path from its root: the build's, the npm
/// packages' and the hidden folders left out.
fn markdown_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        if path.is_dir() {
            markdown_files(&path, out);
        } else if name.ends_with(".md") {
            out.push(path);
        }
    }
}

/// A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown file's headings and the destinations of its links, code left out.
/// A heading met again gets `-1`, `-2`, … after its anchor, as on GitHub.
fn anchors_and_links(text: &str) -> (Vec<String>, Vec<String>) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let (mut anchors, mut links) = (Vec::new(), Vec::new());
    let mut seen = std::collections::HashMap::<String, usize>::new();
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let base = anchor(&heading.take().unwrap_or_default());
                let times = seen.entry(base.clone()).or_default();
                anchors.push(match *times {
                    0 => base,
                    n => format!("{base}-{n}"),
                });
                *times += 1;
            }
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            _ => {}
        }
    }
    (anchors, links)
}

fn every_relative_link_in_the_markdown_files_resolves() {
    let root = common::root();
    let mut files = Vec::new();
    markdown_files(&root, &mut files);
    let mut broken = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a Markdown file");
        for link in anchors_and_links(&text).1 {
            // Addresses on the web, and the site's own addresses in examples.
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with('/') {
                continue;
            }
            let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = if path.is_empty() {
                file.clone()
            } else {
                file.parent().expect("a folder").join(path)
            };
            let name = file.strip_prefix(&root).unwrap_or(file).display();
            if !target.exists() {
                broken.push(format!("{name}: {link} (no such file)"));
            } else if !fragment.is_empty() && target.extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(&target).expect("the linked file");
                if !anchors_and_links(&text).0.iter().any(|a| a == fragment) {
                    broken.push(format!("{name}: {link} (no such heading)"));
                }
            }
        }
    }
    assert!(files.len() >= 8, "the Markdown files: {files:?}");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}
