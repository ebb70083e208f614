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
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner, Result

from tnoc.cli.main import app
from tnoc.errors import TnocError
from tnoc.evidence.verify import verify_case
from tnoc.exchange.handling import entity_digest, entity_id_key
from tnoc.govern.audit import HEAD_FILE, AuditRecord, audit_records
from tnoc.govern.members import find_member, is_governed, password_ok
from tnoc.govern.policy import OPERATIONS, Member, Role, decide
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.ledger.custody import read_ledger
from tnoc.ledger.keys import operator, signer
from tnoc.service import AccessDenied, CaseService, Session, governance_problems
from tnoc.store import Case
from tnoc.tlp import TLP_ORDER, tlp_rank

from .conftest import DATA

CDR = Path(__file__).parent / "data" / "cdr" / "calls.csv"
PURPOSE = "OP-2026-17"
"""The reference of the purpose the supervisor opens in the governed case."""
JUSTIFICATION = "identify the CAVIAR traffickers' phones (warrant 17/2026)"
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
    open_purpose(case, PURPOSE, JUSTIFICATION)
    return case


def open_purpose(case: Case, reference: str, justification: str,
                 until: str | None = None, by: str = "bob") -> None:
    """Open a purpose as the supervisor does (``tnoc purpose open``), for tests whose
    governed case needs one before anything personal is consulted."""
    CaseService(case, Session(by)).open_purpose(reference, justification, until)


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
                        got = decide(member, op, purpose, True, code, [PURPOSE])
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
    with pytest.raises(TnocError, match="no entity with the id or name 'caviar-n1'"):
        alice.show("caviar-n1")
    caller = alice.search("+49", 5)  # the seized phone's calls are AMBER: she sees them
    assert caller and all(str(h["canonical_id"]).startswith("cdr") or h["prop"]
                          for h in caller)


def test_purpose_is_required_and_recorded(copy: Case) -> None:
    with pytest.raises(AccessDenied, match="--purpose"):
        _as(copy, "bob", purpose=None).show("caviar-n1")
    _as(copy, "bob").show("caviar-n1")
    denied, allowed = _trail(copy)[-2:]
    digest = entity_digest(entity_id_key(copy.root) or b"", "caviar-n1")
    assert (denied.outcome, denied.entities, denied.purpose) == ("denied", (digest,), None)
    assert (allowed.outcome, allowed.actor, allowed.role, allowed.purpose, allowed.act) == \
        ("allowed", "bob", "supervisor", PURPOSE, "consult")
    assert allowed.justification == JUSTIFICATION  # the opened purpose's, from the case


