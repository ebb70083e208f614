"""The store's views and model table against this version's definitions, for verify.

Every reading of a case goes through views (``statements``, ``entities``,
``entity_properties``, ``canonical_map``, ``judgements_active``...) and the ``schemata``
table made from the model. Someone with database access who redefines a view (``CREATE
OR REPLACE VIEW statements AS ... CASE WHEN value = 'N1' THEN 'Innocent Bystander'``)
changes what every command, export and report reads while every statement, seal and
ledger entry stays intact. So verify rebuilds the layout in an empty in-memory store
with this version's code and compares: each view's SQL text, and the ``schemata`` rows.
"""

from __future__ import annotations

import re

import duckdb

from tnoc.store import schema

VIEWS_SQL = "SELECT view_name, sql FROM duckdb_views() WHERE NOT internal AND NOT temporary"
"""The views the store keeps (not a connection's temporary ones: the views over held
sources' files, :mod:`tnoc.store.held`, some of which take a stored view's name)."""


def _normal(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip().rstrip(";")


def reference_layout() -> tuple[dict[str, str], list[tuple[object, ...]], frozenset[str]]:
    """This version's views (name -> SQL), ``schemata`` rows, and the views every store
    of this version has (made with it, not on first use), from an empty store."""
    from tnoc.store.resolution_tables import ensure

    mem = duckdb.connect()
    try:
        schema.create(mem)
        always = frozenset(str(n) for n, _ in mem.execute(VIEWS_SQL).fetchall())
        ensure(mem)
        views = {str(n): _normal(s) for n, s in mem.execute(VIEWS_SQL).fetchall()}
        rows = mem.execute("SELECT * FROM schemata ORDER BY name").fetchall()
    finally:
        mem.close()
    return views, rows, always


def verify_layout(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(item, what differs) for each view whose definition is not this version's, each
    view every store of this version has that the case lacks, and a ``schemata``
    table that is not the model's; a view made on first use that the case does not
    have yet is not a difference."""
    views, rows, always = reference_layout()
    problems = []
    found = {str(n) for n, _ in con.execute(VIEWS_SQL).fetchall()}
    for name in sorted(always - found):  # e.g. dropped, and a table made in its name
        problems.append((f"view {name}", "missing from the store (dropped, or replaced "
                         "by a table of that name), so what commands read by its name is "
                         "not what the statements hold (restore the store from a "
                         "verified copy)"))
    for name, sql in sorted(con.execute(VIEWS_SQL).fetchall()):
        expected = views.get(str(name))
        if expected is not None and _normal(sql) != expected:
            problems.append((f"view {name}", "its definition is not the one tnoc makes: "
                             "redefined in the database, so what commands read through "
                             "it is not what the statements hold (opening the case with "
                             "this version for writing does not repair it; restore the "
                             "store from a verified copy)"))
    stored = con.execute("SELECT * FROM schemata ORDER BY name").fetchall()
    if stored != rows:
        changed = sorted({str(r[0]) for r in set(stored) ^ set(rows)})
        problems.append(("table schemata", "differs from the model for "
                         + ", ".join(changed[:5]) + (" ..." if len(changed) > 5 else "")
                         + ": edited (edge direction, depth or labels decide how "
                         "networks and entities are read)"))
    return problems
