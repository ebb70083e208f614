"""One ingest is one transaction: killed mid-way leaves the store as before;
re-ingesting is idempotent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store import Case

from .conftest import DATA, store_fingerprint

ELLIPTIC = DATA / "crypto" / "elliptic_txs_classes_with_timestep.csv"
KILLER = """
import sys
from tnoc.store import Case
from tnoc.ingest.pipeline import ingest_file
def say(stage):
    print(stage, flush=True)
ingest_file(Case.open(sys.argv[1]), "elliptic_classes", sys.argv[2], progress=say)
print("done", flush=True)
"""


def test_killed_ingest_leaves_store_unchanged(case: Case) -> None:
    ingest_file(case, "feodotracker", DATA / "malware" / "feodotracker_ipblocklist_2021-12-20.csv")
    before = store_fingerprint(case)
    proc = subprocess.Popen([sys.executable, "-c", KILLER, str(case.root), str(ELLIPTIC)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    stages = []
    for line in proc.stdout:
        stages.append(line.strip())
        if line.strip() == "cleaning":  # statements are being built inside the transaction
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, stages
    assert "done" not in stages
    assert store_fingerprint(case) == before
    # re-running completes the ingest
    report = ingest_file(case, "elliptic_classes", ELLIPTIC)
    assert report.status == "ingested" and report.records == 203769
    with case.connect(read_only=True) as con:
        n = con.execute("SELECT count(*) FROM statements WHERE source_id = ?",
                        [report.source_id]).fetchone()
    assert n == (report.statements,)


def test_reingest_is_idempotent(case: Case) -> None:
    path = DATA / "networks" / "morselli_caviar.csv"
    first = ingest_file(case, "caviar", path)
    after_first = store_fingerprint(case)
    second = ingest_file(case, "caviar", path)
    assert second.status == "already ingested" and second.source_id == first.source_id
    assert store_fingerprint(case) == after_first
    third = ingest_file(case, "caviar", path, IngestOptions(replace=True))
    assert third.statements == first.statements
    with case.connect(read_only=True) as con:
        ids = con.execute("SELECT count(*), count(DISTINCT (id, source_id)) FROM statements"
                          ).fetchone()
        events = con.execute("SELECT count(*) FROM custody_events").fetchone()
    assert ids == (first.statements, first.statements)
    assert events == (2,)  # the replace is a new intake event; nothing deleted from the log


def test_same_file_copy_same_ids(case: Case, tmp_path: Path) -> None:
    """Ids are derived from content, not paths: a copy elsewhere is the same source
    (under the same name: this mapping reads the name, ``_file``, into its ids, so a
    renamed copy is another source, see tests/test_intake_integrity.py)."""
    path = DATA / "networks" / "morselli_togo.csv"
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    first = ingest_file(case, "criminal_network", path)
    second = ingest_file(case, "criminal_network", copy)
    assert second.status == "already ingested" and second.source_id == first.source_id


def test_exhibit_preserved_and_custody_chain(case: Case) -> None:
    from tnoc.evidence.verify import verify_chain

    path = DATA / "malware" / "feodotracker_ipblocklist_2021-12-20.csv"
    report = ingest_file(case, "feodotracker", path,
                         IngestOptions(collector="analyst-7", legal_basis="open source",
                                       handling_code="TLP:CLEAR"))
    exhibit = case.exhibits / report.sha256 / path.name
    assert exhibit.read_bytes() == path.read_bytes()
    with case.connect() as con:
        event = con.execute("SELECT event_type, item_id, item_sha256, actor, legal_authority "
                            "FROM custody_events").fetchone()
        assert event == ("acquired", report.source_id, report.sha256, "analyst-7",
                         "open source")
        assert verify_chain(con) == (True, None)
        con.execute("UPDATE custody_events SET actor = 'someone else' WHERE seq = 1")
        assert verify_chain(con) == (False, 1)
