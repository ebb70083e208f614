"""The entity dossier (issue #21, item 4): ``tnoc show`` in sections, ``--json``, the
HTML/PDF export recorded in the custody ledger, through the gate (clearance, research
mode). On real material: the seized phone's call records (TLP:AMBER) and the CAVIAR
wiretap network (TLP:RED), one of whose traffickers an analyst has judged to be the
phone's subscriber Kemal Aydin."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.govern.audit import audit_records
from tnoc.govern.compartments import withhold_dossier
from tnoc.govern.policy import Role
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.ledger.custody import file_sha256, read_ledger
from tnoc.ledger.keys import operator, signer
from tnoc.service import AccessDenied, CaseService, Session
from tnoc.store import Case
from tnoc.store.dossier import dossier, with_shown_sources
from tnoc.tlp import TLP_ORDER, tlp_rank

from .conftest import DATA

CDR = Path(__file__).parent / "data" / "cdr" / "calls.csv"
PURPOSE = "OP-2026-17"
MEMBERS = {"alice": (Role.ANALYST, "TLP:AMBER"), "bob": (Role.SUPERVISOR, "TLP:RED"),
           "rita": (Role.RESEARCHER, "TLP:RED")}
KEMAL = "cdr-line-4915112223333"


def _cli(case: Case, *args: str, user: str = "bob", code: int = 0) -> str:
    result = CliRunner().invoke(app, [*args, "-c", str(case.root), "--as", user,
                                      "--purpose", PURPOSE])
    assert result.exit_code == code, (args, result.output, result.exception)
    return result.output


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """Calls (AMBER) and CAVIAR (RED); Kemal Aydin judged to be CAVIAR's node n1, and
    the line that wrote "J. Novak" judged to be Jana Novak's."""
    case = Case.init(tmp_path_factory.mktemp("dossier") / "case")
    ingest_file(case, "call_records", CDR, IngestOptions(region="DE"))
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv",
                IngestOptions(handling_code="TLP:RED"))
    admin = CaseService(case, Session(operator()))
    for user, (role, clearance) in MEMBERS.items():
        admin.add_member(user, role.value, clearance, signer(user).public_raw.hex())
    CaseService(case, Session("bob")).open_purpose(PURPOSE, "who is Kemal Aydin")
    _cli(case, "merge", "Kemal Aydin", "caviar-n1", "--reason", "wiretap n1 uses the line",
         "--force")
    _cli(case, "merge", "Jana Novak", "cdr-line-0170-1234567", "--reason", "same number")
    return case


def test_the_dossier_has_its_sections(linked: Case) -> None:
    """Values with provenance, links in by kind with the counterpart named, the dated
    calls in order with their count, the judgement; --json is the whole dossier."""
    with linked.connect(read_only=True) as con:
        d = dossier(con, "Kemal Aydin", limit=None)
    assert set(d.members) == {KEMAL, "caviar-n1"}
    names = next(p for p in d.properties if p["prop"] == "phone")["values"]
    assert names[0]["sources"][0]["file_name"] == "calls.csv"
    assert names[0]["sources"][0]["locator"].startswith("row ")
    callers = d.links_in["Call.caller"]
    # calls.csv: 4 voice calls and 2 SMS from his number
    assert callers.total == len(callers.rows) == 4  # limit None: every one
    assert d.links_in["Message.sender"].total == 2
    assert "Marco Rossi" in {r.get("counterpart_caption") for r in callers.rows}
    assert any(k.startswith("CommunicationLink.") for k in d.links_in)  # the wiretaps
    dates = [r["date"] for r in d.timeline.rows]
    assert dates == sorted(dates) and d.timeline.total == len(d.timeline.rows)
    assert d.timeline_kinds["Call.startDate"] >= 5
    assert [j["verdict"] for j in d.judgements] == ["positive"]
    shown = json.loads(_cli(linked, "show", "Kemal Aydin", "--json"))
    assert {"properties", "links_in", "links_out", "analyses", "timeline", "candidates",
            "judgements", "withheld"} <= shown.keys()
    assert shown["timeline"]["total"] == d.timeline.total
    assert len(shown["links_in"]["Call.caller"]["rows"]) == callers.total  # whole


