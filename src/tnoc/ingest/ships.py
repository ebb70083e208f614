"""Where a listing ships from and to: market free text to ISO countries or named classes.

Darknet market listings carry a vendor-typed ships-from and ships-to ("USA",
"Undeclared;)", "Worldwide except Australia, New Zealand...", "The United Snakes of
Captivity"). Flow analyses (Broséus et al. 2016, *Forensic Science International*
264: 7-14; 2017) need them as countries. :func:`parse_place` maps one value to a
:class:`Place`: a country (ISO 3166-1 alpha-2, through ``pycountry`` plus the
abbreviations, demonyms and local names vendors write: "UK", "Holland", "Deutschland"),
several countries or regions ("EU, North America"), a region (expanded through
:data:`REGIONS`), or a class: worldwide, worldwide except some places, undeclared,
"Torland" (the market's joke location: no country declared), digital (nothing shipped:
"Internet"), domestic (ships-to "domestic": the ships-from country). Nothing is dropped:
a value the parser cannot read is kept as typed with kind ``unparsed``.

This is the one place parser (issue #24): the crawl reader
(:mod:`tnoc.markets.locations`, which re-exports these names), the case's analyses
and ingest itself read places with it. It sits in the ingest layer because ingest calls
it: the ``ships_from`` and ``ships_to`` mapping transforms (:func:`ship_countries`)
write a listing's ``shipsFrom``/``shipsTo`` country properties from what it reads, so
the countries in the store are the ones every analysis computes.

A January 2014 vendor page (``mozzarellaV8/agora-marketplace``) kept only the first
word of each field, so a multi-word place is split across the two columns ("Hong" /
"Kong", "South" / "Africa"); :func:`parse_split_place` reads it whole (and the
ships-to is then unknown: its text was lost). :func:`split_from_to` separates the
February 2014 ``From: USA To: USA`` cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
from followthemoney.types import registry

KINDS = ("country", "countries", "region", "worldwide", "worldwide_except", "undeclared",
         "torland", "digital", "domestic", "unparsed", "empty")
"""What a :class:`Place` can be. ``countries`` is a list of countries and/or regions."""

PLACED = frozenset({"country", "countries", "region"})
"""Kinds that name where on the map."""

_EU_2014 = ("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES "
            "SE GB")
_EUROPE_M49 = ("AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE "
               "LV LI LT LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB")

REGIONS: dict[str, tuple[str, ...]] = {
    # the 28 member states of the European Union in 2014 (Croatia joined on 1 July
    # 2013; the United Kingdom left on 31 January 2020): europa.eu, "EU countries"
    "EU": tuple(_EU_2014.split()),
    # UN M49 region 150 "Europe" (UN Statistics Division, Standard country or area
    # codes for statistical use, https://unstats.un.org/unsd/methodology/m49/)
    "Europe": tuple(_EUROPE_M49.split()),
    # UN M49 region 021 "Northern America" plus Mexico, as vendors use "North America"
    # (the continent: Encyclopaedia Britannica, "North America"; islands left out)
    "North America": ("US", "CA", "MX", "BM", "GL", "PM"),
    # Scandinavia in the narrow sense (Denmark, Norway, Sweden: Encyclopaedia
    # Britannica, "Scandinavia"); Finland and Iceland are Nordic, not Scandinavian
    "Scandinavia": ("DK", "NO", "SE"),
    # the Middle East as the US Department of State's Bureau of Near Eastern Affairs
    # lists it, less the North African states (Algeria, Libya, Morocco, Tunisia)
    "Middle East": ("BH", "EG", "IR", "IQ", "IL", "JO", "KW", "LB", "OM", "PS", "QA",
                    "SA", "SY", "AE", "YE"),
    # UN M49 region 053 "Australia and New Zealand"
    "Australia and New Zealand": ("AU", "NZ", "NF", "CX", "CC", "HM"),
}
"""Regions vendors declare, each expanded to ISO 3166-1 alpha-2 codes (source beside it)."""

_REGION_NAMES = {
    "eu": "EU", "european union": "EU", "europe": "Europe", "european": "Europe",
    "north america": "North America", "scandinavia": "Scandinavia",
    "middle east": "Middle East", "the middle east": "Middle East",
}

# country names, abbreviations, demonyms and local names as vendors write them
_COUNTRY_ALIASES = {
    "usa": "US", "us": "US", "u s": "US", "united states": "US", "united states of america":
    "US", "america": "US", "the united snakes of captivity": "US", "the united states": "US",
    "west of the mississippi": "US", "left and right coast usa": "US", "la jolla": "US",
    "pacific palisades": "US", "pacific palasades": "US", "american": "US",
    "uk": "GB", "u k": "GB", "england": "GB", "britain": "GB", "great britain": "GB",
    "united kingdom": "GB", "scotland": "GB", "wales": "GB", "british": "GB",
    "holland": "NL", "the netherlands": "NL", "nl": "NL", "dutch": "NL", "nederland": "NL",
    "deutschland": "DE", "ger": "DE", "german": "DE", "germany": "DE",
    "cn": "CN", "china": "CN", "hong kong": "HK", "hk": "HK",
    "aus": "AU", "oz": "AU", "straya": "AU", "nz": "NZ", "new zealand": "NZ",
    "ch": "CH", "swiss": "CH", "schweiz": "CH", "czech republic": "CZ", "czech": "CZ",
    "south africa": "ZA", "canada": "CA", "ca": "CA", "russia": "RU", "sverige": "SE",
    "sweden": "SE", "swedish": "SE", "danmark": "DK", "suomi": "FI", "espana": "ES",
    "italia": "IT", "polska": "PL", "belgie": "BE", "ireland": "IE", "eire": "IE",
    "south korea": "KR", "korea": "KR", "iran": "IR", "vietnam": "VN", "taiwan": "TW",
}

_WORLDWIDE = {
    "worldwide", "world wide", "world", "wolrdwide", "worlwide", "wordwide", "worldwie",
    "ww", "everywhere", "everyplace", "earth", "earth planet", "planet earth",
    "the human race", "international", "international worldwide",
    "worldwide international", "global", "anywhere", "all countries", "world-wide",
    "wiorldwide", "worldwide standard", "worlwide standard",
}
_UNDECLARED = {
    "undeclared", "undelcared", "undeclared;)", "undelcared;)", "not declared",
    "my pm", "pm", "please check listing", "check listing", "see listing",
    "agora beta", "agora", "responsible ninjas", "unknown", "secret", "hidden",
    "your pm", "please read my profile", "check my profile", "see my profile",
}
_TORLAND = {"torland", "tor land", "tor"}
_DIGITAL = {"internet", "digital", "online", "e-mail", "email", "download", "no shipping",
            "worldwide (digital)", "cyberspace", "the internet"}
_DOMESTIC = {"domestic", "domestic only"}
_HEADINGS = {"shipping", "ships from", "ships to", "from", "to"}
_CLASS_NAMES = {"torland": "Torland (no country declared)", "digital": "digital (not shipped)",
                "empty": "not stated"}

_EXCEPT = re.compile(
    r"^(?P<base>.*?)\s*[(,.]?\s*\b(?:except|excluding|exluding|but not|but|"
    r"apart from|not to|no)\b\s*(?P<rest>.*?)\)?$")
_NOT_TO = re.compile(r"^(?:we\s+)?(?:do\s+not|don'?t|dont|does not)\s+ship\s+to\s+(?P<rest>.*)$")
_SPLIT = re.compile(r"\s*(?:,|/|&|;|\+|\band\b|\bor\b|\bnor\b)\s*")
_FILLER = re.compile(r"\((?:[^)]*)\)|\b(?:only|free|ships? to|shipping to|shipping)\b|!|\*",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    """One ships-from or ships-to value read.

    ``raw`` is the value as typed (whitespace collapsed); ``kind`` one of :data:`KINDS`;
    ``countries`` the ISO 3166-1 alpha-2 codes the place covers (a region expanded);
    ``regions`` the regions named; ``excluded`` the codes a "worldwide except" leaves
    out; ``unread`` the parts of an exclusion list no place was found for; ``named``
    the countries and regions of a list as written ("GB", "region:EU" for "UK & EU")."""

    raw: str
    kind: str
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    unread: tuple[str, ...] = field(default=())
    named: tuple[str, ...] = field(default=())  # as written: codes and "region:NAME"

    @property
    def label(self) -> str:
        """A short canonical form: ``US``, ``region:EU``, ``GB+region:EU``,
        ``worldwide_except:AU+FI``, or the kind (``worldwide``, ``torland``...)."""
        if self.kind == "country":
            return self.countries[0]
        if self.kind == "region":
            return f"region:{self.regions[0]}"
        if self.kind == "countries":
            return "+".join(sorted(self._named()))
        if self.kind == "worldwide_except":
            return "worldwide_except:" + "+".join(sorted(self.excluded))
        return self.kind

    def _named(self) -> list[str]:
        if self.named:
            return list(self.named)
        return [f"region:{r}" for r in self.regions] or list(self.countries)

    @property
    def named_countries(self) -> tuple[str, ...]:
        """The countries named one by one ("UK & EU" -> GB): a declared region names
        none (an "EU" vendor is not in each of its members), nor does a class."""
        if self.kind == "country":
            return self.countries
        if self.kind == "countries":
            return tuple(n for n in self.named if not n.startswith("region:"))
        return ()

    @property
    def mapped(self) -> bool:
        """Whether the value was read (a country or an explicit class, not unparsed)."""
        return self.kind not in ("unparsed", "empty")

    @property
    def name(self) -> str:
        """The place in words for a table: country names, regions, or the class."""
        if self.kind in ("country", "countries", "region"):
            return ", ".join(n[7:] if n.startswith("region:") else country_name(n)
                             for n in self._named())
        if self.kind == "worldwide_except":
            return "worldwide except " + ", ".join(country_name(c) for c in self.excluded)
        if self.kind == "unparsed":
            return f"unparsed: {self.raw}"
        return _CLASS_NAMES.get(self.kind, self.kind)


def country_name(code: str) -> str:
    """The short English name of an ISO 3166-1 alpha-2 code (the code if unknown)."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def _normalise(text: str) -> str:
    """Lower case, whitespace collapsed, dots and quotes gone ("U.S.'A'" -> "usa"),
    trailing punctuation and smileys kept only where they are the class ("Undeclared;)")."""
    text = " ".join(text.split()).lower()
    text = re.sub(r"[.'\"`]", "", text)
    return text.strip(" -:!")