def test_strangers_and_impostors_are_refused(copy: Case, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    before = len(_trail(copy))
    with pytest.raises(AccessDenied, match="not a member"):
        _as(copy, "mallory").show("caviar-n1")
    attempt, = _trail(copy)[before:]  # no key of hers can sign it: chained, unsigned
    assert (attempt.actor, attempt.outcome, attempt.signed) == ("mallory", "denied", False)
    with pytest.raises(AccessDenied, match="the data is TLP:RED"):
        _as(copy, "alice").case_for("flagged")  # a member's refusal is recorded
    assert _trail(copy)[-1].outcome == "denied"
    # someone else's machine: saying "I am bob" without bob's private key
    folder = tmp_path / "mallorys-keys"
    monkeypatch.setenv("TNOC_KEYS", str(folder))
    with pytest.raises(AccessDenied, match="no signing key of bob in your key folder"):
        _as(copy, "bob").show("caviar-n1")
    assert not list(folder.glob("*.pem"))  # being tried does not mint a key for bob
    assert (_trail(copy)[-1].actor, _trail(copy)[-1].signed,
            _trail(copy)[-1].presented_key) == ("bob", False, None)
    presented = signer("bob")  # a key of her own, saved under bob's name
    with pytest.raises(AccessDenied, match="is not bob's key in this case"):
        _as(copy, "bob").show("caviar-n1")
    assert (_trail(copy)[-1].outcome, _trail(copy)[-1].signed,
            _trail(copy)[-1].presented_key) == ("denied", False, presented.key_id)
    assert _governance(copy) == []  # unsigned denials are chained and accepted


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
    ingest and import by intake, judgements and exports by the custody tests, reading
    a citizen report by tests/test_intake_cases.py)."""
    personal = {n for n, op in OPERATIONS.items() if op.act.value in ("consult", "combine")
                and op.personal}
    # chart open: the web workspace's graph explorer (tests/web/test_graph.py)
    assert personal - set(CLI_OPERATIONS) == {"screen", "intake read", "chart open"}


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
    outputs = [_cli(governed, "search", "2024-03-04", user="rita"),
               _cli(governed, "search", "2024-03-04", "--json", user="rita"),
               _cli(governed, "search", "2024-03-0", "--csv", user="rita"),
               _cli(governed, "show", "cdr-C-0004", user="rita"),
               _cli(governed, "show", "cdr-C-0004", "--json", user="rita")]
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
    # with passwords set the members table has one more column: an admin still adds
    # and changes members (it failed: 6 values for 7 columns), a password kept
    admin = _as(copy, operator())
    admin.add_member("alice", "analyst", "TLP:GREEN", signer("alice").public_raw.hex())
    admin.add_member("nadia", "analyst", "TLP:AMBER", signer("nadia").public_raw.hex())
    with copy.connect(read_only=True) as con:
        assert password_ok(con, "alice", "correct horse battery staple")
        assert find_member(con, "alice").clearance == "TLP:GREEN"  # type: ignore[union-attr]
        assert find_member(con, "nadia") is not None
        assert governance_problems(copy.root, con) == []


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


def test_the_first_member_added_is_never_a_case_without_an_admin(case: Case) -> None:
    """Adding oneself first as an analyst would leave no admin: refused, and the case
    stays ungoverned (nothing half-written)."""
    with pytest.raises(TnocError, match="the first member of a case is its admin"):
        CaseService(case, Session(operator())).add_member(operator(), "supervisor",
                                                          "TLP:RED")
    with case.connect(read_only=True) as con:
        assert not is_governed(con)


def test_the_last_admin_stays_and_weaker_members_see_no_stricter_analysis(copy: Case
                                                                           ) -> None:
    with pytest.raises(Exception, match="last admin"):
        _as(copy, operator()).add_member(operator(), "analyst", "TLP:RED")
    # the case holds TLP:RED sources: an analysis of the whole case is refused to alice
    with pytest.raises(AccessDenied, match="the data is TLP:RED; alice is cleared to "
                                           "TLP:AMBER"):
        _as(copy, "alice").case_for("network")
    assert _as(copy, "bob").case_for("network") is not None


def test_verify_names_a_rolled_back_audit_head(tampered: Case) -> None:
    """Cutting the newest records and putting back an older signed head passes the head
    check; the checkpoint that anchored the trail names it (ISO/IEC 27001 A.8.15)."""
    from tnoc.ledger.checkpoints import keep_checkpoint, make_checkpoint

    older_head = (tampered.root / HEAD_FILE).read_bytes()
    kept = len(_trail(tampered))
    _as(tampered, "bob").search("N3", 5)
    _as(tampered, "bob").show("caviar-n3")
    with tampered.transaction() as con:
        point = make_checkpoint(con)
    keep_checkpoint(tampered.root, point)
    assert point is not None and point.audit_size == kept + 2
    assert _governance(tampered) == []
    with tampered.transaction() as con:
        con.execute("DELETE FROM audit_events WHERE seq > ?", [kept])
    (tampered.root / HEAD_FILE).write_bytes(older_head)
    problems = _governance(tampered)
    assert not any(p.startswith("audit trail audit head") for p in problems)  # fooled
    assert any(p.startswith("audit trail audit anchor") and f"records {kept + 1}.."
               f"{kept + 2} were deleted" in p for p in problems), problems


def test_a_strangers_attempt_is_in_the_audit_unsigned_and_mints_no_key(copy: Case
                                                                       ) -> None:
    """CJIS §5.4.1.1: unsuccessful attempts logged, also those no registered key can
    sign; naming someone with --as does not create a key for them."""
    import os

    folder = Path(os.environ["TNOC_KEYS"])
    tried = CliRunner().invoke(app, ["show", "caviar-n1", "-c", str(copy.root),
                                     "--as", "trudy", "--purpose", PURPOSE])
    assert isinstance(tried.exception, AccessDenied)
    assert not (folder / "trudy.ed25519.pem").exists()
    table = _cli(copy, "audit", "--denied", "--all", user="dora")
    assert "trudy" in table and "denied (unsigned)" in table
    listed = json.loads(_cli(copy, "audit", "--user", "trudy", "--json", user="dora"))
    # a stranger sees no entity: the attempt keeps the hash of what was asked for
    assert [(r["operation"], r["outcome"], r["signed"], r["presented_key"], r["entities"],
             r["query_sha256"] is not None)
            for r in listed] == [("show", "denied", False, None, [], True)]
    assert _governance(copy) == []


def test_an_erasure_a_legal_hold_refuses_is_recorded_denied(copy: Case) -> None:
    """The outcome is the operation's: the gate allows bob's erasure, the hold refuses
    it, the record says denied and why (LED art. 25: erasure logged)."""
    _cli(copy, "hold", "add", "caviar-n2", "--reason", "appeal pending", user="bob")
    held = _trail(copy)[-1]
    n2 = entity_digest(entity_id_key(copy.root) or b"", "caviar-n2")  # ids kept as digests
    assert (held.operation, held.outcome, held.entities) == ("hold", "allowed", (n2,))
    refused = CliRunner().invoke(app, ["erase", "caviar-n2", "--reason", "time limit",
                                       "--yes", "-c", str(copy.root), "--as", "bob",
                                       "--purpose", PURPOSE])
    assert refused.exit_code != 0 and "legal hold" in str(refused.exception)
    record = _trail(copy)[-1]
    assert (record.operation, record.actor, record.outcome, record.entities) == \
        ("erase", "bob", "denied", (n2,))
    assert "legal hold" in str(record.reason) and "appeal pending" in str(record.reason)


def test_an_export_records_its_recipient_and_an_intake_its_source(copy: Case,
                                                                  tmp_path: Path) -> None:
    """LED art. 25 asks for the recipients of a disclosure; an intake names what it
    took in."""
    _cli(copy, "export", "parquet", str(tmp_path / "out"), "--recipient",
         "Europol EC3 (SIENA 2026/4411)", user="bob")
    export = _trail(copy)[-1]
    assert (export.operation, export.outcome, export.recipient) == \
        ("export", "allowed", "Europol EC3 (SIENA 2026/4411)")
    _cli(copy, "ingest", "criminal_network",
         str(DATA / "networks" / "morselli_siren.csv"), user="bob")
    intake = _trail(copy)[-1]
    with copy.connect(read_only=True) as con:
        created = con.execute("SELECT source_id FROM sources WHERE file_name = "
                              "'morselli_siren.csv'").fetchall()[0][0]
    assert (intake.operation, intake.outcome, intake.sources) == \
        ("ingest", "allowed", (created,))


def test_a_trail_no_checkpoint_anchors_verifies_with_a_note(tampered: Case) -> None:
    """A case from before anchoring (no checkpoint states its trail) still verifies;
    verify says the newest records rest on the signed head alone."""
    result = _as(tampered, "dora").verify(record=False)
    assert result.ok, result.problems
    assert any("no checkpoint anchors it yet" in w for w in result.warnings)
# --- purposes are opened, not typed (issue #20) -------------------------------------------


def test_free_text_purpose_is_refused_naming_the_open_references(copy: Case) -> None:
    """In a governed case a purpose is an open reference: free text, however well
    meant, is refused (and the refusal recorded) with the references to type."""
    open_purpose(copy, "DP-1", "art. 16 request of 2026-11-20")
    with pytest.raises(AccessDenied) as refused:
        _as(copy, "alice", purpose=JUSTIFICATION).search("+49", 5)
    message = str(refused.value)
    assert "is not an open purpose" in message and "DP-1, OP-2026-17" in message
    assert (_trail(copy)[-1].outcome, _trail(copy)[-1].purpose) == ("denied", JUSTIFICATION)
    result = CliRunner().invoke(app, ["search", "+49", "-c", str(copy.root), "--as",
                                      "alice", "--purpose", "routine check"])
    assert isinstance(result.exception, AccessDenied) and "OP-2026-17" in str(
        result.exception)
    assert _as(copy, "alice", purpose=" DP-1 ").search("+49", 5)
    assert (_trail(copy)[-1].purpose, _trail(copy)[-1].justification) == (
        "DP-1", "art. 16 request of 2026-11-20")


def test_purposes_are_opened_and_closed_by_supervisors_and_expire(
        copy: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    """Supervisors open and close purposes (each change a signed ledger entry; verify
    replays them); an analyst may not; a closed or expired purpose opens nothing."""
    import datetime as dt

    from tnoc.govern import purposes

    runner = CliRunner()
    case = ["-c", str(copy.root)]
    denied = runner.invoke(app, ["purpose", "open", "OP-9", "--justification", "x", *case,
                                 "--as", "alice"])
    assert isinstance(denied.exception, AccessDenied)
    assert "the analyst role may not purpose" in str(denied.exception)
    today = dt.datetime.now(dt.UTC).date()
    opened = runner.invoke(app, ["purpose", "open", "OP-9", "--justification",
                                 "seizure of 2026-11-03", "--until", today.isoformat(),
                                 *case, "--as", "bob"])
    assert opened.exit_code == 0, opened.output
    assert _as(copy, "alice", "OP-9").search("+49", 5)
    listed = json.loads(runner.invoke(app, ["purpose", "list", "--json", *case,
                                            "--as", "alice"]).stdout)["rows"]
    assert {(r["reference"], r["state"], r["opened_by"]) for r in listed} == {
        ("OP-2026-17", "open", "bob"), ("OP-9", "open", "bob")}
    monkeypatch.setattr(purposes, "today", lambda: today + dt.timedelta(days=1))
    with pytest.raises(AccessDenied, match=f"its end date {today} has passed"):
        _as(copy, "alice", "OP-9").search("+49", 5)
    monkeypatch.undo()
    bob = CaseService(copy, Session("bob"))
    assert bob.close_purpose("OP-2026-17").closed_by == "bob"
    with pytest.raises(AccessDenied, match="closed by bob at .*the open purposes are: OP-9"):
        _as(copy, "alice").show("+4915112223333")
    with pytest.raises(TnocError, match="is in the past"):
        bob.open_purpose("OP-10", "x", "2020-01-01")
    with copy.connect(read_only=True) as con:
        assert governance_problems(copy.root, con) == []
        changes = [e.event.details["change"] for e in read_ledger(con)
                   if e.event.event_type == "purpose-changed"]
    assert changes == ["opened", "opened", "closed"]


def test_a_purpose_reopened_behind_the_ledger_is_refused_and_named(copy: Case) -> None:
    """A purpose row edited in the database file (a closed purpose reopened, its end
    date moved) is not believed by the gate, and verify names it."""
    CaseService(copy, Session("bob")).close_purpose(PURPOSE)
    with copy.transaction() as con:
        con.execute("UPDATE case_purposes SET closed_by = NULL, closed_at = NULL")
    with pytest.raises(AccessDenied, match="not what the signed ledger says: differs "
                                           "from the ledger: closed_by bob -> None"):
        _as(copy, "alice").search("+49", 5)
    assert any(p.startswith("purpose OP-2026-17: differs from the ledger")
               for p in _governance(copy))


def test_an_edited_member_row_is_refused_at_the_gate(copy: Case) -> None:
    """alice (analyst, AMBER) raised to supervisor cleared to RED in the database file:
    the gate checks her row against the signed entries about her and refuses, naming
    the change, and the refusal is recorded for the auditor."""
    with copy.transaction() as con:
        con.execute("UPDATE case_members SET role = 'supervisor', clearance = 'TLP:RED' "
                    "WHERE user_name = 'alice'")
    with pytest.raises(AccessDenied) as refused:
        _as(copy, "alice").show("caviar-n1")
    assert "not what the signed ledger says" in str(refused.value)
    assert "role analyst -> supervisor, clearance TLP:AMBER -> TLP:RED" in str(refused.value)
    last = _trail(copy)[-1]
    assert (last.actor, last.outcome, last.role) == ("alice", "denied", "none")
    assert _as(copy, "bob").show("caviar-n1").caption == "N1"  # others are unaffected


def test_an_edited_ledger_entry_of_a_member_is_refused_at_the_gate(copy: Case) -> None:
    """Editing the ledger entry too (so row and entry agree) breaks the entry's hash:
    the gate checks the hash and signature of the member's own entries."""
    with copy.transaction() as con:
        con.execute("UPDATE case_members SET clearance = 'TLP:RED' WHERE user_name = 'alice'")
        con.execute("UPDATE custody_events SET details = replace(details, 'TLP:AMBER', "
                    "'TLP:RED') WHERE item_id = 'member:alice'")
    with pytest.raises(AccessDenied, match="ledger entry .* was altered: its content does "
                                           "not match its entry hash"):
        _as(copy, "alice").search("N1", 5)


