"""The entity dossier: everything the case holds about one entity (issue #21, item 4).

An analyst's first question is "what do we have on X?". :func:`dossier` answers it in
one read of the store, in sections:

* **values**, grouped by property, each value with every source that states it (file,
  locator, sha256, handling code, collection date); a property whose sources disagree
  (one source states a value another source does not) is marked ``conflicting`` so the
  values are read side by side, never one picked silently (the statement model keeps
  every claim: FtM statements, DESIGN.md §3);
* **links** out (its own entity-valued properties) and in (entities whose properties
  point at it), grouped by kind (``Payment.payer``), each with the counterpart's name:
  for an entity linking it to another (a payment, a call, an ownership) that other;
* **analyses** that mention it: network measures with their rank in the projection,
  screening hits, and the derived statements pointing at it (:mod:`tnoc.store.derived`):
  typology alerts, group priorities, disruption steps, the network community and
  key-player sets it is in, the emerging threats a statistical observation is counted
  in (the latest run of each on the same network or series, :data:`LATEST_OF`);
* a **timeline** of its dated facts: its own date values, the dates of the entities
  pointing at it (calls, payments, listings, sightings), and the custody events of the sources that
  state it, sorted;
* **candidate duplicates** (``candidate_links``) and the **judgements** about it.

Every read filters ``statement_store`` on one column (``entity_id``, ``value``) as
:mod:`tnoc.store.lookup` does, never the aggregating views; long sections are cut in
SQL to ``limit`` rows with their total kept, so a hub with 100,000 payments costs the
same as a person with three. ``codes`` (a member's clearance) keeps only values of
sources with those handling codes; what is left out is counted in ``withheld``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import duckdb

from tnoc.errors import TnocError
from tnoc.query_results import has_table, rows_as_dicts
from tnoc.store.lookup import rows_of_entities, statements_by
from tnoc.store.query import caption, visible_names_read, visible_sql

__all__ = ["Dossier", "Section", "dossier", "link_facts", "shown_sources",
           "with_shown_sources"]

SOURCE_KEYS = ("source_id", "file_name", "locator", "sha256", "handling_code",
               "collected_at", "collector", "evidence")


@dataclass
class Section:
    """Rows of one kind (a kind of link, the timeline...): at most ``limit`` of them in
    ``rows``, and ``total``, how many there are in all."""

    rows: list[dict[str, Any]]
    total: int

    @property
    def more(self) -> int:
        """How many rows were left out of ``rows``."""
        return self.total - len(self.rows)


@dataclass
class Dossier:
    """One entity and everything the case holds about it (see the module)."""

    id: str
    schema: str
    caption: str
    members: list[str]
    """The entity ids merged into this one (itself included)."""
    properties: list[dict[str, Any]]
    """One per property: ``prop``, ``conflicting``, ``values`` (each with ``sources``)."""
    links_out: dict[str, Section]
    links_in: dict[str, Section]
    analyses: list[dict[str, Any]]
    timeline: Section
    candidates: list[dict[str, Any]]
    judgements: list[dict[str, Any]]
    withheld: int = 0
    """Values and links not shown: stated by sources above the viewer's clearance."""
    compartment_withheld: int = 0
    """Values not shown: in the reporter compartment (:mod:`tnoc.govern.compartments`)."""
    limit: int | None = None
    """The rows kept per section (None: all)."""
    timeline_kinds: dict[str, int] = field(default_factory=dict)
    """How many dated facts of each kind (``Payment.date``) the timeline holds."""
    sources: list[str] = field(default_factory=list)
    """Every source a value, link, name, dated fact or analysis result shown was read
    from (:func:`shown_sources`): what an export of the dossier discloses."""
    handling: str | None = None
    """The strictest handling code of :attr:`sources` (None: none has one): the code
    the whole document is handled under (FIRST TLP 2.0: a document carries the label
    of its most restricted information)."""
    named_from: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per entity named in the links, timeline, candidates and judgements: the sources
    its name was read from (what :func:`shown_sources` counts while the name shows)."""

    def as_dict(self) -> dict[str, Any]:
        """The dossier as plain JSON-ready data (``--json``)."""
        def section(s: Section) -> dict[str, Any]:
            return {"total": s.total, "shown": len(s.rows), "rows": s.rows}

        return {"id": self.id, "schema": self.schema, "caption": self.caption,
                "members": self.members, "withheld": self.withheld,
                "compartment_withheld": self.compartment_withheld, "limit": self.limit,
                "properties": self.properties,
                "links_out": {k: section(s) for k, s in self.links_out.items()},
                "links_in": {k: section(s) for k, s in self.links_in.items()},
                "analyses": self.analyses,
                "timeline": {**section(self.timeline), "kinds": self.timeline_kinds},
                "candidates": self.candidates, "judgements": self.judgements,
                "sources": self.sources, "handling_code": self.handling}


def _params(codes: Sequence[str] | None, **values: Any) -> dict[str, Any]:
    return {**values, **({} if codes is None else {"codes": list(codes)})}


def group_properties(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Statements (:func:`tnoc.store.lookup.entity_rows`) grouped by property, then by
    value, each value with the sources stating it. ``conflicting``: the records stating
    the property (a source's row or object, its locator) do not all state the same
    values (two lists giving two birth dates; the two subscriber names of one line
    merged), so the values are shown side by side; several values stated by one record
    (a listing's aliases) are not a conflict."""
    by_prop: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for s in statements:
        if s["prop"] == "id":
            continue
        entry = by_prop[str(s["prop"])].setdefault(str(s["value"]), {
            "value": s["value"], "original_value": s["original_value"], "flag": s["flag"],
            "prop_type": s["prop_type"], "sources": []})
        entry["sources"].append({k: s.get(k) for k in SOURCE_KEYS})
    out = []
    for prop, values in sorted(by_prop.items()):
        claimed: dict[tuple[str, str], set[str]] = defaultdict(set)
        for value, entry in values.items():
            for src in entry["sources"]:
                claimed[(str(src["source_id"]), str(src["locator"]))].add(value)
        sets = {frozenset(v) for v in claimed.values()}
        out.append({"prop": prop, "conflicting": len(values) > 1 and len(sets) > 1,
                    "values": list(values.values())})
    return out


