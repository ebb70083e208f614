"""Darknet market vendors (issue #24, items 2 and 3): profiles across crawls, continuity
between crawls, and linking accounts that are the same seller under another name.

Reads Agora listing CSVs in the three shipped layouts (``mozzarellaV8/agora-marketplace``
from Gwern's Darknet Market Archives): the product crawls (``list, date, vendor, product,
price, cat, subcat, subsubcat, feedback, from, to``), the 2014 category subsets (the
same with a binned price and ``goodFB … worstFB``) and the vendor pages (``date, vendor,
product, description, price, from, to``).

Account linking follows the feature families of Tai, Soska & Christin, "Adversarial
Matching of Dark Net Market Vendor Accounts" (KDD 2019): the text of the listings
(character n-grams, which survive re-wording, misspelling and a vendor's typographic
habits), what is sold (product mix), at what price level and where it ships from and to.
Each account pair gets one similarity per family; how much each family counts is
learned per run from the accounts themselves (each account split in two: its halves
are known to be one seller, :func:`learn_weights`), and the links are decided without a
threshold fitted to a file (:func:`link_accounts`); each carries the evidence that
weighs most (:class:`AccountLink`).
"""

from __future__ import annotations

import math
import random
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from tnoc.errors import TnocError
from tnoc.markets.crawl_files import (
    ReadingNotes,
    cell_text,
    not_a_listing_file,
    read_crawl_file,
    vendor_name,
)
from tnoc.markets.dynamics import crawl_kind
from tnoc.markets.prices import BIN, btc_price

PRODUCT_COLUMNS = {"date", "vendor", "product", "price"}
"""The columns every supported layout has."""

FEEDBACK_GRADE = re.compile(r"(?:^|Feedbacks:|\bdeals\]?)\s*([0-5])/5(?![\d/])")
"""A buyer's grade in Agora's feedback text: the ``N/5`` that opens each feedback, at
the text's start, after "Feedbacks:" or after the previous feedback's buyer, which
ends in "deals" ("Feedbacks: 5/5 Extremely fast shipment! 2 days ago anon ~5/5, 1~2
deals 4/5 …", or "anon [0 deals]"). Not the buyer's own rating ("~5/5", "4.98/5") nor
a grade written in the text ("Definitely 5/5", "10/5 for all"), which counted before
(a review, helper-132: the shake/trim subset's GucciBuds had 37 grades, mean 4.84,
instead of 22, mean 4.73)."""

FAMILIES = ("text", "words", "style", "mix", "price", "shipping")
"""The feature families of an account pair, one cosine similarity each: character
n-grams, words, the shape of the titles (a seller's typography), product-category mix,
price levels and ships-from/to places."""

PRIOR_WEIGHTS = {"text": 0.7, "words": 0.0, "style": 0.0, "mix": 0.1, "price": 0.1,
                 "shipping": 0.1, "bias": 0.0}
"""The family weights used when a run has too few accounts to learn its own (fewer than
three with two titles each): text carries the identity (Tai et al.), the others only
break ties; no bias, so no absolute test of a link (:func:`link_accounts`). Set a
priori, not fitted to any file."""

HUB_NEIGHBOURS = 5
"""k of the cross-domain similarity local scaling (CSLS, Conneau et al., "Word
Translation Without Parallel Data", ICLR 2018): a pair's similarity is discounted by
the mean similarity of each account to its k nearest accounts, so an account that is
close to everyone (a "hub": a generic seller of "Xanax 2mg x 10") no longer takes the
nearest-neighbour place of the true partner."""

FALSE_LINK_RATE = 0.05
"""The false discovery rate of the "link nothing" test (:func:`link_accounts`): the
expected share of wrong links among the links made, i.e. a precision of 0.95, the
target of issue #24. Conventional (Benjamini & Hochberg 1995), not fitted to any
file."""


@dataclass(frozen=True)
class MarketListing:
    """One listing as a crawl saw it. ``price`` is in BTC (None for the binned subsets:
    ``price_text`` keeps the bin as read); ``grades`` are the buyers' feedback grades
    (0-5) parsed from the feedback text; ``listing_id`` is the crawl's page id
    (``list``), empty for the vendor pages."""

    source: str
    listing_id: str
    date: str
    vendor: str
    title: str
    description: str
    price: float | None
    price_text: str
    category: str
    ships_from: str
    ships_to: str
    grades: tuple[int, ...] = ()

    @property
    def crawl(self) -> str:
        """The crawl month (YYYY-MM): crawls of one month are one observation."""
        return self.date[:7]

    @property
    def price_level(self) -> str:
        """The price as a level: the half-decade of the BTC price ("BTC 10^-1.5"), or the
        bin of a binned subset as read; empty when unknown."""
        if self.price is not None:
            return f"BTC 10^{round(2 * math.log10(self.price)) / 2:g}"
        return self.price_text if BIN.match(self.price_text) else ""


