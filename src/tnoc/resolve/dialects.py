"""The SQL the comparison levels write over lists and words, in DuckDB's or Spark's
spelling, so one model runs on the embedded store and on a cluster.

Splink translates simple SQL between backends with sqlglot; lambdas over lists and the
string-similarity functions differ too much (DuckDB's ``list_filter(xs, lambda x: ...)``
and ``jaro_winkler_similarity``; Spark's ``filter(xs, x -> ...)`` and TNOC's
``tnoc_jaro_winkler``, a Java copy of DuckDB's, registered by
:func:`tnoc.resolve.spark_backend.register_similarity`), so the few expressions the
levels need are written here once per dialect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["DIALECTS", "ListSql"]

DIALECTS = ("duckdb", "spark")
WORD_SIMILARITY = 0.9  # Jaro-Winkler at which two words count as the same word


@dataclass(frozen=True)
class ListSql:
    """Expressions over lists and words in one SQL dialect."""

    dialect: str = "duckdb"

    def __post_init__(self) -> None:
        if self.dialect not in DIALECTS:
            raise ValueError(f"no SQL for dialect {self.dialect!r}; known: {DIALECTS}")

    @property
    def spark(self) -> bool:
        return self.dialect == "spark"

    def size(self, items: str) -> str:
        return f"size({items})" if self.spark else f"array_length({items})"

    def filter(self, items: str, var: str, body: str) -> str:
        return (f"filter({items}, {var} -> {body})" if self.spark
                else f"list_filter({items}, lambda {var}: {body})")

    def transform(self, items: str, var: str, body: str) -> str:
        return (f"transform({items}, {var} -> {body})" if self.spark
                else f"list_transform({items}, lambda {var}: {body})")

    def intersect(self, left: str, right: str) -> str:
        return f"{'array_intersect' if self.spark else 'list_intersect'}({left}, {right})"

    def contains(self, items: str, value: str) -> str:
        return f"{'array_contains' if self.spark else 'list_contains'}({items}, {value})"

    def jaro_winkler(self, x: str, y: str) -> str:
        """Jaro-Winkler: DuckDB's function, and on Spark TNOC's copy of it
        (:data:`tnoc.resolve.spark_backend.JARO_WINKLER_CLASS`), not Splink's."""
        return (f"{'tnoc_jaro_winkler' if self.spark else 'jaro_winkler_similarity'}"
                f"({x}, {y})")

    def damerau_levenshtein(self, x: str, y: str) -> str:
        return f"damerau_levenshtein({x}, {y})"

    def starts_with(self, text: str, prefix: str) -> str:
        return f"{'startswith' if self.spark else 'starts_with'}({text}, {prefix})"

    def split_part(self, text: str, separator: str, part: int) -> str:
        return f"split_part({text}, '{separator}', {part})"

    def has_digit(self, text: str) -> str:
        return (f"({text} rlike '[0-9]')" if self.spark
                else f"regexp_matches({text}, '[0-9]')")

    def word_match(self, x: str, y: str, similarity: float = WORD_SIMILARITY) -> str:
        """Two words are the same word: equal; or, both without digits, Jaro-Winkler >=
        ``similarity`` ("anatolievich" ~ "anatolyevich", not "eduard" ~ "andrey"), or,
        both of five letters or more, one letter typed wrong, dropped, added or two
        swapped ("berry" ~ "beery", where Jaro-Winkler gives short words only 0.89; not
        four-letter "chol" ~ "chon", which are two Korean names), or one is the other's
        initial ("j" ~ "jana"). A word with a digit only matches itself: "82013" and
        "82014" are two aircraft, "1" is nobody's initial."""
        fuzzy = (f"{self.jaro_winkler(x, y)} >= {similarity} OR "
                 f"(least(length({x}), length({y})) >= 5 AND "
                 f"{self.damerau_levenshtein(x, y)} <= 1) OR "
                 f"(length({x}) = 1 AND {self.starts_with(y, x)}) OR "
                 f"(length({y}) = 1 AND {self.starts_with(x, y)})")
        return (f"({x} = {y} OR (NOT {self.has_digit(x)} AND NOT {self.has_digit(y)} "
                f"AND ({fuzzy})))")

    def words_matched(self, words: str, others: str, similarity: float = WORD_SIMILARITY
                      ) -> str:
        """How many of ``words`` have the same word (:meth:`word_match`) in ``others``."""
        inner = self.size(self.filter(others, "y", self.word_match("x", "y", similarity)))
        return self.size(self.filter(words, "x", f"{inner} > 0"))

    def any_pair(self, left: str, right: str, condition: Callable[[str, str], str]) -> str:
        """Some x of list ``left`` and y of list ``right`` meet ``condition(x, y)``."""
        inner = self.size(self.filter(right, "y", condition("x", "y")))
        return f"{self.size(self.filter(left, 'x', f'{inner} > 0'))} > 0"
