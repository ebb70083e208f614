"""The FtM export loads with *stock* followthemoney: every line, every value.

Stock FtM is run in a separate interpreter that never imports tnoc (importing tnoc loads
the extension schemata into FtM's global model, and ``model.get_proxy`` uses that global
model, so an in-process check would pass on lines a partner's Aleph refuses)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tnoc.exchange.export import export_case
from tnoc.exchange.ftm import STOCK_FORMS, export_ftm, stock_model
from tnoc.graph.disruption import DisruptionSpec, simulate
from tnoc.graph.projection import ProjectionSpec, project
from tnoc.graph.results import save_disruption
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.model import extension_schema_names
from tnoc.store import Case

from .conftest import DATA, ROOT

# loads each line with stock FtM, as Aleph would (cleaned=True: values as given), and
# reports the schemata, refused lines and values FtM dropped silently (an unknown
# property is ignored by get_proxy, not refused)
STOCK_CHECK = """
import json, sys
from collections import Counter
from followthemoney import model
from followthemoney.types import registry
assert "tnoc" not in sys.modules
schemata, refused, dropped = Counter(), [], []
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    data = json.loads(line)
    try:
        proxy = model.get_proxy(data)
    except Exception as exc:
        refused.append(f"line {n}: {exc}")
        continue
    refs = [v for p in proxy.schema.properties.values() if p.type == registry.entity
            for v in data["properties"].get(p.name, [])]
    bad = [i for i in [data["id"], *refs] if not registry.entity.validate(i)]
    if bad:  # what FtM's entity type (and Aleph on import) refuses as an id
        refused.append(f"line {n}: not an FtM entity id: {bad[0]!r}")
        continue
    kept = proxy.to_dict()["properties"]
    dropped += [f"line {n}: {data['schema']}.{p}" for p, values in data["properties"].items()
                if sorted(kept.get(p, [])) != sorted(values)]
    schemata[proxy.schema.name] += 1
