"""Person, organisation and user-account records for linkage, flattened from the store.

One row per canonical entity: names normalised (lower case, accents stripped, other
scripts transliterated to Latin with ICU via ``normality``), split into given name and
surname (``SURNAME, Given`` as sanctions lists write it, else first and last token),
``name_key`` (sorted tokens, so swapped name order still blocks together), the first
full birth date, identity number, email and country. Entities without a name have
nothing to compare and are counted, not linked.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd
from normality import ascii_text

GROUPS = {
    "person": ("Person",),
    "organization": ("Organization", "Company", "LegalEntity", "PublicBody"),
    "account": ("UserAccount",),
}

RECORDS_SQL = """
WITH ents AS (
    SELECT canonical_id, arg_max(s.schema, coalesce(sc.depth, 0)) AS schema
    FROM statements s LEFT JOIN schemata sc ON sc.name = s.schema
    WHERE s.prop = 'id' GROUP BY canonical_id
), props AS (
    SELECT canonical_id, prop, min(value) AS value FROM statements
    WHERE flag IS NULL AND prop IN ('name', 'firstName', 'lastName', 'birthDate',
        'passportNumber', 'idNumber', 'email', 'nationality', 'citizenship', 'country',
        'jurisdiction', 'registrationNumber', 'address', 'username', 'service')
    GROUP BY canonical_id, prop
)
SELECT e.canonical_id AS unique_id, e.schema,
    coalesce(max(value) FILTER (WHERE prop = 'name'),
             max(value) FILTER (WHERE prop = 'username')) AS name,
    max(value) FILTER (WHERE prop = 'service') AS service,
    max(value) FILTER (WHERE prop = 'address') AS address,
    max(value) FILTER (WHERE prop = 'firstName') AS first_name,
    max(value) FILTER (WHERE prop = 'lastName') AS last_name,
    max(value) FILTER (WHERE prop = 'birthDate' AND length(value) >= 10) AS birth_date,
    coalesce(max(value) FILTER (WHERE prop = 'passportNumber'),
             max(value) FILTER (WHERE prop = 'idNumber'),
             max(value) FILTER (WHERE prop = 'registrationNumber')) AS id_number,
    max(value) FILTER (WHERE prop = 'email') AS email,
    coalesce(max(value) FILTER (WHERE prop = 'nationality'),
             max(value) FILTER (WHERE prop = 'citizenship'),
             max(value) FILTER (WHERE prop = 'country'),
             max(value) FILTER (WHERE prop = 'jurisdiction')) AS country
FROM ents e JOIN props p USING (canonical_id)
WHERE e.schema IN ({schemata})
GROUP BY e.canonical_id, e.schema
"""


@dataclass
class RecordTable:
    """Records of one group and how many entities had nothing to compare."""

    group: str
    records: pd.DataFrame
    without_name: int


def name_key(*parts: object) -> str | None:
    """The name's tokens in sorted order: "yan xiaobing" and "xiaobing yan" agree, so a
    swapped given name and surname still block and compare together."""
    tokens = sorted(t for p in parts if isinstance(p, str) for t in p.split())
    return " ".join(tokens) or None


def _norm(text: str | None) -> str | None:
    if not text:
        return None
    out = ascii_text(text) or ""
    out = "".join(c if c.isalnum() or c.isspace() else " " for c in out.lower())
    return " ".join(out.split()) or None


def _split(name: str | None, first: str | None, last: str | None) -> tuple[str | None,
                                                                           str | None]:
    if first or last:
        return _norm(first), _norm(last)
    if not name:
        return None, None
    if "," in name:
        surname, given = name.split(",", 1)
        return _norm(given), _norm(surname)
    tokens = (_norm(name) or "").split()
    if len(tokens) < 2:
        return None, tokens[0] if tokens else None
    return tokens[0], tokens[-1]


def person_records(con: duckdb.DuckDBPyConnection, group: str) -> RecordTable:
    """The record table of ``group`` (``person`` or ``organization``)."""
    schemata = ", ".join(f"'{s}'" for s in GROUPS[group])
    raw = con.execute(RECORDS_SQL.format(schemata=schemata)).df()
    missing = int(raw["name"].isna().sum()) if len(raw) else 0
    raw = raw[raw["name"].notna()].copy()
    names = [_split(n, f, last) for n, f, last in
             zip(raw["name"], raw["first_name"], raw["last_name"], strict=True)]
    out = pd.DataFrame({"unique_id": raw["unique_id"].astype(str)})
    out["full_name"] = [_norm(n) for n in raw["name"]]
    if group == "person":
        out["given_name"] = [g for g, _ in names]
        out["surname"] = [s for _, s in names]
        out["birth_date"] = raw["birth_date"].str.slice(0, 10).values
        out["id_number"] = raw["id_number"].values
    out["name_key"] = [name_key(n) for n in out["full_name"]]
    out["country"] = raw["country"].values
    out["address"] = [_norm(a) for a in raw["address"]]
    out["email"] = raw["email"].values
    if group == "account":
        out["locality"] = [_norm(x) for x in raw["service"]]  # the service the handle is on
    out = out.astype("string")
    return RecordTable(group, out.reset_index(drop=True), missing)