def test_no_command_option_shadows_the_session_purpose() -> None:
    """'tnoc bundle' (and exports, 'custody record') say why in --reason; --purpose is the
    session's everywhere, and a command declaring it again is refused when built."""
    import typer
    from typer._click.core import Context

    from tnoc.cli.common import command_group

    root = typer.main.get_command(app)
    for words in (["bundle"], ["export", "stix"], ["export", "misp"], ["custody", "record"]):
        command = root
        for word in words:
            command = command.get_command(Context(root), word)  # type: ignore[attr-defined]
        options = [o for p in command.params for o in p.opts]
        assert options.count("--purpose") == 1 and "--reason" in options, words
    clashing = command_group()

    @clashing.command()
    def bundle(purpose: str = "court bundle") -> None:
        """A command with its own --purpose."""

    @clashing.command()
    def verify() -> None:
        """A second command, so the app is a group."""

    result = CliRunner().invoke(clashing, ["bundle", "--purpose", "x"])
    assert isinstance(result.exception, TypeError)
    assert "session options --as/--purpose" in str(result.exception)


def test_an_ungoverned_case_records_any_purpose_text(tmp_path: Path) -> None:
    """A case without members is its owner's: free text is recorded as given; a purpose
    the owner opened adds its justification."""
    case = Case.init(tmp_path / "case")  # empty: the decision and record are the point
    CaseService(case, Session(operator(), "checking my own seizure")).search("+49", 5)
    CaseService(case, Session(operator())).open_purpose("OWN-1", "my own analysis")
    CaseService(case, Session(operator(), "OWN-1")).search("+49", 5)
    records = _trail(case)
    assert [(r.operation, r.purpose, r.justification) for r in records] == [
        ("search", "checking my own seizure", None), ("purpose", None, None),
        ("search", "OWN-1", "my own analysis")]
