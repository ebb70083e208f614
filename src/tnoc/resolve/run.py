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

from tnoc.errors import ArgumentError, TnocError
from tnoc.ledger.custody import record_analysis
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
from tnoc.resolve.records import GroupRecords, group_records
from tnoc.resolve.schemata import GROUPS
from tnoc.resolve.spark_backend import ResolutionBackend, resolution_backend
from tnoc.store import Case
from tnoc.store.case_engine import DEFAULT_MASTER, saving_after_spark
from tnoc.store.lake import lake_state
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

    ``engine``: where the probabilistic model is estimated and applied, Splink on
    DuckDB (the default) or Splink's ``SparkAPI`` on a session started on ``master``
    (or ``spark``, a session to reuse: a test's). Either way each group's records are
    built from the store on DuckDB and written as Parquet under the case's ``tmp/``
    (removed after), the engine reads them there, computes every count, sample, score
    and the candidates, and only the candidates come back to be written to the store
    (:mod:`tnoc.resolve.spark_backend`). The engine (and master) is kept in every
    run's parameters and in the ledger entry.

    On DuckDB all of it is one transaction. On Spark, as
    :func:`tnoc.store.case_engine.run_stage` does, the case is not held while Splink
    runs (minutes to hours on a big case): once Spark has started, the groups' records
    are written on a read-only connection that is then closed; Splink scores them with
    the case closed (any process may open it meanwhile); then one transaction checks
    that the case is as it was (:func:`tnoc.store.lake.lake_state`: its sources and
    their statements, held files, last judgement, intake and destruction), refuses to
    save otherwise, and writes the runs, the candidates, the strong-identifier links
    and the ledger entry. A failure anywhere leaves the case as it was.

    Raises:
        ArgumentError: an unknown engine, or Spark asked for without the probabilistic
            model.
        TnocError: Spark that cannot start (before the case is opened), or a case
            that changed while Spark ran (nothing saved).
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
                scores = _score(_records(con, groups, options, folder), options, backend,
                                case, say)
                return _save(con, scores, options, probabilistic, backend.provenance, say)
        with resolution_backend(engine, master, case.scratch, spark) as backend:
            with case.connect(read_only=True) as con:
                state = lake_state(con)
                records = list(_records(con, groups, options, folder))
            scores = _score(records, options, backend, case, say)
            provenance = backend.provenance
        with saving_after_spark(case) as con:
            ensure(con)
            if lake_state(con) != state:
                raise TnocError("the case changed while Spark ran (an intake, a judgement "
                                "or a destruction meanwhile); nothing was saved; run "
                                "'tnoc resolve' again")
            return _save(con, scores, options, probabilistic, provenance, say)


def _records(con: duckdb.DuckDBPyConnection, groups: tuple[str, ...],
             options: ModelOptions, folder: Path) -> Iterator[GroupRecords]:
    """The records of each group, as the model reads them, written under ``folder``
    when asked for."""
    for group in groups:
        yield group_records(con, group, folder / group, block_budget(options))


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
