"""Ctrl-C during a Spark stage: stop as on DuckDB (issue #27, a new-user review).

On DuckDB, Ctrl-C raises ``KeyboardInterrupt`` in the command, its transaction is
rolled back and ``tnoc`` exits 130 saying so (:func:`tnoc.cli.main.main`). On Spark
the same key printed Py4J's and the JVM's tracebacks, and during ``tnoc ingest
--engine spark`` was reported as the file failing to map (exit 2). Two things did
that:

- PySpark's own SIGINT handler (installed when a SparkContext starts) asks the JVM to
  cancel every job over the very Py4J connection the interrupted call is waiting on:
  a re-entrant call, which fails and is logged with its traceback; and a
  ``KeyboardInterrupt`` raised inside Py4J's wait is logged again by Py4J
  ("KeyboardInterrupt while sending command") with another;
- the cancelled job then fails in the stage's own call as an engine error, which the
  stage reports as what it was doing failing (the file's mapping, on ingest).

:func:`spark_interrupts` replaces that handler while a Spark session serves a command:
Ctrl-C while the command waits on Spark asks Spark to cancel its jobs from another
thread (its own Py4J connection: nothing re-entrant, nothing logged) and lets the
waiting call end as the cancelled job makes it end; whatever error that gives, the
interrupt is what leaves the block, as ``KeyboardInterrupt``, so the command rolls back
and exits 130 exactly as on DuckDB. Ctrl-C while the command runs Python code raises
``KeyboardInterrupt`` at once; a second Ctrl-C too, wherever it lands. Spark's jobs
are cancelled again every :data:`CANCEL_EVERY` seconds until the block is left, and a
stage that carries on after a call that was no job is stopped at its next Spark
statement (:func:`raise_if_interrupted`, in :class:`tnoc.store.engine.SparkEngine`)
or, while Spark was starting (the JVM's launch included), once it has started: the
session is then stopped at once (:func:`tnoc.store.case_engine.start_spark`), so no
JVM outlives the command.

A call to the JVM that is no job (the start of Spark's context, a long query plan)
has nothing to cancel and would hold the command until it returns. So when the
command started the JVM itself (:func:`own_jvm`, told by
:func:`tnoc.store.spark_logs.launch_quiet`), the JVM is stopped (its process killed)
:data:`STOP_AFTER` seconds after Ctrl-C if the block is still waiting, or at a second
Ctrl-C landing in a call to it: the waiting call then fails at once and leaves as
``KeyboardInterrupt``, and the session is forgotten rather than stopped over a dead
connection (:func:`stop_session`). A JVM the command did not start (a notebook's, a
test's session) is never killed.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from subprocess import Popen
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["CANCEL_EVERY", "JVM_SIDE", "QUIET_GRACE", "STOP_AFTER", "SparkInterrupt",
           "begin_stopping", "inside_py4j", "interrupted", "jvm_stopped",
           "keeping_our_handler", "own_jvm", "raise_if_interrupted", "spark_interrupts",
           "stop_session", "stopping"]


@dataclass
class SparkInterrupt:
    """The state of one :func:`spark_interrupts` block: ``requested`` once Ctrl-C was
    pressed in it; ``jvm``, the JVM's process when the block's command started it
    (:func:`own_jvm`), and ``jvm_stopped`` once Ctrl-C stopped it."""

    requested: bool = False
    jvm: Popen[bytes] | None = None
    jvm_stopped: bool = False

    def stop_jvm(self) -> bool:
        """Kill the JVM the block's command started, if it runs: the call waiting on it
        fails at once. Whether one was killed. PySpark's Python side is quietened first
        (:func:`_quiet_python_side`): its threads talking to the JVM would print their
        broken connections."""
        if self.jvm is None or self.jvm.poll() is not None:
            return False
        _quiet_python_side()
        self.jvm_stopped = True
        with suppress(OSError):  # ended meanwhile
            self.jvm.kill()
        with suppress(Exception):  # reaped here, not left to the system as a zombie
            self.jvm.wait(STOP_WAIT)
        return True


CANCEL_EVERY = 0.5
"""Seconds between two requests to cancel Spark's jobs after Ctrl-C, until the block
is left."""
STOP_AFTER = 5.0
"""Seconds after Ctrl-C the block waits for the call to the JVM to end before stopping
the JVM the command started: a cancelled job's call ends within about one
:data:`CANCEL_EVERY` (a second or two on a loaded machine); one still waiting is no job
(Spark's context starting, a long query plan) and would hold the command until it
returns, tens of seconds or more."""
STOP_WAIT = 5.0
"""Seconds to wait for a killed JVM to end (it ends at once: SIGKILL)."""
_ACTIVE: list[SparkInterrupt] = []
"""The blocks open now (innermost last): what :func:`raise_if_interrupted` reads."""
QUIET_GRACE = 2.0
"""Seconds the JVM's standard error stays unrelayed after a block stopped by Ctrl-C
ends (lines of the cancelled tasks still in the pipe)."""
_QUIET_UNTIL = [0.0]
"""Until when (``time.monotonic()``) the JVM's standard error is not relayed: from
Ctrl-C in a :func:`spark_interrupts` block until :data:`QUIET_GRACE` after the block
ends (:func:`stopping`)."""


def stopping() -> bool:
    """Whether a command is stopping on Ctrl-C: the JVM's protests at the jobs it
    cancels (``Aborting task``, ``TaskKilledException`` with 40 lines of Java stack)
    are no news to the analyst who pressed it, and :mod:`tnoc.store.spark_logs` keeps
    them off the terminal; from the interrupt until shortly after its block ends (a
    notebook that catches the interrupt and goes on sees the JVM's errors again)."""
    return time.monotonic() < _QUIET_UNTIL[0]


class _QuietWhileStopping(logging.Filter):
    """Drops what is logged while a command stops on Ctrl-C (:func:`stopping`) but a
    critical error: Py4J's "Exception while sending command" with its traceback, as the
    JVM it talked to is killed."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.CRITICAL or not stopping()


_QUIET = _QuietWhileStopping()


def _quiet_python_side() -> None:
    """Before the JVM is killed on Ctrl-C: the log handlers in place (the root
    logger's, Python's last resort) drop records while the command stops, and the
    accumulator server of the running SparkContext (a socketserver thread PySpark
    starts, which prints "Exception occurred during processing of request" and an
    ``EOFError`` traceback when its JVM connection breaks) handles such errors
    silently. Seen by a new-user test of ``tnoc resolve --engine spark`` (helper-147):
    exit 130 and nothing saved, but 24 to 41 lines of Python tracebacks."""
    for handler in [*logging.getLogger().handlers, logging.lastResort]:
        if handler is not None and _QUIET not in handler.filters:
            handler.addFilter(_QUIET)
    pyspark = sys.modules.get("pyspark")
    context = getattr(getattr(pyspark, "SparkContext", None), "_active_spark_context",
                      None)
    server = getattr(context, "_accumulatorServer", None)
    if server is not None:
        server.handle_error = lambda _request, _address: None


def begin_stopping() -> None:
    """Ctrl-C was pressed: keep the JVM quiet until the block ends (:func:`stopping`)."""
    _QUIET_UNTIL[0] = float("inf")


JVM_SIDE = ("py4j", "pyspark.java_gateway")
"""Modules whose code waits on the JVM: Py4J's calls, and PySpark's launcher of the JVM
(interrupted there, it removed the folder the JVM writes its port to, and the JVM, left
without its Python, lived on as an orphan)."""


def inside_py4j(frame: FrameType | None) -> bool:
    """Whether ``frame`` (the main thread's, where a signal landed) is inside a call to
    the JVM (:data:`JVM_SIDE`): a Py4J call, whose wait on the JVM's answer a
    ``KeyboardInterrupt`` would break (and Py4J would log), or the JVM's launch."""
    while frame is not None:
        name = str(frame.f_globals.get("__name__", ""))
        if any(name == m or name.startswith(m + ".") for m in JVM_SIDE):
            return True
        frame = frame.f_back
    return False


def cancel_spark_jobs() -> None:
    """Cancel every job of the running SparkContext, if there is one (called from a
    thread of its own: in PySpark's pinned-thread mode it talks to the JVM over its own
    connection). A JVM already gone has nothing to cancel."""
    from pyspark import SparkContext

    context = SparkContext._active_spark_context
    if context is not None:
        with suppress(Exception):
            context.cancelAllJobs()


def own_jvm(process: Popen[bytes] | None) -> None:
    """Tell the open :func:`spark_interrupts` block (in the main thread) that its
    command started the JVM ``process``: the only JVM Ctrl-C may stop. Outside a block,
    or from another thread, nothing changes."""
    if _ACTIVE and process is not None and \
            threading.current_thread() is threading.main_thread():
        _ACTIVE[-1].jvm = process


def stop_session(session: SparkSession) -> None:
    """Stop a command's Spark ``session``, unless Ctrl-C stopped its JVM (see the
    module): no call goes to a dead JVM (each would fail, and Py4J would log it with a
    traceback); the block forgets the session as it is left (:func:`_forget_spark`)."""
    if not jvm_stopped():
        session.stop()


def _forget_spark() -> None:
    """Forget the Spark session and context whose JVM Ctrl-C stopped, as PySpark does
    once it has stopped them, so a later session in this process (a notebook's, the
    workspace's) starts a JVM of its own instead of calling the dead one."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    gateway = SparkContext._gateway
    if gateway is not None:
        with suppress(Exception):  # the Python end's sockets and thread; no JVM call
            gateway.close(keep_callback_server=True)
            gateway.shutdown_callback_server()
    with SparkContext._lock:
        SparkContext._active_spark_context = None
        SparkContext._gateway = None
        SparkContext._jvm = None
    SparkSession._instantiatedSession = None
    SparkSession._activeSession = None


def jvm_stopped() -> bool:
    """Whether Ctrl-C stopped the JVM of the open :func:`spark_interrupts` block."""
    return bool(_ACTIVE and _ACTIVE[-1].jvm_stopped)


def interrupted() -> bool:
    """Whether Ctrl-C was pressed in the open :func:`spark_interrupts` block."""
    return bool(_ACTIVE and _ACTIVE[-1].requested)


def raise_if_interrupted() -> None:
    """Raise ``KeyboardInterrupt`` when Ctrl-C was pressed in the open
    :func:`spark_interrupts` block: a stage that went on after its cancelled call stops
    before it sends Spark anything more."""
    if interrupted():
        raise KeyboardInterrupt


@contextmanager
def spark_interrupts(cancel: Callable[[], None] | None = None
                     ) -> Iterator[SparkInterrupt]:
    """Ctrl-C within the block stops the command as on DuckDB (see the module):
    ``KeyboardInterrupt`` leaves it, whatever error the cancelled Spark call gave.
    ``cancel`` is what asks Spark to stop its jobs (run on a thread of its own;
    default :func:`cancel_spark_jobs`).
    Outside the main thread (where no signal arrives) the block changes nothing; where
    SIGINT is ignored it stays ignored, even as a SparkContext starts in the block. The
    handler in place before is put back on leaving.

    A block opened within another (in the main thread) is the outer one: its state,
    its handler, the JVM its command started (a stage that starts Spark in one block
    and opens the case's lake in a nested one, ``tnoc resolve --engine spark``), so
    Ctrl-C in the inner block can still stop that JVM."""
    main = threading.current_thread() is threading.main_thread()
    if main and _ACTIVE:
        yield _ACTIVE[-1]  # nested: the outer block handles Ctrl-C
        return
    state = SparkInterrupt()
    _QUIET_UNTIL[0] = 0.0  # a new command: the JVM's errors are news again
    if not main:
        yield state  # no signal arrives here
        return
    if signal.getsignal(signal.SIGINT) in (signal.SIG_IGN, None):
        # the process ignores Ctrl-C (started in the background by a shell), or a
        # handler not Python's could not be put back: nothing to handle, but the
        # block stays open, so that the handler PySpark installs as its context
        # starts gives way to the one in place (:func:`keeping_our_handler`): else a
        # SIGINT sent to a background command (kill -INT) would reach PySpark's,
        # which logs Py4J's tracebacks (seen against a cluster master, session 53)
        _ACTIVE.append(state)
        try:
            yield state
        finally:
            _ACTIVE.remove(state)
        return

    left = threading.Event()

    def keep_cancelling() -> None:
        # until the block is left: a job the stage starts after the first cancel
        # (a call that was no job, Spark still starting) is cancelled in its turn;
        # still waiting after STOP_AFTER seconds: the command's own JVM is stopped
        waited = 0.0
        while not left.is_set() and not state.jvm_stopped:
            if waited >= STOP_AFTER and state.stop_jvm():
                return
            (cancel or cancel_spark_jobs)()
            left.wait(CANCEL_EVERY)
            waited += CANCEL_EVERY

    def on_interrupt(_signum: int, frame: FrameType | None) -> None:
        begin_stopping()
        in_call = inside_py4j(frame)
        if state.requested and in_call and state.stop_jvm():
            return  # a second Ctrl-C: the waiting call fails now, as Ctrl-C
        if state.requested or not in_call:
            state.requested = True
            raise KeyboardInterrupt
        state.requested = True  # the waiting call ends as the cancelled job makes it
        threading.Thread(target=keep_cancelling, name="spark-cancel", daemon=True).start()

    before: Any = signal.signal(signal.SIGINT, on_interrupt)
    _ACTIVE.append(state)
    try:
        yield state
    except BaseException:
        if state.requested:  # the cancelled call's error is the interrupt's doing
            raise KeyboardInterrupt from None
        raise
    finally:
        left.set()
        if _QUIET_UNTIL[0] == float("inf"):  # stopped by Ctrl-C: quiet a moment more
            _QUIET_UNTIL[0] = time.monotonic() + QUIET_GRACE
        _ACTIVE.remove(state)
        signal.signal(signal.SIGINT, before)
        if state.jvm_stopped:
            _forget_spark()
    if state.requested:  # stopped by Ctrl-C, even if the stage ended as if it had not
        raise KeyboardInterrupt


@contextmanager
def keeping_our_handler() -> Iterator[None]:
    """Around the start of a command's Spark session
    (:func:`tnoc.store.case_engine.start_spark`): PySpark installs its own SIGINT
    handler as a SparkContext starts (see the module); within an open
    :func:`spark_interrupts` block, the block's handler (or SIGINT ignored, where the
    process ignores it) is put back. Outside one (a notebook's session,
    :func:`tnoc.store.engine.spark_session` called directly), PySpark's stays."""
    if not _ACTIVE or threading.current_thread() is not threading.main_thread():
        yield
        return
    ours = signal.getsignal(signal.SIGINT)
    if ours is None:  # a handler not installed from Python cannot be put back
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, ours)
