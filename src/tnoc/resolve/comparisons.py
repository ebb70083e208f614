"""Comparisons and blocking for the case store's entity groups, with prior m values.

Every comparison level has a *prior* m probability, P(level | same entity), written
here from what the fields mean: a true pair nearly always shares its name and gender; a
second passport, a corrected birth date or a renamed company happen; a vessel keeps its
IMO number for life but changes flag and name when it is sold on. By default these
priors are the model's m values; ``ModelOptions.em`` refines them by expectation
maximisation (:mod:`tnoc.resolve.training`). EM is off by default because on real lists
it is misled by correlated fields: on the OFAC lists, people who share a birth date
mostly share a nationality too (the Duma's members), and EM explained those pairs as
the same people with different names (precision 0.989 with EM, 0.998 without, recall
the same; ``benchmarks/RESULTS.md``). u probabilities, P(level | different entities),
are always measured on the case's own records, and the prior P(same entity) too.

Names are compared on each pair of names of the two entities (the prediction table has
one record per name) and a pair keeps its best-matching names. The exact levels are
weighted by how rare the name is among the case's entities (term-frequency
adjustment, each entity's own copies removed: :mod:`tnoc.resolve.frequencies`); a
*weak* alias weighs less than a name, and only counts when exact. Sharing two or more
names (any kinds) is a comparison of its own: on the OFAC lists 1,543 true cross-year
pairs did and 5 false ones.

Levels are written once in Splink's portable form (SQL that Splink translates with
sqlglot), so the same model runs on DuckDB and on Spark.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl

from tnoc.resolve.dialects import ListSql

SIMILAR_WORDS = 0.8  # Jaro-Winkler at which a word is a misspelling of another

__all__ = ["COUNTED_LEVELS", "NULL_COLUMNS", "PRIORS", "U_PRIORS", "comparisons",
           "level_label", "priors", "u_priors"]

# prior m probabilities per comparison level, in level order (null levels excluded)
PRIORS: dict[str, dict[str, float]] = {
    "name": {"weak alias": 0.10, "exact": 0.70, "core": 0.04, "reordered": 0.03,
             "close words": 0.04, "words within": 0.03, "similar words": 0.02, "else": 0.04},
    "other_names": {"two or more shared": 0.12, "else": 0.88},
    "birth_date": {"same date": 0.78, "one digit off": 0.04, "same year": 0.13, "else": 0.05},
    "gender": {"same": 0.98, "else": 0.02},
    "countries": {"shared": 0.85, "else": 0.15},
    "identifiers": {"shared": 0.58, "shared, another differs": 0.01, "one character off": 0.04,
                    "conflict": 0.09, "else": 0.28},
    "contacts": {"shared": 0.50, "else": 0.50},
    "addresses": {"same": 0.50, "close": 0.25, "else": 0.25},
    "postcodes": {"shared": 0.80, "one character off": 0.05, "else": 0.15},
    "cities": {"shared": 0.80, "close": 0.05, "else": 0.15},
    "vessel_type": {"same": 0.80, "else": 0.20},
    "model": {"same": 0.90, "else": 0.10},
    "build_year": {"same": 0.90, "else": 0.10},
    "service": {"same": 0.90, "else": 0.10},
}
# where a group's fields behave differently: hulls and airframes keep their IMO or
# serial number for life, but are renamed, re-registered and reflagged when sold on
_CRAFT: dict[str, dict[str, float]] = {
    "name": {"weak alias": 0.05, "exact": 0.68, "core": 0.02, "reordered": 0.02,
             "close words": 0.03, "words within": 0.03, "else": 0.17},
    "identifiers": {"shared": 0.93, "shared, another differs": 0.01,
                    "one character off": 0.002, "conflict": 0.01, "else": 0.048},
    "countries": {"shared": 0.60, "else": 0.40},
}
GROUP_PRIORS: dict[str, dict[str, dict[str, float]]] = {
    "vessel": _CRAFT,
    "airplane": _CRAFT,
    "organization": {
        "name": {"weak alias": 0.10, "exact": 0.70, "core": 0.04, "reordered": 0.03,
                 "close words": 0.04, "words within": 0.03, "else": 0.06},
        # a registration number one digit off is a sister company more often than a typo
        "identifiers": {"shared": 0.62, "shared, another differs": 0.01,
                        "one character off": 0.002, "conflict": 0.05, "else": 0.318},
    },
}
# prior u probabilities, P(level | two different entities): what unrelated pairs show
# in a typical list. The measured u is smoothed towards them with the weight of one
# expected pair (tnoc.resolve.training), so a level a case has too few pairs to measure
# (addresses known for five people of ten thousand) keeps its prior; a disagreement
# level's prior is what the others leave
U_PRIORS: dict[str, dict[str, float]] = {
    "name": {"weak alias": 1e-5, "exact": 1e-5, "core": 1e-5, "reordered": 1e-5,
             "close words": 1e-4, "words within": 1e-4, "similar words": 1e-3},
    "other_names": {"two or more shared": 1e-7},
    "birth_date": {"same date": 5e-5, "one digit off": 5e-4, "same year": 0.02},
    "gender": {"same": 0.5},
    "countries": {"shared": 0.1},
    "identifiers": {"shared": 1e-6, "shared, another differs": 1e-6,
                    "one character off": 1e-5, "conflict": 0.3},
    "contacts": {"shared": 1e-6},
    "addresses": {"same": 1e-5, "close": 1e-4},
    "postcodes": {"shared": 1e-3, "one character off": 1e-2},
    "cities": {"shared": 1e-2, "close": 1e-3},
    "vessel_type": {"same": 0.1},
    "model": {"same": 0.05},
    "build_year": {"same": 0.03},
    "service": {"same": 0.2},
}
# the column whose absence makes a comparison's null level (None: never null)
NULL_COLUMNS = {"name": "full_name", "other_names": None, "birth_date": "birth_years",
                "gender": "gender", "countries": "countries", "identifiers": "identifiers",
                "contacts": "contacts", "addresses": "addresses", "postcodes": "postcodes",
                "cities": "cities", "vessel_type": "vessel_type", "model": "model",
                "build_year": "build_year", "service": "service"}
# the levels that are "a value of this column shared" (a list) or "the same value" (a
# scalar), each the first level of its comparison: their u is counted over every record
# from the values' frequencies, not sampled (:mod:`tnoc.resolve.training`)
COUNTED_LEVELS = {"birth_date: same date": "birth_dates", "countries: shared": "countries",
                  "contacts: shared": "contacts", "addresses: same": "addresses",
                  "postcodes: shared": "postcodes", "cities: shared": "cities",
                  "gender: same": "gender", "vessel_type: same": "vessel_type",
                  "model: same": "model", "build_year: same": "build_year",
                  "service: same": "service"}
# what the last level of each comparison means, as explanations say it
ELSE_LABELS = {"other_names": "fewer than two shared", "countries": "none shared",
               "identifiers": "no kind in common", "contacts": "none shared"}


def level_label(comparison: str, level: str) -> str:
    """The label a level carries (and training keys it by): the last level is named for
    what it means ("different", "none shared"), not "else"."""
    return ELSE_LABELS.get(comparison, "different") if level == "else" else level


def priors(group: str) -> dict[str, dict[str, float]]:
    """The prior m values of ``group``: the general ones with the group's own on top."""
    return {**PRIORS, **GROUP_PRIORS.get(group, {})}


