"""Networks projected from the store: measures, communities, change over time.

Graph algorithms run in networkit (C++ core) on graphs built from SQL over the
statements (DESIGN.md §2); networkx serves small-graph measures networkit lacks
(Burt's constraint and effective size) and is the test oracle.
"""
