"""The custody record of ``tnoc`` commands: one decorator that every analysis, judgement,
screening and export command wears.

``@recorded("network keyplayers")`` runs the command inside
:func:`tnoc.evidence.custody.recorded_command` with the options the analyst gave as its
parameters: entries the command's library calls write carry the command, and a closing
entry names the files the command itself wrote (the options listed in ``writes``, e.g.
``--csv``, ``--plot``) with their sha256, or records an analysis that stores nothing.
A command ending with a non-zero exit after its analysis ran (no path found, payments
with problems) is recorded with its exit code; a command stopped by an error records
nothing more than what it committed.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
import typer

from tnoc.cli_common import _open

Command = TypeVar("Command", bound=Callable[..., Any])

RECORDED = "__tnoc_recorded__"
"""Attribute naming the record a command writes (what the tests check every command for)."""


def _files(value: object) -> list[Path]:
    """The files an option names: a path (``-``, standard output, is no file), or a list
    of them; anything else names none."""
    if isinstance(value, list | tuple):
        return [p for v in value for p in _files(v)]
    if isinstance(value, Path | str) and not isinstance(value, bool) and str(value) != "-":
        return [Path(value)]
    return []


def recorded(name: str, writes: Sequence[str] = (), reads: Sequence[str] = (),
             event_type: str = "analysed") -> Callable[[Command], Command]:
    """Record the decorated command in its case's custody ledger as ``name``.

    ``writes`` and ``reads`` name the command's options that are files it writes or
    reads itself (not those its library call records: an export's own file, a report);
    ``event_type`` is the closing entry's type (``exported`` for exports). The command
    must take the case as ``case``.
    """
    def decorate(command: Command) -> Command:
        signature = inspect.signature(command)
        unknown = {"case", *writes, *reads} - set(signature.parameters)
        if unknown:  # a renamed option must not silently drop a file from the record
            raise TypeError(f"{command.__name__} has no option {', '.join(sorted(unknown))}")

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            from tnoc.evidence.custody import recorded_command

            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            options = dict(bound.arguments)
            case = _open(options.pop("case"))
            stopped: typer.Exit | click.exceptions.Exit | None = None
            result = None
            with recorded_command(case, name, options, event_type) as record:
                record.read(*(p for option in reads for p in _files(options[option])))
                record.wrote(*(p for option in writes for p in _files(options[option])))
                try:
                    result = command(*args, **kwargs)
                except (typer.Exit, click.exceptions.Exit) as exit_:
                    record.exit_code, stopped = exit_.exit_code, exit_
            if stopped is not None:
                raise stopped
            return result

        setattr(run, RECORDED, name)
        return run  # type: ignore[return-value]

    return decorate
