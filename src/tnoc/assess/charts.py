"""Charts for the threat assessment, drawn with matplotlib for print: trend lines with
their alarms and category seams, the harm × likelihood priority matrix, and Sankey
diagrams of origin-to-destination flows, and C2 hosting concentration over time.

Lines are distinguished by marker as well as colour (readable in black and white),
alarms are red triangles, and a seam (renamed or merged category) is a dotted vertical
line, so a reader sees where a series' definition changed.

Every chart shows its handling code in a corner (the one ``handling`` parameter, the
strictest code of the sources it depicts; :mod:`tnoc.graph.marking`), and
:func:`svg_data_uri` writes it into the SVG too.

Every axis is labelled through :func:`tnoc.assess.wording.axis_label` ("what (unit)"),
and a trend chart takes its unit from its series and refuses series of different
units (kilograms and counts never share an axis; the report splits them by
:func:`by_unit`).
"""

from __future__ import annotations

import base64
import io
from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text in SVG

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import PathPatch, Rectangle  # noqa: E402
from matplotlib.path import Path as CurvePath  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from tnoc.assess.harm import Priority  # noqa: E402
from tnoc.assess.series import CountSeries  # noqa: E402
from tnoc.assess.trends import AlarmResult  # noqa: E402
from tnoc.assess.wording import axis_label, category_label, number  # noqa: E402
from tnoc.errors import TnocError  # noqa: E402
from tnoc.graph.marking import mark_handling, save_figure  # noqa: E402
from tnoc.graph.plot import place_labels  # noqa: E402

MARKERS = "osD^vP*Xh<>"
# charts are drawn at the size they print (the A4 text width, 180 mm), so a font size
# here is the size on paper
PRINT_WIDTH = 7.1  # inches


def _compact(value: float, _pos: object = None) -> str:
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def grain(periods: list[str]) -> str:
    """The calendar unit of ``periods``: year (YYYY), month (YYYY-MM) or day."""
    width = len(periods[0]) if periods else 4
    return {4: "year", 7: "month"}.get(width, "day")


def by_unit(series: list[CountSeries]) -> dict[str, list[CountSeries]]:
    """``series`` grouped by unit (in order of first appearance): one chart each."""
    out: dict[str, list[CountSeries]] = {}
    for s in series:
        out.setdefault(s.unit, []).append(s)
    return out


def _legend_name(name: str, most: int = 40) -> str:
    """A series' name in a legend: as the report shows category names (the
    questionnaire's instructions dropped), cut to ``most`` characters, the cut marked."""
    shown = category_label(name)
    return shown if len(shown) <= most else shown[:most - 1] + "…"


def trend_chart(series: list[CountSeries], alarm_results: list[AlarmResult], title: str,
                measure: str, seams: list[tuple[str, str]] | None = None, every: int = 1,
                *, handling: str) -> Figure:
    """Lines for ``series`` (shared periods, one unit), alarms marked, seams as dotted
    lines labelled with what changed. The y axis reads "``measure`` per GRAIN (unit)";
    ``every`` thins the period labels."""
    units = sorted({s.unit for s in series})
    if len(units) != 1 or not units[0]:
        raise TnocError(f"chart {title!r}: one unit per axis, got "
                        f"{', '.join(repr(u) for u in units) or 'no series'}; split the "
                        "series by unit (charts.by_unit)")
    fig, ax = plt.subplots(figsize=(PRINT_WIDTH, 3.0))
    periods = series[0].periods if series else []
    index = {p: i for i, p in enumerate(periods)}
    for i, s in enumerate(series):
        xs = [index[p] for p, v in zip(s.periods, s.values, strict=True) if v is not None]
        ys = [v for v in s.values if v is not None]
        ax.plot(xs, ys, marker=MARKERS[i % len(MARKERS)], markersize=4, linewidth=1.4,
                label=_legend_name(s.name))
    flagged = [(index[a.period], a.observed) for r in alarm_results for a in r.alarms
               if a.period in index]
    if flagged:
        ax.scatter([x for x, _ in flagged], [y for _, y in flagged], marker="^", s=70,
                   color="#c00000", zorder=5, label="alarm (above prediction bound)")
    for period, label in seams or []:
        if period in index:
            ax.axvline(index[period] - 0.5, linestyle=":", color="#444444", linewidth=1)
            ax.text(index[period] - 0.45, ax.get_ylim()[1] * 0.97, label, fontsize=7,
                    va="top", rotation=90, color="#444444")
    ticks = list(range(0, len(periods), every))
    ax.set_xticks(ticks, [periods[t] for t in ticks], rotation=45 if every > 1 else 0,
                  fontsize=7.5)
    ax.tick_params(axis="y", labelsize=7.5)
    ax.yaxis.set_major_formatter(FuncFormatter(_compact))
    step = grain(periods)
    ax.set_xlabel(axis_label("period", step), fontsize=8)
    ax.set_ylabel(axis_label(f"{measure} per {step}", units[0]), fontsize=8)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, frameon=False, ncol=2)
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    mark_handling(fig, handling)
    return fig


