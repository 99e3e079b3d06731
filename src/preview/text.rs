//! Lines of text broken to fit a width. SVG does not wrap text, so the lines are measured
//! here with the very fonts and shaper that draw them.

use std::collections::BTreeSet;

use resvg::usvg;
use unicode_width::UnicodeWidthChar as _;

use super::fonts::{Typeface, options};

/// Sizes are measured at this size and scaled: without hinting, widths grow in proportion.
const REFERENCE: f32 = 100.0;

/// A text measured once, to be broken into lines at any size.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measured {
    /// Each piece, and a last "…" for cutting, at [`REFERENCE`] size.
    pieces: Vec<Piece>,
    /// The characters no bundled font has: each would be drawn as a blank or an empty box.
    pub missing: BTreeSet<char>,
}

impl Measured {
    /// The text broken into at most `max_lines` lines no wider than `width`, at the first of
    /// `sizes` where it fits; at the last size, what does not fit is cut and ends in "…".
    pub fn fit(&self, sizes: &[f32], width: f32, max_lines: usize) -> Block {
        let mut last = Block::default();
        for &size in sizes {
            let (lines, complete) = break_lines(&self.pieces, width * REFERENCE / size, max_lines);
            last = Block {
                lines,
                size,
                complete,
            };
            if complete {
                return last;
            }
        }
        last
    }
}

/// Lines of one size.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Block {
    pub lines: Vec<String>,
    pub size: f32,
    /// Whether all the text is there, with nothing cut.
    pub complete: bool,
}

/// What a line may not break inside: an English word, a Japanese character with the
/// punctuation that must stay with it, and where it starts and ends on one unbroken line.
#[derive(Debug, Clone, PartialEq)]
struct Piece {
    text: String,
    /// Whether a space stands between it and the piece before, on the same line.
    space_before: bool,
    start: f32,
    end: f32,
}

const ELLIPSIS: &str = "…";

/// The pieces of a text, each with whether a space comes before it. Lines break at spaces,
/// as in English; and inside a run of text without spaces where the Unicode line breaking
/// rules (UAX #14) allow it next to a wide character, as in Japanese. Those rules hold the
/// kinsoku rules: no line starts with 、。」）ー・ or a small kana, none ends with 「（. One
/// rule is added: a number stays with the counter after it (2014年, 7月, 364人).
fn pieces(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    for (n, word) in text.split_whitespace().enumerate() {
        let mut start = 0;
        for (at, _) in unicode_linebreak::linebreaks(word) {
            if at < word.len() && breaks_between(&word[..at], &word[at..]) {
                out.push((&word[start..at], n > 0 && start == 0));
                start = at;
            }
        }
        out.push((&word[start..], n > 0 && start == 0));
    }
    out
}

/// Whether a break that UAX #14 allows inside a word is taken: only next to a wide
/// character, so that English words, numbers and addresses stay whole, and never between a
/// digit and a wide character after it.
fn breaks_between(before: &str, after: &str) -> bool {
    let (Some(a), Some(b)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    let wide = |c: char| c.width() == Some(2);
    (wide(a) || wide(b)) && !(a.is_ascii_digit() && wide(b))
}

/// Texts of one weight in one typeface, each laid out on one line, all in one pass of the
/// shaper. A piece ends where the next glyph starts (a space, or the next piece), so kerning
/// and every advance are counted.
pub fn measure<const N: usize>(face: &Typeface, texts: [&str; N], weight: u16) -> [Measured; N] {
    let mut all = measure_all(face, &texts, weight).into_iter();
    std::array::from_fn(|_| all.next().unwrap_or_default())
}

/// [`measure`] for any number of texts.
pub fn measure_all(face: &Typeface, texts: &[&str], weight: u16) -> Vec<Measured> {
    let lines: Vec<Line> = texts.iter().map(|t| Line::new(t)).collect();
    let mut svg =
        String::from("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">");
    for (i, line) in lines.iter().enumerate() {
        svg.push_str(&format!(
            "<text id=\"t{i}\" xml:space=\"preserve\" x=\"0\" y=\"50\" font-family=\"{}\" \
             font-size=\"{REFERENCE}\" font-weight=\"{weight}\">{}</text>",
            face.family,
            escape(&line.text)
        ));
    }
    svg.push_str("</svg>");
    let tree = usvg::Tree::from_str(&svg, &options()).ok();
    let nodes = tree.as_ref().map_or(&[][..], |t| t.root().children());
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let id = format!("t{i}");
            let text = nodes.iter().find_map(|n| match n {
                usvg::Node::Text(t) if t.id() == id => Some(t),
                _ => None,
            });
            text.map_or_else(Measured::default, |t| line.place(t))
        })
        .collect()
}

/// The pieces of a text on one line, as the shaper is given them: English words as written,
/// with one space between them; then " …" and a space, so that every piece, the "…" too, has
/// a glyph after it.
struct Line<'a> {
    text: String,
    /// Each piece, the "…" last, and where it lies in `text`.
    pieces: Vec<(&'a str, bool, std::ops::Range<usize>)>,
}

