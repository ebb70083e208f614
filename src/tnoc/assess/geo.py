"""Cyber-to-physical correlation: where the case's IPs, phones, places and wallets are.

Each locator works offline from data shipped in a package:

- **IP addresses**: the registry country (the RIR delegation files, via ``iptocc``) and
  the network operator with a geolocated country (MaxMind GeoLite2 country+ASN data as
  shipped in ``geoip2fast``). The two countries answer different questions — where the
  block is registered, where it is believed to be used — and often differ for hosting
  providers, so both are kept and a disagreement is shown, not resolved.
- **Phone numbers**: country, region and original carrier from ``phonenumbers``
  (Google's libphonenumber metadata). Carrier is the range holder at allocation: a
  ported number keeps it.
- **Free-text places**: :mod:`tnoc.markets.locations` (darknet "ships from/to").
- **Crypto addresses**: the country, nationality or jurisdiction of the attributed
  holder (a sanctioned person's or service's) via :mod:`tnoc.money.attribution`.

:func:`locate_case` writes every finding, with the statement it came from, to a fresh
temp table and returns its handle (:class:`Locations`); :func:`where_summary` and the
other readers take that handle and count per country for the case or per group
(malware family, darknet vendor, sanctions programme).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import duckdb
import iptocc
import phonenumbers
import pyarrow as pa
from phonenumbers import carrier, geocoder

from tnoc.markets.locations import read_ships
from tnoc.query_results import arrow_temp_table

LOCATION_COLUMNS = ("entity_id", "schema", "prop", "value", "country", "method", "detail",
                    "group_kind", "group_name", "source_id", "locator")


@dataclass
class IpLocation:
    """What the offline tables say about one IP address."""

    ip: str
    registry_country: str | None
    geo_country: str | None
    operator: str | None
    network: str | None
    private: bool

    @property
    def disagree(self) -> bool:
        return bool(self.registry_country and self.geo_country
                    and self.registry_country != self.geo_country)


@lru_cache(maxsize=1)
def _geoip() -> Any:
    from geoip2fast import GeoIP2Fast

    return GeoIP2Fast(geoip2fast_data_file="geoip2fast-asn.dat.gz", verbose=False)


@lru_cache(maxsize=1)
def ip_databases() -> tuple[str, ...]:
    """The offline databases IPs are located by, with their versions, to print beside
    any placing (hosting moves: GeoLite2 data of 2024 placing a C2 server of 2021 may
    drift): the GeoLite2 file ``geoip2fast`` ships (as its header names it, the file
    :mod:`tnoc.malware.infrastructure` reads too) and ``iptocc``'s RIR delegation data."""
    from importlib.metadata import version

    info = _geoip().get_database_info()
    return (f"{info.get('source_info', 'unknown')} (geoip2fast {version('geoip2fast')})",
            f"RIR delegation files (iptocc {version('iptocc')})")


@lru_cache(maxsize=65536)
def locate_ip(ip: str) -> IpLocation:
    """Registry country, geolocated country and operator of ``ip`` (IPv4 or IPv6).
    Raises ValueError for text that is not an IP address. Cached: an IP seen under
    several malware families is looked up once."""
    address = ipaddress.ip_address(ip.strip())
    text = str(address)
    if address.is_private or address.is_loopback or address.is_reserved:
        return IpLocation(text, None, None, None, None, True)
    registry = iptocc.country_code(text)
    geo = _geoip().lookup(text) if address.version == 4 else None
    geo_country = getattr(geo, "country_code", "") or None
    if geo_country and (len(geo_country) != 2 or geo_country == "--"):
        geo_country = None
    return IpLocation(text, registry, geo_country,
                      (getattr(geo, "asn_name", "") or None) if geo else None,
                      (getattr(geo, "asn_cidr", "") or None) if geo else None, False)


@dataclass
class PhoneLocation:
    """What libphonenumber's metadata says about one number."""

    number: str
    e164: str | None
    country: str | None
    region: str | None
    carrier: str | None
    valid: bool


def locate_phone(number: str, default_region: str | None = None) -> PhoneLocation:
    """Country, region and original carrier of ``number``; numbers without ``+`` need
    ``default_region`` (the country the record came from). Invalid numbers come back
    with ``valid`` False and no country (not guessed from the prefix)."""
    try:
        parsed = phonenumbers.parse(number, default_region)
    except phonenumbers.NumberParseException:
        return PhoneLocation(number, None, None, None, None, False)
    valid = phonenumbers.is_valid_number(parsed)
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if not valid:
        return PhoneLocation(number, e164, None, None, None, False)
    return PhoneLocation(number, e164, phonenumbers.region_code_for_number(parsed),
                         geocoder.description_for_number(parsed, "en") or None,
                         carrier.name_for_number(parsed, "en") or None, True)


