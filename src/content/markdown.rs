//! Markdown text fields, rendered once when the content is loaded, and the links in them.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd, html};

/// The Markdown the site reads: links and images are found with the same options that render
/// them.
fn options() -> Options {
    Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders an editor's Markdown to HTML. Raw HTML in the text is shown as text, never passed
/// through: the content is trusted to say things, not to inject markup or scripts.
pub fn to_html(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
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

/// A link or an image, as the rendered page will have it.
#[derive(Debug, PartialEq, Eq)]
pub struct Link {
    /// Where it goes, as the page's `href` or `src` has it.
    pub dest: String,
    /// Where the text writes the destination: inside the link for an inline link or an
    /// autolink, in the definition (`[ref]: /x`) for a reference link. The whole link or
    /// definition where the text spells the destination differently (with escapes).
    pub at: Range<usize>,
}

/// Every link and image of `markdown`, in order of their ends; a definition that several
/// links use, once.
pub fn links(markdown: &str) -> Vec<Link> {
    let mut found: Vec<Link> = Vec::new();
    let mut events = Parser::new_ext(markdown, options()).into_offset_iter();
    // The links being read (an image may be inside a link), innermost last.
    let mut open: Vec<Open> = Vec::new();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(
                Tag::Link {
                    link_type,
                    dest_url,
                    id,
                    ..
                }
                | Tag::Image {
                    link_type,
                    dest_url,
                    id,
                    ..
                },
            ) => open.push(Open {
                link_type,
                dest: dest_url.into(),
                label: id.into(),
                text_end: range.start + 1,
                whole: range,
            }),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let Some(link) = open.pop() else {
                    continue;
                };
                if let Some(outer) = open.last_mut() {
                    outer.text_end = outer.text_end.max(link.whole.end);
                }
                let definition = match link.link_type {
                    LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => events
                        .reference_definitions()
                        .get(&link.label)
                        .map(|d| d.span.clone()),
                    _ => None,
                };
                let at = match (definition, link.link_type) {
                    // After the label: `[ref]: /x "title"`.
                    (Some(def), _) => {
                        let after = markdown[def.clone()]
                            .find("]:")
                            .map_or(def.start, |at| def.start + at + 2);
                        within(markdown, &link.dest, after..def.end).unwrap_or(def)
                    }
                    // Inside `<https://…>`, which is also the link's text.
                    (None, LinkType::Autolink | LinkType::Email) => {
                        within(markdown, &link.dest, link.whole.clone()).unwrap_or(link.whole)
                    }
                    // After the text: `](/x "title")`.
                    (None, _) => within(markdown, &link.dest, link.text_end..link.whole.end)
                        .unwrap_or(link.whole),
                };
                if !found.iter().any(|l| l.at == at) {
                    found.push(Link {
                        dest: link.dest,
                        at,
                    });
                }
            }
            // The link's own text, which may hold `](` or the destination itself.
            _ => {
                if let Some(link) = open.last_mut() {
                    link.text_end = link.text_end.max(range.end);
                }
            }
        }
    }
    found
}

/// A link whose end has not been read yet.
struct Open {
    link_type: LinkType,
    dest: String,
    /// The label of a reference link: `ref` in `[text][ref]`.
    label: String,
    /// The whole link, from `[` (or `<`) to its end.
    whole: Range<usize>,
    /// Where its text ends so far.
    text_end: usize,
}

/// Where `needle` is first written in `markdown[range]`.
fn within(markdown: &str, needle: &str, range: Range<usize>) -> Option<Range<usize>> {
    let at = range.start + markdown.get(range)?.find(needle)?;
    Some(at..at + needle.len())
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

    /// Each link's destination and the text at its place.
    fn found(markdown: &str) -> Vec<(String, &str)> {
        links(markdown)
            .into_iter()
            .map(|l| (l.dest, &markdown[l.at]))
            .collect()
    }

    #[test]
    fn finds_inline_links_and_images_at_their_destination() {
        let md = "[to /x](/x \"/x\") and ![icon](/static/i.svg) and [`](/y`](/y)";
        let links = links(md);
        let dests: Vec<_> = links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["/x", "/static/i.svg", "/y"]);
        assert_eq!(links[0].at, 8..10);
        assert_eq!(&md[links[2].at.clone()], "/y");
        assert_eq!(links[2].at.start, md.len() - 3);
    }

    #[test]
    fn finds_reference_links_at_their_definition() {
        let md = "See [the duties][d], [d][] and [d].\n\n[d]: /duties \"Duties\"\n";
        let links = links(md);
        assert_eq!(links.len(), 1, "one definition: {links:?}");
        assert_eq!(links[0].dest, "/duties");
        assert_eq!(links[0].at.start, md.find("/duties").unwrap());
        assert_eq!(
            found("[a][Label]\n\n[label]:\n  <https://a.example/>"),
            [("https://a.example/".to_string(), "https://a.example/")]
        );
    }

    #[test]
    fn finds_autolinks_and_links_around_images() {
        assert_eq!(
            found("Go to <https://cir-guide.example/duties>."),
            [(
                "https://cir-guide.example/duties".to_string(),
                "https://cir-guide.example/duties"
            )]
        );
        assert_eq!(
            found("[![/a](/b)](/c)"),
            [("/b".to_string(), "/b"), ("/c".to_string(), "/c")]
        );
    }

    #[test]
    fn a_destination_spelt_with_escapes_points_at_the_whole_link() {
        assert_eq!(
            found("x [a](/du\\_ties) y"),
            [("/du_ties".to_string(), "[a](/du\\_ties)")]
        );
    }

    #[test]
    fn code_and_raw_html_hold_no_links() {
        assert!(links("`[a](/x)` and <a href=\"/y\">y</a>\n\n    [b](/z)\n").is_empty());
    }
}
