//! Link previews through the real route table and the base fixture: every page's `og:image`
//! is a 1200 x 630 PNG drawn from the content, its address changes when the image does, and it
//! is cached, revalidated and refused like the static files.

use crate::common;

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use actix_web::http::header::HeaderMap;
use actix_web::test::TestRequest;
use cir_guide::app::Mode;
use cir_guide::content::Lang;
use cir_guide::content::pages::Page;
use cir_guide::server::live::Live;
use common::html::{self, Content, Find};
use common::server::{Server, copy_content, save_by_rename};
use common::{get, root};

common::harness::tests! {
    actix every_page_of_every_edition_links_a_1200_by_630_png_drawn_for_it [],
    actix home_and_statistics_carry_their_previews_in_meta_tags [],
    actix the_trends_preview_shows_the_latest_and_highest_figures_with_their_sources [],
    actix the_japanese_previews_read_as_japanese [],
    sync every_character_of_every_preview_has_a_glyph_in_the_bundled_fonts [],
    actix previews_revalidate_by_etag_and_answer_head [],
    actix the_plain_address_revalidates_and_a_wrong_fingerprint_is_not_found [],
    actix a_changed_figure_changes_the_image_and_its_address_and_nothing_else [],
    sync two_processes_draw_the_same_bytes [],
}

const BASE: &str = "https://cir-guide.example";

struct Got {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

async fn fetch(
    app: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    req: TestRequest,
) -> Got {
    let (status, headers, body) = common::call(app, req).await;
    Got {
        status,
        headers,
        body,
    }
}

fn header<'a>(got: &'a Got, name: &str) -> Option<&'a str> {
    got.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The content of the one `<meta>` tag of a key, by its `property` (`og:`) or `name`.
fn meta(html: &str, key: &str) -> String {
    let attribute = if key.starts_with("og:") {
        "property"
    } else {
        "name"
    };
    html::parse(html)
        .only(&format!("meta[{attribute}=\"{key}\"]"))
        .attribute("content")
        .to_string()
}

/// The path of a page's preview, from its `og:image`, checked to be on the public address.
fn image_path(html: &str) -> String {
    common::preview_path(html)
}

/// Decodes a PNG: its size and every distinct colour.
fn decode(bytes: &[u8]) -> (u32, u32, HashSet<[u8; 3]>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    assert_eq!(info.color_type, png::ColorType::Rgb, "opaque RGB pixels");
    let colours = pixels[..info.buffer_size()]
        .chunks_exact(3)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, colours)
}

