//! Checks `duties.toml`: groups of duties, each with an anchor, and duties with examples.

use std::collections::HashMap;

use crate::content::markdown;
use crate::content::model::DutiesFile;
use crate::content::rules::Cx;
use crate::content::site::{Duties, Duty, DutyGroup};

pub fn build(cx: &mut Cx<'_>, f: &DutiesFile) -> Duties {
    let mut seen = HashMap::new();
    let groups = f
        .groups
        .iter()
        .map(|g| DutyGroup {
            id: cx.anchor(&g.id, "id", &mut seen),
            heading: cx.text(&g.heading, "heading"),
            summary_html: cx.markdown(&g.summary, "summary"),
            sources: cx.cite(&g.sources),
            duties: g
                .duties
                .iter()
                .map(|d| Duty {
                    name: cx.text(&d.name, "name"),
                    explanation_html: cx.markdown(&d.explanation, "explanation"),
                    examples_html: d
                        .examples
                        .iter()
                        .map(|e| markdown::to_inline_html(&cx.text(e, "examples")))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Duties {
        text: f.resolve(cx),
        groups,
    }
}
