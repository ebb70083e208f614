"""Triage of stored typology alerts: each alert's disposition, with who decided and why.

An alert of ``tnoc money typologies`` (a ``TypologyAlert``, :mod:`tnoc.money.alerts`) is
a lead, not a finding: an analyst looks at it and decides whether it is *confirmed*
(suspicious, to be worked or reported), a *false positive* (explained by legitimate
activity) or *escalated* (to a supervisor or the FIU). FATF Recommendation 20 and the
EU AML Directive (2015/849) art. 33 ask that the analysis behind a suspicious
transaction report, and the decision not to report, can be shown later; so every
disposition is kept (never overwritten) with its reason, actor and time, and is also an
entry of the custody ledger in the same transaction. The latest one is the alert's
disposition; the earlier ones are its history.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb

from tnoc.errors import TnocError
from tnoc.ledger.custody import record_analysis
from tnoc.money.currency import iso_currency

__all__ = ["DISPOSITIONS", "AlertPage", "Disposition", "StoredAlert", "alert_dispositions",
           "alert_runs", "alert_source", "record_disposition", "stored_alerts"]

DISPOSITIONS = ("confirmed", "false positive", "escalated")
"""What an analyst may decide about an alert."""

_TABLE = """
CREATE TABLE IF NOT EXISTS alert_dispositions (
    disposition_id VARCHAR PRIMARY KEY,
    seq BIGINT NOT NULL,
    alert_id VARCHAR NOT NULL,
    disposition VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    decided_at TIMESTAMPTZ NOT NULL
)
"""


@dataclass(frozen=True)
class Disposition:
    """One decision about an alert."""

    disposition_id: str
    alert_id: str
    disposition: str
    reason: str
    actor: str
    decided_at: datetime


@dataclass
class StoredAlert:
    """A stored typology alert as a triage listing shows it: the rule, the focal account,
    how many transfers it rests on, the money per currency (never added across
    currencies), the source (analysis run) it was stored by, and its dispositions,
    newest first."""

    alert_id: str
    name: str
    typology: str
    focus: str | None
    transfers: int
    totals: dict[str, float]
    first: str | None
    last: str | None
    source_id: str
    history: list[Disposition] = field(default_factory=list)

    @property
    def disposition(self) -> Disposition | None:
        """The alert's disposition in force: the latest one (None: not triaged yet)."""
        return self.history[0] if self.history else None


def _ensure(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_TABLE)


_ALERTS_SQL = """
WITH alerts AS (
    SELECT entity_id, any_value(source_id) AS source_id,
           max(value) FILTER (WHERE prop = 'name') AS name,
           max(value) FILTER (WHERE prop = 'typology') AS typology,
           max(value) FILTER (WHERE prop = 'focus') AS focus,
           count(DISTINCT value) FILTER (WHERE prop = 'transfers') AS transfers
    FROM statement_store WHERE schema = 'TypologyAlert' AND flag IS NULL
      AND list_contains($runs, source_id)
    GROUP BY entity_id
), latest AS ({latest})
SELECT a.entity_id, a.name, a.typology, a.focus, a.transfers, a.source_id,
       count(*) OVER () AS matching
FROM alerts a LEFT JOIN latest l ON l.alert_id = a.entity_id
WHERE ($typology IS NULL OR a.typology = $typology)
  AND ($disposition IS NULL OR coalesce(l.disposition, 'open') = $disposition)
ORDER BY a.source_id DESC, a.transfers DESC, a.entity_id
LIMIT $limit OFFSET $offset
"""

_TOTALS_SQL = """
WITH wanted AS (
    SELECT entity_id, value AS payment FROM statement_store
    WHERE schema = 'TypologyAlert' AND prop = 'transfers' AND flag IS NULL
      AND list_contains($ids, entity_id)
), paid AS (
    SELECT w.entity_id, p.entity_id AS payment,
           max(p.value) FILTER (WHERE p.prop = 'amount') AS amount,
           max(p.value) FILTER (WHERE p.prop = 'currency') AS currency,
           max(p.value) FILTER (WHERE p.prop = 'date') AS date
    FROM wanted w JOIN statement_store p ON p.entity_id = w.payment
    WHERE p.prop IN ('amount', 'currency', 'date') AND p.flag IS NULL
      AND p.entity_id IN (SELECT payment FROM wanted)
    GROUP BY w.entity_id, p.entity_id
)
SELECT entity_id, coalesce(currency, '') AS currency, sum(TRY_CAST(amount AS DOUBLE)),
       min(date), max(date)
FROM paid GROUP BY ALL ORDER BY 1, 2
"""


@dataclass(frozen=True)
class AlertPage:
    """One page of the stored alerts matching a filter: the alerts, how many match in
    all, and the typologies of every alert of the runs read (the filter's choices)."""

    alerts: list[StoredAlert]
    matching: int
    typologies: list[str]


