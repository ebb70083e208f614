"""The per-case search index: an embedded tantivy index in ``CASE/index/``, no server.

Tantivy (the Rust full-text engine, BM25 ranking, through its Python binding) holds one
document per canonical entity *and clearance level*. A member sees the values of the
sources whose handling code they are cleared for (:mod:`tnoc.govern.policy`); the
codes are ordered (FIRST TLP 2.0: CLEAR < GREEN < AMBER < AMBER+STRICT < RED), so what
a member may see is every code up to their clearance. For each entity the build
writes one document per handling code among its sources, holding the values of the
sources at that code *and all lower ones*, valid for the clearances from that code up
to the entity's next code (``from_rank`` <= clearance < ``to_rank``). A query filters
on the member's clearance, so every entity matches through exactly one document, made
of the values the member may see: a value above their clearance never makes its
entity findable, and the total and the facet counts are counts of entities.

Fields: names and aliases as written (``names``), folded to ASCII (``name_folded``,
:func:`tnoc.search.folding.fold`) and as Metaphone keys (``name_phonetic``);
identifiers by their comparison key (``identifier_key``) and as written
(``identifiers``); addresses and free text folded; and, for facets, schema, countries,
list programs, sources, handling codes and the years of dated facts.

Built from one SQL aggregation over ``statement_store`` read in Arrow record batches
(:func:`build_index`); a build is recorded in the custody ledger as the other derived
stages are. The index remembers what the case held when it was built or last updated
(:func:`fingerprint`). After an ingest, an import or a judgement the service layer
updates only the entities concerned (:func:`update_index`, from
:meth:`tnoc.service.CaseService.finish`); when the recorded state does not follow from
the last update (the case changed some other way), the next search rebuilds it whole
(:meth:`tnoc.service.CaseService.find`).
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from tnoc.query_results import has_table
from tnoc.safe_text import CONTROL_FLAG
from tnoc.search.folding import fold, identifier_key, name_tokens, phonetic_keys
from tnoc.store.case import Case
from tnoc.store.held import held_cursor
from tnoc.store.schema import deepest_schema
from tnoc.tlp import TLP_ORDER

__all__ = ["INDEX_DIR", "IndexBuild", "IndexUpdate", "build_index", "clearance_rank",
           "discard_index", "fingerprint", "index_meta", "index_state", "open_index",
           "record_build", "record_update", "search_schema", "update_index"]

INDEX_DIR = "index"
META_FILE = "tnoc-index.json"
FORMAT = 4
"""Version of the document layout; an index of another layout is rebuilt (2: the member
ids stored, so an update finds the members of the documents it replaces; 3: the facet
fields and dates stored, so a page holding every hit gives the facets; 4: numbers
read, so a payment is captioned by its amount and currency and found by its amount,
as the scan without an index finds it)."""
UNRESTRICTED = len(TLP_ORDER)
"""The rank of a source without a known handling code, and of a member who sees all."""

NAME_PROPS = frozenset({"firstName", "lastName", "middleName", "fatherName",
                        "secondName", "motherName"})
IDENTIFIER_TYPES = frozenset({"identifier", "email", "phone", "iban", "ip", "url"})
IDENTIFIER_PROPS = frozenset({"username"})
ADDRESS_PROPS = frozenset({"address", "birthPlace", "place", "addressEntity"})
PROGRAM_PROPS = frozenset({"program", "programme"})
SKIPPED_TYPES = ("entity", "id")
BATCH_ROWS = 20_000
PROGRAM_SPLIT = re.compile(r"\s*\]\s*\[\s*")


def search_schema() -> Any:
    """The tantivy schema of the index (see the module for the fields)."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("entity_id", stored=True, tokenizer_name="raw")
    builder.add_text_field("ids", stored=True, tokenizer_name="raw")
    builder.add_text_field("caption", stored=True, tokenizer_name="raw")
    builder.add_text_field("schema", stored=True, tokenizer_name="raw", fast=True)
    builder.add_text_field("dataset", stored=True, tokenizer_name="raw", fast=True)
    builder.add_text_field("names", stored=True)
    builder.add_text_field("name_folded")
    builder.add_text_field("name_phonetic", tokenizer_name="raw")
    builder.add_text_field("identifiers", stored=True, tokenizer_name="raw")
    builder.add_text_field("identifier_key", tokenizer_name="raw")
    builder.add_text_field("address")
    builder.add_text_field("text")
    for facet in ("country", "program", "source", "code", "year"):
        # stored too: the facets of a search whose hits all fit on its page are counted
        # from the page's documents (tnoc.search.query), without a second pass
        builder.add_text_field(facet, stored=True, tokenizer_name="raw", fast=True)
    builder.add_integer_field("date", stored=True, indexed=True, fast=True)
    builder.add_integer_field("from_rank", indexed=True, fast=True)
    builder.add_integer_field("to_rank", indexed=True, fast=True)
    return builder.build()


