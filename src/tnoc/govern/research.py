"""Research mode: what a researcher sees of a case (issue #20, deliverable 7).

Criminology research on police and FIU material is lawful under the research
exemptions (GDPR Art. 89(1); the national acts that open police data to research) on
condition of safeguards, first among them pseudonymisation and data minimisation.
The researcher role therefore sees:

* **keyed pseudonyms for people and their identifiers** (:func:`pseudonymise_view`,
  :func:`pseudonymise_rows`): every entity of a personal schema or of a schema that
  describes a person (a passport, a sanction listing, an address, a bank account:
  :data:`tnoc.exchange.handling.PERSONAL_SCHEMATA` and
  :data:`~tnoc.exchange.handling.DESCRIBING_SCHEMATA`) is shown by the pseudonym of
  its id, never its caption; its identifying values (the one list,
  :data:`~tnoc.exchange.handling.IDENTIFYING`, with its fail-closed rule for a
  property listed nowhere) by their pseudonyms; contact identifiers (phone, e-mail,
  IBAN, IP address: :data:`CONTACT_TYPES`) wherever they occur, since a call's caller
  number names its subscriber as surely as the subscriber's record does; and every
  link to such an entity by the pseudonym of the target's id. Unlike an export, which
  hides a passport or an address only when it is tied to a person in the export,
  research mode hides every entity of those schemata (fail closed: the researcher
  cannot check the tie). Pseudonyms are ``HMAC-SHA256(case key, value)``
  (:class:`~tnoc.exchange.handling.Pseudonymiser`): stable within the case, so
  researchers can count, join and follow a network; unlinkable across cases, because
  each case has its own key (GDPR Art. 4(5); ENISA, *Pseudonymisation techniques and
  best practices*, 2019). Statement ids, which FtM derives from the value (sha1 of
  dataset, entity, property and value: a phone number could be recovered by guessing
  and hashing), are replaced with the value.
* **aggregates with small cells suppressed** (:func:`suppress_small_cells`).
* **lookups only by what they see** (:func:`research_entity`, :func:`clear_properties`):
  a researcher's ``search`` and ``show`` match typed text only against values shown in
  clear (countries, dates, schema...), and find an entity by the pseudonym they were
  shown, never by a real name, phone, e-mail, account number or id of a personal
  entity; otherwise typing a real name would tell whether that person is in the case
  (a membership-inference oracle; ENISA 2019, section 3, on attacks on pseudonyms).
* **the listings of the analyses** (network, money, assess: :func:`research_rows`), cell
  by cell: an entity id, a name or an identifier found in the case is replaced as
  above, whatever column or command it comes from; in an aggregate, every count is
  a cell subject to suppression.
* **source file names** (:func:`pseudonymise_sources`), which can name a person
  ("phone_of_J_SMITH.csv"): shown by their pseudonym with the extension kept.

Pure functions over the values the store's queries return
(:class:`~tnoc.store.query.EntityView`, search hits, network measure rows); the service
layer calls them for the researcher role. :func:`schemata_of` is the one store read
they need: which schema each referenced id has.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import cache
from numbers import Integral
from typing import Any

import duckdb

from tnoc.exchange.handling import DESCRIBING_SCHEMATA, PERSONAL_SCHEMATA, Pseudonymiser
from tnoc.store.dossier import Dossier, Section
from tnoc.store.lookup import (
    Sight,
    canonical_of,
    find_entity,
    missing_entity,
    rows_of_entities,
)
from tnoc.store.query import EntityView

__all__ = ["CONTACT_TYPES", "ENTITY_PSEUDONYM", "SUPPRESSED", "clear_properties",
           "dossier_ids", "entity_by_pseudonym", "is_personal_schema",
           "pseudonymise_dossier", "pseudonymise_rows", "pseudonymise_sources",
           "pseudonymise_view", "research_entity", "research_rows", "research_sight",
           "schemata_of",
           "suppress_small_cells"]

CONTACT_TYPES = frozenset({"phone", "email", "iban", "ip"})
"""FtM value types that single out a subscriber or holder wherever they appear (a
call's caller number, a payment's IBAN), pseudonymised in every schema."""
SUPPRESSED = "<5"
"""What a suppressed cell shows (for the default threshold of 5)."""
ID_COLUMNS = ("entity", "canonical_id", "entity_id", "id")
NAME_COLUMNS = ("caption", "name", "label")


def is_personal_schema(schema: str | None) -> bool:
    """Whether entities of ``schema`` are shown only by pseudonym to a researcher: a
    person or account, or what describes one. An unknown schema is (fail closed)."""
    return schema is None or schema in PERSONAL_SCHEMATA or schema in DESCRIBING_SCHEMATA


def schemata_of(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> dict[str, str]:
    """The most specific schema of each of ``ids`` (original or canonical ids), read from
    ``statement_store``; an id with no statements is left out (and so treated as
    personal by the functions here)."""
    from tnoc.store.lookup import schema_of

    if not ids:
        return {}
    found: dict[str, list[str]] = {}
    for entity, canonical, schema in con.execute(
            "SELECT entity_id, coalesce(merged_into, entity_id), schema "
            f"FROM {rows_of_entities()} s WHERE prop = 'id'",
            {"ids": sorted(set(ids))}).fetchall():
        for key in {str(entity), str(canonical)}:
            found.setdefault(key, []).append(str(schema))
    wanted = set(ids)
    return {i: schema_of(con, s) for i, s in found.items() if i in wanted}


ENTITY_PSEUDONYM = re.compile(r"pseudo-id-[0-9a-f]{20}")
"""What an entity's pseudonym looks like (:meth:`Pseudonymiser.pseudonym` of its id)."""


