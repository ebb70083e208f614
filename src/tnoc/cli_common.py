"""What every ``tnoc`` sub-command shares: the case option, consoles, progress."""

from __future__ import annotations

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
