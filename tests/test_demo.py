"""The demo builds its case summary from real data (a small subset, to stay fast)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tnoc.cli import demo


@pytest.mark.slow
def test_demo_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    subset = [s for s in demo.DEMO_SOURCES if s[1] in
              ("ofac_sdn", "feodotracker", "ctdc_victims")] + [demo.DEMO_SOURCES[0]]
    monkeypatch.setattr(demo, "DEMO_SOURCES", subset)
    result = demo.build_demo(tmp_path / "demo")
    page = result.html.read_text(encoding="utf-8")
    assert "ofac_sdn_2024-05-03.csv" in page and "morselli_caviar.csv" in page
    assert "YAN, Xiaobing" in page  # the sample entity with its provenance
    assert "1977-03-25" in page and "25 Mar 1977" in page
    assert len(result.rows) == 4
    # the demo ends verified and bundled: every exhibit, the report, the checking script
    assert result.verified is True and result.bundle is not None
    import zipfile

    names = set(zipfile.ZipFile(result.bundle).namelist())
    assert {"verify_bundle.py", "manifest.json", "reports/threat-assessment.pdf"} <= names
    assert sum(n.startswith("exhibits/") for n in names) == 4
    again = demo.build_demo(tmp_path / "demo")  # idempotent
    assert again.html == result.html
