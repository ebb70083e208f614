"""Measures across time slices: who rises and who falls.

A slice is a source (CAVIAR's 11 two-month phase files are 11 sources). Each slice is
projected with the same parameters and measured; an actor's trajectory is its measure
per slice (absent = 0), and its change is the difference between its mean over the last
third of the slices and its mean over the first third (Morselli 2009 reads CAVIAR this
way: who held the network together early, who later).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import duckdb

from tnoc.errors import TnocError
from tnoc.graph.measures import measure
from tnoc.graph.projection import ProjectionSpec, project


@dataclass
class Timeline:
    """Measure per actor per slice."""

    slices: list[str]
    measure: str
    values: dict[str, list[float]]
    sizes: list[int]

    def change(self) -> list[tuple[str, float]]:
        """Actors by change from the first third of slices to the last third."""
        k = max(1, len(self.slices) // 3)
        out = []
        for actor, series in self.values.items():
            early, late = sum(series[:k]) / k, sum(series[-k:]) / k
            out.append((actor, late - early))
        return sorted(out, key=lambda x: (x[1], x[0]))


def _natural(text: str) -> list[object]:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


def slice_sources(con: duckdb.DuckDBPyConnection, dataset: str, pattern: str = "*"
                  ) -> list[tuple[str, str]]:
    """(source id, file name) of a dataset's sources whose file matches ``pattern``,
    in natural file-name order (phase2 before phase10)."""
    glob = pattern.replace("*", "%")
    rows = con.execute("SELECT source_id, file_name FROM sources WHERE dataset = ? AND "
                       "file_name LIKE ?", [dataset, glob]).fetchall()
    if not rows:
        raise TnocError(f"no sources of dataset {dataset!r} match {pattern!r}; "
                        "see 'tnoc sources'")
    return sorted(((str(s), str(f)) for s, f in rows), key=lambda x: _natural(x[1]))


def timeline(con: duckdb.DuckDBPyConnection, slices: list[tuple[str, str]],
             spec: ProjectionSpec, measure_name: str = "betweenness") -> Timeline:
    """Project and measure each slice with ``spec``."""
    values: dict[str, list[float]] = {}
    sizes = []
    for number, (source_id, _) in enumerate(slices):
        projection = project(con, replace(spec, sources=(source_id,)))
        table = measure(projection)
        sizes.append(len(projection.ids))
        for entity, value in zip(table.ids, table.values[measure_name], strict=True):
            values.setdefault(entity, [0.0] * len(slices))[number] = value
    return Timeline([f for _, f in slices], measure_name, values, sizes)
