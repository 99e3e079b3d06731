//! Checks `site.toml`: the site's name and address, the interface strings and the error pages.

use crate::content::diagnostic::Diagnostic;
use crate::content::document::Doc;
use crate::content::model;
use crate::content::rules::{Cx, is_web_address};
use crate::content::site::{DataText, ErrorText, Settings, Ui};

pub fn build(doc: &Doc<'_, model::SiteFile>, diags: &mut Vec<Diagnostic>) -> Settings {
    let f = &doc.value;
    let mut cx = Cx::new(doc, None, diags).with_address(Some(f.base_url.get_ref().trim()));
    let base_url = cx.data_text(&f.base_url, "base_url");
    if !is_web_address(&base_url) || base_url.ends_with('/') {
        cx.error(
            f.base_url.span(),
            "`base_url` must be an address such as `https://cir.example.org`, starting with \
             `https://` or `http://` and without a trailing slash",
        );
    }
    let lang = cx.text(&f.lang, "lang");
    let well_formed = lang.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !well_formed {
        cx.error(
            f.lang.span(),
            "`lang` must be a language tag such as `en` or `en-GB`",
        );
    }
    // The edition's folder says which language it is; the tag must agree, or browsers and
    // screen readers would read Japanese text as English.
    let edition = cx.lang().tag();
    if well_formed
        && lang.split('-').next() != Some(edition)
        && let Some(w) = cx.raw(&f.lang)
    {
        let problem = format!(
            "`lang = \"{lang}\"` is not the language of this edition; write `lang = \"{edition}\"` \
             or a tag starting with `{edition}-`"
        );
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
            format!(
                "`months` must list the 12 month names, January first; found {} names",
                months.iter().filter(|m| !m.is_empty()).count()
            ),
        );
    }
    let ui = &f.ui;
    let date_format = format(
        &mut cx,
        &ui.date_format,
        "date_format",
        &["{day}", "{month}", "{year}"],
    );
    let month_format = format(
        &mut cx,
        &ui.month_format,
        "month_format",
        &["{month}", "{year}"],
    );
    let year_format = format(&mut cx, &ui.year_format, "year_format", &["{year}"]);
    let data = data(&mut cx, &f.data);
    let mut error = |p: &model::ErrorPage| ErrorText {
        title: cx.text(&p.title, "title"),
        body_html: cx.markdown(&p.body, "body"),
    };
    let (not_found, method_not_allowed, server_error) = (
        error(&f.not_found),
        error(&f.method_not_allowed),
        error(&f.server_error),
    );
    Settings {
        name: cx.text(&f.name, "name"),
        tagline: cx.text(&f.tagline, "tagline"),
        lang,
        base_url,
        ui: Ui {
            skip_link: cx.text(&ui.skip_link, "skip_link"),
            nav_label: cx.text(&ui.nav_label, "nav_label"),
            page_sources_heading: cx.text(&ui.page_sources_heading, "page_sources_heading"),
            cited_label: cx.text(&ui.cited_label, "cited_label"),
            all_sources_link: cx.text(&ui.all_sources_link, "all_sources_link"),
            footer_html: cx.markdown(&ui.footer, "footer"),
            months,
            date_format,
            month_format,
            year_format,
            thousands_separator: cx.text_or_blank(&ui.thousands_separator),
            decimal_separator: cx.text(&ui.decimal_separator, "decimal_separator"),
            list_separator: cx.text_or_blank(&ui.list_separator),
            punctuation: cx.lang().punctuation(),
            switch_label: cx.text(&ui.switch_label, "switch_label"),
            switch_hint: cx.text(&ui.switch_hint, "switch_hint"),
        },
        not_found,
        method_not_allowed,
        server_error,
        data,
    }
}

fn data(cx: &mut Cx<'_>, d: &model::DataStrings) -> DataText {
    let licence_url = cx.text(&d.licence_url, "licence_url");
    if !is_web_address(&licence_url) {
        cx.error(
            d.licence_url.span(),
            "`licence_url` must be a web address starting with `https://` or `http://`",
        );
    }
    DataText {
        download_label: cx.text(&d.download_label, "download_label"),
        cite_heading: cx.text(&d.cite_heading, "cite_heading"),
        plain_label: cx.text(&d.plain_label, "plain_label"),
        bibtex_label: cx.text(&d.bibtex_label, "bibtex_label"),
        accessed_label: cx.text(&d.accessed_label, "accessed_label"),
        licence_name: cx.text(&d.licence_name, "licence_name"),
        licence_id: cx.data_text(&d.licence_id, "licence_id"),
        licence_url,
        licence_note_html: cx.markdown(&d.licence_note, "licence_note"),
    }
}

/// A format: each of `parts` once, so that no date loses its day, month or year and no
/// figure its value.
fn format(cx: &mut Cx<'_>, t: &model::Text, field: &str, parts: &[&str]) -> String {
    let Some(w) = cx.raw(t) else {
        return parts.join(" ");
    };
    let text = w.text.clone();
    let missing: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|p| text.matches(p).count() != 1)
        .collect();
    let problem = (!missing.is_empty()).then(|| {
        format!(
            "`{field}` must name each of {} once; write it as, for example, `{}`",
            parts.join(", "),
            parts.join(" ")
        )
    });
    cx.check_written(&w, problem);
    text
}
