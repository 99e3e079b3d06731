//! Markdown text fields, rendered once when the content is loaded.

use pulldown_cmark::{Event, Options, Parser, html};

/// Renders an editor's Markdown to HTML. Raw HTML in the text is shown as text, never passed
/// through: the content is trusted to say things, not to inject markup or scripts.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 5 / 4);
    html::push_html(&mut out, events);
    out
}

/// Renders one line of Markdown without the surrounding paragraph, for text inside a heading,
/// a list item or a table cell.
pub fn to_inline_html(markdown: &str) -> String {
    let block = to_html(markdown);
    let trimmed = block.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => block,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_links_and_emphasis() {
        assert_eq!(
            to_html("See [the table](/statistics), *now*."),
            "<p>See <a href=\"/statistics\">the table</a>, <em>now</em>.</p>\n"
        );
    }

    #[test]
    fn shows_raw_html_as_text() {
        let html = to_html("Hello <script>alert(1)</script> world");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        let block = to_html("<div onclick=\"x()\">hi</div>\n");
        assert!(!block.contains("<div"), "{block}");
    }

    #[test]
    fn inline_text_has_no_paragraph() {
        assert_eq!(
            to_inline_html("Translating *notices*"),
            "Translating <em>notices</em>"
        );
    }

    #[test]
    fn text_of_two_paragraphs_keeps_them_even_inline() {
        assert_eq!(to_inline_html("one\n\ntwo"), "<p>one</p>\n<p>two</p>\n");
    }

    #[test]
    fn quotes_and_dashes_are_typeset_and_strikethrough_works() {
        assert_eq!(
            to_html("A CIR's \"job\" -- not ~~only~~ teaching"),
            "<p>A CIR’s “job” – not <del>only</del> teaching</p>\n"
        );
    }
}
