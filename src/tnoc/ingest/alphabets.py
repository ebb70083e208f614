"""Which Latin-script languages a text's words could be written in, by their letters.

A file in a legacy single-byte encoding decodes without error in every Latin code
page: Czech "Dvořák" in Windows-1250 reads "Dvoøák" in Windows-1252, Turkish
"Şükrü" in Windows-1254 "Þükrü", Polish "Wąsik" "W¹sik". What tells the pages apart
is which reading makes words a language could have written. A word's letters beyond
ASCII must all belong to one language's alphabet ("Dvoøák": no language writes both
ø and á; "Dvořák": Czech; Cyrillic read as a Latin page, "Äìèòðèé": none); no sign
may stand inside a word ("W¹sik"). (A word all of accented letters is no sign of a
wrong reading by itself: Polish "żółć".) And a
reading whose words one language explains is likelier than one that needs several:
Hungarian "Erdős ... tűz" in Windows-1252 is "Erdõs ... tûz", Portuguese beside
French, where Windows-1250 reads it as Hungarian alone.

The alphabets are the letters beyond A-Z of each language's standard orthography (the
main exemplar characters of Unicode CLDR, with Romanian's cedilla forms beside its
comma-below ones, as legacy code pages write them). Greenlandic, Maltese, Welsh and
the Latin scripts of Africa and Asia are not listed: a word of theirs fits no language
here and weighs against the right reading, so a reading with impossible words is always
said to be a guess (:func:`tnoc.ingest.encoding._latin_page`).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from itertools import groupby
from typing import NamedTuple

ALPHABETS: dict[str, frozenset[str]] = {language: frozenset(letters) for language, letters in {
    "German": "äöüß",
    "French": "àâæçéèêëîïôœùûüÿ",
    "Spanish": "áéíñóúü",
    "Italian": "àèéìíîòóùú",
    "Portuguese": "áâãàçéêíóôõúü",
    "Catalan": "àçèéíïòóúü",
    "Dutch": "áäéèêëíïóöôúü",
    "Danish": "æøåé",
    "Norwegian": "æøåéèóòô",
    "Swedish": "åäöé",
    "Finnish": "åäöšž",
    "Icelandic": "áðéíóúýþæö",
    "Faroese": "áðíóúýæø",
    "Estonian": "äöõüšž",
    "Irish": "áéíóú",
    "Albanian": "çë",
    "Czech": "áčďéěíňóřšťúůýž",
    "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Polish": "ąćęłńóśźż",
    "Hungarian": "áéíóöőúüű",
    "Croatian": "čćđšž",
    "Slovene": "čšž",
    "Romanian": "ăâîșțşţ",
    "Turkish": "çğıöşüâîû",
    "Latvian": "āčēģīķļņšūž",
    "Lithuanian": "ąčęėįšųūž",
    "Vietnamese": "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ",
}.items()}

WESTERN = ("German", "French", "Spanish", "Italian", "Portuguese", "Catalan", "Dutch",
           "Danish", "Norwegian", "Swedish", "Finnish", "Icelandic", "Faroese",
           "Estonian", "Irish", "Albanian")
CENTRAL = ("Czech", "Slovak", "Polish", "Hungarian", "Croatian", "Slovene", "Romanian",
           "Albanian", "German")
BALTIC = ("Latvian", "Lithuanian", "Estonian", "Polish", "German", "Swedish", "Finnish",
          "Danish")
PAGE_LANGUAGES: dict[str, tuple[str, ...]] = {  # by Python's codec names
    "cp1252": WESTERN, "iso8859-1": WESTERN, "iso8859-15": WESTERN,
    "cp1250": CENTRAL, "iso8859-2": CENTRAL,
    "cp1254": (*WESTERN, "Turkish"), "iso8859-9": (*WESTERN, "Turkish"),
    "cp1257": BALTIC, "iso8859-13": BALTIC,
    "cp1258": ("Vietnamese", *WESTERN),
}
"""The languages each code page was made to write (Microsoft's and ISO's descriptions
of them): a reading is judged by the alphabets of its page's languages, so a Western
page's reading is not explained by Vietnamese, whose alphabet holds most accented
vowels, nor a Central European one by Portuguese. A page not listed is judged by every
alphabet here."""

WORD = re.compile(r"[^\W\d_]+")
TOKEN = re.compile(r"\S+")
NOT_IN_TEXT = re.compile("[\x80-\x9f\u00a4]")
"""What a wrong page makes and text holds none of: the C1 control characters (what an
ISO page makes of Windows-1252's typographic signs) and the generic currency sign "¤"
(what Latin-1 and Windows-1252 make of ISO-8859-15's euro sign, "5¤")."""
INSIDE_WORDS = frozenset("’‘´–—·…")
"""Signs that stand between letters in real text: apostrophes ("l’eau"), dashes and an
ellipsis set without spaces ("charges—which", "wait…what") and Catalan's "l·l". The micro
sign, a letter to Python, is no letter of any language here and is left out of words'
letters."""


class AlphabetFit(NamedTuple):
    """How well a reading's words fit the alphabets: ``impossible`` words no language
    writes (letters of no one alphabet, a sign inside, scripts mixed), and
    ``languages``, how few languages explain the rest of the words of two letters or
    more (a greedy set cover, so at most one or two more than the least possible; a
    word of one letter, French "à" or Swedish "ö", is a word in many languages and its
    letter another page's letter: "à" is Slovak "ŕ" in Windows-1250)."""

    impossible: int
    languages: int


def _latin_letters(word: str) -> frozenset[str]:
    """The letters beyond ASCII of ``word``, lower case, Latin script only."""
    return frozenset(ch for ch in word.lower() if ord(ch) > 127 and ch.isalpha()
                     and unicodedata.name(ch, "").startswith("LATIN"))


def _script(ch: str) -> str:
    """The script of a letter, as the first word of its Unicode name (LATIN, CYRILLIC,
    GREEK, CJK, HANGUL...)."""
    return unicodedata.name(ch, "?").split(" ", 1)[0]


EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HANGUL",
                        "IDEOGRAPHIC", "HALFWIDTH"})
