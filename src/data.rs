//! The figures as files anyone can reuse: the rows of every view of the statistics table and
//! of the trends table as CSV and JSON, and a Frictionless Data package that describes them.
//!
//! One list of fields per table names the columns of the CSV, the keys of the JSON rows and
//! the schema of the data package, so the three never disagree. The rows come from the same
//! functions the pages use ([`Table::view`], [`Trends`]), so a download holds exactly the
//! rows on screen, in the same order.

use serde_json::{Map, Value, json};

use crate::content::pages::Page;
use crate::content::site::{ColumnText, STATISTICS_COLUMNS, SourceRef, TRENDS_COLUMNS, Trends};
use crate::content::{Lang, Site};
use crate::stats::{Query, Table, share_tenths};

/// A file of figures the site offers for download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    StatisticsCsv,
    StatisticsJson,
    TrendsCsv,
    TrendsJson,
    /// The Frictionless Data package that describes the CSV files.
    Package,
}

impl Download {
    pub const ALL: [Download; 5] = [
        Download::StatisticsCsv,
        Download::StatisticsJson,
        Download::TrendsCsv,
        Download::TrendsJson,
        Download::Package,
    ];

    /// The place in [`Download::ALL`], for per-download tables.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Its address: a public contract, like a page's.
    pub fn path(self) -> &'static str {
        match self {
            Download::StatisticsCsv => "/statistics.csv",
            Download::StatisticsJson => "/statistics.json",
            Download::TrendsCsv => "/trends.csv",
            Download::TrendsJson => "/trends.json",
            Download::Package => "/datapackage.json",
        }
    }
}

/// The type of a field, as Frictionless Table Schema names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Integer,
    Number,
    String,
}

impl FieldType {
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::String => "string",
        }
    }
}

/// A column of a download.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: FieldType,
    /// Whether every row has a value.
    pub required: bool,
    /// The regular expression every value matches, for the data package.
    pub pattern: Option<&'static str>,
}

/// What a column holds is content (`[columns]` in `statistics.toml` and `trends.toml`), so
/// that each edition describes its downloads in its own language.
const fn field(name: &'static str, kind: FieldType, required: bool) -> Field {
    Field {
        name,
        kind,
        required,
        pattern: None,
    }
}

/// The columns of `/statistics.csv`, in order.
pub const STATISTICS_FIELDS: [Field; 9] = [
    field(STATISTICS_COLUMNS[0], FieldType::String, true),
    field(STATISTICS_COLUMNS[1], FieldType::Integer, true),
    // Text, not a number: codes keep their leading zeros (`01100`), in CSV and JSON alike.
    Field {
        pattern: Some("[0-9]{2}|[0-9]{5}"),
        ..field(STATISTICS_COLUMNS[2], FieldType::String, true)
    },
    field(STATISTICS_COLUMNS[3], FieldType::String, true),
    field(STATISTICS_COLUMNS[4], FieldType::String, true),
    field(STATISTICS_COLUMNS[5], FieldType::String, true),
    field(STATISTICS_COLUMNS[6], FieldType::String, false),
    field(STATISTICS_COLUMNS[7], FieldType::Integer, true),
    field(STATISTICS_COLUMNS[8], FieldType::Number, true),
];

/// The columns of `/trends.csv`, in order.
pub const TRENDS_FIELDS: [Field; 9] = [
    field(TRENDS_COLUMNS[0], FieldType::Integer, true),
    field(TRENDS_COLUMNS[1], FieldType::Integer, false),
    field(TRENDS_COLUMNS[2], FieldType::String, true),
    field(TRENDS_COLUMNS[3], FieldType::Integer, false),
    field(TRENDS_COLUMNS[4], FieldType::String, false),
    field(TRENDS_COLUMNS[5], FieldType::Integer, false),
    field(TRENDS_COLUMNS[6], FieldType::Number, false),
    field(TRENDS_COLUMNS[7], FieldType::String, false),
    field(TRENDS_COLUMNS[8], FieldType::String, false),
];

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Integer(u32),
    /// A number with one decimal, in tenths.
    Tenths(u32),
    Text(String),
    Missing,
}

