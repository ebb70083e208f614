"""Scoring transactions as illicit from graph structure, with explanations.

The graph is the transaction-flow graph (``TransactionFlow``: outputs of one transaction
spent by another, as in the Elliptic data set, Weber et al., "Anti-Money Laundering in
Bitcoin", KDD workshop 2019). Features are graph-derived only:

* degree: in, out, undirected; 2-hop predecessors and successors;
* neighbourhood: mean and max in/out degree of predecessors and successors, how many
  predecessors are roots / pay out once, how many successors are leaves / have one input;
* local structure: triangles, clustering, size and edge count of the weakly connected
  component, depth from the component's roots and height above its leaves;
* the mean of all of these over predecessors and over successors (one round of
  neighbourhood aggregation, GraphSAGE-style mean without learning).

Neighbourhood *label* statistics (share of known-illicit neighbours) are not features:
under the temporal protocol no edge crosses a time step, so a test transaction has no
labelled neighbour and the feature would be missing exactly where it is scored.

The classifier is LightGBM (Ke et al. 2017); explanations are exact TreeSHAP values
(Lundberg et al. 2020, via LightGBM's ``pred_contrib``), in log-odds. Label propagation
(Zhou et al., "Learning with Local and Global Consistency", NIPS 2003) is the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from tnoc.errors import TnocError

__all__ = ["ScoreModel", "ScoreRun", "TransactionExplanation", "TxGraph", "explain",
           "explain_transaction", "label_propagation", "parse_steps", "precision_recall_f1",
           "score", "score_transactions", "structural_features", "train", "tx_graph"]


@dataclass
class TxGraph:
    """Transactions (ids, time step, label 1 illicit / 0 licit / -1 unknown) and flows."""

    ids: np.ndarray
    time_step: np.ndarray
    label: np.ndarray
    src: np.ndarray
    dst: np.ndarray

    @property
    def n(self) -> int:
        return len(self.ids)

    def adjacency(self) -> sp.csr_matrix:
        a = sp.csr_matrix((np.ones(len(self.src)), (self.src, self.dst)), shape=(self.n, self.n))
        a.data[:] = 1.0
        return a


def tx_graph(con: duckdb.DuckDBPyConnection) -> TxGraph:
    """The case's CryptoTransactions and TransactionFlows as index arrays."""
    nodes = con.execute("""
        SELECT canonical_id,
               max(try_cast(value AS DOUBLE)) FILTER (WHERE prop = 'timeStep') AS step,
               max(value) FILTER (WHERE prop = 'illicitLabel') AS label
        FROM statements WHERE schema = 'CryptoTransaction'
        GROUP BY 1 ORDER BY 1""").df()
    edges = con.execute("""
        SELECT coalesce(ms.canonical_id, s.value) AS a, coalesce(mt.canonical_id, t.value) AS b
        FROM statements s JOIN statements t ON t.canonical_id = s.canonical_id
             AND t.prop = 'recipient'
        LEFT JOIN canonical_map ms ON ms.entity_id = s.value
        LEFT JOIN canonical_map mt ON mt.entity_id = t.value
        WHERE s.schema = 'TransactionFlow' AND s.prop = 'spender'""").df()
    index = pd.Series(np.arange(len(nodes)), index=nodes.canonical_id)
    keep = edges.a.isin(index.index) & edges.b.isin(index.index)
    label = nodes.label.map({"illicit": 1, "licit": 0}).fillna(-1).astype(int).to_numpy()
    return TxGraph(nodes.canonical_id.to_numpy(), nodes.step.fillna(-1).to_numpy(), label,
                   index[edges.a[keep]].to_numpy(), index[edges.b[keep]].to_numpy())


def _depth(adj: sp.csr_matrix, start: np.ndarray, limit: int = 100) -> np.ndarray:
    """Breadth-first distance from ``start`` nodes along ``adj`` (-1: unreached)."""
    dist = np.full(adj.shape[0], -1.0)
    frontier = start.copy()
    dist[frontier] = 0
    step = 0
    adj_t = adj.T.tocsr()
    while frontier.any() and step < limit:
        step += 1
        nxt = (adj_t @ frontier.astype(float)) > 0
        nxt &= dist < 0
        dist[nxt] = step
        frontier = nxt
    return dist