CONCENTRATION_PANELS = (("C2 servers listed", "servers", "count"),
                        ("top-5 AS share", "share", "% of servers of known AS"),
                        ("Herfindahl–Hirschman index", "HHI", "0–1"))
"""The panels of :func:`concentration_chart`: title, y axis and its unit."""


def concentration_chart(lines: dict[str, list[tuple[date, float | None, float | None,
                                                    float | None]]],
                        title: str, *, handling: str) -> Figure:
    """C2 hosting concentration over time: for each line (all servers, each family)
    its servers, top-5 share and HHI at each list's date (``lines``: name -> (date,
    servers, top-5 share 0–1, HHI) per list). A list without the family is a gap in
    its line and a hollow marker at zero servers, so a family that vanished (Emotet
    after its takedown) reads as gone, not as a line drawn across. The HHI panel
    shades 0.18 and above, "highly concentrated" in the US DoJ/FTC merger guidelines
    (2023)."""
    import matplotlib.dates as mdates

    fig, axes = plt.subplots(1, 3, figsize=(PRINT_WIDTH, 2.9))
    every = sorted({d for points in lines.values() for d, *_ in points})
    for i, (name, points) in enumerate(lines.items()):
        marker = MARKERS[i % len(MARKERS)]
        colour = f"C{i % 10}"
        for ax, column in zip(axes, range(1, 4), strict=True):
            xs = [d for d, *_ in points]
            ys = [float("nan") if p[column] is None else
                  float(p[column]) * (100 if column == 2 else 1)  # type: ignore[arg-type]
                  for p in points]
            ax.plot(xs, ys, marker=marker, markersize=4, linewidth=1.3, color=colour,
                    label=name if column == 1 else None)
            gone = [d for d, *rest in points if rest[column - 1] is None]
            if column == 1 and gone:
                ax.scatter(gone, [0] * len(gone), marker=marker, s=22, facecolors="none",
                           edgecolors=colour, zorder=4, clip_on=False)
    for ax, (panel, what, unit) in zip(axes, CONCENTRATION_PANELS, strict=True):
        ax.set_title(panel, fontsize=8.5)
        ax.set_ylabel(axis_label(what, unit), fontsize=7)
        ax.set_xlabel(axis_label("list taken", "date"), fontsize=7)
        ax.set_xticks(every)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
        ax.tick_params(axis="x", labelsize=6.5, rotation=45)
        ax.tick_params(axis="y", labelsize=7)
        ax.set_ylim(0, ax.get_ylim()[1] * 1.08)  # a marker at the top clear of the frame
        ax.grid(alpha=0.3)
    axes[0].yaxis.set_major_formatter(FuncFormatter(_compact))
    axes[0].set_ylim(-0.05 * axes[0].get_ylim()[1], None)  # hollow markers clear of the axis
    top = max(0.2, axes[2].get_ylim()[1])
    axes[2].axhspan(0.18, top, color="#f4cccc", zorder=0)
    axes[2].set_ylim(0, top)
    fig.legend(loc="lower center", ncol=min(len(lines), 6), fontsize=7, frameon=False,
               bbox_to_anchor=(0.5, 0.0))
    fig.suptitle(title, fontsize=10)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    mark_handling(fig, handling)
    return fig


