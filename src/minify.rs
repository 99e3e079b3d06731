//! Hand-written: a full minifier (lightningcss) would also rewrite values, changing the bytes.
//!
//! Stylesheets without their comments and spare whitespace, made once per load.
//!
//! Only changes that leave the browser's reading of the sheet unchanged are made: comments
//! go, each run of whitespace becomes one space, and that space goes too next to `{`, `}`
//! and `;`, where it never means anything. Strings, `url(…)` without quotes and escaped
//! characters are copied as they are. A browser test parses the file before and after and
//! compares every rule.
//!
//! Commas keep their spaces: a custom property, or any value that uses one, keeps its text as
//! written (`--font: a, b`), and without the space it would read differently from the file.

/// Characters next to which whitespace carries no meaning.
fn is_separator(c: char) -> bool {
    matches!(c, '{' | '}' | ';')
}

/// Characters that end a token by themselves, so a comment between them and the next token
/// can go without joining two tokens into one.
fn ends_token(c: char) -> bool {
    c.is_whitespace() || matches!(c, '{' | '}' | ';' | ',' | ':' | '(' | ')' | '[' | ']' | '>')
}

/// `src` with comments and spare whitespace removed.
pub fn css(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut chars = src.char_indices().peekable();
    // Whitespace (or a comment standing for it) seen but not yet written.
    let mut space = false;
    while let Some((i, c)) = chars.next() {
        match c {
            '/' if src[i + 1..].starts_with('*') => {
                let end = src[i + 2..].find("*/").map_or(src.len(), |e| i + 2 + e + 2);
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
                let before = out.chars().last();
                let after = src[end..].chars().next();
                let joins = !space
                    && before.is_some_and(|b| !ends_token(b))
                    && after.is_some_and(|a| !ends_token(a) && a != '/');
                if joins {
                    out.push_str("/**/");
                }
            }
            c if c.is_whitespace() => space = true,
            _ => {
                if space {
                    let after_separator = out.chars().last().is_none_or(is_separator);
                    if !after_separator && !is_separator(c) {
                        out.push(' ');
                    }
                    space = false;
                }
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                match c {
                    '"' | '\'' => copy_string(c, &mut chars, &mut out),
                    '\\' => {
                        if let Some((_, escaped)) = chars.next() {
                            out.push(escaped);
                        }
                    }
                    '(' if is_unquoted_url(&out, &src[i + 1..]) => {
                        for (_, u) in chars.by_ref() {
                            out.push(u);
                            if u == ')' {
                                break;
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

/// Copies a string's text and its closing quote (escapes included) as they are.
fn copy_string(
    quote: char,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    out: &mut String,
) {
    while let Some((_, c)) = chars.next() {
        out.push(c);
        if c == '\\' {
            if let Some((_, escaped)) = chars.next() {
                out.push(escaped);
            }
        } else if c == quote || c == '\n' {
            return;
        }
    }
}

/// Whether `out` has just opened `url(` and what follows is not a quoted string.
fn is_unquoted_url(out: &str, rest: &str) -> bool {
    let opened = out
        .get(out.len().saturating_sub(4)..)
        .is_some_and(|tail| tail.eq_ignore_ascii_case("url("));
    opened && !rest.trim_start().starts_with(['"', '\''])
}

#[cfg(test)]
mod tests {
    use super::css;

    #[test]
    fn comments_and_spare_whitespace_go() {
        let src = "/* The page. */\nbody {\n  margin: 0;\n  color: red; /* why */\n}\n\n\
                   a,\nb > c {\n  padding: 1px  2px;\n}\n";
        assert_eq!(
            css(src),
            "body{margin: 0;color: red}a, b > c{padding: 1px 2px}"
        );
    }

    #[test]
    fn meaningful_spaces_stay() {
        // A descendant combinator before a pseudo-class, `and (` in a media query, the
        // operators of calc() and the space before !important all keep their space.
        let src = "a :hover { x: calc(1px + 2px) !important }\n\
                   @media screen and (max-width: 40em) { p { margin: 0 } }";
        assert_eq!(
            css(src),
            "a :hover{x: calc(1px + 2px) !important}\
             @media screen and (max-width: 40em){p{margin: 0}}"
        );
    }

    #[test]
    fn strings_urls_and_escapes_are_copied_as_they_are() {
        let src = "a::after { content: \"  /* not a comment */ ; \\\" }\" }\n\
                   b { background: url(x/*y*/z.png) } c { content: '{ , }' }\n\
                   .a\\ b { color: red }";
        assert_eq!(
            css(src),
            "a::after{content: \"  /* not a comment */ ; \\\" }\"}\
             b{background: url(x/*y*/z.png)}c{content: '{ , }'}\
             .a\\ b{color: red}"
        );
    }

    #[test]
    fn a_comment_between_two_tokens_keeps_them_apart() {
        assert_eq!(
            css(".a/* x */.b { margin: 1px/**/2px }"),
            ".a/**/.b{margin: 1px/**/2px}"
        );
        assert_eq!(css("a/* x */ b {}"), "a b{}");
        assert_eq!(css("a { color:/* x */red }"), "a{color:red}");
    }

    #[test]
    fn a_slash_that_opens_no_comment_stays() {
        assert_eq!(css("p { font: 12px/1.5 serif }"), "p{font: 12px/1.5 serif}");
    }

    #[test]
    fn parentheses_other_than_url_are_minified_inside() {
        assert_eq!(
            css("a { width: calc(1px  +  /* half */ 2px) }"),
            "a{width: calc(1px + 2px)}"
        );
    }

    #[test]
    fn a_quoted_url_may_hold_a_parenthesis() {
        assert_eq!(
            css("b { background: url(\"a).png\") } c { color: red }"),
            "b{background: url(\"a).png\")}c{color: red}"
        );
    }

    #[test]
    fn an_escaped_quote_opens_no_string() {
        assert_eq!(
            css(".a\\\"b { color: red } c { color: blue }"),
            ".a\\\"b{color: red}c{color: blue}"
        );
    }

    #[test]
    fn unfinished_comments_and_strings_end_the_sheet_safely() {
        assert_eq!(css("a { color: red } /* open"), "a{color: red}");
        assert_eq!(css("a { content: \"open"), "a{content: \"open");
        assert_eq!(css(""), "");
    }
}
