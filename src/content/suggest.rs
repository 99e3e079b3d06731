//! Suggestions for slips: "unknown region `kantou`; did you mean `kanto`?"

/// The candidate closest to `word`, when it is close enough to be a slip: one edit in a short
/// word, a third of the letters in a longer one. An edit is an insertion, a deletion, a
/// substitution or a swap of two neighbouring letters (the commonest slip: `titel`), each
/// letter edited once at most: the optimal string alignment distance.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
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
    fn a_swap_of_two_neighbouring_letters_is_one_slip() {
        assert_eq!(
            closest("titel", ["title", "text"].into_iter()),
            Some("title")
        );
        assert_eq!(closest("kanot", ["kanto"].into_iter()), Some("kanto"));
    }

    #[test]
    fn the_closest_candidate_wins_and_the_first_of_equals() {
        assert_eq!(
            closest("kansa", ["kanto", "kansai"].into_iter()),
            Some("kansai")
        );
        assert_eq!(closest("cat", ["bat", "cot"].into_iter()), Some("bat"));
    }
}
