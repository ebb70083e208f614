"""Victim flows from UNODC's Global Report on Trafficking in Persons (GLOTIP).

GLOTIP counts the victims each country detected by their citizenship: a corridor
network from citizenship to country of detection, per year. UNODC suppresses small
cells as ``"<5"``; such a cell is 1 to 4 victims (a published row is at least one
victim), so it is kept as the interval [1, 4] and every sum carries a low and a high
bound: a suppressed cell is never a number (issue #25). Derived figures follow:

* the domestic share (victims detected in their own country — GLOTIP writes
  "Nationals" or the country's own name) as an interval: the lowest share puts the
  domestic cells at their low and the foreign at their high bound, the highest the
  reverse;
* regional flows: citizenship and detection countries grouped by the UN regions the
  file itself gives (citizenship written as a demonym, "Albanian", is not a country
  name and stays "not matched": said, not guessed);
* reconciliation with GLOTIP's country totals (``unodc_glotip_total_year_wise.csv``):
  the breakdown's bounds against the published total, per country and year.

One reading, two ways in: :func:`read_glotip` reads the workbook, :func:`case_glotip`
the same rows as a case holds them (mapping ``unodc_glotip``: ``StatisticalObservation``
statements, "<5" kept as published in ``valueAsPublished``); both make each row a
:class:`Corridor` by :func:`corridor`, so the command, the report and the workspace map
(:func:`tnoc.assess.flows.victim_flows`) carry the same bounds.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb

from tnoc.errors import InputFileError, TnocError, Where
from tnoc.ingest.readers.workbook import read_sheet

SUPPRESSED = "<5"
SUPPRESSED_BOUNDS = (1, 4)
"""What ``"<5"`` means: at least one victim (a row is published), fewer than five."""

INDICATOR = "Detected trafficking victims"
DIMENSION = "by citizenship"
NOT_STATED = "(citizenship not stated)"
"""A citizenship left blank or written "Unknown"."""
NOT_MATCHED = "(region not matched)"
NATIONALS = frozenset({"nationals", "ciudadanos de su país", "ciudadanos de su pa\ufffds"})
"""GLOTIP's words for "citizens of the detecting country" (Spanish-speaking countries
report "Ciudadanos de su país", its "í" lost in the published file), case-folded."""


@dataclass(frozen=True, order=True)
class Bounds:
    """A count known to lie in [low, high] (equal when nothing is suppressed)."""

    low: int
    high: int

    def __add__(self, other: Bounds) -> Bounds:
        return Bounds(self.low + other.low, self.high + other.high)

    @property
    def exact(self) -> bool:
        """Whether the count is known exactly."""
        return self.low == self.high

    def contains(self, value: int) -> bool:
        """Whether ``value`` lies within the bounds."""
        return self.low <= value <= self.high


ZERO = Bounds(0, 0)


def total(values: Iterable[Bounds]) -> Bounds:
    """The bounds of a sum: the sum of the lows and the sum of the highs."""
    out = ZERO
    for value in values:
        out = out + value
    return out


def parse_count(text: object, where: Where) -> Bounds:
    """A GLOTIP value as bounds: ``"<5"`` is [1, 4]; ``"1,094"`` is 1,094 exactly."""
    raw = str(text if text is not None else "").strip()
    if raw == SUPPRESSED:
        return Bounds(*SUPPRESSED_BOUNDS)
    digits = raw.replace(",", "")
    if not re.fullmatch(r"\d+", digits):
        raise InputFileError(f"{raw!r} is not a count", where,
                             "a whole number (thousands may be separated by commas) or '<5'")
    return Bounds(int(digits), int(digits))


def _repair(name: str) -> str:
    """Undo UTF-8 read as Latin-1 ("TÃ¼rkiye" -> "Türkiye"), which the published file
    has in some names; a name that does not round-trip is left as it is."""
    try:
        return name.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


@dataclass(frozen=True)
class Corridor:
    """Victims of one citizenship detected in one country in one year."""

    year: int
    citizenship: str
    detected_in: str
    iso3: str
    region: str
    victims: Bounds
    row: int

    @property
    def domestic(self) -> bool:
        """Detected in their own country ("Nationals", or the country's own name)."""
        return self.citizenship.casefold() in NATIONALS or self.citizenship == self.detected_in


@dataclass(frozen=True)
class Glotip:
    """The by-citizenship corridors and the region of each country the file names."""

    corridors: list[Corridor]
    regions: dict[str, str]
    source: str

    def years(self) -> list[int]:
        """The years with corridors, oldest first."""
        return sorted({c.year for c in self.corridors})

    def in_year(self, year: int | None) -> list[Corridor]:
        """The corridors of one year (every year for None)."""
        return [c for c in self.corridors if year is None or c.year == year]

    def region_of(self, citizenship: str, detected_in: str) -> str:
        """The region of a citizenship: its country's, the detection country's for
        nationals, else :data:`NOT_MATCHED`."""
        if citizenship == NOT_STATED:
            return NOT_STATED
        if citizenship.casefold() in NATIONALS:
            return self.regions.get(detected_in, NOT_MATCHED)
        return self.regions.get(citizenship, NOT_MATCHED)


HEADER = ("Iso3_code", "Country", "Region", "Indicator", "Dimension", "Category", "Year",
          "txtVALUE")


def read_glotip(path: Path) -> Glotip:
    """Read GLOTIP's workbook: the rows of detected victims by citizenship, each value
    as bounds, and every country's region. Errors name the row and the field.

    The workbook (46,556 rows) takes seconds to read: a process keeps the last few
    reads, keyed by the file's path, size and modification time (a changed file is
    read again)."""
    try:
        stat = path.stat()
    except OSError as failed:
        raise InputFileError(f"cannot open the workbook: {failed}", Where(path),
                             "UNODC's GLOTIP data as an .xlsx workbook") from failed
    return _read_glotip(path.resolve(), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4)
def _read_glotip(path: Path, size: int, modified: int) -> Glotip:
    sheet = read_sheet(path, display=path, expected="UNODC's GLOTIP data as an .xlsx workbook")
    header = [str(h).strip() if h is not None else ""
              for h in (sheet.rows[0] if sheet.rows else ())]
    missing = [h for h in HEADER if h not in header]
    if missing:
        raise InputFileError(f"no column {', '.join(map(repr, missing))}",
                             Where(path, 1), f"GLOTIP's columns {', '.join(HEADER)}")
    at = {h: header.index(h) for h in HEADER}
    regions: dict[str, str] = {}
    corridors = []
    for number, row in sheet.numbered(start=2):
        country = _repair(str(row[at["Country"]] or "").strip())
        if country and row[at["Region"]]:
            regions.setdefault(country, str(row[at["Region"]]).strip())
        if row[at["Indicator"]] != INDICATOR or row[at["Dimension"]] != DIMENSION:
            continue
        corridors.append(corridor(
            row[at["Year"]], row[at["Category"]], country, str(row[at["Iso3_code"]] or ""),
            row[at["txtVALUE"]], Where(path, number), number))
    return _with_regions(corridors, regions, str(path))


@lru_cache(maxsize=4096)
def country_display(name: str, iso3: str = "") -> str:
    """One name per country, whichever way GLOTIP writes it: the detecting country by
    its ISO 3166 code, a citizenship by its name (UN style "Bolivia (Plurinational
    State of)", the official "United Kingdom of Great Britain and Northern Ireland" or
    the short "Bolivia"), as pycountry's common or short name ("Bolivia", "United
    Kingdom"); a name pycountry does not know (Kosovo, "Other") is kept as written."""
    import pycountry

    found = pycountry.countries.get(alpha_3=iso3.strip().upper()) if iso3.strip() else None
    for term in (name, name.split(" (", 1)[0]):
        if found is not None or not term.strip():
            break
        try:
            found = pycountry.countries.lookup(term.strip())
        except LookupError:
            found = None
    if found is None:
        return name
    return str(getattr(found, "common_name", None) or found.name)


def corridor(year: object, category: object, country: str, iso3: str, value: object,
             where: Where, row: int) -> Corridor:
    """One by-citizenship row as a corridor (its region still unknown): the year, the
    citizenship (blank or "Unknown" is :data:`NOT_STATED`; mis-decoded UTF-8 repaired;
    "Nationals" is the detecting country), both countries by one name each
    (:func:`country_display`), the victims as bounds. The one reading of a row, from
    the workbook or the case."""
    year_text = str(year or "").strip()
    if not year_text.isdigit():
        raise InputFileError(f"{year_text!r} is not a year", Where(where.file, where.row, "Year"),
                             "a year such as 2018")
    citizenship = _repair(str(category or "").strip())
    detected = country_display(country, iso3)
    if citizenship in ("", "Unknown"):
        citizenship = NOT_STATED
    elif citizenship.casefold() in NATIONALS:  # citizens of the detecting country
        citizenship = detected
    else:
        citizenship = country_display(citizenship)
    return Corridor(int(year_text), citizenship, detected, iso3, "",
                    parse_count(value, Where(where.file, where.row, "txtVALUE")), row)


def _with_regions(corridors: list[Corridor], regions: dict[str, str], source: str) -> Glotip:
    regions = {country_display(name): region for name, region in regions.items()}
    return Glotip([Corridor(c.year, c.citizenship, c.detected_in, c.iso3,
                            regions.get(c.detected_in, NOT_MATCHED), c.victims, c.row)
                   for c in corridors], regions, source)


GLOTIP_MAPPING = "unodc_glotip"

_CASE_ROWS = """
SELECT canonical_id,
       any_value(value) FILTER (WHERE prop = 'period') AS period,
       any_value(value) FILTER (WHERE prop = 'subcategory') AS citizenship,
       any_value(value) FILTER (WHERE prop = 'place') AS place,
       any_value(value) FILTER (WHERE prop = 'country') AS country,
       any_value(value) FILTER (WHERE prop = 'valueAsPublished') AS published,
       any_value(value) FILTER (WHERE prop = 'value') AS value,
       any_value(locator) AS locator, any_value(source_id) AS source_id
FROM statements
WHERE schema = 'StatisticalObservation' AND list_contains($sources, source_id)
  AND canonical_id IN (
      SELECT canonical_id FROM statements WHERE schema = 'StatisticalObservation'
         AND prop = 'category' AND value = $dimension AND list_contains($sources, source_id)
      INTERSECT
      SELECT canonical_id FROM statements WHERE schema = 'StatisticalObservation'
         AND prop = 'indicator' AND value = $indicator AND list_contains($sources, source_id))
GROUP BY canonical_id
"""


def glotip_sources(con: duckdb.DuckDBPyConnection, codes: list[str] | None = None
                   ) -> list[str]:
    """The sources taken in with the GLOTIP mapping (within the handling codes ``codes``
    when given: a member's clearance). Sorted."""
    rows = con.execute("SELECT source_id, handling_code FROM sources WHERE mapping = $m "
                       "ORDER BY 1", {"m": GLOTIP_MAPPING}).fetchall()
    return [str(s) for s, code in rows if codes is None or code in codes]


def case_glotip(con: duckdb.DuckDBPyConnection, sources: list[str] | None = None) -> Glotip:
    """GLOTIP's by-citizenship rows as the case holds them (the sources of mapping
    ``unodc_glotip``, or ``sources``), read as :func:`read_glotip` reads the workbook:
    the value as published ("<5" is [1, 4]), the citizenship repaired, the region of
    every country from the same sources' observations. Flagged values are read from
    ``valueAsPublished`` (the intake flags "<5" as not numeric and keeps the text).
    Empty when the case holds none."""
    chosen = glotip_sources(con) if sources is None else sources
    if not chosen:
        return Glotip([], {}, "")
    regions: dict[str, str] = {}
    for place, region in con.execute(
            "SELECT p.value, min(r.value) FROM statements p JOIN statements r "
            "ON r.canonical_id = p.canonical_id AND r.prop = 'region' "
            "WHERE p.schema = 'StatisticalObservation' AND p.prop = 'place' "
            "AND list_contains($s, p.source_id) GROUP BY 1", {"s": chosen}).fetchall():
        regions[_repair(str(place))] = str(region)
    files = dict(con.execute("SELECT source_id, file_name FROM sources "
                             "WHERE list_contains($s, source_id)", {"s": chosen}).fetchall())
    corridors = []
    for _id, period, citizenship, place, country, published, value, locator, source in (
            con.execute(_CASE_ROWS, {"sources": chosen, "dimension": DIMENSION,
                                     "indicator": INDICATOR}).fetchall()):
        row = _row_of(locator)
        try:
            corridors.append(corridor(
                period, citizenship, _repair(str(place or "")), _alpha3(country),
                published if published is not None else value,
                Where(Path(str(files.get(source, source))), row), row))
        except InputFileError as bad:
            raise TnocError(f"source {source}, {locator}: {bad}") from None
    corridors.sort(key=lambda c: c.row)
    return _with_regions(corridors, regions, ", ".join(str(files[s]) for s in chosen))


def _row_of(locator: object) -> int:
    """The sheet row of a workbook locator (``data_glotip_1!40`` -> 40); 0 if none."""
    tail = str(locator or "").rsplit("!", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _alpha3(code: object) -> str:
    """The ISO 3166 alpha-3 code of the case's country value (the intake stores the
    workbook's ``Iso3_code`` as a lower-case alpha-2 code), as the totals file keys it."""
    import pycountry

    text = str(code or "").strip()
    found = pycountry.countries.get(alpha_2=text.upper()) if len(text) == 2 else None
    return str(found.alpha_3) if found else text.upper()


def read_totals(path: Path) -> dict[tuple[str, int], int]:
    """GLOTIP's published totals of detected victims per (ISO3 code, year)."""
    out: dict[tuple[str, int], int] = {}
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            need = {"Iso3_code", "Indicator", "Year", "VALUE"}
            if not need <= set(reader.fieldnames or ()):
                raise InputFileError("missing columns", Where(path, 1),
                                     f"columns {', '.join(sorted(need))}")
            for number, row in enumerate(reader, start=2):
                if row["Indicator"] != INDICATOR:
                    continue
                value = parse_count(row["VALUE"], Where(path, number, "VALUE"))
                if not value.exact or not row["Year"].strip().isdigit():
                    raise InputFileError(f"{row['VALUE']!r} for {row['Year']!r}",
                                         Where(path, number, "VALUE"),
                                         "an exact total and a year")
                out[(row["Iso3_code"], int(row["Year"]))] = value.low
    except (OSError, UnicodeDecodeError) as failed:
        raise InputFileError(f"cannot read the totals: {failed}", Where(path),
                             "a UTF-8 CSV file") from failed
    return out


# --- derived figures ------------------------------------------------------------------


@dataclass(frozen=True)
class DomesticShare:
    """Detected victims in one country and year: domestic, foreign, not stated, and the
    domestic share of those whose citizenship is stated (None when none is)."""

    country: str
    year: int
    domestic: Bounds
    foreign: Bounds
    not_stated: Bounds
    share_low: float | None
    share_high: float | None


def domestic_shares(glotip: Glotip, year: int | None = None) -> list[DomesticShare]:
    """The domestic share per detection country and year, as an interval, over the
    victims whose citizenship is stated (those not stated are counted apart: they
    could be either)."""
    groups: dict[tuple[str, int], list[Corridor]] = defaultdict(list)
    for c in glotip.in_year(year):
        groups[(c.detected_in, c.year)].append(c)
    out = []
    for (country, y), members in sorted(groups.items()):
        dom = total(c.victims for c in members if c.domestic)
        foreign = total(c.victims for c in members
                        if not c.domestic and c.citizenship != NOT_STATED)
        unknown = total(c.victims for c in members if c.citizenship == NOT_STATED)
        low_all = dom.low + foreign.high
        high_all = dom.high + foreign.low
        out.append(DomesticShare(country, y, dom, foreign, unknown,
                                 dom.low / low_all if low_all else None,
                                 dom.high / high_all if high_all else None))
    return out


@dataclass(frozen=True)
class RegionalFlow:
    """Victims from one region detected in another (or the same) in one year."""

    year: int
    origin: str
    destination: str
    victims: Bounds
    corridors: int


def regional_flows(glotip: Glotip, year: int | None = None) -> list[RegionalFlow]:
    """Corridors summed by (year, region of citizenship, region of detection), the
    largest (by the high bound) first within each year."""
    groups: dict[tuple[int, str, str], list[Bounds]] = defaultdict(list)
    for c in glotip.in_year(year):
        groups[(c.year, glotip.region_of(c.citizenship, c.detected_in), c.region)].append(
            c.victims)
    flows = [RegionalFlow(y, o, d, total(v), len(v)) for (y, o, d), v in groups.items()]
    return sorted(flows, key=lambda f: (f.year, -f.victims.high, f.origin, f.destination))


@dataclass(frozen=True)
class Reconciliation:
    """A country-year's citizenship breakdown against GLOTIP's published total.

    ``status``: ``equal`` (nothing suppressed, the sum is the total), ``within bounds``
    (the total lies in the breakdown's bounds), ``breakdown short`` (the total exceeds
    the high bound: victims whose citizenship the breakdown does not give),
    ``breakdown over`` (the total is below the low bound: the two tables disagree),
    ``no total`` (GLOTIP publishes none)."""

    country: str
    iso3: str
    year: int
    breakdown: Bounds
    suppressed: int
    total: int | None
    status: str


def reconcile(glotip: Glotip, totals: dict[tuple[str, int], int],
              year: int | None = None) -> list[Reconciliation]:
    """Every country-year's breakdown against the published total (see
    :class:`Reconciliation`)."""
    groups: dict[tuple[str, str, int], list[Corridor]] = defaultdict(list)
    for c in glotip.in_year(year):
        groups[(c.detected_in, c.iso3, c.year)].append(c)
    out = []
    for (country, iso3, y), members in sorted(groups.items()):
        sums = total(c.victims for c in members)
        suppressed = sum(1 for c in members if not c.victims.exact)
        published = totals.get((iso3, y))
        if published is None:
            status = "no total"
        elif sums.exact and published == sums.low:
            status = "equal"
        elif sums.contains(published):
            status = "within bounds"
        elif published > sums.high:
            status = "breakdown short"
        else:
            status = "breakdown over"
        out.append(Reconciliation(country, iso3, y, sums, suppressed, published, status))
    return out
