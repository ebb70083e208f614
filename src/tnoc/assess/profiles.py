"""Organised-crime-group profiles built from the other modules' evidence.

A *group* is whatever the case holds as a unit of organised offending:

- a **criminal network** (one network source: CAVIAR's wiretaps, the 'Ndrangheta
  summits): size and structure from :mod:`tnoc.graph` (actors, ties, density,
  Freeman degree centralization, components, Leiden communities), and the best
  simulated disruption from :mod:`tnoc.graph.disruption`;
- a **malware family** (botnet C2s from Feodo Tracker, distribution URLs from
  URLhaus): its infrastructure, how much is online, and its reach across registry
  countries and operators (:mod:`tnoc.assess.geo`), and the ransom paid into wallets
  attributed to it (:mod:`tnoc.money.attribution`);
- a **darknet vendor**: listings, product lines, where it ships from and to;
- a **laundering network** (:mod:`tnoc.assess.laundering`): accounts joined by the
  money module's typology alerts.

Every metric names the sources it came from; a metric the case holds no evidence for
is ``None`` and appears in the profile's ``gaps`` (the report's "data gaps").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from tnoc.assess.geo import Locations, family_infrastructure
from tnoc.graph.disruption import DisruptionResult, simulate_strategies
from tnoc.graph.measures import communities, freeman_centralization, undirected
from tnoc.graph.projection import Projection, ProjectionSpec, project
from tnoc.markets.locations import parse_place

NETWORK_MAPPINGS = ("caviar", "criminal_network", "ndrangheta_summits")
# the offence each kind of group commits, as a key of the scheme's offence weights
OFFENCE = {"criminal network": "Trafficking of drugs", "malware family": "Computer misuse",
           "darknet vendor": "Trafficking of drugs", "laundering network": "Money laundering"}


@dataclass
class GroupProfile:
    """What the case knows about one group."""

    kind: str
    name: str
    offence: str
    metrics: dict[str, float | None] = field(default_factory=dict)
    countries: list[str] = field(default_factory=list)
    detail: dict[str, object] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    """Entity ids the group consists of (actors, the family, the vendor, accounts): the
    stored priority points at them, so ``tnoc show`` on a member lists it."""
    simulations: dict[str, DisruptionResult] = field(default_factory=dict, repr=False)
    projection: Projection | None = field(default=None, repr=False)

    @property
    def key(self) -> str:
        return f"{self.kind}: {self.name}"

    def best_disruption(self) -> tuple[str, DisruptionResult] | None:
        """The targeted strategy with the lowest robustness R (None: not simulated)."""
        targeted = {s: r for s, r in self.simulations.items() if s != "random"}
        if not targeted:
            return None
        best = min(targeted, key=lambda s: targeted[s].robustness())
        return best, targeted[best]

    @property
    def gaps(self) -> list[str]:
        return sorted(m for m, v in self.metrics.items() if v is None)


# the metrics that describe each kind of group; a None among them is a data gap
METRICS = {
    "criminal network": ("members", "ties", "density", "centralization", "communities",
                         "disruption_r", "countries", "value_usd"),
    "malware family": ("infrastructure", "online", "countries", "operators", "value_usd"),
    "darknet vendor": ("listings", "countries", "worldwide", "value_usd"),
    "laundering network": ("accounts", "alerts", "transfers", "value_usd", "countries",
                           "holders"),
}
# two-mode network sources and the affiliation that makes them one-mode
AFFILIATION = {"ndrangheta_summits": "Event.involved"}


def blank_profile(kind: str, name: str) -> GroupProfile:
    """A profile of ``kind`` whose metrics are all gaps until evidence fills them."""
    return GroupProfile(kind, name, OFFENCE[kind], {m: None for m in METRICS[kind]})


def network_profiles(con: duckdb.DuckDBPyConnection, disruption: bool = True
                     ) -> list[GroupProfile]:
    """One profile per network source (not the phase slices of a larger one)."""
    sources = con.execute(
        "SELECT source_id, file_name, mapping FROM sources WHERE mapping IN $m "
        "AND NOT regexp_matches(file_name, '^phase[0-9]+') ORDER BY file_name",
        {"m": list(NETWORK_MAPPINGS)}).fetchall()
    out = []
    for source_id, file_name, mapping in sources:
        projection = project(con, ProjectionSpec(sources=(source_id,),
                                                 affiliation=AFFILIATION.get(mapping)))
        und = undirected(projection.graph)
        n, m = und.numberOfNodes(), und.numberOfEdges()
        if n == 0:
            continue
        profile = blank_profile("criminal network", str(file_name).rsplit(".", 1)[0])
        degrees = [float(und.degree(u)) for u in range(n)]
        labels, _ = communities(projection)
        profile.metrics.update({
            "members": float(n), "ties": float(m),
            "density": 2.0 * m / (n * (n - 1)) if n > 1 else 0.0,
            "centralization": freeman_centralization(degrees),
            "communities": float(len(set(labels)))})
        if disruption and m:
            # the same computation as 'tnoc network disrupt' (one R wherever printed)
            profile.simulations = simulate_strategies(
                projection, ("degree", "betweenness", "random"))
            best = profile.best_disruption()
            profile.metrics["disruption_r"] = best[1].robustness() if best else None
        profile.sources = [str(source_id)]
        profile.members = list(projection.ids)
        profile.projection = projection
        out.append(profile)
    return out


def malware_profiles(con: duckdb.DuckDBPyConnection, locations: Locations,
                     top: int = 8) -> list[GroupProfile]:
    """The ``top`` malware families by infrastructure
    (:func:`tnoc.assess.geo.family_infrastructure` over ``locations``, the handle of
    :func:`tnoc.assess.geo.locate_case`), and every family with ransom payments
    attributed to it (:func:`ransom_revenue`), whatever its infrastructure."""
    rows = family_infrastructure(con, locations, top)
    out = []
    for name, infrastructure, online, countries, operators, read_from in rows:
        profile = blank_profile("malware family", str(name))
        profile.metrics.update({"infrastructure": float(infrastructure),
                                "online": float(online),
                                "countries": float(len(countries or [])),
                                "operators": float(operators)})
        profile.countries = sorted(countries or [])
        profile.sources = sorted(read_from)
        out.append(profile)
    by_name = {p.name: p for p in out}
    for family, (usd, payments, sources) in sorted(ransom_revenue(con).items()):
        profile = by_name.get(family) or blank_profile("malware family", family)
        if family not in by_name:
            out.append(profile)
        profile.metrics["value_usd"] = usd
        profile.detail["ransom_payments"] = payments
        profile.sources = sorted(set(profile.sources) | sources)
    entities: dict[str, list[str]] = {}
    for name, entity in con.execute("SELECT DISTINCT value, canonical_id FROM statements "
                                    "WHERE schema = 'MalwareFamily' AND prop = 'name' "
                                    "ORDER BY 2").fetchall():
        entities.setdefault(str(name), []).append(str(entity))
    for profile in out:
        profile.members = entities.get(profile.name, [])
    return out


def ransom_revenue(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[float, int, set[str]]]:
    """USD received per malware family: crypto transactions into wallets that
    :func:`tnoc.money.attribution.attribute` ties to a family (a Risk on the wallet whose
    reason names the family, as the Huang et al. 2018 ransom data states). Returns
    family -> (USD, payments, sources)."""
    from tnoc.money.attribution import attribute

    received = con.execute("""
        SELECT r.value, sum(TRY_CAST(u.value AS DOUBLE)), count(DISTINCT r.canonical_id),
               list(DISTINCT r.source_id)
        FROM statements r
        JOIN statements u ON u.canonical_id = r.canonical_id AND u.prop = 'amountUsd'
        WHERE r.schema = 'CryptoTransaction' AND r.prop = 'receiver' AND u.flag IS NULL
        GROUP BY 1""").fetchall()
    if not received:
        return {}
    by_wallet = {str(w): (float(usd or 0.0), int(n), set(src)) for w, usd, n, src in received}
    families = [str(f) for (f,) in con.execute(
        "SELECT DISTINCT value FROM statements WHERE schema = 'MalwareFamily' "
        "AND prop = 'name'").fetchall()]
    out: dict[str, tuple[float, int, set[str]]] = {}
    seen: set[tuple[str, str]] = set()
    for a in attribute(con, sorted(by_wallet)):
        reason = (a.reason or "").lower()
        family = next((f for f in families if reason.startswith(f.lower() + " ")), None)
        if family is None or (family, a.wallet) in seen:
            continue
        seen.add((family, a.wallet))
        usd, n, sources = by_wallet[a.wallet]
        total, count, cited = out.get(family, (0.0, 0, set()))
        out[family] = (total + usd, count + n, cited | sources)
    return out


def vendor_profiles(con: duckdb.DuckDBPyConnection, top: int = 8) -> list[GroupProfile]:
    """The ``top`` darknet vendors by listings."""
    rows = con.execute("""
        WITH l AS (
            SELECT canonical_id,
                any_value(value) FILTER (WHERE prop = 'vendor') AS vendor,
                any_value(value) FILTER (WHERE prop = 'shipsFromText') AS ships_from,
                any_value(value) FILTER (WHERE prop = 'shipsToText') AS ships_to,
                any_value(source_id) AS source_id
            FROM statements WHERE schema = 'DarknetListing' GROUP BY 1)
        SELECT l.vendor, any_value(u.value), count(*), list(DISTINCT ships_from),
               list(DISTINCT ships_to), list(DISTINCT l.source_id)
        FROM l LEFT JOIN statements u ON u.canonical_id = l.vendor AND u.prop = 'username'
        WHERE l.vendor IS NOT NULL GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT ?""",
        [top]).fetchall()
    out = []
    for vendor, username, listings, ships_from, ships_to, sources in rows:
        profile = blank_profile("darknet vendor", str(username))
        origins = sorted({c for t in ships_from if t for c in parse_place(t).named_countries})
        destinations = [parse_place(t) for t in ships_to if t]
        reach = {c for r in destinations for c in r.named_countries}
        profile.metrics.update({"listings": float(listings),
                                "countries": float(len(set(origins) | reach)),
                                "worldwide": float(any(r.kind.startswith("worldwide")
                                                       for r in destinations))})
        profile.countries = origins
        profile.sources = sorted(sources)
        profile.members = [str(vendor)]
        out.append(profile)
    return out

