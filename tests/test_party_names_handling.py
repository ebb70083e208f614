"""A party's name is handled as strictly as the statements it is read from.

The money listings, the whole-case components and the workspace's alerts name an account
by its holder where the case says who holds it ("HOLDER (account NUMBER, bank CODE)",
:func:`tnoc.store.parties.named_parties`). The holder is often named by another file
than the payments: a TLP:RED intelligence file saying who owns an account. Such a name
was printed under the payments' TLP:AMBER, and shown by the workspace to a member
cleared for TLP:AMBER only: the gate decided on the payments and the accounts, never on
the file naming the holder. Real payments (the SAML-D sample); on top, one analyst's
FtM file (the only hand-made input), received as TLP:RED, names the holder of the
account an alert is about."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.govern.audit import audit_records
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.ledger.keys import operator, signer
from tnoc.money.alerts import save_alerts
from tnoc.money.transfers import build_transfers
from tnoc.money.typologies import detect
from tnoc.service import AccessDenied, CaseService, Session
from tnoc.store import Case
from tnoc.store.parties import named_parties, party_names, payment_reads

from .conftest import DATA

SAML_D = DATA / "aml" / "saml-d_sample_1k.csv"
HOLDER = "Nadia Red-Source"
PURPOSE = "OP-HOLDER-2026"


def _source_of(case: Case, file_name: str) -> str:
    with case.connect(read_only=True) as con:
        row = con.execute("SELECT source_id FROM sources WHERE file_name = $f",
                          {"f": file_name}).fetchone()
    assert row is not None
    return str(row[0])


@pytest.fixture(scope="module")
def held(tmp_path_factory: pytest.TempPathFactory, signing_keys: Path
         ) -> tuple[Case, str, str]:
    """A governed case: SAML-D payments (TLP:AMBER) and their typology alerts, then a
    TLP:RED file naming the holder of the first alert's focal account; bob is cleared
    for TLP:RED, cleo for TLP:AMBER. Returns the case, that account and the red
    source."""
    folder = tmp_path_factory.mktemp("party-names")
    case = Case.init(folder / "case")
    ingest_file(case, "saml_d", SAML_D)
    with case.transaction() as con:
        save_alerts(con, case.root, detect(con, build_transfers(con)))
        [(focus,)] = con.execute(
            "SELECT value FROM statements WHERE schema = 'TypologyAlert' "
            "AND prop = 'focus' ORDER BY value LIMIT 1").fetchall()
    red = folder / "informant.ftm.json"
    red.write_text("".join(json.dumps(e) + "\n" for e in (
        {"id": "informant-holder", "schema": "Person", "properties": {"name": [HOLDER]}},
        {"id": "informant-own-1", "schema": "Ownership",
         "properties": {"owner": ["informant-holder"], "asset": [str(focus)]}})))
    ingest_file(case, "ftm_entities", red, IngestOptions(handling_code="TLP:RED"))
    # a partner's payment in FtM, its payer a person paying from an account (the
    # transfers use the account), and a second red file naming that account's holder
    partner = folder / "partner.ftm.json"
    partner.write_text("".join(json.dumps(e) + "\n" for e in (
        {"id": "partner-person", "schema": "Person", "properties": {"name": ["P. Payer"]}},
        {"id": "partner-acct", "schema": "BankAccount",
         "properties": {"accountNumber": ["DE0012345"], "bankName": ["Partner Bank"]}},
        {"id": "partner-pay-1", "schema": "Payment",
         "properties": {"payer": ["partner-person"], "payerAccount": ["partner-acct"],
                        "beneficiary": [str(focus)], "amount": ["950.00"],
                        "currency": ["EUR"], "date": ["2022-10-07T10:00:00"]}})))
    ingest_file(case, "ftm_entities", partner)
    red2 = folder / "informant-2.ftm.json"
    red2.write_text("".join(json.dumps(e) + "\n" for e in (
        {"id": "informant-2-holder", "schema": "Person", "properties": {"name": ["Q. Held"]}},
        {"id": "informant-2-own", "schema": "Ownership",
         "properties": {"owner": ["informant-2-holder"], "asset": ["partner-acct"]}})))
    ingest_file(case, "ftm_entities", red2, IngestOptions(handling_code="TLP:RED"))
    admin = CaseService(case, Session(operator()))
    admin.add_member("bob", "supervisor", "TLP:RED", signer("bob").public_raw.hex())
    admin.add_member("cleo", "analyst", "TLP:AMBER", signer("cleo").public_raw.hex())
    CaseService(case, Session("bob")).open_purpose(PURPOSE, "an alert's holder")
    return case, str(focus), _source_of(case, red.name)


def test_a_holders_name_carries_the_code_of_the_file_naming_them(
        held: tuple[Case, str, str]) -> None:
    case, account, red = held
    red2 = _source_of(case, "informant-2.ftm.json")
    with case.connect(read_only=True) as con:
        named = named_parties(con, [account])
        assert named.names[account].startswith(f"{HOLDER} (account ")
        assert red in named.sources and named.by_party[account] == named.sources
        # an account nobody is said to hold is named from its own statements only
        [(other,)] = con.execute(
            "SELECT DISTINCT value FROM statements WHERE schema = 'Payment' AND "
            "prop = 'payer' AND value <> $a ORDER BY value LIMIT 1",
            {"a": account}).fetchall()
        alone = named_parties(con, [str(other)])
        assert red not in alone.sources and alone.sources
        assert party_names(con, [account]) == named.names
        # what a money listing over the payments reads: the red file as well, and the
        # one naming the holder of an account a payment names as payerAccount (its
        # payer a person)
        reads = payment_reads(con)
        assert red in reads and red2 in reads
        assert named_parties(con, ["partner-acct"]).names["partner-acct"] == (
            "Q. Held (account DE0012345, bank Partner Bank)")


def test_the_typology_listing_states_the_holders_code(held: tuple[Case, str, str]) -> None:
    """``tnoc money typologies`` names the focal account by its holder: the listing,
    and the detail CSV's handling column, are TLP:RED (they were TLP:AMBER); so is
    ``tnoc money trace`` from it."""
    case, account, _red = held
    got = CliRunner().invoke(app, ["money", "typologies", "-c", str(case.root), "--json",
                                   "--all", "--no-store", "--as", "bob",
                                   "--purpose", PURPOSE])
    assert got.exit_code == 0, got.output
    document = json.loads(got.stdout)
    assert document["handling_code"] == "TLP:RED"
    assert any(str(r["focus"]).startswith(HOLDER) and r["focus_id"] == account
               for r in document["rows"])
    # a trace from that account names it by its holder: TLP:RED too (it stated no code)
    traced = CliRunner().invoke(app, ["money", "trace", account, "-c", str(case.root),
                                      "--json", "--as", "bob", "--purpose", PURPOSE])
    assert traced.exit_code == 0, traced.output
    trace = json.loads(traced.stdout)
    assert trace["handling_code"] == "TLP:RED"
    assert trace["sources"][0]["account"].startswith(HOLDER)


def test_the_workspace_shows_a_red_holder_to_those_cleared_for_it(
        held: tuple[Case, str, str]) -> None:
    """The alerts page names the focal account by its holder for bob (TLP:RED) and by
    id for cleo (TLP:AMBER), who still sees the alerts (their run is TLP:AMBER) and the
    names of the other accounts; the
    busiest accounts and a trace, which name every account, are decided on the red
    file too: cleo is refused them, in a fresh service as in the one that showed her
    the alerts."""
    case, account, red = held
    bob = CaseService(case, Session("bob", PURPOSE))
    cleo = CaseService(case, Session("cleo", PURPOSE))
    found, names, left_out = bob.alerts()
    assert left_out == 0 and account in {a.focus for a in found.alerts}
    assert names[account].startswith(HOLDER)
    seen, partly, left_out = cleo.alerts()
    assert left_out == 0 and seen.alerts == found.alerts
    # that account by id, every other focal account still named
    assert account not in partly and not any(HOLDER in n for n in partly.values())
    others = {a.focus for a in found.alerts} - {account}
    assert others and all(partly[o] == names[o] for o in others)
    # fresh sessions, as per request of the workspace
    def as_member(user: str) -> CaseService:
        return CaseService(case, Session(user, PURPOSE))

    assert as_member("bob").money_accounts().handling_code == "TLP:RED"
    assert as_member("bob").money_trace(account).handling_code == "TLP:RED"
    with pytest.raises(AccessDenied, match="TLP:RED"):
        as_member("cleo").money_accounts()
    with pytest.raises(AccessDenied, match="TLP:RED"):
        as_member("cleo").money_trace(account)
    # nor does one service let a trace through because its alerts page was decided
    # (on the runs) before: the trace's stricter reads are decided anew
    with pytest.raises(AccessDenied, match="TLP:RED"):
        cleo.money_trace(account)
    assert bob.money_trace(account).handling_code == "TLP:RED"
    # the audit trail says the names' file was read for bob's page, not for cleo's
    with case.connect(read_only=True) as con:
        pages = {r.actor: r.sources for r in audit_records(con)
                 if r.operation == "money" and r.outcome == "allowed"}
    assert red in pages["bob"] and red not in pages["cleo"]