async fn every_page_of_every_edition_links_a_1200_by_630_png_drawn_for_it() {
    let app = common::site().await;
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("previews");
    std::fs::create_dir_all(&dir).expect("a folder for the previews");
    let mut paths = HashSet::new();
    let pages = Lang::ALL
        .into_iter()
        .flat_map(|lang| Page::all().map(move |page| lang.path(page.path())));
    for page in pages {
        let (status, _, html) = get(&app, &page).await;
        assert_eq!(status, 200, "{page}");
        let path = image_path(&html);
        assert_eq!(meta(&html, "twitter:image"), meta(&html, "og:image"));
        assert_eq!(meta(&html, "og:image:type"), "image/png");
        assert_eq!(meta(&html, "og:image:width"), "1200");
        assert_eq!(meta(&html, "og:image:height"), "630");
        assert_eq!(meta(&html, "twitter:card"), "summary_large_image");
        assert_eq!(
            meta(&html, "twitter:image:alt"),
            meta(&html, "og:image:alt")
        );
        assert!(!meta(&html, "og:image:alt").is_empty(), "{page}");

        let got = fetch(&app, TestRequest::get().uri(&path)).await;
        assert_eq!(got.status, 200, "{path}");
        assert_eq!(header(&got, "content-type"), Some("image/png"), "{path}");
        assert_eq!(
            header(&got, "cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{path}"
        );
        let (width, height, colours) = decode(&got.body);
        assert_eq!((width, height), (1200, 630), "{path}");
        // Text is drawn with anti-aliasing, so a page of text has many shades; a blank or
        // single-colour image has one or two.
        assert!(colours.len() > 50, "{path}: {} colours", colours.len());
        for colour in [[0xff, 0xff, 0xff], [0x0b, 0x5c, 0xad], [0x1a, 0x1d, 0x21]] {
            assert!(colours.contains(&colour), "{path} lacks {colour:?}");
        }
        std::fs::write(dir.join(path.trim_start_matches("/previews/")), &got.body)
            .expect("save the preview for a look");
        paths.insert(path);
    }
    assert_eq!(
        paths.len(),
        Lang::ALL.len() * Page::all().count(),
        "one preview per page and edition"
    );
}

async fn home_and_statistics_carry_their_previews_in_meta_tags() {
    let app = common::site().await;
    for (page, title, description, alt) in [
        (
            "/",
            "CIR Guide",
            "What a Coordinator for International Relations (CIR) on Japan&#39;s JET Programme \
             is, what the role involves and where CIRs work.",
            "CIR Guide: Coordinators for International Relations on the JET Programme. 364 CIRs \
             on the JET Programme, 8.2\u{a0}% of all JET participants, 4,465 JET participants. As \
             of 1 July 2014. Sources: Coordinator for International Relations (secondary source).",
        ),
        (
            "/statistics",
            "CIRs by prefecture and designated city, 2014 – CIR Guide",
            "How many CIRs worked in each Japanese prefecture and designated city on 1 July \
             2014, in a table you can sort and filter.",
            "CIR Guide: CIRs by prefecture and designated city, 2014. 364 CIRs on the JET \
             Programme, 8.2\u{a0}% of all JET participants, 4,465 JET participants. Figures as \
             of 1 July 2014. Source: Coordinator for International Relations (secondary source).",
        ),
    ] {
        let (_, _, html) = get(&app, page).await;
        let url = meta(&html, "og:image");
        let name = if page == "/" { "home" } else { "statistics" };
        let fingerprint = url
            .strip_prefix(&format!("{BASE}/previews/{name}."))
            .and_then(|rest| rest.strip_suffix(".png"))
            .unwrap_or_else(|| panic!("{url}"));
        assert_eq!(fingerprint.len(), 10, "{url}");
        assert!(fingerprint.bytes().all(|b| b.is_ascii_hexdigit()), "{url}");
        let expected = format!(
            "<meta property=\"og:image\" content=\"{url}\">\n\
             <meta property=\"og:image:type\" content=\"image/png\">\n\
             <meta property=\"og:image:width\" content=\"1200\">\n\
             <meta property=\"og:image:height\" content=\"630\">\n\
             <meta property=\"og:image:alt\" content=\"{alt}\">\n\
             <meta name=\"twitter:card\" content=\"summary_large_image\">\n\
             <meta name=\"twitter:title\" content=\"{title}\">\n\
             <meta name=\"twitter:description\" content=\"{description}\">\n\
             <meta name=\"twitter:image\" content=\"{url}\">\n\
             <meta name=\"twitter:image:alt\" content=\"{alt}\">\n"
        );
        assert!(html.contains(&expected), "{page}:\n{html}");
    }
}

async fn the_trends_preview_shows_the_latest_and_highest_figures_with_their_sources() {
    let app = common::site().await;
    let (_, _, html) = get(&app, "/trends").await;
    assert_eq!(
        meta(&html, "og:image:alt"),
        "CIR Guide: CIRs over time. 5,933 JET participants in fiscal 2025, 6,273 at the \
         highest, in fiscal 2002, 479 CIRs in July 2024. Sources: History of the JET \
         Programme; Report citing CLAIR's Jichitai Kokusaika Forum no. 430 (secondary \
         source)."
    );
}

async fn the_japanese_previews_read_as_japanese() {
    let app = common::site().await;
    for (page, alt) in [
        (
            "/ja/",
            "国際交流員（CIR）ガイド：JETプログラムの国際交流員（CIR）。\
             JETプログラムの国際交流員数：364、JETプログラム参加者全体に占める割合：8.2%、\
             JETプログラム参加者数：4,465。基準日：2014年7月1日。\
             出典：Coordinator for International Relations（二次資料）。",
        ),
        (
            "/ja/trends",
            "国際交流員（CIR）ガイド：国際交流員数の推移。2025年度のJETプログラム参加者数：5,933、\
             最多（2002年度）：6,273、2024年7月時点の国際交流員数：479。\
             出典：History of the JET Programme、\
             クレアの『自治体国際化フォーラム』第430号を引用した記事（二次資料）。",
        ),
    ] {
        let (_, _, html) = get(&app, page).await;
        assert_eq!(meta(&html, "og:image:alt"), alt, "{page}");
        let path = image_path(&html);
        assert!(path.starts_with("/previews/ja-"), "{path}");
    }
}

fn every_character_of_every_preview_has_a_glyph_in_the_bundled_fonts() {
    let editions = cir_guide::content::load(&common::base()).expect("valid content");
    for site in editions.all() {
        for preview in cir_guide::preview::all(site) {
            let missing = preview.missing_glyphs();
            assert!(
                missing.is_empty(),
                "{}: no bundled font has {missing:?}; fonts/README.md says how to add them",
                preview.path
            );
        }
    }
    // And `check` says nothing of them.
    let warnings = cir_guide::preview::warnings(&editions, &common::base());
    assert!(warnings.is_empty(), "{warnings:?}");
}

async fn previews_revalidate_by_etag_and_answer_head() {
    let app = common::site().await;
    let (_, _, html) = get(&app, "/statistics").await;
    let path = image_path(&html);
    let first = fetch(&app, TestRequest::get().uri(&path)).await;
    let etag = header(&first, "etag").expect("an ETag").to_string();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "strong: {etag}"
    );
    assert_eq!(
        header(&first, "vary"),
        None,
        "a PNG is never compressed again"
    );
    assert_eq!(header(&first, "content-encoding"), None);

    let again = fetch(
        &app,
        TestRequest::get()
            .uri(&path)
            .insert_header(("if-none-match", etag.as_str()))
            .insert_header(("accept-encoding", "br, gzip")),
    )
    .await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(header(&again, "etag"), Some(etag.as_str()));
    assert_eq!(
        header(&again, "cache-control"),
        Some("public, max-age=31536000, immutable")
    );

    let head = fetch(
        &app,
        TestRequest::default()
            .method(actix_web::http::Method::HEAD)
            .uri(&path),
    )
    .await;
    assert_eq!(head.status, 200);
    // That HEAD sends no body is the HTTP layer's part, tested on a real socket in server.rs.
    assert_eq!(header(&head, "etag"), Some(etag.as_str()));
    assert_eq!(header(&head, "content-type"), Some("image/png"));

    let post = fetch(&app, TestRequest::post().uri(&path)).await;
    assert_eq!(post.status, 405);
    assert_eq!(header(&post, "allow"), Some("GET, HEAD"));
}

