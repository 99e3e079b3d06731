//! The one list of the site's pages. Adding a page is one entry here, its TOML file, and, for
//! a new kind of page, a builder, a view and a template; everything else (loading, the
//! unknown-file check, routes, navigation, the home page's list, rendering) follows the list.

use crate::lang::Lang;

/// What a page is made of, and so which builder, view and template it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// The front page: an introduction, the key figures and a list of the other pages.
    Home,
    /// An introduction and `[[section]]`s, each with an anchor and its sources.
    Sections,
    /// Groups of duties with examples.
    Duties,
    /// One entry per kind of employer.
    Employers,
    /// The sources and the notes on where they disagree (`sources.toml`).
    Sources,
    /// The table of CIRs (`statistics.toml`), sortable and filterable.
    Statistics,
    /// Participants and CIRs over the years (`trends.toml`): a chart and its table.
    Trends,
}

/// One page: its address, the content file it is written in, and its kind.
#[derive(Debug)]
pub struct PageSpec {
    /// The page's address: a public contract, never changed once published.
    pub path: &'static str,
    /// Its file in the content folder.
    pub file: &'static str,
    pub kind: PageKind,
}

/// `site.toml` holds what every page shares; it is not a page of its own.
pub const SITE_FILE: &str = "site.toml";

/// The pages, in navigation order.
pub const PAGES: [PageSpec; 8] = [
    PageSpec {
        path: "/",
        file: "home.toml",
        kind: PageKind::Home,
    },
    PageSpec {
        path: "/role",
        file: "role.toml",
        kind: PageKind::Sections,
    },
    PageSpec {
        path: "/duties",
        file: "duties.toml",
        kind: PageKind::Duties,
    },
    PageSpec {
        path: "/employers",
        file: "employers.toml",
        kind: PageKind::Employers,
    },
    PageSpec {
        path: "/applying",
        file: "applying.toml",
        kind: PageKind::Sections,
    },
    PageSpec {
        path: "/statistics",
        file: "statistics.toml",
        kind: PageKind::Statistics,
    },
    PageSpec {
        path: "/trends",
        file: "trends.toml",
        kind: PageKind::Trends,
    },
    PageSpec {
        path: "/sources",
        file: "sources.toml",
        kind: PageKind::Sources,
    },
];

/// A page of [`PAGES`], by its place in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page(usize);

impl Page {
    /// Every page, in navigation order.
    pub fn all() -> impl Iterator<Item = Page> {
        (0..PAGES.len()).map(Page)
    }

    /// The one page of a kind that has only one (the home, statistics and sources pages).
    pub const fn only(kind: PageKind) -> Page {
        let mut i = 0;
        while i < PAGES.len() {
            if PAGES[i].kind as u8 == kind as u8 {
                return Page(i);
            }
            i += 1;
        }
        panic!("no page of this kind in PAGES")
    }

    pub const HOME: Page = Page::only(PageKind::Home);
    pub const STATISTICS: Page = Page::only(PageKind::Statistics);
    pub const SOURCES: Page = Page::only(PageKind::Sources);
    pub const TRENDS: Page = Page::only(PageKind::Trends);

    pub fn spec(self) -> &'static PageSpec {
        &PAGES[self.0]
    }

    pub fn path(self) -> &'static str {
        self.spec().path
    }

    /// The place in [`PAGES`], for per-page tables.
    pub fn index(self) -> usize {
        self.0
    }
}

/// The English files: `site.toml`, then each page's file.
pub fn english_files() -> impl Iterator<Item = &'static str> {
    std::iter::once(SITE_FILE).chain(PAGES.iter().map(|p| p.file))
}

/// A translated edition's file of an English file: `ja/role.toml`.
pub fn translated_file(lang: Lang, english: &str) -> Option<String> {
    lang.folder().map(|folder| format!("{folder}/{english}"))
}

/// The names of every content file: the English files, then each translated edition's.
pub fn files() -> Vec<String> {
    let english = english_files().map(String::from);
    let translated = Lang::ALL
        .into_iter()
        .flat_map(|lang| english_files().filter_map(move |f| translated_file(lang, f)));
    english.chain(translated).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_its_own_address_and_file() {
        let mut paths: Vec<_> = PAGES.iter().map(|p| p.path).collect();
        let mut files = files();
        assert_eq!(files[0], "site.toml");
        assert_eq!(files[PAGES.len() + 1], "ja/site.toml");
        paths.sort_unstable();
        paths.dedup();
        files.sort_unstable();
        files.dedup();
        assert_eq!(paths.len(), PAGES.len());
        assert_eq!(files.len(), 2 * (PAGES.len() + 1));
    }

    #[test]
    fn the_single_pages_are_found_by_kind() {
        assert_eq!(Page::HOME.path(), "/");
        assert_eq!(Page::STATISTICS.path(), "/statistics");
        assert_eq!(Page::SOURCES.path(), "/sources");
        assert_eq!(Page::TRENDS.path(), "/trends");
    }
}
