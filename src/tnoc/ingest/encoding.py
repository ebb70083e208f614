"""Text encoding detection and transcoding to UTF-8.

DuckDB's readers want UTF-8. Evidence arrives as UTF-8 (with or without a BOM),
UTF-16 from Windows tools and Excel, and Latin-1/CP-1252 from older systems. An
encoding the analyst gives (``--encoding``, a mapping's ``reader.encoding``) is read
in, not guessed; else we trust a BOM first, then strict UTF-8 over the whole file, then
charset-normalizer's guess, and transcode to a scratch file when needed; the registered
source hash is always of the bytes as received.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from charset_normalizer.utils import is_multi_byte_encoding

from tnoc.errors import ArgumentError, InputFileError, Where
from tnoc.ingest.alphabets import INSIDE_WORDS, PAGE_LANGUAGES, AlphabetFit, alphabet_fit
from tnoc.ingest.east_asian import mostly_rare

SAMPLE_BYTES = 256 * 1024
CHUNK = 4 * 1024 * 1024
FIELD_SPLIT = re.compile(r"[\s,;|\t\"']+")
IN_WORDS = re.compile(r"[^\W\d_]{2,}")  # two or more letters together (any script)
WORDS = re.compile(r"[^\W\d_]+")
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # not in text: UTF-16 or binary
WESTERN_SIGNS = frozenset("\u00a0€£¥¢©®™°±µ·–—‘’‚“”„…•¿¡«»‹›½¼¾×÷§¶ªº¹²³´¨¯¸†‡‰¦ˆ˜")
"""What Windows-1252's high bytes stand for in Western text besides letters: the
no-break space, typographic punctuation, currency, measure and footnote signs."""
APOSTROPHES = INSIDE_WORDS | {"µ"}  # signs that may stand inside a word: "l’eau", "5µg"
CURRENCY = frozenset("€£¥¢")

BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


@dataclass(frozen=True)
class TextFile:
    """A text file ready for DuckDB: ``path`` is UTF-8 without BOM; ``doubt`` says
    why the encoding is only a guess between equally good candidates, if it is."""

    path: Path
    encoding: str
    transcoded: bool
    doubt: str | None = None


@dataclass(frozen=True)
class Guess:
    """The encoding a file is read in and, when it was guessed and another candidate
    decoding the file differently scored as well, what an analyst must be told about
    it (how to choose is the reading command's to add: ``--encoding`` or the mapping's
    ``reader.encoding``). ``given``: the encoding was given by the analyst, not
    guessed (no doubt then); ``rival``: the encoding the doubt names, the one to try
    when names read wrong."""

    encoding: str
    doubt: str | None = None
    given: bool = False
    rival: str | None = None


# Preferred among equally scored candidates: Windows-1252/Latin-1 is the most common
# legacy encoding in Western evidence; charset-normalizer's order among ties is arbitrary
# (it lists cp1250 first, turning "Peña" into "Peńa").
PREFERRED = ("cp1252", "latin_1", "iso8859_15")


def _is_utf8(path: Path) -> bool:
    try:
        _check_valid(path, Guess("utf-8"))
    except InputFileError:
        return False
    return True


@cache
def _width(ch: str, page: str) -> int:
    """Bytes ``ch`` takes in ``page`` (1 when it has none)."""
    try:
        return len(ch.encode(page))
    except (UnicodeEncodeError, LookupError):
        return 1


def _letters(text: str, page: str) -> tuple[int, int]:
    """Non-ASCII letters inside words (beside another letter) and standing alone: a
    right decoding of names makes letters in words of its high bytes, a wrong one often
    symbols or controls, or letters that stand alone. Alone is what a byte of spacing
    or punctuation becomes in a code page that has a letter there: a Western crawl's
    no-break spaces (0xA0 in Windows-1252, between "anon" and "~5/5") read as cp775 are
    hundreds of lone 'Ā', which had outnumbered the file's few real letters (Cocaïne,
    Español) when every letter counted. A real letter of any script sits in a word
    (Müller, Peña, 王小明, Дмитрий); one alone (French "à") is rare, so letters alone
    are counted against a decoding only between candidates equal otherwise. Counted in
    the bytes of ``page`` they take, so that a two-byte reading ("在庫") and a one-byte
    one of the same bytes ("ЌЭЊЙ") count alike."""
    in_words = sum(_width(ch, page) for word in IN_WORDS.findall(text) for ch in word
                   if ord(ch) > 127 and ch.isalpha())
    return in_words, sum(_width(ch, page) for ch in text
                         if ord(ch) > 127 and ch.isalpha()) - in_words


def reads_western(text: str) -> bool:
    """Whether ``text`` (a file's head decoded as Windows-1252) reads as Western
    European text: every non-ASCII letter a Latin one in a word that also has an ASCII
    letter, or standing alone (Müller, Peña, déjà, été, French "à"), every other
    non-ASCII character one of :data:`WESTERN_SIGNS`, neither inside a word (but an
    apostrophe, a dash or the micro sign: "l’eau", "5µg") nor, for a currency sign, glued to the
    word after it; no control character. Text in another script read as Windows-1252
    fails: Cyrillic, Greek and Arabic make words wholly of accented letters
    ("Äìèòðèé"), CJK the same or signs inside words, a Central European code page signs
    inside or before words ("W¹sik", "£ukasz"), UTF-16 NUL bytes. It passes for a Central
    European file whose letters Windows-1252 has at the same bytes ("Dvoøák" for
    Dvořák, "Erdõs" for Erdős): which Latin page then reads it is :func:`_latin_page`'s
    to decide. A dash between letters is allowed ("charges—which").

    Why a rule of ours: charset-normalizer's ranking reads short Western files wrong
    more often than right (a French list as cp1257, a Spanish one as cp1250 or cp857,
    "–" and "’" as cp775; 220 to 380 of 824 generated Western files in a review's
    fuzz, session 50, most without a doubt)."""
    if CONTROLS.search(text):
        return False
    seen = False
    for word in WORDS.finditer(text):
        letters = [ch for ch in word.group() if ch.isalpha() and ch != "µ"]
        high = [ch for ch in letters if ord(ch) > 127]
        if not high:
            continue
        seen = True
        if len(letters) > 1 and len(high) == len(letters):
            return False
        if any(not unicodedata.name(ch, "").startswith("LATIN") for ch in high):
            return False
    for at, ch in enumerate(text):
        if ord(ch) <= 127 or (ch.isalpha() and ch != "µ"):
            continue
        if ch not in WESTERN_SIGNS:
            return False
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        if before.isalpha() and after.isalpha() and ch not in APOSTROPHES:
            return False
        if ch in CURRENCY and after.isalpha():
            return False
        seen = True
    return seen


def _differences(head: bytes, chosen: str, rival: str) -> str:
    """How two decodings of ``head`` differ: the number of lines and a first example."""
    ours = head.decode(chosen, errors="replace").splitlines()
    theirs = head.decode(rival, errors="replace").splitlines()
    differing = [(a, b) for a, b in zip(ours, theirs, strict=False) if a != b]
    if not differing:
        return "no line differs"
    a, b = differing[0]
    word_a, word_b = next(((x, y) for x, y in zip(FIELD_SPLIT.split(a), FIELD_SPLIT.split(b),
                                                  strict=False) if x != y), (a, b))
    count = len(differing)
    return (f"{count:,} {'line differs' if count == 1 else 'lines differ'}, "
            f"e.g. {word_a!r} / {word_b!r}")


def guess_encoding(head: bytes) -> Guess:
    """The encoding of non-UTF-8 bytes by charset-normalizer's scores.

    Candidates whose East Asian characters are mostly outside the national standard
    sets come last (:func:`tnoc.ingest.east_asian.mostly_rare`: Japanese Shift-JIS
    read as Korean cp949 is rare Hangul, "랹밹뫞쁚" for "山田太郎"). Then they are
    ranked by mess (chaos, lower is better), then by how many of their
    non-ASCII characters are letters in words, then by how few are letters alone
    (:func:`_letters`), then by language coherence. Candidates equal on all four are a
    tie: the preferred Western encoding wins it (also when charset-normalizer names
    another encoding reading the bytes alike: cp1250 for a file whose only high bytes
    are no-break spaces), and the guess is doubtful when a tied candidate decodes the
    bytes differently, or, when the guess shows no language (a short file), when the
    next candidate does: a file of Chinese names is as likely gb18030 as cp949 then.
    (Such a file had been read as Windows-1252 instead, wrongly for every CJK file of
    benchmarks/encoding.py; Western text is now recognised as such before this guess,
    :func:`reads_western`.)"""
    matches = list(from_bytes(head))
    if not matches:
        raise LookupError("no candidate encoding")
    found = [_Candidate(m.encoding, str(m), round(m.chaos, 3), round(m.coherence, 3),
                        (m.encoding, *m.could_be_from_charset)) for m in matches]
    letters = {c.name: _letters(c.text, c.name) for c in found}
    rare = {c.name: mostly_rare(c.text) for c in found}
    odd = {c.name: 0 for c in found}

    def score(c: _Candidate) -> tuple[bool, int, float, int, int, float]:
        in_words, alone = letters[c.name]
        return (rare[c.name], odd[c.name], c.chaos, -in_words, alone, -c.coherence)

    first = min(found, key=score)
    if _other_script(first.text):
        # another script: the single-byte pages of other scripts are read too
        # (charset-normalizer may offer one reading: Shift-JIS for a short Ukrainian
        # list, "ﾊ郇琿褊捥"), every reading's mess measured alike, and the readings
        # writing words no text writes come last (Greek ISO-8859-7 read as
        # Windows-1253, "lΆeau")
        offered = {c.name for c in found}
        found = [replace(c, chaos=_mess(c.text)) for c in found] + [
            c for c in _other_pages(head) if c.name not in offered]
        odd = {c.name: _odd(c.text, c.name) for c in found}
        for c in found:
            letters.setdefault(c.name, _letters(c.text, c.name))
            rare.setdefault(c.name, mostly_rare(c.text))
    best = min(score(c) for c in found)
    tied = [c for c in found if score(c) == best]
    # each tied reading under every name that decodes the bytes alike
    names = {name: c for c in tied for name in c.aliases}
    chosen = next((enc for enc in PREFERRED if enc in names), tied[0].name)
    reading = names[chosen].text
    rivals = [c.name for c in tied if c.text != reading]
    if not rivals and names[chosen].coherence == 0.0:
        # no language shown: the next candidate reading the bytes otherwise is as
        # likely, and said (a short file of Chinese names as gb18030 or cp949)
        rivals = [c.name for c in sorted(found, key=score) if c.text != reading][:1]
        if rivals:
            return Guess(chosen, f"encoding guessed {chosen} over {rivals[0]} (no "
                         f"language found in either): "
                         f"{_differences(head, chosen, rivals[0])}", rival=rivals[0])
    if not rivals:
        return Guess(chosen)
    return Guess(chosen, f"encoding guessed {chosen} over {rivals[0]} (scored alike): "
                 f"{_differences(head, chosen, rivals[0])}", rival=rivals[0])


@dataclass(frozen=True)
class _Candidate:
    """A reading of a file's head: charset-normalizer's (its mess and language
    coherence, rounded to its own reporting precision, and the names reading the bytes
    alike) or one of :data:`OTHER_SCRIPT_PAGES` (mess measured alike, no language)."""

    name: str
    text: str
    chaos: float
    coherence: float
    aliases: tuple[str, ...]


OTHER_SCRIPT_PAGES = ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866", "cp1253",
                      "iso8859_7", "cp1255", "iso8859_8", "cp1256")
"""The single-byte pages of Cyrillic, Greek, Hebrew and Arabic text that a file whose
best reading is in another script than Latin is also read in (Windows' and ISO's,
KOI8, DOS)."""


def _other_pages(head: bytes) -> list[_Candidate]:
    """The readings of :data:`OTHER_SCRIPT_PAGES` that decode ``head`` (:func:`_mess`)."""
    readings = []
    for name in OTHER_SCRIPT_PAGES:
        try:
            text = head.decode(name)
        except UnicodeDecodeError:
            continue
        readings.append(_Candidate(name, text, _mess(text), 0.0, (name,)))
    return readings


def _mess(text: str) -> float:
    """charset-normalizer's mess of a reading's first :data:`WORDS_SAMPLE` characters
    (it measures its own candidates on chunks of its choosing, so readings compared
    with pages it did not offer are measured again, alike)."""
    return round(mess_ratio(_sample(text, WORDS_SAMPLE), 1.0), 3)


WORDS_SAMPLE = 32_768
"""Characters of a reading whose words are judged when readings are ranked (the
head is already the file's telling part, :func:`_telling`; 256 KB of it made a guess
take seconds)."""


def _sample(text: str, size: int) -> str:
    """Up to ``size`` characters of ``text``, cut at a line's end where there is one."""
    if len(text) <= size:
        return text
    cut = text.rfind("\n", 0, size)
    return text[:cut] if cut > 0 else text[:size]


def _odd(text: str, page: str) -> int:
    """Impossible words of a reading (of its first :data:`WORDS_SAMPLE` characters)."""
    return alphabet_fit(_sample(text, WORDS_SAMPLE), page).impossible


LATIN_PAGES = ("cp1252", "cp1250", "cp1254", "cp1257", "iso8859_2", "iso8859_13",
               "iso8859_15")
"""The code pages of Latin-script text compared by :func:`_latin_page`: Windows'
Western, Central European, Turkish and Baltic pages, then ISO's Central European and
Baltic ones (where a Windows page has typographic signs, an ISO page has control
characters, which text holds none of); Windows-1252 first, the most common."""


def _latin_reads_better(head: bytes, guess: Guess, fit: AlphabetFit) -> bool:
    """Whether a page of :data:`LATIN_PAGES` reads ``head`` as words that fit its
    languages better than the reading of ``guess``, whose fit is ``fit``: fewer
    impossible words, or as few explained by fewer languages; or as well, when the
    guess is another single-byte page reading Latin letters (``fit.languages``: a page
    no language is listed for, such as HP Roman-8, which charset-normalizer guesses for
    short ISO-8859-15 files). A reading with control characters (UTF-16's NUL bytes)
    is no text."""
    single = not is_multi_byte_encoding(guess.encoding)
    for page in LATIN_PAGES:
        try:
            text = head.decode(page)
        except UnicodeDecodeError:
            continue
        if CONTROLS.search(text):
            continue
        mine = tuple(alphabet_fit(_sample(text, WORDS_SAMPLE), page))
        if mine < tuple(fit) or (single and fit.languages and mine == tuple(fit)):
            return True
    return False


def _non_latin(text: str) -> Iterator[bool]:
    """Per letter beyond ASCII of ``text`` (the micro sign left out), in order: whether
    it is of another script than Latin (lazily: a caller may stop at the first)."""
    return (not unicodedata.name(ch, "").startswith("LATIN") for ch in text
            if ord(ch) > 127 and ch.isalpha() and ch != "µ")


def _other_script(text: str) -> bool:
    """Whether ``text`` has letters beyond ASCII of another script than Latin."""
    return any(_non_latin(text))


def _latin_script(text: str) -> bool:
    """Whether ``text`` has letters beyond ASCII and all of them are Latin."""
    flags = list(_non_latin(text))
    return bool(flags) and not any(flags)


def _latin_guess(head: bytes, guess: Guess | None) -> bool:
    """Whether charset-normalizer's ``guess`` is a single-byte page reading ``head`` as
    Latin letters (a multi-byte codec whose reading happens to hold only Latin letters,
    Shift-JIS of "wait…what", is no Latin page)."""
    return guess is not None and not is_multi_byte_encoding(guess.encoding) and \
        _latin_script(head.decode(guess.encoding, errors="replace"))


def _latin_page(head: bytes, guess: Guess | None, western: bool) -> Guess:
    """The Latin code page whose reading of ``head`` writes words its languages could
    write (:func:`tnoc.ingest.alphabets.alphabet_fit`), among :data:`LATIN_PAGES` and
    charset-normalizer's single-byte ``guess``: the fewest impossible words ("W¹sik",
    "Dvoøák", "Þükrü"), then the first of Windows-1252 (when its reading is Western
    text, ``western``), the guess and the other pages; but a page whose reading one
    language explains wins over a Windows-1252 reading that needs two or more
    (Hungarian "Erdős" in Windows-1250 is Portuguese "Erdõs" beside French "tûz" in
    Windows-1252).

    Said to be a guess, naming the rival to try, when another candidate reads the file
    as well and otherwise (a short file often does: "Peña" is Polish "Peńa" in
    Windows-1250); when the reading chosen still holds impossible words (a word of a
    language not listed: a Faroese name beside Danish ones); when it is not the Western
    reading of Western text; and when charset-normalizer's guess, not a Latin page,
    reads otherwise. The guess's own doubt is kept when the guess is chosen.

    Why: the session-50 rule read every Windows-1252 reading that looked Western as
    Windows-1252, which read Croatian, Hungarian and Turkish files wrong (with a doubt)
    and Polish ones as Windows-1252 without one; benchmarks/encoding.py measures it."""
    first = ["cp1252"] if western else []
    guessed = [guess.encoding] if guess is not None and _latin_guess(head, guess) else []
    listed = [name for name in guessed if codecs.lookup(name).name in PAGE_LANGUAGES]
    order = list(dict.fromkeys([*first, *listed, *LATIN_PAGES, *guessed]))
    readings: dict[str, tuple[str, AlphabetFit]] = {}
    for name in order:
        try:
            text = head.decode(name)
        except UnicodeDecodeError:
            continue
        readings[name] = (text, alphabet_fit(text, name))
    if not readings:  # no page decodes it: the guess as it is
        return guess if guess is not None else Guess("cp1252")
    weight = {name: fit.impossible for name, (_, fit) in readings.items()}
    fewest = min(weight.values())
    best = [name for name in readings if weight[name] == fewest]
    chosen = best[0]
    if chosen == "cp1252" and readings[chosen][1].languages > 1:
        chosen = next((name for name in best if readings[name][1].languages == 1), chosen)
    text = readings[chosen][0]
    if guess is not None and guessed and chosen == guess.encoding and guess.doubt:
        return guess
    others = [name for name in readings if readings[name][0] != text]
    rivals = [name for name in best if name in others]
    why = "its words fit its languages' alphabets as well"
    if not rivals and western and "cp1252" in others:
        rivals, why = ["cp1252"], "the Western reading, which it overrides"
    odd = readings[chosen][1].impossible
    if not rivals and odd and others:
        rivals = sorted(others, key=weight.__getitem__)[:1]
        why = f"{odd:,} {'word' if odd == 1 else 'words'} of {chosen}'s reading fit no " \
              "alphabet known here"
    if not rivals and guess is not None and not guessed and \
            head.decode(guess.encoding, errors="replace") != text:
        rivals = [guess.encoding]
        why = f"charset-normalizer's guess; {chosen} reads as Latin-script words"
    if not rivals:
        return Guess(chosen)
    return Guess(chosen, f"encoding guessed {chosen} over {rivals[0]} ({why}): "
                         f"{_differences(head, chosen, rivals[0])}", rival=rivals[0])


def _given(head: bytes, given: str, path: Path) -> Guess:
    """The encoding the analyst gave, checked against a byte-order mark the file
    starts with: a UTF-8 mark read as UTF-8 is left out (``utf-8-sig``); a mark of
    another encoding than the one given is refused, as the file then holds what
    the analyst did not expect (a UTF-8 file read as cp1252 gives "FranÃ§ois")."""
    for bom, name in BOMS:
        if head.startswith(bom):
            family = name.removesuffix("-sig").removesuffix("-le").removesuffix("-be")
            wanted = codecs.lookup(given).name
            if wanted.startswith(family):
                return Guess("utf-8-sig" if family == "utf-8" else given, given=True)
            raise InputFileError(
                f"the file starts with a {name.removesuffix('-sig')} byte-order mark, "
                f"but the encoding given is {given}", Where(path),
                f"a file without a byte-order mark, or {family}, the encoding its mark "
                "names (or no encoding given: the mark is then followed)")
    return Guess(given, given=True)


def _telling(path: Path, head: bytes) -> bytes:
    """The bytes to guess the encoding of a file that is not UTF-8 from: its head, or,
    when the head is all ASCII (a long list whose first accented name comes late), the
    lines holding bytes beyond ASCII, up to :data:`SAMPLE_BYTES`. An ASCII head had
    been guessed "ascii", and the whole file then failed at its first such byte."""
    if not head.isascii():
        return head
    kept: list[bytes] = []
    size = 0
    with open(path, "rb") as fh:
        for line in fh:
            if not line.isascii():
                kept.append(line)
                size += len(line)
                if size >= SAMPLE_BYTES:
                    break
    return b"".join(kept) or head


def detect(path: Path, given: str | None = None) -> Guess:
    """Best knowledge of the encoding of ``path``: the encoding ``given`` (by the
    analyst: ``--encoding`` or a mapping's ``reader.encoding``; not second-guessed),
    else a BOM, strict UTF-8, then a guess."""
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE_BYTES)
    if given:
        return _given(head, given, path)
    for bom, name in BOMS:
        if head.startswith(bom):
            return Guess(name)
    if _is_utf8(path):
        return Guess("utf-8")
    head = _telling(path, head)
    try:
        guess: Guess | None = guess_encoding(head)
    except LookupError:
        guess = None
    try:
        western = head.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    guessed = head.decode(guess.encoding, errors="replace") if guess else None
    latin_guess = _latin_guess(head, guess)
    reads_as_western = western is not None and (reads_western(western) or (
        guessed is not None and not latin_guess and guess is not None and
        alphabet_fit(western, "cp1252").impossible <
        alphabet_fit(guessed, guess.encoding).impossible))
    if reads_as_western or latin_guess or (
            guess is not None and guessed is not None and
            _latin_reads_better(head, guess, alphabet_fit(_sample(guessed, WORDS_SAMPLE),
                                                          guess.encoding))):
        # Latin-script text: the code page whose words a language could write, not
        # charset-normalizer's ranking (which reads short Western files as cp857 or
        # cp775 and Polish ones as Windows-1252)
        return _latin_page(head, guess, reads_as_western)
    if guess is None:
        raise InputFileError(
            "cannot determine the text encoding (binary data?)",
            Where(path),
            "a text file in UTF-8, UTF-16 or a single-byte encoding such as Latin-1",
        )
    return guess


