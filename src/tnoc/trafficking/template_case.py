"""Template clusters of the listing texts a case holds, kept in it (issue #25, items 4
and 5).

**Reading** (:func:`case_texts`): every entity of a listing schema
(:data:`LISTING_SCHEMATA`: darknet listings, from any mapping that states them, e.g.
``agora_listings`` and ``agora_vendor_pages``) of the sources read, its text and its
author, once per row of its file it was read from (a listing seen on several rows has
a text on each): the text is the properties ``text`` names joined by a space (default:
the listing's ``description`` when it has one, else its ``title``, so a crawl of titles
and a crawl of vendor pages are read alike); the author is the ``vendor`` account's
username (its id when it has none). Texts are taken in the order of their source's
file and row, so a case holding one file reads the texts ``tnoc trafficking templates
FILE`` reads, in its order (a test checks it). One
author's identical texts count once (as the file reader drops them), but every listing
entity that carried the text is a member of the cluster it falls in: each one's
dossier says so.

**Clustering**: :func:`tnoc.trafficking.templates.find_templates`, the one code the
file command runs.

**Keeping** (:func:`save_templates`): as the other modern-slavery results
(:mod:`tnoc.trafficking.case`), through :func:`tnoc.store.derived.add_analysis`: the
clusters as ``analyses/template-clusters-RUN.json`` (every cluster's template, members,
authors and bits saved), registered as a source with the parameters and the strictest
handling code of the sources read (never looser than TLP:AMBER), an ``analysed``
custody entry, and statements of

* ``TemplateClusters``: the run's figures (listings, clusters, coverage, purity against
  the author) and its largest clusters, for the threat assessment;
* ``TemplateCluster``: one per cluster, its number, size, main author and share, bits
  saved and template text, whose ``member`` points at every listing in it (so a
  listing's dossier reads "template cluster 3 of 41, 12 listings, template ...").

The same result from the same sources and parameters is kept once
(:func:`tnoc.store.derived.earlier_run`); a later run on the same texts and setting
supersedes an earlier one in the dossier (:data:`tnoc.store.dossier.LATEST_OF`) and
in the report (:func:`tnoc.malware.case.kept_results`, the latest of each name).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from tnoc.errors import TnocError
from tnoc.store.derived import DerivedStatement, add_analysis
from tnoc.store.reads import sources_of_entities
from tnoc.trafficking.templates import Clustering, Listing, Listings

LISTING_SCHEMATA = ("DarknetListing",)
"""The schemata whose entities are listings or advertisements with a text."""
TEXT_PROPERTIES = ("description", "title")
"""The text properties of a listing; by default the first a listing has."""
AUTHOR_PROPERTY = "vendor"
"""The listing's property naming who posted it (an account)."""
LARGEST = 10
"""Clusters named in a kept ``TemplateClusters`` summary."""
TEMPLATE_CHARS = 500
"""A template's text is kept in a statement up to this many characters (the whole
text is in the run's JSON)."""


@dataclass(frozen=True)
class CaseTexts:
    """The listing texts of a case as the clustering reads them (``listings``, one item
    per author and text) and, per item, the listing entities that carried it."""

    listings: Listings
    entities: list[tuple[str, ...]]
    sources: list[str]
    """The sources read: the listings' and those of the accounts and products they name."""
    text: str
    """How the text was read: ``description, else title`` or the properties joined."""


def text_sources(con: duckdb.DuckDBPyConnection, chosen: Sequence[str] | None = None
                 ) -> list[str]:
    """The sources ``tnoc trafficking templates --case`` reads: those stating listings
    (of ``chosen`` source ids when given) and those of the entities the listings name
    (their vendor's username is the author). Sorted; empty when the case has none."""
    listing = [str(s) for s, in con.execute(
        "SELECT DISTINCT source_id FROM statements WHERE list_contains($schemata, schema) "
        "ORDER BY 1", {"schemata": list(LISTING_SCHEMATA)}).fetchall()]
    if chosen:
        listing = [s for s in listing if s in set(chosen)]
    if not listing:
        return []
    return sources_of_entities(con, LISTING_SCHEMATA, listing)


