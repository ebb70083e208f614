"""Research mode (issue #20, deliverable 7): keyed pseudonyms for people and their
identifiers in what a researcher sees, small cells suppressed in aggregates."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tnoc.exchange.handling import Pseudonymiser, pseudonym_key
from tnoc.govern.research import (
    SUPPRESSED,
    pseudonymise_rows,
    pseudonymise_view,
    schemata_of,
    suppress_small_cells,
)
from tnoc.graph.measures import MeasureOptions, measure
from tnoc.graph.projection import ProjectionSpec, project
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store import Case
from tnoc.store.query import search, show_entity

from .conftest import DATA, ROOT

SDN = DATA / "sanctions" / "ofac_sdn_2024-05-03.csv"
SAML_D = DATA / "aml" / "saml-d_sample_1k.csv"
CDR = ROOT / "tests" / "data" / "cdr" / "calls.csv"
CAVIAR = DATA / "networks" / "morselli_caviar.csv"
# what must never reach a researcher: names, phones, e-mails, account, passport and ID
# numbers of people and of their accounts
SECRET_PROPS = ("name", "alias", "weakAlias", "phone", "email", "accountNumber", "iban",
                "passportNumber", "idNumber", "callerNumber", "receiverNumber")


@pytest.fixture(scope="module")
def research_case(tmp_path_factory: pytest.TempPathFactory, signing_keys: Path) -> Case:
    """Real OFAC SDN rows (every entry with an e-mail address, and the first 250
    individuals), the seized phone's calls, 200 SAML-D payments and the CAVIAR
    wiretap network."""
    folder = tmp_path_factory.mktemp("research")
    lines = SDN.read_text(encoding="utf-8").splitlines(keepends=True)
    people = [line for line in lines if '"individual"' in line][:250]
    sdn = folder / "ofac_sdn_subset.csv"
    sdn.write_text("".join(dict.fromkeys(
        [line for line in lines if "Email Address" in line] + people)), encoding="utf-8")
    payments = folder / "saml-d_200.csv"
    payments.write_text("".join(SAML_D.read_text(encoding="utf-8")
                                .splitlines(keepends=True)[:201]), encoding="utf-8")
    case = Case.init(folder / "case")
    ingest_file(case, "ofac_sdn", sdn)
    ingest_file(case, "call_records", CDR, IngestOptions(region="DE"))
    ingest_file(case, "saml_d", payments)
    ingest_file(case, "caviar", CAVIAR)
    return case


def _secrets(case: Case, schemata: tuple[str, ...]) -> set[str]:
    """The real identifying values of the case's entities of ``schemata``."""
    with case.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT DISTINCT value FROM statement_store WHERE list_contains($s, schema) "
            "AND list_contains($p, prop) AND length(value) >= 6",
            {"s": list(schemata), "p": list(SECRET_PROPS)}).fetchall()
    return {str(r[0]) for r in rows}


def _leaks(shown: Any, secrets: set[str]) -> list[str]:
    """The secrets found in what was shown. Instants are shown with microseconds (when
    a source was taken in, "13:52:24.661313"), which are no values of the case; they
    are cut to the second first: a run of make test (session 59) found OFAC passport
    number 484824 in what was shown and passed when run again, as a microsecond count
    that happened to be those six digits would do (one chance in about 10^6 per
    instant and six-digit secret)."""
    text = re.sub(r"(\d{2}:\d{2}:\d{2})\.\d+", r"\1",
                  json.dumps(shown, default=str, ensure_ascii=False))
    return sorted(s for s in secrets if s in text)


def _viewed(case: Case, pseudo: Pseudonymiser, ids: list[str]) -> list[dict[str, Any]]:
    shown = []
    with case.connect(read_only=True) as con:
        for entity_id in ids:
            view = show_entity(con, entity_id)
            linked = [str(s["value"]) for s in view.statements if s["prop_type"] == "entity"]
            linked += [str(r["entity"]) for r in view.referenced_by]
            seen = pseudonymise_view(view, pseudo, schemata_of(con, linked))
            shown.append({"id": seen.id, "caption": seen.caption, "schema": seen.schema,
                          "statements": seen.statements, "referenced_by": seen.referenced_by})
    return shown


