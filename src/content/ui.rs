//! How an edition writes numbers, dates, lists and the text the site puts together around
//! content: its formats from `site.toml` and its language's punctuation.

use super::dates::{Date, PartialDate};
use super::texts::UiText;
use crate::lang::Punctuation;

/// The interface strings and formats every page shares. Its texts are declared in
/// [`super::texts::UiStrings`]; they read as the `Ui`'s own (`ui.cited_label`).
#[derive(Debug, Clone)]
pub struct Ui {
    pub text: UiText,
    /// The twelve month names, January first.
    pub months: Vec<String>,
    /// The punctuation of the edition's language, for text the site puts together.
    pub punctuation: &'static Punctuation,
}

impl std::ops::Deref for Ui {
    type Target = UiText;
    fn deref(&self) -> &UiText {
        &self.text
    }
}

impl Ui {
    /// 4465 -> "4,465".
    pub fn integer(&self, n: u32) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(&self.thousands_separator);
            }
            out.push(c);
        }
        out
    }

    /// 82 tenths -> "8.2".
    pub fn tenths(&self, tenths: u32) -> String {
        format!(
            "{}{}{}",
            self.integer(tenths / 10),
            self.decimal_separator,
            tenths % 10
        )
    }

    /// A date as precise as its source: "1 July 2014", "July 2024" or "2007" (in Japanese,
    /// 2014年7月1日, 2024年7月, 2007年).
    pub fn partial_date(&self, date: PartialDate) -> String {
        match (date.month, date.day) {
            (Some(month), Some(day)) => self.date(Date {
                year: date.year,
                month,
                day,
            }),
            (Some(month), None) => self
                .month_format
                .replace("{month}", self.month(month))
                .replace("{year}", &date.year.to_string()),
            _ => self.year(date.year),
        }
    }

    /// A date as "1 July 2014".
    pub fn date(&self, date: Date) -> String {
        self.date_format
            .replace("{day}", &date.day.to_string())
            .replace("{month}", self.month(date.month))
            .replace("{year}", &date.year.to_string())
    }

    /// A year alone: "2007", or 2007年.
    pub fn year(&self, year: u16) -> String {
        self.year_format.replace("{year}", &year.to_string())
    }

    /// Items written out as a list in text: "2020, 2021".
    pub fn list(&self, items: &[String]) -> String {
        items.join(&self.list_separator)
    }

    /// A percentage: "8.2 %" (in Japanese, 8.2%).
    pub fn percent(&self, value: &str) -> String {
        format!("{value}{}", self.punctuation.percent)
    }

    /// A key figure with its label, in text: "364 CIRs" (in Japanese, 国際交流員数：364).
    pub fn figure(&self, value: &str, label: &str) -> String {
        let p = self.punctuation;
        if p.label_first {
            format!("{label}{}{value}", p.colon)
        } else {
            format!("{value}{}{label}", p.space)
        }
    }

    /// A label and what it labels: "As of 1 July 2014" (in Japanese, 基準日：2014年7月1日,
    /// the colon being the label's own).
    pub fn labelled(&self, label: &str, text: &str) -> String {
        format!("{label}{}{text}", self.punctuation.space)
    }

    /// A name and what it names: "CIR Guide: The CIR role".
    pub fn named(&self, name: &str, text: &str) -> String {
        format!("{name}{}{text}", self.punctuation.colon)
    }

    /// Text and words about it in parentheses: "Wikipedia (secondary source)" (in Japanese,
    /// ウィキペディア（二次資料）).
    pub fn with_aside(&self, text: &str, aside: &str) -> String {
        format!("{text}{}", self.punctuation.aside(aside))
    }

    /// Sources named one after another: "A; B" (in Japanese, A、B).
    pub fn sources(&self, titles: &[String]) -> String {
        titles.join(self.punctuation.list)
    }

    /// Sentences one after another, each ended by a full stop unless it ends in one already
    /// (a description written as a sentence does).
    pub fn sentences(&self, sentences: &[String]) -> String {
        let p = self.punctuation;
        let ended =
            |s: &str| s.ends_with(p.full_stop) || s.ends_with(['.', '!', '?', '。', '！', '？']);
        sentences
            .iter()
            .map(|s| {
                if ended(s) {
                    s.clone()
                } else {
                    format!("{s}{}", p.full_stop)
                }
            })
            .collect::<Vec<_>>()
            .join(p.space)
    }

    fn month(&self, month: u8) -> &str {
        self.months
            .get(usize::from(month).saturating_sub(1))
            .map_or("", String::as_str)
    }
}