def test_counterparts_are_the_entities_they_are_now(linked: Case) -> None:
    """Kemal Aydin's phone line was merged into CAVIAR's n1: in Jana Novak's dossier
    (links in, timeline) and in a call's (links out) he is that one entity, by its id,
    never by the line's id merged away (which read as a second person of one name)."""
    with linked.connect(read_only=True) as con:
        kemal = dossier(con, "Kemal Aydin").id
        jana = dossier(con, "Jana Novak", limit=None)
        call = dossier(con, "cdr-C-0001", limit=None)
    assert kemal != KEMAL  # the line is the member merged away
    ends = [r["counterpart"] for sec in jana.links_in.values() for r in sec.rows] + [
        r["counterpart"] for r in jana.timeline.rows if r.get("counterpart")]
    assert kemal in ends and KEMAL not in ends
    outward = [r["counterpart"] for sec in call.links_out.values() for r in sec.rows]
    assert kemal in outward and KEMAL not in outward
    assert "Kemal Aydin" in _cli(linked, "show", "cdr-C-0001")
    # the call's values name its caller as the links do: by name, the entity as now
    [caller] = next(p for p in call.properties if p["prop"] == "caller")["values"]
    [link] = call.links_out["Call.caller"].rows
    assert caller["value"] == KEMAL and caller["entity"] == kemal
    assert caller["caption"] == link["counterpart_caption"] not in (kemal, KEMAL)
    shown = _cli(linked, "show", "cdr-C-0001", "--csv")
    assert f"{caller['caption']} ({KEMAL})" in shown


def test_names_a_command_prints_stay_within_the_clearance(linked: Case) -> None:
    """What ``tnoc merge`` and ``tnoc split`` print of the entities they acted on
    (:meth:`CaseService.names_shown`): Kemal Aydin is merged with CAVIAR's n1 (RED);
    bob (RED) is named the entity by every statement, alice (AMBER) only by a name an
    AMBER source states; an entity she may not see is its id, never its RED name."""
    with linked.connect(read_only=True) as con:
        kemal = dossier(con, "Kemal Aydin").id
        for user, shown in (("bob", {KEMAL, "caviar-n1"}), ("alice", {KEMAL})):
            names = CaseService(linked, Session(user, PURPOSE)).names_shown(
                con, [kemal, "caviar-n2"], merged=False)
            read = {str(r[0]) for r in con.execute(
                "SELECT entity_id FROM statements WHERE prop = 'name' AND value = ?",
                [names[kemal]]).fetchall()}
            assert read & shown, (user, names)  # a name one of the visible members has
            if user == "alice":
                assert names["caviar-n2"] == "caviar-n2"  # RED only: not named
            else:
                assert names["caviar-n2"] != "caviar-n2"


def test_conflicting_values_side_by_side(linked: Case) -> None:
    """Two call records name the line's subscriber differently: both names, marked."""
    with linked.connect(read_only=True) as con:
        d = dossier(con, "Jana Novak")
    [name] = [p for p in d.properties if p["prop"] == "name"]
    assert name["conflicting"]
    assert {v["value"] for v in name["values"]} == {"Jana Novak", "J. Novak"}
    assert not next(p for p in d.properties if p["prop"] == "phone")["conflicting"]
    out = _cli(linked, "show", "Jana Novak")
    assert out.count("name (conflicting)") == 2
    for heading in ("Values", "Links in", "Analysis results", "Timeline",
                    "Candidate duplicates"):
        assert heading in out


def test_values_above_the_clearance_are_withheld(linked: Case) -> None:
    """alice (AMBER) sees the phone's values and a marker for the wiretap's (RED)."""
    out = _cli(linked, "show", "Kemal Aydin", user="alice")
    assert "values withheld (above your clearance)" in out
    assert "CommunicationLink" not in out and "morselli" not in out
    assert "withheld" not in _cli(linked, "show", "Kemal Aydin", user="bob")


def test_a_researcher_sees_no_real_name(linked: Case, tmp_path: Path) -> None:
    """rita (researcher) gets pseudonyms, in the table and in JSON."""
    secrets = ["Kemal Aydin", "Jana Novak", "Marco Rossi", "4915112223333",
               "491701234567", "4917620004444"]
    from tnoc.exchange.handling import Pseudonymiser, pseudonym_key

    # a researcher names an entity by the pseudonym she was shown, never its real id
    with linked.connect(read_only=True) as con:
        canonical = dossier(con, KEMAL).id  # the merged entity's canonical id
    kemal = Pseudonymiser(pseudonym_key(linked.root)).pseudonym(canonical, "id")
    assert "no entity" in str(CliRunner().invoke(app, [
        "show", KEMAL, "-c", str(linked.root), "--as", "rita", "--purpose", PURPOSE]).exception)
    outputs = [_cli(linked, "show", kemal, user="rita"),
               _cli(linked, "show", kemal, "--json", user="rita"),
               # a call's values name its caller and receiver: pseudonyms too
               _cli(linked, "show", "cdr-C-0001", user="rita"),
               _cli(linked, "show", "cdr-C-0001", "--json", user="rita")]
    assert all("pseudo-" in out for out in outputs)
    assert not [s for out in outputs for s in secrets if s in out]
    out = tmp_path / "kemal.html"
    refused = CliRunner().invoke(app, ["show", kemal, "--html", str(out), "-c",
                                       str(linked.root), "--as", "rita", "--purpose", PURPOSE])
    assert isinstance(refused.exception, AccessDenied) and not out.exists()
    assert "pseudo-" not in refused.output  # refused before anything is printed