# marker and colour per group kind (the prefix of a priority's group key), readable in
# black and white by shape alone
KIND_STYLES = {"criminal network": ("o", "#0072B2"), "malware family": ("s", "#D55E00"),
               "darknet vendor": ("^", "#009E73"), "laundering network": ("D", "#CC79A7")}
OTHER_KIND = ("X", "#777777")
KEY_NAME = 40  # characters of a group's name in the matrix key
MATRIX_GROUPS = 30
"""The most groups a priority matrix places and keys, highest priority first (the web
page's table shows as many): a key of hundreds of names is unreadable, and placing each
label clear of every other is quadratic (every group of the demo case's 17,007 alerts'
networks took minutes)."""


def priority_matrix(priorities: list[Priority], title: str, *, handling: str) -> Figure:
    """Groups placed by harm (x) and likelihood (y) levels at their true positions,
    sized by capability, shaped and coloured by kind; each marked with its rank (the
    priority table's #), the label set beside it where it covers no other label or
    marker (:func:`place_labels`, with a leader line when moved), and the ranks named
    in a key beside the matrix. The shaded top-right cells are the high-priority
    corner. Only the :data:`MATRIX_GROUPS` highest are drawn, the title saying so."""
    if len(priorities) > MATRIX_GROUPS:
        title = f"{title} (the {MATRIX_GROUPS} highest of {len(priorities):,})"
        priorities = priorities[:MATRIX_GROUPS]
    fig = plt.figure(figsize=(PRINT_WIDTH, 4.3))
    ax = fig.add_axes((0.085, 0.11, 0.44, 0.70))
    ax.fill_between([3.5, 5.5], 3.5, 5.5, color="#f4cccc", zorder=0)
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xlabel(axis_label("harm", "weighted mean level, 1–5"), fontsize=8)
    ax.set_ylabel(axis_label("likelihood", "weighted mean level, 1–5"), fontsize=8)
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.3)
    ax.set_title(title, fontsize=10, loc="left", pad=30)
    points: list[tuple[float, float]] = []
    labels: list[str] = []
    radii: list[float] = []
    key: list[tuple[str, str, str]] = []  # marker, colour, text
    kinds: dict[str, tuple[str, str]] = {}
    for rank, p in enumerate(priorities, 1):
        harm, likelihood = p.dimensions.get("harm"), p.dimensions.get("likelihood")
        kind, _, name = p.group.partition(": ")
        marker, colour = KIND_STYLES.get(kind, OTHER_KIND)
        if harm is None or likelihood is None:
            key.append((marker, colour, f"{rank}  {_short(name or kind)} (not placed: "
                        f"{'harm' if harm is None else 'likelihood'} unscored)"))
            continue
        size = 30 + 30 * (p.dimensions.get("capability") or 1)
        ax.scatter([harm], [likelihood], s=size, marker=marker, color=colour, alpha=0.75,
                   edgecolors="white", linewidths=0.5, zorder=3)
        points.append((harm, likelihood))
        labels.append(str(rank))
        radii.append(size ** 0.5 / 2)
        key.append((marker, colour, f"{rank}  {_short(name or kind)}"))
        kinds.setdefault(kind if kind in KIND_STYLES else "other", (marker, colour))
    place_labels(ax, points, labels, radii)
    if kinds:
        ax.legend(handles=[plt.Line2D([], [], marker=m, color=c, linestyle="", label=k)
                           for k, (m, c) in kinds.items()],
                  loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2,
                  fontsize=7, frameon=False, handletextpad=0.2, columnspacing=0.8,
                  borderaxespad=0.2)
    if key:
        fig.legend(handles=[plt.Line2D([], [], marker=m, color=c, linestyle="",
                                       markersize=5, label=text) for m, c, text in key],
                   loc="upper left", bbox_to_anchor=(0.56, 0.93),
                   fontsize=7 if len(key) <= 26 else 6, frameon=False,
                   title="rank and group (the priority table's #)", title_fontsize=7.5,
                   alignment="left", handletextpad=0.3, labelspacing=0.35)
    mark_handling(fig, handling)
    return fig


