"""The ``tnoc`` command line: a face of TNOC, thin by design (DESIGN.md §2).

Each module parses one group of commands, calls the library and prints: ``main`` the
top-level commands and the entry point, ``common`` what every command shares (case
option, listings, ``--json``/``--csv``), ``recorded`` the custody record every analysis
command wears. Nothing here imports DuckDB or FtM at start, so ``tnoc --help`` is fast.
"""