"""Scripts a word of Japanese, Chinese or Korean mixes: kanji with kana, half-width
katakana too (legacy Shift-JIS text writes "発送ﾒｰﾙ"; a Shift-JIS reading of Cyrillic
bytes, "ﾊ郇琿褊捥" for "Коваленко", is therefore not told by its words)."""


def _script_group(ch: str) -> str:
    """The script a letter counts as for :func:`_mixes_scripts`."""
    script = "LATIN" if ch.isascii() else _script(ch)
    return "EAST_ASIAN" if script in EAST_ASIAN else script


def _mixes_scripts(letters: list[str]) -> bool:
    """A word with letters of two scripts: a Latin page read as Cyrillic turns
    "charges—which" into "chargesЦwhich", which no text writes (a seller writing
    "Cocaine" with a Cyrillic "о" to dodge a filter would be one: the rule weighs a
    reading, it rejects none alone). Kanji and kana together are one script here
    (:data:`EAST_ASIAN`), and Latin letters go with East Asian ones: Chinese,
    Japanese and Korean text writes "MDMA药丸", "K粉", "Tシャツ" (but not a character of
    theirs between Latin letters, which a CJK reading of Polish "Białystok" makes:
    "Bia造stok")."""
    runs = [group for group, _ in groupby(_script_group(ch) for ch in letters if ch != "µ")]
    groups = set(runs)
    if "EAST_ASIAN" in groups and len(runs) <= 2:
        groups.discard("LATIN")  # Latin before or after, not around: "Bia造stok" is no word
    return len(groups) > 1


def _sign_inside(token: str) -> bool:
    """A character beyond ASCII that is no letter between two letters ("W¹sik"). A mark
    is part of its letter: Thai vowels, Hebrew points and Arabic vowel signs sit between
    letters ("สวัสดี", "שָׁלוֹם", "مُحَمَّد")."""
    return any(ord(ch) > 127 and not ch.isalpha() and ch not in INSIDE_WORDS
               and not unicodedata.category(ch).startswith("M")
               and _in_word(token[at - 1]) and _in_word(token[at + 1])
               for at, ch in enumerate(token[1:-1], start=1))


def _in_word(ch: str) -> bool:
    """A letter or a mark on one."""
    return ch.isalpha() or unicodedata.category(ch).startswith("M")


def alphabet_fit(text: str, page: str | None = None) -> AlphabetFit:
    """:class:`AlphabetFit` of ``text``'s words that have letters beyond ASCII, read in
    the code page ``page`` (its languages' alphabets, :data:`PAGE_LANGUAGES`; every
    alphabet when None or not listed). The text is composed first (NFC: cp1258 writes
    Vietnamese tones as combining marks). A C1 control character or "¤"
    (:data:`NOT_IN_TEXT`) makes its token impossible: text holds none."""
    names = PAGE_LANGUAGES.get(codecs.lookup(page).name if page else "",
                               tuple(ALPHABETS))
    alphabets = {name: ALPHABETS[name] for name in names}
    text = unicodedata.normalize("NFC", text)
    impossible = sum(1 for token in TOKEN.findall(text)
                     if _sign_inside(token) or NOT_IN_TEXT.search(token))
    explained: list[frozenset[str]] = []
    for word in WORD.findall(text):
        letters = [ch for ch in word if ch.isalpha()]
        if _mixes_scripts(letters):
            impossible += 1
            continue
        high = _latin_letters(word)
        if not high:
            continue
        languages = frozenset(name for name, alphabet in alphabets.items()
                              if high <= alphabet)
        if not languages:
            impossible += 1
        elif len(letters) > 1:  # a lone letter (French "à", Swedish "ö") names none
            explained.append(languages)
    return AlphabetFit(impossible, _cover(explained))


def _cover(explained: list[frozenset[str]]) -> int:
    """How many languages explain every word: greedily the language explaining most
    words not yet explained (ties by name, for a reproducible count)."""
    count = 0
    rest = explained
    while rest:
        tally: dict[str, int] = {}
        for languages in rest:
            for name in languages:
                tally[name] = tally.get(name, 0) + 1
        best = max(sorted(tally), key=tally.__getitem__)
        rest = [languages for languages in rest if best not in languages]
        count += 1
    return count
