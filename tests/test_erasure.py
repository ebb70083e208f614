"""Erasure, legal hold and retention (EU Directive 2016/680 art. 5 and 16; issue 20's
"Erasure test"): the person's values are gone from the views, search, show and the FtM
and STIX exports; a legal hold refuses; ``tnoc verify`` passes after, and a deletion
the tombstone does not explain still fails; the tombstone is in the custody log."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.errors import TnocError
from tnoc.evidence.verify import verify_case
from tnoc.exchange.handling import entity_digest, entity_id_key
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.ledger.keys import operator
from tnoc.store import Case
from tnoc.store.query import search, show_entity

from .conftest import DATA, store_fingerprint
from .test_held import _statement_files

CDR = Path(__file__).parent / "data" / "cdr" / "calls.csv"
SDN = DATA / "sanctions" / "ofac_sdn_2024-05-03.csv"
# the person: a seized phone's subscriber, judged the same as an SDN-listed man (row
# 32796 of OFAC's list) and as the same number written 0049...; each value below is one
# of theirs, stated by one of the two sources
SECRETS = ("Kemal Aydin", "RAGE, Ali Mohamed", "DHEERE, Ali", "Mogadishu", "+4915112223333")


def tnoc(*args: str, exit_code: int = 0) -> str:
    """Run a tnoc command in this process (no interpreter start-up); its output."""
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == exit_code, (args, result.output, result.exception)
    return result.output


@dataclass
class Erased:
    """The case after the erasure, and what it showed before."""

    case: Case
    held: bool
    """Whether the sources' statements are held as Parquet (tnoc.store.held)."""
    before_ftm: str
    before_stix: str
    after_ftm: str
    after_stix: str


