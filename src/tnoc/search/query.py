"""Querying the per-case index: name-aware matching, ranking, facets and paging.

The query language is what an analyst types into a search box: words (each must match,
in any order), ``"a phrase"`` (the words next to each other, in a name or a text),
``OR`` between two words or phrases (either), ``-word`` or ``NOT word`` (must not
match). A word matches an entity when, in the values the member may see, it is

* the whole query or the word as an identifier (:func:`tnoc.search.folding.identifier_key`),
  or an entity id: boost :data:`BOOSTS` ``identifier``, so an exact identifier ranks
  first;
* a token of a name, folded to ASCII from any script (``name``), the start of one
  (``prefix``), one or two edits away (``fuzzy``, Levenshtein automata: distance 1 from
  four letters; 2 from eight letters when the typed token is in no name of the index,
  see :func:`fuzzy_distance`), or sounding alike (``phonetic``, Metaphone);
* a token of an address or of a free text (``address``, ``text``).

Each word's alternatives are combined by their best score (a disjunction-max), the
words' scores added (BM25 within each field), so names outrank texts. Facets (schema,
source, country, handling code, list program, year) count entities: each entity matches
through exactly one document at the member's clearance (:mod:`tnoc.search.index`).
Facet filters (``filters``: facet -> values) keep the entities bearing one of the
values of each facet named (tantivy term queries on the facet's raw field), so the
total found under a filter is the count its facet bucket gave.

What a query costs (benchmarks/search.py, RESULTS.md "search"): nearly all of it is
tantivy building a Levenshtein automaton per fuzzy token and walking the term
dictionary with it, about 0.07 ms at distance 1 and 0.4 ms at distance 2 on the demo
case whatever the posting lists' sizes. Hence distance 2 only for the tokens that need
it, and one pass over the matching documents per search (:func:`search_index`). No
result is cached: each search runs its query.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tnoc.errors import TnocError
from tnoc.search.folding import identifier_key, name_tokens, phonetic_keys

__all__ = ["BOOSTS", "FACETS", "SearchResult", "facet_filter", "search_index"]

BOOSTS = {"identifier": 40.0, "name": 4.0, "prefix": 2.0, "fuzzy": 1.5, "phonetic": 1.2,
          "address": 0.8, "text": 0.5}
FACETS = ("schema", "dataset", "source", "country", "code", "program", "year")
FACET_SIZE = 20
PAGE_AT_ONCE = 1_000
"""The most hits (a page and those before it) one pass collects; beyond, the hits are
counted first, then that many collected (tantivy reserves room for as many as asked)."""


@dataclass
class SearchResult:
    """One page of hits, the total number of entities found, and the facet counts."""

    total: int
    hits: list[dict[str, Any]]
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    facets_more: dict[str, int] = field(default_factory=dict)
    """Per facet, the entities counted under values beyond the :data:`FACET_SIZE` most
    frequent ones listed (an entity with several such values counts once per value)."""
    dates: dict[str, str | None] = field(default_factory=dict)
    """The earliest and latest dated fact of the entities found (``first``, ``last``)."""
    notice: str | None = None
    """Why the hits did not come from the index (none, out of date), for the face."""
    engine: str = "index"
    """``index`` (:func:`search_index`) or ``scan`` (the substring scan)."""


def _tantivy() -> Any:
    import tantivy

    return tantivy


def _clauses(text: str) -> list[tuple[str, str]]:
    """(occur, term) pairs: occur is ``must``, ``should`` (joined by OR to the previous
    one, whose occur becomes ``should`` too) or ``not``; a term keeps its quotes."""
    try:
        parts = shlex.split(text.replace("'", "\u2019"), posix=False)
    except ValueError as bad:
        raise TnocError(f"cannot read the query {text!r}: {bad} (close the quotes)") \
            from bad
    clauses: list[tuple[str, str]] = []
    negate = join = False
    for part in parts:
        part = part.replace("\u2019", "'")
        if part == "OR" and clauses:
            join = True
            continue
        if part == "NOT":
            negate = True
            continue
        if part.startswith("-") and len(part) > 1:
            negate, part = True, part[1:]
        occur = "not" if negate else "must"
        if join and clauses and not negate:
            previous = clauses[-1]
            clauses[-1] = ("should" if previous[0] == "must" else previous[0], previous[1])
            occur = "should"
        clauses.append((occur, part))
        negate = join = False
    return clauses


def _boost(query: Any, name: str) -> Any:
    return _tantivy().Query.boost_query(query, BOOSTS[name])


def fuzzy_distance(token: str, present: Callable[[str], bool] | None = None) -> int:
    """The edits a typed name ``token`` may be away from a name token to match: none
    under four letters (one edit is too often another word: "ivan", "ivar"), one from
    four, two from eight when the token is in no name of the index (``present``: whether
    it is; None: not known, taken as absent). A token found as typed was most likely
    typed right, or a typo that hit another name: one edit covers that; two edits are
    for the tokens that must hold an error (a double typo, a name transliterated back
    and forth between scripts). The distance-2 automaton costs five to six times the
    distance-1 one (see the module), and most long tokens typed are right."""
    if len(token) < 4:
        return 0
    if len(token) < 8 or (present is not None and present(token)):
        return 1
    return 2


def _word(schema: Any, word: str, present: Callable[[str], bool] | None = None) -> Any:
    """The query for one typed word (see the module); ``present``: whether a folded
    token is a name token of the index (:func:`fuzzy_distance`)."""
    q = _tantivy().Query
    alternatives = []
    key = identifier_key(word)
    if key:
        alternatives.append(_boost(q.term_query(schema, "identifier_key", key), "identifier"))
    alternatives.append(_boost(q.term_query(schema, "ids", word.lower()), "identifier"))
    tokens = name_tokens(word)
    per_token = []
    for token in tokens:
        options = [_boost(q.term_query(schema, "name_folded", token), "name")]
        if len(token) >= 3:
            options.append(_boost(q.fuzzy_term_query(schema, "name_folded", token, 0,
                                                     True, True), "prefix"))
        distance = fuzzy_distance(token, present)
        if distance:
            options.append(_boost(q.fuzzy_term_query(
                schema, "name_folded", token, distance, True), "fuzzy"))
        options += [_boost(q.term_query(schema, "name_phonetic", k), "phonetic")
                    for k in phonetic_keys([token])]
        options.append(_boost(q.term_query(schema, "address", token), "address"))
        options.append(_boost(q.term_query(schema, "text", token), "text"))
        per_token.append(q.disjunction_max_query(options, 0.1))
    if per_token:
        must = _tantivy().Occur.Must
        alternatives.append(per_token[0] if len(per_token) == 1 else
                            q.boolean_query([(must, t) for t in per_token]))
    return q.disjunction_max_query(alternatives, 0.1)


def _phrase(schema: Any, phrase: str, present: Callable[[str], bool] | None = None
            ) -> Any:
    """A quoted phrase: its folded words next to each other in a name, address or text."""
    q = _tantivy().Query
    tokens = name_tokens(phrase)
    if not tokens:
        raise TnocError(f"the phrase {phrase!r} has no letters or digits to look for")
    if len(tokens) == 1:
        return _word(schema, tokens[0], present)
    options = [_boost(q.phrase_query(schema, f, tokens), boost) for f, boost in
               (("name_folded", "name"), ("address", "address"), ("text", "text"))]
    key = identifier_key(phrase)
    if key:
        options.append(_boost(q.term_query(schema, "identifier_key", key), "identifier"))
    return q.disjunction_max_query(options, 0.1)


def facet_filter(schema: Any, filters: dict[str, list[str]]) -> Any | None:
    """The query keeping documents with one of the values of every facet in
    ``filters`` (None when nothing is filtered). Raises :class:`TnocError` for a name
    that is not one of :data:`FACETS`."""
    t = _tantivy()
    clauses = []
    for facet, values in sorted(filters.items()):
        if facet not in FACETS:
            raise TnocError(f"no facet {facet!r} to filter on; one of {', '.join(FACETS)}")
        wanted = sorted({str(v) for v in values if str(v)})
        if wanted:
            clauses.append((t.Occur.Must, t.Query.boolean_query(
                [(t.Occur.Should, t.Query.term_query(schema, facet, v)) for v in wanted])))
    return t.Query.boolean_query(clauses) if clauses else None


def visible_query(schema: Any, rank: int) -> Any:
    """The documents valid at clearance ``rank``: one per entity the member may see."""
    t = _tantivy()
    return t.Query.boolean_query([
        (t.Occur.Must, t.Query.range_query(schema, "from_rank", t.FieldType.Integer, None,
                                           rank)),
        (t.Occur.Must, t.Query.range_query(schema, "to_rank", t.FieldType.Integer, rank,
                                           None, include_lower=False))])


def build_query(schema: Any, text: str, rank: int,
                filters: dict[str, list[str]] | None = None,
                present: Callable[[str], bool] | None = None) -> Any:
    """The tantivy query for ``text`` (see the module) over the documents valid at
    clearance ``rank`` (:func:`tnoc.search.index.clearance_rank`) bearing the facet
    values of ``filters`` (:func:`facet_filter`); ``present``: whether a folded token
    is a name token of the index (:func:`fuzzy_distance`)."""
    t = _tantivy()
    q = t.Query
    occurs = {"must": t.Occur.Must, "should": t.Occur.Should, "not": t.Occur.MustNot}
    clauses = _clauses(text)
    if not any(occur != "not" for occur, _ in clauses):
        raise TnocError(f"the query {text!r} names nothing to look for (only exclusions)")
    parts = [(occurs[occur], _phrase(schema, term.strip('"'), present)
              if term.startswith('"') else _word(schema, term, present))
             for occur, term in clauses]
    should = [p for occur, p in parts if occur == t.Occur.Should]
    terms = [(o, p) for o, p in parts if o != t.Occur.Should]
    if should:
        terms.append((t.Occur.Must, q.boolean_query([(t.Occur.Should, p) for p in should])))
    matched = q.boolean_query(terms)
    whole = identifier_key(text)
    if len(clauses) > 1 and whole:  # an identifier typed with spaces: "GB29 NWBK ..."
        matched = q.boolean_query([
            (t.Occur.Should, matched),
            (t.Occur.Should, _boost(q.term_query(schema, "identifier_key", whole),
                                    "identifier"))])
    visible = visible_query(schema, rank)
    kept = facet_filter(schema, filters or {})
    if kept is not None:
        visible = q.boolean_query([(t.Occur.Must, visible), (t.Occur.Must, kept)])
    return q.boolean_query([(t.Occur.Must, matched),
                            (t.Occur.Must, q.const_score_query(visible, 0.0))])


def _near(typed: str, token: str) -> bool:
    """Whether a name ``token`` is what the typed token matched: the same, its start,
    within the fuzzy distance, or the same Metaphone key."""
    import jellyfish

    if token.startswith(typed):
        return True
    distance = 2 if len(typed) >= 8 else 1 if len(typed) >= 4 else 0
    if distance and jellyfish.damerau_levenshtein_distance(typed, token) <= distance:
        return True
    return phonetic_keys([typed]) == phonetic_keys([token]) != []


def _matched(doc: dict[str, list[Any]], text: str) -> tuple[str, str]:
    """What shows why ``doc`` matched ``text``: (``identifier``, the identifier), or
    (``name``, the name most of the typed words match), else (``text``, ""): the words
    were found in an address or a text, which the index does not keep."""
    key = identifier_key(text)
    for value in doc.get("identifiers", []):
        if key and key in identifier_key(str(value)):
            return "identifier", str(value)
    wanted = name_tokens(text)
    scored = [(sum(any(_near(w, t) for t in name_tokens(str(n))) for w in wanted), str(n))
              for n in doc.get("names", [])]
    score, best = max(scored, key=lambda s: s[0], default=(0, ""))
    return ("name", best) if score else ("text", "")


def _date(number: float | None) -> str | None:
    if number is None:
        return None
    n = int(number)
    return f"{n // 10_000:04d}-{n // 100 % 100:02d}-{n % 100:02d}"


_OPENED: dict[str, tuple[tuple[int, int, int], Any, Any]] = {}
"""The index and its searcher opened per case folder in this process, with the identity
of the index's meta file when opened: a long-running face (the web workspace) opens
them once, not per query."""


def _opened_with_searcher(root: Path) -> tuple[Any, Any]:
    """The case's index and a searcher over its segments, opened once per process and
    again when the index was rebuilt (a new folder) or committed to: tantivy writes
    ``meta.json`` anew (a new file renamed over the old) at every commit, so its identity
    (inode, time, size) changes exactly when the segments do."""
    from tnoc.search.index import INDEX_DIR, open_index

    meta = Path(root) / INDEX_DIR / "meta.json"
    stat = meta.stat()
    identity = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    key = str(root)
    cached = _OPENED.get(key)
    if cached is None or cached[0] != identity:
        index = open_index(root)
        cached = (identity, index, index.searcher())
        _OPENED[key] = cached
    return cached[1], cached[2]


def _opened(root: Path) -> Any:
    return _opened_with_searcher(root)[0]


def _searcher(root: Path) -> Any:
    return _opened_with_searcher(root)[1]


def searcher_schema(root: Path) -> Any:
    """The schema of the case's index (for building queries)."""
    return _opened(root).schema


