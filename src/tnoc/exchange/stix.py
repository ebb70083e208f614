"""STIX 2.1 bundles out and in (OASIS, *STIX Version 2.1*, 2021), via the stix2 library.

Out (:func:`to_stix`), from a :class:`~tnoc.exchange.handling.Selection`:

=================  ==========================================================
TNOC (FtM)         STIX 2.1
=================  ==========================================================
NetworkIndicator   ``indicator``: pattern ``[url:value = ..] OR [domain-name:value
                   = ..] OR [ipv4-addr:value = ..]``, valid_from = first seen,
                   ``indicator_types`` from the feed's threat
MalwareFamily      ``malware`` (``is_family``: true)
Person             ``threat-actor``
Organization, Company, LegalEntity
                   ``intrusion-set`` (the group)
CryptoWallet       ``cryptocurrency-wallet`` SCO (``value``, ``x_currencies``; the type
                   OpenCTI uses), defined by a ``new-sco`` extension
UserAccount        ``user-account`` SCO
entity properties  ``relationship`` (``indicates`` for an indicator's malware,
                   ``related-to`` otherwise, the TNOC property named)
FtM edges          ``relationship`` typed by the edge's label (Ownership -> owns...)
=================  ==========================================================

Every object carries ``x_tnoc_entity_id`` and ``x_tnoc_schema`` (a
``toplevel-property-extension``) so a bundle coming back can be linked to the same
entities (as a candidate for review: a received file never writes onto ours), and
``object_marking_refs`` with its TLP 2.0 marking: the five marking definitions OASIS
publishes for TLP 2.0 (extension ``extension-definition--60a3c5c5-…``, fixed ids, so a
receiver recognises them without the extension); on import TLP 1.0 markings (stix2's
``TLP_WHITE`` … ``TLP_RED``) are read too, WHITE as CLEAR. Ids are UUIDv5 of the
entity id, so exporting twice gives the same ids (the validator warns they are not v4).

What STIX cannot carry is listed in docs/exchange.md: per-value provenance (only the
whole bundle is one source), flagged originals, most descriptive properties (a person's
birth date, nationality, sanctions programme), amounts and dates of payments.

In (:func:`stix_statements`): the same table backwards, every object under its own
STIX id (:func:`own_id`; ``x_tnoc_entity_id`` is only a claim, :func:`stix_claims`),
markings read per object including granular ones (:func:`bundle_markings`), and for
foreign bundles
``identity`` -> Person/Organization by ``identity_class``, ``ipv4-addr``/``domain-name``/
``url`` SCOs -> NetworkIndicator, other relationships -> UnknownLink with the
relationship type as role. Unknown object types are kept as flagged statements.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import stix2
from stix2.properties import ListProperty, StringProperty

from tnoc import __version__
from tnoc.exchange.handling import Selection, strictest_marked
from tnoc.tlp import strictest, tlp_code

NAMESPACE = uuid.UUID("0c4f2d8e-7a1b-5c3d-9e8f-1a2b3c4d5e6f")
EXTENSION_ID = "extension-definition--3b0f6a2e-6f3c-5e57-9d43-5a0d4b8b7c11"
TNOC_IDENTITY = "identity--9a3e1f0c-2b4d-5e6f-8a7b-1c2d3e4f5a6b"
TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP2_IDS = {
    "TLP:CLEAR": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "TLP:GREEN": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "TLP:AMBER": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "TLP:AMBER+STRICT": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "TLP:RED": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
MARKINGS = {code: stix2.v21.MarkingDefinition(
    id=marking, created="2022-10-01T00:00:00.000Z", name=code, allow_custom=True,
    extensions={TLP2_EXTENSION: {"extension_type": "property-extension",
                                 "tlp_2_0": code.removeprefix("TLP:").lower()}})
    for code, marking in TLP2_IDS.items()}
# marking ids read on import: TLP 2.0 and the TLP 1.0 definitions of STIX 2.1 itself
KNOWN_MARKINGS = {**{m: code for code, m in TLP2_IDS.items()},
                  str(stix2.TLP_WHITE.id): "TLP:CLEAR", str(stix2.TLP_GREEN.id): "TLP:GREEN",
                  str(stix2.TLP_AMBER.id): "TLP:AMBER", str(stix2.TLP_RED.id): "TLP:RED"}
GROUP_SCHEMATA = ("Organization", "Company", "LegalEntity", "PublicBody")
THREAT_TYPES = {"malware_download": "malicious-activity", "botnet_cc": "malicious-activity",
                "phishing": "malicious-activity"}
EDGE_TYPES = {"Ownership": "owns", "Directorship": "directs", "Membership": "member-of",
              "Employment": "employed-by", "Family": "family-of", "Associate": "associate-of",
              "CommunicationLink": "communicates-with", "UnknownLink": "related-to"}
PATTERN_TERM = re.compile(r"\[(url|domain-name|ipv4-addr|ipv6-addr):value\s*=\s*'((?:[^'\\]|"
                          r"\\.)*)'\]")
PATTERN_PROPS = {"url": "url", "domain-name": "domain", "ipv4-addr": "ipAddress",
                 "ipv6-addr": "ipAddress"}


@stix2.v21.CustomObservable("cryptocurrency-wallet", [
    ("value", StringProperty(required=True)),
    ("x_currencies", ListProperty(StringProperty)),
], ["value"])
class CryptocurrencyWallet:
    """A wallet address: STIX 2.1 has none; this is the SCO OpenCTI exchanges."""


def stix_id(kind: str, entity_id: str) -> str:
    """Deterministic STIX id for a TNOC entity."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, entity_id)}"