def _short(name: str) -> str:
    """A group's name cut to the key's width, the cut marked."""
    return name if len(name) <= KEY_NAME else name[:KEY_NAME - 1] + "…"


def _stack(totals: dict[str, float], scale: float, gap: float) -> dict[str, float]:
    """Bottom y of each node when ``totals`` are stacked top-down (largest first)."""
    out, y = {}, 1.0
    for name, total in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
        y -= total * scale
        out[name] = y
        y -= gap
    return out


def sankey(flows: list[tuple[str, str, float]], title: str, unit: str, *,
           handling: str) -> Figure:
    """A two-column Sankey diagram: origins on the left, destinations on the right, each
    band as wide as its flow (``unit``). Node labels carry their totals, so the figure
    reads in black and white; band colour follows the origin."""
    flows = [(o, d, w) for o, d, w in flows if w > 0]
    fig, ax = plt.subplots(figsize=(PRINT_WIDTH, 5.4))
    ax.set_axis_off()
    ax.set_title(title, fontsize=10)
    mark_handling(fig, handling)
    if not flows:
        return fig
    left: dict[str, float] = {}
    right: dict[str, float] = {}
    for o, d, w in flows:
        left[o] = left.get(o, 0.0) + w
        right[d] = right.get(d, 0.0) + w
    gap = 0.012
    scale = (1.0 - gap * (max(len(left), len(right)) - 1)) / sum(left.values())
    bottoms = {"L": _stack(left, scale, gap), "R": _stack(right, scale, gap)}
    colours = {o: plt.get_cmap("tab20")(i % 20) for i, o in
               enumerate(sorted(left, key=lambda k: (-left[k], k)))}
    x0, x1, width = 0.0, 1.0, 0.03
    for side, totals, x, align in (("L", left, x0 - width, "right"),
                                   ("R", right, x1, "left")):
        for name, total in totals.items():
            y, h = bottoms[side][name], total * scale
            ax.add_patch(Rectangle((x, y), width, h, color="#555555"))
            ax.text(x - 0.01 if align == "right" else x + width + 0.01, y + h / 2,
                    f"{name} ({number(total)})", ha=align, va="center", fontsize=7)
    out_y = {name: bottoms["L"][name] + total * scale for name, total in left.items()}
    in_y = {name: bottoms["R"][name] + total * scale for name, total in right.items()}
    for o, d, w in sorted(flows, key=lambda f: (-left[f[0]], f[0], -right[f[1]], f[1])):
        h = w * scale
        a_top, b_top = out_y[o], in_y[d]
        out_y[o] -= h
        in_y[d] -= h
        mid = (x0 + x1) / 2
        path = CurvePath(
            [(x0, a_top), (mid, a_top), (mid, b_top), (x1, b_top),
             (x1, b_top - h), (mid, b_top - h), (mid, a_top - h), (x0, a_top - h),
             (x0, a_top)],
            [CurvePath.MOVETO, CurvePath.CURVE4, CurvePath.CURVE4, CurvePath.CURVE4,
             CurvePath.LINETO, CurvePath.CURVE4, CurvePath.CURVE4, CurvePath.CURVE4,
             CurvePath.CLOSEPOLY])
        ax.add_patch(PathPatch(path, facecolor=colours[o], alpha=0.55, edgecolor="none"))
    ax.text(x0, 1.02, "origin", ha="right", fontsize=8, style="italic")
    ax.text(x1 + width, 1.02, f"destination ({unit})", ha="left", fontsize=8,
            style="italic")
    ax.set_xlim(-0.45, 1.45)
    ax.set_ylim(-0.01, 1.05)
    fig.tight_layout()
    return fig


def _svg_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def svg_data_uri(fig: Figure) -> str:
    """The figure as an SVG data URI (self-contained HTML), figure closed; its handling
    code in the SVG's metadata (:func:`tnoc.graph.marking.save_figure`)."""
    buffer = io.BytesIO()
    save_figure(fig, buffer, "svg")
    plt.close(fig)
    return _svg_uri(buffer.getvalue())


def svg_file_uri(path: Path) -> str:
    """An SVG file already drawn (network plots) as a data URI."""
    return _svg_uri(path.read_bytes())
