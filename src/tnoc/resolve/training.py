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
* **u** per level, P(level | different entities): where the level is a value shared
  (the same birth date, a shared postcode or contact), counted over every entity from
  the values' frequencies, with no draw; the others from every pair of a sample of the
  case's entities (and, for the name comparison, of all their names), drawn by a hash
  of their ids and ``seed`` (the same records on every engine:
  :meth:`tnoc.resolve.record_tables.RecordTable.u_sample`).
  The entities are sampled one per distinct name: copies of one entity (a list taken
  in twice, two years of it) mostly keep their name, and a copy drawn into the sample
  reads as two "different" entities sharing a passport; how many such pairs a seed
  draws would otherwise swing the u of every rare agreement.
  Every level is smoothed towards a prior u with the weight of one expected pair, and
  counted only over the pairs that have the field on both sides, so a case of eight
  people does not read "one in 28" for a shared phone, and a field known for a handful
  of records does not swing with the seed (not Splink's 1e-6 for an unseen level,
  which would make it decisive).
* **m** per level, P(level | same entity): the priors of
  :mod:`tnoc.resolve.comparisons`; with ``--em``, refined by expectation maximisation
  on pairs blocked on another field, so every comparison is trained on pairs it did not
  select. A pass that fails (too few pairs, a level that EM drives to 0, a singular
  update) leaves the priors of the comparisons it would have trained, and is reported;
  every m is then kept within [1e-4, 0.9999] so no single level can decide a pair
  alone.

The same records, options and seed give the same model, on DuckDB and on Spark: EM
starts from the priors, and the only draw is the hashed sample for the u of the
levels not counted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from splink import Linker
from splink.blocking_rule_library import CustomRule

from tnoc.resolve.comparisons import COUNTED_LEVELS, NULL_COLUMNS, u_priors

if TYPE_CHECKING:
    from tnoc.resolve.record_tables import RecordTable

__all__ = ["M_BOUNDS", "TrainingReport", "USamples", "train_model"]

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
    u_pairs: int = 0  # pairs of the entity sample (every comparison but the names)
    name_u_pairs: int = 0  # pairs of the names sample (the name comparison)
    u_counted: list[str] = field(default_factory=list)  # levels counted over every record
    u_sampled: list[str] = field(default_factory=list)  # countable, too many to count
    scored_pairs: int = 0  # entity pairs scored above Splink's floor (on its engine)
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


def lambda_rule(records: RecordTable) -> tuple[list[str], float]:
    """The deterministic rule for lambda and its assumed recall: the same name and the
    same first birth date where most records have one (a common name alone joins
    strangers: a million people hold many "Matthew White"s), else the same name.
    Recall 0.9, times the share of records the birth date is known for."""
    if "dob1" in records.columns and records.rows:
        coverage = records.coverage("dob1")
        if coverage >= 0.5:
            return ["full_name", "dob1"], LAMBDA_RECALL * coverage
    return ["full_name"], LAMBDA_RECALL


def estimate_lambda(linker: Linker, table: RecordTable, report: TrainingReport) -> float:
    """lambda = pairs the deterministic rule finds / (assumed recall x all pairs), as
    Splink's ``estimate_probability_two_random_records_match`` computes it, bounded to
    [1 / pairs, 0.5]; with no pair found, one expected copy per N records."""
    records = table.rows
    pairs = max(records * (records - 1) / 2, 1.0)
    keys, recall = lambda_rule(table)
    found = table.exact_pairs(keys)
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


