"""Value cleaning by FtM property type.

Two paths, chosen per property type so that big files stay column-wise:

* **SQL** (names, strings, text, identifiers, numbers, dates, entity references):
  expressions over the whole column in DuckDB (:func:`sql_clean`).
* **FtM** (phones to E.164, emails, countries, URLs, IPs, genders, topics, formatted
  identifiers such as IBAN/BIC/IMO, and crypto addresses): FtM's own type cleaners,
  called once per *distinct* (type, value, hint) in the file (:func:`clean_distinct`);
  a million transactions carry a few thousand distinct countries or phone numbers.

A value that fails its type keeps its original text and gets a ``flag`` saying why:
it is never dropped. A value holding control characters (a NUL, a terminal escape
sequence: :data:`tnoc.safe_text.CONTROL_CHARACTERS`) is cleaned without them and flagged
"control characters"; its original text stays in the store beside the cleaned value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from followthemoney.types import registry
from rigour.territories import get_ftm_countries

from tnoc.ingest.crypto import check_address
from tnoc.ingest.mapping import IdSlug, PropertySpec
from tnoc.ingest.ships import SIDES, ship_countries
from tnoc.safe_text import (
    CONTROL_CHARACTERS,
    CONTROL_CHARACTERS_SQL,
    CONTROL_FLAG,
    without_controls,
)
from tnoc.store.sql import literal as lit

# what an entity id holds besides letters, digits and marks of any script, ".", "_" and
# ":": a run of any other characters and dashes ("+", " ", "--", " - ") becomes one "-"
# (see :func:`slug_sql`)
ID_SEPARATORS = r"[^\pL\pN\pM_.:]+"
# the rule before ids kept letters beyond A-Z (session 49): "Müller" and "Möller" were
# both "M-ller", every Chinese vendor name "agora-vendor"; kept to find such ids
ASCII_ID_SEPARATORS = r"[^A-Za-z0-9._:]+"

SQL_TYPES = {"name", "string", "text", "address", "identifier", "entity", "number", "date",
             "id", "html", "json"}
CRYPTO = "crypto"
ISO_DATE = (r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?"
            r"(Z|[+-]\d{2}:?\d{2})?)?)?)?$")


def slug_sql(x: str) -> str:
    """SQL making text an entity id (or a reference to one, written the same way).

    Every run of characters an id may not hold, dashes included, becomes one "-", and no
    "-" leads or trails: "tel-{number}" of "+49 170 1234567" is ``tel-49-170-1234567``,
    never ``tel--49...``. An id is typed after commands (``tnoc show ID``), where a
    leading dash or a double dash reads as an option. Letters, digits and marks of every
    script are kept: an id made of a name must not drop them, or different names make
    one entity ("Müller" and "Möller" were both ``M-ller``)."""
    return _slug_by(x, ID_SEPARATORS)


DIGEST_LENGTH = 10
"""Hex digits of the digest :func:`exact_slug_sql` appends (as many as
:func:`tnoc.exchange.ftm.ftm_id` appends)."""


def exact_slug_sql(x: str) -> str:
    """:func:`slug_sql`, but text the slug changes keeps a trace of what it was: "-" and
    the first :data:`DIGEST_LENGTH` hex digits of the sha1 of the exact text (UTF-8).
    ``agora-vendor-{vendor}`` of ``lsdaisy`` stays ``agora-vendor-lsdaisy``; of
    ``lsdaisy!`` it is ``agora-vendor-lsdaisy-`` and a digest of
    ``agora-vendor-lsdaisy!``, so two vendors whose names differ only in symbols, spaces
    or dashes ("a b", "a-b", "-a-") are never one entity. Text the slug leaves as it is
    gets no digest, and the id is still a slug (readable, no leading or double dash);
    text with nothing an id may hold is the digest alone."""
    slugged = slug_sql(x)
    digest = f"substr(sha1({x}), 1, {DIGEST_LENGTH})"
    return (f"CASE WHEN {slugged} = {x} THEN {slugged} WHEN {slugged} = '' THEN {digest} "
            f"ELSE {slugged} || '-' || {digest} END")


def id_slug_sql(x: str, how: IdSlug = "separators") -> str:
    """The slug SQL of an id template made as the mapping says (:data:`IdSlug`)."""
    return exact_slug_sql(x) if how == "exact" else slug_sql(x)


def ascii_slug_sql(x: str) -> str:
    """:func:`slug_sql` as it was before session 49 (A-Z, 0-9 and "._:" only): what an
    older case holds for an id with other letters (:mod:`tnoc.ingest.pipeline`)."""
    return _slug_by(x, ASCII_ID_SEPARATORS)


def _slug_by(x: str, separators: str) -> str:
    return f"trim(regexp_replace({x}, {lit(separators)}, '-', 'g'), '-')"


def slug(text: str, how: IdSlug = "separators") -> str:
    """:func:`slug_sql` (or, ``how="exact"``, :func:`exact_slug_sql`) in Python, for ids
    built outside SQL and for tests: run by DuckDB itself, so that the two agree on
    every character (Python's own Unicode tables are older than DuckDB's: a letter added
    in Unicode 15 is kept by one and was dropped by the other)."""
    import duckdb

    with duckdb.connect() as con:
        row = con.execute(f"SELECT {id_slug_sql('$x', how)}", {"x": text}).fetchone()
    return str(row[0]) if row else ""


def needs_python(prop_type: str, spec: PropertySpec, fmt: str | None) -> bool:
    """Whether this property is cleaned by FtM in Python (distinct values)."""
    if spec.transform == "duration":
        return False
    if spec.transform in ("phone", *SIDES):
        return True
    if spec.crypto_currency or spec.crypto_currency_column:
        return True
    if prop_type == "identifier" and fmt:
        return True
    return prop_type not in SQL_TYPES


def _output_format(fmt: str) -> str:
    """How precise the ISO value of a date read with ``fmt`` is: to the second, day,
    month or year (an unpadded code, ``%-d``, counts as its padded one)."""
    fmt = fmt.replace("%-", "%")
    if "%H" in fmt or "%I" in fmt:
        return "%Y-%m-%dT%H:%M:%S"
    if "%d" in fmt or "%j" in fmt:
        return "%Y-%m-%d"
    if any(m in fmt for m in ("%m", "%b", "%B")):
        return "%Y-%m"
    return "%Y"


UNIX_FIRST, UNIX_LAST = -62135596800, 253402300799
"""The Unix seconds of 0001-01-01T00:00:00 and 9999-12-31T23:59:59 UTC: the dates an
ISO 8601 value holds; a number outside is an invalid date, not an error."""


def date_sql(x: str, spec: PropertySpec) -> tuple[str, str]:
    """(value, flag) SQL for a date; FtM dates are ISO 8601 prefixes."""
    formats = spec.date_format
    if formats is None:
        iso = f"regexp_matches({x}, {lit(ISO_DATE)})"
        day_ok = (f"(length({x}) < 10 OR try_cast(substr({x}, 1, 10) AS DATE) IS NOT NULL)"
                  f" AND (length({x}) < 7 OR substr({x}, 6, 2) BETWEEN '01' AND '12')")
        ok = f"({iso} AND {day_ok})"
        value = f"CASE WHEN {ok} THEN replace(substr({x}, 1, 19), ' ', 'T') END"
        return value, f"CASE WHEN NOT {ok} THEN 'invalid date: expected ISO 8601' END"
    fmts = [formats] if isinstance(formats, str) else formats
    parts = []
    for fmt in fmts:
        if fmt == "unix":  # years 1-9999 (beyond, DuckDB's to_timestamp fails)
            seconds = f"try_cast({x} AS DOUBLE)"
            parts.append(f"CASE WHEN {seconds} BETWEEN {UNIX_FIRST} AND {UNIX_LAST} THEN "
                         f"strftime(to_timestamp({seconds}), '%Y-%m-%dT%H:%M:%S') END")
        else:
            parts.append(f"strftime(try_strptime({x}, {lit(fmt)}), {lit(_output_format(fmt))})")
    value = f"coalesce({', '.join(parts)})"
    expected = lit("invalid date: expected " + " or ".join(fmts))
    flag = f"CASE WHEN {value} IS NULL THEN {expected} END"
    return value, flag


# a number as written: digits with a decimal point (or comma, ``decimal_comma``) and an
# optional exponent, or thousands grouped in threes by the other mark or by spaces
# (" ", no-break, narrow no-break); anything else is kept as written and flagged, never
# read by dropping separators ("0,05" is not 5, "1.5" under a decimal comma not 15)
NUMBER_PLAIN = r"^[+-]?(\d+{d}?\d*|{d}\d+)([eE][+-]?\d+)?$"
NUMBER_GROUPED = r"^[+-]?\d{{1,3}}({g}\d{{3}})+({d}\d+)?$"
SPACES = "[ \u00a0\u202f]"
LARGEST = 1.7976931348623157e308
"""The largest finite double: a value beyond it ("1e999", "inf") or not a number
("nan") is no amount."""


def number_sql(x: str, spec: PropertySpec) -> tuple[str, str]:
    """(value, flag) SQL for a number (see :data:`NUMBER_PLAIN`, :data:`NUMBER_GROUPED`):
    written with its thousands separators removed and a decimal point; a value that is
    none of those forms, not finite, or (``positive``, a price) not above zero keeps its
    text and is flagged with what was expected."""
    point, mark = (",", ".") if spec.decimal_comma else (".", ",")
    plain = NUMBER_PLAIN.format(d=re.escape(point))
    grouped = NUMBER_GROUPED.format(d=re.escape(point), g=re.escape(mark))
    spaced = NUMBER_GROUPED.format(d=re.escape(point), g=SPACES)
    without_marks = f"replace({x}, {lit(mark)}, '')"
    without_spaces = f"regexp_replace({x}, {lit(SPACES)}, '', 'g')"

    def decimal_point(text: str) -> str:
        return f"replace({text}, ',', '.')" if spec.decimal_comma else text

    cleaned = (f"CASE WHEN regexp_matches({x}, {lit(plain)}) THEN {decimal_point(x)} "
               f"WHEN regexp_matches({x}, {lit(grouped)}) THEN {decimal_point(without_marks)} "
               f"WHEN regexp_matches({x}, {lit(spaced)}) THEN {decimal_point(without_spaces)} "
               f"END")
    number = f"try_cast({cleaned} AS DOUBLE)"
    ok = f"coalesce(abs({number}) <= {LARGEST!r}, false)"
    if spec.positive:
        ok = f"({ok} AND {number} > 0)"
    decimal = "comma" if spec.decimal_comma else "point"
    expected = (f"invalid number: expected digits with a decimal {decimal} (thousands "
                f"grouped in threes), finite{', above zero' if spec.positive else ''}")
    return (f"CASE WHEN {ok} THEN {cleaned} END",
            f"CASE WHEN NOT {ok} THEN {lit(expected)} END")


# durations as call records write them: seconds, [H]H:MM:SS, MM:SS, ISO 8601 (PT3M12S)
DURATION_SECONDS = r"^\d+(?:\.\d+)?$"
DURATION_HMS = r"^(\d+):([0-5]?\d):([0-5]?\d(?:\.\d+)?)$"
DURATION_MS = r"^(\d+):([0-5]?\d(?:\.\d+)?)$"
DURATION_ISO = (r"^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?"
                r"(?:(\d+(?:\.\d+)?)S)?)?$")
DURATION_EXPECTED = "invalid duration: expected seconds, HH:MM:SS, MM:SS or ISO 8601 (PT3M12S)"


def duration_sql(x: str) -> tuple[str, str]:
    """(value, flag) SQL reading a duration as a number of seconds.

    Call-record exports write durations as seconds ("192"), clock time ("00:03:12",
    "3:12") or ISO 8601 ("PT3M12S", "P1DT2H"); all become seconds ("192"), whole
    seconds without a decimal point. Anything else keeps its text and is flagged."""
    def part(pattern: str, group: int, source: str = x) -> str:
        return f"coalesce(try_cast(regexp_extract({source}, {lit(pattern)}, {group}) AS DOUBLE), 0)"

    iso = f"upper({x})"
    matches = {p: f"regexp_matches({x}, {lit(p)})"
               for p in (DURATION_SECONDS, DURATION_HMS, DURATION_MS)}
    iso_ok = f"(regexp_matches({iso}, {lit(DURATION_ISO)}) AND regexp_matches({x}, '\\d'))"
    seconds = (
        f"CASE WHEN {matches[DURATION_SECONDS]} THEN CAST({x} AS DOUBLE) "
        f"WHEN {matches[DURATION_HMS]} THEN {part(DURATION_HMS, 1)} * 3600 + "
        f"{part(DURATION_HMS, 2)} * 60 + {part(DURATION_HMS, 3)} "
        f"WHEN {matches[DURATION_MS]} THEN {part(DURATION_MS, 1)} * 60 + "
        f"{part(DURATION_MS, 2)} "
        f"WHEN {iso_ok} THEN {part(DURATION_ISO, 1, iso)} * 86400 + "
        f"{part(DURATION_ISO, 2, iso)} * 3600 + {part(DURATION_ISO, 3, iso)} * 60 + "
        f"{part(DURATION_ISO, 4, iso)} END"
    )
    # "192", "192.5": no trailing zeros, no decimal point for whole seconds
    value = f"regexp_replace(printf('%.6f', {seconds}), '\\.?0+$', '')"
    readable = " OR ".join([*matches.values(), iso_ok])
    return value, f"CASE WHEN NOT ({readable}) THEN {lit(DURATION_EXPECTED)} END"


def sql_clean(prop_type: str, x: str, spec: PropertySpec) -> tuple[str, str]:
    """(value, flag) SQL expressions for a SQL-cleaned type; ``x`` is trimmed text.

    Control characters are taken out before the type's own cleaning; a value that held
    any is flagged "control characters" (unless its type flags it already). Entity
    references are not: they are written as ids, which hold no control characters."""
    if prop_type == "entity":
        return _typed_sql(prop_type, x, spec)
    pattern = lit(CONTROL_CHARACTERS_SQL)
    value, flag = _typed_sql(prop_type, f"regexp_replace({x}, {pattern}, '', 'g')", spec)
    return value, (f"coalesce({flag}, CASE WHEN regexp_matches({x}, {pattern}) "
                   f"THEN {lit(CONTROL_FLAG)} END)")


def _typed_sql(prop_type: str, x: str, spec: PropertySpec) -> tuple[str, str]:
    """(value, flag) SQL cleaning ``x`` as ``prop_type``."""
    if spec.transform == "duration":
        return duration_sql(x)
    if prop_type == "date":
        return date_sql(x, spec)
    if prop_type == "number":
        return number_sql(x, spec)
    if prop_type == "entity" and spec.entity is not None:
        return x, "NULL::VARCHAR"  # another block's id, exactly as that block stores it
    if prop_type == "entity":
        # a reference is written like the ids it points at (compile.id_sql), so
        # "ndr-{name}" matches the person's id (with the same id_slug as its template)
        return id_slug_sql(x, spec.id_slug), "NULL::VARCHAR"
    if prop_type in ("text", "html", "json", "identifier", "id"):
        return x, "NULL::VARCHAR"
    return f"regexp_replace({x}, '\\s+', ' ', 'g')", "NULL::VARCHAR"


def clean_phone(value: str, region: str | None) -> str | None:
    """A phone number in E.164, or None.

    FtM (libphonenumber) reads international numbers ("+49 (0)151 ...") and national
    ones in ``region`` ("0151 ...", and "0049 ..." through the region's own
    international prefix). A number that starts with "00" and reads in no region is
    tried once more as "+": 00 is the international prefix ITU-T E.164 recommends and
    nearly every country dials (not North America's 011)."""
    phone = registry.phone
    cleaned = phone.clean(value, format=region)
    if cleaned is None:
        digits = value.strip()
        if digits.startswith("00") and not digits.startswith("000"):
            cleaned = phone.clean("+" + digits[2:].lstrip(), format=region)
    return cleaned


@cache
def _sentence_names() -> dict[str, str]:
    """Country codes by the name a territory takes in a sentence, without its article
    ("the World" is Global, ``zz``), in the squashed form of :func:`_squashed`."""
    names: dict[str, str] = {}
    for territory in get_ftm_countries():
        name = re.sub(r"^the\s+", "", territory.in_sentence, flags=re.IGNORECASE)
        if territory.ftm_country is not None:
            names.setdefault(_squashed(name), territory.ftm_country)
    return names


def _squashed(name: str) -> str:
    """A place name compared without case, spaces or punctuation: "World Wide" and
    "Worldwide", "Hong-Kong" and "Hong Kong" are written the same."""
    return re.sub(r"[\W_]+", "", name.casefold())


def clean_country(value: str) -> str | None:
    """A country code (FtM's, ISO 3166-1 alpha-2 lower case, and ``zz`` for the
    world), or None.

    FtM (rigour's territory names) reads names, official names and codes. Two ways of
    writing a name that it does not know are read here too, with no list of strings
    of our own: the name written in separate words or joined ("World Wide" for its
    "Worldwide"), and the name a territory takes in a sentence ("the World" for
    Global); so "World Wide", "World" and "Worldwide" are one place."""
    country = registry.country
    cleaned = country.clean(value)
    if cleaned is not None:
        return cleaned
    squashed = _squashed(value)
    if not squashed:
        return None
    spaced_out = "".join(value.split())
    if spaced_out != value.strip():
        cleaned = country.clean(spaced_out)
    return cleaned or _sentence_names().get(squashed)


def clean_one(prop_type: str, value: str, hint: str | None) -> tuple[str | None, str | None]:
    """Clean one value in Python; returns (value, flag). Control characters are taken
    out first, and flag the value "control characters" when its type does not."""
    if CONTROL_CHARACTERS.search(value):
        cleaned, flag = _clean_typed(prop_type, without_controls(value), hint)
        return cleaned if cleaned is not None else without_controls(value), \
            flag or CONTROL_FLAG
    return _clean_typed(prop_type, value, hint)


def _clean_typed(prop_type: str, value: str, hint: str | None
                 ) -> tuple[str | None, str | None]:
    """:func:`clean_one` for a value without control characters."""
    if prop_type == CRYPTO:
        cleaned, reason = check_address(value, hint)
        if cleaned is None:
            return None, f"invalid crypto address: {reason}"
        return cleaned, None
    if prop_type == "unknown":
        return None, "unknown schema or property"
    ftm_type = registry.get(prop_type)
    if ftm_type is None:
        return value, None
    if prop_type == "phone":
        cleaned = clean_phone(value, hint)
    elif prop_type == "country":
        cleaned = clean_country(value)
    elif prop_type == "identifier":
        cleaned = ftm_type.clean(value, format=hint)
    else:
        cleaned = ftm_type.clean(value)
    if cleaned is None:
        if prop_type == "phone" and sum(c.isdigit() for c in value) < 3:
            return None, "invalid phone: not a phone number (fewer than three digits)"
        if prop_type == "phone" and not hint and not value.lstrip().startswith(("+", "00")):
            return None, ("invalid phone: no country code, and no region to read it in "
                          "(tnoc ingest --region, or region: in the mapping)")
        expected = f" ({hint})" if hint else ""
        return None, f"invalid {prop_type}{expected}"
    return cleaned, None


def clean_values(prop_type: str, value: str, hint: str | None
                 ) -> list[tuple[str | None, str | None]]:
    """Clean one value into its (value, flag) pairs: one pair, as :func:`clean_one`
    gives, except for a market listing's place (the ``ships_from``/``ships_to``
    transforms), which names one value per country ("USA & Canada": ``us``, ``ca``)
    or none, and is then one flagged pair keeping its text
    (:func:`tnoc.ingest.ships.ship_countries`; ``hint`` the paired field of a vendor
    page)."""
    if prop_type not in SIDES:
        return [clean_one(prop_type, value, hint)]
    text = without_controls(value)
    codes, flag = ship_countries(prop_type, text, hint)
    if text != value:
        flag = flag or CONTROL_FLAG
    return [(code, flag) for code in codes] or [(None, flag)]


def clean_distinct(
    rows: Iterable[tuple[str, str, str | None]],
) -> list[tuple[str, str, str | None, str, str | None]]:
    """Clean each distinct (type, original, hint); invalid ones keep the original. A
    value that names several (a place naming two countries) gives several rows."""
    out = []
    for prop_type, original, hint in rows:
        for cleaned, flag in clean_values(prop_type, original, hint):
            out.append((prop_type, original, hint,
                        cleaned if cleaned is not None else original, flag))
    return out