_TEXTS_SQL = """
SELECT s.canonical_id, any_value(src.file_name), s.source_id,
       list([CAST(coalesce(try_cast(regexp_extract(s.locator, '(\\d+)', 1) AS BIGINT), 0)
                  AS VARCHAR), s.prop, s.value]) AS stated
FROM statements s JOIN sources src USING (source_id)
WHERE list_contains($schemata, s.schema) AND list_contains($sources, s.source_id)
  AND s.flag IS NULL AND list_contains($props, s.prop)
GROUP BY s.canonical_id, s.source_id
"""


def _rows_of(stated: Sequence[Sequence[str]], props: Sequence[str]
             ) -> list[tuple[int, dict[str, str]]]:
    """A listing's values as each row of its file gave them: the intake keeps a value
    once, at the first row that stated it (a listing seen on several rows restates
    only what changed), so a row's values are those it stated over those of the rows
    before it, and a property no row before stated takes the listing's first value.
    One entry per row that stated one of ``props``, in row order."""
    by_row: dict[int, dict[str, str]] = {}
    for at, prop, value in sorted(stated, key=lambda x: (int(x[0]), x[1], x[2])):
        by_row.setdefault(int(at), {}).setdefault(prop, value)
    first: dict[str, str] = {}
    for values in by_row.values():
        for prop, value in values.items():
            first.setdefault(prop, value)
    out: list[tuple[int, dict[str, str]]] = []
    current = dict(first)
    for row, values in sorted(by_row.items()):
        current.update(values)
        if any(p in values for p in props):
            out.append((row, dict(current)))
    return out


def case_texts(con: duckdb.DuckDBPyConnection, sources: Sequence[str],
               text: Sequence[str] | None = None) -> CaseTexts:
    """The listing texts of ``sources`` (module docstring); ``text``: the listing
    properties to join (None: description, else title). Raises :class:`TnocError` when
    no listing has any text."""
    props = list(text) if text else list(TEXT_PROPERTIES)
    found = con.execute(_TEXTS_SQL, {"schemata": list(LISTING_SCHEMATA),
                                     "sources": list(sources),
                                     "props": [*props, AUTHOR_PROPERTY]}).fetchall()
    rows = sorted(((str(file), str(source), row, str(entity), values)
                   for entity, file, source, stated in found
                   for row, values in _rows_of(stated, props)),
                  key=lambda r: r[:4])
    names = _usernames(con, sources, {v[AUTHOR_PROPERTY] for *_, v in rows
                                      if v.get(AUTHOR_PROPERTY)})
    items: list[Listing] = []
    carried: list[list[str]] = []
    index: dict[tuple[str | None, str], int] = {}
    duplicates = 0
    for number, (_file, _source, _row, entity, values) in enumerate(rows, start=1):
        if text:
            body = " ".join((values.get(p) or "").strip() for p in props)
        else:  # as the file reader takes a text (tnoc.trafficking.templates)
            body = next((values[p].strip() for p in TEXT_PROPERTIES
                         if (values.get(p) or "").strip()), "")
        body = body.strip()
        if not body:
            continue
        account = values.get(AUTHOR_PROPERTY)
        author = None if account is None else names.get(account, account)
        key = (author, body)
        if key in index:
            duplicates += 1
            carried[index[key]].append(entity)
            continue
        index[key] = len(items)
        items.append(Listing(number, author, body))
        carried.append([entity])
    how = " + ".join(props) if text else "description, else title"
    if not items:
        raise TnocError(f"no listing of the case has any text ({how}); "
                        "'tnoc sources' lists what the case holds")
    files = sorted({str(r[0]) for r in rows})
    return CaseTexts(Listings(", ".join(files), items, duplicates),
                     [tuple(dict.fromkeys(c)) for c in carried], list(sources), how)


def _usernames(con: duckdb.DuckDBPyConnection, sources: Sequence[str],
               accounts: set[str]) -> dict[str, str]:
    """The username of each account id in ``accounts`` (as stated by ``sources``, the
    account merged or not), for those that have one."""
    if not accounts:
        return {}
    return {str(k): str(v) for k, v in con.execute(
        "SELECT a.id, min(s.value) FROM (SELECT unnest($ids) AS id) a "
        "LEFT JOIN canonical_map m ON m.entity_id = a.id "
        "JOIN statements s ON s.canonical_id = coalesce(m.canonical_id, a.id) "
        "WHERE s.schema = 'UserAccount' AND s.prop = 'username' AND s.flag IS NULL "
        "AND list_contains($sources, s.source_id) GROUP BY 1",
        {"ids": sorted(accounts), "sources": list(sources)}).fetchall()}


