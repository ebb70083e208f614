"""Readings of the threat assessment kept while the case is unchanged (issue #22, "p95 <
300 ms per page"): statistics over the whole case (GLM alarms per series, every group's
profiling, the case map's places and flows) take seconds to minutes on the
4.3M-statement demo case, and a server (the web workspace) shows them on every visit.
Each is kept per store file with the case's state (:func:`case_state`) and computed
again after any intake, erasure, judgement or analysis that writes statements, as
:func:`tnoc.store.query.case_summary` keeps the entity counts. The CLI, one process per
command, computes each once as before.

A reading that takes longer than a page may wait (every group's profiling: 18-72 s the
first time on the demo case) is computed in the background (:func:`kept_in_background`)
on a copy of the store taken when it starts (the reading is of one state of the case,
the one it is kept under), while the page says it is being computed and asks again:
the server's requests to the case, which are taken one at a time, are not held up
behind it, and the case's file is not held open meanwhile, so the CLI can open it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar, cast

import duckdb

from tnoc.store import StoreSnapshot

__all__ = ["case_state", "kept", "kept_in_background", "wait_for_background"]

T = TypeVar("T")

_KEPT: dict[str, tuple[tuple[str, ...], dict[tuple[str, str], Any]]] = {}
"""Per store file: the case's state (:func:`case_state`) and the readings computed in
it, by reading and parameters; emptied when the state changes."""
_GUARD = threading.Lock()
"""Guards :data:`_KEPT` and :data:`_RUNNING` (requests and background readings run in
threads of one server)."""
_RUNNING: dict[tuple[str, str, str], _Run] = {}
"""The readings reserved (their copy being taken) or being computed in the background,
by store file, reading and parameters; removed when they end."""
_ALIASES: dict[str, str] = {}
"""The copies of stores being read in the background (:meth:`tnoc.store.Case.snapshot`)
and the store file each is a copy of: what the reading keeps on the way
(:func:`kept` inside ``compute``) is kept under the case's own state."""


class _Failed:
    """A background reading that raised: its error is raised to every caller that asks
    for it in the same state (as the reading computed in the request would)."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


class _Run:
    """A background reading reserved (its copy being taken) or running: ``done`` is
    set when it has ended, whatever it gave."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.done = threading.Event()


