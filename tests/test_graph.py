"""Network projection and measures on the real criminal networks, checked against
networkx and against definitions on hand-built graphs."""

from __future__ import annotations

import networkit as nk
import networkx as nx
import pytest

from tnoc.errors import TnocError
from tnoc.graph.measures import communities, freeman_centralization, measure, to_networkx
from tnoc.graph.projection import Projection, ProjectionSpec, project
from tnoc.graph.temporal import slice_sources, timeline
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case

from .conftest import DATA

PHASE_PEOPLE = [15, 24, 33, 33, 32, 27, 36, 42, 34, 42, 41]


@pytest.fixture
def caviar(case: Case) -> Case:
    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv")
    for number in range(1, 12):
        ingest_file(case, "caviar", DATA / "networks" / "caviar_phases" / f"phase{number}.csv")
    return case


def _source(case: Case, file_name: str) -> str:
    with case.connect(read_only=True) as con:
        row = con.execute("SELECT source_id FROM sources WHERE file_name = ?",
                          [file_name]).fetchone()
    assert row is not None
    return str(row[0])


def test_caviar_whole_network(caviar: Case) -> None:
    with caviar.connect(read_only=True) as con:
        p = project(con, ProjectionSpec(sources=(_source(caviar, "morselli_caviar.csv"),),
                                        weight="count"))
    assert len(p.ids) == 110 and p.graph.numberOfEdges() == 295 and p.graph.isDirected()
    # N1 -> N3: 337 intercepted calls (row 1, column 5 of the matrix)
    assert p.graph.weight(p.index["caviar-n1"], p.index["caviar-n3"]) == 337


def test_caviar_phases_and_rise_and_fall(caviar: Case) -> None:
    """Per phase the files hold 15 ... 41 people. In the data N1 falls most and N12
    rises most; by phase 11 N12 has more contacts than N1."""
    with caviar.connect(read_only=True) as con:
        slices = slice_sources(con, "caviar", "phase*")
        result = timeline(con, slices, ProjectionSpec(weight="count"), "degree")
    assert result.sizes == PHASE_PEOPLE
    change = result.change()
    assert change[0][0] == "caviar-n1" and change[-1][0] == "caviar-n12"
    assert result.values["caviar-n12"][-1] > result.values["caviar-n1"][-1]
    assert max(range(11), key=lambda i: result.values["caviar-n1"][i]) == 2  # peak: phase 3


def test_measures_match_networkx(caviar: Case) -> None:
    with caviar.connect(read_only=True) as con:
        p = project(con, ProjectionSpec(sources=(_source(caviar, "morselli_caviar.csv"),),
                                        weight="count"))
    table = measure(p)
    g = to_networkx(p)
    oracle = nx.betweenness_centrality(g, normalized=True)
    for i, entity in enumerate(table.ids):
        assert table.values["betweenness"][i] == pytest.approx(oracle[entity], abs=1e-9)
    weighted = nx.betweenness_centrality(
        nx.DiGraph([(u, v, {"d": 1 / w}) for u, v, w in g.edges(data="weight")]),
        weight="d", normalized=True)
    for i, entity in enumerate(table.ids):
        assert table.values["betweenness_weighted"][i] == pytest.approx(
            weighted.get(entity, 0.0), abs=1e-6)
    pagerank = nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-12)
    top_ours = [e for e, _ in table.top("pagerank", 5)]
    top_nx = sorted(pagerank, key=lambda e: -pagerank[e])[:5]
    assert top_ours == top_nx
    und = g.to_undirected()
    cores = nx.core_number(und)
    for i, entity in enumerate(table.ids):
        assert table.values["core"][i] == cores[entity]
        assert table.values["degree"][i] == und.degree(entity)


def test_a_charts_measures_are_the_ones_the_analyses_compute(caviar: Case) -> None:
    """The graph explorer's sizes (chart_measure) on the network of a chart's actors:
    betweenness as networkx computes it, PageRank ranking as networkx's, brokerage the
    Gould–Fernandez totals across the Leiden communities; another name is refused."""
    from tnoc.graph.brokerage import brokerage
    from tnoc.graph.measures import chart_measure
    from tnoc.graph.projection import restrict

    with caviar.connect(read_only=True) as con:
        network = project(con, ProjectionSpec(
            sources=(_source(caviar, "morselli_caviar.csv"),), weight="count",
            directed=False))
    chart = restrict(network, [f"caviar-n{i}" for i in range(1, 41)])
    g = to_networkx(chart)
    assert len(chart.ids) > 30 and g.number_of_edges() > len(chart.ids)
    betweenness = dict(zip(chart.ids, chart_measure(chart, "betweenness"), strict=True))
    assert betweenness == pytest.approx(nx.betweenness_centrality(g), abs=1e-9)
    pagerank = dict(zip(chart.ids, chart_measure(chart, "pagerank"), strict=True))
    oracle = nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-12, max_iter=10_000)
    assert sorted(pagerank, key=lambda e: (-pagerank[e], e))[:5] == sorted(
        oracle, key=lambda e: (-oracle[e], e))[:5]
    totals = chart_measure(chart, "brokerage")
    groups: list[str | None] = [f"c{c}" for c in communities(chart)[0]]
    assert totals == [float(brokerage(chart, groups).total(i))
                      for i in range(len(chart.ids))]
    assert len(set(groups)) > 1 and max(totals) > 0
    with pytest.raises(TnocError, match="not 'closeness'"):
        chart_measure(chart, "closeness")


