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

from tnoc.errors import TnocError  # noqa: E402
from tnoc.graph.disruption import DisruptionResult  # noqa: E402

FORMATS = (".png", ".svg")
# community colours: Okabe & Ito's (2008) colour-blind-safe set, then darker tones
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442",
           "#8C564B", "#7F3C8D", "#11A579")
OTHER = "#BBBBBB"


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
                 label_top: int = 12, seed: int = 1, main_component: bool = True
                 ) -> NetworkDrawing:
    """Draw ``graph`` (nodes with a ``label`` attribute, optionally ``community``) to
    ``path`` and say what the figure shows.

    Only the largest connected component is drawn when ``main_component`` (isolates and
    fragments would push the core into a corner); actors are sized by degree and
    coloured by community (``communities``: per node, or aligned with
    ``graph.nodes()``; default the ``community`` node attribute), and the ``label_top``
    key players by betweenness are named. The layout is force-directed (Fruchterman &
    Reingold 1991) with a fixed seed: the same picture every run."""
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
    fig, ax = plt.subplots(figsize=(10, 7.5), dpi=150)
    density = nx.density(shown) if n > 1 else 0.0
    nx.draw_networkx_edges(shown, layout, ax=ax, width=0.4,
                           alpha=0.08 if density > 0.05 else 0.3, edge_color="#555555")
    colours, legend = _community_colours(shown, by_node)
    top_degree = max(degree.values()) or 1
    nx.draw_networkx_nodes(shown, layout, nodelist=nodes, ax=ax,
                           node_color=[colours[v] for v in nodes], linewidths=0.4,
                           edgecolors="white",
                           node_size=[18 + 260 * degree[v] / top_degree for v in nodes])
    key = _key_players(shown, label_top)
    names = [str(graph.nodes[v].get("label", v)) for v in key]
    for rank, v in enumerate(key, 1):  # numbers on the nodes, names in the key: no overlap
        x, y = layout[v]
        ax.annotate(str(rank), (x, y), xytext=(0, 6), textcoords="offset points",
                    fontsize=7, fontweight="bold", ha="center", va="bottom",
                    bbox={"boxstyle": "round,pad=0.12", "facecolor": "white",
                          "edgecolor": "#333333", "linewidth": 0.4, "alpha": 0.9})
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c, label=text)
               for c, text in legend]
    if handles:
        ax.add_artist(ax.legend(handles=handles, fontsize=7, frameon=False,
                                loc="upper left", bbox_to_anchor=(1.0, 1.0),
                                title="Leiden community", title_fontsize=7))
    if names:
        ax.legend(handles=[plt.Line2D([], [], linestyle="", label=f"{i}  {name[:34]}")
                           for i, name in enumerate(names, 1)],
                  fontsize=7, frameon=False, loc="lower left", bbox_to_anchor=(1.0, 0.0),
                  title="Key players (betweenness)", title_fontsize=7, handlelength=0,
                  handletextpad=0)
    drawing = NetworkDrawing(path, graph.number_of_nodes(), n, len(components) - 1
                             if main_component else 0,
                             names,
                             len([c for c, _ in legend if c != OTHER]))
    if drawing.left_out:
        ax.text(0.0, -0.02, f"Not drawn: {drawing.left_out} actor(s) outside the main "
                f"component ({drawing.components_left_out} smaller component(s) or "
                "isolates).", transform=ax.transAxes, fontsize=7, va="top", color="#444444")
    ax.set_title(title, fontsize=11)
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)
    return drawing


def plot_network(graph: nx.Graph, path: Path, title: str,
                 communities: Sequence[int] | None = None, label_top: int = 25,
                 seed: int = 1) -> Path:
    """Draw ``graph`` to ``path`` (see :func:`draw_network`); every component is drawn,
    as ``tnoc network plot`` promises the whole network."""
    return draw_network(graph, path, title, communities, label_top, seed,
                        main_component=False).path


def plot_disruption(results: Sequence[DisruptionResult], path: Path, title: str) -> Path:
    """Largest-component curves, one per simulation, against the share of actors
    removed: solid, the largest component relative to the original largest component
    (the curve of Duijn et al. 2014 and Cavallaro et al. 2020); dashed, where it
    differs, the largest component as a share of all actors (the curve Schneider et
    al.'s R averages). Stochastic runs get a band of one standard deviation."""
    _check(path)
    fig, ax = plt.subplots(figsize=(8, 5), dpi=150)
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
    ax.set_xlabel("share of actors removed (fraction of all actors, 0–1)")
    ax.set_ylabel("largest connected component / original largest component (ratio, 0–1)")
    if split:
        ax.plot([], [], linestyle="--", color="#555555",
                label="dashed: LCC as a share of all actors")
        lcc = ", ".join(f"{r.original_lcc} of {r.actors}" for r in results[:1])
        note = f"The original largest component holds {lcc} actors."
    else:
        note = ("The network starts connected: the LCC as a share of all actors equals "
                "the relative LCC.")
    ax.text(0.0, -0.14, note, ha="left", va="top", fontsize=8, color="#444444",
            transform=ax.transAxes)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    ax.set_title(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)
    return path