def _common(entity_id: str, schema: str, tlp: str) -> dict[str, Any]:
    return {"x_tnoc_entity_id": entity_id, "x_tnoc_schema": schema,
            "object_marking_refs": [TLP2_IDS[tlp]],
            "extensions": {EXTENSION_ID: {"extension_type": "toplevel-property-extension"}},
            "allow_custom": True}


def _sdo_common(entity_id: str, schema: str, tlp: str) -> dict[str, Any]:
    return {**_common(entity_id, schema, tlp), "created_by_ref": TNOC_IDENTITY}


def _pattern(props: dict[str, list[str]]) -> str | None:
    terms = []
    for stix_type, prop in (("url", "url"), ("domain-name", "domain")):
        terms += [f"[{stix_type}:value = '{_quote(v)}']" for v in props.get(prop, [])]
    for ip in props.get("ipAddress", []):
        kind = "ipv6-addr" if ":" in ip else "ipv4-addr"
        terms.append(f"[{kind}:value = '{_quote(ip)}']")
    return " OR ".join(terms) or None


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


def _stamp(value: str | None) -> str:
    """An FtM date (``2021``, ``2021-01-17``, ``2021-01-17T07:44:46``) as a STIX
    timestamp in UTC; no date at all gives the epoch (read back as no date)."""
    if not value:
        return "1970-01-01T00:00:00Z"
    padded = value + "-01-01"[len(value) - 4:] if len(value) < 10 else value
    when = datetime.fromisoformat(padded)
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when.isoformat(timespec="seconds") + "Z"