def _hand_built(edges: list[tuple[str, str]], directed: bool = False) -> Projection:
    ids = sorted({n for e in edges for n in e})
    graph = nk.Graph(len(ids), weighted=True, directed=directed)
    for a, b in edges:
        graph.addEdge(ids.index(a), ids.index(b), 1.0)
    return Projection(ProjectionSpec(directed=directed), graph, ids, 0)


def test_burt_on_a_star() -> None:
    """Burt (1992): the centre of a star with k unconnected alters has constraint
    k * (1/k)^2 = 1/k and effective size k; each leaf, tied only to the centre, has
    constraint 1 and effective size 1."""
    table = measure(_hand_built([("c", f"l{i}") for i in range(4)]))
    values = dict(zip(table.ids, table.values["constraint"], strict=True))
    sizes = dict(zip(table.ids, table.values["effective_size"], strict=True))
    assert values["c"] == pytest.approx(0.25) and sizes["c"] == pytest.approx(4)
    assert values["l0"] == pytest.approx(1.0) and sizes["l0"] == pytest.approx(1)


def test_burt_in_a_triangle_with_a_pendant() -> None:
    """a-b-c triangle plus d tied to a. Borgatti (1997): effective size = n - 2t/n, with
    n = 3 alters (b, c, d) and t = 1 tie among them (b-c): 3 - 2/3 = 2.333."""
    table = measure(_hand_built([("a", "b"), ("b", "c"), ("a", "c"), ("a", "d")]))
    sizes = dict(zip(table.ids, table.values["effective_size"], strict=True))
    assert sizes["a"] == pytest.approx(3 - 2 * 1 / 3)
    assert sizes["a"] == pytest.approx(nx.effective_size(
        nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("a", "d")]))["a"])


def test_freeman_centralization() -> None:
    """A star is maximally centralised (1.0), a cycle not at all (0.0)."""
    assert freeman_centralization([4, 1, 1, 1, 1]) == pytest.approx(1.0)
    assert freeman_centralization([2, 2, 2, 2, 2]) == pytest.approx(0.0)


def test_communities_on_the_london_gang(case: Case) -> None:
    ingest_file(case, "criminal_network", DATA / "networks" / "LONDON_GANG.csv")
    with case.connect(read_only=True) as con:
        p = project(con, ProjectionSpec(directed=False, weight="weight"))
    labels, modularity = communities(p)
    assert len(labels) == 54 and 0.1 < modularity < 1.0
    assert len(set(labels)) >= 2


def test_bad_graphs(case: Case, tmp_path: object) -> None:
    """Empty, isolates only, self-loops, negative weights: clear answers, no crash."""
    with case.connect(read_only=True) as con:
        empty = project(con, ProjectionSpec())
    assert empty.ids == [] and measure(empty).values["degree"] == []
    isolates = Projection(ProjectionSpec(), nk.Graph(3, weighted=True), ["a", "b", "c"], 0)
    table = measure(isolates)
    assert table.values["betweenness"] == [0.0, 0.0, 0.0]
    assert communities(isolates)[1] == 0.0
    from pathlib import Path
    mapping = Path(str(tmp_path)) / "m.yaml"
    mapping.write_text("""mapping: ties
dataset: t
reader: {format: csv}
entities:
  - name: tie
    schema: NetworkTie
    keys: [a, b]
    properties:
      actor: {template: "p-{a}"}
      alter: {template: "p-{b}"}
      weight: w
""", encoding="utf-8")
    data = Path(str(tmp_path)) / "t.csv"
    data.write_text("a,b,w\n1,1,3\n1,2,\n2,3,-4\n", encoding="utf-8")
    ingest_file(case, mapping, data)
    with case.connect(read_only=True) as con:
        with pytest.raises(TnocError, match="negative values"):
            project(con, ProjectionSpec(directed=False, weight="weight"))
        unweighted = project(con, ProjectionSpec(directed=False))
    assert unweighted.graph.numberOfEdges() == 2  # the self-loop 1-1 is left out
    assert unweighted.graph.weight(unweighted.index["p-1"], unweighted.index["p-2"]) == 1.0