@cache
def clear_properties() -> tuple[str, ...]:
    """The ``Schema.prop`` pairs a researcher sees in clear, so typed text may match
    them: neither a link nor hidden (:meth:`_Rules.hides`) under the schema or under
    any schema extending it. The second condition fails closed: a ``Thing.name``
    statement may belong to an entity that is a Person (its most specific schema comes
    from all its statements), so a property is in clear only if it is in clear for
    every schema the entity could turn out to have."""
    from tnoc.model import get_model

    rules = _Rules(Pseudonymiser(b""), {})
    clear = []
    for schema in get_model().schemata.values():
        for name, prop in schema.properties.items():
            kind = prop.type.name
            if kind == "entity" or name == "id":
                continue
            under = [s for s in {schema, *schema.descendants} if name in s.properties]
            if not any(rules.hides(s.name, name, kind) for s in under):
                clear.append(f"{schema.name}.{name}")
    return tuple(sorted(clear))


def research_sight(codes: Sequence[str] | None) -> Sight:
    """What a researcher cleared for ``codes`` may see and match (:class:`Sight`)."""
    return Sight(None if codes is None else tuple(codes), clear_properties())


def entity_by_pseudonym(con: duckdb.DuckDBPyConnection, pseudo: Pseudonymiser, text: str,
                        codes: Sequence[str] | None) -> str | None:
    """The canonical entity whose pseudonym is ``text``, among those with a value
    visible to ``codes``; None when ``text`` is no entity pseudonym or none matches. A
    keyed pseudonym cannot be reversed, so the case's canonical ids are pseudonymised
    and compared (one HMAC each)."""
    text = text.strip()
    if not ENTITY_PSEUDONYM.fullmatch(text):
        return None
    sight = Sight(None if codes is None else tuple(codes))
    for (entity,) in con.execute(
            "SELECT DISTINCT coalesce(merged_into, entity_id) FROM statement_store "
            f"WHERE {sight.visible()}", sight.params()).fetchall():
        if pseudo.pseudonym(str(entity), "id") == text:
            return str(entity)
    return None


def research_entity(con: duckdb.DuckDBPyConnection, reference: str, pseudo: Pseudonymiser,
                    codes: Sequence[str] | None) -> str:
    """The canonical entity a researcher's ``reference`` names: its pseudonym, else the
    id of an entity that is not personal, else a name shown in clear borne by one
    entity (:func:`~tnoc.store.lookup.find_entity` with :func:`research_sight`). A
    real id of a personal entity, a real name or identifier is answered as a missing
    entity (:func:`~tnoc.store.lookup.missing_entity`)."""
    found = entity_by_pseudonym(con, pseudo, reference, codes)
    if found is not None:
        return found
    sight = research_sight(codes)
    canonical = find_entity(con, reference, sight)
    if canonical_of(con, reference, sight) is not None and is_personal_schema(
            schemata_of(con, [canonical]).get(canonical)):
        raise missing_entity(reference)  # a real id: only its pseudonym names it
    return canonical


