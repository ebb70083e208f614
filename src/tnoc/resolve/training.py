"""Estimating a linkage model so that it cannot fail on real data, and says where it
fell back.

Fellegi-Sunter needs three kinds of parameter; each is estimated the way Splink
documents, inside bounds, with a fixed fallback:

* **lambda**, the probability that two random records are the same entity: from the
  pairs a deterministic rule finds (the same name and birth date, or the same name where
  birth dates are rare), divided by an assumed recall (0.9, times the share of records
  with a birth date), as Splink's ``estimate_probability_two_random_records_match``
  does. Bounded to [1 / pairs, 0.5]; with no pair found, one copy per N records. Once
  the pairs are scored it is refined to agree with the scores
  (:func:`tnoc.resolve.probabilistic.refine_lambda`).
* **u** per level, P(level | different entities): from random pairs of the case's
  entities (and, for the name comparison, of all their names), sampled with ``seed``.
  Levels that mark a rare coincidence (a shared passport, two shared names) are
  smoothed towards a prior u with the weight of one expected pair, so a case of eight
  people does not read "one in 28" for a shared phone; any other level never seen
  among the sampled pairs gets one in the number sampled (not Splink's 1e-6, which
  would make an unseen level decisive and the result depend on the seed).
* **m** per level, P(level | same entity): the priors of
  :mod:`tnoc.resolve.comparisons`; with ``--em``, refined by expectation maximisation
  on pairs blocked on another field, so every comparison is trained on pairs it did not
  select. A pass that fails (too few pairs, a level that EM drives to 0, a singular
  update) leaves the priors of the comparisons it would have trained, and is reported;
  every m is then kept within [1e-4, 0.9999] so no single level can decide a pair
  alone.

The same records, options and seed give the same model: EM starts from the priors, and
the only random step is the seeded sample for u.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa
from splink import Linker
from splink.blocking_rule_library import CustomRule

from tnoc.resolve.comparisons import u_priors

__all__ = ["M_BOUNDS", "TrainingReport", "train_model"]

M_BOUNDS = (1e-4, 0.9999)
LAMBDA_RECALL = 0.9  # assumed share of true pairs the deterministic rules find


@dataclass
class TrainingReport:
    """What training estimated and where it fell back (recorded with the run)."""

    records: int
    probability_two_random_records_match: float = 0.0
    expected_copies: float = 0.0
    lambda_rule: str = ""
    lambda_refinements: list[float] = field(default_factory=list)
    u_pairs: int = 0
    em_passes: list[str] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)


def _levels(linker: Linker) -> list[tuple[str, Any]]:
    out = []
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if not level.is_null_level:
                out.append((f"{comparison.output_column_name}: {level.label_for_charts}",
                            level))
    return out


def exact_pairs(records: pa.Table, keys: list[str]) -> float:
    """Pairs of records equal on every key (counted from value frequencies: no
    self-join)."""
    con = duckdb.connect()
    try:
        con.register("records", records.select(keys))
        where = " AND ".join(f"{k} IS NOT NULL" for k in keys)
        rows = con.execute(f"SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) "
                           f"AS n FROM records WHERE {where} GROUP BY {', '.join(keys)})"
                           ).fetchall()
        return float(rows[0][0]) if rows else 0.0
    finally:
        con.close()


def lambda_rule(records: pa.Table) -> tuple[list[str], float]:
    """The deterministic rule for lambda and its assumed recall: the same name and the
    same first birth date where most records have one (a common name alone joins
    strangers: a million people hold many "Matthew White"s), else the same name.
    Recall 0.9, times the share of records the birth date is known for."""
    if "dob1" in records.column_names and len(records):
        coverage = 1 - records.column("dob1").null_count / len(records)
        if coverage >= 0.5:
            return ["full_name", "dob1"], LAMBDA_RECALL * coverage
    return ["full_name"], LAMBDA_RECALL


def estimate_lambda(linker: Linker, table: pa.Table, report: TrainingReport) -> float:
    """lambda = pairs the deterministic rule finds / (assumed recall x all pairs), as
    Splink's ``estimate_probability_two_random_records_match`` computes it, bounded to
    [1 / pairs, 0.5]; with no pair found, one expected copy per N records."""
    records = len(table)
    pairs = max(records * (records - 1) / 2, 1.0)
    keys, recall = lambda_rule(table)
    found = exact_pairs(table, keys)
    rule = " and ".join({"full_name": "name", "dob1": "birth date"}.get(k, k) for k in keys)
    if found <= 0:
        value = 1.0 / max(records, 2)
        report.fallbacks.append(
            f"lambda: no two records share a {rule} exactly; assuming one copy per "
            f"{max(records, 2)} records ({value:.3g})")
    else:
        value = found / (recall * pairs)
    bounded = min(max(value, 1.0 / pairs), 0.5)
    if bounded != value:
        report.fallbacks.append(
            f"lambda {value:.3g} ({found:,.0f} of {pairs:,.0f} pairs share a {rule}) "
            f"bounded to {bounded:.3g}")
    linker._settings_obj._probability_two_random_records_match = bounded
    report.probability_two_random_records_match = bounded
    report.expected_copies = bounded * max(records - 1, 0)
    report.lambda_rule = f"{rule} (recall {recall:.2f})"
    return bounded


def _sample_u(linker: Linker, records: int, max_pairs: float, seed: int,
              report: TrainingReport, prior: dict[str, float], matches: float = 0.0
              ) -> dict[str, float]:
    """u of every level of ``linker`` from seeded random pairs of its records.

    Random pairs are mostly, not only, different entities: a share ``matches`` (lambda)
    are the same, and they agree at a level with probability m. Their expected hits,
    lambda x m x pairs, are taken out before u is computed, or a case full of copies
    (a list twice, a heavily duplicated file) would find shared identifiers common
    among "different" entities. A level with a prior u0 then gets the posterior mean
    under a Beta prior worth one expected pair, (hits + 1) / (pairs + 1 / u0): a small
    case, which cannot see a one-in-a-million coincidence, keeps the prior; a large one
    measures. Other levels never seen get one in the pairs sampled."""
    sampled = int(min(max_pairs, records * (records - 1) / 2))
    try:
        if sampled < 1:
            raise ValueError("fewer than two records")
        linker.training.estimate_u_using_random_sampling(max_pairs=sampled, seed=seed)
    except Exception as exc:  # noqa: BLE001
        report.fallbacks.append(f"u: {type(exc).__name__}: {str(exc).splitlines()[0]}; "
                                "levels keep Splink's default u")
    floor = 1.0 / max(sampled, 2)
    out = {}
    for name, level in _levels(linker):
        raw = level._u_probability
        measured = float(raw) if isinstance(raw, float | int) and math.isfinite(raw) else 0.0
        m = level._m_probability if isinstance(level._m_probability, float | int) else 0.0
        hits = max(measured * sampled - matches * float(m) * sampled, 0.0)
        if name in prior:
            out[name] = (hits + 1.0) / (sampled + 1.0 / prior[name])
        else:
            out[name] = max(hits / max(sampled, 1), floor)
    return out


def estimate_u(linker: Linker, sampler: Linker, records: int, name_records: int,
               max_pairs: float, seed: int, report: TrainingReport) -> None:
    """u by seeded random sampling: of entities for every comparison, and of all names
    (``sampler``, one record per name) for the name comparison, because a weak alias
    such as "ABU" is common among names though rare among entities' first names."""
    prior = u_priors()
    entity_u = _sample_u(linker, records, max_pairs, seed, report, prior,
                         report.probability_two_random_records_match)
    name_u = _sample_u(sampler, name_records, max_pairs, seed, report, prior)
    report.u_pairs = int(min(max_pairs, records * (records - 1) / 2))
    for name, level in _levels(linker):
        source = name_u if name.startswith("name:") else entity_u
        level.u_probability = source.get(name, entity_u[name])


