"""The one gate (issue #20): members and roles, purpose, clearance per value, one audit
record per operation (allowed or denied), and an audit trail that ``tnoc verify``
defends. On real material: a seized phone's calls (TLP:AMBER), the CAVIAR wiretap
network (TLP:RED), SAML-D payments and IC3 statistics."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.evidence.verify import verify_case
from tnoc.govern.audit import HEAD_FILE, AuditRecord, audit_records
from tnoc.govern.members import password_ok
from tnoc.govern.policy import OPERATIONS, Member, Role, decide
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.ledger.keys import operator, signer
from tnoc.service import AccessDenied, CaseService, Session, governance_problems
from tnoc.store import Case
from tnoc.tlp import TLP_ORDER, tlp_rank

from .conftest import DATA

CDR = Path(__file__).parent / "data" / "cdr" / "calls.csv"
PURPOSE = "OP-2026-17: identify the CAVIAR traffickers' phones"
MEMBERS = {"alice": (Role.ANALYST, "TLP:AMBER"), "bob": (Role.SUPERVISOR, "TLP:RED"),
           "dora": (Role.AUDITOR, "TLP:AMBER"), "rita": (Role.RESEARCHER, "TLP:RED"),
           "ian": (Role.INTAKE, "TLP:AMBER")}


@pytest.fixture(scope="module")
def governed(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """A governed case: the login user is its admin, five members in five roles."""
    case = Case.init(tmp_path_factory.mktemp("governed") / "case")
    ingest_file(case, "call_records", CDR)
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv",
                IngestOptions(handling_code="TLP:RED"))
    ingest_file(case, "saml_d", DATA / "aml" / "saml-d_sample_1k.csv")
    ingest_file(case, "ic3_counts", DATA / "trends" / "ic3_crime_type_counts_2015_2025.csv")
    admin = CaseService(case, Session(operator()))
    for user, (role, clearance) in MEMBERS.items():
        admin.add_member(user, role.value, clearance, signer(user).public_raw.hex())
    return case


@pytest.fixture
def copy(governed: Case, tmp_path: Path) -> Case:
    """A copy of the governed case to write to."""
    shutil.copytree(governed.root, tmp_path / "case")
    return Case.open(tmp_path / "case")


def _as(case: Case, user: str, purpose: str | None = PURPOSE) -> CaseService:
    return CaseService(case, Session(user, purpose))


def _trail(case: Case) -> list[AuditRecord]:
    with case.connect(read_only=True) as con:
        return audit_records(con)


def test_members_are_in_the_ledger_and_the_admin_came_first(governed: Case) -> None:
    members = {m.user: m for m in _as(governed, operator()).members()}
    assert members[operator()].role is Role.ADMIN and members["bob"].clearance == "TLP:RED"
    with governed.connect(read_only=True) as con:
        assert governance_problems(governed.root, con) == []


def test_role_by_operation_by_compartment_matrix() -> None:
    """Every role against every operation and every handling code of the data: allowed
    exactly where the role may do it, the purpose is given, and the member is cleared
    to the data's code; otherwise denied with the reason."""
    for role in Role:
        if role is Role.OWNER:
            continue
        for clearance in TLP_ORDER:
            member = Member("m", role, clearance)
            for op in OPERATIONS.values():
                for code in (None, *TLP_ORDER):
                    for purpose in (None, PURPOSE):
                        got = decide(member, op, purpose, True, code)
                        want = (role in op.roles and (purpose or not op.personal)
                                and (code is None or tlp_rank(code) <= tlp_rank(clearance)))
                        assert got.allowed == bool(want), (role, clearance, op.name, code,
                                                           purpose, got)
    stranger = decide(None, OPERATIONS["sources"], PURPOSE, True)
    assert not stranger.allowed and stranger.reason == "not a member of this case"
    assert decide(None, OPERATIONS["show"], None, False).allowed  # not governed: owner


