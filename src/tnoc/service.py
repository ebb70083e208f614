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
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from tnoc.environment import JUSTIFICATION_ENV, PURPOSE_ENV
from tnoc.errors import CaseError, TnocError
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
from tnoc.store.case import Case
from tnoc.store.query import EntityView
from tnoc.store.reads import all_sources, handling_codes
from tnoc.tlp import TLP_ORDER, strictest, tlp_rank

if TYPE_CHECKING:
    from tnoc.assess.dossier_export import DossierFile
    from tnoc.assess.emerging import EmergingThreat
    from tnoc.assess.reading import GroupPriorities, IndicatorTrends
    from tnoc.assess.report import ReportFiles
    from tnoc.evidence.bundle import BundleResult
    from tnoc.evidence.custody_view import LedgerPage, ProducedFile
    from tnoc.evidence.verify import Verification
    from tnoc.exchange.handling import Pseudonymiser
    from tnoc.govern.compartments import Release
    from tnoc.ledger.checkpoints import Checkpoint
    from tnoc.ledger.keys import KeyUse
    from tnoc.search.index import IndexBuild
    from tnoc.store.dossier import Dossier

__all__ = ["AccessDenied", "CaseService", "Compartment", "Session"]


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


class AccessDenied(TnocError):
    """An operation the gate refused (recorded in the audit trail as denied)."""

    exit_code = 3


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