def _entities(case: Case, schema: str, where: str = "TRUE") -> list[str]:
    with case.connect(read_only=True) as con:
        return [str(r[0]) for r in con.execute(
            f"SELECT DISTINCT entity_id FROM statement_store WHERE schema = ? AND {where} "
            "ORDER BY 1", [schema]).fetchall()]


def test_show_of_people_and_accounts_leaves_no_real_identifier(research_case: Case) -> None:
    secrets = _secrets(research_case, ("Person", "BankAccount", "Passport", "Call"))
    pseudo = Pseudonymiser(pseudonym_key(research_case.root))
    emailed = _entities(research_case, "Person", "prop = 'email'")
    called = _entities(research_case, "Person", "source_id IN (SELECT source_id FROM "
                       "sources WHERE file_name = 'calls.csv')")
    accounts = _entities(research_case, "BankAccount")[:40]
    assert len(emailed) >= 20 and len(called) >= 3 and accounts
    emailed = emailed[:30]
    shown = _viewed(research_case, pseudo, emailed + called + accounts)
    assert {"jalili@sharif.edu", "+4915112223333", "Kemal Aydin", "1782263940"} <= secrets
    assert _leaks(shown, secrets) == []
    # a value as received ("DOB 12 Jan 1970") is hidden with its cleaned form
    originals = [s["original_value"] for v in shown for s in v["statements"]
                 if s["original_value"] is not None and str(s["value"]).startswith("pseudo-")]
    assert originals and all(str(o).startswith("pseudo-v-") for o in originals)
    # what researchers count by stays in clear
    kemal = shown[len(emailed)]
    assert kemal["schema"] == "Person" and kemal["caption"].startswith("pseudo-id-")
    assert {s["dataset"] for s in kemal["statements"]} == {"call_records"}
    countries = [s["value"] for v in shown[:len(emailed)] for s in v["statements"]
                 if s["prop"] == "nationality"]
    assert countries and all(not c.startswith("pseudo-") for c in countries)


def test_pseudonyms_are_stable_within_a_case_and_differ_across_cases(
        research_case: Case) -> None:
    key = pseudonym_key(research_case.root)
    called = _entities(research_case, "Person", "value = '+4915112223333'")
    first = _viewed(research_case, Pseudonymiser(key), called)
    again = _viewed(research_case, Pseudonymiser(key), called)
    assert first == again
    phone = Pseudonymiser(key).pseudonym("+4915112223333")
    # the subscriber's number and the calls captioned by it carry the same pseudonym,
    # so a researcher can still follow who called whom
    assert phone in [s["value"] for s in first[0]["statements"] if s["prop"] == "phone"]
    assert phone in [r["caption"] for r in first[0]["referenced_by"] if r["schema"] == "Call"]
    other = _viewed(research_case, Pseudonymiser(b"another case's key".ljust(32)), called)
    assert other[0]["id"] != first[0]["id"] and phone not in json.dumps(other, default=str)


def test_search_hits_and_network_measures_leave_no_real_name(research_case: Case) -> None:
    secrets = _secrets(research_case, ("Person", "BankAccount", "Passport", "Call"))
    pseudo = Pseudonymiser(pseudonym_key(research_case.root))
    with research_case.connect(read_only=True) as con:
        hits = search(con, "yahoo.com") + search(con, "Aydin") + search(con, "+49151")
        assert len(hits) >= 5 and _leaks(hits, secrets)  # the raw hits do name them
        schemata = schemata_of(con, [str(h["canonical_id"]) for h in hits])
        seen = pseudonymise_rows(hits, pseudo, schemata)
        # the seized phone's calls and the CAVIAR wiretaps (people named N1...N110)
        calls = project(con, ProjectionSpec(schemata=("Call", "CommunicationLink")))
        table = measure(calls, MeasureOptions())
        rows = [{**r, "name": calls.name(str(r["entity"]))} for r in table.rows()]
        names = {str(r["name"]) for r in rows}
        assert {"Kemal Aydin", "Jana Novak", "N1", "N110"} <= names
        ranked = pseudonymise_rows(rows, pseudo, schemata_of(con, table.ids))
    assert _leaks(seen, secrets) == [] and _leaks(ranked, secrets) == []
    assert not names & {str(r["name"]) for r in ranked} and not names & set(
        json.dumps(ranked).replace('"', " ").split())
    assert [r["degree"] for r in ranked] == [r["degree"] for r in rows]
    assert all(r["name"] == r["entity"] and r["entity"].startswith("pseudo-id-")
               for r in ranked)
    orgs = [h for h in seen if h["schema"] == "Organization"]
    assert all(not h["caption"].startswith("pseudo-") for h in orgs)  # not people


