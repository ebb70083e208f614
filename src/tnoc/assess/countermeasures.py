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
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from tnoc.assess.profiles import GroupProfile


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


def _network(profile: GroupProfile) -> list[Option]:
    out = []
    best = profile.best_disruption()
    if best:
        strategy, result = best
        r = result.robustness()
        random_r = profile.simulations["random"].robustness()
        targets = ", ".join(a for step in result.steps[1:4] for a in step.removed)
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


def _malware(profile: GroupProfile, con: duckdb.DuckDBPyConnection) -> list[Option]:
    operators = con.execute("""
        SELECT detail, count(DISTINCT entity_id) AS n FROM locations
        WHERE group_kind = 'malware family' AND group_name = ? AND detail IS NOT NULL
          AND method LIKE 'ip registry%' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3""",
        [profile.name]).fetchall()
    online = profile.metrics.get("online") or 0.0
    total = profile.metrics.get("infrastructure") or 0.0
    out = []
    if operators:
        share = sum(n for _, n in operators) / total if total else 0.0
        out.append(Option(
            profile.key, "Pursue", "Disrupt", "takedown or sinkhole requests to "
            + "; ".join(f"{o} ({n} hosts)" for o, n in operators),
            f"{share:.0%} of the family's {total:.0f} known hosts ({online:.0f} online)",
            f"{len(profile.sources)} feed(s); operator from GeoLite2 ASN data", 1.0 - share))
    usd = profile.metrics.get("value_usd")
    if usd:
        out.append(Option(
            profile.key, "Pursue", "Disrupt", "follow the ransom from the attributed wallets to "
            "exchanges and request freezes (tnoc money trace / exposure)",
            f"${usd:,.0f} in {profile.detail.get('ransom_payments', 0)} payments",
            f"{len(profile.sources)} source(s); wallet attribution", 0.5))
    out.append(Option(profile.key, "Protect", "Detect", "share the family's indicators as a "
                      "blocklist with partners (STIX 2.1 / MISP export)",
                      f"blocks {online:.0f} live hosts at the network edge",
                      f"{len(profile.sources)} feed(s)", 1.5))
    out.append(Option(profile.key, "Prevent", "Detect", "victim notification to the networks "
                      "of the registry countries: " + ", ".join(profile.countries[:8]),
                      "not measured", "registry country of each host", 2.5))
    return out


def _vendor(profile: GroupProfile) -> list[Option]:
    origins = ", ".join(profile.countries) or "unknown (not stated or unresolved)"
    return [
        Option(profile.key, "Pursue", "Disrupt", "test purchases and controlled deliveries; "
               f"request assistance in the ships-from country: {origins}",
               f"{profile.metrics.get('listings', 0):.0f} listings in the snapshot",
               f"{len(profile.sources)} market snapshot(s)", 1.0),
        Option(profile.key, "Protect", "Detect", "parcel screening on the vendor's routes"
               + (" (ships worldwide)" if profile.metrics.get("worldwide") else ""),
               "not measured", "stated shipping terms", 2.0),
    ]


def _laundering(profile: GroupProfile) -> list[Option]:
    busiest = profile.detail.get("busiest")
    carried = [(str(a), int(n)) for a, n in busiest] if isinstance(busiest, list) else []
    out = []
    transfers = profile.metrics.get("transfers") or 0.0
    if carried:
        share = max(n for _, n in carried) / transfers if transfers else 0.0
        out.append(Option(
            profile.key, "Pursue", "Disrupt", "freezing and production orders on the "
            "accounts in most alerted transfers: " + "; ".join(f"{a} ({n})"
                                                               for a, n in carried),
            f"the busiest account is in {share:.0%} of the network's {transfers:.0f} "
            "alerted transfers", f"{len(profile.sources)} source(s); typology alerts",
            1.0 - share))
    banks = profile.detail.get("banks_total", 0)
    out.append(Option(
        profile.key, "Protect", "Detect", f"share the alerts with the {banks} bank(s) "
        "holding the accounts (suspicious-activity follow-up; tnoc money typologies "
        "--csv)", f"{profile.metrics.get('alerts') or 0:.0f} alerts on "
        f"{profile.metrics.get('accounts') or 0:.0f} accounts",
        "alert rules and parameters in the run", 1.5))
    out.append(Option(
        profile.key, "Prevent", "Divert", "money-mule awareness where the accounts are "
        "held; offer account holders a way out before prosecution", "not measured",
        "account holders " + ("known" if profile.metrics.get("holders") else
                              "not known (a data gap)"), 2.5))
    return out


def countermeasures(profiles: list[GroupProfile], con: duckdb.DuckDBPyConnection
                    ) -> list[Option]:
    """Options for every profile, grouped by profile, ranked within each."""
    out: list[Option] = []
    for profile in profiles:
        if profile.kind == "criminal network":
            options = _network(profile)
        elif profile.kind == "malware family":
            options = _malware(profile, con)
        elif profile.kind == "laundering network":
            options = _laundering(profile)
        else:
            options = _vendor(profile)
        out.extend(sorted(options, key=lambda o: o.rank))
    return out
