"""The split-account test of vendor linking and the attribution of single listings to
vendors (issue #24, item 3; benchmarks/markets.py).

Linking a vendor to itself across months by a reused title is trivial (exact title
matching links every vendor of the shipped subsets). The split-account test makes it
hard: each vendor with at least four distinct titles is split, seeded, into two
pseudo-accounts that share no title and no listing (a listing renamed between crawls
keeps its titles in one half, :func:`tnoc.markets.vendors.title_units`); for a third
of the vendors one half is dropped, so the linker must also know when to link nothing;
the vendor's name is hidden (the pseudo-accounts are numbered and the name is masked
out of the listing text).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tnoc.markets.vendors import (
    Account,
    MarketListing,
    account_text,
    split_units,
    title_units,
)

MIN_TITLES = 4
"""A vendor is split when it has at least this many distinct titles (two per half)."""


def mask_vendor(listing: MarketListing) -> MarketListing:
    """The listing with its vendor's name cut out of the title and description (sellers
    sign titles: "*HeisenbergMontana* $50"), and the name itself hidden."""
    pattern = re.compile(re.escape(listing.vendor), flags=re.I)
    return replace(listing, vendor="", title=pattern.sub(" ", listing.title).strip(),
                   description=pattern.sub(" ", listing.description).strip())


@dataclass(frozen=True)
class SplitTest:
    """The pseudo-accounts (numbered, shuffled), the true pairs (indices into
    ``accounts``), and how many vendors were split and how many kept one half only."""

    accounts: list[Account]
    pairs: set[frozenset[int]]
    vendors: int
    halved: int


def split_accounts(listings: Iterable[MarketListing], seed: int = 24) -> SplitTest:
    """Build the split-account test from listings (see the module docstring)."""
    rng = random.Random(seed)
    by_vendor: dict[str, dict[str, list[MarketListing]]] = defaultdict(
        lambda: defaultdict(list))
    for listing in listings:
        by_vendor[listing.vendor][listing.title].append(listing)
    units = {vendor: title_units(row for rows in titles.values() for row in rows)
             for vendor, titles in by_vendor.items()}
    vendors = sorted(v for v, titles in by_vendor.items()
                     if len(titles) >= MIN_TITLES and len(units[v]) >= 2)
    halved = set(rng.sample(vendors, len(vendors) // 3))
    halves: list[tuple[str, list[MarketListing]]] = []
    for vendor in vendors:
        parts = list(split_units(units[vendor], rng))
        if vendor in halved:
            parts = [parts[rng.randrange(2)]]
        for part in parts:
            halves.append((vendor, [mask_vendor(row) for t in part
                                    for row in by_vendor[vendor][t]]))
    order = list(range(len(halves)))
    rng.shuffle(order)
    accounts = []
    owner: dict[str, list[int]] = defaultdict(list)
    for number, index in enumerate(order):
        vendor, rows = halves[index]
        accounts.append(Account(f"account {number + 1}", tuple(rows)))
        owner[vendor].append(number)
    pairs = {frozenset(ids) for ids in owner.values() if len(ids) == 2}
    return SplitTest(accounts, pairs, len(vendors), len(halved))


def pairwise_scores(predicted: Iterable[frozenset[int]],
                    truth: set[frozenset[int]]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of predicted links against the true pairs
    (precision 1.0 when nothing is linked, by convention: no wrong link was made)."""
    predicted = set(predicted)
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "links": len(predicted), "true_pairs": len(truth), "correct": hits}


# ----------------------------------------------------------------- attribution


def listing_document(listing: MarketListing) -> str:
    """A listing's words for attribution: title, description."""
    return f"{listing.title} \n {listing.description}".strip()


@dataclass(frozen=True)
class AttributionTask:
    """Distinct listings of the vendors with at least :data:`MIN_TITLES` titles, each
    vendor's titles split (seeded) into a training and a test half sharing no title and
    no listing."""

    train: list[MarketListing]
    train_vendors: list[str]
    test: list[MarketListing]
    test_vendors: list[str]


def attribution_task(listings: Iterable[MarketListing], seed: int = 24) -> AttributionTask:
    """Build the closed-set attribution task: one listing per (vendor, title), the
    vendor's name masked from the text."""
    rng = random.Random(seed)
    first: dict[str, dict[str, MarketListing]] = defaultdict(dict)
    every: dict[str, list[MarketListing]] = defaultdict(list)
    for listing in listings:
        first[listing.vendor].setdefault(listing.title, listing)
        every[listing.vendor].append(listing)
    task = AttributionTask([], [], [], [])
    for vendor in sorted(first):
        units = title_units(every[vendor])
        if len(first[vendor]) < MIN_TITLES or len(units) < 2:
            continue
        train, test = split_units(units, rng)
        for title in train:
            task.train.append(mask_vendor(first[vendor][title]))
            task.train_vendors.append(vendor)
        for title in test:
            task.test.append(mask_vendor(first[vendor][title]))
            task.test_vendors.append(vendor)
    return task


def attribute(train: Sequence[MarketListing], vendors: Sequence[str],
              test: Sequence[MarketListing]) -> list[str]:
    """The vendor of each test listing (closed set): a linear support-vector classifier
    (one-vs-rest, balanced class weights so small vendors count) on the character
    1-5-gram TF-IDF of the text, case and punctuation kept, the account linker's text
    features. A single listing's category, price level and shipping are one token each
    and, given the weight of the few words of a title, made attribution worse on the
    synthetic-cannabinoid subset (0.89 against 0.96 macro-F1): they are left to the
    account linker, where they describe many listings."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    text = TfidfVectorizer(analyzer="char", ngram_range=(1, 5), lowercase=False,
                           sublinear_tf=True)
    model = LinearSVC(class_weight="balanced", C=1.0)
    model.fit(text.fit_transform([listing_document(x) for x in train]), list(vendors))
    return [str(v) for v in model.predict(text.transform([listing_document(x)
                                                           for x in test]))]


def macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """Macro-averaged F1 over the vendors of the test set."""
    from sklearn.metrics import f1_score

    return float(f1_score(list(truth), list(predicted), average="macro",
                          labels=sorted(set(truth)), zero_division=0))


def words_of(account: Account) -> str:
    """An account's bag of words plus its shipping places (the baseline's input)."""
    places = " ".join(f"from_{x.ships_from} to_{x.ships_to}".replace(" ", "_")
                      for x in account.listings)
    return account_text(account) + " " + places
