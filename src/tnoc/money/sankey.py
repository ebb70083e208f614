"""Sankey diagrams of traced money: where it went (or came from), hop by hop, one
diagram per currency (money is never added across currencies).

:func:`sankey` lays out the flows of a trace (:class:`tnoc.money.trace.TraceResult`)
as nodes in columns by hop (the traced accounts in the first column forward, in the
last backward) and links whose widths are proportional to the traced amount, the
classic Sankey layout (Riehmann, Hanfler & Froehlich, "Interactive Sankey Diagrams",
IEEE InfoVis 2005): a node is as tall as the larger of the money it received and paid
on in the trace, nodes of a column are stacked, and each link leaves its payer's right
side and enters its beneficiary's left side at its own offset. The positions are
computed here, so any face can draw them (the workspace renders them as SVG without
JavaScript) and a test can check them against the trace.

When a column holds more accounts than ``max_per_column``, the largest keep their own
node and the rest are one node "N other accounts" (said, not hidden); links between the
same two nodes are one link with the payments' total. Money that goes back to an
account of the same or an earlier column (a cycle: laundering's round trips) cannot be
a band running left to right: those links are kept apart as ``returns``, for the face
to list beside the diagram, never dropped.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tnoc.money.trace import TaintFlow

WIDTH = 1100.0
NODE_WIDTH = 14.0
GAP = 10.0
MIN_NODE = 2.0
MARGIN = 250.0
"""Drawing units: the diagram's width, a node's width, the gap between the nodes of a
column, the least height of a node (a tiny amount stays visible), the room left of the
first column and right of the last for the accounts' names."""


@dataclass
class SankeyNode:
    """An account (or the accounts grouped at a column): ``key`` is its entity id or
    ``other:COLUMN``; ``accounts`` how many it stands for."""

    key: str
    label: str
    column: int
    value: float = 0.0
    accounts: int = 1
    x: float = 0.0
    y: float = 0.0
    height: float = 0.0


@dataclass
class SankeyLink:
    """Money from one node to another in one currency: ``value`` the traced amount,
    ``payments`` how many transfers it adds up; ``path`` the SVG path of its centre
    line, drawn ``width`` wide."""

    source: str
    target: str
    value: float
    payments: int
    width: float = 0.0
    path: str = ""


@dataclass
class SankeyDiagram:
    """One currency's diagram: nodes and links with positions, the drawing's size, and
    how many accounts were grouped into "other" nodes."""

    currency: str
    nodes: list[SankeyNode] = field(default_factory=list)
    links: list[SankeyLink] = field(default_factory=list)
    returns: list[SankeyLink] = field(default_factory=list)
    """Links to a node of the same or an earlier column (cycles): listed, not drawn."""
    width: float = WIDTH
    height: float = 0.0
    grouped: int = 0
    column_x: list[float] = field(default_factory=list)
    """The left edge of each column (one per hop and the traced accounts')."""


def _columns(flows: list[TaintFlow], backward: bool, hops: int) -> dict[str, int]:
    """Each account's column: forward, the payer of a hop-h flow sits at h - 1 and its
    beneficiary at h; backward mirrored, so money still runs left to right. An account
    met at several hops takes the nearest to the traced accounts. ``hops``: the
    trace's deepest hop (the last column)."""
    columns: dict[str, int] = {}
    for f in flows:
        payer_hop, ben_hop = (f.hop, f.hop - 1) if backward else (f.hop - 1, f.hop)
        columns[f.payer] = min(columns.get(f.payer, payer_hop), payer_hop)
        columns[f.beneficiary] = min(columns.get(f.beneficiary, ben_hop), ben_hop)
    if not backward:
        return columns
    return {account: hops - hop for account, hop in columns.items()}


def sankey(flows: Iterable[TaintFlow], names: Mapping[str, str], *, backward: bool = False,
           max_per_column: int = 12, width: float = WIDTH, node_room: float = 48.0,
           max_height: float = 420.0) -> list[SankeyDiagram]:
    """The Sankey diagrams of a trace's ``flows``, one per currency (most money first
    is meaningless across currencies, so they come in currency order). ``names``: a
    readable name per account id (an account missing there is shown by its id). A
    diagram is ``node_room`` high per node of its fullest column, at most
    ``max_height``, so one payment is a band, not a wall."""
    by_currency: dict[str, list[TaintFlow]] = defaultdict(list)
    for f in flows:
        if f.tainted > 0:
            by_currency[f.currency or ""].append(f)
    # one column per hop in every currency's diagram, so hop h sits at the same place
    hops = max((f.hop for fs in by_currency.values() for f in fs), default=0)
    return [_diagram(currency, by_currency[currency], names, backward, max_per_column,
                     width, node_room, max_height, hops) for currency in sorted(by_currency)]