def u_priors() -> dict[str, float]:
    """Prior u per level, keyed "comparison: label" as training names them; a
    comparison's last level gets what its other levels leave (at least 0.01)."""
    out = {}
    for comparison, levels in PRIORS.items():
        known = U_PRIORS.get(comparison, {})
        for level in levels:
            u0 = known.get(level, max(1.0 - sum(known.values()), 0.01))
            out[f"{comparison}: {level_label(comparison, level)}"] = u0
    return out


class _Levels:
    """Builds levels carrying the group's prior m and a readable label, in one SQL
    dialect."""

    def __init__(self, group: str, dialect: str = "duckdb") -> None:
        self.priors = priors(group)
        self.sql = ListSql(dialect)
        self.dialect = dialect

    def __call__(self, level: Any, comparison: str, name: str, **options: Any) -> Any:
        return level.configure(m_probability=self.priors[comparison][name],
                               label_for_charts=level_label(comparison, name), **options)

    def custom(self, sql: str) -> Any:
        return cll.CustomLevel(sql, base_dialect_str=self.dialect)


def name_comparison(m: _Levels, people: bool = False) -> Any:
    """Best pair of names: a weak alias, the same name, the same name without legal
    forms, the same words in another order, every word close (transliteration, a typo),
    every word of the shorter name close to one of the longer, else.

    The three exact levels are weighted by the rarity of the name (term frequencies of
    :mod:`tnoc.resolve.frequencies`): their Bayes factor is m / u_v, whatever the sampled
    u of the level. The inexact levels never apply to a weak alias."""
    p, q = "name", m.sql
    weak = m.custom("weak_l OR weak_r")
    left = q.words_matched("tokens_l", "tokens_r")
    right = q.words_matched("tokens_r", "tokens_l")
    similar_l = q.words_matched("tokens_l", "tokens_r", SIMILAR_WORDS)
    similar_r = q.words_matched("tokens_r", "tokens_l", SIMILAR_WORDS)
    size_l, size_r = q.size("tokens_l"), q.size("tokens_r")

    def tf(column: str) -> dict[str, Any]:
        return {"tf_adjustment_column": column, "tf_adjustment_weight": 1.0,
                "disable_tf_exact_match_detection": True}

    def strong(sql: str) -> Any:
        return m.custom(f"NOT (weak_l OR weak_r) AND {sql}")

    levels = [
        cll.NullLevel("full_name"),
        m(cll.And(cll.ExactMatchLevel("full_name"), weak), p, "weak alias", **tf("full_name")),
        m(cll.ExactMatchLevel("full_name"), p, "exact", **tf("full_name")),
        m(strong("core_l = core_r"), p, "core", **tf("core")),
        # the same words in another order, or run together ("xiao ming" ~ "xiaoming")
        m(strong("(name_key_l = name_key_r OR squashed_l = squashed_r)"), p, "reordered"),
        # as many words on each side, each close to one on the other
        m(strong(f"{size_l} = {size_r} AND {left} = {size_l} AND {right} = {size_r}"), p,
          "close words"),
        # a name of two words or more within a longer one ("matanga godwin" in
        # "matanga tandabantu godwin"); equal lengths need every word on both sides
        m(strong(f"least({size_l}, {size_r}) >= 2 AND (({size_l} < {size_r} AND "
                 f"{left} = {size_l}) OR ({size_r} < {size_l} AND {right} = {size_r}))"),
          p, "words within"),
        # people only: as many words on each side, each a misspelling of one on the other
        # (Jaro-Winkler >= 0.8: "sergey collinson" ~ "serqgei collinson"); two companies
        # whose names differ by a word are two companies ("FOURTEENTH OCEAN GMBH & CO.
        # KG" and "FIFTEENTH OCEAN ...": precision 0.987 on the OFAC lists with this
        # level for organisations, 0.998 without)
        *([m(strong(f"{size_l} = {size_r} AND {similar_l} = {size_l} AND "
                    f"{similar_r} = {size_r}"), p, "similar words")] if people else []),
        m(cll.ElseLevel(), p, "else"),
    ]
    return cl.CustomComparison(levels, output_column_name="name",
                               comparison_description="best pair of names")


