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
authorised, so they go through the same gate.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from tnoc.environment import JUSTIFICATION_ENV, PURPOSE_ENV
from tnoc.errors import CaseError, TnocError
from tnoc.govern.audit import (
    AuditRecord,
    append_records,
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
    members,
    remove_member,
)
from tnoc.govern.policy import Member, Role, decide, operation
from tnoc.ledger.custody import unrecordable
from tnoc.ledger.keys import (
    is_registered,
    operator,
    public_keys,
    signer,
    unregistered_key_error,
)
from tnoc.store.case import Case
from tnoc.store.query import EntityView
from tnoc.tlp import TLP_ORDER, tlp_rank

if TYPE_CHECKING:
    from tnoc.assess.dossier_export import DossierFile
    from tnoc.evidence.verify import Verification
    from tnoc.exchange.handling import Pseudonymiser
    from tnoc.store.dossier import Dossier

__all__ = ["AccessDenied", "CaseService", "Session"]



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


@dataclass
class CaseService:
    """A case opened for a session; its methods are the operations."""

    case: Case
    session: Session
    authorised: dict[str, Member] = field(default_factory=dict)
    """Operations already authorised in this service's life (one audit record each)."""
    unaudited: str | None = None
    """Why an operation reading no personal data ran without an audit record."""

    @classmethod
    def open(cls, root: Path | str, session: Session | None = None) -> CaseService:
        """Open the case at ``root`` for ``session`` (default: this process's)."""
        return cls(Case.open(root), session or Session.from_environment())

    # --- the gate ----------------------------------------------------------------------

    def _member(self, con: duckdb.DuckDBPyConnection) -> tuple[bool, Member | None]:
        """(governed, the acting member) with their key checked."""
        if not is_governed(con):
            return False, Member(self.session.user, Role.OWNER, TLP_ORDER[-1])
        record = find_member(con, self.session.user)
        if record is None:
            return True, None
        key = signer(self.session.user)
        if key.key_id != record.key_id and public_keys(con).get(key.key_id, ("",))[0] \
                != record.user:
            raise AccessDenied(
                f"you act as {record.user}, but the signing key in your key folder "
                f"(key id {key.key_id}) is not {record.user}'s key in this case "
                f"({record.key_id}): acting as a member needs their key (TNOC_KEYS)")
        return True, record.member

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
            governed, member = self._member(con)
        decision = decide(member, op, self.session.purpose, governed, handling_code)
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
            purpose=self.session.purpose, justification=self.session.justification,
            reason=denied, entities=tuple(entities), properties=tuple(properties),
            sources=tuple(sources), recipient=recipient, query_sha256=query_digest(query),
            via=self.session.via)
        if denied is not None and not self._key_registered():
            return  # a stranger's attempt: no registered key can sign it (the refusal
            # is still raised; docs/governance.md says what cannot be recorded)
        cannot = None if op.personal else self._cannot_record()
        if cannot is not None:
            # an outside expert verifying a read-only copy, or with a key the case never
            # registered: nothing personal is read, so it runs, unaudited (the face says so)
            self.unaudited = cannot
        else:
            try:
                with self.case.transaction() as con:
                    append_records(con, [record], key=signer(self.session.user))
                    size, last = audit_head(con)
            except (duckdb.Error, CaseError) as failed:  # read-only, or locked meanwhile
                raise unrecordable(self.case.root, failed) or failed from failed
            if last is not None:
                write_head(self.case.root, size, last)
        if denied is None and member is not None:
            self.authorised[op.name] = member

    def _key_registered(self) -> bool:
        """Whether the session user's key may sign in this case."""
        with self.case.connect(read_only=True) as con:
            return is_registered(con, signer(self.session.user))

    def _cannot_record(self) -> str | None:
        """Why this session cannot add to the case's audit trail, or None."""
        problem = unrecordable(self.case.root)
        if problem is not None:
            return str(problem)
        with self.case.connect(read_only=True) as con:
            if not is_governed(con) and not is_registered(con, signer(self.session.user)):
                return str(unregistered_key_error(signer(self.session.user)))
        return None

    def case_for(self, name: str, **audit: Any) -> Case:
        """The case, once operation ``name`` is authorised (for operations whose logic
        is not yet a method here); one audit record per operation and service."""
        if name not in self.authorised:
            self.authorise(name, handling_code=self.case_handling(), **audit)
        return self.case

    def case_handling(self) -> str | None:
        """The strictest handling code of the case's sources: what an operation over the
        whole case (an analysis, an export, the flagged values) may read, so a member
        cleared below it is refused (fail closed) until such operations select values
        by clearance as search and show do. None for an empty case."""
        from tnoc.tlp import strictest

        with self.case.connect(read_only=True) as con:
            codes = [str(c) for c, in con.execute(
                "SELECT DISTINCT handling_code FROM sources").fetchall()]
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

        self.authorise("sources")
        with self.case.connect(read_only=True) as con:
            return list_sources(con)

    def search(self, text: str, limit: int) -> list[dict[str, Any]]:
        """Entities with a value containing ``text`` that the member may see (see
        :func:`tnoc.store.query.search`); the audit keeps the query's hash and the ids
        of the entities shown."""
        from tnoc.store.query import search

        member = self.check("search")
        with self.case.connect(read_only=True) as con:
            hits = search(con, text, limit, self.visible_codes(member))
            if member.role is Role.RESEARCHER:
                from tnoc.govern.research import pseudonymise_rows, schemata_of

                found = [str(h["canonical_id"]) for h in hits]
                shown = pseudonymise_rows(hits, self._pseudonymiser(),
                                          schemata_of(con, found))
        self.record("search", member, query=text,
                    entities=[str(h["canonical_id"]) for h in hits])
        return shown if member.role is Role.RESEARCHER else hits

    def _pseudonymiser(self) -> Pseudonymiser:
        """The case's keyed pseudonymiser (research mode, :mod:`tnoc.govern.research`)."""
        from tnoc.exchange.handling import Pseudonymiser, pseudonym_key

        return Pseudonymiser(pseudonym_key(self.case.root))

    def show(self, reference: str) -> EntityView:
        """Every value of one entity the member may see, with provenance (see
        :func:`tnoc.store.query.show_entity`)."""
        from tnoc.store.lookup import find_entity
        from tnoc.store.query import show_entity

        with self.case.connect(read_only=True) as con:
            try:
                entity = find_entity(con, reference)
            except TnocError:
                entity = None
        self.authorise("show", entities=[entity] if entity else [],
                       query=None if entity else reference)
        member = self.authorised["show"]
        with self.case.connect(read_only=True) as con:
            view = show_entity(con, entity or reference, self.visible_codes(member))
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
        from tnoc.store.dossier import dossier
        from tnoc.store.lookup import find_entity

        with self.case.connect(read_only=True) as con:
            try:
                entity: str | None = find_entity(con, reference)
            except TnocError:
                entity = None
        self.authorise("show", entities=[entity] if entity else [],
                       query=None if entity else reference)
        member = self.authorised["show"]
        with self.case.connect(read_only=True) as con:
            found = dossier(con, entity or reference, self.visible_codes(member), limit)
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

        self.authorise("verify")
        return verify_case(self.case, record=record, workers=workers, progress=progress,
                           extra=(governance_problems,))

    # --- governance -------------------------------------------------------------------

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

    def audit(self, entity: Sequence[str] = (), actor: str | None = None,
              since: str | None = None, until: str | None = None,
              outcome: str | None = None) -> list[AuditRecord]:
        """Audit records (auditor only): who consulted ``entity``, what ``actor`` did
        between ``since`` and ``until``. Entity arguments may be names."""
        from tnoc.store.lookup import find_entity, members_of

        ids: list[str] = []
        with self.case.connect(read_only=True) as con:
            for reference in entity:
                try:
                    canonical = find_entity(con, reference)
                    ids += [canonical, *members_of(con, canonical)]
                except TnocError:
                    ids.append(reference)  # an entity since erased: its id still names it
        self.authorise("audit", entities=sorted(set(ids)))
        with self.case.connect(read_only=True) as con:
            return audit_records(con, sorted(set(ids)), actor, since, until, outcome)


def governance_problems(root: Path, con: duckdb.DuckDBPyConnection
                        ) -> list[tuple[str, str, str]]:
    """What ``tnoc verify`` adds for governance: every break of the audit trail
    (:func:`tnoc.govern.audit.verify_audit`) and every member the ledger does not
    explain (:func:`tnoc.govern.members.verify_members`)."""
    from tnoc.govern.audit import verify_audit
    from tnoc.govern.members import verify_members

    return ([("audit trail", where, message) for where, message in verify_audit(con, root)]
            + [("member", user, message) for user, message in verify_members(con)])
