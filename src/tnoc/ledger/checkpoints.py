"""Signed Merkle checkpoints over the custody ledger, with inclusion and consistency proofs.

The leaves are the entry hashes (hex, as ASCII) in ``seq`` order, hashed as RFC 9162
§2.1 says (pymerkle: ``sha256(0x00 || leaf)``, nodes ``sha256(0x01 || left || right)``).
A checkpoint records the tree size and root and is signed by its maker; handed to a
court, a partner or an RFC 3161 time-stamping authority, it fixes the first ``size``
entries for good: an inclusion proof shows an entry is among them, a consistency proof
that a later ledger extends the earlier one without rewriting it (Laurie et al.,
*Certificate Transparency*, RFC 6962/9162).

A checkpoint also *anchors* the access audit trail (:mod:`tnoc.govern.audit`, table
:data:`ANCHORED`): it states the trail's size and last entry hash at that moment, under
the same signature, so the trail cannot later be cut back below what a checkpoint handed
over or kept (``ledger/checkpoints.jsonl``) says it held, even by someone who also puts
back an older signed audit head.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import rfc8785
from pymerkle import InmemoryTree

from tnoc.errors import TnocError
from tnoc.ledger.keys import Signer, is_registered, signer, unregistered_key_error
from tnoc.query_results import has_table


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement: the first ``size`` entries have Merkle root ``root``."""

    size: int
    root: str
    created_at: str
    key_id: str
    signature: str
    audit_size: int | None = None
    """Records in the audit trail when the checkpoint was signed (None: not anchored,
    a checkpoint made before anchoring existed)."""
    audit_hash: str | None = None
    """Entry hash of the audit trail's record ``audit_size``."""

    def signed_bytes(self) -> bytes:
        anchor = None if self.audit_size is None else (self.audit_size, self.audit_hash)
        return checkpoint_message(self.size, self.root, self.created_at, anchor)


ANCHORED = "audit_events"
"""The other chain a checkpoint anchors: the access audit trail's table
(:data:`tnoc.govern.audit.AUDIT`, kept with the custody ledger's own machinery)."""

KEPT = Path("ledger") / "checkpoints.jsonl"
"""Where, inside the case folder, every checkpoint is also kept, outside the database."""


