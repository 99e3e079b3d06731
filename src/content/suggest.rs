//! Suggestions for slips: "unknown region `kantou`; did you mean `kanto`?"

/// The candidate closest to `word`, when it is close enough to be a slip: one edit in a short
/// word, a third of the letters in a longer one.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edits to turn `a` into `b`: insertions, deletions, substitutions, and swaps of two
/// neighbouring letters (the commonest slip: `titel`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_misspellings_only() {
        let regions = ["hokkaido", "kanto", "kansai"];
        assert_eq!(closest("kantou", regions.into_iter()), Some("kanto"));
        assert_eq!(
            closest("statistic.toml", ["statistics.toml"].into_iter()),
            Some("statistics.toml")
        );
        assert_eq!(closest("mars", regions.into_iter()), None);
        // A longer word may be a third of its letters off: two edits in nine letters.
        assert_eq!(
            closest("prefektur", ["prefecture", "city"].into_iter()),
            Some("prefecture")
        );
        assert_eq!(closest("kanto", ["kansai"].into_iter()), None);
    }

    #[test]
    fn measures_edit_distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(edit_distance("titel", "title"), 1);
    }
}
