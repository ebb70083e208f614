"""The members of a case: who may act in it, in which role, cleared to which code.

A case without members is *not governed*: its one user (whoever holds a registered key)
owns it, as before governance. The first member added makes it governed: from then on
every operation is decided by :func:`tnoc.govern.policy.decide` for the acting member.
The admin who adds the first member becomes the case's first admin in the same
transaction, so a governed case always has one.

A member is a TNOC user name bound to a signing key registered in the case
(:mod:`tnoc.ledger.keys`): acting as a member needs that member's private key, so
``--as NAME`` (or ``TNOC_USER``) names who acts and the key proves it; every audit
record and ledger entry the member causes is signed with it.

Every change is a signed ``access-changed`` entry of the custody ledger (what changed,
by whom), and the ``case_members`` table is what those entries say:
:func:`verify_members` replays them and names a member added, promoted or re-cleared
behind the ledger's back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from tnoc.errors import Refused, TnocError
from tnoc.govern.policy import Member, Role
from tnoc.ledger.custody import (
    ACCESS_EVENT,
    CustodyEvent,
    append_events,
    register_operator_key,
)
from tnoc.ledger.keys import Signer, public_keys, signer
from tnoc.query_results import has_table
from tnoc.tlp import TLP_ORDER

__all__ = ["MEMBERS_TABLE", "MemberRecord", "add_member", "find_member", "is_governed",
           "member_tampering", "members", "password_ok", "remove_member", "set_password",
           "signed_details", "verify_members"]

MEMBERS_TABLE = """
CREATE TABLE IF NOT EXISTS case_members (
    user_name VARCHAR PRIMARY KEY,
    role VARCHAR NOT NULL,
    clearance VARCHAR NOT NULL,
    key_id VARCHAR NOT NULL,     -- the member's signing key (ledger_keys)
    added_by VARCHAR NOT NULL,
    added_at VARCHAR NOT NULL
)
"""

MEMBER_COLUMNS = "user_name, role, clearance, key_id, added_by, added_at"
"""The columns :data:`MEMBERS_TABLE` creates, for inserts that name them."""


@dataclass(frozen=True)
class MemberRecord:
    """A member as the case records it."""

    user: str
    role: Role
    clearance: str
    key_id: str
    added_by: str
    added_at: str

    @property
    def member(self) -> Member:
        """The member as the policy sees it."""
        return Member(self.user, self.role, self.clearance)


def members(con: duckdb.DuckDBPyConnection) -> list[MemberRecord]:
    """The members of the case, by name (none: the case is not governed)."""
    if not has_table(con, "case_members"):
        return []
    return [MemberRecord(str(u), Role(str(r)), str(c), str(k), str(b), str(a))
            for u, r, c, k, b, a in con.execute(
                "SELECT user_name, role, clearance, key_id, added_by, added_at "
                "FROM case_members ORDER BY user_name").fetchall()]


def is_governed(con: duckdb.DuckDBPyConnection) -> bool:
    """True once the case has members."""
    return has_table(con, "case_members") and bool(
        con.execute("SELECT 1 FROM case_members LIMIT 1").fetchall())


def find_member(con: duckdb.DuckDBPyConnection, user: str) -> MemberRecord | None:
    """The member called ``user``, or None."""
    return next((m for m in members(con) if m.user == user), None)


def _check_values(role: str, clearance: str) -> Role:
    try:
        parsed = Role(role)
    except ValueError:
        raise TnocError(f"unknown role {role!r}; one of "
                        + ", ".join(r.value for r in Role if r is not Role.OWNER)) from None
    if parsed is Role.OWNER:
        raise TnocError("'owner' is the one user of a case without members; choose a role "
                        "for a member (analyst, supervisor, auditor, researcher, intake, admin)")
    if clearance not in TLP_ORDER:
        raise TnocError(f"unknown clearance {clearance!r}; one of {', '.join(TLP_ORDER)}")
    return parsed


def _key_for(con: duckdb.DuckDBPyConnection, user: str, public_hex: str | None,
             by: Signer) -> str:
    """The key id ``user`` signs with: ``public_hex`` (registered now if new), else the
    key registered for ``user`` already, else the acting user's own key when ``user``
    is the acting user."""
    keys = public_keys(con)
    if public_hex:
        raw = bytes.fromhex(public_hex.strip()) if all(
            c in "0123456789abcdefABCDEF" for c in public_hex.strip()) else b""
        known = next((k for k, (_o, r) in keys.items() if r == raw), None)
        if known is not None:
            if keys[known][0] != user:
                raise TnocError(f"key {known} is registered for {keys[known][0]}, not {user}")
            return known
        return register_operator_key(con, user, public_hex, by=by)
    theirs = sorted(k for k, (owner, _r) in keys.items() if owner == user)
    if theirs:
        return theirs[-1]
    if user == by.owner:
        return by.key_id
    raise TnocError(f"{user} has no signing key registered in this case: they run "
                    f"'tnoc custody my-key' and give you the key, then: tnoc users add "
                    f"{user} --role ROLE --key HEX --case CASE")


def _access_event(user: str, change: str, record: dict[str, str]) -> CustodyEvent:
    return CustodyEvent(
        event_type=ACCESS_EVENT, item_id=f"member:{user}", item_sha256=None,
        purpose=f"{change} member {user}", method="tnoc users",
        details={"member": user, "change": change, **record})


def add_member(con: duckdb.DuckDBPyConnection, user: str, role: str,
               clearance: str = "TLP:AMBER", public_hex: str | None = None,
               by: Signer | None = None) -> MemberRecord:
    """Add ``user`` to the case (or change their role or clearance), in the caller's
    transaction, recorded in the ledger. ``by`` is the admin's key (default: the acting
    user's). In a case without members, the acting user becomes its first admin too."""
    parsed = _check_values(role, clearance)
    by = by or signer()
    con.execute(MEMBERS_TABLE)
    now = datetime.now(UTC).isoformat()
    events: list[CustodyEvent] = []
    if not is_governed(con) and user == by.owner and parsed is not Role.ADMIN:
        raise TnocError(
            f"the first member of a case is its admin: adding yourself ({user}) as "
            f"{parsed.value} would leave no one to add or remove members. Add the person "
            "who will work on the case (with their key, 'tnoc custody my-key'): you "
            f"become the admin; or add yourself with --role admin first")
    if not is_governed(con) and user != by.owner:
        founder = {"role": Role.ADMIN.value, "clearance": TLP_ORDER[-1],
                   "key_id": by.key_id}
        con.execute(f"INSERT INTO case_members ({MEMBER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                    [by.owner, Role.ADMIN.value, TLP_ORDER[-1], by.key_id, by.owner, now])
        events.append(_access_event(by.owner, "added", founder))
    kid = _key_for(con, user, public_hex, by)
    existing = find_member(con, user)
    admins = [m for m in members(con) if m.role is Role.ADMIN]
    if existing is not None and existing.role is Role.ADMIN and parsed is not Role.ADMIN \
            and len(admins) == 1:
        raise Refused(f"{user} is the case's last admin; add another admin first "
                      "('tnoc users add USER --role admin')")
    record = {"role": parsed.value, "clearance": clearance, "key_id": kid}
    # the columns named: a case whose members have web passwords has one more
    # (PASSWORD_COLUMN), which a change of role, clearance or key leaves as it is
    con.execute(f"INSERT OR REPLACE INTO case_members ({MEMBER_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [user, parsed.value, clearance, kid, by.owner,
                 existing.added_at if existing else now])
    events.append(_access_event(user, "changed" if existing else "added", record))
    append_events(con, events, key=by)
    found = find_member(con, user)
    assert found is not None
    return found


