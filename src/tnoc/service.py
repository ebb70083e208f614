"""The one way into a case: opened by an actor with a purpose, every operation decided
and audited.

A face (the ``tnoc`` command line now, the web workspace next) opens a case with
:meth:`CaseService.open` for a :class:`Session` (who acts, why, through which face) and
calls the service's operations. Each operation first asks :meth:`CaseService.authorise`,
which

1. finds the acting member (a case without members is not governed: its user owns it),
   and proves who they are by their signing key: acting as a member needs that
   member's private key registered in the case (:mod:`tnoc.govern.members`);
2. decides by role, purpose and clearance (:func:`tnoc.govern.policy.decide`);
3. writes exactly one audit record, allowed or denied, in its own transaction, before
   anything is read (:mod:`tnoc.govern.audit`); a consultation that cannot be logged
   does not happen (LED art. 25);
4. raises :class:`AccessDenied` when denied.

The consultation operations (sources, flagged values, search, show) are methods here
and return values (lists of dicts, :class:`tnoc.store.query.EntityView`), filtered to
the member's clearance value by value. The analyses still driven by the command line
(network, money, assess, exports...) ask :meth:`CaseService.case_for` for the case once
authorised, so they go through the same gate, decided on the handling codes of the
sources they read (:mod:`tnoc.store.reads`); those that can run on the member's share
ask :meth:`CaseService.compartment` (docs/governance.md, "Compartments").

The gate's steps (who acts, the purposes, the handling codes read, whether the audit
trail can be written, the record itself) each open the store. A decision and its record
are therefore taken with the store held open (:meth:`Case.hold`): one opening of the
database, about 40 ms, instead of five or six. A case that cannot be held (read-only, or
open in another process) is opened per step as before, and meets the same refusals.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import duckdb

from tnoc.environment import JUSTIFICATION_ENV, PURPOSE_ENV
from tnoc.errors import CaseError, Refused, TnocError
from tnoc.govern.audit import (
    AuditRecord,
    append_records,
    append_unsigned,
    audit_head,
    audit_records,
    query_digest,
    write_head,
)
from tnoc.govern.members import (
    MemberRecord,
    add_member,
    find_member,
    is_governed,
    member_tampering,
    members,
    remove_member,
)
from tnoc.govern.policy import Act, Member, Role, decide, operation
from tnoc.govern.purposes import (
    PurposeRecord,
    close_purpose,
    open_purpose,
    purpose_tampering,
    purposes,
)
from tnoc.ledger.custody import unrecordable
from tnoc.ledger.keys import (
    Signer,
    is_registered,
    key_folder,
    operator,
    public_keys,
    session_signer,
    signer,
    unregistered_key_error,
)
from tnoc.search.query import SearchResult
from tnoc.store.case import Case, HeldState
from tnoc.store.query import EntityView
from tnoc.store.reads import all_sources, handling_codes
from tnoc.tlp import TLP_ORDER, strictest, tlp_rank

if TYPE_CHECKING:
    from tnoc.assess.casemap import CaseMap
    from tnoc.assess.dossier_export import DossierFile
    from tnoc.assess.emerging import EmergingThreat
    from tnoc.assess.reading import GroupPriorities, IndicatorTrends
    from tnoc.assess.report import ReportFiles
    from tnoc.evidence.bundle import BundleResult
    from tnoc.evidence.custody_view import LedgerPage, ProducedFile
    from tnoc.evidence.verify import Verification
    from tnoc.exchange.handling import Pseudonymiser
    from tnoc.govern.compartments import Release
    from tnoc.graph.projection import Projection
    from tnoc.intake.cases import OpenedReport, TakenReport
    from tnoc.intake.store import IntakeStore, Purge
    from tnoc.ledger.checkpoints import Checkpoint
    from tnoc.ledger.keys import KeyUse
    from tnoc.money.dispositions import AlertPage, Disposition
    from tnoc.money.sankey import SankeyDiagram
    from tnoc.money.transfers import Transfers
    from tnoc.resolve.review import PairEvidence
    from tnoc.search.index import IndexBuild
    from tnoc.store.dossier import Dossier

__all__ = ["AccessDenied", "CaseService", "Compartment", "Session"]

T = TypeVar("T")


OUTCOME_ACTS = frozenset({Act.COLLECT, Act.ALTER, Act.ERASE, Act.DISCLOSE})
INDEXED_ACTS = frozenset({Act.COLLECT, Act.ALTER})
"""Acts after which the search index is updated for what they changed (an ingest or an
import takes sources in, a judgement merges or splits entities): :meth:`finish`. An
erasure discards the index's data at once instead (:mod:`tnoc.govern.erasure`)."""
"""Operations recorded when they end, with their outcome and what they concerned: they
change the case or hand it out, so whether they were done is what the log must say;
consultations and combinations are recorded before anything is read (LED art. 25)."""


@dataclass
class _Concerns:
    """What an operation under way concerns, gathered until it ends."""

    entities: list[str] = field(default_factory=list)
    properties: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    query: str | None = None
    recipient: str | None = None

    @classmethod
    def of(cls, entities: Sequence[str] = (), properties: Sequence[str] = (),
           sources: Sequence[str] = (), query: str | None = None,
           recipient: str | None = None) -> _Concerns:
        return cls(list(entities), list(properties), list(sources), query, recipient)

    def audit(self) -> dict[str, Any]:
        return {"entities": self.entities, "properties": self.properties,
                "sources": self.sources, "query": self.query, "recipient": self.recipient}


class AccessDenied(Refused):
    """An operation the gate refused (recorded in the audit trail as denied); exits 5,
    as every refusal (:mod:`tnoc.errors`)."""


@dataclass(frozen=True)
class Session:
    """Who acts, why, and through which face."""

    user: str
    purpose: str | None = None
    justification: str | None = None
    via: str = "cli"

    @classmethod
    def from_environment(cls, via: str = "cli") -> Session:
        """The session of this process: the user ``TNOC_USER`` (``--as``) or the login
        name, the purpose ``TNOC_PURPOSE`` (``--purpose``)."""
        return cls(operator(), os.environ.get(PURPOSE_ENV) or None,
                   os.environ.get(JUSTIFICATION_ENV) or None, via)


@dataclass(frozen=True)
class Compartment:
    """What an operation that runs on a member's share of the case reads (issue #20,
    "access decided per value by its handling code"): the sources within the member's
    clearance, and the handling codes of those left out (their names are not said: a
    member need not learn what a stricter source is)."""

    sources: tuple[str, ...]
    """The source ids read."""
    left_out: tuple[str, ...]
    """The handling codes of the sources left out, loosest first."""
    handling_code: str | None
    """The strictest code of the sources read (None: none read)."""
    clearance: str
    """The member's clearance: the strictest code a shared output may carry."""

    def note(self) -> str | None:
        """'2 sources above your clearance were left out: TLP:RED, TLP:RED', or None."""
        if not self.left_out:
            return None
        n = len(self.left_out)
        return (f"{n:,} source{'s' if n != 1 else ''} above your clearance "
                f"({self.clearance}) {'were' if n != 1 else 'was'} left out: "
                + ", ".join(self.left_out))


def _no_stricter(code: str | None, decided: str | None) -> bool:
    """Whether handling code ``code`` (None: no source) is no stricter than the code
    ``decided`` an operation was decided on."""
    return code is None or (decided is not None and tlp_rank(code) <= tlp_rank(decided))


