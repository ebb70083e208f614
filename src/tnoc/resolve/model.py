"""Probabilistic record linkage with Splink (Fellegi & Sunter 1969; Splink, Linacre et
al., UK Ministry of Justice) over person-like records.

One settings factory serves the case store and the FEBRL benchmark: it builds the
comparisons and blocking rules from the columns a record table actually has, so the
same model runs on DuckDB (default) or on Spark (``backend="spark"``) unchanged.

Record columns (any subset; ``unique_id`` required):
``given_name, surname, name_key`` (sorted name tokens, catches swapped name order),
``full_name``, ``birth_date``, ``id_number``, ``email``, ``street_number``, ``address``,
``postcode``, ``locality``, ``country``.

Parameters: u by random sampling, m and lambda by expectation maximisation on two
blocking passes (names, then birth date) so every comparison is trained on pairs
blocked on something else (Splink's recommended practice).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Literal

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.internals.exceptions import EMTrainingException

from tnoc.errors import TnocError

NAME_COLUMNS = ("given_name", "surname")


class BlockingTooLarge(TnocError):
    """A blocking rule would create more pairs than allowed."""
DEFAULT_MAX_BLOCK_PAIRS = 20_000_000


@dataclass
class ModelOptions:
    """Knobs of a linkage run; recorded with the run as its parameters."""

    link_type: Literal["link_only", "link_and_dedupe", "dedupe_only"] = "dedupe_only"
    birth_date_format: str = "%Y-%m-%d"
    threshold: float = 0.5
    max_block_pairs: int = DEFAULT_MAX_BLOCK_PAIRS
    u_sample_pairs: float = 2e5
    seed: int = 1
    blocking_sample: float = 1.0
    extra_blocking: list[list[str]] = field(default_factory=list)


def _has(columns: set[str], *names: str) -> bool:
    return all(n in columns for n in names)


def blocking_rules(columns: set[str], options: ModelOptions) -> list[list[str]]:
    """Blocking rules (lists of columns or column expressions that must be equal) for the
    available columns.

    Exact keys first; then keys that survive a typo in each name: the birth date or the
    postcode with the first letters of the sorted name tokens (``name_key``, the same
    whichever order the names come in) or of the surname. Without these a copy with a
    typo in both names and one of date/postcode missing is never compared (on the
    1M-record benchmark these keys brought 6,726 more true pairs, 1.8%, to a score of
    at least 0.01).
    """
    candidates = [
        ["given_name", "surname"], ["surname", "birth_date"], ["given_name", "birth_date"],
        ["name_key"], ["id_number"], ["email"], ["postcode", "street_number"],
        ["given_name", "postcode"], ["surname", "postcode"], ["birth_date", "postcode"],
        ["birth_date", "locality"], ["address", "postcode"], ["full_name", "country"],
        ["birth_date", "substr(name_key, 1, 1)"], ["birth_date", "substr(surname, 1, 1)"],
        ["postcode", "substr(name_key, 1, 3)"], ["postcode", "substr(surname, 1, 3)"],
    ]
    rules = [r for r in candidates if _has(columns, *map(_column_of, r))]
    rules += options.extra_blocking
    if not rules:
        raise TnocError("records have no column to block on (need names, dates or ids)")
    return rules


def _column_of(expression: str) -> str:
    """The column a blocking expression reads: ``substr(surname, 1, 1)`` -> ``surname``."""
    return expression.split("(", 1)[-1].split(",", 1)[0].strip()


def name_comparison(full_name: bool = False, name_key: bool = False) -> Any:
    """Given name and surname compared together, so that a swapped order, one typo in
    one name, or a transliteration variant of the given name each get their own level
    (and their own learned weight) instead of counting as a disagreement."""
    g, s = "given_name", "surname"
    levels: list[Any] = [
        cll.Or(cll.NullLevel(g), cll.NullLevel(s)),
        # with a full name, an exact match is weighted by how common the name is
        # (term-frequency adjustment): "emily lazaroff" agreeing says more than
        # "jack white" agreeing
        cll.ExactMatchLevel("full_name", term_frequency_adjustments=True) if full_name else
        cll.And(cll.ExactMatchLevel(g), cll.ExactMatchLevel(s)),
        cll.ColumnsReversedLevel(g, s, symmetrical=True),
        cll.And(cll.ExactMatchLevel(s), cll.DamerauLevenshteinLevel(g, 1)),
        cll.And(cll.ExactMatchLevel(g), cll.DamerauLevenshteinLevel(s, 1)),
        cll.And(cll.JaroWinklerLevel(g, 0.92), cll.JaroWinklerLevel(s, 0.92)),
        cll.And(cll.ExactMatchLevel(s), cll.JaroWinklerLevel(g, 0.8)),
        cll.And(cll.JaroWinklerLevel(g, 0.88), cll.JaroWinklerLevel(s, 0.88)),
        # swapped order and a typo: the sorted name tokens differ by at most two edits
        *([cll.DamerauLevenshteinLevel("name_key", 2)] if name_key else []),
        # a typo in each name ("harley rees" / "haley cees")
        cll.And(cll.JaroWinklerLevel(g, 0.8), cll.JaroWinklerLevel(s, 0.8)),
        cll.ExactMatchLevel(s),
        cll.ExactMatchLevel(g),
        cll.ElseLevel(),
    ]
    return cl.CustomComparison(levels, output_column_name="given_name_surname",
                               comparison_description="given name and surname")


STRFTIME_TO_JAVA = {"%Y": "yyyy", "%m": "MM", "%d": "dd", "%H": "HH", "%M": "mm", "%S": "ss"}


def date_format(fmt: str, dialect: str) -> str:
    """A strftime date format in the backend's own syntax (Spark uses Java patterns)."""
    if dialect != "spark":
        return fmt
    for strftime, java in STRFTIME_TO_JAVA.items():
        fmt = fmt.replace(strftime, java)
    return fmt