impl Cell {
    /// The field as CSV holds it, before any quoting.
    fn csv(&self) -> String {
        match self {
            Cell::Integer(n) => n.to_string(),
            Cell::Tenths(t) => format!("{}.{}", t / 10, t % 10),
            Cell::Text(s) => s.clone(),
            Cell::Missing => String::new(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Integer(n) => json!(n),
            Cell::Tenths(t) => json!(f64::from(*t) / 10.0),
            Cell::Text(s) => json!(s),
            Cell::Missing => Value::Null,
        }
    }
}

/// UTF-8 CSV with a header row and CRLF line ends, as RFC 4180 has it: a field is quoted
/// only when it holds a comma, a quote or a line break, with its quotes doubled.
///
/// A translated edition's file starts with a byte order mark ([`Bom`]).
fn csv(fields: &[Field], rows: &[Vec<Cell>], bom: Bom) -> Vec<u8> {
    // Into memory, and `flexible` (rows are not checked against the header's length): there
    // is nothing left that could fail.
    write_csv(fields, rows, bom).unwrap_or_default()
}

/// Whether a CSV file starts with the UTF-8 byte order mark (EF BB BF).
///
/// Excel on Japanese Windows reads a CSV file without one as Shift_JIS, and shows the
/// Japanese edition's names as garbage; with it, as UTF-8. frictionless-py, pandas and the
/// csv crate skip the mark (the tests read the file with each), and the encoding stays
/// `utf-8` in the data package. The English file has no text outside ASCII for Excel to
/// misread and stays without one, as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bom {
    Without,
    With,
}

impl Bom {
    pub fn of(site: &Site) -> Bom {
        match site.lang {
            Lang::En => Bom::Without,
            _ => Bom::With,
        }
    }
}

fn write_csv(fields: &[Field], rows: &[Vec<Cell>], bom: Bom) -> csv::Result<Vec<u8>> {
    let mut out = Vec::new();
    if bom == Bom::With {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .flexible(true)
        .from_writer(out);
    writer.write_record(fields.iter().map(|f| f.name))?;
    for row in rows {
        writer.write_record(row.iter().map(Cell::csv))?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

fn json_rows(fields: &[Field], rows: &[Vec<Cell>]) -> Value {
    Value::Array(
        rows.iter()
            .map(|row| {
                Value::Object(
                    fields
                        .iter()
                        .zip(row)
                        .map(|(f, c)| (f.name.to_string(), c.json()))
                        .collect::<Map<_, _>>(),
                )
            })
            .collect(),
    )
}

/// The rows of a view of the statistics table, in the view's order.
pub fn statistics_rows(table: &Table, view: &Query) -> Vec<Vec<Cell>> {
    let all = table.total();
    table
        .view(view)
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.id.clone()),
                Cell::Integer(u32::try_from(r.order).unwrap_or(u32::MAX)),
                Cell::Text(r.code_text()),
                Cell::Text(r.name.clone()),
                Cell::Text(r.kind.slug().to_string()),
                Cell::Text(r.region.slug().to_string()),
                r.prefecture.clone().map_or(Cell::Missing, Cell::Text),
                Cell::Integer(r.cirs),
                Cell::Tenths(share_tenths(r.cirs, all)),
            ]
        })
        .collect()
}

/// One row per fiscal year, with the CIR count of the year where there is one.
pub fn trends_rows(trends: &Trends) -> Vec<Vec<Cell>> {
    trends
        .years
        .iter()
        .map(|y| {
            let count = trends.cirs_in(y.year);
            let or_missing = |cell: Option<Cell>| cell.unwrap_or(Cell::Missing);
            vec![
                Cell::Integer(u32::from(y.year)),
                or_missing(y.participants.map(Cell::Integer)),
                Cell::Text(trends.participants_source.id.clone()),
                or_missing(count.map(|c| Cell::Integer(c.count))),
                or_missing(count.map(|c| Cell::Text(c.as_of.iso()))),
                or_missing(count.and_then(|c| c.participants).map(Cell::Integer)),
                or_missing(count.and_then(|c| c.share_tenths()).map(Cell::Tenths)),
                or_missing(count.map(|c| Cell::Text(c.source.id.clone()))),
                or_missing(count.map(|c| Cell::Text(kind(c.source.secondary).to_string()))),
            ]
        })
        .collect()
}

fn kind(secondary: bool) -> &'static str {
    if secondary { "secondary" } else { "official" }
}

/// The downloads of one view of the statistics table.
pub fn statistics_csv(site: &Site, view: &Query) -> Vec<u8> {
    csv(
        &STATISTICS_FIELDS,
        &statistics_rows(&site.statistics.table, view),
        Bom::of(site),
    )
}

