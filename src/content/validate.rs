//! Rules across fields and files, applied while the parsed files become the [`Site`] snapshot.
//! Every rule reports and carries on, so an editor sees every problem in one run.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use super::diagnostic::Diagnostic;
use super::load::{Doc, Docs};
use super::markdown;
use super::model::{self, PageMeta, Text};
use super::site::{
    Duties, Duty, DutyGroup, Employer, Employers, ErrorText, Home, Meta, Role, Section, Site,
    Source, SourceRef, Sources, Ui,
};
pub use super::suggest::closest;
use super::table;

/// Builds the site from the parsed files, reporting every broken rule. `None` when a file is
/// missing or unparsable; the caller also refuses a site when any problem was reported.
pub fn site(docs: &Docs, diags: &mut Vec<Diagnostic>) -> Option<Site> {
    let (sources, index) = match &docs.sources {
        Some(doc) => {
            let (page, index) = sources(doc, diags);
            (Some(page), Some(index))
        }
        None => (None, None),
    };
    let index = index.as_ref();
    let site = docs.site.as_ref().map(|d| site_file(d, diags));
    let home = docs.home.as_ref().map(|d| home(d, index, diags));
    let role = docs.role.as_ref().map(|d| role(d, index, diags));
    let duties = docs.duties.as_ref().map(|d| duties(d, index, diags));
    let employers = docs.employers.as_ref().map(|d| employers(d, index, diags));
    let statistics = docs.statistics.as_ref().map(|d| {
        let mut cx = Cx::new(d, index, diags);
        table::statistics(&mut cx, &d.value)
    });
    let basics = site?;
    Some(Site {
        // Set by the loader, which has the files' bytes.
        version: String::new(),
        name: basics.name,
        tagline: basics.tagline,
        lang: basics.lang,
        base_url: basics.base_url,
        ui: basics.ui,
        not_found: basics.not_found,
        method_not_allowed: basics.method_not_allowed,
        server_error: basics.server_error,
        home: home?,
        role: role?,
        duties: duties?,
        employers: employers?,
        sources: sources?,
        statistics: statistics??,
    })
}

/// Ids the templates give their own elements; an anchor with one of these names would make
/// the page's ids clash. A test checks this list against the templates.
pub const RESERVED_IDS: [&str; 14] = [
    "dev-panel-heading",
    "figures-heading",
    "filter-region",
    "filter-type",
    "list-heading",
    "main",
    "notes-heading",
    "page-sources-heading",
    "rows-shown",
    "sections-heading",
    "sort-status",
    "stats",
    "stats-caption",
    "toc-heading",
];

/// The sources, by id, as other files cite them.
pub struct SourceIndex {
    by_id: HashMap<String, SourceRef>,
}

/// The context of the rules for one file: where to point, and where to report.
pub struct Cx<'a> {
    path: &'a Path,
    source: &'a str,
    diags: &'a mut Vec<Diagnostic>,
    index: Option<&'a SourceIndex>,
}