def test_the_service_decides_and_records_by_role(governed: Case) -> None:
    """Through the service, for each member: an operation of their role is allowed, one
    outside it is refused and the refusal recorded, with user, role and reason."""
    everyone = {**MEMBERS, operator(): (Role.ADMIN, "TLP:RED")}
    for user, (role, _clearance) in everyone.items():
        service = _as(governed, user)
        allowed = next(n for n, op in OPERATIONS.items() if role in op.roles)
        refused = next(n for n, op in OPERATIONS.items() if role not in op.roles)
        assert service.check(allowed).role is role
        before = len(_trail(governed))
        with pytest.raises(AccessDenied, match=f"the {role.value} role may not"):
            service.check(refused)
        [denied] = _trail(governed)[before:]
        assert (denied.actor, denied.role, denied.operation, denied.outcome) == \
            (user, role.value, refused, "denied")
        assert denied.reason and role.value in denied.reason


def test_compartments_decide_value_by_value(governed: Case) -> None:
    """CAVIAR is TLP:RED: a supervisor cleared to RED sees N1; an analyst cleared to
    AMBER finds none of its values, by search or by show, and the refusal is logged."""
    seen = _as(governed, "bob").show("caviar-n1")
    assert seen.caption == "N1" and seen.withheld == 0
    assert any(h["canonical_id"] == "caviar-n1" for h in _as(governed, "bob").search("N1", 10_000))
    alice = _as(governed, "alice")
    assert not any(str(h["canonical_id"]).startswith("caviar-")
                   for h in alice.search("N1", 10_000))
    with pytest.raises(Exception, match="cleared to see"):
        alice.show("caviar-n1")
    caller = alice.search("+49", 5)  # the seized phone's calls are AMBER: she sees them
    assert caller and all(str(h["canonical_id"]).startswith("cdr") or h["prop"]
                          for h in caller)


def test_purpose_is_required_and_recorded(copy: Case) -> None:
    with pytest.raises(AccessDenied, match="--purpose"):
        _as(copy, "alice", purpose=None).show("caviar-n1")
    _as(copy, "bob").show("caviar-n1")
    denied, allowed = _trail(copy)[-2:]
    assert (denied.outcome, denied.entities, denied.purpose) == \
        ("denied", ("caviar-n1",), None)
    assert (allowed.outcome, allowed.actor, allowed.role, allowed.purpose, allowed.act) == \
        ("allowed", "bob", "supervisor", PURPOSE, "consult")


def test_strangers_and_impostors_are_refused(copy: Case, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    before = len(_trail(copy))
    with pytest.raises(AccessDenied, match="not a member"):
        _as(copy, "mallory").show("caviar-n1")
    assert len(_trail(copy)) == before  # no key of hers can sign a record of it
    with pytest.raises(AccessDenied, match="the data is TLP:RED"):
        _as(copy, "alice").case_for("flagged")  # a member's refusal is recorded
    assert _trail(copy)[-1].outcome == "denied"
    # someone else's machine: saying "I am bob" without bob's private key
    monkeypatch.setenv("TNOC_KEYS", str(tmp_path / "mallorys-keys"))
    with pytest.raises(AccessDenied, match="is not bob's key in this case"):
        _as(copy, "bob").show("caviar-n1")


CLI_OPERATIONS: dict[str, list[str]] = {
    "sources": ["sources"], "flagged": ["flagged"], "search": ["search", "N1"],
    "show": ["show", "caviar-n1"], "candidates": ["candidates"],
    "judgements": ["judgements"], "case summary": ["case", "summary"],
    "network": ["network", "measures", "--source", "morselli_caviar.csv"],
    "network listing": ["network", "communities"], "money listing": ["money", "check"],
    "money": ["money", "typologies"], "assess": ["assess", "trends", "IC3 complaints"],
    "custody": ["custody", "log"], "verify": ["verify", "{case}", "--no-record"],
    "audit": ["audit"], "users list": ["users", "list"],
}
"""One command for each operation of the matrix that a single command shows."""


@pytest.mark.parametrize("operation", sorted(CLI_OPERATIONS))
def test_each_command_writes_exactly_one_audit_record(copy: Case, operation: str) -> None:
    """Through the command line, the way an analyst works: one record per command, with
    its operation, the user and the purpose; personal operations by bob (RED), the
    audit by its auditor, the rest by the admin."""
    op = OPERATIONS[operation]
    user = "dora" if operation == "audit" else "bob" if Role.SUPERVISOR in op.roles \
        else operator()
    before = len(_trail(copy))
    args = [str(copy.root) if a == "{case}" else a for a in CLI_OPERATIONS[operation]]
    if "{case}" not in CLI_OPERATIONS[operation]:
        args += ["-c", str(copy.root)]
    result = CliRunner().invoke(app, [*args, "--as", user, "--purpose", PURPOSE])
    assert result.exit_code == 0, (result.output, result.exception)
    added = _trail(copy)[before:]
    assert [(r.operation, r.actor, r.purpose, r.outcome) for r in added] == \
        [(operation, user, PURPOSE, "allowed")]


def test_every_personal_operation_has_a_command_test() -> None:
    """The parametrised test above covers every consultation and combination an
    analyst runs from the command line (the others are covered by their own tests:
    ingest and import by intake, judgements and exports by the custody tests)."""
    personal = {n for n, op in OPERATIONS.items() if op.act.value in ("consult", "combine")
                and op.personal}
    assert personal - set(CLI_OPERATIONS) == {"screen"}


def test_audit_answers_who_consulted_x_for_the_auditor_only(copy: Case) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["show", "caviar-n1", "-c", str(copy.root), "--as", "bob",
                                "--purpose", PURPOSE])
    assert shown.exit_code == 0 and "N1" in shown.stdout
    listed = runner.invoke(app, ["audit", "-c", str(copy.root), "--entity", "caviar-n1",
                                 "--json", "--as", "dora"])
    assert listed.exit_code == 0, listed.output
    records = json.loads(listed.stdout)
    assert isinstance(records, list)
    mine = [r for r in records if r["actor"] == "bob" and r["operation"] == "show"]
    assert mine[-1]["purpose"] == PURPOSE and mine[-1]["entities"] == ["caviar-n1"]
    assert "N1" not in json.dumps(records)  # ids, never values
    refused = runner.invoke(app, ["audit", "-c", str(copy.root), "--as", "bob",
                                  "--purpose", PURPOSE])
    assert isinstance(refused.exception, AccessDenied)  # exit code 3 from 'tnoc'
    assert "the supervisor role may not audit" in str(refused.exception)


