"""Checks of a hash-chained, signed table: each entry's hash and signature, and the
links between entries. Shared by ``tnoc verify``'s ledger check
(:mod:`tnoc.evidence.verify`) and the audit trail's (:mod:`tnoc.govern.audit`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tnoc.ledger.custody import COLUMNS, GENESIS, chain_hash, event_from_row
from tnoc.ledger.keys import signature_ok

__all__ = ["check_entries", "check_links"]


def check_entries(rows: list[tuple[Any, ...]],
                  keys: dict[str, tuple[str, bytes]]) -> list[tuple[int, str]]:
    """Per-entry checks that need nothing but the entry: hash and signature.

    ``rows`` are rows of a chain's table (``custody_events``, ``audit_events``) in
    :data:`COLUMNS` order. Runs in a worker process for large ledgers, so it takes and
    returns plain tuples.
    """
    bad: list[tuple[int, str]] = []
    for values in rows:
        row = dict(zip(COLUMNS, values, strict=True))
        seq = int(row["seq"])
        try:
            event = event_from_row(row)
        except (TypeError, ValueError) as exc:
            bad.append((seq, f"fields cannot be read ({exc})"))
            continue
        if chain_hash(str(row["prev_hash"]), event) != row["entry_hash"]:
            bad.append((seq, "its content does not match its entry hash (a field was edited)"))
            continue
        known = keys.get(str(row["key_id"]))
        if row["signature"] is None or known is None:
            bad.append((seq, "not signed by a registered key"))
        elif not signature_ok(known[1], str(row["signature"]),
                              str(row["entry_hash"]).encode("ascii")):
            bad.append((seq, f"signature does not verify under key {row['key_id']} "
                             f"({known[0]}): signature replaced or entry re-hashed"))
    return bad


def check_links(rows: Iterable[tuple[int, str, str]], start: str = GENESIS,
                first: int = 1) -> list[tuple[int, str]]:
    """(seq, problem) for every break in a chain given as (seq, prev_hash, entry_hash)
    in stored order: a missing, repeated or reordered entry, or one whose prev_hash is
    not the entry hash before it."""
    bad: list[tuple[int, str]] = []
    prev, expected = start, first
    for seq, prev_hash, entry_hash in rows:
        if seq != expected:
            what = (f"entries {expected}..{seq - 1} are missing" if seq > expected
                    else "an entry is repeated or out of order")
            bad.append((seq, f"expected entry {expected} here: {what}"))
        if prev_hash != prev:
            bad.append((seq, "its prev_hash is not the entry hash before it (an entry was "
                             "inserted, deleted or moved)"))
        prev, expected = entry_hash, seq + 1
    return bad