#[cfg(test)]
impl Ui {
    /// English number and date formats, for unit tests.
    pub(crate) fn english() -> Ui {
        let blank = String::new;
        Ui {
            text: UiText {
                skip_link: blank(),
                nav_label: blank(),
                cited_label: blank(),
                page_sources_heading: blank(),
                all_sources_link: blank(),
                footer: crate::content::fields::Html::default(),
                date_format: "{day} {month} {year}".into(),
                month_format: "{month} {year}".into(),
                year_format: "{year}".into(),
                thousands_separator: ",".into(),
                decimal_separator: ".".into(),
                list_separator: ", ".into(),
                switch_label: blank(),
                switch_hint: blank(),
                untranslated_note: blank(),
            },
            months: [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ]
            .map(String::from)
            .to_vec(),
            punctuation: crate::lang::Lang::En.punctuation(),
        }
    }

    /// Japanese number and date formats, for unit tests.
    pub(crate) fn japanese() -> Ui {
        let english = Ui::english();
        Ui {
            text: UiText {
                date_format: "{year}年{month}{day}日".into(),
                month_format: "{year}年{month}".into(),
                year_format: "{year}年".into(),
                list_separator: "、".into(),
                ..english.text
            },
            months: (1..=12).map(|m| format!("{m}月")).collect(),
            punctuation: crate::lang::Lang::Ja.punctuation(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn puts_text_together_with_the_punctuation_of_each_language() {
        let (en, ja) = (Ui::english(), Ui::japanese());
        assert_eq!(en.percent("8.2"), "8.2\u{a0}%");
        assert_eq!(ja.percent("8.2"), "8.2%");
        assert_eq!(en.figure("364", "CIRs"), "364 CIRs");
        assert_eq!(ja.figure("364", "国際交流員数"), "国際交流員数：364");
        assert_eq!(en.named("CIR Guide", "The role"), "CIR Guide: The role");
        assert_eq!(ja.named("ガイド", "役割"), "ガイド：役割");
        assert_eq!(
            en.with_aside("Wikipedia", "secondary source"),
            "Wikipedia (secondary source)"
        );
        assert_eq!(
            ja.with_aside("ウィキペディア", "二次資料"),
            "ウィキペディア（二次資料）"
        );
        assert_eq!(en.labelled("As of", "1 July 2014"), "As of 1 July 2014");
        assert_eq!(
            ja.labelled("基準日：", "2014年7月1日"),
            "基準日：2014年7月1日"
        );
        assert_eq!(en.sources(&["A, 1".into(), "B".into()]), "A, 1; B");
        assert_eq!(ja.sources(&["A".into(), "B".into()]), "A、B");
        // A sentence that ends in its own full stop keeps it; the others get one.
        assert_eq!(
            en.sentences(&[
                "A: b".into(),
                "Ends here.".into(),
                "Why?".into(),
                "c".into()
            ]),
            "A: b. Ends here. Why? c."
        );
        assert_eq!(
            ja.sentences(&[
                "ガイド：役割".into(),
                "説明します。".into(),
                "出典：A".into()
            ]),
            "ガイド：役割。説明します。出典：A。"
        );
    }

    #[test]
    fn formats_numbers_and_dates_with_the_content_separators() {
        let ui = Ui::english();
        assert_eq!(ui.integer(4465), "4,465");
        assert_eq!(ui.integer(364), "364");
        assert_eq!(ui.integer(1_234_567), "1,234,567");
        assert_eq!(ui.tenths(82), "8.2");
        assert_eq!(ui.tenths(1000), "100.0");
        let d = Date {
            year: 2014,
            month: 7,
            day: 1,
        };
        assert_eq!(ui.date(d), "1 July 2014");
        assert_eq!(d.iso(), "2014-07-01");
    }
}
