"""The laundering-typology rules as one stage of a case, on either engine (issue #27).

:class:`TypologyStage` supplies the callbacks of
:func:`tnoc.store.case_engine.run_stage`: read the case's payments as transfers (and,
for Spark, check that the lake holds those same transfers), run the rules
(:func:`tnoc.money.typologies.find_alerts`) on the chosen engine, then number, total
and keep the alerts (:func:`~tnoc.money.typologies.assemble_run`,
:func:`tnoc.money.alerts.save_alerts`) and read what a listing shows. Every step
returns values; a face (``tnoc money typologies``, or any other) only parses its
options, reports on the payments read (``vet``) and prints the
:class:`TypologyOutcome`. :func:`run_typologies` runs the stage.

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
    from pyspark.sql import SparkSession

    from tnoc.money.transfers import Transfers
    from tnoc.money.typologies import AlertedTransfer, AlertRow, Findings, TypologyRun
    from tnoc.store.case import Case
    from tnoc.store.case_engine import CaseEngine

__all__ = ["Payments", "TypologyOutcome", "TypologyStage", "case_transfers",
           "none_usable", "require_payments", "run_typologies"]

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


def none_usable(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the case's payments build no transfer the rules can use (each lacks an
    amount, a party, a time ...): :func:`tnoc.store.case_engine.run_stage`'s ``idle``,
    so Spark is not started to run the rules on nothing; the stage runs on DuckDB and
    says what it says there (the payments read, their problems, no alert). Answered by
    the case's transfers (:func:`tnoc.money.transfers.build_transfers`): the stored
    build when it follows the case's state, as ``tnoc case lake`` leaves it, which the
    lake's ``transfers`` are a copy of; built (read-only, in temp tables) otherwise."""
    from tnoc.money.transfers import build_transfers

    return build_transfers(con).usable == 0


@dataclass(frozen=True)
class Payments:
    """What the rules read of the case: its transfers (handle), the sources of their
    statements and the handling code the alerts take from them. Two reads are equal
    when they read the same (their tables' names aside: a read-only connection builds
    the transfers into temp tables of its own)."""

    transfers: Transfers
    sources: tuple[str, ...]
    code: str

    def _key(self) -> tuple[object, ...]:
        t = self.transfers
        return (t.payments, t.usable, tuple(sorted(t.issues.items())), self.sources,
                self.code)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Payments):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


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
    """The typology rules as the three callbacks of
    :func:`tnoc.store.case_engine.run_stage`. ``source``: only payments of these
    sources (DuckDB only: the lake holds the whole case's transfers); ``store``: keep
    the alerts; ``shown``: how many of the largest alerts to read (None: all);
    ``detail``: also read every alerted transfer."""

    root: Path
    params: TypologyParams
    engine: str = "duckdb"
    source: tuple[str, ...] = ()
    store: bool = True
    shown: int | None = None
    detail: bool = False
    progress: Progress | None = None
    lake_checked: bool = False

    def __post_init__(self) -> None:
        if self.source and self.engine == "spark":
            raise ArgumentError("only some sources' payments on Spark: Spark reads the "
                                "whole case's transfers from its lake; run it on every "
                                "source, or on DuckDB")

    def _say(self, step: str) -> None:
        if self.progress is not None:
            self.progress(step)

    def inputs(self, con: duckdb.DuckDBPyConnection) -> Payments:
        """Read the payments (the transfers and their sources' handling code); on
        Spark, the first time, check that the lake's transfers are these.

        Raises:
            TnocError: no payments; a lake without transfers or with others
                (:func:`tnoc.money.transfers.check_lake_transfers`); a source without
                a handling code.
        """
        from tnoc.money.transfers import (
            check_lake_transfers,
            listing_handling,
            transfer_parties,
        )
        from tnoc.store.parties import party_reads

        self._say("reading payments")
        summary = case_transfers(con, self.source)
        if self.engine == "spark" and summary.usable and not self.lake_checked:
            # once, before the job: afterwards the lake's own check (no intake, erasure
            # or judgement since it was written, and the same lake) covers it. None
            # usable: the stage runs on DuckDB (:func:`none_usable`), no lake is read
            check_lake_transfers(self.root, con, summary)
            self.lake_checked = True
        # the alerts' handling code, known (and an input without one refused) before
        # the rules run rather than after: the payments' and what names their parties
        # (a listing prints the names; :func:`tnoc.store.parties.party_reads`)
        read, code = listing_handling(con, summary,
                                      party_reads(con, transfer_parties(con, summary)))
        return Payments(summary, tuple(read), code)

    def job(self, chosen: CaseEngine, payments: Payments) -> Findings:
        """Run the rules on the chosen engine: on DuckDB over the transfers just read,
        on Spark over the lake's stored transfers; the findings as values (Spark's
        candidates table stays behind on Spark)."""
        from tnoc.money.typologies import find_alerts
        from tnoc.store.lake import TRANSFERS_STORED

        on_duckdb = chosen.engine.name == "duckdb"
        self._say(f"running the rules on {chosen.engine.name}")
        found = find_alerts(chosen.engine, payments.transfers.table if on_duckdb
                            else TRANSFERS_STORED, self.params)
        return found if on_duckdb else replace(found, candidates_table=None)

    def save(self, con: duckdb.DuckDBPyConnection, payments: Payments, found: Findings,
             provenance: dict[str, Any]) -> TypologyOutcome:
        """Number and total the alerts on DuckDB, keep them (``store``) with the
        engine's provenance, and read what a listing shows."""
        from tnoc.money.typologies import alerted_transfers, assemble_run, largest_alerts
        from tnoc.store.parties import party_names

        self._say("keeping the alerts")
        run = assemble_run(con, payments.transfers, found)
        run_id = None
        if self.store and run.alerts:
            from tnoc.money.alerts import save_alerts

            run_id = save_alerts(con, self.root, run, provenance)
        found_rows = largest_alerts(con, run, self.shown)
        detail = alerted_transfers(con, run) if self.detail else []
        return TypologyOutcome(
            payments, run, run_id, found_rows,
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

    return run_stage(case, stage.engine, master, stage.inputs, stage.job, stage.save,
                     vet=vet, spark=spark,
                     precheck=None if stage.source else require_payments,
                     say=stage.progress, idle=none_usable)
