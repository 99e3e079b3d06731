//! The site's languages: English, served at the addresses it had before the Japanese edition,
//! and Japanese under `/ja`.

/// A language the site is written in. English is the first and is served without a prefix:
/// its addresses were public before the Japanese edition existed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The BCP 47 tag, for `lang` and `hreflang`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The start of every address of the edition: `""` or `"/ja"`.
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::En => "",
            Lang::Ja => "/ja",
        }
    }

    /// A page's address in this edition: `/role` or `/ja/role`; the home page is `/ja/`.
    pub fn path(self, path: &str) -> String {
        format!("{}{path}", self.prefix())
    }

    /// The edition's folder inside the content folder, for a translated edition.
    pub fn folder(self) -> Option<&'static str> {
        match self {
            Lang::En => None,
            Lang::Ja => Some("ja"),
        }
    }

    /// The edition's name for an editor, in messages.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "Japanese",
        }
    }

    /// The `og:locale` of the edition.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::En => "en_GB",
            Lang::Ja => "ja_JP",
        }
    }

    /// The place in [`Lang::ALL`], for per-language tables.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The edition an address belongs to, and the address within it: `/ja/role` is the
    /// Japanese `/role`, `/ja/` (and `/ja`, which redirects there) the Japanese home page.
    pub fn split(path: &str) -> (Lang, &str) {
        match path.strip_prefix("/ja") {
            Some("") => (Lang::Ja, "/"),
            Some(rest) if rest.starts_with('/') => (Lang::Ja, rest),
            _ => (Lang::En, path),
        }
    }
}

/// How a language punctuates what the site writes around content: labels, asides, ends of
/// sentences, lists, quotations and percentages. Locale data, like a date format: the one
/// place templates and views take punctuation from, so a Japanese page never shows ". " or
/// " (" between Japanese words.
#[derive(Debug, Clone, Copy)]
pub struct Punctuation {
    /// After a label, before what it labels: "Sources: …", 出典：….
    pub colon: &'static str,
    /// Between a label that ends in its own colon and what follows: a space, or nothing.
    pub space: &'static str,
    /// Around an aside: " (secondary source)", （二次資料）.
    pub open: &'static str,
    pub close: &'static str,
    /// The end of a sentence the site composes.
    pub full_stop: &'static str,
    /// After an address in running text: ". " in English; in Japanese a space, since a 。
    /// written against an address is taken into it by the programs that turn addresses
    /// into links.
    pub after_address: &'static str,
    /// Between the items of a list of links.
    pub list: &'static str,
    /// Between the sources a citation names, each with its publisher after a comma (、):
    /// "A, MIC; B, Wikipedia", A、総務省／B、ウィキペディア.
    pub sources: &'static str,
    /// Around a quoted title.
    pub open_quote: &'static str,
    pub close_quote: &'static str,
    /// After a percentage: 8.2 % (with a no-break space) or 8.2%.
    pub percent: &'static str,
    /// Between a page's title and the site's name in `<title>`.
    pub title: &'static str,
    /// Between two alternatives side by side: CSV · JSON, CSV・JSON.
    pub pair: &'static str,
    /// Whether a figure written out in text comes after its label (国際交流員数：364) rather
    /// than before it (364 CIRs).
    pub label_first: bool,
}

impl Lang {
    pub fn punctuation(self) -> &'static Punctuation {
        const EN: Punctuation = Punctuation {
            colon: ": ",
            space: " ",
            open: " (",
            close: ")",
            full_stop: ".",
            after_address: ". ",
            list: "; ",
            sources: "; ",
            open_quote: "\u{201c}",
            close_quote: "\u{201d}",
            percent: "\u{a0}%",
            title: " \u{2013} ",
            pair: " \u{b7} ",
            label_first: false,
        };
        const JA: Punctuation = Punctuation {
            colon: "：",
            space: "",
            open: "（",
            close: "）",
            full_stop: "。",
            after_address: " ",
            list: "、",
            sources: "／",
            open_quote: "「",
            close_quote: "」",
            percent: "%",
            title: "｜",
            pair: "・",
            label_first: true,
        };
        match self {
            Lang::En => &EN,
            Lang::Ja => &JA,
        }
    }
}

impl Punctuation {
    /// `text` as an aside: " (text)" or （text）.
    pub fn aside(&self, text: &str) -> String {
        format!("{}{text}{}", self.open, self.close)
    }

    /// `label: value`.
    pub fn labelled(&self, label: &str, value: &str) -> String {
        format!("{label}{}{value}", self.colon)
    }

    /// `text` in quotation marks.
    pub fn quoted(&self, text: &str) -> String {
        format!("{}{text}{}", self.open_quote, self.close_quote)
    }
}

impl Lang {
    /// The language a piece of text is written in, as far as its script tells: any kana or
    /// kanji makes it Japanese. For titles quoted as published (an English source's title on
    /// a Japanese page), so that screen readers read them in the right voice.
    pub fn of_text(text: &str) -> Lang {
        let japanese = |c: char| matches!(u32::from(c), 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF);
        if text.chars().any(japanese) {
            Lang::Ja
        } else {
            Lang::En
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_into_edition_and_page() {
        assert_eq!(Lang::split("/ja/role"), (Lang::Ja, "/role"));
        assert_eq!(Lang::split("/ja/"), (Lang::Ja, "/"));
        assert_eq!(Lang::split("/ja"), (Lang::Ja, "/"));
        assert_eq!(Lang::split("/japan"), (Lang::En, "/japan"));
        assert_eq!(Lang::split("/role"), (Lang::En, "/role"));
        assert_eq!(Lang::Ja.path("/"), "/ja/");
        assert_eq!(Lang::En.path("/role"), "/role");
    }

    #[test]
    fn the_script_of_a_text_tells_its_language() {
        assert_eq!(Lang::of_text("History of the JET Programme"), Lang::En);
        assert_eq!(Lang::of_text("関連団体"), Lang::Ja);
        assert_eq!(Lang::of_text("JETとは"), Lang::Ja);
        assert_eq!(
            Lang::of_text("Frequently asked questions（旧サイト）"),
            Lang::Ja
        );
        assert_eq!(Lang::of_text("ＣＩＲ"), Lang::Ja);
        assert_eq!(Lang::of_text(""), Lang::En);
    }
}