def _objects(selection: Selection) -> Iterator[Any]:
    mapped: dict[str, str] = {}
    for e in selection.entities.values():
        kind = _kind(e.schema)
        if kind is not None and kind not in ("cryptocurrency-wallet", "user-account"):
            mapped[e.id] = stix_id(kind, e.id)  # SCOs get their id from their value
    for e in selection.entities.values():
        p, common = e.properties, _sdo_common(e.id, e.schema, e.tlp)
        name = (p.get("name") or p.get("url") or p.get("domain") or p.get("ipAddress")
                or [e.id])[0]
        kind = _kind(e.schema)
        obj: Any = None
        if kind == "indicator":
            pattern = _pattern(p)
            if pattern is None:
                continue
            types = sorted({THREAT_TYPES.get(t, "unknown") for t in p.get("threat", [])})
            obj = stix2.v21.Indicator(
                id=mapped[e.id], name=name, pattern=pattern, pattern_type="stix",
                valid_from=_stamp(e.first("startDate")),
                description=f"{', '.join(p.get('threat', []))} (reported by "
                            f"{', '.join(p.get('reporter', [])) or 'unknown'})",
                indicator_types=types or ["unknown"], labels=p.get("keywords"), **common)
        elif kind == "malware":
            obj = stix2.v21.Malware(id=mapped[e.id], name=name, is_family=True,
                                    malware_types=p.get("malwareType"), **common)
        elif kind == "threat-actor":
            obj = stix2.v21.ThreatActor(
                id=mapped[e.id], name=name, aliases=p.get("alias"),
                threat_actor_types=["criminal" if any(t.startswith("crime") for t in
                                                      p.get("topics", [])) else "unknown"],
                **common)
        elif kind == "intrusion-set":
            obj = stix2.v21.IntrusionSet(id=mapped[e.id], name=name, aliases=p.get("alias"),
                                         **common)
        elif kind == "cryptocurrency-wallet":
            address = e.first("publicKey")
            if address is None:
                continue
            wallet: dict[str, Any] = {
                **_common(e.id, e.schema, e.tlp), "value": address,
                "x_currencies": p.get("currency"),
                "extensions": {EXTENSION_ID: {"extension_type": "new-sco"}}}
            obj = CryptocurrencyWallet(**wallet)
            mapped[e.id] = str(obj.id)
        elif kind == "user-account":
            obj = stix2.v21.UserAccount(account_login=e.first("username"),
                                        account_type=e.first("service"),
                                        **_common(e.id, e.schema, e.tlp))
            mapped[e.id] = str(obj.id)
        if obj is not None:
            yield obj
    for tie in selection.relations(mapped):
        if tie.prop is None:
            yield stix2.v21.Relationship(
                id=stix_id("relationship", tie.id), source_ref=mapped[tie.source],
                target_ref=mapped[tie.target],
                relationship_type=EDGE_TYPES.get(tie.schema, "related-to"),
                **_sdo_common(tie.id, tie.schema, tie.tlp))
            continue
        kind = "indicates" if _kind(tie.schema) == "indicator" and \
            _kind(selection.entities[tie.target].schema) == "malware" else "related-to"
        yield stix2.v21.Relationship(
            id=stix_id("relationship", tie.id), source_ref=mapped[tie.source],
            target_ref=mapped[tie.target], relationship_type=kind,
            description=f"TNOC {tie.schema}.{tie.prop}",
            **{**_sdo_common(tie.id, "property", tie.tlp), "x_tnoc_property": tie.prop})


def _kind(schema_name: str) -> str | None:
    from tnoc.model import get_model

    schema = get_model().get(schema_name)
    if schema is None:
        return None
    if schema.is_a("NetworkIndicator"):
        return "indicator"
    if schema.is_a("MalwareFamily"):
        return "malware"
    if schema.is_a("CryptoWallet"):
        return "cryptocurrency-wallet"
    if schema.is_a("UserAccount"):
        return "user-account"
    if schema.is_a("Person"):
        return "threat-actor"
    if schema.name in GROUP_SCHEMATA:
        return "intrusion-set"
    return None


def to_stix(selection: Selection) -> dict[str, Any]:
    """The selection as a STIX 2.1 bundle (a JSON-ready dict)."""
    identity = stix2.v21.Identity(id=TNOC_IDENTITY, name="TNOC", identity_class="system",
                                  description=f"TNOC {__version__} export",
                                  created="2026-01-01T00:00:00Z",
                                  modified="2026-01-01T00:00:00Z")
    extension = stix2.v21.ExtensionDefinition(
        id=EXTENSION_ID, created_by_ref=TNOC_IDENTITY, name="TNOC entity reference",
        description="x_tnoc_entity_id and x_tnoc_schema: the TNOC (FollowTheMoney) entity "
                    "an object was exported from; x_tnoc_property: the property a "
                    "relationship stands for. Also defines the cryptocurrency-wallet SCO.",
        schema="https://github.com/tnoc/tnoc/blob/main/docs/exchange.md",
        version="1.0.0", extension_types=["toplevel-property-extension", "new-sco"],
        extension_properties=["x_tnoc_entity_id", "x_tnoc_schema", "x_tnoc_property"],
        created="2026-01-01T00:00:00Z", modified="2026-01-01T00:00:00Z")
    objects = [identity, extension, *MARKINGS.values(), *_objects(selection)]
    bundle = stix2.v21.Bundle(objects=objects, allow_custom=True,
                              id=f"bundle--{uuid.uuid4()}")
    data: dict[str, Any] = json.loads(bundle.serialize())
    return data