def test_the_html_export_is_recorded(linked: Case, tmp_path: Path) -> None:
    """--html writes the dossier and records it: the ledger names the file and its
    sha256, the audit trail the disclosure."""
    out = tmp_path / "kemal.html"
    said = _cli(linked, "show", "Kemal Aydin", "--html", str(out))
    assert "recorded in the custody ledger" in said
    text = out.read_text(encoding="utf-8")
    assert "<h1>Kemal Aydin</h1>" in text and "Timeline" in text and "http" not in text
    with linked.connect(read_only=True) as con:
        [entry] = [e for e in read_ledger(con, event_type="exported")
                   if e.event.details["parameters"]["format"] == "dossier html"]
        audit = [r for r in audit_records(con) if r.operation == "dossier export"]
    assert entry.event.item_sha256 == file_sha256(out)[0]
    assert entry.event.details["entities"] == sorted([KEMAL, "caviar-n1"])
    assert [(r.actor, r.outcome) for r in audit][-1] == ("bob", "allowed")
    again = CliRunner().invoke(app, ["show", "Kemal Aydin", "--html", str(out), "-c",
                                     str(linked.root), "--as", "bob", "--purpose", PURPOSE])
    assert again.exit_code != 0  # never over an existing file without --force


MARCO = "cdr-line-4917620004444"
"""A line Kemal Aydin called, subscribed by Marco Rossi in the call records."""


def test_the_export_is_handled_as_its_strictest_source(tmp_path: Path) -> None:
    """Kemal Aydin's own values are the call records' (TLP:AMBER); a TLP:RED informant
    file gives a line he called another name (its entity judged to be the line). The
    dossier names that line, so what
    bob (RED) exports is TLP:RED: the banner, the JSON's code and the custody entry's
    sources (before, only his own values counted: the banner said TLP:AMBER). alice
    (AMBER) is shown the line by the calls' name alone, and her export is AMBER."""
    case = Case.init(tmp_path / "case")
    ingest_file(case, "call_records", CDR, IngestOptions(region="DE"))
    with case.connect(read_only=True) as con:
        [(schema,)] = con.execute("SELECT DISTINCT schema FROM statements WHERE "
                                  "entity_id = ? AND prop = 'id'", [MARCO]).fetchall()
    red = tmp_path / "informant.ftm.json"
    red.write_text(json.dumps({"id": MARCO, "schema": schema,
                               "properties": {"name": ["Marco 'il Broker' Rossi"]}}) + "\n",
                   encoding="utf-8")
    ingest_file(case, "ftm_entities", red, IngestOptions(handling_code="TLP:RED"))
    admin = CaseService(case, Session(operator()))
    for user, (role, clearance) in MEMBERS.items():
        admin.add_member(user, role.value, clearance, signer(user).public_raw.hex())
    CaseService(case, Session("bob")).open_purpose(PURPOSE, "who is Kemal Aydin")
    with case.connect(read_only=True) as con:
        red_source, informant = con.execute(
            "SELECT source_id, entity_id FROM statements WHERE prop = 'id' AND source_id "
            "IN (SELECT source_id FROM sources WHERE file_name = 'informant.ftm.json')"
        ).fetchall()[0]
    _cli(case, "merge", MARCO, str(informant), "--reason", "the informant's line",
         "--force")
    with case.connect(read_only=True) as con:  # no clearance: the party naming's path
        assert dossier(con, KEMAL).handling == "TLP:RED"
        assert red_source in dossier(con, KEMAL).named_from[MARCO]
        # the line's own dossier is RED by its informant name; its values withheld (as
        # the reporter compartment withholds them), the sources are counted again from
        # what is left: the RED file's custody entry in the timeline still shows
        line = dossier(con, MARCO)
        assert line.handling == "TLP:RED" and red_source in line.sources
        masked = withhold_dossier(line, set(line.members))
        assert with_shown_sources(con, masked, None).handling == "TLP:RED"
        # and without that entry nothing of the RED file is shown: AMBER
        calls_only = replace(masked, timeline=replace(masked.timeline, rows=[
            r for r in masked.timeline.rows if r["source_id"] != red_source]))
        assert calls_only.handling == "TLP:RED"  # as withheld, not yet counted again
        again = with_shown_sources(con, calls_only, None)
        assert again.handling == "TLP:AMBER" and red_source not in again.sources
    for user, code in (("bob", "TLP:RED"), ("alice", "TLP:AMBER")):
        shown = json.loads(_cli(case, "show", KEMAL, "--json", user=user))
        own = {s["handling_code"] for p in shown["properties"] for v in p["values"]
               for s in v["sources"]}
        assert own == {"TLP:AMBER"}  # his own values: the calls' alone
        assert shown["handling_code"] == code, user
        assert (red_source in shown["sources"]) is (user == "bob")
        out = tmp_path / f"kemal-{user}.html"
        _cli(case, "show", KEMAL, "--html", str(out), user=user)
        assert f'<div class="tlp-banner">{code}</div>' in out.read_text(encoding="utf-8")
        with case.connect(read_only=True) as con:
            entry = read_ledger(con, event_type="exported")[-1]
        assert (red_source in entry.event.details["sources"]) is (user == "bob")


