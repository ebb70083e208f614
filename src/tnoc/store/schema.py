"""Tables and views of the evidence store.

* ``sources``: every file taken in, with its hash, collection facts and handling code.
* ``statements`` (a view over the table ``statement_store``): FtM's statement model,
  one row per value, plus ``source_id``,
  ``locator`` (where in the file), ``prop_type`` and ``flag`` (why a value failed its
  type: the original text is kept, never dropped).
* ``custody_events``: the chain-of-custody ledger (hash-chained, each entry signed by
  its recorder's Ed25519 key); ``ledger_keys`` the public keys, ``ledger_checkpoints``
  signed Merkle roots over the first N entries (:mod:`tnoc.evidence`).
* ``schemata``: FtM + extension schemata with depth and edge definitions, so that the
  ``entities`` and ``edges`` views can be computed in SQL alone.

``id`` (FtM's statement key, sha1 of ``dataset.entity_id.prop.value``) and
``canonical_id`` (``merged_into`` or the entity itself) are computed by the view, and
what is the same for every statement of a source (dataset, first/last seen = when the
source was taken in, collected_at) is read from ``sources``: storing these per statement
took more than half of the time of a large ingest (benchmarks/RESULTS.md).
Entity resolution sets ``merged_into``; nothing else in ``statement_store`` changes.

Statements are never updated or deleted by analysis: a correction is a new statement,
a merge is a judgement (a later stage). Uniqueness is (``id``, ``source_id``): ``id`` is
FtM's statement key (the same fact), ``source_id`` which source asserted it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import duckdb

STORE_VERSION = "10"  # 7: held_files, held_merges (sources held as Parquet, store.held);
# 8: held_files.kind (their seals' digests held too); 9: the view statement_refs (held
# sources' references held ordered by value, for lookups); 10: the entities view breaks
# a tie of equally deep schemata by name (arg_max(schema, (depth, schema)))

STATEMENT_ID_SQL = "sha1(src.dataset || '.' || s.entity_id || '.' || s.prop || '.' || s.value)"
"""The statement id, FtM's statement key (``Statement.make_key`` without language or
external flag: sha1 of ``dataset.entity_id.prop.value``), as SQL over ``statement_store``
aliased ``s`` joined to ``sources`` aliased ``src``. One expression for the
``statements`` view and for every lookup that reads ``statement_store`` directly
(:func:`tnoc.store.lookup.entity_rows`), so an id ``tnoc show`` prints is the id the view
and the exports carry."""

# The stored columns of ``statement_store``, in table order (what ingest and import write).
STORE_COLUMNS = ("entity_id, merged_into, schema, prop, prop_type, value, original_value, "
                 "source_id, locator, flag")

TABLES = """
CREATE TABLE IF NOT EXISTS case_info (key VARCHAR PRIMARY KEY, value VARCHAR);
-- entities whose every value is in a compartment (tnoc.govern.compartments), at intake
CREATE TABLE IF NOT EXISTS compartment_entities (
    source_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL, compartment VARCHAR NOT NULL);

CREATE TABLE IF NOT EXISTS sources (
    source_id VARCHAR PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    original_path VARCHAR,
    exhibit_path VARCHAR,
    sha256 VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    media_type VARCHAR,
    encoding VARCHAR,
    collected_at TIMESTAMPTZ,
    collector VARCHAR,
    legal_basis VARCHAR,
    handling_code VARCHAR,
    mapping VARCHAR,
    mapping_sha256 VARCHAR,
    dataset VARCHAR,
    ingested_at TIMESTAMPTZ,
    ingested_by VARCHAR,
    tool_version VARCHAR,
    records BIGINT,
    statements BIGINT,
    flagged BIGINT
);

CREATE TABLE IF NOT EXISTS statement_store (
    entity_id VARCHAR NOT NULL,
    merged_into VARCHAR,  -- set by entity resolution; NULL: the entity is its own canonical
    schema VARCHAR NOT NULL,
    prop VARCHAR NOT NULL,
    prop_type VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    original_value VARCHAR,
    source_id VARCHAR NOT NULL,
    locator VARCHAR,
    flag VARCHAR
);