def place_text(text: str | None) -> str:
    """A ships-from/to value with the layout's noise removed ("From: USA" -> "usa"); the
    mapping to countries and classes is :mod:`tnoc.markets` locations' job."""
    text = re.sub(r"^(from|to)\s*:\s*", "", cell_text(text), flags=re.I)
    text = re.sub(r"\s+to\s*:.*$", "", text, flags=re.I)
    return text.casefold()


def read_listings(path: Path, notes: ReadingNotes | None = None,
                  encoding: str | None = None) -> list[MarketListing]:
    """Every listing of an Agora CSV in one of the shipped layouts; a row without a
    vendor or a title is no vendor's listing and is left out, its file and line added
    to ``notes`` (for the command to say so), as are vendor names decoded
    (:func:`tnoc.markets.crawl_files.vendor_name`) and the encoding read in (given
    as ``encoding``, or guessed).

    Raises :class:`~tnoc.errors.InputFileError` naming the file, its columns and the
    columns expected when the file is not one of them. A February 2014 product crawl
    writes ``" From: USA To: USA "`` in one cell: the destination is split off into
    ``ships_to``.
    """
    crawl = read_crawl_file(path, notes, encoding)
    if not set(crawl.columns) >= PRODUCT_COLUMNS:
        raise not_a_listing_file(path, crawl.columns, "the columns "
                                 f"{', '.join(sorted(PRODUCT_COLUMNS))} (and from, to)")
    listings = []
    for line, row in crawl.rows:
        vendor = vendor_name(row.get("vendor"), notes, not crawl.vendor_pages)
        title = cell_text(row.get("product"))
        if not vendor or not title:
            if notes is not None:
                notes.left_out.append(f"{path.name} line {line}")
            continue
        origin = cell_text(row.get("from"))
        destination = place_text(row.get("to"))
        inline = re.search(r"\bto\s*:\s*(.+)$", origin, flags=re.I)
        if inline and not destination:
            destination = place_text(inline.group(1))
        category = "/".join(c for c in (cell_text(row.get(k)) for k in
                                        ("cat", "subcat", "subsubcat")) if c)
        listings.append(MarketListing(
            source=path.name, listing_id=cell_text(row.get("list")),
            date=cell_text(row.get("date")), vendor=vendor,
            title=title, description=cell_text(row.get("description")),
            price=btc_price(row.get("price")),
            price_text=cell_text(row.get("price")), category=category,
            ships_from=place_text(origin), ships_to=destination,
            grades=tuple(int(g) for g in
                         FEEDBACK_GRADE.findall(row.get("feedback") or ""))))
    return listings


# --------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class VendorProfile:
    """What a vendor sold across the crawls read: listings (rows: one per listing and
    crawl) and distinct titles, the main categories, the median price (BTC; None for the
    binned subsets) and the commonest price level, where they ship from and to, the
    feedback grades (count and mean; each listing counted on its crawl with the most
    grades, as a crawl repeats the feedback of the crawls before) and the first and last
    crawl date."""

    vendor: str
    listings: int
    titles: int
    categories: tuple[tuple[str, int], ...]
    median_price: float | None
    price_level: str
    ships_from: tuple[str, ...]
    ships_to: tuple[str, ...]
    feedback: int
    mean_grade: float | None
    first_seen: str
    last_seen: str
    crawls: int


def profiles(listings: Iterable[MarketListing]) -> list[VendorProfile]:
    """One profile per vendor name, the most listed first."""
    by_vendor: dict[str, list[MarketListing]] = defaultdict(list)
    for listing in listings:
        by_vendor[listing.vendor].append(listing)
    result = []
    for vendor, rows in by_vendor.items():
        prices = [r.price for r in rows if r.price is not None]
        fullest: dict[str, tuple[int, ...]] = {}
        for r in rows:
            key = r.listing_id or r.title
            if len(r.grades) > len(fullest.get(key, ())):
                fullest[key] = r.grades
        grades = [g for kept in fullest.values() for g in kept]
        levels = Counter(r.price_level for r in rows if r.price_level)
        dates = sorted(r.date for r in rows if r.date)
        result.append(VendorProfile(
            vendor=vendor, listings=len(rows), titles=len({r.title for r in rows}),
            categories=tuple(Counter(r.category for r in rows if r.category).most_common(3)),
            median_price=statistics.median(prices) if prices else None,
            price_level=levels.most_common(1)[0][0] if levels else "",
            ships_from=tuple(p for p, _ in Counter(
                r.ships_from for r in rows if r.ships_from).most_common(3)),
            ships_to=tuple(p for p, _ in Counter(
                r.ships_to for r in rows if r.ships_to).most_common(3)),
            feedback=len(grades), mean_grade=statistics.fmean(grades) if grades else None,
            first_seen=dates[0] if dates else "", last_seen=dates[-1] if dates else "",
            crawls=len({r.crawl for r in rows})))
    result.sort(key=lambda p: (-p.listings, p.vendor.casefold()))
    return result


