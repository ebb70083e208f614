"""Illicit-transaction scoring on the real Elliptic graph, temporal split, structure only.

The Elliptic files (203,769 transactions, 234,355 flows; Weber et al. 2019) are taken in
through the shipped mappings; :mod:`tnoc.money.scoring` builds graph-structure features,
trains LightGBM on the labelled transactions of time steps 1-34 and is scored on the
labelled transactions of steps 35-49 (Weber et al.'s protocol). The baseline is label
propagation seeded with the training labels. Published illicit-class F1 with the 166
transaction features we do not have: GCN 0.628, EvolveGCN 0.720, random forest
0.788-0.796 (Weber et al. 2019; Pareja et al. 2020).

Also counts peeling chains (:mod:`tnoc.money.peeling`) and the illicit share of the
labelled transactions in them.

    python benchmarks/elliptic.py --json
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
from envelope import machine, versions  # benchmarks/envelope.py

from tnoc.ingest.pipeline import ingest_file
from tnoc.money.peeling import peeling_chains
from tnoc.money.scoring import (
    explain,
    label_propagation,
    precision_recall_f1,
    score,
    structural_features,
    train,
    tx_graph,
)
from tnoc.store import Case

DATA = Path(__file__).resolve().parent.parent / "examples/data/crypto"
PUBLISHED = {"GCN (Weber et al. 2019, 166 features + graph)": 0.628,
             "EvolveGCN (Pareja et al. 2020)": 0.720,
             "random forest, all features (Weber et al. 2019)": 0.788,
             "random forest, all features + node embeddings (Weber et al. 2019)": 0.796}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    timing: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        case = Case.init(Path(tmp) / "case")
        ingest_file(case, "elliptic_classes", DATA / "elliptic_txs_classes_with_timestep.csv")
        ingest_file(case, "elliptic_edges", DATA / "elliptic_txs_edgelist.csv")
        timing["ingest"] = time.perf_counter() - t
        with case.connect(read_only=True) as con:
            t = time.perf_counter()
            g = tx_graph(con)
            timing["load_graph"] = time.perf_counter() - t
    t = time.perf_counter()
    x = structural_features(g)
    timing["features"] = time.perf_counter() - t
    t = time.perf_counter()
    model = train(g, x, (1, 34), seed=args.seed)
    timing["train"] = time.perf_counter() - t
    test = (g.label >= 0) & (g.time_step >= 35)
    truth = g.label[test] == 1
    p = score(model, x[test])
    metrics = precision_recall_f1(p >= model.threshold, truth)
    per_step = {}
    for step in range(35, 50):
        sel = g.time_step[test] == step
        per_step[step] = precision_recall_f1((p >= model.threshold)[sel], truth[sel])["illicit_f1"]
    before = g.time_step[test] < 43
    metrics_pre43 = precision_recall_f1((p >= model.threshold)[before], truth[before])
    seeds = (g.label >= 0) & (g.time_step <= 34)
    lp = label_propagation(g, seeds)
    base = precision_recall_f1(lp[test] >= 0.5, truth)
    base["test_nodes_reached_by_a_seed"] = int((lp[test] > 0).sum())
    top = np.argsort(-p)[:3]
    expl = explain(model, x[test].iloc[top], top=5)
    chains = peeling_chains(g)
    in_chain = np.zeros(g.n, dtype=bool)
    for c in chains:
        in_chain[c] = True
    lab = g.label >= 0
    out = {
        "benchmark": "elliptic", "dataset": "Elliptic (Weber et al. 2019)", "synthetic": False,
        "versions": versions("scikit-learn", "networkit"), "machine": machine(),
        "features": "graph structure only", "n_features": x.shape[1],
        "train_steps": "1-34", "test_steps": "35-49",
        "test_labelled": int(test.sum()), "test_illicit": int(truth.sum()),
        "threshold": model.threshold,
        "metrics": metrics, "metrics_steps_35_42": metrics_pre43,
        "f1_by_step": per_step,
        "baseline": {"name": "label propagation (Zhou et al. 2003), training labels as seeds",
                     "method": "label propagation (Zhou et al. 2003), training labels as seeds",
                     **base},
        "published_illicit_f1": PUBLISHED,
        "top_scored_explained": [
            {"transaction": str(g.ids[np.flatnonzero(test)[i]]), "score": round(float(p[i]), 3),
             "shap_log_odds": [[f, round(v, 3), round(c, 3)] for f, v, c in e]}
            for i, e in zip(top, expl, strict=True)],
        "peeling_chains": {"chains": len(chains), "transactions": int(in_chain.sum()),
                           "illicit_share_labelled_in_chains":
                               round(float((g.label[in_chain & lab] == 1).mean()), 4)
                               if (in_chain & lab).any() else None,
                           "illicit_share_labelled_overall":
                               round(float((g.label[lab] == 1).mean()), 4)},
        "timing_seconds": {k: round(v, 1) for k, v in timing.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(out, indent=1) if args.json else
          f"illicit P/R/F1 {metrics}; label propagation {base}; published {PUBLISHED}")


if __name__ == "__main__":
    main()
