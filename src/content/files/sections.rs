//! Checks the files of pages made of sections, such as `role.toml`: each section has a unique
//! anchor, a heading, a body and its sources.

use std::collections::HashMap;

use crate::content::model::SectionsFile;
use crate::content::rules::Cx;
use crate::content::site::Section;

pub fn build(cx: &mut Cx<'_>, f: &SectionsFile) -> Vec<Section> {
    let mut seen = HashMap::new();
    f.sections
        .iter()
        .map(|s| cx.section(s, &mut seen))
        .collect()
}
