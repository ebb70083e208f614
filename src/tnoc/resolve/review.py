"""The review queue: candidate pairs awaiting a judgement, most uncertain first.

Only the candidates of the latest ``tnoc resolve`` are queued (an earlier run's
proposals are superseded, not added). Uncertainty is the distance of the match
probability from 0.5: a pair Splink scores at 0.55 needs a person more than one it
scores at 0.999. Strong-identifier pairs (probability 1.0) come after the
probabilistic ones. Each pair is shown with the
evidence of both sides: every value of each entity with its source file and row.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import duckdb

from tnoc.resolve.screening import ScreeningHit
from tnoc.store.lookup import rows_of_entities
from tnoc.store.query import rows_as_dicts
from tnoc.store.resolution_tables import ensure

__all__ = ["QUEUE_SQL", "CandidatePair", "ComparisonWeight", "PairEvidence",
           "ResolutionOverview", "batch_candidates", "evidence", "pair_evidence", "pair_sources",
           "queue_size", "resolution_overview", "resolved_before", "review_queue"]


@dataclass
class CandidatePair:
    """A pair to judge and why it was proposed."""

    left_id: str
    right_id: str
    method: str
    match_probability: float | None
    reason: str
    details: str | None

    @property
    def probability(self) -> float | None:
        """The match probability to show: a deterministic match (a shared identifier,
        no model) is certain, 1.0; a received file's claim (``partner-claim``) was never
        scored, None: it must not read as certainty."""
        if self.match_probability is not None:
            return self.match_probability
        return None if self.method == "partner-claim" else 1.0


QUEUE_SQL = """
WITH judged AS (
    SELECT least(left_id, right_id) AS a, greatest(left_id, right_id) AS b
    FROM judgements_active
), latest AS (  -- the runs of the latest `tnoc resolve` (all runs in older cases),
    -- and every received file's claims "this is your entity X" (never superseded by a
    -- resolve: they wait for an analyst until judged)
    SELECT run_id FROM resolution_runs
    WHERE batch = (SELECT arg_max(batch, created_at) FROM resolution_runs
                   WHERE batch IS NOT NULL)
       OR NOT EXISTS (SELECT 1 FROM resolution_runs WHERE batch IS NOT NULL)
       OR method = 'partner-claim'
)
SELECT c.left_id, c.right_id, any_value(c.method) AS method,
       max(c.match_probability) AS match_probability,
       string_agg(DISTINCT c.reason, '; ' ORDER BY c.reason) AS reason,
       any_value(c.details)::VARCHAR AS details
FROM candidate_links c
JOIN latest USING (run_id)
LEFT JOIN judged j ON j.a = c.left_id AND j.b = c.right_id
LEFT JOIN canonical_map ml ON ml.entity_id = c.left_id
LEFT JOIN canonical_map mr ON mr.entity_id = c.right_id
WHERE j.a IS NULL
  AND coalesce(ml.canonical_id, c.left_id) <> coalesce(mr.canonical_id, c.right_id)
GROUP BY c.left_id, c.right_id
ORDER BY abs(coalesce(max(c.match_probability), 1.0) - 0.5), c.left_id, c.right_id
LIMIT $limit
"""


def review_queue(con: duckdb.DuckDBPyConnection, limit: int = 50) -> list[CandidatePair]:
    """Unjudged candidate pairs of the latest resolve whose sides are not already
    merged, most uncertain first."""
    ensure(con)
    return [CandidatePair(*row) for row in con.execute(QUEUE_SQL, {"limit": limit}).fetchall()]


def queue_size(con: duckdb.DuckDBPyConnection) -> int:
    """How many pairs wait for a judgement (the queue without its limit)."""
    ensure(con)
    rows = con.execute(f"SELECT count(*) FROM ({QUEUE_SQL})", {"limit": 2**62}).fetchall()
    return int(rows[0][0]) if rows else 0


def batch_candidates(con: duckdb.DuckDBPyConnection, batch: str) -> list[dict[str, Any]]:
    """Every candidate pair of one resolve (its batch), strongest first, with the names
    of both sides."""
    return rows_as_dicts(con.execute(
        "WITH names AS (SELECT entity_id, min(value) AS name FROM statement_store "
        "WHERE prop = 'name' GROUP BY entity_id) "
        "SELECT c.left_id, l.name AS left_name, c.right_id, r.name AS right_name, c.method, "
        "coalesce(c.match_probability, 1.0) AS match_probability, c.reason, c.run_id "
        "FROM candidate_links c JOIN resolution_runs USING (run_id) "
        "LEFT JOIN names l ON l.entity_id = c.left_id "
        "LEFT JOIN names r ON r.entity_id = c.right_id "
        "WHERE batch = ? ORDER BY match_probability DESC, c.left_id, c.right_id", [batch]))


def evidence(con: duckdb.DuckDBPyConnection, entity_id: str,
             withheld: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Every valid value of an entity with the file and row it came from, but those of
    the entities ``withheld`` (a citizen reporter's identity, whatever the clearance:
    :mod:`tnoc.govern.compartments`)."""
    return rows_as_dicts(con.execute(
        "SELECT s.prop, s.value, src.file_name, s.locator FROM statements s "
        "JOIN sources src USING (source_id) WHERE s.canonical_id = "
        "coalesce((SELECT canonical_id FROM canonical_map WHERE entity_id = $id), $id) "
        "AND s.flag IS NULL AND s.prop <> 'id' "
        "AND s.entity_id NOT IN (SELECT unnest($withheld::VARCHAR[])) "
        "ORDER BY s.prop, s.value", {"id": entity_id, "withheld": sorted(withheld)}
    ))


