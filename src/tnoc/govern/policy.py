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

from collections.abc import Collection, Mapping
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
    """Searches, shows and analyses through keyed pseudonyms (research mode,
    :mod:`tnoc.govern.research`): the read-only network and money listings
    (``network listing``, ``money listing``) and the assess aggregates, people and their
    identifiers as pseudonyms and, in aggregates, counts under 5 suppressed. Never
    writes into the case (a stored projection, stored alerts, a disruption run) and
    never discloses (export, report, bundle): what is written or handed on would carry
    the real values outside research mode."""
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
    aggregate: bool = False
    """Its listings are aggregates: a researcher sees their counts under 5 suppressed
    (:func:`tnoc.govern.research.research_rows`)."""
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
    Operation("index", Act.ALTER, _INVESTIGATORS | {Role.INTAKE},
              doc="rebuild the case's search index (names, identifiers, text)"),
    Operation("categorise", Act.ALTER, _INVESTIGATORS,
              doc="record a data subject's category (LED art. 6)"),
    Operation("disposition", Act.ALTER, _INVESTIGATORS,
              doc="triage a stored typology alert: confirmed, false positive or "
                  "escalated, with a reason (web workspace)"),
    # combination: analyses joining data from several sources
    Operation("screen", Act.COMBINE, _INVESTIGATORS, doc="screen entities against lists"),
    Operation("network", Act.COMBINE, _INVESTIGATORS,
              doc="project and analyse networks (measures, communities, disruption...)"),
    Operation("money", Act.COMBINE, _INVESTIGATORS,
              doc="payments and crypto: checks, typologies, tracing, attribution"),
    Operation("assess", Act.COMBINE, _ANALYSTS, aggregate=True,
              doc="indicators, trends, emerging threats, where, flows, priorities "
                  "(aggregates: a researcher sees counts under 5 suppressed)"),
    # the read-only listings of those analyses, which a researcher sees in research mode
    # (pseudonyms; small cells suppressed in aggregates). What writes into the case (a
    # projection stored by 'network measures', a disruption run, alerts stored by
    # 'money typologies', a network export) stays under the operations above, closed to
    # researchers: stored results and files leave research mode with the real values.
    # So do the commands taking a person or an account as their argument (network
    # path and ego, money trace, explain and attribute): their arguments are looked up
    # by pseudonym (CaseService.resolve_names), but they print results outside the
    # listings research mode transforms (docs/governance.md, "Not yet").
    Operation("network listing", Act.COMBINE, _ANALYSTS,
              doc="communities, brokers, key players, timelines (communities and key "
                  "players kept for the dossier, never in research mode)"),
    Operation("money listing", Act.COMBINE, _ANALYSTS,
              doc="checks, clusters, scores, exposure (nothing stored)"),
    # disclosure
    Operation("report", Act.DISCLOSE, _INVESTIGATORS,
              doc="the threat-assessment report (HTML, PDF)"),
    Operation("export", Act.DISCLOSE, _INVESTIGATORS,
              doc="FtM, STIX, MISP, CASE/UCO, Parquet, graph files for a recipient"),
    Operation("bundle", Act.DISCLOSE, _INVESTIGATORS,
              doc="the court bundle"),
    Operation("dossier export", Act.DISCLOSE, _INVESTIGATORS,
              doc="an entity's dossier written to HTML or PDF (show --html/--pdf)"),
    # the web workspace's graph explorer: charts kept in the case (tnoc.web)
    Operation("chart save", Act.ALTER, _INVESTIGATORS,
              doc="keep a chart of the graph explorer in the case (charts/NAME.json)"),
    Operation("chart list", Act.CONSULT, _INVESTIGATORS, personal=False,
              doc="list the charts kept in the case"),
    Operation("chart layout", Act.CONSULT, _ANALYSTS, personal=False,
              doc="starting positions of a large chart (its node numbers and links "
                  "only; nothing of the case read, nothing recorded when allowed)"),
    Operation("chart open", Act.CONSULT, _INVESTIGATORS,
              doc="open a chart kept in the case (its nodes within the clearance)"),
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
    Operation("consultations", Act.CONSULT, frozenset({Role.SUPERVISOR, Role.AUDITOR}),
              personal=False, doc="who consulted one entity (its dossier page)"),
    Operation("users", Act.ALTER, frozenset({Role.ADMIN}), personal=False,
              doc="add, change or remove members; register their keys"),
    Operation("users list", Act.CONSULT, _EVERYONE, personal=False,
              doc="list the members of the case"),
    Operation("password", Act.ALTER, _EVERYONE, personal=False,
              doc="set one's own password for the web workspace"),
    Operation("intake", Act.CONSULT, _INVESTIGATORS | {Role.INTAKE}, personal=False,
              doc="the triage queue of citizen reports (kinds, urgency, days)"),
    Operation("intake read", Act.CONSULT, _INVESTIGATORS | {Role.INTAKE},
              doc="read a citizen report before taking it into the case"),
    Operation("intake reply", Act.ALTER, _INVESTIGATORS | {Role.INTAKE}, personal=False,
              doc="reply to a citizen report's reporter (read with their receipt)"),
    Operation("intake purge", Act.ERASE, frozenset({Role.SUPERVISOR}), personal=False,
              doc="purge citizen reports past their retention day (tombstones stay)"),
    Operation("intake hold", Act.ALTER, frozenset({Role.SUPERVISOR}), personal=False,
              doc="keep a citizen report past its retention day, or release it"),
    Operation("login", Act.CONSULT, _EVERYONE, personal=False,
              doc="log in to the web workspace with one's password"),
    Operation("release request", Act.ALTER, _INVESTIGATORS, personal=False,
              doc="ask to see a reporter's identity (compartment), with a reason"),
    Operation("release approve", Act.ALTER, frozenset({Role.SUPERVISOR}), personal=False,
              doc="approve another member's release request (never one's own)"),
    Operation("release list", Act.CONSULT, _EVERYONE, personal=False,
              doc="list the releases of compartmented values"),
    Operation("purpose", Act.ALTER, frozenset({Role.SUPERVISOR}), personal=False,
              doc="open or close a purpose of the case (reference, justification, end)"),
    Operation("purpose list", Act.CONSULT, _EVERYONE, personal=False,
              doc="list the purposes of the case, open and ended"),
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
    remedy: str = ""
    """What the refused member can do about it (who may, who can change it): said to
    them with the reason, not recorded in the audit trail, which keeps the reason."""


