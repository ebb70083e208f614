"""Screening: the case's entities against sanctions and watch lists in the store.

A *list* is a dataset that lists: a published list (OFAC SDN, the OFAC address lists,
GraphSense tags, Ransomwhere, the ransomware address and payment files), a dataset most
of whose parties are listed by its own sanctions or risk attributions (see
:data:`LIST_SHARE`: one Sanction in a file of seized records does not make it a list),
or one named with ``--list``; by default every list the case holds is screened against.
Which datasets were taken as lists, why, and how many parties that left out of the
subjects is part of the result (:class:`ListDecision`), the ledger entry and the
command's output. A *subject* is a party (an entity of a matchable schema: person, company,
vessel, aircraft, account, wallet; never a link or an event such as an Ownership, a
Sanction or a Call) that the case's own material states, i.e. a dataset that is no list.
A list entry is therefore never screened, against its own list or another: OFAC's
address list is no hit on OFAC's SDN list, and no entity is reported as a hit on itself.

Names go through the same machinery as resolution (:mod:`tnoc.resolve.names`): every
name, alias, previous name and weak alias of both sides, transliterated from other
scripts, legal forms unified. A subject is a hit when

* it is itself stated by a list (the same wallet address in a seized-phone export and
  on the OFAC list has one entity id): score 1.0, the reason naming the case's datasets
  that state it;
* its crypto address equals a listed address in another spelling (EVM case): 1.0;
* one of its names equals a listed name after normalisation, in any word order
  ("Xiaobing Yan" ~ "YAN, Xiaobing"): 0.97; the same but for the legal form, or for
  the spacing ("Ali Khorashadi Zadeh" ~ "KHORASHADIZADEH, Ali"): 0.95;
* every word of one of its names is close to a word of a listed name (Jaro-Winkler >=
  0.9 each, or one letter off in longer words, both ways: transliterations, typos): 0.93
  x the similarity of the names;
* every word of the shorter name (two words or more) is close to a word of the longer
  ("Ustinov Vladimir" within "USTINOV, Vladimir Vasilyevich"): 0.9 x the share of the
  longer name's words it covers.

A whole-name similarity alone is not enough: "VM HOLDING" and "T1 HOLDING" share most
letters of their sorted words and nothing else.

A name is only compared with listed names that share a *rare* word with it (one that
fewer than ``max_token_names`` listed names contain): "Mohammed" alone finds nobody. A
match on a listed *weak* alias (OFAC's nicknames and generic aliases, which OFAC does
not expect anyone to screen on alone) scores 0.6 of the above and says so. The same
birth date or country adds 0.03 each, and the reason says so. Screening against no list
is an error, not a clean result. Only entities that can be one object are
compared (a person is not screened against a company's name). Each hit says which list
entity, which of its names and of what kind, and why.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import NamedTuple

import duckdb
import pyarrow as pa

from tnoc import __version__
from tnoc.errors import TnocError
from tnoc.ledger.custody import record_analysis
from tnoc.resolve.dialects import WORD_SIMILARITY, ListSql
from tnoc.resolve.names import KIND_LABELS, name_rows
from tnoc.resolve.schemata import candidate_schema, compatible_pairs
from tnoc.store.query import scalar
from tnoc.store.resolution_tables import ensure
from tnoc.store.schema import DEEPEST_SCHEMA_SQL

__all__ = ["DEFAULT_LISTS", "LIST_SHARE", "ListDecision", "ScreeningHit", "ScreeningResult",
           "list_decisions", "run_hits", "screen"]

DEFAULT_LISTS = ("ofac_sdn", "ofac_crypto", "graphsense_tags", "ransomwhere",
                 "ransomware_receipts")
WEAK_FACTOR = 0.6
_WORDS = ListSql("duckdb")

DDL = """
CREATE TABLE IF NOT EXISTS screening_hits (
    run_id VARCHAR NOT NULL,
    subject_id VARCHAR NOT NULL,
    list_entity_id VARCHAR NOT NULL,
    list_dataset VARCHAR NOT NULL,
    score DOUBLE NOT NULL,
    reason VARCHAR NOT NULL,
    details JSON
);
"""

LISTING_SCHEMATA = ("Sanction", "Risk")
"""What makes a dataset a list: it states listings or attributions of entities (OFAC's
``Sanction``; the ``Risk`` of the OFAC address list, GraphSense tags and the ransomware
address files), the same test :mod:`tnoc.money.attribution` uses."""

LIST_SHARE = 0.5
"""A dataset that states listings is a list when more than this share of its parties are
listed by it (the ``entity`` of one of its Sanction or Risk statements). On the real
lists of ``examples/data`` the share is 98-100%: OFAC's SDN list of 2024 lists 14,965 of
its 15,251 parties (the rest are wallets named in its remarks), the OFAC address list,
GraphSense's tag packs and the ransomware address files list every wallet they hold.
Case material that merely includes a listing (an FtM export of seized records with one
Sanction in it) lists a handful of its parties: under an "any one Sanction" rule its
hundreds of people would silently not be screened at all."""

LISTING_DATASETS_SQL = """
SELECT DISTINCT dataset FROM statements
WHERE schema IN $listing AND dataset IS NOT NULL ORDER BY 1
"""

# per dataset: its parties, and how many of them its own Sanction or Risk statements list
LISTED_SHARE_SQL = """
WITH parties AS (
    SELECT DISTINCT dataset, entity_id FROM statements
    WHERE dataset IN $datasets AND schema IN $parties
), targets AS (
    SELECT DISTINCT dataset, value AS entity_id FROM statements
    WHERE dataset IN $datasets AND schema IN $listing AND prop = 'entity' AND flag IS NULL
)
SELECT p.dataset, count(*) AS parties, count(t.entity_id) AS listed
FROM parties p LEFT JOIN targets t USING (dataset, entity_id)
GROUP BY p.dataset
"""

# parties of each list that no other (non-list) dataset states: what the lists leave out
# of the subjects
LEFT_OUT_SQL = """
SELECT s.dataset, count(DISTINCT s.canonical_id) FROM statements s
JOIN scr_ents e ON e.id = s.canonical_id
WHERE s.dataset IN $listing AND NOT e.subject AND e.schema IN $parties
GROUP BY ALL
UNION ALL
SELECT NULL, count(DISTINCT id) FROM scr_ents WHERE NOT subject AND schema IN $parties
"""

# An entity is a *subject* when a dataset that is no list at all (seized material,
# records, transactions) states it: a list entry is never screened, against its own list
# or another (OFAC's address list is not a "hit" on OFAC's SDN list). It is *listed*
# when one of the lists screened against states it. Its schema is the most specific
# one stated (Company over Organization).
ENTITIES_SQL = f"""
CREATE OR REPLACE TEMP TABLE scr_ents AS
SELECT s.canonical_id AS id, {DEEPEST_SCHEMA_SQL} AS schema,
       bool_or(s.dataset IN $lists) AS listed,
       bool_or(s.dataset NOT IN $listing) AS subject,
       list(DISTINCT s.dataset ORDER BY s.dataset) FILTER (WHERE s.dataset IN $lists)
           AS list_datasets,
       list(DISTINCT s.dataset ORDER BY s.dataset)
           FILTER (WHERE s.dataset NOT IN $listing) AS subject_datasets