print(json.dumps({"schemata": schemata, "refused": refused[:5], "dropped": dropped[:5]}))
"""


def stock_load(path: Path) -> dict[str, object]:
    """What stock followthemoney makes of an FtM JSON lines file."""
    done = subprocess.run([sys.executable, "-c", STOCK_CHECK, str(path)], check=True,
                          capture_output=True, text=True, cwd=ROOT.parent)
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def mixed_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """Extension and FtM schemata together, from real files: CAVIAR's counted wiretap
    ties (CommunicationLink), the London gang's co-offending (NetworkTie), call records
    (Call, Message), botnet C2s (NetworkIndicator, MalwareFamily), the first 400 Cerber
    and Locky ransom payments (CryptoTransaction) and a disruption run on CAVIAR
    (DisruptionSimulation, DisruptionStep)."""
    folder = tmp_path_factory.mktemp("ftm-stock")
    case = Case.init(folder / "case")
    payments = folder / "huang2018_cerber_locky_payments.csv"
    lines = (DATA / "ransomware" / "huang2018_cerber_locky_payments.csv").read_text(
        encoding="utf-8").splitlines(keepends=True)
    payments.write_text("".join(lines[:401]), encoding="utf-8")
    for mapping, path in (("caviar", DATA / "networks" / "morselli_caviar.csv"),
                          ("criminal_network", DATA / "networks" / "LONDON_GANG.csv"),
                          ("call_records", ROOT / "tests" / "data" / "cdr" / "calls.csv"),
                          ("feodotracker",
                           DATA / "malware" / "feodotracker_ipblocklist_2021-12-20.csv"),
                          ("ransomware_payments", payments)):
        ingest_file(case, mapping, path, IngestOptions(region="DE"))
    with case.connect(read_only=True) as con:
        p = project(con, ProjectionSpec(datasets=("caviar",)))
    with case.transaction() as con:
        save_disruption(con, case.root, p, simulate(p, DisruptionSpec(max_steps=2)))
    return case


def test_whole_case_export_loads_with_stock_ftm(mixed_case: Case, tmp_path: Path) -> None:
    out = tmp_path / "case.ftm.json"
    with mixed_case.connect(read_only=True) as con:
        written, _ = export_ftm(con, out)
        stored = dict(con.execute("SELECT schema, count(*) FROM entities GROUP BY 1"
                                  ).fetchall())
    assert set(stored) & extension_schema_names() >= {
        "CommunicationLink", "NetworkTie", "NetworkIndicator", "MalwareFamily",
        "CryptoTransaction", "DisruptionSimulation", "DisruptionStep"}
    loaded = stock_load(out)
    assert loaded["refused"] == [] and loaded["dropped"] == []
    schemata = loaded["schemata"]
    assert isinstance(schemata, dict) and sum(schemata.values()) == written
    assert not set(schemata) & extension_schema_names()
    assert schemata["UnknownLink"] == stored["CommunicationLink"] + stored["NetworkTie"]
    assert schemata["Call"] == stored["Call"] == 15
    assert schemata["Payment"] == stored["CryptoTransaction"] == 400
    rows = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    tie = rows["caviar-calls-1-3"]["properties"]  # N1 -> N3, 337 calls in the matrix
    assert (tie["subject"], tie["object"], tie["role"]) == (
        ["caviar-n1"], ["caviar-n3"], ["Communication link"])
    assert "Number of contacts: 337" in tie["summary"]
    assert tie["summary"][0] == "TNOC schema: Communication link (CommunicationLink)"
    call = rows["cdr-C-0001"]["properties"]  # FtM's own schemata pass unchanged
    assert call["duration"] == ["134"] and call["startDate"] == ["2024-03-04T08:12:09"]
    step = next(r for r in rows.values() if r["id"].endswith("-step-1"))["properties"]
    removed = [line for line in step["notes"] if line.startswith("Removed actor: ")]
    assert removed and set(step["entity"]) >= {r.split(": ")[1] for r in removed}


def test_ids_outside_ftm_become_ftm_ids(tmp_path: Path) -> None:
    """Agora vendor names hold "_" (``Annie_Ann``), which FtM ids may not: the account
    and every listing pointing at it get one FtM id, apart from a vendor whose name
    differs only there, and stock FtM takes both lines."""
    from tnoc.exchange.ftm import ftm_id, stock_entity
    from tnoc.store.query import proxy_for

    vendor = "agora-vendor-Annie_Ann"
    lines = [stock_entity(proxy_for(vendor, "UserAccount", {"username": ["Annie_Ann"]})),
             stock_entity(proxy_for("agora-listing-1", "DarknetListing",
                                    {"vendor": [vendor], "title": ["1g"]}))]
    assert lines[0]["id"] == ftm_id(vendor) != ftm_id("agora-vendor-Annie-Ann")
    assert ftm_id("agora-vendor-Annie-Ann") == "agora-vendor-Annie-Ann"
    listing = lines[1]["properties"]
    assert isinstance(listing, dict) and listing["entity"] == [ftm_id(vendor)]
    out = tmp_path / "agora.ftm.json"
    out.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    loaded = stock_load(out)
    assert loaded["refused"] == [] and loaded["dropped"] == []


def test_shared_export_loads_with_stock_ftm(mixed_case: Case, tmp_path: Path) -> None:
    """A shared selection (handling rules, pseudonyms) goes through the same mapping."""
    result = export_case(mixed_case, "ftm", tmp_path / "shared.ftm.json",
                         ("NetworkIndicator", "CommunicationLink", "CryptoTransaction"),
                         pseudonymise=True)
    loaded = stock_load(result.path)
    assert loaded["refused"] == [] and loaded["dropped"] == []
    schemata = loaded["schemata"]
    assert isinstance(schemata, dict)
    assert {"Note", "UnknownLink", "Payment", "Person"} <= set(schemata)
    indicator = next(json.loads(line) for line in result.path.read_text().splitlines()
                     if json.loads(line)["id"].startswith("feodo-"))["properties"]
    assert indicator["ipMentioned"] and indicator["entity"][0].startswith("malware-")


def test_every_extension_schema_has_a_stock_form() -> None:
    """The mapping's targets exist in stock FtM with the properties it writes."""
    stock = stock_model()
    assert stock.get("CommunicationLink") is None  # really the stock model
    for name, form in STOCK_FORMS.items():
        target = stock.get(form.schema)
        assert target is not None, name
        for prop in [*form.renames.values(), *form.defaults]:
            assert target.get(prop) is not None, (name, prop)
