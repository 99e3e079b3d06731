//! What a page's preview shows, laid out: the site's name, the page's title, and either the
//! key figures with their date and source (where the page shows them) or the description.
//! The text alternative says the same in words.

use std::collections::BTreeSet;

use askama::Template;

use super::fonts::Typeface;
use super::text::{Block, Measured, measure, measure_all};
use crate::content::pages::Page;
use crate::content::site::{PageBody, SourceRef};
use crate::content::{Lang, Site};
use crate::hash::Fnv;
use crate::stats::share_tenths;

/// The image's width, the one link previews expect (1.91:1).
pub const WIDTH: u32 = 1200;
/// The image's height.
pub const HEIGHT: u32 = 630;

/// Left and right margin; text is never wider than what lies between them.
const MARGIN: f32 = 80.0;
const TEXT_WIDTH: f32 = WIDTH as f32 - 2.0 * MARGIN;
const BOLD: u16 = 700;
const REGULAR: u16 = 400;

/// The SVG of one preview: every value is already placed, the template only draws.
#[derive(Template)]
#[template(path = "preview.svg")]
pub struct Card<'a> {
    /// The family every text is set in.
    pub family: &'static str,
    pub site_name: &'a str,
    /// The site's address without its scheme, as readers type it.
    pub host: &'a str,
    pub title: Lines,
    pub description: Option<Lines>,
    /// The band across the foot: the key figures, or else the site's tagline.
    pub band: Band,
    pub figures: Option<Figures>,
    pub tagline: Option<Lines>,
}

/// Lines of one size, each with its baseline.
pub struct Lines {
    pub size: f32,
    pub lines: Vec<(String, u32)>,
}

/// The band across the foot of the image.
pub struct Band {
    pub top: u32,
    pub height: u32,
}

/// The key figures in the band of the home and statistics previews.
pub struct Figures {
    /// The baseline of the values.
    pub value_y: u32,
    pub figures: Vec<Figure>,
    /// The rules between the figures: their x, their top and their height.
    pub dividers: Vec<u32>,
    pub divider_top: u32,
    pub divider_height: u32,
    /// The date of the figures and their source.
    pub note: Lines,
}

/// One key figure: its value, and its label under it.
pub struct Figure {
    pub x: u32,
    pub value: String,
    pub label: Lines,
}

/// Everything a preview says, as text, gathered with each load of the content: the text
/// alternative is made of it, and the preview's address is a hash of it. Laying it out (which
/// measures text) waits for the first request of the image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    /// The edition's language: it chooses the typeface.
    lang: Lang,
    /// The image in words, composed with the edition's punctuation.
    alt: String,
    site_name: String,
    /// The site's address without its scheme, as readers type it.
    host: String,
    title: String,
    body: Body,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Body {
    /// The page's description, and the site's tagline at the foot.
    Text {
        description: String,
        tagline: String,
    },
    Figures(KeyFigures),
}

/// The figures as the page shows them, formatted once for the image and its text alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
struct KeyFigures {
    /// Each value with its label: CIRs, share of JET participants, participants.
    items: [(String, String); 3],
    /// "As of 1 July 2014. Sources: … (secondary source)." (in Japanese, 基準日：2014年7月1日。
    /// 出典：…（二次資料）。)
    note: String,
}

/// Where the header ends and the page's own text may start.
const BODY_TOP: f32 = 150.0;
/// The band: taller with figures, which need a row of values, labels and a note.
const FIGURES_TOP: f32 = 404.0;
const TAGLINE_TOP: f32 = 516.0;

/// What the preview of `page` says.
pub fn content(site: &Site, page: Page) -> Content {
    let settings = &site.settings;
    let meta = &site.page(page).meta;
    let body = match key_figures(site, page) {
        Some(figures) => Body::Figures(figures),
        None => Body::Text {
            description: meta.description.clone(),
            tagline: settings.tagline.clone(),
        },
    };
    Content {
        lang: site.lang,
        alt: alt(site, &meta.title, &body),
        site_name: settings.name.clone(),
        host: host(&settings.base_url).to_string(),
        title: meta.title.clone(),
        body,
    }
}

