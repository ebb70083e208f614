"""Laundering networks: group profiles built from the money module's typology alerts.

A typology run (``tnoc money typologies``, :mod:`tnoc.money.alerts`) keeps each alert as
a ``TypologyAlert`` citing the payments it rests on. Alerts that share an account are
one scheme seen from several sides (a fan-in feeding a layered path feeding a cycle),
so the accounts of the newest run's alerts are joined into connected components: each
component is one **laundering network** profile, with

- its scale (accounts, alerts, alerted transfers) and typologies;
- the alerted value in USD (transfers in US dollars, however the file spells the
  currency; other currencies are summed per ISO code in ``detail`` and not converted:
  the case holds no exchange rates);
- the banks holding the accounts and the countries of accounts that state one;
- its *holders*: who owns the accounts (``Ownership``) or pays and receives through
  them (a ``Payment`` whose party differs from its account).

:func:`link_to_networks` then ties the money to the groups analysts know: a criminal
network whose actors hold accounts of a laundering network receives its alerted value
(``value_usd``) and the link, in both profiles' ``detail``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import NamedTuple

import duckdb
import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from tnoc.assess.profiles import GroupProfile, blank_profile
from tnoc.money.currency import iso_currency


class AlertTransfer(NamedTuple):
    """One transfer of one alert, with the accounts at its two ends."""

    alert: str
    typology: str
    payment: str
    payer: str
    beneficiary: str
    amount: float | None
    currency: str | None
    source_id: str


def latest_typology_run(con: duckdb.DuckDBPyConnection) -> str | None:
    """The source id of the newest stored typology run (None: no run kept)."""
    row = con.execute("SELECT source_id FROM sources WHERE mapping = 'tnoc.typologies' "
                      "ORDER BY ingested_at DESC, source_id DESC LIMIT 1").fetchone()
    return str(row[0]) if row else None


def _alert_accounts(con: duckdb.DuckDBPyConnection, run: str) -> list[tuple[object, ...]]:
    """(alert, typology, transfer, payer, beneficiary, amount, currency, source) rows."""
    return con.execute("""
        WITH t AS (
            SELECT entity_id AS alert, any_value(value) AS typology FROM statement_store
            WHERE source_id = $run AND prop = 'typology' GROUP BY 1),
        a AS (
            SELECT s.entity_id AS alert, t.typology, s.value AS payment
            FROM statement_store s JOIN t ON t.alert = s.entity_id
            WHERE s.source_id = $run AND s.prop = 'transfers'),
        p AS (
            SELECT canonical_id AS payment,
                coalesce(any_value(value) FILTER (WHERE prop = 'payerAccount'),
                         any_value(value) FILTER (WHERE prop = 'payer')) AS payer,
                coalesce(any_value(value) FILTER (WHERE prop = 'beneficiaryAccount'),
                         any_value(value) FILTER (WHERE prop = 'beneficiary')) AS beneficiary,
                any_value(TRY_CAST(value AS DOUBLE)) FILTER (WHERE prop = 'amount'
                                                              AND flag IS NULL) AS amount,
                any_value(value) FILTER (WHERE prop = 'currency') AS currency,
                any_value(source_id) AS source_id
            FROM statements WHERE schema = 'Payment'
              AND canonical_id IN (SELECT payment FROM a)
            GROUP BY 1)
        SELECT a.alert, a.typology, payment, p.payer, p.beneficiary, p.amount, p.currency,
               p.source_id
        FROM a JOIN p USING (payment)
        WHERE p.payer IS NOT NULL AND p.beneficiary IS NOT NULL
        ORDER BY a.alert, p.payment""", {"run": run}).fetchall()


def _account_facts(con: duckdb.DuckDBPyConnection, accounts: list[str]
                   ) -> dict[str, dict[str, set[str]]]:
    """Per account: bank names, countries, holders and a readable label."""
    facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for account, prop, value in con.execute("""
            SELECT canonical_id, prop, value FROM statements
            WHERE canonical_id IN (SELECT unnest($a)) AND flag IS NULL
              AND prop IN ('bankName', 'country', 'accountNumber', 'iban')
            UNION ALL
            SELECT a.value, 'holder', o.value FROM statements a
            JOIN statements o ON o.canonical_id = a.canonical_id AND o.prop = 'owner'
            WHERE a.schema = 'Ownership' AND a.prop = 'asset' AND a.value IN (SELECT unnest($a))
            UNION ALL
            SELECT acct.value, 'holder', party.value FROM statements acct
            JOIN statements party ON party.canonical_id = acct.canonical_id
             AND party.schema = 'Payment'
             AND ((acct.prop = 'payerAccount' AND party.prop = 'payer')
               OR (acct.prop = 'beneficiaryAccount' AND party.prop = 'beneficiary'))
            WHERE acct.schema = 'Payment' AND acct.value IN (SELECT unnest($a))
              AND party.value <> acct.value""", {"a": accounts}).fetchall():
        facts[str(account)][str(prop)].add(str(value))
    return facts


def laundering_profiles(con: duckdb.DuckDBPyConnection, top: int = 5
                        ) -> list[GroupProfile]:
    """The ``top`` laundering networks of the newest typology run, by alerted USD value
    then by alerted transfers (see the module docstring). Empty without a run."""
    run = latest_typology_run(con)
    if run is None:
        return []
    rows = [AlertTransfer(str(a), str(t), str(p), str(f), str(b),
                          None if x is None else float(x),  # type: ignore[arg-type]
                          iso_currency(str(c)) or (None if c is None else str(c)), str(s))
            for a, t, p, f, b, x, c, s in _alert_accounts(con, run)]
    if not rows:
        return []
    accounts = sorted({r.payer for r in rows} | {r.beneficiary for r in rows})
    index = {a: i for i, a in enumerate(accounts)}
    src = np.array([index[r.payer] for r in rows])
    dst = np.array([index[r.beneficiary] for r in rows])
    graph = coo_matrix((np.ones(len(rows)), (src, dst)), shape=(len(accounts),) * 2)
    _, component = connected_components(graph, directed=True, connection="weak")
    members: dict[int, list[AlertTransfer]] = defaultdict(list)
    for r, c in zip(rows, component[src], strict=True):
        members[int(c)].append(r)

    def weight(c: int) -> tuple[float, int]:
        transfers = {r.payment: r for r in members[c]}
        usd = sum(r.amount or 0.0 for r in transfers.values() if r.currency == "USD")
        return usd, len(transfers)

    chosen = sorted(members, key=lambda c: (-weight(c)[0], -weight(c)[1], c))[:top]
    facts = _account_facts(con, sorted({str(a) for c in chosen for r in members[c]
                                        for a in (r.payer, r.beneficiary)}))
    return [_profile(members[c], facts, run) for c in chosen]


def _profile(rows: list[AlertTransfer], facts: dict[str, dict[str, set[str]]],
             run: str) -> GroupProfile:
    accounts = sorted({a for r in rows for a in (r.payer, r.beneficiary)})
    alerts = {r.alert for r in rows}
    transfers = {r.payment: r for r in rows}
    by_currency: dict[str, float] = defaultdict(float)
    for r in transfers.values():
        if r.amount is not None:
            by_currency[r.currency or "unknown"] += r.amount
    typologies = Counter(r.typology for r in {r.alert: r for r in rows}.values())
    degree = Counter(a for r in transfers.values() for a in (r.payer, r.beneficiary))
    hub = max(accounts, key=lambda a: (degree[a], a))
    label = sorted(facts[hub].get("accountNumber") or facts[hub].get("iban") or {hub})[0]
    bank = sorted(facts[hub].get("bankName") or {""})[0]
    holders = sorted({h for a in accounts for h in facts[a].get("holder", set())})
    countries = sorted({c for a in accounts for c in facts[a].get("country", set())})
    banks = sorted({b for a in accounts for b in facts[a].get("bankName", set())})
    profile = blank_profile("laundering network",
                            f"around account {label}" + (f" (bank {bank})" if bank else ""))
    profile.metrics.update({
        "accounts": float(len(accounts)), "alerts": float(len(alerts)),
        "transfers": float(len(transfers)),
        "value_usd": by_currency.get("USD"),
        "countries": float(len(countries)) if countries else None,
        "holders": float(len(holders)) if holders else None})
    profile.countries = countries
    profile.members = accounts
    profile.detail.update({
        "typologies": dict(typologies.most_common()), "banks": banks[:20],
        "banks_total": len(banks), "value_by_currency": dict(sorted(by_currency.items())),
        "holders": holders, "busiest": degree.most_common(5), "hub": hub,
        "typology_run": run})
    profile.sources = sorted({run} | {r.source_id for r in rows})
    return profile


def _listed(profile: GroupProfile, key: str) -> list[object]:
    """``profile.detail[key]`` as a list (created empty when missing)."""
    value = profile.detail.setdefault(key, [])
    assert isinstance(value, list)
    return value


def link_to_networks(networks: list[GroupProfile], laundering: list[GroupProfile]) -> int:
    """Tie laundering networks to criminal networks whose actors hold their accounts:
    the network's ``value_usd`` becomes the alerted USD value of those laundering
    networks, and both profiles name each other in ``detail``. Returns the links made."""
    links = 0
    for network in networks:
        if network.projection is None:
            continue
        actors = set(network.projection.ids)
        for money in laundering:
            shared = sorted(actors & {str(h) for h in _listed(money, "holders")})
            if not shared:
                continue
            links += 1
            value = money.metrics.get("value_usd")
            if value is not None:
                network.metrics["value_usd"] = (network.metrics.get("value_usd") or 0.0) + value
            _listed(network, "laundering networks").append(
                {"group": money.key, "holders": shared})
            _listed(money, "criminal networks").append({"group": network.key, "holders": shared})
            network.sources = sorted(set(network.sources) | set(money.sources))
    return links
