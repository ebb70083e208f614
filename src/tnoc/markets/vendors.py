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
Each account pair gets one similarity per family; the links are decided without a
threshold fitted to a file (:func:`link_accounts`), and each carries the evidence that
weighs most (:class:`AccountLink`).
"""

from __future__ import annotations

import csv
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tnoc.errors import TnocError

PRODUCT_COLUMNS = {"date", "vendor", "product", "price"}
"""The columns every supported layout has."""

FEEDBACK_GRADE = re.compile(r"(?<![\d/])([0-5])/5(?![\d/])")
"""A buyer's grade in Agora's feedback text ("5/5 Extremely fast shipment! …")."""

BIN = re.compile(r"^\[([0-9.eE+-]+),([0-9.eE+-]+)\)$")
"""A binned price of the category subsets: ``[1.00e-07,1.49e+00)`` (BTC)."""

TEXT_WEIGHT, MIX_WEIGHT, PRICE_WEIGHT, SHIPPING_WEIGHT = 0.70, 0.10, 0.10, 0.10
"""How the four feature families add up to one account similarity. Text is the family
Tai et al. found carries the identity; product mix, price level and shipping are each
weak alone (many vendors sell the same things from the same country) and only break
ties. Set a priori, not fitted to any file."""

OUTLIER_Z = 3.5
"""Iglewicz & Hoaglin's cut-off for a modified z-score (median and MAD) outlier: a link's
similarity must stand out from the account's similarities to every other account."""


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


def _clean(text: str | None) -> str:
    text = " ".join((text or "").split())
    return "" if text in {"NA", "N/A"} else text


def _place(text: str | None) -> str:
    """A ships-from/to value with the layout's noise removed ("From: USA" -> "usa"); the
    mapping to countries and classes is :mod:`tnoc.markets` locations' job."""
    text = re.sub(r"^(from|to)\s*:\s*", "", _clean(text), flags=re.I)
    text = re.sub(r"\s+to\s*:.*$", "", text, flags=re.I)
    return text.casefold()


def _price(text: str) -> float | None:
    text = text.strip()
    if not text or text == "NA":
        return None
    if BIN.match(text):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value > 0 else None


def read_listings(path: Path) -> list[MarketListing]:
    """Every listing of an Agora CSV in one of the shipped layouts.

    Raises :class:`TnocError` naming the file and the columns expected when the file is
    not one of them. A February 2014 product crawl writes ``" From: USA To: USA "`` in
    one cell: the destination is split off into ``ships_to``.
    """
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            columns = set(reader.fieldnames or ())
            if not columns >= PRODUCT_COLUMNS:
                raise TnocError(
                    f"{path.name} is not an Agora listing CSV: expected the columns "
                    f"{', '.join(sorted(PRODUCT_COLUMNS))} (and from, to), found "
                    f"{', '.join(sorted(columns)) or 'none'}")
            listings = []
            for row in reader:
                vendor = _clean(row.get("vendor"))
                title = _clean(row.get("product"))
                if not vendor or not title:
                    continue
                origin = _clean(row.get("from"))
                destination = _place(row.get("to"))
                inline = re.search(r"\bto\s*:\s*(.+)$", origin, flags=re.I)
                if inline and not destination:
                    destination = _place(inline.group(1))
                category = "/".join(c for c in (_clean(row.get(k)) for k in
                                                ("cat", "subcat", "subsubcat")) if c)
                listings.append(MarketListing(
                    source=path.name, listing_id=_clean(row.get("list")),
                    date=_clean(row.get("date")), vendor=vendor,
                    title=title, description=_clean(row.get("description")),
                    price=_price(row.get("price") or ""),
                    price_text=_clean(row.get("price")), category=category,
                    ships_from=_place(origin), ships_to=destination,
                    grades=tuple(int(g) for g in
                                 FEEDBACK_GRADE.findall(row.get("feedback") or ""))))
    except UnicodeDecodeError as error:
        raise TnocError(f"{path.name} is not UTF-8 text: {error}") from None
    except csv.Error as error:
        raise TnocError(f"{path.name} is not a readable CSV: {error}") from None
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