def validate_stix(data: dict[str, Any]) -> tuple[bool, list[str]]:
    """stix2-validator 3.2.0 on the bundle: (valid, errors and warnings as text)."""
    from stix2validator import ValidationOptions, validate_string

    results = validate_string(json.dumps(data), ValidationOptions(version="2.1"))
    messages = []
    for obj in getattr(results, "object_results", [results]):
        messages += [f"error: {e}" for e in obj.errors or []]
        messages += [f"warning: {w}" for w in obj.warnings or []]
    return bool(results.is_valid), messages


# ---------------------------------------------------------------- in

def _marking_code(definition: dict[str, Any]) -> str | None:
    """The TLP code a marking-definition object states (TLP 2.0 extension, TLP 1.0
    ``definition``, or a ``TLP:`` name), None for other markings."""
    ext = (definition.get("extensions") or {}).get(TLP2_EXTENSION) or {}
    level = ext.get("tlp_2_0") or (definition.get("definition") or {}).get("tlp")
    if level is None and str(definition.get("name", "")).upper().startswith("TLP:"):
        level = definition["name"]
    return None if level is None else tlp_code(level)


def bundle_markings(data: dict[str, Any]) -> tuple[str | None, int]:
    """The strictest TLP any object of the bundle is marked with (None: no TLP marking)
    and how many objects carry it. An object counts with every TLP marking that applies
    to it or to any part of it: ``object_marking_refs`` and the ``marking_ref`` of each
    ``granular_markings`` entry (a RED marking on an object's description makes the
    object's values RED; TNOC keeps one code per source, so the strictest marking in
    the file sets the source's). Markings are recognised by their well-known ids (TLP
    2.0 and STIX 2.1's TLP 1.0) or by the bundle's own definitions (TLP 2.0 extension,
    ``definition.tlp`` or a ``TLP:`` name, also for ``x_`` definitions)."""
    objects = [o for o in data.get("objects") or [] if isinstance(o, dict)]
    codes = dict(KNOWN_MARKINGS)
    for obj in objects:
        if obj.get("type") == "marking-definition":
            code = _marking_code(obj)
            if code:
                codes.setdefault(str(obj.get("id")), code)
    per_object = []
    for obj in objects:
        refs = [*_listed(obj.get("object_marking_refs")),
                *(str(g.get("marking_ref")) for g in obj.get("granular_markings") or []
                  if isinstance(g, dict))]
        used = [codes[ref] for ref in refs if ref in codes]
        if used:
            per_object.append(strictest(used))
    return strictest_marked(per_object)


def bundle_tlp(data: dict[str, Any]) -> str | None:
    """The strictest TLP marking in the bundle (see :func:`bundle_markings`)."""
    return bundle_markings(data)[0]


