"""Who may do what in a case: roles, the operations of the service layer, clearance.

Every operation a face can ask of a case (:mod:`tnoc.service`) is listed once in
:data:`OPERATIONS`, with

* the kind of processing it is, in the words of the EU Law Enforcement Directive
  (2016/680) art. 25(1), whose logs must record "collection, alteration, consultation,
  disclosure including transfers, combination and erasure" (:class:`Act`);
* the roles allowed to do it (:class:`Role`; the matrix is tested role by role in
  ``tests/test_governance.py`` and printed by ``tnoc users roles``);
* whether it reads personal data, and so needs an open purpose (art. 4(1)(b): purposes
  specified, explicit and legitimate; art. 8: necessity).

Clearance is a handling code (:mod:`tnoc.tlp`) per member of a case: a member
cleared to TLP:AMBER consults no value of a TLP:AMBER+STRICT or TLP:RED source, and an
analysis whose inputs are stricter than the member's clearance is refused (its result
would carry their code, DESIGN.md §2). The decision is a value (:class:`Decision`), so a
denial is recorded in the audit trail as an allowance is (CJIS Security Policy §5.4.1.1:
unsuccessful access attempts are logged too).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tnoc.tlp import TLP_ORDER, tlp_rank

__all__ = ["OPERATIONS", "Act", "Decision", "Member", "Operation", "Role", "decide",
           "operation"]


class Role(StrEnum):
    """A member's role in a case."""

    ANALYST = "analyst"
    """Investigates: consults, resolves, analyses, reports and exports."""
    SUPERVISOR = "supervisor"
    """An analyst who also erases, places legal holds and reviews retention."""
    AUDITOR = "auditor"
    """The data-protection officer: reads the audit trail and verifies; no case data."""
    RESEARCHER = "researcher"
    """Searches and shows entities through keyed pseudonyms (research mode,
    :mod:`tnoc.govern.research`); never exports or judges. Network, money and assess
    analyses print names, so they stay closed to researchers until their listings go
    through research mode too (fail closed)."""
    INTAKE = "intake"
    """An intake officer: takes files in and sees what intake flagged; no analysis."""
    ADMIN = "admin"
    """Manages members and keys; no case data."""
    OWNER = "owner"
    """The one user of a case without members (not governed): everything, as before
    governance. Never granted: a governed case has no owner."""


class Act(StrEnum):
    """The kinds of processing LED art. 25(1) asks to log."""

    COLLECT = "collect"
    ALTER = "alter"
    CONSULT = "consult"
    DISCLOSE = "disclose"
    COMBINE = "combine"
    ERASE = "erase"


@dataclass(frozen=True)
class Operation:
    """One operation of the service layer and who may do it."""

    name: str
    act: Act
    roles: frozenset[Role]
    personal: bool = True
    """Reads or writes personal data: needs an open purpose in a governed case."""
    doc: str = ""


_INVESTIGATORS = frozenset({Role.ANALYST, Role.SUPERVISOR})
_ANALYSTS = _INVESTIGATORS | {Role.RESEARCHER}
"""Those who consult entities; a researcher through keyed pseudonyms (research mode)."""
_READERS = _ANALYSTS | {Role.INTAKE}
_EVERYONE = frozenset(Role) - {Role.OWNER}


def _ops(*ops: Operation) -> dict[str, Operation]:
    return {op.name: op for op in ops}