def train_m(linker: Linker, passes: list[str], report: TrainingReport) -> None:
    """EM on each blocking pass; a failed pass keeps the priors and is reported."""
    settings = linker._settings_obj
    for rule in passes:
        # Splink's EM session narrows the model's comparisons in place and restores them
        # only when it finishes: a failed pass must not leave the model narrowed
        snapshot = settings.core_model_settings.copy()
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                CustomRule(rule, sql_dialect="duckdb"), fix_u_probabilities=True)
            report.em_passes.append(rule)
        except Exception as exc:  # noqa: BLE001 - EMTrainingException, ValueError (m -> 0)
            settings.core_model_settings = snapshot
            first = str(exc).splitlines()[0] if str(exc) else ""
            report.fallbacks.append(f"EM blocked on {rule}: {type(exc).__name__}: "
                                    f"{first[:160]}; its comparisons keep their priors")
    low, high = M_BOUNDS
    for name, level in _levels(linker):
        raw = level._m_probability
        if not isinstance(raw, float | int) or not math.isfinite(raw):
            continue  # untrained: the prior (or Splink's default) stands
        if raw < low or raw > high:
            level.m_probability = min(max(float(raw), low), high)
            report.fallbacks.append(f"m of {name} {raw:.6g} bounded to "
                                    f"{level.m_probability:.6g}")


def train_model(linker: Linker, sampler: Linker, table: pa.Table, name_records: int,
                em_passes: list[str], max_u_pairs: float,
                seed: int, register_frequencies: Any = None) -> TrainingReport:
    """lambda (on ``table``, ``linker``'s records, one per entity), then term frequencies
    (which need it), u (on ``sampler``'s records, one per name) and m; see the module
    text."""
    records = len(table)
    report = TrainingReport(records)
    estimate_lambda(linker, table, report)
    if register_frequencies is not None:
        register_frequencies(report.expected_copies)
    estimate_u(linker, sampler, records, name_records, max_u_pairs, seed, report)
    train_m(linker, em_passes, report)
    return report
