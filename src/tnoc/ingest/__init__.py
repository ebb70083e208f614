"""Ingest: readers + declarative mappings -> statements with provenance.

``ingest_file`` is the entry point: it registers the source, reads the file into a
DuckDB table, compiles the mapping to SQL, cleans values by their FtM type and
inserts the statements, all in one transaction.
"""