def _neighbour_stats(m: sp.csr_matrix, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    deg = np.asarray(m.sum(1)).ravel()
    mean = np.where(deg > 0, (m @ v) / np.maximum(deg, 1), 0.0)
    weighted = m.copy()
    weighted.data = v[weighted.indices].astype(float)
    mx = np.asarray(weighted.max(1).todense()).ravel()
    return mean, mx


def structural_features(g: TxGraph) -> pd.DataFrame:
    """One row per transaction, the features listed in the module docstring."""
    a = g.adjacency()
    at = a.T.tocsr()
    out_d = np.asarray(a.sum(1)).ravel()
    in_d = np.asarray(at.sum(1)).ravel()
    f: dict[str, np.ndarray] = {"in_degree": in_d, "out_degree": out_d}
    for name, m in (("succ", a), ("pred", at)):
        for vname, v in (("in", in_d), ("out", out_d)):
            mean, mx = _neighbour_stats(m, v)
            f[f"{name}_{vname}_degree_mean"] = mean
            f[f"{name}_{vname}_degree_max"] = mx
    two = a @ a
    two.data[:] = 1
    f["successors_2hop"] = np.asarray(two.sum(1)).ravel()
    two = at @ at
    two.data[:] = 1
    f["predecessors_2hop"] = np.asarray(two.sum(1)).ravel()
    u = ((a + at) > 0).astype(float).tocsr()
    n_comp, comp = connected_components(u, directed=False)
    f["component_size"] = np.bincount(comp)[comp].astype(float)
    f["component_edges"] = np.bincount(comp[g.src], minlength=n_comp)[comp].astype(float)
    tri = np.asarray((u @ u).multiply(u).sum(1)).ravel() / 2
    deg = np.asarray(u.sum(1)).ravel()
    f["degree"] = deg
    f["triangles"] = tri
    f["clustering"] = np.where(deg > 1, 2 * tri / np.maximum(deg * (deg - 1), 1), 0.0)
    f["successor_leaves"] = a @ (out_d == 0).astype(float)
    f["predecessor_roots"] = at @ (in_d == 0).astype(float)
    f["successors_one_input"] = a @ (in_d == 1).astype(float)
    f["predecessors_one_output"] = at @ (out_d == 1).astype(float)
    f["depth_from_roots"] = _depth(a, in_d == 0)
    f["height_above_leaves"] = _depth(at, out_d == 0)
    base = pd.DataFrame(f)
    parts = [base]
    for prefix, m in (("succ_mean", a), ("pred_mean", at)):
        d = np.asarray(m.sum(1)).ravel()
        agg = {f"{prefix}_{c}": np.where(d > 0, (m @ base[c].to_numpy(float)) / np.maximum(d, 1),
                                          -1.0) for c in base.columns}
        parts.append(pd.DataFrame(agg))
    return pd.concat(parts, axis=1)


@dataclass
class ScoreModel:
    model: object
    features: list[str]
    threshold: float
    train_steps: tuple[int, int]


def train(g: TxGraph, x: pd.DataFrame, train_steps: tuple[int, int] = (1, 34),
          seed: int = 0) -> ScoreModel:
    """Fit LightGBM on labelled transactions of ``train_steps``; the decision threshold
    maximises F1 on the last fifth of those steps (fitted on the rest), then the model is
    refitted on all training steps."""
    import lightgbm as lgb

    lo, hi = train_steps
    labelled = g.label >= 0
    in_train = labelled & (g.time_step >= lo) & (g.time_step <= hi)
    cut = hi - max(1, (hi - lo + 1) // 5)
    fit_part = in_train & (g.time_step <= cut)
    val_part = in_train & (g.time_step > cut)

    def make() -> lgb.LGBMClassifier:
        return lgb.LGBMClassifier(n_estimators=400, learning_rate=0.05, num_leaves=31,
                                  colsample_bytree=0.5, random_state=seed, verbose=-1,
                                  n_jobs=2)

    probe = make().fit(x[fit_part], g.label[fit_part])
    p = np.asarray(probe.predict_proba(x[val_part]))[:, 1]
    y = g.label[val_part] == 1
    best, threshold = -1.0, 0.5
    for t in np.arange(0.05, 0.96, 0.05):
        pred = p >= t
        tp = (pred & y).sum()
        f1 = 2 * tp / max(pred.sum() + y.sum(), 1)
        if f1 > best:
            best, threshold = f1, float(round(t, 2))
    model = make().fit(x[in_train], g.label[in_train])
    return ScoreModel(model, list(x.columns), threshold, train_steps)


def score(m: ScoreModel, x: pd.DataFrame) -> np.ndarray:
    return np.asarray(m.model.predict_proba(x[m.features])[:, 1])  # type: ignore[attr-defined]


def explain(m: ScoreModel, x: pd.DataFrame, top: int = 5) -> list[list[tuple[str, float, float]]]:
    """Per row the ``top`` features by |SHAP| (log-odds): (feature, value, contribution)."""
    contrib = np.asarray(
        m.model.predict(x[m.features], pred_contrib=True))  # type: ignore[attr-defined]
    out = []
    for i in range(len(x)):
        row = contrib[i, :-1]
        order = np.argsort(-np.abs(row))[:top]
        out.append([(m.features[j], float(x.iloc[i, j]), float(row[j])) for j in order])
    return out


def label_propagation(g: TxGraph, seeds: np.ndarray, alpha: float = 0.9,
                      iterations: int = 50) -> np.ndarray:
    """Zhou et al. (2003): F <- alpha S F + (1 - alpha) Y on the symmetric normalised
    undirected graph; returns each node's illicit score (share of illicit mass, 0 where
    no labelled seed reaches it)."""
    a = g.adjacency()
    u = ((a + a.T) > 0).astype(float).tocsr()
    d = np.asarray(u.sum(1)).ravel()
    inv = sp.diags(np.where(d > 0, 1 / np.sqrt(np.maximum(d, 1)), 0.0))
    s = inv @ u @ inv
    y = np.zeros((g.n, 2))
    y[seeds & (g.label == 1), 1] = 1
    y[seeds & (g.label == 0), 0] = 1
    f = y.copy()
    for _ in range(iterations):
        f = alpha * (s @ f) + (1 - alpha) * y
    mass = f.sum(1)
    return np.where(mass > 0, f[:, 1] / np.where(mass > 0, mass, 1), 0.0)


def precision_recall_f1(pred: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    tp = int((pred & truth).sum())
    p = tp / max(int(pred.sum()), 1)
    r = tp / max(int(truth.sum()), 1)
    return {"illicit_precision": round(p, 4), "illicit_recall": round(r, 4),
            "illicit_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def parse_steps(text: str, option: str = "--train-steps") -> tuple[int, int]:
    """Time steps FIRST-LAST (e.g. "1-34", the Elliptic protocol's training steps of
    Weber et al. 2019) as a pair; a :class:`TnocError` naming ``option`` otherwise."""
    lo, sep, hi = text.partition("-")
    if not sep or not lo.isdigit() or not hi.isdigit() or int(lo) > int(hi):
        raise TnocError(f"{option} {text!r}: give FIRST-LAST, e.g. 1-34")
    return int(lo), int(hi)


@dataclass
class ScoreRun:
    """Every transaction of the flow graph scored by a model trained on the labelled
    transactions of ``train_steps``: the scores, the transactions after the training
    steps highest score first, and the precision/recall/F1 on the labelled ones."""

    graph: TxGraph
    model: ScoreModel
    scores: np.ndarray
    later: list[int]
    """Indices of the transactions after the training steps, highest score first (ties
    in graph order): the ones an analyst looks at."""
    evaluation: dict[str, float | int] | None
    """On the labelled transactions after the training steps (None: there are none):
    how many, and illicit precision, recall and F1 at the model's threshold."""

    @property
    def train_steps(self) -> tuple[int, int]:
        return self.model.train_steps


def score_transactions(g: TxGraph, train_steps: tuple[int, int]) -> ScoreRun:
    """Structural features, training and scores in one: the temporal protocol of Weber
    et al. 2019 (train on the early steps, evaluate on the later labelled ones). A case
    without a labelled CryptoTransaction is refused (no model can be trained)."""
    if not (g.label >= 0).any():
        raise TnocError("no labelled CryptoTransactions (illicitLabel) in this case")
    x = structural_features(g)
    model = train(g, x, train_steps)
    p = score(model, x)
    hi = train_steps[1]
    later = [int(i) for i in (-p).argsort(kind="stable") if g.time_step[i] > hi]
    test = (g.label >= 0) & (g.time_step > hi)
    evaluation: dict[str, float | int] | None = None
    if test.any():
        m = precision_recall_f1(p[test] >= model.threshold, g.label[test] == 1)
        evaluation = {"labelled_after_training": int(test.sum()), **m}
    return ScoreRun(g, model, p, later, evaluation)


@dataclass
class TransactionExplanation:
    """Why one transaction scores as it does: its score, the model's threshold, and
    every feature with its value and exact TreeSHAP contribution (log-odds; Lundberg
    et al. 2020), strongest first."""

    score: float
    threshold: float
    features: list[tuple[str, float, float]]

    @property
    def flagged(self) -> bool:
        """The score reaches the threshold: the model calls it illicit."""
        return self.score >= self.threshold


def explain_transaction(g: TxGraph, entity: str, train_steps: tuple[int, int]
                        ) -> TransactionExplanation | None:
    """Train as :func:`score_transactions` does and explain the transaction ``entity``
    (a canonical id); None when it is no transaction of the flow graph."""
    where = [i for i, v in enumerate(g.ids) if v == entity]
    if not where:
        return None
    x = structural_features(g)
    model = train(g, x, train_steps)
    row = x.iloc[where]
    s = float(score(model, row)[0])
    return TransactionExplanation(s, model.threshold,
                                  explain(model, row, len(model.features))[0])