@pytest.fixture
def tampered(copy: Case) -> Iterator[Case]:
    """The copy with a few records in its trail."""
    for user in ("bob", "bob", "alice"):
        _as(copy, user).search("N2", 5)
    yield copy


def _governance(case: Case) -> list[str]:
    result = verify_case(case, record=False, extra=(governance_problems,))
    return [str(p) for p in result.problems]


def test_verify_names_an_edited_audit_record(tampered: Case) -> None:
    assert _governance(tampered) == []
    with tampered.transaction() as con:
        con.execute("UPDATE audit_events SET purpose = 'routine' WHERE seq = 2")
    assert any(p.startswith("audit trail audit record 2: its content does not match")
               for p in _governance(tampered))


def test_verify_names_deleted_newest_records(tampered: Case) -> None:
    with tampered.transaction() as con:
        last = con.execute("SELECT max(seq) FROM audit_events").fetchall()[0][0]
        con.execute("DELETE FROM audit_events WHERE seq >= ?", [last - 1])
    assert any("were deleted" in p for p in _governance(tampered))
    (tampered.root / HEAD_FILE).unlink()
    assert any("audit-head.json is missing" in p for p in _governance(tampered))


def test_verify_names_a_member_added_behind_the_ledger(tampered: Case) -> None:
    with tampered.transaction() as con:
        con.execute("UPDATE case_members SET role = 'admin', clearance = 'TLP:RED' "
                    "WHERE user_name = 'alice'")
        con.execute("INSERT INTO case_members SELECT 'eve', 'analyst', 'TLP:RED', key_id, "
                    "added_by, added_at FROM case_members WHERE user_name = 'bob'")
    problems = _governance(tampered)
    assert any(p.startswith("member alice: differs from the ledger: role analyst -> admin")
               for p in problems)
    assert any(p.startswith("member eve: a member (analyst) that no ledger entry added")
               for p in problems)


def _cli(case: Case, *args: str, user: str) -> str:
    result = CliRunner().invoke(app, [*args, "-c", str(case.root), "--as", user,
                                      "--purpose", PURPOSE])
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.stdout


