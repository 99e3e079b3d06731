//! Link previews (`og:image`): one 1200 x 630 PNG per page, drawn from the content, so the
//! figures in a preview are always those of the page.
//!
//! With each load of the content, every page's preview gathers what it will say (its text
//! alternative is made of that) and a fingerprint: a hash of that text and of everything that
//! draws it (the layout code, the template, the font, the renderer). The fingerprint is in
//! the image's address, so the address changes whenever the image does and chat apps, which
//! cache by address, fetch the new one. Laying out and drawing wait for the image's first
//! request, once per snapshot: start-up and reloads pay for neither.

mod card;
mod fonts;
mod text;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::sync::{LazyLock, OnceLock};
use std::time::Instant;

use askama::Template;
use resvg::{tiny_skia, usvg};

pub use card::{HEIGHT, WIDTH};

use crate::content::pages::{Page, translated_file};
use crate::content::{Diagnostic, Editions, Lang, Problem, Site};
use crate::encoded::Encoded;
use crate::hash::Fnv;

/// Where the previews are served: `/previews/home.3fa2c1d9e0.png`.
pub const PREFIX: &str = "/previews/";
/// Previews are PNGs: what every link-preview reader takes.
pub const CONTENT_TYPE: &str = "image/png";

/// What draws a preview that no source file below says: change it with the renderer.
const RENDERER: &str = "resvg 0.49";

/// How every preview is drawn: the code that lays out and encodes it, its template, the
/// fonts and the renderer. Any change to one of them changes every preview's address, so no
/// address ever names two different images.
static DRAWING_DIGEST: LazyLock<Fnv> = LazyLock::new(|| {
    let mut hash = Fnv::default();
    let code: [&[u8]; 6] = [
        RENDERER.as_bytes(),
        include_bytes!("mod.rs"),
        include_bytes!("card.rs"),
        include_bytes!("fonts.rs"),
        include_bytes!("text.rs"),
        include_bytes!("../../templates/preview.svg"),
    ];
    for part in code.into_iter().chain(fonts::FONT_FILES) {
        hash.write(part).write(&[0xff]);
    }
    hash
});

/// One page's preview: its address and text alternative now, its PNG when first asked for.
#[derive(Debug)]
pub struct Preview {
    /// The fingerprinted path, such as `/previews/home.3fa2c1d9e0.png`.
    pub path: String,
    /// The image in words, for `og:image:alt` and `twitter:image:alt`.
    pub alt: String,
    fingerprint: String,
    content: card::Content,
    png: OnceLock<Encoded>,
}

/// What went wrong drawing a preview: a bug in the site, never in the content.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a link preview failed to draw: {}", self.0)
    }
}

impl Preview {
    /// What the preview of `page` says, and its address; nothing is laid out or drawn yet.
    pub fn new(site: &Site, page: Page) -> Preview {
        let content = card::content(site, page);
        let mut digest = *DRAWING_DIGEST;
        content.digest(&mut digest);
        let fingerprint = digest.hex()[..10].to_string();
        let name = name(site.lang, page);
        Preview {
            path: format!("{PREFIX}{name}.{fingerprint}.png"),
            alt: content.alt().to_string(),
            fingerprint,
            content,
            png: OnceLock::new(),
        }
    }

    /// The SVG the PNG is drawn from, laid out anew.
    pub fn svg(&self) -> Result<String, Error> {
        self.content
            .card()
            .render()
            .map_err(|e| Error(e.to_string()))
    }

    /// The characters of the image that no bundled font has: each would be drawn as a blank
    /// or an empty box. Shaped as the image is, so it costs about as much as laying it out.
    pub fn missing_glyphs(&self) -> BTreeSet<char> {
        self.content.missing_glyphs()
    }

    /// The plain address, such as `/previews/home.png`: it always answers the current image.
    pub fn plain_path(&self) -> String {
        let suffix = format!(".{}.png", self.fingerprint);
        let stem = self.path.strip_suffix(&suffix).unwrap_or(&self.path);
        format!("{stem}.png")
    }

    /// Whether `fingerprint` names this version of the image.
    pub fn is_current(&self, fingerprint: &str) -> bool {
        self.fingerprint == fingerprint
    }

    /// The PNG, laid out and drawn on the first call and kept.
    pub fn png(&self) -> Result<&Encoded, Error> {
        if let Some(done) = self.png.get() {
            return Ok(done);
        }
        let png = rasterise(&self.svg()?)?;
        Ok(self.png.get_or_init(|| Encoded::new(CONTENT_TYPE, png)))
    }
}

/// SVG to PNG, with the bundled fonts only. The PNG holds no time or other varying data:
/// the same SVG gives the same bytes in every process.
pub fn rasterise(svg: &str) -> Result<Vec<u8>, Error> {
    let started = Instant::now();
    let tree = usvg::Tree::from_str(svg, &fonts::options()).map_err(|e| Error(e.to_string()))?;
    let parsed = Instant::now();
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT)
        .ok_or_else(|| Error(format!("no {WIDTH} x {HEIGHT} canvas")))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    drop(tree);
    let drawn = Instant::now();
    let png = encode(&pixmap).map_err(|e| Error(e.to_string()))?;
    let ms = |from: Instant, to: Instant| (to - from).as_secs_f64() * 1000.0;
    log::info!(
        "link preview drawn in {:.1} ms (SVG read {:.1}, painted {:.1}, PNG {:.1}), {} bytes",
        ms(started, Instant::now()),
        ms(started, parsed),
        ms(parsed, drawn),
        ms(drawn, Instant::now()),
        png.len()
    );
    Ok(png)
}