def clearance_rank(codes: Iterable[str] | None) -> int:
    """The rank a member's visible handling codes reach (None: every source)."""
    if codes is None:
        return UNRESTRICTED
    ranks = [TLP_ORDER.index(c) for c in codes if c in TLP_ORDER]
    return max(ranks) if ranks else -1


def _code_rank(code: str | None) -> int:
    return TLP_ORDER.index(code) if code in TLP_ORDER else UNRESTRICTED


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """What the index depends on, cheaply: the number of statements and sources, the
    merges (who is merged into whom), and the last intake or erasure in the custody
    ledger. Any ingest, import, judgement or erasure changes it.

    Read at every search (:meth:`tnoc.service.CaseService.find`), so read cheaply: the
    merged statements are counted under ``merged_into IS NOT NULL``, a filter DuckDB
    answers from its row groups' statistics (0.7 ms on the demo case's 4.3M statements,
    none merged), where ``count(merged_into)`` reads the whole column (30-60 ms)."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM statement_store), m.merged, m.digest, "
        "(SELECT count(*) FROM sources), "
        "(SELECT coalesce(max(seq), 0) FROM custody_events "
        " WHERE event_type IN ('acquired', 'destroyed')) "
        "FROM (SELECT count(*) AS merged, coalesce(sum(hash(entity_id, merged_into)), 0) "
        "      AS digest FROM statement_store WHERE merged_into IS NOT NULL) m").fetchone()
    return ":".join(str(v) for v in row or ())


def index_meta(root: Path) -> dict[str, Any] | None:
    """What the index records of itself (``CASE/index/tnoc-index.json``): its layout
    ``format``, the ``fingerprint`` of the case it follows, the ``build`` it comes from
    (the time of the full build), the ``updates`` applied since and what the last one
    wrote (``last_update``); None without an index, ``{}`` when unreadable."""
    meta = Path(root) / INDEX_DIR / META_FILE
    if not meta.is_file():
        return None
    try:
        found = json.loads(meta.read_text(encoding="utf-8"))
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def index_state(root: Path, con: duckdb.DuckDBPyConnection,
                expected: str | None = None) -> str:
    """``current``, ``stale`` (the case changed since the build) or ``missing``.
    ``expected``: the fingerprint to compare with (default: the case's now)."""
    built = index_meta(root)
    if built is None:
        return "missing"
    if built.get("format") != FORMAT or built.get("fingerprint") != (
            expected if expected is not None else fingerprint(con)):
        return "stale"
    return "current"


def open_index(root: Path) -> Any:
    """The case's tantivy index (opened for reading)."""
    import tantivy

    return tantivy.Index.open(str(Path(root) / INDEX_DIR))


@dataclass(frozen=True)
class IndexBuild:
    """What a build wrote."""

    entities: int
    documents: int
    seconds: float
    fingerprint: str
    sources: tuple[str, ...]


BUILD_SQL = f"""
SELECT coalesce(s.merged_into, s.entity_id) AS id, src.handling_code AS code,
       list(DISTINCT s.entity_id) AS members, list(DISTINCT s.schema) AS schemata,
       list(DISTINCT s.source_id) AS sources, list(DISTINCT src.dataset) AS datasets,
       list({{'p': s.prop, 't': s.prop_type, 'v': s.value}})
           FILTER (WHERE s.prop_type NOT IN {SKIPPED_TYPES}
                   AND (s.flag IS NULL OR s.flag = '{CONTROL_FLAG}')) AS pv
FROM statement_store s JOIN sources src USING (source_id) {{where}}
GROUP BY ALL ORDER BY id, code
"""
"""One row per canonical entity and handling code, values of usable statements only
(unflagged, or flagged only for control characters taken out)."""


def _rows(con: duckdb.DuckDBPyConnection, only: Sequence[str] | None = None
          ) -> Iterator[dict[str, Any]]:
    """The rows of :data:`BUILD_SQL`; ``only``: of these canonical entities alone."""
    # its own result, so the connection stays free meanwhile; reading held sources
    # as the connection does (tnoc.store.held.held_cursor)
    cursor = held_cursor(con)
    # values in a compartment (a citizen reporter's identity) are never indexed: they
    # would make their entity findable and count in facets (tnoc.govern.compartments)
    kept = ("(s.source_id, s.entity_id) NOT IN (SELECT source_id, entity_id FROM "
            "compartment_entities)" if has_table(cursor, "compartment_entities")
            else "true")
    try:
        if only is None:
            result = cursor.sql(BUILD_SQL.replace("{where}", f"WHERE {kept}"))
        else:
            within = (f"WHERE {kept} AND coalesce(s.merged_into, s.entity_id) IN "
                      "(SELECT unnest(?))")
            result = cursor.sql(BUILD_SQL.replace("{where}", within), params=[list(only)])
        for batch in result.to_arrow_reader(BATCH_ROWS):
            yield from batch.to_pylist()
    finally:
        cursor.close()


def _entities(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """The rows grouped by canonical entity (the SQL orders them so)."""
    group: list[dict[str, Any]] = []
    for row in rows:
        if group and row["id"] != group[0]["id"]:
            yield group
            group = []
        group.append(row)
    if group:
        yield group


def _year_and_day(value: str) -> tuple[str, int] | None:
    """The year and the YYYYMMDD number of an ISO date (month and day 1 when absent)."""
    parts = value[:10].split("-")
    try:
        numbers = [int(p) for p in parts[:3]]
    except ValueError:
        return None
    if not numbers or not 1 <= numbers[0] <= 9999:
        return None
    numbers += [1] * (3 - len(numbers))
    return str(numbers[0]), numbers[0] * 10_000 + numbers[1] * 100 + numbers[2]


class _Document:
    """The values of one entity up to one clearance level, as tantivy fields."""

    def __init__(self) -> None:
        self.props: dict[str, list[str]] = {}
        self.fields: dict[str, set[Any]] = {
            k: set() for k in ("ids", "schemata", "names", "name_folded", "name_phonetic",
                               "identifiers", "identifier_key", "address", "text",
                               "country", "program", "source", "dataset", "code", "year",
                               "date")}

    def add(self, row: dict[str, Any]) -> None:
        f = self.fields
        f["ids"].update(str(m).lower() for m in row["members"])
        f["schemata"].update(row["schemata"])
        f["source"].update(row["sources"])
        f["dataset"].update(str(d) for d in row["datasets"] if d)
        f["code"].add(row["code"] or "none")
        for item in row["pv"] or ():
            prop, kind, value = item["p"], item["t"], str(item["v"])
            self.props.setdefault(prop, []).append(value)
            if kind == "name" or prop in NAME_PROPS:
                f["names"].add(value)
                tokens = name_tokens(value)
                f["name_folded"].add(" ".join(tokens))
                f["name_phonetic"].update(phonetic_keys(tokens))
            elif kind in IDENTIFIER_TYPES or prop in IDENTIFIER_PROPS:
                f["identifiers"].add(value)
                key = identifier_key(value)
                if key:
                    f["identifier_key"].add(key)
            elif kind == "date":
                found = _year_and_day(value)
                if found:
                    f["year"].add(found[0])
                    f["date"].add(found[1])
            elif kind == "country":
                f["country"].add(value.lower())
            elif prop in ADDRESS_PROPS or kind == "address":
                f["address"].add(fold(value))
            else:
                if prop in PROGRAM_PROPS:  # OFAC joins several: "SDGT] [IRGC"
                    f["program"].update(p for p in PROGRAM_SPLIT.split(value.strip("[] "))
                                        if p)
                f["text"].add(fold(value))

    def tantivy(self, entity: str, schema: str, caption: str, ranks: tuple[int, int]
                ) -> Any:
        import tantivy

        doc = tantivy.Document()
        doc.add_text("entity_id", entity)
        doc.add_text("caption", caption)
        doc.add_text("schema", schema)
        for name, values in self.fields.items():
            if name in ("schemata", "date"):
                continue
            for value in sorted(values):
                doc.add_text(name, value)
        for day in sorted(self.fields["date"]):
            doc.add_integer("date", day)
        doc.add_integer("from_rank", ranks[0])
        doc.add_integer("to_rank", ranks[1])
        return doc


def _sources(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    return tuple(str(s) for s, in con.execute(
        "SELECT source_id FROM sources ORDER BY source_id").fetchall())


def _depths(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {str(n): int(d or 0) for n, d in
            con.execute("SELECT name, depth FROM schemata").fetchall()}


def _last_judgement(con: duckdb.DuckDBPyConnection) -> int:
    """The sequence number of the case's last judgement (0: none, or no table yet)."""
    if not con.execute("SELECT 1 FROM information_schema.tables "
                       "WHERE table_name = 'judgements'").fetchone():
        return 0
    return int((con.execute("SELECT coalesce(max(seq), 0) FROM judgements")
                .fetchone() or (0,))[0])


def _changed_since(con: duckdb.DuckDBPyConnection, meta: dict[str, Any]
                   ) -> set[str] | None:
    """The entity ids the case's changes since the index's last build or update touched:
    those stated by a source taken in since, and those named by a judgement made since
    (an undo: the entities of the judgement it undoes). None when the index does not
    record what it holds, or a source it holds is gone (not a change an update follows)."""
    held, last = meta.get("sources"), meta.get("judgement")
    if not isinstance(held, list) or not isinstance(last, int):
        return None
    now = set(_sources(con))
    if not set(held) <= now:
        return None
    new = sorted(now - set(held))
    touched = {str(e) for e, in con.execute(
        "SELECT DISTINCT entity_id FROM statement_store WHERE source_id IN "
        "(SELECT unnest(?))", [new]).fetchall()} if new else set()
    if _last_judgement(con) > last:
        for row in con.execute(
                "SELECT j.left_id, j.right_id, u.left_id, u.right_id FROM judgements j "
                "LEFT JOIN judgements u ON u.judgement_id = j.undoes WHERE j.seq > ?",
                [last]).fetchall():
            touched.update(str(e) for e in row if e is not None)
    return touched


def _write_entities(writer: Any, con: duckdb.DuckDBPyConnection,
                    only: Sequence[str] | None, depth: dict[str, int],
                    progress: Callable[[int, int], None] | None = None, total: int = 0
                    ) -> tuple[int, int]:
    """Add the documents of every canonical entity (``only``: of these) to ``writer``,
    one per handling code among its sources (see the module); the numbers of entities
    and documents written. The one writer of documents, for builds and updates alike."""
    from tnoc.store.captions import caption_of

    entities = documents = 0
    for group in _entities(_rows(con, only)):
        entity = str(group[0]["id"])
        levels = sorted({_code_rank(r["code"]) for r in group})
        document = _Document()
        for i, level in enumerate(levels):
            for row in group:
                if _code_rank(row["code"]) == level:
                    document.add(row)
            schema = deepest_schema(document.fields["schemata"], depth)
            caption = caption_of(entity, schema, document.props)
            upper = levels[i + 1] if i + 1 < len(levels) else UNRESTRICTED + 1
            writer.add_document(document.tantivy(entity, schema, caption, (level, upper)))
            documents += 1
        entities += 1
        if progress is not None and entities % 20_000 == 0:
            progress(entities, total)
    return entities, documents


BUILD_HEAP = 1_500_000_000
"""The indexing memory budget of a build, in bytes: tantivy writes a segment each time
its writer's budget fills (per thread: the budget over the threads), and a query walks
the term dictionary of every segment with each fuzzy term's automaton, so fewer
segments make every search cheaper. With one thread and this budget the demo case
(709k entities, a 109 MB index) is one segment instead of four (two threads, 256 MB),
and a search took ~15-20% less CPU time (benchmarks/RESULTS.md, "search", session
35); the memory is taken only as far as the postings need it."""


def build_index(case: Case, con: duckdb.DuckDBPyConnection,
                progress: Callable[[int, int], None] | None = None,
                threads: int = 1) -> IndexBuild:
    """Rebuild ``CASE/index`` from the store read through ``con`` (a new index is
    written in the process's scratch folder and takes the old one's place once
    complete: a failed or killed build leaves the previous index, never half of one, and
    its scratch is removed by the next process that writes to the case).
    ``progress(entities done, entities in all)`` is called every 20,000 entities. The
    caller records the build in the custody ledger (:func:`record_build`)."""
    import tantivy

    started = time.perf_counter()
    target = case.root / INDEX_DIR
    scratch = case.scratch / f"{INDEX_DIR}-building"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    try:
        depth = _depths(con)
        total = int((con.execute("SELECT count(DISTINCT coalesce(merged_into, entity_id)) "
                                 "FROM statement_store").fetchone() or (0,))[0])
        index = tantivy.Index(search_schema(), path=str(scratch))
        writer = index.writer(heap_size=BUILD_HEAP, num_threads=threads)
        entities, documents = _write_entities(writer, con, None, depth, progress, total)
        writer.commit()
        writer.wait_merging_threads()
        built = fingerprint(con)
        sources = _sources(con)
        (scratch / META_FILE).write_text(json.dumps(
            {"format": FORMAT, "fingerprint": built, "entities": entities,
             "documents": documents, "build": datetime.now(UTC).isoformat(),
             "updates": 0, "sources": list(sources), "judgement": _last_judgement(con)}),
            encoding="utf-8")
        old = case.scratch / f"{INDEX_DIR}-replaced"
        if target.exists():
            target.rename(old)
        scratch.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    if progress is not None:
        progress(entities, total)
    return IndexBuild(entities, documents, time.perf_counter() - started, built, sources)


@dataclass(frozen=True)
class IndexUpdate:
    """What an update wrote: the canonical entities written again, their documents, the
    ids whose documents were deleted, and the fingerprint the index now follows."""

    entities: int
    documents: int
    deleted: int
    seconds: float
    fingerprint: str


def _indexed_under(index: Any, ids: Iterable[str]) -> tuple[set[str], set[str]]:
    """The canonical ids of the documents holding any of ``ids`` among their members, and
    those documents' member ids (lower-case, as the ``ids`` field holds them)."""
    import tantivy

    wanted = sorted({i.lower() for i in ids})
    if not wanted:
        return set(), set()
    index.reload()
    searcher = index.searcher()
    query = tantivy.Query.term_set_query(index.schema, "ids", wanted)
    # an id is a member of one canonical entity, which has a document per level at most
    found = searcher.search(query, limit=len(wanted) * (UNRESTRICTED + 1), count=True)
    if found.count is not None and found.count > len(found.hits):  # ids equal but for case
        found = searcher.search(query, limit=found.count)
    canonical: set[str] = set()
    members: set[str] = set()
    for _score, address in found.hits:
        doc = searcher.doc(address)
        canonical.update(str(v) for v in doc.get_all("entity_id"))
        members.update(str(v) for v in doc.get_all("ids"))
    return canonical, members


def update_index(case: Case, con: duckdb.DuckDBPyConnection,
                 follows: str) -> IndexUpdate | None:
    """Bring the index up to date after an ingest, an import or judgements without
    rebuilding it. The entities touched are found from what the index records it holds
    (:func:`_changed_since`: the sources taken in and the judgements made since); the
    documents of every canonical entity they were or are part of are deleted (by the
    ``entity_id`` term) and written again from the store read through ``con``: its
    members may have gained values (a new source), changed (a merge, a split) or gone.
    ``follows``: the fingerprint the index must record for the update to apply (the
    case's before the operation); otherwise (the case changed some other way meanwhile,
    no index, or a change an update cannot follow) nothing is done and None returned:
    the next search rebuilds the index whole.

    Tantivy commits atomically: a failure before the commit leaves the index as it was
    (rolled back); the new fingerprint is written only after the commit, so a failure
    between the two leaves an index that is stale, never one taken for current."""
    import tantivy

    started = time.perf_counter()
    meta = index_meta(case.root)
    if meta is None or index_state(case.root, con, follows) != "current":
        return None
    touched = _changed_since(con, meta)
    if touched is None:
        return None
    index = tantivy.Index.open(str(case.root / INDEX_DIR))
    before, members = _indexed_under(index, touched)
    keys = sorted({t.lower() for t in touched} | {b.lower() for b in before} | members)
    canonical = sorted(str(c) for c, in con.execute(
        "SELECT DISTINCT coalesce(merged_into, entity_id) FROM statement_store "
        "WHERE lower(entity_id) IN (SELECT unnest($1)) "
        "OR lower(merged_into) IN (SELECT unnest($1))", [keys]).fetchall())
    stale = sorted(touched | before | set(canonical))
    written = documents = 0
    if stale:
        writer = index.writer(heap_size=64_000_000, num_threads=1)
        try:
            for entity in stale:
                writer.delete_documents_by_term("entity_id", entity)
            written, documents = _write_entities(writer, con, canonical, _depths(con))
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
    now = fingerprint(con)
    meta.update(fingerprint=now, updates=int(meta.get("updates") or 0) + 1,
                sources=list(_sources(con)), judgement=_last_judgement(con),
                last_update={"entities": written, "documents": documents,
                             "deleted": len(stale)})
    _write_meta(case.root / INDEX_DIR, meta)
    return IndexUpdate(written, documents, len(stale), time.perf_counter() - started, now)


def _write_meta(folder: Path, meta: dict[str, Any]) -> None:
    """Write the index's metadata whole or not at all (a new file renamed over it)."""
    part = folder / f"{META_FILE}.part"
    part.write_text(json.dumps(meta), encoding="utf-8")
    part.replace(folder / META_FILE)


def record_update(con: duckdb.DuckDBPyConnection, case_id: str, update: IndexUpdate,
                  actor: str | None = None, purpose: str | None = None) -> str:
    """Record an update in the custody ledger (caller's transaction), as a build is."""
    from tnoc.ledger.custody import record_analysis

    return record_analysis(con, "index", f"case:{case_id}",
                           parameters={"layout": FORMAT, "update": True},
                           sources=(), actor=actor, purpose=purpose,
                           entities=update.entities, documents=update.documents,
                           deleted=update.deleted, seconds=round(update.seconds, 3))


def discard_index(root: Path) -> None:
    """Remove the index's data and mark it stale (its metadata kept, without a
    fingerprint): after an erasure no copy of the erased values may stay in the index
    (EU Directive 2016/680 art. 16), and the next search rebuilds it."""
    target = Path(root) / INDEX_DIR
    if not target.is_dir():
        return
    meta = target / META_FILE
    for path in target.iterdir():
        if path != meta:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    if meta.is_file():
        meta.write_text(json.dumps({"format": FORMAT, "fingerprint": None,
                                    "discarded": True}), encoding="utf-8")


def record_build(con: duckdb.DuckDBPyConnection, case_id: str, build: IndexBuild,
                 actor: str | None = None, purpose: str | None = None) -> str:
    """Record a build in the custody ledger (caller's transaction), as the derived
    stages are: the sources read, the entities and documents written."""
    from tnoc.ledger.custody import record_analysis

    return record_analysis(con, "index", f"case:{case_id}", parameters={"layout": FORMAT},
                           sources=build.sources, actor=actor, purpose=purpose,
                           entities=build.entities, documents=build.documents,
                           seconds=round(build.seconds, 3))