def _ip_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    rows = con.execute("""
        SELECT s.canonical_id, s.schema, s.prop, s.value, s.source_id, s.locator,
               m.value AS malware
        FROM statements s
        LEFT JOIN statements m ON m.canonical_id = s.canonical_id AND m.prop = 'malware'
        WHERE s.prop_type = 'ip' AND s.flag IS NULL""").fetchall()
    names = dict(con.execute("SELECT canonical_id, min(value) FROM statements "
                             "WHERE schema = 'MalwareFamily' AND prop = 'name' "
                             "GROUP BY 1").fetchall())
    out: list[tuple[object, ...]] = []
    for entity, schema, prop, value, source, locator, malware in rows:
        try:
            where = locate_ip(str(value))
        except ValueError:
            continue
        group = names.get(malware, malware) if malware else None
        kind = "malware family" if group else None
        if where.registry_country:
            out.append((entity, schema, prop, value, where.registry_country,
                        "ip registry (iptocc)", where.operator, kind, group, source, locator))
        if where.geo_country:
            out.append((entity, schema, prop, value, where.geo_country,
                        "ip geolocation (GeoLite2)", where.operator, kind, group, source,
                        locator))
    return out


def _phone_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for entity, schema, prop, value, source, locator in con.execute(
            "SELECT canonical_id, schema, prop, value, source_id, locator FROM statements "
            "WHERE prop_type = 'phone' AND flag IS NULL").fetchall():
        where = locate_phone(str(value))
        if where.country:
            detail = ", ".join(x for x in (where.region, where.carrier) if x) or None
            out.append((entity, schema, prop, value, where.country, "phone numbering plan",
                        detail, None, None, source, locator))
    return out


def _place_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    """Listings placed by the countries their ships-from names (read by
    :func:`tnoc.markets.locations.read_ships`; a declared region such as "EU" names no
    one country); one row without a country for a place that names none."""
    out: list[tuple[object, ...]] = []
    for entity, schema, prop, value, source, locator, vendor, to, mapping in con.execute("""
            SELECT s.canonical_id, s.schema, s.prop, s.value, s.source_id, s.locator,
                   v.value, t.value, src.mapping FROM statements s
            LEFT JOIN statements v ON v.canonical_id = s.canonical_id AND v.prop = 'vendor'
            LEFT JOIN statements t ON t.canonical_id = s.canonical_id
                 AND t.prop = 'shipsToText' AND t.source_id = s.source_id
            LEFT JOIN sources src ON src.source_id = s.source_id
            WHERE s.prop = 'shipsFromText'""").fetchall():
        place, _ = read_ships(str(value), to, mapping == "agora_vendor_pages")
        named = place.named_countries
        for code in named:
            out.append((entity, schema, prop, value, code, "place text",
                        None, "darknet vendor", vendor, source, locator))
        if not named:
            out.append((entity, schema, prop, value, None, "place text",
                        f"names no country: {place.name}", "darknet vendor",
                        vendor, source, locator))
    return out


def _wallet_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    """Wallets whose holder (directly, as the SDN lists do) states a country."""
    return [tuple(r) for r in con.execute("""
        SELECT w.canonical_id, 'CryptoWallet', 'holder', a.value, upper(c.value),
               'attributed holder (' || c.prop || ')', h.value, 'holder', h.value,
               c.source_id, c.locator
        FROM statements w
        JOIN statements a ON a.canonical_id = w.canonical_id AND a.prop = 'publicKey'
        JOIN statements h ON h.canonical_id = w.canonical_id AND h.prop = 'holder'
        JOIN statements c ON c.canonical_id = h.value
             AND c.prop IN ('country', 'nationality', 'jurisdiction', 'citizenship')
             AND c.flag IS NULL
        WHERE w.schema = 'CryptoWallet' AND w.prop = 'id'""").fetchall()]


@dataclass(frozen=True)
class Locations:
    """Handle on one :func:`locate_case` result on its connection: the temp table
    (``table``, columns :data:`LOCATION_COLUMNS`, a fresh name per call) and how many
    rows it holds (a value can give several: registry and geolocation). The readers
    below take it; none finds the table by name (docs/DESIGN.md §2)."""

    table: str
    rows: int


def locate_case(con: duckdb.DuckDBPyConnection) -> Locations:
    """Locate every IP, phone number, free-text ships-from place and attributed wallet
    in the case into a fresh temp table; returns its :class:`Locations` handle."""
    rows = _ip_rows(con) + _phone_rows(con) + _place_rows(con) + _wallet_rows(con)
    table = pa.table({c: pa.array([None if r[i] is None else str(r[i]) for r in rows],
                                  type=pa.string()) for i, c in enumerate(LOCATION_COLUMNS)})
    return Locations(arrow_temp_table(con, "locations", table), len(rows))


