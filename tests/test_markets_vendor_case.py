"""Vendors in the case (issue #24, items 2, 3, 6): `markets vendors profiles|link --case`
read the case's Agora listings through the gate, give what the same commands give on
the files, and keep their results as VendorProfile / VendorLink statements under an
analysis source with the strictest handling code and an 'analysed' custody entry; a
governed case decides on the crawls read, and research mode keeps nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tnoc.cli.main import app
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store import Case

from .conftest import DATA

MARKETS = DATA / "markets"
PLACE_COLUMNS = ("vendor", "product", "price", "from", "to", "cat", "subcat", "subsubcat")


def _one_row_per_crawl(source: Path, target: Path) -> Path:
    """``source`` with each listing once per crawl date (a category subset repeats some
    on one date, which the case stores once) and only the listings whose values do not
    change between crawls (the case keeps one value per listing where the file has one
    per row): the real rows on which the file and the case must agree exactly."""
    with open(source, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    values: dict[str, set[tuple[str, ...]]] = {}
    for row in rows:
        values.setdefault(row["list"], set()).add(
            tuple(" ".join(row[c].split()) for c in PLACE_COLUMNS))
    seen: set[tuple[str, str]] = set()
    kept = []
    for row in rows:
        key = (row["list"], row["date"])
        if len(values[row["list"]]) == 1 and key not in seen:
            seen.add(key)
            kept.append(row)
    with open(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(kept)
    return target


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> tuple[Case, list[Path]]:
    """The seeds (TLP:RED here) and shake/trim category subsets, one row per listing
    and crawl, taken into a case."""
    folder = tmp_path_factory.mktemp("vendors")
    files = [_one_row_per_crawl(MARKETS / name, folder / name)
             for name in ("agora_2014_seeds.csv", "agora_2014_shaketrim.csv")]
    case = Case.init(folder / "case")
    ingest_file(case, "agora_listings", files[0], IngestOptions(handling_code="TLP:RED"))
    ingest_file(case, "agora_listings", files[1])
    return case, files


def _differences(got: dict[str, object], expected: dict[str, object]) -> list[object]:
    """The rows of two listings that differ, with the values that differ."""
    rows: list[dict[str, object]] = got["rows"]  # type: ignore[assignment]
    wanted: list[dict[str, object]] = expected["rows"]  # type: ignore[assignment]
    found: list[object] = [(len(rows), len(wanted))] if len(rows) != len(wanted) else []
    return found + [(a, {k: (a[k], b[k]) for k in a if a[k] != b.get(k)})
                    for a, b in zip(rows, wanted, strict=False) if a != b]


def _json(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, [*args, "--json", "--all"])
    assert result.exit_code == 0, (result.output, result.exception)
    return dict(json.loads(result.stdout))


def test_profiles_on_the_case_equal_the_files_and_are_kept(
        crawls: tuple[Case, list[Path]]) -> None:
    """Every vendor's profile from the case is the one the files give (listings,
    titles, categories, price level, places, feedback grades, first and last seen);
    the profiles are kept as VendorProfile statements under the strictest code of the
    crawls read (the seeds are TLP:RED), with an 'analysed' custody entry; --source
    keeps a run to one crawl, under that crawl's code."""
    case, files = crawls
    on_files = _json("markets", "vendors", "profiles", *map(str, files))
    in_case = _json("markets", "vendors", "profiles", "-c", str(case.root))
    assert _differences(in_case, on_files) == []
    assert len(in_case["rows"]) == 33  # type: ignore[arg-type]
    assert in_case["files"] == sorted(f.name for f in files)  # names, not ids
    run = f"analysis-vendor-profiles-{in_case['run_id']}"
    with case.connect(read_only=True) as con:
        code = con.execute("SELECT handling_code FROM sources WHERE source_id = ?",
                           [run]).fetchone()
        kept = dict(con.execute(
            "SELECT v.value, l.value FROM statements v JOIN statements l USING (entity_id) "
            "WHERE v.source_id = ? AND v.prop = 'vendor' AND l.prop = 'listings'",
            [run]).fetchall())
        entry = con.execute("SELECT method, details FROM custody_events WHERE item_id = ? "
                            "AND event_type = 'analysed'", [run]).fetchone()
    assert code == ("TLP:RED",)
    assert kept == {r["vendor"]: str(r["listings"])  # type: ignore[index]
                    for r in on_files["rows"]}  # type: ignore[attr-defined]
    assert entry is not None and entry[0] == "tnoc markets vendors profiles"
    assert sorted(json.loads(entry[1])["sources"]) == sorted(in_case["sources"])  # type: ignore[arg-type]
    one = _json("markets", "vendors", "profiles", "-c", str(case.root), "--source",
                files[1].name)
    with case.connect(read_only=True) as con:
        code = con.execute("SELECT handling_code FROM sources WHERE source_id = ?",
                           [f"analysis-vendor-profiles-{one['run_id']}"]).fetchone()
    assert one["files"] == [files[1].name] and code == ("TLP:AMBER",)
    assert len(one["rows"]) == 8  # type: ignore[arg-type]


