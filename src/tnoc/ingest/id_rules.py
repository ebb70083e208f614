"""Ids made under the id rules of earlier versions: one entity held twice, once per rule.

An entity's id is made of its template's text (:mod:`tnoc.ingest.compile`). The rule
changed three times, each change making some entities' ids anew:

1. dashes kept (before ids became slugs): "+49..." after "cdr-line-" made
   ``cdr-line--49...``, "lsdaisy!" ``agora-vendor-lsdaisy-``; told by their shape;
2. letters beyond A-Z dropped (before session 49): "Müller" made ``agora-vendor-M-ller``;
3. the symbols of a name dropped from an ``id_slug: exact`` template (before id rule 3,
   issue #24): "lsdaisy!" made ``agora-vendor-lsdaisy``, today
   ``agora-vendor-lsdaisy-055ec157d3`` (:func:`tnoc.ingest.clean.exact_slug_sql`).

A case taken in under an earlier rule and a file taken in today would make one phone
line or one vendor two entities. :func:`old_id_pairs` finds them; the ingest refuses
them (:mod:`tnoc.ingest.pipeline`) and ``tnoc import parquet`` names them
(:func:`imported_old_ids`).
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import NamedTuple

import duckdb

from tnoc.ingest.clean import DIGEST_LENGTH, ascii_slug_sql, lit, slug_sql
from tnoc.ingest.mapping import shipped_mappings

OLD_RULE_ID = "(entity_id LIKE '-%' OR entity_id LIKE '%-' OR entity_id LIKE '%--%')"
"""An id of the first rule: today no id holds a leading, trailing or double dash."""

ID_RULE = 3
"""The id rule a source is taken in under, named in its ``acquired`` ledger entry
(``id_rule``) since names are kept apart. A source without it was taken in before."""

DIGESTED = f"-[0-9a-f]{{{DIGEST_LENGTH}}}$"
"""What an exact slug appends (a name may also end so by itself: "shop-2014030101")."""

OLD_RULES = ("ids with a leading or double dash, without the letters beyond A-Z, or with "
             "the symbols of a name dropped: 'lsdaisy!' made the id of 'lsdaisy', which "
             "such an older id may also be")

# ids of older sources ($before) that are, under today's rule, ids the $fresh sources
# hold (per older source: how many, and one pair as an example). Each fresh id is looked
# for as it is, without its digest (the ids in $digested; with $any_digest, every id
# ending like one), and either in A-Z only; an older id of the first rule is read as
# today's by slugging it. A source taken in under today's rule holds ids of today's
# rule whatever their look ("M-ller" is then a vendor of that name): only sources
# taken in before are searched (:func:`before_rule`).
DOUBLED_SQL = f"""
WITH fresh AS (
    SELECT DISTINCT entity_id FROM statement_store WHERE source_id IN $fresh
), kept AS (  -- this id as it is, or without the digest an exact slug gave it
    SELECT entity_id, entity_id AS was FROM fresh
    UNION SELECT entity_id, regexp_replace(entity_id, {lit(DIGESTED)}, '') FROM fresh
    WHERE list_contains($digested, entity_id)
       OR ($any_digest AND regexp_matches(entity_id, {lit(DIGESTED)}))
), forms AS (  -- and either in A-Z only
    SELECT entity_id, was FROM kept UNION SELECT entity_id, {ascii_slug_sql("was")} FROM kept
), pairs AS (
    SELECT DISTINCT o.source_id, o.entity_id AS old_id, f.entity_id AS new_id
    FROM statement_store o JOIN forms f
      ON f.was = CASE WHEN {OLD_RULE_ID.replace("entity_id", "o.entity_id")}
                      THEN {slug_sql("o.entity_id")} ELSE o.entity_id END
    WHERE o.source_id IN $before AND o.entity_id <> f.entity_id
)
SELECT p.source_id, so.file_name, so.mapping, so.mapping_sha256, so.exhibit_path,
       count(*) AS ids, min([p.old_id, p.new_id]) AS example