def test_an_entity_the_member_may_not_see_is_answered_as_a_missing_one(governed: Case
                                                                       ) -> None:
    """N1 of CAVIAR is in a TLP:RED source only: alice, cleared to AMBER, asking for it
    by name or id gets, word for word, the answer for a name the case does not hold;
    bob, cleared to RED, gets N1."""
    alice = _as(governed, "alice")
    answers = {}
    for reference in ("N1", "caviar-n1", "N1-nobody", "caviar-nobody"):
        with pytest.raises(TnocError) as refused:
            alice.show(reference)
        answers[reference] = str(refused.value)
    # word for word the answer for an entity the case does not hold
    from tnoc.store.lookup import missing_entity

    assert answers == {r: str(missing_entity(r)) for r in answers}
    assert _as(governed, "bob").show("N1").caption == "N1"


def test_an_ambiguous_name_lists_only_the_bearers_the_member_sees(copy: Case) -> None:
    """The CAVIAR network taken in twice more, as TLP:AMBER under other datasets: "N1"
    is then borne by three entities, one of them RED. Bob (RED) is told of three;
    alice (AMBER) of the two she may see, and no id of the RED one."""
    from tnoc.ingest.mapping import shipped_mappings

    network = DATA / "networks" / "morselli_caviar.csv"
    text = Path(shipped_mappings()["caviar"]).read_text(encoding="utf-8")
    for copy_name in ("copya", "copyb"):
        mapping = copy.root.parent / f"{copy_name}.yaml"
        mapping.write_text(text.replace("caviar", copy_name), encoding="utf-8")
        ingest_file(copy, mapping, network, IngestOptions(handling_code="TLP:AMBER"))
    with pytest.raises(TnocError, match="3 entities are named 'N1'") as told_bob:
        _as(copy, "bob").show("N1")
    assert "caviar-n1 " in str(told_bob.value)
    with pytest.raises(TnocError, match="2 entities are named 'N1'") as told_alice:
        _as(copy, "alice").show("N1")
    assert "copya-n1 " in str(told_alice.value) and "copyb-n1 " in str(told_alice.value)
    assert "caviar" not in str(told_alice.value)