@dataclass
class CaseService:
    """A case opened for a session; its methods are the operations."""

    case: Case
    session: Session
    authorised: dict[str, Member] = field(default_factory=dict)
    """Operations already authorised in this service's life (one audit record each)."""
    decided_on: dict[str, str | None] = field(default_factory=dict)
    """The handling code :meth:`case_for` decided each operation on: a later call of
    the same operation reading stricter sources is decided again, not let through
    because the operation was authorised before on other reads."""
    unaudited: str | None = None
    """Why an operation reading no personal data ran without an audit record."""
    pending: dict[str, tuple[Member, _Concerns]] = field(default_factory=dict)
    """Operations under way, recorded with their outcome when they end (:meth:`finish`)."""
    opened: PurposeRecord | None = None
    """The open purpose the session names, once :meth:`check` found it (its reference
    and justification go into every audit record)."""
    compartments: dict[str, Compartment] = field(default_factory=dict)
    """What each operation authorised by :meth:`compartment` reads."""
    facts: dict[tuple[object, ...], tuple[HeldState, Any]] = field(
        default_factory=dict, repr=False)
    """What the gate read of the acting member and the purposes (:meth:`_member`,
    :meth:`_purposes`) in the case's running hold, with the hold's state when read
    (:meth:`Case.held_state`): reused while it is unchanged (:meth:`_held`)."""
    index_follows: str | None = None
    """The case's fingerprint when the first operation under way that changes what the
    search index holds (:data:`INDEXED_ACTS`) began, if the index was current then: the
    state an update at :meth:`finish` must find the index in."""

    @classmethod
    def open(cls, root: Path | str, session: Session | None = None) -> CaseService:
        """Open the case at ``root`` for ``session`` (default: this process's)."""
        return cls(Case.open(root), session or Session.from_environment())

    # --- the gate ----------------------------------------------------------------------

    def _held(self, fact: tuple[object, ...], read: Callable[[], T]) -> T:
        """``read()``, or what it gave earlier in the same hold of the case while
        nothing can have written to the store since (:meth:`Case.held_state`, kept
        through the audit records' own appends): a web request makes several gated
        calls, each of which read the acting member, the purposes and their signed
        ledger entries again (the Ed25519 checks of :func:`member_tampering`; some
        30 ms a call on the demo case).
        Outside a hold (the CLI's calls, each its own hold) it is read every time, and
        every request of the web workspace reads it afresh: a row edited in the file
        between two requests is met by the next one."""
        state = self.case.held_state()
        if state is None:
            return read()
        found = self.facts.get(fact)
        if found is not None and found[0] == state:
            return cast(T, found[1])
        value = read()
        if self.case.held_state() == state:  # nothing could write while it was read
            self.facts[fact] = (state, value)
        return value

    @contextmanager
    def _connection(self) -> Iterator[Callable[[], duckdb.DuckDBPyConnection]]:
        """A read-only connection to the case, opened on first call of what this
        yields (the facts :meth:`_held` kept need none) and closed at the block's end;
        the same connection for every call."""
        opened: list[duckdb.DuckDBPyConnection] = []
        with ExitStack() as stack:
            def connection() -> duckdb.DuckDBPyConnection:
                if not opened:
                    opened.append(stack.enter_context(self.case.connect(read_only=True)))
                return opened[0]

            yield connection

    def _member(self, con: duckdb.DuckDBPyConnection
                | Callable[[], duckdb.DuckDBPyConnection]
                ) -> tuple[bool, Member | None, str | None]:
        """(governed, the acting member, why they are refused before any rule: no key
        of theirs, another key than the one registered for them, or a members-table row
        that the signed ledger entries about that member do not explain
        (:func:`member_tampering`)); kept for the rest of the hold (:meth:`_held`)."""
        key = self._signer()
        return self._held(("member", self.session.user, key.key_id if key else None),
                          lambda: self._read_member(_opened(con), key))

    def _read_member(self, con: duckdb.DuckDBPyConnection, key: Signer | None
                     ) -> tuple[bool, Member | None, str | None]:
        if not is_governed(con):
            member = Member(self.session.user, Role.OWNER, TLP_ORDER[-1])
            return False, member, None if key is not None else self._no_key()
        record = find_member(con, self.session.user)
        if record is None:
            return True, None, None
        if key is None:
            return True, None, self._no_key()
        if key.key_id != record.key_id and public_keys(con).get(key.key_id, ("",))[0] \
                != record.user:
            return True, None, (
                f"you act as {record.user}, but the signing key in your key folder "
                f"(key id {key.key_id}) is not {record.user}'s key in this case "
                f"({record.key_id}): acting as a member needs their key (TNOC_KEYS)")
        tampered = member_tampering(con, record)
        if tampered is not None:
            return True, None, (
                f"{record.user}'s row in the members table ({record.role.value}, cleared "
                f"to {record.clearance}) is not what the signed ledger says: {tampered}; "
                "the members table was edited behind the ledger's back ('tnoc verify' "
                "names it; an admin sets the member again with 'tnoc users add')")
        return True, record.member, None

    def _signer(self) -> Signer | None:
        """The session user's signing key, never minted for a name given with ``--as``
        (:func:`tnoc.ledger.keys.session_signer`)."""
        return session_signer(self.session.user)

    def _no_key(self) -> str:
        return (f"there is no signing key of {self.session.user} in your key folder "
                f"({key_folder()}): acting as someone needs their key (TNOC_KEYS)")

    def _purposes(self, con: duckdb.DuckDBPyConnection
                  | Callable[[], duckdb.DuckDBPyConnection], governed: bool
                  ) -> tuple[list[str], dict[str, str]]:
        """(the open purposes' references, why each other named reference cannot be
        used), and :attr:`opened` set to the purpose the session names when it is open
        and its row is what the ledger says; kept for the rest of the hold
        (:meth:`_held`) on the same day."""
        from tnoc.govern.purposes import today

        open_refs, ended, self.opened = self._held(
            ("purposes", self.session.purpose, governed, today().isoformat()),
            lambda: self._read_purposes(_opened(con), governed))
        return list(open_refs), dict(ended)

    def _read_purposes(self, con: duckdb.DuckDBPyConnection, governed: bool
                       ) -> tuple[list[str], dict[str, str], PurposeRecord | None]:
        named = (self.session.purpose or "").strip()
        listed = purposes(con)
        open_refs = [p.reference for p in listed if p.is_open()]
        ended = {p.reference: p.ended() for p in listed if not p.is_open()}
        chosen = next((p for p in listed if p.reference == named and p.is_open()), None)
        if chosen is not None and governed:
            tampered = purpose_tampering(con, chosen)
            if tampered is not None:
                open_refs.remove(chosen.reference)
                ended[chosen.reference] = (f"its row in the purposes table is not what "
                                           f"the signed ledger says: {tampered}")
                chosen = None
        return open_refs, ended, chosen

    def authorise(self, name: str, *, entities: Sequence[str] = (),
                  properties: Sequence[str] = (), sources: Sequence[str] = (),
                  query: str | None = None, recipient: str | None = None,
                  handling_code: str | None = None) -> Member:
        """Decide operation ``name`` for this session and record it (see the module).
        Returns the acting member; raises :class:`AccessDenied` when refused."""
        audit: dict[str, Any] = {"entities": entities, "properties": properties,
                                 "sources": sources, "query": query, "recipient": recipient}
        with self.case.hold():  # one opening of the store for the decision and its record
            member = self.check(name, handling_code, **audit)
            self._record(name, member, None, **audit)
        return member

    def check(self, name: str, handling_code: str | None = None, **audit: Any) -> Member:
        """Decide operation ``name``: the acting member when allowed (nothing recorded
        yet: the caller records the operation with what it concerned once known, by
        :meth:`authorise` or :meth:`record`); a denial is recorded at once, with what
        the attempt concerned (``audit``: entities, query...), and raised."""
        op = operation(name)
        with self._connection() as con:  # opened only if something is read
            governed, member, refused = self._member(con)
            open_refs, ended = self._purposes(con, governed)
        if refused is not None:
            self._record(name, None, refused, **audit)
            raise AccessDenied(refused)
        decision = decide(member, op, self.session.purpose, governed, handling_code,
                          open_refs, ended)
        if decision.allowed and member is not None:
            return member
        self._record(name, member, decision.reason, **audit)
        raise AccessDenied(f"{self.session.user} may not {op.name} in case "
                           f"'{self.case.name}': {decision.reason}"
                           + (f". What to do: {decision.remedy}" if decision.remedy else ""))

    def record(self, name: str, member: Member, **audit: Any) -> None:
        """Record an allowed operation ``name`` that :meth:`check` decided, with the
        entities, sources, query or recipient it concerned."""
        self._record(name, member, None, **audit)

    def _record(self, name: str, member: Member | None, denied: str | None, *,
                entities: Sequence[str] = (), properties: Sequence[str] = (),
                sources: Sequence[str] = (), query: str | None = None,
                recipient: str | None = None) -> None:
        """Append the operation's one audit record (its own transaction) and the head."""
        op = operation(name)
        record = AuditRecord(
            operation=op.name, act=op.act.value, actor=self.session.user,
            role=member.role.value if member else "none", case_id=self.case.case_id,
            outcome="denied" if denied is not None else "allowed",
            purpose=self.opened.reference if self.opened else self.session.purpose,
            justification=self._justification(),
            reason=denied, entities=self._digests(entities), properties=tuple(properties),
            sources=tuple(sources), recipient=recipient, query_sha256=query_digest(query),
            via=self.session.via)
        key = self._signer()
        if denied is not None and (key is None or not self._key_registered(key)):
            self._record_unsigned(replace(record, signed=False,
                                          presented_key=key.key_id if key else None))
            return
        cannot = None if op.personal else self._cannot_record()
        if cannot is not None:
            # an outside expert verifying a read-only copy, or with a key the case never
            # registered: nothing personal is read, so it runs, unaudited (the face says so)
            self.unaudited = cannot
        else:
            before = self.case.held_state()
            try:
                with self.case.transaction() as con:
                    append_records(con, [record], key=key)
                    size, last = audit_head(con)
            except (duckdb.Error, CaseError) as failed:  # read-only, or locked meanwhile
                raise unrecordable(self.case.root, failed) or failed from failed
            self._kept_through_audit(before)
            if last is not None:
                write_head(self.case.root, size, last)
        if denied is None and member is not None:
            self.authorised[op.name] = member

    def _kept_through_audit(self, before: HeldState | None) -> None:
        """The facts :meth:`_held` kept before the audit record's transaction are
        kept after it, if that transaction was the only connection for writing opened
        and closed meanwhile (two steps of :meth:`Case.held_state`; the store's files
        changed with its commit): it appended to the audit trail (``audit_events``,
        created if missing), which none of them reads (members, purposes, registered
        keys, custody entries)."""
        after = self.case.held_state()
        if before is None or after is None or after[:2] != (before[0], before[1] + 2):
            return
        self.facts = {fact: (after, value) for fact, (state, value) in self.facts.items()
                      if state == before}

    def _digests(self, entities: Sequence[str]) -> tuple[str, ...]:
        """Entity ids as the audit trail keeps them: keyed digests
        (:func:`tnoc.exchange.handling.entity_digest`), since an id may embed a phone
        number or an account."""
        if not entities:
            return ()
        from tnoc.exchange.handling import entity_digest, entity_id_key

        key = entity_id_key(self.case.root, create=unrecordable(self.case.root) is None)
        if key is None:  # a read-only copy without a key: nothing will be written
            return tuple(entities)
        return tuple(entity_digest(key, e) for e in entities)

    def _record_unsigned(self, record: AuditRecord) -> None:
        """Record a denied attempt no registered key can sign (CJIS §5.4.1.1: failed
        attempts logged): chained, unsigned, with the key id it came with. On a copy
        that cannot be written nothing is recorded; the refusal is raised all the same."""
        if unrecordable(self.case.root) is not None:
            return
        try:
            with self.case.transaction() as con:
                append_unsigned(con, record)
        except (duckdb.Error, CaseError):
            return  # locked or read-only meanwhile: the refusal stands, unrecorded

    def _justification(self) -> str | None:
        """What the audit record gives as justification: the open purpose's, then the
        session's own (``TNOC_JUSTIFICATION``) when given."""
        parts = [self.opened.justification if self.opened else None,
                 self.session.justification]
        return "; ".join(p for p in parts if p) or None

    def _key_registered(self, key: Signer) -> bool:
        """Whether ``key`` may sign in this case."""
        with self.case.connect(read_only=True) as con:
            return is_registered(con, key)

    def _cannot_record(self) -> str | None:
        """Why this session cannot add to the case's audit trail, or None."""
        problem = unrecordable(self.case.root)
        if problem is not None:
            return str(problem)
        key = self._signer()
        if key is None:
            return self._no_key()

        def read() -> bool:
            with self.case.connect(read_only=True) as con:
                return not is_governed(con) and not is_registered(con, key)

        if self._held(("unregistered", key.key_id), read):  # kept for the hold
            return str(unregistered_key_error(key))
        return None

    def case_for(self, name: str, reads: Sequence[str] | None = None,
                 **audit: Any) -> Case:
        """The case, once operation ``name`` is decided (for operations whose logic is
        not yet a method here); one audit record per operation and service.

        ``reads``: the sources the operation reads (:mod:`tnoc.store.reads`); it is
        decided on their strictest handling code and records them. None when that is
        not known before it runs: the whole case (fail closed on its strictest code).

        A consultation or combination is recorded at once, before anything is read. An
        operation that collects, alters, erases or discloses (:data:`OUTCOME_ACTS`) is
        recorded when it ends (:meth:`finish`, or :meth:`operation`), with its outcome
        (a refusal after the gate, such as a legal hold, is recorded as denied with its
        reason) and what it concerned (``audit``, and :meth:`concern` meanwhile)."""
        if reads is not None:
            audit.setdefault("sources", tuple(reads))
        with self.case.hold():  # one opening of the store (the module's docstring)
            code = self.handling_of(reads)
            if name in self.authorised or name in self.pending:
                if name in self.decided_on and _no_stricter(code, self.decided_on[name]):
                    if name in self.pending:
                        self.concern(**audit)
                    return self.case
                # decided before on other reads (or by another method, on none): these
                # are decided now, and a consultation is recorded again
                if name in self.pending:
                    self.check(name, code, **audit)
                    self.concern(**audit)
                else:
                    self.authorise(name, handling_code=code, **audit)
            else:
                self._start(name, code, **audit)
            self.decided_on[name] = code
        return self.case

    def _start(self, name: str, handling_code: str | None, **audit: Any) -> Member:
        """Decide operation ``name`` and record it now, or, for an operation whose
        outcome counts (:data:`OUTCOME_ACTS`), keep it pending until :meth:`finish`."""
        op = operation(name)
        if op.act not in OUTCOME_ACTS:
            return self.authorise(name, handling_code=handling_code, **audit)
        member = self.check(name, handling_code, **audit)
        problem = unrecordable(self.case.root) if op.personal else None
        if problem is not None:  # it could not be logged: it does not start
            raise problem
        self.pending[name] = (member, _Concerns.of(**audit))
        if op.act in INDEXED_ACTS and self.index_follows is None:
            self.index_follows = self._index_current()
        return member

    def _index_current(self) -> str | None:
        """The case's fingerprint if its search index follows it now, else None; None
        too when held files are damaged (the statements cannot be read whole): the
        command decides what it can do with such a case (``tnoc ingest --replace`` of
        the damaged source repairs it; any other reading refuses, naming the files),
        and the index is rebuilt by the next search."""
        from tnoc.search.index import fingerprint, index_meta, index_state
        from tnoc.store.held import refusal_of

        if index_meta(self.case.root) is None:
            return None
        try:
            with self.case.connect(read_only=True) as con:
                now = fingerprint(con)
                return now if index_state(self.case.root, con, now) == "current" else None
        except duckdb.Error as exc:
            if refusal_of(exc) is None:
                raise
            return None

    def concern(self, *, entities: Sequence[str] = (), sources: Sequence[str] = (),
                recipient: str | None = None) -> None:
        """Add what the operations under way concern, once known (the entity an
        erasure names, the source an intake created, the recipient of an export): their
        records say it when they end (LED art. 25: recipients of disclosures)."""
        for _member, concerns in self.pending.values():
            concerns.entities += [e for e in entities if e not in concerns.entities]
            concerns.sources += [x for x in sources if x not in concerns.sources]
            concerns.recipient = recipient or concerns.recipient

    def finish(self, error: BaseException | None = None) -> None:
        """Record every operation under way (:meth:`case_for`) with its outcome:
        allowed when it ran to its end, denied with the reason when ``error`` stopped
        it (a :class:`TnocError` after the gate means "not done": a legal hold, a
        refused input)."""
        reason = None
        if error is not None:
            reason = (str(error) or type(error).__name__) if isinstance(error, TnocError) \
                else f"not completed ({type(error).__name__})"
        pending, self.pending = self.pending, {}
        follows, self.index_follows = self.index_follows, None
        with self.case.hold() if pending else nullcontext():
            for name, (member, concerns) in pending.items():
                self._record(name, member, reason, **concerns.audit())
        if error is None:
            if follows is not None and any(operation(n).act in INDEXED_ACTS
                                           for n in pending):
                self._update_index(follows)
            return
        for name in pending:  # a refused operation was not authorised
            self.authorised.pop(name, None)

    @contextmanager
    def operation(self, name: str, **audit: Any) -> Iterator[Case]:
        """Run operation ``name`` on the case in a ``with`` block: decided at the start
        (:meth:`case_for`), recorded at the end with its outcome (:meth:`finish`)."""
        case = self.case_for(name, **audit)
        try:
            yield case
        except BaseException as exc:
            self.finish(exc)
            raise
        self.finish()

    def compartment(self, name: str, reads: Sequence[str], **audit: Any) -> Compartment:
        """Authorise operation ``name`` to run on those of the sources ``reads`` that
        the member may see, leaving out the ones above their clearance (for analyses that
        can run on a subset and store nothing: exports, the flagged values). Decided and
        recorded once per service (a disclosure when it ends, as :meth:`case_for`), with
        the sources read; the :class:`Compartment` says what was read and what was left
        out."""
        if name in self.compartments:
            return self.compartments[name]
        with self.case.hold():
            return self._compartment(name, reads, **audit)

    def _compartment(self, name: str, reads: Sequence[str], **audit: Any) -> Compartment:
        member = self.check(name)
        with self.case.connect(read_only=True) as con:
            codes = handling_codes(con, reads)
        read = tuple(s for s in reads if s in codes and member.cleared_for(codes[s]))
        left_out = tuple(sorted((codes[s] for s in reads
                                 if s in codes and s not in read), key=tlp_rank))
        if name not in self.authorised and name not in self.pending:
            if operation(name).act in OUTCOME_ACTS:
                self.pending[name] = (member, _Concerns.of(sources=read, **audit))
            else:
                self.record(name, member, sources=read, **audit)
        found = Compartment(read, left_out, strictest([codes[s] for s in read])
                            if read else None, member.clearance)
        self.compartments[name] = found
        return found

    def cleared_for_case(self, name: str) -> bool:
        """Whether the member may run operation ``name`` (a refusal by role or purpose
        is recorded and raised, as :meth:`check` does) and is cleared to the strictest
        source of the case: then what the operation reads need not be found."""
        code = self.handling_of(None)
        return code is None or self.check(name).cleared_for(code)

    def handling_of(self, sources: Sequence[str] | None = None) -> str | None:
        """The strictest handling code of ``sources`` (None: every source of the case):
        what an operation reading them may show, so a member cleared below it is
        refused. None when there is no source."""
        with self.case.connect(read_only=True) as con:
            codes = list(handling_codes(con, all_sources(con) if sources is None
                                        else sources).values())
        return strictest(codes) if codes else None

    @staticmethod
    def visible_codes(member: Member) -> list[str] | None:
        """The handling codes ``member`` may see (None: all of them)."""
        if member.role is Role.OWNER or member.clearance == TLP_ORDER[-1]:
            return None
        return [c for c in TLP_ORDER if tlp_rank(c) <= tlp_rank(member.clearance)]

    # --- consultation -----------------------------------------------------------------

    def sources(self) -> list[dict[str, Any]]:
        """The sources taken in, in intake order."""
        from tnoc.store.query import list_sources

        member = self.authorise("sources")
        with self.case.connect(read_only=True) as con:
            rows = list_sources(con)
        if member.role is not Role.RESEARCHER:
            return rows
        from tnoc.govern.research import pseudonymise_sources

        return pseudonymise_sources(rows, self._pseudonymiser())

    def as_seen(self, rows: Sequence[Sequence[Any]],
                counts: Sequence[bool] | None = None) -> list[list[Any]] | None:
        """The rows of a listing an authorised operation of this service printed, as
        its member may see them: for a researcher in research mode
        (:func:`tnoc.govern.research.research_rows`: people and their identifiers as
        the case's pseudonyms; counts under 5 suppressed when an operation is an
        aggregate, in the columns ``counts`` declares as counts, every column when
        None); None when the member sees them as they are. The one place the
        faces' listings pass research mode (the CLI's ``print_listing``)."""
        researching = [name for name, m in self.authorised.items()
                       if m.role is Role.RESEARCHER]
        if not researching:
            return None
        from tnoc.govern.research import research_rows

        aggregate = any(operation(name).aggregate for name in researching)
        with self.case.connect(read_only=True) as con:
            return research_rows(con, rows, self._pseudonymiser(), aggregate,
                                 counts=counts)

    def search(self, text: str, limit: int) -> list[dict[str, Any]]:
        """The first ``limit`` hits of :meth:`find`."""
        return self.find(text, limit).hits

    def find(self, text: str, limit: int, offset: int = 0,
             filters: dict[str, list[str]] | None = None) -> SearchResult:
        """Entities matching ``text`` that the member may see, with the total and the
        facet counts: from the case's search index (:mod:`tnoc.search`) when it has
        one, rebuilt first when the case changed in a way its updates did not follow
        (:meth:`_update_index`: an erasure, a change made outside the service, a failed
        update); else by the substring scan (:func:`tnoc.store.query.search`, no
        facets), and ``notice`` says why. Either way only values of sources within the
        member's clearance are searched, and the audit keeps the query's hash and the
        ids of the entities shown. ``filters`` (facet -> values, e.g. ``{"schema":
        ["Person"]}``) keeps the entities bearing those facet values; only the index
        has facets, so the scan refuses them.

        The case's store is held open for the whole search (:meth:`Case.hold`): the
        gate's decision, the index's freshness check and the audit record's write
        transaction are then connections to one opening of the database instead of
        three openings, each of which reads the catalog again (benchmarks/RESULTS.md,
        "search", session 35). The audit record is still committed, durably (DuckDB's
        WAL), before the result is returned; a case that cannot be held (read-only, or
        open in another process) is opened per step as before."""
        with self.case.hold():
            return self._find(text, limit, offset, filters)

    def _find(self, text: str, limit: int, offset: int,
              filters: dict[str, list[str]] | None) -> SearchResult:
        from tnoc.search.index import clearance_rank, index_state
        from tnoc.search.query import search_index
        from tnoc.store.query import search, source_files

        member = self.check("search", query=text)
        codes = self.visible_codes(member)
        if member.role is Role.RESEARCHER:
            if filters and any(filters.values()):
                raise Refused("a researcher's search has no facets to filter on (the "
                              "index holds real names): search without them")
            result, found = self._research_search(text, limit, offset, codes)
            self.record("search", member, query=text, entities=found)
            return result
        from tnoc.govern.compartments import withheld_entities

        with self.case.connect(read_only=True) as con:  # one connection: ~10 ms each
            state = index_state(self.case.root, con)
            files = {k: str(v) for k, v in source_files(con).items()}
            withheld = withheld_entities(con, self.session.user)  # a reporter is never found
        notice = None
        if state == "stale":
            notice = self._refresh_index()
            state = "current" if notice is None else "stale"
        if state == "current":
            result = search_index(self.case.root, text, clearance_rank(codes),
                                  limit=limit, offset=offset, labels={"source": files},
                                  filters=filters)
            for hit in result.hits:  # the faces show what matched as the scan's hits
                hit["prop"] = hit["matched"]
        else:
            if filters and any(filters.values()):
                raise TnocError("facet filters need the case's search index, which is "
                                f"not usable now ({notice or 'none built'}): "
                                "'tnoc index' builds it")
            with self.case.connect(read_only=True) as con:
                hits = search(con, text, limit + offset, codes)[offset:]
            total = int(hits[0]["total"]) if hits else 0
            result = SearchResult(total, hits, engine="scan")
            result.notice = notice or ("this case has no search index: a slower scan "
                                       "for values containing the text ('tnoc index' "
                                       "builds one)")
        if withheld:
            kept = [h for h in result.hits if str(h["canonical_id"]) not in withheld]
            result.total -= len(result.hits) - len(kept)
            result.hits = kept
        self.record("search", member, query=text,
                    entities=[str(h["canonical_id"]) for h in result.hits])
        return result

    def _research_search(self, text: str, limit: int, offset: int,
                         codes: Sequence[str] | None) -> tuple[SearchResult, list[str]]:
        """A researcher's search: only what they see, pseudonyms and values shown in
        clear (:mod:`tnoc.govern.research`), never the index, which holds real names:
        the hits pseudonymised, and the real ids found (for the audit record)."""
        from tnoc.govern.research import (
            clear_properties,
            entity_by_pseudonym,
            pseudonymise_rows,
            schemata_of,
        )
        from tnoc.store.query import search

        with self.case.connect(read_only=True) as con:
            named = entity_by_pseudonym(con, self._pseudonymiser(), text, codes)
            hits = (search(con, "", limit + offset, codes, within=[named]) if named else
                    search(con, text, limit + offset, codes,
                           clear=clear_properties()))[offset:]
            found = [str(h["canonical_id"]) for h in hits]
            shown = pseudonymise_rows(hits, self._pseudonymiser(), schemata_of(con, found))
        return SearchResult(int(hits[0]["total"]) if hits else 0, shown, engine="scan"), found

    def _refresh_index(self) -> str | None:
        """Rebuild the stale search index and record the build; why not, if it cannot
        (a case that cannot be written: the search then scans)."""
        from tnoc.ledger.custody import unrecordable

        problem = unrecordable(self.case.root)
        if problem is not None:
            return f"the search index is out of date and cannot be rebuilt ({problem}): " \
                   "a slower scan for values containing the text"
        self._build_index()
        return None

    def _update_index(self, follows: str) -> None:
        """Update the search index for what the operations just ended changed
        (:func:`tnoc.search.index.update_index`: only the entities they touched) and
        record the update. An index found in another state than ``follows``, or an
        update that fails, is left stale, never half-updated (tantivy's commit is
        atomic, the fingerprint written after it): the next search rebuilds it whole."""
        from tnoc.search.index import record_update, update_index

        if unrecordable(self.case.root) is not None:
            return
        try:
            with self.case.connect(read_only=True) as con:
                update = update_index(self.case, con, follows)
        except (OSError, ValueError, duckdb.Error):  # tantivy's errors are ValueErrors
            return  # the operation is done; its index is rebuilt when next searched
        if update is not None and update.deleted:
            with self.case.transaction() as con:
                record_update(con, self.case.case_id, update, actor=self.session.user,
                              purpose=self.session.purpose)

    def build_index(self, progress: Callable[[int, int], None] | None = None
                    ) -> IndexBuild:
        """``tnoc index``: rebuild the case's search index (:mod:`tnoc.search.index`)
        and record the build in the custody ledger."""
        self.authorise("index")
        return self._build_index(progress)

    def _build_index(self, progress: Callable[[int, int], None] | None = None
                     ) -> IndexBuild:
        from tnoc.search.index import build_index, record_build

        with self.case.connect(read_only=True) as con:
            built = build_index(self.case, con, progress)
        with self.case.transaction() as con:
            record_build(con, self.case.case_id, built, actor=self.session.user,
                         purpose=self.session.purpose)
        return built

    def _pseudonymiser(self) -> Pseudonymiser:
        """The case's keyed pseudonymiser (research mode, :mod:`tnoc.govern.research`)."""
        from tnoc.exchange.handling import Pseudonymiser, pseudonym_key

        return Pseudonymiser(pseudonym_key(self.case.root))

    def find_entity(self, con: duckdb.DuckDBPyConnection, reference: str,
                    member: Member) -> str:
        """The canonical entity ``reference`` (id, name, or a researcher's pseudonym)
        names among those ``member`` may see: the one lookup every face uses for a
        member (:class:`tnoc.store.lookup.Sight`); an entity they may not see is
        answered exactly as a missing one."""
        from tnoc.store.lookup import Sight, find_entity

        codes = self.visible_codes(member)
        if member.role is Role.RESEARCHER:
            from tnoc.govern.research import research_entity

            return research_entity(con, reference, self._pseudonymiser(), codes)
        return find_entity(con, reference, Sight(None if codes is None else tuple(codes)))

    def names_shown(self, con: duckdb.DuckDBPyConnection, ids: Sequence[str],
                    merged: bool = True) -> dict[str, str]:
        """Display names of ``ids`` as the acting member may see them: by every
        statement for a member cleared for all (:func:`tnoc.store.lookup.captions`;
        ``merged``: an id merged away named by its entity), else only by a name a
        source within their clearance states, an id otherwise
        (:func:`tnoc.store.query.visible_names_read`): what a command prints after
        acting on entities (``tnoc merge``, ``tnoc split``) names no more than its
        lookup let the member see."""
        from tnoc.store.lookup import captions
        from tnoc.store.query import visible_names_read

        member = self._acting(con)
        codes = self.visible_codes(member) if member is not None else []
        if codes is None:
            return captions(con, list(ids), merged=merged)
        names, _read = visible_names_read(con, list(ids), codes) if codes else ({}, {})
        return {i: names.get(i, i) for i in ids}

    def resolve_names(self, references: Sequence[str],
                      con: duckdb.DuckDBPyConnection | None = None, *,
                      as_given: bool = False) -> list[str]:
        """The entities the names, ids or pseudonyms ``references`` name, in order,
        each looked up within what the acting member may see (:meth:`find_entity`): the
        one lookup of every name a member types into a face (network paths, money, merges,
        erasure, holds, exports...). An entity they may not see is answered word for word
        as a missing one (:func:`tnoc.store.lookup.missing_entity`), so no command's
        error tells that a stricter source names it (need to know, CJIS Security Policy
        §5.5; ISO/IEC 27001:2022 A.8.3).

        The canonical id of each, or with ``as_given`` an entity id as typed (a
        judgement names the entities as the analyst did,
        :func:`tnoc.store.lookup.id_or_name`). ``con``: the connection the command
        already holds (a transaction), else one is opened read-only. Called after the
        command's operation was decided: the member is the one the gate decided."""
        if con is None:
            with self.case.connect(read_only=True) as opened:
                return self.resolve_names(references, opened, as_given=as_given)
        from tnoc.store.lookup import Sight, id_or_name, missing_entity

        member = self._acting(con)
        if member is None and references:  # no member sees nothing (the gate refuses)
            raise missing_entity(references[0])
        if member is None:
            return []
        codes = self.visible_codes(member)
        if not as_given or member.role is Role.RESEARCHER:
            return [self.find_entity(con, r, member) for r in references]
        sight = Sight(None if codes is None else tuple(codes))
        return [id_or_name(con, r, sight) for r in references]

    def _acting(self, con: duckdb.DuckDBPyConnection) -> Member | None:
        """The member acting in this session: the one the gate decided for an operation
        under way, else as :meth:`_member` finds them."""
        for member in self.authorised.values():
            return member
        for member, _concerns in self.pending.values():
            return member
        return self._member(con)[1]

    def _consult(self, reference: str) -> tuple[str, Member]:
        """Decide and record the consultation (``show``) of the entity ``reference``
        names, looked up within what the member may see (:meth:`find_entity`): the
        entity and the member. A name they may not see is recorded as asked for (its
        hash) and answered as a missing one."""
        from tnoc.store.lookup import missing_entity

        entity: str | None = None
        missing: TnocError | None = None
        with self.case.connect(read_only=True) as con:
            _, acting, _ = self._member(con)
            if acting is not None:  # looked up within what they may see, even if denied
                try:
                    entity = self.find_entity(con, reference, acting)
                except TnocError as error:  # recorded as asked for, then said
                    missing = error
        asked: dict[str, Any] = {"entities": [entity] if entity else [],
                                 "query": None if entity else reference}
        member = self.check("show", **asked)
        self.record("show", member, **asked)
        if entity is None:
            raise missing or missing_entity(reference)
        return entity, member

    def show(self, reference: str) -> EntityView:
        """Every value of one entity the member may see, with provenance (see
        :func:`tnoc.store.query.show_entity`)."""
        from tnoc.govern.compartments import withheld_entities, withhold_view
        from tnoc.store.query import show_entity

        entity, member = self._consult(reference)
        with self.case.connect(read_only=True) as con:
            view = show_entity(con, entity, self.visible_codes(member))
            view, hidden = withhold_view(view, withheld_entities(con, self.session.user))
            view.compartment_withheld = hidden
            if member.role is not Role.RESEARCHER:
                return view
            from tnoc.govern.research import pseudonymise_view, schemata_of

            linked = [str(r["entity"]) for r in view.referenced_by] + [
                str(s["value"]) for s in view.statements if s.get("prop_type") == "entity"]
            return pseudonymise_view(view, self._pseudonymiser(), schemata_of(con, linked))

    def dossier(self, reference: str, limit: int | None = 50) -> Dossier:
        """Everything the case holds about one entity that the member may see: values by
        property with provenance, links, analysis results, timeline, candidate
        duplicates and judgements (:func:`tnoc.store.dossier.dossier`); audited as a
        ``show``; pseudonymised in research mode
        (:func:`tnoc.govern.research.pseudonymise_dossier`)."""
        from tnoc.govern.compartments import withheld_entities, withhold_dossier
        from tnoc.store.dossier import dossier, with_shown_sources

        entity, member = self._consult(reference)
        codes = self.visible_codes(member)
        with self.case.connect(read_only=True) as con:
            found = dossier(con, entity, codes, limit)
            withheld = withheld_entities(con, self.session.user)
            if withheld:  # what is withheld is not shown: nor are its sources counted
                found = with_shown_sources(con, withhold_dossier(found, withheld), codes)
            if member.role is not Role.RESEARCHER:
                return found
            from tnoc.govern.research import dossier_ids, pseudonymise_dossier, schemata_of

            return pseudonymise_dossier(found, self._pseudonymiser(),
                                        schemata_of(con, dossier_ids(found)))

    def dossier_export(self, found: Dossier, out: Path, fmt: str,
                       force: bool = False) -> DossierFile:
        """Write a dossier (:meth:`dossier`) to ``out`` as ``html`` or ``pdf``, recorded
        in the custody ledger (:func:`tnoc.assess.dossier_export.write_dossier`) and
        authorised and audited as the ``dossier export`` disclosure."""
        from tnoc.assess.dossier_export import write_dossier

        # what goes out is the dossier the member was shown: its strictest handling code
        member = self.check("dossier export", found.handling, entities=[found.id])
        written = write_dossier(self.case, found, out, fmt, self.session.purpose, force,
                                actor=self.session.user)
        self.record("dossier export", member, entities=[found.id], recipient=str(out))
        return written

    # --- graph explorer (web workspace, issue #22 item 3) -----------------------------

    def graph_neighbours(self, reference: str, limit: int = 200) -> dict[str, Any]:
        """The entity ``reference`` names and its neighbours on the graph explorer, by
        kind of link (``Call.caller``): the links of its dossier (:meth:`dossier`, so
        decided and audited as a ``show``, filtered to the member's clearance, the
        reporter compartment withheld, pseudonymised in research mode), each neighbour
        with its name, schema, handling code, the number of tie entities joining them
        (``weight``, e.g. calls) and their first and last dates, and the number of
        distinct tie entities joining the two by any kind (``ties``: a call is one tie
        whichever way it went, a payment one though it names the account as payer and
        as payer's account), the weight of their link on the chart. ``kinds`` counts
        every link of each kind; at most ``limit`` of each are returned."""
        from tnoc.store.dossier import link_facts

        found = self.dossier(reference, limit)
        neighbours: dict[tuple[str, str], dict[str, Any]] = {}
        ties: dict[tuple[str, str], list[str]] = {}
        direct: dict[str, int] = {}  # neighbour -> direct links of every kind
        for kind, section in [*found.links_in.items(), *found.links_out.items()]:
            for row in section.rows:
                other = str(row.get("counterpart") or row["entity"]) \
                    if "entity" in row else str(row["counterpart"])
                tie = str(row["entity"]) if row.get("counterpart") and "entity" in row \
                    else None
                name = str(row.get("counterpart_caption") or row.get("caption") or other) \
                    if row.get("counterpart") else str(row.get("caption") or other)
                key = (kind, other)
                neighbours.setdefault(key, {"id": other, "name": name, "kind": kind,
                                            "weight": 0})
                neighbours[key]["weight"] += 1
                ties.setdefault(key, [])
                if tie:
                    ties[key].append(tie)
                else:  # a direct link (a property naming the other): no tie entity
                    direct[other] = direct.get(other, 0) + 1
        joining: dict[str, set[str]] = {}  # neighbour -> the ties of every kind
        for (_kind, other), found_ties in ties.items():
            joining.setdefault(other, set()).update(found_ties)
        member = self.authorised["show"]
        facts: dict[str, dict[str, Any]] = {}
        if member.role is not Role.RESEARCHER:  # a researcher's ids are pseudonyms
            with self.case.connect(read_only=True) as con:
                facts = link_facts(con, [found.id, *(n["id"] for n in neighbours.values()),
                                         *(t for ts in ties.values() for t in ts)],
                                   self.visible_codes(member))
        rows = []
        for key, row in neighbours.items():
            fact = facts.get(row["id"], {})
            dates = [d for t in ties[key] or [row["id"]]
                     for d in (facts.get(t, {}).get("first"), facts.get(t, {}).get("last"))
                     if d]
            rows.append({**row, "ties": len(joining[row["id"]]) + direct.get(row["id"], 0),
                         "schema": fact.get("schema") or "Thing",
                         "handling_code": strictest(fact["codes"]) if fact.get("codes")
                         else found_handling(found),
                         "first": min(dates) if dates else None,
                         "last": max(dates) if dates else None})
        ego = facts.get(found.id, {})
        return {"entity": {"id": found.id, "name": found.caption, "schema": found.schema,
                           "handling_code": strictest(ego["codes"]) if ego.get("codes")
                           else found_handling(found)},
                "kinds": {k: s.total for k, s in [*found.links_in.items(),
                                                  *found.links_out.items()]},
                "neighbours": rows, "withheld": found.withheld}

    def graph_key_players(self, chart: Sequence[str], k: int = 3) -> dict[str, Any]:
        """Borgatti's key-player set (KPP-Neg, :func:`tnoc.graph.keyplayers.key_players`,
        as ``tnoc network keyplayers``) of the actors ``chart`` on the network of the
        sources the member may read (:meth:`_graph_projection`), for the explorer to
        highlight; nothing is kept in the case."""
        from tnoc.graph.keyplayers import key_players

        projection = self._graph_projection(chart, "key players")
        if len(projection.ids) <= k:
            return {"members": [], "actors": len(projection.ids), "score": None,
                    "note": self.compartments["network listing"].note()}
        found = key_players(projection, k, "neg")
        return {"members": [{"id": m, "name": projection.name(m)} for m in found.members],
                "actors": len(projection.ids), "score": found.score,
                "note": self.compartments["network listing"].note()}

    def graph_brokers(self, chart: Sequence[str], top: int = 5) -> dict[str, Any]:
        """The actors of ``chart`` brokering most between the Leiden communities
        (Gould–Fernandez, :func:`tnoc.graph.brokerage.brokerage`, as ``tnoc network
        brokers``) on the network the member may read (:meth:`_graph_projection`)."""
        from tnoc.graph.brokerage import community_brokerage

        projection = self._graph_projection(chart, "brokers")
        rows = sorted(community_brokerage(projection).rows(),
                      key=lambda r: (-int(str(r["total"])), str(r["entity"])))
        return {"members": [{"id": str(r["entity"]), "name": projection.name(str(r["entity"])),
                             "brokerage": int(str(r["total"]))}
                            for r in rows[:top] if int(str(r["total"])) > 0],
                "actors": len(projection.ids),
                "note": self.compartments["network listing"].note()}

    def graph_measure(self, chart: Sequence[str], name: str, top: int = 3
                      ) -> dict[str, Any]:
        """One of :data:`tnoc.graph.measures.CHART_MEASURES` (betweenness, PageRank,
        brokerage) of every actor of ``chart`` on the network the member may read
        (:meth:`_graph_projection`, as the key players and brokers), for the explorer to
        size and colour its nodes by: ``values`` by actor id, and the ``top`` actors by
        name with their figure; nothing is kept in the case."""
        from tnoc.graph.measures import chart_measure, check_chart_measure

        check_chart_measure(name)  # a wrong name is refused before the network is read
        projection = self._graph_projection(chart, f"measure {name}")
        values = chart_measure(projection, name)
        ranked = sorted(zip(projection.ids, values, strict=True),
                        key=lambda pair: (-pair[1], pair[0]))
        return {"measure": name, "values": dict(zip(projection.ids, values, strict=True)),
                "top": [{"id": e, "name": projection.name(e), "value": v}
                        for e, v in ranked[:top] if v > 0],
                "actors": len(projection.ids),
                "note": self.compartments["network listing"].note()}

    def _graph_projection(self, chart: Sequence[str], analysis: str) -> Projection:
        """The undirected network of the sources the member may read (operation
        ``network listing``, decided and recorded once per service, as the ``tnoc
        network`` listings, with the chart's actors and the ``analysis`` asked for),
        restricted to the actors ``chart``."""
        from tnoc.graph.projection import restrict

        return restrict(self._graph_network(chart, analysis), list(chart))

    def _graph_network(self, actors: Sequence[str] = (), analysis: str | None = None
                       ) -> Projection:
        """The undirected network of every source the member may read (operation
        ``network listing``, its audit record naming the ``actors`` concerned and the
        ``analysis``), the whole of it: what the explorer's analyses run on."""
        from tnoc.graph.projection import ProjectionSpec, project

        if self.check("network listing").role is Role.RESEARCHER:
            raise AccessDenied("the graph explorer's analyses name actors: not in "
                               "research mode")
        with self.case.connect(read_only=True) as con:
            reads = all_sources(con)
        share = self.compartment("network listing", reads, entities=list(actors),
                                 query=analysis)
        with self.case.connect(read_only=True) as con:
            return project(con, ProjectionSpec(sources=share.sources or ("-",),
                                               directed=False))

    def graph_export(self, chart: Sequence[str], fmt: str) -> tuple[str, bytes]:
        """The network of the actors ``chart`` (:meth:`_graph_projection`) written by
        the existing exporter (:func:`tnoc.graph.export.export_network`: GEXF, or i2
        Analyst's Notebook's entities.csv and links.csv zipped), for a download:
        authorised and audited as an ``export`` on the sources it reads, recorded in the
        custody ledger; refused when its handling code is above the member's clearance.
        Returns the file name and its bytes."""
        import tempfile
        import zipfile
        from io import BytesIO

        from tnoc.graph.export import export_network

        if fmt not in ("gexf", "i2"):
            raise TnocError(f"a chart is exported as gexf or i2, not {fmt!r}")
        projection = self._graph_projection(chart, f"export {fmt}")
        clearance = self.check("network listing").clearance
        with self.operation("export", reads=projection.source_ids,
                            entities=list(projection.ids),
                            recipient=f"web download ({fmt})") as case, \
                tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / ("chart.gexf" if fmt == "gexf" else "chart-i2")
            with case.transaction() as con:
                written = export_network(con, projection, fmt, out, max_tlp=clearance)
            if fmt == "gexf":
                return "chart.gexf", out.read_bytes()
            buffer = BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in written:
                    archive.write(path, path.name)
            return "chart-i2.zip", buffer.getvalue()

    def save_chart(self, name: str, chart: dict[str, Any]) -> dict[str, Any]:
        """Keep the chart ``chart`` (its nodes with positions, filters and notes) in the
        case as ``charts/NAME.json``, recorded: an audit record (operation ``chart
        save``, naming its entities) and a custody-ledger entry with the file's SHA-256,
        as other outputs are (:func:`tnoc.ledger.custody.record_analysis`). Members of
        the case open it with :meth:`open_chart`."""
        import json
        from datetime import UTC, datetime

        from tnoc.ledger.custody import described_file, record_analysis
        from tnoc.safe_write import atomic_output

        path = self._chart_path(name)
        nodes = chart.get("nodes")
        if not isinstance(nodes, list) or not all(isinstance(n, dict) and "id" in n
                                                  for n in nodes):
            raise TnocError("a chart is {'nodes': [{'id': ..., 'x': ..., 'y': ...}], "
                            "'edges': [...], 'filters': {...}, 'notes': '...'}")
        ids = [str(n["id"]) for n in nodes]
        from tnoc.store.dossier import link_facts

        with self.case.connect(read_only=True) as con:  # the codes the store gives, not
            facts = link_facts(con, ids, None)            # the ones the page sent
        for node in nodes:
            found_codes = facts.get(str(node["id"]), {}).get("codes")
            node["handling_code"] = strictest(found_codes) if found_codes else None
        codes = [str(n["handling_code"]) for n in nodes if n["handling_code"]]
        member = self.check("chart save", strictest(codes) if codes else None,
                            entities=ids)
        document = {"name": name, "saved_by": self.session.user,
                    "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "purpose": self.session.purpose, "nodes": nodes,
                    "edges": chart.get("edges") or [], "filters": chart.get("filters") or {},
                    "notes": str(chart.get("notes") or "")}
        path.parent.mkdir(exist_ok=True)
        with atomic_output(path) as partial:
            partial.write_text(json.dumps(document, indent=1, sort_keys=True))
        described = described_file(path, self.case.root)
        with self.case.transaction() as con:
            record_analysis(con, "chart save", f"chart:{name}",
                            item_sha256=str(described["sha256"]), outputs=[described],
                            purpose=self.session.purpose, actor=self.session.user,
                            nodes=len(nodes))
        self.record("chart save", member, entities=ids)
        return {"name": name, "nodes": len(nodes), "sha256": described["sha256"]}

    def charts(self) -> list[dict[str, Any]]:
        """The charts kept in the case: name, who saved it, when, how many nodes."""
        import json

        self.authorise("chart list")
        folder = self.case.root / "charts"
        out = []
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            doc = json.loads(path.read_text())
            out.append({"name": doc["name"], "saved_by": doc.get("saved_by"),
                        "saved_at": doc.get("saved_at"), "nodes": len(doc["nodes"])})
        return out

    def chart_layout(self, order: object, links: object) -> dict[str, Any]:
        """Starting positions of a chart of the graph explorer
        (:func:`tnoc.graph.layout.kept_chart_layout`, Pivot MDS), decided as ``chart
        layout`` (the member's role in the case): its structure only, node numbers and
        links, so nothing of the case is read and an allowed asking is not recorded; a
        refusal is."""
        from tnoc.graph.layout import kept_chart_layout

        self.check("chart layout")
        return {"positions": kept_chart_layout(order, links).tolist()}

    def open_chart(self, name: str) -> dict[str, Any]:
        """A chart kept in the case, as the member may see it: the nodes stated by
        sources above their clearance are left out (counted in ``withheld``) with the
        edges touching them. Audited (operation ``chart open``) with its entities."""
        import json

        path = self._chart_path(name)
        if not path.is_file():
            raise TnocError(f"no chart named {name!r} in this case")
        doc = json.loads(path.read_text())
        member = self.check("chart open", query=name)
        kept = [n for n in doc["nodes"] if n.get("handling_code")
                and member.cleared_for(n["handling_code"])]
        ids = {str(n["id"]) for n in kept}
        doc["withheld"] = len(doc["nodes"]) - len(kept)
        doc["nodes"] = kept
        doc["edges"] = [e for e in doc.get("edges", [])
                        if str(e.get("source")) in ids and str(e.get("target")) in ids]
        self.record("chart open", member, entities=sorted(ids), query=name)
        return dict(doc)

    def _chart_path(self, name: str) -> Path:
        """Where chart ``name`` is kept; a name is letters, digits, spaces, - and _."""
        import re

        if not re.fullmatch(r"[\w][\w \-]{0,79}", name or ""):
            raise TnocError(f"a chart name is 1 to 80 letters, digits, spaces, '-' or "
                            f"'_', not {name!r}")
        return self.case.root / "charts" / f"{name.strip()}.json"
    # --- graph explorer: path between two actors (issue #22 item 3) ------------------

    def graph_path(self, source: str, target: str, k: int = 1,
                   evidence_limit: int = 20) -> dict[str, Any]:
        """The ``k`` shortest paths between the actors ``source`` and ``target`` on the
        network the member may read (:meth:`_graph_network`, operation ``network
        listing`` as ``tnoc network path``; Yen's k shortest simple paths,
        :func:`tnoc.graph.paths.paths_between`), for the explorer to draw. Each hop
        names both ends, the kinds of the tie entities behind it (e.g. ``Call``), their
        first and last dates and, so the step can be cited, the file and row
        (locator) of each tie's statements with the file's SHA-256; at most
        ``evidence_limit`` ties per hop are listed (``ties`` counts them all). Two
        actors in different components get ``reason``, not an error."""
        from tnoc.graph.paths import paths_between
        from tnoc.store.dossier import link_facts

        network = self._graph_network((), "path")
        member = self.check("network listing")
        with self.case.connect(read_only=True) as con:
            start, end = self.resolve_names([source, target], con)
            actors = network.index
            if start not in actors or end not in actors:
                raise TnocError("one of the two has no links in the network you may "
                                "read: no path runs through it")
            answer = paths_between(con, network, start, end, k, weighted=False)
            ties = sorted({str(t["edge"]) for hops in answer.paths for hop in hops
                           for t in hop.evidence})
            facts = link_facts(con, ties, self.visible_codes(member))
        note = self.compartments["network listing"].note()
        ends = {"source": {"id": start, "name": network.name(start)},
                "target": {"id": end, "name": network.name(end)}}
        if answer.reason:
            return {**ends, "paths": [], "reason": (
                f"{network.name(start)} and {network.name(end)} are not connected in the "
                f"network you may read"), "note": note}
        paths = []
        for hops, length in zip(answer.paths, answer.lengths, strict=True):
            listed = []
            for hop in hops:
                dates = [d for t in hop.evidence for d in (
                    facts.get(str(t["edge"]), {}).get("first"),
                    facts.get(str(t["edge"]), {}).get("last")) if d]
                listed.append({
                    "source": {"id": hop.source, "name": network.name(hop.source)},
                    "target": {"id": hop.target, "name": network.name(hop.target)},
                    "kinds": sorted({str(t["schema"]) for t in hop.evidence}),
                    "first": str(min(dates)) if dates else None,
                    "last": str(max(dates)) if dates else None,
                    "ties": len(hop.evidence),
                    "evidence": [{
                        "kind": str(t["schema"]), "file": str(t["file_name"]),
                        "row": str(t["locator"]), "sha256": str(t["sha256"]),
                        "first": _day(facts.get(str(t["edge"]), {}).get("first")),
                        "last": _day(facts.get(str(t["edge"]), {}).get("last"))}
                        for t in hop.evidence[:evidence_limit]]})
            paths.append({"length": length, "hops": listed,
                          "nodes": [hops[0].source, *(h.target for h in hops)]})
        return {**ends, "paths": paths, "reason": None, "note": note}

    # --- web workspace: the entity dossier page (issue #22 item 2) --------------------

    def consultations(self, reference: str) -> list[AuditRecord]:
        """Who consulted one entity: the audit records naming it or an entity merged
        into it, oldest first (supervisors and auditors, the ``consultations``
        operation), so a supervisor reading a dossier sees who else read it (LED art.
        25: logs serve the verification of the lawfulness of processing). The entity
        is looked up within what the member may see; records name entities by keyed
        digest (:func:`tnoc.exchange.handling.entity_digest`), older ones by id."""
        from tnoc.store.lookup import members_of

        member = self.check("consultations", query=reference)
        with self.case.connect(read_only=True) as con:
            canonical = self.find_entity(con, reference, member)
            ids = sorted({canonical, *members_of(con, canonical)})
        self.record("consultations", member, entities=ids)
        digests = dict(zip(self._digests(ids), ids, strict=True))
        with self.case.connect(read_only=True) as con:
            found = audit_records(con, sorted({*ids, *digests}))
        return [replace(r, entities=tuple(digests.get(e, e) for e in r.entities))
                for r in found]
    # --- the web workspace's timeline and map (issue #22, item 4) ----------------------

    def timelines(self, references: Sequence[str], limit: int | None = 200
                  ) -> list[Dossier]:
        """The dossiers (:meth:`dossier`, each consultation decided and audited as a
        ``show``, within the clearance, pseudonymised for a researcher) of several
        entities, whose ``timeline`` the workspace's timeline draws one row per entity:
        the dated facts as the dossier computes them, ``limit`` of each kept."""
        return [self.dossier(reference, limit) for reference in references]

    def consultation_state(self) -> str:
        """A digest of the case's present state (:func:`tnoc.assess.kept.case_state`:
        its statements, sources, merges and the head of the custody ledger), which a
        page polling for a reading computed in the background binds its consultation
        to (:meth:`tnoc.web.sessions.Login.polling`): a reading of another state is
        another consultation, audited. Reveals nothing of the case: it is compared,
        never shown."""
        import hashlib

        from tnoc.assess.kept import case_state

        with self.case.connect(read_only=True) as con:
            return hashlib.sha256(repr(case_state(con)).encode("utf-8")).hexdigest()[:32]

    def case_map(self, wait: bool = True, audited: bool = True) -> CaseMap | None:
        """Where the case's entities are and what flows between countries
        (:func:`tnoc.assess.casemap.case_map`), within the member's clearance; decided
        and audited as ``assess`` (an aggregate: a researcher sees the located
        entities by pseudonym, :func:`tnoc.govern.research.research_rows`). Not
        ``wait``: None while it is computed in the background the first time in a
        state of the case (:func:`tnoc.assess.casemap.case_map_in_background`: a
        server's page, which must not hold the case meanwhile); not ``audited``: a
        page asking again for a consultation already audited (as
        :meth:`assessment_priorities`)."""
        from tnoc.assess.casemap import case_map, case_map_in_background

        member = self.authorise("assess", query="map") if audited else \
            self.check("assess", query="map")
        with self.case.connect(read_only=True) as con:
            codes = self.visible_codes(member)
            found = case_map(con, codes) if wait else \
                case_map_in_background(con, codes, self.case.snapshot)
            if found is None or member.role is not Role.RESEARCHER or not found.located:
                return found
            from tnoc.govern.research import research_rows

            keys = ("entity_id", "caption", "value")
            seen = research_rows(con, [[r[k] for k in keys] for r in found.located],
                                 self._pseudonymiser())
        # a new map: the one found is shared (tnoc.assess.kept) and stays as it is
        return replace(found, located=[{**r, **dict(zip(keys, row, strict=True))}
                                       for r, row in zip(found.located, seen, strict=True)])

    # --- custody ----------------------------------------------------------------------

    def verify(self, record: bool = True, workers: int = 2,
               progress: Callable[[str], None] | None = None) -> Verification:
        """``tnoc verify``: exhibits, seals, ledger, and the governance records (the
        audit trail against its signed head, the members against the ledger)."""
        from tnoc.evidence.verify import verify_case
        from tnoc.govern.audit import anchored

        with self.case.reading_damaged():  # a missing held statement file is a problem
            # named, not a refusal to open (tnoc.store.held); this thread, this call
            self.authorise("verify")
            with self.case.connect(read_only=True) as con:
                unanchored = audit_head(con)[0] > 0 and not anchored(con, self.case.root)
            result = verify_case(self.case, record=record, workers=workers,
                                 progress=progress, extra=(governance_problems,))
        if unanchored:  # a case from before checkpoints anchored the trail: a note
            result.warnings.append(
                "audit trail: no checkpoint anchors it yet (none signed since its newest "
                "records, or a case from before anchoring); its newest records rest on "
                "the signed head alone"
                + (" until the checkpoint this verification signed" if record and result.ok
                   and result.not_recorded is None else
                   ": 'tnoc verify' with recording, or 'tnoc custody checkpoint', anchors it"))
        return result

    # --- governance -------------------------------------------------------------------

    def login(self, password: str) -> Member:
        """The web workspace's login of the session user to this case: their password
        checked against its Argon2id hash (:func:`tnoc.govern.members.password_ok`),
        then the gate. A wrong password is recorded as a denied login (unsigned when no
        registered key of the claimed user is here) and raised with the same words
        whatever was wrong, so a guesser learns nothing about who is a member."""
        from tnoc.govern.members import password_ok

        with self.case.connect(read_only=True) as con:
            governed = is_governed(con)
            ok = governed and password_ok(con, self.session.user, password)
        if not ok:
            why = "wrong user name or password" if governed else (
                "the case has no members: the workspace serves governed cases only "
                "('tnoc users add' and 'tnoc users password')")
            self._record("login", None, why)
            raise AccessDenied(why)
        return self.authorise("login")

    def login_refused(self, why: str) -> None:
        """Record a web login the workspace refused before checking its password (too
        many failed logins for the name tried, or on the whole workspace:
        :class:`tnoc.web.sessions.LoginThrottle`) as a denied login with ``why``, as
        every other failed attempt is (CJIS §5.4.1.1)."""
        self._record("login", None, why)

    def summary(self) -> dict[str, Any]:
        """The case overview: counts of sources, statements, flagged values, custody
        events and entities per schema (:func:`tnoc.store.query.case_summary`)."""
        from tnoc.store.query import case_summary

        self.authorise("case summary")
        with self.case.connect(read_only=True) as con:
            return case_summary(con)

    # --- citizen reports (issue #23): the intake store the portal writes ------------

    def _intake_store(self, name: str, folder: Path, query: str | None = None
                      ) -> IntakeStore:
        """Decide operation ``name`` on the intake store at ``folder``, open the store,
        then record the operation: a folder that holds no store (a mistyped path, a
        file) is refused by :class:`~tnoc.intake.store.IntakeStore` before anything is
        recorded as allowed, and the workspace never creates a store (only the portal
        does)."""
        from tnoc.intake.store import IntakeStore

        member = self.check(name, query=query)
        store = IntakeStore(folder, None)
        self.record(name, member, query=query)
        return store

    def intake_queue(self, folder: Path, state: str | None = "new") -> list[dict[str, Any]]:
        """The triage queue of the reporting portal's intake store at ``folder``: what is
        in clear (kind, urgency, day, counts), most urgent first."""
        return self._intake_store("intake", folder).queue(state)

    def intake_report(self, folder: Path, report_id: str) -> OpenedReport:
        """A citizen report opened with the intake key of this operator's key folder,
        for triage; the reporter's contact details are not shown (they enter the
        reporter compartment when the report is taken)."""
        from tnoc.intake.cases import open_report
        from tnoc.intake.sealing import intake_key

        store = self._intake_store("intake read", folder, report_id)
        return open_report(store, intake_key(key_folder()), report_id).contact_withheld()

    def intake_reply(self, folder: Path, report_id: str, text: str) -> None:
        """Reply to the reporter of ``report_id`` (they read it with their receipt)."""
        self._intake_store("intake reply", folder, report_id).reply(report_id, text)

    def take_report(self, folder: Path, report_id: str, retain_days: int = 365,
                    handling_code: str = "TLP:AMBER") -> TakenReport:
        """Take citizen report ``report_id`` into this case (operation ``ingest``): its
        statements with the report as their source and "citizen report" as the legal
        basis, its files as exhibits with the hashes of the reporter's receipt
        (:mod:`tnoc.intake.cases`), then screened against the case's lists, so that a
        sanctioned wallet it names shows its hit at once. The intake store marks it
        taken, to be kept ``retain_days`` days."""
        from datetime import date, timedelta

        from tnoc.ingest.pipeline import IngestOptions, ingest_file
        from tnoc.intake.cases import (
            LEGAL_BASIS,
            MAPPING,
            TakenReport,
            open_report,
            record_files,
            write_report_file,
        )
        from tnoc.intake.sealing import intake_key
        from tnoc.intake.store import IntakeStore

        store = IntakeStore(folder, None)
        key = intake_key(key_folder())
        with self.operation("ingest", query=report_id) as case:
            opened = open_report(store, key, report_id)
            if opened.clear.get("state") == "assigned":
                raise TnocError(f"report {report_id} was already taken into case "
                                f"{opened.clear.get('case_id')}")
            path = write_report_file(opened, case.scratch / "reports" / f"{report_id}.csv")
            hashes: list[str] = []

            def files(con: duckdb.DuckDBPyConnection, source_id: str, _sha: str) -> None:
                hashes.extend(record_files(con, case.exhibits / "reports", store, key,
                                           opened, source_id, self.session.user))

            report = ingest_file(case, MAPPING, path, IngestOptions(
                collector="reporting portal", collected_at=str(opened.clear["received_on"]),
                legal_basis=LEGAL_BASIS, handling_code=handling_code), on_intake=files)
            self.concern(sources=[report.source_id])
            until = (date.today() + timedelta(days=retain_days)).isoformat()
            store.assign(report_id, case.case_id, until)
        hits = self._report_hits(report.source_id)
        shown = opened.contact_withheld()
        shown.clear.update(state="assigned", case_id=case.case_id, retain_until=until)
        return TakenReport(report_id, shown, report, hashes, hits, until)

    # --- citizen reports: retention of the intake store (issue #23) ------------------

    def intake_purge(self, folder: Path, dry_run: bool = False) -> Purge:
        """Purge the intake store at ``folder`` of every report past its retention day
        and not held (:meth:`tnoc.intake.store.IntakeStore.purge`: tombstones left, the
        bytes overwritten); ``dry_run``: only list them. Supervisors (operation
        ``intake purge``); the audit record names the reports purged."""
        from tnoc.intake.store import IntakeStore

        member = self.check("intake purge")
        done = IntakeStore(folder, None).purge(f"{self.session.user} (tnoc intake purge)",
                                               dry_run=dry_run)
        self.record("intake purge", member, query=("dry run: " if dry_run else "purged: ")
                    + (", ".join(r.report_id for r in done.reports) or "none"))
        return done

    def intake_hold(self, folder: Path, report_id: str, reason: str) -> None:
        """Keep report ``report_id`` past its retention day while it is analysed, for
        ``reason`` (supervisors, operation ``intake hold``)."""
        self._intake_store("intake hold", folder, f"hold {report_id}: {reason}").hold(
            report_id, self.session.user, reason)

    def intake_release(self, folder: Path, report_id: str) -> None:
        """Lift the hold of report ``report_id``: the next purge deletes it if it is
        past its retention day (operation ``intake hold``)."""
        self._intake_store("intake hold", folder, f"release {report_id}").release(report_id)

    def _report_hits(self, source_id: str) -> list[dict[str, Any]]:
        """What the case's lists say of the entities a taken report states: an entity
        that a list states itself (the reported wallet is the listed one: same id), and
        the screening hits of the others (names, addresses in other spellings)."""
        from tnoc.resolve.screening import list_decisions, run_hits, screen
        from tnoc.store.lookup import captions
        from tnoc.store.query import source_entities, stated_in

        with self.case.transaction() as con:
            lists = [d.dataset for d in list_decisions(con, ()) if d.is_list]
            if not lists:
                return []
            ids = source_entities(con, source_id)
            listed = stated_in(con, sorted(ids), lists)
            result = screen(con)
            found = [h for h in run_hits(con, result.run_id, None) if h.subject_id in ids]
            names = captions(con, sorted(ids | {h.list_entity_id for h in found}))
        same = [{"subject": names[e], "subject_id": e, "listed_as": names[e],
                 "list_entity_id": e, "list": ", ".join(datasets), "score": 1.0,
                 "reason": "the same identifier is on the list"}
                for e, datasets in sorted(listed.items())]
        return same + [{"subject": names[h.subject_id], "subject_id": h.subject_id,
                        "listed_as": names[h.list_entity_id],
                        "list_entity_id": h.list_entity_id, "list": h.list_dataset,
                        "score": h.score, "reason": h.reason} for h in found]

    def members(self) -> list[MemberRecord]:
        """The members of the case."""
        self.authorise("users list")
        with self.case.connect(read_only=True) as con:
            return members(con)

    def add_member(self, user: str, role: str, clearance: str = "TLP:AMBER",
                   public_hex: str | None = None) -> MemberRecord:
        """Add or change a member (admin only; in a case without members, the acting
        user becomes its first admin)."""
        self.authorise("users")
        with self.case.transaction() as con:
            return add_member(con, user, role, clearance, public_hex,
                              by=signer(self.session.user))

    def request_release(self, entity: str, reason: str) -> Release:
        """Ask for a reporter's identity (:mod:`tnoc.govern.compartments`); releases
        nothing until a second person approves."""
        from tnoc.govern.compartments import request_release

        member = self.check("release request", entities=[entity])
        with self.case.transaction() as con:
            found = request_release(con, entity, reason, self.session.user,
                                    signer(self.session.user))
        self.record("release request", member, entities=[entity], query=found.release_id)
        return found

    def approve_release(self, release_id: str, reason: str,
                        until: str | None = None) -> Release:
        """Approve another member's release request (a supervisor; never one's own)."""
        from tnoc.govern.compartments import approve_release

        member = self.check("release approve", query=release_id)
        try:
            with self.case.transaction() as con:
                found = approve_release(con, release_id, reason, self.session.user,
                                        signer(self.session.user), until)
        except TnocError as refused:  # one's own request, or approved already
            self._record("release approve", member, str(refused), query=release_id)
            raise
        self.record("release approve", member, entities=[found.entity_id],
                    query=release_id)
        return found

    def releases(self) -> list[Release]:
        """Every release of compartmented values in the case."""
        from tnoc.govern.compartments import releases

        self.authorise("release list")
        with self.case.connect(read_only=True) as con:
            return releases(con)

    def set_password(self, user: str, password: str) -> None:
        """Set a member's web password (an admin, or the member for themselves)."""
        self.authorise("users" if user != self.session.user else "password")
        from tnoc.govern.members import set_password

        with self.case.transaction() as con:
            set_password(con, user, password, by=signer(self.session.user))

    def remove_member(self, user: str) -> None:
        """Remove a member (admin only)."""
        self.authorise("users")
        with self.case.transaction() as con:
            remove_member(con, user, by=signer(self.session.user))

    def purposes(self) -> list[PurposeRecord]:
        """Every purpose of the case, open or ended."""
        self.authorise("purpose list")
        with self.case.connect(read_only=True) as con:
            return purposes(con)

    def open_purpose(self, reference: str, justification: str,
                     until: str | None = None) -> PurposeRecord:
        """Open a purpose (supervisors; the owner of a case without members)."""
        self.authorise("purpose")
        with self.case.transaction() as con:
            return open_purpose(con, reference, justification, until,
                                by=signer(self.session.user))

    def close_purpose(self, reference: str) -> PurposeRecord:
        """Close an open purpose (supervisors)."""
        self.authorise("purpose")
        with self.case.transaction() as con:
            return close_purpose(con, reference, by=signer(self.session.user))

    def audit(self, entity: Sequence[str] = (), actor: str | None = None,
              since: str | None = None, until: str | None = None,
              outcome: str | None = None, operation_name: str | None = None
              ) -> list[AuditRecord]:
        """Audit records (auditor only): who consulted ``entity``, what ``actor`` did
        between ``since`` and ``until`` (only operation ``operation_name`` when given).
        Entity arguments may be names."""
        from tnoc.store.lookup import members_of

        member = self.check("audit")
        ids: list[str] = []
        with self.case.connect(read_only=True) as con:
            for reference in entity:
                try:
                    canonical = self.find_entity(con, reference, member)
                    ids += [canonical, *members_of(con, canonical)]
                except TnocError:
                    ids.append(reference)  # an entity since erased: its id still names it
        self.record("audit", member, entities=sorted(set(ids)))
        # records name entities by keyed digest (older ones by id): ask for both
        digests = dict(zip(self._digests(ids), ids, strict=True))
        with self.case.connect(read_only=True) as con:
            found = audit_records(con, sorted({*ids, *digests}), actor, since, until,
                                  outcome)
        # the ids asked about are shown as asked; any other stays a digest
        return [replace(r, entities=tuple(digests.get(e, e) for e in r.entities))
                for r in found if operation_name is None or r.operation == operation_name]

    # --- web workspace: the threat-assessment and custody pages (issue #22, h5) -------

    def _assessed(self, reads: Sequence[str] | None, record: bool = True,
                  **audit: Any) -> Member:
        """Decide and record one ``assess`` analysis on the handling codes of the
        sources it reads (None: every source of the case, failing closed as the CLI's
        priorities do). Each analysis a page shows is its own decision and audit record,
        so one that reads the whole case is never let through by an earlier one of the
        same request that read less."""
        if reads is None:
            with self.case.connect(read_only=True) as con:
                reads = all_sources(con)
        member = self.check("assess", self.handling_of(reads), sources=reads, **audit)
        if record:  # not: the caller continues a consultation already recorded
            self.record("assess", member, sources=reads, **audit)
        return member

    def _no_research_chart(self, member: Member) -> None:
        """A chart draws every count as it is: research mode shows counts under 5
        suppressed (:func:`tnoc.govern.research.research_rows`), so no chart is drawn
        for a researcher."""
        if member.role is Role.RESEARCHER:
            raise AccessDenied("charts are not drawn in research mode: they would show "
                               "counts under 5 that the tables suppress")

    def assessment_indicators(self) -> list[tuple[str, int]]:
        """``tnoc assess indicators``: the statistics indicators in the case with their
        number of observations."""
        from tnoc.assess.kept import kept
        from tnoc.assess.reading import indicator_names, indicator_sources

        # the sources read and the names are the whole case's, the same for every
        # member (decided on those sources): kept while the case is unchanged
        with self.case.connect(read_only=True) as con:
            reads = list(kept(con, "indicator sources", (),
                              lambda: indicator_sources(con)))
        self._assessed(reads)
        with self.case.connect(read_only=True) as con:
            return list(kept(con, "indicator names", (), lambda: indicator_names(con)))

    def _indicator_reads(self, indicator: str) -> list[str]:
        """The sources of ``indicator`` (what its trends and emerging threats read, the
        decision's input), kept while the case is unchanged."""
        from tnoc.assess.kept import kept
        from tnoc.store.reads import sources_of_indicator

        with self.case.connect(read_only=True) as con:
            return list(kept(con, "indicator reads", indicator,
                             lambda: sources_of_indicator(con, indicator)))

    def assessment_trends(self, indicator: str, by: str = "category",
                          last: int | None = None, alarm: str = "farrington"
                          ) -> tuple[IndicatorTrends, list[dict[str, str]]]:
        """``tnoc assess trends``: each series of ``indicator`` read for trend and
        alarm, its category seams, and the files read (name, SHA-256, handling code);
        decided on the handling codes of that indicator's sources alone."""
        from tnoc.assess.reading import indicator_trends, source_files_of

        self._assessed(self._indicator_reads(indicator), query=indicator)
        with self.case.connect(read_only=True) as con:
            found = indicator_trends(con, indicator, by, last, alarm)
            return found, source_files_of(con, found.source_ids())

    def assessment_emerging(self, indicator: str, by: str = "category", window: int = 5
                            ) -> tuple[list[EmergingThreat], list[dict[str, str]]]:
        """``tnoc assess emerging`` (nothing kept in the case: a page only shows it):
        the categories rising now, ranked by evidence, and the files read."""
        from tnoc.assess.reading import emerging, source_files_of

        self._assessed(self._indicator_reads(indicator), query=indicator)
        with self.case.connect(read_only=True) as con:
            listed, read = emerging(con, indicator, by, window)
            return listed, source_files_of(con, read)

    def assessment_priorities(self, wait: bool = True, audited: bool = True
                              ) -> tuple[GroupPriorities, list[dict[str, str]],
                                         bytes | None] | None:
        """``tnoc assess priorities``: every group the case holds scored under TNOC's
        illustrative scheme, with countermeasures, the files read and the priority
        matrix as PNG (None in research mode: :meth:`_no_research_chart`), drawn from
        the same profiling (the slow part); decided on the whole case. Kept while the
        case is unchanged (:func:`tnoc.assess.reading.priorities_drawn`). Not
        ``wait``: None while they are computed in the background the first time in a
        state of the case (a server's page, which must not hold the case meanwhile:
        :func:`tnoc.assess.reading.priorities_in_background`); each asking is decided,
        and audited unless not ``audited``: a page asking again for the result of a
        consultation already audited (the web workspace's poll, every 2 s while they
        are computed), never a consultation of its own."""
        from tnoc.assess.reading import priorities_drawn, priorities_in_background

        member = self._assessed(None, record=audited)
        with self.case.connect(read_only=True) as con:
            drawn = priorities_drawn(con) if wait else \
                priorities_in_background(con, self.case.snapshot)
        if drawn is None:
            return None
        chart = None if member.role is Role.RESEARCHER else drawn.chart
        return drawn.found, drawn.files, chart

    def assessment_chart(self, indicator: str, by: str = "category",
                         last: int | None = None, alarm: str = "farrington") -> bytes:
        """The trend chart of ``indicator`` as PNG (its largest series, alarms marked),
        marked with its handling code."""
        from tnoc.assess.reading import trend_png

        member = self._assessed(self._indicator_reads(indicator), query=indicator)
        self._no_research_chart(member)
        with self.case.connect(read_only=True) as con:
            return trend_png(con, indicator, by, last, alarm)

    def threat_report(self) -> ReportFiles:
        """``tnoc report``: the threat assessment written to the case's
        ``reports/threat-assessment.html`` and ``.pdf``, recorded in the custody ledger
        as the CLI's is (the command's entry, the run and its files with their SHA-256),
        authorised and audited as the ``report`` disclosure on the whole case."""
        from tnoc.assess.report import write_report
        from tnoc.ledger.custody import recorded_command

        with self.operation("report") as case, recorded_command(
                case, "report", {"out": None, "pdf": True, "scheme": None,
                                 "via": self.session.via}):
            return write_report(case, None, True, None)

    def evidence_bundle(self, reason: str, authority: str | None = None) -> BundleResult:
        """``tnoc bundle``: every exhibit, the custody log, keys, checkpoints and the
        case's reports in a zip in the case's ``reports/`` folder, recorded as an
        ``exported`` ledger entry with ``reason`` as its purpose; authorised and
        audited as the ``bundle`` disclosure."""
        from datetime import UTC, datetime

        from tnoc.evidence.bundle import write_bundle

        if not reason.strip():
            raise TnocError("a bundle needs a reason (why it is made: the purpose of its "
                            "'exported' ledger entry), e.g. 'court bundle'")
        with self.operation("bundle", recipient=reason.strip()) as case:
            stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
            target = case.reports / f"bundle-{stamp}.zip"
            n = 1
            while target.exists():  # two in one second: never over an earlier bundle
                n += 1
                target = case.reports / f"bundle-{stamp}-{n}.zip"
            return write_bundle(case, target, (), None, reason.strip(),
                                authority or None)

    def custody_log(self, offset: int = 0, limit: int = 50,
                    event_type: str | None = None) -> LedgerPage:
        """A page of the custody ledger (``tnoc custody log``), with the totals and
        the names behind its ids."""
        from tnoc.evidence.custody_view import ledger_page

        self.authorise("custody")
        with self.case.connect(read_only=True) as con:
            return ledger_page(con, offset, limit, event_type or None)

    def custody_keys(self) -> tuple[list[KeyUse], list[Checkpoint]]:
        """The keys that signed the ledger (``tnoc custody keys``) and its signed Merkle
        checkpoints, oldest first."""
        from tnoc.ledger.checkpoints import checkpoints
        from tnoc.ledger.keys import key_use

        self.authorise("custody")
        with self.case.connect(read_only=True) as con:
            return key_use(con), checkpoints(con)

    def produced_files(self) -> list[ProducedFile]:
        """The files of the case's ``reports/`` folder that its ledger records
        producing and that are still there, newest first."""
        from tnoc.evidence.custody_view import produced_files

        self.authorise("custody")
        with self.case.connect(read_only=True) as con:
            found = produced_files(con)
        return sorted((f for f in found.values() if (self.case.reports / f.name).is_file()),
                      key=lambda f: -f.seq)

    def produced_file(self, name: str) -> tuple[ProducedFile, Path] | None:
        """The file called ``name`` that the ledger records producing in ``reports/``,
        for download: authorised and audited as the disclosure it is (``report``,
        ``bundle``...) with the file's name as the query and the member as recipient.
        None (the attempt recorded as a ``custody`` consultation) when the ledger names
        no such file: a name is looked up, never joined to a path. A file whose bytes
        are no longer those recorded is refused."""
        from tnoc.evidence.custody_view import checked_file, produced_files

        with self.case.connect(read_only=True) as con:
            found = produced_files(con).get(name)
        if found is None:
            self.authorise("custody", query=name)
            return None
        # what the case produced rests on all of it (a report, a bundle of every
        # exhibit): decided on the strictest source of the case, as producing it was
        member = self.check(found.operation, self.handling_of(None), query=name,
                            recipient=self.session.user)
        path = checked_file(self.case.reports, found)
        if path is None:
            self._record(found.operation, member, "the file is gone or no longer the one "
                         "the ledger recorded", query=name, recipient=self.session.user)
            raise TnocError(f"{name} is not the file the custody ledger recorded (entry "
                            f"{found.seq:,}): it was changed or removed since; 'tnoc "
                            "verify' and the custody log say more")
        self.record(found.operation, member, query=name, recipient=self.session.user)
        return found, path

    # --- web workspace: the review queue of entity resolution and the triage of typology
    # alerts (issue #22; pages /review and /alerts) ------------------------------------

    def review_next(self) -> tuple[int, PairEvidence | None]:
        """How many candidate pairs wait for a judgement, and the most uncertain one with
        the evidence of both sides (``tnoc review``'s queue), the values of sources above
        the member's clearance left out; recorded as a consultation of the two."""
        from tnoc.assess.kept import kept
        from tnoc.govern.compartments import withheld_entities
        from tnoc.resolve.review import pair_evidence, queue_size, review_queue

        member = self.check("candidates")
        with self.case.connect() as con:  # not read-only: the queue's tables on first use
            # the same queue for every member: kept while the case is unchanged (every
            # resolve and judgement is a custody entry, every merge in the state)
            queue, waiting = kept(con, "review queue", 1,
                                  lambda: (review_queue(con, 1), queue_size(con)))
            visible = self.visible_codes(member)
            # both sides' values the member may see, a citizen reporter's withheld
            # whatever the clearance unless a release in force was granted to this
            # member (tnoc.govern.compartments); kept while the case is unchanged (a
            # judgement is a custody entry) under the codes they may see, every
            # source's code and what is withheld: shown only to a reader shown the same
            withheld = frozenset(withheld_entities(con, self.session.user))
            found = kept(con, "pair evidence", (queue[0], visible, sorted(
                handling_codes(con, all_sources(con)).items()), sorted(withheld)),
                lambda: pair_evidence(con, queue[0], visible, withheld)) if queue else None
        self.record("candidates", member, entities=[found.pair.left_id,
                                                    found.pair.right_id] if found else [])
        return waiting, found

    def judge_pair(self, left: str, right: str, verdict: str, reason: str) -> str:
        """Judge a candidate pair as ``tnoc review`` does (operation "judge": a judgement
        with the member's name, time and ``reason``, and its custody-ledger entry);
        returns the judgement's id. ``verdict``: positive, negative or unsure."""
        from tnoc.resolve.judgements import judge
        from tnoc.resolve.review import pair_sources

        if verdict not in ("positive", "negative", "unsure"):
            raise TnocError(f"unknown verdict {verdict!r}: accept (positive), reject "
                            "(negative) or unsure")
        if not reason.strip():
            raise TnocError("a judgement needs a reason, which is recorded with it")
        with self.case.connect() as con:  # not read-only: the tables on first use
            reads = pair_sources(con, left, right)
        with self.operation("judge", reads=reads, entities=[left, right]) as case, \
                case.transaction() as con:
            return judge(con, left, right, verdict, self.session.user, reason.strip())

    def alerts(self, typology: str | None = None, disposition: str | None = None,
               limit: int = 100, offset: int = 0) -> tuple[AlertPage, dict[str, str], int]:
        """A page of the typology alerts kept in the case with their dispositions (see
        :func:`tnoc.money.dispositions.stored_alerts` for the filters), the focal
        accounts' names, and how many typology runs were left out as above the member's
        clearance; recorded as operation "money" with the runs read and the sources of
        the names shown. The names are read now (a holder named since the run by a
        stricter file is named too), so each is shown only to a member cleared for its
        sources; another sees that account's id."""
        from tnoc.assess.kept import kept
        from tnoc.money.dispositions import alert_runs, stored_alerts
        from tnoc.store.parties import PartyNames, named_parties

        member = self.check("money")
        with self.case.connect(read_only=True) as con:
            runs = alert_runs(con)
            codes = handling_codes(con, runs)
            cleared = [r for r in runs if member.cleared_for(codes.get(r))]

            def page() -> tuple[AlertPage, PartyNames]:
                found = stored_alerts(con, cleared, typology, disposition, limit, offset)
                return found, named_parties(con, [a.focus for a in found.alerts])

            # what the runs the member is cleared for stored (the runs are the key: a
            # member cleared for fewer gets their own), kept while the case is unchanged
            # (a disposition is a custody entry: the ledger's head is in the state)
            found, named = kept(con, "alerts", (cleared, typology, disposition, limit,
                                                offset), page)
            named_codes = handling_codes(con, list(named.sources))
        # each name on its own: one holder named by a file above the member's clearance
        # leaves that account by id, the others named
        shown = {party: read for party, read in named.by_party.items()
                 if all(member.cleared_for(named_codes.get(s)) for s in read)}
        self.record("money", member,
                    sources=sorted({*cleared, *(s for read in shown.values() for s in read)}))
        return found, {p: named.names[p] for p in shown if p in named.names}, \
            len(runs) - len(cleared)

    def disposition(self, alert_id: str, disposition: str, reason: str) -> Disposition:
        """Record a disposition of a stored alert (operation "disposition": analysts and
        supervisors, decided on the handling code of the run that stored it), with the
        member's name, the time and ``reason``, and its custody-ledger entry."""
        from tnoc.money.dispositions import alert_source, record_disposition

        with self.case.connect(read_only=True) as con:
            source = alert_source(con, alert_id)
        with self.operation("disposition", reads=[source], entities=[alert_id]) as case, \
                case.transaction() as con:
            return record_disposition(con, alert_id, disposition, reason,
                                      self.session.user)
    # --- the money page of the web workspace (issue #22): trace view, Sankey flows ---

    def money_accounts(self, limit: int = 25) -> MoneyAccounts:
        """Where a trace may start: the accounts with the most payments in and out
        (:func:`tnoc.money.trace.busiest_accounts`), named, money per currency. A
        ``money listing`` (read-only, nothing stored): decided on the payments'
        sources and what names their parties (:func:`_payment_reads`); a researcher
        sees pseudonyms (:meth:`as_seen`)."""
        from tnoc.assess.kept import kept
        from tnoc.money.trace import busiest_accounts
        from tnoc.store.parties import party_names

        with self.case.connect(read_only=True) as con:
            reads = _payment_reads(con)
        self.case_for("money listing", reads=reads)
        with self.case.connect(read_only=True) as con:
            def busiest() -> tuple[list[Any], int, dict[str, str]]:
                found, total = busiest_accounts(con, _case_transfers(con), limit)
                return found, total, party_names(con, [a.account for a in found])

            # the whole case's accounts (every payment source was decided above), the
            # same for every member allowed: kept while the case is unchanged
            found, total, names = kept(con, "busiest accounts", limit, busiest)
            shown = self._money_parties(con, [a.account for a in found], names)
        return MoneyAccounts([MoneyAccount(*shown[a.account], a.paid, a.received, a.totals)
                              for a in found], total, self.handling_of(reads))

    def money_trace(self, reference: str, *, backward: bool = False,
                    policy: str = "haircut", max_hops: int = 2, limit: int = 200
                    ) -> MoneyTrace:
        """Follow the money from (or, ``backward``, to) the account ``reference`` names,
        hop by hop, as ``tnoc money trace`` does (operation ``money``, decided on the
        payments' sources and what names their parties; the account looked up within
        the member's sight, :meth:`resolve_names`): every traced payment with its
        payer, beneficiary, amount and currency, file and row, the first ``limit`` of
        them; and the Sankey diagrams of the whole trace, one per currency
        (:func:`tnoc.money.sankey.sankey`).
        Forward under ``policy`` (poison, haircut, fifo: :mod:`tnoc.money.trace`);
        backward under the poison rule (:func:`tnoc.money.trace.trace_back`)."""
        from tnoc.money.currency import minor_digits
        from tnoc.money.sankey import sankey
        from tnoc.money.trace import BACKWARD_POLICY, POLICIES, trace, trace_back
        from tnoc.store.query import source_files

        if policy not in POLICIES:
            raise TnocError(f"tracing rule {policy!r}: choose one of {', '.join(POLICIES)}")
        if not 1 <= max_hops <= MAX_TRACE_HOPS:
            raise TnocError(f"hops: a number from 1 to {MAX_TRACE_HOPS}, not {max_hops}")
        with self.case.connect(read_only=True) as con:
            reads = _payment_reads(con)
        self.case_for("money", reads=reads)
        with self.case.connect(read_only=True) as con:
            accounts = self.resolve_names([reference], con)
            transfers = _case_transfers(con)
            result = (trace_back(con, transfers, accounts, max_hops) if backward
                      else trace(con, transfers, accounts, policy, max_hops))
            flows = result.flows
            shown = self._money_parties(con, [*accounts, *(a for f in flows
                                                          for a in (f.payer, f.beneficiary))])
            files = source_files(con)
        file_names = self._money_files(sorted({files.get(f.source_id) or ""
                                              for f in flows if f.source_id}))
        hops = [TracedPayment(f.hop, f.ts.isoformat(sep=" "), *shown[f.payer],
                              *shown[f.beneficiary], f.amount, f.tainted, f.currency,
                              file_names.get(files.get(f.source_id) or "", None)
                              if f.source_id else None, f.locator)
                for f in sorted(flows, key=lambda f: (f.hop, f.ts, f.transfer_id))]
        per_hop: dict[tuple[int, str], float] = {}
        for f in flows:  # per hop and currency, never across currencies
            per_hop[(f.hop, f.currency)] = per_hop.get((f.hop, f.currency), 0.0) + f.tainted
        names = {account: name for account, (_, name) in shown.items()}
        return MoneyTrace(
            accounts=[shown[a] for a in accounts], backward=backward,
            policy=BACKWARD_POLICY if backward else policy, max_hops=max_hops,
            payments=hops[:limit], total=len(hops),
            hop_totals=sorted((h, c, round(v, minor_digits(c)))
                              for (h, c), v in per_hop.items()),
            sankeys=sankey(flows, names, backward=backward),
            handling_code=self.handling_of(reads))

    def _money_parties(self, con: duckdb.DuckDBPyConnection, ids: Sequence[str],
                       names: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
        """(id, name) of each account as the member may see it: named by
        :func:`tnoc.store.parties.party_names` (or ``names``, what it gave for them),
        both pseudonyms in research mode."""
        from tnoc.store.parties import party_names

        wanted = sorted(set(ids))
        names = party_names(con, wanted) if names is None else names
        rows = [[i, names.get(i, i)] for i in wanted]
        seen = self.as_seen(rows) or rows
        return {i: (str(row[0]), str(row[1])) for i, row in zip(wanted, seen, strict=True)}

    def _money_files(self, files: Sequence[str]) -> dict[str, str]:
        """The source files' names as the member may see them (pseudonyms in research
        mode)."""
        rows = [[f] for f in files]
        seen = self.as_seen(rows) or rows
        return {f: str(row[0]) for f, row in zip(files, seen, strict=True)}


# --- the money page of the web workspace (issue #22) ---------------------------------

MAX_TRACE_HOPS = 6
"""The deepest a trace of the workspace goes (each hop widens the net)."""


@dataclass(frozen=True)
class MoneyAccount:
    """An account where a trace may start, as the member may see it."""

    account: str
    name: str
    paid: int
    received: int
    totals: tuple[tuple[str, float], ...]
    """(currency, money paid and received) pairs: never added across currencies."""


@dataclass(frozen=True)
class MoneyAccounts:
    """The first accounts by payments and how many accounts pay or receive."""

    accounts: list[MoneyAccount]
    total: int
    handling_code: str | None
    """The strictest handling code of what the listing shows: the payments, their
    accounts and what names the accounts' holders (:func:`_payment_reads`)."""


@dataclass(frozen=True)
class TracedPayment:
    """One payment of a trace: its hop, time, ends (id and name), amount, the amount
    traced through it (under the rule), currency, and where it was read (file, row)."""

    hop: int
    time: str
    payer: str
    payer_name: str
    beneficiary: str
    beneficiary_name: str
    amount: float
    traced: float
    currency: str
    file: str | None
    row: str | None


@dataclass(frozen=True)
class MoneyTrace:
    """A trace for a face: the traced accounts as (id, name), its direction and rule,
    the first payments hop by hop (``total`` in all), the traced money per hop and
    currency, and one Sankey diagram per currency."""

    accounts: list[tuple[str, str]]
    backward: bool
    policy: str
    max_hops: int
    payments: list[TracedPayment]
    total: int
    hop_totals: list[tuple[int, str, float]]
    sankeys: list[SankeyDiagram]
    handling_code: str | None
    """The strictest handling code of what the trace shows: the payments, their
    accounts and what names the accounts' holders (:func:`_payment_reads`)."""


def _opened(con: duckdb.DuckDBPyConnection | Callable[[], duckdb.DuckDBPyConnection]
            ) -> duckdb.DuckDBPyConnection:
    """``con``, or the connection it opens (:meth:`CaseService._connection`)."""
    return con if isinstance(con, duckdb.DuckDBPyConnection) else con()


def _payment_reads(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The sources a money operation reads: the payments', their parties' and what
    names the parties' holders (:func:`tnoc.store.parties.payment_reads`, as the CLI's
    ``money`` commands, :data:`tnoc.cli.common.COMMAND_READS`). Kept while the case is
    unchanged (:func:`tnoc.assess.kept.kept`): decided on every visit of the Money page."""
    from tnoc.assess.kept import kept
    from tnoc.store.parties import payment_reads

    return list(kept(con, "payment reads", (), lambda: payment_reads(con)))


def _case_transfers(con: duckdb.DuckDBPyConnection) -> Transfers:
    """The case's payments as transfers; a case without payments is an error saying
    what to take in."""
    from tnoc.money.transfers import build_transfers

    transfers = build_transfers(con, ())
    if transfers.payments == 0:
        raise TnocError("no payments in this case: take in a file with Payment entities "
                        "first (e.g. 'tnoc ingest saml_d FILE')")
    return transfers


def _day(value: object) -> str | None:
    """A date of a chart's link as the page shows it (ISO text), or None."""
    return str(value) if value else None


def found_handling(found: Dossier) -> str | None:
    """The strictest handling code of the values a dossier shows."""
    shown = sorted({str(s["handling_code"]) for p in found.properties
                    for v in p["values"] for s in v["sources"]})
    return strictest(shown) if shown else None


def governance_problems(root: Path, con: duckdb.DuckDBPyConnection
                        ) -> list[tuple[str, str, str]]:
    """What ``tnoc verify`` adds for governance: every break of the audit trail
    (:func:`tnoc.govern.audit.verify_audit`) and every member the ledger does not
    explain (:func:`tnoc.govern.members.verify_members`), and every purpose the ledger
    does not explain (:func:`tnoc.govern.purposes.verify_purposes`)."""
    from tnoc.govern.audit import verify_audit
    from tnoc.govern.members import verify_members
    from tnoc.govern.purposes import verify_purposes

    return ([("audit trail", where, message) for where, message in verify_audit(con, root)]
            + [("member", user, message) for user, message in verify_members(con)]
            + [("purpose", ref, message) for ref, message in verify_purposes(con)])

