"""TNOC: an evidence base and analysis platform against cyber-enabled transnational
organised crime.

Data flows one way (see ``docs/architecture.md``): ``ingest`` turns files into
statements with provenance, ``store`` keeps them in one DuckDB file per case, later
stages read the store and write their derived results back with their own provenance.
"""

__version__ = "0.1.0"
