"""Statements checked against the extended FtM model before they are stored.

Ingest never drops a value: what does not fit is kept and flagged (the source said it).
A statement an *analysis* makes is different: it is produced by TNOC's own code, so one
that the model cannot hold (``DisruptionStep.lccFracton``, a ``number`` reading
``"many"``) is a defect of the analysis and must fail loudly, the way FtM's entity
proxies refuse an unknown property, instead of sitting in the store where no view,
export or report will ever find it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from difflib import get_close_matches
from typing import Protocol, TypeVar

from followthemoney.property import Property
from followthemoney.schema import Schema

from tnoc.errors import TnocError
from tnoc.model import get_model

__all__ = ["ModelStatement", "StatementModelError", "check_statements", "value_fits"]


class ModelStatement(Protocol):
    """What is checked: entity, schema, property, value, and where it came from (any
    object with these attributes, such as :class:`tnoc.store.derived.DerivedStatement`)."""

    entity_id: str
    schema: str
    prop: str
    value: str
    locator: str


S = TypeVar("S", bound=ModelStatement)


class StatementModelError(TnocError):
    """A statement the model cannot hold: unknown schema, a property the schema lacks or
    holds only as a reverse, a value its type refuses, or an ``id`` statement that
    does not repeat its entity's id."""


def _closest(name: str, candidates: Iterable[str]) -> str:
    close = get_close_matches(name, sorted(candidates), n=5, cutoff=0.6)
    return f"; closest valid names: {', '.join(close)}" if close else ""


def _schema(origin: str, s: ModelStatement) -> Schema:
    schema = get_model().get(s.schema)
    if schema is None:
        raise StatementModelError(
            f"{origin} ({s.locator}): unknown schema {s.schema!r} for entity "
            f"{s.entity_id!r}" + _closest(s.schema, get_model().schemata))
    return schema


def _property(origin: str, schema: Schema, s: ModelStatement) -> Property | None:
    """The property ``s`` states (None for the entity's ``id``), or the error naming the
    schema, the property and the closest valid names."""
    if s.prop == "id":
        if s.value != s.entity_id:
            raise StatementModelError(
                f"{origin} ({s.locator}): {schema.name} {s.entity_id!r} states id "
                f"{s.value!r}; an id statement repeats the entity's own id")
        return None
    prop = schema.get(s.prop)
    if prop is None or prop.stub:
        writable = [name for name, p in schema.properties.items() if not p.stub]
        why = ("is a reverse property (state it on the entity it points from)"
               if prop is not None else "is not a property of it")
        raise StatementModelError(
            f"{origin} ({s.locator}): {s.prop!r} {why}: schema {schema.name}, entity "
            f"{s.entity_id!r}" + _closest(s.prop, writable))
    return prop


def value_fits(prop: Property, value: str) -> bool:
    """Whether ``value`` is a value of the property's type:

    - ``number``: a finite decimal number (FtM's number type also keeps text such as
      "12 kg"; an analysis states plain figures);
    - ``entity``: an id as TNOC writes them, non-empty, without spaces or control
      characters (a name given where an id belongs has spaces). Not FtM's own id check:
      it refuses "_" and ":", which TNOC's readable ids hold (``agora-vendor-MEGA_PHARMA``);
    - any other type: what FtM's type cleaning accepts (a date, a country code,
      non-empty text).
    """
    if prop.type.name == "number":
        try:
            return math.isfinite(float(value))
        except ValueError:
            return False
    if prop.type.name == "entity":
        return bool(value) and value.isprintable() and not any(c.isspace() for c in value)
    return prop.type.clean(value) is not None


def check_statements(origin: str, statements: Iterable[S]) -> list[tuple[S, str]]:
    """Each statement with its property's type name (``id`` for the id statement), once
    all are known to fit the extended model: the schema exists, the property is one of
    the schema's own (not a reverse stub), the value fits the property's type.

    Parameters:
        origin: what made the statements, for the message (``disruption analysis``).
        statements: the statements, read once.

    Raises:
        StatementModelError: at the first statement that does not fit, naming the
            origin, its locator, the schema, the property and the closest valid names:
            ``disruption analysis (step 1): 'lccFracton' is not a property of it:
            schema DisruptionStep, entity 'disruption-r1-step-1'; closest valid names:
            lccFraction``.
    """
    checked: list[tuple[S, str]] = []
    for s in statements:
        schema = _schema(origin, s)
        prop = _property(origin, schema, s)
        if prop is None:
            checked.append((s, "id"))
        elif value_fits(prop, s.value):
            checked.append((s, prop.type.name))
        else:
            raise StatementModelError(
                f"{origin} ({s.locator}): {schema.name}.{prop.name} of {s.entity_id!r} "
                f"holds {prop.type.name} values; {s.value!r} is not one")
    return checked