OPERATIONS: dict[str, Operation] = _ops(
    # collection
    Operation("ingest", Act.COLLECT, _INVESTIGATORS | {Role.INTAKE},
              doc="take a file in (statements, seal, exhibit)"),
    Operation("import", Act.COLLECT, _INVESTIGATORS | {Role.INTAKE},
              doc="take in a partner's STIX, MISP, CASE/UCO, graph or a Parquet export"),
    # consultation
    Operation("sources", Act.CONSULT, _READERS | {Role.AUDITOR}, personal=False,
              doc="list the sources taken in (file names, hashes, collection facts)"),
    Operation("flagged", Act.CONSULT, _INVESTIGATORS | {Role.INTAKE},
              doc="values intake flagged as invalid, as written"),
    Operation("search", Act.CONSULT, _ANALYSTS, doc="find entities by any value"),
    Operation("show", Act.CONSULT, _ANALYSTS, doc="every value of one entity"),
    Operation("candidates", Act.CONSULT, _INVESTIGATORS,
              doc="pairs of entities that may be one"),
    Operation("judgements", Act.CONSULT, _INVESTIGATORS, doc="the judgements made"),
    Operation("case summary", Act.CONSULT, _EVERYONE, personal=False,
              doc="counts of sources, statements and entities"),
    # alteration
    Operation("resolve", Act.ALTER, _INVESTIGATORS,
              doc="link records that are one entity (candidates, strong identifiers)"),
    Operation("judge", Act.ALTER, _INVESTIGATORS,
              doc="judge, merge, split, undo (review, merge, split, undo)"),
    Operation("categorise", Act.ALTER, _INVESTIGATORS,
              doc="record a data subject's category (LED art. 6)"),
    # combination: analyses joining data from several sources
    Operation("screen", Act.COMBINE, _INVESTIGATORS, doc="screen entities against lists"),
    Operation("network", Act.COMBINE, _INVESTIGATORS,
              doc="project and analyse networks (measures, communities, disruption...)"),
    Operation("money", Act.COMBINE, _INVESTIGATORS,
              doc="payments and crypto: checks, typologies, tracing, attribution"),
    Operation("assess", Act.COMBINE, _INVESTIGATORS,
              doc="trends, emerging threats, flows, priorities"),
    # disclosure
    Operation("report", Act.DISCLOSE, _INVESTIGATORS,
              doc="the threat-assessment report (HTML, PDF)"),
    Operation("export", Act.DISCLOSE, _INVESTIGATORS,
              doc="FtM, STIX, MISP, CASE/UCO, Parquet, graph files for a recipient"),
    Operation("bundle", Act.DISCLOSE, _INVESTIGATORS,
              doc="the court bundle"),
    Operation("dossier export", Act.DISCLOSE, _INVESTIGATORS,
              doc="an entity's dossier written to HTML or PDF (show --html/--pdf)"),
    # erasure, retention
    Operation("erase", Act.ERASE, frozenset({Role.SUPERVISOR}),
              doc="erase an entity's values (a tombstone stays in the ledger)"),
    Operation("hold", Act.ALTER, frozenset({Role.SUPERVISOR}), personal=False,
              doc="place or lift a legal hold"),
    Operation("retention", Act.ALTER, frozenset({Role.SUPERVISOR}), personal=False,
              doc="set time limits and review dates"),
    # custody and governance: no personal data
    Operation("custody", Act.CONSULT, _EVERYONE, personal=False,
              doc="the custody ledger: log, checkpoints, keys"),
    Operation("custody record", Act.ALTER, _INVESTIGATORS | {Role.INTAKE}, personal=False,
              doc="record a custody event by hand (transfer, return...)"),
    Operation("verify", Act.CONSULT, _EVERYONE, personal=False,
              doc="verify exhibits, seals, ledger and audit trail"),
    Operation("audit", Act.CONSULT, frozenset({Role.AUDITOR}), personal=False,
              doc="read the audit trail (who consulted what, when, why)"),
    Operation("users", Act.ALTER, frozenset({Role.ADMIN}), personal=False,
              doc="add, change or remove members; register their keys"),
    Operation("users list", Act.CONSULT, _EVERYONE, personal=False,
              doc="list the members of the case"),
    Operation("password", Act.ALTER, _EVERYONE, personal=False,
              doc="set one's own password for the web workspace"),
    Operation("dpia", Act.ALTER, frozenset({Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR}),
              personal=False, doc="record or list the data-protection impact assessment"),
)


def operation(name: str) -> Operation:
    """The operation called ``name``; a clear error naming the known ones otherwise."""
    try:
        return OPERATIONS[name]
    except KeyError:
        raise KeyError(f"no operation {name!r}; one of {', '.join(sorted(OPERATIONS))}") \
            from None


@dataclass(frozen=True)
class Member:
    """A user's place in a case: role and clearance (the strictest handling code the
    user may see there)."""

    user: str
    role: Role
    clearance: str = "TLP:AMBER"

    def cleared_for(self, code: str | None) -> bool:
        """May this member see a value whose handling code is ``code``?"""
        return self.role is Role.OWNER or tlp_rank(code) <= tlp_rank(self.clearance)


OWNER_CLEARANCE = TLP_ORDER[-1]


@dataclass(frozen=True)
class Decision:
    """Whether a member may do an operation now, and if not why."""

    allowed: bool
    reason: str = ""


def decide(member: Member | None, op: Operation, purpose: str | None, governed: bool,
           handling_code: str | None = None) -> Decision:
    """May ``member`` (None: not a member) do ``op`` with ``purpose``, on data whose
    strictest handling code is ``handling_code`` (None: not known before it runs)?

    In a case that is not governed (no members yet) the user is its owner and may do
    everything; a purpose is still recorded when given."""
    if not governed:
        return Decision(True)
    if member is None:
        return Decision(False, "not a member of this case")
    if member.role not in op.roles:
        allowed = ", ".join(sorted(r.value for r in op.roles))
        return Decision(False, f"the {member.role.value} role may not {op.name} "
                               f"(allowed: {allowed})")
    if op.personal and not (purpose and purpose.strip()):
        return Decision(False, f"{op.name} reads personal data: say why with --purpose "
                               "(or TNOC_PURPOSE): the case reference and justification")
    if handling_code is not None and not member.cleared_for(handling_code):
        return Decision(False, f"the data is {handling_code}; {member.user} is cleared to "
                               f"{member.clearance} in this case")
    return Decision(True)
