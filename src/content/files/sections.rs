//! Checks the files of pages made of sections, such as `role.toml`: each section has a unique
//! anchor, a heading, a body and its sources.

use crate::content::model::SectionsFile;
use crate::content::rules::Cx;
use crate::content::site::Section;

pub fn build(cx: &mut Cx<'_>, f: &SectionsFile) -> Vec<Section> {
    f.sections.iter().map(|s| s.resolve(cx)).collect()
}