def resolved_before(con: duckdb.DuckDBPyConnection) -> bool:
    """True when any resolution or screening run is recorded in the case (its tables
    made on first use): a build that resolves once looks here first."""
    ensure(con)
    row = con.execute("SELECT count(*) FROM resolution_runs").fetchone()
    return bool(row and row[0])


@dataclass(frozen=True)
class ResolutionOverview:
    """What entity resolution and screening found, for a case summary: candidate links
    per method (not merged until judged), the strongest screening hits, and how many
    hits there are in all."""

    candidates_by_method: list[tuple[str, int]]
    strongest_hits: list[ScreeningHit]
    hits: int


def resolution_overview(con: duckdb.DuckDBPyConnection, top: int = 15
                        ) -> ResolutionOverview | None:
    """Candidate links by method and the ``top`` screening hits of every run, strongest
    first (at one score, hits on other grounds before "the same ..." ones, then by
    subject); None when the case was never resolved (no such tables)."""
    try:
        links = con.execute("SELECT method, count(*) FROM candidate_links GROUP BY 1 "
                            "ORDER BY 1").fetchall()
        hits = con.execute(
            "SELECT subject_id, list_entity_id, list_dataset, score, reason FROM "
            "screening_hits ORDER BY score DESC, reason LIKE 'the same%', subject_id "
            "LIMIT ?", [top]).fetchall()
        total = con.execute("SELECT count(*) FROM screening_hits").fetchone()
    except duckdb.CatalogException:
        return None
    return ResolutionOverview([(str(m), int(n)) for m, n in links],
                              [ScreeningHit(*h) for h in hits], int(total[0]) if total else 0)


# --- one pair side by side (the web workspace's review queue, issue #22) -----------------


@dataclass(frozen=True)
class ComparisonWeight:
    """One comparison of a scored pair: the level it reached ("close words", "shared")
    and its partial match weight, the log2 Bayes factor it adds (Fellegi & Sunter 1969;
    Splink's ``mw_<comparison>``, the term-frequency adjustment of the name included)."""

    comparison: str
    level: str | None
    weight: float


@dataclass(frozen=True)
class PairEvidence:
    """A candidate pair as a reviewer judges it: both entities' names and values (each
    with its file, row and handling code), the pair's match weight (the prior plus the
    partial weights; None when it was not scored by the model), why it was proposed,
    and how many values were left out as above the reader's clearance."""

    pair: CandidatePair
    left_name: str
    right_name: str
    left: list[dict[str, Any]]
    right: list[dict[str, Any]]
    weights: list[ComparisonWeight]
    prior_weight: float | None
    match_weight: float | None
    left_out: int = 0
    """Values of the two entities from sources above the reader's clearance, not shown
    (nor is the reason line, which quotes values of either side)."""

    @property
    def properties(self) -> list[str]:
        """The properties either side has, in order: the rows of a side-by-side view."""
        return sorted({r["prop"] for r in self.left} | {r["prop"] for r in self.right})


