"""Pictures for a report: the network and the disruption curves (PNG or SVG).

Drawn offline with matplotlib (Agg backend). The network plot sizes actors by degree,
colours them by Leiden community (a colour-blind-safe palette, the largest communities
first, a legend with their sizes), numbers the ``label_top`` key players by betweenness
on the figure and names them in a key beside it (numbers do not overlap where names
would), and can draw only the main component, saying in the figure how many actors it
leaves out (:func:`draw_network`). A force-directed layout (Fruchterman & Reingold
1991) with a fixed seed gives the same picture every run; SVG keeps text as text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"  # SVG labels stay text: searchable, editable

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from tnoc.errors import TnocError  # noqa: E402
from tnoc.graph.disruption import DisruptionResult  # noqa: E402
from tnoc.graph.marking import mark_handling, save_figure  # noqa: E402

FORMATS = (".png", ".svg")
# community colours: Okabe & Ito's (2008) colour-blind-safe set, then darker tones
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442",
           "#8C564B", "#7F3C8D", "#11A579")
OTHER = "#BBBBBB"
LEGEND_FONT = 8.0  # points, on paper when the figure is drawn at its print size
LEGEND_COLUMN = 2.3  # inches to the right of a network for its legends


@dataclass
class PlacedLabel:
    """A label placed beside its point: the text, the point and the label's box, both
    in display units (pixels at the figure's dpi), and whether a leader line joins
    them (the label had to move away from its point)."""

    text: str
    point: tuple[float, float]
    box: tuple[float, float, float, float]  # x0, y0, x1, y1
    leader: bool


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]
             ) -> float:
    """The area two boxes share (0 when they do not touch)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


# where a label may go, nearest first: offsets (points, beyond the marker) and
# directions (degrees; up-right first, as a reader looks for a label)
_RINGS = (1.5, 5.0, 10.0, 16.0, 24.0, 34.0, 46.0)
_ANGLES = (45, 135, -45, -135, 90, -90, 0, 180, 22, 158, -22, -158, 68, 112, -68, -112)


def place_labels(ax: Axes, points: Sequence[tuple[float, float]], labels: Sequence[str],
                 radii: Sequence[float], fontsize: float = 7.5, boxed: bool = False
                 ) -> list[PlacedLabel]:
    """Write ``labels`` beside their ``points`` (data coordinates; ``radii``: each
    marker's radius in points) so that no label covers another label or any marker:
    each label, in order, takes the nearest free place on rings around its point, and a
    leader line joins a label that had to move off its point. Where no place is free
    the one overlapping least is taken (a crowded matrix stays readable, if tight).
    ``boxed`` writes each label on a small white box (legible over lines and nodes).
    The axes must be in their final position and limits (no layout change
    afterwards)."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    px = fig.dpi / 72.0  # pixels per point
    frame = ax.get_window_extent(renderer)
    bounds = (frame.x0, frame.y0, frame.x1, frame.y1)
    centres = [tuple(ax.transData.transform(p)) for p in points]
    markers = [(x - r * px, y - r * px, x + r * px, y + r * px)
               for (x, y), r in zip(centres, radii, strict=True)]
    placed: list[PlacedLabel] = []
    pad = (1.0 + (0.15 * fontsize if boxed else 0.0)) * px  # a boxed label's margin
    for i, ((x, y), r, text) in enumerate(zip(centres, radii, labels, strict=True)):
        style = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "#333333",
                 "linewidth": 0.4, "alpha": 0.9} if boxed else None
        probe = ax.text(0, 0, text, fontsize=fontsize, fontweight="bold", bbox=style)
        extent = probe.get_window_extent(renderer)
        probe.remove()
        w, h = extent.width / 2 + pad, extent.height / 2 + pad
        best: tuple[float, tuple[float, float], tuple[float, float, float, float]] | None
        best = None
        for ring in _RINGS:
            for angle in _ANGLES:
                dx, dy = np.cos(np.radians(angle)), np.sin(np.radians(angle))
                cx = x + dx * (r * px + ring * px + w)
                cy = y + dy * (r * px + ring * px + h)
                box = (cx - w, cy - h, cx + w, cy + h)
                outside = (box[0] < bounds[0] or box[1] < bounds[1] or box[2] > bounds[2]
                           or box[3] > bounds[3])
                cost = (sum(_overlap(box, p.box) for p in placed)
                        + sum(_overlap(box, m) for m in markers) + (1e9 if outside else 0.0))
                if best is None or cost < best[0]:
                    best = (cost, (cx, cy), box)
                if cost == 0:
                    break
            if best is not None and best[0] == 0:
                break
        assert best is not None
        _, (cx, cy), box = best
        leader = bool(np.hypot(cx - x, cy - y) > r * px + 8 * px + max(w, h))
        ax.annotate(text, points[i], xytext=((cx - x) / px, (cy - y) / px),
                    textcoords="offset points", ha="center", va="center", bbox=style,
                    fontsize=fontsize, fontweight="bold", zorder=6, annotation_clip=False,
                    arrowprops={"arrowstyle": "-", "color": "#666666", "linewidth": 0.5,
                                "shrinkA": 0.0, "shrinkB": r} if leader else None)
        placed.append(PlacedLabel(text, (x, y), box, leader))
    return placed


def _check(path: Path) -> None:
    if path.suffix.lower() not in FORMATS:
        raise TnocError(f"{path}: a plot is written as .png or .svg")
    path.parent.mkdir(parents=True, exist_ok=True)


@dataclass
class NetworkDrawing:
    """What a network figure shows and what it leaves out, for its caption."""

    path: Path
    actors: int
    drawn: int
    components_left_out: int
    labelled: list[str] = field(default_factory=list)
    communities: int = 0

    @property
    def left_out(self) -> int:
        return self.actors - self.drawn

    def caption(self) -> str:
        """The figure's caption in words: what is drawn, how it is coloured, who is
        named and what is left out (an analyst must never have to guess)."""
        drawn = (f"The main component: {self.drawn} of {self.actors} actors"
                 if self.left_out else f"All {self.actors} actors")
        text = (f"{drawn}, sized by degree, coloured by community "
                f"({self.communities} shown in colour, smaller ones grey); "
                f"named: the {len(self.labelled)} actors of highest betweenness.")
        if self.left_out:
            text += (f" Left out: {self.left_out} actor(s) in {self.components_left_out} "
                     "smaller component(s) or isolated.")
        return text


def _key_players(graph: nx.Graph, top: int) -> list[object]:
    """The ``top`` brokers: betweenness (Freeman 1977) first, degree to break ties."""
    if top <= 0:
        return []
    between = nx.betweenness_centrality(graph, normalized=True, seed=1,
                                        k=min(graph.number_of_nodes(), 300))
    degree = dict(graph.degree())
    return sorted(graph.nodes(), key=lambda n: (-between[n], -degree[n], str(n)))[:top]


def _community_colours(graph: nx.Graph, communities: Mapping[object, int]
                       ) -> tuple[dict[object, str], list[tuple[str, str]]]:
    """A distinct colour per community, the largest first; communities past the
    palette (or of one actor) grey. Returns node -> colour and the legend entries."""
    sizes: dict[int, int] = {}
    for n in graph.nodes():
        sizes[communities.get(n, -1)] = sizes.get(communities.get(n, -1), 0) + 1
    ranked = sorted((c for c in sizes if sizes[c] > 1 and c != -1),
                    key=lambda c: (-sizes[c], c))[:len(PALETTE)]
    colour = {c: PALETTE[i] for i, c in enumerate(ranked)}
    nodes = {n: colour.get(communities.get(n, -1), OTHER) for n in graph.nodes()}
    legend = [(colour[c], f"community {i + 1} ({sizes[c]} actors)")
              for i, c in enumerate(ranked)]
    rest = sum(v for c, v in sizes.items() if c not in colour)
    if rest:
        legend.append((OTHER, f"smaller communities ({rest} actors)"))
    return nodes, legend


def draw_network(graph: nx.Graph, path: Path, title: str,
                 communities: Mapping[object, int] | Sequence[int] | None = None,
                 label_top: int = 12, seed: int = 1, main_component: bool = True,
                 size: tuple[float, float] = (10, 7.5), *, handling: str
                 ) -> NetworkDrawing:
    """Draw ``graph`` (nodes with a ``label`` attribute, optionally ``community``) to
    ``path`` and say what the figure shows.

    Only the largest connected component is drawn when ``main_component`` (isolates and
    fragments would push the core into a corner); actors are sized by degree and
    coloured by community (``communities``: per node, or aligned with
    ``graph.nodes()``; default the ``community`` node attribute), and the ``label_top``
    key players by betweenness are named. The layout is force-directed (Fruchterman &
    Reingold 1991) with a fixed seed: the same picture every run.

    ``size`` (inches) is the size the figure is meant to be seen at (a report passes its
    print width): the network takes the left part, the legends a column of fixed width
    on the right, so their text stays at its font size (8 pt) on paper instead of
    shrinking with a wide figure.

    ``handling``: the network's handling code (the strictest of its sources, at least
    TLP:AMBER), shown in a corner and written in the file (:mod:`tnoc.graph.marking`)."""
    _check(path)
    if graph.number_of_nodes() == 0:
        raise TnocError("the network is empty: nothing to draw")
    und = graph.to_undirected() if graph.is_directed() else graph
    if isinstance(communities, Sequence):
        by_node: Mapping[object, int] = dict(zip(graph.nodes(), communities, strict=True))
    elif communities is not None:
        by_node = communities
    else:
        by_node = {n: int(c) for n, c in graph.nodes(data="community") if c is not None}
    components = sorted(nx.connected_components(und), key=len, reverse=True)
    shown = und.subgraph(components[0]).copy() if main_component else und
    n = shown.number_of_nodes()
    layout = nx.spring_layout(shown, seed=seed, k=2.2 / max(1, n) ** 0.5, iterations=200)
    degree = dict(shown.degree())
    nodes = list(shown.nodes())
    fig = plt.figure(figsize=size, dpi=150)
    ax = fig.add_axes((0.0, 0.03, 1.0 - LEGEND_COLUMN / size[0], 0.91))
    density = nx.density(shown) if n > 1 else 0.0
    nx.draw_networkx_edges(shown, layout, ax=ax, width=0.4,
                           alpha=0.08 if density > 0.05 else 0.3, edge_color="#555555")
    colours, legend = _community_colours(shown, by_node)
    top_degree = max(degree.values()) or 1
    node_sizes = [18 + 260 * degree[v] / top_degree for v in nodes]
    nx.draw_networkx_nodes(shown, layout, nodelist=nodes, ax=ax,
                           node_color=[colours[v] for v in nodes], linewidths=0.4,
                           edgecolors="white", node_size=node_sizes)
    key = _key_players(shown, label_top)
    names = [str(graph.nodes[v].get("label", v)) for v in key]
    # numbers beside the key players, clear of each other and of those nodes (a leader
    # line where the core is crowded); their names in the key, where they cannot overlap
    ax.autoscale_view()
    sizes = {v: s for v, s in zip(nodes, node_sizes, strict=True)}
    place_labels(ax, [tuple(layout[v]) for v in key], [str(i) for i in range(1, len(key) + 1)],
                 [sizes[v] ** 0.5 / 2 for v in key], fontsize=7.5, boxed=True)
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c, label=text)
               for c, text in legend]
    if handles:
        ax.add_artist(ax.legend(handles=handles, fontsize=LEGEND_FONT, frameon=False,
                                loc="upper left", bbox_to_anchor=(1.0, 1.0),
                                title="Leiden community", title_fontsize=LEGEND_FONT + 0.5,
                                alignment="left", borderaxespad=0.2))
    if names:
        ax.legend(handles=[plt.Line2D([], [], linestyle="", label=f"{i}  {name[:34]}")
                           for i, name in enumerate(names, 1)],
                  fontsize=LEGEND_FONT, frameon=False, loc="lower left",
                  bbox_to_anchor=(1.0, 0.0), title="Key players (betweenness)",
                  title_fontsize=LEGEND_FONT + 0.5, handlelength=0, handletextpad=0,
                  alignment="left", borderaxespad=0.2)
    drawing = NetworkDrawing(path, graph.number_of_nodes(), n, len(components) - 1
                             if main_component else 0,
                             names,
                             len([c for c, _ in legend if c != OTHER]))
    if drawing.left_out:
        ax.text(0.0, -0.02, f"Not drawn: {drawing.left_out} actor(s) outside the main "
                f"component ({drawing.components_left_out} smaller component(s) or "
                "isolates).", transform=ax.transAxes, fontsize=LEGEND_FONT, va="top",
                color="#444444")
    ax.set_title(title, fontsize=10)
    ax.set_axis_off()
    mark_handling(fig, handling)
    save_figure(fig, path, path.suffix)
    plt.close(fig)
    return drawing


def plot_network(graph: nx.Graph, path: Path, title: str,
                 communities: Sequence[int] | None = None, label_top: int = 25,
                 seed: int = 1, *, handling: str) -> Path:
    """Draw ``graph`` to ``path`` (see :func:`draw_network`, ``handling`` its code);
    every component is drawn, as ``tnoc network plot`` promises the whole network."""
    return draw_network(graph, path, title, communities, label_top, seed,
                        main_component=False, handling=handling).path


def plot_disruption(results: Sequence[DisruptionResult], path: Path, title: str,
                    size: tuple[float, float] = (8, 5), *, handling: str) -> Path:
    """Largest-component curves, one per simulation, against the share of actors
    removed: solid, the largest component relative to the original largest component
    (the curve of Duijn et al. 2014 and Cavallaro et al. 2020); dashed, where it
    differs, the largest component as a share of all actors (the curve Schneider et
    al.'s R averages). Stochastic runs get a band of one standard deviation.

    ``size`` (inches): the print size. The y-axis label is written across the top of
    the axes, so a short, wide figure (a report's) keeps it whole. ``handling``: the
    code of the network simulated, on the figure and in the file
    (:mod:`tnoc.graph.marking`)."""
    _check(path)
    fig, ax = plt.subplots(figsize=size, dpi=150)
    split = any(r.original_lcc and r.original_lcc < r.actors for r in results)
    for result in results:
        xs = [step.removed_total / result.actors for step in result.steps]
        ys = [step.lcc_relative for step in result.steps]
        sd = [step.lcc_relative_sd for step in result.steps]
        spec = result.spec
        label = spec.strategy + ("" if spec.recovery == "none" else f" + {spec.recovery}")
        if spec.weight and spec.strategy == "betweenness":
            label += f" (weighted by {spec.weight})"
        line = ax.plot(xs, ys, label=label, linewidth=1.5)[0]
        if spec.stochastic:
            ax.fill_between(xs, [y - s for y, s in zip(ys, sd, strict=True)],
                            [y + s for y, s in zip(ys, sd, strict=True)],
                            color=line.get_color(), alpha=0.15)
        if split:
            ax.plot(xs, [step.lcc_fraction for step in result.steps], linestyle="--",
                    linewidth=1.0, color=line.get_color())
    ax.set_xlabel("share of actors removed (fraction of all actors, 0–1)", fontsize=8)
    ax.set_ylabel("largest connected component / original largest component (ratio, 0–1)",
                  fontsize=8, rotation=0, ha="left", va="bottom")
    ax.yaxis.set_label_coords(0.0, 1.02)
    ax.tick_params(labelsize=8)
    if split:
        ax.plot([], [], linestyle="--", color="#555555",
                label="dashed: LCC as a share of all actors")
        lcc = ", ".join(f"{r.original_lcc} of {r.actors}" for r in results[:1])
        note = f"The original largest component holds {lcc} actors."
    else:
        note = ("The network starts connected: the LCC as a share of all actors equals "
                "the relative LCC.")
    ax.annotate(note, (0.0, 0.0), xycoords="axes fraction", xytext=(0, -30),
                textcoords="offset points", ha="left", va="top", fontsize=8,
                color="#444444")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, fontsize=8)
    ax.set_title(title, fontsize=10, pad=20)
    fig.tight_layout()
    mark_handling(fig, handling)
    save_figure(fig, path, path.suffix)
    plt.close(fig)
    return path