def _exports(case: Case, folder: Path, name: str) -> tuple[str, str]:
    root = str(case.root)
    tnoc("export", "ftm", str(folder / f"{name}.ftm.json"), "-c", root)
    tnoc("export", "stix", str(folder / f"{name}.stix.json"), "--schema", "Person",
         "-c", root)
    return ((folder / f"{name}.ftm.json").read_text(encoding="utf-8"),
            (folder / f"{name}.stix.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["store", "parquet"])
def erased(tmp_path_factory: pytest.TempPathFactory, signing_keys: Path,
           request: pytest.FixtureRequest) -> Erased:
    """100 real OFAC SDN rows and a seized phone's call records; the subscriber merged
    with the listed man and with his number's other spelling; network measures and a
    screening stored; then the person erased by a supervisor. Once with the
    statements in the store, once held as Parquet files (``--statements parquet``):
    the merges are then an overlay, the erasure writes the files anew."""
    held = request.param == "parquet"
    folder = tmp_path_factory.mktemp("erasure")
    part = folder / "ofac_sdn_part.csv"
    part.write_text("".join(SDN.read_text(encoding="utf-8").splitlines(keepends=True)
                            [8299:8400]), encoding="utf-8")
    case = Case.init(folder / "case")
    ingest_file(case, "ofac_sdn", part, IngestOptions(held=held))
    ingest_file(case, "call_records", CDR, IngestOptions(region="DE", held=held))
    files_before = _statement_files(case)
    assert len(files_before) == (2 if held else 0)
    root = str(case.root)
    tnoc("merge", "Kemal Aydin", "ofac-sdn-32796", "-c", root, "--reason", "same passport")
    tnoc("merge", "cdr-line-004915112223333", "cdr-line-4915112223333", "-c", root,
         "--reason", "same number")
    tnoc("network", "measures", "-c", root)
    tnoc("screen", "-c", root)
    before_ftm, before_stix = _exports(case, folder, "before")
    out = tnoc("erase", "Kemal Aydin", "--reason", "art. 16 request, ref. DP-2026-17",
               "--yes", "-c", root)
    assert "erased Kemal Aydin (cdr-line-004915112223333)" in out
    files_after = _statement_files(case)
    # both files written anew without the person, the former ones removed
    assert len(files_after) == len(files_before) and not set(files_after) & set(files_before)
    return Erased(case, held, before_ftm, before_stix, *_exports(case, folder, "after"))


def test_values_are_gone_from_views_search_show_and_exports(erased: Erased) -> None:
    for secret in SECRETS:
        assert secret in erased.before_ftm, secret  # the check can fail
        assert secret not in erased.after_ftm, secret
    assert "Kemal Aydin" in erased.before_stix
    assert not [s for s in SECRETS if s in erased.after_stix]
    with erased.case.connect(read_only=True) as con:
        for secret in SECRETS:
            assert con.execute(
                "SELECT count(*) FROM statements WHERE value LIKE $s OR original_value "
                "LIKE $s", {"s": f"%{secret}%"}).fetchall() == [(0,)], secret
            for file in (erased.case.root / "held").rglob("*.parquet"):  # nor on disk:
                # the files' values read (compressed, their bytes would not show them),
                # the statements and their references held again by value
                if not file.name.startswith("seals-"):
                    assert con.execute(
                        "SELECT count(*) FROM read_parquet($f) WHERE value LIKE $s OR "
                        "original_value LIKE $s", {"f": str(file), "s": f"%{secret}%"}
                    ).fetchall() == [(0,)], (secret, file)
            assert con.execute("SELECT count(*) FROM entities WHERE properties::VARCHAR "
                               "LIKE $s", {"s": f"%{secret}%"}).fetchall() == [(0,)]
            assert search(con, secret) == []
        for reference in ("Kemal Aydin", "ofac-sdn-32796", "cdr-line-4915112223333"):
            with pytest.raises(TnocError, match="no entity"):
                show_entity(con, reference)
        # the analysis rows that named the person
        for table, column in (("node_measures", "entity_id"),
                              ("screening_hits", "subject_id")):
            assert con.execute(f"SELECT count(*) FROM {table} WHERE {column} LIKE "
                               "'%4915112223333' OR {column} = 'ofac-sdn-32796'".format(
                                   column=column)).fetchall() == [(0,)]


def test_links_lose_the_person_and_keep_the_rest(erased: Erased) -> None:
    """The first call of the seized phone stays, with its duration and the other
    party; who made it and from which number is no longer known."""
    with erased.case.connect(read_only=True) as con:
        call = show_entity(con, "cdr-C-0001")
    props = {s["prop"]: s["value"] for s in call.statements}
    assert props["duration"] == "134" and props["receiver"] == "cdr-line-491701234567"
    assert "caller" not in props and "callerNumber" not in props


def test_verify_passes_and_the_tombstone_is_in_the_custody_log(erased: Erased) -> None:
    result = verify_case(erased.case, record=False)
    assert result.ok, [str(p) for p in result.problems]
    assert result.sealed == 2 and result.held_files == (6 if erased.held else 0)
    log = json.loads(tnoc("custody", "log", "--type", "destroyed", "--json", "-c",
                          str(erased.case.root)))
    [entry] = log["rows"]
    assert (entry["actor"], entry["purpose"]) == (operator(),
                                                  "art. 16 request, ref. DP-2026-17")
    tomb = entry["details"]["erasure"]
    key = entity_id_key(erased.case.root) or b""  # ids by keyed digest: they embed phones
    assert sorted(tomb["members"]) == sorted(entity_digest(key, e) for e in [
        "cdr-line-004915112223333", "cdr-line-4915112223333", "ofac-sdn-32796"])
    assert tomb["entity"] == entry["item_id"] == entity_digest(key, "cdr-line-004915112223333")
    assert tomb["properties"]["weakAlias"] == 2 and tomb["schemata"] == ["Person"]
    assert {s["file_name"] for s in tomb["sources"]} == {"calls.csv", "ofac_sdn_part.csv"}
    assert tomb["links"]["Call.callerNumber"] >= 1 and tomb["measures_resealed"]
    assert len(tomb["erased_sha256"]) == 64 and "not rewritten" in tomb["exhibits"]
    assert not [s for s in SECRETS if s in json.dumps(entry, ensure_ascii=False)]
    assert "4915112223333" not in json.dumps(tomb)


def test_a_deletion_the_tombstone_does_not_explain_fails(erased: Erased,
                                                         tmp_path: Path) -> None:
    copy = Case.open(Path(shutil.copytree(erased.case.root, tmp_path / "copy")))
    with copy.connect() as con:
        if not erased.held:
            con.execute("DELETE FROM statement_store WHERE entity_id = 'cdr-C-0002' "
                        "AND prop = 'duration'")
        else:  # the held file edited in place: the file and the seal both fail
            [file] = [copy.root / f for f, in con.execute(
                "SELECT path FROM held_files JOIN sources USING (source_id) "
                "WHERE file_name = 'calls.csv' AND kind = 'statements'").fetchall()]
            con.execute(f"COPY (SELECT * FROM read_parquet('{file}') WHERE NOT (entity_id "
                        f"= 'cdr-C-0002' AND prop = 'duration')) TO '{file}.new' (FORMAT parquet)")
            file.with_name(file.name + ".new").replace(file)
    problems = [str(p) for p in verify_case(copy, record=False).problems]
    if erased.held:
        assert problems[0].startswith("held file held/") and "the store lists" in problems[0]
        problems = problems[1:]
    assert len(problems) == 1 and "calls.csv" in problems[0]
    assert "(cdr-C-0002) property 'duration': statements removed" in problems[0]


@pytest.fixture
def calls_case(case: Case) -> Case:
    """The seized phone's call records only."""
    ingest_file(case, "call_records", CDR, IngestOptions(region="DE"))
    return case


def test_a_legal_hold_refuses_erasure_and_changes_nothing(calls_case: Case) -> None:
    root = str(calls_case.root)
    tnoc("hold", "add", "calls.csv", "--reason", "appeal pending, order 4 Ws 12/26", "-c", root)
    tnoc("hold", "add", "Jana Novak", "--reason", "witness protection review", "-c", root)
    held = json.loads(tnoc("hold", "list", "--json", "-c", root))["rows"]
    assert [(h["held"], h["name"]) for h in held] == [("source", "calls.csv"),
                                                      ("entity", "Jana Novak")]
    before = store_fingerprint(calls_case)
    result = CliRunner().invoke(app, ["erase", "Marco Rossi", "--reason", "r", "--yes",
                                      "-c", root])
    assert result.exit_code != 0
    message = str(result.exception)
    assert "legal hold on source 'calls.csv'" in message
    assert f"placed by {operator()}" in message and "appeal pending" in message
    assert store_fingerprint(calls_case) == before
    tnoc("hold", "remove", "calls.csv", "--reason", "appeal decided", "-c", root)
    refused = CliRunner().invoke(app, ["erase", "Jana Novak", "--reason", "r", "--yes",
                                       "-c", root])
    assert "legal hold on entity 'Jana Novak'" in str(refused.exception)
    tnoc("erase", "Marco Rossi", "--reason", "not a suspect", "--yes", "-c", root)
    with calls_case.connect(read_only=True) as con:
        assert search(con, "Marco Rossi") == []
    assert verify_case(calls_case, record=False).ok


def test_retention_due_lists_sources_to_review(calls_case: Case) -> None:
    root = str(calls_case.root)
    tnoc("retention", "set", "--dataset", "call_records", "--keep-until", "2031-03-01",
         "--review", "2029-03-01", "--reason", "LED art. 5: 5 years", "-c", root)
    tnoc("retention", "set", "calls.csv", "--keep-until", "2028-01-01", "--review",
         "2027-01-01", "--reason", "closed investigation", "-c", root)
    assert json.loads(tnoc("retention", "due", "--on", "2026-12-31", "--json", "-c",
                           root))["rows"] == []
    [row] = json.loads(tnoc("retention", "due", "--on", "2027-01-01", "--json", "-c",
                            root))["rows"]
    assert (row["file_name"], row["why"], row["rule"]) == ("calls.csv", "review due",
                                                              "source")
    [row] = json.loads(tnoc("retention", "due", "--on", "2028-01-01", "--json", "-c",
                            root))["rows"]
    assert row["why"] == "time limit reached"
    listed = json.loads(tnoc("retention", "list", "--json", "-c", root))["rows"]
    assert {r["for"] for r in listed} == {"dataset", "source"}
    bad = CliRunner().invoke(app, ["retention", "set", "calls.csv", "--keep-until",
                                   "2027-01-01", "--review", "2028-01-01", "--reason", "x",
                                   "-c", root])
    assert "review date 2028-01-01 is after the time limit" in str(bad.exception)
    bad = CliRunner().invoke(app, ["retention", "due", "--on", "1.1.2027", "-c", root])
    assert "expected YYYY-MM-DD" in str(bad.exception)


def test_an_exhibit_destroyed_whole_is_reported_destroyed_not_missing(
        calls_case: Case) -> None:
    root = str(calls_case.root)
    with calls_case.connect(read_only=True) as con:
        source_id, exhibit = con.execute(
            "SELECT source_id, exhibit_path FROM sources").fetchall()[0]
    (calls_case.root / exhibit).unlink()
    [problem] = verify_case(calls_case, record=False).problems
    assert "is missing" in str(problem)
    tnoc("custody", "record", "destroyed", source_id, "--reason",
         "retention limit reached, order 9/27", "--actor", "exhibits-officer", "-c", root)
    result = verify_case(calls_case, record=False)
    assert result.ok, [str(p) for p in result.problems]
    assert any("exhibit destroyed" in w and "exhibits-officer" in w
               and "order 9/27" in w for w in result.warnings), result.warnings


def test_a_category_is_an_assessment_shown_with_who_assessed_it(calls_case: Case) -> None:
    """LED art. 6 and 7: Marco Rossi assessed a witness; his own values stay facts."""
    root = str(calls_case.root)
    out = tnoc("categorise", "Marco Rossi", "--category", "witness", "--basis",
               "statement of 2024-03-10, file 4711", "-c", root)
    assert out.startswith("recorded witness for Marco Rossi as dsc-")
    shown = json.loads(tnoc("show", "Marco Rossi", "--json", "-c", root))
    # the dossier lists the assessment among the analysis results about him
    [assessed] = [a for a in shown["analyses"] if a["kind"] == "DataSubjectCategory"]
    assert assessed["role"] == "subject"
    assert assessed["facts"]["name"].startswith(f"witness (assessed by {operator()}, ")
    assert {s["evidence"] for p in shown["properties"] for v in p["values"]
            for s in v["sources"]} == {"fact"}
    category = json.loads(tnoc("show", assessed["result"], "--json", "-c", root))
    props = {p["prop"]: (v["value"], v["sources"][0]["evidence"])
             for p in category["properties"] for v in p["values"]}
    assert props["category"] == ("witness", "assessment")
    assert props["basis"] == ("statement of 2024-03-10, file 4711", "assessment")
    assert props["assessedBy"] == (operator(), "assessment")
    assert verify_case(calls_case, record=False).ok
    bad = CliRunner().invoke(app, ["categorise", "Marco Rossi", "--category", "culprit",
                                   "--basis", "x", "-c", root])
    assert "unknown category 'culprit'; one of suspect, convicted" in str(bad.exception)
    # erased with the person: the assessment and its basis go too
    tnoc("erase", "Marco Rossi", "--reason", "witness, no longer needed", "--yes", "-c", root)
    with calls_case.connect(read_only=True) as con:
        assert search(con, "file 4711") == []
        with pytest.raises(TnocError, match="no entity"):
            show_entity(con, assessed["result"])
    assert verify_case(calls_case, record=False).ok


def test_two_erasures_of_one_property_compose_back_to_the_sealed_digest(case: Case) -> None:
    """A message to two erased people: the second tombstone starts from the digest the
    first left, and verify must reach the digest sealed at intake."""
    from tnoc.ledger.custody import CustodyEvent, record_event
    from tnoc.store.tombstones import seal_amendments

    with case.transaction() as con:
        for before, after in (("sealed", "after-first"), ("after-first", None)):
            record_event(con, CustodyEvent("destroyed", "x", None, details={"erasure": {
                "seal_amendments": [["src-1", "msg-1", "recipients", before, after]]}}))
        assert seal_amendments(con) == {"src-1": [("msg-1", "recipients", "sealed", None)]}