def _run_id(parameters: dict[str, Any], at: datetime) -> str:
    return hashlib.sha256(json.dumps(["template-clusters", parameters, at.isoformat()],
                                     sort_keys=True, default=str).encode()).hexdigest()[:12]


def _short(text: str) -> str:
    return text if len(text) <= TEMPLATE_CHARS else text[:TEMPLATE_CHARS - 1] + "…"


def save_templates(con: duckdb.DuckDBPyConnection, root: Path, texts: CaseTexts,
                   found: Clustering) -> str:
    """Keep the template clusters ``found`` in ``texts`` (see the module); returns the
    run id (an earlier run's when it kept the same result)."""
    at = datetime.now(UTC)
    items = texts.listings.items
    parameters: dict[str, Any] = {
        "setting": found.setting.value, "text": texts.text, "sources": texts.sources,
        "schemata": list(LISTING_SCHEMATA), "author": f"{AUTHOR_PROPERTY} (username)"}
    run_id = _run_id(parameters, at)
    total = len(found.clusters)
    purity = found.purity()
    statements: list[DerivedStatement] = []
    clusters: list[dict[str, Any]] = []
    largest: list[str] = []
    for number, cluster in enumerate(found.clusters, start=1):
        cid = f"template-cluster-{run_id}-{number}"
        members = sorted({e for m in cluster.members for e in texts.entities[m]})
        authors = Counter(items[m].author for m in cluster.members if items[m].author)
        main, main_count = authors.most_common(1)[0] if authors else (None, 0)
        template = items[cluster.template].text
        size = len(cluster.members)
        share = main_count / size
        values: list[tuple[str, str]] = [
            ("id", cid),
            ("name", f"template cluster {number} of {total}: {size:,} listing texts"
                     + (f", {share:.0%} by {main}" if main else "")),
            ("cluster", str(number)), ("clusters", str(total)), ("size", str(size)),
            ("listings", str(len(members))), ("authors", str(len(authors))),
            ("template", _short(template)), ("setting", found.setting.value),
            ("textField", texts.text), ("corpus", texts.listings.source),
            *(("sourcesRead", s) for s in texts.sources),
            *(("member", e) for e in members)]
        if main is not None:
            values += [("mainAuthor", main), ("mainAuthorShare", f"{share:.4f}")]
        if found.setting.value == "precision":
            values.append(("bitsSaved", f"{cluster.bits_saved:.1f}"))
        statements += [DerivedStatement(cid, "TemplateCluster", p, v, f"cluster {number}")
                       for p, v in values]
        if number <= LARGEST:
            largest.append(f"{number}. {size:,} listing texts"
                           + (f", {share:.0%} by {main}" if main else "")
                           + f": {_short(template)[:160]}")
        clusters.append({
            "cluster": number, "template_entities": list(texts.entities[cluster.template]),
            "template": template, "bits_saved": cluster.bits_saved, "members": members,
            "authors": dict(authors.most_common())})
    sid = f"template-clusters-{run_id}"
    summary = [
        ("id", sid),
        ("name", f"Template clusters ({found.setting.value}) in {len(items):,} listing "
                 f"texts of {texts.listings.source}"),
        ("setting", found.setting.value), ("textField", texts.text),
        ("corpus", texts.listings.source), ("texts", str(len(items))),
        ("duplicatesDropped", str(texts.listings.duplicates)),
        ("clusters", str(total)), ("clustered", str(found.clustered)),
        ("coverage", f"{found.coverage:.4f}"), ("coarseGroups", str(found.coarse)),
        *(("sourcesRead", s) for s in texts.sources),
        *(("largest", text) for text in largest)]
    if purity is not None:
        summary.append(("clusterPurity", f"{purity:.4f}"))
    statements += [DerivedStatement(sid, "TemplateClusters", p, v, "run") for p, v in summary]
    payload: dict[str, object] = {
        "run_id": run_id, "parameters": parameters, "corpus": texts.listings.source,
        "texts": len(items), "duplicates_dropped": texts.listings.duplicates,
        "coarse_groups": found.coarse, "clustered": found.clustered,
        "coverage": found.coverage, "cluster_purity": purity, "clusters": clusters}
    kept = add_analysis(con, root, "template-clusters", run_id, payload, statements,
                        texts.sources, command="trafficking templates", repeat=False)
    return kept.removeprefix("analysis-template-clusters-")  # an earlier run's, if the same