class _Rules:
    """The per-value decisions for one case: which values, ids and names to replace."""

    def __init__(self, pseudo: Pseudonymiser, schemata: Mapping[str, str]) -> None:
        from tnoc.model import get_model

        self.pseudo = pseudo
        self.schemata = schemata
        self.model = get_model()

    def prop_type(self, schema: str, prop: str) -> str:
        spec = self.model.get(schema)
        found = spec.get(prop) if spec is not None else None
        return found.type.name if found is not None else "string"

    def entity_id(self, entity_id: str, schema: str | None = None) -> str:
        """A link or an id: the target's pseudonym when it is personal."""
        schema = schema or self.schemata.get(entity_id)
        return self.pseudo.pseudonym(entity_id, "id") if is_personal_schema(schema) \
            else entity_id

    def hides(self, schema: str, prop: str, prop_type: str) -> bool:
        """Whether the value of ``schema.prop`` is replaced (links aside)."""
        if prop_type in CONTACT_TYPES:
            return True
        return is_personal_schema(schema) and self.pseudo.personal(
            schema, prop, prop_type, describes_person=True)

    def value(self, schema: str | None, prop: str, value: Any,
              prop_type: str | None = None) -> Any:
        """One value as shown: a link by its target's pseudonym when personal, an
        identifying value by its pseudonym; anything of an unknown entity is hidden."""
        if value is None:
            return value
        if schema is None:
            return self.pseudo.pseudonym(str(value))
        if prop == "id":
            return self.entity_id(str(value), schema)
        prop_type = prop_type or self.prop_type(schema, prop)
        if prop_type == "entity":
            return self.entity_id(str(value))
        return self.pseudo.pseudonym(str(value)) if self.hides(schema, prop, prop_type) \
            else value

    def caption(self, entity_id: str, schema: str | None, caption: Any) -> Any:
        """A personal entity is named by its pseudonym; any other by its caption unless
        the caption comes from a contact identifier or a link (a call is captioned by
        its caller's number), then by the caption's pseudonym."""
        if is_personal_schema(schema):
            return self.pseudo.pseudonym(entity_id, "id")
        spec = self.model.get(str(schema))
        risky = spec is None or any(
            self.prop_type(spec.name, p) in CONTACT_TYPES | {"entity"} for p in spec.caption)
        return self.pseudo.pseudonym(str(caption)) if risky and caption else caption

    def properties(self, schema: str | None, properties: Mapping[str, Sequence[Any]]
                   ) -> dict[str, list[Any]]:
        return {p: [self.value(schema, p, v) for v in values]
                for p, values in properties.items()}


def pseudonymise_view(view: EntityView, pseudo: Pseudonymiser,
                      schemata: Mapping[str, str]) -> EntityView:
    """``view`` (:func:`tnoc.store.query.show_entity`) as a researcher sees it.

    Parameters: ``pseudo``, the case's pseudonymiser
    (``Pseudonymiser(pseudonym_key(case.root))``); ``schemata``, the schema of every id
    the view links to (:func:`schemata_of`; a missing id counts as personal).
    Returns a new view: ids, caption, identifying values (and their originals and
    statement ids) and links replaced as the module describes; provenance (source,
    file, sha256, handling code, dates) kept.
    """
    rules = _Rules(pseudo, {**schemata, view.id: view.schema})
    statements = []
    personal = is_personal_schema(view.schema)
    for row in view.statements:
        row = dict(row)
        schema = str(row.get("schema") or view.schema)
        prop, value = str(row["prop"]), row.get("value")
        prop_type = str(row.get("prop_type") or "") or rules.prop_type(schema, prop)
        row["value"] = rules.value(schema, prop, value, prop_type)
        if row["value"] != value:
            row["original_value"] = rules.value(schema, prop, row.get("original_value"),
                                                prop_type)
        # FtM's statement id hashes the entity id and the value: guessable
        if row.get("statement_id") is not None and (personal or row["value"] != value):
            row["statement_id"] = pseudo.pseudonym(str(row["statement_id"]), "st")
        for column in ("entity_id", "canonical_id"):
            if row.get(column) is not None:
                row[column] = rules.entity_id(str(row[column]), view.schema)
        statements.append(row)
    referring = []
    for referrer in view.referenced_by:
        row = dict(referrer)
        entity, kind = str(row["entity"]), row.get("schema")
        row["caption"] = rules.caption(entity, kind, row.get("caption"))
        row["entity"] = rules.entity_id(entity, kind)
        referring.append(row)
    return replace(view, id=rules.entity_id(view.id, view.schema),
                   caption=rules.caption(view.id, view.schema, view.caption),
                   statements=statements, referenced_by=referring)


