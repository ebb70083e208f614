"""The custody record as CASE/UCO JSON-LD (Cyber-investigation Analysis Standard Expression).

CASE (Casey et al., *Advancing coordinated cyber-investigations and tool
interoperability using a community developed specification language*, Digital
Investigation 22, 2017) is how forensic tools hand each other provenance. Mapping:

* each exhibit -> ``uco-observable:File`` with ``FileFacet`` (name, size) and
  ``ContentDataFacet`` (SHA-256), held by a ``case-investigation:ProvenanceRecord``
  whose ``exhibitNumber`` is the TNOC source id;
* each custody entry -> ``case-investigation:InvestigativeAction``: ``core:name`` the
  event type, ``action:startTime``, ``action:performer`` (an ``identity:Identity``),
  ``action:instrument`` (the tool and version, ``uco-tool:Tool``), ``action:location``,
  ``action:object`` (the item), ``core:description`` (purpose and method), and the
  legal authority as a ``case-investigation:Authorization`` in ``action:environment``;
* ledger fields CASE has no property for (entry hash, previous hash, signature, key id,
  clock source, role, organisation) go in ``core:description`` text, so nothing the
  ledger holds is dropped; the hash chain itself is checked by TNOC, not by CASE tools.

Validated with case-utils' ``case_validate`` (SHACL over the CASE/UCO ontology).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from tnoc import __version__
from tnoc.ingest.pipeline import IngestReport
from tnoc.ledger.custody import EVENT_TYPES, CustodyEvent, LedgerEntry, read_ledger
from tnoc.ledger.keys import KEY_EVENT
from tnoc.store.case import Case

NAMESPACE = uuid.UUID("6f1b3c52-0c7e-4b8e-9d5a-2f51c0a7e001")
CONTEXT = {
    "kb": "urn:tnoc:kb:",
    "case-investigation": "https://ontology.caseontology.org/case/investigation/",
    "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
    "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
    "uco-identity": "https://ontology.unifiedcyberontology.org/uco/identity/",
    "uco-location": "https://ontology.unifiedcyberontology.org/uco/location/",
    "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
    "uco-tool": "https://ontology.unifiedcyberontology.org/uco/tool/",
    "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _iri(kind: str, key: str) -> str:
    return f"kb:{kind}-{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _file(source: tuple[Any, ...]) -> list[dict[str, Any]]:
    source_id, name, sha256, size = source
    file_iri = _iri("file", source_id)
    return [{
        "@id": file_iri, "@type": "uco-observable:File",
        "uco-core:name": name,
        "uco-core:hasFacet": [
            {"@id": _iri("file-facet", source_id), "@type": "uco-observable:FileFacet",
             "uco-observable:fileName": name,
             "uco-observable:sizeInBytes": {"@type": "xsd:integer", "@value": int(size)}},
            {"@id": _iri("content-facet", source_id),
             "@type": "uco-observable:ContentDataFacet",
             "uco-observable:hash": [{
                 "@id": _iri("hash", source_id), "@type": "uco-types:Hash",
                 "uco-types:hashMethod": "SHA256",
                 "uco-types:hashValue": {"@type": "xsd:hexBinary", "@value": sha256.upper()},
             }]},
        ]}, {
        "@id": _iri("provenance-record", source_id),
        "@type": "case-investigation:ProvenanceRecord",
        "case-investigation:exhibitNumber": source_id,
        "uco-core:object": [_ref(file_iri)],
    }]


def custody_graph(con: duckdb.DuckDBPyConnection, case: Case) -> dict[str, Any]:
    """The case's exhibits and custody entries as one CASE/UCO JSON-LD document."""
    graph: list[dict[str, Any]] = []
    sources = con.execute("SELECT source_id, file_name, sha256, size_bytes FROM sources "
                          "ORDER BY source_id").fetchall()
    items = {str(s[0]): _iri("file", str(s[0])) for s in sources}
    for source in sources:
        graph.extend(_file(source))
    people: dict[str, str] = {}
    tools: dict[str, str] = {}
    places: dict[str, str] = {}
    authorities: dict[str, str] = {}
    actions = []
    for entry in read_ledger(con):
        e = entry.event
        performer = people.setdefault(e.actor, _iri("identity", e.actor))
        tool = tools.setdefault(e.tool_version, _iri("tool", e.tool_version))
        action: dict[str, Any] = {
            "@id": f"kb:investigative-action-{e.event_id}",
            "@type": "case-investigation:InvestigativeAction",
            "uco-core:name": e.event_type,
            "uco-core:description": _describe(entry),
            "uco-action:startTime": {"@type": "xsd:dateTime", "@value": e.occurred_at},
            "uco-action:performer": _ref(performer),
            "uco-action:instrument": [_ref(tool)],
        }
        if e.item_id:
            action["uco-action:object"] = [_ref(items.get(e.item_id)
                                                or _item(graph, items, e.item_id))]
        if e.place:
            action["uco-action:location"] = [_ref(places.setdefault(
                e.place, _iri("location", e.place)))]
        if e.legal_authority:
            action["uco-action:environment"] = _ref(authorities.setdefault(
                e.legal_authority, _iri("authorization", e.legal_authority)))
        actions.append(action)
    graph.extend({"@id": iri, "@type": "uco-identity:Identity", "uco-core:name": name}
                 for name, iri in people.items())
    graph.extend({"@id": iri, "@type": "uco-tool:Tool", "uco-core:name": "TNOC",
                  "uco-tool:version": version} for version, iri in tools.items())
    graph.extend({"@id": iri, "@type": "uco-location:Location", "uco-core:description": name}
                 for name, iri in places.items())
    graph.extend({"@id": iri, "@type": "case-investigation:Authorization",
                  "uco-core:name": name} for name, iri in authorities.items())
    graph.extend(actions)
    graph.append({
        "@id": _iri("investigation", case.case_id),
        "@type": "case-investigation:Investigation",
        "uco-core:name": case.name,
        "uco-core:description": f"TNOC case {case.case_id}; custody record written by "
                                f"TNOC {__version__}",
        "uco-core:object": [_ref(a["@id"]) for a in actions] + [
            _ref(_iri("provenance-record", str(s[0]))) for s in sources],
    })
    return {"@context": CONTEXT, "@graph": graph}