def where_summary(con: duckdb.DuckDBPyConnection, locations: Locations,
                  group_kind: str | None = None,
                  method_prefix: str | None = None) -> list[dict[str, object]]:
    """Per country (and group, when ``group_kind`` is given): distinct entities, values
    and sources, from ``locations`` (:func:`locate_case`); most entities first (with
    groups too: the largest group-country cells first, not the groups A-Z).
    ``method_prefix`` keeps one family of locator (``ip registry``)."""
    params: list[object] = []
    where = "country IS NOT NULL"
    if group_kind:
        where += " AND group_kind = ?"
        params.append(group_kind)
    if method_prefix:
        where += " AND starts_with(method, ?)"
        params.append(method_prefix)
    group = "group_name, " if group_kind else ""
    rows = con.execute(  # largest first, also per group (not the groups A-Z)
        f"SELECT {group}country, count(DISTINCT entity_id) AS entities, "
        "count(DISTINCT value) AS values_, list(DISTINCT method ORDER BY method) AS methods, "
        f"list(DISTINCT source_id ORDER BY source_id) AS sources FROM {locations.table} "
        f"WHERE {where} GROUP BY ALL ORDER BY entities DESC, {group}country",
        params).fetchall()
    keys = (["group"] if group_kind else []) + ["country", "entities", "values", "methods",
                                                  "sources"]
    return [dict(zip(keys, r, strict=True)) for r in rows]


def countries_of_mapping(con: duckdb.DuckDBPyConnection, locations: Locations, mapping: str,
                         method_prefix: str = "ip registry") -> dict[str, int]:
    """Distinct values per country located by ``method_prefix`` (default: the IP
    registry, RIR delegations via iptocc) among the sources read with ``mapping`` (e.g.
    ``feodotracker``: botnet C2 servers by registry country), from ``locations``
    (:func:`locate_case`)."""
    return dict(con.execute(
        f"SELECT country, count(DISTINCT value) FROM {locations.table} l JOIN sources s USING "
        "(source_id) WHERE s.mapping = ? AND method LIKE ? || '%' GROUP BY 1",
        [mapping, method_prefix]).fetchall())


def registry_geo_disagreements(con: duckdb.DuckDBPyConnection, locations: Locations) -> int:
    """IP addresses whose registry country (where the block is delegated) and GeoLite2
    country (where it is seen) differ, from ``locations`` (:func:`locate_case`):
    hosting and anycast, a gap to report, both countries kept."""
    row = con.execute(f"""
        SELECT count(DISTINCT a.value) FROM {locations.table} a JOIN {locations.table} b
        ON a.value = b.value AND a.method LIKE 'ip registry%' AND b.method LIKE 'ip geo%'
        WHERE a.country <> b.country""").fetchone()
    return int(row[0]) if row else 0


def unplaced(con: duckdb.DuckDBPyConnection, locations: Locations) -> int:
    """Located values that name no country (free-text places such as 'Torland' or
    'Internet'), from ``locations`` (:func:`locate_case`): reported, not guessed."""
    row = con.execute(
        f"SELECT count(*) FROM {locations.table} WHERE country IS NULL").fetchone()
    return int(row[0]) if row else 0


def family_infrastructure(con: duckdb.DuckDBPyConnection, locations: Locations, top: int
                          ) -> list[tuple[str, int, int, list[str] | None, int, list[str]]]:
    """The ``top`` malware families by located infrastructure, from ``locations``
    (:func:`locate_case`): per family its distinct indicators, those still
    online (``indicatorStatus``), registry countries, distinct operators (the block's
    holder) and sources; most infrastructure first, ties by family."""
    return con.execute(f"""
        SELECT l.group_name, count(DISTINCT l.entity_id) AS infrastructure,
               count(DISTINCT l.entity_id) FILTER (WHERE st.value = 'online') AS online,
               list(DISTINCT l.country) FILTER (WHERE l.method LIKE 'ip registry%') AS countries,
               count(DISTINCT l.detail) AS operators, list(DISTINCT l.source_id) AS sources
        FROM {locations.table} l
        LEFT JOIN statements st ON st.canonical_id = l.entity_id AND st.prop = 'indicatorStatus'
        WHERE l.group_kind = 'malware family' AND l.group_name IS NOT NULL
        GROUP BY 1 ORDER BY infrastructure DESC, 1 LIMIT ?""", [top]).fetchall()