NOT_FILE_TEXT = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "idna",
                           "punycode"})
"""Python codecs that are no encoding of a file's text (Python's names of them)."""


class UnknownEncoding(ArgumentError):
    """``--encoding`` names no text encoding Python knows (exit 2, a bad option)."""

    def __init__(self, name: str) -> None:
        self.problem = (f"unknown text encoding {name!r}; e.g. cp1252, utf-8, gb18030, "
                        "latin-1, cp1250, shift_jis, utf-16")
        super().__init__(f"--encoding: {self.problem}")


def codec_name(name: str) -> str:
    """Python's name of the text encoding ``name`` (``latin1`` -> ``iso8859-1``), for
    ``--encoding``; an unknown name, or a codec that is no text encoding (``base64``),
    is the analyst's error, said as such (:class:`UnknownEncoding`); so are the codecs
    that decode no file's text (:data:`NOT_FILE_TEXT`: ``undefined`` fails on every
    byte, ``unicode_escape`` turns a backslash sequence in the data into another
    character)."""
    try:
        b"\0".decode(name)  # a LookupError for bytes-to-bytes codecs too
    except LookupError as exc:
        raise UnknownEncoding(name) from exc
    except ValueError:
        pass  # a text encoding in which a lone NUL byte is not valid text
    known = codecs.lookup(name).name
    if known in NOT_FILE_TEXT:
        raise UnknownEncoding(name)
    return known


