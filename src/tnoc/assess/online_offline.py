"""Online meets offline: darknet drug listings beside UNODC seizures and prices for the
same drugs and countries (issue #24, item 5).

Per country of origin (a listing's ships-from read as one country by
:mod:`tnoc.markets.locations`) and drug, the case's Agora listings shipped from it, with
their median price in BTC as listed, beside what the UNODC World Drug Report 2024 annex
says of that drug there: the kilograms seized in the latest year the country reported
(mapping ``unodc_drug_seizures``) and the typical retail and wholesale price in USD of
the latest year (``unodc_drug_prices``), each with its unit and the UNODC drug it is of.

**Matching** (:data:`DRUG_MATCHES`): Agora's category path (Drugs / subcategory / drug
type) is matched to UNODC's drug sub-groups (seizures) and drug names (prices) only
where they name the same substance; Agora categories with no UNODC counterpart
(prescription drugs, steroids, weight loss, research chemicals, "other", edibles...)
are counted as unmatched, never assigned. UNODC rows that total others ("Total
'ecstasy'-type substances (including the above...)", "Cocaine (total of the above...)")
are left out of the kilograms so nothing is counted twice.

**Not compared**: an Agora price is for one listing of a quantity the vendor writes in
the title (a gram, an ounce, ten pills), so a listing's BTC price is not converted to
USD or set against UNODC's per-gram prices; both are shown as stated. The years differ
too: the shipped crawls are of 2014, the UNODC annex covers 2018-2022, and the report
says so.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

import duckdb

from tnoc.markets.case import case_listings, listing_sources
from tnoc.markets.locations import country_name


@dataclass(frozen=True)
class DrugMatch:
    """One Agora drug category matched to UNODC's names for the same substance."""

    subcategory: str
    """Agora's second level (Drugs / Cannabis / Weed -> "Cannabis")."""
    drug_types: tuple[str, ...]
    """Agora's third level; empty: any (the subcategory is one substance class)."""
    drug: str
    """The drug as the report names it."""
    seizure_subgroups: tuple[str, ...]
    """UNODC seizure table ``DrugSubGroup`` values (the case's ``subcategory``)."""
    price_drugs: tuple[str, ...]
    """UNODC price table ``Drug`` values (the case's ``item``), the first preferred."""


DRUG_MATCHES: tuple[DrugMatch, ...] = (
    DrugMatch("Cannabis", ("Weed", "Shake/trim"), "cannabis herb",
              ("Cannabis herb (marijuana)",),
              ("Cannabis herb (marijuana)", "Marijuana (herb)")),
    DrugMatch("Cannabis", ("Hash",), "cannabis resin", ("Cannabis resin (hashish)",),
              ("Cannabis resin (hashish)", "Hashish (resin)")),
    DrugMatch("Cannabis", ("Seeds",), "cannabis seed", ("Cannabis seed",), ()),
    DrugMatch("Cannabis", ("Synthetics",), "synthetic cannabinoids",
              ("Synthetic cannabinoids (Spice)",
               "Synthetic cannabinoids under international control"), ()),
    DrugMatch("Stimulants", ("Cocaine",), "cocaine", ("Cocaine",),
              ("Cocaine hydrochloride", "Cocaine salts")),
    DrugMatch("Stimulants", ("Meth",), "methamphetamine", ("Methamphetamine",),
              ("Methamphetamine", "Methamphetamine powder")),
    DrugMatch("Stimulants", ("Speed",), "amphetamine", ("Amphetamine",),
              ("Amphetamine", "Amphetamine powder")),
    DrugMatch("Stimulants", ("Prescription",), "prescription stimulants",
              ("Prescription stimulants",), ()),
    DrugMatch("Ecstasy", (), "ecstasy (MDMA)", ("“Ecstasy”-type substances",),
              ("MDMA", "Ecstasy-type substances", "“Ecstasy”-type substances")),
    DrugMatch("Psychedelics", ("LSD",), "LSD", ("LSD",),
              ("Lysergic acid diethylamide (LSD)", "LSD")),
    DrugMatch("Opioids", (), "opioids (heroin priced)",
              ("Opiates", "Pharmaceutical opioids"), ("Heroin",)),
    DrugMatch("Benzos", (), "benzodiazepines", ("Benzodiazepines",), ("Benzodiazepines",)),
    DrugMatch("Disassociatives", ("Ketamine",), "ketamine",
              ("Ketamine and phencyclidine-type substances",),
              ("Ketamine and phencyclidine-type substances",)),
    DrugMatch("Disassociatives", ("GHB",), "GHB/GBL", ("GBL/GHB",),
              ("Gamma-Hydroxybutyric acid (GHB)", "Gamma-Butyrolactone (GBL)")),
)
"""Agora drug categories (Soska & Christin's and Agora's own taxonomy as crawled)
matched to the UNODC World Drug Report 2024 annex's names for the same substance.
Opioids: Agora lists heroin and pharmaceutical opioids together, so both UNODC
sub-groups are summed for seizures and heroin's price is shown (named so)."""