def _diagram(currency: str, flows: list[TaintFlow], names: Mapping[str, str],
             backward: bool, max_per_column: int, width: float, node_room: float,
             max_height: float, hops: int) -> SankeyDiagram:
    columns = _columns(flows, backward, hops)
    through: dict[str, float] = defaultdict(float)  # the larger of in and out, below
    paid: dict[str, float] = defaultdict(float)
    received: dict[str, float] = defaultdict(float)
    for f in flows:
        paid[f.payer] += f.tainted
        received[f.beneficiary] += f.tainted
    for account in columns:
        through[account] = max(paid[account], received[account])
    # the largest accounts of each column keep their node, the others are grouped
    node_of: dict[str, str] = {}
    nodes: dict[str, SankeyNode] = {}
    diagram = SankeyDiagram(currency, width=width)
    for column in sorted(set(columns.values())):
        members = sorted((a for a, c in columns.items() if c == column),
                         key=lambda a: (-through[a], names.get(a, a)))
        keep = members if len(members) <= max_per_column else members[:max_per_column - 1]
        for account in keep:
            nodes[account] = SankeyNode(account, names.get(account, account), column)
            node_of[account] = account
        rest = members[len(keep):]
        if rest:
            key = f"other:{column}"
            nodes[key] = SankeyNode(key, f"{len(rest):,} other accounts", column,
                                    accounts=len(rest))
            node_of.update(dict.fromkeys(rest, key))
            diagram.grouped += len(rest)
    joined: dict[tuple[str, str], SankeyLink] = {}
    for f in flows:
        pair = (node_of[f.payer], node_of[f.beneficiary])
        link = joined.setdefault(pair, SankeyLink(pair[0], pair[1], 0.0, 0))
        link.value += f.tainted
        link.payments += 1
    ordered = sorted(joined.values(), key=lambda link: -link.value)
    diagram.links = [lk for lk in ordered
                     if nodes[lk.target].column > nodes[lk.source].column]
    diagram.returns = [lk for lk in ordered
                       if nodes[lk.target].column <= nodes[lk.source].column]
    fullest = max(Counter(n.column for n in nodes.values()).values(), default=1)
    _place(diagram, list(nodes.values()), min(node_room * fullest, max_height), hops)
    return diagram


def _place(diagram: SankeyDiagram, nodes: list[SankeyNode], column_height: float,
           last: int) -> None:
    """Heights, positions and link paths (see the module)."""
    out: dict[str, float] = defaultdict(float)
    into: dict[str, float] = defaultdict(float)
    for link in diagram.links:
        out[link.source] += link.value
        into[link.target] += link.value
    for node in nodes:
        node.value = max(out[node.key], into[node.key])
    per_column: dict[int, list[SankeyNode]] = defaultdict(list)
    for node in nodes:
        per_column[node.column].append(node)
    scale = min((column_height - GAP * (len(col) - 1)) / (sum(n.value for n in col) or 1.0)
                for col in per_column.values())
    scale = max(scale, 0.0)
    step = (diagram.width - NODE_WIDTH - 2 * MARGIN) / max(last, 1)
    height = 0.0
    for column, col in per_column.items():
        y = 0.0
        for node in sorted(col, key=lambda n: -n.value):
            node.height = max(node.value * scale, MIN_NODE)
            node.x = MARGIN + column * step
            node.y = y
            y += node.height + GAP
        height = max(height, y - GAP)
    diagram.height = height
    diagram.column_x = [MARGIN + column * step for column in range(last + 1)]
    diagram.nodes = sorted(nodes, key=lambda n: (n.column, n.y))
    placed = {n.key: n for n in nodes}
    out_at = {n.key: n.y for n in nodes}
    in_at = {n.key: n.y for n in nodes}
    for link in sorted(diagram.links, key=lambda lk: (placed[lk.source].y, placed[lk.target].y)):
        source, target = placed[link.source], placed[link.target]
        link.width = max(link.value * scale, 1.0)
        y0 = out_at[source.key] + link.value * scale / 2
        y1 = in_at[target.key] + link.value * scale / 2
        out_at[source.key] += link.value * scale
        in_at[target.key] += link.value * scale
        x0, x1 = source.x + NODE_WIDTH, target.x
        bend = max(abs(x1 - x0) / 2, 40.0)
        link.path = (f"M{x0:.1f},{y0:.1f} C{x0 + bend:.1f},{y0:.1f} "
                     f"{x1 - bend:.1f},{y1:.1f} {x1:.1f},{y1:.1f}")
