"""Signed Merkle checkpoints over the custody ledger, with inclusion and consistency proofs.

The leaves are the entry hashes (hex, as ASCII) in ``seq`` order, hashed as RFC 9162
§2.1 says (pymerkle: ``sha256(0x00 || leaf)``, nodes ``sha256(0x01 || left || right)``).
A checkpoint records the tree size and root and is signed by its maker; handed to a
court, a partner or an RFC 3161 time-stamping authority, it fixes the first ``size``
entries for good: an inclusion proof shows an entry is among them, a consistency proof
that a later ledger extends the earlier one without rewriting it (Laurie et al.,
*Certificate Transparency*, RFC 6962/9162).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import rfc8785
from pymerkle import InmemoryTree

from tnoc.errors import TnocError
from tnoc.evidence.keys import Signer, register_key, signer


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement: the first ``size`` entries have Merkle root ``root``."""

    size: int
    root: str
    created_at: str
    key_id: str
    signature: str

    def signed_bytes(self) -> bytes:
        return checkpoint_message(self.size, self.root, self.created_at)


def checkpoint_message(size: int, root: str, created_at: str) -> bytes:
    """What a checkpoint signature covers: RFC 8785 JSON of size, root and time."""
    return rfc8785.dumps({"size": size, "root": root, "created_at": created_at})


def entry_hashes(con: duckdb.DuckDBPyConnection, size: int | None = None) -> list[str]:
    """Entry hashes in ``seq`` order (the Merkle leaves)."""
    sql = "SELECT entry_hash FROM custody_events ORDER BY seq"
    if size is not None:
        sql += f" LIMIT {int(size)}"
    return [str(r[0]) for r in con.execute(sql).fetchall()]


def merkle_tree(hashes: list[str]) -> InmemoryTree:
    """The RFC 9162 tree over ``hashes``."""
    return InmemoryTree.init_from_entries([h.encode("ascii") for h in hashes])


def make_checkpoint(con: duckdb.DuckDBPyConnection, key: Signer | None = None,
                    tree: InmemoryTree | None = None) -> Checkpoint | None:
    """Sign the Merkle root of the whole ledger now (caller's transaction).

    Returns None when the ledger is empty or already checkpointed at its size. Pass the
    ``tree`` over the current ledger when the caller has built it already.
    """
    if tree is None:
        hashes = entry_hashes(con)
        if not hashes:
            return None
        tree = merkle_tree(hashes)
    size = int(tree.get_size())
    done = con.execute("SELECT 1 FROM ledger_checkpoints WHERE size = ?", [size]).fetchall()
    if done:
        return None
    root = tree.get_root(size).hex()
    key = key or signer()
    register_key(con, key)
    created = datetime.now(UTC).isoformat()
    point = Checkpoint(size, root, created, key.key_id,
                       key.sign(checkpoint_message(size, root, created)))
    con.execute("INSERT INTO ledger_checkpoints (size, root, created_at, key_id, signature) "
                "VALUES (?, ?, ?, ?, ?)",
                [point.size, point.root, point.created_at, point.key_id, point.signature])
    return point


def checkpoints(con: duckdb.DuckDBPyConnection) -> list[Checkpoint]:
    """All checkpoints, oldest (smallest) first."""
    return [Checkpoint(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]))
            for r in con.execute("SELECT size, root, created_at, key_id, signature "
                                 "FROM ledger_checkpoints ORDER BY size").fetchall()]


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