def test_links_on_the_case_equal_the_files_and_are_kept(
        crawls: tuple[Case, list[Path]]) -> None:
    """The linked accounts from the case are those the files give, with the same
    scores and evidence; each is kept as a VendorLink with its strongest evidence
    family, its score and the run's threshold (which every kept score exceeds), its
    p-value among the run's impostors with the false discovery rate and the
    Benjamini-Hochberg cutoff it was kept at and how many impostor scores the p-value
    stands on, which `tnoc show` shows."""
    case, files = crawls
    on_files = _json("markets", "vendors", "link", *map(str, files))
    in_case = _json("markets", "vendors", "link", "-c", str(case.root))
    assert _differences(in_case, on_files) == [] and in_case["rows"]
    assert in_case["threshold"] == on_files["threshold"] is not None
    run = f"analysis-vendor-links-{in_case['run_id']}"
    with case.connect(read_only=True) as con:
        links = con.execute(
            "SELECT entity_id, list(prop ORDER BY prop), "
            "any_value(value) FILTER (WHERE prop = 'similarity'), "
            "any_value(value) FILTER (WHERE prop = 'threshold'), "
            "any_value(value) FILTER (WHERE prop = 'strongestEvidence'), "
            "any_value(value) FILTER (WHERE prop = 'pValue'), "
            "any_value(value) FILTER (WHERE prop = 'pValueCutoff'), "
            "any_value(value) FILTER (WHERE prop = 'falseLinkRate'), "
            "any_value(value) FILTER (WHERE prop = 'impostors') "
            "FROM statements WHERE source_id = ? AND schema = 'VendorLink' GROUP BY 1",
            [run]).fetchall()
    assert len(links) == len(in_case["rows"])  # type: ignore[arg-type]
    rows: list[dict[str, object]] = on_files["rows"]  # type: ignore[assignment]
    cutoffs = in_case["p_value_cutoffs"]
    assert in_case["false_link_rate"] == 0.05 and isinstance(cutoffs, dict)
    assert isinstance(cutoffs["different names"], float)  # no name in both files here
    # how many impostor scores the p-values stand on, kept and said
    assert {int(x[8]) for x in links} == {in_case["impostors"]} and in_case["impostors"]
    for _id, _props, similarity, threshold, strongest, p_value, kept_cutoff, rate, _ in links:
        assert float(similarity) > float(threshold)
        assert strongest in {r["strongest"] for r in rows}
        # the link's significance is kept: its p-value, at most the Benjamini-Hochberg
        # cutoff of the run, and the false discovery rate it was tested at
        assert float(p_value) <= float(kept_cutoff)
        assert any(float(kept_cutoff) == pytest.approx(c, rel=1e-5)
                   for c in cutoffs.values() if c is not None)
        assert float(rate) == 0.05
    assert sorted(float(x[5]) for x in links) == pytest.approx(
        sorted(float(r["p_value"]) for r in rows), rel=1e-5)  # type: ignore[arg-type]
    shown = CliRunner().invoke(app, ["show", links[0][0], "-c", str(case.root)])
    assert shown.exit_code == 0, shown.output
    assert "pValue" in shown.output and "pValueCutoff" in shown.output


def test_the_gate_decides_on_the_vendor_crawls_read(crawls: tuple[Case, list[Path]],
                                                    tmp_path: Path) -> None:
    """In a governed case (operation ``assess``): an analyst cleared to TLP:AMBER may
    profile the vendors of the AMBER crawl, is refused the links over both (the seeds
    are TLP:RED) and nothing more is kept; a researcher's run keeps nothing and shows
    no vendor's name."""
    import shutil

    from tnoc.govern.audit import audit_records
    from tnoc.ledger.keys import operator, signer
    from tnoc.service import AccessDenied, CaseService, Session

    case = Case.open(shutil.copytree(crawls[0].root, tmp_path / "case"))
    shaketrim = crawls[1][1].name
    admin = CaseService(case, Session(operator()))
    for user, role, clearance in (("alice", "analyst", "TLP:AMBER"),
                                  ("bob", "supervisor", "TLP:RED"),
                                  ("rita", "researcher", "TLP:RED")):
        admin.add_member(user, role, clearance, signer(user).public_raw.hex())
    CaseService(case, Session("bob")).open_purpose("OP-24", "cannabis seed vendors")

    def run(user: str, *args: str) -> Result:
        return CliRunner().invoke(app, ["markets", "vendors", *args, "-c", str(case.root),
                                        "--as", user, "--purpose", "OP-24"])

    def kept() -> int:
        with case.connect(read_only=True) as con:
            found = con.execute("SELECT count(*) FROM sources WHERE dataset = 'analysis'"
                                ).fetchone()
        return int(found[0]) if found else -1

    before = kept()
    allowed = run("alice", "profiles", "--source", shaketrim)
    assert allowed.exit_code == 0, allowed.output
    assert "DankBoss101" in allowed.output and kept() == before + 1
    refused = run("alice", "link")
    assert isinstance(refused.exception, AccessDenied) and kept() == before + 1
    researched = run("rita", "profiles", "--source", shaketrim)
    assert researched.exit_code == 0, researched.output
    assert "Research mode: nothing kept" in researched.output and kept() == before + 1
    assert "DankBoss101" not in researched.output and "pseudo-" in researched.output
    with case.connect(read_only=True) as con:
        trail = [(r.actor, r.operation, r.outcome) for r in audit_records(con)][-3:]
    assert trail == [("alice", "assess", "allowed"), ("alice", "assess", "denied"),
                     ("rita", "assess", "allowed")]