def test_burt_matches_networkx_on_weighted_real_networks(caviar: Case) -> None:
    """The sparse-matrix constraint and effective size equal networkx's weighted ones on
    CAVIAR (call counts, reciprocal calls summed) and on the London gang. Effective size
    is compared with networkx's per-node computation: its all-nodes fast path (networkx
    3.6.1) divides by the maximum tie of the wrong actor (see the next test)."""
    ingest_file(caviar, "criminal_network", DATA / "networks" / "LONDON_GANG.csv")
    for file_name, weight in (("morselli_caviar.csv", "count"), ("LONDON_GANG.csv", "weight")):
        with caviar.connect(read_only=True) as con:
            p = project(con, ProjectionSpec(sources=(_source(caviar, file_name),),
                                            weight=weight))
        table = measure(p)
        g = to_networkx(p, directed=False)
        constraint = nx.constraint(g, weight="weight")
        effective = nx.effective_size(g, nodes=list(g), weight="weight")
        for i, entity in enumerate(table.ids):
            if g.degree(entity) == 0:
                continue
            assert table.values["constraint"][i] == pytest.approx(constraint[entity])
            assert table.values["effective_size"][i] == pytest.approx(effective[entity])


def test_approximations_stay_within_their_bounds(caviar: Case) -> None:
    """Forced onto CAVIAR, the large-network approximations stay within their stated
    error: betweenness within epsilon = 0.01 of the exact normalised scores (KADABRA on
    the undirected network, Riondato-Kornaropoulos on the directed one) and Cohen et
    al.'s closeness estimator within 5% of the exact generalised closeness."""
    from tnoc.graph.measures import MeasureOptions, approximate_closeness, undirected

    with caviar.connect(read_only=True) as con:
        source = _source(caviar, "morselli_caviar.csv")
        for directed in (True, False):
            p = project(con, ProjectionSpec(sources=(source,), directed=directed))
            exact = measure(p, MeasureOptions(approximate=False))
            approx = measure(p, MeasureOptions(approximate=True))
            errors = [abs(a - b) for a, b in zip(exact.values["betweenness"],
                                                  approx.values["betweenness"], strict=True)]
            assert max(errors) <= 0.01
            if directed:  # every tie weighs 1: the same shortest paths
                assert approx.values["betweenness_weighted"] == approx.values["betweenness"]
    und = nk.graphtools.toUnweighted(undirected(p.graph))
    estimated = approximate_closeness(und, exact_below=10)
    for e, a in zip(exact.values["closeness"], estimated, strict=True):
        assert a == pytest.approx(e, rel=0.05)


def test_weighted_effective_size_by_hand() -> None:
    """a-b (3), a-c (1), b-c (1), c-d (5). For ego a: p_ab = 3/4, p_ac = 1/4; contact b's
    redundancy is p_ac * m_bc = 1/4 * 1/3 (b's strongest tie is 3), contact c's is
    p_ab * m_cb = 3/4 * 1/5 (c's strongest tie is 5): effective size
    2 - 1/12 - 3/20 (Burt 1992, ch. 2)."""
    ids = ["a", "b", "c", "d"]
    graph = nk.Graph(4, weighted=True)
    for a, b, w in (("a", "b", 3), ("a", "c", 1), ("b", "c", 1), ("c", "d", 5)):
        graph.addEdge(ids.index(a), ids.index(b), w)
    table = measure(Projection(ProjectionSpec(directed=False), graph, ids, 0))
    assert table.values["effective_size"][0] == pytest.approx(2 - 1 / 12 - 3 / 20)


def test_two_mode_to_one_mode_on_the_ndrangheta_summits(case: Case) -> None:
    """People of the 'Ndrangheta Infinito file are tied when they attended the same
    summit, weighted by the number of summits shared: every weight equals the count
    recomputed from the raw two-mode matrix, and each tie cites the matrix cells."""
    import csv

    from tnoc.ingest.clean import slug

    path = DATA / "networks" / "NDRANGHETAMAFIA_2M.csv"
    ingest_file(case, "ndrangheta_summits", path)
    with case.connect(read_only=True) as con:
        p = project(con, ProjectionSpec(affiliation="Event.involved"))
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        attended = {slug(f"ndr-{r[0].strip()}"): {
                        i for i, v in enumerate(r[1:])
                                            if v.strip() not in ("", "0")}
                    for r in rows[1:]}
        assert len(p.ids) == len(attended) == 156 and not p.graph.isDirected()
        expected = {(a, b): len(attended[a] & attended[b]) for a in attended
                    for b in attended if a < b and attended[a] & attended[b]}
        assert p.graph.numberOfEdges() == len(expected)
        index = p.index
        for (a, b), shared in expected.items():
            assert p.graph.weight(index[a], index[b]) == shared
        from tnoc.graph.paths import paths_between

        a, b = next(iter(expected))
        hop = paths_between(con, p, a, b, k=1).paths[0][0]
        assert len(hop.evidence) == expected[(a, b)]
        assert all(str(t["locator"]).startswith("row ") and t["schema"] == "Event"
                   for t in hop.evidence)
        with pytest.raises(TnocError, match="Schema.prop"):
            project(con, ProjectionSpec(affiliation="involved"))