def remove_member(con: duckdb.DuckDBPyConnection, user: str,
                  by: Signer | None = None) -> None:
    """Remove ``user`` from the case (caller's transaction, recorded). The last admin
    stays: a governed case always has one."""
    existing = find_member(con, user)
    if existing is None:
        raise TnocError(f"{user} is not a member of this case")
    admins = [m for m in members(con) if m.role is Role.ADMIN]
    if existing.role is Role.ADMIN and len(admins) == 1:
        raise Refused(f"{user} is the case's last admin; add another admin first "
                      "('tnoc users add USER --role admin')")
    con.execute("DELETE FROM case_members WHERE user_name = ?", [user])
    append_events(con, [_access_event(user, "removed", {})], key=by or signer())


PASSWORD_COLUMN = "ALTER TABLE case_members ADD COLUMN IF NOT EXISTS password_hash VARCHAR"
MIN_PASSWORD = 12
"""Shortest password accepted (NIST SP 800-63B §5.1.1.2: at least 8; 12 here, a
passphrase is better)."""


def set_password(con: duckdb.DuckDBPyConnection, user: str, password: str,
                 by: Signer | None = None) -> None:
    """Set ``user``'s password for the web workspace, kept as an Argon2id hash
    (RFC 9106, argon2-cffi's defaults), never the password; recorded in the ledger
    (that it was set, by whom: not the hash). Caller's transaction."""
    from argon2 import PasswordHasher

    if find_member(con, user) is None:
        raise TnocError(f"{user} is not a member of this case")
    if len(password) < MIN_PASSWORD:
        raise TnocError(f"a password needs at least {MIN_PASSWORD} characters "
                        "(a passphrase of several words is best)")
    con.execute(PASSWORD_COLUMN)
    con.execute("UPDATE case_members SET password_hash = ? WHERE user_name = ?",
                [PasswordHasher().hash(password), user])
    append_events(con, [_access_event(user, "password set", {})], key=by or signer())