@dataclass(frozen=True)
class Continuity:
    """Vendor turnover from one crawl month to the next: how many vendors of the earlier
    crawl are seen again (``stayed``), how many are new and how many are gone, and the
    Jaccard overlap of the two vendor sets."""

    crawl: str
    previous: str | None
    vendors: int
    stayed: int
    new: int
    gone: int
    jaccard: float | None


def continuity(listings: Iterable[MarketListing]) -> list[Continuity]:
    """Vendor continuity between consecutive crawl months, oldest first."""
    by_crawl: dict[str, set[str]] = defaultdict(set)
    for listing in listings:
        if listing.date:
            by_crawl[listing.crawl].add(listing.vendor)
    result: list[Continuity] = []
    previous: str | None = None
    for crawl in sorted(by_crawl):
        now = by_crawl[crawl]
        before = by_crawl[previous] if previous else set()
        union = now | before
        result.append(Continuity(
            crawl=crawl, previous=previous, vendors=len(now), stayed=len(now & before),
            new=len(now - before), gone=len(before - now),
            jaccard=len(now & before) / len(union) if previous and union else None))
        previous = crawl
    return result


def crawl_kinds(listings: Iterable[MarketListing], slice_named: bool = True
                ) -> dict[str, str]:
    """The kind of crawl of each file of ``listings``
    (:func:`tnoc.markets.dynamics.crawl_kind`; vendor pages: no listing page column,
    so no listing id)."""
    paths: dict[str, set[str]] = defaultdict(set)
    pages: dict[str, bool] = {}
    for listing in listings:
        paths[listing.source].add(listing.category)
        pages[listing.source] = pages.get(listing.source, True) and not listing.listing_id
    return {source: crawl_kind(found, pages[source], slice_named)
            for source, found in paths.items()}


# --------------------------------------------------------------------- linking


@dataclass(frozen=True)
class Account:
    """A vendor account to link: a name (or a pseudonym) and its listings."""

    name: str
    listings: tuple[MarketListing, ...]


@dataclass(frozen=True)
class AccountLink:
    """Two accounts judged the same seller: the combined similarity (hubness-corrected,
    :data:`HUB_NEIGHBOURS`), the margin over the better of the two accounts'
    second-best candidates (the link's strength), each family's similarity, the family
    that weighs most in this link (its similarity times the run's learned weight), and
    the evidence itself: the shared character n-grams that weigh most, the closest pair
    of titles, and the shared ships-from/to places; ``p_value`` how often another
    seller of the run scores as high (:func:`impostor_p_values`), ``threshold`` the
    run's highest best-impostor score below the run's weakest link (every link of the
    run beat it; :func:`link_accounts`), ``false_link_rate`` the false discovery rate
    the run's links were kept at and ``p_cutoff`` the p-value Benjamini-Hochberg
    admitted up to at that rate (``rate * k / m``, k links of m candidates; every
    link's p-value is at most this); ``impostors`` how many best-impostor scores the
    p-value was judged against (:func:`empirical_p_values`: with fewer than
    ``2 / rate`` it is a parametric tail, an extrapolation)."""

    first: str
    second: str
    similarity: float
    margin: float
    families: dict[str, float]
    ngrams: tuple[str, ...]
    titles: tuple[str, str]
    shipping: tuple[str, ...] = field(default=())
    strongest: str = ""
    threshold: float | None = None  # the highest best-impostor score below every link
    p_value: float | None = None  # of the score among the run's best impostors
    false_link_rate: float | None = None  # the FDR of the Benjamini-Hochberg test
    p_cutoff: float | None = None  # BH threshold rate x k / m: every kept p-value <= it
    impostors: int | None = None  # best-impostor scores the p-value was judged against


def account_text(account: Account) -> str:
    """The seller's own words: each distinct title and description once."""
    seen: dict[str, None] = {}
    for listing in account.listings:
        seen.setdefault(listing.title, None)
        if listing.description:
            seen.setdefault(listing.description, None)
    return " \n ".join(seen)


