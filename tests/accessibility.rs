//! Accessibility in a real browser (axe-core, WCAG 2.2 A and AA rules, light and dark), valid
//! HTML (the Nu Html Checker), and screenshots of every page for people to look at.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use common::browser::{
    Driver, click_heading, color_scheme, deadline, in_both_languages, japanese, js, screenshot,
    screenshot_dir, session, visit,
};
use common::harness::node_module;
use common::server::Server;

use common::VIEWS;

common::harness::tests! {
    tokio axe_finds_no_violations_in_light_or_dark_on_a_phone_or_a_desktop [Chromium, Npm(AXE)],
    tokio axe_finds_no_violations_in_japanese_in_light_or_dark_on_a_phone_or_a_desktop [Chromium, Npm(AXE)],
    tokio every_shade_of_the_map_keeps_its_text_readable_in_light_and_dark [Chromium],
    sync the_nu_html_checker_finds_no_errors [Java, Npm(VNU)],
    tokio screenshots_of_every_page_at_phone_and_desktop_widths [Chromium],
    tokio screenshots_of_every_japanese_page_at_phone_and_desktop_widths [Chromium],
}

/// The checkers, from npm (`npm ci`).
const AXE: &str = "axe-core/axe.min.js";
const VNU: &str = "vnu-jar/build/dist/vnu.jar";

/// Runs axe-core (WCAG 2.2 A and AA) on every view of `views`, in light and dark, at a
/// phone's and a desktop's width: the layout, and so what axe sees, differs. The statistics
/// page is checked after a sort in place, announcement included.
async fn axe_finds_no_violations_on(views: &[String]) {
    let axe = std::fs::read_to_string(node_module(AXE)).expect("axe-core");
    let (server, driver) = (Server::base(), Driver::start());
    let mut violations = Vec::new();
    for width in [360, 1280] {
        let client = session(&driver, true, width, 900).await;
        for scheme in ["light", "dark"] {
            color_scheme(&client, scheme).await;
            for view in views {
                visit(&client, &server, view).await;
                if view.ends_with("/statistics") {
                    click_heading(&client, "region").await;
                }
                client.execute(&axe, Vec::new()).await.expect("axe loads");
                let result = client
                    .execute_async(
                        "const done = arguments[arguments.length - 1];
                         axe.run(document, { runOnly: { type: 'tag',
                             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] } })
                           .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' at ' +
                               v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))))
                           .catch(e => done(['axe failed: ' + e]));",
                        Vec::new(),
                    )
                    .await
                    .expect("axe runs");
                let found = result
                    .as_array()
                    .unwrap_or_else(|| panic!("axe did not run on {view}: {result}"));
                for v in found {
                    violations.push(format!(
                        "{view} ({scheme}, {width} px): {}",
                        v.as_str().unwrap_or_default()
                    ));
                }
            }
        }
        client.close().await.expect("closes");
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

async fn axe_finds_no_violations_in_light_or_dark_on_a_phone_or_a_desktop() {
    let views: Vec<String> = VIEWS.iter().map(|view| view.to_string()).collect();
    deadline(axe_finds_no_violations_on(&views)).await;
}

/// The same views in Japanese (`/ja/...`): `<html lang="ja">`, Japanese text and fonts.
async fn axe_finds_no_violations_in_japanese_in_light_or_dark_on_a_phone_or_a_desktop() {
    let views: Vec<String> = VIEWS.iter().map(|view| japanese(view)).collect();
    deadline(axe_finds_no_violations_on(&views)).await;
}