def test_small_cells_are_suppressed() -> None:
    rows = [{"cell": "a", "n": n} for n in (0, 1, 2, 3, 4, 5, 12)]
    shown = [r["n"] for r in suppress_small_cells(rows, ["n"])]
    assert shown == [0, SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED, 5, 12]
    assert rows[1]["n"] == 1  # the input is not changed


def _protected(table: list[dict[str, Any]], cols: list[str], total: str,
               total_row: int) -> None:
    """No suppressed cell can be recovered by subtraction: in every line with a
    published total, zero or at least two cells are suppressed."""
    body = [i for i in range(len(table)) if i != total_row]
    lines = [([table[i][c] for c in cols], table[i][total]) for i in range(len(table))]
    lines += [([table[i][c] for i in body], table[total_row][c]) for c in [*cols, total]]
    for cells, line_total in lines:
        if line_total != SUPPRESSED:
            assert cells.count(SUPPRESSED) != 1, (cells, line_total)
        shown = [c for c in cells if c != SUPPRESSED]
        assert all(c == 0 or c >= 5 for c in shown)


def test_secondary_suppression_protects_rows_and_columns() -> None:
    """Hiding the 3 alone would let 20 - 17 give it back; its row partner (7) is hidden,
    which leaves column b with one hidden cell, so that column's smallest other (9)
    goes too, and so on until every line holds two or none."""
    cols = ["a", "b", "c"]
    table = [{"g": "x", "a": 3, "b": 7, "c": 10, "all": 20},
             {"g": "y", "a": 6, "b": 9, "c": 0, "all": 15},
             {"g": "z", "a": 8, "b": 11, "c": 12, "all": 31},
             {"g": "Total", "a": 17, "b": 27, "c": 22, "all": 66}]
    out = suppress_small_cells(table, cols, total_column="all",
                               total_row=lambda r: r["g"] == "Total")
    assert out[0]["a"] == SUPPRESSED and out[0]["b"] == SUPPRESSED
    assert out[3] == table[3]  # totals stay published
    _protected(out, cols, "all", 3)
    assert sum(1 for r in out for c in cols if r[c] == SUPPRESSED) >= 4


def test_suppression_on_a_real_table(research_case: Case) -> None:
    """Sanctioned people by nationality and gender (OFAC SDN), with totals."""
    with research_case.connect(read_only=True) as con:
        pairs = con.execute(
            "SELECT n.value, g.value, count(DISTINCT n.entity_id) FROM statement_store n "
            "JOIN statement_store g ON g.entity_id = n.entity_id AND g.prop = 'gender' "
            "WHERE n.prop = 'nationality' AND n.schema = 'Person' GROUP BY ALL").fetchall()
    genders = sorted({str(g) for _, g, _ in pairs})
    table: dict[str, dict[str, Any]] = {}
    for country, gender, n in pairs:
        row = table.setdefault(str(country), {"country": str(country),
                                              **dict.fromkeys(genders, 0)})
        row[str(gender)] = int(n)
    rows = sorted(table.values(), key=lambda r: r["country"])
    for row in rows:
        row["all"] = sum(row[g] for g in genders)
    rows.append({"country": "Total", **{g: sum(r[g] for r in rows) for g in genders},
                 "all": sum(r["all"] for r in rows)})
    out = suppress_small_cells(rows, genders, total_column="all",
                               total_row=lambda r: r["country"] == "Total")
    _protected(out, genders, "all", len(out) - 1)
    secondary = [(i, g) for i, r in enumerate(out) for g in genders
                 if r[g] == SUPPRESSED and rows[i][g] >= 5]
    assert secondary, "the table should need secondary suppression"
    assert out[-1] == rows[-1]