def search_index(root: Path, text: str, rank: int, *, limit: int = 50, offset: int = 0,
                 facets: bool = True, labels: dict[str, dict[str, str]] | None = None,
                 filters: dict[str, list[str]] | None = None,
                 facet_size: int = FACET_SIZE) -> SearchResult:
    """Search the index of the case at ``root`` for ``text`` with clearance ``rank``:
    ``limit`` hits from ``offset``, best first, each with ``canonical_id``,
    ``schema``, ``caption``, ``score``, ``matched`` (``identifier``, ``name`` or
    ``text``) and ``value`` (the value that matched); the total number of entities
    found; and the facet counts over all of them, each bucket with its ``value``, its
    ``label`` (from ``labels``: facet -> value -> what to show, e.g. a source's file
    name) and its ``count`` of entities. ``filters`` (facet -> values) keeps the
    entities bearing those facet values (:func:`facet_filter`); each facet lists its
    ``facet_size`` most frequent values, the rest counted in ``facets_more``."""
    labels = labels or {}
    if not text.strip():
        raise TnocError("nothing to search for: give a name, an identifier or words")
    if limit < 0 or offset < 0:
        raise TnocError("the page's size and offset must not be negative")
    index, searcher = _opened_with_searcher(root)
    schema = index.schema

    def present(token: str) -> bool:
        return bool(searcher.doc_freq("name_folded", token))

    query = build_query(schema, text, rank, filters, present)
    # one pass over every matching document counts them and keeps the best of the page
    # and those before it; the facets then count the same documents again, by fast
    # fields: found whole (all on the page) by their entity ids, a cheap query, else by
    # the query itself, a second pass (its fuzzy automata are the cost, see the module)
    page = limit + offset
    if page > PAGE_AT_ONCE:  # "every hit": counted first, so as not to hold room for more
        page = min(page, int(searcher.search(query, limit=1, count=True).count or 0))
    found = searcher.search(query, limit=max(page, 1), count=True)
    total = int(found.count or 0)
    first = offset if total > page else 0  # every hit's document, when all are here
    docs = [searcher.doc(address).to_dict() for _score, address in found.hits[first:page]]
    counts: dict[str, dict[str, int]] = {}
    beyond: dict[str, int] = {}
    days: tuple[Any, Any] = (None, None)
    if facets and total:
        counts, beyond, days = (_page_facets(docs) if total <= page else
                                _aggregated_facets(searcher, query))
    hits = []
    for (score, _address), doc in zip(found.hits[offset:page], docs[offset - first:],
                                      strict=True):
        matched, value = _matched(doc, text)
        hits.append({"canonical_id": doc["entity_id"][0], "schema": doc["schema"][0],
                     "caption": doc["caption"][0], "score": round(float(score), 3),
                     "datasets": sorted(doc.get("dataset", [])),
                     "matched": matched, "value": value})
    result = SearchResult(total, hits)
    if facets and result.total:
        for f in FACETS:
            ranked = sorted(counts.get(f, {}).items(), key=lambda b: (-b[1], b[0]))
            result.facets[f] = [{"value": key, "label": labels.get(f, {}).get(key, key),
                                 "count": n} for key, n in ranked[:facet_size]]
            result.facets_more[f] = sum(n for _key, n in ranked[facet_size:]) + \
                beyond.get(f, 0)
        result.dates = {"first": _date(days[0]), "last": _date(days[1])}
    return result