@lru_cache(maxsize=4096)
def _country(term: str) -> str | None:
    """The ISO alpha-2 code of one place name, or None."""
    term = term.strip(" -:!?")
    if not term:
        return None
    if term in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[term]
    if term.startswith("the "):
        return _country(term[4:])
    if len(term) == 3 and term.isalpha():
        hit = pycountry.countries.get(alpha_3=term.upper())
        if hit is not None:
            return str(hit.alpha_2)
    try:
        found = pycountry.countries.lookup(term)
    except LookupError:
        found = None
    if found is not None and len(term) > 2:
        return str(found.alpha_2)
    return None


def _term(term: str) -> tuple[str | None, str | None]:
    """(country code, region name) for one list item; both None when unread."""
    term = _FILLER.sub(" ", term)
    term = " ".join(term.split()).strip(" -:,.")
    if term in _REGION_NAMES:
        return None, _REGION_NAMES[term]
    return _country(term), None


def _places(text: str) -> tuple[list[str], list[str], list[str]] | None:
    """Countries, regions and unread parts of a list such as "EU, USA & Canada"."""
    countries: list[str] = []
    regions: list[str] = []
    unread: list[str] = []
    parts = [p for p in _SPLIT.split(text) if p.strip(" -.")]
    if not parts:
        return None
    for part in parts:
        code, region = _term(part)
        if region:
            regions.append(region)
        elif code:
            countries.append(code)
        else:
            unread.append(part.strip())
    return countries, regions, unread