def detect_encoding(path: Path) -> str:
    """Best knowledge of the encoding of ``path`` (see :func:`detect`)."""
    return detect(path).encoding


def as_utf8(path: Path, scratch: Path, encoding: str | None = None) -> TextFile:
    """Return ``path`` as UTF-8 text, transcoding into ``scratch`` if needed."""
    guess = detect(path, encoding)
    encoding, doubt = guess.encoding, guess.doubt
    if codecs.lookup(encoding).name in ("utf-8", "ascii"):
        if guess.given:  # the analyst's word, checked: DuckDB's reader would fail later
            _check_valid(path, guess)
        return TextFile(path, "utf-8", False)
    scratch.mkdir(parents=True, exist_ok=True)
    target = scratch / f"utf8-{path.name}"
    with open(target, "w", encoding="utf-8", newline="") as out:
        for number, text in enumerate(_decoded_chunks(path, guess)):
            out.write(text.lstrip("\ufeff") if number == 0 else text)
    return TextFile(target, encoding, True, doubt)


def _decoded_chunks(path: Path, guess: Guess) -> Iterator[str]:
    """The text of ``path`` in the encoding ``guess`` names, decoded chunk by chunk
    (a file of any size, nothing held whole); at the first byte not valid in it,
    :func:`_not_valid` with its line and byte."""
    decoder = codecs.getincrementaldecoder(guess.encoding)("strict")
    offset = lines = 0
    with open(path, "rb") as src:
        while chunk := src.read(CHUNK):
            try:
                yield decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise _not_valid(path, guess, offset + exc.start,
                                 lines + chunk[:exc.start].count(b"\n") + 1) from exc
            offset += len(chunk)
            lines += chunk.count(b"\n")
    try:
        yield decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise _not_valid(path, guess, offset, lines + 1) from exc


