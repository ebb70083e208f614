"""Country choropleths and flow maps drawn offline from Natural Earth boundaries.

The boundaries are Natural Earth's 1:110m Admin 0 countries (v4.1.0, public domain),
shipped with TNOC in ``assess/data`` and read with ``pyshp``; the drawing is
matplotlib's. Countries are keyed by ISO 3166-1 alpha-2. The projection is plain
longitude/latitude (equirectangular): honest for a threat picture, and needing no
projection library. Colours come from a sequential colour map with a log scale when
values span more than two orders of magnitude, and a legend states the scale; countries
with no data stay grey, not white, so "no data" never reads as "zero".
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.colors import LogNorm, Normalize  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from tnoc.assess.boundaries import countries  # noqa: E402
from tnoc.assess.charts import PRINT_WIDTH  # noqa: E402
from tnoc.graph.marking import mark_handling  # noqa: E402

# drawn at the size they print (the text width), so the 7 pt labels are 7 pt on paper;
# drawn 10 in wide and shrunk to the page they came out at about 5 pt
MAP_SIZE = (PRINT_WIDTH, PRINT_WIDTH * 0.52)
# how far apart (degrees of longitude, latitude) two country labels must be centred so
# that two 7 pt codes at this size do not overlap (about 2 characters by 1 line)
LABEL_GAP = (14.0, 7.0)

NO_DATA = "#d9d9d9"


def _norm(values: Mapping[str, float]) -> Normalize:
    positive = [v for v in values.values() if v > 0]
    if positive and max(positive) / min(positive) > 100:
        return LogNorm(vmin=min(positive), vmax=max(positive))
    return Normalize(vmin=0, vmax=max(values.values()) if values else 1)


def _base(ax: plt.Axes) -> None:
    ax.set_xlim(-180, 180)
    ax.set_ylim(-58, 84)
    ax.set_aspect("equal")
    ax.axis("off")


def choropleth(values: Mapping[str, float], title: str, legend: str, *,
               handling: str) -> Figure:
    """A world map shading each country (alpha-2 key) by its value; ``handling`` (the
    code of the sources depicted) in a corner (:mod:`tnoc.graph.marking`)."""
    shapes = countries()
    norm = _norm(values)
    cmap = plt.get_cmap("OrRd")
    fig, ax = plt.subplots(figsize=MAP_SIZE)
    polys, colours = [], []
    for code, country in shapes.items():
        value = values.get(code)
        colour = cmap(norm(value)) if value and value > 0 else NO_DATA
        for ring in country.rings:
            polys.append(ring)
            colours.append(colour)
    ax.add_collection(PolyCollection(polys, facecolors=colours, edgecolors="white",
                                     linewidths=0.3))
    _base(ax)
    mappable = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
    bar = fig.colorbar(mappable, ax=ax, orientation="horizontal", fraction=0.04, pad=0.02)
    bar.set_label(legend + (" (log scale)" if isinstance(norm, LogNorm) else ""))
    ax.set_title(title)
    top = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    placed: list[tuple[float, float]] = []
    for code, _value in top:  # the code on the country, unless it would cover another's
        if code in shapes:
            x, y = shapes[code].centre
            if all(abs(x - px) > LABEL_GAP[0] or abs(y - py) > LABEL_GAP[1]
                   for px, py in placed):
                placed.append((x, y))
                ax.annotate(code, (x, y), fontsize=7, ha="center", va="center",
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                  "alpha": 0.8, "lw": 0})
    lines = ["highest: " + "; ".join(f"{code} {value:,.0f}" for code, value in top)]
    missing = sorted(set(values) - set(shapes))
    if missing:
        lines.append("not on this map (territories too small at 1:110m): "
                     + ", ".join(missing[:12]) + (" ..." if len(missing) > 12 else ""))
    fig.text(0.01, 0.0, "\n".join(lines), fontsize=7, va="top")  # under the colour bar
    mark_handling(fig, handling)
    return fig


def flow_map(flows: list[tuple[str, str, float]], title: str, legend: str, *,
             handling: str) -> Figure:
    """Arcs from origin to destination country (alpha-2), width by weight; flows within
    one country are drawn as circles. Endpoints not on the map are listed below it;
    ``handling`` in a corner (:mod:`tnoc.graph.marking`)."""
    shapes = countries()
    fig, ax = plt.subplots(figsize=MAP_SIZE)
    ax.add_collection(PolyCollection([r for c in shapes.values() for r in c.rings],
                                     facecolors="#eeeeee", edgecolors="white",
                                     linewidths=0.3))
    biggest = max((w for _, _, w in flows), default=1.0) or 1.0
    skipped = []
    for origin, destination, weight in flows:
        if origin not in shapes or destination not in shapes:
            skipped.append(f"{origin}→{destination}")
            continue
        (x0, y0), (x1, y1) = shapes[origin].centre, shapes[destination].centre
        width = 0.4 + 4.0 * math.sqrt(weight / biggest)
        if origin == destination:
            ax.scatter([x0], [y0], s=20 + 300 * weight / biggest, facecolors="none",
                       edgecolors="#b30000", linewidths=1)
            continue
        ax.annotate("", (x1, y1), (x0, y0), arrowprops={
            "arrowstyle": "-|>", "color": "#b30000", "alpha": 0.6, "lw": width,
            "connectionstyle": "arc3,rad=0.2", "shrinkA": 2, "shrinkB": 2})
    for origin, destination, _ in flows[:8]:
        for code in (origin, destination):
            if code in shapes:
                x, y = shapes[code].centre
                ax.text(x, y, code, fontsize=7, ha="center", va="bottom")
    _base(ax)
    ax.set_title(title)
    note = f"arc width: {legend}; circles: within one country"
    if skipped:
        note += "; not drawn: " + ", ".join(skipped[:8])
    fig.text(0.01, 0.0, note, fontsize=7, va="top")
    mark_handling(fig, handling)
    return fig

