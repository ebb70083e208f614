"""Country names as published tables write them, to ISO 3166-1 alpha-2.

:func:`country_code` reads the names of UNODC's GLOTIP tables ("Venezuela (Bolivarian
Republic of)", "Russia") for the victim flows (:mod:`tnoc.assess.flows`). Darknet
vendors' free-text places ("Worldwide except Australia", "UK & EU", "Torland") are not
read here: :mod:`tnoc.markets.locations` reads them, the one parser checked against a
hand-labelled sample (docs/markets.md); it replaced this module's ``read_place``.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

# Spellings and abbreviations of country names; each maps to ISO 3166-1.
ALIASES: dict[str, str] = {  # keys as _clean leaves them
    "usa": "US", "us": "US", "u.s.a": "US", "u.s": "US", "can": "CA", "united states": "US",
    "america": "US", "united states of america": "US", "uk": "GB", "u.k.": "GB",
    "great britain": "GB", "britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "holland": "NL", "the netherlands": "NL", "czech republic": "CZ",
    "russia": "RU", "south korea": "KR", "korea": "KR", "hong kong": "HK",
    "aus": "AU", "oz": "AU", "nz": "NZ", "cn": "CN", "ca": "CA", "ch": "CH", "no": "NO",
    "iran": "IR", "venezuela": "VE", "bolivia": "BO", "tanzania": "TZ", "syria": "SY",
    "moldova": "MD", "laos": "LA", "vietnam": "VN", "democratic republic of the congo": "CD",
    "dr congo": "CD", "republic of the congo": "CG", "ivory coast": "CI", "turkey": "TR",
    "burma": "MM", "north korea": "KP", "kosovo": "XK", "palestine": "PS",
    "de": "DE", "nl": "NL", "se": "SE", "fi": "FI", "dk": "DK", "fr": "FR", "es": "ES",
    "it": "IT", "pl": "PL", "be": "BE", "at": "AT", "ie": "IE", "au": "AU", "in": "IN",
}


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 for a country name, official name or code; None if unknown."""
    key = name.strip().strip(".!()").strip().lower()
    if "(" in key:  # UN style: "Venezuela (Bolivarian Republic of)"
        key = key.split("(")[0].strip()
    if not key:
        return None
    if key in ALIASES:
        return ALIASES[key]
    if len(key) <= 3:  # free text: "PM" is a private message, "and" not Andorra
        return None
    try:
        return str(pycountry.countries.lookup(key).alpha_2)
    except LookupError:
        return None