# --------------------------------------------------------------------- linking


@dataclass(frozen=True)
class Account:
    """A vendor account to link: a name (or a pseudonym) and its listings."""

    name: str
    listings: tuple[MarketListing, ...]


@dataclass(frozen=True)
class AccountLink:
    """Two accounts judged the same seller: the combined similarity, the margin over
    the better of the two accounts' second-best candidates (the link's strength), each
    family's similarity, and the evidence that weighs most: the shared character
    n-grams that weigh most, the closest pair of titles, and the shared ships-from/to
    places."""

    first: str
    second: str
    similarity: float
    margin: float
    families: dict[str, float]
    ngrams: tuple[str, ...]
    titles: tuple[str, str]
    shipping: tuple[str, ...] = field(default=())


def account_text(account: Account) -> str:
    """The seller's own words: each distinct title and description once."""
    seen: dict[str, None] = {}
    for listing in account.listings:
        seen.setdefault(listing.title, None)
        if listing.description:
            seen.setdefault(listing.description, None)
    return " \n ".join(seen)


def _cosine_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    normed = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return np.asarray(normed @ normed.T)


def _counts(accounts: Sequence[Account], key: str) -> tuple[np.ndarray, list[str]]:
    vocabulary: dict[str, int] = {}
    rows: list[Counter[str]] = []
    for account in accounts:
        counter: Counter[str] = Counter()
        for listing in account.listings:
            value = getattr(listing, key)
            if value:
                counter[value] += 1
        rows.append(counter)
        for value in counter:
            vocabulary.setdefault(value, len(vocabulary))
    matrix = np.zeros((len(accounts), max(len(vocabulary), 1)))
    for i, counter in enumerate(rows):
        for value, count in counter.items():
            matrix[i, vocabulary[value]] = count
    return matrix, list(vocabulary)


@dataclass
class AccountSimilarity:
    """The pairwise similarities of a set of accounts, per family and combined."""

    accounts: list[Account]
    text: np.ndarray
    mix: np.ndarray
    price: np.ndarray
    shipping: np.ndarray
    combined: np.ndarray
    tfidf: Any  # scipy sparse matrix, one row per account
    vectorizer: Any  # the fitted TfidfVectorizer
    _names: list[str] | None = None

    def ngram_names(self) -> list[str]:
        """The n-gram of each TF-IDF column (built once: it is the slow part of
        explaining links)."""
        if self._names is None:
            self._names = [str(n) for n in self.vectorizer.get_feature_names_out()]
        return self._names


def account_similarity(accounts: Sequence[Account]) -> AccountSimilarity:
    """Cosine similarities of the accounts: character 1-5-gram TF-IDF of their text
    (sublinear tf; case, spacing and punctuation kept, across word boundaries, because
    a seller's habits — "x10" or " x 10", "MG", "*" — are the signature), product-category
    mix, price-level histogram and ships-from/to places; combined with the a-priori
    family weights."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(accounts) < 2:
        raise TnocError("linking needs at least two vendor accounts")
    accounts = list(accounts)
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 5), lowercase=False,
                                 sublinear_tf=True)
    tfidf = vectorizer.fit_transform([account_text(a) for a in accounts])
    text = np.asarray((tfidf @ tfidf.T).todense())
    mix = _cosine_rows(_counts(accounts, "category")[0])
    price = _cosine_rows(_counts(accounts, "price_level")[0])
    origin = _counts(accounts, "ships_from")[0]
    destination = _counts(accounts, "ships_to")[0]
    shipping = _cosine_rows(np.hstack([origin, destination]))
    combined = (TEXT_WEIGHT * text + MIX_WEIGHT * mix + PRICE_WEIGHT * price
                + SHIPPING_WEIGHT * shipping)
    np.fill_diagonal(combined, -np.inf)
    return AccountSimilarity(accounts, text, mix, price, shipping, combined, tfidf,
                             vectorizer)


def _modified_z(row: np.ndarray, value: float) -> float:
    """Iglewicz & Hoaglin's modified z-score of ``value`` among ``row``."""
    finite = row[np.isfinite(row)]
    median = float(np.median(finite))
    mad = float(np.median(np.abs(finite - median)))
    if mad == 0:
        return math.inf if value > median else 0.0
    return 0.6745 * (value - median) / mad


