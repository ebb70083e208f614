"""Data-subject categories as assessments, kept apart from the facts.

EU Directive 2016/680 art. 6 asks that the personal data of suspects, convicted
persons, victims and witnesses or other parties be told apart; art. 7 that facts be
distinguished from personal assessments. :func:`categorise` states an analyst's
category of an entity as a ``DataSubjectCategory`` entity (extension schema
``model/schema/govern.yaml``) pointing at it, written through
:func:`tnoc.store.derived.add_analysis`: a derived source of its own with the basis,
the author and a signed ``analysed`` entry. So ``tnoc show`` lists it under "Referred
to by" with who assessed it, and every statement says what it is: the ``dataset`` of a
derived source is ``analysis``, which :func:`tnoc.store.lookup.entity_rows` exposes as
``evidence`` = ``assessment`` (else ``fact``); no second mechanism.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from enum import StrEnum

from tnoc.errors import TnocError
from tnoc.store.case import Case
from tnoc.store.derived import DerivedStatement, add_analysis

__all__ = ["DataSubjectCategory", "categorise"]


class DataSubjectCategory(StrEnum):
    """The categories of data subjects of LED art. 6 (a-d)."""

    SUSPECT = "suspect"
    CONVICTED = "convicted"
    VICTIM = "victim"
    WITNESS = "witness"
    OTHER = "other"


def categorise(case: Case, reference: str, category: str, basis: str,
               actor: str) -> str:
    """Record that ``actor`` assesses the entity ``reference`` (id or name) as a
    ``category`` data subject on ``basis``; returns the id of the
    ``DataSubjectCategory`` entity. Caller-independent transaction: the JSON, the
    source, the statements and the ledger entry are written together or not at all."""
    from tnoc.model import get_model
    from tnoc.store.lookup import describe, find_entity, members_of

    try:
        chosen = DataSubjectCategory(category)
    except ValueError:
        raise TnocError(f"unknown category {category!r}; one of "
                        + ", ".join(c.value for c in DataSubjectCategory)) from None
    if not basis.strip():
        raise TnocError("a basis is required (--basis): the assessment records why")
    now = datetime.now(UTC)
    with case.transaction() as con:
        canonical = find_entity(con, reference)
        schema, name = describe(con, canonical)
        if not get_model().get(schema) or not get_model()[schema].is_a("LegalEntity"):
            raise TnocError(f"{name} ({canonical}) is a {schema}: only a person or another "
                            "legal entity is a data subject")
        run_id = now.strftime("%Y%m%dT%H%M%S%f")
        entity = "dsc-" + hashlib.sha1(f"{canonical}|{run_id}".encode()).hexdigest()[:16]
        values = (("id", entity), ("name", f"{chosen.value} (assessed by {actor}, "
                                          f"{now.date().isoformat()})"),
                  ("subject", canonical), ("category", chosen.value),
                  ("basis", basis.strip()), ("assessedBy", actor))
        sources = sorted({str(r[0]) for r in con.execute(
            "SELECT DISTINCT source_id FROM statement_store WHERE "
            "list_contains($ids, entity_id)", {"ids": members_of(con, canonical)}
        ).fetchall()})
        add_analysis(con, case.root, "data-subject-category", run_id, {
            "parameters": {"entity": canonical, "category": chosen.value,
                           "basis": basis.strip(), "assessed_by": actor},
            "standard": "EU Directive 2016/680 art. 6 and 7"},
            [DerivedStatement(entity, "DataSubjectCategory", p, v, "assessment")
             for p, v in values], sources)
    return entity
