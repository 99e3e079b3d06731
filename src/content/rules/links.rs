//! The link rule: a translated edition's links to the site's own pages stay in that edition,
//! each reported where its destination is written.

use std::ops::Range;

use super::{Cx, Place, Written};
use crate::content::diagnostic::Problem;
use crate::content::markdown;

impl Cx<'_> {
    /// A translated edition's links to the site's own pages go to its own pages: a Japanese
    /// reader who follows a link should not land on an English page. Inline links, reference
    /// links and autolinks alike, each pointed at where its destination is written.
    pub(super) fn links_stay_in_edition(&mut self, w: &Written) {
        let lang = self.lang();
        if w.place != Place::Translated {
            return;
        }
        let prefix = lang.prefix();
        for link in markdown::links(&w.text) {
            let target = link.dest.as_str();
            let Some(path) = self.own_path(target) else {
                continue;
            };
            let inside = path == prefix || path.starts_with(&format!("{prefix}/"));
            let shared = path.starts_with("/static/") || path.starts_with("/previews/");
            if inside || shared {
                continue;
            }
            let fixed = lang.path(path);
            let span = self.place_at(w, link.at, target);
            self.error_where(
                &w.place,
                span,
                Problem::new(format!(
                    "the link to `{target}` leaves the {} edition",
                    lang.name()
                ))
                .help(format!("write `{fixed}`")),
            );
        }
    }

    /// The path of a link to one of the site's own pages: written as a path, or in full
    /// with the site's address.
    fn own_path<'t>(&self, target: &'t str) -> Option<&'t str> {
        if target.starts_with('/') {
            return Some(target);
        }
        match target.strip_prefix(self.address?)? {
            "" => Some("/"),
            path => path.starts_with('/').then_some(path),
        }
    }

    /// Where `at`, a range of the written text, is in its file: exactly where the file holds
    /// the text as it is (no escapes); else where the file first writes `needle`.
    fn place_at(&self, w: &Written, at: Range<usize>, needle: &str) -> Range<usize> {
        let source = match (w.place, self.tr) {
            (Place::Translated, Some(tr)) => tr.source,
            _ => self.source,
        };
        source
            .get(w.span.clone())
            .and_then(|value| value.find(w.text.as_str()))
            .map(|start| w.span.start + start + at.start..w.span.start + start + at.end)
            .unwrap_or_else(|| self.place_of(&w.place, w.span.clone(), needle))
    }
}
