"""The values an ingest flagged as invalid, every one, with where each came from.

An invalid value (a date FtM cannot read, a crypto address whose checksum fails, a
country that is no country) is never dropped: it is stored as written, with a flag that
says why (DESIGN.md §3). An analyst must be able to see all of them, per file and row,
to judge what a source is worth and to correct the input; ingest prints a few, and
``tnoc flagged`` lists them all through :func:`flagged_values`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from tnoc.errors import TnocError

__all__ = ["FlaggedValue", "flagged_values", "resolve_sources"]


@dataclass(frozen=True)
class FlaggedValue:
    """One flagged value: the file and row it came from, the entity and property it
    was meant for, the value as written and the reason it was flagged."""

    file_name: str
    source_id: str
    locator: str | None
    entity_id: str
    schema: str
    prop: str
    original_value: str
    reason: str


def resolve_sources(con: duckdb.DuckDBPyConnection, sources: Sequence[str]) -> list[str]:
    """Source ids for source ids or file names (the latest intake of a file name).

    Raises
    ------
    TnocError
        When one names no source of the case.
    """
    ids = []
    for source in sources:
        row = con.execute(
            "SELECT source_id FROM sources WHERE source_id = ? OR file_name = ? "
            "ORDER BY ingested_at DESC LIMIT 1", [source, source]).fetchall()
        if not row:
            raise TnocError(f"no source {source!r} in this case (give a source id or file "
                            "name; see 'tnoc sources')")
        ids.append(str(row[0][0]))
    return ids


_ROW_NUMBER = "try_cast(regexp_extract(st.locator, '(\\d+)', 1) AS BIGINT)"
"""The first number of a locator ('row 8004', 'line 12'), so rows sort as numbers."""


def flagged_values(con: duckdb.DuckDBPyConnection, sources: Sequence[str] = (),
                   props: Sequence[str] = (), reason: str | None = None,
                   limit: int | None = None) -> tuple[list[FlaggedValue], int]:
    """Flagged values of the case, in the order the files were taken in and, within a
    file, by row; and how many match in all (however many are returned).

    Parameters
    ----------
    sources
        Source ids or file names to keep (default: every source).
    props
        Properties to keep, as ``prop`` (``birthDate``) or ``Schema.prop``
        (``Person.birthDate``).
    reason
        Keep flags whose reason contains this text (case-insensitive), e.g. ``country``.
    limit
        Return at most this many (None: all).

    Returns
    -------
    (values, total)
        The values, and the number that match the filters.

    Example
    -------
    >>> values, total = flagged_values(con, sources=["ofac_sdn_2024-05-03.csv"])  # doctest: +SKIP
    """
    where = ["st.flag IS NOT NULL"]
    params: dict[str, object] = {}
    if sources:
        params["sources"] = resolve_sources(con, sources)
        where.append("list_contains($sources, st.source_id)")
    if props:
        params["props"] = list(props)
        where.append("(list_contains($props, st.prop) OR "
                     "list_contains($props, st.schema || '.' || st.prop))")
    if reason:
        params["reason"] = f"%{reason}%"
        where.append("st.flag ILIKE $reason")
    body = (" FROM statement_store st JOIN sources s USING (source_id) WHERE "
            + " AND ".join(where))
    total = con.execute("SELECT count(*)" + body, params).fetchall()[0][0]
    params["limit"] = 2**62 if limit is None else limit
    rows = con.execute(
        "SELECT s.file_name, st.source_id, st.locator, st.entity_id, st.schema, st.prop, "
        "coalesce(st.original_value, st.value), st.flag" + body
        + f" ORDER BY s.ingested_at, s.source_id, {_ROW_NUMBER} NULLS LAST, st.locator, "
          "st.entity_id, st.prop, st.value LIMIT $limit", params).fetchall()
    return [FlaggedValue(*r) for r in rows], int(total)