def decide(member: Member | None, op: Operation, purpose: str | None, governed: bool,
           handling_code: str | None = None, open_purposes: Collection[str] = (),
           ended: Mapping[str, str] | None = None) -> Decision:
    """May ``member`` (None: not a member) do ``op`` for ``purpose``, on data whose
    strictest handling code is ``handling_code`` (None: not known before it runs)?

    ``open_purposes`` are the references of the case's open, unexpired purposes
    (:mod:`tnoc.govern.purposes`): in a governed case an operation reading personal
    data must name one (LED art. 4(1)(b), art. 8); ``ended`` says why a reference that
    is not open cannot be used (closed, expired, or not what the ledger says). In a
    case that is not governed (no members yet) the user is its owner and may do
    everything; the purpose is recorded as given."""
    if not governed:
        return Decision(True)
    if member is None:
        return Decision(False, "not a member of this case",
                        "ask the case's owner or one of its admins (who gave you the "
                        "case) to add you: they run 'tnoc users add USER --role ROLE "
                        "--clearance TLP:...'")
    if member.role not in op.roles:
        allowed = ", ".join(sorted(r.value for r in op.roles))
        return Decision(False, f"the {member.role.value} role may not {op.name} "
                               f"(allowed: {allowed})",
                        f"a member with one of those roles may; an admin changes "
                        f"{member.user}'s role with 'tnoc users add {member.user} --role "
                        f"ROLE' ('tnoc users roles' says what each role may do)")
    named = purpose.strip() if purpose else ""
    if op.personal and named not in open_purposes:
        choices = (f"the open purposes are: {', '.join(sorted(open_purposes))}"
                   if open_purposes else "none is open: a supervisor opens one with "
                   "'tnoc purpose open REF --justification TEXT'")
        if not named:
            return Decision(False, f"{op.name} reads personal data: name the open purpose "
                                   f"it serves with --purpose REF (or TNOC_PURPOSE); "
                                   f"{choices}")
        why = (ended or {}).get(named, "no purpose of this case has that reference")
        return Decision(False, f"--purpose {named!r} is not an open purpose of this case "
                               f"({why}); --purpose takes the reference of an open "
                               f"purpose, and {choices}")
    if handling_code is not None and not member.cleared_for(handling_code):
        return Decision(False, f"the data is {handling_code}; {member.user} is cleared to "
                               f"{member.clearance} in this case",
                        f"a member cleared to {handling_code} may; an admin raises "
                        f"{member.user}'s clearance with 'tnoc users add {member.user} "
                        f"--role {member.role.value} --clearance {handling_code}'")
    return Decision(True)
