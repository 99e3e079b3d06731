//! Checks `statistics.toml`: the rows become the typed [`Table`], and must add up to the
//! reported total.

use std::collections::HashMap;

use crate::content::diagnostic::{Diagnostic, Problem};
use crate::content::document::Doc;
use crate::content::figures::Figures;
use crate::content::model::{self, RawRow, StatisticsFile};
use crate::content::rules::{Cx, RESERVED_IDS, SourceIndex};
use crate::content::site::{Date, MapLabels, Meta, STATISTICS_COLUMNS, SourceRef, Statistics, Ui};
use crate::content::suggest::closest;
use crate::lang::Lang;
use crate::stats::{Collation, Kind, Region, Row, Table, slugify};
use crate::tilemap::{Bins, SHADES};

/// Prefecture codes are JIS X 0401: 1 (Hokkaido) to 47 (Okinawa).
const PREFECTURE_CODES: std::ops::RangeInclusive<i64> = 1..=47;

/// Checks the statistics file and builds its page, and the figures every file's text may
/// name; `None` when a value cannot be used at all. The figures come from the rows, so the
/// page's own text and labels are checked once they are known.
pub fn build(
    doc: &Doc<'_, StatisticsFile>,
    index: Option<&SourceIndex>,
    ui: Option<&Ui>,
    address: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Meta, Statistics, Option<Figures>)> {
    let f = &doc.value;
    let (as_of, jet_participants, reported, source, table) =
        data(&mut Cx::new(doc, index, diags), f);
    let figures = match (as_of, jet_participants, ui) {
        (Some(as_of), Some(all), Some(ui)) => Some(Figures::new(&table, as_of, all, ui)),
        _ => None,
    };
    let mut cx = Cx::new(doc, index, diags)
        .with_figures(figures.as_ref())
        .with_address(address);
    let meta = f.page.resolve(&mut cx);
    let labels = f.labels.resolve(&mut cx);
    let map = map_labels(&mut cx, &f.map);
    let columns = cx.columns(&f.columns, &STATISTICS_COLUMNS);
    Some((
        meta,
        Statistics {
            as_of: as_of?,
            jet_participants: jet_participants?,
            reported_cirs: reported?,
            source: source?,
            labels,
            map: map?,
            columns,
            table,
        },
        figures,
    ))
}

/// The figures and rows, with every rule across them.
fn data(
    cx: &mut Cx<'_>,
    f: &StatisticsFile,
) -> (
    Option<Date>,
    Option<u32>,
    Option<u32>,
    Option<SourceRef>,
    Table,
) {
    let as_of = date(cx, f);
    let jet_participants = count(cx, &f.jet_participants, "jet_participants");
    let reported = count(cx, &f.reported_cirs, "reported_cirs");
    let source = cx.cite_one(&f.source);
    let regions = &f.regions;
    let region_labels = [
        &regions.hokkaido,
        &regions.tohoku,
        &regions.kanto,
        &regions.chubu,
        &regions.kansai,
        &regions.chugoku,
        &regions.shikoku,
        &regions.kyushu,
    ]
    .map(|t| cx.text(t, "region name"));
    let kind_labels = [
        cx.text(&f.labels.prefecture, "prefecture"),
        cx.text(&f.labels.city, "city"),
    ];
    let rows = rows(cx, &f.rows);
    // Compare with the total only when every count is usable; otherwise the bad count has
    // been reported and a second message about the sum would only mislead.
    let counts: Option<Vec<u32>> = f
        .rows
        .iter()
        .map(|r| u32::try_from(*r.cirs.get_ref()).ok())
        .collect();
    let sum = counts.map(|c| c.iter().sum::<u32>());
    if let (Some(reported), Some(sum)) = (reported, sum)
        && sum != reported
    {
        cx.error(
            f.reported_cirs.span(),
            Problem::new(format!(
                "the rows add up to {sum} CIRs but `reported_cirs` is {reported}"
            ))
            .help("correct the count that changed, or this total if the source's total changed"),
        );
    }
    if let (Some(reported), Some(all)) = (reported, jet_participants)
        && reported > all
    {
        cx.error(
            f.jet_participants.span(),
            Problem::new(format!(
                "`jet_participants` is {all}, fewer than the {reported} CIRs among them"
            ))
            .help("CIRs are JET participants, so this number must be at least `reported_cirs`"),
        );
    }
    (
        as_of,
        jet_participants,
        reported,
        source,
        Table::new(rows, kind_labels, region_labels, Collation::of(cx.lang())),
    )
}

fn date(cx: &mut Cx<'_>, f: &StatisticsFile) -> Option<Date> {
    let value = f.as_of.get_ref();
    let parsed = Date::from_toml(value);
    if parsed.is_none() {
        cx.error(
            f.as_of.span(),
            Problem::new("`as_of` must be a date without a time, such as 2014-07-01")
                .help(format!("found {value}")),
        );
    }
    parsed
}

