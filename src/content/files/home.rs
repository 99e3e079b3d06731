//! Checks `home.toml`: the labels of the front page's key figures and its list of pages.

use crate::content::model::HomeFile;
use crate::content::rules::Cx;
use crate::content::site::Home;

pub fn build(cx: &mut Cx<'_>, f: &HomeFile) -> Home {
    Home {
        text: f.resolve(cx),
        figures: f.figures.resolve(cx),
    }
}