def _named_values(properties: list[dict[str, Any]], names: dict[str, str],
                  canonical: dict[str, str]) -> list[dict[str, Any]]:
    """``properties`` (:func:`group_properties`) with each entity-valued value's
    ``entity`` (the entity it names as it is now: an id merged into another is that
    one) and ``caption`` (its name, as the links out show it: read within the viewer's
    clearance; its id where none is readable), so a payment's payer reads as a name,
    not an id. The names are those of :func:`_links_out`, which shows every unflagged
    one of them, so they add no source to what the dossier shows (a flagged value, not
    a link, is left as written)."""
    for prop in properties:
        for value in prop["values"]:
            if value["prop_type"] == "entity" and value["flag"] is None:
                target = canonical.get(str(value["value"]), str(value["value"]))
                value["entity"] = target
                value["caption"] = names.get(target, target)
    return properties


def _links_out(schema: str, statements: list[dict[str, Any]], names: dict[str, str],
               canonical: dict[str, str]) -> dict[str, Section]:
    """Its own entity-valued properties, grouped by ``Schema.prop``, each pointing at
    the entity as it is now (``canonical``: an id merged into another is that one)."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in statements:
        if s["prop_type"] == "entity" and s["prop"] != "id" and s["flag"] is None:
            rows = out[f"{schema}.{s['prop']}"]
            target = canonical.get(str(s["value"]), str(s["value"]))
            if all(r["counterpart"] != target for r in rows):
                rows.append({"counterpart": target})
    for rows in out.values():
        for row in rows:
            row["counterpart_caption"] = names.get(row["counterpart"], row["counterpart"])
    return {k: Section(v, len(v)) for k, v in sorted(out.items())}


REFERRERS_SQL = f"""
SELECT DISTINCT s.entity_id, coalesce(s.merged_into, s.entity_id) AS entity, s.schema,
       s.prop, s.source_id, src.dataset = 'analysis' AS derived
