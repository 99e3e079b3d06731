//! The bundled font, and lines of text broken to fit a width. SVG does not wrap text, so the
//! lines are measured here with the very font and shaper that draw them.

use std::sync::{Arc, LazyLock};

use resvg::usvg;

/// Inter (variable, weights 100 to 900), cut down to Latin: the one font the previews are
/// drawn with, so that they look the same on every machine. Its licence is beside it.
pub(super) const FONT: &[u8] = include_bytes!("../../fonts/Inter-latin.var.ttf");

/// The family name the SVG asks for.
pub const FAMILY: &str = "Inter";

/// The fonts the previews may use: the bundled one and nothing from the system.
static FONTS: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    db.load_font_data(FONT.to_vec());
    db.set_sans_serif_family(FAMILY);
    Arc::new(db)
});

/// Options for parsing a preview's SVG: the bundled font only, and no images or files read
/// from anywhere.
pub fn options() -> usvg::Options<'static> {
    usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: FONTS.clone(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// Sizes are measured at this size and scaled: without hinting, widths grow in proportion.
const REFERENCE: f32 = 100.0;

/// A text measured once, to be broken into lines at any size.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measured {
    /// Each word, and a last "…" for cutting, at [`REFERENCE`] size.
    words: Vec<Word>,
}

impl Measured {
    /// The text broken into at most `max_lines` lines no wider than `width`, at the first of
    /// `sizes` where it fits; at the last size, what does not fit is cut and ends in "…".
    pub fn fit(&self, sizes: &[f32], width: f32, max_lines: usize) -> Block {
        let mut last = Block::default();
        for &size in sizes {
            let (lines, complete) = break_lines(&self.words, width * REFERENCE / size, max_lines);
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

/// A word and where it starts and ends on one unbroken line.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    text: String,
    start: f32,
    end: f32,
}

const ELLIPSIS: &str = "…";

/// Texts of one weight, each laid out on one line, all in one pass of the shaper. The end of
/// a word is where the space after it starts, so kerning and every advance are counted.
pub fn measure<const N: usize>(texts: [&str; N], weight: u16) -> [Measured; N] {
    let words: [Vec<&str>; N] = texts.map(|t| t.split_whitespace().chain([ELLIPSIS]).collect());
    let mut svg =
        String::from("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">");
    for (i, line) in words.iter().enumerate() {
        svg.push_str(&format!(
            "<text id=\"t{i}\" xml:space=\"preserve\" x=\"0\" y=\"50\" font-family=\"{FAMILY}\" \
             font-size=\"{REFERENCE}\" font-weight=\"{weight}\">{} </text>",
            escape(&line.join(" "))
        ));
    }
    svg.push_str("</svg>");
    let tree = usvg::Tree::from_str(&svg, &options()).ok();
    let nodes = tree.as_ref().map_or(&[][..], |t| t.root().children());
    std::array::from_fn(|i| {
        let id = format!("t{i}");
        let text = nodes.iter().find_map(|n| match n {
            usvg::Node::Text(t) if t.id() == id => Some(t),
            _ => None,
        });
        Measured {
            words: text.map_or_else(Vec::new, |t| place_words(&words[i], t)),
        }
    })
}

/// Where each word of a laid-out line starts and ends.
fn place_words(words: &[&str], text: &usvg::Text) -> Vec<Word> {
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    let mut at_word_start = true;
    for glyph in text.layouted().iter().flat_map(|s| &s.positioned_glyphs) {
        let x = glyph.transform().tx;
        if glyph.text == " " {
            ends.push(x);
            at_word_start = true;
        } else if at_word_start {
            starts.push(x);
            at_word_start = false;
        }
    }
    words
        .iter()
        .zip(starts.into_iter().zip(ends))
        .map(|(w, (start, end))| Word {
            text: w.to_string(),
            start,
            end,
        })
        .collect()
}

/// Greedy line breaking: as many words on a line as fit. Returns the lines and whether all
/// the words fitted; if not, the last line ends in "…". The last of `words` is the "…".
fn break_lines(words: &[Word], width: f32, max_lines: usize) -> (Vec<String>, bool) {
    let Some((ellipsis, words)) = words.split_last() else {
        return (Vec::new(), true);
    };
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut first = 0;
    while first < words.len() {
        let mut last = first;
        while last + 1 < words.len() && words[last + 1].end - words[first].start <= width {
            last += 1;
        }
        lines.push((first, last));
        first = last + 1;
    }
    let complete = lines.len() <= max_lines;
    let text = |(a, b): (usize, usize)| {
        words[a..=b]
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    if complete {
        return (lines.into_iter().map(text).collect(), true);
    }
    lines.truncate(max_lines);
    let mut out: Vec<String> = lines.iter().map(|&l| text(l)).collect();
    if let (Some(&(a, mut b)), Some(cut)) = (lines.last(), out.last_mut()) {
        let ellipsis_width = ellipsis.end - ellipsis.start;
        // Drop words until the line and the "…" fit; a single word stays, however long.
        while b > a && words[b].end - words[a].start + ellipsis_width > width {
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
    use super::*;

    #[test]
    fn the_bundled_font_is_the_only_one() {
        assert_eq!(FONTS.len(), 1);
        let face = FONTS.faces().next().expect("a face");
        assert_eq!(face.families[0].0, FAMILY);
    }

    fn words(text: &str, weight: u16) -> Vec<Word> {
        let [measured] = measure([text], weight);
        measured.words
    }

    #[test]
    fn words_are_measured_in_order_and_bold_is_wider() {
        let regular = words("Hello world", 400);
        let bold = words("Hello world", 700);
        let texts: Vec<&str> = regular.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["Hello", "world", "…"]);
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
        let both = measure(["Hello world", "CIR Guide"], 400);
        assert_eq!(both[0].words, words("Hello world", 400));
        assert_eq!(both[1].words, words("CIR Guide", 400));
    }

    #[test]
    fn lines_break_between_words_within_the_width() {
        let text = "one two three four five six";
        let [measured] = measure([text], 400);
        let block = measured.fit(&[40.0], 200.0, 5);
        assert!(block.lines.len() > 1, "{block:?}");
        assert_eq!(block.lines.join(" "), text, "no word lost");
        for line in &block.lines {
            let words = words(line, 400);
            let end = words[words.len() - 2].end * 40.0 / REFERENCE;
            assert!(end <= 200.0, "{line}: {end}");
        }
    }

    #[test]
    fn a_smaller_size_is_tried_before_the_text_is_cut() {
        let text = "Coordinators for International Relations on the JET Programme";
        let [measured] = measure([text], 700);
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
    fn xml_characters_are_escaped() {
        assert_eq!(
            escape("a & b <c> \"d\" 'e'"),
            "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;"
        );
    }
}