async fn the_plain_address_revalidates_and_a_wrong_fingerprint_is_not_found() {
    let app = common::site().await;
    let (_, _, html) = get(&app, "/").await;
    let current = fetch(&app, TestRequest::get().uri(&image_path(&html))).await;

    // As for static files: the plain address serves the current image, revalidated.
    let plain = fetch(&app, TestRequest::get().uri("/previews/home.png")).await;
    assert_eq!(plain.status, 200);
    assert_eq!(header(&plain, "cache-control"), Some(common::PAGE_CACHE));
    assert_eq!(header(&plain, "content-type"), Some("image/png"));
    assert_eq!(header(&plain, "etag"), header(&current, "etag"));
    assert_eq!(plain.body, current.body);

    // An old or made-up fingerprint names bytes the site no longer has: not found, with the
    // site's not-found page, as for an old static file.
    for wrong in [
        "/previews/home.0000000000.png",
        "/previews/home.6032388323.png",
        "/previews/nope.png",
        "/previews/home.svg",
        "/previews/",
        "/previews",
    ] {
        let got = fetch(&app, TestRequest::get().uri(wrong)).await;
        assert_eq!(got.status, 404, "{wrong}");
        assert_eq!(
            header(&got, "content-type"),
            Some("text/html; charset=utf-8"),
            "{wrong}"
        );
        let body = String::from_utf8(got.body).expect("HTML");
        assert!(body.contains("<h1>Page not found</h1>"), "{wrong}");
    }
}

