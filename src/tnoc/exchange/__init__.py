"""Exchange formats: FtM, STIX 2.1, MISP, CASE/UCO, GEXF/GraphML (in and out)."""
