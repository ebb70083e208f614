"""MISP events out and in (Wagner et al., *MISP: The Design and Implementation of a
Collaborative Threat Intelligence Sharing Platform*, WISCS 2016), via pymisp, offline.

Out (:func:`to_misp`): one event per export; each entity one MISP object from the
templates pymisp ships, its uuid UUIDv5 of the entity id and its comment
``tnoc:ENTITY_ID (Schema)`` so when it comes back it can be linked to the same entity
(a candidate for review, :func:`misp_claims`; a received event never writes onto ours):

=================  =================================================================
TNOC (FtM)         MISP object (attributes)
=================  =================================================================
NetworkIndicator   ``url`` (url, ip, domain, first-seen, last-seen) when it has a URL,
                   else ``domain-ip`` (domain, ip, first-seen, last-seen)
MalwareFamily      ``malware`` (name, malware_type, is_family)
Person             ``person`` (full-name, alias, date-of-birth, nationality, e-mail)
Organization...    ``organization`` (name, alias, e-mail)
CryptoWallet       ``coin-address`` (address, symbol)
UserAccount        ``user-account`` (username, account-type)
entity property    object reference, relationship type = the property (``malware``
                   becomes ``indicates``)
FtM edge           object reference typed by the edge schema (``Ownership``...)
=================  =================================================================

Every attribute is tagged with its entity's TLP (``tlp:clear`` ... ``tlp:red``, MISP's
TLP 2.0 taxonomy) and the event with the strictest. In (:func:`misp_statements`): the
same table backwards; loose attributes (ip-dst, domain, url, btc, xmr...) of foreign
events become NetworkIndicator or CryptoWallet entities; anything else is kept flagged.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

from pymisp import MISPAttribute, MISPEvent, MISPObject

from tnoc import __version__
from tnoc.exchange.handling import ExportEntity, Selection, strictest_marked
from tnoc.exchange.stix import GROUP_SCHEMATA
from tnoc.tlp import strictest, tlp_code

NAMESPACE = uuid.UUID("5d0a4c2e-1f3b-5a6c-8d7e-9f0a1b2c3d4e")
COMMENT = re.compile(r"^tnoc:(?P<id>\S+) \((?P<schema>\w+)\)$")
# template -> [(object relation, TNOC property)]
OBJECTS: dict[str, list[tuple[str, str]]] = {
    "url": [("url", "url"), ("ip", "ipAddress"), ("domain", "domain"),
            ("first-seen", "startDate"), ("last-seen", "lastOnline")],
    "domain-ip": [("domain", "domain"), ("ip", "ipAddress"), ("first-seen", "startDate"),
                  ("last-seen", "lastOnline")],
    "malware": [("name", "name"), ("malware_type", "malwareType")],
    "person": [("full-name", "name"), ("alias", "alias"), ("date-of-birth", "birthDate"),
               ("nationality", "nationality"), ("e-mail", "email")],
    "organization": [("name", "name"), ("alias", "alias"), ("e-mail", "email")],
    "coin-address": [("address", "publicKey"), ("symbol", "currency")],
    "user-account": [("username", "username"), ("account-type", "service")],
}
TEMPLATE_SCHEMA = {"url": "NetworkIndicator", "domain-ip": "NetworkIndicator",
                   "malware": "MalwareFamily", "person": "Person",
                   "organization": "Organization", "coin-address": "CryptoWallet",
                   "user-account": "UserAccount"}
LOOSE = {"ip-dst": ("NetworkIndicator", "ipAddress"), "ip-src": ("NetworkIndicator",
                                                                  "ipAddress"),
         "domain": ("NetworkIndicator", "domain"), "hostname": ("NetworkIndicator", "domain"),
         "url": ("NetworkIndicator", "url"), "btc": ("CryptoWallet", "publicKey"),
         "xmr": ("CryptoWallet", "publicKey")}


def _template(entity: ExportEntity) -> str | None:
    from tnoc.model import get_model

    schema = get_model().get(entity.schema)
    if schema is None:
        return None
    if schema.is_a("NetworkIndicator"):
        if entity.properties.get("url"):
            return "url"
        return "domain-ip" if entity.properties.get("domain") or entity.properties.get(
            "ipAddress") else None
    for name, template in (("MalwareFamily", "malware"), ("CryptoWallet", "coin-address"),
                           ("UserAccount", "user-account"), ("Person", "person")):
        if schema.is_a(name):
            return template
    return "organization" if schema.name in GROUP_SCHEMATA else None


def object_uuid(entity_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, entity_id))


def to_misp(selection: Selection, info: str) -> dict[str, Any]:
    """The selection as one MISP event (``{"Event": {...}}``, as MISP exports it)."""
    event = MISPEvent()
    event.info = info
    event.uuid = str(uuid.uuid4())
    event.add_tag(selection.tlp.lower())
    objects: dict[str, MISPObject] = {}
    for entity in selection.entities.values():
        template = _template(entity)
        if template is None:
            continue
        obj = MISPObject(template, standalone=False)
        obj.uuid = object_uuid(entity.id)
        obj.comment = f"tnoc:{entity.id} ({entity.schema})"
        if template == "malware":
            obj.add_attribute("is_family", value=True)
        for relation, prop in OBJECTS[template]:
            for value in entity.properties.get(prop, []):
                attribute = obj.add_attribute(relation, value=value)
                if attribute is not None:
                    attribute.uuid = str(uuid.uuid5(NAMESPACE, f"{entity.id}.{prop}.{value}"))
                    attribute.add_tag(entity.tlp.lower())
        if obj.attributes:
            objects[entity.id] = obj
    for tie in selection.relations(objects):
        if tie.prop is None:
            objects[tie.source].add_reference(objects[tie.target].uuid, tie.schema,
                                              comment=f"tnoc:{tie.id} ({tie.schema})")
        else:
            objects[tie.source].add_reference(
                objects[tie.target].uuid, "indicates" if tie.prop == "malware" else tie.prop)
    for obj in objects.values():
        event.add_object(obj)
    data: dict[str, Any] = {"Event": json.loads(event.to_json())}
    data["Event"]["x_tnoc"] = {"tnoc_version": __version__, "sources": selection.source_ids}
    return data


def misp_statements(data: dict[str, Any]) -> Iterator[tuple[str, str, str, str, str]]:
    """Statement rows (entity id, schema, property, value, locator) from a MISP event."""
    if "Event" not in data or not isinstance(data["Event"], dict):
        raise ValueError("no 'Event' key: not a MISP event export")
    data, aside = _set_aside(data)
    yield from aside
    event = MISPEvent()
    event.load(data)
    entities: dict[str, tuple[str, str]] = {}
    for obj in event.objects:
        match = COMMENT.match(getattr(obj, "comment", "") or "")
        schema = TEMPLATE_SCHEMA.get(obj.name) or (match["schema"] if match else None)
        # the object's own id even when its comment names one of ours (misp_claims)
        entities[obj.uuid] = (own_id(obj.uuid), schema or f"misp:{obj.name}")
    for i, obj in enumerate(event.objects):
        entity_id, schema = entities[obj.uuid]
        relations = dict(OBJECTS.get(obj.name, []))
        for j, attribute in enumerate(obj.attributes):
            where = f"Event.Object[{i}] {obj.name} .Attribute[{j}]"
            if attribute.object_relation == "is_family":
                continue
            prop = relations.get(attribute.object_relation, attribute.object_relation)
            yield entity_id, schema, prop, _text(attribute.value), where
        for k, ref in enumerate(obj.references):
            where = f"Event.Object[{i}] {obj.name} .ObjectReference[{k}]"
            target = entities.get(ref.referenced_uuid)
            if target is None:
                continue
            yield from _reference(entity_id, schema, target[0], ref.relationship_type,
                                  where)
    for i, loose in enumerate(event.attributes):
        where = f"Event.Attribute[{i}] {loose.type}"
        schema, prop = LOOSE.get(loose.type, (f"misp:{loose.type}", "name"))
        yield own_id(loose.uuid), schema, prop, _text(loose.value), where


def _set_aside(data: dict[str, Any]) -> tuple[dict[str, Any],
                                               list[tuple[str, str, str, str, str]]]:
    """The event without the attributes pymisp cannot take, and those attributes as
    flagged statements. pymisp raises on a loose attribute whose value is null or whose
    type it does not know, and silently skips an object's attribute with a null value;
    either would lose the partner's data or the whole import. Each such attribute is
    kept instead as an entity of schema ``misp:TYPE`` (unknown to TNOC, so flagged), its
    value the original text (the attribute as JSON when it has no value), located by its
    place in the file. The input ``data`` is not changed."""
    known = set(MISPAttribute().known_types)
    aside: list[tuple[str, str, str, str, str]] = []

    def keep(attributes: Any, where: str, in_object: bool) -> list[Any]:
        kept = []
        for j, attribute in enumerate(attributes if isinstance(attributes, list) else []):
            kind = attribute.get("type") if isinstance(attribute, dict) else None
            value = attribute.get("value") if isinstance(attribute, dict) else None
            unknown = kind not in known and (kind is not None or not in_object)
            if isinstance(attribute, dict) and not unknown and value not in (None, ""):
                kept.append(attribute)
                continue
            here = f"{where}.Attribute[{j}] {kind or 'untyped'}"
            original = value if isinstance(value, (str, int, float)) and value != "" \
                else json.dumps(attribute, sort_keys=True, ensure_ascii=False, default=str)
            uid = attribute.get("uuid") if isinstance(attribute, dict) else None
            aside.append((own_id(uid) if uid else f"misp-{uuid.uuid5(NAMESPACE, here)}",
                          f"misp:{kind or 'untyped'}", "name", str(original), here))
        return kept

    event = dict(data["Event"])
    event["Attribute"] = keep(event.get("Attribute") or [], "Event", False)
    objects = []
    for i, obj in enumerate(event.get("Object") or []):
        if isinstance(obj, dict):
            obj = {**obj, "Attribute": keep(obj.get("Attribute") or [],
                                            f"Event.Object[{i}] {obj.get('name')} ", True)}
        objects.append(obj)
    event["Object"] = objects
    return {**data, "Event": event}, aside


def _text(value: object) -> str:
    """An attribute value as text; MISP turns dates into midnight datetimes, which go
    back to the day they came from."""
    if hasattr(value, "isoformat"):
        text = str(value.isoformat())
        return text[:10] if text[10:] in ("T00:00:00", "T00:00:00+00:00") else text
    return str(value)


def _reference(source: str, source_schema: str, target: str, kind: str, where: str
               ) -> Iterator[tuple[str, str, str, str, str]]:
    from tnoc.model import get_model

    model = get_model()
    prop = "malware" if kind == "indicates" else kind
    schema = model.get(source_schema)
    spec = schema.get(prop) if schema is not None else None
    if spec is not None and spec.type.name == "entity":
        yield source, source_schema, prop, target, where
        return
    edge = model.get(kind)
    if edge is None or not edge.edge:
        edge = model.get("UnknownLink")
    assert edge is not None
    # never the id a ``tnoc:`` comment names: a received file does not edit our edges
    edge_id = f"misp-ref-{uuid.uuid5(NAMESPACE, where + source)}"
    yield edge_id, edge.name, edge.edge_source or "subject", source, where
    yield edge_id, edge.name, edge.edge_target or "object", target, where
    if edge.name == "UnknownLink":
        yield edge_id, edge.name, "role", kind, where


def own_id(misp_uuid: object) -> str:
    """The TNOC entity id of a received MISP object or attribute: ``misp-`` and its
    uuid (a UUIDv5 of the text when the file's uuid is not one). Never an id a
    ``tnoc:`` comment names: a partner's event must not write onto our entities."""
    try:
        return f"misp-{uuid.UUID(str(misp_uuid))}"
    except ValueError:
        return f"misp-{uuid.uuid5(NAMESPACE, str(misp_uuid))}"


def misp_claims(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(our entity id an object's ``tnoc:ID (Schema)`` comment claims it is, the
    object's own entity id, where) for each such object (a TNOC export coming back, or a
    partner pointing at one of ours). Recorded as candidates for review, never
    applied."""
    event = data.get("Event") if isinstance(data, dict) else None
    claims = []
    for i, obj in enumerate(event.get("Object") or [] if isinstance(event, dict) else []):
        match = COMMENT.match(str(obj.get("comment") or "")) if isinstance(obj, dict) \
            else None
        if match and obj.get("uuid"):
            claims.append((match["id"], own_id(obj["uuid"]),
                           f"Event.Object[{i}] {obj.get('name')}"))
    return claims


def event_markings(data: dict[str, Any]) -> tuple[str | None, int]:
    """The strictest ``tlp:`` tag (``tlp:white`` read as TLP:CLEAR, ``tlp:amber+strict``
    kept) on the event, its attributes, its objects or their attributes, and how many of
    those items carry it; (None, 0) when nothing is tagged. An event tag covers the
    whole event, an attribute tag that attribute's value; TNOC keeps one code per
    source, so the strictest sets the source's."""
    event = data.get("Event", data) if isinstance(data, dict) else {}
    if not isinstance(event, dict):
        return None, 0

    def dicts(value: Any) -> list[dict[str, Any]]:
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    objects = dicts(event.get("Object"))
    tagged = [event, *dicts(event.get("Attribute")), *objects,
              *(a for o in objects for a in dicts(o.get("Attribute")))]
    per_item = []
    for item in tagged:
        names = [str(tag.get("name", "") if isinstance(tag, dict) else tag).strip()
                 for tag in item.get("Tag") or [] if tag is not None]
        found = [c for n in names if n.lower().startswith("tlp:") and (c := tlp_code(n))]
        if found:
            per_item.append(strictest(found))
    return strictest_marked(per_item)


def event_tlp(data: dict[str, Any]) -> str | None:
    """The strictest ``tlp:`` tag in the event (see :func:`event_markings`)."""
    return event_markings(data)[0]
