"""Draw the fixed query set of ``benchmarks/search.py`` from a built demo case.

Run once; its output, ``benchmarks/search_queries.json``, is kept in the repository so
every run of the benchmark uses the same queries:

    .venv/bin/python benchmarks/search_queries_draw.py DEMO/case.duckdb \
        > benchmarks/search_queries.json

Six kinds, each with the entity it should find (``expect``): names of people and
organisations with one typo (a swap, a drop or a substitution in a word of five letters
or more), people's names in Cyrillic (ICU ``Latin-Cyrillic`` of the name re-ordered to
"first last"), re-ordered names ("SMITH, John" -> "John Smith"), the last alias of an
entity with several names, identifiers (transaction hashes, wallets, e-mails...) and
three-word phrases of free text.
"""

from __future__ import annotations

import json
import random
import re
import sys
from typing import Any

import duckdb
import icu

SEED = 20261201
NAMES = """
    SELECT coalesce(canonical_id, entity_id) AS e, schema,
           list(DISTINCT value ORDER BY value) AS v
    FROM statements WHERE prop_type = 'name' AND merged_into IS NULL
      AND schema IN ('Person', 'Organization', 'Vessel', 'Airplane')
    GROUP BY ALL ORDER BY e"""
IDENTIFIERS = """
    SELECT coalesce(canonical_id, entity_id), prop, value FROM statements
    WHERE prop_type IN ('identifier', 'email', 'phone', 'iban') AND length(value) >= 6
      AND schema <> 'TypologyAlert' AND merged_into IS NULL
    ORDER BY hash(value || 'tnoc') LIMIT 4000"""
TEXTS = """
    SELECT coalesce(canonical_id, entity_id), value FROM statements
    WHERE prop_type = 'text' AND length(value) BETWEEN 40 AND 400 AND merged_into IS NULL
      AND schema NOT IN ('TypologyAlert', 'LaunderingAttempt')
    ORDER BY hash(value || 'tnoc') LIMIT 2000"""


def typo(name: str, rng: random.Random) -> str | None:
    """``name`` with one letter swapped, dropped or replaced in a long word."""
    words = name.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return None
    i = rng.choice(long)
    word, j = words[i], rng.randrange(1, len(words[i]) - 1)
    kind = rng.choice(["swap", "drop", "sub"])
    if kind == "swap":
        word = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    elif kind == "drop":
        word = word[:j] + word[j + 1:]
    else:
        word = word[:j] + rng.choice("aeioulnrst") + word[j + 1:]
    words[i] = word
    return " ".join(words)


def reorder(name: str) -> str | None:
    """"SMITH, John" -> "John Smith"; other names with their words reversed."""
    if "," in name:
        last, first = name.split(",", 1)
        return f"{first.strip()} {last.strip()}".strip()
    words = name.split()
    return " ".join(reversed(words)) if len(words) > 1 else None


def draw(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The queries, each with its kind and the entity it should find."""
    rng = random.Random(SEED)
    names = con.execute(NAMES).fetchall()
    identifiers = con.execute(IDENTIFIERS).fetchall()
    texts = con.execute(TEXTS).fetchall()
    to_cyrillic = icu.Transliterator.createInstance("Latin-Cyrillic")
    people = [n for n in names if n[1] == "Person"]
    others = [n for n in names if n[1] != "Person"]
    aliased = [n for n in names if len(n[2]) > 1]
    queries: list[dict[str, Any]] = []

    def add(kind: str, query: str | None, entity: str) -> None:
        if query and len(query) >= 3:
            queries.append({"kind": kind, "query": query, "expect": entity})

    for entity, _, values in rng.sample(people, 40) + rng.sample(others, 20):
        add("typo", typo(values[0], rng), entity)
    for entity, _, values in rng.sample(people, 40):
        add("transliterated", to_cyrillic.transliterate(reorder(values[0]) or values[0]),
            entity)
    for entity, _, values in rng.sample(people, 30):
        add("reordered", reorder(values[0]), entity)
    for entity, _, values in rng.sample(aliased, 30):
        add("alias", values[-1], entity)
    for entity, _, value in rng.sample(identifiers, 30):
        add("identifier", value, entity)
    for entity, value in rng.sample(texts, 20):
        words = re.findall(r"[A-Za-z]{3,}", value)
        if len(words) >= 4:
            k = rng.randrange(0, len(words) - 3)
            add("phrase", '"' + " ".join(words[k:k + 3]) + '"', entity)
    return queries


if __name__ == "__main__":
    drawn = draw(duckdb.connect(sys.argv[1], read_only=True))
    print(json.dumps({"drawn_from": f"the demo case, seed {SEED}", "queries": drawn},
                     ensure_ascii=False, indent=1))
