"""How telling a shared identifier or contact is: the more entities bear it, the less.

A registration number, website or e-mail address borne by several entities of a case
more often links related entities (a group's companies, a shared office, a front's
website) than it marks one entity twice; on the OFAC lists most false cross-year
candidates with different names were such pairs (four Iranian shipping companies with
one website, a Mexican firm and its successor with one registration number). The
comparison's u, P(shared | different entities), is an average over all values. As for
names (frequency-based weights: Winkler 1989; Splink's term-frequency adjustment), a
pair sharing value v is weighed with u_v, the chance that an *unrelated* entity bears v:

    u_v = o(c_v) / N,   o(c) = max(c - 1 - min(r, c - 1), 0) if c >= 3, else 0

with c_v the entities of the group bearing v, N the entities and r the expected number
of other records of the same entity (the model's own lambda x (N - 1)), so the entity
and its copies are not counted against it (:mod:`tnoc.resolve.frequencies` does the
same for names). A value borne by two entities, the pair itself, says nothing about
unrelated ones and keeps the comparison's weight. The pair is weighed on its rarest
shared value, and the weight only ever goes down, by log2(u / u_v) where u_v > u.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from tnoc.query_results import temp_table_name

if TYPE_CHECKING:
    from tnoc.resolve.record_tables import RecordTable

__all__ = ["COMPARED", "SharedValues", "level_u", "shared_in", "weigh_shared_values"]

COMPARED = ("identifiers", "contacts")  # list comparisons weighed by their values' bearers

BEARERS_SQL = """
SELECT b.value, count(DISTINCT b.entity_id) AS bearers
FROM (SELECT entity_id, unnest({column}) AS value FROM {entities}) AS b
JOIN {wanted} w ON w.value = b.value
GROUP BY b.value
"""
"""How many entities bear each of the values in table ``wanted`` in one list column
(DuckDB's dialect, run on the linking engine; the values joined as a table, not a
literal list every row is tested against)."""


def shared_in(rows: list[dict[str, Any]]) -> set[str]:
    """The identifiers and contacts the candidate pairs ``rows`` share."""
    return {str(v) for row in rows for column in COMPARED
            for v in row.get(f"shared_{column}") or ()}


@dataclass
class SharedValues:
    """Bearers of the identifier and contact values the candidate pairs of a group share,
    and what it takes to weigh a pair by them."""

    bearers: Counter[str]
    entities: int
    copies: float

    @classmethod
    def of(cls, entities: RecordTable, copies: float, values: Iterable[str]) -> SharedValues:
        """Count the entities of ``entities`` (one row per entity, on its engine) bearing
        each of ``values`` (those the candidate pairs share: only their counts come
        back)."""
        wanted = sorted(set(values))
        counts: Counter[str] = Counter()
        if not wanted:
            return cls(counts, max(entities.rows, 1), max(copies, 0.0))
        engine = entities.engine
        table = temp_table_name("tnoc_shared_values")
        engine.register_arrow(table, pa.table({"value": pa.array(wanted, pa.string())}))
        try:
            for column in COMPARED:
                if column in entities.columns:
                    for row in engine.fetch_arrow(BEARERS_SQL.format(
                            column=column, entities=entities.name, wanted=table)
                            ).to_pylist():
                        counts[str(row["value"])] += int(row["bearers"])
        finally:
            engine.drop(table)
        return cls(counts, max(entities.rows, 1), max(copies, 0.0))

    def others(self, value: str) -> float:
        """o(c): the bearers of ``value`` left once an entity and its copies are out; 0
        for a value borne by two entities, which are the pair itself: two bearers say
        nothing about unrelated ones (as for names)."""
        c = self.bearers.get(value, 0)
        return max(c - 1 - min(self.copies, c - 1), 0.0) if c >= 3 else 0.0

    def adjustment(self, shared: list[str], level_u: float) -> tuple[float, int] | None:
        """The weight change for a pair sharing ``shared`` at a level of u ``level_u``,
        and the bearers of its rarest shared value; None when the level's weight holds."""
        if not shared or not level_u > 0:
            return None
        rarest = min(shared, key=lambda v: (self.bearers.get(v, 0), v))
        u_value = self.others(rarest) / self.entities
        if u_value <= level_u:
            return None
        return math.log2(level_u / u_value), self.bearers.get(rarest, 0)


def level_u(model: dict[str, Any], comparison: str, label: str) -> float | None:
    """The u probability of ``comparison``'s level labelled ``label`` in a saved model."""
    for entry in model.get("comparisons", []):
        if entry.get("output_column_name") != comparison:
            continue
        for level in entry.get("comparison_levels", []):
            if level.get("label_for_charts") == label:
                u = level.get("u_probability")
                return float(u) if isinstance(u, int | float) else None
    return None


def weigh_shared_values(rows: list[dict[str, Any]], values: SharedValues,
                        model: dict[str, Any], labels: dict[str, dict[float, str]],
                        threshold: float) -> list[dict[str, Any]]:
    """Lower the weight of each pair whose shared identifiers or contacts are borne by
    other entities too (the module text); adds ``mw_tf_<comparison>`` and
    ``bearers_<comparison>`` to the row and drops pairs that fall under ``threshold``."""
    out = []
    for row in rows:
        for comparison in COMPARED:
            weight = row.get(f"mw_{comparison}")
            if weight is None:
                continue
            label = labels.get(comparison, {}).get(round(float(weight), 3))
            if label is None or not label.startswith("shared"):
                continue
            u = level_u(model, comparison, label.split(" or ")[0])
            change = values.adjustment(list(row.get(f"shared_{comparison}") or []), u or 0.0)
            if change is None:
                continue
            row[f"mw_tf_{comparison}"], row[f"bearers_{comparison}"] = change
            row["match_weight"] = float(row["match_weight"]) + change[0]
            row["match_probability"] = 1.0 / (1.0 + 2.0 ** -row["match_weight"])
        if row["match_probability"] >= threshold:
            out.append(row)
    return out