FROM {statements_by('value')} s JOIN sources src USING (source_id)
WHERE s.prop_type = 'entity' AND s.flag IS NULL AND s.prop <> 'id' AND {{visible}}
ORDER BY s.schema, s.prop, entity
"""


def _referrers(con: duckdb.DuckDBPyConnection, members: list[str],
               codes: Sequence[str] | None) -> list[dict[str, Any]]:
    """Every statement pointing at ``members`` (one read by the value index, shared by
    the links, the timeline and the analyses): the referring entity (original and
    canonical id), its schema and property, its source, and whether an analysis
    stated it (``derived``)."""
    return rows_as_dicts(con.execute(REFERRERS_SQL.format(visible=visible_sql(codes, "s.")),
                                     _params(codes, ids=members)))


COUNTERPARTS_SQL = f"""
-- the other end: an edge's source or target first (a payment's beneficiary), else any
-- other entity it names (a call's receiver)
SELECT s.entity_id, arg_min(s.value, (CASE WHEN k.is_edge AND s.prop IN
       (k.edge_source, k.edge_target) THEN 0 ELSE 1 END, s.value)) AS counterpart
FROM {statements_by('entity_id', 'shown')} s LEFT JOIN schemata k ON k.name = s.schema
WHERE s.prop_type = 'entity' AND s.prop <> 'id' AND s.flag IS NULL
  AND s.value NOT IN (SELECT unnest($ids)) AND {{visible}}
GROUP BY s.entity_id
"""


def _counterparts(con: duckdb.DuckDBPyConnection, linking: list[str], members: list[str],
                  codes: Sequence[str] | None) -> dict[str, str]:
    """The other end of each of the entities ``linking`` to ``members``
    (:data:`COUNTERPARTS_SQL`), as the entity it is now: an id merged into another is
    its canonical one, so a person merged from two phone lines reads as one person
    with one id, not as two ids under one name."""
    from tnoc.store.lookup import canonicals

    if not linking:
        return {}
    other = dict(con.execute(COUNTERPARTS_SQL.format(visible=visible_sql(codes, "s.")),
                             _params(codes, shown=linking, ids=members)).fetchall())
    canonical = canonicals(con, sorted({str(v) for v in other.values()}))
    return {str(e): canonical[str(v)] for e, v in other.items()}


def _links_in(con: duckdb.DuckDBPyConnection, members: list[str],
              referrers: list[dict[str, Any]], codes: Sequence[str] | None,
              limit: int | None) -> tuple[dict[str, Section], list[str]]:
    """Entities (other than analysis results) whose properties point at ``members``,
    grouped by ``Schema.prop``; the counterpart of one that links it to another entity
    (a payment, a call, an ownership) is that other entity (an edge's other end first).
    Returns the sections and the ids to name."""
    kinds: dict[str, dict[str, str]] = defaultdict(dict)  # kind -> entity -> original id
    for r in referrers:
        if not r["derived"]:
            kinds[f"{r['schema']}.{r['prop']}"].setdefault(str(r["entity"]), str(r["entity_id"]))
    shown = {k: list(v.items())[:limit] if limit is not None else list(v.items())
             for k, v in kinds.items()}
    originals = sorted({o for rows in shown.values() for _e, o in rows})
    other = _counterparts(con, originals, members, codes)
    out = {k: Section([{"entity": e, "counterpart": other.get(o)} for e, o in rows],
                      len(kinds[k])) for k, rows in sorted(shown.items())}
    ids = {str(r["entity"]) for s in out.values() for r in s.rows} | {
        str(r["counterpart"]) for s in out.values() for r in s.rows if r["counterpart"]}
    return out, sorted(ids)


def _withheld_links(con: duckdb.DuckDBPyConnection, members: list[str],
                    codes: Sequence[str] | None) -> int:
    """Links in stated only by sources above the clearance ``codes``."""
    if codes is None:
        return 0
    return int(con.execute(
        f"SELECT count(*) FROM {statements_by('value')} s WHERE prop_type = 'entity' "
        f"AND flag IS NULL AND prop <> 'id' AND NOT {visible_sql(codes, 's.')}",
        _params(codes, ids=members)).fetchall()[0][0])


DERIVED_SQL = f"""
SELECT d.entity_id AS result, src.file_name, src.ingested_at,
       list({{'k': d.prop, 'v': d.value}} ORDER BY d.prop, d.value)
           FILTER (WHERE d.prop_type <> 'entity' AND d.prop <> 'id') AS facts,
       list(DISTINCT d.source_id ORDER BY d.source_id) AS sources
FROM {statements_by('entity_id', 'results')} d JOIN sources src USING (source_id)
WHERE src.dataset = 'analysis'
GROUP BY ALL
"""


def _analyses(con: duckdb.DuckDBPyConnection, members: list[str],
              referrers: list[dict[str, Any]], codes: Sequence[str] | None
              ) -> list[dict[str, Any]]:
    """Every analysis result that mentions the entity: derived statements (typology
    alerts, group priorities, disruption steps, data-subject categories), network
    measures with rank, and screening hits."""
    derived = {str(r["entity_id"]): r for r in referrers if r["derived"]}
    found: list[dict[str, Any]] = []
    rows = rows_as_dicts(con.execute(DERIVED_SQL, {"results": sorted(derived)})) \
        if derived else []
    for row in sorted(rows, key=lambda r: (derived[str(r["result"])]["schema"],
                                           r["ingested_at"], str(r["result"]))):
        facts: dict[str, str] = {}
        for fact in row["facts"] or []:  # several values of one property: joined
            key = str(fact["k"])
            facts[key] = f"{facts[key]}; {fact['v']}" if key in facts else str(fact["v"])
        hit = derived[str(row["result"])]
        found.append({"kind": hit["schema"], "role": hit["prop"], "result": row["result"],
                      "facts": facts, "file_name": row["file_name"],
                      "at": row["ingested_at"], "sources": list(row["sources"])})
    found = _latest_runs(found)
    if has_table(con, "node_measures"):
        found += _measures(con, members, codes)
    if has_table(con, "screening_hits"):
        found += _screening(con, members, codes)
    return found


LATEST_OF = {"NetworkCommunity": ("projection",),
             "KeyPlayerSet": ("projection", "problem", "k"),
             "EmergingThreat": ("indicator", "dimension"),
             "TemplateCluster": ("sourcesRead", "textField", "setting"),
             "TypologyAlert": ("typology", "rule")}
"""Analyses re-run on the same network or series: the facts naming what a run was on
(the projection, the key-player problem and k, the indicator and its grouping, the
listing texts clustered and the setting, the typology and its rule with its
parameters). An older run of the same is superseded, so the dossier shows the latest
one, as it does for network measures (five typology runs had listed an account's
three alerts five times, numbered anew each run; a new-user review, helper-134)."""


def _latest_runs(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``found`` without the results of :data:`LATEST_OF` kinds superseded by a later
    run on the same network or series."""
    def same(row: dict[str, Any]) -> tuple[str, ...] | None:
        on = LATEST_OF.get(str(row["kind"]))
        return None if on is None else (
            str(row["kind"]), *(str(row["facts"].get(f)) for f in on))

    latest: dict[tuple[str, ...], Any] = {}
    for row in found:
        key = same(row)
        if key is not None:
            latest[key] = max(latest.get(key, row["at"]), row["at"])
    return [row for row in found if (key := same(row)) is None or row["at"] == latest[key]]


def _measures(con: duckdb.DuckDBPyConnection, members: list[str],
              codes: Sequence[str] | None) -> list[dict[str, Any]]:
    """The entity's network measures in each projection's latest run, with its rank
    among the projection's nodes (1 = highest). A component is a label, not a score
    (:func:`_components`, named within the clearance ``codes``)."""
    rows = rows_as_dicts(con.execute(
        "WITH runs AS (SELECT projection_id, max(run_at) AS run_at FROM node_measures "
        "WHERE entity_id IN (SELECT unnest($ids)) GROUP BY 1), "
        "ranked AS (SELECT m.projection_id, m.run_at, m.entity_id, m.measure, m.value, "
        "rank() OVER (PARTITION BY m.projection_id, m.measure ORDER BY m.value DESC) "
        "AS rank, count(*) OVER (PARTITION BY m.projection_id, m.measure) AS nodes "
        "FROM node_measures m JOIN runs USING (projection_id, run_at)) "
        "SELECT * FROM ranked WHERE entity_id IN (SELECT unnest($ids)) "
        "ORDER BY projection_id, measure", {"ids": members}))
    components = _components(con, [r for r in rows if r["measure"] == "component"], codes)
    read = _projection_sources(con, rows)
    out = []
    for r in rows:
        component = components.get((r["projection_id"], r["value"]))
        facts, named = component if component else ({
            "value": r["value"], "rank": f"{r['rank']} of {r['nodes']}"}, ())
        # "member": which of a merged entity's ids the network measured (a run made
        # before the merge measured each apart: two degrees, each of one of them)
        out.append({"kind": "NetworkMeasure", "role": r["measure"],
                    "result": r["projection_id"], "facts": facts, "file_name": None,
                    "member": r["entity_id"], "at": r["run_at"], "sources": sorted(
                        {*read.get((str(r["projection_id"]), str(r["run_at"])), ()),
                         *named})})
    return out


def _projection_sources(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]
                        ) -> dict[tuple[str, str], tuple[str, ...]]:
    """The sources each projection run of ``rows`` (projection, run time) was computed
    from, as the projection recorded them."""
    if not rows or not has_table(con, "projections"):
        return {}
    return {(str(p), str(at)): tuple(str(x) for x in sources or ())
            for p, at, sources in con.execute(
                "SELECT projection_id, run_at, sources FROM projections "
                "WHERE projection_id IN (SELECT unnest($ids))",
                {"ids": sorted({str(r["projection_id"]) for r in rows})}).fetchall()}


def _components(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]],
                codes: Sequence[str] | None
                ) -> dict[tuple[str, float], tuple[dict[str, Any], tuple[str, ...]]]:
    """The facts of the entity's component in each run of ``rows`` (its ``component``
    measures), by (projection, value): named by its smallest member's id and name, as
    ``tnoc network components`` names it, with how many components the run found, and
    no rank (its number had been shown ranked, "159.0; rank: 34556 of 36023"; a
    new-user review, helper-134). Read for those runs alone, not for every measure.
    The member's name is one they may see (``codes``: :func:`_names_read`), else its
    id; each with the sources that name was read from."""
    if not rows:
        return {}
    found = con.execute(
        "SELECT w.projection_id, w.value, min(m.entity_id) FILTER (m.value = w.value), "
        "count(DISTINCT m.value) FROM (SELECT unnest($runs, recursive := true)) w "
        "JOIN node_measures m ON m.projection_id = w.projection_id "
        "AND m.run_at = w.run_at AND m.measure = 'component' GROUP BY ALL",
        {"runs": [{"projection_id": r["projection_id"], "run_at": r["run_at"],
                   "value": r["value"]} for r in rows]}).fetchall()
    named, named_from = _names_read(con, sorted({str(first) for _p, _v, first, _n in found}),
                                    codes)
    facts = {}
    for projection, value, first, count in found:
        name = named.get(str(first), str(first))
        facts[(str(projection), float(value))] = ({
            "component": name if name == str(first) else f"{name} ({first})",
            "components": int(count)}, named_from.get(str(first), ()))
    return facts


