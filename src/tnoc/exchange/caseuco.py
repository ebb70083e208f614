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
from pathlib import Path
from typing import Any

import duckdb

from tnoc import __version__
from tnoc.evidence.custody import read_ledger
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
            "uco-core:description": _describe(entry.seq, e.purpose, e.method, e.role,
                                              e.organisation, e.clock_source, e.hash_before,
                                              e.hash_after, entry.prev_hash,
                                              entry.entry_hash, entry.key_id,
                                              entry.signature),
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


def _describe(seq: int, purpose: str | None, method: str | None, role: str | None,
              organisation: str | None, clock: str, before: str | None, after: str | None,
              prev_hash: str, entry_hash: str, key: str | None, signature: str | None) -> str:
    parts = [f"TNOC custody entry {seq}"]
    for label, value in (("purpose", purpose), ("method", method), ("role", role),
                         ("organisation", organisation), ("clock source", clock),
                         ("sha256 before", before), ("sha256 after", after),
                         ("previous entry hash", prev_hash), ("entry hash", entry_hash),
                         ("signing key", key), ("Ed25519 signature", signature)):
        if value:
            parts.append(f"{label}: {value}")
    return "; ".join(parts)


def write_custody_record(case: Case, out: Path, validate_first: bool = True
                         ) -> tuple[str, int]:
    """Write the custody record to ``out`` (validated first unless told not to) and
    record the export; returns (sha256, graph nodes). An invalid graph is not written."""
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
                            conforms if validate_first else None)
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
