//! Checks `site.toml`: the site's name and address, the interface strings and the error pages.

use crate::content::diagnostic::{Diagnostic, Problem};
use crate::content::document::Doc;
use crate::content::model;
use crate::content::rules::{Cx, is_web_address};
use crate::content::site::{Settings, Ui};

pub fn build(doc: &Doc<'_, model::SiteFile>, diags: &mut Vec<Diagnostic>) -> Settings {
    let f = &doc.value;
    let mut cx = Cx::new(doc, None, diags).with_address(Some(f.base_url.get_ref().trim()));
    let base_url = cx.data_text(&f.base_url, "base_url");
    if !is_web_address(&base_url) || base_url.ends_with('/') {
        cx.error(
            f.base_url.span(),
            Problem::new(
                "`base_url` must be an address such as `https://cir.example.org`, starting with \
                 `https://` or `http://` and without a trailing slash",
            ),
        );
    }
    let lang = cx.text(&f.lang, "lang");
    let well_formed = lang.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !well_formed {
        cx.error(
            f.lang.span(),
            Problem::new("`lang` must be a language tag such as `en` or `en-GB`"),
        );
    }
    // The edition's folder says which language it is; the tag must agree, or browsers and
    // screen readers would read Japanese text as English.
    let edition = cx.lang().tag();
    if well_formed
        && lang.split('-').next() != Some(edition)
        && let Some(w) = cx.raw(&f.lang)
    {
        let problem = Problem::new(format!(
            "`lang = \"{lang}\"` is not the language of this edition"
        ))
        .help(format!(
            "write `lang = \"{edition}\"` or a tag starting with `{edition}-`"
        ));
        cx.check_written(&w, Some(problem));
    }
    let months: Vec<String> =
        f.ui.months
            .get_ref()
            .iter()
            .map(|m| cx.text_or_blank(m).trim().to_string())
            .collect();
    if months.len() != 12 || months.iter().any(String::is_empty) {
        cx.error(
            f.ui.months.span(),
            Problem::new("`months` must list the 12 month names, January first").help(format!(
                "found {} names",
                months.iter().filter(|m| !m.is_empty()).count()
            )),
        );
    }
    let not_found = f.not_found.resolve(&mut cx);
    let method_not_allowed = f.method_not_allowed.resolve(&mut cx);
    let server_error = f.server_error.resolve(&mut cx);
    let data = f.data.resolve(&mut cx);
    Settings {
        name: cx.text(&f.name, "name"),
        tagline: cx.text(&f.tagline, "tagline"),
        lang,
        base_url,
        ui: Ui {
            text: f.ui.resolve(&mut cx),
            months,
            punctuation: cx.lang().punctuation(),
        },
        not_found,
        method_not_allowed,
        server_error,
        data,
    }
}
