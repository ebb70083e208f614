"""The forked ``tnoc`` of the suite (tests/tnoc_process.py) gives what a new interpreter
gives: output, errors and exit status, whatever the environment of each call."""

from __future__ import annotations

import os
import subprocess
import sys

from .tnoc_process import ForkedTnoc


def _new_interpreter(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tnoc.cli", *args], capture_output=True,
                          text=True, env=env)


def test_a_forked_call_gives_what_a_new_interpreter_gives() -> None:
    forked = ForkedTnoc()
    try:
        for columns in ("60", "200"):
            env = {**os.environ, "COLUMNS": columns}
            for args in (["schema", "Person"], ["schema", "NoSuchSchema"],
                         ["no-such-command"]):
                got, expected = forked.run(args, env), _new_interpreter(args, env)
                assert (got.returncode, got.stdout, got.stderr) == (
                    expected.returncode, expected.stdout, expected.stderr), args
        failed = forked.run(["schema", "NoSuchSchema"], dict(os.environ))
        assert failed.returncode != 0 and "Traceback" not in failed.stderr
    finally:
        forked.close()
