"""The custody record of ``tnoc`` commands: one decorator that every analysis, judgement,
screening and export command wears.

``@recorded("network keyplayers")`` runs the command inside
:func:`tnoc.ledger.custody.recorded_command` with the options the analyst gave as its
parameters: entries the command's library calls write carry the command, and a closing
entry names the files the command itself wrote (the options listed in ``writes``, e.g.
``--csv``, ``--plot``) with their sha256, or records an analysis that stores nothing.
A command ending with a non-zero exit after its analysis ran (no path found, payments
with problems) is recorded with its exit code; a command stopped by an error records
nothing more than what it committed.

Recorded first, shown after: a case that cannot take the record (read-only, or locked
by another process writing to it) is refused before the command runs, with an error
naming the case and why; the command's standard output is held
(:class:`HeldOutput`) until its record is in the ledger, so should the record still
fail, or the command stop with an error, nothing it printed is shown.
"""

from __future__ import annotations

import functools
import inspect
import io
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click
import typer

from tnoc.cli.common import _open

Command = TypeVar("Command", bound=Callable[..., Any])

RECORDED = "__tnoc_recorded__"
"""Attribute naming the record a command writes (what the tests check every command for)."""


class HeldOutput(io.TextIOWrapper):
    """Standard output held back until the command's record is in the ledger, then shown
    (:meth:`show`): nothing reaches the analyst that the ledger does not record. It
    answers ``isatty`` as the real output does, so tables are laid out for the terminal
    or the pipe they go to; what is held stays in memory up to 64 MiB, beyond that in a
    file of the case's scratch folder (case material does not go to the system's /tmp)."""

    def __init__(self, shown: TextIO, scratch: Path) -> None:
        scratch.mkdir(parents=True, exist_ok=True)
        self._spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (closed by show/close)
            max_size=64 * 1024 * 1024, dir=str(scratch))
        super().__init__(self._spool, encoding=getattr(shown, "encoding", None) or "utf-8",
                         errors="replace", write_through=True)
        self._shown = shown

    def isatty(self) -> bool:
        return self._shown.isatty()

    def show(self) -> None:
        """Write what was held to the real standard output, in order, and close."""
        self.flush()
        self._spool.seek(0)
        target = getattr(self._shown, "buffer", None)
        self._shown.flush()
        while chunk := self._spool.read(1024 * 1024):
            if target is not None:
                target.write(chunk)
            else:
                self._shown.write(bytes(chunk).decode(self.encoding, errors="replace"))
        (target or self._shown).flush()
        self.close()


def _files(value: object) -> list[Path]:
    """The files an option names: a path (``-``, standard output, is no file), or a list
    of them; anything else names none."""
    if isinstance(value, list | tuple):
        return [p for v in value for p in _files(v)]
    if isinstance(value, Path | str) and not isinstance(value, bool) and str(value) != "-":
        return [Path(value)]
    return []


def recorded(name: str, writes: Sequence[str] = (), reads: Sequence[str] = (),
             event_type: str = "analysed", outputs: Sequence[str] = ()
             ) -> Callable[[Command], Command]:
    """Record the decorated command in its case's custody ledger as ``name``.

    ``writes`` and ``reads`` name the command's options that are files it writes or
    reads itself (not those its library call records: an export's own file, a report);
    ``event_type`` is the closing entry's type (``exported`` for exports); ``outputs``
    names options that are files the library call writes and records (an export's own
    file). The command must take the case as ``case``, and, when it writes files, the
    shared ``force`` option (:data:`tnoc.cli.common.ForceOpt`): every file of
    ``writes`` and ``outputs`` is checked before the command runs
    (:func:`tnoc.safe_write.check_output`: never inside a case folder but its
    reports/, never over an existing file without --force).
    """
    def decorate(command: Command) -> Command:
        signature = inspect.signature(command)
        unknown = {"case", *writes, *reads, *outputs} - set(signature.parameters)
        if writes or outputs:  # every command writing a file can be told --force
            unknown |= {"force"} - set(signature.parameters)
        if unknown:  # a renamed option must not silently drop a file from the record
            raise TypeError(f"{command.__name__} has no option {', '.join(sorted(unknown))}")

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            from tnoc.ledger.custody import ensure_recordable, recorded_command

            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            options = dict(bound.arguments)
            root = Path(options.pop("case"))
            from tnoc.safe_write import check_output

            for option in (*writes, *outputs):  # before the case is opened or written
                for path in _files(options[option]):
                    check_output(path, bool(options.get("force")),
                                 "output" if option in ("out", "folder")
                                 else f"--{option.replace('_', '-')} file")
            ensure_recordable(root)  # before opening: a locked case fails to open, unclearly
            case = _open(root)
            stopped: typer.Exit | click.exceptions.Exit | None = None
            result = None
            shown, held = sys.stdout, HeldOutput(sys.stdout, case.scratch)
            sys.stdout = held  # results wait for the record; an error drops them
            try:
                with recorded_command(case, name, options, event_type) as record:
                    record.read(*(p for option in reads for p in _files(options[option])))
                    record.wrote(*(p for option in writes for p in _files(options[option])))
                    try:
                        result = command(*args, **kwargs)
                    except (typer.Exit, click.exceptions.Exit) as exit_:
                        record.exit_code, stopped = exit_.exit_code, exit_
            except BaseException:
                held.close()  # not recorded: not shown
                raise
            finally:
                sys.stdout = shown
            held.show()
            if stopped is not None:
                raise stopped
            return result

        setattr(run, RECORDED, name)
        return run  # type: ignore[return-value]

    return decorate
