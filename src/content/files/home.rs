//! Checks `home.toml`: the labels of the front page's key figures and its list of pages.

use crate::content::model::HomeFile;
use crate::content::rules::Cx;
use crate::content::site::Home;

pub fn build(cx: &mut Cx<'_>, f: &HomeFile) -> Home {
    let g = &f.figures;
    Home {
        figures_heading: cx.text(&g.heading, "heading"),
        cirs_label: cx.text(&g.cirs, "cirs"),
        share_label: cx.text(&g.share, "share"),
        participants_label: cx.text(&g.participants, "participants"),
        as_of_label: cx.text(&g.as_of, "as_of"),
        table_link: cx.text(&g.table_link, "table_link"),
        sections_heading: cx.text(&f.sections_heading, "sections_heading"),
    }
}
