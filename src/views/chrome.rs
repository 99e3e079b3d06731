//! What every page shares: the layout's data (title, navigation, canonical address, assets)
//! and the list of sources at a page's foot.

use crate::assets::Assets;
use crate::content::pages::Page;
use crate::content::site::{Meta, SourceRef};
use crate::content::{Lang, Site};
use crate::lang::Punctuation;
use crate::preview::Preview;

/// What every view is built from.
#[derive(Clone, Copy)]
pub struct RenderInput<'a> {
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
    /// The texts not yet translated, rendered as text, when there are any: the pages show the
    /// English text in their place.
    pub untranslated: Option<String>,
}

impl DevPanel {
    /// The panel of valid content: what is not yet translated, if anything.
    pub fn of(sites: &[std::sync::Arc<Site>]) -> DevPanel {
        let untranslated: Vec<_> = sites
            .first()
            .map(|site| {
                site.warnings
                    .0
                    .iter()
                    .filter(|w| w.untranslated)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        DevPanel {
            problems: None,
            untranslated: (!untranslated.is_empty())
                .then(|| crate::content::Diagnostics(untranslated).render(false)),
        }
    }
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
    /// The start of every address of this edition: `""` or `"/ja"`.
    pub prefix: &'static str,
    /// The punctuation of this edition's language.
    pub p: &'static Punctuation,
    /// `og:locale` of this edition, and of the others.
    pub locale: &'static str,
    pub other_locales: Vec<&'static str>,
    /// The same page in every language, for `hreflang` (absolute addresses); none for error
    /// pages.
    pub alternates: Vec<Alternate>,
    /// The header's link to the same page, view and (with the script) anchor in the other
    /// language.
    pub switch: Switch<'a>,
    /// Only the statistics page loads the script.
    pub script: bool,
    /// Dev mode only: the reload script, and the problems of the content while it is invalid.
    pub dev: Option<&'a DevPanel>,
    /// Whether the page shows English text where its translation is not written yet.
    pub untranslated: bool,
    /// What the page describes for search engines (schema.org, as JSON-LD); the data pages'
    /// `Dataset`.
    pub structured_data: Option<JsonLd>,
}

/// JSON-LD for a `<script type="application/ld+json">` element. HTML's escapes do not apply
/// inside a script element, so the JSON is written raw, with `<`, `>` and `&` as JSON's
/// `\u` escapes: no text in it can close the element or open a comment.
#[derive(Debug, Clone)]
pub struct JsonLd(String);

impl JsonLd {
    pub fn new(value: &serde_json::Value) -> JsonLd {
        let mut out = String::new();
        for c in value.to_string().chars() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                c => out.push(c),
            }
        }
        JsonLd(out)
    }
}

impl std::fmt::Display for JsonLd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Templates show it unescaped: [`JsonLd::new`] escaped what could end the element.
impl askama::filters::HtmlSafe for JsonLd {}

/// The same page in one language.
pub struct Alternate {
    /// `en`, `ja`, or `x-default` for the English page.
    pub hreflang: &'static str,
    pub href: String,
}

/// The link to the other language's page.
pub struct Switch<'a> {
    pub href: String,
    pub lang: &'static str,
    /// Written in the other language.
    pub label: &'a str,
    /// What the link does, in this page's language.
    pub hint: &'a str,
}

pub struct NavItem<'a> {
    pub href: String,
    pub label: &'a str,
    pub current: bool,
}

impl<'a> Chrome<'a> {
    /// The language of a text written in another language than the page's (an English
    /// source's title quoted on a Japanese page, or English text standing in for a
    /// translation), for the `lang_of` macro of `templates/partials/macros.html`.
    pub fn foreign_lang(&self, text: &str) -> Option<&'static str> {
        let lang = Lang::of_text(text);
        (lang != self.site.lang).then(|| lang.tag())
    }

    /// The layout of `current` (none for an error page), whose canonical address is
    /// `path_and_query` (within the edition: `/statistics?sort=name`) in this edition on the
    /// site's public address.
    pub fn new(cx: RenderInput<'a>, current: Option<Page>, path_and_query: Option<String>) -> Self {
        let RenderInput {
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
        let lang = site.lang;
        let base = &site.settings.base_url;
        let other = Lang::ALL.into_iter().find(|&l| l != lang).unwrap_or(lang);
        // An error page's switch goes to the other edition's home page.
        let within = path_and_query.as_deref().unwrap_or("/");
        let alternates = match &path_and_query {
            Some(p) => alternates(base, p),
            None => Vec::new(),
        };
        let p = lang.punctuation();
        Chrome {
            p,
            prefix: lang.prefix(),
            locale: lang.locale(),
            other_locales: Lang::ALL
                .into_iter()
                .filter(|&l| l != lang)
                .map(Lang::locale)
                .collect(),
            alternates,
            switch: Switch {
                href: other.path(within),
                lang: other.tag(),
                label: &site.settings.ui.switch_label,
                hint: &site.settings.ui.switch_hint,
            },
            site,
            assets,
            title: if current == Some(Page::HOME) {
                site.settings.name.clone()
            } else {
                format!("{heading}{}{}", p.title, site.settings.name)
            },
            heading,
            description,
            canonical: path_and_query.map(|p| format!("{base}{}", lang.path(&p))),
            image: format!("{}{}", site.settings.base_url, preview.path),
            image_alt: &preview.alt,
            nav: Page::all()
                .map(|p| NavItem {
                    href: lang.path(p.path()),
                    label: &site.page(p).meta.nav_label,
                    current: Some(p) == current,
                })
                .collect(),
            script: current == Some(Page::STATISTICS),
            dev,
            untranslated: current.is_some_and(|p| site.page(p).untranslated),
            structured_data: None,
        }
    }

    /// The layout of a page in its default form.
    pub fn page(cx: RenderInput<'a>, page: Page) -> Self {
        Self::new(cx, Some(page), Some(page.path().to_string()))
    }
}

/// The same page in every language, then the English page as the default: what a page's
/// `<head>` and the sitemap say of its twins. `path_and_query` is within an edition.
pub fn alternates(base: &str, path_and_query: &str) -> Vec<Alternate> {
    Lang::ALL
        .into_iter()
        .map(|l| Alternate {
            hreflang: l.tag(),
            href: format!("{base}{}", l.path(path_and_query)),
        })
        .chain(std::iter::once(Alternate {
            hreflang: "x-default",
            href: format!("{base}{}", Lang::En.path(path_and_query)),
        }))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let value = serde_json::json!({ "name": "</script><!-- a & b >" });
        let ld = JsonLd::new(&value).to_string();
        assert_eq!(
            ld,
            r#"{"name":"\u003c/script\u003e\u003c!-- a \u0026 b \u003e"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&ld).expect("still JSON");
        assert_eq!(back, value);
    }
}