def identifier_comparison(m: _Levels) -> Any:
    """Identifiers (``kind:VALUE``): one shared and none of the same kind differing; one
    shared but another of the same kind differing (two Russian companies with one tax
    number and two registration numbers are two companies); one character off; the same
    kind on both sides and no value shared; else."""
    c, q = "identifiers", m.sql
    shared = q.intersect("identifiers_l", "identifiers_r")
    shared_kinds = q.transform(shared, "x", q.split_part("x", ":", 1))
    common_kinds = q.intersect("identifier_kinds_l", "identifier_kinds_r")
    conflict = (f"{q.size(q.filter(common_kinds, 'k', 'NOT ' + q.contains(shared_kinds, 'k')))}"
                " > 0")
    some = f"{q.size(shared)} > 0"
    typo = q.any_pair("identifiers_l", "identifiers_r", lambda x, y: (
        f"{q.split_part(x, ':', 1)} = {q.split_part(y, ':', 1)} AND "
        f"{q.damerau_levenshtein(x, y)} <= 1"))
    return cl.CustomComparison([
        cll.NullLevel("identifiers"),
        m(m.custom(f"{some} AND NOT ({conflict})"), c, "shared"),
        m(m.custom(some), c, "shared, another differs"),
        m(m.custom(typo), c, "one character off"),
        m(cll.ArrayIntersectLevel("identifier_kinds"), c, "conflict"),
        m(cll.ElseLevel(), c, "else"),
    ], output_column_name=c)


