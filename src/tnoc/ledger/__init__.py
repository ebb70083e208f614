"""The ledger: an append-only, hash-chained, signed record with Merkle checkpoints.

Below everything that records: custody events (:mod:`tnoc.ledger.custody`), operator
keys (:mod:`tnoc.ledger.keys`) and signed checkpoints (:mod:`tnoc.ledger.checkpoints`).
The custody operations built on it (intake seals, verify, court bundles) are
:mod:`tnoc.evidence`; the access audit trail is :mod:`tnoc.govern.audit`.
"""