def match_drug(subcategory: str, drug_type: str) -> DrugMatch | None:
    """The UNODC match of an Agora drug listing's category path, or None."""
    for m in DRUG_MATCHES:
        if m.subcategory == subcategory and (not m.drug_types or drug_type in m.drug_types):
            return m
    return None


@dataclass
class OnlineOffline:
    """The rows (one per origin country and drug, most listings first), what was
    matched, and what could not be: Agora categories with no UNODC counterpart and
    listings whose origin is not one country."""

    rows: list[dict[str, object]]
    matched: list[tuple[str, str, str]]  # (Agora category path, UNODC seizures, prices)
    unmatched: Counter[str] = field(default_factory=Counter)
    not_placed: Counter[str] = field(default_factory=Counter)
    drug_listings: int = 0
    listing_sources: list[str] = field(default_factory=list)
    unodc_sources: list[str] = field(default_factory=list)
    crawl_years: list[str] = field(default_factory=list)
    unodc_years: list[str] = field(default_factory=list)
    price_tables: list[str] = field(default_factory=list)
    """The case's UNODC price tables (sources of mapping ``unodc_drug_prices``): with
    none, a missing price says the case holds no table, not that UNODC reported none."""
    prices_without_level: int = 0
    """Typical prices of the countries shown whose level of sale the case does not
    state (``breakdown`` without ``level=``: the ``unodc_drug_prices`` mapping writes
    it on every row; a case taken in by an older mapping may lack it): left out,
    counted."""


_OBSERVATIONS_SQL = """
SELECT canonical_id, any_value(source_id),
       upper(any_value(value) FILTER (WHERE prop = 'country')),
       any_value(value) FILTER (WHERE prop = 'subcategory'),
       any_value(value) FILTER (WHERE prop = 'item'),
       any_value(value) FILTER (WHERE prop = 'period'),
       any_value(value) FILTER (WHERE prop = 'value'),
       any_value(value) FILTER (WHERE prop = 'unit'),
       any_value(value) FILTER (WHERE prop = 'breakdown')
FROM statements WHERE schema = 'StatisticalObservation' AND flag IS NULL
     AND canonical_id IN (SELECT canonical_id FROM statements
                          WHERE prop = 'indicator' AND value = $indicator)
GROUP BY canonical_id
"""


