"""``tnoc network``: criminal network analysis on the case's ties (thin: parse, call
:mod:`tnoc.graph`, print)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from tnoc.cli.common import (
    ID_WIDTH,
    AllOpt,
    CaseOpt,
    Column,
    CsvOpt,
    EngineName,
    EngineOpt,
    ForceOpt,
    Format,
    JsonOpt,
    Listing,
    SparkMasterOpt,
    _open,
    _progress,
    command_group,
    console,
    cut,
    limit_option,
    notes_console,
    output_format,
    print_listing,
    research_mode,
    row_limit,
    safe_markup,
    seen,
    service,
    state_handling,
    write_csv,
)
from tnoc.cli.recorded import recorded
from tnoc.errors import ArgumentError, TnocError
from tnoc.graph.scale import DEFAULT_ACTOR_TOL

if TYPE_CHECKING:
    import duckdb

    from tnoc.graph.paths import Hop
    from tnoc.graph.projection import Projection, ProjectionSpec
    from tnoc.graph.results import ComponentsListed
    from tnoc.graph.whole import WholeGraph

network_app = command_group(help="Criminal network analysis on the case's ties.",
                          no_args_is_help=True)


SourcesOpt = Annotated[list[str] | None, typer.Option(
    "--source", help="Source id or file name to project (repeatable; default: all).")]
def _tie_schemata(names: list[str] | None) -> list[str] | None:
    """``--schema``: each name a schema of ties of TNOC's model (FtM's and its own
    edges, and the interactions a projection ties: :data:`tnoc.graph.projection.
    INTERACTIONS`), said before any work (an unknown name started Spark for half a minute before
    "no ties of schema Foo")."""
    from tnoc.graph.projection import INTERACTIONS
    from tnoc.model import get_model

    model = get_model()
    for name in names or ():
        schema = model.get(name)
        if schema is None or not (schema.edge or name in INTERACTIONS):
            ties = sorted({*(s.name for s in model.schemata.values() if s.edge),
                           *INTERACTIONS})
            raise typer.BadParameter(
                f"{name!r} is {'not a schema of ties' if schema else 'no schema'}; "
                f"ties are of: {', '.join(ties)}", param_hint="--schema")
    return names


SchemaOpt = Annotated[list[str] | None, typer.Option(
    "--schema", callback=_tie_schemata,
    help="Tie schema, e.g. CommunicationLink (repeatable; default: all ties).")]
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
    from tnoc.graph.projection import ProjectionSpec, parse_window
    from tnoc.store.query import find_source

    ids = [find_source(con, source) for source in sources or []]
    return ProjectionSpec(schemata=tuple(schemata or ()), sources=tuple(ids),
                          directed=False if undirected else None, weight=weight,
                          affiliation=affiliation, window=parse_window(window))


@network_app.command("measures")
@recorded("network measures", writes=("csv",))
def network_measures(
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
    source: SourcesOpt = None,
    schema: SchemaOpt = None,
    affiliation: AffiliationOpt = None,
    window: WindowOpt = None,
    weight: WeightOpt = None,
    undirected: Annotated[bool, typer.Option(help="Ignore tie direction.")] = False,
    top: Annotated[int | None, limit_option(15, "Actors")] = None,
    all_rows: AllOpt = False,
    sort: Annotated[str, typer.Option(help="Measure to sort by.")] = "betweenness",
    as_json: JsonOpt = False,
    csv: Annotated[Path | None, typer.Option(
        help="Write every node's measures here as CSV ('-': standard output).")] = None,
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
        from tnoc.graph.export import network_handling

        code = network_handling(con, projection)
    g = projection.graph
    fmt = output_format(as_json, str(csv) == "-")
    state_handling(fmt, code, projection.source_ids, of="this network")
    notes_console(fmt).print(
        f"{len(projection.ids):,} actors, {g.numberOfEdges():,} ties "
        f"({'directed' if g.isDirected() else 'undirected'}); degree "
        f"centralization {freeman_centralization(table.values['degree']):.3f}; "
        f"stored as {projection_id}")
    shown = ("degree", "in_degree", "out_degree", "strength", "betweenness", "closeness",
             "eigenvector", "pagerank", "core", "constraint")
    rows = sorted(table.rows(), key=lambda r: (-float(r[sort]), str(r["entity"])))
    if fmt is not Format.CSV:  # the table shows the usual measures; JSON has them all
        listed, total = cut(rows, row_limit(top, all_rows, 15, fmt))
        measures = shown if fmt is Format.TABLE else MEASURES
        print_listing(Listing(
            ["actor", *(Column(m, fmt=".3g") for m in measures), "entity"],
            [(projection.name(str(r["entity"])), *(float(r[m]) for m in measures),
              r["entity"]) for r in listed], total=total, what="actors"), fmt,
            extra={"projection": projection_id, "actors": len(projection.ids),
                   "ties": g.numberOfEdges(), "handling_code": code})
    if csv:
        header = ["entity", *MEASURES]
        write_csv(csv, [*header, "handling"],
                  ([*(row[k] for k in header), code] for row in rows))


@network_app.command("components")
@recorded("network components", writes=("csv",))
def network_components(
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
    schema: SchemaOpt = None,
    engine: EngineOpt = EngineName.duckdb,
    spark_master: SparkMasterOpt = "local[2]",
    top: Annotated[int | None, limit_option(15, "Components")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    csv: Annotated[Path | None, typer.Option(
        help="Write every actor's component, degrees and PageRank here as CSV ('-': "
             "standard output).")] = None,
    pagerank_tol: Annotated[float, typer.Option(
        "--pagerank-tol", min=1e-15, help="Iterate PageRank until every actor's score is "
        "provably within this of the exact one (at least 1e-15), with as many iterations "
        "as that needs; the bound reached is printed. A looser one (1e-4) takes fewer "
        "iterations, each a few shuffle stages on Spark.")] = DEFAULT_ACTOR_TOL,
) -> None:
    """The whole case's network at any size: connected components, degree and PageRank
    of every actor over all the case's ties (or those of --schema); stored with the
    engine that computed them. Lists the components largest first with their most
    central actor. --engine spark runs it on Spark from the case's lake (write it first
    with 'tnoc case lake'); both engines give the same results. PageRank iterates until
    no actor's score can be further than 1e-6 from the exact one, and says the bound it
    reached; --pagerank-tol sets that bound.

    Example: tnoc case lake -c CASE && tnoc network components -c CASE --engine spark"""
    from tnoc.graph.results import components_listed, save_whole_graph, tie_sources
    from tnoc.graph.whole import WholeGraphParams, require_ties, whole_graph
    from tnoc.store.case_engine import run_stage

    fmt = output_format(as_json, str(csv) == "-")
    # as many iterations as the bound needs (WholeGraphParams.iterations_allowed)
    params = WholeGraphParams(schemata=tuple(schema or ()), actor_tol=pagerank_tol)

    def save(con: duckdb.DuckDBPyConnection, sources: list[str], result: WholeGraph,
             provenance: dict[str, Any]) -> tuple[WholeGraph, str, ComponentsListed]:
        projection_id = save_whole_graph(con, result, params, provenance, sources)
        return result, projection_id, components_listed(con, result, sources,
                                                        every_actor=csv is not None)

    with _progress() as progress:  # on a terminal: each step, with the time elapsed
        task = progress.add_task("network components", total=None)
        result, projection_id, listed = run_stage(
            _open(case), engine.value, spark_master,
            inputs=lambda con: tie_sources(con, params.schemata),
            job=lambda chosen, _sources: whole_graph(chosen.engine, params), save=save,
            precheck=lambda con: require_ties(con, params.schemata),
            say=lambda step: progress.update(task, description=f"components: {step}"))
    nodes, code = result.nodes, listed.code
    state_handling(fmt, code, listed.sources, of="this network and its names")
    notes_console(fmt).print(
        f"{nodes.num_rows:,} actors, {result.arcs:,} arcs, {result.components:,} "
        f"components; PageRank in {result.iterations} iterations (every actor within "
        f"{result.pagerank_error:.2g} of the exact score"
        f"{': --pagerank-tol sets the bound' if pagerank_tol == DEFAULT_ACTOR_TOL else ''}"
        "); on "
        f"{result.engine}"
        f"{' (' + spark_master + ')' if result.engine == 'spark' else ''}; stored as "
        f"{projection_id}")
    if fmt is not Format.CSV:  # names beside ids (JSON: component is the id, as ever)
        shown, total = cut(listed.rows, row_limit(top, all_rows, 15, fmt))
        print_listing(Listing(
            [Column("actors", fmt=","), Column("most central", "most_central"),
             Column("most central id", "most_central_id", width=ID_WIDTH),
             Column("pagerank", fmt=".3g"), Column("component", "component_name"),
             Column("component id", "component", width=ID_WIDTH)],
            [(r.actors, r.top_name, r.top, r.pagerank, r.component_name, r.component)
             for r in shown], total=total, what="components"), fmt,
            extra={"projection": projection_id, "actors": nodes.num_rows,
                   "arcs": result.arcs, "engine": result.engine,
                   "pagerank_iterations": result.iterations,
                   "pagerank_error_bound": result.pagerank_error, "handling_code": code})
    if csv:  # every actor, its name and its component's beside their ids
        actors = listed.actors(result)
        write_csv(csv, [*actors.column_names, "handling"],
                  ([*row.values(), code] for row in actors.to_pylist()))


@network_app.command("communities")
@recorded("network communities")
def network_communities(
    case: CaseOpt = Path("."),
    source: SourcesOpt = None,
    schema: SchemaOpt = None,
    affiliation: AffiliationOpt = None,
    window: WindowOpt = None,
    weight: WeightOpt = None,
    top: Annotated[int | None, limit_option(20, "Communities")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Leiden communities and their modularity, largest first (numbered 1, 2...), each
    with every member by name (on a terminal, long member lists wrap; nothing is cut).
    Kept in the case (a ``NetworkCommunity`` per community, pointing at its members) so
    each actor's dossier names its community; in research mode nothing is kept."""
    from collections import Counter

    from tnoc.graph.measures import communities
    from tnoc.graph.results import save_communities

    opened = _open(case)
    with opened.connect(read_only=True) as con:
        projection = _project(con, source, schema, weight, True, affiliation, window,
                              require_ties=False)
    labels, modularity = communities(projection)
    sizes = Counter(labels)
    run_id = None
    if projection.ids and not research_mode(case):
        with opened.transaction() as con:
            run_id = save_communities(con, opened.root, projection, labels, modularity)
    fmt = output_format(as_json, as_csv)
    notes_console(fmt).print(f"{len(sizes)} communities, modularity {modularity:.3f}"
                             + (f"; stored as analysis run {run_id}" if run_id else ""),
                             markup=False)
    # numbered as stored: by size, the largest first, ties by the algorithm's label
    ranked = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))
    number = {label: n for n, (label, _size) in enumerate(ranked, 1)}
    listed, total = cut(ranked, row_limit(top, all_rows, 20, fmt))
    members: dict[int, list[str]] = {}  # one pass, not one per community
    for entity, label in zip(projection.ids, labels, strict=True):
        members.setdefault(label, []).append(entity)
    rows = [(number[label], size, [projection.name(e) for e in members[label]])
            for label, size in listed]  # a list: each member a cell of its own
    print_listing(Listing(["community", Column("size", fmt=","), "members"], rows,
                          total=total, what="communities"), fmt,
                  extra={"modularity": modularity})


