"""Exchange formats: FtM, Parquet now; STIX 2.1, MISP, CASE/UCO, GEXF later."""