def alert_runs(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The sources (typology runs) that stored alerts in the case."""
    return [str(s) for s, in con.execute(
        "SELECT DISTINCT source_id FROM statement_store WHERE schema = 'TypologyAlert' "
        "ORDER BY 1").fetchall()]


def stored_alerts(con: duckdb.DuckDBPyConnection, runs: Sequence[str],
                  typology: str | None = None, disposition: str | None = None,
                  limit: int = 100, offset: int = 0) -> AlertPage:
    """The typology alerts the runs ``runs`` stored, newest run first and the most
    transfers first within a run, each with its dispositions and its money per currency
    (never added across currencies): those of one ``typology`` (None: every one) whose
    disposition in force is ``disposition`` (``"open"``: not triaged yet; None: any),
    ``limit`` of them from ``offset``. The money is summed for the page only, so a case
    with tens of thousands of alerts answers at once."""
    if disposition not in (None, "open", *DISPOSITIONS):
        raise TnocError(f"unknown disposition {disposition!r}: use open or one of "
                        f"{', '.join(DISPOSITIONS)}")
    history = alert_dispositions(con)
    latest = ("SELECT alert_id, arg_max(disposition, seq) AS disposition FROM "
              "alert_dispositions GROUP BY 1" if history else
              "SELECT NULL::VARCHAR AS alert_id, NULL::VARCHAR AS disposition WHERE false")
    params = {"runs": list(runs), "typology": typology, "disposition": disposition,
              "limit": max(limit, 0), "offset": max(offset, 0)}
    rows = con.execute(_ALERTS_SQL.format(latest=latest), params).fetchall()
    ids = [str(r[0]) for r in rows]
    totals: dict[str, dict[str, float]] = {}
    dates: dict[str, list[str]] = {}
    for alert_id, currency, amount, first, last in (con.execute(
            _TOTALS_SQL, {"ids": ids}).fetchall() if ids else []):
        code = iso_currency(str(currency)) or str(currency)  # "Ruble" and "RUB" are one
        kept = totals.setdefault(str(alert_id), {})
        kept[code] = kept.get(code, 0.0) + float(amount or 0.0)
        dates.setdefault(str(alert_id), []).extend(str(d) for d in (first, last) if d)
    period: dict[str, tuple[str | None, str | None]] = {
        a: (min(d), max(d)) for a, d in dates.items() if d}
    typologies = [str(t) for t, in con.execute(
        "SELECT DISTINCT value FROM statement_store WHERE schema = 'TypologyAlert' AND "
        "prop = 'typology' AND list_contains($runs, source_id) ORDER BY 1",
        {"runs": list(runs)}).fetchall()]
    alerts = [StoredAlert(str(alert_id), str(name or alert_id), str(typ or ""), focus,
                          int(n), totals.get(str(alert_id), {}),
                          period.get(str(alert_id), (None, None))[0],
                          period.get(str(alert_id), (None, None))[1], str(source_id),
                          history.get(str(alert_id), []))
              for alert_id, name, typ, focus, n, source_id, _ in rows]
    return AlertPage(alerts, int(rows[0][6]) if rows else 0, typologies)


def alert_source(con: duckdb.DuckDBPyConnection, alert_id: str) -> str:
    """The source (typology run) that stored alert ``alert_id``: what deciding on its
    handling code reads; a clear error when the case holds no such alert."""
    row = con.execute("SELECT any_value(source_id) FROM statement_store WHERE entity_id = ? "
                      "AND schema = 'TypologyAlert'", [alert_id]).fetchone()
    if row is None or row[0] is None:
        raise TnocError(f"no stored typology alert {alert_id!r} in this case "
                        "('tnoc money typologies' stores them)")
    return str(row[0])


def alert_dispositions(con: duckdb.DuckDBPyConnection) -> dict[str, list[Disposition]]:
    """Every disposition by alert, newest first (none before the first is recorded; a
    read-only connection does not make the table)."""
    made = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = "
                       "'alert_dispositions'").fetchone()
    if not made or not made[0]:
        return {}
    out: dict[str, list[Disposition]] = {}
    for row in con.execute("SELECT disposition_id, alert_id, disposition, reason, actor, "
                           "decided_at FROM alert_dispositions ORDER BY seq DESC").fetchall():
        out.setdefault(str(row[1]), []).append(Disposition(*row))
    return out


def record_disposition(con: duckdb.DuckDBPyConnection, alert_id: str, disposition: str,
                       reason: str, actor: str) -> Disposition:
    """Record a disposition of a stored alert (caller's transaction) and its custody
    ledger entry; a clear error for an unknown alert or disposition or a missing
    reason, and nothing written."""
    if disposition not in DISPOSITIONS:
        raise TnocError(f"unknown disposition {disposition!r}: use one of "
                        f"{', '.join(DISPOSITIONS)}")
    if not reason.strip():
        raise TnocError("a disposition needs a reason, which is recorded with it")
    alert_source(con, alert_id)
    _ensure(con)
    seq_row = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM alert_dispositions"
                          ).fetchone()
    found = Disposition("dsp-" + uuid.uuid4().hex[:12], alert_id, disposition,
                        reason.strip(), actor, datetime.now(UTC))
    con.execute("INSERT INTO alert_dispositions VALUES (?, ?, ?, ?, ?, ?, ?)",
                [found.disposition_id, seq_row[0] if seq_row else 1, alert_id,
                 disposition, found.reason, actor, found.decided_at])
    record_analysis(con, f"alert disposition ({disposition})", alert_id, actor=actor,
                    purpose="money: an analyst's disposition of a typology alert",
                    results=[found.disposition_id], alert=alert_id,
                    disposition=disposition, reason=found.reason)
    return found
