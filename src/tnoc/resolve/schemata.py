"""Which entities may be one real-world object, and which pairs may be compared.

FtM marks the schemata of things that can be de-duplicated as ``matchable``: legal
entities, vessels, aircraft, vehicles, accounts, wallets, addresses. Events and
intervals (Call, Message, Payment, Event, ownership and other links) are not: they are
never candidates, however many phone numbers two calls share.

Two entities can only be the same if they have a common schema in FtM's sense (one is
the other's schema or an ancestor of it): Person and LegalEntity yes, Person and
Organization no, Company and PublicBody no, Vessel and Vehicle yes, Vessel and Airplane
no. Probabilistic linkage runs per *group* of schemata that share comparisons (people,
organisations, vessels, aircraft, vehicles, user accounts); the generic ancestors that
are matchable themselves (LegalEntity, Vehicle) take part in every group below them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from followthemoney.exc import InvalidData
from followthemoney.schema import Schema

from tnoc.model import get_model

__all__ = ["GROUPS", "candidate_schema", "common_schema", "compatible_pairs",
           "group_of", "group_schemata"]

# comparison groups: the schemata whose records are compared together
GROUPS: dict[str, tuple[str, ...]] = {
    "person": ("Person",),
    "organization": ("Organization", "Company", "PublicBody"),
    "vessel": ("Vessel",),
    "airplane": ("Airplane",),
    "vehicle": ("Vehicle",),
    "account": ("UserAccount",),
}


def _schema(name: str) -> Schema | None:
    return get_model().get(name)


@cache
def candidate_schema(name: str) -> bool:
    """Whether entities of schema ``name`` can be candidates for being one object."""
    schema = _schema(name)
    return bool(schema is not None and schema.matchable and not schema.edge)


@cache
def common_schema(left: str, right: str) -> str | None:
    """FtM's common schema of two schemata, or None when they cannot be one entity."""
    if not (candidate_schema(left) and candidate_schema(right)):
        return None
    try:
        return str(get_model().common_schema(left, right).name)
    except InvalidData:
        return None


def compatible_pairs(names: Iterable[str]) -> list[tuple[str, str, str]]:
    """Every ordered pair of the given schemata that may be one entity, with the
    common schema: the rows of a small lookup table for SQL joins."""
    present = sorted({n for n in names if candidate_schema(n)})
    rows = []
    for left in present:
        for right in present:
            common = common_schema(left, right)
            if common is not None:
                rows.append((left, right, common))
    return rows


def _home(name: str) -> str | None:
    """The group whose own schemata include ``name`` or its nearest ancestor."""
    schema = _schema(name)
    if schema is None:
        return None
    lineage = sorted(schema.schemata, key=lambda s: -len(s.schemata))  # nearest first
    for ancestor in lineage:
        for group, own in GROUPS.items():
            if ancestor.name in own:
                return group
    return None


def group_schemata(group: str, present: Iterable[str]) -> list[str]:
    """The schemata (of those present) whose entities are compared in ``group``: those
    at home in it (Company in organisations) and the matchable generic ancestors of its
    own schemata (LegalEntity with people and with organisations, Vehicle with vessels
    and aircraft)."""
    generic = {a.name for own in GROUPS[group] if (s := _schema(own)) is not None
               for a in s.schemata}
    return [name for name in sorted(set(present)) if candidate_schema(name)
            and (_home(name) == group or name in generic)]


def group_of(schema: str) -> str | None:
    """The group an entity of ``schema`` belongs to first (None: identifiers only)."""
    if not candidate_schema(schema):
        return None
    home = _home(schema)
    if home is not None:
        return home
    return next((g for g in GROUPS if schema in group_schemata(g, [schema])), None)
