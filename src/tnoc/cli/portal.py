"""``tnoc portal``: the citizens' reporting portal (:mod:`tnoc.portal`, issue #23), a
separate web app writing only to the intake store in its data folder; no case, no
gate (it holds no case data and reads none)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from tnoc.cli.common import console

__all__ = ["register"]



def portal(
    data: Annotated[Path, typer.Argument(
        help="The portal's data folder: the intake store and the intake public key "
             "(intake.public). Created when missing.")] = Path("intake"),
    host: Annotated[str, typer.Option(
        help="The address to listen on. Serve the public through a Tor onion service "
             "or a TLS reverse proxy that does not log addresses (docs/portal.md).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.")] = 8500,
    pow_bits: Annotated[int, typer.Option(
        min=0, max=28, help="The proof-of-work's difficulty in bits (about 2^N hashes "
                            "in the reporter's browser).")] = 16,
    per_minute: Annotated[int, typer.Option(
        min=1, help="Reports a minute, for all reporters together, accepted without "
                    "the proof-of-work (browsers without JavaScript).")] = 30,
    retain_days: Annotated[int, typer.Option(
        min=1, help="Days a report no one takes into a case is kept; past them (and "
                    "past the day set when a report is taken), the portal purges it on "
                    "start and daily, leaving a tombstone.")] = 180,
) -> None:
    """Serve the citizens' reporting portal for DATA at http://HOST:PORT.

    The portal seals every report and file to the intake public key in DATA
    (intake.public). When DATA has none, the intake key pair is created in this
    operator's key folder (TNOC_KEYS) and its public half written to DATA: the
    private key never goes to the portal's host. Stop with Ctrl-C.

    Example: tnoc portal intake   (then open http://127.0.0.1:8500)
    """
    import uvicorn

    from tnoc.intake.sealing import PUBLIC_FILE, intake_key, load_public
    from tnoc.ledger.keys import key_folder
    from tnoc.portal.app import LOG_CONFIG, SERVER_OPTIONS, create_app

    data.mkdir(parents=True, exist_ok=True)
    if not (data / PUBLIC_FILE).exists():
        keys = key_folder()
        key = intake_key(keys)
        (data / PUBLIC_FILE).write_text(key.public.hex() + "\n", encoding="ascii")
        console.print(f"Intake key pair in {keys} (the private key stays there); its "
                      f"public key written to {data / PUBLIC_FILE}.", highlight=False,
                      markup=False)
    public = load_public(data)
    spool = data / "tmp"
    spool.mkdir(mode=0o700, exist_ok=True)
    # uploads spool here (unnamed files, closed at the end of each request), not /tmp
    tempfile.tempdir = str(spool)
    app = create_app(data, public, pow_bits=pow_bits, per_minute=per_minute,
                     retain_days=retain_days)
    console.print(f"TNOC reporting portal for {data.resolve()} at http://{host}:{port} "
                  "(Ctrl-C stops it)", highlight=False, markup=False)
    uvicorn.run(app, host=host, port=port, log_config=LOG_CONFIG, **SERVER_OPTIONS)


def register(app: typer.Typer) -> None:
    app.command("portal")(portal)
