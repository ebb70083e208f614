"""Governance: who may do what in a case, for which purpose, and the record of it.

Users and roles, case membership and clearance (:mod:`tnoc.govern.policy`,
:mod:`tnoc.govern.members`), the access audit trail (:mod:`tnoc.govern.audit`),
retention, legal hold and erasure (:mod:`tnoc.govern.erasure`). The service layer
(:mod:`tnoc.service`) asks these modules before every operation; the faces never do.
See docs/governance.md.
"""