/// The image in words: the site, the title, then the figures or the description, each a
/// sentence: "CIR Guide: The CIR role. What a CIR does…" (in Japanese,
/// 国際交流員（CIR）ガイド：国際交流員の役割。…).
fn alt(site: &Site, title: &str, body: &Body) -> String {
    let ui = &site.settings.ui;
    let heading = ui.named(&site.settings.name, title);
    match body {
        Body::Figures(f) => {
            let items: Vec<String> = f.items.iter().map(|(v, l)| ui.figure(v, l)).collect();
            ui.sentences(&[heading, ui.list(&items), f.note.clone()])
        }
        Body::Text { description, .. } => ui.sentences(&[heading, description.clone()]),
    }
}

impl Content {
    /// The image in words, for `og:image:alt`.
    pub fn alt(&self) -> &str {
        &self.alt
    }

    /// Every text the image draws, with the weight it is drawn in, in order.
    fn texts(&self) -> Vec<(&str, u16)> {
        let mut texts = vec![
            (self.site_name.as_str(), BOLD),
            (self.host.as_str(), REGULAR),
            (self.title.as_str(), BOLD),
        ];
        match &self.body {
            Body::Text {
                description,
                tagline,
            } => texts.extend([(description.as_str(), REGULAR), (tagline.as_str(), REGULAR)]),
            Body::Figures(f) => {
                for (value, label) in &f.items {
                    texts.extend([(value.as_str(), BOLD), (label.as_str(), REGULAR)]);
                }
                texts.push((&f.note, REGULAR));
            }
        }
        texts
    }

    /// The characters of the image that no bundled font has: each would be drawn as a blank or
    /// an empty box. Shaped as the image shapes them, in its typeface and weights.
    pub fn missing_glyphs(&self) -> BTreeSet<char> {
        let face = Typeface::of(self.lang);
        let texts = self.texts();
        [BOLD, REGULAR]
            .into_iter()
            .flat_map(|weight| {
                let of_weight: Vec<&str> = texts
                    .iter()
                    .filter(|&&(_, w)| w == weight)
                    .map(|&(t, _)| t)
                    .collect();
                measure_all(face, &of_weight, weight)
            })
            .flat_map(|measured| measured.missing)
            .collect()
    }

    /// Every text, each ended by a byte no text has, for the address's hash.
    pub fn digest(&self, hash: &mut Fnv) {
        hash.write(self.lang.tag().as_bytes()).write(&[0xff]);
        for (text, _) in self.texts() {
            hash.write(text.as_bytes()).write(&[0xff]);
        }
    }

    /// The card laid out: the text measured with the bundled fonts and broken into lines.
    pub fn card(&self) -> Card<'_> {
        let face = Typeface::of(self.lang);
        // The text of each weight is measured in one pass of the shaper.
        let [title] = measure(face, [self.title.as_str()], BOLD);
        let (band_top, description, figures, tagline) = match &self.body {
            Body::Figures(f) => (FIGURES_TOP, None, Some(band(face, f)), None),
            Body::Text {
                description,
                tagline,
            } => {
                let [description, tagline] =
                    measure(face, [description.as_str(), tagline.as_str()], REGULAR);
                let tagline = fit_tagline(&tagline);
                let tagline = centre(face, tagline, None, TAGLINE_TOP, HEIGHT as f32).0;
                let description = description.fit(&[32.0, 28.0], TEXT_WIDTH, 3);
                (TAGLINE_TOP, Some(description), None, Some(tagline))
            }
        };
        // With figures, the title gets two lines above them; without, the title gets three and
        // the description three more. Both are centred between the header and the band.
        let max_title_lines = if figures.is_some() { 2 } else { 3 };
        let title = title.fit(&[64.0, 56.0, 48.0], TEXT_WIDTH, max_title_lines);
        let (title, description) = centre(face, title, description, BODY_TOP, band_top - 24.0);
        Card {
            family: face.family,
            site_name: &self.site_name,
            host: &self.host,
            title,
            description,
            band: Band {
                top: band_top as u32,
                height: HEIGHT - band_top as u32,
            },
            figures,
            tagline,
        }
    }
}