def _partial_weights(details: str | None) -> tuple[list[ComparisonWeight], float | None]:
    """The per-comparison weights and the prior of a Splink candidate's details
    (:func:`tnoc.resolve.probabilistic._explain`); nothing for other methods."""
    try:
        parsed = json.loads(details) if details else {}
    except ValueError:
        return [], None
    weights = parsed.get("weights") if isinstance(parsed, dict) else None
    if not isinstance(weights, dict):
        return [], None
    levels = parsed.get("levels") or {}
    out = []
    for name, value in weights.items():
        if name.startswith("tf_"):
            continue
        total = float(value) + float(weights.get(f"tf_adj_{name}", 0.0)) + float(
            weights.get(f"tf_{name}", 0.0))
        out.append(ComparisonWeight(name.replace("_", " "), levels.get(name), total))
    out.sort(key=lambda w: -abs(w.weight))
    prior = parsed.get("prior_weight")
    return out, float(prior) if isinstance(prior, int | float) else None


def pair_evidence(con: duckdb.DuckDBPyConnection, pair: CandidatePair,
                  visible: list[str] | None, withheld: frozenset[str] = frozenset()
                  ) -> PairEvidence:
    """``pair`` with the evidence of both sides, values from sources whose handling code
    is not in ``visible`` left out (None: every value), and the values of the entities
    ``withheld`` (a citizen reporter's identity, :mod:`tnoc.govern.compartments`) left
    out whatever the clearance, such a side named by its id."""
    from tnoc.store.lookup import captions

    hidden: list[int] = []
    compartmented: set[str] = set()

    def canonical(entity_id: str) -> str:
        row = con.execute("SELECT canonical_id FROM canonical_map WHERE entity_id = ?",
                          [entity_id]).fetchone()
        return str(row[0]) if row else entity_id

    def side(entity_id: str) -> list[dict[str, Any]]:
        rows = rows_as_dicts(con.execute(
            # statement_store, not the statements view: the entity and those merged into
            # it are found by their ids, not by a canonical id computed for every row
            "SELECT s.prop, s.value, src.file_name, s.locator, src.handling_code, "
            f"src.sha256, s.entity_id FROM {rows_of_entities()} s JOIN sources src "
            "USING (source_id) WHERE s.flag IS NULL AND s.prop <> 'id' "
            "ORDER BY s.prop, s.value, src.file_name, s.locator",
            {"ids": [canonical(entity_id)]}))
        shown = [{k: v for k, v in r.items() if k != "entity_id"} for r in rows
                 if (visible is None or r["handling_code"] in visible)
                 and r["entity_id"] not in withheld]
        hidden.append(len(rows) - len(shown))
        if any(r["entity_id"] in withheld for r in rows):
            compartmented.add(entity_id)
        return shown

    def name(entity_id: str, values: list[dict[str, Any]]) -> str:
        """The entity's caption when every value is visible or the caption is one of
        the visible names; else a visible name, else its id (a name from a stricter
        source is not shown)."""
        if entity_id in compartmented:  # a reporter's name is not shown, even visible
            return entity_id
        caption = captions(con, [entity_id]).get(entity_id, entity_id)
        seen = sorted(r["value"] for r in values if r["prop"] == "name")
        if visible is None or caption in seen:
            return caption
        return seen[0] if seen else entity_id

    left, right = side(pair.left_id), side(pair.right_id)
    weights, prior = _partial_weights(pair.details)
    if prior is not None:
        match_weight: float | None = prior + sum(w.weight for w in weights)
    elif pair.match_probability is not None and 0 < pair.match_probability < 1:
        match_weight = math.log2(pair.match_probability / (1 - pair.match_probability))
    else:
        match_weight = None
    return PairEvidence(pair, name(pair.left_id, left), name(pair.right_id, right), left,
                        right, weights, prior, match_weight, sum(hidden))


def pair_sources(con: duckdb.DuckDBPyConnection, left_id: str, right_id: str) -> list[str]:
    """The sources of every statement of two entities (as merged so far): what judging
    them reads, so the judgement is decided on their handling codes."""
    return [str(s) for s, in con.execute(
        "SELECT DISTINCT source_id FROM statements WHERE canonical_id IN (SELECT coalesce("
        "(SELECT canonical_id FROM canonical_map WHERE entity_id = e), e) FROM "
        "unnest($ids) AS t(e)) ORDER BY 1", {"ids": [left_id, right_id]}).fetchall()]
