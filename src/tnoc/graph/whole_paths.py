"""The shortest path between two actors over a whole case's ties, on DuckDB or on Spark
(issue #27, item 3: breadth-first paths that scale).

``tnoc network path`` finds the k shortest simple paths of a projection held in memory
(:func:`tnoc.graph.paths.paths_between`, Yen 1971 through networkx): the tool for a
network of interest. A national case's ties do not fit one process, so on Spark the
path is searched where the ties are: a level-synchronous breadth-first search from the
first actor (:func:`tnoc.store.engine_graph.shortest_paths`), stopped as soon as the
second is reached. It gives one shortest path in hops, the same one on every engine
(each actor reached keeps its smallest predecessor; the path is walked back from the
target along those).

The ties are the projection's (:data:`tnoc.graph.projection.TIES_SQL`, so the answer
is the in-memory one's): every FtM edge and every call, message and email
(:data:`~tnoc.graph.projection.INTERACTIONS`), its ends stated by the tie's own source,
merged entities under their canonical id; and, as there, the ties are followed along
their direction only when every tie searched is directed (``--undirected`` ignores
direction). The ties behind each hop are then read from the case's store
(:func:`tnoc.graph.projection.tie_evidence`), so every step can be cited as in the
in-memory answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from tnoc.errors import TnocError
from tnoc.graph.paths import Hop
from tnoc.graph.projection import INTERACTIONS
from tnoc.graph.whole import no_ties, require_ties
from tnoc.store.engine import Engine, fetch_value
from tnoc.store.engine_graph import shortest_paths

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from tnoc.store import Case

__all__ = ["WholePath", "WholePathParams", "case_whole_path", "path_hops", "whole_path"]

TIE_SCHEMATA, ENDS, ARCS, PAIRS, OUT = (
    "whole_path_tie_schemata", "whole_path_ends", "whole_path_arcs", "whole_path_pairs",
    "whole_path")
"""The scratch tables of the search, on either engine."""
NO_PATH = "no path to search"

ENDS_SQL = f"""
WITH e AS (
    SELECT DISTINCT s.canonical_id AS edge, s.schema, s.source_id
    FROM statements s JOIN {TIE_SCHEMATA} sc ON sc.name = s.schema
    WHERE s.prop = 'id' {{only}}
)
SELECT DISTINCT coalesce(ms.canonical_id, src.value) AS src,
       coalesce(mt.canonical_id, tgt.value) AS dst, sc.directed, e.source_id
FROM e JOIN {TIE_SCHEMATA} sc ON sc.name = e.schema
JOIN statements src ON src.canonical_id = e.edge AND src.prop = sc.edge_source
     AND src.source_id = e.source_id AND src.flag IS NULL
JOIN statements tgt ON tgt.canonical_id = e.edge AND tgt.prop = sc.edge_target
     AND tgt.source_id = e.source_id AND tgt.flag IS NULL
