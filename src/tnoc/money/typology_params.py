"""The typology rules' parameters, apart from the rules so that front ends (the CLI's
``--help``) can show the defaults without loading the numerical stack."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

TYPOLOGIES = ("FAN-IN", "FAN-OUT", "GATHER-SCATTER", "SCATTER-GATHER", "CYCLE", "BIPARTITE",
              "STACK", "RANDOM", "STRUCTURING", "PASS-THROUGH")


SINCE_FORM = "an ISO date or time, e.g. 2024-03-01 or 2024-03-01T08:00:00+02:00"
"""What a monitoring period start may be written as (named in the error)."""


def monitoring_start(text: str) -> str:
    """The monitoring period start ``text`` (ISO 8601 date or time, with or without a
    UTC offset) as naive UTC ``'YYYY-MM-DD HH:MM:SS'``: the one form both engines'
    ``CAST(... AS TIMESTAMP)`` read alike (DuckDB drops an offset, Spark converts it to
    its session zone; transfer times are naive UTC), parsed here so that a bad value is
    refused before any work rather than as an engine's cast error or, with Spark's ANSI
    mode off, a NULL that silently matches nothing.

    Raises:
        ValueError: ``text`` is not an ISO date or time (the message names the form).
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not {SINCE_FORM}") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class TypologyParams:
    """Documented parameters of every rule (defaults fit AMLworld's attempts, which span
    at most about six days; see docs/money.md)."""

    window_hours: float = 144.0
    """Fan-in/out and hubs: transfers of one account belong to one burst while each
    follows the previous within this many hours. Also the longest wait between the
    hops of a scatter-gather, layered path or stack."""
    min_degree: int = 2
    """Fan-in/out: distinct counterparties in a burst; scatter-gather: intermediaries."""
    hub_min_total: int = 4
    """Gather-scatter: distinct senders + distinct receivers of the hub (each >= 1)."""
    max_cycle_hops: int = 16
    cycle_span_hours: float = 336.0
    """Cycle: at most this many hops (AMLworld's run to 13), in any time order, first to
    last within this many hours."""
    amount_tolerance: float = 0.25
    """Layered path / stack / pass-through: the amount passed on is within this share of
    the amount received (across currencies at the rate of ``fx_rates`` or the rate the
    case implies; not compared when no rate is known)."""
    lookback_days: float = 60.0
    established_min: int = 1
    """A pair is established after this many transfers in the lookback (older than the
    window)..."""
    relationship_days: float = 30.0
    """...and only once its first transfer in the lookback is at least this many days old:
    a burst of repeated transfers between parties that met days ago is not a normal
    relationship."""
    skip_established: bool = True
    novelty_alpha: float = 0.01
    """Fan-in/out and gather-scatter bursts: alerted only when that many new
    counterparties is this improbable for the account given its own history (1.0
    alerts every burst)."""
    since: str | None = None
    """Monitoring period start (ISO date or time; kept as naive UTC 'YYYY-MM-DD
    HH:MM:SS', see :func:`monitoring_start`): rules alert only on transfers from then
    on; earlier transfers serve as history (what is established)."""
    structuring_threshold: float = 10_000.0
    structuring_margin: float = 0.10
    """Structuring: amounts in [threshold x (1 - margin), threshold)."""
    structuring_min_count: int = 3
    structuring_days: float = 7.0
    structuring_currencies: tuple[str, ...] = ("USD", "EUR", "GBP")
    pass_through_hours: float = 24.0
    fx_rates: dict[str, float] | None = None
    """Units per US dollar for comparing amounts across currencies; ``None``: rates
    implied by the case's own hops (:mod:`tnoc.money.fx`)."""
    typologies: tuple[str, ...] = field(default=TYPOLOGIES)

    def __post_init__(self) -> None:
        if self.since is not None:  # one form for every engine and every caller
            object.__setattr__(self, "since", monitoring_start(self.since))

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


__all__ = ["SINCE_FORM", "TYPOLOGIES", "TypologyParams", "monitoring_start"]