def dossier_ids(d: Dossier) -> list[str]:
    """Every id a dossier names (links, dated entities, duplicates, screening hits):
    whose schemata :func:`pseudonymise_dossier` needs (:func:`schemata_of`)."""
    ids = {*d.members}
    for section in (*d.links_out.values(), *d.links_in.values(), d.timeline):
        for row in section.rows:
            ids |= {str(row[c]) for c in ("entity", "counterpart", "entity_id") if row.get(c)}
    ids |= {str(r["counterpart"]) for r in (*d.candidates, *d.judgements)}
    ids |= {str(a["facts"]["counterpart"]) for a in d.analyses if "counterpart" in a["facts"]}
    ids |= {str(v["entity"]) for p in d.properties for v in p["values"] if v.get("entity")}
    return sorted(ids)


def pseudonymise_dossier(d: Dossier, pseudo: Pseudonymiser,
                         schemata: Mapping[str, str]) -> Dossier:
    """The dossier (:func:`tnoc.store.dossier.dossier`) as a researcher sees it, by the
    rules of :func:`pseudonymise_view`: the entity's identifying values, every personal
    entity it links to (its id and name), dated facts of personal entities, and the
    free text that quotes names (a candidate pair's or screening hit's reason, a
    judgement's note) replaced by keyed pseudonyms; provenance and counts kept.
    ``schemata``: the schema of every id the dossier names (:func:`dossier_ids`)."""
    rules = _Rules(pseudo, {**schemata, d.id: d.schema})

    def named(row: dict[str, Any], id_column: str, name_column: str) -> None:
        if row.get(id_column):
            entity = str(row[id_column])
            schema = schemata.get(entity)
            if row.get(name_column) is not None:
                row[name_column] = rules.caption(entity, schema, row[name_column])
            row[id_column] = rules.entity_id(entity, schema)

    def section(s: Section) -> Section:
        rows = [dict(r) for r in s.rows]
        for row in rows:
            named(row, "entity", "caption")
            named(row, "counterpart", "counterpart_caption")
            if row.get("how") not in (None, "source") and row.get("entity_id"):
                schema = str(row.get("schema"))
                if rules.hides(schema, str(row["prop"]), "date"):
                    row["date"] = pseudo.pseudonym(str(row["date"]))
                named(row, "entity_id", "caption")
        return Section(rows, s.total)

    def text(row: dict[str, Any], *columns: str) -> dict[str, Any]:
        row = dict(row)
        for column in columns:  # free text quoting the names of the pair
            if row.get(column) and is_personal_schema(d.schema):
                row[column] = pseudo.pseudonym(str(row[column]))
        return row

    properties = []
    for prop in d.properties:
        values = []
        for entry in prop["values"]:
            entry = dict(entry)
            kind = str(entry.get("prop_type") or "") or rules.prop_type(d.schema, prop["prop"])
            shown = rules.value(d.schema, prop["prop"], entry["value"], kind)
            if shown != entry["value"]:
                entry["original_value"] = rules.value(d.schema, prop["prop"],
                                                      entry.get("original_value"), kind)
            entry["value"] = shown
            named(entry, "entity", "caption")  # the entity a value names, as a link's
            values.append(entry)
        properties.append({**prop, "values": values})
    candidates = [text(r, "reason") for r in d.candidates]
    judgements = [text(r, "note") for r in d.judgements]
    for row in (*candidates, *judgements):
        named(row, "counterpart", "counterpart_caption")
    analyses = []
    for a in d.analyses:
        facts = text(dict(a["facts"]), "reason")
        named(facts, "counterpart", "counterpart_caption")
        # the id of the merged entity's member a measure is of, as its members are shown
        member = {"member": rules.entity_id(str(a["member"]), d.schema)} \
            if a.get("member") else {}
        analyses.append({**a, "facts": facts, **member})
    return replace(d, id=rules.entity_id(d.id, d.schema),
                   caption=rules.caption(d.id, d.schema, d.caption),
                   members=[rules.entity_id(m, d.schema) for m in d.members],
                   properties=properties,
                   links_out={k: section(s) for k, s in d.links_out.items()},
                   links_in={k: section(s) for k, s in d.links_in.items()},
                   timeline=section(d.timeline), analyses=analyses,
                   candidates=candidates, judgements=judgements)