def _placed(raw: str, countries: list[str], regions: list[str]) -> Place:
    covered = list(dict.fromkeys(countries + [c for r in regions for c in REGIONS[r]]))
    if len(countries) == 1 and not regions:
        return Place(raw, "country", (countries[0],))
    if len(regions) == 1 and not countries:
        return Place(raw, "region", tuple(covered), (regions[0],))
    named = tuple(dict.fromkeys([*countries, *(f"region:{r}" for r in regions)]))
    return Place(raw, "countries", tuple(covered), tuple(dict.fromkeys(regions)), named=named)


def _class(text: str) -> str | None:
    for kind, words in (("worldwide", _WORLDWIDE), ("undeclared", _UNDECLARED),
                        ("torland", _TORLAND), ("digital", _DIGITAL),
                        ("domestic", _DOMESTIC)):
        if text in words:
            return kind
    return None


@lru_cache(maxsize=16384)
def parse_place(raw: str) -> Place:
    """Read one ships-from or ships-to value (see the module docstring)."""
    shown = " ".join(raw.split())
    if not shown or shown == "NA":
        return Place(shown, "empty")
    text = _normalise(shown)
    if text in _HEADINGS:  # the page's field label with no value after it
        return Place(shown, "empty")
    if kind := _class(text):
        return Place(shown, kind)
    not_to = _NOT_TO.match(text)
    excepted = _EXCEPT.match(text)
    if not_to or (excepted and _class(_normalise(_FILLER.sub(" ", excepted["base"])))
                  == "worldwide"):
        rest = (not_to or excepted)["rest"]  # type: ignore[index]
        read = _places(rest)
        if read is not None and (read[0] or read[1]):
            countries, regions, unread = read
            excluded = tuple(dict.fromkeys(countries + [c for r in regions for c in REGIONS[r]]))
            return Place(shown, "worldwide_except", excluded=excluded, regions=tuple(regions),
                         unread=tuple(unread))
    if kind := _class(_normalise(_FILLER.sub(" ", text))):  # "Australia only (free!)"
        return Place(shown, kind)
    read = _places(text)
    if read is not None and not read[2] and (read[0] or read[1]):
        return _placed(shown, read[0], read[1])
    return Place(shown, "unparsed")