CREATE TABLE IF NOT EXISTS custody_events (
    seq BIGINT PRIMARY KEY,
    event_id VARCHAR NOT NULL UNIQUE,
    event_type VARCHAR NOT NULL,
    item_id VARCHAR,
    item_sha256 VARCHAR,
    actor VARCHAR NOT NULL,
    role VARCHAR,
    organisation VARCHAR,
    occurred_at VARCHAR NOT NULL,  -- ISO 8601 UTC, exactly as hashed
    clock_source VARCHAR NOT NULL,
    place VARCHAR,
    purpose VARCHAR,
    legal_authority VARCHAR,
    method VARCHAR,
    tool_version VARCHAR,
    hash_before VARCHAR,
    hash_after VARCHAR,
    details JSON,
    prev_hash VARCHAR NOT NULL,
    entry_hash VARCHAR NOT NULL,
    key_id VARCHAR,     -- the recorder's Ed25519 key (ledger_keys)
    signature VARCHAR   -- Ed25519 signature of entry_hash (hex)
);

CREATE TABLE IF NOT EXISTS ledger_keys (
    key_id VARCHAR PRIMARY KEY,  -- sha256(raw public key)[:32]
    owner VARCHAR NOT NULL,
    public_key VARCHAR NOT NULL, -- raw Ed25519 public key, hex
    registered_at VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS ledger_checkpoints (
    size BIGINT PRIMARY KEY,     -- number of custody events covered (seq 1..size)
    root VARCHAR NOT NULL,       -- RFC 9162 Merkle tree hash of their entry hashes
    created_at VARCHAR NOT NULL,
    key_id VARCHAR NOT NULL,
    signature VARCHAR NOT NULL,  -- Ed25519 over JCS({size, root, created_at})
    timestamp_token BLOB,        -- optional RFC 3161 response over the same bytes
    frontier VARCHAR,            -- Merkle frontier at this size (JSON), for the next one
    tsa_url VARCHAR,             -- where the token came from
    tsa_ca_pem VARCHAR,          -- the TSA's CA certificate(s) given when it was fetched
    audit_size BIGINT,           -- the audit trail anchored with it: records then
    audit_hash VARCHAR           -- and the entry hash of the last one (signed too)
);

CREATE TABLE IF NOT EXISTS schemata (
    name VARCHAR PRIMARY KEY,
    label VARCHAR,
    depth INTEGER,
    extension BOOLEAN,
    is_edge BOOLEAN,
    edge_source VARCHAR,
    edge_target VARCHAR,
    edge_label VARCHAR,
    directed BOOLEAN
);
"""

INDEXES = """
CREATE INDEX IF NOT EXISTS statement_entity ON {table} (entity_id);
CREATE INDEX IF NOT EXISTS statement_value ON {table} (value);
"""
"""ART indexes of ``statement_store`` on the two columns every entity lookup filters: an
entity's own statements (``entity_id``) and the statements pointing at it (``value``).
Without them each lookup reads the whole column (4.3M statements of the demo case: 10
to 40 ms a lookup, a dozen lookups a dossier); with them a lookup reads the few rows it
needs (about 1 ms), however large the case. DuckDB uses an index only for a scan whose
one filter is an equality or ``IN`` on the indexed column, so the lookups select their
rows by key first (:func:`tnoc.store.lookup.statements_by`). What they cost, measured
(benchmarks/RESULTS.md, ingest): the index is kept up to date on every insert, about a
third more time to ingest 1M transfers (9.15M statements), and the store file is about
three quarters larger.

They speed reads and change no result, so they are not part of the layout version: a
store of an older TNOC gets them on its first connection able to write
(:func:`add_indexes`, about 1.5 s per million statements, once), and until then is read
as before, without them; a read-only copy is never written to add them."""


def add_indexes(con: duckdb.DuckDBPyConnection) -> None:
    """Create the lookup indexes (:data:`INDEXES`) the store lacks (nothing when it has
    them). The table named through its database: a held source's view
    (:mod:`tnoc.store.held`) has the same name."""
    from tnoc.store.held import stored_statements

    con.execute(INDEXES.format(table=stored_statements(con)))


def statements_select(store: str = "statement_store", sources: str = "sources") -> str:
    """The ``statements`` view's SELECT (FtM's statement columns) over the relation
    ``store`` (``statement_store``'s columns) and ``sources`` (a relation with the
    sources' ``source_id``, ``dataset``, ``ingested_at`` and ``collected_at``): one
    text for the view and for the lake's reading of held files in place
    (:mod:`tnoc.store.lake`, on DuckDB and, transpiled, on Spark), so both give the
    same columns from the same rows."""
    return f"""SELECT {STATEMENT_ID_SQL} AS id,
       s.entity_id, coalesce(s.merged_into, s.entity_id) AS canonical_id, s.schema, s.prop,
       s.prop_type, s.value, s.original_value, NULL::VARCHAR AS lang, src.dataset,
       s.source_id, s.locator, src.ingested_at AS first_seen, src.ingested_at AS last_seen,
       src.collected_at, s.flag, false AS external, s.merged_into
FROM {store} s JOIN {sources} src ON src.source_id = s.source_id"""


DEEPEST_SCHEMA_SQL = "arg_max(s.schema, (coalesce(sc.depth, 0), s.schema))"
"""An entity's schema in SQL, over its statements ``s`` joined to ``schemata sc``: the
deepest, then the last by name (:func:`deepest_schema`'s rule), the same on DuckDB and
Spark (``max_by``) and at any thread count. One text for every reader that groups
statements into entities (the ``entities`` view, resolution, screening, the summary).
"""

ENTITY_PROPERTIES_SELECT = """\
SELECT canonical_id, prop, list(DISTINCT value ORDER BY value) AS vals
FROM statements WHERE flag IS NULL AND prop <> 'id'
  AND (source_id, entity_id) NOT IN (SELECT source_id, entity_id FROM compartment_entities)
GROUP BY canonical_id, prop"""
"""The ``entity_properties`` view's SELECT over ``statements`` and
``compartment_entities``: one text for the store's view and for the lake's table
computed on Spark (:mod:`tnoc.store.lake_spark`, transpiled)."""

ENTITIES_SELECT = f"""\
WITH meta AS (
    SELECT s.canonical_id AS id,
           {DEEPEST_SCHEMA_SQL} AS schema,
           list(DISTINCT s.source_id ORDER BY s.source_id) AS sources,
           list(DISTINCT s.dataset ORDER BY s.dataset) AS datasets,
           min(s.first_seen) AS first_seen,
           max(s.last_seen) AS last_seen,
           count(*) AS statement_count,
           count(*) FILTER (WHERE s.flag IS NOT NULL) AS flagged_count
    FROM statements s LEFT JOIN schemata sc ON sc.name = s.schema
    GROUP BY s.canonical_id
), props AS (
    SELECT canonical_id, map_from_entries(list((prop, vals) ORDER BY prop)) AS properties
    FROM entity_properties GROUP BY canonical_id
)
SELECT meta.*, props.properties FROM meta LEFT JOIN props ON props.canonical_id = meta.id"""
"""The ``entities`` view's SELECT over ``statements``, ``schemata`` and
``entity_properties`` (as :data:`ENTITY_PROPERTIES_SELECT`)."""

EDGES_SELECT = """\
SELECT DISTINCT e.canonical_id AS id, e.schema, sc.edge_label AS label, sc.directed,
       coalesce(ms.canonical_id, src.value) AS source,
       coalesce(mt.canonical_id, tgt.value) AS target
FROM statements e
JOIN schemata sc ON sc.name = e.schema AND sc.is_edge AND e.prop = 'id'
JOIN statements src ON src.canonical_id = e.canonical_id AND src.prop = sc.edge_source
     AND src.flag IS NULL
JOIN statements tgt ON tgt.canonical_id = e.canonical_id AND tgt.prop = sc.edge_target
     AND tgt.flag IS NULL
LEFT JOIN canonical_map ms ON ms.entity_id = src.value
LEFT JOIN canonical_map mt ON mt.entity_id = tgt.value"""
"""The ``edges`` view's SELECT over ``statements``, ``schemata`` and ``canonical_map``."""


VIEWS = f"""
CREATE OR REPLACE VIEW statements AS
{statements_select()};

-- the values entities have for every reader of the store (exports, analyses): a value in a
-- compartment (a citizen reporter's identity, tnoc.govern.compartments) is not one of them
CREATE OR REPLACE VIEW entity_properties AS
{ENTITY_PROPERTIES_SELECT};

CREATE OR REPLACE VIEW entities AS
{ENTITIES_SELECT};

-- what a lookup by value reads (tnoc.store.lookup.statements_by): the store's statements;
-- with held sources, a temporary view of the same name adds their references files,
-- ordered by value (tnoc.store.held.index_references), rather than every held row
CREATE OR REPLACE VIEW statement_refs AS SELECT * FROM statement_store;

CREATE OR REPLACE VIEW canonical_map AS
SELECT DISTINCT entity_id, merged_into AS canonical_id FROM statement_store
WHERE merged_into IS NOT NULL;

CREATE OR REPLACE VIEW edges AS
{EDGES_SELECT};

CREATE OR REPLACE VIEW entity_references AS
SELECT DISTINCT s.canonical_id AS entity, s.schema, s.prop,
       coalesce(m.canonical_id, s.value) AS target
FROM statements s LEFT JOIN canonical_map m ON m.entity_id = s.value
WHERE s.prop_type = 'entity' AND s.flag IS NULL;

CREATE OR REPLACE VIEW flagged_values AS
SELECT s.canonical_id, s.schema, s.prop, s.value AS original_value, s.flag,
       src.file_name, s.locator, s.source_id
FROM statements s JOIN sources src USING (source_id) WHERE s.flag IS NOT NULL;
"""


def deepest_schema(schemata: Iterable[str], depth: Mapping[str, int | None]) -> str:
    """The most specific of ``schemata`` (an entity's statements', ``depth`` the
    ``schemata`` table's); of equally deep ones (a Person and an Organization an
    analyst forced into one), the last by name: the rule of the views' SQL,
    ``arg_max(schema, (depth, schema))``, on every engine and in every Python reader,
    so an entity reads as one schema in ``tnoc show``, the search index, the graph
    export and the lake."""
    return max(set(schemata), key=lambda s: (depth.get(s) or 0, s))


def schemata_rows() -> list[tuple[object, ...]]:
    """One row per schema of the extended model, for the ``schemata`` table."""
    from tnoc.model import extension_schema_names, get_model

    model = get_model()
    ext = extension_schema_names()
    rows: list[tuple[object, ...]] = []
    for schema in model.schemata.values():
        edge = schema.edge
        rows.append((
            schema.name,
            schema.label,
            len(schema.schemata),
            schema.name in ext,
            bool(edge),
            schema.edge_source if edge else None,
            schema.edge_target if edge else None,
            schema.edge_label if edge else None,
            schema.edge_directed if edge else None,
        ))
    return rows


def create(con: duckdb.DuckDBPyConnection) -> None:
    """Create or update tables and views (idempotent)."""
    from tnoc.store.held import HELD_TABLES

    con.execute(TABLES)
    con.execute(HELD_TABLES)
    con.execute("ALTER TABLE held_files ADD COLUMN IF NOT EXISTS kind VARCHAR "
                "DEFAULT 'statements'")  # added in store version 8
    add_indexes(con)
    for column in ("key_id", "signature"):  # added in store version 3
        con.execute(f"ALTER TABLE custody_events ADD COLUMN IF NOT EXISTS {column} VARCHAR")
    for column in ("frontier", "tsa_url", "tsa_ca_pem"):  # added in store version 4
        con.execute(f"ALTER TABLE ledger_checkpoints ADD COLUMN IF NOT EXISTS {column} VARCHAR")
    con.execute("ALTER TABLE ledger_checkpoints ADD COLUMN IF NOT EXISTS audit_size BIGINT")
    con.execute("ALTER TABLE ledger_checkpoints ADD COLUMN IF NOT EXISTS audit_hash VARCHAR")
    con.execute("DELETE FROM schemata")
    con.executemany("INSERT INTO schemata VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", schemata_rows())
    con.execute(VIEWS)
    con.execute(
        "INSERT OR REPLACE INTO case_info VALUES ('store_version', ?)", [STORE_VERSION]
    )