@dataclass
class CaseService:
    """A case opened for a session; its methods are the operations."""

    case: Case
    session: Session
    authorised: dict[str, Member] = field(default_factory=dict)
    """Operations already authorised in this service's life (one audit record each)."""
    unaudited: str | None = None
    """Why an operation reading no personal data ran without an audit record."""
    pending: dict[str, tuple[Member, _Concerns]] = field(default_factory=dict)
    """Operations under way, recorded with their outcome when they end (:meth:`finish`)."""
    opened: PurposeRecord | None = None
    """The open purpose the session names, once :meth:`check` found it (its reference
    and justification go into every audit record)."""
    compartments: dict[str, Compartment] = field(default_factory=dict)
    """What each operation authorised by :meth:`compartment` reads."""
    index_follows: str | None = None
    """The case's fingerprint when the first operation under way that changes what the
    search index holds (:data:`INDEXED_ACTS`) began, if the index was current then: the
    state an update at :meth:`finish` must find the index in."""

    @classmethod
    def open(cls, root: Path | str, session: Session | None = None) -> CaseService:
        """Open the case at ``root`` for ``session`` (default: this process's)."""
        return cls(Case.open(root), session or Session.from_environment())

    # --- the gate ----------------------------------------------------------------------

    def _member(self, con: duckdb.DuckDBPyConnection
                ) -> tuple[bool, Member | None, str | None]:
        """(governed, the acting member, why they are refused before any rule: no key
        of theirs, another key than the one registered for them, or a members-table row
        that the signed ledger entries about that member do not explain
        (:func:`member_tampering`))."""
        key = self._signer()
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

    def _purposes(self, con: duckdb.DuckDBPyConnection, governed: bool
                  ) -> tuple[list[str], dict[str, str]]:
        """(the open purposes' references, why each other named reference cannot be
        used), and :attr:`opened` set to the purpose the session names when it is open
        and its row is what the ledger says."""
        named = (self.session.purpose or "").strip()
        listed = purposes(con)
        self.opened = None
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
        self.opened = chosen
        return open_refs, ended

    def authorise(self, name: str, *, entities: Sequence[str] = (),
                  properties: Sequence[str] = (), sources: Sequence[str] = (),
                  query: str | None = None, recipient: str | None = None,
                  handling_code: str | None = None) -> Member:
        """Decide operation ``name`` for this session and record it (see the module).
        Returns the acting member; raises :class:`AccessDenied` when refused."""
        audit: dict[str, Any] = {"entities": entities, "properties": properties,
                                 "sources": sources, "query": query, "recipient": recipient}
        member = self.check(name, handling_code, **audit)
        self._record(name, member, None, **audit)
        return member

    def check(self, name: str, handling_code: str | None = None, **audit: Any) -> Member:
        """Decide operation ``name``: the acting member when allowed (nothing recorded
        yet: the caller records the operation with what it concerned once known, by
        :meth:`authorise` or :meth:`record`); a denial is recorded at once, with what
        the attempt concerned (``audit``: entities, query...), and raised."""
        op = operation(name)
        with self.case.connect(read_only=True) as con:
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
                           f"'{self.case.name}': {decision.reason}")

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
            try:
                with self.case.transaction() as con:
                    append_records(con, [record], key=key)
                    size, last = audit_head(con)
            except (duckdb.Error, CaseError) as failed:  # read-only, or locked meanwhile
                raise unrecordable(self.case.root, failed) or failed from failed
            if last is not None:
                write_head(self.case.root, size, last)
        if denied is None and member is not None:
            self.authorised[op.name] = member

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
        with self.case.connect(read_only=True) as con:
            if not is_governed(con) and not is_registered(con, key):
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
        if name in self.authorised:
            return self.case
        if name in self.pending:
            self.concern(**audit)
            return self.case
        if reads is not None:
            audit.setdefault("sources", tuple(reads))
        self._start(name, self.handling_of(reads), **audit)
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
        """The case's fingerprint if its search index follows it now, else None."""
        from tnoc.search.index import fingerprint, index_meta, index_state

        if index_meta(self.case.root) is None:
            return None
        with self.case.connect(read_only=True) as con:
            now = fingerprint(con)
            return now if index_state(self.case.root, con, now) == "current" else None

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

    def as_seen(self, rows: Sequence[Sequence[Any]]) -> list[list[Any]] | None:
        """The rows of a listing an authorised operation of this service printed, as
        its member may see them: for a researcher in research mode
        (:func:`tnoc.govern.research.research_rows`: people and their identifiers as
        the case's pseudonyms; counts under 5 suppressed when an operation is an
        aggregate); None when the member sees them as they are. The one place the
        faces' listings pass research mode (the CLI's ``print_listing``)."""
        researching = [name for name, m in self.authorised.items()
                       if m.role is Role.RESEARCHER]
        if not researching:
            return None
        from tnoc.govern.research import research_rows

        aggregate = any(operation(name).aggregate for name in researching)
        with self.case.connect(read_only=True) as con:
            return research_rows(con, rows, self._pseudonymiser(), aggregate)

    def search(self, text: str, limit: int) -> list[dict[str, Any]]:
        """The first ``limit`` hits of :meth:`find`."""
        return self.find(text, limit).hits

    def find(self, text: str, limit: int, offset: int = 0) -> SearchResult:
        """Entities matching ``text`` that the member may see, with the total and the
        facet counts: from the case's search index (:mod:`tnoc.search`) when it has
        one, rebuilt first when the case changed in a way its updates did not follow
        (:meth:`_update_index`: an erasure, a change made outside the service, a failed
        update); else by the substring scan (:func:`tnoc.store.query.search`, no
        facets), and ``notice`` says why. Either way only values of sources within the
        member's clearance are searched, and the audit keeps the query's hash and the
        ids of the entities shown."""
        from tnoc.search.index import clearance_rank, index_state
        from tnoc.search.query import search_index
        from tnoc.store.query import search, source_files

        member = self.check("search", query=text)
        codes = self.visible_codes(member)
        if member.role is Role.RESEARCHER:
            result, found = self._research_search(text, limit, offset, codes)
            self.record("search", member, query=text, entities=found)
            return result
        with self.case.connect(read_only=True) as con:
            state = index_state(self.case.root, con)
            files = {k: str(v) for k, v in source_files(con).items()}
        notice = None
        if state == "stale":
            notice = self._refresh_index()
            state = "current" if notice is None else "stale"
        if state == "current":
            result = search_index(self.case.root, text, clearance_rank(codes),
                                  limit=limit, offset=offset, labels={"source": files})
            for hit in result.hits:  # the faces show what matched as the scan's hits
                hit["prop"] = hit["matched"]
        else:
            with self.case.connect(read_only=True) as con:
                hits = search(con, text, limit + offset, codes)[offset:]
            total = int(hits[0]["total"]) if hits else 0
            result = SearchResult(total, hits, engine="scan")
            result.notice = notice or ("this case has no search index: a slower scan "
                                       "for values containing the text ('tnoc index' "
                                       "builds one)")
        from tnoc.govern.compartments import withheld_entities

        with self.case.connect(read_only=True) as con:  # a reporter is never found
            withheld = withheld_entities(con, self.session.user)
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
        from tnoc.store.dossier import dossier

        entity, member = self._consult(reference)
        with self.case.connect(read_only=True) as con:
            found = dossier(con, entity, self.visible_codes(member), limit)
            found = withhold_dossier(found, withheld_entities(con, self.session.user))
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
        from tnoc.tlp import strictest

        # what goes out is the dossier the member was shown: its strictest handling code
        shown = {str(s["handling_code"]) for p in found.properties for v in p["values"]
                 for s in v["sources"]}
        member = self.check("dossier export", strictest(sorted(shown)) if shown else None,
                            entities=[found.id])
        written = write_dossier(self.case, found, out, fmt, self.session.purpose, force)
        self.record("dossier export", member, entities=[found.id], recipient=str(out))
        return written

    # --- custody ----------------------------------------------------------------------

    def verify(self, record: bool = True, workers: int = 2,
               progress: Callable[[str], None] | None = None) -> Verification:
        """``tnoc verify``: exhibits, seals, ledger, and the governance records (the
        audit trail against its signed head, the members against the ledger)."""
        from tnoc.evidence.verify import verify_case
        from tnoc.govern.audit import anchored

        self.authorise("verify")
        with self.case.connect(read_only=True) as con:
            unanchored = audit_head(con)[0] > 0 and not anchored(con, self.case.root)
        result = verify_case(self.case, record=record, workers=workers, progress=progress,
                             extra=(governance_problems,))
        if unanchored:  # a case from before checkpoints anchored the trail: a note
            result.warnings.append(
                "audit trail: no checkpoint anchors it yet (a case from before anchoring); "
                "its newest records rest on the signed head alone"
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

    def summary(self) -> dict[str, Any]:
        """The case overview: counts of sources, statements, flagged values, custody
        events and entities per schema (:func:`tnoc.store.query.case_summary`)."""
        from tnoc.store.query import case_summary

        self.authorise("case summary")
        with self.case.connect(read_only=True) as con:
            return case_summary(con)

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

    def _assessed(self, reads: Sequence[str] | None, **audit: Any) -> Member:
        """Decide and record one ``assess`` analysis on the handling codes of the
        sources it reads (None: every source of the case, failing closed as the CLI's
        priorities do). Each analysis a page shows is its own decision and audit record,
        so one that reads the whole case is never let through by an earlier one of the
        same request that read less."""
        if reads is None:
            with self.case.connect(read_only=True) as con:
                reads = all_sources(con)
        member = self.check("assess", self.handling_of(reads), sources=reads, **audit)
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
        from tnoc.assess.reading import indicator_names, indicator_sources

        with self.case.connect(read_only=True) as con:
            reads = indicator_sources(con)
        self._assessed(reads)
        with self.case.connect(read_only=True) as con:
            return indicator_names(con)

    def _indicator_reads(self, indicator: str) -> list[str]:
        from tnoc.store.reads import sources_of_indicator

        with self.case.connect(read_only=True) as con:
            return sources_of_indicator(con, indicator)

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

    def assessment_priorities(self) -> tuple[GroupPriorities, list[dict[str, str]],
                                             bytes | None]:
        """``tnoc assess priorities``: every group the case holds scored under TNOC's
        illustrative scheme, with countermeasures, the files read and the priority
        matrix as PNG (None in research mode: :meth:`_no_research_chart`), drawn from
        the same profiling (the slow part); decided on the whole case."""
        from tnoc.assess.reading import group_priorities, png, priority_chart, source_files_of

        member = self._assessed(None)
        with self.case.connect(read_only=True) as con:
            found = group_priorities(con)
            chart = None if member.role is Role.RESEARCHER else png(priority_chart(con, found))
            return found, source_files_of(con, found.sources), chart

    def assessment_chart(self, indicator: str, by: str = "category",
                         last: int | None = None, alarm: str = "farrington") -> bytes:
        """The trend chart of ``indicator`` as PNG (its largest series, alarms marked),
        marked with its handling code."""
        from tnoc.assess.reading import indicator_trends, png, trend_chart

        member = self._assessed(self._indicator_reads(indicator), query=indicator)
        self._no_research_chart(member)
        with self.case.connect(read_only=True) as con:
            return png(trend_chart(con, indicator_trends(con, indicator, by, last, alarm)))

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