def pseudonymise_rows(rows: Sequence[Mapping[str, Any]], pseudo: Pseudonymiser,
                      schemata: Mapping[str, str],
                      id_columns: Sequence[str] = ID_COLUMNS,
                      name_columns: Sequence[str] = NAME_COLUMNS) -> list[dict[str, Any]]:
    """The rows of a listing (search hits, network measures with names, paths...) as a
    researcher sees them.

    Each row's entity is the value of its first present ``id_columns`` column; its
    schema the row's ``schema`` or ``schemata[id]`` (missing: personal). Every id
    column naming a personal entity (the others' schemata from ``schemata``: a path's
    ``source`` and ``target``) is replaced with its pseudonym, every
    ``name_columns`` value by the entity's pseudonym (or a contact caption's), a
    ``properties`` mapping and a ``prop``/``value`` pair value by value. Other columns
    (measures, counts, datasets) are kept. Returns new dicts; ``rows`` is untouched.
    """
    rules = _Rules(pseudo, schemata)
    shown = []
    for source in rows:
        row = dict(source)
        present = [c for c in id_columns if row.get(c) is not None]
        entity = str(row[present[0]]) if present else None
        schema = row.get("schema") or (schemata.get(entity) if entity else None)
        schema = str(schema) if schema is not None else None
        for column in name_columns:
            if row.get(column) is not None:
                row[column] = rules.caption(entity or str(row[column]), schema, row[column])
        for k, column in enumerate(present):  # a path's second end has its own schema
            row[column] = rules.entity_id(str(row[column]), schema if k == 0 else None)
        if isinstance(row.get("properties"), Mapping):
            row["properties"] = rules.properties(schema, row["properties"])
        if row.get("prop") is not None and "value" in row:
            row["value"] = rules.value(schema, str(row["prop"]), row["value"])
        shown.append(row)
    return shown


def suppress_small_cells(rows: Sequence[Mapping[str, Any]], count_columns: Sequence[str],
                         threshold: int = 5, total_row: Callable[[Mapping[str, Any]],
                                                                 bool] | None = None,
                         total_column: str | None = None,
                         marker: str = SUPPRESSED) -> list[dict[str, Any]]:
    """The table ``rows`` with every count from 1 to ``threshold - 1`` replaced by
    ``marker`` (primary suppression), and, where the table carries totals, enough
    further cells suppressed that none can be recovered by subtraction (secondary
    suppression).

    The rule (threshold rule with complementary suppression; ONS, *Disclosure control
    guidance for tables produced from administrative sources*, 2014; Eurostat,
    *Handbook on Statistical Disclosure Control*, 2010, ch. 4): a zero is shown (it
    discloses nothing about a person that a suppressed neighbour would protect) and a
    total stays published. In any line of cells summing to a published total (a row
    across ``count_columns`` when ``total_column`` is given; a column down the body
    rows when a row is a total, ``total_row``), a suppressed cell must not be alone:
    if exactly one cell of the line is suppressed, the smallest other non-zero cell of
    that line is suppressed too. Suppressing a cell in a row can leave a column with a
    single suppressed cell, so the rule is applied to rows and columns until nothing
    changes (it ends: each pass only adds suppressions). A total itself below the
    threshold is suppressed like any cell (then its line is protected by it).

    Parameters
    ----------
    rows : the table, one mapping per row (not changed).
    count_columns : the columns holding counts (the body, without the row-total column).
    threshold : smallest count shown (5 by default: cells under 5 are suppressed).
    total_row : which row holds the column totals (e.g. ``lambda r: r["country"] ==
        "Total"``); None when the table has none.
    total_column : the column holding each row's total; None when there is none.
    marker : what a suppressed cell shows.

    Returns
    -------
    list of dict : the rows with suppressed cells as ``marker``.

    Examples
    --------
    >>> suppress_small_cells([{"a": 3, "b": 7, "all": 10}], ["a", "b"], total_column="all")
    [{'a': '<5', 'b': '<5', 'all': 10}]
    """
    table = [dict(r) for r in rows]
    is_total = total_row or (lambda _r: False)
    body = [i for i, r in enumerate(table) if not is_total(r)]
    columns = list(count_columns) + ([total_column] if total_column else [])
    hidden = {(i, c) for i, r in enumerate(table) for c in columns
              if _small(r.get(c), threshold)}
    total_at = next((i for i, r in enumerate(table) if is_total(r)), None)
    lines: list[tuple[list[tuple[int, str]], tuple[int, str] | None]] = []
    if total_column:  # each row's cells add up to its total
        lines += [([(i, c) for c in count_columns], (i, total_column))
                  for i in range(len(table))]
    if total_at is not None:  # each column's body cells add up to the total row
        lines += [([(i, c) for i in body], (total_at, c)) for c in columns]
    changed = True
    while changed:
        changed = False
        for line, total in lines:
            alone = [cell for cell in line if cell in hidden]
            if len(alone) != 1 or total in hidden:  # a hidden total protects its line
                continue
            others = [cell for cell in line if cell not in hidden
                      and _count(table[cell[0]].get(cell[1])) > 0]
            if others:
                hidden.add(min(others, key=lambda cell: (_count(table[cell[0]][cell[1]]),
                                                         cell[0], cell[1])))
                changed = True
    for i, column in hidden:
        table[i][column] = marker
    return table