def online_offline(con: duckdb.DuckDBPyConnection) -> OnlineOffline | None:
    """The comparison (module docstring); None when the case holds no Agora listings."""
    if not listing_sources(con):
        return None
    listings = case_listings(con)
    counts: dict[tuple[str, DrugMatch], list[float | None]] = {}
    result = OnlineOffline([], [(f"Drugs / {m.subcategory}"
                                 + (f" / {', '.join(m.drug_types)}" if m.drug_types else ""),
                                 ", ".join(m.seizure_subgroups),
                                 ", ".join(m.price_drugs) or "(no UNODC price)")
                                for m in DRUG_MATCHES])
    years: set[str] = set()
    for item in listings:
        if item.category != "Drugs":
            continue
        result.drug_listings += 1
        years.update(d[:4] for d in item.dates if d[:4].isdigit())
        found = match_drug(item.subcategory, item.drug_type)
        if found is None:
            result.unmatched[f"Drugs / {item.subcategory or '?'}"
                             + (f" / {item.drug_type}" if item.drug_type else "")] += 1
            continue
        origin = item.listing.ships_from
        if origin.kind != "country":
            result.not_placed[origin.name if origin.kind != "unparsed" else "unparsed"] += 1
            continue
        counts.setdefault((origin.countries[0], found), []).append(item.listing.price_btc)
    result.listing_sources = sorted({i.source_id for i in listings if i.category == "Drugs"})
    result.crawl_years = sorted(years)
    wanted = {code for code, _ in counts}
    seized, seizure_sources, seizure_years = _seizures(con, wanted)
    prices, price_sources, price_years = _prices(con, wanted)
    result.unodc_sources = sorted(seizure_sources | price_sources)
    result.unodc_years = sorted(seizure_years | price_years)
    result.prices_without_level = sum(1 for p in prices if not p[2])
    result.price_tables = [str(s) for s, in con.execute(
        "SELECT source_id FROM sources WHERE mapping = 'unodc_drug_prices' "
        "ORDER BY 1").fetchall()]
    for (code, m), listed in sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0][0],
                                                                     kv[0][1].drug)):
        priced = [p for p in listed if p is not None]
        kg = _latest({(y, s): v for (c, s, y), v in seized.items()
                      if c == code and s in m.seizure_subgroups})
        result.rows.append({
            "country": code, "country_name": country_name(code), "drug": m.drug,
            "listings": len(listed), "priced": len(priced),
            "median_btc": statistics.median(priced) if priced else None,
            "seized_kg": kg[1] if kg else None, "seized_year": kg[0] if kg else None,
            "retail": _price(prices, code, m, "Retail"),
            "wholesale": _price(prices, code, m, "Wholesale")})
    return result


def _latest(by_year_subgroup: dict[tuple[str, str], float]) -> tuple[str, float] | None:
    """The latest year with any kilograms, and the sum of its sub-groups."""
    if not by_year_subgroup:
        return None
    year = max(y for y, _ in by_year_subgroup)
    return year, sum(v for (y, _), v in by_year_subgroup.items() if y == year)


def _seizures(con: duckdb.DuckDBPyConnection, countries: set[str]
              ) -> tuple[dict[tuple[str, str, str], float], set[str], set[str]]:
    """Kilograms seized per (country, UNODC sub-group, year), totals left out."""
    out: dict[tuple[str, str, str], float] = {}
    sources: set[str] = set()
    years: set[str] = set()
    for _, source, country, subgroup, item, period, value, _, _ in con.execute(
            _OBSERVATIONS_SQL, {"indicator": "drug seizures"}).fetchall():
        if country not in countries or value is None or "total" in str(item).lower():
            continue
        try:
            kg = float(value)
        except ValueError:
            continue
        year = str(period)[:4]
        key = (str(country), str(subgroup), year)
        out[key] = out.get(key, 0.0) + kg
        sources.add(str(source))
        years.add(year)
    return out, sources, years


def _prices(con: duckdb.DuckDBPyConnection, countries: set[str]
            ) -> tuple[list[tuple[str, str, str, str, float, str]], set[str], set[str]]:
    """Typical prices as (country, drug, level, year, USD, unit)."""
    out: list[tuple[str, str, str, str, float, str]] = []
    sources: set[str] = set()
    years: set[str] = set()
    for _, source, country, _, item, period, value, unit, breakdown in con.execute(
            _OBSERVATIONS_SQL, {"indicator": "drug price, typical (USD)"}).fetchall():
        if country not in countries or value is None:
            continue
        try:
            usd = float(value)
        except ValueError:
            continue
        level = str(breakdown or "").split(";")[0].removeprefix("level=").strip()
        year = str(period)[:4]
        out.append((str(country), str(item), level, year, usd, str(unit or "")))
        sources.add(str(source))
        years.add(year)
    return out, sources, years


def _price(prices: list[tuple[str, str, str, str, float, str]], code: str, m: DrugMatch,
           level: str) -> dict[str, object] | None:
    """The latest typical price of the match's drugs at ``level`` in the country (the
    first of :attr:`DrugMatch.price_drugs` when several are priced that year)."""
    found = [p for p in prices if p[0] == code and p[2] == level and p[1] in m.price_drugs]
    if not found:
        return None
    best = max(found, key=lambda p: (p[3], -m.price_drugs.index(p[1])))
    return {"drug": best[1], "year": best[3], "usd": best[4], "unit": best[5]}