def test_a_researcher_sees_pseudonyms_only(governed: Case) -> None:
    """Research mode: rita (researcher) finds the seized phone's subscribers by search
    and show, and no real name or phone number reaches her, in the table or in JSON;
    bob (supervisor) sees them. The network measures run (it stores its projection)
    stays closed to her."""
    secrets = ["Kemal Aydin", "Jana Novak", "Marco Rossi", "4915112223333",
               "491701234567", "4917620004444"]
    outputs = [_cli(governed, "search", "Rossi", user="rita"),
               _cli(governed, "search", "Rossi", "--json", user="rita"),
               _cli(governed, "search", "+49", "--csv", user="rita"),
               _cli(governed, "show", "Marco Rossi", user="rita"),
               _cli(governed, "show", "Marco Rossi", "--json", user="rita")]
    assert all("pseudo-" in out for out in outputs)
    assert not [s for out in outputs for s in secrets if s in out]
    assert "Marco Rossi" in _cli(governed, "show", "Marco Rossi", user="bob")
    refused = CliRunner().invoke(app, ["network", "measures", "-c", str(governed.root),
                                       "--as", "rita", "--purpose", PURPOSE])
    assert isinstance(refused.exception, AccessDenied)


def test_web_passwords_are_argon2_hashes(copy: Case) -> None:
    """A member sets their own password; an admin anyone's; another member cannot. Only
    an Argon2id hash is kept, the ledger says it was set, and verify still holds."""
    _as(copy, "alice").set_password("alice", "correct horse battery staple")
    with pytest.raises(AccessDenied):
        _as(copy, "alice").set_password("bob", "correct horse battery staple")
    _as(copy, operator()).set_password("bob", "a different long passphrase")
    with copy.connect(read_only=True) as con:
        assert password_ok(con, "alice", "correct horse battery staple")
        assert not password_ok(con, "alice", "correct horse battery stapler")
        assert not password_ok(con, "mallory", "correct horse battery staple")
        stored = con.execute("SELECT password_hash FROM case_members WHERE user_name = "
                             "'alice'").fetchall()[0][0]
        assert stored.startswith("$argon2id$") and "staple" not in stored
        assert governance_problems(copy.root, con) == []
    with pytest.raises(Exception, match="at least 12"):
        _as(copy, "bob").set_password("bob", "short")


def test_verify_names_a_record_re_signed_by_another_member(tampered: Case) -> None:
    """Members hold registered keys: one re-signing another's record (after editing it)
    is named, because a record must be signed by its actor's own key."""
    from tnoc.govern.audit import AUDIT
    from tnoc.ledger.custody import CustodyEvent, chain_hash

    with tampered.transaction() as con:
        row = con.execute("SELECT prev_hash, actor, event_type, occurred_at, details, purpose, "
                          "role, method, event_id FROM audit_events ORDER BY seq DESC "
                          "LIMIT 1").fetchall()[0]
        prev, actor = str(row[0]), str(row[1])
        assert actor == "alice" and AUDIT.table == "audit_events"
        mallet = signer("bob")
        last = con.execute("SELECT * FROM audit_events ORDER BY seq DESC LIMIT 1")
        names = [d[0] for d in last.description]
        record = dict(zip(names, last.fetchall()[0], strict=True))
        record["actor"] = "alice"
        event = CustodyEvent(**{k: (json.loads(record[k]) if k == "details" else record[k])
                                for k in CustodyEvent.__dataclass_fields__})
        entry = chain_hash(prev, event)
        con.execute("UPDATE audit_events SET key_id = ?, signature = ?, entry_hash = ? "
                    "WHERE seq = ?", [mallet.key_id, mallet.sign(entry.encode()), entry,
                                      record["seq"]])
    assert any("signed by the key of bob, not of its actor alice" in p
               for p in _governance(tampered))


def test_the_last_admin_stays_and_weaker_members_see_no_stricter_analysis(copy: Case
                                                                           ) -> None:
    with pytest.raises(Exception, match="last admin"):
        _as(copy, operator()).add_member(operator(), "analyst", "TLP:RED")
    # the case holds TLP:RED sources: an analysis of the whole case is refused to alice
    with pytest.raises(AccessDenied, match="the data is TLP:RED; alice is cleared to "
                                           "TLP:AMBER"):
        _as(copy, "alice").case_for("network")
    assert _as(copy, "bob").case_for("network") is not None