FROM statements s LEFT JOIN schemata sc ON sc.name = s.schema
GROUP BY s.canonical_id
"""

# the subjects screened: entities a non-list dataset states whose schema can be one
# party (FtM matchable: people, companies, vessels, aircraft, accounts, wallets), never
# a link or an event (Ownership, Sanction, Call, Payment)
SUBJECTS_SQL = """
CREATE OR REPLACE TEMP TABLE scr_subjects AS
SELECT * FROM scr_ents WHERE subject AND schema IN $parties
"""

PAIRS_SQL = """
CREATE OR REPLACE TEMP TABLE scr_tok AS
SELECT DISTINCT entity_id AS id, full_name, from_list, unnest(string_split(core, ' ')) AS token
FROM scr_names;

CREATE OR REPLACE TEMP TABLE scr_pairs AS
WITH common AS (
    SELECT token FROM scr_tok WHERE from_list GROUP BY token
    HAVING count(*) > $max_token_names OR length(token) < 2
)
SELECT DISTINCT s.id AS sid, s.full_name AS sname, l.id AS lid, l.full_name AS lname
FROM scr_tok s JOIN scr_tok l ON s.token = l.token AND l.from_list AND NOT s.from_list
JOIN scr_subjects es ON es.id = s.id AND NOT es.listed
WHERE s.id <> l.id AND s.token NOT IN (SELECT token FROM common)
UNION
-- the same letters in other spacing ("Khorashadi Zadeh" ~ "KHORASHADIZADEH")
SELECT s.entity_id, s.full_name, l.entity_id, l.full_name
FROM scr_names s JOIN scr_names l ON s.squashed = l.squashed AND l.from_list
JOIN scr_subjects es ON es.id = s.entity_id AND NOT es.listed
WHERE NOT s.from_list AND s.entity_id <> l.entity_id AND length(s.squashed) >= 6;

