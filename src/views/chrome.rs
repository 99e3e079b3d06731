//! What every page shares: the layout's data (title, navigation, canonical address, assets)
//! and the list of sources at a page's foot.

use crate::assets::Assets;
use crate::content::Site;
use crate::content::pages::Page;
use crate::content::site::{Meta, SourceRef};
use crate::preview::Preview;

/// What every view is built from.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub site: &'a Site,
    pub assets: &'a Assets,
    /// Each page's link preview, in the order of the pages.
    pub previews: &'a [Preview],
    pub dev: Option<&'a DevPanel>,
}

/// What dev mode adds to every page.
#[derive(Debug, Clone, Default)]
pub struct DevPanel {
    /// The content's problems, rendered as text, while the last reload failed.
    pub problems: Option<String>,
}

/// What the layout around every page needs.
pub struct Chrome<'a> {
    pub site: &'a Site,
    /// Where the stylesheet, script and images are: fingerprinted addresses.
    pub assets: &'a Assets,
    /// The `<title>`: the page's title, then the site's name.
    pub title: String,
    pub heading: &'a str,
    pub description: &'a str,
    /// The absolute canonical address; none for error pages.
    pub canonical: Option<String>,
    /// The absolute address of the page's link preview (the home page's for error pages).
    pub image: String,
    /// The preview in words.
    pub image_alt: &'a str,
    pub nav: Vec<NavItem<'a>>,
    /// Only the statistics page loads the script.
    pub script: bool,
    /// Dev mode only: the reload script, and the problems of the content while it is invalid.
    pub dev: Option<&'a DevPanel>,
}

pub struct NavItem<'a> {
    pub href: &'static str,
    pub label: &'a str,
    pub current: bool,
}

impl<'a> Chrome<'a> {
    /// The layout of `current` (none for an error page), whose canonical address is
    /// `path_and_query` on the site's public address.
    pub fn new(cx: Ctx<'a>, current: Option<Page>, path_and_query: Option<String>) -> Self {
        let Ctx {
            site,
            assets,
            previews,
            dev,
        } = cx;
        let preview = &previews[current.unwrap_or(Page::HOME).index()];
        let (heading, description) = match current {
            Some(page) => {
                let meta = &site.page(page).meta;
                (meta.title.as_str(), meta.description.as_str())
            }
            None => ("", site.page(Page::HOME).meta.description.as_str()),
        };
        Chrome {
            site,
            assets,
            title: if current == Some(Page::HOME) {
                site.settings.name.clone()
            } else {
                format!("{heading} – {}", site.settings.name)
            },
            heading,
            description,
            canonical: path_and_query.map(|p| format!("{}{p}", site.settings.base_url)),
            image: format!("{}{}", site.settings.base_url, preview.path),
            image_alt: &preview.alt,
            nav: Page::all()
                .map(|p| NavItem {
                    href: p.path(),
                    label: &site.page(p).meta.nav_label,
                    current: Some(p) == current,
                })
                .collect(),
            script: current == Some(Page::STATISTICS),
            dev,
        }
    }

    /// The layout of a page in its default form.
    pub fn page(cx: Ctx<'a>, page: Page) -> Self {
        Self::new(cx, Some(page), Some(page.path().to_string()))
    }
}

/// Every source a page cites, in the order first cited, for the list at its foot: the page's
/// own sources first, then those of its parts.
pub fn cited<'a>(
    meta: &'a Meta,
    parts: impl IntoIterator<Item = &'a [SourceRef]>,
) -> Vec<&'a SourceRef> {
    let mut all: Vec<&SourceRef> = Vec::new();
    for r in std::iter::once(meta.sources.as_slice())
        .chain(parts)
        .flatten()
    {
        if !all.iter().any(|s| s.id == r.id) {
            all.push(r);
        }
    }
    all
}
