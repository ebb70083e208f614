"""What the model holds, in words an analyst writing a mapping can use.

``tnoc schema`` lists the schemata (FtM's and TNOC's extension set) and, for one
schema, its properties: the name to write in a mapping, the label a person reads, the
value type (which decides how values are cleaned: phone to E.164, country to an ISO
code, ...), whether the value is a reference to another entity and of which schema,
and the schema that declares the property (the schema itself or one it extends).
Everything comes from the loaded FtM model (:func:`tnoc.model.get_model`), so the
listing is always the model the ingest checks mappings against.
"""

from __future__ import annotations

from dataclasses import dataclass

from followthemoney.property import Property
from followthemoney.schema import Schema

from tnoc.errors import TnocError
from tnoc.model import extension_schema_names, get_model

__all__ = ["PropertyInfo", "SchemaInfo", "describe_schema", "list_schemata"]


@dataclass(frozen=True)
class PropertyInfo:
    """One property of a schema."""

    name: str
    label: str
    type: str
    reference: str | None
    """The schema an entity reference points at (None for a plain value)."""
    declared_in: str
    """The schema that declares the property: the described one or one it extends."""
    reverse: bool
    """Set on the other entity (FtM's stub): a mapping cannot write it."""

    @property
    def entity_reference(self) -> bool:
        """Whether the value is the id of another entity."""
        return self.reference is not None


@dataclass(frozen=True)
class SchemaInfo:
    """One schema: what it is, what it extends, where it comes from."""

    name: str
    label: str
    extends: tuple[str, ...]
    abstract: bool
    origin: str
    """``FtM`` or ``TNOC`` (the extension schemata beside FtM's)."""
    description: str
    properties: tuple[PropertyInfo, ...] = ()


def _property_info(prop: Property) -> PropertyInfo:
    return PropertyInfo(
        name=prop.name, label=str(prop.label), type=prop.type.name,
        reference=prop.range.name if prop.type.name == "entity" and prop.range else None,
        declared_in=prop.schema.name, reverse=bool(prop.stub))


def _schema_info(schema: Schema, with_properties: bool) -> SchemaInfo:
    props: tuple[PropertyInfo, ...] = ()
    if with_properties:
        shown = (p for p in schema.properties.values() if not p.hidden)  # FtM's internals
        ordered = sorted(shown, key=lambda p: (p.schema is not schema, p.stub, p.name))
        props = tuple(_property_info(p) for p in ordered)
    return SchemaInfo(
        name=schema.name, label=str(schema.label),
        # FtM keeps what a schema extends as a set: sorted, the same in every process
        extends=tuple(sorted(s.name for s in schema.extends)), abstract=bool(schema.abstract),
        origin="TNOC" if schema.name in extension_schema_names() else "FtM",
        description=" ".join(str(schema.description or "").split()), properties=props)


def list_schemata() -> list[SchemaInfo]:
    """Every schema of the model, by name (abstract ones too: they are what others
    extend), without their properties.

    Example
    -------
    >>> any(s.name == "DarknetListing" and s.origin == "TNOC" for s in list_schemata())
    True
    """
    model = get_model()
    return [_schema_info(model.schemata[name], False) for name in sorted(model.schemata)]


def describe_schema(name: str) -> SchemaInfo:
    """One schema with its properties: its own first, then those it inherits (each
    group by name, reverse ones last). FtM's hidden properties (index text, detected
    names) are left out: the model fills them, never a mapping.

    Raises
    ------
    TnocError
        No schema of that name (case-insensitive names are accepted); the message
        names the closest ones.

    Example
    -------
    >>> [p.name for p in describe_schema("Call").properties][:3]
    ['caller', 'callerNumber', 'duration']
    """
    model = get_model()
    schema = model.get(name)
    if schema is None:
        by_lower = {s.lower(): s for s in model.schemata}
        schema = model.get(by_lower.get(name.lower(), ""))
    if schema is None:
        from difflib import get_close_matches

        close = get_close_matches(name, sorted(model.schemata), n=6, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise TnocError(f"no schema {name!r} in the model{hint} "
                        "('tnoc schema' lists them all)")
    return _schema_info(schema, True)