def _count(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _small(value: Any, threshold: int) -> bool:
    return 0 < _count(value) < threshold


def pseudonymise_sources(rows: Sequence[Mapping[str, Any]],
                         pseudo: Pseudonymiser) -> list[dict[str, Any]]:
    """The source list (:func:`tnoc.store.query.list_sources`) as a researcher sees it:
    each file name by its keyed pseudonym with its extension kept
    (``pseudo-file-<hmac>.csv``; the same name, the same pseudonym), since a seized
    file's name can name its owner. Source ids stay: they are a hash of the file's
    content, mapping and label (:func:`tnoc.ingest.pipeline.make_source_id`) and carry
    no name. Hashes, counts, datasets and handling codes stay."""
    shown = []
    for source in rows:
        row = dict(source)
        if row.get("file_name"):
            row["file_name"] = pseudonymous_file_name(str(row["file_name"]), pseudo)
        shown.append(row)
    return shown


_EXTENSION = re.compile(r"(\.[A-Za-z0-9]{1,5})?(\.(?:gz|bz2|xz|zip))?$", re.IGNORECASE)


def pseudonymous_file_name(name: str, pseudo: Pseudonymiser) -> str:
    """``name`` as its pseudonym with its extension (and compression suffix) kept:
    ``J.SMITH.csv.gz`` -> ``pseudo-file-<hmac>.csv.gz``."""
    extension = _EXTENSION.search(name)
    suffix = extension.group(0) if extension else ""
    if suffix == name:  # a name that is all extension: hide it whole
        suffix = ""
    return pseudo.pseudonym(name, "file") + suffix.lower()


def research_rows(con: duckdb.DuckDBPyConnection, rows: Sequence[Sequence[Any]],
                  pseudo: Pseudonymiser, aggregate: bool = False,
                  threshold: int = 5,
                  counts: Sequence[bool] | None = None) -> list[list[Any]]:
    """The rows of any listing (network, money, assess...) as a researcher sees them.

    Works cell by cell on what the case knows, not on column names, so every command's
    listing goes through one rule and a new command needs nothing of its own:

    * a text cell (or an item of a list cell) that is an entity id of the case is
      replaced like a link (a person, account or what describes one by the pseudonym
      of its id, ``pseudo-id-...``, the one ``show`` and ``search`` give);
    * a text cell that is a value of the case which research mode hides (a name or
      identifier of a person or account, any phone, e-mail, IBAN or IP address:
      :class:`_Rules`) is replaced by that value's pseudonym, as in ``show``; in a
      text of several words, each such value it contains (a whole word or words);
    * a text cell that is the name of a source file, by its pseudonym
      (:func:`pseudonymous_file_name`, as ``tnoc sources`` shows it);
    * in an ``aggregate`` listing (``assess``), every whole number from 1 to
      ``threshold - 1`` in a column of counts is shown as :data:`SUPPRESSED`
      (:func:`suppress_small_cells`), never as a number.

    Which columns hold counts is the listing's declaration, ``counts`` (one flag per
    column, by position: :attr:`tnoc.cli.common.Column.count`): a rank, a median, a
    share, a year or an id-like number is not a count of people, and hiding "rank 1"
    or "median 1 day" as ``<5`` falsifies the table without protecting anyone. A
    column not declared (``counts`` None, or shorter than the row) is a count: the
    default protects people (fail closed), since a small count shown in clear can
    single one out, while a measure wrongly hidden costs only readability. Only whole
    numbers are ever suppressed (a fraction is a measure, a flag is no count).

    Text the case does not hold as an id or a hidden value (labels, dates, measures,
    countries, typologies) is kept. Returns new lists; ``rows`` is untouched.
    """
    texts = sorted({str(v) for row in rows for cell in row for v in _items(cell)
                    if isinstance(v, str) and v})
    schemata = schemata_of(con, texts)
    rules = _Rules(pseudo, schemata)
    replaced = {text: rules.entity_id(text, schema) for text, schema in schemata.items()}
    for (name,) in con.execute("SELECT DISTINCT file_name FROM sources WHERE file_name IN "
                               "(SELECT unnest($v))", {"v": texts}).fetchall():
        replaced.setdefault(str(name), pseudonymous_file_name(str(name), pseudo))
    rest = [t for t in texts if t not in replaced]
    if rest:
        for schema, prop, prop_type, value in con.execute(
                "SELECT DISTINCT schema, prop, prop_type, value FROM statement_store "
                "WHERE value IN (SELECT unnest($v))", {"v": rest}).fetchall():
            if prop_type != "entity" and rules.hides(str(schema), str(prop), str(prop_type)):
                replaced[str(value)] = pseudo.pseudonym(str(value))
    # a text holding words: each value research mode hides in it, even when the whole
    # text is also a value the case shows (a caption or match made of a person's name)
    prose = [t for t in rest if t not in replaced and " " in t]
    if prose:  # a sentence naming people ("remove, in order, N1, N12, N3"): each name
        hidden: dict[str, str] = {}
        for schema, prop, prop_type, value in con.execute(
                "SELECT DISTINCT schema, prop, prop_type, value FROM "
                "(SELECT unnest($t) AS t) JOIN statement_store ON length(value) > 1 "
                "AND prop_type <> 'entity' AND (list_contains($contact, prop_type) OR "
                "list_contains($personal, schema)) AND contains(t, value)",
                {"t": prose, "contact": sorted(CONTACT_TYPES),
                 "personal": sorted(PERSONAL_SCHEMATA | DESCRIBING_SCHEMATA)}).fetchall():
            if rules.hides(str(schema), str(prop), str(prop_type)):
                hidden[str(value)] = pseudo.pseudonym(str(value))
        if hidden:
            pattern = re.compile(r"(?<!\w)(?:" + "|".join(
                re.escape(v) for v in sorted(hidden, key=len, reverse=True)) + r")(?!\w)")
            for text in prose:
                changed = pattern.sub(lambda m: hidden[m.group(0)], text)
                if changed != text:
                    replaced[text] = changed
    shown = [[_replace(cell, replaced) for cell in row] for row in rows]
    if not aggregate or not shown:
        return shown
    width = max(len(r) for r in shown)
    declared = list(counts or [])
    counted = [i for i in range(width) if (declared[i] if i < len(declared) else True)
               and any(_whole(r[i]) for r in shown if i < len(r))]
    table = suppress_small_cells(
        [{str(i): cell for i, cell in enumerate(row)} for row in shown],
        [str(i) for i in counted], threshold)
    return [[row[str(i)] for i in range(len(cells))] for row, cells in
            zip(table, shown, strict=True)]


def _items(cell: Any) -> Sequence[Any]:
    return list(cell) if isinstance(cell, list | tuple | set) else [cell]


def _replace(cell: Any, replaced: Mapping[str, str]) -> Any:
    if isinstance(cell, list | tuple):
        return [_replace(v, replaced) for v in cell]
    if isinstance(cell, str):
        return replaced.get(cell, cell)
    return cell


def _whole(value: Any) -> bool:
    """A count: a whole number (not a flag, not a measure with a fraction)."""
    return isinstance(value, Integral) and not isinstance(value, bool)
