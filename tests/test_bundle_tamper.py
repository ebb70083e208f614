"""A court bundle tampered with after it was made: ``verify_bundle.py`` fails and names
what changed, even when SHA256SUMS and the manifest were rewritten to match (and the
manifest re-signed by an insider holding the bundler's key).

One small bundle of real data is built once; each test tampers with its own copy.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tnoc.evidence import verify_bundle
from tnoc.evidence.bundle import write_bundle
from tnoc.evidence.verify import verify_case
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.ledger.keys import key_id, signer
from tnoc.store import Case

from .conftest import DATA

Sign = Callable[[bytes], str]


@pytest.fixture(scope="module")
def bundle_zip(tmp_path_factory: pytest.TempPathFactory, signing_keys: Path) -> Path:
    """Two real exhibits, a verified (checkpointed) ledger, one report, one bundle."""
    root = tmp_path_factory.mktemp("tamper")
    case = Case.init(root / "case")
    ingest_file(case, "feodotracker",
                DATA / "malware" / "feodotracker_ipblocklist_2021-12-20.csv",
                IngestOptions(collector="analyst-7", legal_basis="open source"))
    ingest_file(case, "caviar", DATA / "networks" / "caviar_phases" / "phase1.csv")
    assert verify_case(case).ok
    report = case.reports / "findings.html"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("<h1>Findings</h1><p>Caviar phase 1: 13 actors.</p>\n")
    return write_bundle(case, root / "bundle.zip", reports=[report]).path


@pytest.fixture
def folder(bundle_zip: Path, tmp_path: Path) -> Path:
    """This test's own unpacked copy of the bundle."""
    out = tmp_path / "bundle"
    zipfile.ZipFile(bundle_zip).extractall(out)
    return out


def _verify(where: Path, capsys: pytest.CaptureFixture[str], *keys: str) -> tuple[int, str]:
    code = verify_bundle.main(["verify_bundle.py", str(where),
                               *[a for k in keys for a in ("--key", k)]])
    return code, capsys.readouterr().out


def _json(folder: Path, name: str) -> Any:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def _put(folder: Path, name: str, value: Any) -> None:
    (folder / name).write_text(json.dumps(value, indent=1), encoding="utf-8")


