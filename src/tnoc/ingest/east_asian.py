"""Whether a reading's East Asian characters are the ones text is written in.

A file of Japanese names in Shift-JIS decodes without error as Korean cp949: "山田太郎"
reads "랹밹뫞쁚", Hangul syllables that cp949 added beyond the 2,350 of the Korean
standard KS X 1001, which Korean text hardly uses (KS X 1001 was chosen to cover
everyday Korean). charset-normalizer scores both readings without mess, and the Korean
one had been chosen in 21 of 30 generated Japanese files (benchmarks/encoding.py).

The common characters are those of each script's national standard set: GB 2312
(6,763 hanzi, simplified Chinese), Big5's level 1 (5,401 frequent traditional hanzi,
codes A440-C67E), JIS X 0208 (kana and 6,355 kanji, as Shift-JIS writes them) and KS X
1001 (hangul and hanja, as EUC-KR writes them in two bytes; Python's EUC-KR also
writes every other syllable as an eight-byte composition, which is not the set). A
reading whose East Asian characters are mostly outside all of them is not text; one
with a few (a rare character in a Chinese given name) is. The idea is the frequent-
character distribution of Li and Momoi, "A composite approach to language/encoding
detection" (19th International Unicode Conference, 2001), reduced to the standards'
sets, which need no frequency table.
"""

from __future__ import annotations

import unicodedata
from functools import cache

SCRIPTS = frozenset({"CJK", "HANGUL", "HIRAGANA", "KATAKANA"})
NATIONAL_SETS = ("gb2312", "shift_jis", "euc_kr")
BIG5_LEVEL_1 = (0xA440, 0xC67E)


def _east_asian(ch: str) -> bool:
    return ord(ch) > 0x2E7F and unicodedata.name(ch, "?").split(" ", 1)[0] in SCRIPTS


@cache
def is_common(ch: str) -> bool:
    """Whether ``ch`` is in one of the national standard sets (two bytes in GB 2312,
    Shift-JIS or EUC-KR, or a Big5 level-1 code)."""
    for name in NATIONAL_SETS:
        try:
            if len(ch.encode(name)) == 2:
                return True
        except UnicodeEncodeError:
            continue
    try:
        code = int.from_bytes(ch.encode("big5"), "big")
    except UnicodeEncodeError:
        return False
    return BIG5_LEVEL_1[0] <= code <= BIG5_LEVEL_1[1]


def mostly_rare(text: str) -> bool:
    """Whether more than half of ``text``'s East Asian characters are in none of the
    national standard sets (:func:`is_common`): a wrong decoding, not text."""
    east = [ch for ch in text if _east_asian(ch)]
    return 2 * sum(1 for ch in east if not is_common(ch)) > len(east)
