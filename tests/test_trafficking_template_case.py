"""Template clusters of a case's listing texts kept in the case (issue #25, items 4 and
5): the case's listings read as the file is read (the same clusters), kept as
statements citing the run with the strictest handling code, named in each member
listing's dossier and in the threat assessment, kept once, under the gate."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from tests.conftest import DATA
from tnoc.cli.main import app
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store.case import Case

PAGES = DATA / "markets" / "agora_vendor_pages_2014-01.csv"
PLACES = ("template_row", "template_listing", "member_rows", "member_listings")


def _slice(folder: Path, records: int) -> Path:
    """The header and the first ``records`` records of the January 2014 vendor pages
    (real listings), as a file of the same name."""
    out = folder / PAGES.name
    with PAGES.open(newline="", encoding="utf-8") as source, \
            out.open("w", newline="", encoding="utf-8") as sink:
        writer = csv.writer(sink)
        for number, record in enumerate(csv.reader(source)):
            if number > records:
                break
            writer.writerow(record)
    return out


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _slice(tmp_path_factory.mktemp("pages"), 400)


@pytest.fixture(scope="module")
def listing_case(tmp_path_factory: pytest.TempPathFactory, pages: Path) -> Case:
    """400 real vendor-page listings taken in as TLP:RED."""
    case = Case.init(tmp_path_factory.mktemp("templates") / "case")
    ingest_file(case, "agora_vendor_pages", pages, IngestOptions(handling_code="TLP:RED"))
    return case


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(app, ["trafficking", "templates", *args])


def _json(*args: str) -> dict[str, object]:
    result = _invoke(*args, "--json")
    assert result.exit_code == 0, (result.output, result.exception)
    document: dict[str, object] = json.loads(result.stdout)
    return document


def _said(result: Result) -> str:
    """What a command printed, its error box's borders and line breaks taken out."""
    return " ".join(result.output.replace("│", " ").split())


def _without_places(rows: object) -> list[dict[str, object]]:
    assert isinstance(rows, list)
    return [{k: v for k, v in r.items() if k not in PLACES} for r in rows]


def test_the_case_clusters_as_the_file_does_and_keeps_the_run(listing_case: Case,
                                                              pages: Path) -> None:
    """The same texts, clusters, templates, authors and purity as the file read with
    --author vendor; kept as one TemplateClusters and a TemplateCluster per cluster
    whose members are listing entities, TLP:RED as the listings, with an 'analysed'
    custody entry naming the sources read."""
    on_case = _json("-c", str(listing_case.root))
    on_file = _json(str(pages), "--author", "vendor")
    for key in ("listings", "clusters", "clustered", "coverage", "cluster_purity"):
        assert on_case[key] == on_file[key], key
    assert _without_places(on_case["rows"]) == _without_places(on_file["rows"])
    assert on_case["text"] == "description, else title"
    run = f"analysis-template-clusters-{on_case['run_id']}"
    with listing_case.connect(read_only=True) as con:
        code, = con.execute("SELECT handling_code FROM sources WHERE source_id = ?",
                            [run]).fetchone() or (None,)
        summary = dict(con.execute(
            "SELECT prop, value FROM statements WHERE source_id = ? AND schema = "
            "'TemplateClusters' AND prop IN ('texts', 'clusters', 'clustered', "
            "'clusterPurity', 'setting')", [run]).fetchall())
        members = con.execute(
            "SELECT m.entity_id, l.schema FROM statements m JOIN statements l "
            "ON l.canonical_id = m.value AND l.prop = 'id' WHERE m.source_id = ? AND "
            "m.prop = 'member' AND m.entity_id LIKE '%-1'", [run]).fetchall()
        entry = con.execute("SELECT method, details FROM custody_events WHERE item_id = ? "
                            "AND event_type = 'analysed'", [run]).fetchone()
    first = on_case["rows"][0]  # type: ignore[index]
    assert code == "TLP:RED"
    assert summary == {"texts": str(on_file["listings"]),
                       "clusters": str(on_file["clusters"]),
                       "clustered": str(on_file["clustered"]),
                       "clusterPurity": f"{on_file['cluster_purity']:.4f}",
                       "setting": "precision"}
    assert {schema for _, schema in members} == {"DarknetListing"}
    # a listing seen on several rows (one vendor's product on one date, the page's
    # key) may carry several of the texts: members are listings, not texts
    assert 1 <= len(members) == len(first["member_listings"]) <= first["listings"]
    assert entry is not None and entry[0] == "tnoc trafficking templates"
    assert json.loads(entry[1])["sources"] == on_case["sources"]