STIX_ID = re.compile(r"^[a-z0-9][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                     r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def own_id(stix_ref: object) -> str:
    """The TNOC entity id of a received STIX object: its STIX id (``type--uuid``, a
    namespace no TNOC-made id lives in), or a ``stix-`` UUIDv5 of whatever the file
    gave when that is not a well-formed STIX id. Never an id the file names in
    ``x_tnoc_entity_id``: a partner's file must not write onto our entities."""
    text = str(stix_ref)
    return text if STIX_ID.match(text) else f"stix-{uuid.uuid5(NAMESPACE, text)}"


def stix_claims(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(our entity id the file claims an object is, the object's own entity id, where)
    for each object with an ``x_tnoc_entity_id`` (a TNOC export coming back, or a
    partner pointing at one of our entities). Recorded as candidates for review, never
    applied."""
    claims = []
    for index, obj in enumerate(data.get("objects") or []):
        if isinstance(obj, dict) and obj.get("x_tnoc_entity_id") \
                and obj.get("type") != "relationship" and _entity_of(obj) is not None:
            claims.append((str(obj["x_tnoc_entity_id"]), own_id(obj.get("id")),
                           f"objects[{index}] {obj.get('id')}"))
    return claims


def stix_statements(data: dict[str, Any]) -> Iterator[tuple[str, str, str, str, str]]:
    """Statement rows (entity id, schema, property, value, locator) from a bundle."""
    if data.get("type") != "bundle" or not isinstance(data.get("objects"), list):
        raise ValueError("not a STIX bundle (expected type 'bundle' with 'objects')")
    ids: dict[str, tuple[str, str]] = {}
    for obj in data["objects"]:
        entity = _entity_of(obj)
        if entity is not None:
            ids[obj["id"]] = entity
    for index, obj in enumerate(data["objects"]):
        where = f"objects[{index}] {obj.get('id')}"
        if obj["id"] in ids:
            entity_id, schema = ids[obj["id"]]
            for prop, value in _properties(obj):
                yield entity_id, schema, prop, value, where
        elif obj.get("type") == "relationship":
            yield from _relationship(obj, ids, where)
        elif obj.get("type") not in ("identity", "extension-definition", "marking-definition"):
            # kept, not dropped: the importer flags the unknown schema
            yield own_id(obj["id"]), f"stix:{obj.get('type')}", "name", \
                str(obj.get("name") or obj["id"]), where


def _entity_of(obj: dict[str, Any]) -> tuple[str, str] | None:
    kind = obj.get("type")
    entity_id = own_id(obj.get("id", ""))  # x_tnoc_entity_id: a claim, stix_claims
    schema = obj.get("x_tnoc_schema")
    default = {"indicator": "NetworkIndicator", "malware": "MalwareFamily",
               "threat-actor": "Person", "intrusion-set": "Organization",
               "cryptocurrency-wallet": "CryptoWallet", "user-account": "UserAccount",
               "ipv4-addr": "NetworkIndicator", "ipv6-addr": "NetworkIndicator",
               "domain-name": "NetworkIndicator", "url": "NetworkIndicator"}.get(str(kind))
    if kind == "identity" and obj.get("id") != TNOC_IDENTITY:
        default = "Person" if obj.get("identity_class") == "individual" else "Organization"
    if default is None:
        return None
    return str(entity_id), str(schema or default)


def _listed(value: Any) -> list[str]:
    """A STIX list property as its values. A single string where the specification wants
    a list (``"aliases": "Ivan"``, common in hand-made bundles) is one value, not one
    value per character; null is none; other scalars are kept as their text."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None]
    return [str(value)]


def _properties(obj: dict[str, Any]) -> Iterator[tuple[str, str]]:
    kind = obj["type"]
    if kind in ("malware", "threat-actor", "intrusion-set", "identity"):
        yield "name", str(obj["name"])
        for alias in _listed(obj.get("aliases")):
            yield "alias", alias
        for value in _listed(obj.get("malware_types")):
            yield "malwareType", value
    elif kind == "indicator":
        for match in PATTERN_TERM.finditer(obj.get("pattern", "")):
            value = match.group(2).replace("\\'", "'").replace("\\\\", "\\")
            yield PATTERN_PROPS[match.group(1)], value
        for keyword in _listed(obj.get("labels")):
            yield "keywords", keyword
        valid_from = str(obj.get("valid_from", ""))
        if valid_from and not valid_from.startswith("1970-01-01"):  # epoch: no date sent
            yield "startDate", valid_from.rstrip("Z")
    elif kind == "cryptocurrency-wallet":
        yield "publicKey", obj["value"]
        for currency in _listed(obj.get("x_currencies")):
            yield "currency", currency
    elif kind == "user-account":
        if obj.get("account_login"):
            yield "username", obj["account_login"]
        if obj.get("account_type"):
            yield "service", obj["account_type"]
    elif kind in PATTERN_PROPS:
        yield PATTERN_PROPS[kind], obj["value"]


def _relationship(obj: dict[str, Any], ids: dict[str, tuple[str, str]],
                  where: str) -> Iterator[tuple[str, str, str, str, str]]:
    source, target = ids.get(obj.get("source_ref", "")), ids.get(obj.get("target_ref", ""))
    if source is None or target is None:
        yield own_id(obj["id"]), "UnknownLink", "role", str(obj.get("relationship_type")), \
            where
        return
    prop = obj.get("x_tnoc_property")
    if prop is None and obj.get("relationship_type") == "indicates":
        prop = "malware"
    if prop is not None:
        yield source[0], source[1], prop, target[0], where
        return
    schema = obj.get("x_tnoc_schema") or "UnknownLink"
    entity_id = own_id(obj["id"])
    from tnoc.model import get_model

    edge = get_model().get(schema)
    if edge is None or not edge.edge:
        schema, edge = "UnknownLink", get_model().get("UnknownLink")
    assert edge is not None
    yield entity_id, schema, edge.edge_source or "subject", source[0], where
    yield entity_id, schema, edge.edge_target or "object", target[0], where
    if schema == "UnknownLink":
        yield entity_id, schema, "role", str(obj.get("relationship_type")), where