/// The text of every tile against its shade, measured in the browser as WCAG defines contrast:
/// each of the 5 shades and the dimmed tile, in both colour schemes, at both widths. axe checks
/// the tiles it sees too; this names every shade, so a shade no view happens to use is
/// measured all the same.
async fn every_shade_of_the_map_keeps_its_text_readable_in_light_and_dark() {
    deadline(async {
        let (server, driver) = (Server::base(), Driver::start());
        let mut failures = Vec::new();
        for width in [360, 1280] {
            let client = session(&driver, true, width, 900).await;
            for scheme in ["light", "dark"] {
                color_scheme(&client, scheme).await;
                let mut lowest = std::collections::BTreeMap::new();
                // The default view uses all 5 shades; a region filter dims the other tiles.
                for view in ["/statistics", "/statistics?region=kanto"] {
                    visit(&client, &server, view).await;
                    let ratios = js(
                        &client,
                        "const channels = c => c.match(/[\\d.]+/g).map(Number);
                         const luminance = c => {
                           const [r, g, b] = channels(c).map(v => v / 255)
                             .map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
                           return 0.2126 * r + 0.7152 * g + 0.0722 * b;
                         };
                         const fill = el => {
                           for (; el; el = el.parentElement) {
                             const c = getComputedStyle(el).backgroundColor;
                             if (channels(c).length === 3 || channels(c)[3] === 1) { return c; }
                           }
                           return 'rgb(255, 255, 255)';
                         };
                         return Array.from(document.querySelectorAll('.tiles li'), li => {
                           const [a, b] = [luminance(getComputedStyle(li.querySelector('.tile-name')).color),
                                           luminance(fill(li))].sort((x, y) => y - x);
                           return [li.className.split(' ').pop(), (a + 0.05) / (b + 0.05)];
                         });",
                    )
                    .await;
                    let ratios: Vec<(String, f64)> =
                        serde_json::from_value(ratios).expect("shade and ratio pairs");
                    for (shade, ratio) in ratios {
                        let low = lowest.entry(shade).or_insert(f64::MAX);
                        *low = f64::min(*low, ratio);
                    }
                }
                let shades: Vec<&String> = lowest.keys().collect();
                assert_eq!(
                    shades,
                    ["bin-0", "bin-1", "bin-2", "bin-3", "bin-4", "off"],
                    "{scheme} at {width} px"
                );
                for (shade, ratio) in lowest {
                    if ratio < 4.5 {
                        failures.push(format!("{shade} ({scheme}, {width} px): {ratio:.2}:1"));
                    }
                }
            }
            client.close().await.expect("closes");
        }
        assert!(
            failures.is_empty(),
            "tile text below 4.5:1: {}",
            failures.join(", ")
        );
    })
    .await;
}

