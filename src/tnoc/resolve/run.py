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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from tnoc.errors import ArgumentError
from tnoc.ledger.custody import record_analysis
from tnoc.resolve.identifiers import IdentifierResult, link_identifiers
from tnoc.resolve.model import ModelOptions
from tnoc.resolve.probabilistic import GroupResult, link_group
from tnoc.resolve.schemata import GROUPS
from tnoc.resolve.spark_backend import resolution_backend
from tnoc.store import Case
from tnoc.store.case_engine import DEFAULT_MASTER

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
    (or ``spark``, a session to reuse: a test's); the records and the candidates are
    read from and written to the case store either way
    (:mod:`tnoc.resolve.spark_backend`). The engine (and master) is kept in every
    run's parameters and in the ledger entry.

    Raises:
        ArgumentError: an unknown engine, or Spark asked for without the probabilistic
            model.
        TnocError: Spark that cannot start (before the case is opened for writing).
    """
    if engine == "spark" and not probabilistic:
        raise ArgumentError("--engine spark with --no-probabilistic: only the probabilistic "
                            "model runs on Spark (strong identifiers are linked on "
                            "DuckDB); leave out one of the two")
    say = progress or (lambda _m: None)
    with resolution_backend(engine if probabilistic else "duckdb", master, case.scratch,
                            spark) as backend, case.transaction() as con:
        groups, covered = [], []
        if probabilistic:
            for group in GROUPS:
                say(f"probabilistic linkage: {group}"
                    f"{' on spark' if backend.api is not None else ''}")
                result = link_group(con, group, options, backend=backend.api,
                                    scratch=case.scratch, provenance=backend.provenance)
                groups.append(result)
                if result.run_id is not None:
                    covered += [(entity, group) for entity in result.compared]
        say("strong identifiers")
        summary = ResolveSummary(link_identifiers(con, covered=covered), groups)
        runs = [g.run_id for g in groups if g.run_id] + [summary.identifiers.run_id]
        summary.batch = "rsv-" + uuid.uuid4().hex[:12]
        con.execute("UPDATE resolution_runs SET batch = ? WHERE run_id IN (SELECT unnest(?))",
                    [summary.batch, runs])
        record_analysis(
            con, "resolve", summary.batch,
            purpose="entity resolution: candidate links (nothing merged)",
            parameters={**asdict(options or ModelOptions()), "probabilistic": probabilistic,
                        **backend.provenance},
            results=[summary.batch, *runs],
            candidates={g.group: g.candidates for g in groups if g.run_id}
            | {"strong identifiers": summary.identifiers.candidates})
    return summary