impl<'a> Line<'a> {
    fn new(text: &'a str) -> Line<'a> {
        let mut line = Line {
            text: String::new(),
            pieces: Vec::new(),
        };
        for (piece, space_before) in pieces(text).into_iter().chain([(ELLIPSIS, true)]) {
            if space_before && !line.text.is_empty() {
                line.text.push(' ');
            }
            let start = line.text.len();
            line.text.push_str(piece);
            line.pieces
                .push((piece, space_before, start..line.text.len()));
        }
        line.text.push(' ');
        line
    }

    /// Where each piece starts and ends once laid out, and which characters no font has.
    fn place(&self, text: &usvg::Text) -> Measured {
        // The x of each glyph, by the place in the text where its characters start.
        let mut starts: Vec<(usize, f32)> = Vec::new();
        let mut missing = BTreeSet::new();
        let mut at = 0;
        for glyph in text.layouted().iter().flat_map(|s| &s.positioned_glyphs) {
            starts.push((at, glyph.transform().tx));
            if glyph.id == usvg::GlyphId(0) {
                missing.extend(glyph.text.chars().filter(|c| !c.is_whitespace()));
            }
            at += glyph.text.len();
        }
        let x = |byte: usize| {
            let i = starts.partition_point(|&(b, _)| b < byte);
            starts.get(i).map(|&(_, x)| x)
        };
        let pieces = self
            .pieces
            .iter()
            .map_while(|(piece, space_before, range)| {
                Some(Piece {
                    text: piece.to_string(),
                    space_before: *space_before,
                    start: x(range.start)?,
                    end: x(range.end)?,
                })
            })
            .collect();
        Measured { pieces, missing }
    }
}

/// Greedy line breaking: as many pieces on a line as fit. Returns the lines and whether all
/// the pieces fitted; if not, the last line ends in "…". The last of `pieces` is the "…".
fn break_lines(pieces: &[Piece], width: f32, max_lines: usize) -> (Vec<String>, bool) {
    let Some((ellipsis, pieces)) = pieces.split_last() else {
        return (Vec::new(), true);
    };
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut first = 0;
    while first < pieces.len() {
        let mut last = first;
        while last + 1 < pieces.len() && pieces[last + 1].end - pieces[first].start <= width {
            last += 1;
        }
        lines.push((first, last));
        first = last + 1;
    }
    let complete = lines.len() <= max_lines;
    let text = |(a, b): (usize, usize)| {
        let mut line = String::new();
        for (i, piece) in pieces[a..=b].iter().enumerate() {
            if i > 0 && piece.space_before {
                line.push(' ');
            }
            line.push_str(&piece.text);
        }
        line
    };
    if complete {
        return (lines.into_iter().map(text).collect(), true);
    }
    lines.truncate(max_lines);
    let mut out: Vec<String> = lines.iter().map(|&l| text(l)).collect();
    if let (Some(&(a, mut b)), Some(cut)) = (lines.last(), out.last_mut()) {
        let ellipsis_width = ellipsis.end - ellipsis.start;
        // Drop pieces until the line and the "…" fit; a single piece stays, however long.
        while b > a && pieces[b].end - pieces[a].start + ellipsis_width > width {
            b -= 1;
        }
        *cut = format!("{}{ELLIPSIS}", text((a, b)));
    }
    (out, false)
}

/// Text for an SVG document: the five characters XML gives a meaning.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fonts::{JAPANESE, LATIN};
    use super::*;

    fn pieces_of(text: &str, weight: u16) -> Vec<Piece> {
        let [measured] = measure(&LATIN, [text], weight);
        measured.pieces
    }