def title_shape(account: Account) -> str:
    """The shape of the seller's titles: runs of capitals, lower-case letters and digits
    each reduced to one symbol ("100x 1mg XANAX!" -> "9a 9a A!"), spacing and
    punctuation kept. What a vendor writes changes with the product; how they write it
    ("9 x 9", "9x9", "**A**", "9,9 a") is a habit that survives the split."""
    titles = dict.fromkeys(listing.title for listing in account.listings)
    return " \n ".join(re.sub(r"[a-z]+", "a", re.sub(r"[A-Z]+", "A", re.sub(r"\d+", "9", t)))
                       for t in titles)


def _tokens(account: Account, *keys: str) -> str:
    """An account's values of listing attributes as tokens ("from:usa to:worldwide")."""
    return " ".join(f"{key}:{value}".replace(" ", "_") for listing in account.listings
                    for key in keys if (value := getattr(listing, key))) or "none:"


def _cosine(matrix: Any) -> np.ndarray:
    """Cosine similarities of the rows of a (sparse) matrix."""
    from sklearn.preprocessing import normalize

    rows = normalize(matrix)
    return np.asarray((rows @ rows.T).todense())


@dataclass
class AccountSimilarity:
    """The pairwise similarities of a set of accounts: per family, combined with the
    family weights, and hubness-corrected (CSLS, the score links are decided on)."""

    accounts: list[Account]
    families: dict[str, np.ndarray]
    weights: dict[str, float]
    combined: np.ndarray
    scores: np.ndarray
    tfidf: Any  # scipy sparse matrix, one row per account
    vectorizer: Any  # the fitted character TfidfVectorizer
    _names: list[str] | None = None
    _frequency: np.ndarray | None = None

    def ngram_names(self) -> list[str]:
        """The n-gram of each TF-IDF column (built once: it is the slow part of
        explaining links)."""
        if self._names is None:
            self._names = [str(n) for n in self.vectorizer.get_feature_names_out()]
        return self._names

    def document_frequency(self) -> np.ndarray:
        """How many of the run's accounts use each n-gram (TF-IDF column)."""
        if self._frequency is None:
            self._frequency = np.bincount(self.tfidf.tocsr().indices,
                                          minlength=self.tfidf.shape[1])
        return self._frequency


