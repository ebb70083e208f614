"""The laundering-typology rules as one stage of a case, on either engine (issue #27).

:class:`TypologyStage` supplies the callbacks of
:func:`tnoc.store.case_engine.run_stage`. On DuckDB: read the case's payments as
transfers (:func:`tnoc.money.transfers.build_transfers`), run the rules
(:func:`tnoc.money.typologies.find_alerts`) on them, then number, total and keep the
alerts (:func:`~tnoc.money.typologies.assemble_run`,
:func:`tnoc.money.alerts.save_alerts`) and read what a listing shows. On Spark the
transfers are built on Spark from the lake's statements
(:func:`tnoc.money.transfers.build_transfer_tables`, the same SQL), the rules run
there, and only the transfers the alerts rest on come back to be numbered, totalled
and kept on DuckDB: the case's store never builds the whole case's transfers for a
Spark run. Every step returns values; a face (``tnoc money typologies``, or any other)
only parses its options, reports on the payments read (``told``) and their handling
code (``vet``) and prints the :class:`TypologyOutcome`. :func:`run_typologies` runs the
stage.

The rules follow AMLworld's eight laundering patterns (Altman et al., "Realistic
Synthetic Financial Transactions for Anti-Money Laundering Models", NeurIPS 2023),
structuring and rapid pass-through; see :mod:`tnoc.money.typologies`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tnoc.errors import ArgumentError, TnocError
from tnoc.money.typology_params import TypologyParams

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa
    from pyspark.sql import SparkSession

    from tnoc.money.transfers import Transfers
    from tnoc.money.typologies import AlertedTransfer, AlertRow, Findings, TypologyRun
    from tnoc.store.case import Case
    from tnoc.store.case_engine import CaseEngine
    from tnoc.store.engine import Engine

__all__ = ["Payments", "RuleResult", "TypologyOutcome", "TypologyStage", "case_transfers",
           "require_payments", "run_typologies"]

NO_PAYMENTS = ("no payments in this case: take in a file with Payment entities first "
               "(e.g. 'tnoc ingest saml_d FILE')")
Progress = Callable[[str], None]
"""Told each step as it starts ("reading payments", "running the rules on spark")."""


def case_transfers(con: duckdb.DuckDBPyConnection,
                   sources: tuple[str, ...] | list[str] | None = None) -> Transfers:
    """The case's payments as transfers (:func:`tnoc.money.transfers.build_transfers`),
    of the sources ``sources`` (ids or file names) or all.

    Raises:
        TnocError: the case (or those sources) holds no payments: nothing for a money
            rule to read, said with the command that takes some in.
    """
    from tnoc.money.transfers import build_transfers

    summary = build_transfers(con, tuple(sources or ()))
    if summary.payments == 0:
        raise TnocError(NO_PAYMENTS)
    return summary


def require_payments(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse, by one look at the case's store, a case holding no payment at all, with
    :func:`case_transfers`'s words: on Spark before the lake is checked and a JVM
    started (:func:`tnoc.store.case_engine.run_stage`'s ``precheck``).

    Raises:
        TnocError: no Payment statement in the case.
    """
    from tnoc.store.lookup import holds_statements

    if not holds_statements(con, "Payment"):
        raise TnocError(NO_PAYMENTS)


@dataclass(frozen=True)
class Payments:
    """What the rules read of the case: its transfers (handle; None on Spark, which
    builds them itself from the lake), the sources of what a listing of them shows and
    the handling code the alerts take from them. Two reads are equal when they read
    the same (their tables' names aside: a read-only connection builds the transfers
    into temp tables of its own)."""

    transfers: Transfers | None
    sources: tuple[str, ...]
    code: str

    def _key(self) -> tuple[object, ...]:
        t = self.transfers
        built = () if t is None else (t.payments, t.usable, tuple(sorted(t.issues.items())))
        return (built, self.sources, self.code)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Payments):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


