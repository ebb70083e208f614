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
from tnoc.assess.wording import country as country_name  # noqa: E402
from tnoc.graph.marking import mark_handling  # noqa: E402

# drawn at the size they print (the text width), so the 7 pt labels are 7 pt on paper;
# drawn 10 in wide and shrunk to the page they came out at about 5 pt
MAP_SIZE = (PRINT_WIDTH, PRINT_WIDTH * 0.52)
# the room a 7 pt label takes on the map at this size, in degrees: per character of
# longitude (plus a margin) and one line of latitude; two labels closer than their
# half-widths added would overlap, and the second is left out
LABEL_CHAR = 3.4
LABEL_LINE = 7.0

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


def _free(placed: list[tuple[float, float, float]], x: float, y: float, half: float
          ) -> bool:
    """Whether a label ``half`` degrees wide either side of (x, y) keeps clear of the
    labels ``placed`` (centre x, centre y, half-width)."""
    return all(abs(x - px) > half + ph or abs(y - py) > LABEL_LINE for px, py, ph in placed)


def _label(ax: plt.Axes, placed: list[tuple[float, float, float]], code: str,
           x: float, y: float, **style: object) -> None:
    """The country's name at (x, y) unless it would cover a label already placed."""
    name = country_name(code)
    half = (len(name) * LABEL_CHAR + 2.0) / 2
    if _free(placed, x, y, half):
        placed.append((x, y, half))
        ax.text(x, y, name, fontsize=7, ha="center", **style)  # type: ignore[arg-type]


def _note_below(ax: plt.Axes, anchor: plt.Axes, text: str, clearance: float = 0.0
                ) -> None:
    """``text`` under the axes ``anchor`` (the colour bar, or the map), ``clearance``
    points below its bottom edge (room for the colour bar's tick labels and label):
    placed relative to the axes, not at a fixed spot of the figure, where it sat on the
    colour bar's label (review 2026-12-01, item 14)."""
    ax.annotate(text, xy=(0.0 if anchor is ax else 0.5, 0.0), xycoords="axes fraction"
                if anchor is ax else anchor.transAxes, xytext=(0, -clearance - 2),
                textcoords="offset points", ha="left" if anchor is ax else "center",
                va="top", fontsize=7, annotation_clip=False)


def _under_bar(bar_ax: plt.Axes) -> float:
    """Points from a horizontal colour bar's bottom edge to below its label: the tick
    labels (a line and a half for the log scale's raised exponents), the label, and
    matplotlib's pads between them."""
    size = plt.rcParams["font.size"]
    ticks = plt.rcParams["xtick.labelsize"]
    tick_pt = size * {"xx-small": 0.579, "x-small": 0.694, "small": 0.833,
                      "medium": 1.0, "large": 1.2}.get(ticks, 1.0) \
        if isinstance(ticks, str) else float(ticks)
    label = size * 1.2
    pads = plt.rcParams["xtick.major.pad"] + plt.rcParams["xtick.major.size"] \
        + plt.rcParams["axes.labelpad"]
    return tick_pt * 1.5 + label + pads + 2


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
    placed: list[tuple[float, float, float]] = []
    for code, _value in top:  # the name on the country, unless it would cover another's
        if code in shapes:
            x, y = shapes[code].centre
            _label(ax, placed, code, x, y, va="center",
                   bbox={"boxstyle": "round,pad=0.15", "fc": "white", "alpha": 0.8,
                         "lw": 0})
    lines = ["highest: " + "; ".join(f"{country_name(code)} {value:,.0f}"
                                     for code, value in top)]
    missing = sorted(set(values) - set(shapes))
    if missing:
        lines.append("not on this map (territories too small at 1:110m): "
                     + ", ".join(country_name(c) for c in missing[:12])
                     + (" ..." if len(missing) > 12 else ""))
    _note_below(ax, bar.ax, "\n".join(lines), _under_bar(bar.ax))
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
            skipped.append(f"{country_name(origin)}→{country_name(destination)}")
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
    placed: list[tuple[float, float, float]] = []
    for origin, destination, _ in flows[:8]:
        for code in dict.fromkeys((origin, destination)):
            if code in shapes:
                x, y = shapes[code].centre
                _label(ax, placed, code, x, y, va="bottom")
    _base(ax)
    ax.set_title(title)
    note = f"arc width: {legend}; circles: within one country"
    if skipped:
        note += "; not drawn: " + ", ".join(skipped[:8])
    _note_below(ax, ax, note)
    mark_handling(fig, handling)
    return fig

