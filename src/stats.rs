//! The statistics domain: rows, regions, sort keys, filters and the figures derived from them.
//!
//! A [`Query`] is the typed form of the statistics page's query string. Parsing never fails:
//! anything unknown or malformed falls back to the default, and [`Query::query`] gives the
//! normalised query string that the page names as canonical.

use std::cmp::Ordering;

use crate::lang::Lang;

/// A row is a prefecture or a designated city. Editors write it as `kind` in `statistics.toml`;
/// readers see it as the table's "type" column, the `type=` filter in addresses and the `type`
/// column of downloads. The code follows the editors' word, since `type` is a Rust keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Prefecture,
    City,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Prefecture, Kind::City];

    pub fn slug(self) -> &'static str {
        match self {
            Kind::Prefecture => "prefecture",
            Kind::City => "city",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == s)
    }
}

/// The eight conventional regions of Japan, north to south.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Hokkaido,
    Tohoku,
    Kanto,
    Chubu,
    Kansai,
    Chugoku,
    Shikoku,
    Kyushu,
}

impl Region {
    pub const ALL: [Region; 8] = [
        Region::Hokkaido,
        Region::Tohoku,
        Region::Kanto,
        Region::Chubu,
        Region::Kansai,
        Region::Chugoku,
        Region::Shikoku,
        Region::Kyushu,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Region::Hokkaido => "hokkaido",
            Region::Tohoku => "tohoku",
            Region::Kanto => "kanto",
            Region::Chubu => "chubu",
            Region::Kansai => "kansai",
            Region::Chugoku => "chugoku",
            Region::Shikoku => "shikoku",
            Region::Kyushu => "kyushu",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.slug() == s)
    }

    /// The place in the official order, north to south.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One prefecture or designated city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Position in the official order, from 1.
    pub order: usize,
    /// The official code (JIS X 0401 for prefectures, local government code for cities).
    pub code: u32,
    /// The English name.
    pub name: String,
    /// The anchor of the row: the name in lower case with hyphens (`osaka-city`).
    pub id: String,
    pub kind: Kind,
    /// The region; a city's is its prefecture's.
    pub region: Region,
    /// The name of a city's prefecture.
    pub prefecture: Option<String>,
    /// A prefecture's name on the tile map, when shorter than `name`.
    pub short_name: Option<String>,
    /// How a Japanese name is read, in hiragana: what it sorts by (愛知県, あいちけん).
    pub reading: Option<String>,
    pub cirs: u32,
}

impl Row {
    /// The code as officials write it, with its leading zeros: a prefecture's JIS X 0401
    /// code in two digits (`01` Hokkaido), a city's local government code in five, without
    /// its check digit (`01100` Sapporo).
    pub fn code_text(&self) -> String {
        match self.kind {
            Kind::Prefecture => format!("{:02}", self.code),
            Kind::City => format!("{:05}", self.code),
        }
    }
}

/// The whole table, in official order, with the labels its text columns sort by.
#[derive(Debug, Clone)]
pub struct Table {
    pub rows: Vec<Row>,
    kind_labels: [String; 2],
    region_labels: [String; 8],
    pub collation: Collation,
}

/// How the text columns sort, by what a reader of the edition expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collation {
    /// Names and labels alphabetically, without regard to case.
    Alphabetical,
    /// Names by their kana reading (あいうえお順); types and regions in their official order
    /// (都道府県 before 政令指定都市; 北海道 to 九州・沖縄), as Japanese lists give them.
    Japanese,
}

impl Collation {
    pub fn of(lang: Lang) -> Collation {
        match lang {
            Lang::En => Collation::Alphabetical,
            Lang::Ja => Collation::Japanese,
        }
    }
}

impl Table {
    pub fn new(
        rows: Vec<Row>,
        kind_labels: [String; 2],
        region_labels: [String; 8],
        collation: Collation,
    ) -> Self {
        Table {
            rows,
            kind_labels,
            region_labels,
            collation,
        }
    }

    pub fn kind_label(&self, kind: Kind) -> &str {
        &self.kind_labels[kind as usize]
    }

    pub fn region_label(&self, region: Region) -> &str {
        &self.region_labels[region.index()]
    }