def _reseal(folder: Path, sign: Sign | None = None, **manifest_changes: Any) -> None:
    """What an insider does to cover tracks: the manifest's file hashes recomputed (and
    ``manifest_changes`` applied), the manifest re-signed (by default with the bundler's
    own key), SHA256SUMS rewritten over the files now present."""
    manifest = _json(folder, "manifest.json")
    manifest.update(manifest_changes)
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    manifest["files"] = {n: hashlib.sha256((folder / n).read_bytes()).hexdigest()
                         for n in names if n not in ("manifest.json", "manifest.sig",
                                                     "SHA256SUMS")}
    data = json.dumps(manifest, indent=1).encode("utf-8")
    (folder / "manifest.json").write_bytes(data)
    (folder / "manifest.sig").write_text((sign or signer().sign)(data))
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                   if p.is_file() and p.name != "SHA256SUMS")
    (folder / "SHA256SUMS").write_text("".join(
        f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}\n" for n in names))


def test_untouched_bundle_passes_and_names_its_keys(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _verify(folder, capsys)
    assert code == 0, out
    assert f"Signed by keys: {signer().key_id} ({signer().owner})" in out
    code, out = _verify(folder, capsys, signer().key_id)
    assert code == 0 and "all among the keys given with --key" in out


def test_exhibit_taken_out_of_zip_manifest_and_sums(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = _json(folder, "manifest.json")
    gone = next(e for e in manifest["exhibits"] if e["file_name"] == "phase1.csv")
    shutil.rmtree(folder / Path(gone["path"]).parent)
    _reseal(folder, exhibits=[e for e in manifest["exhibits"] if e is not gone])
    code, out = _verify(folder, capsys)
    assert code == 1
    assert f"recorded {gone['path']} ({gone['source_id']}) as copied into this bundle, " \
           "but it is not in it (taken out)" in out


def test_report_replaced(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "reports" / "findings.html").write_text("<h1>Findings</h1><p>none</p>\n")
    _reseal(folder)
    code, out = _verify(folder, capsys)
    assert code == 1
    assert "recorded reports/findings.html (report:findings.html) as copied with SHA-256" \
        in out and "the file in the bundle differs (replaced)" in out


def test_unlisted_exhibit_planted_in_the_zip(
        bundle_zip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    planted = tmp_path / "planted.zip"
    shutil.copy(bundle_zip, planted)
    data = (DATA / "networks" / "caviar_phases" / "phase2.csv").read_bytes()
    name = f"exhibits/{hashlib.sha256(data).hexdigest()}/phase2.csv"
    with zipfile.ZipFile(planted, "a") as zf:
        zf.writestr(name, data)
    code, out = _verify(planted, capsys)
    assert code == 1
    assert f"{name} is in the bundle but not listed in the manifest" in out
    assert f"{name} is in the bundle but not in SHA256SUMS" in out


def test_exhibit_planted_and_listed_in_a_resigned_manifest(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An insider with a registered key adds a file and re-signs the manifest listing
    it: the ledger never recorded it copied, which names it."""
    data = (DATA / "networks" / "caviar_phases" / "phase2.csv").read_bytes()
    name = f"exhibits/{hashlib.sha256(data).hexdigest()}/phase2.csv"
    (folder / name).parent.mkdir(parents=True)
    (folder / name).write_bytes(data)
    _reseal(folder)
    code, out = _verify(folder, capsys)
    assert code == 1
    assert f"{name}: no ledger entry records it copied into this bundle (planted" in out


def test_proofs_emptied(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proofs = _json(folder, "ledger/proofs.json")
    assert proofs["inclusion"] and proofs["consistency"]
    _put(folder, "ledger/proofs.json", {**proofs, "inclusion": [], "consistency": []})
    _reseal(folder)
    code, out = _verify(folder, capsys)
    assert code == 1
    assert "have no inclusion proof (ledger/proofs.json emptied or cut)" in out
    assert "no consistency proof from the checkpoint at" in out


def _truncate(folder: Path, keep: int) -> list[dict[str, Any]]:
    log = folder / "ledger" / "custody.jsonl"
    log.write_text("".join(log.read_text().splitlines(keepends=True)[:keep]))
    points = [p for p in _json(folder, "ledger/checkpoints.json") if p["size"] <= keep]
    _put(folder, "ledger/checkpoints.json", points)
    return points


def test_ledger_truncated(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = _json(folder, "manifest.json")
    last = manifest["checkpoint"]
    points = _truncate(folder, last["size"] - 3)
    assert points  # the checkpoint 'tnoc verify' signed before the bundle remains
    _reseal(folder)  # manifest left saying what the ledger was
    code, out = _verify(folder, capsys)
    assert code == 1
    assert (f"the ledger has {last['size'] - 3} entries, the checkpoint of "
            f"{last['created_at']} signed by key {last['key_id']} covers {last['size']}"
            ) in out
    # the insider also rewrites the manifest's length and checkpoint: the bundle's own
    # copies are gone from the ledger, and that is named
    _reseal(folder, ledger_entries=last["size"] - 3, checkpoint=points[-1])
    code, out = _verify(folder, capsys)
    assert code == 1
    assert f"no ledger entry records any file copied into bundle {manifest['bundle']}" in out


def _resign_everything(folder: Path, keep_manifest_keys: bool) -> str:
    """Every entry, checkpoint and the manifest re-signed with a new key; returns its id."""
    new = Ed25519PrivateKey.generate()
    raw = new.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    kid = key_id(raw)
    log = folder / "ledger" / "custody.jsonl"
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    for entry in entries:
        entry.update(key_id=kid, signature=new.sign(entry["entry_hash"].encode()).hex())
    log.write_text("".join(json.dumps(e, sort_keys=True) + "\n" for e in entries))
    points = _json(folder, "ledger/checkpoints.json")
    for point in points:
        message = verify_bundle.canonical({k: point[k] for k in ("size", "root",
                                                                  "created_at")})
        point.update(key_id=kid, signature=new.sign(message.encode()).hex())
    _put(folder, "ledger/checkpoints.json", points)
    _put(folder, "ledger/keys.json", {kid: {"owner": signer().owner,
                                            "public_key": raw.hex()}})
    manifest = _json(folder, "manifest.json")
    changes: dict[str, Any] = {"signed_by": kid, "checkpoint": points[-1]}
    if not keep_manifest_keys:
        changes["keys"] = {kid: signer().owner}
    _reseal(folder, lambda data: new.sign(data).hex(), **changes)
    assert manifest["keys"] == {signer().key_id: signer().owner}
    return kid


def test_resigned_with_a_new_key_not_in_the_manifest(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kid = _resign_everything(folder, keep_manifest_keys=True)
    code, out = _verify(folder, capsys)
    assert code == 1
    assert f"key {kid} ({signer().owner}) signed this bundle but is not among the keys " \
           "the manifest lists" in out


def test_resigned_throughout_fails_against_the_published_key(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Manifest too rewritten for the new key: consistent in itself, so only the key id
    the case published (given with --key) tells; without it the new id is printed."""
    kid = _resign_everything(folder, keep_manifest_keys=False)
    code, out = _verify(folder, capsys, signer().key_id)
    assert code == 1
    assert f"key {kid} ({signer().owner}) signed this bundle but is not one of the keys " \
           "given with --key (a key you were not given, or the bundle re-signed with " \
           "another key)" in out
    code, out = _verify(folder, capsys)
    assert f"Signed by keys: {kid} ({signer().owner})" in out
    assert signer().key_id not in out


def test_key_added_behind_the_ledgers_back(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A second key put in keys.json and the manifest's key list (manifest re-signed by
    the bundler) signs the last entries: no ledger entry registered it."""
    new = Ed25519PrivateKey.generate()
    raw = new.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    kid = key_id(raw)
    log = folder / "ledger" / "custody.jsonl"
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    for entry in entries[-2:]:
        entry.update(key_id=kid, signature=new.sign(entry["entry_hash"].encode()).hex())
    log.write_text("".join(json.dumps(e, sort_keys=True) + "\n" for e in entries))
    _put(folder, "ledger/keys.json", {**_json(folder, "ledger/keys.json"),
                                      kid: {"owner": signer().owner, "public_key": raw.hex()}})
    keys = {**_json(folder, "manifest.json")["keys"], kid: signer().owner}
    _reseal(folder, keys=keys)
    code, out = _verify(folder, capsys)
    assert code == 1
    assert f"ledger entry {entries[-2]['seq']}: signed by key {kid} ({signer().owner}), " \
           "which no earlier ledger entry registered" in out


def test_manifest_signed_by_a_key_the_ledger_never_registered(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An insider's own key listed in keys.json and the manifest, signing the manifest:
    the manifest's key must be one the ledger registered."""
    new = Ed25519PrivateKey.generate()
    raw = new.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    kid = key_id(raw)
    _put(folder, "ledger/keys.json", {**_json(folder, "ledger/keys.json"),
                                      kid: {"owner": "insider", "public_key": raw.hex()}})
    keys = {**_json(folder, "manifest.json")["keys"], kid: "insider"}
    _reseal(folder, lambda data: new.sign(data).hex(), keys=keys, signed_by=kid)
    code, out = _verify(folder, capsys)
    assert code == 1
    assert f"manifest.json is signed by key {kid}, which the ledger never registered" in out


def test_only_our_own_key_registrations_count() -> None:
    """A 'key-registered' entry registers a key only with a public key hashing to its id
    and never when it came from a partner's CASE/UCO record (as tnoc verify)."""
    raw = signer().public_raw
    kid = key_id(raw)

    def entry(**details: Any) -> dict[str, Any]:
        return {"seq": 5, "event": {"event_type": "key-registered", "details": details}}

    assert verify_bundle.registration(entry(key_id=kid, public_key=raw.hex())) == kid
    assert verify_bundle.registration(entry(key_id=kid)) is None
    assert verify_bundle.registration(entry(key_id="ab" * 16, public_key=raw.hex())) is None
    assert verify_bundle.registration(entry(key_id=kid, public_key=raw.hex(),
                                            from_case_uco_record="0" * 64)) is None


def test_bundle_of_an_earlier_version_named_as_such(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The previous tnoc wrote no manifest.sig and no file list: say so, and which
    script to use, instead of calling every file unlisted."""
    manifest = _json(folder, "manifest.json")
    for name in ("files", "signed_by", "keys"):
        manifest.pop(name, None)
    _put(folder, "manifest.json", manifest)
    (folder / "manifest.sig").unlink()
    code, out = _verify(folder, capsys)
    assert code == 1
    assert "this bundle was made by an earlier tnoc (version" in out
    assert "Use the verify_bundle.py inside the bundle" in out
    assert "not listed" not in out


def test_checkpoint_signed_by_a_key_the_ledger_never_registered(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The last checkpoint re-signed by a key listed in keys.json and the manifest (the
    manifest re-signed by the bundler) but never registered by a ledger entry."""
    new = Ed25519PrivateKey.generate()
    raw = new.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    kid = key_id(raw)
    points = _json(folder, "ledger/checkpoints.json")
    message = verify_bundle.canonical({k: points[-1][k] for k in ("size", "root",
                                                                  "created_at")})
    points[-1].update(key_id=kid, signature=new.sign(message.encode()).hex())
    _put(folder, "ledger/checkpoints.json", points)
    _put(folder, "ledger/keys.json", {**_json(folder, "ledger/keys.json"),
                                      kid: {"owner": "insider", "public_key": raw.hex()}})
    keys = {**_json(folder, "manifest.json")["keys"], kid: "insider"}
    _reseal(folder, keys=keys, checkpoint=points[-1])
    code, out = _verify(folder, capsys)
    assert code == 1
    assert f"a checkpoint is signed by key {kid}, which the ledger never registered" in out
