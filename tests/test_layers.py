"""The package layers (docs/architecture.md, "Layers") and the seams that keep them.

The import-linter contract in ``pyproject.toml`` (run by ``make test``) checks that no
package imports one above it. These tests check what the contract cannot: that every
package of ``tnoc`` is in it (a new package outside the contract would escape it), and
that the partners' formats, whose readers the exchange package hands to the intake
from above, are refused with a clear error without them and read by the faces.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.errors import InputFileError
from tnoc.ingest import readers
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case

from .conftest import ROOT, store_fingerprint

# one STIX 2.1 object, as a partner sends it (a botnet controller family of the bundled
# Feodo Tracker list, examples/data/malware)
BUNDLE = {"type": "bundle", "id": "bundle--6c1b3b1a-0d3e-4c55-9a3f-1d2b3c4d5e6f",
          "objects": [{"type": "malware", "spec_version": "2.1",
                       "id": "malware--0f1e2d3c-4b5a-4968-8776-655443322110",
                       "created": "2021-12-20T00:00:00.000Z",
                       "modified": "2021-12-20T00:00:00.000Z",
                       "name": "Emotet", "is_family": True}]}


def _layers() -> list[str]:
    """The module names of the layers contract, highest layer first."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"]
                    if c["type"] == "layers")
    assert contract["containers"] == ["tnoc"]
    return [name.strip("() ") for layer in contract["layers"]
            for name in re.split(r"[|:]", layer)]


def test_every_package_is_in_the_layers_contract() -> None:
    """Each module and package directly under ``tnoc`` has its layer; data folders
    (mappings, templates) hold no code."""
    src = ROOT / "src" / "tnoc"
    code = {p.stem for p in src.glob("*.py") if p.stem != "__init__"} | {
        p.name for p in src.iterdir() if (p / "__init__.py").is_file()}
    assert code - {"__main__"} <= set(_layers()), sorted(code - set(_layers()))
    assert len(_layers()) == len(set(_layers()))


def test_partner_format_without_its_reader_is_refused(case: Case, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    """An intake of a STIX bundle before the exchange readers are handed in names what
    is missing and what to call, exits as a bad input file, and writes nothing."""
    monkeypatch.setattr(readers, "_REGISTERED", {})
    path = tmp_path / "partner.stix.json"
    path.write_text(json.dumps(BUNDLE), encoding="utf-8")
    before = store_fingerprint(case)
    with pytest.raises(InputFileError) as raised:
        ingest_file(case, "stix_bundle", path)
    assert "'stix'" in str(raised.value)
    assert "tnoc.exchange.intake.register_readers()" in str(raised.value)
    assert raised.value.exit_code == 2
    assert store_fingerprint(case) == before


def test_cli_ingest_hands_in_the_partner_readers(case: Case, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """``tnoc ingest`` registers the partners' readers itself: a STIX bundle is taken
    in with no registration beforehand."""
    monkeypatch.setattr(readers, "_REGISTERED", {})
    path = tmp_path / "partner.stix.json"
    path.write_text(json.dumps(BUNDLE), encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", "stix_bundle", str(path), "-c",
                                      str(case.root)])
    assert result.exit_code == 0, result.output
    with case.connect(read_only=True) as con:
        names = con.execute("SELECT value FROM statements WHERE prop = 'name'").fetchall()
    assert names == [("Emotet",)]