/// A count of people: zero or more, and small enough to be plausible.
fn count(cx: &mut Cx<'_>, n: &toml::Spanned<i64>, field: &str) -> Option<u32> {
    match u32::try_from(*n.get_ref()) {
        Ok(v) => Some(v),
        Err(_) => {
            cx.error(
                n.span(),
                Problem::new(format!("`{field}` must be a whole number, zero or more"))
                    .help(format!("found {}", n.get_ref())),
            );
            None
        }
    }
}

fn rows(cx: &mut Cx<'_>, raw: &[RawRow]) -> Vec<Row> {
    let mut names = HashMap::new();
    let mut codes: HashMap<i64, usize> = HashMap::new();
    // Prefectures first, so that a city may name a prefecture listed after it.
    let prefectures: HashMap<&str, (i64, Option<Region>)> = raw
        .iter()
        .filter(|r| r.kind.get_ref() == "prefecture")
        .map(|r| {
            let region = r
                .region
                .as_ref()
                .and_then(|t| Region::from_slug(t.get_ref()));
            (r.name.get_ref().trim(), (*r.code.get_ref(), region))
        })
        .collect();
    let mut rows = Vec::with_capacity(raw.len());
    // Each prefecture's name in this edition, by its English name, for its cities' rows.
    let mut shown_names: HashMap<&str, String> = HashMap::new();
    for (i, r) in raw.iter().enumerate() {
        let name = cx.text(&r.name, "name");
        // The anchor comes from the English name, so that it is the same in every edition.
        let english = r.name.get_ref().trim();
        let id = slugify(english);
        if RESERVED_IDS.contains(&id.as_str()) {
            cx.error(
                r.name.span(),
                Problem::new(format!(
                    "the row's anchor `#{id}` is used by the page itself"
                ))
                .help("name the row differently"),
            );
        } else if !english.is_empty() {
            cx.unique(&r.name, "name", &mut names);
        }
        if r.kind.get_ref() == "prefecture" {
            shown_names.insert(english, name.clone());
        }
        let reading = reading(cx, r);
        if let Some(first) = codes.get(r.code.get_ref()) {
            cx.error(
                r.code.span(),
                Problem::new(format!("duplicate code `{}`", r.code.get_ref()))
                    .help(format!("it is already used on line {first}")),
            );
        } else {
            codes.insert(*r.code.get_ref(), cx.line_of(r.code.span()));
        }
        let cirs = count(cx, &r.cirs, "cirs");
        // A translated edition gives its own short names, where it needs them.
        let short_name = if cx.translated() {
            cx.edition_only(&r.name, "short_name")
                .map(|w| cx.fill(&w, "short_name"))
        } else {
            r.short_name.as_ref().map(|t| cx.text(t, "short_name"))
        };
        if let (Some(t), "city") = (&r.short_name, r.kind.get_ref().as_str()) {
            cx.error(
                t.span(),
                Problem::new(
                    "only a prefecture has a tile on the map, so only it takes a `short_name`",
                )
                .help("remove this line from the city's row"),
            );
        }
        let placed = match r.kind.get_ref().as_str() {
            "prefecture" => prefecture_region(cx, r),
            "city" => city_region(cx, r, &prefectures),
            other => {
                let hint = closest(other, Kind::ALL.map(Kind::slug).into_iter())
                    .map_or(String::new(), |k| format!("; did you mean `{k}`?"));
                cx.error(
                    r.kind.span(),
                    Problem::new(format!("unknown kind `{other}`"))
                        .help(format!("expected `prefecture` or `city`{hint}")),
                );
                None
            }
        };
        if let (Some((kind, region, prefecture)), Some(cirs)) = (placed, cirs) {
            rows.push(Row {
                order: i + 1,
                code: u32::try_from(*r.code.get_ref()).unwrap_or_default(),
                id,
                name,
                reading,
                kind,
                region,
                prefecture,
                short_name,
                cirs,
            });
        }
    }
    for row in &mut rows {
        if let Some(parent) = &mut row.prefecture
            && let Some(shown) = shown_names.get(parent.as_str())
        {
            parent.clone_from(shown);
        }
    }
    rows
}