_MULTIWORD = tuple(sorted({*_COUNTRY_ALIASES, *_REGION_NAMES, *_UNDECLARED, *_WORLDWIDE,
                           *_DIGITAL} - {""}))


def parse_split_place(first: str, second: str) -> tuple[Place, bool]:
    """Read a vendor-page ships-from whose words were split across two columns.

    ``first second`` is read first ("Hong Kong", "Agora Beta"); then ``first`` alone;
    then ``first second`` as the start of a known multi-word name ("The United" of "The
    United Snakes of Captivity") when every such name is the same place. Returns the
    place and whether ``second`` was used up (its ships-to is then unknown)."""
    alone = parse_place(first)
    if not second.strip() or second.strip() == "NA" or (alone.kind == "empty"
                                                         and first.strip()):
        return alone, False
    joined = f"{' '.join(first.split())} {' '.join(second.split())}"
    together = parse_place(joined)
    if together.mapped:
        return together, True
    if alone.mapped:
        return alone, False
    key = _normalise(joined)
    starts = {parse_place(name).label for name in _MULTIWORD
              if name.startswith(key + " ")}
    if len(starts) == 1:
        whole = next(name for name in _MULTIWORD if name.startswith(key + " "))
        found = parse_place(whole)
        return Place(joined, found.kind, found.countries, found.regions, found.excluded,
                     named=found.named), True
    return alone, False


_FROM_TO = re.compile(r"^(?:from:\s*(?P<src>.*?))?\s*(?:to:\s*(?P<dst>.*))?$",
                      re.IGNORECASE | re.DOTALL)