/// The canvas as an RGB PNG, a row at a time. The card is opaque, so alpha would only add
/// bytes; and a row at a time, rather than tiny-skia's `encode_png` and its copy of the whole
/// canvas, keeps 3 MB less memory that the allocator would hold on to after each drawing.
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    let mut stream = writer.stream_writer()?;
    let mut row = Vec::with_capacity(WIDTH as usize * 3);
    for line in pixmap.pixels().chunks_exact(WIDTH as usize) {
        row.clear();
        for pixel in line {
            let c = pixel.demultiply();
            row.extend_from_slice(&[c.red(), c.green(), c.blue()]);
        }
        stream.write_all(&row)?;
    }
    stream.finish()?;
    writer.finish()?;
    Ok(out)
}

/// A page's name in preview addresses: the stem of its content file, unique like the file.
/// A preview's file name: the page's file without `.toml`, after the edition's tag for a
/// translated edition (`ja-home`).
fn name(lang: Lang, page: Page) -> String {
    let file = page.spec().file;
    let stem = file.strip_suffix(".toml").unwrap_or(file);
    match lang {
        Lang::En => stem.to_string(),
        _ => format!("{}-{stem}", lang.tag()),
    }
}

/// A request for a preview, read from its path.
#[derive(Debug, PartialEq, Eq)]
pub struct Request<'a> {
    pub lang: Lang,
    pub page: Page,
    /// The fingerprint in the address; none for the plain address.
    pub fingerprint: Option<&'a str>,
}

impl<'a> Request<'a> {
    /// `/previews/home.3fa2c1d9e0.png` or `/previews/home.png`; anything else is none.
    pub fn parse(path: &'a str) -> Option<Request<'a>> {
        let file = path.strip_prefix(PREFIX)?.strip_suffix(".png")?;
        let (stem, fingerprint) = match file.split_once('.') {
            Some((stem, fingerprint)) => (stem, Some(fingerprint)),
            None => (file, None),
        };
        let (lang, page) = Lang::ALL
            .into_iter()
            .flat_map(|lang| Page::all().map(move |p| (lang, p)))
            .find(|&(lang, p)| name(lang, p) == stem)?;
        Some(Request {
            lang,
            page,
            fingerprint,
        })
    }
}

/// The previews of every page, in the order of the pages.
pub fn all(site: &Site) -> Vec<Preview> {
    Page::all().map(|p| Preview::new(site, p)).collect()
}

/// What `check` warns of in the previews of every edition, found in the content folder
/// `dir`: a character that no bundled font has. The content may still go live (the page shows
/// the character; only its picture lacks it), so it is a warning, named at the page's file.
pub fn warnings(editions: &Editions, dir: &Path) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for site in editions.all() {
        for page in Page::all() {
            let missing = card::content(site, page).missing_glyphs();
            if missing.is_empty() {
                continue;
            }
            let file = page.spec().file;
            let file = translated_file(site.lang, file).unwrap_or_else(|| file.to_string());
            let chars: Vec<String> = missing
                .iter()
                .map(|&c| format!("{c} (U+{:04X})", u32::from(c)))
                .collect();
            let (these, them) = if missing.len() == 1 {
                ("this character", "it")
            } else {
                ("these characters", "them")
            };
            warnings.push(
                Diagnostic::file(
                    &dir.join(file),
                    Problem::new(format!(
                        "the link preview of {} cannot draw {these}, which the bundled fonts \
                         lack: {}",
                        site.lang.path(page.path()),
                        chars.join(", ")
                    ))
                    .help(format!(
                        "the picture shows a blank or an empty box for each (the page itself \
                         shows {them}): write {them} another way, or add {them} to the fonts as \
                         fonts/README.md says"
                    )),
                )
                .warning(),
            );
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_name_a_page_and_maybe_a_fingerprint() {
        assert_eq!(
            Request::parse("/previews/home.3fa2c1d9e0.png"),
            Some(Request {
                lang: Lang::En,
                page: Page::HOME,
                fingerprint: Some("3fa2c1d9e0")
            })
        );
        assert_eq!(
            Request::parse("/previews/statistics.png"),
            Some(Request {
                lang: Lang::En,
                page: Page::STATISTICS,
                fingerprint: None
            })
        );
        assert_eq!(
            Request::parse("/previews/ja-trends.0123456789.png"),
            Some(Request {
                lang: Lang::Ja,
                page: Page::TRENDS,
                fingerprint: Some("0123456789")
            })
        );
        for wrong in [
            "/previews/nope.png",
            "/previews/home.svg",
            "/previews/home",
            "/previews/ja-.png",
            "/previews/en-home.png",
            "/previews/",
            "/static/home.png",
        ] {
            assert_eq!(Request::parse(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn every_page_has_its_own_name() {
        let mut names: Vec<_> = Lang::ALL
            .into_iter()
            .flat_map(|lang| Page::all().map(move |p| name(lang, p)))
            .collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 2 * Page::all().count());
        assert_eq!(name(Lang::En, Page::HOME), "home");
        assert_eq!(name(Lang::Ja, Page::HOME), "ja-home");
    }

    #[test]
    fn the_same_svg_gives_the_same_bytes() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\">\
                   <text x=\"80\" y=\"200\" font-size=\"64\">364</text></svg>";
        let a = rasterise(svg).expect("drawn");
        let b = rasterise(svg).expect("drawn");
        assert_eq!(a, b);
        assert!(a.starts_with(b"\x89PNG"));
    }
}