    /// The sum of all rows.
    pub fn total(&self) -> u32 {
        self.rows.iter().map(|r| r.cirs).sum()
    }

    /// The rows a view shows, in the view's order.
    pub fn view(&self, view: &Query) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self.rows.iter().filter(|r| view.admits(r)).collect();
        // A stable sort on the key alone keeps the official order among ties, both ways.
        rows.sort_by(|a, b| {
            let ord = self.compare(view.sort, a, b);
            match view.dir {
                Direction::Asc => ord,
                Direction::Desc => ord.reverse(),
            }
        });
        rows
    }

    fn compare(&self, key: SortKey, a: &Row, b: &Row) -> Ordering {
        let japanese = self.collation == Collation::Japanese;
        match key {
            SortKey::Order => a.order.cmp(&b.order),
            SortKey::Name => self.name_key(a).cmp(&self.name_key(b)),
            SortKey::Kind if japanese => (a.kind as usize).cmp(&(b.kind as usize)),
            SortKey::Region if japanese => a.region.index().cmp(&b.region.index()),
            SortKey::Kind => {
                sort_text(self.kind_label(a.kind)).cmp(&sort_text(self.kind_label(b.kind)))
            }
            SortKey::Region => {
                sort_text(self.region_label(a.region)).cmp(&sort_text(self.region_label(b.region)))
            }
            // The share is the count over one total, so it orders exactly as the count does.
            SortKey::Cirs | SortKey::Share => a.cirs.cmp(&b.cirs),
        }
    }
}

impl Table {
    /// What a row's name sorts by: its kana reading in Japanese (compared by code point,
    /// which is the order of the kana table), else the name without regard to case.
    /// static/js/table.js reads the same key from the name cell's `data-sort`.
    pub fn name_key(&self, row: &Row) -> String {
        match (&row.reading, self.collation) {
            (Some(reading), Collation::Japanese) => kana_key(reading),
            _ => sort_text(&row.name),
        }
    }
}

/// Hand-written, not an ICU collator: a plain key that the browser compares by code point too.
///
/// The key a kana reading sorts by, in the order of Japanese dictionaries: first as if every
/// kana were plain and full-size (が as か, ょ as よ, ぱ as は), then, among readings equal in
/// that, kana by kana: plain before small, voiced and half-voiced (か, が; は, ば, ぱ; よ, ょ).
/// Compared by code point, the plain kana are in the order of the kana table, so 岐阜 (ぎふ)
/// comes before 京都 (きょうと), as in any Japanese list.
pub fn kana_key(reading: &str) -> String {
    let plain: String = reading.chars().map(plain_kana).collect();
    let marks: String = reading
        .chars()
        .map(|c| match u32::from(plain_kana(c)).abs_diff(u32::from(c)) {
            0 => '0',
            1 => '1',
            _ => '2',
        })
        .collect();
    format!("{plain} {marks}")
}

/// A hiragana without its voicing marks, and at full size; anything else as it is.
fn plain_kana(c: char) -> char {
    let n = u32::from(c);
    let base = match n {
        // Small ぁぃぅぇぉ, っ, ゃゅょ and ゎ are one below their full-size kana.
        0x3041 | 0x3043 | 0x3045 | 0x3047 | 0x3049 | 0x3063 | 0x3083 | 0x3085 | 0x3087 | 0x308E => {
            n + 1
        }
        // が to ぢ: the voiced kana are one above the plain, on even code points.
        0x304C..=0x3062 if n % 2 == 0 => n - 1,
        // づ, で, ど: one above the plain, on odd code points (after small っ).
        0x3065 | 0x3067 | 0x3069 => n - 1,
        // ば to ぽ: each plain kana is followed by its voiced and half-voiced forms.
        0x306F..=0x307D => n - (n - 0x306F) % 3,
        0x3094 => 0x3046,
        0x3095 => 0x304B,
        0x3096 => 0x3051,
        _ => n,
    };
    char::from_u32(base).unwrap_or(c)
}

/// The form a text is compared in: without regard to case. static/js/table.js compares the
/// cells' text lowercased in the same way, so the browser's order is the server's.
pub fn sort_text(s: &str) -> String {
    s.to_lowercase()
}