CREATE OR REPLACE TEMP TABLE scr_facts AS
SELECT canonical_id AS id,
       list(DISTINCT value) FILTER (WHERE prop = 'birthDate') AS births,
       list(DISTINCT value) FILTER (WHERE prop IN ('nationality', 'citizenship', 'country'))
         AS countries
FROM statements WHERE flag IS NULL GROUP BY canonical_id
"""


HITS_SQL = f"""
INSERT INTO screening_hits
-- 1. the subject entity is itself stated by a list (the case's own record of it, from
--    a dataset that is no list, names the same entity as the list does)
SELECT $run, e.id, e.id, unnest(e.list_datasets), 1.0,
       'the same entity is on the list (the case has it from '
       || array_to_string(e.subject_datasets, ', ') || ')',
       json_object('subject_datasets', e.subject_datasets)
FROM scr_subjects e WHERE e.listed
UNION ALL
-- 2. a crypto address equal to a listed one in another spelling
SELECT DISTINCT $run, a.canonical_id, b.canonical_id, b.dataset, 1.0,
       'same crypto address ' || lower(a.value), NULL
FROM statements a JOIN statements b ON lower(a.value) = lower(b.value)
     AND a.canonical_id <> b.canonical_id
JOIN scr_subjects e ON e.id = a.canonical_id
WHERE a.prop = 'publicKey' AND b.prop = 'publicKey' AND a.flag IS NULL AND b.flag IS NULL
  AND a.dataset NOT IN $listing AND b.dataset IN $lists
UNION ALL
-- 3. names: the same (any word order), the same but the legal form, every word close,
--    every word of the shorter within the longer
SELECT $run, subject, listed, dataset, least(1.0, base * (CASE WHEN weak THEN {WEAK_FACTOR}
       ELSE 1 END) + 0.03 * births + 0.03 * countries),
       how || ': ' || sname || ' ~ ' || lname
       || CASE WHEN weak THEN ' (a weak alias on the list)' ELSE '' END
       || CASE WHEN births = 1 THEN '; same birth date' ELSE '' END
       || CASE WHEN countries = 1 THEN '; same country' ELSE '' END,
       json_object('subject_name', sname, 'subject_kind', skind, 'list_name', lname,
                   'list_kind', lkind, 'similarity', round(sim, 3), 'level', how,
                   'same_birth_date', births = 1, 'same_country', countries = 1)
