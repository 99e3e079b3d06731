//! Checks `sources.toml`: every source, with a unique id other files cite it by, and the
//! notes on where sources disagree.

use std::collections::HashMap;

use crate::content::diagnostic::Diagnostic;
use crate::content::document::Doc;
use crate::content::model;
use crate::content::rules::{Cx, SourceIndex};
use crate::content::site::{Meta, Source, SourceRef, Sources};

/// The sources page, and the index other files cite from.
pub fn build(
    doc: &Doc<'_, model::SourcesFile>,
    diags: &mut Vec<Diagnostic>,
) -> (Meta, Sources, SourceIndex) {
    let f = &doc.value;
    let mut cx = Cx::new(doc, None, diags);
    let mut seen = HashMap::new();
    let list: Vec<Source> = f
        .sources
        .iter()
        .map(|s| {
            let url = s.url.as_ref().map(|u| {
                let url = cx.text(u, "url");
                if !(url.starts_with("https://") || url.starts_with("http://"))
                    || url.contains(char::is_whitespace)
                {
                    cx.error(
                        u.span(),
                        "`url` must be a web address starting with `https://` or `http://`",
                    );
                }
                url
            });
            Source {
                id: cx.anchor(&s.id, "source id", &mut seen),
                title: cx.text(&s.title, "title"),
                publisher: cx.text(&s.publisher, "publisher"),
                url,
                supports_html: cx.markdown(&s.supports, "supports"),
            }
        })
        .collect();
    let index = SourceIndex {
        by_id: list
            .iter()
            .map(|s| {
                let r = SourceRef {
                    id: s.id.clone(),
                    title: s.title.clone(),
                };
                (s.id.clone(), r)
            })
            .collect(),
    };
    let mut cx = Cx::new(doc, Some(&index), diags);
    let notes = f.notes.iter().map(|n| {
        let s = model::Section {
            id: n.id.clone(),
            heading: n.heading.clone(),
            body: n.body.clone(),
            sources: n.sources.clone(),
        };
        cx.section(&s, &mut seen)
    });
    let notes = notes.collect();
    let meta = cx.meta(&f.page);
    let page = Sources {
        list_heading: cx.text(&f.list_heading, "list_heading"),
        supports_label: cx.text(&f.supports_label, "supports_label"),
        notes_heading: cx.text(&f.notes_heading, "notes_heading"),
        sources: list,
        notes,
    };
    (meta, page, index)
}
