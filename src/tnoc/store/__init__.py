"""The evidence store: one DuckDB file per case, statements with provenance."""

from tnoc.store.case import Case

__all__ = ["Case"]