@dataclass(frozen=True)
class RuleResult:
    """What the job gives back: the rules' findings and, when the transfers were built
    on Spark, that build's figures (``built``: its tables are gone with the session)
    and the rows of the transfers the alerts rest on (``alerted``)."""

    found: Findings
    built: Transfers | None = None
    alerted: pa.Table | None = None


@dataclass
class TypologyOutcome:
    """A typology run as kept and read in the saving transaction: the payments read,
    the run, its id when stored, the ``shown`` largest alerts and the names of their
    focal accounts, every alerted transfer (when asked) with the names of its parties,
    and the engine's provenance (``engine``; on Spark ``master`` and
    ``lake_manifest_sha256``)."""

    payments: Payments
    run: TypologyRun
    run_id: str | None
    found: list[AlertRow]
    names: dict[str, str]
    detail: list[AlertedTransfer]
    detail_names: dict[str, str]
    provenance: dict[str, Any]


@dataclass
class TypologyStage:
    """The typology rules as the callbacks of
    :func:`tnoc.store.case_engine.run_stage`. ``source``: only payments of these
    sources (DuckDB only: Spark builds the whole case's transfers from its lake);
    ``store``: keep the alerts; ``shown``: how many of the largest alerts to read (None:
    all); ``detail``: also read every alerted transfer; ``told``: told the transfers'
    figures (payments read, usable, problems by kind) before the rules run, after the
    handling code (``vet``) on both engines: on DuckDB those of the payments read, on
    Spark those of Spark's build."""

    root: Path
    params: TypologyParams
    engine: str = "duckdb"
    source: tuple[str, ...] = ()
    store: bool = True
    shown: int | None = None
    detail: bool = False
    progress: Progress | None = None
    told: Callable[[Transfers], None] | None = None

    def __post_init__(self) -> None:
        if self.source and self.engine == "spark":
            raise ArgumentError("only some sources' payments on Spark: Spark builds the "
                                "whole case's transfers from its lake; run it on every "
                                "source, or on DuckDB")

    def _say(self, step: str) -> None:
        if self.progress is not None:
            self.progress(step)

    def idle(self, con: duckdb.DuckDBPyConnection) -> bool:
        """Whether the case's payments are known to build no transfer the rules can use
        (each lacks an amount, a party, a time ...), by a cheap look, never a build:
        the transfers the store keeps when they follow the case's state
        (:func:`tnoc.money.transfers.stored_transfers`), else whether the payments
        hold an amount, a time, a payer and a beneficiary at all
        (:func:`~tnoc.money.transfers.payments_could_transfer`). Known to build none:
        the stage runs on DuckDB as a whole (:func:`tnoc.store.case_engine.run_stage`'s
        ``idle``), so Spark is not started to run the rules on nothing, and says what
        it says there. Otherwise Spark builds them and finds out."""
        from tnoc.money.transfers import payments_could_transfer, stored_transfers

        kept = stored_transfers(con)
        could = kept.usable > 0 if kept is not None else payments_could_transfer(con)
        if could:
            return False
        self.engine = "duckdb"  # this run's reads and job are DuckDB's from here
        # (run_typologies runs a copy of the stage: the caller's is unchanged)
        return True

    def inputs(self, con: duckdb.DuckDBPyConnection) -> Payments:
        """Read the handling code of what the alerts will be computed from, known (and
        an input without one refused) before the rules run rather than after: the
        sources of the payments and of what names every party they name
        (:func:`tnoc.store.parties.payment_reads`, what the gate decides on; a listing
        prints the parties' names), the same on both engines. On DuckDB also the
        payments as transfers; on Spark nothing is built here.

        Raises:
            TnocError: no payments (of those sources); a source without a handling
                code.
        """
        from tnoc.money.transfers import payment_sources
        from tnoc.store.derived import derived_handling_code
        from tnoc.store.parties import payment_reads

        self._say("reading payments")
        summary = None if self.engine == "spark" else case_transfers(con, self.source)
        # with --source: the payments of the sources the build read
        chosen = payment_sources(con, summary) if summary and self.source else []
        read = payment_reads(con, chosen)
        return Payments(summary, tuple(read), derived_handling_code(con, read))

    def job(self, chosen: CaseEngine, payments: Payments) -> RuleResult:
        """Run the rules on the chosen engine: on DuckDB over the transfers read; on
        Spark over the transfers built there from the lake's statements, then fetch
        the rows of the transfers the alerts rest on (the findings and rows as values:
        Spark's tables are dropped). Either way ``told`` hears the transfers' figures
        before the rules run."""
        from tnoc.money.typologies import find_alerts

        if payments.transfers is None:
            return self._on_spark(chosen.engine)
        if self.told is not None:
            self.told(payments.transfers)
        self._say(f"running the rules on {chosen.engine.name}")
        return RuleResult(find_alerts(chosen.engine, payments.transfers.table, self.params))

    def _on_spark(self, engine: Engine) -> RuleResult:
        """:meth:`job` on Spark: build, tell, run the rules, fetch the alerted rows."""
        from tnoc.money.transfers import build_transfer_tables
        from tnoc.money.typologies import find_alerts
        from tnoc.query_results import temp_table_name

        self._say("building the transfers on spark")
        built = build_transfer_tables(engine)
        made = [built.table, built.issues_table, built.raw_table]
        try:
            if self.told is not None:
                self.told(built)
            self._say("running the rules on spark")
            found = find_alerts(engine, built.table, self.params)
            if found.candidates_table:
                made.append(found.candidates_table)
            members = temp_table_name("alert_members")
            made.append(members)
            engine.register_arrow(members, found.members.select(["transfer_id"]))
            alerted = engine.fetch_arrow(
                f"SELECT * FROM {built.table} WHERE transfer_id IN "
                f"(SELECT transfer_id FROM {members})")
        finally:
            for table in made:
                engine.drop(table)
        return RuleResult(replace(found, candidates_table=None), built, alerted)

    def save(self, con: duckdb.DuckDBPyConnection, payments: Payments, result: RuleResult,
             provenance: dict[str, Any]) -> TypologyOutcome:
        """Number and total the alerts on DuckDB (over Spark's alerted rows when Spark
        built the transfers), keep them (``store``) with the engine's provenance, and
        read what a listing shows."""
        from tnoc.money.transfers import alerted_from_elsewhere
        from tnoc.money.typologies import alerted_transfers, assemble_run, largest_alerts
        from tnoc.store.parties import party_names

        self._say("keeping the alerts")
        transfers = payments.transfers
        if transfers is None:
            assert result.built is not None and result.alerted is not None
            transfers = alerted_from_elsewhere(con, result.alerted, result.built)
        run = assemble_run(con, transfers, result.found)
        run_id = None
        if self.store and run.alerts:
            from tnoc.money.alerts import save_alerts

            run_id = save_alerts(con, self.root, run, provenance)
        found_rows = largest_alerts(con, run, self.shown)
        detail = alerted_transfers(con, run) if self.detail else []
        return TypologyOutcome(
            replace(payments, transfers=transfers), run, run_id, found_rows,
            party_names(con, [r[2] for r in found_rows]), detail,
            party_names(con, [x for r in detail for x in (r[3], r[4])]), provenance)


def run_typologies(case: Case, stage: TypologyStage, master: str = "local[2]",
                   vet: Callable[[Payments], None] | None = None,
                   spark: SparkSession | None = None) -> TypologyOutcome:
    """Run ``stage`` on ``case`` on its engine (:func:`tnoc.store.case_engine.run_stage`:
    one transaction on DuckDB; on Spark the job on ``master``, or on ``spark``, a
    session to reuse, with the case closed). ``vet`` may report on the payments read
    or refuse them before the rules run.

    Raises:
        TnocError: see :meth:`TypologyStage.inputs` and ``run_stage``.
    """
    from tnoc.store.case_engine import run_stage

    stage = replace(stage)  # this run's own: its idle check may turn it to DuckDB
    return run_stage(case, stage.engine, master, stage.inputs, stage.job, stage.save,
                     vet=vet, spark=spark,
                     precheck=None if stage.source else require_payments,
                     say=stage.progress, idle=stage.idle)