FACET_VALUES = 10_000
"""The buckets asked of tantivy's terms aggregation per facet: all of them in any case
seen (it keeps the first ``size`` by count, in no set order among equal counts, and
cuts each segment to ten times that, which would make the counts of rarer values
inexact), so that the facets listed and the rest are chosen here, ties by value, the
same whichever way the hits were counted. Values beyond that many are counted in
``facets_more`` from tantivy's sum of the others."""


def _aggregated_facets(searcher: Any, query: Any) -> tuple[
        dict[str, dict[str, int]], dict[str, int], tuple[Any, Any]]:
    """Per facet, the entities matching ``query`` under each value and under values
    beyond :data:`FACET_VALUES`, and the earliest and latest date, by tantivy's
    aggregations over the fast fields: a second pass over the matching documents (the
    hits did not all fit on the page)."""
    spec: dict[str, Any] = {f: {"terms": {"field": f, "size": FACET_VALUES}}
                            for f in FACETS}
    spec["dates"] = {"stats": {"field": "date"}}
    aggregated = searcher.aggregate(query, spec)
    counts = {f: {str(b["key"]): int(b["doc_count"])
                  for b in aggregated.get(f, {}).get("buckets", [])} for f in FACETS}
    beyond = {f: int(aggregated.get(f, {}).get("sum_other_doc_count") or 0)
              for f in FACETS}
    stats = aggregated.get("dates") or {}
    return counts, beyond, (stats.get("min"), stats.get("max"))


def _page_facets(docs: list[dict[str, list[Any]]]) -> tuple[
        dict[str, dict[str, int]], dict[str, int], tuple[Any, Any]]:
    """What :func:`_aggregated_facets` counts, from the stored documents of every hit
    (all on the page): a second pass would cost more than the documents' own fields
    (about 0.3 ms of seven aggregations over the segments, whatever the hits)."""
    counts: dict[str, dict[str, int]] = {f: {} for f in FACETS}
    days: list[int] = []
    for doc in docs:
        for f in FACETS:
            bucket = counts[f]
            for value in {str(v) for v in doc.get(f, ())}:
                bucket[value] = bucket.get(value, 0) + 1
        days += (int(d) for d in doc.get("date", ()))
    return counts, {}, ((min(days), max(days)) if days else (None, None))

