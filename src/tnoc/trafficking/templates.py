"""Template clusters in advertisement and listing text (issue #25, item 4).

People who post advertisements for exploited people, like market vendors, write from
templates: the same text with a name, a price, a place or a phone number changed.
InfoShield (Lee, Vajiac, Kulshrestha, Levy, Park, Jones, Rabbany & Faloutsos,
"InfoShield: Generalizable Information-Theoretic Human-Trafficking Detection", ICDE
2021) finds such clusters in two stages, and this module follows its ideas (the code
is written here from the paper's description, not taken from it):

1. **Coarse** (high recall): every document's most distinctive phrases — the word
   n-grams with the highest tf-idf, among those that occur in more than one document —
   link documents into a graph; its connected components are candidate clusters.
2. **Fine** (high precision), by the Minimum Description Length principle (Rissanen
   1978; Grünwald, *The MDL Principle*, 2007): a template is worth keeping if encoding
   the template once and each member *relative to it* takes fewer bits than encoding
   the members on their own. A document's own cost is the length of its tokens under
   the corpus's unigram code (``-log2 p(token)``, plus the universal code of its
   length, Rissanen's ``log*``); its cost given a template is the cost of naming the
   template and of the alignment, as InfoShield-fine: per template token what became
   of it (kept, replaced, deleted), per gap whether and how much is inserted, and the
   tokens of every replaced or inserted stretch (the "slots"); a long template is thus
   dear for a document that keeps little of it. A document joins a template only if that saves bits;
   in each candidate cluster the template saving most bits is chosen, its members are
   taken out and the search repeats on the rest until no template saves bits.

Differences from the paper, said plainly: the template is one member document (the
paper aligns the members into a consensus by partial-order alignment and also shows a
representative document); the alignment is :class:`difflib.SequenceMatcher`'s
blocks, not an optimal alignment; the candidates for a template are the documents most
linked in the coarse graph (:data:`CANDIDATES` of them), to keep the search linear in
the cluster's size. Nothing is fitted to a corpus: the code lengths come from the
corpus at hand, and the two constants (:data:`TOP_PHRASES`, :data:`PHRASE_LENGTH`)
are InfoShield-coarse's choices of phrase count and length.

The *precision* setting keeps the fine (MDL) clusters; the *recall* setting the coarse
components. Evaluated on Agora listing text with the vendor as author (a market has
no labelled trafficking ads; the vendor is the author whose templates should be found):
see ``benchmarks/trafficking.py`` and ``docs/trafficking.md``.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from tnoc.errors import InputFileError, Where

TOP_PHRASES = 5
"""How many of a document's highest-tf-idf phrases link it in the coarse graph."""
PHRASE_LENGTH = 5
"""Phrases are word n-grams of up to this many tokens (and at least two)."""
CANDIDATES = 8
"""How many of a coarse cluster's most-linked documents are tried as its template."""
FATE_BITS = math.log2(3)
"""What became of one template token in a document: kept, replaced or deleted."""

TOKEN = re.compile(r"\w+|[^\w\s]")


class Setting(StrEnum):
    """Which stage's clusters to keep."""

    precision = "precision"
    recall = "recall"


def tokens(text: str) -> list[str]:
    """Words and punctuation marks, lower-cased."""
    return TOKEN.findall(text.lower())


def log_star(n: int) -> float:
    """Rissanen's universal code length of a positive integer, in bits:
    ``log2(c0) + log2 n + log2 log2 n + ...`` over the positive terms, c0 = 2.865064."""
    bits = math.log2(2.865064)
    value = float(max(n, 1))
    while value > 1:
        value = math.log2(value)
        if value > 0:
            bits += value
    return bits


@dataclass(frozen=True)
class Listing:
    """One document: its record in the file (1 = the first after the header), author
    (if the file names one) and text."""

    row: int
    author: str | None
    text: str


@dataclass(frozen=True)
class Listings:
    """The documents of a file, identical (author, text) pairs kept once."""

    source: str
    items: list[Listing]
    duplicates: int
    """Rows dropped because the same author posted the same text again."""


