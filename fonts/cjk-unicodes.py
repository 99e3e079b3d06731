"""Prints the characters kept in the Japanese font of the link previews, one code point a line
(U+XXXX), for `pyftsubset --unicodes-file`. Run from the repository's root; fonts/README.md
says how the font is cut with it.

Kept: Basic Latin, Latin-1 and Latin Extended-A, general punctuation, a few arrows and signs,
CJK symbols and punctuation, hiragana, katakana, the full-width forms, the 2,965 kanji of
JIS X 0208 level 1 (rows 16 to 47), and every other character of the Japanese content today.
"""

import pathlib

RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x017F),  # Latin-1 Supplement, Latin Extended-A
    (0x2000, 0x206F),  # General Punctuation
    (0x2190, 0x2193),  # arrows
    (0x2212, 0x2212),  # minus sign
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]


def level_1_kanji():
    """JIS X 0208 rows 16 to 47: in EUC-JP, first bytes 0xB0 to 0xCF."""
    kanji = []
    for first in range(0xB0, 0xD0):
        for second in range(0xA1, 0xFF):
            try:
                kanji.append(bytes([first, second]).decode("euc_jp"))
            except UnicodeDecodeError:
                pass  # row 47 ends early
    assert len(kanji) == 2965, len(kanji)
    return kanji


def main():
    points = {p for start, end in RANGES for p in range(start, end + 1)}
    points |= {ord(k) for k in level_1_kanji()}
    for path in sorted(pathlib.Path("content/ja").glob("*.toml")):
        points |= {ord(c) for c in path.read_text(encoding="utf-8") if ord(c) >= 0x20}
    for p in sorted(points):
        print(f"U+{p:04X}")


main()