def family_similarities(accounts: Sequence[Account]) -> tuple[dict[str, np.ndarray], Any,
                                                               Any]:
    """Cosine similarities of the accounts per family (:data:`FAMILIES`), all TF-IDF with
    sublinear tf: character 1-5-grams of titles and descriptions (case, spacing and
    punctuation kept, across word boundaries: a seller's habits — "x10" or " x 10", "MG",
    "*" — are the signature); words and word pairs; character 2-4-grams of the titles'
    shape (:func:`title_shape`); categories; price levels; ships-from/to places. The
    inverse document frequency matters for the last three as for words: two accounts
    both shipping from Australia say more than two shipping from the USA. Returns the
    similarities, the character TF-IDF matrix and its vectorizer (for the evidence)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [account_text(a) for a in accounts]
    characters = TfidfVectorizer(analyzer="char", ngram_range=(1, 5), lowercase=False,
                                 sublinear_tf=True)
    tfidf = characters.fit_transform(texts)
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True,
                            token_pattern=r"(?u)\b\w+\b").fit_transform(texts)
    style = TfidfVectorizer(analyzer="char", ngram_range=(2, 4), lowercase=False,
                            sublinear_tf=True).fit_transform(
        [title_shape(a) for a in accounts])

    def attributes(*keys: str) -> np.ndarray:
        vectorizer = TfidfVectorizer(token_pattern=r"\S+", lowercase=False,
                                     sublinear_tf=True)
        return _cosine(vectorizer.fit_transform([_tokens(a, *keys) for a in accounts]))

    similarities = {"text": _cosine(tfidf), "words": _cosine(words),
                    "style": _cosine(style), "mix": attributes("category"),
                    "price": attributes("price_level"),
                    "shipping": attributes("ships_from", "ships_to")}
    return similarities, tfidf, characters


def title_units(listings: Iterable[MarketListing]) -> list[tuple[str, ...]]:
    """A seller's distinct titles in the units a split must keep together: titles of one
    listing (the same ``listing_id``, renamed between crawls) are one unit, every other
    title one of its own; each unit's titles sorted, the units sorted by their first.
    Splitting by title alone sent a renamed listing's old and new titles to the two
    halves, which then shared that listing's description, price and shipping (on the
    prescription subset 12-13 of 32 true pairs did): a link made easy by the split, not
    by the seller."""
    from tnoc.disjoint_sets import DisjointSets

    sets = DisjointSets()
    first_title: dict[str, str] = {}
    for listing in listings:
        sets.find(listing.title)
        if listing.listing_id:
            sets.union(first_title.setdefault(listing.listing_id, listing.title),
                       listing.title)
    return sorted(tuple(sorted(titles)) for titles in sets.members().values())


def split_units(units: list[tuple[str, ...]], rng: random.Random
                ) -> tuple[list[str], list[str]]:
    """The titles of ``units`` split in two halves sharing no unit (so no title and no
    listing), seeded by ``rng``: the units shuffled, the first half of them one half,
    the titles in that shuffled order. Where every unit is one title this is the plain
    title split, draw for draw."""
    units = list(units)
    rng.shuffle(units)
    middle = len(units) // 2
    return ([t for unit in units[:middle] for t in unit],
            [t for unit in units[middle:] for t in unit])


def _halves(accounts: Sequence[Account], seed: int) -> tuple[list[Account], list[int]]:
    """Each account with at least two units of titles (:func:`title_units`) split,
    seeded, into two halves sharing no title and no listing; the halves and the account
    each came from."""
    rng = random.Random(seed)
    halves: list[Account] = []
    owners: list[int] = []
    for number, account in enumerate(accounts):
        units = title_units(account.listings)
        if len(units) < 2:
            continue
        for titles in split_units(units, rng):
            part = set(titles)
            halves.append(Account(f"{account.name} ({len(halves) % 2 + 1}/2)", tuple(
                listing for listing in account.listings if listing.title in part)))
            owners.append(number)
    return halves, owners


@dataclass(frozen=True)
class Rehearsal:
    """The run's accounts split once more in two (:func:`_halves`): the halves, the
    account each came from, and the family similarities of the halves. Two halves of
    one account are known to be one seller; this is what the linker learns from, with
    no label (:func:`learn_weights`)."""

    halves: list[Account]
    owners: np.ndarray
    families: dict[str, np.ndarray]


def rehearse(accounts: Sequence[Account], seed: int = 0) -> Rehearsal | None:
    """The rehearsal of a run, or None when fewer than three accounts can be split."""
    halves, owners = _halves(accounts, seed)
    if len(set(owners)) < 3:
        return None
    return Rehearsal(halves, np.asarray(owners), family_similarities(halves)[0])


def comparable_accounts(accounts: Sequence[Account]) -> np.ndarray:
    """Which two accounts the rehearsal may take as two sellers (a square boolean
    matrix): those with listings of one source file, and those of which neither shares
    a file with another account (an account alone in its files has nothing else to be
    compared with; with every account alone, all pairs). What every account of a file
    shares is the file's, not a seller's: see :func:`learn_weights`."""
    files = sorted({listing.source for account in accounts for listing in account.listings})
    column = {name: n for n, name in enumerate(files)}
    holds = np.zeros((len(accounts), len(files)), dtype=bool)
    for row, account in enumerate(accounts):
        for listing in account.listings:
            holds[row, column[listing.source]] = True
    share = holds @ holds.T  # boolean: some file in common
    alone = share.sum(axis=1) == 1  # shares a file with itself only
    return np.asarray(share | np.outer(alone, alone))


def learn_weights(accounts: Sequence[Account], seed: int = 0,
                  rehearsal: Rehearsal | None = None) -> dict[str, float]:
    """How much each family counts in this run, learned from the accounts themselves
    with no name or label: every account is split in two (:func:`_halves`), the two
    halves of an account are known to be one seller and halves of different accounts
    are taken as different sellers (wrong only for the few true pairs, which makes the
    weights conservative), and a logistic regression (balanced classes) on the family
    similarities of the pairs of halves gives each family its weight, and its intercept
    (``"bias"``) the log-odds scale: a pair whose weighted similarity plus the bias is
    above zero looks more like two halves of one seller than like two. Negative weights
    (a family made redundant by another) are set to zero: a shared trait is never
    evidence against. A product-mix family that separates nobody in a one-category
    subset so gets ~0 weight there and some in a whole crawl.

    Halves of different accounts are compared only where both accounts have listings of
    one file (a crawl, a category subset, vendor pages), or where neither shares a file
    with another account (:func:`comparable_accounts`; all pairs when no file has two):
    what every account of a file shares is the file's, not a seller's trait. Across
    category subsets pooled, every account's two halves share its file's category, so
    product mix had been learned as the strongest evidence (weight 0 on one subset,
    6.9 on four) and linked strangers of one file; and across two crawls, the same
    seller's account in each had been taken as two sellers (a review, helper-132).
    With fewer than three splittable accounts there is nothing to learn from:
    :data:`PRIOR_WEIGHTS`."""
    from sklearn.linear_model import LogisticRegression

    rehearsal = rehearse(accounts, seed) if rehearsal is None else rehearsal
    if rehearsal is None:
        return dict(PRIOR_WEIGHTS)
    similarities, owner = rehearsal.families, rehearsal.owners
    first, second = np.triu_indices(len(owner), 1)
    # halves of different accounts are compared within a file (comparable_accounts)
    comparable = comparable_accounts(accounts)[owner[first], owner[second]]
    first, second = first[comparable], second[comparable]
    same = owner[first] == owner[second]
    features = np.column_stack([similarities[f][first, second] for f in FAMILIES])
    model = LogisticRegression(class_weight="balanced", max_iter=1000)
    model.fit(features, same)
    weights = {f: max(float(w), 0.0) for f, w in zip(FAMILIES, model.coef_[0], strict=True)}
    weights["bias"] = float(model.intercept_[0])
    return weights if any(weights[f] for f in FAMILIES) else dict(PRIOR_WEIGHTS)


def hubness_corrected(similarity: np.ndarray, k: int = HUB_NEIGHBOURS) -> np.ndarray:
    """CSLS (Conneau et al. 2018): ``2 s(a, b) - r(a) - r(b)`` with ``r`` an account's
    mean similarity to its k nearest accounts; the diagonal is -inf."""
    scores = similarity.astype(float, copy=True)
    np.fill_diagonal(scores, -np.inf)
    k = max(1, min(k, len(scores) - 1))
    crowd = np.sort(scores, axis=1)[:, -k:].mean(axis=1)
    corrected = 2 * scores - crowd[:, None] - crowd[None, :]
    np.fill_diagonal(corrected, -np.inf)
    return np.asarray(corrected)


def account_similarity(accounts: Sequence[Account],
                       weights: dict[str, float] | None = None) -> AccountSimilarity:
    """The family similarities of the accounts combined with the run's learned weights
    (:func:`learn_weights`, or those given) and corrected for hubness."""
    if len(accounts) < 2:
        raise TnocError("linking needs at least two vendor accounts")
    accounts = list(accounts)
    similarities, tfidf, vectorizer = family_similarities(accounts)
    weights = learn_weights(accounts) if weights is None else weights
    combined = sum((weights[f] * similarities[f] for f in FAMILIES),
                   np.zeros((len(accounts), len(accounts))))
    np.fill_diagonal(combined, -np.inf)
    return AccountSimilarity(accounts, similarities, weights, combined,
                             hubness_corrected(combined), tfidf, vectorizer)


@dataclass(frozen=True)
class Candidates:
    """The mutual-nearest pairs of a set of accounts (indices), their margins over the
    better of the two accounts' second-best candidates, and the run's best-impostor
    scores (:func:`candidates`)."""

    pairs: list[tuple[int, int]]
    margins: np.ndarray
    impostors: np.ndarray


def candidates(scores: np.ndarray) -> Candidates:
    """The mutual nearest neighbours of the hubness-corrected scores, and each
    account's best-impostor score: its best score to an account that is not its mutual
    nearest (for an account in a mutual pair, its second-best: an account has at most
    one partner, so its second-best candidate is another seller)."""
    count = len(scores)
    ranked = np.sort(scores, axis=1)
    best = np.argmax(scores, axis=1)
    pairs = [(i, int(best[i])) for i in range(count)
             if int(best[i]) > i and int(best[int(best[i])]) == i]
    paired = np.zeros(count, dtype=bool)
    for i, j in pairs:
        paired[i] = paired[j] = True
    impostors = np.where(paired, ranked[:, -2], ranked[:, -1])
    margins = np.array([float(scores[i, j]) - max(float(ranked[i, -2]),
                                                  float(ranked[j, -2])) for i, j in pairs])
    return Candidates(pairs, margins, impostors[np.isfinite(impostors)])


def empirical_p_values(impostors: int, rate: float = FALSE_LINK_RATE) -> bool:
    """Whether ``impostors`` best-impostor scores are enough for an empirical p-value
    to reach ``rate / 2`` (at least ``2 / rate`` of them); with fewer,
    :func:`impostor_p_values` falls back on a parametric tail."""
    return impostors * rate >= 2


def impostor_p_values(values: np.ndarray, impostors: np.ndarray,
                      rate: float = FALSE_LINK_RATE) -> np.ndarray:
    """How often another seller scores as high, for each candidate score: the
    empirical p-value ``(1 + #impostors >= value) / (1 + #impostors)`` against the run's
    best-impostor scores when there are enough of them for a p-value of ``rate / 2`` to
    be reached (at least 2 / rate impostors); with fewer, a parametric stand-in: the
    tail of the Student-t prediction for one more score drawn like the n impostors,
    ``(value - mean) / (sd * sqrt(1 + 1/n))`` on n - 1 degrees of freedom (the
    prediction interval of a normal sample, e.g. Hahn & Meeker, *Statistical
    Intervals*, 1991, §4.7). It counts the uncertainty of a mean and spread taken from
    a handful of scores: a normal tail around their median in MAD units, used before,
    gave 4 accounts' link p = 1e-221."""
    from scipy.stats import t as student

    impostors = np.sort(impostors)
    if empirical_p_values(len(impostors), rate):
        above = len(impostors) - np.searchsorted(impostors, values, side="left")
        return np.asarray((1.0 + above) / (1.0 + len(impostors)))
    count = len(impostors)
    if count < 2:  # no spread to judge by: no evidence against chance
        return np.ones(len(values))
    spread = float(np.std(impostors, ddof=1)) or 1.0
    scaled = (values - float(np.mean(impostors))) / (spread * np.sqrt(1 + 1 / count))
    return np.asarray(student.sf(scaled, count - 1))


def benjamini_hochberg_cutoff(p_values: np.ndarray, rate: float = FALSE_LINK_RATE
                              ) -> float | None:
    """The p-value up to which Benjamini-Hochberg rejects at ``rate``: ``rate * k / m``
    for the k rejections of :func:`benjamini_hochberg` among m hypotheses, None when it
    rejects none. Kept with each link: the level its p-value was judged at."""
    k = int(benjamini_hochberg(p_values, rate).sum())
    return rate * k / len(p_values) if k else None


def benjamini_hochberg(p_values: np.ndarray, rate: float = FALSE_LINK_RATE) -> np.ndarray:
    """Which hypotheses to reject at false discovery rate ``rate`` (Benjamini &
    Hochberg, J. R. Stat. Soc. B 1995): the k smallest p-values, k the largest rank
    with ``p_(k) <= rate * k / m``."""
    m = len(p_values)
    reject = np.zeros(m, dtype=bool)
    if m == 0:
        return reject
    order = np.argsort(p_values, kind="stable")
    passing = np.nonzero(p_values[order] <= rate * np.arange(1, m + 1) / m)[0]
    if passing.size:
        reject[order[:passing[-1] + 1]] = True
    return reject


def link_accounts(accounts: Sequence[Account],
                  weights: dict[str, float] | None = None,
                  family: Callable[[Account, Account], Hashable] | None = None
                  ) -> list[AccountLink]:
    """The pairs of accounts that are the same seller, the most similar first.

    The decision rule has no threshold fitted to a file. Two accounts are candidates
    when each is the other's nearest account by the hubness-corrected score (mutual
    nearest neighbours: a one-to-one match) and the pair looks more like the two halves
    of one account than like halves of two (the learned log-odds of
    :func:`learn_weights` above zero, which keeps a small set of accounts none of which
    is another's from being linked among themselves). Each candidate's score is then
    tested against what another seller reaches in this run, the run's best-impostor
    scores (:func:`candidates`, :func:`impostor_p_values`), so the scale is this
    category's and this amount of text's; the candidates linked are those the
    Benjamini-Hochberg procedure keeps at a false discovery rate of
    :data:`FALSE_LINK_RATE`, which bounds the expected share of wrong links among the
    links made (the precision the linker aims at) however many candidates a run has.
    An account whose best match fails is left unlinked, which is how the linker says
    "no account here is this seller". The margin over the second-best candidate is
    reported with each link as its strength, the p-value as its significance. With
    fewer than three accounts there is no crowd to stand out from: nothing is linked.

    ``family`` splits the candidates into families tested apart, each at the false
    discovery rate (separate-class FDR: Efron, "Simultaneous inference: when should
    hypothesis testing problems be combined?", Ann. Appl. Stat. 2008). The commands
    test a vendor name seen in two crawl files apart from pairs of two names: pooled,
    the hundreds of same-name pairs, near-certain, raise the Benjamini-Hochberg
    cutoff, and more leads pass than a 5% share of wrong leads allows (the January and
    February 2014 crawls: 9 leads pooled, none in their own family).
    """
    if len(accounts) < 3:
        return []
    similarity = account_similarity(accounts, weights)
    found = candidates(similarity.scores)
    bias = similarity.weights.get("bias", 0.0)
    kept = [row for row, (i, j) in enumerate(found.pairs)
            if float(similarity.combined[i, j]) + bias > 0]
    values = np.array([float(similarity.scores[found.pairs[row]]) for row in kept])
    p_values = impostor_p_values(values, found.impostors)
    numbers: dict[Hashable, int] = {}
    families = np.array([numbers.setdefault(None if family is None else family(
        accounts[found.pairs[row][0]], accounts[found.pairs[row][1]]), len(numbers))
        for row in kept], dtype=int)
    linked = np.zeros(len(kept), dtype=bool)
    cutoffs = np.full(len(kept), np.nan)
    for name in np.unique(families):
        members = families == name
        linked[members] = benjamini_hochberg(p_values[members])
        cutoffs[members] = benjamini_hochberg_cutoff(p_values[members]) or np.nan
    weakest = float(values[linked].min()) if linked.any() else np.inf
    below = found.impostors[found.impostors < weakest]
    threshold = float(below.max()) if below.size else None
    links = []
    for row, value, p_value, cutoff in zip(np.asarray(kept)[linked], values[linked],
                                           p_values[linked], cutoffs[linked], strict=True):
        i, j = found.pairs[int(row)]
        links.append(replace(_explain(similarity, i, j, float(value),
                                      float(found.margins[int(row)])),
                             threshold=threshold, p_value=float(p_value),
                             false_link_rate=FALSE_LINK_RATE, p_cutoff=float(cutoff),
                             impostors=len(found.impostors)))
    links.sort(key=lambda link: -link.similarity)
    return links


def _explain(similarity: AccountSimilarity, i: int, j: int, value: float,
             margin: float) -> AccountLink:
    """A link's strongest evidence: the family that weighs most (similarity times
    weight), the shared character n-grams that are most distinctive, the closest title
    pair (by n-gram cosine), and the places both ship from or to.

    An n-gram's evidence is its weight in both accounts (the product of their TF-IDF
    weights) times how rare it is in the run, ``log((1 + n) / (1 + df))`` over the n
    accounts: zero for an n-gram every account of the run uses. The TF-IDF weight alone
    keeps a floor for such n-grams (scikit-learn's smoothed IDF adds one), so the words
    every vendor of a category writes ("Xanax", " mg ", "Heroi") would head the
    evidence of a weak link; each n-gram is shown with how many of the run's accounts
    use it ("'b-973' 2/79"), so a reader sees whether a link rests on a habit or on the
    category's vocabulary."""
    tfidf = similarity.tfidf
    first, second = similarity.accounts[i], similarity.accounts[j]
    shared = tfidf[i].multiply(tfidf[j]).tocoo()
    names = similarity.ngram_names()
    frequency = similarity.document_frequency()
    count = tfidf.shape[0]
    evidence = shared.data * np.log((1.0 + count) / (1.0 + frequency[shared.col]))
    ngrams: list[tuple[str, int]] = []
    for position in np.argsort(-evidence, kind="stable"):
        if len(ngrams) == 8 or evidence[position] <= 0:
            break
        gram = names[int(shared.col[position])]
        # the longest n-grams (4-5 characters) read as evidence; overlapping ones
        # ("okin", "oking") say the same thing once
        if len(gram.strip()) < 4 or any(gram in g or g in gram or gram[1:] in g
                                        or g[1:] in gram for g, _ in ngrams):
            continue
        ngrams.append((gram, int(frequency[shared.col[position]])))
    titles_i = sorted({listing.title for listing in first.listings})
    titles_j = sorted({listing.title for listing in second.listings})
    vectors_i = similarity.vectorizer.transform(titles_i)
    vectors_j = similarity.vectorizer.transform(titles_j)
    pairwise = np.asarray((vectors_i @ vectors_j.T).todense())
    a, b = np.unravel_index(int(np.argmax(pairwise)), pairwise.shape)
    places_i = {p for listing in first.listings for p in (listing.ships_from,
                                                           listing.ships_to) if p}
    places_j = {p for listing in second.listings for p in (listing.ships_from,
                                                            listing.ships_to) if p}
    families = {f: float(similarity.families[f][i, j]) for f in FAMILIES}
    strongest = max(FAMILIES, key=lambda f: similarity.weights[f] * families[f])
    return AccountLink(
        first=first.name, second=second.name, similarity=value, margin=margin,
        families=families, ngrams=tuple(f"{g!r} {df}/{count}" for g, df in ngrams),
        titles=(titles_i[int(a)], titles_j[int(b)]),
        shipping=tuple(sorted(places_i & places_j)), strongest=strongest)


def accounts_by_source(listings: Iterable[MarketListing]) -> list[Account]:
    """One account per vendor name and source file (a market or a crawl): the unit
    linked across crawls and markets, named ``vendor @ file``."""
    grouped: dict[tuple[str, str], list[MarketListing]] = defaultdict(list)
    for listing in listings:
        grouped[(listing.vendor, listing.source)].append(listing)
    return [Account(f"{vendor} @ {source}", tuple(rows))
            for (vendor, source), rows in sorted(grouped.items())]