/// `part` as a percentage of `whole`, in tenths of a percent, rounded half up.
pub fn share_tenths(part: u32, whole: u32) -> u32 {
    if whole == 0 {
        return 0;
    }
    let (part, whole) = (u64::from(part), u64::from(whole));
    u32::try_from((part * 2000 + whole) / (2 * whole)).unwrap_or(u32::MAX)
}

/// A column the table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Order,
    Name,
    Kind,
    Region,
    Cirs,
    Share,
}

impl SortKey {
    pub const ALL: [SortKey; 6] = [
        SortKey::Order,
        SortKey::Name,
        SortKey::Kind,
        SortKey::Region,
        SortKey::Cirs,
        SortKey::Share,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            SortKey::Order => "order",
            SortKey::Name => "name",
            SortKey::Kind => "type",
            SortKey::Region => "region",
            SortKey::Cirs => "cirs",
            SortKey::Share => "share",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == s)
    }

    /// Numbers are most interesting largest first; text reads best from A. The official order
    /// starts at the beginning.
    pub fn first_direction(self) -> Direction {
        match self {
            SortKey::Cirs | SortKey::Share => Direction::Desc,
            _ => Direction::Asc,
        }
    }

    pub fn is_numeric(self) -> bool {
        matches!(self, SortKey::Order | SortKey::Cirs | SortKey::Share)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Asc,
    Desc,
}

impl Direction {
    pub fn slug(self) -> &'static str {
        match self {
            Direction::Asc => "asc",
            Direction::Desc => "desc",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        match s {
            "asc" => Some(Direction::Asc),
            "desc" => Some(Direction::Desc),
            _ => None,
        }
    }

    pub fn reversed(self) -> Self {
        match self {
            Direction::Asc => Direction::Desc,
            Direction::Desc => Direction::Asc,
        }
    }
}

/// A sorted and filtered view of the table: the statistics page's query string, typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Query {
    pub sort: SortKey,
    pub dir: Direction,
    pub kind: Option<Kind>,
    pub region: Option<Region>,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            sort: SortKey::Order,
            dir: Direction::Asc,
            kind: None,
            region: None,
        }
    }
}

/// No valid value is longer than this; longer ones are not even compared.
const MAX_VALUE_LEN: usize = 16;

impl Query {
    /// How many distinct views there are: every sort key both ways, times every filter.
    pub const COUNT: usize =
        SortKey::ALL.len() * 2 * (Kind::ALL.len() + 1) * (Region::ALL.len() + 1);

    /// A unique number below [`Query::COUNT`] for each view.
    pub fn index(&self) -> usize {
        let sort = self.sort as usize;
        let dir = self.dir as usize;
        let kind = self.kind.map_or(0, |k| k as usize + 1);
        let region = self.region.map_or(0, |r| r as usize + 1);
        ((sort * 2 + dir) * (Kind::ALL.len() + 1) + kind) * (Region::ALL.len() + 1) + region
    }

