"""Free-text places to ISO countries, with what could not be read reported, not guessed.

Darknet vendors write where they ship from and to in their own words ("Worldwide
except Australia, New Zealand", "EU, USA, Canada", "UK (Free!) & EU", "Torland").
:func:`read_place` splits such a text into included and excluded countries, regions
(EU, Europe, North America, Scandinavia...) and a worldwide marker, resolving each
piece with pycountry (names, official names, ISO codes) and a short table of the
abbreviations and spellings such texts use (:data:`ALIASES`). A piece it cannot
resolve is kept in ``unresolved`` — never matched fuzzily: "Torland" is not Poland.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry

# Spellings seen in real listings and common abbreviations; each maps to ISO 3166-1.
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
# Regions as ISO country sets where their membership is fixed by definition.
REGIONS: dict[str, tuple[str, ...]] = {
    "eu": ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU",
           "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES",
           "SE"),
    "scandinavia": ("DK", "NO", "SE"),
    "north america": ("US", "CA", "MX"),
}
REGION_ALIASES = {"european union": "eu", "europe": "europe", "middle east": "middle east",
                  "asia": "asia", "africa": "africa", "south america": "south america",
                  "oceania": "oceania", "nordic": "scandinavia", "nordics": "scandinavia"}
WORLD = re.compile(r"^(world ?wide|wor?l?d?wide|worlwide|wolrdwide|wordwide|world|ww|"
                   r"everywhere|everyplace|international|global|the human race|anywhere)\b")
EXCEPT = re.compile(r"\b(except|but not|but|excluding|excl\.?|not to|do not ship to|"
                    r"don't ship to|no shipping to)\b")
SPLIT = re.compile(r"\s*(?:,|/|&|;|\+|\band\b|\bor\b)\s*")


@dataclass
class PlaceReading:
    """What a free-text place says."""

    text: str
    countries: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    worldwide: bool = False
    domestic: bool = False
    unresolved: list[str] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return not self.unresolved and bool(self.countries or self.regions or self.worldwide
                                            or self.domestic)


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


def _clean(piece: str) -> str:
    piece = re.sub(r"\(.*?\)", " ", piece)  # "(Free!)"
    piece = re.sub(r"^the\s+", "", piece.strip())
    piece = re.sub(r"\b(only|please|ship(ping)?|to|we)\b", " ", piece)
    return re.sub(r"[^\w\s.'-]", " ", piece).strip(" .'-")


def read_place(text: str) -> PlaceReading:
    """Read one free-text place (see the module docstring)."""
    reading = PlaceReading(text)
    lowered = " ".join(text.lower().split())
    parts = EXCEPT.split(lowered, maxsplit=1)  # [before, the keyword, after] or [all]
    head, tail = (parts[0], parts[2]) if len(parts) == 3 else (lowered, "")
    if "do not ship to" in lowered or "don't ship to" in lowered:
        reading.worldwide = True
    for piece in SPLIT.split(head):
        _read_piece(piece, reading, excluded=False)
    for piece in SPLIT.split(tail):
        _read_piece(piece, reading, excluded=True)
    return reading


def _read_piece(piece: str, reading: PlaceReading, excluded: bool) -> None:
    raw = piece.strip()
    if not raw:
        return
    if not excluded and WORLD.match(raw):
        reading.worldwide = True
        rest = WORLD.sub("", raw).strip()
        if rest in ("", "standard", "shipping"):
            return
        raw = rest
    if not excluded and raw.startswith("domestic"):
        reading.domestic = True
        return
    name = _clean(raw)
    if not name:
        return
    code = country_code(name)
    region = REGION_ALIASES.get(name, name if name in REGIONS else None)
    target = reading.excluded if excluded else reading.countries
    if code:
        if code not in target:
            target.append(code)
    elif region:
        if excluded:
            reading.excluded.extend(c for c in REGIONS.get(region, ()) if c not in target)
            if region not in REGIONS:
                reading.unresolved.append(raw)
        elif region not in reading.regions:
            reading.regions.append(region)
    else:
        reading.unresolved.append(raw)