pub fn trends_csv(site: &Site) -> Vec<u8> {
    csv(&TRENDS_FIELDS, &trends_rows(&site.trends), Bom::of(site))
}

/// A source as the JSON downloads describe it.
fn source_json(site: &Site, r: &SourceRef) -> Value {
    let full = site.sources.get(r);
    json!({
        "id": r.id,
        "title": r.title,
        "publisher": full.map(|s| s.publisher.as_str()),
        "url": full.and_then(|s| s.url.as_deref()),
        "kind": kind(r.secondary),
        "notes": site.url(&format!("/sources#{}", r.id)),
    })
}

fn licence_json(site: &Site) -> Value {
    let d = &site.settings.data;
    json!({ "name": d.licence_name, "id": d.licence_id, "url": d.licence_url })
}

/// What a column holds, in the edition's language.
fn description<'a>(columns: &'a ColumnText, name: &str) -> &'a str {
    columns
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, text)| text.as_str())
}

fn fields_json(fields: &[Field], columns: &ColumnText) -> Value {
    Value::Array(
        fields
            .iter()
            .map(|f| {
                json!({
                    "name": f.name,
                    "type": f.kind.name(),
                    "description": description(columns, f.name),
                })
            })
            .collect(),
    )
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The canonical address of a view of the statistics page.
pub fn statistics_url(site: &Site, view: &Query) -> String {
    format!("{}{}", site.url(Page::STATISTICS.path()), view.query())
}

pub fn statistics_json(site: &Site, view: &Query) -> Vec<u8> {
    let stats = &site.statistics;
    let rows = statistics_rows(&stats.table, view);
    let shown: u32 = stats.table.view(view).iter().map(|r| r.cirs).sum();
    pretty(&json!({
        "title": stats.labels.caption,
        "description": site.page(Page::STATISTICS).meta.description,
        "as_of": stats.as_of.iso(),
        "url": statistics_url(site, view),
        "view": {
            "sort": view.sort.slug(),
            "dir": view.dir.slug(),
            "type": view.kind.map(|k| k.slug()),
            "region": view.region.map(|r| r.slug()),
        },
        "source": source_json(site, &stats.source),
        "licence": licence_json(site),
        "publisher": { "name": site.settings.name, "url": site.url("/") },
        "content_version": site.version,
        "fields": fields_json(&STATISTICS_FIELDS, &stats.columns),
        "totals": {
            "rows_shown": rows.len(),
            "cirs_shown": shown,
            "cirs_all": stats.table.total(),
            "jet_participants": stats.jet_participants,
        },
        "rows": json_rows(&STATISTICS_FIELDS, &rows),
    }))
}

/// Every source the trends cite, once each, in the order first cited.
pub fn trends_sources(trends: &Trends) -> Vec<&SourceRef> {
    let mut all: Vec<&SourceRef> = Vec::new();
    for r in
        std::iter::once(&trends.participants_source).chain(trends.cirs.iter().map(|c| &c.source))
    {
        if !all.iter().any(|s| s.id == r.id) {
            all.push(r);
        }
    }
    all
}

pub fn trends_json(site: &Site) -> Vec<u8> {
    let trends = &site.trends;
    pretty(&json!({
        "title": trends.labels.caption,
        "description": site.page(Page::TRENDS).meta.description,
        "url": site.url(Page::TRENDS.path()),
        "sources": trends_sources(trends).iter().map(|r| source_json(site, r)).collect::<Vec<_>>(),
        "licence": licence_json(site),
        "publisher": { "name": site.settings.name, "url": site.url("/") },
        "content_version": site.version,
        "fields": fields_json(&TRENDS_FIELDS, &trends.columns),
        "rows": json_rows(&TRENDS_FIELDS, &trends_rows(trends)),
    }))
}

/// A Frictionless Data package: both tables, with their fields' types, sources and licence,
/// so that frictionless-py, pandas or R load them without guessing.
pub fn datapackage(site: &Site) -> Vec<u8> {
    let schema = |fields: &[Field], columns: &ColumnText, key: &str| {
        json!({
            "fields": fields.iter().map(|f| {
                let mut field = json!({
                    "name": f.name,
                    "type": f.kind.name(),
                    "description": description(columns, f.name),
                });
                if f.required {
                    field["constraints"]["required"] = json!(true);
                }
                if let Some(pattern) = f.pattern {
                    field["constraints"]["pattern"] = json!(pattern);
                }
                field
            }).collect::<Vec<_>>(),
            "missingValues": [""],
            "primaryKey": [key],
        })
    };
    let source = |r: &SourceRef| {
        let full = site.sources.get(r);
        let mut s = json!({ "title": r.title });
        if let Some(url) = full.and_then(|s| s.url.as_deref()) {
            s["path"] = json!(url);
        }
        s
    };
    let licence = json!([{
        "name": site.settings.data.licence_id,
        "path": site.settings.data.licence_url,
        "title": site.settings.data.licence_name,
    }]);
    let stats = &site.statistics;
    pretty(&json!({
        "name": "cir-guide",
        "title": site.settings.name,
        "description": site.settings.tagline,
        "homepage": site.url("/"),
        "version": site.version,
        "licenses": licence,
        "resources": [
            {
                "name": "cirs-by-prefecture-and-designated-city",
                "title": stats.labels.caption,
                "path": "statistics.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "header": true },
                "sources": [source(&stats.source)],
                "schema": schema(&STATISTICS_FIELDS, &site.statistics.columns, "id"),
            },
            {
                "name": "jet-participants-and-cirs-per-fiscal-year",
                "title": site.trends.labels.caption,
                "path": "trends.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "header": true },
                "sources": trends_sources(&site.trends).into_iter().map(source).collect::<Vec<_>>(),
                "schema": schema(&TRENDS_FIELDS, &site.trends.columns, "fiscal_year"),
            },
        ],
    }))
}

/// A table the site publishes as a dataset, for search engines' dataset search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    Statistics,
    Trends,
}

