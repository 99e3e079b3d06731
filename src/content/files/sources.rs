//! Checks `sources.toml`: every source, with a unique id other files cite it by, what kind of
//! source it is and when it was last checked, and the notes on where sources disagree.

use std::collections::HashMap;

use crate::content::diagnostic::{Diagnostic, Problem};
use crate::content::document::Doc;
use crate::content::model;
use crate::content::rules::{Cx, SourceIndex, is_web_address};
use crate::content::site::{Date, Html, Source, SourceKind, SourceRef, Sources, Ui};
use crate::content::suggest::closest;
use crate::lang::Lang;

/// A source not checked for this long may have moved or changed: `check` warns.
pub const STALE_AFTER_MONTHS: u16 = 12;

/// The index other files cite from: each source's id, title and kind. It comes first, since
/// every file cites sources; the rest of the file waits for the figures its text may name.
pub fn index(doc: &Doc<'_, model::SourcesFile>, diags: &mut Vec<Diagnostic>) -> SourceIndex {
    let mut cx = Cx::new(doc, None, diags);
    let mut seen = HashMap::new();
    let by_id = doc
        .value
        .sources
        .iter()
        .map(|s| {
            let id = cx.anchor(&s.id, "source id", &mut seen);
            // A missing or unknown kind is reported; the source stays citable, so that its
            // citations are not reported as well, and the content does not go live.
            let kind = kind(&mut cx, s, &id).unwrap_or(SourceKind::Secondary);
            let r = SourceRef {
                id: id.clone(),
                title: cx
                    .raw(&s.title)
                    .map(|w| w.text.trim().to_string())
                    .unwrap_or_default(),
                secondary: kind == SourceKind::Secondary,
            };
            (id, r)
        })
        .collect();
    SourceIndex { by_id }
}

/// The sources page. `today` dates the freshness warnings; `ui` (from `site.toml`, when it
/// loaded) writes the dates in them.
pub fn build(cx: &mut Cx<'_>, f: &model::SourcesFile, today: Date, ui: Option<&Ui>) -> Sources {
    let languages: HashMap<&str, String> = f
        .languages
        .iter()
        .map(|(tag, name)| (tag.as_str(), cx.text(name, "languages")))
        .collect();
    // The notes' anchors must differ from the sources' ids, which the index has checked.
    let taken: HashMap<String, usize> = f
        .sources
        .iter()
        .map(|s| {
            (
                s.id.get_ref().trim().to_lowercase(),
                cx.line_of(s.id.span()),
            )
        })
        .collect();
    let list = f
        .sources
        .iter()
        .map(|s| source(cx, s, &languages, today, ui))
        .collect();
    cx.reserve_anchors(taken);
    let notes = f.notes.iter().map(|n| n.resolve(cx)).collect();
    Sources {
        text: f.resolve(cx),
        sources: list,
        notes,
    }
}

/// The kind a source says it is, with a problem reported when it says none or another.
fn kind(cx: &mut Cx<'_>, s: &model::Source, id: &str) -> Option<SourceKind> {
    let Some(k) = &s.kind else {
        cx.error(
            s.id.span(),
            Problem::new(format!("the source `{id}` has no `kind`")).help(
                "add `kind = \"official\"` for the programme's, a ministry's or an embassy's own \
                 page, or `kind = \"secondary\"` for anything that restates others",
            ),
        );
        return None;
    };
    let found = SourceKind::ALL
        .into_iter()
        .find(|kind| kind.slug() == k.get_ref());
    if found.is_none() {
        let help = closest(
            k.get_ref(),
            SourceKind::ALL.map(SourceKind::slug).into_iter(),
        )
        .map_or_else(
            || "expected `official` or `secondary`".to_string(),
            |near| format!("did you mean `{near}`?"),
        );
        cx.error(
            k.span(),
            Problem::new(format!("unknown kind of source `{}`", k.get_ref())).help(help),
        );
    }
    found
}

