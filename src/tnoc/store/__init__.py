"""The evidence store: one DuckDB file per case, statements with provenance."""

from tnoc.store.case import Case, StoreSnapshot

__all__ = ["Case", "StoreSnapshot"]