def test_each_end_of_a_tie_is_judged_by_its_own_schema(research_case: Case) -> None:
    """A listing of ties (a path, brokerage pairs): a person's end is pseudonymised, an
    organisation's end is not; an id the store does not know is hidden (fail closed)."""
    pseudo = Pseudonymiser(pseudonym_key(research_case.root))
    person = _entities(research_case, "Person", "value = 'Kemal Aydin'")[0]
    company = _entities(research_case, "Organization")[0]
    rows = [{"source": company, "target": person, "weight": 3},
            {"source": "no-such-entity", "target": company, "weight": 1}]
    with research_case.connect(read_only=True) as con:
        schemata = schemata_of(con, [person, company, "no-such-entity"])
    seen = pseudonymise_rows(rows, pseudo, schemata, id_columns=("source", "target"))
    assert seen[0] == {"source": company, "target": pseudo.pseudonym(person, "id"),
                       "weight": 3}
    assert seen[1]["source"] == pseudo.pseudonym("no-such-entity", "id")
    assert seen[1]["target"] == company


# --- research mode through the gate: every command a researcher may run ------------------

RESEARCHER = "rosa"
ANALYST = "anton"
PURPOSE = "RES-2026-3"
JUSTIFICATION = "structure of drug-trafficking networks (ethics approval 2026/41)"
ARGS: dict[str, tuple[str, ...]] = {
    "sources": (), "search": ("a",), "show": ("cdr-C-0004",), "case summary": (),
    "custody log": (), "custody keys": (), "custody my-key": (), "verify": ("{case}",),
    "users list": (), "purpose list": (), "release list": (),
    "network communities": (), "network brokers": (),
    "network keyplayers": ("-k", "2", "--starts", "1", "--schema", "Call"),
    "network timeline": ("--dataset", "caviar"),
    "money check": (), "money cluster": (), "money score": (), "money exposure": (),
    "assess indicators": (), "assess trends": ("IC3 complaints", "--last", "5"),
    "assess emerging": ("IC3 complaints",), "assess where": (),
    "assess flows": ("victims",), "assess priorities": (),
    "malware concentration": (), "malware lifetimes": (), "malware spread": (),
    "malware takedown": ("--family", "Emotet", "--date", "2021-01-27", "--control",
                         "Dridex"),
    "trafficking estimate": (str(DATA / "trafficking" / "mse_uk_2013_lists.csv"),
                             "--replicates", "0"),
    "trafficking flows": ("--glotip", str(Path(__file__).parent / "data" / "trafficking"
                                          / "unodc_glotip_2017-2018_six_countries.xlsx"),
                          "--year", "2018"),
    "trafficking profiles": ("--view", "associations"),
    "trafficking templates": (),  # on the case's Agora listings (agora_2014_shaketrim)
    "markets flows": (), "markets dynamics": (),
    "markets vendors profiles": (), "markets vendors link": (),
}
"""The arguments each command a researcher may run is given in the test (a command
opened to researchers and missing here fails the test: add it)."""
NOTHING_TO_LIST = {"money score"}
"""Commands that find nothing to work on in this case (no labelled transactions) and
say so with exit 1: their output is searched all the same."""


