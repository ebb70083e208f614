"""``tnoc network``: criminal network analysis on the case's ties (thin: parse, call
:mod:`tnoc.graph`, print)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from tnoc.cli_common import CaseOpt, _open, console, write_csv
from tnoc.errors import TnocError

if TYPE_CHECKING:
    import duckdb

    from tnoc.graph.projection import Projection, ProjectionSpec

network_app = typer.Typer(help="Criminal network analysis on the case's ties.",
                          no_args_is_help=True)


SourcesOpt = Annotated[list[str] | None, typer.Option(
    "--source", help="Source id or file name to project (repeatable; default: all).")]
SchemaOpt = Annotated[list[str] | None, typer.Option(
    "--schema", help="Tie schema, e.g. CommunicationLink (repeatable; default: all ties).")]
AffiliationOpt = Annotated[str | None, typer.Option(
    help="Two-mode to one-mode: Schema.prop of the actors, e.g. Event.involved (tied when "
         "at the same summit) or Membership.member:organization.")]
WindowOpt = Annotated[str | None, typer.Option(
    help="Only ties dated in FROM..UNTIL (ISO dates, until excluded), e.g. "
         "2022-12-01..2023-01-01.")]
WeightOpt = Annotated[str | None, typer.Option(
    help="Property whose values weight a tie, e.g. count or weight.")]


def _spec(con: duckdb.DuckDBPyConnection, sources: list[str] | None,
          schemata: list[str] | None, weight: str | None, undirected: bool,
          affiliation: str | None = None, window: str | None = None) -> ProjectionSpec:
    from tnoc.graph.projection import ProjectionSpec

    ids: list[str] = []
    for source in sources or []:
        row = con.execute(
            "SELECT source_id FROM sources WHERE source_id = ? OR file_name = ? "
            "ORDER BY ingested_at DESC LIMIT 1", [source, source]).fetchone()
        if row is None:
            raise TnocError(f"no source {source!r} in this case; see 'tnoc sources'")
        ids.append(row[0])
    return ProjectionSpec(schemata=tuple(schemata or ()), sources=tuple(ids),
                          directed=False if undirected else None, weight=weight,
                          affiliation=affiliation, window=_window(window))


def _window(text: str | None) -> tuple[str, str] | None:
    if not text:
        return None
    start, sep, until = text.partition("..")
    if not sep or not start or not until or until <= start:
        raise TnocError(f"--window {text!r}: give FROM..UNTIL with FROM before UNTIL, "
                        "e.g. 2022-12-01..2023-01-01")
    return start.strip(), until.strip()


@network_app.command("measures")
def network_measures(
    case: CaseOpt = Path("."),
    source: SourcesOpt = None,
    schema: SchemaOpt = None,
    affiliation: AffiliationOpt = None,
    window: WindowOpt = None,
    weight: WeightOpt = None,
    undirected: Annotated[bool, typer.Option(help="Ignore tie direction.")] = False,
    top: Annotated[int, typer.Option(help="Rows to print.")] = 15,
    sort: Annotated[str, typer.Option(help="Measure to sort by.")] = "betweenness",
    csv: Annotated[Path | None, typer.Option(help="Write every node's measures here.")] = None,
) -> None:
    """Centrality of every actor (degree, betweenness, closeness, eigenvector, PageRank,
    k-core, Burt's constraint and effective size); stored with the projection."""
    from tnoc.graph.measures import MEASURES, freeman_centralization, measure
    from tnoc.graph.results import save_measures

    if sort not in MEASURES:
        raise TnocError(f"unknown measure {sort!r}; one of {', '.join(MEASURES)}")
    with _open(case).transaction() as con:
        projection = _project(con, source, schema, weight, undirected, affiliation,
                              window, require_ties=False)
        table = measure(projection)
        projection_id = save_measures(con, projection, table)
    g = projection.graph
    console.print(f"{len(projection.ids):,} actors, {g.numberOfEdges():,} ties "
                  f"({'directed' if g.isDirected() else 'undirected'}); degree "
                  f"centralization {freeman_centralization(table.values['degree']):.3f}; "
                  f"stored as {projection_id}")
    shown = ("degree", "in_degree", "out_degree", "strength", "betweenness", "closeness",
             "eigenvector", "pagerank", "core", "constraint")
    out = Table("actor", *shown)
    rows = sorted(table.rows(), key=lambda r: (-float(r[sort]), str(r["entity"])))
    for row in rows[:top]:
        out.add_row(str(row["entity"]), *(f"{float(row[m]):.3g}" for m in shown))
    console.print(out)
    if csv:
        header = ["entity", *MEASURES]
        write_csv(csv, header, ([row[k] for k in header] for row in rows))


@network_app.command("communities")
def network_communities(
    case: CaseOpt = Path("."),
    source: SourcesOpt = None,
    schema: SchemaOpt = None,
    affiliation: AffiliationOpt = None,
    window: WindowOpt = None,
    weight: WeightOpt = None,
) -> None:
    """Leiden communities and their modularity."""
    from collections import Counter

    from tnoc.graph.measures import communities

    with _open(case).connect(read_only=True) as con:
        projection = _project(con, source, schema, weight, True, affiliation, window,
                              require_ties=False)
    labels, modularity = communities(projection)
    sizes = Counter(labels)
    console.print(f"{len(sizes)} communities, modularity {modularity:.3f}")
    out = Table("community", "size", "members")
    for label, size in sizes.most_common(20):
        members = [e for e, c in zip(projection.ids, labels, strict=True) if c == label]
        out.add_row(str(label), str(size), ", ".join(members[:12]) +
                    (" …" if len(members) > 12 else ""))
    console.print(out)


@network_app.command("timeline")
def network_timeline(
    dataset: Annotated[str, typer.Option(help="Dataset whose sources are the slices.")],
    case: CaseOpt = Path("."),
    pattern: Annotated[str, typer.Option(help="File-name pattern of the slices.")] = "*",
    measure_name: Annotated[str, typer.Option("--measure", help="Measure to follow.")] = (
        "degree"),
    weight: WeightOpt = None,
    top: Annotated[int, typer.Option(help="Risers and fallers to print.")] = 5,
) -> None:
    """A measure across time slices (e.g. CAVIAR's 11 phase files): who rises, who falls."""
    from tnoc.graph.projection import ProjectionSpec
    from tnoc.graph.temporal import slice_sources, timeline

    with _open(case).connect(read_only=True) as con:
        slices = slice_sources(con, dataset, pattern)
        result = timeline(con, slices, ProjectionSpec(weight=weight), measure_name)
    change = result.change()
    movers = change[:top] + change[-top:][::-1]
    out = Table("actor", "change", *[f"{i + 1}" for i in range(len(result.slices))],
                title=f"{measure_name} per slice ({', '.join(result.slices[:3])} …); "
                      f"actors per slice: {result.sizes}")
    for actor, delta in sorted(movers, key=lambda x: -x[1]):
        out.add_row(actor, f"{delta:+.3g}", *(f"{v:.3g}" for v in result.values[actor]))
    console.print(out)




def _project(con: duckdb.DuckDBPyConnection, source: list[str] | None,
             schema: list[str] | None, weight: str | None, undirected: bool,
             affiliation: str | None = None, window: str | None = None,
             require_ties: bool = True) -> Projection:
    """The projection the options describe; an empty one is an error when the command
    needs ties (measures and communities report 0 actors instead)."""
    from tnoc.graph.projection import project

    projection = project(con, _spec(con, source, schema, weight, undirected, affiliation,
                                    window))
    if require_ties and not projection.ids:
        raise TnocError("the projected network is empty: no ties in the chosen sources "
                        "and schemata (see 'tnoc sources')")
    return projection


@network_app.command("brokers")
def network_brokers(
    case: CaseOpt = Path("."),
    group: Annotated[str, typer.Option(
        help="Property giving each actor's group (e.g. country, nationality), or "
             "'community' for the Leiden communities.")] = "community",
    source: SourcesOpt = None,
    schema: SchemaOpt = None,
    affiliation: AffiliationOpt = None,
    window: WindowOpt = None,
    undirected: Annotated[bool, typer.Option(help="Ignore tie direction.")] = False,
    top: Annotated[int, typer.Option(help="Rows to print.")] = 15,
) -> None:
    """Gould–Fernandez brokerage roles of every actor on open two-paths a -> b -> c:
    coordinator (all in one group), itinerant (a and c in one group, b outside),
    gatekeeper (b and c in one group), representative (a and b in one group), liaison
    (three groups). On undirected ties each two-path counts in both directions."""
    from tnoc.graph.brokerage import ROLES, brokerage, property_groups
    from tnoc.graph.measures import communities

    with _open(case).connect(read_only=True) as con:
        p = _project(con, source, schema, None, undirected, affiliation, window)
        if group == "community":
            labels = [f"c{c}" for c in communities(p)[0]]
            groups: list[str | None] = list(labels)
        else:
            groups = property_groups(con, p.ids, group)
    missing = sum(g is None for g in groups)
    result = brokerage(p, groups)
    rows = sorted(result.rows(), key=lambda r: (-int(str(r["total"])), str(r["entity"])))
    out = Table("actor", "group", "coord.", "itin.", "gatek.", "repr.", "liais.",
                "unclass.", "total",
                title=f"Brokerage by {group} ({len(p.ids)} actors"
                      + (f", {missing} without a group)" if missing else ")"))
    for row in rows[:top]:
        out.add_row(str(row["entity"]), str(row["group"]),
                    *(str(row[r]) for r in (*ROLES, "unclassified", "total")))
    console.print(out)


@network_app.command("keyplayers")
def network_keyplayers(
    k: Annotated[int, typer.Option("-k", help="Size of the key-player set.")] = 3,
    case: CaseOpt = Path("."),
    problem: Annotated[str, typer.Option(
        help="neg: whose removal fragments most (KPP-Neg); pos: who reaches the rest "
             "best (KPP-Pos).")] = "neg",
    source: SourcesOpt = None,
    schema: SchemaOpt = None,
    affiliation: AffiliationOpt = None,
    window: WindowOpt = None,
    starts: Annotated[int, typer.Option(help="Greedy searches (first from top degree).")] = 5,
    seed: int = 1,
) -> None:
    """Borgatti's key-player set of size k (distance-weighted fragmentation or reach)."""
    from tnoc.graph.keyplayers import key_players

    with _open(case).connect(read_only=True) as con:
        p = _project(con, source, schema, None, True, affiliation, window)
    result = key_players(p, k, problem, starts, seed)
    what = "fragmentation after removal" if problem == "neg" else "distance-weighted reach"
    console.print(f"{result.kind} set of {k} of {len(p.ids)} actors: "
                  f"[bold]{', '.join(result.members)}[/]")
    console.print(f"{what}: {result.score:.4f}"
                  + (f" (before removal {result.baseline:.4f})" if problem == "neg" else "")
                  + f"; {result.evaluations:,} sets evaluated from {result.starts} starts")


@network_app.command("path")
def network_path(
    source_entity: Annotated[str, typer.Argument(metavar="FROM", help="Entity id.")],
    target_entity: Annotated[str, typer.Argument(metavar="TO", help="Entity id.")],
    case: CaseOpt = Path("."),
    k: Annotated[int, typer.Option("-k", help="Number of shortest paths.")] = 3,
    weighted: Annotated[bool, typer.Option(
        help="Tie length 1/weight (strong ties are short) instead of hops.")] = False,
    source: SourcesOpt = None,
    schema: SchemaOpt = None,
    affiliation: AffiliationOpt = None,
    window: WindowOpt = None,
    weight: WeightOpt = None,
    undirected: Annotated[bool, typer.Option(help="Ignore tie direction.")] = False,
) -> None:
    """The k shortest paths between two actors, each hop with the ties behind it
    (source file, locator, file hash) so every step can be cited."""
    from tnoc.graph.paths import paths_between

    with _open(case).connect(read_only=True) as con:
        p = _project(con, source, schema, weight, undirected, affiliation, window)
        answer = paths_between(con, p, source_entity, target_entity, k, weighted)
    if answer.reason:
        console.print(f"[yellow]no path[/]: {answer.reason}")
        raise typer.Exit(1)
    files: dict[str, str] = {}
    for number, (hops, length) in enumerate(zip(answer.paths, answer.lengths,
                                                 strict=True), 1):
        chain = " -> ".join([hops[0].source, *(h.target for h in hops)])
        table = Table("hop", "tie", "weight", "evidence",
                      title=f"path {number}: {chain} (length {length:.3g})")
        for i, hop in enumerate(hops, 1):
            for tie in hop.evidence:
                files[str(tie["file_name"])] = str(tie["sha256"])
                table.add_row(f"{i}. {hop.source} -> {hop.target}", str(tie["edge"]),
                              f"{tie['weight']:g}" if tie["weight"] is not None else "",
                              f"{tie['file_name']}, {tie['locator']}")
        console.print(table)
    for name, digest in sorted(files.items()):
        console.print(f"{name}: sha256 {digest}")


@network_app.command("ego")
def network_ego(
    entity: Annotated[str, typer.Argument(help="Ego's entity id.")],
    case: CaseOpt = Path("."),
    radius: Annotated[int, typer.Option(help="Hops from ego.")] = 1,
    source: SourcesOpt = None,
    schema: SchemaOpt = None,
    affiliation: AffiliationOpt = None,
    window: WindowOpt = None,
    weight: WeightOpt = None,
    plot: Annotated[Path | None, typer.Option(help="Draw the ego network (.png/.svg).")
                    ] = None,
) -> None:
    """Ego network: the actors within RADIUS hops and their ties, with ego's measures."""
    from tnoc.graph.measures import measure
    from tnoc.graph.paths import ego_network

    with _open(case).connect(read_only=True) as con:
        p = _project(con, source, schema, weight, False, affiliation, window)
        ego = ego_network(p, entity, radius)
        if plot:
            from tnoc.graph.export import labelled_graph
            from tnoc.graph.plot import plot_network

            plot_network(labelled_graph(con, ego), plot, f"ego network of {entity}")
    n, ties = len(ego.ids), ego.graph.numberOfEdges()
    possible = n * (n - 1) / (1 if ego.graph.isDirected() else 2)
    table = measure(ego)
    i = ego.ids.index(entity)
    console.print(f"ego network of {entity}, radius {radius}: {n} actors, {ties} ties, "
                  f"density {ties / possible if possible else 0:.3f}; ego's degree "
                  f"{table.values['degree'][i]:.0f}, constraint "
                  f"{table.values['constraint'][i]:.3f}, effective size "
                  f"{table.values['effective_size'][i]:.2f}")
    console.print(", ".join(e for e in ego.ids if e != entity))
    if plot:
        console.print(f"drawn to {plot}")


@network_app.command("disrupt")
def network_disrupt(
    case: CaseOpt = Path("."),
    strategy: Annotated[list[str] | None, typer.Option(
        help="degree, betweenness, katz, collective_influence, random or attribute "
             "(repeatable; default: all but attribute).")] = None,
    block: Annotated[int, typer.Option(help="Actors removed per step.")] = 1,
    static: Annotated[bool, typer.Option(
        help="Rank once at the start instead of after every step.")] = False,
    max_steps: Annotated[int | None, typer.Option(help="Stop after this many steps.")
                         ] = None,
    recovery: Annotated[str, typer.Option(
        help="none, triadic or preferential rewiring after each step.")] = "none",
    recovery_rate: Annotated[float, typer.Option(help="Probability per new tie.")] = 0.5,
    runs: Annotated[int, typer.Option(help="Runs averaged for random order/recovery.")
                    ] = 20,
    seed: int = 1,
    attribute: Annotated[str | None, typer.Option(
        help="For the attribute strategy: a numeric property (highest first) or "
             "PROP=v1,v2 to remove actors whose value is v1 first, then v2.")] = None,
    source: SourcesOpt = None,
    schema: SchemaOpt = None,
    affiliation: AffiliationOpt = None,
    window: WindowOpt = None,
    plot: Annotated[Path | None, typer.Option(help="LCC curves to this .png/.svg.")
                    ] = None,
    csv: Annotated[Path | None, typer.Option(help="Every step of every strategy as CSV.")
                   ] = None,
    store: Annotated[bool, typer.Option(
        help="Keep the results in the case (tables and statements).")] = True,
) -> None:
    """Simulate removing actors: after each step the largest component (share of the
    original actors), the global efficiency and the number of components.

    Strategies are compared by Schneider et al.'s robustness R (mean largest component
    over the removal; lower = the strategy breaks the network faster). Results are kept
    in the case as disruption_runs/disruption_steps and as statements (each removed
    actor links to the step), with their parameters.
    """

    from tnoc.graph.disruption import DisruptionSpec, attribute_rank, simulate
    from tnoc.graph.results import save_disruption

    strategies = strategy or ["degree", "betweenness", "katz", "collective_influence",
                              "random"]
    opened = _open(case)
    with opened.transaction() as con:
        p = _project(con, source, schema, None, True, affiliation, window)
        rank = None
        if "attribute" in strategies:
            if not attribute:
                raise TnocError("the attribute strategy needs --attribute PROP or "
                                "PROP=v1,v2")
            rank = attribute_rank(con, p.ids, attribute)
        results = []
        for name in strategies:
            spec = DisruptionSpec(strategy=name, block=block, recompute=not static,
                                  max_steps=max_steps, recovery=recovery,
                                  recovery_rate=recovery_rate, runs=runs, seed=seed,
                                  attribute=attribute)
            result = simulate(p, spec, rank)
            run_id = save_disruption(con, opened.root, p, result) if store else "-"
            results.append((run_id, result))
    table = Table("strategy", "run", "robustness R", "LCC @10%", "LCC @25%",
                  "efficiency @10%", "first removed",
                  title=f"Disruption of {len(p.ids)} actors, {p.graph.numberOfEdges()} ties"
                        f" ({'blocks of ' + str(block) if block > 1 else 'one at a time'}, "
                        f"{'static' if static else 'recomputed'} ranking, recovery "
                        f"{recovery})")
    for run_id, result in sorted(results, key=lambda x: x[1].robustness()):
        first = [a for s in result.steps[1:4] for a in s.removed]
        table.add_row(result.spec.strategy, run_id, f"{result.robustness():.3f}",
                      f"{result.at_removed(0.1).lcc_fraction:.3f}",
                      f"{result.at_removed(0.25).lcc_fraction:.3f}",
                      f"{result.at_removed(0.1).efficiency:.3f}",
                      "(random)" if result.spec.strategy == "random" else
                      ", ".join(first[:5]))
    console.print(table)
    if plot:
        from tnoc.graph.plot import plot_disruption

        plot_disruption([r for _, r in results], plot,
                        f"Disruption: {', '.join(p.source_ids)[:80]}")
        console.print(f"curves drawn to {plot}")
    if csv:
        write_csv(csv, ["strategy", "run", "step", "removed_total", "removed", "lcc_fraction",
                        "lcc_sd", "efficiency", "efficiency_sd", "components"],
                  ([result.spec.strategy, run_id, s.step, s.removed_total, " ".join(s.removed),
                    s.lcc_fraction, s.lcc_sd, s.efficiency, s.efficiency_sd, s.components]
                   for run_id, result in results for s in result.steps))


@network_app.command("export")
def network_export(
    out: Annotated[Path, typer.Argument(help="Output file (.gexf, .graphml) or folder (i2).")],
    case: CaseOpt = Path("."),
    fmt: Annotated[str, typer.Option("--format", help="gexf, graphml or i2.")] = "gexf",
    source: SourcesOpt = None,
    schema: SchemaOpt = None,
    affiliation: AffiliationOpt = None,
    window: WindowOpt = None,
    weight: WeightOpt = None,
    undirected: Annotated[bool, typer.Option(help="Ignore tie direction.")] = False,
    plot: Annotated[Path | None, typer.Option(help="Also draw the network (.png/.svg).")
                    ] = None,
    label_top: Annotated[int, typer.Option(help="Actors labelled in the plot.")] = 25,
) -> None:
    """Write the network for Gephi (GEXF, GraphML) or i2 Analyst's Notebook (entities.csv
    and links.csv with the evidence of each link), with names, communities and measures
    as attributes; the export is recorded in the custody record."""
    from tnoc.graph.export import export_network, labelled_graph
    from tnoc.graph.measures import communities, measure

    with _open(case).transaction() as con:
        p = _project(con, source, schema, weight, undirected, affiliation, window)
        labels = communities(p)[0]
        table = measure(p)
        attributes: dict[str, list[float | int | str]] = {"community": list(labels)}
        attributes.update({m: list(v) for m, v in table.values.items()})
        written = export_network(con, p, fmt, out, attributes)
        if plot:
            from tnoc.graph.plot import plot_network

            plot_network(labelled_graph(con, p), plot,
                         f"{', '.join(p.source_ids)[:80]}: {len(p.ids)} actors",
                         labels, label_top)
    console.print(f"{len(p.ids):,} actors, {p.graph.numberOfEdges():,} ties written to "
                  + ", ".join(str(w) for w in written))
    if plot:
        console.print(f"drawn to {plot}")
