//! The tile map of Japan above the statistics table: one square tile per prefecture, placed
//! roughly where the prefecture lies, counting the rows a view of the table shows.
//!
//! The map follows the table's view, so that one address always shows the same figures in
//! both: a tile counts the rows the view shows in its prefecture (the prefecture's own row and
//! its designated cities' rows), and a tile none of whose rows are shown is marked as such.

use crate::stats::{Kind, Query, Row, Table};

/// The 47 prefectures on a 7 × 7 grid: rows north to south, columns west to east, each cell
/// a JIS X 0401 prefecture code, 0 for an empty cell.
///
/// The layout is the tile map of the tabularmaps project (github.com/tabularmaps/hq), which
/// its authors dedicate to the public domain under the Unlicense.
pub const GRID: [[u32; 7]; 7] = [
    [0, 0, 31, 17, 15, 2, 1],
    [35, 32, 33, 18, 16, 5, 3],
    [42, 40, 34, 25, 20, 6, 4],
    [41, 44, 28, 26, 19, 10, 7],
    [43, 45, 27, 29, 21, 11, 9],
    [46, 38, 37, 30, 22, 13, 8],
    [47, 39, 36, 24, 23, 14, 12],
];

/// How many shades the map uses. The stylesheet has one class per shade, `bin-0` to `bin-4`,
/// each checked for contrast in both colour schemes.
pub const SHADES: usize = 5;

/// The lowest count of each shade, lightest first: the first is 0 and each is larger than the
/// one before, so every count falls in exactly one shade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bins([u32; SHADES]);

impl Bins {
    /// The bins from their lowest counts, or `None` unless they start at 0 and rise.
    pub fn new(lows: [u32; SHADES]) -> Option<Bins> {
        (lows[0] == 0 && lows.windows(2).all(|w| w[0] < w[1])).then_some(Bins(lows))
    }

    /// The shade of a count, from 0 (fewest) to `SHADES - 1`.
    pub fn of(&self, cirs: u32) -> usize {
        self.0.iter().rposition(|&low| low <= cirs).unwrap_or(0)
    }

    /// Each shade's lowest count and, except for the last, its highest.
    pub fn ranges(&self) -> [(u32, Option<u32>); SHADES] {
        std::array::from_fn(|i| (self.0[i], self.0.get(i + 1).map(|next| next - 1)))
    }
}

/// One prefecture's tile in one view of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tile<'a> {
    /// The grid row, from 1 (north).
    pub row: usize,
    /// The grid column, from 1 (west).
    pub column: usize,
    /// The prefecture's row of the table.
    pub prefecture: &'a Row,
    /// The CIRs of the rows the view shows in the prefecture.
    pub cirs: u32,
    /// The row the tile links to: the prefecture's own row when the view shows it, otherwise
    /// the first of its designated cities that the view shows, in the official order; `None`
    /// when the view shows none of its rows.
    pub target: Option<&'a Row>,
}

impl<'a> Tile<'a> {
    /// The name on the tile: the short name when the row has one.
    pub fn name(&self) -> &'a str {
        self.prefecture
            .short_name
            .as_deref()
            .unwrap_or(&self.prefecture.name)
    }

    /// Whether the view shows any of the tile's rows.
    pub fn shown(&self) -> bool {
        self.target.is_some()
    }
}

