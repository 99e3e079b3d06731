//! The citation rules: source ids resolved against `sources.toml`, with the nearest id
//! suggested for a slip.

use super::Cx;
use crate::content::diagnostic::Problem;
use crate::content::model::Text;
use crate::content::site::SourceRef;
use crate::content::suggest::closest;

impl Cx<'_> {
    /// Resolves cited source ids against `sources.toml`.
    pub fn cite<'t>(&mut self, ids: impl IntoIterator<Item = &'t Text>) -> Vec<SourceRef> {
        let Some(index) = self.index else {
            return Vec::new();
        };
        let mut refs: Vec<SourceRef> = Vec::new();
        for id in ids {
            match index.by_id.get(id.get_ref()) {
                Some(r) if !refs.contains(r) => refs.push(r.clone()),
                Some(_) => {}
                None => {
                    let help = match closest(id.get_ref(), index.by_id.keys().map(String::as_str)) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "add it to sources.toml or cite one listed there".to_string(),
                    };
                    self.error(
                        id.span(),
                        Problem::new(format!("unknown source `{}`", id.get_ref())).help(help),
                    );
                }
            }
        }
        refs
    }

    /// The index's entry for a source id, without reporting anything.
    pub fn cited(&self, id: &str) -> Option<&SourceRef> {
        self.index.and_then(|index| index.by_id.get(id))
    }

    /// A source that a page says it rests on must exist; the first of `ids` is required.
    pub fn cite_one(&mut self, id: &Text) -> Option<SourceRef> {
        self.cite(std::slice::from_ref(id)).into_iter().next()
    }
}
