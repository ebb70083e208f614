"""The portal is a face: no SQL in ``src/tnoc/portal`` (it calls the intake store),
as the thin-faces test asks of the CLI (DESIGN.md §2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import ROOT
from ..test_thin_faces import sql_in

PORTAL = ROOT / "src" / "tnoc" / "portal"


@pytest.mark.parametrize("module", sorted(p.name for p in PORTAL.glob("*.py")))
def test_portal_module_holds_no_sql(module: str) -> None:
    path: Path = PORTAL / module
    assert sql_in(path.read_text(encoding="utf-8"), str(path)) == []