def read_listings(path: Path, text_columns: Sequence[str],
                  author_column: str | None = None) -> Listings:
    """Read a CSV of listings or advertisements: the text is ``text_columns`` joined
    by a space; rows with no text are skipped; a column that is not there is refused,
    naming it and the columns there are."""
    items: list[Listing] = []
    seen: set[tuple[str | None, str]] = set()
    duplicates = 0
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            wanted = [*text_columns, *([author_column] if author_column else [])]
            missing = [c for c in wanted if c not in header]
            if missing:
                raise InputFileError(
                    f"no column {', '.join(repr(m) for m in missing)}",
                    Where(path, 1, row_label="line"),
                    expected="one of " + ", ".join(repr(h) for h in header))
            for number, raw in enumerate(reader, start=1):
                text = " ".join((raw.get(c) or "").strip() for c in text_columns).strip()
                if not text:
                    continue
                author = (raw.get(author_column) or "").strip() or None if author_column \
                    else None
                key = (author, text)
                if key in seen:
                    duplicates += 1
                    continue
                seen.add(key)
                items.append(Listing(number, author, text))
    except (OSError, UnicodeDecodeError, csv.Error) as failed:
        raise InputFileError(f"cannot read the listings: {failed}", Where(path),
                             expected="a CSV file (UTF-8)") from failed
    if not items:
        raise InputFileError("no listing has any text", Where(path),
                             expected=f"text in {', '.join(text_columns)}")
    return Listings(path.name, items, duplicates)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _phrases(words: list[str]) -> Counter[tuple[str, ...]]:
    out: Counter[tuple[str, ...]] = Counter()
    for n in range(2, PHRASE_LENGTH + 1):
        for i in range(len(words) - n + 1):
            out[tuple(words[i:i + n])] += 1
    return out


def coarse_clusters(docs: list[list[str]]) -> tuple[list[list[int]], list[int]]:
    """InfoShield-coarse: link each document to its :data:`TOP_PHRASES` highest-tf-idf
    phrases found in more than one document; return the connected components of two
    or more documents and each document's degree (how many of its top phrases it
    shares), the latter to pick template candidates."""
    grams = [_phrases(d) for d in docs]
    df: Counter[tuple[str, ...]] = Counter()
    for g in grams:
        df.update(g.keys())
    n = len(docs)
    union = _UnionFind(n)
    owner: dict[tuple[str, ...], int] = {}
    degree = [0] * n
    for i, g in enumerate(grams):
        total = sum(g.values()) or 1
        shared = [(count / total * math.log(n / df[p]), p) for p, count in g.items()
                  if df[p] > 1]
        shared.sort(key=lambda sp: (-sp[0], sp[1]))
        for _, phrase in shared[:TOP_PHRASES]:
            degree[i] += df[phrase]
            if phrase in owner:
                union.union(owner[phrase], i)
            else:
                owner[phrase] = i
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[union.find(i)].append(i)
    return [g for g in groups.values() if len(g) > 1], degree


class _Code:
    """Code lengths in bits under the corpus's unigram distribution."""

    def __init__(self, docs: list[list[str]]) -> None:
        counts: Counter[str] = Counter(t for d in docs for t in d)
        total = sum(counts.values())
        self.bits = {t: -math.log2(c / total) for t, c in counts.items()}

    def alone(self, doc: list[str]) -> float:
        """Bits to encode a document on its own."""
        return log_star(len(doc)) + sum(self.bits[t] for t in doc)

    def given(self, doc: list[str], template: list[str], templates: int) -> float:
        """Bits to encode a document as an alignment to a template (one of
        ``templates``): the template's name; for every template token its fate (kept,
        replaced or deleted: ``log2 3``); for every gap between template tokens whether
        the document inserts there (1 bit) and, if so, how many tokens (``log*``); and
        the tokens the document puts in place of replaced tokens or inserts."""
        bits = self.fixed(len(template), templates)
        matcher = SequenceMatcher(None, template, doc, autojunk=False)
        for kind, i1, i2, j1, j2 in matcher.get_opcodes():
            if kind in ("replace", "insert"):
                bits += sum(self.bits[t] for t in doc[j1:j2])
                inserted = (j2 - j1) - (i2 - i1)  # a longer replacement inserts the rest
                if inserted > 0:
                    bits += log_star(inserted)
        return bits

    def fixed(self, length: int, templates: int) -> float:
        """The part of :meth:`given` that depends only on the template's length."""
        return math.log2(templates + 1) + length * FATE_BITS + length + 1


@dataclass(frozen=True)
class Template:
    """A cluster: the member document used as template and the documents it encodes
    with fewer bits than they take alone."""

    template: int
    members: list[int]
    bits_saved: float
    """Σ (bits alone − bits given the template) over the members other than the
    template document (which is sent whole, as it would be alone), less the bits that
    name the template."""