def test_network_measures_appear_with_their_rank(linked: Case) -> None:
    """After 'network measures' on the calls, Kemal Aydin's dossier gives his degree and
    its rank among the network's actors (1 + the actors of a higher degree)."""
    _cli(linked, "network", "measures", "--source", "calls.csv")
    with linked.connect(read_only=True) as con:
        d = dossier(con, "Kemal Aydin")
        degrees = dict(con.execute("SELECT entity_id, value FROM node_measures "
                                   "WHERE measure = 'degree'").fetchall())
    measures = {a["role"]: a["facts"] for a in d.analyses if a["kind"] == "NetworkMeasure"}
    mine = max(v for e, v in degrees.items() if e in d.members)
    higher = sum(1 for v in degrees.values() if v > mine)
    assert measures["degree"]["rank"] == f"{higher + 1} of {len(degrees)}"
    assert measures["degree"]["value"] == mine
    assert "NetworkMeasure (degree)" in _cli(linked, "show", "Kemal Aydin")


def _json(case: Case, *args: str) -> dict[str, Any]:
    """The JSON document a command prints (its notes, on standard error, aside)."""
    out = _cli(case, *args, "--json")
    loaded: dict[str, Any] = json.loads(out[out.index("\n{") + 1:] if not out.startswith("{")
                                        else out)
    return loaded


def _analyses_of(case: Case, reference: str, kind: str) -> list[dict[str, Any]]:
    with case.connect(read_only=True) as con:
        return [a for a in dossier(con, reference).analyses if a["kind"] == kind]


def test_community_and_key_player_set_appear(linked: Case) -> None:
    """After 'network communities' and 'network keyplayers' on the calls, an actor's
    dossier names the community the listing put it in ("community 2 of 3") and the
    key-player set it is in; a re-run supersedes the older run; a researcher's run
    keeps nothing in the case."""
    listed = _json(linked, "network", "communities", "--source", "calls.csv")
    [mine] = [r for r in listed["rows"] if "Kemal Aydin" in r["members"]]
    _cli(linked, "network", "communities", "--source", "calls.csv")  # the same, again
    [community] = _analyses_of(linked, "Kemal Aydin", "NetworkCommunity")
    assert community["role"] == "member"
    facts = community["facts"]
    assert (facts["community"], facts["communities"], facts["size"]) == (
        str(mine["community"]), str(len(listed["rows"])), str(mine["size"]))
    assert str(facts["name"]).startswith(
        f"community {mine['community']} of {len(listed['rows'])} (Leiden")
    players = _json(linked, "network", "keyplayers", "-k", "2", "--source", "calls.csv")
    for row in players["rows"]:
        [kp] = _analyses_of(linked, str(row["entity"]), "KeyPlayerSet")
        assert kp["facts"]["k"] == "2" and kp["facts"]["problem"] == "KPP-Neg"
        assert str(kp["file_name"]).startswith("keyplayers-")
    outsider = next(r["members"][0] for r in listed["rows"]
                    if not {p["actor"] for p in players["rows"]} & set(r["members"]))
    assert not _analyses_of(linked, outsider, "KeyPlayerSet")
    shown = _cli(linked, "show", "Kemal Aydin")
    assert f"NetworkCommunity (member): name: community {mine['community']} of" in shown
    # a community found on the wiretaps (TLP:RED) is shown to members cleared for RED
    _cli(linked, "network", "communities", "--source", "morselli_caviar.csv")
    assert len(_analyses_of(linked, "Kemal Aydin", "NetworkCommunity")) == 2
    amber = [c for c in TLP_ORDER if tlp_rank(c) <= tlp_rank("TLP:AMBER")]
    with linked.connect(read_only=True) as con:
        seen = [a for a in dossier(con, "Kemal Aydin", codes=amber).analyses
                if a["kind"] == "NetworkCommunity"]
    assert [a["facts"]["size"] for a in seen] == [str(mine["size"])]
    with linked.connect(read_only=True) as con:
        stored = con.execute("SELECT count(*) FROM sources WHERE dataset = 'analysis'"
                             ).fetchall()[0][0]
    _cli(linked, "network", "communities", "--source", "calls.csv", user="rita")
    _cli(linked, "network", "keyplayers", "-k", "2", "--source", "calls.csv", user="rita")
    with linked.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM sources WHERE dataset = 'analysis'"
                           ).fetchall()[0][0] == stored