/// The schema.org `Dataset` a data page describes itself with (JSON-LD): the same name,
/// licence, sources and files as the data package's resource, in the page's language.
pub fn dataset(site: &Site, which: Dataset) -> Value {
    let (page, name, coverage, sources, csv, json) = match which {
        Dataset::Statistics => (
            Page::STATISTICS,
            &site.statistics.labels.caption,
            site.statistics.as_of.iso(),
            vec![&site.statistics.source],
            Download::StatisticsCsv,
            Download::StatisticsJson,
        ),
        Dataset::Trends => {
            let years = &site.trends.years;
            let (first, last) = (
                years.first().map_or(0, |y| y.year),
                years.last().map_or(0, |y| y.year),
            );
            (
                Page::TRENDS,
                &site.trends.labels.caption,
                format!("{first}/{last}"),
                trends_sources(&site.trends),
                Download::TrendsCsv,
                Download::TrendsJson,
            )
        }
    };
    let based_on: Vec<Value> = sources
        .into_iter()
        .map(|r| {
            let full = site.sources.get(r);
            let mut work = json!({ "@type": "CreativeWork", "name": r.title });
            if let Some(url) = full.and_then(|s| s.url.as_deref()) {
                work["url"] = json!(url);
            }
            work
        })
        .collect();
    let file = |download: Download, format: &str| {
        json!({
            "@type": "DataDownload",
            "encodingFormat": format,
            "contentUrl": site.url(download.path()),
        })
    };
    let publisher = json!({
        "@type": "Organization",
        "name": site.settings.name,
        "url": site.url("/"),
    });
    json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name,
        "description": site.page(page).meta.description,
        "url": site.url(page.path()),
        "inLanguage": site.lang.tag(),
        "temporalCoverage": coverage,
        "spatialCoverage": { "@type": "Country", "name": site.settings.data.country.as_str() },
        "license": site.settings.data.licence_url,
        "isAccessibleForFree": true,
        "creator": publisher,
        "publisher": publisher,
        "isBasedOn": based_on,
        "distribution": [file(csv, "text/csv"), file(json, "application/json")],
        "version": site.version,
    })
}

/// The name a download is saved under: what it holds and as of when, and the view.
pub fn statistics_file_name(site: &Site, view: &Query, extension: &str) -> String {
    let mut name = format!("cirs-by-prefecture-{}", site.statistics.as_of.iso());
    if !view.has_default_sort() {
        name.push_str(&format!("-by-{}-{}", view.sort.slug(), view.dir.slug()));
    }
    if let Some(k) = view.kind {
        name.push_str(&format!("-{}", k.slug()));
    }
    if let Some(r) = view.region {
        name.push_str(&format!("-{}", r.slug()));
    }
    format!("{name}{}.{extension}", edition_suffix(site))
}