def engine_failure(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is Spark's or its JVM bridge's own error (a
    lost executor, memory, a master gone): that fails the run, rather than being taken
    for a model that cannot be estimated (a fallback to the priors, committed as if the
    data had said so)."""
    seen: BaseException | None = exc
    while seen is not None:
        if type(seen).__module__.split(".", 1)[0] in {"py4j", "pyspark"}:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _posterior(hits: float, pairs: float, copies: float, m: float, u0: float) -> float:
    """u of a level from ``hits`` among ``pairs`` with the field on both sides, of
    which ``copies`` are expected to be the same entity (agreeing with probability
    ``m``): their hits taken out, then the posterior mean under a Beta prior worth one
    expected pair, Beta(1, 1 / u0 - 1): (agree + 1) / (agree + disagree + 1 / u0),
    where disagree is the different entities' pairs without the level, pairs - copies
    - agree. Counted from both sides, neither share falls below its prior's pseudo-
    count, so u stays below 1 and the comparison's other levels above 0 even where
    the expected copies outnumber the pairs that disagree (a handful of people all of
    one gender, a high lambda): taking them out of the pairs alone left more agreeing
    pairs than pairs, a u of 1 and a u of 0 for "different", which Splink refuses."""
    copies = min(copies, pairs)
    agree = max(hits - copies * m, 0.0)
    disagree = max(pairs - copies - agree, 0.0)
    return (agree + 1.0) / (agree + disagree + 1.0 / u0)


def _level_m(level: Any) -> float:
    m = level._m_probability
    return float(m) if isinstance(m, float | int) and math.isfinite(m) else 0.0


def _sample_u(linker: Linker, table: RecordTable, report: TrainingReport,
              prior: dict[str, float], matches: float = 0.0) -> dict[str, float]:
    """u of every level of ``linker`` from every pair of its records, ``table``: a
    sample (:meth:`tnoc.resolve.record_tables.RecordTable.u_sample`).

    Splink's u of a level is its share among the sampled pairs where the comparison has
    a value on both sides; those are about pairs x coverage^2, few where few records
    have the field (an address known for five people of ten thousand). Random pairs
    are mostly, not only, different entities: a share ``matches`` (lambda) are the same
    and agree with probability m; their expected hits are taken out, or a case full of
    copies (a list twice, a duplicated file) would find shared identifiers common among
    "different" entities. Copies are counted over coverage, not coverage squared: the
    copy of a record with a passport number mostly has one too. Each level then gets
    the posterior mean under a Beta prior worth one expected pair (:func:`_posterior`),
    with u0 its prior (:data:`tnoc.resolve.comparisons.U_PRIORS`): a case that cannot
    see a one-in-a-million coincidence, or sees a field on two records, keeps the
    prior; a large one measures."""
    records = table.rows
    sampled = records * (records - 1) // 2
    try:
        if sampled < 1:
            raise ValueError("fewer than two records")
        # every pair of the sample: max_pairs over them (Splink then samples no further),
        # and one chunk: the posterior below counts every pair; Splink's chunks (a probe
        # of 1/100, then 10) may stop early once each level has 100 hits, having counted
        # fewer pairs, and on Spark each chunk of each comparison is a round of jobs
        # (minutes of overhead on a small case)
        linker.training.estimate_u_using_random_sampling(max_pairs=float(records) ** 2,
                                                         num_chunks=1)
    except Exception as exc:  # noqa: BLE001
        if engine_failure(exc):
            raise
        report.fallbacks.append(f"u: {type(exc).__name__}: {str(exc).splitlines()[0]}; "
                                "levels keep their prior u")
    out = {}
    for name, level in _levels(linker):
        coverage = table.coverage(NULL_COLUMNS.get(name.split(":", 1)[0]))
        # pairs with the field on both sides: different entities need it on both (c^2);
        # copies of one entity mostly have it on both when one has it (c)
        copies = sampled * matches * coverage
        pairs = sampled * coverage ** 2 + copies
        raw = level._u_probability
        measured = float(raw) if isinstance(raw, float | int) and math.isfinite(raw) else 0.0
        out[name] = _posterior(measured * pairs, pairs, copies, _level_m(level),
                               prior.get(name, 0.5))
    return out


def _counted_u(linker: Linker, population: RecordTable, report: TrainingReport,
               prior: dict[str, float], matches: float, budget: float) -> dict[str, float]:
    """u of the levels that are a value shared (:data:`COUNTED_LEVELS`: the same
    birth date, a shared postcode or contact) counted over every record of
    ``population``, not sampled: the pairs sharing a value from the values'
    frequencies (:meth:`tnoc.resolve.record_tables.RecordTable.sharing_pairs`) among
    the pairs with the field on both sides. A sample of a few hundred records sees a
    one-in-27,000 coincidence such as a birth date a few times, and its u swung with
    the draw (on a million generated people, from 3.4e-5 to 5.4e-5 by seed; counted,
    3.77e-5, where the generator draws dates from 27,000 days); a count over every
    record has no draw. It is the frequency-based u of Fellegi and Sunter (1969) in
    pairs: the sum over values v of n_v (n_v - 1) / 2 (for single values, about the sum
    of f_v^2 over all pairs), a pair of lists sharing several values counted once,
    over one record per name, with the expected copies left among them
    (``matches``) taken out as in :func:`_sample_u`. A level whose exact count would
    join more than ``budget`` pairs keeps its sampled u. The comparison's other levels
    keep their sampled shares of what the counted level leaves
    (:func:`_rescaled`), so its levels still sum to about 1."""
    out = {}
    records = population.rows
    everyone = records * (records - 1) / 2
    for name, level in _levels(linker):
        column = COUNTED_LEVELS.get(name)
        if column is None or column not in population.columns or records < 2:
            continue
        hits = population.sharing_pairs(column, budget)
        if hits is None:
            report.u_sampled.append(name)
            continue
        known = population.non_null(NULL_COLUMNS.get(name.split(":", 1)[0]) or column)
        coverage = known / records
        out[name] = _posterior(hits, known * (known - 1) / 2, everyone * matches * coverage,
                               _level_m(level), prior.get(name, 0.5))
        report.u_counted.append(name)
    return out


def _rescaled(sampled: dict[str, float], counted: dict[str, float]) -> dict[str, float]:
    """``sampled`` with each counted level's value replaced by its count, and the other
    levels of that comparison scaled to share what it leaves, 1 - u_counted, as they
    shared 1 - u_sampled: P(level | different) = P(not the first level) x P(level |
    not the first), the second still measured on the sample."""
    out = dict(sampled)
    for name, value in counted.items():
        comparison = name.split(":", 1)[0] + ":"
        others = [k for k in sampled if k.startswith(comparison) and k != name]
        share = sum(sampled[k] for k in others)
        if share > 0:
            for k in others:
                out[k] = sampled[k] * (1.0 - value) / share
        out[name] = value
    return out


@dataclass
class USamples:
    """The records u is measured on: ``population``, one record per distinct name
    (of copies of one entity, those that kept their name are left out, so they do not
    read as different entities sharing a passport), where the levels that are a value
    shared are counted over every record, for at most ``count_budget`` pairs joined;
    and a sample of it (``entities``, with ``entity_linker`` over them, every
    comparison but the names) and of every name (``names``, with ``name_linker``, the
    name comparison alone), both
    :meth:`tnoc.resolve.record_tables.RecordTable.u_sample`, for the other levels."""

    entity_linker: Linker
    entities: RecordTable
    name_linker: Linker
    names: RecordTable
    population: RecordTable
    count_budget: float


def estimate_u(linker: Linker, samples: USamples, table: RecordTable,
               report: TrainingReport) -> None:
    """u from every pair of a sample: of entities (one per distinct name) for every
    comparison but the names, and of all names for the name comparison (scored alone:
    it is most of the cost of scoring a pair), because a weak alias such as "ABU" is
    common among names though rare among entities' first names; the levels
    that are a value shared from every entity of one per name (:func:`_counted_u`).
    The copies left among the entities are those whose name changed: lambda less the
    pairs that share a name."""
    prior = u_priors()
    pairs = max(table.rows * (table.rows - 1) / 2, 1.0)
    population = samples.population.rows
    distinct = max(population * (population - 1) / 2, 1.0)
    renamed = min(max(report.probability_two_random_records_match * pairs
                      - table.exact_pairs(["full_name"]), 0.0) / distinct, 0.5)
    entity_u = _sample_u(samples.entity_linker, samples.entities, report, prior, renamed)
    name_u = _sample_u(samples.name_linker, samples.names, report, prior)
    counted = _counted_u(linker, samples.population, report, prior, renamed,
                         samples.count_budget)
    entity_u = _rescaled(entity_u, counted)
    report.u_pairs = samples.entities.rows * (samples.entities.rows - 1) // 2
    report.name_u_pairs = samples.names.rows * (samples.names.rows - 1) // 2
    for name, level in _levels(linker):
        source = name_u if name.startswith("name:") else entity_u
        level.u_probability = source.get(name, prior.get(name, 0.5))


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
            if engine_failure(exc):
                raise
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


def train_model(linker: Linker, samples: USamples, table: RecordTable,
                em_passes: list[str], register_frequencies: Any = None) -> TrainingReport:
    """lambda (on ``table``, ``linker``'s records, one per entity), then term frequencies
    (which need it), u (on ``samples``) and m; see the module text."""
    report = TrainingReport(table.rows)
    estimate_lambda(linker, table, report)
    if register_frequencies is not None:
        register_frequencies(report.expected_copies)
    estimate_u(linker, samples, table, report)
    train_m(linker, em_passes, report)
    return report
