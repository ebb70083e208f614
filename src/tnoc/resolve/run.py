"""``tnoc resolve``: Splink per group of schemata, then strong identifiers for the rest,
in one transaction.

Within a group the probabilistic model weighs a shared identifier or contact together
with the names, dates and countries (a tax number shared by two differently named
companies is evidence, not proof). Strong-identifier links cover what the model does
not compare: entities outside the groups (wallets, bank accounts, addresses) and
entities without a name.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from tnoc.errors import ArgumentError
from tnoc.ledger.custody import record_analysis
from tnoc.query_results import has_table
from tnoc.resolve.identifiers import IdentifierResult, link_identifiers
from tnoc.resolve.model import ModelOptions
from tnoc.resolve.probabilistic import (
    GroupResult,
    GroupScores,
    block_budget,
    records_folder,
    score_group,
    store_group,
)
from tnoc.resolve.records import (
    COMPARTMENTS,
    GroupRecords,
    group_records,
    present_schemata,
    statements_outside_compartments,
)
from tnoc.resolve.schemata import GROUPS
from tnoc.resolve.spark_backend import ResolutionBackend, resolution_backend
from tnoc.store import Case
from tnoc.store.case_engine import (
    DEFAULT_MASTER,
    check_master,
    lake_for_spark,
    lake_still_read,
    saving_after_spark,
    spark_engine,
)
from tnoc.store.engine import DuckDBEngine, Engine
from tnoc.store.query import query_arrow
from tnoc.store.resolution_tables import ensure

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


@dataclass
class ResolveSummary:
    """What a resolve run produced."""

    identifiers: IdentifierResult
    groups: list[GroupResult] = field(default_factory=list)
    batch: str = ""  # the id the runs of this resolve share


def resolve_case(case: Case, options: ModelOptions | None = None, probabilistic: bool = True,
                 progress: Callable[[str], None] | None = None, engine: str = "duckdb",
                 master: str = DEFAULT_MASTER, spark: SparkSession | None = None
                 ) -> ResolveSummary:
    """Propose candidate links for the whole case; nothing is merged until judged.

    ``engine``: where the records are built and the probabilistic model estimated
    and applied: DuckDB (the default: the records from the case's store, linked by
    Splink on DuckDB) or Spark on a session started on ``master`` (or ``spark``, a
    session to reuse: a test's): the records built from the case's lake
    (``tnoc case lake``, :mod:`tnoc.store.lake`) by the same SQL text on Spark, the
    names normalised by the executors, and linked by Splink's ``SparkAPI``. Either
    way each group's records are written as Parquet under the case's ``tmp/``
    (removed after) by the engine, which reads them there, computes every count,
    sample, score and the candidates, and only the candidates come back to be written
    to the store (:mod:`tnoc.resolve.spark_backend`). The engine (and master, and on
    Spark the lake's sealed manifest) is kept in every run's parameters and in the
    ledger entry.

    On DuckDB all of it is one transaction. On Spark, as
    :func:`tnoc.store.case_engine.run_stage` does, the case is not held while Spark
    runs (minutes to hours on a big case): the lake is checked to be the case as it
    is (:func:`tnoc.store.case_engine.lake_for_spark`: a missing or stale lake is
    refused, with the command that writes it) on a read-only connection that is then
    closed; Spark builds and scores the records from the lake with the case closed
    (any process may open it meanwhile); then one transaction checks that the lake is
    still the case and the same lake (:func:`tnoc.store.case_engine.lake_still_read`:
    an intake, judgement or destruction meanwhile makes it stale), refuses to save
    otherwise, and writes the runs, the candidates, the strong-identifier links and
    the ledger entry. A failure anywhere leaves the case as it was.

    Raises:
        ArgumentError: an unknown engine, or Spark asked for without the probabilistic
            model.
        Refused: Spark asked for on a case with no lake, or a stale one.
        TnocError: Spark that cannot start (before the case is opened for writing),
            a lake that differs from its seal, or a case that changed while Spark ran
            (nothing saved).
    """
    if engine == "spark" and not probabilistic:
        raise ArgumentError("--engine spark with --no-probabilistic: only the probabilistic "
                            "model runs on Spark (strong identifiers are linked on "
                            "DuckDB); leave out one of the two")
    options = options or ModelOptions()
    say = progress or (lambda _m: None)
    groups = tuple(GROUPS) if probabilistic else ()
    with records_folder(case.scratch) as folder:
        if engine != "spark":
            with resolution_backend(engine, master, case.scratch, spark) as backend, \
                    case.transaction() as con:
                ensure(con)
                # one group's records at a time, scored before the next is built
                scores = _score(_records(DuckDBEngine(con), groups, options, folder,
                                         has_table(con, COMPARTMENTS)),
                                options, backend, case, say)
                return _save(con, scores, options, probabilistic, backend.provenance, say)
        if spark is None:  # an unreachable master is said before the lake is checked
            check_master(master)
        with case.connect(read_only=True) as con:
            say("checking the case's lake")
            manifest = lake_for_spark(case.root, con)
            schemata = query_arrow(con, "SELECT * FROM schemata ORDER BY name")
            held = query_arrow(con, f"SELECT DISTINCT entity_id FROM {COMPARTMENTS} "
                               "ORDER BY 1") if has_table(con, COMPARTMENTS) else None
        scores, provenance = _score_on_spark(case, manifest, schemata, held, groups,
                                             options, folder, master, spark, say)
        with saving_after_spark(case) as con:
            ensure(con)
            lake_still_read(case.root, con, manifest)
            return _save(con, scores, options, probabilistic, provenance, say)


def _score_on_spark(case: Case, manifest: str, schemata: pa.Table, held: pa.Table | None,
                    groups: tuple[str, ...], options: ModelOptions, folder: Path,
                    master: str, spark: SparkSession | None, say: Callable[[str], None]
                    ) -> tuple[list[GroupScores], dict[str, Any]]:
    """Each group's records built on Spark from the case's lake (sealed as
    ``manifest``; ``schemata``: the case's ``schemata`` table, and ``held`` the
    entities in a compartment, None when it has none, read with the lake), written by
    the executors under ``folder`` and scored there, with no connection to the case;
    and the provenance of the runs (engine, master, lake manifest)."""
    say(f"starting spark on {master}" if spark is None else "opening the lake on spark")
    with resolution_backend("spark", master, case.scratch, spark) as backend, \
            spark_engine(case, manifest, master, backend.session) as chosen:
        given = {"schemata": schemata, **({COMPARTMENTS: held} if held is not None else {})}
        for name, table in given.items():
            chosen.engine.register_arrow(name, table)
        try:
            scores = _score(_records(chosen.engine, groups, options, folder,
                                     held is not None), options, backend, case, say)
        finally:
            for name in given:
                chosen.engine.drop(name)
        return scores, {**backend.provenance, **chosen.provenance}


def _records(engine: Engine, groups: tuple[str, ...], options: ModelOptions,
             folder: Path, compartmented: bool) -> Iterator[GroupRecords]:
    """The records of each group, built on ``engine`` and written under ``folder``
    as the model reads them, one group at a time (each scored before the next is
    built), from the statements outside the compartments (``compartmented``: the
    engine holds :data:`~tnoc.resolve.records.COMPARTMENTS`;
    :func:`~tnoc.resolve.records.outside_compartments`)."""
    present = present_schemata(engine) if groups else []
    with statements_outside_compartments(engine, compartmented) as statements:
        for group in groups:
            yield group_records(engine, group, folder / group, block_budget(options),
                                present, statements)


def _score(records: Iterable[GroupRecords], options: ModelOptions, backend: ResolutionBackend,
           case: Case, say: Callable[[str], None]) -> list[GroupScores]:
    """Each group's model and scored pairs on ``backend`` (no connection to the case)."""
    scores = []
    for group in records:
        say(f"probabilistic linkage: {group.group}"
            f"{' on spark' if backend.api is not None else ''}")
        scores.append(score_group(group, options, backend=backend.api,
                                  scratch=case.scratch))
    return scores


def _save(con: duckdb.DuckDBPyConnection, scores: list[GroupScores], options: ModelOptions,
          probabilistic: bool, provenance: dict[str, Any], say: Callable[[str], None]
          ) -> ResolveSummary:
    """Keep the groups' runs and candidates, link strong identifiers among the rest and
    record the analysis in the ledger (caller's transaction)."""
    groups = [store_group(con, s, options, provenance) for s in scores]
    covered = [(g.compared, g.group) for g in groups
               if g.run_id is not None and g.compared is not None]
    say("strong identifiers")
    summary = ResolveSummary(link_identifiers(con, covered=covered), groups)
    runs = [g.run_id for g in groups if g.run_id] + [summary.identifiers.run_id]
    summary.batch = "rsv-" + uuid.uuid4().hex[:12]
    con.execute("UPDATE resolution_runs SET batch = ? WHERE run_id IN (SELECT unnest(?))",
                [summary.batch, runs])
    record_analysis(
        con, "resolve", summary.batch,
        purpose="entity resolution: candidate links (nothing merged)",
        parameters={**asdict(options), "probabilistic": probabilistic, **provenance},
        results=[summary.batch, *runs],
        candidates={g.group: g.candidates for g in groups if g.run_id}
        | {"strong identifiers": summary.identifiers.candidates})
    return summary