def test_a_member_listing_dossier_names_its_cluster(listing_case: Case) -> None:
    """``tnoc show`` on a listing of the largest cluster: the cluster, its size, the
    main author and the template text; one cluster per run on the same texts and
    setting (a re-run supersedes), another setting beside it."""
    document = _json("-c", str(listing_case.root))
    largest = document["rows"][0]  # type: ignore[index]
    member = largest["member_listings"][-1]
    _json("-c", str(listing_case.root), "--setting", "recall")

    shown = CliRunner().invoke(app, ["show", member, "-c", str(listing_case.root),
                                     "--json"])
    assert shown.exit_code == 0, shown.output
    found = [a for a in json.loads(shown.stdout)["analyses"]
             if a["kind"] == "TemplateCluster"]
    assert sorted(a["facts"]["setting"] for a in found) == ["precision", "recall"]
    precision = next(a for a in found if a["facts"]["setting"] == "precision")
    assert precision["role"] == "member"
    assert precision["facts"]["cluster"] == "1"
    assert precision["facts"]["size"] == str(largest["listings"])
    assert precision["facts"]["mainAuthor"] == largest["main_author"]
    assert precision["facts"]["template"] == largest["template"]
    assert precision["facts"]["name"].startswith(
        f"template cluster 1 of {document['clusters']}: {largest['listings']} listing texts")
    text = CliRunner().invoke(app, ["show", member, "-c", str(listing_case.root)])
    assert "TemplateCluster (member): name: template cluster 1 of" in text.output


def test_a_rerun_keeps_nothing_new_and_the_report_shows_the_latest(listing_case: Case
                                                                   ) -> None:
    """The same clusters of the same sources are kept once (the command names the run
    holding them); the report's modern-slavery section shows one run per setting,
    with a footnote citing it."""
    from tnoc.assess.report import assess, render_html

    def runs() -> int:
        with listing_case.connect(read_only=True) as con:
            found = con.execute("SELECT count(*) FROM sources WHERE source_id LIKE "
                                "'analysis-template-clusters-%'").fetchone()
        return int(found[0]) if found else -1

    first = _json("-c", str(listing_case.root))
    held = runs()
    again = _invoke("-c", str(listing_case.root), "--limit", "3")
    assert again.exit_code == 0, again.output
    assert (f"Already kept in the case as analysis run template-clusters-"
            f"{first['run_id']} (the same result from the same sources): nothing new "
            "kept.") in " ".join(again.output.split())
    assert runs() == held
    a = assess(listing_case)
    assert sorted(str(t["setting"]) for t in a.template_clusters) in (
        ["precision"], ["precision", "recall"])
    kept = next(t for t in a.template_clusters if t["setting"] == "precision")
    assert kept["clusters"] == first["clusters"] and kept["texts"] == first["listings"]
    assert a.footnotes[int(str(kept["note"])) - 1].sources == [
        f"analysis-template-clusters-{first['run_id']}"]
    page = render_html(a)
    assert f"{first['clusters']:,} template clusters hold {first['clustered']:,} of " \
           f"{first['listings']:,} listing texts" in page


def test_bad_use_is_refused_and_nothing_kept(listing_case: Case, case: Case,
                                            pages: Path) -> None:
    both = _invoke(str(pages), "-c", str(listing_case.root))
    assert both.exit_code != 0 and "not both" in str(both.exception)
    author = _invoke("-c", str(listing_case.root), "--author", "vendor")
    assert author.exit_code == 2 and "vendor" in author.output
    text = _invoke("-c", str(listing_case.root), "--text", "price")
    assert text.exit_code == 2 and "'price' is not a text property" in _said(text)
    source = _invoke(str(pages), "--source", "x")
    assert source.exit_code == 2 and "give --case" in _said(source)
    empty = _invoke("-c", str(case.root))
    assert empty.exit_code != 0 and "holds no listings" in str(empty.exception)
    with case.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM sources").fetchone() == (0,)


def test_the_gate_decides_and_a_researcher_keeps_nothing(tmp_path: Path) -> None:
    """In a governed case (operation ``assess``): an analyst cleared to TLP:AMBER is
    refused the clusters of TLP:RED listings and nothing is kept; a researcher's run
    prints the clusters and keeps nothing; the audit trail records both."""
    from tnoc.govern.audit import audit_records
    from tnoc.ledger.keys import operator, signer
    from tnoc.service import AccessDenied, CaseService, Session

    case = Case.init(tmp_path / "case")
    ingest_file(case, "agora_vendor_pages", _slice(tmp_path, 120),
                IngestOptions(handling_code="TLP:RED"))
    admin = CaseService(case, Session(operator()))
    for user, role, clearance in (("alice", "analyst", "TLP:AMBER"),
                                  ("bob", "supervisor", "TLP:RED"),
                                  ("rita", "researcher", "TLP:RED")):
        admin.add_member(user, role, clearance, signer(user).public_raw.hex())
    CaseService(case, Session("bob")).open_purpose("OP-25", "Modern slavery")

    def run(user: str) -> Result:
        return _invoke("-c", str(case.root), "--as", user, "--purpose", "OP-25")

    def kept() -> int:
        with case.connect(read_only=True) as con:
            found = con.execute("SELECT count(*) FROM sources WHERE dataset = 'analysis'"
                                ).fetchone()
        return int(found[0]) if found else -1

    refused = run("alice")
    assert isinstance(refused.exception, AccessDenied) and kept() == 0
    researched = run("rita")
    assert researched.exit_code == 0, researched.output
    assert "template clusters (precision)" in researched.output
    assert "Research mode: nothing kept" in researched.output and kept() == 0
    with case.connect(read_only=True) as con:
        trail = [(r.actor, r.operation, r.outcome) for r in audit_records(con)][-2:]
    assert trail == [("alice", "assess", "denied"), ("rita", "assess", "allowed")]