def _screening(con: duckdb.DuckDBPyConnection, members: list[str],
               codes: Sequence[str] | None) -> list[dict[str, Any]]:
    """Screening hits of the entity against a list, or of a subject against it (as the
    list entry); the other side named within the clearance."""
    rows = rows_as_dicts(con.execute(
        "SELECT run_id, subject_id, list_entity_id, list_dataset, score, reason "
        "FROM screening_hits WHERE subject_id IN (SELECT unnest($ids)) "
        "OR list_entity_id IN (SELECT unnest($ids)) ORDER BY score DESC", {"ids": members}))
    others = sorted({str(r["list_entity_id"] if r["subject_id"] in members
                         else r["subject_id"]) for r in rows})
    names, named_from = _names_read(con, others, codes)
    out = []
    for r in rows:
        mine = r["subject_id"] in members
        other = str(r["list_entity_id"] if mine else r["subject_id"])
        if other not in names:
            continue  # the other side is above the clearance
        out.append({"kind": "ScreeningHit", "role": "subject" if mine else "list entry",
                    "result": r["run_id"], "file_name": None, "at": None,
                    "facts": {"list": r["list_dataset"], "score": r["score"],
                              "reason": r["reason"], "counterpart": other,
                              "counterpart_caption": names[other]},
                    "sources": list(named_from.get(other, ()))})
    return out