impl<'a> Cx<'a> {
    pub fn new<T>(
        doc: &'a Doc<T>,
        index: Option<&'a SourceIndex>,
        diags: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Cx {
            path: &doc.path,
            source: &doc.source,
            diags,
            index,
        }
    }

    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::at(self.path, self.source, span, message));
    }

    /// The line of a byte offset in this file, for messages that refer to another place.
    pub fn line_of(&self, span: Range<usize>) -> usize {
        super::diagnostic::Location::from_span(self.source, span).line
    }

    /// Required text: present and not blank.
    pub fn text(&mut self, t: &Text, field: &str) -> String {
        if t.get_ref().trim().is_empty() {
            self.error(
                t.span(),
                format!("`{field}` is empty; write the text it needs"),
            );
        }
        t.get_ref().trim().to_string()
    }

    /// Required Markdown text, rendered to HTML.
    pub fn markdown(&mut self, t: &Text, field: &str) -> String {
        markdown::to_html(&self.text(t, field))
    }

    /// An anchor: lower-case letters, digits and hyphens, unique in its page.
    pub fn anchor(&mut self, t: &Text, field: &str, seen: &mut HashMap<String, usize>) -> String {
        let id = t.get_ref().as_str();
        let well_formed = !id.is_empty()
            && !id.starts_with('-')
            && !id.ends_with('-')
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed {
            self.error(
                t.span(),
                format!(
                    "`{field} = \"{id}\"` is not a valid anchor; use lower-case letters, digits \
                     and single hyphens, such as `board-of-education`"
                ),
            );
        } else if RESERVED_IDS.contains(&id) {
            self.error(
                t.span(),
                format!("`{field} = \"{id}\"` is used by the page itself; choose another anchor"),
            );
        } else {
            self.unique(t, field, seen);
        }
        id.to_string()
    }

    /// Reports the second use of a value that must be unique; `seen` maps each value to the
    /// line of its first use.
    pub fn unique(&mut self, t: &Text, field: &str, seen: &mut HashMap<String, usize>) {
        let key = t.get_ref().trim().to_lowercase();
        let line = self.line_of(t.span());
        if let Some(first) = seen.get(&key) {
            self.error(
                t.span(),
                format!(
                    "duplicate {field} `{}`; it is already used on line {first}",
                    t.get_ref()
                ),
            );
        } else {
            seen.insert(key, line);
        }
    }

    /// Resolves cited source ids against `sources.toml`.
    pub fn cite(&mut self, ids: &[Text]) -> Vec<SourceRef> {
        let Some(index) = self.index else {
            return Vec::new();
        };
        let mut refs: Vec<SourceRef> = Vec::new();
        for id in ids {
            match index.by_id.get(id.get_ref()) {
                Some(r) if !refs.contains(r) => refs.push(r.clone()),
                Some(_) => {}
                None => {
                    let hint = match closest(id.get_ref(), index.by_id.keys().map(String::as_str)) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "add it to sources.toml or cite one listed there".to_string(),
                    };
                    self.error(
                        id.span(),
                        format!("unknown source `{}`; {hint}", id.get_ref()),
                    );
                }
            }
        }
        refs
    }

    /// A source that a page says it rests on must exist; the first of `ids` is required.
    pub fn cite_one(&mut self, id: &Text) -> Option<SourceRef> {
        self.cite(std::slice::from_ref(id)).into_iter().next()
    }

    /// The common head of every page file.
    pub fn meta(&mut self, m: &PageMeta) -> Meta {
        Meta {
            title: self.text(&m.title, "title"),
            nav_label: self.text(&m.nav_label, "nav_label"),
            description: self.text(&m.description, "description"),
            intro_html: self.markdown(&m.intro, "intro"),
            sources: self.cite(&m.sources),
        }
    }

    fn section(&mut self, s: &model::Section, seen: &mut HashMap<String, usize>) -> Section {
        Section {
            id: self.anchor(&s.id, "id", seen),
            heading: self.text(&s.heading, "heading"),
            body_html: self.markdown(&s.body, "body"),
            sources: self.cite(&s.sources),
        }
    }
}

/// What `site.toml` gives the site.
struct Basics {
    name: String,
    tagline: String,
    lang: String,
    base_url: String,
    ui: Ui,
    not_found: ErrorText,
    method_not_allowed: ErrorText,
    server_error: ErrorText,
}

fn site_file(doc: &Doc<model::SiteFile>, diags: &mut Vec<Diagnostic>) -> Basics {
    let f = &doc.value;
    let mut cx = Cx::new(doc, None, diags);
    let base_url = cx.text(&f.base_url, "base_url");
    if !(base_url.starts_with("https://") || base_url.starts_with("http://"))
        || base_url.ends_with('/')
        || base_url.contains(char::is_whitespace)
    {
        cx.error(
            f.base_url.span(),
            "`base_url` must be an address such as `https://cir.example.org`, starting with \
             `https://` or `http://` and without a trailing slash",
        );
    }
    let lang = cx.text(&f.lang, "lang");
    if !lang.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        cx.error(
            f.lang.span(),
            "`lang` must be a language tag such as `en` or `en-GB`",
        );
    }
    let months = f.ui.months.get_ref();
    if months.len() != 12 || months.iter().any(|m| m.trim().is_empty()) {
        cx.error(
            f.ui.months.span(),
            format!(
                "`months` must list the 12 month names, January first; found {} names",
                months.iter().filter(|m| !m.trim().is_empty()).count()
            ),
        );
    }
    let ui = &f.ui;
    let mut error = |p: &model::ErrorPage| ErrorText {
        title: cx.text(&p.title, "title"),
        body_html: cx.markdown(&p.body, "body"),
    };
    let (not_found, method_not_allowed, server_error) = (
        error(&f.not_found),
        error(&f.method_not_allowed),
        error(&f.server_error),
    );
    Basics {
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
            months: months.iter().map(|m| m.trim().to_string()).collect(),
            thousands_separator: ui.thousands_separator.get_ref().clone(),
            decimal_separator: cx.text(&ui.decimal_separator, "decimal_separator"),
        },
        not_found,
        method_not_allowed,
        server_error,
    }
}