def password_ok(con: duckdb.DuckDBPyConnection, user: str, password: str) -> bool:
    """Whether ``password`` is ``user``'s (False for no member or no password set); the
    check a web login makes, in constant time per Argon2."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    if find_member(con, user) is None or not con.execute(
            "SELECT 1 FROM duckdb_columns() WHERE table_name = 'case_members' "
            "AND column_name = 'password_hash'").fetchall():
        return False
    rows = con.execute("SELECT password_hash FROM case_members WHERE user_name = ?",
                       [user]).fetchall()
    if not rows or rows[0][0] is None:
        return False
    try:
        return PasswordHasher().verify(str(rows[0][0]), password)
    except (VerificationError, InvalidHashError):
        return False


def _replay(expected: dict[str, dict[str, str | None]], details: dict[str, object]) -> None:
    """Apply one ``access-changed`` entry to what the ledger says each member is."""
    user = str(details.get("member"))
    if details.get("change") == "removed":
        expected.pop(user, None)
    elif details.get("change") != "password set":
        expected[user] = {k: str(details.get(k)) for k in ("role", "clearance", "key_id")}


def ledger_differences(want: dict[str, str | None] | None,
                       have: dict[str, str | None] | None, *, noun: str, verb: str,
                       table: str, label: str = "") -> str | None:
    """What differs between a row as the signed ledger says (``want``) and as its table
    holds it (``have``), or None: a row no entry explains, a row the ledger has that the
    table lost, or the fields that changed. Members and purposes are checked alike."""
    if want is None:
        return (f"a {noun}{label} that no ledger entry {verb} ({verb} behind the ledger's "
                "back)")
    if have is None:
        return (f"a {noun} the ledger {verb} is missing from the {table} table (removed "
                "behind the ledger's back)")
    if want != have:
        return "differs from the ledger: " + ", ".join(
            f"{k} {want[k]} -> {have.get(k)}" for k in want if want[k] != have.get(k))
    return None


def unexplained_rows(expected: dict[str, dict[str, str | None]],
                     stored: dict[str, dict[str, str | None]],
                     differences: Callable[[dict[str, str | None] | None,
                                            dict[str, str | None] | None], str | None]
                     ) -> list[tuple[str, str]]:
    """(key, what differs) for every row of ``expected`` (replayed from the ledger) or
    ``stored`` (the table) on which they disagree, by key."""
    problems = []
    for key in sorted(set(expected) | set(stored)):
        found = differences(expected.get(key), stored.get(key))
        if found is not None:
            problems.append((key, found))
    return problems


def _differences(want: dict[str, str | None] | None,
                 have: dict[str, str | None] | None) -> str | None:
    return ledger_differences(want, have, noun="member", verb="added", table="members",
                              label=f" ({have and have['role']})")


def _stored(record: MemberRecord) -> dict[str, str | None]:
    return {"role": record.role.value, "clearance": record.clearance,
            "key_id": record.key_id}


def verify_members(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(member, what differs) for every member whose row is not what the signed
    ``access-changed`` entries say; empty when they agree."""
    expected: dict[str, dict[str, str | None]] = {}
    for details_json, in con.execute(
            "SELECT details FROM custody_events WHERE event_type = ? ORDER BY seq",
            [ACCESS_EVENT]).fetchall():
        _replay(expected, json.loads(details_json or "{}"))
    stored = {m.user: _stored(m) for m in members(con)}
    return unexplained_rows(expected, stored, _differences)


def signed_details(con: duckdb.DuckDBPyConnection, event_type: str, item_id: str
                   ) -> tuple[list[dict[str, object]], str | None]:
    """The details of the custody entries of type ``event_type`` about ``item_id``, in
    order, and what is wrong with them (an entry whose content no longer matches its
    hash, or whose signature does not verify), or None: the entries the gate reads to
    check one member or purpose before believing its row, one item's entries and not
    the whole ledger (``tnoc verify`` checks the chain itself)."""
    from tnoc.ledger.custody import COLUMNS
    from tnoc.ledger.integrity import check_entries

    rows = con.execute(f"SELECT {', '.join(COLUMNS)} FROM custody_events "
                       "WHERE event_type = ? AND item_id = ? ORDER BY seq",
                       [event_type, item_id]).fetchall()
    bad = check_entries(rows, public_keys(con))
    broken = (f"its ledger entry {bad[0][0]} was altered: {bad[0][1]}" if bad else None)
    at = COLUMNS.index("details")
    return [json.loads(str(row[at] or "{}")) for row in rows], broken


def member_tampering(con: duckdb.DuckDBPyConnection, record: MemberRecord) -> str | None:
    """What is wrong with ``record`` (the acting member's row) against the signed
    ``access-changed`` entries about that member, or None: the gate believes a role
    or clearance only when the ledger says it (a row edited in the database file, role
    raised to supervisor or clearance to TLP:RED, is refused, not obeyed)."""
    entries, broken = signed_details(con, ACCESS_EVENT, f"member:{record.user}")
    if broken:
        return broken
    expected: dict[str, dict[str, str | None]] = {}
    for details in entries:
        _replay(expected, details)
    return _differences(expected.get(record.user), _stored(record))