def fine_clusters(docs: list[list[str]], group: list[int], degree: list[int],
                  code: _Code, templates: int) -> list[Template]:
    """InfoShield-fine (simplified, see the module): the MDL search for templates in
    one coarse cluster. Every document is tried as a template (most linked first) until
    none saves bits; a document that saves none as a template never will, with fewer
    left. Before aligning, a floor under the document's cost given the template (the
    fixed costs and the bits of its tokens the template lacks: they must be sent
    whatever the alignment) rules out most pairs with one sparse product."""
    position = {d: k for k, d in enumerate(group)}
    vocabulary: dict[str, int] = {}
    cells = [(k, vocabulary.setdefault(t, len(vocabulary)), code.bits[t])
             for k, d in enumerate(group) for t in docs[d]]
    rows, cols, bits = zip(*cells, strict=True) if cells else ((), (), ())
    token_bits = csr_matrix((bits, (rows, cols)), shape=(len(group), len(vocabulary)))
    alone = np.array([code.alone(docs[d]) for d in group])
    own_bits = np.asarray(token_bits.sum(axis=1)).ravel()
    present = (token_bits > 0).astype(np.float64).T.tocsr()  # vocabulary x documents
    left = sorted(group, key=lambda i: (-degree[i], i))
    failed: set[int] = set()
    found: list[Template] = []
    while len(left) > 1:
        best: Template | None = None
        tried = [i for i in left if i not in failed][:CANDIDATES]
        if not tried:
            break
        rows_left = np.array([position[d] for d in left])
        left_bits = token_bits[rows_left]
        for t in tried:
            shared = np.asarray(left_bits @ present[:, position[t]].toarray()).ravel()
            floor = code.fixed(len(docs[t]), templates) + own_bits[rows_left] - shared
            members = [t]
            saved = 0.0
            for d, k, low in zip(left, rows_left, floor, strict=True):
                if d == t or alone[k] <= low:
                    continue
                gain = alone[k] - code.given(docs[d], docs[t], templates)
                if gain > 0:
                    members.append(d)
                    saved += gain
            saved -= math.log2(templates + 1)  # the template document is named too
            if len(members) < 2 or saved <= 0:
                failed.add(t)
            elif best is None or saved > best.bits_saved:
                best = Template(t, sorted(members), float(saved))
        if best is None:
            continue
        found.append(best)
        taken = set(best.members)
        left = [i for i in left if i not in taken]
    return found


@dataclass(frozen=True)
class Clustering:
    """Template clusters found in a set of listings."""

    listings: Listings
    setting: Setting
    clusters: list[Template]
    coarse: int
    """How many coarse components there were."""

    @property
    def clustered(self) -> int:
        """Listings in a cluster."""
        return sum(len(c.members) for c in self.clusters)

    @property
    def coverage(self) -> float:
        """The share of listings in a cluster."""
        return self.clustered / len(self.listings.items)

    def purity(self) -> float | None:
        """Cluster purity against the author: the share of clustered listings whose
        author is their cluster's most frequent author (Manning, Raghavan & Schütze,
        *Introduction to Information Retrieval*, 2008, §16.3); ``None`` without
        authors or clusters. A listing with no author counts against purity."""
        items = self.listings.items
        if not self.clusters or all(i.author is None for i in items):
            return None
        agree = 0
        for c in self.clusters:
            authors = Counter(items[m].author for m in c.members if items[m].author)
            agree += authors.most_common(1)[0][1] if authors else 0
        return agree / self.clustered


def find_templates(listings: Listings, setting: Setting = Setting.precision) -> Clustering:
    """The template clusters of ``listings``: the coarse components (recall) or the
    MDL templates within them (precision), largest first."""
    docs = [tokens(item.text) for item in listings.items]
    groups, degree = coarse_clusters(docs)
    if setting is Setting.recall:
        clusters = [Template(min(g, key=lambda i: (-degree[i], i)), sorted(g), 0.0)
                    for g in groups]
    else:
        code = _Code(docs)
        # the number of templates is not known before the search; naming one costs
        # log2 of the coarse components' count + 1, an upper bound on it
        clusters = [t for g in groups
                    for t in fine_clusters(docs, g, degree, code, len(groups))]
    clusters.sort(key=lambda c: (-len(c.members), c.members[0]))
    return Clustering(listings, setting, clusters, len(groups))
