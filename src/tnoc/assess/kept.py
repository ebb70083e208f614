"""Readings of the threat assessment kept while the case is unchanged (issue #22, "p95 <
300 ms per page"): statistics over the whole case (GLM alarms per series, every group's
profiling, the case map's places and flows) take seconds to minutes on the
4.3M-statement demo case, and a server (the web workspace) shows them on every visit.
Each is kept per store file with the case's state (:func:`case_state`) and computed
again after any intake, erasure, judgement or analysis that writes statements, as
:func:`tnoc.store.query.case_summary` keeps the entity counts. The CLI, one process per
command, computes each once as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import duckdb

__all__ = ["case_state", "kept"]

T = TypeVar("T")

_KEPT: dict[str, tuple[tuple[str, ...], dict[tuple[str, str], Any]]] = {}
"""Per store file: the case's state (:func:`case_state`) and the readings computed in
it, by reading and parameters; emptied when the state changes."""


def case_state(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """The store's file and what the readings depend on: its statements, sources and
    merges (:func:`tnoc.search.index.fingerprint`) and the head of the custody ledger
    (every intake, erasure, judgement and analysis that writes statements is an entry)."""
    from tnoc.search.index import fingerprint

    row = con.execute(
        "SELECT (SELECT path FROM duckdb_databases() WHERE database_name = "
        "current_database()), (SELECT max_by(entry_hash, seq) FROM custody_events)"
    ).fetchone() or (None, None)
    return (str(row[0]), fingerprint(con), str(row[1]))


def kept(con: duckdb.DuckDBPyConnection, reading: str, params: object,
         compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for ``reading`` under ``params`` while the case is
    in the same state: the readings are statistics over the whole case (GLM alarms
    per series, every group's profiling), seconds to minutes on the 4.3M-statement demo
    case, and a server (the web workspace) shows them on every visit. The kept result
    is shared by its callers: they read it, never change it."""
    state = case_state(con)
    known = _KEPT.get(state[0])
    if known is None or known[0] != state:
        known = (state, {})
        _KEPT[state[0]] = known
    key = (reading, repr(params))
    if key not in known[1]:
        known[1][key] = compute()
    return cast(T, known[1][key])