def keep_checkpoint(root: Path, point: Checkpoint | None) -> None:
    """Append ``point`` to ``CASE/ledger/checkpoints.jsonl`` (after its transaction has
    committed: a checkpoint rolled back must not be kept).

    The file is only ever appended to, so deleting ledger rows and their checkpoints in
    the database does not remove what it says: :func:`kept_checkpoints` lets verify find
    a ledger shorter than the last checkpoint seen anywhere.
    """
    if point is None:
        return
    path = root / KEPT
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(asdict(point), sort_keys=True) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def kept_checkpoints(root: Path) -> list[tuple[int, Checkpoint | None]]:
    """The checkpoints kept in ``CASE/ledger/checkpoints.jsonl``: (line number,
    checkpoint, or None for a line that cannot be read)."""
    path = root / KEPT
    if not path.is_file():
        return []
    kept: list[tuple[int, Checkpoint | None]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            anchored = data.get("audit_size") is not None
            kept.append((number, Checkpoint(
                int(data["size"]), str(data["root"]), str(data["created_at"]),
                str(data["key_id"]), str(data["signature"]),
                int(data["audit_size"]) if anchored else None,
                str(data["audit_hash"]) if anchored and data.get("audit_hash") else None)))
        except (ValueError, KeyError, TypeError):
            kept.append((number, None))
    return kept


def checkpoint_message(size: int, root: str, created_at: str,
                       audit: tuple[int, str | None] | None = None) -> bytes:
    """What a checkpoint signature covers: RFC 8785 JSON of size, root and time, and,
    for an anchored checkpoint, the audit trail's size and last hash (``audit``)."""
    message: dict[str, Any] = {"size": size, "root": root, "created_at": created_at}
    if audit is not None:
        message.update(audit_size=audit[0], audit_hash=audit[1])
    return rfc8785.dumps(message)


def chain_head(con: duckdb.DuckDBPyConnection, table: str = ANCHORED
               ) -> tuple[int, str | None]:
    """(entries in the chain kept in ``table``, entry hash of the last one); (0, None)
    when the table does not exist or is empty."""
    if not has_table(con, table):  # two columns of the catalog, not every table sized
        return 0, None
    rows = con.execute(f"SELECT seq, entry_hash FROM {table} ORDER BY seq DESC LIMIT 1"
                       ).fetchall()
    return (int(rows[0][0]), str(rows[0][1])) if rows else (0, None)


def entry_hashes(con: duckdb.DuckDBPyConnection, size: int | None = None) -> list[str]:
    """Entry hashes in ``seq`` order (the Merkle leaves)."""
    sql = "SELECT entry_hash FROM custody_events ORDER BY seq"
    if size is not None:
        sql += f" LIMIT {int(size)}"
    return [str(r[0]) for r in con.execute(sql).fetchall()]


@dataclass
class MerkleFrontier:
    """The RFC 9162 tree hash of a growing list, kept in O(log n) state.

    ``nodes`` are the roots of the perfect subtrees that n leaves decompose into (sizes
    the binary digits of n, largest first). Appending a leaf merges equal-sized
    neighbours; the tree hash is the right fold of these roots, which is exactly RFC
    9162's recursive split at the largest power of two below n. A checkpoint therefore
    costs the entries appended since the last one, not the whole ledger, and one pass
    over the ledger gives the root at every checkpointed size.
    """

    size: int = 0
    nodes: list[tuple[int, bytes]] = field(default_factory=list)

    def append(self, entry_hash: str) -> None:
        node = hashlib.sha256(b"\x00" + entry_hash.encode("ascii")).digest()
        width = 1
        while self.nodes and self.nodes[-1][0] == width:
            _w, left = self.nodes.pop()
            node = hashlib.sha256(b"\x01" + left + node).digest()
            width *= 2
        self.nodes.append((width, node))
        self.size += 1

    def extend(self, entry_hashes: Iterable[str]) -> MerkleFrontier:
        for entry_hash in entry_hashes:
            self.append(entry_hash)
        return self

    def root(self) -> str:
        """Hex tree hash of the leaves so far (RFC 9162: sha256 of nothing when empty)."""
        if not self.nodes:
            return hashlib.sha256(b"").hexdigest()
        acc = self.nodes[-1][1]
        for _w, left in reversed(self.nodes[:-1]):
            acc = hashlib.sha256(b"\x01" + left + acc).digest()
        return acc.hex()

    def dumps(self) -> str:
        return json.dumps({"size": self.size, "nodes": [[w, n.hex()] for w, n in self.nodes]})

    @classmethod
    def loads(cls, text: str) -> MerkleFrontier:
        data = json.loads(text)
        frontier = cls(int(data["size"]), [(int(w), bytes.fromhex(n)) for w, n in data["nodes"]])
        if sum(w for w, _n in frontier.nodes) != frontier.size:
            raise ValueError("frontier widths do not add up to its size")
        return frontier


def _frontier_now(con: duckdb.DuckDBPyConnection) -> MerkleFrontier:
    """The frontier over the whole ledger, from the newest checkpoint that stored one
    (and still has its signed root) plus the entries after it."""
    start = MerkleFrontier()
    row = con.execute("SELECT frontier, root FROM ledger_checkpoints "
                      "WHERE frontier IS NOT NULL ORDER BY size DESC LIMIT 1").fetchall()
    if row:
        try:
            stored = MerkleFrontier.loads(str(row[0][0]))
        except (ValueError, KeyError, TypeError):
            stored = None
        if stored is not None and stored.root() == row[0][1]:
            start = stored
    rest = con.execute("SELECT entry_hash FROM custody_events WHERE seq > ? ORDER BY seq",
                       [start.size]).fetchall()
    return start.extend(str(r[0]) for r in rest)


def merkle_tree(hashes: list[str]) -> InmemoryTree:
    """The RFC 9162 tree over ``hashes``."""
    return InmemoryTree.init_from_entries([h.encode("ascii") for h in hashes])


def make_checkpoint(con: duckdb.DuckDBPyConnection, key: Signer | None = None) -> (
        Checkpoint | None):
    """Sign the Merkle root of the whole ledger now, anchoring the audit trail's head
    with it (caller's transaction).

    Returns None when the ledger is empty or already checkpointed at its size. The root
    comes from the last checkpoint's stored frontier plus the entries since
    (:class:`MerkleFrontier`); verification recomputes every root from the entries.
    """
    frontier = _frontier_now(con)
    if frontier.size == 0:
        return None
    done = con.execute("SELECT 1 FROM ledger_checkpoints WHERE size = ?",
                       [frontier.size]).fetchall()
    if done:
        return None
    root = frontier.root()
    key = key or signer()
    if not is_registered(con, key):
        raise unregistered_key_error(key)
    created = datetime.now(UTC).isoformat()
    size, last = chain_head(con)  # the audit trail, anchored once it has records
    audit = (size, last) if last is not None else None
    point = Checkpoint(frontier.size, root, created, key.key_id,
                       key.sign(checkpoint_message(frontier.size, root, created, audit)),
                       size if audit else None, last)
    con.execute("INSERT INTO ledger_checkpoints (size, root, created_at, key_id, signature, "
                "frontier, audit_size, audit_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [point.size, point.root, point.created_at, point.key_id, point.signature,
                 frontier.dumps(), point.audit_size, point.audit_hash])
    return point


def checkpoints(con: duckdb.DuckDBPyConnection) -> list[Checkpoint]:
    """All checkpoints, oldest (smallest) first."""
    cur = con.execute("SELECT * FROM ledger_checkpoints ORDER BY size")
    names = [d[0] for d in cur.description]  # a read-only copy of an older store has
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]  # no anchor columns
    return [Checkpoint(int(r["size"]), str(r["root"]), str(r["created_at"]),
                       str(r["key_id"]), str(r["signature"]),
                       None if r.get("audit_size") is None else int(r["audit_size"]),
                       None if r.get("audit_hash") is None else str(r["audit_hash"]))
            for r in rows]


def inclusion_proof(tree: InmemoryTree, seq: int, size: int) -> dict[str, Any]:
    """Proof that entry ``seq`` is among the first ``size`` (pymerkle's JSON form)."""
    if not 0 < seq <= size:
        raise TnocError(f"entry {seq} is not among the first {size} entries")
    proof: dict[str, Any] = tree.prove_inclusion(seq, size).serialize()
    return proof


def consistency_proof(tree: InmemoryTree, prior: int, later: int) -> dict[str, Any]:
    """Proof that the first ``later`` entries extend the first ``prior`` unchanged."""
    proof: dict[str, Any] = tree.prove_consistency(prior, later).serialize()
    return proof