    /// Reads a view from decoded query pairs. A parameter that is unknown is ignored (links
    /// shared on the web collect tracking parameters); one that is repeated, empty or not one
    /// of the allowed values falls back to its default.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (impl AsRef<str>, impl AsRef<str>)>) -> Self {
        let mut sort = Param::default();
        let mut dir = Param::default();
        let mut kind = Param::default();
        let mut region = Param::default();
        for (name, value) in pairs {
            let value = value.as_ref();
            match name.as_ref() {
                "sort" => sort.set(value, SortKey::from_slug),
                "dir" => dir.set(value, Direction::from_slug),
                "type" => kind.set(value, Kind::from_slug),
                "region" => region.set(value, Region::from_slug),
                _ => {}
            }
        }
        let sort = sort.value().unwrap_or(SortKey::Order);
        Query {
            sort,
            dir: dir.value().unwrap_or(sort.first_direction()),
            kind: kind.value(),
            region: region.value(),
        }
    }

    /// Reads a view from a raw query string. Names and values are borrowed from it unless
    /// they are percent-encoded; bytes that do not decode to text match no allowed value, so
    /// their parameter falls back to its default.
    pub fn from_query(query: &str) -> Self {
        Self::from_pairs(form_urlencoded::parse(query.as_bytes()))
    }

    /// Whether the view shows a row.
    pub fn admits(&self, row: &Row) -> bool {
        self.kind.is_none_or(|k| k == row.kind) && self.region.is_none_or(|r| r == row.region)
    }

    /// Whether the rows are in the official order, as they are with no parameters.
    pub fn has_default_sort(&self) -> bool {
        (self.sort, self.dir) == (SortKey::Order, Direction::Asc)
    }

    /// The normalised query string, `?` included, or an empty string for the default view.
    /// Parameters come in a fixed order and the default sort is left out, so one view has
    /// exactly one address.
    pub fn query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.has_default_sort() {
            parts.push(format!("sort={}", self.sort.slug()));
            parts.push(format!("dir={}", self.dir.slug()));
        }
        if let Some(k) = self.kind {
            parts.push(format!("type={}", k.slug()));
        }
        if let Some(r) = self.region {
            parts.push(format!("region={}", r.slug()));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// The view a click on a column heading leads to: the sorted column reverses, any other
    /// column starts in its first direction. Filters stay.
    pub fn sorted_by(&self, key: SortKey) -> Query {
        let dir = if key == self.sort {
            self.dir.reversed()
        } else {
            key.first_direction()
        };
        Query {
            sort: key,
            dir,
            ..*self
        }
    }
}

/// One query parameter as it arrives: absent, once (with the allowed value it names, if any),
/// or more than once.
#[derive(Default)]
enum Param<T> {
    #[default]
    Absent,
    Once(Option<T>),
    Repeated,
}

impl<T> Param<T> {
    fn set(&mut self, value: &str, from_slug: impl Fn(&str) -> Option<T>) {
        *self = match self {
            Param::Absent if value.len() > MAX_VALUE_LEN => Param::Once(None),
            Param::Absent if value.bytes().any(|b| b.is_ascii_uppercase()) => {
                Param::Once(from_slug(&value.to_ascii_lowercase()))
            }
            Param::Absent => Param::Once(from_slug(value)),
            _ => Param::Repeated,
        };
    }

    /// The value, when the parameter came once with an allowed value.
    fn value(self) -> Option<T> {
        match self {
            Param::Once(value) => value,
            _ => None,
        }
    }
}

