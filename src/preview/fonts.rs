//! The bundled fonts, and the typeface of each edition's previews. No font of the machine is
//! ever used, so two servers on different machines draw the same bytes.

use std::sync::{Arc, LazyLock};

use resvg::usvg;

use crate::content::Lang;

/// Inter (variable, weights 100 to 900), cut down to Latin: the English previews' font.
const INTER: &[u8] = include_bytes!("../../fonts/Inter-latin.var.ttf");
/// Noto Sans CJK JP, regular and bold, cut down to kana, the common kanji and Latin: the
/// Japanese previews' font. Their licences and how they were cut are in `fonts/`.
const NOTO_REGULAR: &[u8] = include_bytes!("../../fonts/NotoSansCJKjp-Regular.subset.otf");
const NOTO_BOLD: &[u8] = include_bytes!("../../fonts/NotoSansCJKjp-Bold.subset.otf");

/// Every bundled font file: the only fonts the previews are drawn with, so that they look the
/// same on every machine.
pub(super) const FONT_FILES: [&[u8]; 3] = [INTER, NOTO_REGULAR, NOTO_BOLD];

/// A family the previews are set in, and what the layout needs to know of its letters.
#[derive(Debug, PartialEq)]
pub struct Typeface {
    /// The family name the SVG asks for.
    pub family: &'static str,
    /// How far the tallest common letters reach above the baseline, as a share of the size:
    /// a block of text is placed by its top.
    pub top: f32,
    /// The line height of a title, and of other text, as multiples of the size.
    pub title_leading: f32,
    pub text_leading: f32,
}

/// Inter's capitals are 0.727 of its size tall.
pub const LATIN: Typeface = Typeface {
    family: "Inter",
    top: 0.727,
    title_leading: 1.15,
    text_leading: 1.35,
};

/// Noto Sans CJK JP's kanji reach about 0.84 of its size above the baseline, higher than
/// Latin capitals; and Japanese text, with no ascenders to space it, wants more room between
/// its lines.
pub const JAPANESE: Typeface = Typeface {
    family: "Noto Sans CJK JP",
    top: 0.84,
    title_leading: 1.3,
    text_leading: 1.5,
};

impl Typeface {
    /// The typeface of an edition's previews.
    pub fn of(lang: Lang) -> &'static Typeface {
        match lang {
            Lang::En => &LATIN,
            Lang::Ja => &JAPANESE,
        }
    }
}

/// The fonts the previews may use: the bundled ones and nothing from the system. A character
/// a typeface lacks is taken from another bundled font that has it (usvg's fallback).
static FONTS: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    for data in FONT_FILES {
        // Borrowed from the binary, not copied.
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(data)));
    }
    db.set_sans_serif_family(LATIN.family);
    Arc::new(db)
});

/// Options for parsing a preview's SVG: the bundled fonts only, and no images or files read
/// from anywhere.
pub fn options() -> usvg::Options<'static> {
    usvg::Options {
        font_family: LATIN.family.to_string(),
        fontdb: FONTS.clone(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_fonts_are_the_only_ones() {
        let faces: Vec<(&str, u16)> = FONTS
            .faces()
            .map(|f| (f.families[0].0.as_str(), f.weight.0))
            .collect();
        assert_eq!(
            faces,
            [
                (LATIN.family, 400),
                (JAPANESE.family, 400),
                (JAPANESE.family, 700)
            ]
        );
    }
}
