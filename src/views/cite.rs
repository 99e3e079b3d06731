//! What every data page ends its table with: links to download exactly the view on screen,
//! a citation of the view in plain text and in BibTeX, and the data's licence.

use crate::content::Site;
use crate::content::site::{DataText, SourceRef};

/// The download links and the citation box of one view.
pub struct DataBox<'a> {
    pub text: &'a DataText,
    /// Where the CSV and JSON of the view are, query included.
    pub csv: String,
    pub json: String,
    /// The addresses without the query, for the table's script to add the new view's query
    /// to after sorting in place.
    pub csv_base: String,
    pub json_base: String,
    /// The view's canonical address, which the citations name.
    pub url: String,
    pub plain: String,
    pub bibtex: String,
}

/// What a citation names besides the site and the address.
pub struct Cited<'a> {
    /// A key for BibTeX, such as `cir-guide-statistics`.
    pub key: &'static str,
    pub title: &'a str,
    /// The sources of the figures, in the order the page first cites them.
    pub sources: Vec<&'a SourceRef>,
    /// The words before them, as in "Source:" or "Sources:".
    pub source_label: &'a str,
}

impl<'a> DataBox<'a> {
    /// The box for the view at `path_and_query` (within the edition), whose files are
    /// `csv_base` and `json_base` with the same query, in the same edition.
    pub fn new(
        site: &'a Site,
        (csv_base, json_base): (&'static str, &'static str),
        path_and_query: &str,
        cited: Cited<'_>,
    ) -> Self {
        let query = path_and_query
            .find('?')
            .map_or("", |at| &path_and_query[at..]);
        let url = format!(
            "{}{}",
            site.settings.base_url,
            site.lang.path(path_and_query)
        );
        let (csv_base, json_base) = (site.lang.path(csv_base), site.lang.path(json_base));
        DataBox {
            text: &site.settings.data,
            csv: format!("{csv_base}{query}"),
            json: format!("{json_base}{query}"),
            csv_base,
            json_base,
            plain: plain(site, &url, &cited),
            bibtex: bibtex(site, &url, &cited),
            url,
        }
    }
}

/// The source as a citation names it: title, publisher, and its kind (official or secondary).
fn source_words(site: &Site, source: &SourceRef) -> String {
    let publisher = site.sources.get(source).map(|s| s.publisher.as_str());
    let mut words = source.title.clone();
    let p = site.lang.punctuation();
    if let Some(publisher) = publisher {
        words.push_str(&site.settings.ui.list_separator);
        words.push_str(publisher);
    }
    words.push_str(&p.aside(if source.secondary {
        &site.sources.secondary_label
    } else {
        &site.sources.official_label
    }));
    words
}

/// What both citations say after the title and the address: the source, if any, and the
/// day of access, as in "Source: … (secondary source). Accessed 30 November 2026".
fn source_and_access(site: &Site, cited: &Cited<'_>) -> String {
    let p = site.lang.punctuation();
    let source = if cited.sources.is_empty() {
        String::new()
    } else {
        let named: Vec<String> = cited
            .sources
            .iter()
            .map(|source| source_words(site, source))
            .collect();
        format!(
            "{}{}{}{}{}",
            cited.source_label,
            p.space,
            named.join(p.sources),
            p.full_stop,
            p.space
        )
    };
    format!(
        "{source}{}{}{}",
        site.settings.data.accessed_label,
        p.space,
        site.settings.ui.date(site.today)
    )
}

fn plain(site: &Site, url: &str, cited: &Cited<'_>) -> String {
    let p = site.lang.punctuation();
    let (stop, space) = (p.full_stop, p.space);
    format!(
        "{}{stop}{space}{}{stop}{space}{url}{}{}{stop}",
        site.settings.name,
        p.quoted(cited.title),
        p.after_address,
        source_and_access(site, cited)
    )
}

fn bibtex(site: &Site, url: &str, cited: &Cited<'_>) -> String {
    let note = source_and_access(site, cited);
    format!(
        "@misc{{{key},\n  author       = {{{{{author}}}}},\n  title        = {{{title}}},\n  \
         howpublished = {{\\url{{{url}}}}},\n  url          = {{{url}}},\n  \
         note         = {{{note}}},\n  urldate      = {{{date}}},\n  year         = {{{year}}}\n}}",
        key = cited.key,
        author = escape(&site.settings.name),
        title = escape(cited.title),
        note = escape(&note),
        date = site.today.iso(),
        year = site.today.year,
    )
}

/// Text as BibTeX reads it literally: its special characters escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_special_characters_are_escaped() {
        assert_eq!(escape("CIRs & ALTs: 8.2% #1"), "CIRs \\& ALTs: 8.2\\% \\#1");
        assert_eq!(
            escape("a_b {c} ~^\\"),
            "a\\_b \\{c\\} \\textasciitilde{}\\textasciicircum{}\\textbackslash{}"
        );
        assert_eq!(escape("plain"), "plain");
    }
}