/// The anchor of a row: its name in lower case, with hyphens between words.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(order: usize, name: &str, kind: Kind, region: Region, cirs: u32) -> Row {
        Row {
            order,
            code: order as u32,
            name: name.into(),
            id: slugify(name),
            kind,
            region,
            prefecture: None,
            short_name: None,
            reading: None,
            cirs,
        }
    }

    fn table() -> Table {
        use Kind::*;
        use Region::*;
        Table::new(
            vec![
                row(1, "Hokkaido", Prefecture, Region::Hokkaido, 21),
                row(2, "aomori", Prefecture, Tohoku, 16),
                row(3, "Kochi", Prefecture, Shikoku, 16),
                row(4, "Sapporo", City, Region::Hokkaido, 6),
                row(5, "Kobe", City, Kansai, 3),
                row(6, "Tokyo", Prefecture, Kanto, 0),
            ],
            ["Prefecture".into(), "Designated city".into()],
            Region::ALL.map(|r| {
                let s = r.slug();
                s[..1].to_uppercase() + &s[1..]
            }),
            Collation::Alphabetical,
        )
    }

    #[test]
    fn kana_keys_order_as_japanese_lists_do() {
        // Every prefecture's reading, shuffled; a Japanese list gives them in this order.
        let expected = [
            "あいちけん",
            "あおもりけん",
            "あきたけん",
            "いしかわけん",
            "いばらきけん",
            "いわてけん",
            "えひめけん",
            "おおいたけん",
            "おおさかふ",
            "おかやまけん",
            "おきなわけん",
            "かがわけん",
            "かごしまけん",
            "かながわけん",
            "ぎふけん",
            "きょうとふ",
            "くまもとけん",
            "ぐんまけん",
            "こうちけん",
            "さいたまけん",
            "さがけん",
            "しがけん",
            "しずおかけん",
            "しまねけん",
            "ちばけん",
            "とうきょうと",
            "とくしまけん",
            "とちぎけん",
            "とっとりけん",
            "とやまけん",
            "ながさきけん",
            "ながのけん",
            "ならけん",
            "にいがたけん",
            "ひょうごけん",
            "ひろしまけん",
            "ふくいけん",
            "ふくおかけん",
            "ふくしまけん",
            "ほっかいどう",
            "みえけん",
            "みやぎけん",
            "みやざきけん",
            "やまがたけん",
            "やまぐちけん",
            "やまなしけん",
            "わかやまけん",
        ];
        let mut sorted: Vec<&str> = expected.iter().rev().copied().collect();
        sorted.sort_by_key(|r| kana_key(r));
        assert_eq!(sorted, expected);
        // Plain before voiced, full-size before small, when nothing else differs.
        let mut pairs = ["はは", "ばば", "ぱぱ", "きよ", "きょ", "かき", "がき"];
        pairs.sort_by_key(|r| kana_key(r));
        assert_eq!(
            pairs,
            ["かき", "がき", "きよ", "きょ", "はは", "ばば", "ぱぱ"]
        );
        assert_eq!(kana_key("ぎふ"), "きふ 10");
        assert_eq!(kana_key("づ"), "つ 1");
        assert_eq!(kana_key("っ"), "つ 1");
        assert_eq!(kana_key("ぽ"), "ほ 2");
        assert_eq!(kana_key("ぼ"), "ほ 1");
        assert_eq!(kana_key("ゔ"), "う 2");
        assert_eq!(kana_key("ゕゖ"), "かけ 22");
        assert_eq!(kana_key("ゎぁ"), "わあ 11");
        assert_eq!(kana_key("あーa"), "あーa 000");
    }

    #[test]
    fn japanese_sorts_names_by_reading_and_types_and_regions_in_official_order() {
        let mut t = table();
        t.collation = Collation::Japanese;
        let readings = [
            "ほっかいどう",
            "あおもりけん",
            "こうちけん",
            "さっぽろし",
            "こうべし",
            "とうきょうと",
        ];
        for (row, reading) in t.rows.iter_mut().zip(readings) {
            row.reading = Some(reading.to_string());
        }
        assert_eq!(
            names(&t, "sort=name&dir=asc"),
            ["aomori", "Kochi", "Kobe", "Sapporo", "Tokyo", "Hokkaido"]
        );
        assert_eq!(
            names(&t, "sort=region&dir=asc"),
            ["Hokkaido", "Sapporo", "aomori", "Tokyo", "Kobe", "Kochi"]
        );
        assert_eq!(
            names(&t, "sort=type&dir=desc"),
            ["Sapporo", "Kobe", "Hokkaido", "aomori", "Kochi", "Tokyo"]
        );
    }

    fn names(t: &Table, query: &str) -> Vec<String> {
        t.view(&Query::from_query(query))
            .iter()
            .map(|r| r.name.clone())
            .collect()
    }

    #[test]
    fn sorts_by_count_descending_keeping_official_order_among_ties() {
        let t = table();
        assert_eq!(
            names(&t, "sort=cirs&dir=desc"),
            ["Hokkaido", "aomori", "Kochi", "Sapporo", "Kobe", "Tokyo"]
        );
        assert_eq!(
            names(&t, "sort=cirs&dir=asc"),
            ["Tokyo", "Kobe", "Sapporo", "aomori", "Kochi", "Hokkaido"]
        );
    }

    #[test]
    fn share_sorts_as_count_does() {
        let t = table();
        assert_eq!(
            names(&t, "sort=share&dir=desc"),
            names(&t, "sort=cirs&dir=desc")
        );
    }

    #[test]
    fn compares_names_without_regard_to_case() {
        let t = table();
        assert_eq!(
            names(&t, "sort=name&dir=asc"),
            ["aomori", "Hokkaido", "Kobe", "Kochi", "Sapporo", "Tokyo"]
        );
    }

    #[test]
    fn sorts_type_and_region_by_their_labels() {
        let t = table();
        assert_eq!(
            names(&t, "sort=type&dir=asc"),
            ["Sapporo", "Kobe", "Hokkaido", "aomori", "Kochi", "Tokyo"]
        );
        assert_eq!(
            names(&t, "sort=region&dir=asc"),
            ["Hokkaido", "Sapporo", "Kobe", "Tokyo", "Kochi", "aomori"]
        );
    }

    #[test]
    fn filters_combine_with_sorting() {
        let t = table();
        assert_eq!(
            names(&t, "type=city&sort=cirs&dir=asc"),
            ["Kobe", "Sapporo"]
        );
        assert_eq!(names(&t, "region=hokkaido"), ["Hokkaido", "Sapporo"]);
        assert_eq!(names(&t, "region=hokkaido&type=prefecture"), ["Hokkaido"]);
    }

    #[test]
    fn first_sort_direction_depends_on_the_column() {
        assert_eq!(Query::from_query("sort=cirs").dir, Direction::Desc);
        assert_eq!(Query::from_query("sort=share").dir, Direction::Desc);
        assert_eq!(Query::from_query("sort=name").dir, Direction::Asc);
        let v = Query::default().sorted_by(SortKey::Cirs);
        assert_eq!((v.sort, v.dir), (SortKey::Cirs, Direction::Desc));
        assert_eq!(v.sorted_by(SortKey::Cirs).dir, Direction::Asc);
        assert_eq!(
            Query::default().sorted_by(SortKey::Order).dir,
            Direction::Desc
        );
    }

    #[test]
    fn bad_parameters_fall_back_to_the_default() {
        assert_eq!(Query::from_query("sort=xyz&dir=up"), Query::default());
        assert_eq!(Query::from_query("sort=cirs&sort=name"), Query::default());
        assert_eq!(Query::from_query("type=town&region=mars"), Query::default());
        assert_eq!(Query::from_query("%ZZ&&=&sort"), Query::default());
        let huge = format!("sort={}", "c".repeat(100_000));
        assert_eq!(Query::from_query(&huge), Query::default());
        // A bad direction alone keeps the good sort key.
        let v = Query::from_query("sort=name&dir=sideways");
        assert_eq!((v.sort, v.dir), (SortKey::Name, Direction::Asc));
    }

    #[test]
    fn ignores_unknown_parameters_and_case() {
        let v = Query::from_query("utm_source=chat&SORT=x&sort=CIRS&fbclid=1");
        assert_eq!(v.query(), "?sort=cirs&dir=desc");
    }

    #[test]
    fn normalised_query_has_one_form_per_view() {
        assert_eq!(Query::from_query("").query(), "");
        assert_eq!(Query::from_query("sort=order&dir=asc").query(), "");
        assert_eq!(
            Query::from_query("region=kanto&type=&dir=asc&sort=name").query(),
            "?sort=name&dir=asc&region=kanto"
        );
        assert_eq!(Query::from_query("type=city").query(), "?type=city");
    }

    #[test]
    fn every_view_has_its_own_index() {
        let mut seen = std::collections::HashSet::new();
        for sort in SortKey::ALL {
            for dir in [Direction::Asc, Direction::Desc] {
                for kind in [None, Some(Kind::Prefecture), Some(Kind::City)] {
                    for region in std::iter::once(None).chain(Region::ALL.map(Some)) {
                        let i = Query {
                            sort,
                            dir,
                            kind,
                            region,
                        }
                        .index();
                        assert!(i < Query::COUNT && seen.insert(i));
                    }
                }
            }
        }
        assert_eq!(seen.len(), Query::COUNT);
    }

    #[test]
    fn share_rounds_half_up_to_tenths() {
        assert_eq!(share_tenths(364, 4465), 82);
        assert_eq!(share_tenths(21, 364), 58);
        assert_eq!(share_tenths(1, 8), 125);
        assert_eq!(share_tenths(1, 0), 0);
    }

    #[test]
    fn slugs_are_lower_case_with_hyphens() {
        assert_eq!(slugify("Osaka City"), "osaka-city");
        assert_eq!(slugify("  Kyoto  Prefecture "), "kyoto-prefecture");
        assert_eq!(slugify("Kobe"), "kobe");
    }
}