/// One source, with every problem of it reported (its id and kind are the index's).
fn source(
    cx: &mut Cx<'_>,
    s: &model::Source,
    languages: &HashMap<&str, String>,
    today: Date,
    ui: Option<&Ui>,
) -> Source {
    let id = s.id.get_ref().trim().to_string();
    let secondary = cx.cited(&id).is_none_or(|r| r.secondary);
    // A translated edition may name the source's page in its own language.
    let url = match cx.edition_only(&s.title, "url") {
        Some(w) => {
            let problem = (!is_web_address(w.text.trim())).then(|| {
                Problem::new("`url` must be a web address starting with `https://` or `http://`")
            });
            cx.check_written(&w, problem);
            Some(w.text.trim().to_string())
        }
        None => s.url.as_ref().map(|u| web_address(cx, u, "url")),
    };
    let archived = s.archived.as_ref().map(|u| web_address(cx, u, "archived"));
    if cx.lang() == Lang::En {
        // Once, in the editors' language: the addresses are the same for every edition.
        version(cx, s, &id, [s.url.as_ref(), s.archived.as_ref()]);
    }
    let accessed = accessed(cx, s, &id, today, ui);
    // A source's language is named where it is not the edition's: sources without a
    // `language` are in English.
    let edition = cx.lang().tag();
    let language = s.language.as_ref().and_then(|tag| {
        let name = languages.get(tag.get_ref().as_str()).cloned();
        if name.is_none() {
            let help = match closest(tag.get_ref(), languages.keys().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "add it under `[languages]`, such as `{} = \"In …\"`",
                    tag.get_ref()
                ),
            };
            cx.error(
                tag.span(),
                Problem::new(format!("unknown language `{}`", tag.get_ref())).help(help),
            );
        }
        name.filter(|_| tag.get_ref() != edition)
    });
    let language = match (&s.language, edition) {
        (None, "en") | (Some(_), _) => language,
        (None, _) => languages.get("en").cloned(),
    };
    Source {
        title: cx.text(&s.title, "title"),
        publisher: cx.text(&s.publisher, "publisher"),
        url,
        kind: if secondary {
            SourceKind::Secondary
        } else {
            SourceKind::Official
        },
        // A missing date is reported, and the content does not go live.
        accessed: accessed.unwrap_or(today),
        archived,
        language,
        supports: Html::from(cx.markdown(&s.supports, "supports")),
        id,
    }
}

fn web_address(cx: &mut Cx<'_>, u: &model::Text, field: &str) -> String {
    let url = cx.data_text(u, field);
    if !is_web_address(&url) {
        cx.error(
            u.span(),
            Problem::new(format!(
                "`{field}` must be a web address starting with `https://` or `http://`"
            )),
        );
    }
    url
}

/// A source cited as it was on a day (`version`) leads to that version: the page as it is
/// today may say something else.
fn version(cx: &mut Cx<'_>, s: &model::Source, id: &str, addresses: [Option<&model::Text>; 2]) {
    let Some(value) = &s.version else {
        return;
    };
    let Some(date) = Date::from_toml(value.get_ref()) else {
        cx.error(
            value.span(),
            Problem::new("`version` must be a date without a time, such as 2008-04-27")
                .help(format!("found {}", value.get_ref())),
        );
        return;
    };
    let pinned = addresses
        .into_iter()
        .flatten()
        .any(|a| pins_a_version(a.get_ref()));
    if !pinned {
        let at = s.url.as_ref().map_or(value.span(), |u| u.span());
        cx.error(
            at,
            Problem::new(format!(
                "the source `{id}` is cited as it was on {}, but no address leads to that \
                 version: the page as it is today may say something else",
                date.iso()
            ))
            .help(
                "link to the version: a revision link (`…&oldid=208611259`), the page's history \
                 up to that day (`…&action=history&offset=20091104000000`), or an archived copy \
                 (`archived = \"https://web.archive.org/web/20091103000000/…\"`)",
            ),
        );
    }
}