@pytest.fixture(scope="module")
def governed_research(research_case: Case) -> Case:
    """The research case, governed: its owner is admin, rosa a researcher."""
    from tnoc.ledger.keys import operator, signer
    from tnoc.service import CaseService, Session

    ingest_file(research_case, "ic3_counts",
                DATA / "trends" / "ic3_crime_type_counts_2015_2025.csv")
    ingest_file(research_case, "feodotracker",  # for tnoc malware ... --case
                DATA / "malware" / "feodotracker_ipblocklist_aggressive_2021-03-19.csv")
    ingest_file(research_case, "agora_listings",  # for tnoc markets flows|dynamics --case
                DATA / "markets" / "agora_2014_shaketrim.csv")
    admin = CaseService(research_case, Session(operator()))
    admin.add_member(RESEARCHER, "researcher", "TLP:RED",
                     signer(RESEARCHER).public_raw.hex())
    admin.add_member(ANALYST, "analyst", "TLP:RED", signer(ANALYST).public_raw.hex())
    admin.add_member("sam", "supervisor", "TLP:RED", signer("sam").public_raw.hex())
    CaseService(research_case, Session("sam")).open_purpose(PURPOSE, JUSTIFICATION)
    return research_case


def _run(case: Case, user: str, *args: str) -> Any:
    from typer.testing import CliRunner

    from tnoc.cli.main import app

    return CliRunner(env={"TNOC_CASE": str(case.root)}).invoke(
        app, [*args, "--as", user, "--purpose", PURPOSE])


def _researcher_commands() -> dict[str, list[str]]:
    """Every command of ``tnoc`` whose operation a researcher may do, by walking the
    command tree (so a command added later is caught)."""
    import typer.main
    from typer.core import TyperGroup

    from tnoc.cli.common import COMMAND_OPERATIONS
    from tnoc.cli.main import app
    from tnoc.govern.policy import OPERATIONS, Role

    found: dict[str, list[str]] = {}

    def walk(group: Any, words: list[str]) -> None:
        for name, command in group.commands.items():
            path = [*words, name]
            if isinstance(command, TyperGroup):
                walk(command, path)
                continue
            operation = next((COMMAND_OPERATIONS[" ".join(path[:n])]
                              for n in range(len(path), 0, -1)
                              if " ".join(path[:n]) in COMMAND_OPERATIONS), None)
            if operation and Role.RESEARCHER in OPERATIONS[operation].roles:
                flags = {o: p for p in command.params for o in p.opts}
                found[" ".join(path)] = [  # --csv PATH writes to standard output with -
                    f if flags[f].is_flag else f"{f} -" for f in ("--json", "--csv")
                    if f in flags]

    walk(typer.main.get_command(app), [])
    return found


def _case_secrets(case: Case) -> set[str]:
    """Every real name, phone, e-mail and account number of the case, from its
    statements: names and identifiers of people and accounts, contact values anywhere."""
    with case.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT DISTINCT value FROM statement_store WHERE length(value) >= 2 AND ("
            "prop_type IN ('phone', 'email', 'iban') OR (list_contains($p, prop) AND "
            "schema IN ('Person', 'LegalEntity', 'BankAccount', 'Passport', 'Call')))",
            {"p": list(SECRET_PROPS)}).fetchall()
    # a two- or three-digit "passport number" (OFAC data as published) cannot be told
    # from a count in the output; every other value is searched for
    return {str(r[0]) for r in rows if not (str(r[0]).isdigit() and len(str(r[0])) < 4)}


@pytest.mark.slow
def test_no_real_identifier_in_any_researcher_output(governed_research: Case) -> None:
    """Every command a researcher may run, in text, --json and --csv: no real name,
    phone, e-mail or account number of the case appears in what is printed."""
    commands = _researcher_commands()
    assert not set(commands) - set(ARGS), "a command opened to researchers: add its args"
    assert {"network communities", "money check", "assess trends"} <= set(commands)
    secrets = _case_secrets(governed_research)
    assert {"Kemal Aydin", "+4915112223333", "jalili@sharif.edu", "N1"} <= secrets
    leaks: dict[str, list[str]] = {}
    for command in commands:
        for fmt in ((), *(tuple(f.split()) for f in commands[command])):
            args = [a.replace("{case}", str(governed_research.root)) for a in ARGS[command]]
            result = _run(governed_research, RESEARCHER, *command.split(), *args, *fmt)
            assert result.exit_code == 0 or command in NOTHING_TO_LIST, (
                command, fmt, result.output, result.exception)
            words = set(re.split(r"[\s,;\"'\[\]{}:|()]+", result.output))
            found = sorted(s for s in secrets if (s in words if len(s) < 8
                                                  else s in result.output))
            if found:
                leaks[f"{command} {' '.join(fmt)}"] = found[:5]
    assert leaks == {}


