"""The typology rules' parameters, apart from the rules so that front ends (the CLI's
``--help``) can show the defaults without loading the numerical stack."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

TYPOLOGIES = ("FAN-IN", "FAN-OUT", "GATHER-SCATTER", "SCATTER-GATHER", "CYCLE", "BIPARTITE",
              "STACK", "RANDOM", "STRUCTURING", "PASS-THROUGH")


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
    """Monitoring period start (ISO date): rules alert only on transfers from then on;
    earlier transfers serve as history (what is established)."""
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

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


__all__ = ["TYPOLOGIES", "TypologyParams"]