def _item(graph: list[dict[str, Any]], items: dict[str, str], item_id: str) -> str:
    """A custody item that is not a source file (a seized bag, a bundle, the case)."""
    iri = _iri("item", item_id)
    items[item_id] = iri
    graph.append({"@id": iri, "@type": "uco-core:Item", "uco-core:name": item_id})
    return iri


# Ledger fields CASE has no property for, written into ``core:description`` as
# "label: value" and read back by :func:`custody_actions`: (label, event field) and
# (label, entry field).
DESCRIBED = (("purpose", "purpose"), ("method", "method"), ("role", "role"),
             ("organisation", "organisation"), ("clock source", "clock_source"),
             ("sha256 before", "hash_before"), ("sha256 after", "hash_after"))
ORIGINAL = (("previous entry hash", "prev_hash"), ("entry hash", "entry_hash"),
            ("signing key", "key_id"), ("Ed25519 signature", "signature"))


def _describe(entry: LedgerEntry) -> str:
    parts = [f"TNOC custody entry {entry.seq}"]
    for label, name in DESCRIBED:
        if value := getattr(entry.event, name):
            parts.append(f"{label}: {value}")
    for label, name in ORIGINAL:
        if value := getattr(entry, name):
            parts.append(f"{label}: {value}")
    return "; ".join(parts)


def write_custody_record(case: Case, out: Path, validate_first: bool = True,
                         force: bool = False) -> tuple[str, int]:
    """Write the custody record to ``out`` (validated first unless told not to) and
    record the export; returns (sha256, graph nodes). An invalid graph is not written;
    an existing ``out`` is replaced only with ``force``."""
    import json

    from tnoc.errors import TnocError
    from tnoc.exchange.export import write_recorded

    with case.connect(read_only=True) as con:
        graph = custody_graph(con, case)

    def conforms(path: Path) -> None:
        ok, report = validate(path)
        if not ok:
            raise TnocError(f"the CASE/UCO record fails case_validate; not written:\n"
                            f"{report[-3000:]}")

    digest = write_recorded(case, out, json.dumps(graph, indent=1).encode("utf-8"),
                            "case-uco", "custody record (CASE/UCO)", {},
                            conforms if validate_first else None, force=force)
    return digest, len(graph["@graph"])


