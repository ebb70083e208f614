"""Darknet market vendors benchmark (issue #24, item 3): the split-account test of vendor
linking and the attribution of single listings to vendors, each against a baseline run
on the same data in the same run.

Metrics:

* ``metrics.vendor_link.precision`` / ``.recall`` / ``.f1``: pairwise, of
  :func:`tnoc.markets.vendors.link_accounts` on the split-account test
  (:mod:`tnoc.markets.attribution`: each vendor with >= 4 distinct titles split, seeded,
  into two pseudo-accounts sharing no title; one half dropped for a third of the
  vendors; names hidden and masked out of the text). The linker's decision rule has no
  threshold fitted to the data and it learns its family weights from the accounts
  alone (each split once more in two), never from the true pairs.
* ``metrics.vendor_link_alone.false_links``: the linker run again on one account per
  vendor (each split vendor's first half and the halved vendors' only one): no account
  has a partner, so every link is false; how well it links nothing.
* ``baseline.vendor_link.f1``: bag-of-words cosine over titles and descriptions plus
  ships-from/to tokens, each account linked to its nearest account when the cosine is
  above a threshold tuned on the same data for the best F1 (an oracle advantage the
  linker does not get).
* ``ratio.f1``: the linker's F1 over the baseline's.
* ``metrics.attribution_macro_f1`` vs ``baseline.attribution_macro_f1``: closed-set
  attribution of single listings (each vendor's distinct titles split into a training
  and a test half sharing no title): character n-gram TF-IDF plus product, price and
  shipping tokens with a linear SVM, against word TF-IDF + logistic regression.

``--diagnose`` adds ``diagnosis`` (:func:`recall_ceiling`): the share of true pairs
that are mutual nearest, the same with weights fitted on the answers, and the pairs
whose halves share no distinctive text: what caps recall on the split.

Run from the project root:
  .venv/bin/python benchmarks/markets.py --json [--listings FILE ...] [--seed N]
      [--diagnose]
Default listings: the shipped category subsets (synth and prescription) in
``examples/data/markets/``; with several files the listings are pooled.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "examples" / "data" / "markets" / "agora_2014_synth.csv",
           ROOT / "examples" / "data" / "markets" / "agora_2014_prescription.csv"]


def baseline_links(test: object) -> dict[str, float]:
    """Bag-of-words nearest account above the best threshold on the same data."""
    from sklearn.feature_extraction.text import CountVectorizer

    from tnoc.markets.attribution import SplitTest, pairwise_scores, words_of

    assert isinstance(test, SplitTest)
    matrix = CountVectorizer().fit_transform([words_of(a) for a in test.accounts])
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel()
    norms[norms == 0] = 1
    cosine = np.asarray((matrix @ matrix.T).todense()) / np.outer(norms, norms)
    np.fill_diagonal(cosine, -1)
    nearest = np.argmax(cosine, axis=1)
    candidates = [(float(cosine[i, j]), frozenset((i, int(j))))
                  for i, j in enumerate(nearest)]
    best: dict[str, float] = {"f1": -1.0}
    for threshold in sorted({value for value, _ in candidates}) + [2.0]:
        links = {pair for value, pair in candidates if value >= threshold}
        scores = pairwise_scores(links, test.pairs)
        if scores["f1"] > best["f1"]:
            best = {**scores, "threshold": threshold}
    return best


def recall_ceiling(test: object, top: int = 10) -> dict[str, float | int]:
    """What caps the linker's recall on this split (``--diagnose``), from its own
    similarities: the share of true pairs that are mutual nearest accounts (a link is
    made only between those); the same share with family weights fitted on the true
    pairs themselves (a logistic regression that sees the answers: what re-weighting
    the six families could at best give, an estimate, not a proof); and the true pairs
    whose halves share no distinctive text (the partner ranked below ``top`` in both
    the character and the word family, seen from both halves): only other evidence
    (shipping, prices, the titles' shape) can link those, and ``share_with_shared_text``
    is what a linker reading text alone could reach at most."""
    from sklearn.linear_model import LogisticRegression

    from tnoc.markets.attribution import SplitTest
    from tnoc.markets.vendors import (
        FAMILIES,
        account_similarity,
        candidates,
        hubness_corrected,
    )

    assert isinstance(test, SplitTest)
    similarity = account_similarity(test.accounts)
    pairs = [(min(pair), max(pair)) for pair in test.pairs]

    def mutual(scores: np.ndarray) -> int:  # true pairs among the linker's candidates
        return len({frozenset(pair) for pair in candidates(scores).pairs} & test.pairs)

    def rank(values: np.ndarray, i: int, j: int) -> int:
        row = values[i].copy()
        row[i] = -np.inf
        return int((row > row[j]).sum()) + 1

    count = len(test.accounts)
    first, second = np.triu_indices(count, 1)
    truth = np.zeros(len(first), dtype=bool)
    where = {(int(a), int(b)): k for k, (a, b) in enumerate(zip(first, second, strict=True))}
    for pair in pairs:
        truth[where[pair]] = True
    features = np.column_stack([similarity.families[f][first, second] for f in FAMILIES])
    model = LogisticRegression(class_weight="balanced", max_iter=2000, C=100.0)
    model.fit(features, truth)
    combined = sum((max(float(w), 0.0) * similarity.families[f]
                    for f, w in zip(FAMILIES, model.coef_[0], strict=True)),
                   np.zeros((count, count)))
    np.fill_diagonal(combined, -np.inf)
    textless = sum(1 for i, j in pairs
                   if min(rank(similarity.families[f], a, b) for f in ("text", "words")
                          for a, b in ((i, j), (j, i))) > top)
    total = max(1, len(pairs))
    return {"true_pairs": len(pairs),
            "mutual_nearest_share": round(mutual(similarity.scores) / total, 4),
            "oracle_weights_mutual_share": round(mutual(hubness_corrected(combined)) / total,
                                                 4),
            "pairs_without_shared_text": textless,
            "share_with_shared_text": round(1 - textless / total, 4)}


def baseline_attribution(task: object) -> float:
    """Word TF-IDF over title and description with logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from tnoc.markets.attribution import AttributionTask, listing_document, macro_f1

    assert isinstance(task, AttributionTask)
    vectorizer = TfidfVectorizer()
    x_train = vectorizer.fit_transform([listing_document(x) for x in task.train])
    model = LogisticRegression(max_iter=2000)
    model.fit(x_train, task.train_vendors)
    predicted = model.predict(vectorizer.transform([listing_document(x)
                                                    for x in task.test]))
    return macro_f1(task.test_vendors, [str(v) for v in predicted])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one line of JSON")
    parser.add_argument("--listings", type=Path, nargs="+", default=DEFAULT,
                        help="Agora listing CSVs (category subsets, product crawls or "
                             "vendor pages); pooled")
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--diagnose", action="store_true",
                        help="also report what caps recall on this split (recall_ceiling)")
    args = parser.parse_args()
    from envelope import machine, versions

    from tnoc.errors import TnocError
    from tnoc.markets.attribution import (
        MIN_TITLES,
        attribute,
        attribution_task,
        macro_f1,
        pairwise_scores,
        split_accounts,
    )
    from tnoc.markets.crawl_files import named_once
    from tnoc.markets.vendors import read_listings

    try:
        named_once(args.listings)  # accounts are told apart by file name
        listings = [row for path in args.listings for row in read_listings(path)]
    except TnocError as exc:  # a file not in a listing layout: its message, no traceback
        parser.exit(2, f"{parser.prog}: error: {exc}\n")
    except OSError as exc:
        parser.exit(2, f"{parser.prog}: error: {exc.filename}: cannot be read "
                       f"({exc.strerror})\n")
    started = time.perf_counter()
    test = split_accounts(listings, args.seed)
    if len(test.pairs) < 2 or len(test.accounts) < 3:
        # the test needs pairs to find and a crowd to find them in; say so, not a
        # traceback from the baselines' classifiers
        parser.exit(2, f"{parser.prog}: error: {', '.join(p.name for p in args.listings)}: "
                       f"{len(listings):,} listings of "
                       f"{len({x.vendor for x in listings})} vendor(s), "
                       f"{test.vendors} with at least {MIN_TITLES} distinct titles "
                       f"(split into {len(test.pairs)} pairs of pseudo-accounts); the "
                       "split-account test needs at least 2 pairs and 3 accounts: pool "
                       "more listings (several files, a larger category)\n")
    from tnoc.markets.vendors import link_accounts

    index = {account.name: number for number, account in enumerate(test.accounts)}
    links = link_accounts(test.accounts)
    ours = pairwise_scores({frozenset((index[x.first], index[x.second])) for x in links},
                           test.pairs)
    link_seconds = time.perf_counter() - started
    partnered = {n for pair in test.pairs for n in pair if n != min(pair)}
    alone = [a for n, a in enumerate(test.accounts) if n not in partnered]
    alone_links = link_accounts(alone)
    base = baseline_links(test)
    task = attribution_task(listings, args.seed)
    started = time.perf_counter()
    attribution = macro_f1(task.test_vendors, attribute(task.train, task.train_vendors,
                                                        task.test))
    attribution_seconds = time.perf_counter() - started
    base_attribution = baseline_attribution(task)
    document = {
        "benchmark": "markets",
        "dataset": ", ".join(p.name for p in args.listings),
        "synthetic": False,
        "listings": len(listings),
        "vendors": len({x.vendor for x in listings}),
        "split": {"vendors_split": test.vendors, "one_half_dropped": test.halved,
                  "accounts": len(test.accounts), "true_pairs": len(test.pairs),
                  "seed": args.seed},
        "attribution_task": {"vendors": len(set(task.train_vendors)),
                             "train": len(task.train), "test": len(task.test)},
        "metrics": {
            "vendor_link": {k: round(v, 4) if isinstance(v, float) else v
                            for k, v in ours.items()},
            "vendor_link_seconds": round(link_seconds, 3),
            "vendor_link_alone": {"accounts": len(alone), "false_links": len(alone_links)},
            "attribution_macro_f1": round(attribution, 4),
            "attribution_seconds": round(attribution_seconds, 3),
        },
        "baseline": {
            "name": "vendor_link: bag-of-words cosine over titles and descriptions plus "
                    "ships-from/to, nearest account above a threshold tuned on the same "
                    "run's answers; attribution: word TF-IDF + logistic regression",
            "vendor_link": {k: round(v, 4) if isinstance(v, float) else v
                            for k, v in base.items()},
            "attribution_macro_f1": round(base_attribution, 4),
        },
        "ratio": {"f1": round(ours["f1"] / base["f1"], 4) if base["f1"] > 0 else None,
                  "attribution_macro_f1": round(attribution / base_attribution, 4)
                  if base_attribution > 0 else None},
        "targets": {"vendor_link.precision": ">= 0.95", "vendor_link.recall": ">= 0.95",
                    "ratio.f1": "> 1", "attribution_macro_f1": "> baseline"},
        "versions": versions("scikit-learn", "numpy"),
        "machine": machine(),
    }
    if args.diagnose:
        document["diagnosis"] = recall_ceiling(test)
    if args.json:
        print(json.dumps(document))
    else:
        print(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