def link_accounts(accounts: Sequence[Account]) -> list[AccountLink]:
    """The pairs of accounts that are the same seller, the most similar first.

    The decision rule has no threshold fitted to a file. Two accounts are linked when
    (1) each is the other's nearest account (mutual nearest neighbours: a one-to-one
    match), and (2) for both, the similarity is an outlier among that account's
    similarities to all the others (modified z-score above Iglewicz & Hoaglin's 3.5):
    the scale is each account's own crowd of non-matches, so the rule adapts to a
    category where every vendor sells "Xanax 2mg" as to one where the texts differ. An
    account whose best match fails either test is left unlinked, which is how the
    linker says "no account here is this seller". The margin over the second-best
    candidate is reported with each link as its strength. With fewer than three
    accounts there is no crowd to stand out from: nothing is linked.
    """
    similarity = account_similarity(accounts)
    combined = similarity.combined
    count = len(similarity.accounts)
    if count < 3:
        return []
    best = np.argmax(combined, axis=1)
    links = []
    for i in range(count):
        j = int(best[i])
        if j <= i or int(best[j]) != i:
            continue
        value = float(combined[i, j])
        margins = []
        for a in (i, j):
            row = combined[a]
            margins.append(value - float(np.partition(row[np.isfinite(row)], -2)[-2]))
        if all(_modified_z(combined[a], value) > OUTLIER_Z for a in (i, j)):
            links.append(_explain(similarity, i, j, value, min(margins)))
    links.sort(key=lambda link: -link.similarity)
    return links


def _explain(similarity: AccountSimilarity, i: int, j: int, value: float,
             margin: float) -> AccountLink:
    """A link's strongest evidence: the character n-grams both accounts use that weigh
    most in the product of their TF-IDF weights, the closest title pair (by n-gram
    cosine), and the places both ship from or to."""
    tfidf = similarity.tfidf
    first, second = similarity.accounts[i], similarity.accounts[j]
    shared = tfidf[i].multiply(tfidf[j]).tocoo()
    names = similarity.ngram_names()
    ngrams: list[str] = []
    for position in np.argsort(-shared.data):
        if len(ngrams) == 8:
            break
        gram = names[int(shared.col[position])]
        # the longest n-grams (4-5 characters) read as evidence; overlapping ones
        # ("okin", "oking") say the same thing once
        if len(gram.strip()) < 4 or any(gram in g or g in gram or gram[1:] in g
                                        or g[1:] in gram for g in ngrams):
            continue
        ngrams.append(gram)
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
    return AccountLink(
        first=first.name, second=second.name, similarity=value, margin=margin,
        families={"text": float(similarity.text[i, j]), "mix": float(similarity.mix[i, j]),
                  "price": float(similarity.price[i, j]),
                  "shipping": float(similarity.shipping[i, j])},
        ngrams=tuple(repr(g) for g in ngrams), titles=(titles_i[int(a)], titles_j[int(b)]),
        shipping=tuple(sorted(places_i & places_j)))


def accounts_by_source(listings: Iterable[MarketListing]) -> list[Account]:
    """One account per vendor name and source file (a market or a crawl): the unit
    linked across crawls and markets, named ``vendor @ file``."""
    grouped: dict[tuple[str, str], list[MarketListing]] = defaultdict(list)
    for listing in listings:
        grouped[(listing.vendor, listing.source)].append(listing)
    return [Account(f"{vendor} @ {source}", tuple(rows))
            for (vendor, source), rows in sorted(grouped.items())]