def test_a_researcher_finds_by_the_pseudonym_shown_never_by_a_real_name(governed: Case
                                                                      ) -> None:
    """Marco Rossi's phone line is in the seized phone's calls. Rita (researcher)
    typing his name, his number or the line's real id finds nothing (the answer for a
    name not in the case); the pseudonym she is shown as the caller of call C-0004
    finds the line, by search and by show."""
    rita = _as(governed, "rita")
    for real in ("Marco Rossi", "Rossi", "+4917620004444", "4917620004444"):
        assert rita.search(real, 50) == [], real
    with pytest.raises(TnocError) as by_name:
        rita.show("Marco Rossi")
    with pytest.raises(TnocError) as by_id:
        rita.show("cdr-line-4917620004444")
    with pytest.raises(TnocError) as by_nothing:
        rita.show("Marco Nobody")
    from tnoc.store.lookup import missing_entity

    assert (str(by_name.value), str(by_id.value), str(by_nothing.value)) == (
        str(missing_entity("Marco Rossi")), str(missing_entity("cdr-line-4917620004444")),
        str(missing_entity("Marco Nobody")))
    call = rita.show("cdr-C-0004")
    caller = next(str(s["value"]) for s in call.statements if s["prop"] == "caller")
    assert caller.startswith("pseudo-id-")
    hits = rita.search(caller, 50)
    assert [h["canonical_id"] for h in hits] == [caller]
    assert rita.show(caller).id == caller
    assert _as(governed, "bob").search("Marco Rossi", 50)  # the name is in the case


