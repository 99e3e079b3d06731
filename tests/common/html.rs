//! Pages read as a browser reads them: parsed by html5ever (through `scraper`), elements found
//! by CSS selectors, text and attribute values as the document holds them (entities decoded).
//! The tests never find an element by searching the markup: a change of attribute order or
//! quoting would not fool them, and a tag that is not where it should be is not found.

use scraper::{ElementRef, Html, Selector};

/// A page, parsed.
pub fn parse(html: &str) -> Html {
    Html::parse_document(html)
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("`{css}` is not a CSS selector: {e}"))
}

/// Finding elements in a document or inside an element.
pub trait Find<'a> {
    /// Every element matching `css`, in document order.
    fn all(self, css: &str) -> Vec<ElementRef<'a>>;

    /// The first element matching `css`; the test fails when there is none.
    fn first(self, css: &str) -> ElementRef<'a>
    where
        Self: Sized,
    {
        *self
            .all(css)
            .first()
            .unwrap_or_else(|| panic!("no `{css}` in the page"))
    }

    /// The one element matching `css`; the test fails when there is none, or more than one.
    fn only(self, css: &str) -> ElementRef<'a>
    where
        Self: Sized,
    {
        let found = self.all(css);
        assert_eq!(found.len(), 1, "one `{css}` in the page");
        found[0]
    }
}

impl<'a> Find<'a> for &'a Html {
    fn all(self, css: &str) -> Vec<ElementRef<'a>> {
        self.select(&selector(css)).collect()
    }
}

impl<'a> Find<'a> for ElementRef<'a> {
    fn all(self, css: &str) -> Vec<ElementRef<'a>> {
        self.select(&selector(css)).collect()
    }
}

/// What an element says.
pub trait Content<'a> {
    /// Its text, every text node inside it joined as written.
    fn content(self) -> String;
    /// Its text with each run of white space made one space, trimmed: what a reader sees.
    fn words(self) -> String;
    /// Its text with every element apart, as [`Content::words`]: the texts of two cells or two
    /// list items do not run together.
    fn spaced_words(self) -> String;
    /// Its text as [`Content::spaced_words`], without the text of the elements inside it that
    /// `skip` selects (`"script, style"`).
    fn spaced_words_without(self, skip: &str) -> String;
    /// The value of an attribute it must have.
    fn attribute(self, name: &str) -> &'a str;
    /// Every attribute it has, names and values, in the order written.
    fn written_attributes(self) -> Vec<(&'a str, &'a str)>;
    /// The element whole, as html5ever writes it back.
    fn markup(self) -> String;
}

impl<'a> Content<'a> for ElementRef<'a> {
    fn content(self) -> String {
        self.text().collect()
    }

    fn words(self) -> String {
        collapse(&self.content())
    }

    fn spaced_words(self) -> String {
        collapse(&self.text().collect::<Vec<_>>().join(" "))
    }

    fn spaced_words_without(self, skip: &str) -> String {
        let skip = selector(skip);
        let texts: Vec<&str> = self
            .descendants()
            .filter_map(|node| {
                let text = node.value().as_text()?;
                let skipped = node
                    .ancestors()
                    .take_while(|up| up.id() != self.id())
                    .filter_map(ElementRef::wrap)
                    .any(|up| skip.matches(&up));
                (!skipped).then_some(&**text)
            })
            .collect();
        collapse(&texts.join(" "))
    }

    fn attribute(self, name: &str) -> &'a str {
        self.value()
            .attr(name)
            .unwrap_or_else(|| panic!("no `{name}` on {}", self.markup()))
    }

    fn written_attributes(self) -> Vec<(&'a str, &'a str)> {
        self.value().attrs().collect()
    }

    fn markup(self) -> String {
        self.html()
    }
}

/// `text` with each run of white space made one space, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