def test_researcher_sees_pseudonymous_file_names(governed_research: Case) -> None:
    """A file name can name a person: a researcher sees its keyed pseudonym with the
    extension, hashes and counts kept, and the same pseudonym in other listings."""
    from tnoc.service import CaseService, Session

    shown = CaseService(governed_research, Session(RESEARCHER, PURPOSE)).sources()
    names = {s["file_name"] for s in shown}
    assert all(n.startswith("pseudo-file-") for n in names)
    assert any(n.endswith(".csv") for n in names)
    assert not names & {"calls.csv", "morselli_caviar.csv", "ofac_sdn_subset.csv"}
    assert all(len(s["sha256"]) == 64 and s["statements"] > 0 for s in shown)
    # a listing naming its files (the slices of a timeline) names them the same way
    timeline = json.loads(_run(governed_research, RESEARCHER, "network", "timeline",
                               "--dataset", "caviar", "--json").stdout)
    assert [s["file"] for s in timeline["slices"]] == [
        s["file_name"] for s in shown if s["dataset"] == "caviar"]


def test_small_counts_are_suppressed_for_researchers(governed_research: Case) -> None:
    """Where the case's values locate people (``assess where``): the analyst sees every
    count; the researcher sees each count from 1 to 4 as "<5", never as a number, and
    the others as they are; the same countries in the same order."""
    seen = {user: json.loads(_run(governed_research, user, "assess", "where",
                                  "--json").stdout)["rows"]
            for user in (ANALYST, RESEARCHER)}
    analyst, researcher = seen[ANALYST], seen[RESEARCHER]
    assert [r["country"] for r in analyst] == [r["country"] for r in researcher]
    small = 0
    for full, shown in zip(analyst, researcher, strict=True):
        for column in ("entities", "values"):
            if 0 < full[column] < 5:
                small += 1
                assert shown[column] == SUPPRESSED
            else:
                assert shown[column] == full[column]
    assert small >= 2
    table = _run(governed_research, RESEARCHER, "assess", "where").stdout
    assert SUPPRESSED in table


def test_network_listing_pseudonyms_match_show(governed_research: Case) -> None:
    """A researcher follows one person across outputs: the pseudonym of an actor in a
    network listing is the one ``show`` gives, and the analyst sees the real name."""
    from tnoc.service import CaseService, Session

    researcher = json.loads(_run(governed_research, RESEARCHER, "network", "communities",
                                 "--json").stdout)["rows"]
    analyst = json.loads(_run(governed_research, ANALYST, "network", "communities",
                              "--json").stdout)["rows"]
    assert "N1" in [m for r in analyst for m in r["members"]]
    members = [m for r in researcher for m in r["members"]]
    assert "N1" not in members
    from tnoc.exchange.handling import Pseudonymiser, pseudonym_key

    # a researcher finds N1 only by the pseudonym of its id (never by its real name)
    n1 = Pseudonymiser(pseudonym_key(governed_research.root)).pseudonym("caviar-n1", "id")
    view = CaseService(governed_research, Session(RESEARCHER, PURPOSE)).show(n1)
    name = next(s["value"] for s in view.statements if s["prop"] == "name")
    assert name.startswith("pseudo-v-") and name in members