LEFT JOIN canonical_map ms ON ms.entity_id = src.value
LEFT JOIN canonical_map mt ON mt.entity_id = tgt.value
"""
"""The ends of every tie, as :data:`tnoc.graph.projection.TIES_SQL` reads them (its
``ends``, without the locators), with the tie's direction and source; plain SQL that
runs on both engines. ``{only}`` is empty or the schema filter."""


@dataclass(frozen=True)
class WholePathParams:
    """``schemata``: tie schemata to keep (empty: all); ``directed`` None follows the
    ties (along their direction when every tie searched is directed, as a projection
    does), False ignores direction, True follows it; the search gives up after
    ``max_hops`` levels (each a few Spark jobs), saying so."""

    schemata: tuple[str, ...] = ()
    directed: bool | None = None
    max_hops: int = 20


@dataclass
class WholePath:
    """``nodes``: the actors of one shortest path, source first (empty when there is
    none); ``levels`` the search expanded; ``exhausted``: the search reached every
    actor the source reaches before ``max_hops`` (so no path means none at any
    length); ``directed``: whether it followed the ties' direction; ``missing``: the
    ends that are in no tie searched; ``against_direction``: when a directed search
    found nothing, whether the two are joined ignoring direction (None: not settled
    within ``max_hops``); ``arcs`` searched, ``sources`` (ids) of their ties;
    ``hops``: the path's hops with their evidence (:func:`path_hops`);
    ``provenance``: where it ran (engine, Spark's master, the lake manifest's
    SHA-256)."""

    source: str
    target: str
    nodes: list[str]
    levels: int
    exhausted: bool
    directed: bool
    arcs: int
    params: WholePathParams
    sources: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    against_direction: bool | None = None
    hops: list[Hop] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def length(self) -> int | None:
        """Hops of the path; None when there is none."""
        return len(self.nodes) - 1 if self.nodes else None

    def reason(self, names: Mapping[str, str] | None = None) -> str | None:
        """Why there is no path, in the words an analyst needs (the actors as "name
        (id)" where ``names`` has them); None when there is."""
        if self.nodes:
            return None

        def actor(entity: str) -> str:
            name = (names or {}).get(entity, entity)
            return f"{name} ({entity})" if name != entity else entity

        a, b = actor(self.source), actor(self.target)
        if self.missing:
            what = (f" of schema {', '.join(self.params.schemata)}"
                    if self.params.schemata else "")
            return (f"{' and '.join(actor(m) for m in self.missing)} "
                    f"{'is' if len(self.missing) == 1 else 'are'} in no tie{what} of "
                    "this case; check the id with 'tnoc search' and --schema")
        if not self.exhausted:
            return f"no path from {a} to {b} within {self.params.max_hops} hops (--max-hops)"
        if self.directed and self.against_direction:
            return (f"no directed path from {a} to {b}; they are connected only against "
                    "the direction of some ties (use --undirected)")
        if self.directed and self.against_direction is None:
            return (f"no directed path from {a} to {b} (every actor {a} reaches was "
                    f"searched); whether they are joined against the direction of some "
                    f"ties was not settled within {self.params.max_hops} hops")
        return f"{a} and {b} are not connected: no chain of ties joins them"


def _search(engine: Engine, source: str, target: str, max_hops: int, directed: bool
            ) -> tuple[list[str], int]:
    """One shortest path over :data:`ARCS` and the levels expanded."""
    engine.register_arrow(PAIRS, pa.table({"source": [source], "target": [target]}))
    try:
        levels = shortest_paths(engine, ARCS, PAIRS, OUT, max_hops, directed)
        steps = engine.fetch_arrow(f"SELECT step, node FROM {OUT} ORDER BY step")
    finally:
        engine.drop(OUT)
        engine.drop(PAIRS)
    return [str(n) for n in steps.column("node").to_pylist()], levels


def whole_path(engine: Engine, source: str, target: str,
               params: WholePathParams | None = None) -> WholePath:
    """One shortest path in hops from ``source`` to ``target`` (canonical ids) over the
    case's ties on ``engine`` (see the module): the case's own DuckDB store, or a Spark
    session reading its lake (:func:`tnoc.store.case_engine.case_engine`). When a
    search along the ties' direction finds none, a second one ignoring direction says
    whether the two are joined only against it (as the in-memory answer does).

    Raises:
        TnocError: the two actors are one, ``max_hops`` below 1, or the case (or the
            chosen schemata) holds no ties.
    """
    from tnoc.store.schema import schemata_rows

    p = params or WholePathParams()
    if source == target:
        raise TnocError("a path needs two different actors")
    if p.max_hops < 1:
        raise TnocError(f"--max-hops must be at least 1, got {p.max_hops}")
    ties = [(str(r[0]), str(r[5]), str(r[6]), True if r[8] is None else bool(r[8]))
            for r in schemata_rows() if r[4]]
    ties += [(name, a, b, True) for name, (a, b) in INTERACTIONS.items()]
    engine.register_arrow(TIE_SCHEMATA, pa.table({
        "name": [t[0] for t in ties], "edge_source": [t[1] for t in ties],
        "edge_target": [t[2] for t in ties],
        "directed": pa.array([t[3] for t in ties], pa.bool_())}))
    only, args = ("AND s.schema IN $schemata", {"schemata": list(p.schemata)}) if (
        p.schemata) else ("", {})
    try:
        engine.create_table(ENDS, ENDS_SQL.format(only=only), args)
        if not fetch_value(engine, f"SELECT count(*) FROM {ENDS}"):
            raise no_ties(p.schemata, NO_PATH)
        directed = p.directed if p.directed is not None else bool(
            fetch_value(engine, f"SELECT bool_and(directed) FROM {ENDS}"))
        engine.create_table(ARCS, f"SELECT DISTINCT src, dst FROM {ENDS}")
        arcs = int(fetch_value(engine, f"SELECT count(*) FROM {ARCS}"))
        sources = sorted(str(s) for s in engine.fetch_arrow(
            f"SELECT DISTINCT source_id FROM {ENDS}").column(0).to_pylist())
        present = {str(n) for n in engine.fetch_arrow(
            f"SELECT src AS node FROM {ARCS} WHERE src IN ($a, $b) UNION "
            f"SELECT dst AS node FROM {ARCS} WHERE dst IN ($a, $b)",
            {"a": source, "b": target}).column(0).to_pylist()}
        missing = [n for n in (source, target) if n not in present]
        answer = WholePath(source, target, [], 0, True, directed, arcs, p, sources,
                           missing)
        if missing:
            return answer
        answer.nodes, answer.levels = _search(engine, source, target, p.max_hops, directed)
        answer.exhausted = bool(answer.nodes) or answer.levels < p.max_hops
        if not answer.nodes and answer.exhausted and directed:
            either, levels = _search(engine, source, target, p.max_hops, False)
            answer.against_direction = (True if either else False if levels < p.max_hops
                                        else None)
        return answer
    finally:
        for name in (ARCS, ENDS, TIE_SCHEMATA):
            engine.drop(name)


def path_hops(con: duckdb.DuckDBPyConnection, path: WholePath) -> list[Hop]:
    """The hops of ``path`` with the tie entities behind each, from the case's store
    (:func:`tnoc.graph.projection.tie_evidence`, the ties the search read): a tie from
    the hop's first actor to its second, or, when the search ignored direction, either
    way round. A hop no tie stands behind is an error, never an uncited step."""
    from tnoc.graph.projection import ProjectionSpec, tie_evidence

    pairs = list(pairwise(path.nodes))
    found = tie_evidence(con, ProjectionSpec(schemata=path.params.schemata), pairs,
                         directed=path.directed)
    uncited = [pair for pair in pairs if not found[pair]]
    if uncited:
        raise TnocError(f"no tie of the case stands behind the hop {uncited[0][0]} -> "
                        f"{uncited[0][1]} of the path found (a bug, or the case changed); "
                        "nothing is shown")
    return [Hop(a, b, found[(a, b)]) for a, b in pairs]


def case_whole_path(case: Case, source: str, target: str,
                    params: WholePathParams | None = None, engine: str = "duckdb",
                    master: str = "local[2]", spark: SparkSession | None = None
                    ) -> WholePath:
    """:func:`whole_path` over ``case`` between two entity ids (a merged-away id stands
    for its canonical one), with its hops' evidence (:func:`path_hops`): on DuckDB over
    its store (read-only); on Spark (``master``, or ``spark``, a session to reuse) over
    its sealed lake, read with the case closed, the lake checked before (missing,
    altered or stale is refused) and after (still the case and the same lake, in the
    connection that then reads the evidence), as ``tnoc money cluster`` does. The
    command's closing ledger entry names where it ran and the sources whose ties were
    searched (it stores nothing).

    Raises:
        TnocError: as :func:`whole_path` and :func:`path_hops`; a lake Spark cannot
            read or that changed while Spark ran, Spark that cannot start, an unknown
            engine.
    """
    from tnoc.errors import ArgumentError
    from tnoc.ledger.custody import computed_on, sources_read
    from tnoc.store.case_engine import (
        ENGINES,
        case_engine,
        check_master,
        lake_for_spark,
        lake_still_read,
        spark_engine,
    )
    from tnoc.store.lookup import canonicals

    if engine not in ENGINES:
        raise ArgumentError(f"--engine {engine}: choose one of {', '.join(ENGINES)}")
    if engine == "duckdb":
        with case.connect(read_only=True) as con, case_engine(con, case) as chosen:
            ids = canonicals(con, [source, target])
            source, target = ids[source], ids[target]
            result = whole_path(chosen.engine, source, target, params)
            result.hops = path_hops(con, result)
    else:
        if spark is None:  # an unreachable master is said before the lake is hashed
            check_master(master)
        with case.connect(read_only=True) as con:
            ids = canonicals(con, [source, target])
            source, target = ids[source], ids[target]
            if source == target:  # said before the lake is hashed and Spark starts
                raise TnocError("a path needs two different actors")
            require_ties(con, (params or WholePathParams()).schemata, NO_PATH,
                         interactions=True)  # as whole_path says it, in an instant
            manifest = lake_for_spark(case.root, con)
        with spark_engine(case, manifest, master, spark) as chosen:
            result = whole_path(chosen.engine, source, target, params)
        with case.connect(read_only=True) as con:
            lake_still_read(case.root, con, manifest)
            result.hops = path_hops(con, result)
    result.provenance = chosen.provenance
    computed_on(result.provenance)
    sources_read(*result.sources)
    return result