fn home(
    doc: &Doc<model::HomeFile>,
    index: Option<&SourceIndex>,
    diags: &mut Vec<Diagnostic>,
) -> Home {
    let f = &doc.value;
    let mut cx = Cx::new(doc, index, diags);
    let g = &f.figures;
    Home {
        meta: cx.meta(&f.page),
        figures_heading: cx.text(&g.heading, "heading"),
        cirs_label: cx.text(&g.cirs, "cirs"),
        share_label: cx.text(&g.share, "share"),
        participants_label: cx.text(&g.participants, "participants"),
        as_of_label: cx.text(&g.as_of, "as_of"),
        table_link: cx.text(&g.table_link, "table_link"),
        sections_heading: cx.text(&f.sections_heading, "sections_heading"),
    }
}

fn role(
    doc: &Doc<model::RoleFile>,
    index: Option<&SourceIndex>,
    diags: &mut Vec<Diagnostic>,
) -> Role {
    let mut cx = Cx::new(doc, index, diags);
    let mut seen = HashMap::new();
    Role {
        meta: cx.meta(&doc.value.page),
        sections: doc
            .value
            .sections
            .iter()
            .map(|s| cx.section(s, &mut seen))
            .collect(),
    }
}

fn duties(
    doc: &Doc<model::DutiesFile>,
    index: Option<&SourceIndex>,
    diags: &mut Vec<Diagnostic>,
) -> Duties {
    let f = &doc.value;
    let mut cx = Cx::new(doc, index, diags);
    let mut seen = HashMap::new();
    let groups = f
        .groups
        .iter()
        .map(|g| DutyGroup {
            id: cx.anchor(&g.id, "id", &mut seen),
            heading: cx.text(&g.heading, "heading"),
            summary_html: cx.markdown(&g.summary, "summary"),
            sources: cx.cite(&g.sources),
            duties: g
                .duties
                .iter()
                .map(|d| Duty {
                    name: cx.text(&d.name, "name"),
                    explanation_html: cx.markdown(&d.explanation, "explanation"),
                    examples_html: d
                        .examples
                        .iter()
                        .map(|e| markdown::to_inline_html(&cx.text(e, "examples")))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Duties {
        meta: cx.meta(&f.page),
        examples_label: cx.text(&f.examples_label, "examples_label"),
        groups,
    }
}

fn employers(
    doc: &Doc<model::EmployersFile>,
    index: Option<&SourceIndex>,
    diags: &mut Vec<Diagnostic>,
) -> Employers {
    let f = &doc.value;
    let mut cx = Cx::new(doc, index, diags);
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
        meta: cx.meta(&f.page),
        what_heading: cx.text(&f.what_heading, "what_heading"),
        work_heading: cx.text(&f.work_heading, "work_heading"),
        employers,
    }
}

/// The sources page, and the index other files cite from.
fn sources(doc: &Doc<model::SourcesFile>, diags: &mut Vec<Diagnostic>) -> (Sources, SourceIndex) {
    let f = &doc.value;
    let mut cx = Cx::new(doc, None, diags);
    let mut seen = HashMap::new();
    let list: Vec<Source> = f
        .sources
        .iter()
        .map(|s| {
            let url = s.url.as_ref().map(|u| {
                let url = cx.text(u, "url");
                if !(url.starts_with("https://") || url.starts_with("http://"))
                    || url.contains(char::is_whitespace)
                {
                    cx.error(
                        u.span(),
                        "`url` must be a web address starting with `https://` or `http://`",
                    );
                }
                url
            });
            Source {
                id: cx.anchor(&s.id, "source id", &mut seen),
                title: cx.text(&s.title, "title"),
                publisher: cx.text(&s.publisher, "publisher"),
                url,
                supports_html: cx.markdown(&s.supports, "supports"),
            }
        })
        .collect();
    let index = SourceIndex {
        by_id: list
            .iter()
            .map(|s| {
                let r = SourceRef {
                    id: s.id.clone(),
                    title: s.title.clone(),
                };
                (s.id.clone(), r)
            })
            .collect(),
    };
    let mut cx = Cx::new(doc, Some(&index), diags);
    let notes = f.notes.iter().map(|n| {
        let s = model::Section {
            id: n.id.clone(),
            heading: n.heading.clone(),
            body: n.body.clone(),
            sources: n.sources.clone(),
        };
        cx.section(&s, &mut seen)
    });
    let notes = notes.collect();
    let page = Sources {
        meta: cx.meta(&f.page),
        list_heading: cx.text(&f.list_heading, "list_heading"),
        supports_label: cx.text(&f.supports_label, "supports_label"),
        notes_heading: cx.text(&f.notes_heading, "notes_heading"),
        sources: list,
        notes,
    };
    (page, index)
}