/// Whether an address leads to one version of a page, not to the page as it is today: a
/// MediaWiki revision (`oldid=` and its number), a MediaWiki history that ends at a moment
/// (`action=history` with `offset=` and 14 digits), or a copy in the Internet Archive
/// (`web.archive.org/web/` and a timestamp of at least a day, 8 digits).
pub fn pins_a_version(address: &str) -> bool {
    let query = address.split_once('?').map_or("", |(_, q)| q);
    let query = query.split('#').next().unwrap_or_default();
    let params: Vec<(&str, &str)> = query.split('&').filter_map(|p| p.split_once('=')).collect();
    let param = |name: &str| params.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    let digits = |v: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit())
    };
    let revision = param("oldid").is_some_and(|v| digits(v, 1..=20));
    let history =
        param("action") == Some("history") && param("offset").is_some_and(|v| digits(v, 14..=14));
    let archive = [
        "https://web.archive.org/web/",
        "http://web.archive.org/web/",
    ]
    .iter()
    .find_map(|prefix| address.strip_prefix(prefix))
    .and_then(|rest| rest.split_once('/'))
    .is_some_and(|(stamp, page)| digits(stamp, 8..=14) && !page.is_empty());
    revision || history || archive
}

/// The date a source was last checked: required, not in the future, and a warning when it
/// is more than [`STALE_AFTER_MONTHS`] old.
fn accessed(
    cx: &mut Cx<'_>,
    s: &model::Source,
    id: &str,
    today: Date,
    ui: Option<&Ui>,
) -> Option<Date> {
    let Some(value) = &s.accessed else {
        cx.error(
            s.id.span(),
            Problem::new(format!("the source `{id}` has no `accessed` date")).help(format!(
                "add the day you last checked it says what the site says, such as \
                 `accessed = {}`",
                today.iso()
            )),
        );
        return None;
    };
    let Some(date) = Date::from_toml(value.get_ref()) else {
        cx.error(
            value.span(),
            Problem::new(format!(
                "`accessed` must be a date without a time, such as {}",
                today.iso()
            ))
            .help(format!("found {}", value.get_ref())),
        );
        return None;
    };
    if date > today {
        cx.error(
            value.span(),
            Problem::new(format!(
                "`accessed` is {}, after today ({})",
                date.iso(),
                today.iso()
            ))
            .help("write the day the source was checked"),
        );
    } else if cx.lang() == Lang::En && date < today.months_before(STALE_AFTER_MONTHS) {
        // Once, in the editors' language: the date is the same for every edition.
        cx.warn(
            value.span(),
            Problem::new(format!(
                "the source `{id}` was last checked on {}, more than {STALE_AFTER_MONTHS} \
                 months ago",
                ui.map_or_else(|| date.iso(), |ui| ui.date(date))
            ))
            .help(
                "check it still says what the site says, then set `accessed` to the day you \
                 checked",
            ),
        );
    }
    Some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_pins_a_version_by_revision_history_or_archive() {
        for pinned in [
            "https://en.wikipedia.org/w/index.php?title=Coordinator_for_International_Relations&oldid=208611259",
            "https://en.wikipedia.org/w/index.php?oldid=1&title=X#History",
            "https://en.wikipedia.org/w/index.php?title=JET_Programme&action=history&offset=20091104000000",
            "https://web.archive.org/web/20091103/https://en.wikipedia.org/wiki/JET_Programme",
            "http://web.archive.org/web/20091103123456/https://example.org/",
        ] {
            assert!(pins_a_version(pinned), "{pinned}");
        }
        for live in [
            "https://en.wikipedia.org/wiki/JET_Programme",
            "https://en.wikipedia.org/w/index.php?title=JET_Programme",
            "https://en.wikipedia.org/w/index.php?title=X&oldid=",
            "https://en.wikipedia.org/w/index.php?title=X&oldid=abc",
            "https://en.wikipedia.org/w/index.php?title=X&action=history",
            "https://en.wikipedia.org/w/index.php?title=X&action=history&offset=2009",
            "https://en.wikipedia.org/w/index.php?title=X&offset=20091104000000",
            "https://web.archive.org/web/2009/https://example.org/",
            "https://web.archive.org/web/20091103/",
            "https://web.archive.org/web/*/https://example.org/",
            "https://example.org/?q=oldid=5",
        ] {
            assert!(!pins_a_version(live), "{live}");
        }
    }
}
