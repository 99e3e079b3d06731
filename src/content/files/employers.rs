//! Checks `employers.toml`: one entry per kind of employer, each with a unique anchor.

use std::collections::HashMap;

use crate::content::model::EmployersFile;
use crate::content::rules::Cx;
use crate::content::site::{Employer, Employers};

pub fn build(cx: &mut Cx<'_>, f: &EmployersFile) -> Employers {
    let mut seen = HashMap::new();
    let employers = f
        .employers
        .iter()
        .map(|e| Employer {
            id: cx.anchor(&e.id, "id", &mut seen),
            name: cx.text(&e.name, "name"),
            what_html: cx.markdown(&e.what, "what"),
            work_html: cx.markdown(&e.work, "work"),
            sources: cx.cite(&e.sources),
        })
        .collect();
    Employers {
        text: f.resolve(cx),
        employers,
    }
}
