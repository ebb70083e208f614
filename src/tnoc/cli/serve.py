"""``tnoc serve``: the analysts' web workspace (:mod:`tnoc.web`) on this machine."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated

import typer

from tnoc.cli.common import console

__all__ = ["register"]


def serve(
    folder: Annotated[Path, typer.Argument(
        help="A case folder, or a folder whose sub-folders are cases.")] = Path("."),
    host: Annotated[str, typer.Option(
        help="The address to listen on. 127.0.0.1 (the default) serves this machine "
             "only; put a TLS reverse proxy in front before serving anyone else.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.")] = 8400,
    intake: Annotated[Path | None, typer.Option(
        help="The reporting portal's data folder ('tnoc portal'): its reports appear "
             "under Citizen reports, opened with this machine's intake key.")] = None,
) -> None:
    """Serve the web workspace for the cases under FOLDER at http://HOST:PORT.

    Members log in with the password set by 'tnoc users password NAME -c CASE'; each is
    logged in to every case where that password is theirs. Every page goes through the
    same gate as the CLI (role, clearance, purpose, audit), acting with the member's
    signing key from this machine's key folder (TNOC_KEYS). Stop with Ctrl-C.

    Example: tnoc serve demo-case   (then open http://127.0.0.1:8400)
    """
    import uvicorn

    from tnoc.web.app import create_app
    from tnoc.web.workspace import Workspace

    if not Workspace(folder).cases():
        raise typer.BadParameter(f"{folder} holds no case (a folder with case.json, or "
                                 "sub-folders that are cases): 'tnoc demo' makes one",
                                 param_hint="FOLDER")
    console.print(f"TNOC workspace for {folder.resolve()} at http://{host}:{port} "
                  "(Ctrl-C stops it)", highlight=False, markup=False)
    threading.Thread(target=_warm, name="tnoc-warm", daemon=True).start()
    uvicorn.run(create_app(folder, intake), host=host, port=port, log_level="warning",
                access_log=False, server_header=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


WARMED = ("tnoc.assess.reading", "tnoc.assess.casemap", "tnoc.money.trace",
          "tnoc.money.sankey", "tnoc.resolve.review")
"""The analysis modules the pages import on first use (statsmodels, networkit,
followthemoney, matplotlib behind them: 5-30 s on a loaded machine): imported while the
server starts, so the first analyst on a page does not wait for them."""


def _warm() -> None:
    import importlib

    for name in WARMED:
        importlib.import_module(name)