/// A translated edition's files hold its names and words: `-ja` keeps them apart from the
/// English files in a downloads folder.
fn edition_suffix(site: &Site) -> String {
    match site.lang {
        Lang::En => String::new(),
        lang => format!("-{}", lang.tag()),
    }
}

pub fn trends_file_name(site: &Site, extension: &str) -> String {
    let years = &site.trends.years;
    let first = years.first().map_or(0, |y| y.year);
    let last = years.last().map_or(0, |y| y.year);
    format!(
        "jet-participants-and-cirs-{first}-{last}{}.{extension}",
        edition_suffix(site)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn csv_fields_are_quoted_only_when_they_must_be() {
        let texts = [
            "Kobe",
            "Kyoto, City",
            "say \"hi\"",
            "two\nlines",
            "cr\r",
            "",
        ];
        let fields = texts.map(|_| field("f", FieldType::String, true));
        let row = texts.map(|t| Cell::Text(t.to_string())).to_vec();
        assert_eq!(
            String::from_utf8(csv(&fields, &[row], Bom::Without)).unwrap(),
            "f,f,f,f,f,f\r\n\
             Kobe,\"Kyoto, City\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\r\n"
        );
    }

    #[test]
    fn cells_are_written_without_separators() {
        assert_eq!(Cell::Integer(4465).csv(), "4465");
        assert_eq!(Cell::Tenths(82).csv(), "8.2");
        assert_eq!(Cell::Tenths(1000).csv(), "100.0");
        assert_eq!(Cell::Missing.csv(), "");
        assert_eq!(Cell::Tenths(82).json(), json!(8.2));
        assert_eq!(Cell::Missing.json(), Value::Null);
    }

    /// Text with what CSV must quote (commas, quotes, CR, LF) more often than chance would
    /// give it, among any other characters.
    fn text() -> impl Strategy<Value = String> {
        let character = prop_oneof![
            1 => prop::sample::select(vec![',', '"', '\r', '\n', ' ', '\u{feff}', '日']),
            2 => any::<char>(),
        ];
        prop::collection::vec(character, 0..12).prop_map(String::from_iter)
    }

    fn cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            4 => text().prop_map(Cell::Text),
            1 => any::<u32>().prop_map(Cell::Integer),
            1 => (0u32..100_000).prop_map(Cell::Tenths),
            1 => Just(Cell::Missing),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..Default::default() })]

        /// Rows of any text, numbers and missing values, written as the downloads write them,
        /// read back by a CSV reader as the same text.
        #[test]
        fn any_row_written_as_csv_reads_back_the_same(
            rows in prop::collection::vec(prop::collection::vec(cell(), 9), 0..4)
        ) {
            let written = csv(&STATISTICS_FIELDS, &rows, Bom::Without);
            let mut reader = ::csv::ReaderBuilder::new().from_reader(written.as_slice());
            let read: Result<Vec<Vec<String>>, _> = reader
                .records()
                .map(|r| r.map(|r| r.iter().map(String::from).collect()))
                .collect();
            let expected: Vec<Vec<String>> = rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|cell| match cell {
                            Cell::Text(s) => s.clone(),
                            Cell::Integer(n) => n.to_string(),
                            Cell::Tenths(t) => format!("{:.1}", f64::from(*t) / 10.0),
                            Cell::Missing => String::new(),
                        })
                        .collect()
                })
                .collect();
            prop_assert_eq!(read.map_err(|e| e.to_string()), Ok(expected));
        }
    }

    #[test]
    fn every_row_has_a_cell_per_field() {
        let fields = [
            field("a", FieldType::Integer, true),
            field("b", FieldType::String, false),
        ];
        let rows = vec![vec![Cell::Integer(1), Cell::Text("x,y".into())]];
        assert_eq!(csv(&fields, &rows, Bom::Without), b"a,b\r\n1,\"x,y\"\r\n");
        assert_eq!(
            csv(&fields, &rows, Bom::With),
            b"\xEF\xBB\xBFa,b\r\n1,\"x,y\"\r\n"
        );
        assert_eq!(json_rows(&fields, &rows), json!([{ "a": 1, "b": "x,y" }]));
    }
}