FROM pairs p JOIN sources so ON so.source_id = p.source_id
GROUP BY ALL ORDER BY so.file_name
"""


class OldIds(NamedTuple):
    """An older source holding entities of other sources under an earlier id rule."""

    source_id: str
    file_name: str
    mapping: str | None
    mapping_sha256: str | None
    exhibit_path: str | None
    """None for a source imported from another case's export (its file is not here)."""
    ids: int
    example: tuple[str, str]
    """One entity: its id there (older) and its id in the sources compared."""

    def said(self) -> str:
        """The source, how many entities, and the example: for a message."""
        return (f"{self.file_name} (mapping {self.mapping}): {self.ids:,} "
                f"{'entity' if self.ids == 1 else 'entities'}, e.g. {self.example[0]!r} "
                f"there is {self.example[1]!r} here")

    def advice(self, case_root: Path) -> str:
        """:meth:`said`, and for a source whose file the case holds the command that
        takes it in again (:meth:`fix`)."""
        if self.exhibit_path is None:
            return self.said()
        return f"{self.said()}; re-ingest it with: {self.fix(case_root)}"

    def fix(self, case_root: Path) -> str:
        """The command taking this source in again from its exhibit copy with today's
        ids: the shipped mapping by name, else the analyst's own mapping file (the case
        keeps its name and sha256, not where it is)."""
        exhibit = shlex.quote(str(case_root / str(self.exhibit_path)))
        mapping = str(self.mapping)
        shipped = mapping in shipped_mappings()
        given = shlex.quote(mapping) if shipped else f"<the YAML file of mapping {mapping!r}>"
        command = (f"tnoc ingest {given} {exhibit} --replace "
                   f"-c {shlex.quote(str(case_root))}")
        return command if shipped else (
            f"{command} (no shipped mapping has that name: give the file it was taken in "
            f"with, sha256 {str(self.mapping_sha256)[:16]}...)")


def before_rule(con: duckdb.DuckDBPyConnection, excluding: list[str]) -> list[str]:
    """The sources, but ``excluding``, taken in before :data:`ID_RULE` (their
    ``acquired`` entry does not name it): their ids may be of an earlier rule. A source
    imported from another case's export (``tnoc import parquet``) counts among them: its
    entry cannot say by which rule the other case made its ids. An analysis's results
    (dataset ``analysis``) have ids of their own run and are left out."""
    return [str(r[0]) for r in con.execute(
        "SELECT source_id FROM sources WHERE NOT list_contains($excluding, source_id) "
        "AND dataset IS DISTINCT FROM 'analysis' AND source_id NOT IN (SELECT item_id "
        "FROM custody_events WHERE event_type = 'acquired' AND item_id IS NOT NULL "
        "AND TRY_CAST(json_extract_string(details, '$.id_rule') AS INTEGER) >= $rule) "
        "ORDER BY 1", {"excluding": excluding, "rule": ID_RULE}).fetchall()]


def old_id_pairs(con: duckdb.DuckDBPyConnection, fresh: list[str], before: list[str],
                 digested: list[str] | None) -> list[OldIds]:
    """The sources of ``before`` holding, under an earlier id rule, entities the
    sources ``fresh`` hold under today's (:data:`DOUBLED_SQL`). ``digested`` lists the
    fresh ids an exact template made with a digest
    (:func:`tnoc.ingest.compile.digested_ids_sql`); None when that is not known (an
    import): every id ending like a digest is then looked for without it too."""
    if not fresh or not before:
        return []
    rows = con.execute(DOUBLED_SQL, {"fresh": fresh, "before": before,
                                     "digested": digested or [],
                                     "any_digest": digested is None}).fetchall()
    return [OldIds(str(r[0]), str(r[1]), r[2], r[3], r[4], int(r[5]),
                   (str(r[6][0]), str(r[6][1]))) for r in rows]


def imported_old_ids(con: duckdb.DuckDBPyConnection, case_root: Path,
                     imported: list[str]) -> list[str]:
    """Notes on entities the sources just ``imported`` (``tnoc import parquet``) and
    this case's own sources would hold twice, once per id rule, either way round: the
    case's older sources under an earlier rule and the import under today's, or the
    import under an earlier rule (the other case took its file in before this
    version) and the case's sources of today's rule. Notes, not a refusal: which rule
    the other case used is not known here, and an id ending like a digest may be a name
    (every such id is looked for without it)."""
    older_here = old_id_pairs(con, imported, before_rule(con, imported), None)
    # the import itself counts among the sources before the rule (its entry names none)
    older = set(before_rule(con, []))
    todays = [str(r[0]) for r in con.execute(
        "SELECT source_id FROM sources WHERE dataset IS DISTINCT FROM 'analysis' "
        "ORDER BY 1").fetchall() if str(r[0]) not in older]
    older_there = old_id_pairs(con, todays, imported, None)
    notes = []
    if older_here:
        notes.append(
            f"this case's older sources hold entities of the import under an old id rule "
            f"({OLD_RULES}), so they are two entities here: "
            + "; ".join(o.advice(case_root) for o in older_here))
    if older_there:
        notes.append(
            "the import holds entities of this case's sources under an old id rule "
            f"({OLD_RULES}), so they are two entities here: "
            + "; ".join(o.said() for o in older_there)
            + ". The case that exported them took the file in before this version: "
            "re-ingest it there with --replace and import its new export into a new case")
    return notes