/// A row's kana reading, which a Japanese name sorts by: required in the Japanese edition,
/// in hiragana (with ー and ・), and not written in English.
fn reading(cx: &mut Cx<'_>, r: &RawRow) -> Option<String> {
    // Without the row's Japanese name, the missing row is reported already.
    if cx.lang() != Lang::Ja || cx.edition_only(&r.name, "name").is_none() {
        return None;
    }
    let Some(w) = cx.edition_only(&r.name, "reading") else {
        cx.missing_in_translation(
            &r.name,
            "reading",
            "the name's reading in hiragana, such as `reading = \"あいちけん\"`",
        );
        return None;
    };
    let text = w.text.trim().to_string();
    let kana = |c: char| ('\u{3041}'..='\u{309F}').contains(&c) || c == 'ー' || c == '・';
    let problem = (text.is_empty() || !text.chars().all(kana)).then(|| {
        Problem::new(format!("`reading = \"{text}\"` is not in hiragana"))
            .help("write how the name is read, in hiragana, such as `reading = \"あいちけん\"`")
    });
    cx.check_written(&w, problem);
    Some(text)
}

type Placement = (Kind, Region, Option<String>);

fn prefecture_region(cx: &mut Cx<'_>, r: &RawRow) -> Option<Placement> {
    if !PREFECTURE_CODES.contains(r.code.get_ref()) {
        cx.error(
            r.code.span(),
            Problem::new("a prefecture's `code` is its JIS X 0401 code, 1 to 47")
                .help(format!("found {}", r.code.get_ref())),
        );
    }
    if let Some(p) = &r.prefecture {
        cx.error(
            p.span(),
            Problem::new("only a designated city names a `prefecture`")
                .help("remove this line from the prefecture's row"),
        );
    }
    let Some(region) = &r.region else {
        cx.error(
            r.name.span(),
            Problem::new(format!(
                "the prefecture `{}` has no `region`",
                r.name.get_ref()
            ))
            .help(format!("add one of {}", region_list())),
        );
        return None;
    };
    match Region::from_slug(region.get_ref()) {
        Some(found) => Some((Kind::Prefecture, found, None)),
        None => {
            let help = closest(region.get_ref(), Region::ALL.map(Region::slug).into_iter())
                .map_or_else(
                    || format!("expected one of {}", region_list()),
                    |near| format!("did you mean `{near}`?"),
                );
            cx.error(
                region.span(),
                Problem::new(format!("unknown region `{}`", region.get_ref())).help(help),
            );
            None
        }
    }
}

fn city_region(
    cx: &mut Cx<'_>,
    r: &RawRow,
    prefectures: &HashMap<&str, (i64, Option<Region>)>,
) -> Option<Placement> {
    if let Some(region) = &r.region {
        cx.error(
            region.span(),
            Problem::new("a designated city takes its region from its prefecture")
                .help("remove `region` from this row"),
        );
    }
    let Some(parent) = &r.prefecture else {
        cx.error(
            r.name.span(),
            Problem::new(format!(
                "the designated city `{}` has no `prefecture`",
                r.name.get_ref()
            ))
            .help("add the name of the prefecture row it lies in"),
        );
        return None;
    };
    let parent_name = parent.get_ref().trim();
    let Some((parent_code, parent_region)) = prefectures.get(parent_name) else {
        let help = closest(parent_name, prefectures.keys().copied())
            .map(|near| format!("did you mean `{near}`?"));
        cx.error(
            parent.span(),
            Problem {
                message: format!(
                    "the prefecture `{parent_name}` is not a prefecture row of this file"
                ),
                help,
            },
        );
        return None;
    };
    // A local government code starts with its prefecture's code: Kobe 28100 lies in Hyogo, 28.
    let code = *r.code.get_ref();
    if !(1000..=47999).contains(&code) || code / 1000 != *parent_code {
        cx.error(
            r.code.span(),
            Problem::new(format!(
                "a designated city's `code` is its local government code, starting \
                 with its prefecture's code {parent_code} (such as {parent_code}100)"
            ))
            .help(format!("found {code}")),
        );
    }
    let region = (*parent_region)?;
    Some((Kind::City, region, Some(parent_name.to_string())))
}

fn region_list() -> String {
    Region::ALL.map(|r| format!("`{}`", r.slug())).join(", ")
}

/// The map's words, and its bins: one lowest count per shade, starting at 0 and rising, so
/// that every count has exactly one shade and the legend states ranges without gaps.
fn map_labels(cx: &mut Cx<'_>, m: &model::MapLabels) -> Option<MapLabels> {
    let text = m.resolve(cx);
    let lows: Option<[u32; SHADES]> = m
        .bins
        .get_ref()
        .iter()
        .map(|&n| u32::try_from(n).ok())
        .collect::<Option<Vec<u32>>>()
        .and_then(|v| v.try_into().ok());
    let bins = lows.and_then(Bins::new);
    if bins.is_none() {
        cx.error(
            m.bins.span(),
            Problem::new(format!(
                "`bins` must give the lowest count of each of the map's {SHADES} shades"
            ))
            .help(format!(
                "write {SHADES} whole numbers, 0 first, each larger than the one before, such as \
                 [0, 1, 5, 10, 20]"
            )),
        );
    }
    Some(MapLabels { text, bins: bins? })
}