/// The tagline on one line if it can be, even a little smaller; else on two.
fn fit_tagline(tagline: &Measured) -> Block {
    let one = tagline.fit(&[28.0, 26.0, 24.0, 22.0], TEXT_WIDTH, 1);
    if one.complete {
        one
    } else {
        tagline.fit(&[28.0], TEXT_WIDTH, 2)
    }
}

/// Between the title's last baseline and the top of the description's letters.
const GAP: f32 = 44.0;

/// Places a block, and another under it, centred between `top` and `bottom`. A block is as
/// tall as its tallest letters on the first line and its lines after that.
fn centre(
    face: &Typeface,
    first: Block,
    second: Option<Block>,
    top: f32,
    bottom: f32,
) -> (Lines, Option<Lines>) {
    let height = |b: &Block, leading: f32| {
        b.size * face.top + b.size * leading * b.lines.len().saturating_sub(1) as f32
    };
    let first_height = height(&first, face.title_leading);
    let total = first_height
        + second
            .as_ref()
            .map_or(0.0, |b| GAP + height(b, face.text_leading));
    let y = top + ((bottom - top - total) / 2.0).max(0.0);
    let first_baseline = y + first.size * face.top;
    let second = second.map(|b| {
        let baseline = y + first_height + GAP + b.size * face.top;
        place(b, baseline, face.text_leading)
    });
    (place(first, first_baseline, face.title_leading), second)
}

/// The figures of a page that shows key figures: the home page and the statistics page (the
/// table's), and the trends page (the latest and highest participants, the latest CIR count).
/// Every other kind of page, including kinds added later, gets none.
fn key_figures(site: &Site, page: Page) -> Option<KeyFigures> {
    if let PageBody::Trends = site.page(page).body {
        return trends_figures(site);
    }
    let PageBody::Home(home) = &site.page(Page::HOME).body else {
        return None;
    };
    let stats = &site.statistics;
    let ui = &site.settings.ui;
    let date = ui.date(stats.as_of);
    let (as_of, cited) = match site.page(page).body {
        PageBody::Home(_) => (home.figures.as_of.as_str(), ui.cited_label.as_str()),
        PageBody::Statistics => (stats.labels.as_of.as_str(), stats.labels.source.as_str()),
        _ => return None,
    };
    let total = stats.table.total();
    let labels = &home.figures;
    let share = ui.percent(&ui.tenths(share_tenths(total, stats.jet_participants)));
    Some(KeyFigures {
        items: [
            (ui.integer(total), labels.cirs.clone()),
            (share, labels.share.clone()),
            (
                ui.integer(stats.jet_participants),
                labels.participants.clone(),
            ),
        ],
        note: ui.sentences(&[
            ui.labelled(as_of, &date),
            ui.labelled(cited, &source_name(site, &stats.source)),
        ]),
    })
}

/// The trends page's figures: the latest participants, the highest, and the latest CIR count,
/// with their sources. None while the series has no figure or no CIR count.
fn trends_figures(site: &Site) -> Option<KeyFigures> {
    let trends = &site.trends;
    let ui = &site.settings.ui;
    let l = &trends.labels;
    let latest = trends.years.iter().rev().find_map(|y| y.participants)?;
    let peak = trends.years.iter().filter_map(|y| y.participants).max()?;
    let cirs = trends.cirs.last()?;
    let sources = [&trends.participants_source, &cirs.source].map(|s| source_name(site, s));
    Some(KeyFigures {
        items: [
            (ui.integer(latest), l.preview_participants.clone()),
            (ui.integer(peak), l.preview_peak.clone()),
            (ui.integer(cirs.count), l.preview_cirs.clone()),
        ],
        note: ui.sentences(&[ui.labelled(&ui.cited_label, &ui.sources(&sources))]),
    })
}

/// A source as the site cites it: its title, and its kind when it is secondary.
fn source_name(site: &Site, source: &SourceRef) -> String {
    if source.secondary {
        let ui = &site.settings.ui;
        ui.with_aside(&source.title, &site.sources.secondary_label)
    } else {
        source.title.clone()
    }
}

