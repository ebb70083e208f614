"""The handling code on every image: a network plot, a disruption curve, a report chart.

A chart cut out of a TLP:RED report must not look unrestricted, so each figure carries
its code twice: visibly, as a label in its top-right corner in the colours of TLP 2.0
(FIRST, 2022: the code in its colour on black; CLEAR white), and in the file's own
metadata (a PNG ``TLP`` text chunk, the SVG's Dublin Core ``rights``), where a tool
that strips the picture's context still finds it.

The code is the strictest of the sources the image depicts, at least TLP:AMBER for a
computed result (:func:`tnoc.store.derived.derived_handling_code`); whoever draws the
image passes it as the one ``handling`` parameter of the plotting function.
:func:`save_figure` is the one way an image is written: it refuses a figure that
carries no code (fail closed), so a new chart cannot leave unmarked.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import offset_copy

from tnoc.errors import TnocError
from tnoc.tlp import TLP_ORDER

# TLP 2.0 colours (FIRST TLP 2.0 standard, "Colours in RGB"), the label on black
TLP_COLOURS = {"TLP:RED": "#FF2B2B", "TLP:AMBER": "#FFC000", "TLP:AMBER+STRICT": "#FFC000",
               "TLP:GREEN": "#33FF00", "TLP:CLEAR": "#FFFFFF"}
MARKING_ID = "tnoc-handling-code"  # the label's gid: how save_figure finds it


def mark_handling(fig: Figure, handling: str) -> Text:
    """Write ``handling`` (a TLP 2.0 code) in the top-right corner of ``fig``: bold, in
    its TLP colour on black. An unknown code is refused."""
    if handling not in TLP_ORDER:
        raise TnocError(f"an image's handling code must be one of {', '.join(TLP_ORDER)}; "
                        f"got {handling!r}")
    for old in [t for t in fig.texts if t.get_gid() == MARKING_ID]:
        old.remove()  # drawn once: a figure re-marked shows its new code only
    # 4 points in from the corner, so the label and its box stay inside the figure and
    # a tight bounding box does not grow (a report's figure keeps its print width)
    inside = offset_copy(fig.transFigure, fig=fig, x=-4, y=-4, units="points")
    return fig.text(1.0, 1.0, handling, ha="right", va="top", fontsize=8,
                    fontweight="bold", family="monospace", color=TLP_COLOURS[handling],
                    gid=MARKING_ID, zorder=10, transform=inside,
                    bbox={"facecolor": "black", "edgecolor": "black",
                          "boxstyle": "square,pad=0.3"})


def figure_handling(fig: Figure) -> str | None:
    """The handling code marked on ``fig`` (:func:`mark_handling`), or None."""
    return next((t.get_text() for t in fig.texts if t.get_gid() == MARKING_ID), None)


def save_figure(fig: Figure, target: Path | BinaryIO, fmt: str) -> None:
    """Write ``fig`` as ``fmt`` (``png`` or ``svg``) with its handling code in the
    file's metadata too (PNG text chunk ``TLP``; SVG ``dc:rights``). A figure without
    a marked code is refused: no image leaves without one."""
    code = figure_handling(fig)
    if code is None:
        raise TnocError("this figure carries no handling code; mark it "
                        "(tnoc.graph.marking.mark_handling) before writing it")
    fmt = fmt.lower().lstrip(".")
    metadata = {"png": {"TLP": code}, "svg": {"Rights": code}}.get(fmt)
    if metadata is None:
        raise TnocError(f"an image is written as png or svg, not {fmt!r}")
    fig.savefig(target, format=fmt, bbox_inches="tight", metadata=metadata)


def write_figure(fig: Figure, path: Path) -> None:
    """Write ``fig`` to the file ``path`` through :func:`save_figure` (format from the
    file's suffix, ``.png`` or ``.svg``), whole or not at all: a refused or failed
    drawing leaves the old file or none, never a part (:func:`tnoc.safe_write.atomic_output`)."""
    from tnoc.safe_write import atomic_output

    with atomic_output(path) as partial:
        save_figure(fig, partial, path.suffix)