def test_emerging_threat_membership(linked: Case) -> None:
    """Trend membership: after 'assess emerging' on the FBI IC3 complaint counts, an
    observation of the top rising category's newest year names that emerging threat."""
    ingest_file(linked, "ic3_counts", DATA / "trends" / "ic3_crime_type_counts_2015_2025.csv")
    listed = _json(linked, "assess", "emerging", "IC3 complaints")
    top = listed["rows"][0]
    with linked.connect(read_only=True) as con:
        [observation] = [r[0] for r in con.execute(
            "SELECT entity_id FROM statement_store WHERE schema = 'StatisticalObservation' "
            "GROUP BY entity_id HAVING list(value) FILTER (WHERE prop = 'category') "
            "= [$c] AND list(value) FILTER (WHERE prop = 'indicator') = ['IC3 complaints'] "
            "AND list(value) FILTER (WHERE prop = 'period') = [$p]",
            {"c": top["category"], "p": top["latest_period"]}).fetchall()]
    [threat] = _analyses_of(linked, observation, "EmergingThreat")
    assert threat["role"] == "observation"
    assert (threat["facts"]["series"], threat["facts"]["rank"],
            threat["facts"]["dimension"]) == (top["category"], "1", "category")
    assert threat["facts"]["trend"] == top["trend"]


def test_measures_of_a_merged_entity_say_which_id_they_are_of(tmp_path: Path) -> None:
    """Network measures made before two lines were merged measure each apart: the
    merged entity's dossier lists both, each saying which of its ids it is of (they
    were listed twice with different degrees and nothing saying why)."""
    from tnoc.exchange.handling import Pseudonymiser, pseudonym_key

    from .conftest import run_tnoc

    case = Case.init(tmp_path / "case")
    ingest_file(case, "call_records", CDR)
    root = str(case.root)
    assert run_tnoc("network", "measures", "-c", root, "--schema", "Call").returncode == 0
    assert run_tnoc("merge", "Kemal Aydin", "cdr-line-004915112223333", "-c", root
                    ).returncode == 0
    shown = run_tnoc("show", "Kemal Aydin", "-c", root)
    assert shown.returncode == 0, shown.stderr
    degrees = [line for line in shown.stdout.splitlines()
               if line.strip().startswith("NetworkMeasure (degree)")]
    assert sorted(line.split(" (of ")[1].split(")")[0] for line in degrees) == [
        "cdr-line-004915112223333", KEMAL]
    with case.connect(read_only=True) as con:
        d = dossier(con, "Kemal Aydin")
    assert {a["member"] for a in d.analyses if a["role"] == "degree"} == {
        "cdr-line-004915112223333", KEMAL}
    # a researcher sees each member's pseudonym there, never the ids (a phone number)
    admin = CaseService(case, Session(operator()))
    for user, (role, clearance) in MEMBERS.items():
        admin.add_member(user, role.value, clearance, signer(user).public_raw.hex())
    CaseService(case, Session("bob")).open_purpose(PURPOSE, "who is Kemal Aydin")
    pseudonym = Pseudonymiser(pseudonym_key(case.root)).pseudonym(d.id, "id")
    seen = _cli(case, "show", pseudonym, "--json", user="rita")
    assert "pseudo-" in seen and "4915112223333" not in seen