@network_app.command("timeline")
@recorded("network timeline")
def network_timeline(
    dataset: Annotated[str, typer.Option(help="Dataset whose sources are the slices.")],
    case: CaseOpt = Path("."),
    pattern: Annotated[str, typer.Option(help="File-name pattern of the slices.")] = "*",
    measure_name: Annotated[str, typer.Option("--measure", help="Measure to follow.")] = (
        "degree"),
    weight: WeightOpt = None,
    top: Annotated[int | None, limit_option(
        5, "Risers and fallers (each)")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """A measure across time slices (e.g. CAVIAR's 11 phase files): who rises, who falls.
    Change is the mean of the last third of the slices minus that of the first third.
    The table shows the biggest risers and fallers; --all, --json and --csv every actor,
    largest rise first."""
    from tnoc.graph.projection import ProjectionSpec
    from tnoc.graph.temporal import slice_sources, timeline
    from tnoc.store.lookup import captions

    with _open(case).connect(read_only=True) as con:
        slices = slice_sources(con, dataset, pattern)
        result = timeline(con, slices, ProjectionSpec(weight=weight), measure_name)
        names = captions(con, sorted(result.values))
    change = sorted(result.change(), key=lambda x: (-x[1], x[0]))  # largest rise first
    fmt = output_format(as_json, as_csv)
    each = row_limit(top, all_rows, 5, fmt)
    movers = change if each is None or 2 * each >= len(change) else \
        change[:each] + change[-each:]
    what = "actors" if len(movers) == len(change) else \
        f"actors: the {each:,} largest rises and falls"
    notes_console(fmt).print(
        f"{measure_name} per slice: " + "; ".join(
            f"{i} {name} ({size:,} actors)" for i, (name, size) in
            enumerate(zip(result.slices, result.sizes, strict=True), 1)),
        markup=False, highlight=False)
    print_listing(Listing(
        ["actor", Column("change", fmt="+.3g"),
         *(Column(str(i), key=name, fmt=".3g") for i, name in enumerate(result.slices, 1)),
         "entity"],
        [(names.get(actor, actor), delta, *result.values[actor], actor)
         for actor, delta in movers], total=len(change), what=what,
        title=f"{measure_name} per slice"), fmt,
        extra={"measure": measure_name,
               "slices": [{"file": name, "actors": size}
                          for name, size in zip(result.slices, result.sizes, strict=True)]})


def _project(con: duckdb.DuckDBPyConnection, source: list[str] | None,
             schema: list[str] | None, weight: str | None, undirected: bool,
             affiliation: str | None = None, window: str | None = None,
             require_ties: bool = True) -> Projection:
    """The projection the options describe; an empty one is an error when the command
    needs ties (measures and communities report 0 actors instead)."""
    from tnoc.graph.projection import project
    from tnoc.ledger.custody import sources_read

    projection = project(con, _spec(con, source, schema, weight, undirected, affiliation,
                                    window))
    sources_read(*projection.source_ids)
    if require_ties and not projection.ids:
        raise TnocError("the projected network is empty: no ties in the chosen sources "
                        "and schemata (see 'tnoc sources')")
    return projection


@network_app.command("brokers")
@recorded("network brokers")
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
    top: Annotated[int | None, limit_option(15, "Actors")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Gould–Fernandez brokerage roles of every actor on open two-paths a -> b -> c:
    coordinator (all in one group), itinerant (a and c in one group, b outside),
    gatekeeper (b and c in one group), representative (a and b in one group), liaison
    (three groups). On undirected ties each two-path counts in both directions."""
    from tnoc.graph.brokerage import ROLES, actor_groups, brokerage

    with _open(case).connect(read_only=True) as con:
        p = _project(con, source, schema, None, undirected, affiliation, window)
        groups = actor_groups(con, p, group)
    missing = sum(g is None for g in groups)
    result = brokerage(p, groups)
    rows = sorted(result.rows(), key=lambda r: (-int(str(r["total"])), str(r["entity"])))
    fmt = output_format(as_json, as_csv)
    listed, total = cut(rows, row_limit(top, all_rows, 15, fmt))
    print_listing(Listing(
        ["actor", "group", *(Column(h, r) for h, r in zip(
            ("coord.", "itin.", "gatek.", "repr.", "liais.", "unclass."),
            (*ROLES, "unclassified"), strict=True)), "total", "entity"],
        [(p.name(str(row["entity"])), row["group"],
          *(row[r] for r in (*ROLES, "unclassified", "total")), row["entity"])
         for row in listed], total=total, what="actors",
        title=f"Brokerage by {group} ({len(p.ids)} actors"
              + (f", {missing} without a group)" if missing else ")")), fmt)


@network_app.command("keyplayers")
@recorded("network keyplayers")
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
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Borgatti's key-player set of size k (distance-weighted fragmentation or reach):
    the set by name, then each member with its id. --json adds the score and the
    search; --csv lists the members alone. Kept in the case (a ``KeyPlayerSet``
    pointing at its members) so each player's dossier names the set; in research mode
    nothing is kept."""
    from tnoc.graph.keyplayers import key_players
    from tnoc.graph.results import save_key_players

    opened = _open(case)
    with opened.connect(read_only=True) as con:
        p = _project(con, source, schema, None, True, affiliation, window)
    result = key_players(p, k, problem, starts, seed)
    run_id = None
    if not research_mode(case):  # kept for the players' dossiers
        with opened.transaction() as con:
            run_id = save_key_players(con, opened.root, p, result, problem, k, seed)
    what = "fragmentation after removal" if problem == "neg" else "distance-weighted reach"
    fmt = output_format(as_json, as_csv)
    notes = notes_console(fmt)
    players = seen(Listing(["actor", "entity"], [(p.name(m), m) for m in result.members],
                           what="key players"))  # research mode: names as pseudonyms
    notes.print(f"{result.kind} set of {k} of {len(p.ids)} actors: [bold]"
                f"{safe_markup(', '.join(str(row[0]) for row in players.rows))}[/]",
                markup=True)
    notes.print(f"{what}: {result.score:.4f}"
                + (f" (before removal {result.baseline:.4f})" if problem == "neg" else "")
                + f"; {result.evaluations:,} sets evaluated from {result.starts} starts"
                + (f"; stored as analysis run {run_id}" if run_id else ""), markup=False)
    print_listing(players, fmt,
                  extra={"kind": result.kind, "problem": problem, "k": k,
                         "actors": len(p.ids), "measure": what, "score": result.score,
                         **({"before_removal": result.baseline} if problem == "neg"
                            else {}),
                         "evaluations": result.evaluations, "starts": result.starts})


@network_app.command("path")
@recorded("network path")
def network_path(
    source_entity: Annotated[str, typer.Argument(
        metavar="FROM", help="Entity id or a name borne by one entity.")],
    target_entity: Annotated[str, typer.Argument(
        metavar="TO", help="Entity id or a name borne by one entity.")],
    case: CaseOpt = Path("."),
    k: Annotated[int | None, typer.Option(
        "-k", min=1, help="Number of shortest paths (default 3; --engine spark: 1).")
    ] = None,
    weighted: Annotated[bool, typer.Option(
        help="Tie length 1/weight (strong ties are short) instead of hops.")] = False,
    source: SourcesOpt = None,
    schema: SchemaOpt = None,
    affiliation: AffiliationOpt = None,
    window: WindowOpt = None,
    weight: WeightOpt = None,
    undirected: Annotated[bool, typer.Option(help="Ignore tie direction.")] = False,
    engine: EngineOpt = EngineName.duckdb,
    spark_master: SparkMasterOpt = "local[2]",
    max_hops: Annotated[int | None, typer.Option(
        "--max-hops", min=1, help="With --engine spark: give up after this many hops, "
        "saying so (default 20).")] = None,
) -> None:
    """The k shortest paths between two actors, each hop with the ties behind it
    (source file, locator, file hash) so every step can be cited. Exits 1 when there is
    no path, saying why.

    --engine spark, for a case too large for one machine: one shortest path in hops
    over all the case's ties (or those of --schema), the same ties and direction rule
    as without it, searched breadth-first on Spark from the case's lake (write it
    first with 'tnoc case lake'); as short as the first path without it (where several
    are as short, the same one on every engine); the ties behind each hop are read
    from the case.

    Example: tnoc network path "Ann Smith" "Bob Jones" -c CASE -k 5 --undirected"""
    if engine is EngineName.spark:
        _whole_path(case, source_entity, target_entity, spark_master, k, max_hops,
                    schema, undirected, weighted=weighted, source=source,
                    affiliation=affiliation, window=window, weight=weight)
        return
    if max_hops is not None:
        raise ArgumentError("--max-hops bounds the search of --engine spark; the paths "
                            "here are searched in full")
    from tnoc.graph.paths import paths_between

    with _open(case).connect(read_only=True) as con:
        start, end = service(case).resolve_names([source_entity, target_entity], con)
        p = _project(con, source, schema, weight, undirected, affiliation, window)
        answer = paths_between(
            con, p, start, end, 3 if k is None else k, weighted,
            label=lambda e: e if p.name(e) == e else f"{p.name(e)} ({e})")
    if answer.reason:
        console.print(f"[yellow]no path[/]: {safe_markup(answer.reason)}", markup=True)
        raise typer.Exit(1)
    _print_paths(answer.paths, answer.lengths, p.name, answer.directed)


def _hop(tie: dict[str, object], hop: Hop, name: Callable[[str], str]) -> str:
    """A hop as its tie runs: ``a -> b`` along a directed tie, ``a <- b`` against it
    (a path that ignores direction may walk a payment backwards), ``a — b`` for a tie
    without direction (an association)."""
    from tnoc.model import get_model

    schema = get_model().get(str(tie.get("schema") or ""))
    if schema is not None and not schema.edge_directed:
        arrow = "—"
    else:
        arrow = "<-" if tie.get("source") == hop.target and tie.get("target") == hop.source \
            else "->"
    return f"{name(hop.source)} {arrow} {name(hop.target)}"


def _print_paths(paths: list[list[Hop]], lengths: list[float],
                 name: Callable[[str], str], directed: bool = True) -> None:
    """Each path as a table of its hops and the ties behind them (each hop's arrow as
    its tie runs: :func:`_hop`), then the hash of every file cited."""
    files: dict[str, str] = {}
    for number, (hops, length) in enumerate(zip(paths, lengths, strict=True), 1):
        chain = (" -> " if directed else " — ").join(
            name(e) for e in [hops[0].source, *(h.target for h in hops)])
        ignoring = "" if directed else ", ignoring the ties' direction"
        table = Table("hop", "tie", "weight", "evidence",
                      title=f"path {number}: {chain} (length {length:.3g}{ignoring})")
        for i, hop in enumerate(hops, 1):
            for tie in hop.evidence:
                files[str(tie["file_name"])] = str(tie["sha256"])
                table.add_row(f"{i}. {_hop(tie, hop, name)}",
                              str(tie["edge"]),
                              f"{tie['weight']:g}" if tie["weight"] is not None else "",
                              f"{tie['file_name']}, {tie['locator']}")
        console.print(table)
    for file_name, digest in sorted(files.items()):
        console.print(f"{file_name}: sha256 {digest}")


def _whole_path(case: Path, source_entity: str, target_entity: str, master: str,
                k: int | None, max_hops: int | None, schema: list[str] | None,
                undirected: bool, **in_memory_only: Any) -> None:
    """``tnoc network path --engine spark``: one shortest path over the whole case's
    ties on Spark (:func:`tnoc.graph.whole_paths.case_whole_path`), printed as the
    in-memory paths are; the options only a projection in memory has are refused."""
    from tnoc.graph.whole_paths import WholePathParams, case_whole_path
    from tnoc.store.lookup import captions

    given = [f"--{option.replace('_', '-')}" for option, value in in_memory_only.items()
             if value]
    if k not in (None, 1):
        given.insert(0, "-k")
    if given:
        raise ArgumentError(f"{', '.join(given)}: --engine spark searches one shortest "
                            "path in hops over all the case's ties (or --schema, "
                            "--undirected); the others need the in-memory search "
                            "(--engine duckdb)")
    opened = _open(case)
    with opened.connect(read_only=True) as con:
        start, end = service(case).resolve_names([source_entity, target_entity], con)
    params = WholePathParams(schemata=tuple(schema or ()),
                             directed=False if undirected else None,
                             max_hops=WholePathParams.max_hops if max_hops is None
                             else max_hops)
    with _progress() as progress:
        progress.add_task(f"searching breadth-first on spark ({master})", total=None)
        found = case_whole_path(opened, start, end, params, "spark", master)
    with opened.connect(read_only=True) as con:
        names = captions(con, sorted({start, end, *found.nodes}))
    where = (f"{found.arcs:,} arcs, {'along' if found.directed else 'ignoring'} the ties' "
             f"direction, on spark ({master})")
    reason = found.reason(names)
    if reason:
        console.print(f"[yellow]no path[/]: {safe_markup(reason)} (searched {where})",
                      markup=True)
        raise typer.Exit(1)
    notes_console(Format.TABLE).print(
        f"one shortest path in hops, found {found.levels} hops out over {where}",
        highlight=False)
    _print_paths([found.hops], [float(found.length or 0)], lambda e: names.get(e, e),
                 found.directed)


@network_app.command("ego")
@recorded("network ego", writes=("plot",))
def network_ego(
    entity: Annotated[str, typer.Argument(
        help="Ego: an entity id or a name borne by one entity.")],
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
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
    from tnoc.graph.paths import ego_facts, ego_network

    with _open(case).connect(read_only=True) as con:
        (entity,) = service(case).resolve_names([entity], con)
        p = _project(con, source, schema, weight, False, affiliation, window)
        ego = ego_network(p, entity, radius)
        if plot:
            from tnoc.graph.export import labelled_graph, network_handling
            from tnoc.graph.plot import plot_network
            from tnoc.safe_write import atomic_output

            with atomic_output(plot) as partial:  # whole or not at all
                plot_network(labelled_graph(con, ego), partial,
                             f"ego network of {p.name(entity)}",
                             handling=network_handling(con, ego))
    facts = ego_facts(ego, entity)
    console.print(f"ego network of {p.name(entity)}, radius {radius}: {facts.actors} "
                  f"actors, {facts.ties} ties, density {facts.density:.3f}; ego's degree "
                  f"{facts.degree:.0f}, constraint {facts.constraint:.3f}, effective size "
                  f"{facts.effective_size:.2f}")
    console.print(", ".join(p.name(e) for e in ego.ids if e != entity), markup=False)
    if plot:
        console.print(f"drawn to {plot}")


@network_app.command("disrupt")
@recorded("network disrupt", writes=("plot", "csv"))
def network_disrupt(
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
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
    weight: Annotated[str | None, typer.Option(
        help="Tie property for weighted betweenness, e.g. count (calls) or weight "
             "(meetings): shortest paths run over tie lengths 1/weight, so strong ties "
             "are short (see --weight-is). Other strategies and the LCC stay unweighted."
        )] = None,
    weight_is: Annotated[str, typer.Option(
        help="strength (default: more calls = closer, length 1/weight) or distance "
             "(the values are lengths already).")] = "strength",
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
    """Simulate removing actors: after each step the largest connected component (LCC)
    relative to the original LCC (as Duijn et al. 2014 and Cavallaro et al. 2020 plot
    it) and as a share of all actors, the global efficiency and the number of
    components.

    Strategies are compared by Schneider et al.'s robustness R (mean LCC share of all
    actors over the removal; lower = the strategy breaks the network faster). The same
    computation gives the R of 'tnoc assess priorities' and the report. Results are
    kept in the case as disruption_runs/disruption_steps, as the run's JSON and as
    statements (each removed actor links to the step), with their parameters.

    Example: tnoc network disrupt -c CASE --source morselli_caviar.csv
    --strategy betweenness --strategy random --weight count --plot lcc.svg
    """

    from tnoc.graph.disruption import COMPARED, DisruptionSpec, describe
    from tnoc.graph.export import network_handling, node_labels
    from tnoc.graph.results import disrupt
    from tnoc.store.query import file_names

    settings = DisruptionSpec(block=block, recompute=not static, max_steps=max_steps,
                              recovery=recovery, recovery_rate=recovery_rate, runs=runs,
                              seed=seed, attribute=attribute, weight=weight,
                              weight_is=weight_is)
    settings.check()
    opened = _open(case)
    with opened.transaction() as con:
        p = _project(con, source, schema, weight, True, affiliation, window)
        results = disrupt(con, opened.root, p, strategy or COMPARED, settings, store)
        names = {e: label for e, (_, label) in node_labels(con, p.ids).items()}
        code = network_handling(con, p)
        files = file_names(con, p.source_ids)
    first_result = results[0][1]
    table = Table("strategy", "run", "robustness R", "LCC/orig. LCC @10%",
                  "LCC/all actors @10%", "LCC/orig. LCC @25%", "LCC/all actors @25%",
                  "efficiency @10%", "first removed",
                  title=f"Disruption of {len(p.ids)} actors ({first_result.original_lcc} in "
                        f"the largest component), {p.graph.numberOfEdges()} ties: "
                        f"{describe(r for _, r in results)}"
                        + (f"; recovery rate {recovery_rate}" if recovery != "none" else ""))
    for run_id, result in sorted(results, key=lambda x: x[1].robustness()):
        first = [names.get(a, a) for s in result.steps[1:4] for a in s.removed]
        at10, at25 = result.at_removed(0.1), result.at_removed(0.25)
        table.add_row(result.spec.strategy, run_id, f"{result.robustness():.3f}",
                      f"{at10.lcc_relative:.3f}", f"{at10.lcc_fraction:.3f}",
                      f"{at25.lcc_relative:.3f}", f"{at25.lcc_fraction:.3f}",
                      f"{at10.efficiency:.3f}",
                      "(random)" if result.spec.strategy == "random" else
                      ", ".join(first[:5]))
    console.print(table)
    state_handling(Format.TABLE, code, p.source_ids, of="this network")
    console.print("R: mean LCC share of all actors over the removal (Schneider et al. "
                  "2011). LCC/orig. LCC: the largest component over the original largest "
                  "component; LCC/all actors: over every actor.")
    if plot:
        from tnoc.graph.plot import plot_disruption
        from tnoc.safe_write import atomic_output

        shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3
                                         else "")
        with atomic_output(plot) as partial:  # whole or not at all
            plot_disruption([r for _, r in results], partial,
                            f"Disruption: {shown} [{code}]", handling=code)
        console.print(f"curves drawn to {plot}")
    if csv:
        write_csv(csv, ["strategy", "run", "step", "removed_total", "removed",
                        "lcc_of_original_lcc", "lcc_of_original_lcc_sd",
                        "lcc_of_all_actors", "lcc_of_all_actors_sd", "efficiency",
                        "efficiency_sd", "components", "handling"],
                  ([result.spec.strategy, run_id, s.step, s.removed_total, " ".join(s.removed),
                    s.lcc_relative, s.lcc_relative_sd, s.lcc_fraction, s.lcc_sd,
                    s.efficiency, s.efficiency_sd, s.components, code]
                   for run_id, result in results for s in result.steps))


@network_app.command("export")
@recorded("network export", writes=("plot",), event_type="exported",
          outputs=("out",))
def network_export(
    out: Annotated[Path, typer.Argument(help="Output file (.gexf, .graphml) or folder (i2).")],
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
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
    tlp: Annotated[str, typer.Option(
        "--tlp", help="Most permissive handling code allowed out. The network takes the "
                      "strictest code of the sources it is computed from (at least "
                      "TLP:AMBER); a stricter one is refused, naming those sources "
                      "(TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED).")
    ] = "TLP:AMBER",
) -> None:
    """Write the network for Gephi (GEXF, GraphML) or i2 Analyst's Notebook (entities.csv
    and links.csv: one link per call, message or tie, with its date, time, duration and
    evidence), with names, communities and measures
    as attributes; the export is recorded in the custody record. Each actor (and the
    GraphML graph) carries the export's handling code as its ``handling`` attribute.

    Example: tnoc network export calls.gexf -c CASE --tlp TLP:RED"""
    from tnoc.graph.export import export_network, labelled_graph, network_handling
    from tnoc.graph.measures import communities, measure

    with _open(case).transaction() as con:
        p = _project(con, source, schema, weight, undirected, affiliation, window)
        code = network_handling(con, p, tlp)  # refused before anything is computed
        labels = communities(p)[0]
        table = measure(p)
        attributes: dict[str, list[float | int | str]] = {"community": list(labels)}
        attributes.update({m: list(v) for m, v in table.values.items()})
        written = export_network(con, p, fmt, out, attributes, force, max_tlp=tlp)
        if plot:
            from tnoc.graph.plot import plot_network
            from tnoc.safe_write import atomic_output
            from tnoc.store.query import files_caption

            with atomic_output(plot) as partial:  # whole or not at all
                plot_network(labelled_graph(con, p), partial,
                             f"{files_caption(con, p.source_ids)}: {len(p.ids)} actors",
                             labels, label_top, handling=code)
    console.print(f"{len(p.ids):,} actors, {p.graph.numberOfEdges():,} ties written to "
                  + ", ".join(str(w) for w in written), markup=False, highlight=False)
    console.print(f"handling: {code} (the strictest code of the {len(p.source_ids)} "
                  "source(s) it is computed from, at least TLP:AMBER for a computed "
                  "result; share it accordingly)", markup=False,
                  highlight=False)
    if plot:
        console.print(f"drawn to {plot}")