def address_comparison(m: _Levels) -> Any:
    """Addresses (normalised lines): one the same, the best pair close (Jaro-Winkler >=
    0.9), else."""
    q = m.sql
    close = q.any_pair("addresses_l", "addresses_r",
                       lambda x, y: f"{q.jaro_winkler(x, y)} >= 0.9")
    return cl.CustomComparison([
        cll.NullLevel("addresses"),
        m(cll.ArrayIntersectLevel("addresses"), "addresses", "same"),
        m(m.custom(close), "addresses", "close"),
        m(cll.ElseLevel(), "addresses", "else"),
    ], output_column_name="addresses")


def _sets(m: _Levels, column: str, comparison: str, shared: str = "shared",
          near: tuple[str, Any] | None = None) -> Any:
    """Lists compared: a value shared; optionally a pair of values meeting the ``near``
    condition (label, a function of x and y giving SQL); else."""
    levels = [cll.NullLevel(column), m(cll.ArrayIntersectLevel(column), comparison, shared)]
    if near is not None:
        label, condition = near
        levels.append(m(m.custom(m.sql.any_pair(f"{column}_l", f"{column}_r", condition)),
                        comparison, label))
    levels.append(m(cll.ElseLevel(), comparison, "else"))
    return cl.CustomComparison(levels, output_column_name=comparison)


def _scalar(m: _Levels, column: str) -> Any:
    return cl.CustomComparison([
        cll.NullLevel(column),
        m(cll.ExactMatchLevel(column), column, "same"),
        m(cll.ElseLevel(), column, "else"),
    ], output_column_name=column)


def comparisons(features: list[str], group: str = "", dialect: str = "duckdb") -> list[Any]:
    """The comparisons for records of ``group`` that have ``features`` (names always), in
    the SQL of ``dialect`` (``duckdb`` or ``spark``)."""
    m = _Levels(group, dialect)
    q = m.sql
    out: list[Any] = [name_comparison(m, people=group in ("person", "account")),
                      cl.CustomComparison([
        m(cll.ArrayIntersectLevel("names", min_intersection=2), "other_names",
          "two or more shared"),
        m(cll.ElseLevel(), "other_names", "else"),
    ], output_column_name="other_names")]
    if "birth_years" in features:
        out.append(cl.CustomComparison([
            cll.NullLevel("birth_years"),
            m(cll.ArrayIntersectLevel("birth_dates"), "birth_date", "same date"),
            # a typed date with one digit wrong or two swapped (1938-11-31 ~ 1938-11-13)
            m(m.custom(q.any_pair("birth_dates_l", "birth_dates_r",
                                  lambda x, y: f"{q.damerau_levenshtein(x, y)} <= 1")),
              "birth_date", "one digit off"),
            m(cll.ArrayIntersectLevel("birth_years"), "birth_date", "same year"),
            m(cll.ElseLevel(), "birth_date", "else"),
        ], output_column_name="birth_date"))
    if "gender" in features:
        out.append(_scalar(m, "gender"))
    if "countries" in features:
        out.append(_sets(m, "countries", "countries"))
    if "identifiers" in features:
        out.append(identifier_comparison(m))
    if "contacts" in features:
        out.append(_sets(m, "contacts", "contacts"))
    if "addresses" in features:
        out.append(address_comparison(m))
    if "postcodes" in features:  # a digit mistyped or two swapped
        out.append(_sets(m, "postcodes", "postcodes", near=(
            "one character off", lambda x, y: f"{q.damerau_levenshtein(x, y)} <= 1")))
    if "cities" in features:  # a misspelt place
        out.append(_sets(m, "cities", "cities", near=(
            "close", lambda x, y: f"{q.jaro_winkler(x, y)} >= 0.9")))
    for column in ("vessel_type", "model", "build_year", "service"):
        if column in features:
            out.append(_scalar(m, column))
    return out