def case_state(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """The store's file and what the readings depend on: its statements, sources and
    merges (:func:`tnoc.search.index.fingerprint`) and the head of the custody ledger
    (every intake, erasure, judgement and analysis that writes statements is an entry)."""
    from tnoc.search.index import fingerprint

    row = con.execute(
        "SELECT (SELECT path FROM duckdb_databases() WHERE database_name = "
        "current_database()), (SELECT max_by(entry_hash, seq) FROM custody_events)"
    ).fetchone() or (None, None)
    path = str(row[0])
    with _GUARD:  # a copy being read in the background is its case's store
        path = _ALIASES.get(path, path)
    return (path, fingerprint(con), str(row[1]))


def kept(con: duckdb.DuckDBPyConnection, reading: str, params: object,
         compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for ``reading`` under ``params`` while the case is
    in the same state: the readings are statistics over the whole case (GLM alarms
    per series, every group's profiling), seconds to minutes on the 4.3M-statement demo
    case, and a server (the web workspace) shows them on every visit. The kept result
    is shared by its callers: they read it, never change it."""
    state = case_state(con)
    key = (reading, repr(params))
    with _GUARD:
        found = _known(state).get(key, _MISSING)
    if found is _MISSING:
        found = compute()
        with _GUARD:
            _store(_known(state), key, found)
    return cast(T, _given(found))


MOST_KEPT = 256
"""Readings kept per case state at most: their parameters may come from a request
(a page of alerts, a filter), so the oldest are dropped beyond this many rather than
letting a visitor grow the server's memory until the case changes."""


def _store(known: dict[tuple[str, str], Any], key: tuple[str, str], found: Any) -> None:
    """Keep ``found`` under ``key``, the oldest readings dropped beyond
    :data:`MOST_KEPT`; with :data:`_GUARD` held."""
    known.pop(key, None)
    known[key] = found
    while len(known) > MOST_KEPT:
        del known[next(iter(known))]


_MISSING = object()


def _known(state: tuple[str, ...]) -> dict[tuple[str, str], Any]:
    """The readings kept in ``state`` (those of another state of the store dropped);
    with :data:`_GUARD` held."""
    known = _KEPT.get(state[0])
    if known is None or known[0] != state:
        known = (state, {})
        _KEPT[state[0]] = known
    return known[1]


def _given(found: Any) -> Any:
    if isinstance(found, _Failed):
        raise found.error
    return found


def kept_in_background(
        con: duckdb.DuckDBPyConnection, reading: str, params: object,
        snapshot: Callable[[], StoreSnapshot],
        compute: Callable[[duckdb.DuckDBPyConnection], T]) -> T | None:
    """What ``compute`` gave for ``reading`` under ``params`` in the case's present
    state (read on ``con``), or None while it is being computed: the first caller in a
    state takes a copy of the store (``snapshot()``, :meth:`tnoc.store.Case.snapshot`,
    made while the caller holds the case, so it is of the state read here) and starts
    ``compute`` in a thread on that copy, keeping what it gives (or the error it
    raises, raised to the callers) under the case's state. The callers ask again (a
    page polls) and are never held up behind the computation, and the case's file is
    not held open while it runs: other processes (the CLI) open the case meanwhile.
    For readings of tens of seconds that a request holding the case's lock must not
    wait for.

    The first caller reserves the reading under :data:`_GUARD` and copies the store
    outside it (a copy takes seconds on a large case: the other requests' readings of
    every case go on meanwhile). Whatever fails on the way (the copy, opening it,
    starting the thread, reading its state) is kept as the reading's error in that
    state, raised to the callers once the reservation ends, so a page shows it rather
    than a fresh copy every time it asks; a later state of the case tries again. The
    copy is removed on every path."""
    state = case_state(con)
    key = (reading, repr(params))
    running = (state[0], *key)
    with _GUARD:
        found = _known(state).get(key, _MISSING)
        if found is not _MISSING:
            return cast(T, _given(found))
        if running in _RUNNING:
            return None
        run = _RUNNING[running] = _Run()
    copy: StoreSnapshot | None = None
    try:
        copy = snapshot()
        with _GUARD:
            _ALIASES[str(copy.path)] = state[0]
        run.thread = threading.Thread(
            target=_compute_kept, name=f"kept {reading}",
            args=(running, key, state, copy, compute, run), daemon=True)
        run.thread.start()
    except Exception as error:  # noqa: BLE001 - kept, raised to the callers
        _keep(state, key, _Failed(_unreadable(reading, error)))
        _finish(running, run, copy)
    return None


def _unreadable(reading: str, error: BaseException) -> BaseException:
    """The error a background reading's callers see: the reading's own if it is meant
    to be read by a person (:class:`tnoc.errors.TnocError`, e.g. a case with no
    groups), otherwise one that says which reading failed and that a change of the
    case computes it again."""
    from tnoc.errors import TnocError

    if isinstance(error, TnocError):
        return error
    failed = TnocError(f"the case's {reading} could not be computed in the background "
                       f"({type(error).__name__}: {error}); it is computed again once "
                       "the case changes, or by the command line (tnoc assess)")
    failed.__cause__ = error
    return failed


def _keep(state: tuple[str, ...], key: tuple[str, str], found: Any) -> None:
    """Keep ``found`` for ``key`` under ``state``, unless the case has changed since
    (a request saw its new state: the next caller computes it again in that one)."""
    with _GUARD:
        known = _KEPT.get(state[0])
        if known is None:
            _KEPT[state[0]] = known = (state, {})
        if known[0] == state:
            _store(known[1], key, found)


def _finish(running: tuple[str, str, str], run: _Run, copy: StoreSnapshot | None
            ) -> None:
    """End the reservation ``run`` of ``running`` and remove its copy."""
    with _GUARD:
        if copy is not None:
            _ALIASES.pop(str(copy.path), None)
        if _RUNNING.get(running) is run:
            del _RUNNING[running]
    try:
        if copy is not None:
            copy.discard()
    finally:
        run.done.set()


def _compute_kept(running: tuple[str, str, str], key: tuple[str, str],
                  state: tuple[str, ...], copy: StoreSnapshot,
                  compute: Callable[[duckdb.DuckDBPyConnection], Any], run: _Run) -> None:
    """Compute one background reading on the copy of the store taken in ``state``,
    keep it (or its error) under that state, and remove the copy."""
    try:
        found: Any
        try:
            with copy.connect() as own:
                if case_state(own) != state:
                    # the case changed between the reading of its state and the copy:
                    # kept in the state asked for (a caller in the new state asks again)
                    from tnoc.errors import TnocError

                    found = _Failed(TnocError(
                        f"the case changed while its {running[1]} was being started; "
                        "ask again"))
                else:
                    found = compute(own)
        except Exception as error:  # noqa: BLE001 - kept, raised to the callers
            found = _Failed(_unreadable(running[1], error))
        _keep(state, key, found)
    finally:
        _finish(running, run, copy)


def wait_for_background() -> None:
    """Wait for the background readings running now (tests; a server stopping)."""
    with _GUARD:
        runs = list(_RUNNING.values())
    for run in runs:
        run.done.wait()