/// The home, statistics and role pages' preview addresses and the home page's image.
async fn previews_of(live: Arc<Live>) -> (String, String, String, Vec<u8>) {
    let app = common::app_for(live, root().join("static"), Mode::default()).await;
    let mut paths = Vec::new();
    for page in ["/", "/statistics", "/role"] {
        let (_, _, html) = get(&app, page).await;
        paths.push(image_path(&html));
    }
    let image = fetch(&app, TestRequest::get().uri(&paths[0])).await;
    assert_eq!(image.status, 200);
    let role = paths.pop().expect("role");
    let statistics = paths.pop().expect("statistics");
    let home = paths.pop().expect("home");
    (home, statistics, role, image.body)
}

async fn a_changed_figure_changes_the_image_and_its_address_and_nothing_else() {
    let dir = copy_content(&common::base(), "preview-figures");
    let start = || Arc::new(Live::start(&dir, &root().join("static"), false).expect("valid"));
    let live = start();
    let (home, statistics, role, image) = previews_of(live.clone()).await;

    // The same content loaded again: the same addresses and the same bytes.
    let again = previews_of(start()).await;
    assert_eq!(
        again,
        (
            home.clone(),
            statistics.clone(),
            role.clone(),
            image.clone()
        )
    );

    // A figure changes: the pages that show it get a new image at a new address.
    let path = dir.join("statistics.toml");
    let text = std::fs::read_to_string(&path).expect("statistics.toml");
    assert!(text.contains("jet_participants = 4465"));
    save_by_rename(
        &path,
        &text.replacen("jet_participants = 4465", "jet_participants = 4000", 1),
    );
    // The count of the same date in trends.toml must agree with it.
    let path = dir.join("trends.toml");
    let text = std::fs::read_to_string(&path).expect("trends.toml");
    let point = "count = 364\nparticipants = 4465";
    assert_eq!(text.matches(point).count(), 1, "the 2014 count");
    save_by_rename(
        &path,
        &text.replacen(point, "count = 364\nparticipants = 4000", 1),
    );
    live.reload().expect("the changed content is valid");
    let (new_home, new_statistics, new_role, new_image) = previews_of(live.clone()).await;
    assert_ne!(new_home, home);
    assert_ne!(new_statistics, statistics);
    assert_ne!(new_image, image);
    assert_eq!(new_role, role, "the role page shows no figure");
    let alt = live
        .snapshot()
        .edition(Lang::En)
        .preview(Page::HOME)
        .alt
        .clone();
    assert!(
        alt.contains("364 CIRs on the JET Programme, 9.1\u{a0}% of all JET participants, 4,000 JET participants."),
        "{alt}"
    );
}

fn two_processes_draw_the_same_bytes() {
    let image = |server: &Server| {
        let html = server.get("/statistics").body;
        let path = image_path(&html);
        let raw = server.raw_bytes(
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("headers end");
        assert!(raw.starts_with(b"HTTP/1.1 200"), "{path}");
        (path, raw[split + 4..].to_vec())
    };
    let first = image(&Server::base());
    let second = image(&Server::base());
    assert!(first.1.starts_with(b"\x89PNG"));
    assert_eq!(first, second);
}