def comparisons(columns: set[str], options: ModelOptions, dialect: str = "duckdb"
                ) -> list[Any]:
    """Splink comparisons for the available columns."""
    out: list[Any] = []
    if _has(columns, *NAME_COLUMNS):
        out.append(name_comparison("full_name" in columns, "name_key" in columns))
    elif "full_name" in columns:
        out.append(cl.JaroWinklerAtThresholds("full_name", [0.95, 0.88]))
    if "birth_date" in columns:
        out.append(cl.DateOfBirthComparison("birth_date", input_is_string=True,
                                            datetime_format=date_format(
                                                options.birth_date_format, dialect)))
    if "id_number" in columns:
        out.append(cl.DamerauLevenshteinAtThresholds("id_number", [1, 2]))
    if "email" in columns:
        out.append(cl.EmailComparison("email"))
    if "street_number" in columns:
        out.append(cl.ExactMatch("street_number"))
    if "postcode" in columns:
        out.append(cl.DamerauLevenshteinAtThresholds("postcode", [1]))
    if "address" in columns:
        out.append(cl.JaroWinklerAtThresholds("address", [0.9, 0.8]))
    if "locality" in columns:
        out.append(cl.JaroWinklerAtThresholds("locality", [0.9]))
    if "country" in columns:
        out.append(cl.ExactMatch("country"))
    if len(out) < 2:
        raise TnocError("records have fewer than two comparable fields; probabilistic "
                        "linkage needs at least a name and one more field")
    return out


def settings(columns: set[str], options: ModelOptions, dialect: str = "duckdb"
             ) -> SettingsCreator:
    """The Splink settings for a record table with ``columns`` on backend ``dialect``."""
    return SettingsCreator(
        link_type=options.link_type,
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on(*r) for r in blocking_rules(columns, options)],
        comparisons=comparisons(columns, options, dialect),
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
    )


def check_blocking(linker: Linker, options: ModelOptions) -> dict[str, int]:
    """Count the new pairs each blocking rule makes; refuse a rule that makes too many.

    A value shared by very many records (a placeholder name, 1900-01-01) turns a blocking
    rule into a near cartesian product that exhausts memory: better a clear refusal.
    """
    counts = {}
    for record in linker.blocking_analysis.count_comparisons_from_blocking_rules(
            record_sample_proportion=options.blocking_sample):
        rule = str(record["blocking_rule"])
        pairs = int(record["marginal_comparison_count"])
        if pairs > options.max_block_pairs:
            raise BlockingTooLarge(
                f"blocking rule {rule} would create {pairs:,} pairs, more than the limit of "
                f"{options.max_block_pairs:,}; a value shared by very many records (a "
                "placeholder name or date?) makes blocks explode: clean it or raise "
                "--max-block-pairs"
            )
        counts[rule] = pairs
    return counts


def train(linker: Linker, columns: set[str], options: ModelOptions) -> None:
    """Estimate lambda, u (random sampling) and m (EM on two blocking passes)."""
    deterministic: list[Any] = [block_on(*r) for r in (["given_name", "surname", "birth_date"],
                                            ["id_number"], ["email"], ["full_name"])
                     if _has(columns, *r)]
    if deterministic:
        linker.training.estimate_probability_two_random_records_match(deterministic,
                                                                      recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=options.u_sample_pairs,
                                                     seed=options.seed)
    # the second pass trains the name levels; birth date and postcode together make
    # far fewer pairs than the birth date alone (0.2M against 18M on the 1M benchmark)
    passes = [r for r in (["given_name", "surname"], ["birth_date", "postcode"],
                          ["birth_date"], ["full_name"], ["country"]) if _has(columns, *r)]
    trained, problems = 0, []
    for rule in passes:
        if trained == 2:
            break
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*rule), fix_u_probabilities=True)
            trained += 1
        except EMTrainingException as exc:
            problems.append(f"{' and '.join(rule)}: {str(exc).splitlines()[0]}")
    if not trained:
        raise TnocError("could not estimate the model (no training pass had record pairs): "
                        + "; ".join(problems))


def match_weights(row: dict[str, Any]) -> dict[str, float]:
    """Per-comparison match weights (log2 Bayes factors) of one predicted pair, from
    Splink's ``mw_<comparison>`` columns (term-frequency parts included as ``tf_...``)."""
    return {k[3:]: round(float(v), 3) for k, v in row.items()
            if k.startswith("mw_") and v is not None and v == v}


def link(db_api: Any, tables: list[Any], columns: set[str],
         options: ModelOptions) -> tuple[Linker, Any]:
    """Check blocking, train and predict; returns the linker and Splink's predictions."""
    dialect = db_api.sql_dialect.sql_dialect_str
    linker = Linker(tables if len(tables) > 1 else tables[0],
                    settings(columns, options, dialect), log_level=logging.ERROR)
    check_blocking(linker, options)
    train(linker, columns, options)
    predictions = linker.inference.predict(threshold_match_probability=options.threshold)
    return linker, predictions
