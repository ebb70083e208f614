"""How an entity is named, without loading the data model on every command.

FollowTheMoney names an entity by its schema's *caption* properties: the first that
has a value, the most representative of several names (``rigour.names.pick_name``),
else the schema's label (``EntityProxy.caption``). Loading FtM and TNOC's extended
model takes half a second, longer than the lookup it serves (``tnoc show`` reads one
entity in 0.1 s). The rule needs only each schema's caption properties, which of them
are names, and its label: :func:`caption_table` writes them from the model to
``captions.json`` beside this module, and ``tests/test_lookup.py`` checks that the
file is what the model says today and that :func:`caption_of` names real entities as
FtM does. A schema missing from the table falls back to FtM itself.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["CAPTIONS_FILE", "caption_of", "caption_table", "schema_label"]

CAPTIONS_FILE = Path(__file__).with_name("captions.json")


def caption_table() -> dict[str, dict[str, Any]]:
    """From the live model: schema -> its label, caption properties and which of them
    are names (what ``captions.json`` holds)."""
    from tnoc.model import get_model

    return {name: {"label": schema.label, "caption": list(schema.caption),
                   "names": [p for p in schema.caption
                             if schema.properties[p].type.name == "name"]}
            for name, schema in sorted(get_model().schemata.items())}


@cache
def _table() -> dict[str, dict[str, Any]]:
    loaded: dict[str, dict[str, Any]] = json.loads(CAPTIONS_FILE.read_text(encoding="utf-8"))
    return loaded


def schema_label(schema: str) -> str:
    """The schema's label ("Person"), or the name itself when the table lacks it."""
    entry = _table().get(schema)
    return str(entry["label"]) if entry else schema


def caption_of(entity_id: str, schema: str, properties: dict[str, list[str]] | None) -> str:
    """The entity's display name by FtM's rule (``EntityProxy.caption``), with one
    addition: an amount is named with its currency, as the money commands write a
    total ("GBP 9,731.29", where FtM names a payment "9731.29"), since an amount
    without it means nothing to a reader and two payments of the same figure in
    different currencies read alike. The figure keeps its decimals as stated; only
    thousands are separated."""
    prop, name = _ftm_caption(entity_id, schema, properties)
    if prop != "amount":
        return name
    currencies = (properties or {}).get("currency") or []
    figure = _thousands(name)
    return f"{'/'.join(currencies)} {figure}" if currencies else figure


PLAIN_DECIMAL = re.compile(r"-?[0-9]{1,30}(\.[0-9]{1,30})?")
"""An amount written as digits with an optional fraction (no exponent: "1E+9" is left
as written, and a hostile one would not be expanded to a billion digits)."""


def _thousands(amount: str) -> str:
    """``amount`` as stated with its thousands separated ("21375.37" -> "21,375.37"),
    or as it is when it is no plain decimal number (:data:`PLAIN_DECIMAL`)."""
    if not PLAIN_DECIMAL.fullmatch(amount):
        return amount
    whole, _, fraction = amount.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-')):,}"
    return f"{sign}{grouped}{'.' + fraction if fraction else ''}"


def _ftm_caption(entity_id: str, schema: str, properties: dict[str, list[str]] | None
                 ) -> tuple[str | None, str]:
    """The entity's display name by FtM's rule (``EntityProxy.caption``), with the
    property it was taken from (None: the schema's label, or FtM's own answer for a
    schema the table lacks)."""
    entry = _table().get(schema)
    if entry is None:
        from tnoc.store.query import proxy_for

        return None, str(proxy_for(entity_id, schema, properties).caption)
    properties = properties or {}
    for prop in entry["caption"]:
        values = properties.get(prop) or []
        if prop in entry["names"] and len(values) > 1:
            from rigour.names import pick_name

            name = pick_name(sorted(values))
            if name is not None:
                return prop, str(name)
        elif values:
            return prop, str(values[0])
    return None, str(entry["label"])