def split_from_to(from_cell: str, to_cell: str) -> tuple[str, str]:
    """The ships-from and ships-to text of one row, whichever crawl format it has
    (``From: X To: Y`` inside the from column in February 2014; two columns else)."""
    text = " ".join((from_cell or "").split())
    match = _FROM_TO.match(text) if re.match(r"^(from|to):", text, re.IGNORECASE) else None
    if match is None:
        return text, " ".join((to_cell or "").split())
    source = (match["src"] or "").strip()
    destination = (match["dst"] or "").strip()
    other = " ".join((to_cell or "").split())
    if not destination and other not in ("", "NA"):
        destination = other
    return source, destination


def read_ships(ships_from: str | None, ships_to: str | None, vendor_page: bool = False
               ) -> tuple[Place, Place]:
    """The ships-from and ships-to of one listing, each read by :func:`parse_place`;
    on a vendor page (``vendor_page``) a place split across the two fields is read
    whole by :func:`parse_split_place`, and the ships-to is then unknown (``empty``).
    Every reader of listing places (crawl files here, a case's statements in
    :mod:`tnoc.markets.case` and :mod:`tnoc.assess.flows`) goes through this one
    function, so they agree."""
    source, destination = ships_from or "", ships_to or ""
    if vendor_page:
        origin, used = parse_split_place(source, destination)
        return origin, (Place("", "empty") if used else parse_place(destination))
    return parse_place(source), parse_place(destination)


WORLD = "zz"
"""FtM's country code for "Global" (worldwide)."""
INTERNET = "ip"
"""FtM's country code for "Cyberspace" (digital goods, not shipped: "Internet")."""

SIDES = ("ships_from", "ships_to")
"""The mapping transforms that read a place (:func:`ship_countries`)."""


def country_codes(place: Place) -> tuple[str, ...]:
    """FtM's country codes (lower case) of what ``place`` names: each country named one
    by one, each declared region FtM has a code for ("EU": ``eu``), ``zz`` (FtM's
    "Global") for worldwide and ``ip`` (FtM's "Cyberspace") for digital goods; none for
    the other classes (:func:`ship_countries`)."""
    codes = [code.lower() for code in place.named_countries]
    if place.kind in ("region", "countries"):
        codes += [code for region in place.regions
                  if (code := registry.country.clean(region)) is not None]
    elif place.kind == "worldwide":
        codes.append(WORLD)
    elif place.kind == "digital":
        codes.append(INTERNET)
    return tuple(dict.fromkeys(codes))


def ship_countries(side: str, text: str, paired: str | None = None
                   ) -> tuple[tuple[str, ...], str | None]:
    """The country codes a ships-from or ships-to value names, for its FtM country
    property, and a flag when it names none (the ``ships_from``/``ships_to`` transforms
    of a mapping).

    ``side`` is ``ships_from`` or ``ships_to``; ``paired`` is the other field's text on a
    vendor page whose places may be split across the two (None elsewhere), read as
    :func:`read_ships` does. The codes are FtM's country codes of what the place names
    (:func:`country_codes`: "USA & Canada" is ``us`` and ``ca``, "EU" ``eu``,
    worldwide ``zz``, "Internet" ``ip``). A place naming none (worldwide except some,
    undeclared, Torland, domestic, a region FtM has no code for such as "Europe") or a value the
    parser cannot read keeps its text with a flag saying what was read, so nothing is
    dropped silently (the text is also kept whole in ``shipsFromText`` and
    ``shipsToText``)."""
    if side not in SIDES:
        raise ValueError(f"unknown place side {side!r}: expected one of {', '.join(SIDES)}")
    if paired is None:
        place = parse_place(text)
    elif side == "ships_from":
        place = read_ships(text, paired, vendor_page=True)[0]
    else:
        origin, used = parse_split_place(paired, text)
        if used:
            return (), (f"no place: the rest of the ships-from {origin.raw!r} (split "
                        "across the two fields; the ships-to was lost)")
        place = parse_place(text)
    codes = country_codes(place)
    if codes:
        return codes, None
    if place.kind == "unparsed":
        return (), "unparsed place: no country or class read (kept as written)"
    return (), f"no country named: {place.name}"
