"""What every ``tnoc`` sub-command shares: the case option, consoles, progress."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from tnoc.store import Case

console = Console()
err = Console(stderr=True)

CaseOpt = Annotated[Path, typer.Option(
    "--case", "-c", envvar="TNOC_CASE", help="Case directory (or set TNOC_CASE).",
    show_default=True,
)]


def _open(case: Path) -> Case:
    return Case.open(case)


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A table an analyst opens in a spreadsheet: UTF-8, header first."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