def _check_valid(path: Path, guess: Guess) -> None:
    """Raise :func:`_not_valid` at the first byte of ``path`` not valid in the
    encoding ``guess`` names (nothing written)."""
    for _ in _decoded_chunks(path, guess):
        pass


def _not_valid(path: Path, guess: Guess, byte: int, line: int) -> InputFileError:
    """The error of a byte not valid in the encoding the file is read in: the file,
    line and byte, and whether the encoding was given or detected (then the file may
    mix encodings)."""
    return InputFileError(f"byte {byte} is not valid {guess.encoding}",
                          Where(path, line, row_label="line"),
                          f"text in {guess.encoding} throughout, the encoding given"
                          if guess.given else f"text in one encoding throughout "
                          f"({guess.encoding} was detected)")


@dataclass(frozen=True)
class DecodedText:
    """A whole text file decoded as :func:`detect` reads it (BOM left out), with its
    encoding and, when that was a guess between candidates reading it differently, why
    (:attr:`Guess.doubt`)."""

    text: str
    encoding: str
    doubt: str | None = None
    given: bool = False
    rival: str | None = None


def read_text(path: Path, encoding: str | None = None) -> DecodedText:
    """The text of ``path``, decoded as the intake would decode it (a BOM first, strict
    UTF-8, then a guess such as Windows-1252), for the commands that read small files
    themselves rather than through DuckDB (the market crawls' readers). An
    ``encoding`` given (Python's name: :func:`codec_name`) is read in, not guessed, as
    the intake reads a mapping's ``reader.encoding``.

    Raises:
        InputFileError: bytes not valid in the encoding given or found, naming the
            file, the line and byte; or no encoding found (binary data).
    """
    guess = detect(path, encoding)
    data = path.read_bytes()
    try:
        text = data.decode(guess.encoding)
    except UnicodeDecodeError as exc:
        raise _not_valid(path, guess, exc.start,
                         data[:exc.start].count(b"\n") + 1) from exc
    return DecodedText(text.removeprefix("\ufeff"), guess.encoding, guess.doubt,
                       guess.given, guess.rival)