/// The tiles of a view, in reading order (north to south, then west to east). A grid code
/// with no prefecture row in the table gets no tile.
pub fn tiles<'a>(table: &'a Table, view: &Query) -> Vec<Tile<'a>> {
    let mut tiles = Vec::with_capacity(47);
    for (r, codes) in GRID.iter().enumerate() {
        for (c, &code) in codes.iter().enumerate() {
            let Some(prefecture) = table
                .rows
                .iter()
                .find(|row| row.kind == Kind::Prefecture && row.code == code)
            else {
                continue;
            };
            let shown: Vec<&Row> = table
                .rows
                .iter()
                .filter(|row| {
                    std::ptr::eq(*row, prefecture)
                        || row.prefecture.as_deref() == Some(prefecture.name.as_str())
                })
                .filter(|row| view.admits(row))
                .collect();
            tiles.push(Tile {
                row: r + 1,
                column: c + 1,
                prefecture,
                cirs: shown.iter().map(|row| row.cirs).sum(),
                // The rows are in the official order, so a shown prefecture row comes first.
                target: shown.first().copied(),
            });
        }
    }
    tiles
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{Region, slugify};

    fn row(order: usize, code: u32, name: &str, parent: Option<&str>, cirs: u32) -> Row {
        Row {
            order,
            code,
            name: name.into(),
            id: slugify(name),
            kind: if parent.is_some() {
                Kind::City
            } else {
                Kind::Prefecture
            },
            region: if code == 1 || code == 1100 {
                Region::Hokkaido
            } else {
                Region::Kanto
            },
            prefecture: parent.map(String::from),
            short_name: None,
            reading: None,
            cirs,
        }
    }

    /// Hokkaido with Sapporo, Tokyo, Kanagawa with two cities; the other 44 prefectures are
    /// missing, so they get no tile.
    fn table() -> Table {
        Table::new(
            vec![
                row(1, 1, "Hokkaido", None, 21),
                row(2, 13, "Tokyo", None, 0),
                row(3, 14, "Kanagawa", None, 1),
                row(4, 1100, "Sapporo", Some("Hokkaido"), 6),
                row(5, 14100, "Yokohama", Some("Kanagawa"), 2),
                row(6, 14130, "Kawasaki", Some("Kanagawa"), 3),
            ],
            ["Prefecture".into(), "Designated city".into()],
            Region::ALL.map(|r| r.slug().to_string()),
            crate::stats::Collation::Alphabetical,
        )
    }

    /// Each tile as `name row,column cirs -> target`.
    fn summary(query: &str) -> Vec<String> {
        let t = table();
        tiles(&t, &Query::from_query(query))
            .iter()
            .map(|tile| {
                format!(
                    "{} {},{} {} -> {}",
                    tile.name(),
                    tile.row,
                    tile.column,
                    tile.cirs,
                    tile.target.map_or("none", |r| r.id.as_str())
                )
            })
            .collect()
    }

    #[test]
    fn the_grid_holds_each_prefecture_code_once() {
        let mut codes: Vec<u32> = GRID.iter().flatten().copied().filter(|&c| c != 0).collect();
        codes.sort_unstable();
        assert_eq!(codes, (1..=47).collect::<Vec<u32>>());
    }

    #[test]
    fn a_tile_counts_its_prefecture_and_designated_cities_together() {
        assert_eq!(
            summary(""),
            [
                "Hokkaido 1,7 27 -> hokkaido",
                "Tokyo 6,6 0 -> tokyo",
                "Kanagawa 7,6 6 -> kanagawa",
            ]
        );
    }

    #[test]
    fn a_filtered_tile_counts_and_links_to_the_rows_shown_only() {
        // Cities only: Kanagawa links to its first city in the official order, Tokyo has none.
        assert_eq!(
            summary("type=city&sort=cirs&dir=desc"),
            [
                "Hokkaido 1,7 6 -> sapporo",
                "Tokyo 6,6 0 -> none",
                "Kanagawa 7,6 5 -> yokohama",
            ]
        );
        assert_eq!(
            summary("type=prefecture"),
            [
                "Hokkaido 1,7 21 -> hokkaido",
                "Tokyo 6,6 0 -> tokyo",
                "Kanagawa 7,6 1 -> kanagawa",
            ]
        );
        assert_eq!(
            summary("region=hokkaido"),
            [
                "Hokkaido 1,7 27 -> hokkaido",
                "Tokyo 6,6 0 -> none",
                "Kanagawa 7,6 0 -> none",
            ]
        );
    }

    #[test]
    fn a_short_name_replaces_the_name_on_the_tile() {
        let mut t = table();
        t.rows[0].short_name = Some("Hok".into());
        let tiles = tiles(&t, &Query::default());
        assert_eq!(tiles[0].name(), "Hok");
        assert_eq!(tiles[1].name(), "Tokyo");
    }

    #[test]
    fn bins_start_at_zero_and_rise() {
        assert!(Bins::new([0, 1, 5, 10, 20]).is_some());
        assert!(Bins::new([1, 2, 5, 10, 20]).is_none());
        assert!(Bins::new([0, 5, 5, 10, 20]).is_none());
        assert!(Bins::new([0, 10, 5, 11, 20]).is_none());
    }

    #[test]
    fn each_count_falls_in_one_bin() {
        let bins = Bins::new([0, 1, 5, 10, 20]).expect("valid");
        let shades: Vec<usize> = [0, 1, 4, 5, 9, 10, 19, 20, 1000]
            .iter()
            .map(|&n| bins.of(n))
            .collect();
        assert_eq!(shades, [0, 1, 1, 2, 2, 3, 3, 4, 4]);
        assert_eq!(
            bins.ranges(),
            [
                (0, Some(0)),
                (1, Some(4)),
                (5, Some(9)),
                (10, Some(19)),
                (20, None)
            ]
        );
    }
}