def validate(path: Path) -> tuple[bool, str]:
    """Run case-utils' SHACL validation; returns (conforms, report text)."""
    import subprocess
    import sys

    script = Path(sys.executable).with_name("case_validate")
    command = [str(script)] if script.exists() else [sys.executable, "-m",
                                                     "case_utils.case_validate"]
    run = subprocess.run([*command, str(path)], capture_output=True, text=True, check=False)
    return run.returncode == 0, (run.stdout + run.stderr).strip()


# ---------------------------------------------------------------- reading a record back

EVENT_WORDS = (("acqui", "acquired"), ("seiz", "acquired"), ("seal", "sealed"),
               ("transfer", "transferred"), ("receiv", "received"), ("cop", "copied"),
               ("imag", "copied"), ("analy", "analysed"), ("exam", "analysed"),
               ("export", "exported"), ("disclos", "disclosed"), ("return", "returned"),
               ("destr", "destroyed"), ("verif", "verified"), ("access", "accessed"))


OWN_CUSTODY = frozenset({KEY_EVENT})
"""Event types that mean something for this case's own custody (a ``key-registered``
entry lets a key sign the ledger): a partner's action of that name never becomes one; it
comes in as an ``accessed`` action with its name kept in ``details.case_uco_name``."""


def _nodes(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    graph = data["@graph"] if isinstance(data, dict) and "@graph" in data else data
    if not isinstance(graph, list):
        raise ValueError("expected a JSON-LD document with an @graph list")
    return {str(n["@id"]): n for n in graph if isinstance(n, dict) and "@id" in n}


def _value(node: dict[str, Any], key: str) -> Any:
    found = node.get(key)
    if isinstance(found, list):
        found = found[0] if found else None
    return found.get("@value", found.get("@id")) if isinstance(found, dict) else found


def _files(nodes: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per File IRI: name, size, SHA-256 and exhibit number (from its ProvenanceRecord)."""
    files: dict[str, dict[str, Any]] = {}
    for iri, node in nodes.items():
        if node.get("@type") != "uco-observable:File":
            continue
        facts: dict[str, Any] = {"name": node.get("uco-core:name"), "size": None,
                                 "sha256": None, "exhibit": None}
        for facet in node.get("uco-core:hasFacet", []):
            facet = nodes.get(facet.get("@id"), facet) if "@type" not in facet else facet
            facts["name"] = facet.get("uco-observable:fileName") or facts["name"]
            if facet.get("uco-observable:sizeInBytes") is not None:
                facts["size"] = _value(facet, "uco-observable:sizeInBytes")
            for digest in facet.get("uco-observable:hash", []):
                if str(_value(digest, "uco-types:hashMethod")).upper().replace("-", "") \
                        == "SHA256":
                    facts["sha256"] = str(_value(digest, "uco-types:hashValue")).lower()
        files[iri] = facts
    for node in nodes.values():
        if node.get("@type") == "case-investigation:ProvenanceRecord":
            for ref in node.get("uco-core:object", []):
                if ref.get("@id") in files:
                    files[ref["@id"]]["exhibit"] = node.get("case-investigation:exhibitNumber")
    return files


def custody_statements(data: dict[str, Any]) -> Iterator[tuple[str, str, str, str, str]]:
    """The files a CASE/UCO custody record describes, as FtM ``Document`` statement rows
    (entity, schema, property, value, locator): name, size and SHA-256, so the received
    exhibits are searchable and linkable like any entity."""
    for iri, facts in _files(_nodes(data)).items():
        key = facts["sha256"] or iri
        entity = f"caseuco-file-{key}"
        for prop, value in (("id", entity), ("fileName", facts["name"]),
                            ("fileSize", facts["size"]), ("contentHash", facts["sha256"]),
                            ("title", facts["exhibit"])):
            if value is not None:
                yield entity, "Document", prop, str(value), f"@graph {iri}"


def _tool(tool: dict[str, Any]) -> str:
    """"name version" of a uco-tool:Tool (the version alone when it names the tool)."""
    name = str(tool.get("uco-core:name") or "unknown tool")
    version = str(tool.get("uco-tool:version") or "")
    return version if version and name.lower() in version.lower() else (
        f"{name} {version}".strip())


def custody_actions(data: dict[str, Any], record: str) -> list[CustodyEvent]:
    """The record's investigative actions as custody events, oldest first, for the
    receiving case's ledger. What CASE carries maps back field by field (and TNOC's
    own ``core:description`` text back to purpose, method, role, organisation, clock
    source and hashes). The sender's own entry hash, key and signature, an action name
    outside TNOC's vocabulary and the action's IRI go into ``details``, so nothing in
    the record is lost. ``record`` is the SHA-256 of the record file."""
    nodes = _nodes(data)
    files = _files(nodes)
    events: list[tuple[str, CustodyEvent]] = []
    for iri, node in nodes.items():
        if node.get("@type") != "case-investigation:InvestigativeAction":
            continue
        name = str(node.get("uco-core:name") or "")
        kind = name if name in EVENT_TYPES - OWN_CUSTODY else next(
            (event for word, event in EVENT_WORDS if word in name.lower()), "accessed")
        said = dict(part.partition(": ")[::2] for part in
                    str(node.get("uco-core:description") or "").split("; "))
        obj = _value(node, "uco-action:object")
        item = files.get(str(obj)) if obj else None
        other = nodes.get(str(obj), {}) if obj else {}
        place = nodes.get(str(_value(node, "uco-action:location")), {})
        authority = nodes.get(str(_value(node, "uco-action:environment")), {})
        performer = nodes.get(str(_value(node, "uco-action:performer")), {})
        tool = nodes.get(str(_value(node, "uco-action:instrument")), {})
        details: dict[str, Any] = {"from_case_uco_record": record, "case_uco_action": iri}
        details.update({name: said[label] for label, name in ORIGINAL if label in said})
        if kind != name:
            details["case_uco_name"] = name
        event = CustodyEvent(
            event_type=kind,
            item_id=(item["exhibit"] or item["name"]) if item else other.get(
                "uco-core:name", str(obj) if obj else None),
            item_sha256=item["sha256"] if item else None,
            actor=str(performer.get("uco-core:name") or _value(node, "uco-action:performer")
                      or "unknown (CASE/UCO record)"),
            occurred_at=str(_value(node, "uco-action:startTime") or ""),
            place=place.get("uco-core:description") or place.get("uco-core:name"),
            legal_authority=authority.get("uco-core:name"),
            tool_version=_tool(tool),
            details=details,
            **{name: said[label] for label, name in DESCRIBED if label in said},
        )
        if not event.occurred_at:
            raise ValueError(f"action {iri} has no uco-action:startTime")
        events.append((event.occurred_at, event))
    return [event for _when, event in sorted(events, key=lambda pair: pair[0])]


def imported(event: CustodyEvent, source_id: str) -> CustodyEvent:
    """``event`` of a partner's record as what it is in this case: the partner's custody
    history of their exhibit, attached to the CASE/UCO record's own source.

    The partner's item and hash move into ``details`` (``partner_item_id``,
    ``partner_item_sha256``): left as the entry's item they would read as this case's
    own intake of that file, and a forged record naming the SHA-256 or source id of a
    file not yet ingested would make ``tnoc verify`` fail once the real file comes in."""
    from dataclasses import replace

    details = {**event.details, "import_source": source_id, "imported": True,
               "partner_item_id": event.item_id, "partner_item_sha256": event.item_sha256}
    return replace(event, item_id=source_id, item_sha256=None, details=details)


def import_custody_record(case: Case, path: Path, handling_code: str = "TLP:AMBER"
                          ) -> tuple[IngestReport, int]:
    """Take a CASE/UCO custody record in: the file as a source (hashed, preserved, its
    files as Documents) and its actions appended to this case's ledger, signed by the
    importing operator, in one transaction. Returns the intake report and the number of
    actions added. A record already taken in is not added twice."""
    import json

    from tnoc.errors import InputFileError, Where
    from tnoc.exchange.intake import register_readers
    from tnoc.ingest.pipeline import IngestOptions, ingest_file
    from tnoc.ledger.custody import append_events

    register_readers()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError(f"not a readable JSON-LD file: {exc}", Where(Path(path)),
                             "a CASE/UCO JSON-LD document") from exc
    added: list[int] = []

    def add_actions(con: duckdb.DuckDBPyConnection, source_id: str, sha256: str) -> None:
        try:
            events = custody_actions(data, sha256)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputFileError(f"custody actions cannot be read: {exc}", Where(Path(path)),
                                 "CASE/UCO InvestigativeActions with uco-action:startTime"
                                 ) from exc
        append_events(con, [imported(event, source_id) for event in events])
        added.append(len(events))

    report = ingest_file(case, "case_uco_custody", Path(path),
                         IngestOptions(handling_code=handling_code), on_intake=add_actions)
    return report, sum(added)