def test_an_erased_phone_line_leaves_its_number_in_no_record(copy: Case) -> None:
    """The line ``cdr-line-4917620004444`` (its id embeds Marco Rossi's phone number)
    is shown to bob and alice, then erased by bob. The number is then in no table of
    the case but ``statement_seals`` (which the signed intake root covers, see
    docs/governance.md) and in no file of its ledger folder; ``tnoc audit --entity``
    with the old id still lists both consultations."""
    line, digits = "cdr-line-4917620004444", "17620004444"
    _as(copy, "bob").show(line)
    _as(copy, "alice").show("Marco Rossi")
    _cli(copy, "erase", line, "--reason", "art. 16 request DP-2026-18", "--yes", user="bob")
    with copy.connect(read_only=True) as con:
        tables = [str(t) for t, in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()]
        holding = [t for t in tables if con.execute(
            f"SELECT count(*) FROM {t} t WHERE t::VARCHAR LIKE $d",
            {"d": f"%{digits}%"}).fetchall()[0][0]]
    assert {"audit_events", "custody_events"} <= set(tables)
    assert holding == ["statement_seals"]
    assert not [p for p in (copy.root / "ledger").rglob("*")
                if p.is_file() and digits.encode() in p.read_bytes()]
    records = json.loads(_cli(copy, "audit", "--entity", line, "--json", user="dora"))
    shown = {(r["actor"], r["operation"]) for r in records}
    assert {("bob", "show"), ("alice", "show")} <= shown  # verify: tests/test_erasure.py


def test_case_lake_is_an_export_decided_on_the_strictest_source(copy: Case) -> None:
    """Lake mode copies every source into CASE/lake (tnoc.store.lake): the ``export``
    operation, as ``tnoc export parquet``. A researcher is refused, and so is an analyst
    cleared AMBER in a case holding a RED source; the RED supervisor writes it, with one
    audit record."""
    def lake(user: str) -> Result:
        return CliRunner().invoke(app, ["case", "lake", "-c", str(copy.root), "--as", user,
                                        "--purpose", PURPOSE])

    for user in ("rita", "alice"):
        before = len(_trail(copy))
        refused = lake(user)
        assert refused.exit_code != 0, refused.output
        assert not (copy.root / "lake").exists()
        assert [(r.operation, r.actor, r.outcome) for r in _trail(copy)[before:]] == [
            ("export", user, "denied")]
    before = len(_trail(copy))
    done = lake("bob")
    assert done.exit_code == 0, (done.output, done.exception)
    assert (copy.root / "lake" / "manifest.json").is_file()
    assert [(r.operation, r.actor, r.outcome) for r in _trail(copy)[before:]] == [
        ("export", "bob", "allowed")]


