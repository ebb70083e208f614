"""``tnoc resolve``: strong identifiers, then Splink per record group, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tnoc.resolve.identifiers import IdentifierResult, link_identifiers
from tnoc.resolve.model import ModelOptions
from tnoc.resolve.probabilistic import GroupResult, link_group
from tnoc.store import Case


@dataclass
class ResolveSummary:
    """What a resolve run produced."""

    identifiers: IdentifierResult
    groups: list[GroupResult] = field(default_factory=list)


def resolve_case(case: Case, options: ModelOptions | None = None, probabilistic: bool = True,
                 progress: Callable[[str], None] | None = None) -> ResolveSummary:
    """Propose candidate links for the whole case; nothing is merged until judged."""
    say = progress or (lambda _m: None)
    with case.transaction() as con:
        say("strong identifiers")
        summary = ResolveSummary(link_identifiers(con))
        if probabilistic:
            for group in ("person", "organization", "account"):
                say(f"probabilistic linkage: {group}")
                summary.groups.append(link_group(con, group, options))
    return summary