def test_date_window_on_saml_d_payments(case: Case) -> None:
    """A window keeps the payments dated inside it: the December 2022 ties of the SAML-D
    sample are exactly the sender-receiver pairs of its December rows, weighted by the
    summed amounts."""
    import csv
    from collections import defaultdict

    path = DATA / "aml" / "saml-d_sample_1k.csv"
    ingest_file(case, "saml_d", path)
    expected: dict[tuple[str, str], float] = defaultdict(float)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if "2022-12-01" <= row["Date"] < "2023-01-01" and (
                    row["Sender_account"] != row["Receiver_account"]):
                expected[(f"samld-acct-{row['Sender_account']}",
                          f"samld-acct-{row['Receiver_account']}")] += float(row["Amount"])
    with case.connect(read_only=True) as con:
        p = project(con, ProjectionSpec(schemata=("Payment",), weight="amount",
                                        window=("2022-12-01", "2023-01-01")))
        everything = project(con, ProjectionSpec(schemata=("Payment",)))
        with pytest.raises(TnocError, match="affiliation"):
            project(con, ProjectionSpec(affiliation="Event.involved", window=("a", "b")))
    assert expected and p.graph.isDirected()
    assert p.graph.numberOfEdges() == len(expected) < everything.graph.numberOfEdges()
    index = p.index
    for (a, b), amount in expected.items():
        assert p.graph.weight(index[a], index[b]) == pytest.approx(amount)


def test_calls_and_messages_are_ties(case: Case, tmp_path: object) -> None:
    """FtM Call and Message are not FtM edges, yet a seized phone's calls and chats are a
    network: a call ties caller to receiver, a message its sender to each recipient."""
    import json
    from pathlib import Path

    entities = [
        {"id": "p-a", "schema": "Person", "properties": {"name": ["A"]}},
        {"id": "p-b", "schema": "Person", "properties": {"name": ["B"]}},
        {"id": "p-c", "schema": "Person", "properties": {"name": ["C"]}},
        {"id": "call-1", "schema": "Call",
         "properties": {"caller": ["p-a"], "receiver": ["p-b"], "duration": ["60"]}},
        {"id": "call-2", "schema": "Call",
         "properties": {"caller": ["p-a"], "receiver": ["p-b"], "duration": ["30"]}},
        {"id": "msg-1", "schema": "Message",
         "properties": {"sender": ["p-b"], "recipients": ["p-a", "p-c"],
                        "bodyText": ["ok"]}},
    ]
    path = Path(str(tmp_path)) / "phone.ftm.json"
    path.write_text("\n".join(json.dumps(e) for e in entities) + "\n", encoding="utf-8")
    ingest_file(case, "ftm_entities", path)
    with case.connect(read_only=True) as con:
        calls = project(con, ProjectionSpec(schemata=("Call",), weight="duration"))
        both = project(con, ProjectionSpec(schemata=("Call", "Message")))
    assert calls.graph.isDirected() and calls.graph.numberOfEdges() == 1
    assert calls.graph.weight(calls.index["p-a"], calls.index["p-b"]) == 90
    ties = {(both.ids[u], both.ids[v], w) for u, v, w in both.graph.iterEdgesWeights()}
    assert ties == {("p-a", "p-b", 2.0), ("p-b", "p-a", 1.0), ("p-b", "p-c", 1.0)}


def test_projection_cites_only_the_sources_it_read(caviar: Case) -> None:
    """Without --source, a projection reads the sources that hold ties: a malware feed in
    the same case is neither among its sources nor counted in its statements."""
    ingest_file(caviar, "feodotracker",
                DATA / "malware" / "feodotracker_ipblocklist_2021-12-20.csv")
    with caviar.connect(read_only=True) as con:
        p = project(con, ProjectionSpec())
        feed = _source(caviar, "feodotracker_ipblocklist_2021-12-20.csv")
        caviar_total = con.execute("SELECT count(*) FROM statement_store WHERE source_id "
                                   "<> ?", [feed]).fetchone()
    assert feed not in p.source_ids and len(p.source_ids) == 12
    assert caviar_total is not None and p.input_statements == caviar_total[0]
    assert all(e.startswith("caviar-") for e in p.ids)