def test_the_gate_reads_a_member_once_per_hold_and_again_after_any_write(
        copy: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    """In one hold of the case (a web request) the gate's facts (the acting member and
    their signed entries, the purposes) are read once for all its gated calls, the
    audit records written meanwhile changing none of them; any connection for writing
    opened in the hold (a member's clearance or key changed, a purpose closed, a row
    edited behind the ledger) makes the next call read them again."""
    import tnoc.service as service_module

    reads: list[str] = []
    checked = service_module.member_tampering
    monkeypatch.setattr(service_module, "member_tampering",
                        lambda con, record: reads.append(record.user) or checked(con, record))
    admin, bob = _as(copy, operator()), _as(copy, "bob")
    alice = _as(copy, "alice")
    with copy.hold():
        before = len(_trail(copy))
        for _ in range(3):
            assert alice.authorise("show").clearance == "TLP:AMBER"
        assert reads == ["alice"] and len(_trail(copy)) == before + 3  # all recorded
        admin.add_member("alice", "analyst", "TLP:RED")  # cleared higher, same hold
        assert alice.check("show").clearance == "TLP:RED"  # read again, not kept
        assert reads.count("alice") == 2
        with copy.transaction() as con:  # her row edited behind the ledger's back
            con.execute("UPDATE case_members SET role = 'supervisor' "
                        "WHERE user_name = 'alice'")
        with pytest.raises(AccessDenied, match="not what the signed ledger says"):
            alice.check("show")
        admin.add_member("alice", "analyst", "TLP:AMBER")
        assert alice.check("show").clearance == "TLP:AMBER"
        with copy.connect() as writer:  # nothing is kept while it is open
            assert alice.check("show").clearance == "TLP:AMBER"
            writer.execute("UPDATE case_members SET clearance = 'TLP:RED' "
                           "WHERE user_name = 'alice'")
            with pytest.raises(AccessDenied, match="not what the signed ledger says"):
                alice.check("show")
            writer.execute("UPDATE case_members SET clearance = 'TLP:AMBER' "
                           "WHERE user_name = 'alice'")
        assert alice.check("show").clearance == "TLP:AMBER"
        with copy.connect(read_only=True) as quiet:  # asked for reading: in a hold it
            quiet.execute("UPDATE case_members SET clearance = 'TLP:RED' "  # can write
                          "WHERE user_name = 'alice'")
        with pytest.raises(AccessDenied, match="not what the signed ledger says"):
            alice.check("show")  # the store's write-ahead log grew
        admin.add_member("alice", "analyst", "TLP:AMBER")
        bob.close_purpose(PURPOSE)  # her purpose closed in the same hold
        with pytest.raises(AccessDenied, match="closed by bob"):
            alice.check("show")
        bob.open_purpose("OP-11", "the same warrant")
        zed, mine = _as(copy, "zed", "OP-11"), signer("zed").public_raw.hex()
        other = Ed25519PrivateKey.generate().public_key().public_bytes_raw().hex()
        admin.add_member("zed", "analyst", "TLP:AMBER", other)  # a key not in his folder
        with pytest.raises(AccessDenied, match="is not zed's key in this case"):
            zed.check("show")
        admin.add_member("zed", "analyst", "TLP:AMBER", mine)
        assert zed.check("show").role is Role.ANALYST  # his own key registered meanwhile
        admin.remove_member("zed")
        with pytest.raises(AccessDenied):
            zed.check("show")
    assert _as(copy, "dora").check("audit").clearance == "TLP:AMBER"  # after the hold


def test_kept_pairs_and_alerts_follow_the_readers_clearance_and_the_case(
        copy: Case) -> None:
    """The review pair's evidence and a page of alerts are kept while the case is
    unchanged (tnoc.assess.kept), under what the reader may see: cleo (TLP:GREEN),
    asking after bob (TLP:RED), sees none of the pair's TLP:AMBER values and no alert
    of the TLP:AMBER run; a disposition (a custody entry) is listed at once; every
    call is recorded, kept or not."""
    from tnoc.money.alerts import save_alerts
    from tnoc.money.transfers import build_transfers
    from tnoc.money.typologies import detect
    from tnoc.money.typology_params import TypologyParams
    from tnoc.resolve.run import resolve_case

    _as(copy, operator()).add_member("cleo", "analyst", "TLP:GREEN",
                                     signer("cleo").public_raw.hex())
    bob, cleo = _as(copy, "bob"), _as(copy, "cleo")
    with bob.operation("resolve") as resolving:
        resolve_case(resolving)
    with bob.operation("money") as analysing, analysing.transaction() as con:
        save_alerts(con, analysing.root,
                    detect(con, build_transfers(con, ()), TypologyParams()))
    bob, cleo = _as(copy, "bob"), _as(copy, "cleo")  # fresh sessions, as per request
    _waiting, seen = bob.review_next()
    _waiting, again = _as(copy, "bob").review_next()
    _waiting, hidden = cleo.review_next()
    assert seen is not None and hidden is not None and again is seen  # kept
    assert seen.pair == hidden.pair and seen.left and seen.left_out == 0
    assert (hidden.left, hidden.right) == ([], []) and hidden.left_out > 0
    waiting, _ = bob.review_next()
    bob.judge_pair(seen.pair.left_id, seen.pair.right_id, "negative", "two people")
    left, after = _as(copy, "bob").review_next()  # the kept queue is not shown again
    assert left == waiting - 1 and (after is None or after.pair != seen.pair)
    found, _names, left_out = bob.alerts()
    assert found.alerts and left_out == 0
    nothing, _names, left_out = cleo.alerts()
    assert nothing.alerts == [] and left_out > 0
    alert = found.alerts[0].alert_id
    bob.disposition(alert, "escalated", "the same beneficiary as the fan-in")
    listed = {a.alert_id: a for a in _as(copy, "bob").alerts()[0].alerts}[alert]
    assert listed.history[0].reason == "the same beneficiary as the fan-in"
    trail = [(r.operation, r.actor) for r in _trail(copy)
             if r.operation in ("candidates", "money") and r.outcome == "allowed"]
    assert trail[-8:] == [("candidates", "bob"), ("candidates", "bob"),
                          ("candidates", "cleo"), ("candidates", "bob"),
                          ("candidates", "bob"), ("money", "bob"), ("money", "cleo"),
                          ("money", "bob")]


def test_the_indicators_sources_are_kept_until_the_case_changes(
        copy: Case, tmp_path: Path) -> None:
    """What an assessment reads (the sources of the indicators, of one indicator) is
    kept per case state: a stricter table of the same indicator taken in is read at
    once, and alice (TLP:AMBER) is refused what she was allowed a moment before."""
    alice = _as(copy, "alice")
    assert "IC3 complaints" in dict(alice.assessment_indicators())
    assert alice.assessment_trends("IC3 complaints")[0].reads
    stricter = tmp_path / "ic3_counts_partner.csv"
    stricter.write_text((DATA / "trends" / "ic3_crime_type_counts_2015_2025.csv")
                        .read_text(encoding="utf-8") + "\n", encoding="utf-8")
    ingest_file(copy, "ic3_counts", stricter, IngestOptions(handling_code="TLP:RED"))
    for asked in (lambda: _as(copy, "alice").assessment_trends("IC3 complaints"),
                  _as(copy, "alice").assessment_indicators):
        with pytest.raises(AccessDenied, match="TLP:RED"):
            asked()


def test_a_new_cases_failed_first_intake_leaves_a_case_that_verifies(tmp_path: Path
                                                                     ) -> None:
    """A new case's first intake that fails (a missing file) is recorded as a denied,
    unsigned attempt (no key is registered before a first intake); the audit head is
    written by the first signed record, so its absence then is no tampering: 'tnoc
    verify' reported "audit-head.json is missing ... the trail was planted"
    (helper-119, session 48). Deleting the head once a signed record exists is still
    named (test_verify_names_deleted_newest_records)."""
    from .conftest import run_tnoc

    root = tmp_path / "new"
    assert run_tnoc("case", "init", str(root)).returncode == 0
    failed = run_tnoc("ingest", "saml_d", str(tmp_path / "nowhere.csv"), "-c", str(root))
    assert failed.returncode != 0 and "no such file" in failed.stderr
    assert not (root / HEAD_FILE).exists()
    checked = run_tnoc("verify", str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "audit head" not in checked.stdout + checked.stderr
