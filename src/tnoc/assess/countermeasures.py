"""Countermeasures per group under the 4Ps (Pursue, Prevent, Protect, Prepare; the UK
Serious and Organised Crime Strategy's frame) and the 5Ds (Divert, Deter, Detect,
Disrupt, Develop), ranked where the case can rank them.

Each option carries both labels, so an analyst can present it in either frame. The 5D
label is TNOC's reading of what the option does: *Divert* moves people away from
offending, *Deter* makes offending less attractive, *Detect* finds offending or its
victims, *Disrupt* interferes with an operation under way (arrests, takedowns,
freezes), *Develop* builds the capability and partnerships the others need.

Options come from the group's profile, not a fixed list: a network gets the removal
of the actors the disruption simulation targets first, ranked by the robustness R it
leaves (Schneider et al. 2011: lower is better) against random removal; a malware family
gets takedown requests to the operators hosting the most of its live infrastructure
and blocklist sharing; a darknet vendor gets action in its ships-from countries and
parcel screening on its routes; a laundering network gets freezing and production
orders on the accounts in most of its alerted transfers, ranked by that share, and the
alerts shared with the banks holding the accounts. Each option states its evidence
strength: the number of sources behind it and, where simulated, the network impact.
Actors and accounts are named as the analyst knows them (the actor's name, "account
NUMBER (bank CODE)"), never by the store's entity ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb

from tnoc.assess.geo import Locations, family_operators
from tnoc.assess.profiles import GroupProfile
from tnoc.assess.wording import number


@dataclass
class Option:
    """One countermeasure for one group."""

    group: str
    p: str  # Pursue, Prevent, Protect, Prepare
    d: str  # Divert, Deter, Detect, Disrupt, Develop
    action: str
    impact: str
    evidence: str
    rank: float  # lower first; simulated impact where there is one


def entity_names(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> dict[str, str]:
    """A readable name per entity id, as the money commands name parties
    (:func:`tnoc.store.parties.party_names`): a person's or company's name; a bank
    account as "account NUMBER (bank CODE)", after its holder's name where the case
    names one; the id only when the store holds nothing better."""
    from tnoc.store.parties import party_names

    return party_names(con, ids)


def _network(profile: GroupProfile, names: Mapping[str, str]) -> list[Option]:
    out = []
    best = profile.best_disruption()
    if best:
        strategy, result = best
        r = result.robustness()
        random_r = profile.simulations["random"].robustness()
        targets = ", ".join(names.get(a, a) for step in result.steps[1:4]
                            for a in step.removed)
        out.append(Option(
            profile.key, "Pursue", "Disrupt", f"arrest or otherwise remove, in order, {targets}",
            f"simulated robustness R {r:.3f} under {strategy} removal against "
            f"{random_r:.3f} for random removal ({random_r / r if r else float('inf'):.1f}x "
            "faster fragmentation)", f"{len(profile.sources)} source(s); network simulation",
            r))
    out.append(Option(profile.key, "Prevent", "Divert", "divert peripheral members (low degree, "
                      "outside the core) before they are recruited into it",
                      "not simulated", "network position only", 2.0))
    out.append(Option(profile.key, "Prepare", "Develop", "plan for replacement of removed brokers: "
                      "re-run the disruption with recovery (tnoc network disrupt "
                      "--recovery triadic)", "tests the Pursue option's durability",
                      "simulation parameters", 3.0))
    return out


def _malware(profile: GroupProfile, con: duckdb.DuckDBPyConnection,
             locations: Locations | None) -> list[Option]:
    if locations is None:
        raise ValueError(f"malware family {profile.name!r}: its countermeasures need the "
                         "case's locations (tnoc.assess.geo.locate_case)")
    operators = family_operators(con, locations, profile.name)
    online = profile.metrics.get("online") or 0.0
    total = profile.metrics.get("infrastructure") or 0.0
    out = []
    if operators:
        share = sum(n for _, n in operators) / total if total else 0.0
        out.append(Option(
            profile.key, "Pursue", "Disrupt", "takedown or sinkhole requests to "
            + "; ".join(f"{o} ({n} hosts)" for o, n in operators),
            f"{share:.0%} of the family's {number(total)} known hosts ({number(online)} "
            "online)",
            f"{len(profile.sources)} feed(s); operator from GeoLite2 ASN data", 1.0 - share))
    usd = profile.metrics.get("value_usd")
    if usd:
        out.append(Option(
            profile.key, "Pursue", "Disrupt", "follow the ransom from the attributed wallets to "
            "exchanges and request freezes (tnoc money trace / exposure)",
            f"${usd:,.0f} in {number(profile.detail.get('ransom_payments', 0))} payments",  # type: ignore[arg-type]
            f"{len(profile.sources)} source(s); wallet attribution", 0.5))
    if total:  # a family known only by its payments has no indicators to share
        out.append(Option(profile.key, "Protect", "Detect", "share the family's indicators as "
                          "a blocklist with partners (STIX 2.1 / MISP export)",
                          f"blocks {number(online)} live host(s) at the network edge",
                          f"{len(profile.sources)} feed(s)", 1.5))
    if profile.countries:
        shown = profile.countries[:8]
        more = len(profile.countries) - len(shown)
        out.append(Option(profile.key, "Prevent", "Detect", "victim notification to the "
                          "networks of the registry countries: " + ", ".join(shown)
                          + (f" and {more} more" if more else ""),
                          "not measured", "registry country of each host", 2.5))
    return out


def _vendor(profile: GroupProfile) -> list[Option]:
    origins = ", ".join(profile.countries) or "unknown (not stated or unresolved)"
    return [
        Option(profile.key, "Pursue", "Disrupt", "test purchases and controlled deliveries; "
               f"request assistance in the ships-from country: {origins}",
               f"{number(profile.metrics.get('listings', 0))} listings in the snapshot",
               f"{len(profile.sources)} market snapshot(s)", 1.0),
        Option(profile.key, "Protect", "Detect", "parcel screening on the vendor's routes"
               + (" (ships worldwide)" if profile.metrics.get("worldwide") else ""),
               "not measured", "stated shipping terms", 2.0),
    ]


def _laundering(profile: GroupProfile, names: Mapping[str, str]) -> list[Option]:
    busiest = profile.detail.get("busiest")
    carried = [(names.get(str(a), str(a)), int(n)) for a, n in busiest] \
        if isinstance(busiest, list) else []
    out = []
    transfers = profile.metrics.get("transfers") or 0.0
    if carried:
        share = max(n for _, n in carried) / transfers if transfers else 0.0
        out.append(Option(
            profile.key, "Pursue", "Disrupt", "freezing and production orders on the "
            "accounts in most alerted transfers: " + "; ".join(f"{a} ({n})"
                                                               for a, n in carried),
            f"the busiest account is in {share:.0%} of the network's {number(transfers)} "
            "alerted transfers", f"{len(profile.sources)} source(s); typology alerts",
            1.0 - share))
    banks = profile.detail.get("banks_total", 0)
    out.append(Option(
        profile.key, "Protect", "Detect", f"share the alerts with the {banks} bank(s) "
        "holding the accounts (suspicious-activity follow-up; tnoc money typologies "
        "--csv)", f"{number(profile.metrics.get('alerts') or 0)} alert(s) on "
        f"{number(profile.metrics.get('accounts') or 0)} account(s)",
        "alert rules and parameters in the run", 1.5))
    out.append(Option(
        profile.key, "Prevent", "Divert", "money-mule awareness where the accounts are "
        "held; offer account holders a way out before prosecution", "not measured",
        "account holders " + ("known" if profile.metrics.get("holders") else
                              "not known (a data gap)"), 2.5))
    return out


def countermeasures(profiles: list[GroupProfile], con: duckdb.DuckDBPyConnection,
                    locations: Locations | None = None) -> list[Option]:
    """Options for every profile, grouped by profile, ranked within each; actors and
    accounts named (:func:`entity_names`). ``locations`` (the handle of
    :func:`tnoc.assess.geo.locate_case`) names the operators of a malware family's
    infrastructure; profiles without a malware family need none."""
    ids = [a for p in profiles if (best := p.best_disruption())
           for step in best[1].steps[1:4] for a in step.removed]
    ids += [str(a) for p in profiles if isinstance(busy := p.detail.get("busiest"), list)
            for a, _n in busy]
    names = entity_names(con, ids)
    out: list[Option] = []
    for profile in profiles:
        if profile.kind == "criminal network":
            options = _network(profile, names)
        elif profile.kind == "malware family":
            options = _malware(profile, con, locations)
        elif profile.kind == "laundering network":
            options = _laundering(profile, names)
        else:
            options = _vendor(profile)
        out.extend(sorted(options, key=lambda o: o.rank))
    return out


@dataclass
class GroupOptions:
    """One group's countermeasures as the report shows them: the ``shown`` most
    effective (lowest rank) first, the ``more`` counted and listed in full elsewhere
    (the report's appendix and its run record), never dropped."""

    group: str
    shown: list[Option]
    more: list[Option]

    def more_labels(self) -> str:
        """The 4P/5D labels of the options not shown, counted ("Protect/Detect ×2,
        Prevent/Divert"), so the summary line says what kind of options follow."""
        counts: dict[str, int] = {}
        for o in self.more:
            counts[f"{o.p}/{o.d}"] = counts.get(f"{o.p}/{o.d}", 0) + 1
        return ", ".join(k + (f" ×{n}" if n > 1 else "") for k, n in counts.items())


def by_group(options: Sequence[Option], order: Sequence[str] = (), shown: int = 1
             ) -> list[GroupOptions]:
    """``options`` grouped by group, most effective first within each, the first
    ``shown`` of each group to show and the rest to summarise. Groups come in
    ``order`` (the priority ranking), then any others as they first appear."""
    if shown < 1:
        raise ValueError("show at least one option per group")
    grouped: dict[str, list[Option]] = {}
    for o in options:
        grouped.setdefault(o.group, []).append(o)
    rank = {g: i for i, g in enumerate(order)}
    first = {g: i for i, g in enumerate(grouped)}
    out = []
    for group in sorted(grouped, key=lambda g: (rank.get(g, len(rank)), first[g])):
        ranked = sorted(grouped[group], key=lambda o: o.rank)
        out.append(GroupOptions(group, ranked[:shown], ranked[shown:]))
    return out
