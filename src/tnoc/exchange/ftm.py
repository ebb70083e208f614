"""FollowTheMoney JSON lines export: one entity per line, as Aleph, yente and every FtM
tool read it, with the *stock* model (``followthemoney`` as published, without TNOC's
extension schemata).

TNOC's extension schemata (``src/tnoc/model/schema/*.yaml``: communication links,
network ties, malware families, indicators, analysis results...) are unknown to stock
FtM, which refuses such a line ("No schema for entity") or silently drops a property it
does not know. So every entity is written in its closest FtM schema (:data:`STOCK_FORMS`):

- the ties become ``UnknownLink`` (subject → object, with the tie's kind as ``role``);
  not ``Call``: a CommunicationLink counts many contacts, an FtM Call is one call, and
  single calls are FtM ``Call``s in TNOC already;
- a crypto transaction becomes a ``Payment`` (hash as ``transactionNumber``, input and
  receiving wallets as ``payer`` and ``beneficiary``);
- every other extension entity becomes a ``Note`` on the entities it points to (its
  entity properties become ``entity``), named by its caption.

A property the FtM schema shares (same name and type: ``name``, ``startDate``,
``amount``...) is kept as it is; any other value is not dropped but written as a line
``Label: value`` into ``notes`` (or ``summary`` where the FtM schema has no notes),
after a first line naming the TNOC schema, so a reader sees everything the case knows.
The whole mapping is in docs/exchange.md. Flagged (invalid) values are not valid FtM
and are left out; the count of values left out is returned so the CLI can say so.

Ids: FtM allows letters, digits, "." and "-" in an entity id; TNOC ids may also hold
"_" and ":" (a vendor "Annie_Ann", a URLhaus tag). Such an id, and every reference to
it, is written as :func:`ftm_id` makes it: the other characters as "-" and a short hash
of the TNOC id, so two ids never become one and the same id always becomes the same.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO

import duckdb
import followthemoney
from followthemoney.model import Model
from followthemoney.proxy import EntityProxy
from followthemoney.schema import Schema
from followthemoney.types import registry

from tnoc.errors import TnocError
from tnoc.model import extension_schema_names
from tnoc.store.query import proxy_for

__all__ = ["STOCK_FORMS", "StockForm", "export_ftm", "ftm_id", "iter_entities", "stock_entity",
           "stock_model"]

BATCH = 10_000


@dataclass(frozen=True)
class StockForm:
    """How entities of one TNOC extension schema are written in stock FtM: the FtM
    schema, TNOC properties renamed to FtM ones, and FtM values given when the entity
    has none (a link's ``role``)."""

    schema: str
    renames: Mapping[str, str] = field(default_factory=dict)
    defaults: Mapping[str, str] = field(default_factory=dict)


STOCK_FORMS: dict[str, StockForm] = {
    "CommunicationLink": StockForm("UnknownLink", {"sender": "subject",
                                                   "recipient": "object"},
                                   {"role": "Communication link"}),
    "NetworkTie": StockForm("UnknownLink", {"actor": "subject", "alter": "object",
                                            "relation": "role"}, {"role": "Network tie"}),
    "TransactionFlow": StockForm("UnknownLink", {"spender": "subject",
                                                 "recipient": "object"},
                                 {"role": "Transaction flow"}),
    # an indicator's IP is also FtM's ip-typed ipMentioned, so it is indexed as an IP
    "NetworkIndicator": StockForm("Note", {"ipAddress": "ipMentioned", "malware": "entity"}),
    "CryptoTransaction": StockForm("Payment", {"txHash": "transactionNumber",
                                               "sender": "payer",
                                               "receiver": "beneficiary"}),
}
NOTE = "Note"  # every other extension schema
_NOT_IN_FTM_IDS = re.compile(r"[^0-9A-Za-z.-]+")


def ftm_id(entity_id: str) -> str:
    """``entity_id`` as an id stock FtM accepts (``registry.entity``: letters, digits,
    "." and "-", starting and ending with a letter or digit): unchanged where it is
    one; else its other characters as "-", then "-" and the first 10 hex digits of its
    sha1, so ``agora-vendor-Annie_Ann`` and ``agora-vendor-Annie-Ann`` stay apart."""
    if registry.entity.validate(entity_id):
        return entity_id
    base = _NOT_IN_FTM_IDS.sub("-", entity_id).strip(".-")
    digest = hashlib.sha1(entity_id.encode("utf-8")).hexdigest()[:10]
    return f"{base}-{digest}" if base else digest


@cache
def stock_model() -> Model:
    """FtM's model exactly as the package ships it, read from its own schema folder and
    kept apart from the extended model TNOC works with (``tnoc.model``)."""
    return Model(str(Path(followthemoney.__file__).parent / "schema"))


def _form(schema: Schema) -> StockForm:
    if schema.name in STOCK_FORMS:
        return STOCK_FORMS[schema.name]
    if schema.name in extension_schema_names():
        return StockForm(NOTE, {p.name: "entity" for p in schema.properties.values()
                                if p.type.name == "entity" and not p.stub})
    return StockForm(schema.name)


@dataclass(frozen=True)
class _Plan:
    """Where each property of one TNOC schema goes in its FtM schema, worked out once
    per schema (an export writes hundreds of thousands of entities)."""

    target: str
    rest: str  # notes, or summary where the FtM schema has no notes
    header: str | None  # the "TNOC schema: ..." line, for an extension schema
    defaults: Mapping[str, str]
    # TNOC property -> (order, FtM property or None, label line or None)
    props: Mapping[str, tuple[int, str | None, str | None]]
    references: frozenset[str] = frozenset()  # FtM properties naming entities


@cache
def _plan(schema: Schema) -> _Plan:
    form = _form(schema)
    target = stock_model().get(form.schema)
    if target is None:  # FtM itself changed under us: say so rather than write junk
        raise TnocError(f"FtM {followthemoney.__version__} has no schema {form.schema!r} "
                        f"to write {schema.name} entities as")
    props: dict[str, tuple[int, str | None, str | None]] = {}
    for order, prop in enumerate(schema.sorted_properties):
        name = form.renames.get(prop.name, prop.name)
        kept = target.get(name)
        if kept is not None and not kept.stub and (name != prop.name
                                                   or kept.type == prop.type):
            # on a Note, a renamed entity property also keeps its labelled line, so
            # the role of each entity the note hangs on stays readable
            line = prop.label if name != prop.name and target.name == NOTE else None
            props[prop.name] = (order, name, line)
        else:
            props[prop.name] = (order, None, prop.label)
    header = (f"TNOC schema: {schema.label} ({schema.name})"
              if target.name != schema.name else None)
    rest = "notes" if target.get("notes") is not None else "summary"
    references = frozenset(p.name for p in target.properties.values()
                           if p.type == registry.entity)
    return _Plan(target.name, rest, header, form.defaults, props, references)


def stock_entity(proxy: EntityProxy) -> dict[str, object]:
    """``proxy`` (an entity of the extended model) as an entity of stock FtM: its
    schema, or the closest FtM schema for an extension one, with every value kept as a
    property of that schema or as a ``Label: value`` line in its notes or summary."""
    plan = _plan(proxy.schema)
    properties: dict[str, list[str]] = {}
    lines: list[tuple[int, str]] = []
    for prop_name, values in proxy.properties.items():
        order, name, label = plan.props[prop_name]
        if name is not None:
            kept = properties.setdefault(name, [])
            kept += [v for v in values if v not in kept]
        if label is not None:
            lines += [(order, f"{label}: {v}") for v in values]
    for name, value in plan.defaults.items():
        properties.setdefault(name, [value])
    if plan.target == NOTE and not properties.get("name"):
        properties["name"] = [str(proxy.caption)]
    if lines or plan.header:
        text = [line for _, line in sorted(lines, key=lambda x: x[0])]
        properties.setdefault(plan.rest, []).extend(
            [plan.header, *text] if plan.header else text)
    for name in plan.references & properties.keys():
        properties[name] = [ftm_id(v) for v in properties[name]]
    return {"id": ftm_id(str(proxy.id)), "schema": plan.target, "properties": properties}


def iter_entities(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, object]]:
    """Entities of the store as stock FtM dicts (valid values only)."""
    cur = con.execute("SELECT id, schema, properties FROM entities ORDER BY id")
    while batch := cur.fetchmany(BATCH):
        for entity_id, schema, properties in batch:
            yield stock_entity(proxy_for(entity_id, schema, properties))


def export_ftm(con: duckdb.DuckDBPyConnection, out: IO[str] | Path) -> tuple[int, int]:
    """Write FtM JSON lines; returns (entities written, flagged values left out)."""
    left_out = con.execute("SELECT count(*) FROM statements WHERE flag IS NOT NULL").fetchone()
    if isinstance(out, Path):
        with open(out, "w", encoding="utf-8") as fh:
            return _write(con, fh), int(left_out[0]) if left_out else 0
    return _write(con, out), int(left_out[0]) if left_out else 0


def _write(con: duckdb.DuckDBPyConnection, fh: IO[str]) -> int:
    count = 0
    for entity in iter_entities(con):
        fh.write(json.dumps(entity, sort_keys=True, ensure_ascii=False) + "\n")
        count += 1
    return count