def family_operators(con: duckdb.DuckDBPyConnection, locations: Locations, family: str,
                     top: int = 3) -> list[tuple[str, int]]:
    """The ``top`` operators (holders of the address blocks, by the IP registry) of a
    malware family's infrastructure, with how many of its indicators each holds, from
    ``locations`` (:func:`locate_case`): whom a takedown request goes to."""
    return con.execute(f"""
        SELECT detail, count(DISTINCT entity_id) AS n FROM {locations.table}
        WHERE group_kind = 'malware family' AND group_name = ? AND detail IS NOT NULL
          AND method LIKE 'ip registry%' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?""",
        [family, top]).fetchall()


KIND_OF_METHOD = (("ip", "ip"), ("phone", "phone"), ("place", "place"),
                  ("attributed holder", "wallet"))
"""The kind of locator (a map layer) each ``method`` of :func:`locate_case` starts with."""


def located_entities(con: duckdb.DuckDBPyConnection, locations: Locations,
                     codes: list[str] | None = None) -> list[dict[str, object]]:
    """The things ``locations`` (:func:`locate_case`) placed in a country, one row per
    (entity, country, kind of locator: ip, phone, place, wallet), with the value that
    placed it, its file and row; only from sources with the handling codes ``codes``
    (a member's clearance; None: all). Events (calls, payments, messages: FtM
    ``Interval`` schemata that are not matchable) are left out: they are dated facts of
    the entities they join, placed by those entities. A matchable thing with a period of
    validity (a ``NetworkIndicator``: a C2 server of Feodo Tracker, the IP host of a
    URLhaus URL) is itself the thing located, so it is placed. A darknet listing is an
    event too: its ships-from text places the vendor account that offers it (the
    listing's ``vendor``; its canonical entity), once per vendor, country and kind, with
    the first listing's value, file and row as the evidence."""
    from tnoc.model import get_model

    model = get_model()
    kind = " ".join(f"WHEN starts_with(l.method, '{m}') THEN '{k}'" for m, k in KIND_OF_METHOD)
    visible = "" if codes is None else "AND s.handling_code IN (SELECT unnest($codes))"
    rows = con.execute(f"""
        SELECT l.entity_id, any_value(l.schema) AS schema, l.country,
               CASE {kind} END AS kind, min(l.value) AS value,
               arg_min(s.file_name, l.value) AS file_name,
               arg_min(l.locator, l.value) AS locator,
               min(l.group_name) FILTER (WHERE l.group_kind = 'darknet vendor') AS vendor
        FROM {locations.table} l JOIN sources s USING (source_id)
        WHERE l.country IS NOT NULL {visible}
        GROUP BY l.entity_id, l.country, kind ORDER BY l.country, kind, l.entity_id""",
        {} if codes is None else {"codes": codes}).fetchall()
    keys = ("entity_id", "schema", "country", "kind", "value", "file_name", "locator")
    vendors = _vendor_entities(con, sorted({str(r[7]) for r in rows if r[7] is not None}),
                               codes)
    out: dict[tuple[str, str, str], dict[str, object]] = {}
    for *row, vendor in rows:
        schema = model.get(str(row[1]))
        if schema is not None and schema.is_a("Interval") and not schema.matchable:
            if row[3] != "place" or vendor is None or str(vendor) not in vendors:
                continue
            row[0], row[1] = vendors[str(vendor)]  # the listing's place is its vendor's
        found = dict(zip(keys, row, strict=True))
        out.setdefault((str(row[0]), str(row[2]), str(row[3])), found)
    return sorted(out.values(), key=lambda r: (str(r["country"]), str(r["kind"]),
                                               str(r["entity_id"])))


def _vendor_entities(con: duckdb.DuckDBPyConnection, ids: list[str],
                     codes: list[str] | None) -> dict[str, tuple[str, str]]:
    """(canonical id, schema) of the vendor accounts ``ids`` that the case holds, the
    schema read from the statements of sources with the handling codes ``codes`` only
    (None: all): an account merged with an entity of a stricter source keeps the
    schema its visible statements give (a ``Person`` judged the same is not shown)."""
    from tnoc.store.lookup import canonicals, visible_sql

    if not ids:
        return {}
    canonical = canonicals(con, ids)
    schemata = dict(con.execute(
        "SELECT coalesce(merged_into, entity_id), min(schema) FROM statement_store "
        f"WHERE prop = 'id' AND {visible_sql(codes)} "
        "AND coalesce(merged_into, entity_id) IN (SELECT unnest($ids)) GROUP BY 1",
        {"ids": sorted(set(canonical.values())),
         **({} if codes is None else {"codes": codes})}).fetchall())
    return {i: (c, str(schemata[c])) for i, c in canonical.items() if c in schemata}