def _names_read(con: duckdb.DuckDBPyConnection, ids: list[str],
                codes: Sequence[str] | None
                ) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Display names of ``ids`` and, per id named, the sources its name was read from.
    Every one when ``codes`` is None (an account or wallet as the money listings and
    ``tnoc network components`` name it, :func:`tnoc.store.parties.named_parties`:
    its holder's name and the link saying so too), else only those with a name the
    member may see (:func:`tnoc.store.query.visible_names_read`: the first name
    statement of a source within ``codes``; the others are left out), each with those
    name statements' sources."""
    from tnoc.store.parties import named_parties

    if not ids:
        return {}, {}
    if codes is None:
        named = named_parties(con, ids)
        return named.names, named.by_party
    return visible_names_read(con, ids, codes)


TIMELINE_SQL = f"""
WITH mine AS (
    SELECT unnest($dated) AS entity_id, unnest($how) AS how
), dated AS (
    SELECT left(d.value, 10) AS date, d.value AS at, d.schema, d.prop, mine.how,
           d.entity_id, d.source_id, d.locator
    FROM {statements_by('entity_id', 'dated')} d JOIN mine USING (entity_id)
    WHERE d.prop_type = 'date' AND d.flag IS NULL AND {{visible}}
    UNION ALL
    SELECT left(c.occurred_at, 10), c.occurred_at, 'CustodyEvent', c.event_type,
           'source', c.item_id, c.item_id, NULL
    FROM custody_events c WHERE c.item_id IN (SELECT unnest($sources))
)
SELECT *, count(*) OVER () AS total,
       count(*) OVER (PARTITION BY schema || '.' || prop) AS of_kind
FROM dated
QUALIFY $limit IS NULL OR row_number() OVER (ORDER BY date, schema, prop, entity_id) <= $limit
   OR row_number() OVER (PARTITION BY schema || '.' || prop ORDER BY date) = 1
ORDER BY date, schema, prop, entity_id
"""


def _timeline(con: duckdb.DuckDBPyConnection, members: list[str],
              referrers: list[dict[str, Any]], sources: list[str],
              codes: Sequence[str] | None, limit: int | None
              ) -> tuple[Section, dict[str, int]]:
    """Dated facts, oldest first: its own dates, the dates of the entities that point at
    it (a call, a payment, a sanction listing, an event it was seen at; analysis
    results aside), and the custody events of ``sources`` (those stating it); with the
    count of each kind of fact (``Payment.date``, ``CustodyEvent.acquired``). A fact
    of an entity pointing at it names its ``counterpart``, the other end as in the
    links (a call's other party, a payment's beneficiary), and each row its
    provenance (``file_name``, ``locator``: the row in the file)."""
    how = {m: "own" for m in members}
    for r in referrers:
        if not r["derived"]:
            how.setdefault(str(r["entity_id"]), f"{r['schema']}.{r['prop']}")
    rows = rows_as_dicts(con.execute(
        TIMELINE_SQL.format(visible=visible_sql(codes, "d.")),
        _params(codes, dated=list(how), how=list(how.values()), sources=sources,
                limit=limit)))
    total = int(rows[0]["total"]) if rows else 0
    counts = {f"{r['schema']}.{r['prop']}": int(r["of_kind"]) for r in rows}
    # one row of each kind was fetched beyond the limit, only to count the kinds
    rows = rows if limit is None else rows[:limit]
    files = dict(con.execute("SELECT source_id, file_name FROM sources").fetchall())
    linking = sorted({str(r["entity_id"]) for r in rows if r["how"] not in ("own", "source")})
    other = _counterparts(con, linking, members, codes)
    for row in rows:
        del row["total"], row["of_kind"]
        row["file_name"] = files.get(row["source_id"])
        row["counterpart"] = other.get(str(row["entity_id"]))
    return Section(rows, total), dict(sorted(counts.items()))


def _resolution(con: duckdb.DuckDBPyConnection, canonical: str, members: list[str]
                ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Candidate duplicates (pairs with it, the most likely first) and judgements."""
    if not has_table(con, "candidate_links"):
        return [], []
    candidates = rows_as_dicts(con.execute(
        "SELECT CASE WHEN left_id IN (SELECT unnest($ids)) THEN right_id ELSE left_id END "
        "AS counterpart, method, match_probability, match_weight, reason, run_id "
        "FROM candidate_links WHERE left_id IN (SELECT unnest($ids)) "
        "OR right_id IN (SELECT unnest($ids)) "
        "ORDER BY match_probability DESC NULLS LAST, counterpart", {"ids": members}))
    judgements = rows_as_dicts(con.execute(  # a merge within it: the other member
        "SELECT judgement_id, seq, CASE WHEN left_id = $ids[1] THEN right_id "
        "WHEN right_id = $ids[1] THEN left_id WHEN left_id IN (SELECT unnest($ids)) "
        "THEN right_id ELSE left_id END AS counterpart, verdict, undoes, author, "
        "created_at, note, "
        "judgement_id IN (SELECT judgement_id FROM judgements_active) AS active "
        "FROM judgements WHERE left_id IN (SELECT unnest($ids)) "
        "OR right_id IN (SELECT unnest($ids)) ORDER BY seq", {"ids": [canonical, *members]}))
    return candidates, judgements


def _own_names(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, str]:
    """Each of ``ids`` named by its own statements, not by what it was merged into: a
    judgement names the two entities the analyst judged."""
    from tnoc.store.lookup import captions

    return captions(con, ids, merged=False) if ids else {}


def _name_counterparts(rows: list[dict[str, Any]], names: dict[str, str]
                       ) -> tuple[list[dict[str, Any]], int]:
    """``rows`` whose counterpart has a visible name, each given it; and how many were
    left out (their counterpart is above the clearance)."""
    kept = [{**r, "counterpart_caption": names[str(r["counterpart"])]} for r in rows
            if str(r["counterpart"]) in names]
    return kept, len(rows) - len(kept)


def dossier(con: duckdb.DuckDBPyConnection, reference: str,
            codes: Sequence[str] | None = None, limit: int | None = 50) -> Dossier:
    """The dossier of the entity ``reference`` (an id, or a name or identifier borne by
    one entity: :func:`tnoc.store.lookup.find_entity`).

    Parameters: ``codes``, the handling codes the viewer may see (None: all);
    ``limit``, the rows kept per kind of link and of the timeline (None: all), each
    section keeping its total. Raises :class:`TnocError` when no such entity has a
    value the viewer may see.
    """
    from tnoc.store.lookup import (
        canonicals,
        entity_rows,
        find_entity,
        members_of,
        properties_of,
        schema_of,
    )

    canonical = find_entity(con, reference)
    members = members_of(con, canonical)
    every = entity_rows(con, members)
    statements = every if codes is None else [s for s in every if s["handling_code"] in codes]
    if not statements:
        raise TnocError(f"no entity {reference!r} among the values you are cleared to see")
    schema = schema_of(con, [str(s["schema"]) for s in statements])
    referrers = _referrers(con, members, codes)
    links_in, linked = _links_in(con, members, referrers, codes, limit)
    outward = sorted({str(s["value"]) for s in statements
                      if s["prop_type"] == "entity" and s["prop"] != "id"})
    canonical_out = canonicals(con, outward) if outward else {}
    outward = sorted(set(canonical_out.values()))
    candidates, judgements = _resolution(con, canonical, members)
    timeline, counts = _timeline(con, members, referrers,
                                 sorted({str(s["source_id"]) for s in statements}),
                                 codes, limit)
    dated = {str(r[c]) for r in timeline.rows if r["how"] not in ("own", "source")
             for c in ("entity_id", "counterpart") if r[c]}
    names, named_from = _names_read(con, sorted({
        *linked, *outward, *dated, *(str(c["counterpart"]) for c in candidates),
        *(str(j["counterpart"]) for j in judgements)}), codes)
    for section in links_in.values():
        for row in section.rows:
            row["caption"] = names.get(str(row["entity"]), str(row["entity"]))
            if row["counterpart"]:
                row["counterpart_caption"] = names.get(str(row["counterpart"]),
                                                       str(row["counterpart"]))
    for row in timeline.rows:
        row["caption"] = names.get(str(row["entity_id"]), str(row["entity_id"])) \
            if row["how"] not in ("own", "source") else None
        if row["counterpart"]:  # above the clearance: unnamed, as in the links
            row["counterpart_caption"] = names.get(str(row["counterpart"]),
                                                   str(row["counterpart"]))
    candidates, hidden_candidates = _name_counterparts(candidates, names)
    judgements, hidden_judgements = _name_counterparts(judgements, names if codes else {
        **names, **_own_names(con, [str(j["counterpart"]) for j in judgements])})
    withheld = (len(every) - len(statements) + _withheld_links(con, members, codes)
                + hidden_candidates + hidden_judgements)
    analyses = _analyses(con, members, referrers, codes)
    shown = Dossier(
        id=canonical, schema=schema,
        caption=caption(canonical, schema, properties_of(statements)), members=members,
        properties=_named_values(group_properties(statements), names, canonical_out),
        links_out=_links_out(schema, statements, names, canonical_out),
        links_in=links_in, analyses=analyses,
        timeline=timeline, candidates=candidates,
        judgements=judgements, withheld=withheld, limit=limit, timeline_kinds=counts)
    shown.named_from = named_from
    return with_shown_sources(con, shown, codes)


def with_shown_sources(con: duckdb.DuckDBPyConnection, d: Dossier,
                       codes: Sequence[str] | None) -> Dossier:
    """``d`` with its :attr:`~Dossier.sources` and :attr:`~Dossier.handling` taken
    from what it shows now (:func:`shown_sources`): as built, and again once values
    are withheld from it (the reporter compartment), so neither a withheld value's
    source nor a name no longer shown counts."""
    sources = shown_sources(con, d, codes)
    return replace(d, sources=sources, handling=_strictest_code(con, sources))


def shown_sources(con: duckdb.DuckDBPyConnection, d: Dossier,
                  codes: Sequence[str] | None) -> list[str]:
    """Every source what ``d`` shows was read from: its values (the links out among
    them), the statements naming an entity of the entities that link it in the links
    and the timeline (the link to it and the counterpart shown beside), the dated
    facts, the analysis results' own (``sources`` of each: a derived result's
    statements, a network measure's projection, a component or screening counterpart's
    name), and those of every name shown (:attr:`~Dossier.named_from`; an entity shown
    by its id alone adds none): a linked person named in a TLP:RED file makes the
    dossier TLP:RED. Within ``codes`` (the viewer's clearance; None: all), as the
    dossier itself is. Sorted ids."""
    found = {str(src["source_id"]) for p in d.properties for v in p["values"]
             for src in v["sources"]}
    found |= {str(r["source_id"]) for r in d.timeline.rows if r.get("source_id")}
    found |= {str(x) for a in d.analyses for x in a.get("sources") or ()}
    linking = sorted({str(r["entity"]) for sec in d.links_in.values() for r in sec.rows}
                     | {str(r["entity_id"]) for r in d.timeline.rows
                        if r["how"] not in ("own", "source")})
    if linking:
        found |= {str(r[0]) for r in con.execute(
            f"SELECT DISTINCT source_id FROM {rows_of_entities()} s WHERE "
            "prop_type = 'entity' AND prop <> 'id' AND flag IS NULL AND "
            f"{visible_sql(codes, 's.')}", _params(codes, ids=linking)).fetchall()}
    shown_by_name = [(r.get(key), r.get(caption)) for rows in (
        *(sec.rows for sec in (*d.links_out.values(), *d.links_in.values())),
        d.timeline.rows, d.candidates, d.judgements) for r in rows
        for key, caption in (("entity", "caption"), ("entity_id", "caption"),
                             ("counterpart", "counterpart_caption"))]
    named = {str(e) for e, name in shown_by_name if e and name and str(name) != str(e)}
    unread = sorted(named - d.named_from.keys())
    late = _names_read(con, unread, codes)[1] if unread else {}
    for entity in named:
        found.update(d.named_from.get(entity, late.get(entity, ())))
    return sorted(found)


def _strictest_code(con: duckdb.DuckDBPyConnection, sources: list[str]) -> str | None:
    """The strictest handling code of ``sources`` (None: none of them has one)."""
    from tnoc.tlp import strictest

    found = [str(r[0]) for r in con.execute(
        "SELECT DISTINCT handling_code FROM sources WHERE handling_code IS NOT NULL "
        "AND list_contains($ids, source_id)", {"ids": sources}).fetchall()]
    return strictest(found) if found else None


def analysis_facts(row: dict[str, Any]) -> str:
    """One analysis result's facts in one line (``rank: 3; score: 4.2``), its name
    first (``community 4 of 12 (Leiden, ...)``) when it has one. The ids of the
    network a result was found on (``network``: source ids, ``projection``) are left
    to ``--json`` and the run's file, named beside the line."""
    facts = row["facts"]
    ordered = sorted(facts.items(), key=lambda kv: kv[0] != "name")
    return "; ".join(f"{k}: {v}" for k, v in ordered if k not in RUN_IDS
                     and not k.startswith("counterpart")) or json.dumps(facts)


RUN_IDS = frozenset({"network", "projection"})


LINK_FACTS_SQL = f"""
SELECT coalesce(s.merged_into, s.entity_id) AS entity, any_value(s.schema) AS schema,
       list(DISTINCT src.handling_code) AS codes,
       min(left(s.value, 10)) FILTER (WHERE s.prop_type = 'date') AS first,
       max(left(s.value, 10)) FILTER (WHERE s.prop_type = 'date') AS last
FROM {statements_by('entity_id')} s JOIN sources src USING (source_id)
WHERE s.flag IS NULL AND {{visible}}
GROUP BY 1
"""


def link_facts(con: duckdb.DuckDBPyConnection, ids: list[str],
               codes: Sequence[str] | None) -> dict[str, dict[str, Any]]:
    """What a chart shows of each entity of ``ids`` (the ends and the tie entities of a
    dossier's links): its schema, the handling codes of the sources stating it and the
    first and last of its dates, from the values the clearance ``codes`` lets through
    (an entity with none is left out). One scan on ``entity_id``, as the dossier's."""
    if not ids:
        return {}
    rows = con.execute(LINK_FACTS_SQL.format(visible=visible_sql(codes, "s.")),
                       _params(codes, ids=sorted(set(ids)))).fetchall()
    return {str(r[0]): {"schema": r[1], "codes": sorted(r[2]), "first": r[3], "last": r[4]}
            for r in rows}
