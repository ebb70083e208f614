"""Keeping a typology run: its JSON as an analysis source, each alert as statements.

Each alert becomes a ``TypologyAlert`` whose ``focus`` points at the focal account and
whose ``transfers`` point at the payments it rests on, so ``tnoc show`` on an account or
a payment lists the alerts about it; the run's parameters are the ``rule``, and the JSON
under ``analyses/`` keeps every transfer with its source file and row. The money of an
alert is kept per currency (``totals`` in the JSON, and in the alert's name: "FAN-IN alert
7 (3 transfers: EUR 500.00; USD 1,200.00)"), never as one sum across currencies.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from tnoc.money.currency import format_totals
from tnoc.money.typologies import TypologyRun, alert_payload
from tnoc.store.derived import DerivedStatement, add_analysis


def save_alerts(con: duckdb.DuckDBPyConnection, root: Path, run: TypologyRun,
                provenance: Mapping[str, Any] | None = None) -> str:
    """Store the run (caller's transaction); returns the run id. ``provenance``: the
    engine that ran the rules (:class:`tnoc.store.case_engine.CaseEngine`'s: engine,
    Spark master, the lake manifest's SHA-256), recorded in the ``analysed`` custody
    entry; the statements and the JSON are the same whichever engine ran them."""
    payload = alert_payload(con, run)
    run_at = datetime.now(UTC).isoformat()
    run_id = hashlib.sha256(json.dumps([payload["parameters"], run_at], sort_keys=True,
                                       default=str).encode()).hexdigest()[:12]
    payload["run_id"] = run_id
    payload["run_at"] = run_at
    rule_text = json.dumps(payload["parameters"], sort_keys=True, default=str)
    statements: list[DerivedStatement] = []
    alerts = payload["alerts"]
    assert isinstance(alerts, list)
    for a in alerts:
        aid = f"typology-{run_id}-{a['alert']}"
        loc = f"alert {a['alert']}"
        statements += [DerivedStatement(aid, "TypologyAlert", prop, value, loc)
                       for prop, value in (
                           ("id", aid),
                           ("name", f"{a['typology']} alert {a['alert']} ({a['count']} "
                                    f"transfers: {format_totals(a['totals'])})"),
                           ("typology", a["typology"]), ("rule", f"{a['typology']} {rule_text}"),
                           *((("focus", a["focus"]),) if a["focus"] else ()),
                           *(("transfers", t["transfer"]) for t in a["transfers"]))]
    sources = sorted({str(t["source"]) for a in alerts for t in a["transfers"]})
    add_analysis(con, root, "typologies", run_id, payload, statements, sources,
                 **dict(provenance or {}))
    return run_id
