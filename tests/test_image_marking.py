"""Every image carries its handling code: a network drawn from TLP:RED data says
TLP:RED in its corner and in its file (tnoc.graph.marking)."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from tnoc.graph.export import labelled_graph, network_handling
from tnoc.graph.plot import plot_network
from tnoc.graph.projection import ProjectionSpec, project
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store import Case

from .conftest import DATA


def test_network_plot_carries_the_code_of_its_sources(tmp_path: Path) -> None:
    """The CAVIAR network ingested as TLP:RED, drawn with the code ``tnoc network
    export --plot`` gives it (:func:`network_handling`): the PNG holds TLP:RED in its
    metadata, the SVG shows it as a drawn label and in its Dublin Core rights."""
    case = Case.init(tmp_path / "case")
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv",
                IngestOptions(handling_code="TLP:RED"))
    png, svg = tmp_path / "caviar.png", tmp_path / "caviar.svg"
    with case.connect(read_only=True) as con:
        p = project(con, ProjectionSpec(datasets=("caviar",)))
        code = network_handling(con, p)
        graph = labelled_graph(con, p)
    assert code == "TLP:RED"
    for path in (png, svg):
        plot_network(graph, path, "CAVIAR", label_top=3, handling=code)
    with Image.open(png) as image:
        assert image.info["TLP"] == "TLP:RED"
    text = svg.read_text(encoding="utf-8")
    label = text.split('<g id="tnoc-handling-code">', 1)[1][:2000]  # drawn, visible
    assert ">TLP:RED</text>" in label or "<!-- TLP:RED -->" in label
    assert re.search(r"<dc:rights>\s*<cc:Agent>\s*<dc:title>TLP:RED</dc:title>", text)


def test_a_network_figure_is_titled_by_its_files_not_source_ids(tmp_path: Path) -> None:
    """The title of a network figure names the files it was drawn from (issue #18:
    names, not ids), and says how many more there are rather than cutting a name."""
    from tnoc.store.query import files_caption

    case = Case.init(tmp_path / "case")
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv")
    ingest_file(case, "caviar", DATA / "networks" / "morselli_siren.csv")
    with case.connect(read_only=True) as con:
        ids = [str(s) for (s,) in con.execute("SELECT source_id FROM sources").fetchall()]
        assert files_caption(con, ids) == "morselli_caviar.csv, morselli_siren.csv"
        assert files_caption(con, ids, shown=1) == "morselli_caviar.csv and 1 more files"
        assert "src-" not in files_caption(con, ids)
