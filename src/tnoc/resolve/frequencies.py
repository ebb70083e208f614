"""How rare a name is: term frequencies with each entity's own copies removed.

An exact name is weighted by the Bayes factor m / u_v, where u_v is the chance that an
*unrelated* record carries the name v (Fellegi & Sunter 1969, frequency-based weights;
Winkler 1989, "Frequency-based matching in Fellegi-Sunter model of record linkage";
Splink's term-frequency adjustment uses the same factor). Splink estimates u_v as the
share of records carrying v. In a case that holds the same list twice, or a suspect in
several sources, that share counts the entity's own copies: a name borne only by one
sanctioned company and its entry in last year's list has share 2/N, and its Bayes
factor stays too small for the name ever to decide ("0.32, however rare the name").
Here each entity's expected copies are taken out:

    u_v = max(o(c_v) / N  if c_v >= 3,  prod_t o(d_t) / N,  1 / N**2)
    o(c) = max(c - 1 - min(r, c - 1), 0)

with c_v the number of entities bearing v, N the entities of the group, r the expected
number of *other* records of the same real-world entity (from the model's own estimate
of the match probability of two random records, r = lambda (N - 1)), o(c) the bearers
left once the entity itself and its expected copies are taken out, and d_t the number
of entities bearing word t of the name. The word term estimates how often unrelated
people bear the name from how often they bear its words (names are made of words
drawn more or less independently); it keeps a name made of common words from counting
as rare even when the whole name occurs once. The count term takes over where the
whole name is borne by three or more entities, more than the entity and a copy: then
the words' independence no longer holds ("AL-AQSA FOUNDATION" five times over). Two
bearers say little about unrelated ones, so a name borne twice is weighed by its words.
The third term bounds the weight. Computed in SQL where the records are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tnoc.store.engine import fetch_value, register_log_factorials

if TYPE_CHECKING:
    from tnoc.resolve.record_tables import RecordTable

__all__ = ["name_frequencies"]

FREQUENCIES_SQL = """
WITH pairs AS (
    SELECT DISTINCT entity_id, {column} AS value FROM {names} WHERE {column} IS NOT NULL
), size AS (
    SELECT greatest(count(DISTINCT entity_id), 1)::DOUBLE AS n FROM pairs
), bearers AS (
    SELECT value, count(*) AS c FROM pairs GROUP BY value
), word_bearers AS (
    SELECT token, count(DISTINCT entity_id) AS d
    FROM (SELECT entity_id, unnest(string_split(value, ' ')) AS token FROM pairs) AS words
    GROUP BY token
), slots AS (
    SELECT greatest(sum(d), 1)::DOUBLE AS s FROM word_bearers
), lengths AS (
    SELECT array_length(string_split(value, ' ')) AS k,
           count(*)::DOUBLE / sum(count(*)) OVER () AS pk
    FROM pairs GROUP BY array_length(string_split(value, ' '))
), value_words AS (
    SELECT value, token, mult, sum(mult) OVER (PARTITION BY value) AS k
    FROM (SELECT value, token, count(*) AS mult
          FROM (SELECT value, unnest(string_split(value, ' ')) AS token
                FROM (SELECT DISTINCT value FROM pairs) AS v) AS vt
          GROUP BY value, token) AS counted
), by_words AS (
    SELECT w.value,
           CASE WHEN min(greatest(b.d - 1 - least($copies, b.d - 1), 0)) = 0 THEN 0.0
                ELSE exp(sum(w.mult * ln(greatest(b.d - 1 - least($copies, b.d - 1), 0)
                                         / (SELECT s FROM slots)))
                         + min(fk.ln_factorial) - sum(fm.ln_factorial)) * l.pk END AS p
    FROM value_words w JOIN word_bearers b ON b.token = w.token
    JOIN lengths l ON l.k = w.k
    JOIN {factorials} fk ON fk.n = w.k
    JOIN {factorials} fm ON fm.n = w.mult
    GROUP BY w.value, w.k, l.pk
)
SELECT b.value AS {column},
       greatest(CASE WHEN b.c >= 3 THEN greatest(b.c - 1 - least($copies, b.c - 1), 0)
                     ELSE 0 END / (SELECT n FROM size),
                coalesce(w.p, 0), 1 / pow((SELECT n FROM size), 2)) AS tf_{column},
       b.c AS bearers
FROM bearers b LEFT JOIN by_words w ON w.value = b.value
"""
"""The term frequencies of a column of the prediction records (DuckDB's dialect, run
on the linking engine). The multinomial count of a name's words, k! / prod(m_t!), is
read from a table of log factorials (:func:`tnoc.store.engine.register_log_factorials`)
rather than ``lgamma``,
which Spark lacks: one set of numbers for both engines."""


def name_frequencies(names: RecordTable, column: str, copies: float, table: str) -> str:
    """The term-frequency table of ``column`` (``full_name`` or ``core``) for Splink,
    made as ``table`` on the engine of ``names`` (the prediction records: one row per
    entity and name) and returned: columns ``column``, ``tf_<column>`` and ``bearers``
    (entities bearing the value). ``copies`` is r, the expected number of other records
    of the same entity."""
    engine = names.engine
    most = int(fetch_value(engine, f"SELECT coalesce(max(array_length(string_split("
                                   f"{column}, ' '))), 1) FROM {names.name}") or 1)
    factorials = f"{table}_factorials"
    register_log_factorials(engine, factorials, most)
    try:
        engine.create_table(table, FREQUENCIES_SQL.format(
            column=column, names=names.name, factorials=factorials),
            {"copies": float(copies)})
    finally:
        engine.drop(factorials)
    return table