/// Three columns across the band, and the note under them.
fn band(face: &Typeface, figures: &KeyFigures) -> Figures {
    const COLUMN: f32 = 360.0;
    let KeyFigures { items, note } = figures;
    let [a, b, c, note] = measure(
        face,
        [&items[0].1, &items[1].1, &items[2].1, note].map(String::as_str),
        REGULAR,
    );
    let figures = items
        .iter()
        .zip([a, b, c])
        .enumerate()
        .map(|(i, ((value, _), label))| {
            let block = label.fit(&[28.0, 24.0], COLUMN - 50.0, 2);
            Figure {
                x: (MARGIN + COLUMN * i as f32) as u32,
                value: value.clone(),
                label: place(block, FIGURES_TOP + 122.0, 1.25),
            }
        })
        .collect();
    let note = note.fit(&[24.0, 22.0, 20.0, 18.0], TEXT_WIDTH, 1);
    Figures {
        value_y: FIGURES_TOP as u32 + 70,
        figures,
        dividers: (1..3)
            .map(|i| (MARGIN + COLUMN * i as f32 - 30.0) as u32)
            .collect(),
        divider_top: FIGURES_TOP as u32 + 36,
        divider_height: 132,
        note: place(note, HEIGHT as f32 - 28.0, 1.0),
    }
}

/// Baselines for the lines of a block, the first at `first`.
fn place(block: Block, first: f32, line_height: f32) -> Lines {
    let step = block.size * line_height;
    Lines {
        size: block.size,
        lines: block
            .lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| (line, (first + step * i as f32).round() as u32))
            .collect(),
    }
}

