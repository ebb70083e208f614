"""Pictures for a report: the network and the disruption curves (PNG or SVG).

Drawn offline with matplotlib (Agg backend). The network plot sizes actors by degree,
colours them by community, and labels the ``label_top`` actors of highest degree with
their names on a translucent white box so they stay readable over ties (SVG
keeps them as text); a force-directed layout
(Fruchterman & Reingold 1991) with a fixed seed gives the same picture every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"  # SVG labels stay text: searchable, editable

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402

from tnoc.errors import TnocError  # noqa: E402
from tnoc.graph.disruption import DisruptionResult  # noqa: E402

FORMATS = (".png", ".svg")


def _check(path: Path) -> None:
    if path.suffix.lower() not in FORMATS:
        raise TnocError(f"{path}: a plot is written as .png or .svg")
    path.parent.mkdir(parents=True, exist_ok=True)


def plot_network(graph: nx.Graph, path: Path, title: str,
                 communities: Sequence[int] | None = None, label_top: int = 25,
                 seed: int = 1) -> Path:
    """Draw ``graph`` (nodes with a ``label`` attribute) to ``path``."""
    _check(path)
    if graph.number_of_nodes() == 0:
        raise TnocError("the network is empty: nothing to draw")
    und = graph.to_undirected() if graph.is_directed() else graph
    layout = nx.spring_layout(und, seed=seed, k=1.5 / max(1, und.number_of_nodes()) ** 0.5)
    degree = dict(und.degree())
    nodes = list(graph.nodes())
    fig, ax = plt.subplots(figsize=(12, 9), dpi=150)
    nx.draw_networkx_edges(und, layout, ax=ax, width=0.5, alpha=0.35, edge_color="#555555")
    colours = list(communities) if communities is not None else [0] * len(nodes)
    nx.draw_networkx_nodes(und, layout, nodelist=nodes, ax=ax, cmap="tab20",
                           node_color=colours, linewidths=0.3, edgecolors="white",
                           node_size=[20 + 12 * degree[n] for n in nodes])
    top = sorted(nodes, key=lambda n: (-degree[n], n))[:label_top]
    for n in top:
        x, y = layout[n]
        ax.text(x, y, str(graph.nodes[n].get("label", n)), fontsize=8, ha="center",
                va="bottom", bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                                   "edgecolor": "none", "alpha": 0.75})
    ax.set_title(title, fontsize=11)
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_disruption(results: Sequence[DisruptionResult], path: Path, title: str) -> Path:
    """Largest-component curves, one per simulation, against the share of actors
    removed; stochastic runs get a band of one standard deviation."""
    _check(path)
    fig, ax = plt.subplots(figsize=(8, 5), dpi=150)
    for result in results:
        xs, ys, sd = [], [], []
        for step in result.steps:
            xs.append(step.removed_total / result.actors)
            ys.append(step.lcc_fraction)
            sd.append(step.lcc_sd)
        spec = result.spec
        label = spec.strategy + ("" if spec.recovery == "none" else f" + {spec.recovery}")
        line = ax.plot(xs, ys, label=label, linewidth=1.5)[0]
        if spec.stochastic:
            ax.fill_between(xs, [y - s for y, s in zip(ys, sd, strict=True)],
                            [y + s for y, s in zip(ys, sd, strict=True)],
                            color=line.get_color(), alpha=0.15)
    ax.set_xlabel("share of actors removed")
    ax.set_ylabel("largest connected component (share of original actors)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    ax.set_title(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