FROM (
    SELECT p.sid AS subject, p.lid AS listed, ns.name AS sname, nl.name AS lname,
           ns.kind AS skind, nl.kind AS lkind, nl.weak AS weak,
           list_min(el.list_datasets) AS dataset,
           jaro_winkler_similarity(ns.name_key, nl.name_key) AS sim,
           array_length(ns.tokens) AS size_s, array_length(nl.tokens) AS size_l,
           {{matched_s}} AS matched_s, {{matched_l}} AS matched_l,
           CASE WHEN ns.full_name = nl.full_name OR ns.name_key = nl.name_key
                     THEN 'same name'
                WHEN ns.core = nl.core THEN 'same name but the legal form'
                WHEN ns.squashed = nl.squashed THEN 'same name but the spacing'
                WHEN matched_s = size_s AND matched_l = size_l THEN 'similar name'
                WHEN least(size_s, size_l) >= 2
                     AND (matched_s = size_s OR matched_l = size_l) THEN 'name within'
                END AS how,
           CASE how WHEN 'same name' THEN 0.97
                    WHEN 'same name but the legal form' THEN 0.95
                    WHEN 'same name but the spacing' THEN 0.95
                    WHEN 'similar name' THEN round(0.93 * sim, 3)
                    ELSE round(0.9 * least(size_s, size_l) / greatest(size_s, size_l), 3)
                    END AS base,
           CASE WHEN len(list_intersect(fs.births, fl.births)) > 0 THEN 1 ELSE 0 END AS births,
           CASE WHEN len(list_intersect(fs.countries, fl.countries)) > 0 THEN 1 ELSE 0 END
               AS countries
    FROM scr_pairs p
    JOIN scr_ents el ON el.id = p.lid
    JOIN scr_names ns ON ns.entity_id = p.sid AND ns.full_name = p.sname AND NOT ns.from_list
    JOIN scr_names nl ON nl.entity_id = p.lid AND nl.full_name = p.lname AND nl.from_list
    JOIN scr_compat c ON c.a = ns.schema AND c.b = nl.schema
    LEFT JOIN scr_facts fs ON fs.id = p.sid
    LEFT JOIN scr_facts fl ON fl.id = p.lid
)
WHERE how IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY subject, listed
                           ORDER BY base * (CASE WHEN weak THEN {WEAK_FACTOR} ELSE 1 END)
                                    + 0.03 * births + 0.03 * countries DESC, sname, lname) = 1
"""


@dataclass(frozen=True)
class ListDecision:
    """Whether a dataset was taken as a list (its parties not screened) and why."""

    dataset: str
    is_list: bool
    why: str
    """"named with --list", "a published list (tnoc's list mapping)", or the share of
    its parties its own Sanction/Risk statements list."""
    parties: int = 0
    listed: int = 0
    left_out: int = 0
    """Its parties left out of the subjects because it is a list (those no dataset of
    the case's own material also states)."""


@dataclass
class ScreeningResult:
    """One screening run."""

    run_id: str
    subjects: int
    """Entities screened: parties (people, companies, vessels, accounts, wallets...) the
    case's own material states; list entries, links and events are not counted."""
    hits: int
    subjects_by_schema: dict[str, int] = field(default_factory=dict)
    lists: tuple[str, ...] = ()
    """The lists screened against."""
    decisions: tuple[ListDecision, ...] = ()
    """Every dataset taken as a list, and every one that states a listing but was
    screened as case material, with why."""
    left_out: int = 0
    """Parties not screened because only lists state them."""


class ScreeningHit(NamedTuple):
    """One hit of a screening run: a subject of the case's own material and the list
    entry it matches, with the list, the score and the reason in words."""

    subject_id: str
    list_entity_id: str
    list_dataset: str
    score: float
    reason: str


def run_hits(con: duckdb.DuckDBPyConnection, run_id: str, limit: int | None = None
             ) -> list[ScreeningHit]:
    """The hits of screening run ``run_id``, strongest first (ties by subject id), the
    first ``limit`` (None: all); the listing a screen prints."""
    return [ScreeningHit(*r) for r in con.execute(
        "SELECT subject_id, list_entity_id, list_dataset, score, reason FROM "
        "screening_hits WHERE run_id = ? ORDER BY score DESC, subject_id LIMIT ?",
        [run_id, 2**62 if limit is None else limit]).fetchall()]


def _names(con: duckdb.DuckDBPyConnection) -> None:
    """``scr_names``: every name of every entity that can be one object, marked list or
    subject, with its kind's label and its words."""
    schemata = [str(r[0]) for r in con.execute("SELECT DISTINCT schema FROM scr_ents"
                                               ).fetchall()]
    names = name_rows(con, [s for s in schemata if candidate_schema(s)])
    labels = pa.table({"kind": list(KIND_LABELS), "label": list(KIND_LABELS.values())})
    con.register("scr_raw_names", names)
    con.register("scr_labels", labels)
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE scr_names AS SELECT n.* REPLACE (l.label AS kind), "
            "coalesce(e.listed, false) AS from_list, "
            "list_sort(list_distinct(string_split(n.core, ' '))) AS tokens, "
            "replace(n.name_key, ' ', '') AS squashed "
            "FROM scr_raw_names n JOIN scr_labels l USING (kind) "
            "LEFT JOIN scr_ents e ON e.id = n.entity_id")
    finally:
        con.unregister("scr_raw_names")
        con.unregister("scr_labels")