    fn texts(pieces: &[Piece]) -> Vec<&str> {
        pieces.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn words_are_measured_in_order_and_bold_is_wider() {
        let regular = pieces_of("Hello world", 400);
        let bold = pieces_of("Hello world", 700);
        assert_eq!(texts(&regular), ["Hello", "world", "…"]);
        assert_eq!(regular[0].start, 0.0);
        assert!(
            regular[0].end > 200.0 && regular[0].end < 350.0,
            "{regular:?}"
        );
        assert!(regular[1].start > regular[0].end, "a space between words");
        assert!(bold[1].end > regular[1].end, "{bold:?} against {regular:?}");
    }

    #[test]
    fn several_texts_are_measured_at_once_each_on_its_own() {
        let both = measure(&LATIN, ["Hello world", "CIR Guide"], 400);
        assert_eq!(both[0].pieces, pieces_of("Hello world", 400));
        assert_eq!(both[1].pieces, pieces_of("CIR Guide", 400));
    }

    #[test]
    fn lines_break_between_words_within_the_width() {
        let text = "one two three four five six";
        let [measured] = measure(&LATIN, [text], 400);
        let block = measured.fit(&[40.0], 200.0, 5);
        assert!(block.lines.len() > 1, "{block:?}");
        assert_eq!(block.lines.join(" "), text, "no word lost");
        for line in &block.lines {
            let pieces = pieces_of(line, 400);
            let end = pieces[pieces.len() - 2].end * 40.0 / REFERENCE;
            assert!(end <= 200.0, "{line}: {end}");
        }
    }

    #[test]
    fn a_smaller_size_is_tried_before_the_text_is_cut() {
        let text = "Coordinators for International Relations on the JET Programme";
        let [measured] = measure(&LATIN, [text], 700);
        let big = measured.fit(&[200.0], 1040.0, 2);
        assert!(
            big.lines.last().is_some_and(|l| l.ends_with('…')),
            "{big:?}"
        );
        assert_eq!(big.lines.len(), 2);
        assert!(!big.complete);
        let fits = measured.fit(&[200.0, 60.0], 1040.0, 2);
        assert_eq!(fits.size, 60.0);
        assert!(fits.complete);
        assert_eq!(fits.lines.join(" "), text);
    }

    #[test]
    fn english_breaks_only_at_spaces() {
        let split = |t| pieces(t).into_iter().map(|(p, _)| p).collect::<Vec<_>>();
        assert_eq!(
            split("well-kept cir-guide.example/ja/ 2014–2025 CLAIR's (secondary)"),
            [
                "well-kept",
                "cir-guide.example/ja/",
                "2014–2025",
                "CLAIR's",
                "(secondary)"
            ]
        );
    }

    #[test]
    fn japanese_breaks_between_characters_but_not_before_closing_punctuation() {
        assert_eq!(
            pieces("出典：ウィキペディア（二次資料）。"),
            [
                ("出", false),
                ("典：", false),
                ("ウィ", false),
                ("キ", false),
                ("ペ", false),
                ("ディ", false),
                ("ア", false),
                ("（二", false),
                ("次", false),
                ("資", false),
                ("料）。", false),
            ]
        );
    }

    /// Japanese text at a width of `chars` full-width characters: every character of Noto
    /// Sans CJK JP used here is 1 em wide.
    fn japanese_lines(text: &str, chars: usize, max_lines: usize) -> Vec<String> {
        let [measured] = measure(&JAPANESE, [text], 400);
        assert!(measured.missing.is_empty(), "{:?}", measured.missing);
        measured.fit(&[10.0], chars as f32 * 10.0, max_lines).lines
    }

    #[test]
    fn japanese_lines_start_with_no_closing_mark_small_kana_or_long_vowel() {
        // At 5 characters a line, 、 and 。 would start the second and the fourth line: the
        // character before each goes down with it.
        assert_eq!(
            japanese_lines("国際交流員国、翻訳と通訳をする。", 5, 5),
            ["国際交流員", "国、翻訳と", "通訳をす", "る。"]
        );
        // The long vowel mark ー and the small ッ never start a line.
        assert_eq!(
            japanese_lines("国際交流サポート", 6, 5),
            ["国際交流サ", "ポート"]
        );
        assert_eq!(japanese_lines("ガイドブック", 4, 5), ["ガイド", "ブック"]);
        // Nor do 。」）・.
        assert_eq!(
            japanese_lines("「国際交流員」。", 6, 5),
            ["「国際交流", "員」。"]
        );
        // At 3 a line, "中国語" would leave ・ to start the third line.
        assert_eq!(
            japanese_lines("英語・中国語・韓国語", 3, 5),
            ["英語・", "中国", "語・韓", "国語"]
        );
    }

    #[test]
    fn japanese_lines_end_with_no_opening_bracket() {
        // At 5 characters, 「 would end the first line: it moves down with 自.
        assert_eq!(
            japanese_lines("国際交流員「自治体」", 5, 5),
            ["国際交流員", "「自治体」"]
        );
        assert_eq!(
            japanese_lines("参加者数（2014年）", 6, 5),
            ["参加者数", "（2014年）"]
        );
    }

    #[test]
    fn numbers_stay_with_their_counter_and_latin_words_stay_whole() {
        assert_eq!(
            japanese_lines("2014年7月1日現在", 4, 5),
            ["2014年", "7月1日", "現在"]
        );
        assert_eq!(
            japanese_lines("JETプログラムのCIR", 5, 5),
            ["JETプログ", "ラムのCIR"]
        );
    }

    #[test]
    fn japanese_is_cut_with_an_ellipsis() {
        assert_eq!(
            japanese_lines("国際交流員は地方公共団体で働きます。", 6, 2),
            ["国際交流員は", "地方公共団…"]
        );
    }

    #[test]
    fn characters_no_font_has_are_reported() {
        let [measured] = measure(&JAPANESE, ["CIR 国際交流員 𠮷 鬱"], 700);
        assert_eq!(measured.missing, BTreeSet::from(['𠮷', '鬱']));
        let [english] = measure(&LATIN, ["CIR Guide 国際"], 400);
        assert!(english.missing.is_empty(), "taken from the Japanese font");
    }

    #[test]
    fn xml_characters_are_escaped() {
        assert_eq!(
            escape("a & b <c> \"d\" 'e'"),
            "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;"
        );
    }
}