fn the_nu_html_checker_finds_no_errors() {
    let vnu = node_module(VNU);
    let server = Server::base();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-check");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("folder");
    // Every view in English, then its Japanese twin.
    let views = in_both_languages(&VIEWS);
    let files: Vec<PathBuf> = views
        .iter()
        .enumerate()
        .map(|(i, view)| {
            let path = dir.join(format!("{i}.html"));
            std::fs::write(&path, server.get(view).body).expect("write");
            path
        })
        .collect();
    let out = common::run(
        Command::new("java")
            .args(["-jar"])
            .arg(&vnu)
            .args(["--errors-only", "--format", "json"])
            .args(&files),
        Duration::from_secs(180),
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).expect("JSON report");
    let errors: Vec<String> = report["messages"]
        .as_array()
        .unwrap_or_else(|| panic!("the checker did not report: {report}"))
        .iter()
        .map(|m| {
            let file = m["url"].as_str().unwrap_or_default();
            let index: usize = file
                .rsplit('/')
                .next()
                .and_then(|n| n.trim_end_matches(".html").parse().ok())
                .unwrap_or(0);
            format!("{} line {}: {}", views[index], m["lastLine"], m["message"])
        })
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// Leaves `target/screenshots/<prefix><page>-<width>-<scheme>.png` for people to look at,
/// one for each view of `views`, each checked for size, content and theme.
async fn screenshots_of(views: &[String], prefix: &str) {
    let (server, driver) = (Server::base(), Driver::start());
    let dir = screenshot_dir();
    for width in [360u32, 1280] {
        let client = session(&driver, true, width, 900).await;
        for scheme in ["light", "dark"] {
            color_scheme(&client, scheme).await;
            for view in views {
                visit(&client, &server, view).await;
                // The whole page, not just the first screen.
                let height = js(&client, "return document.documentElement.scrollHeight")
                    .await
                    .as_u64()
                    .unwrap_or(900);
                let height = u32::try_from(height.min(16_000)).unwrap_or(900);
                let height_shown = u64::from(height);
                // The window is taller than the page it shows by the browser's own bars.
                let bars = js(&client, "return outerHeight - innerHeight")
                    .await
                    .as_u64()
                    .and_then(|b| u32::try_from(b).ok())
                    .unwrap_or(0);
                client
                    .set_window_size(width, height + bars)
                    .await
                    .expect("resize");
                let png = screenshot(&client).await;
                let page = view.strip_prefix("/ja").unwrap_or(view);
                let name = match page.trim_start_matches('/') {
                    "" => "home".to_string(),
                    other => other.replace(['?', '&', '='], "_"),
                };
                std::fs::write(
                    dir.join(format!("{prefix}{name}-{width}-{scheme}.png")),
                    &png,
                )
                .expect("write");
                let shot = Screenshot::decode(&png);
                let at = format!("{view} at {width} px, {scheme}");
                assert_eq!(shot.width, width, "{at}");
                assert_eq!(u64::from(shot.height), height_shown, "{at}");
                assert!(
                    shot.colours >= ENOUGH_COLOURS,
                    "{at} looks blank: {} colours",
                    shot.colours
                );
                match scheme {
                    "light" => {
                        assert!(shot.mean_luma > 180, "{at}: mean luma {}", shot.mean_luma)
                    }
                    _ => assert!(shot.mean_luma < 80, "{at}: mean luma {}", shot.mean_luma),
                }
                client.set_window_size(width, 900).await.expect("resize");
            }
        }
        client.close().await.expect("closes");
    }
}

/// Leaves `target/screenshots/<page>-<width>-<scheme>.png` for people to look at.
async fn screenshots_of_every_page_at_phone_and_desktop_widths() {
    let views: Vec<String> = VIEWS.iter().map(|view| view.to_string()).collect();
    deadline(screenshots_of(&views, "")).await;
}

/// Leaves `target/screenshots/ja-<page>-<width>-<scheme>.png`: the Japanese twins.
async fn screenshots_of_every_japanese_page_at_phone_and_desktop_widths() {
    let views: Vec<String> = VIEWS.iter().map(|view| japanese(view)).collect();
    deadline(screenshots_of(&views, "ja-")).await;
}

/// Colours enough to tell a page from a blank one (which has one or two); counting stops
/// there, which keeps decoding a page of millions of pixels quick in a debug build.
const ENOUGH_COLOURS: usize = 16;

/// What a screenshot shows, in numbers: its size, how many colours it has, up to
/// [`ENOUGH_COLOURS`] (a blank page has one or two), and how light it is on average (0 black
/// to 255 white).
struct Screenshot {
    width: u32,
    height: u32,
    colours: usize,
    mean_luma: u64,
}

impl Screenshot {
    fn decode(png_bytes: &[u8]) -> Screenshot {
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let mut reader = decoder.read_info().expect("a PNG");
        let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
        let info = reader.next_frame(&mut pixels).expect("a frame");
        let channels = info.color_type.samples();
        assert!(
            channels >= 3,
            "colour screenshot, not {:?}",
            info.color_type
        );
        let pixels = &pixels[..info.buffer_size()];
        let mut colours = std::collections::HashSet::new();
        let mut luma = 0u64;
        let mut count = 0u64;
        // Every pixel of every fourth row, a quarter of the work in a debug build: on pages
        // hundreds of rows tall the sample's mean is the page's, for the coarse bounds checked.
        let row = info.line_size;
        for line in pixels.chunks(row).step_by(4) {
            for p in line.chunks_exact(channels) {
                if colours.len() < ENOUGH_COLOURS {
                    colours.insert([p[0], p[1], p[2]]);
                }
                luma +=
                    (299 * u64::from(p[0]) + 587 * u64::from(p[1]) + 114 * u64::from(p[2])) / 1000;
                count += 1;
            }
        }
        let count = count.max(1);
        Screenshot {
            width: info.width,
            height: info.height,
            colours: colours.len(),
            mean_luma: luma / count,
        }
    }
}

common::harness::main!(self);
