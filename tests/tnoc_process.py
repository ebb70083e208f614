"""A ``tnoc`` process per call, forked from an interpreter that has FtM's model loaded.

The suite runs ``tnoc`` through its real entry point (``run_tnoc``) in many tests.
Each new interpreter spends 1.5-2 s of CPU before the command starts, most of it
loading FollowTheMoney's model (PyYAML parsing 79 schema files), which every command
does the same way. Here one interpreter per test process loads that model once and
then forks a child per call. The child is a real, separate process: its own
environment, working directory, standard streams (files, never a terminal), argv, exit
status and interpreter shutdown; it imports ``tnoc.cli`` itself and runs
``python -m tnoc.cli`` with :mod:`runpy`, as a new interpreter would.

What the parent loads before forking is chosen so that nothing it keeps depends on the
call: the model (it does not read the environment) and libraries that start no thread
(forking a process that runs threads copies locks mid-use). ``tnoc.cli`` is *not*
loaded in the parent, because its consoles read ``COLUMNS`` and the terminal when they
are made.

Where a child differs from a new interpreter: every call of one test process has the
same string-hash seed (a new interpreter draws its own), so a test of output that must
not depend on set order across processes passes ``fresh=True`` to ``run_tnoc``; the
settings libraries read from the environment when imported (``FTM_MODEL_PATH``,
``TYPER_USE_RICH``, rigour's) are the parent's; stdin is /dev/null.

``TNOC_TEST_NO_FORK=1`` runs every call as a new interpreter instead, as before.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

PRELOADED = ("rich.console", "rich.table", "typer", "click", "duckdb", "pydantic", "yaml")


def serve(requests: Any, replies: Any) -> None:
    """The parent: read one request per line, fork, reply with the child's exit status."""
    for line in requests:
        request = json.loads(line)
        out = os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        err = os.open(request["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        pid = os.fork()
        if pid == 0:
            _become_the_call(request, out, err, (requests.fileno(), replies.fileno()))
        os.close(out)
        os.close(err)
        _, status = os.waitpid(pid, 0)
        replies.write(json.dumps({"code": os.waitstatus_to_exitcode(status)}) + "\n")
        replies.flush()


def _become_the_call(request: dict[str, Any], out: int, err: int,
                     channel: tuple[int, int]) -> None:
    """In the child: the call's streams, environment and directory, then ``python -m
    tnoc.cli ARGS``. Exceptions and ``SystemExit`` leave through the interpreter's own
    top level, so the traceback, exit status and shutdown are a new process's."""
    import runpy

    null = os.open(os.devnull, os.O_RDWR)
    for fd in channel:  # the parent's; their file objects close harmlessly at exit
        os.dup2(null, fd)
    os.close(null)
    os.dup2(out, 1)
    os.dup2(err, 2)
    os.close(out)
    os.close(err)
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()  # a new process reads TZ at its start
    os.chdir(request["cwd"])
    sys.path[0] = request["cwd"]  # what ``python -m`` puts first
    sys.argv = ["-m", *request["args"]]  # runpy puts the module's path first
    runpy.run_module("tnoc.cli", run_name="__main__", alter_sys=True)
    sys.exit(0)


class ForkedTnoc:
    """The client a test process keeps: starts the parent on first use."""

    def __init__(self) -> None:
        self._server: subprocess.Popen[str] | None = None
        self._one_at_a_time = threading.Lock()
        self._scratch: Path | None = None
        self._calls = 0

    def run(self, args: list[str], env: dict[str, str], timeout: float = 900
            ) -> subprocess.CompletedProcess[str]:
        """``tnoc ARGS`` as a forked process; the same result as ``subprocess.run``
        with ``capture_output=True, text=True``. A call still running after
        ``timeout`` seconds is killed with its parent (the next call starts another)
        and raises :class:`subprocess.TimeoutExpired`, as ``subprocess.run`` would."""
        with self._one_at_a_time:
            return self._run(args, env, timeout)

    def _run(self, args: list[str], env: dict[str, str], timeout: float
             ) -> subprocess.CompletedProcess[str]:
        server, scratch = self._start()
        self._calls += 1
        out, err = scratch / f"{self._calls}.out", scratch / f"{self._calls}.err"
        request = {"args": args, "env": env, "cwd": os.getcwd(), "out": str(out),
                   "err": str(err)}
        assert server.stdin is not None and server.stdout is not None
        server.stdin.write(json.dumps(request) + "\n")
        server.stdin.flush()
        ready, _, _ = select.select([server.stdout], [], [], timeout)
        reply = server.stdout.readline() if ready else ""
        command = [sys.executable, "-m", "tnoc.cli", *args]
        if not reply:
            self._kill()
            if not ready:
                raise subprocess.TimeoutExpired(command, timeout)
            raise RuntimeError("the tnoc fork server ended without answering")
        code = int(json.loads(reply)["code"])
        try:
            return subprocess.CompletedProcess(command, code, _text(out), _text(err))
        finally:
            out.unlink()
            err.unlink()

    def _start(self) -> tuple[subprocess.Popen[str], Path]:
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="tnoc-calls-"))
        if self._server is None or self._server.poll() is not None:
            self._server = subprocess.Popen(
                [sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                text=True, cwd=str(self._scratch), start_new_session=True)
        return self._server, self._scratch

    def _kill(self) -> None:
        """End the parent and whatever call it runs (its own process group)."""
        if self._server is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._server.pid, signal.SIGKILL)
            self._server.wait()
            self._server = None

    def close(self) -> None:
        """End the parent (the end of the test process) and remove its folder."""
        if self._server is not None:
            if self._server.stdin is not None:
                self._server.stdin.close()
            try:
                self._server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._kill()
            self._server = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None


def _text(path: Path) -> str:
    """What ``subprocess.run(text=True)`` would give: the locale's decoding with
    universal newlines."""
    with open(path, encoding=None, newline=None) as handle:
        return handle.read()


def _main() -> None:
    """The parent's start: its request channel moved off the standard streams (a
    child's stdin is /dev/null, its stdout and stderr the call's files), then the
    preloads."""
    import importlib

    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)  # nothing a preload prints can reach the channel
    os.close(null)
    sys.path[0] = os.getcwd()  # not tests/: nothing there shadows what is preloaded
    for name in PRELOADED:
        importlib.import_module(name)
    from tnoc.model import get_model

    get_model()
    serve(requests, replies)


if __name__ == "__main__":
    _main()
