"""The per-case full-text index (DESIGN.md §2, ``CASE/index/``): names in every
script, identifiers, addresses and text, with facets; see :mod:`tnoc.search.index`
(the build) and :mod:`tnoc.search.query` (matching, ranking, facets)."""
