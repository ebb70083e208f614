"""The data model: FollowTheMoney 4 plus TNOC's small extension schema set.

FtM is the canonical model (DESIGN.md §3). What it lacks for cyber-enabled crime
(malware families, network indicators, darknet listings, citizen reports, crypto
transactions and flows, laundering attempts, statistics tables) is declared in YAML
beside this module and loaded *into* FtM's model at import time, the same way FtM loads
its own schemata, so every FtM tool (proxies, statements, exports) understands them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from followthemoney import model as ftm_model
from followthemoney.model import Model
from followthemoney.property import Property
from followthemoney.schema import Schema

from tnoc.errors import MappingError

SCHEMA_DIR = Path(__file__).parent / "schema"
EXTENSION_FILES = sorted(SCHEMA_DIR.glob("*.yaml"))


@cache
def extension_schema_names() -> frozenset[str]:
    """Names of the schemata TNOC adds to FtM."""
    import yaml

    names: set[str] = set()
    for path in EXTENSION_FILES:
        names.update(yaml.safe_load(path.read_text(encoding="utf-8")).keys())
    return frozenset(names)


@cache
def get_model() -> Model:
    """FtM's model with TNOC's extension schemata loaded beside its own."""
    if not extension_schema_names() <= set(ftm_model.schemata):
        for path in EXTENSION_FILES:
            ftm_model._load(str(path))
        ftm_model.generate()
    return ftm_model


def get_schema(name: str, mapping: str | None = None) -> Schema:
    """The schema called ``name`` or a :class:`MappingError` listing close names."""
    schema = get_model().get(name)
    if schema is None:
        known = sorted(get_model().schemata)
        close = [s for s in known if s.lower().startswith(name.lower()[:3])][:8]
        raise MappingError(f"unknown schema {name!r} (known schemata include {close})", mapping)
    return schema


def get_property(schema: Schema, name: str, mapping: str | None = None) -> Property:
    """The property ``name`` of ``schema`` or a :class:`MappingError` naming valid ones."""
    prop = schema.get(name)
    if prop is None:
        valid = sorted(p for p in schema.properties)
        raise MappingError(
            f"schema {schema.name} has no property {name!r}; valid properties: "
            + ", ".join(valid),
            mapping,
        )
    return prop
