//! Checks `duties.toml`: groups of duties, each with an anchor, and duties with examples.

use crate::content::model::DutiesFile;
use crate::content::rules::Cx;
use crate::content::site::{Duties, DutyGroup};

pub fn build(cx: &mut Cx<'_>, f: &DutiesFile) -> Duties {
    let groups = f
        .groups
        .iter()
        .map(|g| DutyGroup {
            text: g.resolve(cx),
            duties: g.duties.iter().map(|d| d.resolve(cx)).collect(),
        })
        .collect();
    Duties {
        text: f.resolve(cx),
        groups,
    }
}
