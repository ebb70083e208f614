"""Exchange on real data: STIX 2.1 and MISP round trips, TLP handling, pseudonymisation."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tnoc.errors import InputFileError, TnocError
from tnoc.exchange.export import export_case
from tnoc.exchange.handling import ExportEntity, Handling, select
from tnoc.exchange.stix import MARKINGS
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store import Case

from .conftest import DATA

SOURCES = [("feodotracker", "malware/feodotracker_ipblocklist_2021-12-20.csv", "TLP:CLEAR"),
           ("ofac_sdn", "sanctions/ofac_sdn_2024-05-03.csv", "TLP:GREEN"),
           ("ofac_crypto_addresses",
            "sanctions/ofac_crypto_addresses/sanctioned_addresses_XBT.txt", "TLP:AMBER")]
CHOSEN = ("MalwareFamily", "NetworkIndicator", "CryptoWallet")
# what each format carries (docs/exchange.md lists the rest)
STIX_PROPS = {"name", "alias", "malwareType", "url", "domain", "ipAddress", "keywords",
              "startDate", "publicKey", "currency", "malware", "holder"}
MISP_PROPS = {"name", "alias", "malwareType", "url", "domain", "ipAddress", "startDate",
              "lastOnline", "publicKey", "currency", "birthDate", "nationality", "email",
              "malware", "holder"}


@pytest.fixture(scope="module")
def shared_case(tmp_path_factory: pytest.TempPathFactory, signing_keys: Path) -> Case:
    """Botnet C2s, the OFAC SDN list and OFAC's sanctioned BTC addresses, each with the
    handling code a unit might give it."""
    case = Case.init(tmp_path_factory.mktemp("exchange") / "case")
    for mapping, rel, tlp in SOURCES:
        ingest_file(case, mapping, DATA / rel, IngestOptions(handling_code=tlp))
    return case


def _entities(case: Case, schemata: tuple[str, ...] = CHOSEN,
              tlp: str = "TLP:RED") -> dict[str, ExportEntity]:
    with case.connect(read_only=True) as con:
        return select(con, schemata, handling=Handling(tlp)).entities


def _round_trip(case: Case, fmt: str, mapping: str,
                tmp_path: Path) -> tuple[dict[str, ExportEntity], dict[str, ExportEntity]]:
    """Export the chosen schemata, take the file into a new case, select both sides."""
    out = tmp_path / f"export.{fmt}.json"
    result = export_case(case, fmt, out, CHOSEN)
    if fmt == "stix":
        assert result.valid is True  # stix2-validator 3.2.0
        assert not [m for m in result.messages if m.startswith("error")]
    back = Case.init(tmp_path / f"back-{fmt}")
    report = ingest_file(back, mapping, out)
    assert report.flagged == 0
    # the file comes in under its own ids; its claims (x_tnoc_entity_id, tnoc: comments)
    # name the entities it was exported from: compare through them
    from tnoc.exchange.misp import misp_claims
    from tnoc.exchange.stix import stix_claims

    data = json.loads(out.read_text())
    ours = {theirs: mine for mine, theirs, _ in
            (stix_claims if fmt == "stix" else misp_claims)(data)}
    sent, received = _entities(case), {}
    for entity in _entities(back, (*CHOSEN, "Person", "Organization")).values():
        assert entity.id not in sent, entity.id  # never one of our ids
        entity.id = ours.get(entity.id, entity.id)
        entity.properties = {p: [ours.get(v, v) for v in vs]
                             for p, vs in entity.properties.items()}
        received[entity.id] = entity
    return sent, received


def _compare(sent: dict[str, ExportEntity], received: dict[str, ExportEntity],
             carried: set[str], skip: set[str]) -> None:
    missing = {i for i in sent if i not in received} - skip
    assert not missing, sorted(missing)[:5]
    assert not set(received) - set(sent)
    for entity_id, entity in sent.items():
        if entity_id in skip:
            continue
        came_back = received[entity_id]
        assert came_back.schema == entity.schema
        for prop in carried & set(entity.properties):
            assert sorted(came_back.properties.get(prop, [])) == sorted(
                entity.properties[prop]), (entity_id, prop)


def test_stix_round_trip_keeps_entities_and_relations(shared_case: Case,
                                                      tmp_path: Path) -> None:
    sent, received = _round_trip(shared_case, "stix", "stix_bundle", tmp_path)
    # a wallet whose only address failed its check has nothing STIX can carry
    no_address = {i for i, e in sent.items() if e.schema == "CryptoWallet"
                  and not e.properties.get("publicKey")}
    _compare(sent, received, STIX_PROPS, no_address)
    holders = sum(len(e.properties.get("holder", [])) for e in received.values())
    malware = sum(len(e.properties.get("malware", [])) for e in received.values())
    assert holders > 100 and malware > 600  # the relations came back


def test_misp_round_trip_keeps_entities_and_relations(shared_case: Case,
                                                      tmp_path: Path) -> None:
    sent, received = _round_trip(shared_case, "misp", "misp_event", tmp_path)
    _compare(sent, received, MISP_PROPS, set())


def test_tlp_withholds_values_and_marks_objects(shared_case: Case, tmp_path: Path) -> None:
    out = tmp_path / "green.json"
    result = export_case(shared_case, "stix", out, CHOSEN, max_tlp="TLP:GREEN")
    assert result.withheld_values > 1000 and result.tlp == "TLP:GREEN"
    bundle = json.loads(out.read_text())
    wallets = sum(o["type"] == "cryptocurrency-wallet" for o in bundle["objects"])
    amber = json.loads(export_case(shared_case, "stix", tmp_path / "amber.json", CHOSEN,
                                   validate=False).path.read_text())
    # addresses only in OFAC's TLP:AMBER address list stay home; those the SDN list
    # (TLP:GREEN) also gives go out
    assert 0 < wallets < sum(o["type"] == "cryptocurrency-wallet" for o in amber["objects"])
    markings = {ref for o in bundle["objects"] for ref in o.get("object_marking_refs", [])}
    assert markings <= {str(MARKINGS["TLP:CLEAR"].id), str(MARKINGS["TLP:GREEN"].id)}
    assert str(MARKINGS["TLP:GREEN"].id) in markings  # OFAC persons are GREEN
    with pytest.raises(TnocError, match="nothing to export"):
        export_case(shared_case, "misp", tmp_path / "none.json", ("CryptoWallet",),
                    max_tlp="TLP:CLEAR", linked=False)
    assert not (tmp_path / "none.json").exists()


def test_tlp2_markings_travel_and_cannot_be_loosened(shared_case: Case,
                                                     tmp_path: Path) -> None:
    """Exports carry OASIS's TLP 2.0 marking definitions (AMBER+STRICT included); an
    import takes the file's strictest marking as its handling code, reads TLP 1.0 and
    MISP tags too, and refuses a --tlp that would loosen it."""
    import stix2
    from typer.testing import CliRunner

    from tnoc.cli.main import app
    from tnoc.exchange.misp import event_tlp
    from tnoc.exchange.stix import TLP2_EXTENSION, bundle_tlp

    strict = Case.init(tmp_path / "strict")
    ingest_file(strict, "feodotracker", DATA / SOURCES[0][1],
                IngestOptions(handling_code="TLP:AMBER+STRICT"))
    out = tmp_path / "strict.json"
    result = export_case(strict, "stix", out, CHOSEN, max_tlp="TLP:RED")
    assert result.valid is True
    bundle = json.loads(out.read_text())
    definitions = {o["id"]: o for o in bundle["objects"] if o["type"] == "marking-definition"}
    marking = definitions["marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"]
    assert marking["name"] == "TLP:AMBER+STRICT"
    assert marking["extensions"][TLP2_EXTENSION]["tlp_2_0"] == "amber+strict"
    assert bundle_tlp(bundle) == "TLP:AMBER+STRICT"

    runner = CliRunner()
    loose = runner.invoke(app, ["import", "stix", str(out), "-c", str(tmp_path / "in"),
                                "--tlp", "TLP:GREEN"])
    assert loose.exit_code != 0 and "would loosen" in str(loose.output or loose.exception)
    back = Case.init(tmp_path / "in")
    ok = runner.invoke(app, ["import", "stix", str(out), "-c", str(back.root)])
    assert ok.exit_code == 0, ok.output
    with back.connect(read_only=True) as con:
        assert con.execute("SELECT handling_code FROM sources").fetchall() == [
            ("TLP:AMBER+STRICT",)]

    # a partner's bundle with STIX 2.1's own TLP 1.0 markings
    old = stix2.v21.Bundle(objects=[stix2.v21.Indicator(
        name="c2", pattern="[ipv4-addr:value = '192.0.2.1']", pattern_type="stix",
        valid_from="2021-01-01T00:00:00Z", object_marking_refs=[stix2.TLP_RED])])
    assert bundle_tlp(json.loads(old.serialize())) == "TLP:RED"
    assert bundle_tlp({"type": "bundle", "objects": []}) is None
    assert event_tlp({"Event": {"Tag": [{"name": "tlp:white"}], "Attribute": [
        {"type": "ip-dst", "value": "192.0.2.1", "Tag": [{"name": "tlp:amber+strict"}]}]}}
                     ) == "TLP:AMBER+STRICT"


def test_pseudonymised_export_hides_people_and_keeps_links(shared_case: Case,
                                                           tmp_path: Path) -> None:
    people = {e.first("name") for e in _entities(shared_case).values()
              if e.schema == "Person"}
    assert len(people) > 20
    first = export_case(shared_case, "ftm", tmp_path / "a.ftm.json", CHOSEN,
                        pseudonymise=True)
    second = export_case(shared_case, "ftm", tmp_path / "b.ftm.json", CHOSEN,
                         pseudonymise=True)
    text = first.path.read_text()
    assert not [name for name in people if name and name in text]
    assert first.sha256 == second.sha256  # same key, same pseudonyms
    rows = [json.loads(line) for line in text.splitlines()]
    ids = {r["id"] for r in rows}
    persons = [r for r in rows if r["schema"] == "Person"]
    assert persons and all(r["id"].startswith("pseudo-id-") for r in persons)
    holders = {h for r in rows for h in r["properties"].get("holder", [])}
    assert holders and holders <= ids  # links survive pseudonymisation
    with shared_case.connect(read_only=True) as con:
        recorded = con.execute(
            "SELECT item_sha256, details->'parameters'->>'pseudonymised', details->'outputs' "
            "FROM custody_events WHERE event_type = 'exported' AND item_id = ?",
            [str(first.path)]).fetchall()
    digest = hashlib.sha256(first.path.read_bytes()).hexdigest()
    # the shape of every analysis entry: the file with its sha256 and size in outputs
    assert [(r[0], r[1], json.loads(r[2])) for r in recorded] == [(digest, "true", [
        {"file": str(first.path), "sha256": digest, "bytes": first.path.stat().st_size}])]


def test_foreign_stix_kept_and_bad_input_named(case: Case, tmp_path: Path) -> None:
    bundle = {"type": "bundle", "id": "bundle--5d0c2f4e-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
              "objects": [
                  {"type": "ipv4-addr", "spec_version": "2.1",
                   "id": "ipv4-addr--1d0c2f4e-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
                   "value": "198.51.100.7"},
                  {"type": "identity", "spec_version": "2.1", "name": "Ivan Example",
                   "id": "identity--2d0c2f4e-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
                   "identity_class": "individual", "created": "2024-01-01T00:00:00Z",
                   "modified": "2024-01-01T00:00:00Z"},
                  {"type": "x-vendor-thing", "id": "x-vendor-thing--3d0c2f4e-3a4b-4c5d-8e6f-"
                   "7a8b9c0d1e2f", "name": "something TNOC has no schema for"},
                  {"type": "relationship", "spec_version": "2.1",
                   "id": "relationship--4d0c2f4e-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
                   "relationship_type": "uses", "created": "2024-01-01T00:00:00Z",
                   "modified": "2024-01-01T00:00:00Z",
                   "source_ref": "identity--2d0c2f4e-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
                   "target_ref": "ipv4-addr--1d0c2f4e-3a4b-4c5d-8e6f-7a8b9c0d1e2f"}]}
    path = tmp_path / "partner.json"
    path.write_text(json.dumps(bundle))
    report = ingest_file(case, "stix_bundle", path)
    assert report.flagged == 1  # the unknown object, kept
    with case.connect(read_only=True) as con:
        rows = set(con.execute("SELECT schema, prop, value FROM statements WHERE prop <> 'id'"
                               ).fetchall())
    assert ("NetworkIndicator", "ipAddress", "198.51.100.7") in rows
    assert ("Person", "name", "Ivan Example") in rows
    assert ("UnknownLink", "role", "uses") in rows
    bad = tmp_path / "not-stix.json"
    bad.write_text(json.dumps({"type": "indicator"}))
    with pytest.raises(InputFileError, match="not-stix.json.*not a STIX bundle"):
        ingest_file(case, "stix_bundle", bad)


def test_gexf_and_graphml_round_trip_and_foreign_graphs(case: Case, tmp_path: Path) -> None:
    """CAVIAR out as GEXF and GraphML and back into a new case gives the same directed,
    weighted network; a foreign undirected GraphML keeps its attributes as notes; a
    broken file is refused naming the file and line, leaving the case unchanged."""
    import networkx as nx

    from tnoc.graph.export import export_network
    from tnoc.graph.measures import communities, to_networkx
    from tnoc.graph.projection import ProjectionSpec, project

    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv")

    def network(c: Case, source: str | None = None) -> nx.Graph:
        with c.connect(read_only=True) as con:
            spec = ProjectionSpec(sources=(source,) if source else ())
            return to_networkx(project(con, spec))

    original = network(case)
    with case.transaction() as con:
        spec = ProjectionSpec()
        projection = project(con, spec)
        labels = [int(x) for x in communities(projection)[0]]
        for fmt in ("gexf", "graphml"):
            export_network(con, projection, fmt, tmp_path / f"caviar.{fmt}",
                           {"community": labels})
    back = Case.init(tmp_path / "back")
    for fmt in ("gexf", "graphml"):
        report = ingest_file(back, f"network_{fmt}", tmp_path / f"caviar.{fmt}")
        assert report.flagged == 0
        again = network(back, report.source_id)
        assert again.is_directed() and original.is_directed()
        assert set(again.nodes) == set(original.nodes)  # the entities' own ids
        assert {(a, b, w) for a, b, w in again.edges(data="weight")} == {
            (a, b, w) for a, b, w in original.edges(data="weight")}
    with back.connect(read_only=True) as con:
        schemata = {r[0] for r in con.execute("SELECT DISTINCT schema FROM statements")
                    .fetchall()}
        notes = {r[0] for r in con.execute(
            "SELECT value FROM statements WHERE canonical_id = 'caviar-n1' "
            "AND prop = 'notes'").fetchall()}
    assert schemata == {"Person", "CommunicationLink"}
    assert f"community: {labels[projection.ids.index('caviar-n1')]}" in notes

    foreign = nx.Graph()
    foreign.add_node("a", label="Alice", role="courier")
    foreign.add_edge("a", "b", weight=2.5, relation="co-offending")
    nx.write_graphml(foreign, tmp_path / "drawn.graphml")
    ingest_file(back, "network_graphml", tmp_path / "drawn.graphml")
    with back.connect(read_only=True) as con:
        rows = set(con.execute(
            "SELECT entity_id, schema, prop, value FROM statements "
            "WHERE entity_id LIKE 'graph-drawn-%'").fetchall())
    assert ("graph-drawn-a", "LegalEntity", "name", "Alice") in rows
    assert ("graph-drawn-a", "LegalEntity", "notes", "role: courier") in rows
    tie = "graph-drawn-tie-graph-drawn-a-graph-drawn-b"
    assert {(tie, "NetworkTie", "weight", "2.5"), (tie, "NetworkTie", "relation",
                                                    "co-offending")} <= rows

    broken = tmp_path / "broken.gexf"
    broken.write_text((tmp_path / "caviar.gexf").read_text()[:900], encoding="utf-8")
    with back.connect(read_only=True) as con:
        before = con.execute("SELECT count(*) FROM statement_store").fetchall()
    with pytest.raises(InputFileError, match=r"broken\.gexf.*line \d+"):
        ingest_file(back, "network_gexf", broken)
    with back.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM statement_store").fetchall() == before