def test_values_computed_from_a_suppressed_count_are_suppressed_with_it() -> None:
    """A share of 3 servers or a change from 40 AS to 3 gives the count back: a column
    declaring ``counts_from`` is suppressed wherever one of its counts is, a hidden
    column (the previous row's count behind a change) protects without being printed,
    and nothing changes for a member who sees counts as they are."""
    from tnoc.cli import common
    from tnoc.cli.common import Column, Listing, seen

    class Researcher:  # stands for a service whose member is in research mode
        def as_seen(self, rows: list[Any], counts: list[bool] | None) -> list[Any]:
            flags = counts or [True] * max(len(r) for r in rows)
            return [[SUPPRESSED if flag and isinstance(v, int) and 0 < v < 5 else v
                     for v, flag in zip(row, flags, strict=False)] for row in rows]

    now, then = ("servers", "asns"), ("servers_before", "asns_before")
    listing = Listing([Column("family", count=False), Column("servers"),
                       Column("AS", "asns"),
                       Column("top-5", "top5_share", count=False, counts_from=now),
                       Column("Δ AS", "change_asns", count=False, counts_from=now + then),
                       Column("servers before", "servers_before", hidden=True),
                       Column("AS before", "asns_before", hidden=True)],
                      [("Emotet", 178, 97, 0.224, None, None, None),
                       ("Emotet", 3, 3, 1.0, -94, 178, 97),      # now small
                       ("Dridex", 60, 40, 0.5, 37, 9, 3)])      # before small
    plain = seen(listing)
    assert [c.name for c in plain.cols] == ["family", "servers", "asns", "top5_share",
                                           "change_asns"]
    assert plain.rows[1] == ("Emotet", 3, 3, 1.0, -94)
    token = common._SERVICES.set({Path("case"): Researcher()})  # type: ignore[dict-item]
    try:
        shown = seen(listing)
    finally:
        common._SERVICES.reset(token)
    assert shown.rows[0] == ("Emotet", 178, 97, 0.224, None)
    assert shown.rows[1] == ("Emotet", SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED)
    assert shown.rows[2] == ("Dridex", 60, 40, 0.5, SUPPRESSED)


def test_template_clusters_give_no_suppressed_count_back(governed_research: Case) -> None:
    """``trafficking templates --case --json``: where a cluster's listings (1-4) are
    suppressed, so are its member list (whose length is the count) and its main
    author's share (a share of 3 listings gives them back); elsewhere the members
    are pseudonyms, as many as the listings."""
    rows = {user: json.loads(_run(governed_research, user, "trafficking", "templates",
                                  "--json").stdout)["rows"]
            for user in (ANALYST, RESEARCHER)}
    small = 0
    for full, shown in zip(rows[ANALYST], rows[RESEARCHER], strict=True):
        if full["listings"] < 5:
            small += 1
            assert shown["listings"] == SUPPRESSED
            assert shown["member_listings"] == SUPPRESSED
            assert shown["main_share"] == (None if full["main_share"] is None
                                           else SUPPRESSED)
        else:
            assert len(shown["member_listings"]) == full["listings"]
        assert "main_listings" not in shown
    assert small >= 1


def test_notes_pass_research_mode_as_the_cells_do(tmp_path: Path) -> None:
    """``malware concentration --case --over-time``: the remark per list says how many
    servers it holds; for a researcher a list of 3 servers (the first rows of a real
    Feodo Tracker list) says "<5 servers", never "3 servers"; the analyst reads 3."""
    from tnoc.ledger.keys import operator, signer
    from tnoc.service import CaseService, Session

    lines = (DATA / "malware" / "feodotracker_ipblocklist_2021-12-20.csv").read_text(
        encoding="utf-8").splitlines(keepends=True)
    small = tmp_path / "feodotracker_ipblocklist_small.csv"
    small.write_text("".join(lines[:9] + lines[9:12]), encoding="utf-8")
    case = Case.init(tmp_path / "case")
    ingest_file(case, "feodotracker", small)
    admin = CaseService(case, Session(operator()))
    for user, role in ((RESEARCHER, "researcher"), (ANALYST, "analyst"),
                       ("sam", "supervisor")):
        admin.add_member(user, role, "TLP:RED", signer(user).public_raw.hex())
    CaseService(case, Session("sam")).open_purpose(PURPOSE, JUSTIFICATION)
    said = {user: " ".join(_run(case, user, "malware", "concentration", "--over-time",
                                "--by", "country").stdout.split())
            for user in (ANALYST, RESEARCHER)}
    assert ": 3 servers of Dridex" in said[ANALYST]
    assert ": <5 servers of Dridex" in said[RESEARCHER]
    assert "3 servers" not in said[RESEARCHER]