def _check_lists(con: duckdb.DuckDBPyConnection, lists: tuple[str, ...],
                 named: bool) -> None:
    """Refuse to screen against nothing: a named list the case does not hold, or no
    list at all (0 hits would read as a clean result)."""
    present = {str(r[0]) for r in con.execute("SELECT DISTINCT dataset FROM sources"
                                              ).fetchall()}
    missing = [name for name in lists if name not in present]
    if (named and missing) or not set(lists) & present:
        what = f"no list {', '.join(missing)} in this case" if named and missing else \
            "no watch list in this case"
        raise TnocError(f"{what}: take one in first (e.g. tnoc ingest ofac_sdn FILE) or name "
                        f"one with --list; datasets here: {', '.join(sorted(present)) or 'none'}")


def _party_schemata(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The schemata of the case whose entities can be one party (FtM matchable, no
    link): people, companies, vessels, accounts, wallets."""
    return [str(r[0]) for r in con.execute("SELECT DISTINCT schema FROM statement_store"
                                           ).fetchall() if candidate_schema(str(r[0]))] or ["-"]


def list_decisions(con: duckdb.DuckDBPyConnection, named: tuple[str, ...] = ()
                   ) -> list[ListDecision]:
    """Which datasets are lists, and why: those named (``--list``), the published lists
    of :data:`DEFAULT_LISTS`, and any dataset stating listings (:data:`LISTING_SCHEMATA`)
    in which most parties are listed (:data:`LIST_SHARE`). A dataset stating listings
    about a few of its parties is case material, screened like any other, and said so."""
    present = {str(r[0]) for r in con.execute("SELECT DISTINCT dataset FROM sources"
                                              ).fetchall()}
    stating = [str(r[0]) for r in con.execute(
        LISTING_DATASETS_SQL, {"listing": list(LISTING_SCHEMATA)}).fetchall()]
    shares = {str(d): (int(n), int(k)) for d, n, k in con.execute(LISTED_SHARE_SQL, {
        "datasets": sorted(set(stating) | set(named)) or ["-"],
        "parties": _party_schemata(con), "listing": list(LISTING_SCHEMATA)}).fetchall()}
    decisions = []
    for dataset in sorted(set(stating) | set(named) | (set(DEFAULT_LISTS) & present)):
        parties, listed = shares.get(dataset, (0, 0))
        share = f"{listed:,} of its {parties:,} parties listed by its own " \
                f"{'/'.join(LISTING_SCHEMATA)} statements"
        if dataset in named:
            why, is_list = "named with --list", True
        elif dataset in DEFAULT_LISTS:
            why, is_list = f"a published list; {share}", True
        elif parties == 0 or listed > LIST_SHARE * parties:
            why, is_list = f"most of it is listings: {share}", True
        else:
            why, is_list = f"only {share}: screened as case material", False
        decisions.append(ListDecision(dataset, is_list, why, parties, listed))
    return decisions


def screen(con: duckdb.DuckDBPyConnection, lists: tuple[str, ...] | None = None,
           word_similarity: float = WORD_SIMILARITY, max_token_names: int = 300
           ) -> ScreeningResult:
    """Screen every subject entity against the lists (caller's transaction); ``lists``
    default to every list the case holds (:func:`list_decisions`: the published lists
    of :data:`DEFAULT_LISTS` and any dataset in which most parties are listed by its own
    Sanction or Risk statements). The result says which datasets were taken as lists and
    why, and how many parties that left out of the subjects."""
    ensure(con)
    if not 0 < word_similarity <= 1:
        raise TnocError(f"word similarity {word_similarity} is not in (0, 1]")
    decisions = list_decisions(con, lists or ())
    default = tuple(d.dataset for d in decisions if d.is_list)
    _check_lists(con, lists or default, named=lists is not None)
    lists = lists or default
    # every list in the case is a list, screened against or not: its entries are no
    # subjects
    listing = sorted(set(default) | set(lists))
    con.execute(DDL)
    con.execute(ENTITIES_SQL, {"lists": list(lists), "listing": listing or ["-"]})
    parties = _party_schemata(con)
    con.execute(SUBJECTS_SQL, {"parties": parties})
    left = {d: int(n) for d, n in con.execute(LEFT_OUT_SQL, {
        "listing": listing or ["-"], "parties": parties}).fetchall()}
    decisions = [replace(d, left_out=left.get(d.dataset, 0)) if d.is_list else d
                 for d in decisions]
    _names(con)
    con.execute("CREATE OR REPLACE TEMP TABLE scr_compat (a VARCHAR, b VARCHAR, c VARCHAR)")
    compat = compatible_pairs(str(r[0]) for r in con.execute(
        "SELECT DISTINCT schema FROM scr_names").fetchall())
    if compat:
        con.executemany("INSERT INTO scr_compat VALUES (?, ?, ?)", compat)
    for statement in PAIRS_SQL.split(";"):
        if statement.strip():
            used = {"max_token_names": max_token_names} if "$max_token_names" in statement \
                else {}
            con.execute(statement, used)
    run_id = "scr-" + uuid.uuid4().hex[:12]
    words = {"matched_s": _WORDS.words_matched("ns.tokens", "nl.tokens", word_similarity),
             "matched_l": _WORDS.words_matched("nl.tokens", "ns.tokens", word_similarity)}
    con.execute(HITS_SQL.replace("{matched_s}", words["matched_s"])
                .replace("{matched_l}", words["matched_l"]),
                {"run": run_id, "lists": list(lists), "listing": listing})
    by_schema = {str(k): int(v) for k, v in con.execute(
        "SELECT schema, count(*) FROM scr_subjects GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()}
    subjects = sum(by_schema.values())
    hits = int(scalar(con, "SELECT count(*) FROM screening_hits WHERE run_id = ?",
                      [run_id]) or 0)
    parameters = {"lists": list(lists), "word_similarity": word_similarity,
                  "max_token_names": max_token_names, "weak_alias_factor": WEAK_FACTOR}
    con.execute(
        "INSERT INTO resolution_runs (run_id, method, parameters, created_at, "
        "tool_version, candidates) VALUES (?, 'screening', ?, ?, ?, ?)",
        [run_id, json.dumps(parameters), datetime.now(UTC), __version__, hits],
    )
    record_analysis(con, "screen", run_id, purpose="screening against watch lists",
                    parameters=parameters, results=[run_id], subjects=subjects, hits=hits,
                    datasets=[asdict(d) for d in decisions], left_out=left.get(None, 0))
    for table in ("scr_ents", "scr_subjects", "scr_names", "scr_facts", "scr_tok",
                  "scr_pairs", "scr_compat"):
        con.execute(f"DROP TABLE {table}")
    return ScreeningResult(run_id, subjects, hits, by_schema, tuple(lists),
                           tuple(decisions), left.get(None, 0))