/// `https://cir-guide.example` -> `cir-guide.example`.
fn host(base_url: &str) -> &str {
    base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The frozen content the integration tests' literals are written against, so that an
    /// editor's change to `content/` breaks no test here.
    fn site_in(lang: Lang) -> Site {
        crate::content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base"))
            .expect("the base fixture is valid")
            .site(lang)
            .clone()
    }

    fn site() -> Site {
        site_in(Lang::En)
    }

    /// The text of every `<text>` element of an SVG, in order.
    fn texts(svg: &str) -> Vec<&str> {
        svg.split("<text ")
            .skip(1)
            .map(|t| &t[t.find('>').expect("text opens") + 1..t.find("</text>").expect("ends")])
            .collect()
    }

    #[test]
    fn the_statistics_preview_shows_the_figures_as_the_page_does() {
        let site = site();
        let content = content(&site, Page::STATISTICS);
        let (svg, alt) = (content.card().render().expect("renders"), content.alt());
        assert_eq!(
            texts(&svg),
            [
                "CIR Guide",
                "cir-guide.example",
                "CIRs by prefecture and",
                "designated city, 2014",
                "364",
                "CIRs on the JET",
                "Programme",
                "8.2\u{a0}%",
                "of all JET participants",
                "4,465",
                "JET participants",
                "Figures as of 1 July 2014. Source: Coordinator for International Relations \
                 (secondary source).",
            ]
        );
        assert_eq!(
            alt,
            "CIR Guide: CIRs by prefecture and designated city, 2014. 364 CIRs on the JET \
             Programme, 8.2\u{a0}% of all JET participants, 4,465 JET participants. Figures as \
             of 1 July 2014. Source: Coordinator for International Relations (secondary source)."
        );
    }

    #[test]
    fn the_home_preview_cites_the_figures_as_the_home_page_does() {
        let site = site();
        let svg = content(&site, Page::HOME).card().render().expect("renders");
        assert!(texts(&svg).contains(
            &"As of 1 July 2014. Sources: Coordinator for International Relations (secondary \
              source)."
        ));
    }

    #[test]
    fn other_pages_show_their_title_and_description_and_the_tagline() {
        let site = site();
        let role = Page::all()
            .find(|p| p.path() == "/role")
            .expect("a role page");
        let content = content(&site, role);
        let (svg, alt) = (content.card().render().expect("renders"), content.alt());
        assert_eq!(
            texts(&svg),
            [
                "CIR Guide",
                "cir-guide.example",
                "The CIR role",
                "What a CIR does in general, who runs the JET Programme, how the",
                "role began, who can apply and how long a contract lasts.",
                "A plain guide to the Coordinator for International Relations role on the JET \
                 Programme.",
            ]
        );
        assert_eq!(
            alt,
            "CIR Guide: The CIR role. What a CIR does in general, who runs the JET Programme, \
             how the role began, who can apply and how long a contract lasts."
        );
    }

    #[test]
    fn the_japanese_statistics_preview_is_set_in_the_japanese_font_with_japanese_punctuation() {
        let site = site_in(Lang::Ja);
        let content = content(&site, Page::STATISTICS);
        let svg = content.card().render().expect("renders");
        assert!(svg.contains("font-family=\"Noto Sans CJK JP\""), "{svg}");
        assert_eq!(
            texts(&svg),
            [
                "国際交流員（CIR）ガイド",
                "cir-guide.example",
                "都道府県・政令指定都市別の国際交",
                "流員数（2014年）",
                "364",
                "JETプログラムの国際交",
                "流員数",
                "8.2%",
                "JETプログラム参加者全",
                "体に占める割合",
                "4,465",
                "JETプログラム参加者数",
                "数値の基準日：2014年7月1日。出典：Coordinator for International Relations\
                 （二次資料）。",
            ]
        );
        assert_eq!(
            content.alt(),
            "国際交流員（CIR）ガイド：都道府県・政令指定都市別の国際交流員数（2014年）。\
             JETプログラムの国際交流員数：364、JETプログラム参加者全体に占める割合：8.2%、\
             JETプログラム参加者数：4,465。数値の基準日：2014年7月1日。\
             出典：Coordinator for International Relations（二次資料）。"
        );
    }

    #[test]
    fn the_japanese_text_pages_read_as_japanese() {
        let site = site_in(Lang::Ja);
        let role = Page::all()
            .find(|p| p.path() == "/role")
            .expect("a role page");
        let content = content(&site, role);
        let svg = content.card().render().expect("renders");
        assert_eq!(
            texts(&svg),
            [
                "国際交流員（CIR）ガイド",
                "cir-guide.example",
                "国際交流員の役割",
                "国際交流員の仕事の概要、JETプログラムの実施体制、制度の始まり、",
                "応募できる人、任用期間を説明します。",
                "JETプログラムの国際交流員（CIR）について、わかりやすく説明するガイドです。",
            ]
        );
        assert_eq!(
            content.alt(),
            "国際交流員（CIR）ガイド：国際交流員の役割。国際交流員の仕事の概要、\
             JETプログラムの実施体制、制度の始まり、応募できる人、任用期間を説明します。"
        );
    }

    #[test]
    fn a_character_no_font_has_is_found_wherever_it_is_drawn() {
        let role = Page::all().find(|p| p.path() == "/role").expect("role");
        assert!(
            content(&site_in(Lang::Ja), role)
                .missing_glyphs()
                .is_empty()
        );
        // 鬱 is a kanji of JIS X 0208 level 2, which the Japanese font leaves out; 𠮷 is
        // outside JIS X 0208 altogether.
        let mut site = site_in(Lang::Ja);
        site.settings.name = "憂鬱".to_string();
        site.settings.tagline = "𠮷野家".to_string();
        assert_eq!(
            content(&site, role).missing_glyphs(),
            BTreeSet::from(['鬱', '𠮷'])
        );
    }

    #[test]
    fn text_from_the_content_is_escaped() {
        let mut site = site();
        site.settings.name = "CIRs & <JET>".to_string();
        let svg = content(&site, Page::HOME).card().render().expect("renders");
        assert!(svg.contains(">CIRs &#38; &#60;JET&#62;</text>"), "{svg}");
    }

    #[test]
    fn the_host_is_the_address_without_its_scheme() {
        assert_eq!(host("https://cir-guide.example"), "cir-guide.example");
        assert_eq!(host("http://localhost:8080"), "localhost:8080");
        assert_eq!(host("cir-guide.example"), "cir-guide.example");
    }
}
