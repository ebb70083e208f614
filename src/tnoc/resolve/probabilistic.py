"""Probabilistic linking of the case's entities, group by group (Splink, on DuckDB or Spark).

For each group of compatible schemata (:mod:`tnoc.resolve.schemata`): records from
:mod:`tnoc.resolve.records`, comparisons with priors from
:mod:`tnoc.resolve.comparisons`, a model estimated on one record per entity
(:mod:`tnoc.resolve.training`), then applied to one record per entity *and name*, so a
pair is scored on its best-matching names. Pairs whose schemata cannot be one entity
(Person and Organization) are dropped. Each pair above the threshold is written to
``candidate_links`` with its probability, its match weight and an explanation: the
names that matched and their kinds, how many entities bear the name, and the match
weight of every comparison (Splink's ``mw_`` columns), for the analyst to judge.
"""

from __future__ import annotations

import json
import logging
import math
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from tnoc import __version__
from tnoc.query_results import has_table
from tnoc.resolve.blocking import BlockingPlan, plan_blocking
from tnoc.resolve.comparisons import comparisons
from tnoc.resolve.frequencies import name_frequencies
from tnoc.resolve.model import ModelOptions, match_weights
from tnoc.resolve.names import KIND_LABELS
from tnoc.resolve.record_tables import RecordTable, RecordTables, linking_engine, load_records
from tnoc.resolve.records import (
    COMPARTMENTS,
    GroupRecords,
    group_records,
    statements_outside_compartments,
)
from tnoc.resolve.schemata import common_schema
from tnoc.resolve.shared_values import SharedValues, shared_in, weigh_shared_values
from tnoc.resolve.training import TrainingReport, USamples, train_model
from tnoc.store.engine import DuckDBEngine, Engine, fetch_value
from tnoc.store.resolution_tables import ensure

__all__ = ["GroupResult", "GroupScores", "block_budget", "link_group", "score_group",
           "store_group"]

RETAINED = ["entity_id", "schema", "kind", "name", "full_name"]
SHARED = ("identifiers", "contacts", "birth_dates", "countries")  # named in explanations


@dataclass
class GroupResult:
    """Outcome of linking one group of records."""

    group: str
    records: int
    without_name: int
    candidates: int
    run_id: str | None
    skipped: str | None = None
    names: int = 0
    fallbacks: list[str] = field(default_factory=list)
    # the Parquet folder of the entities in the model: for resolve_case's strong
    # identifiers only, removed once resolve_case or link_group returns
    compared: Path | None = None


def _em_passes(features: list[str]) -> list[str]:
    """First every comparison but the names (pairs with the same name), then the names
    (pairs with the same birth date or identifier, whichever exists). With names alone
    there is nothing EM can train: the priors stand."""
    if not features:
        return []
    passes = ["l.full_name = r.full_name"]
    for key, feature in (("dob1", "birth_years"), ("id1", "identifiers")):
        if feature in features:
            passes.append(f"l.{key} = r.{key}")
            break
    return passes


def _dialect(db_api: Any) -> str:
    return str(db_api.sql_dialect.sql_dialect_str)


def _settings(features: list[str], group: str, dialect: str = "duckdb",
              names: bool | None = None) -> Any:
    """Splink's settings of ``group``'s model; ``names`` True keeps only the name
    comparison, False every other (the two u samples: :mod:`tnoc.resolve.training`)."""
    from splink import SettingsCreator

    chosen = comparisons(features, group, dialect)
    if names is not None:
        chosen = chosen[:1] if names else chosen[1:]
    return SettingsCreator(
        link_type="dedupe_only", unique_id_column_name="unique_id",
        comparisons=chosen,
        blocking_rules_to_generate_predictions=[],
        retain_intermediate_calculation_columns=True, retain_matching_columns=False,
        additional_columns_to_retain=RETAINED)


def _linker(table: Any, settings: Any) -> Any:
    """A Splink linker on ``table``, logging errors only, without Splink's settings
    validation: that only logs warnings (below the level kept) and parses every
    comparison's SQL with sqlglot to do so, four linkers a group (profiled at load 5:
    16 s of a 238-s resolve of the demo's assessment subset; on a small case, 0.5-2 s
    of 10 s of CPU)."""
    from splink import Linker

    return Linker(table, settings, log_level=logging.ERROR, validate_settings=False)


class _Frequencies:
    """The term-frequency tables of a group on the linking engine, registered with
    every linker of the run."""

    def __init__(self, db_api: Any, tables: RecordTables) -> None:
        self.db_api, self.records = db_api, tables
        self.tables: dict[str, str] = {}

    def compute(self, copies: float) -> None:
        for column in ("full_name", "core"):
            self.tables[column] = name_frequencies(self.records.names, column, copies,
                                                   self.records.table(f"tf_{column}"))

    def register(self, linker: Any) -> None:
        engine = self.records.names.engine
        for column, table in self.tables.items():
            lookup = self.records.table(f"tf_lookup_{column}")
            engine.create_view(lookup, f"SELECT {column}, tf_{column} FROM {table}")
            linker.table_management.register_term_frequency_lookup(
                self.db_api.register(lookup), column)


def _train(db_api: Any, records: GroupRecords, tables: RecordTables, options: ModelOptions,
           frequencies: _Frequencies, blocking: BlockingPlan
           ) -> tuple[dict[str, Any], TrainingReport]:
    """Estimate the model on one record per entity; returns Splink's model dict."""
    features = records.features
    dialect = _dialect(db_api)
    trainer = _linker(db_api.register(tables.entities.name),
                      _settings(features, records.group, dialect))
    distinct = tables.entities.one_per_name(tables.table("distinct"))
    entities = distinct.u_sample(tables.table("u_entities"), options.u_sample_pairs,
                                 options.seed)
    names = tables.names.u_sample(tables.table("u_names"), options.name_u_sample_pairs,
                                  options.seed)
    samples = USamples(
        _linker(db_api.register(entities.name),
                _settings(features, records.group, dialect, names=False)),
        entities,
        _linker(db_api.register(names.name),
                _settings(features, records.group, dialect, names=True)),
        names, distinct, block_budget(options))

    def register(copies: float) -> None:
        frequencies.compute(copies)
        frequencies.register(trainer)

    report = train_model(trainer, samples, tables.entities,
                         _em_passes(features) if options.em else [], register)
    model = trainer.misc.save_model_to_json()
    model["blocking_rules_to_generate_predictions"] = blocking.rules
    report.fallbacks.extend(blocking.left_out)
    return model, report


def _level_labels(model: dict[str, Any]) -> dict[str, dict[float, str]]:
    """Comparison -> match weight of a level (log2 m/u, rounded) -> the level's label.

    Splink keeps the comparison levels (gamma) of a prediction only with all the compared
    columns; the weight of a level's own part, ``mw_<comparison>`` (the term-frequency
    part apart), identifies it, and two levels with one weight are named together."""
    out: dict[str, dict[float, str]] = {}
    for comparison in model["comparisons"]:
        labels: dict[float, str] = {}
        for level in comparison["comparison_levels"]:
            m, u = level.get("m_probability"), level.get("u_probability")
            if level.get("is_null_level") or not m or not u:
                continue
            weight = round(math.log2(m / u), 3)
            label = str(level.get("label_for_charts"))
            labels[weight] = f"{labels[weight]} or {label}" if weight in labels else label
        out[comparison["output_column_name"]] = labels
    return out


BEST_SQL = """
SELECT entity_id_l, entity_id_r, schema_l, schema_r, kind_l, kind_r, name_l, name_r,
       full_name_l, full_name_r, match_weight, match_probability{weights}, left_id,
       right_id, CASE WHEN p.full_name_l = p.full_name_r THEN f.bearers END AS bearers{shared}
FROM (
    SELECT entity_id_l, entity_id_r, schema_l, schema_r, kind_l, kind_r, name_l, name_r,
           full_name_l, full_name_r, match_weight + $shift AS match_weight,
           1 / (1 + pow(2, -(match_weight + $shift))) AS match_probability{weights},
           least(entity_id_l, entity_id_r) AS left_id,
           greatest(entity_id_l, entity_id_r) AS right_id
    FROM {predictions}
    WHERE 1 / (1 + pow(2, -(match_weight + $shift))) >= $threshold
    QUALIFY row_number() OVER (
        PARTITION BY least(entity_id_l, entity_id_r), greatest(entity_id_l, entity_id_r)
        ORDER BY match_weight DESC, name_l, name_r) = 1
) p LEFT JOIN {frequencies} f ON f.full_name = p.full_name_l
LEFT JOIN {features} el ON el.entity_id = p.entity_id_l
LEFT JOIN {features} er ON er.entity_id = p.entity_id_r
"""
"""Each entity pair over the threshold on its best pair of names (DuckDB's dialect,
run where the predictions are: :class:`_Predictions`)."""

BEST_WEIGHTS_SQL = """
SELECT max(match_weight) AS w FROM {predictions}
GROUP BY least(entity_id_l, entity_id_r), greatest(entity_id_l, entity_id_r)
"""

EXPECTED_MATCHES_SQL = "SELECT coalesce(fsum(1 / (1 + pow(2, -(w + $shift)))), 0) FROM {weights}"
"""The expected number of true pairs among the scored ones, every weight moved by
``shift`` (:func:`refine_lambda`)."""


class _Predictions:
    """The scored pairs, queried in DuckDB's SQL where Splink left them: in its DuckDB,
    or on Spark, where they stay: what comes back to this process is the number of
    entity pairs scored, one number per step of :func:`refine_lambda` and the
    candidate pairs over the threshold (before session 59, on Spark, every pair of
    names scored above Splink's floor was copied to the driver through pandas)."""

    def __init__(self, engine: Engine, predictions: Any, weights: str) -> None:
        """``weights``: the name of the table of each entity pair's best weight, made
        here (the caller drops it with the group's tables)."""
        self.engine = engine
        self.predictions = predictions
        self.name = predictions.physical_name
        self.columns = self.engine.fetch_arrow(f"SELECT * FROM {self.name} LIMIT 0"
                                               ).column_names
        self.weights = weights
        self.engine.create_table(self.weights,
                                 BEST_WEIGHTS_SQL.format(predictions=self.name))
        self.pairs = int(fetch_value(self.engine, f"SELECT count(*) FROM {self.weights}")
                         or 0)

    def release(self) -> None:
        """Drop Splink's table of the scored pairs (on Spark, persisted on the
        executors until dropped)."""
        self.predictions.drop_table_from_database_and_remove_from_cache()

    def expected_matches(self, shift: float) -> float:
        """The sum of every scored pair's match probability, its best match weight
        moved by ``shift`` (a change of prior): the true pairs the scores expect."""
        return float(fetch_value(self.engine, EXPECTED_MATCHES_SQL.format(
            weights=self.weights), {"shift": float(shift)}) or 0.0)

    def best_pairs(self, frequencies: _Frequencies, entities: RecordTable, threshold: float,
                   shift: float = 0.0) -> list[dict[str, Any]]:
        """One row per entity pair over ``threshold``: its best-scoring pair of names,
        compatible schemata only, with how many entities bear the name where the names
        are equal and the values both sides share (identifiers, contacts, birth dates),
        sorted by the pair. ``shift`` is added to every match weight (a new prior)."""
        columns = [c for c in SHARED if c in entities.columns]
        weights = "".join(f", {c}" for c in self.columns if c.startswith("mw_"))
        # shared values sorted: the same list on both engines (DuckDB's order is its own)
        shared = "".join(f", list_sort(array_intersect(el.{c}, er.{c})) AS shared_{c}"
                         for c in columns)
        best = self.engine.fetch_arrow(BEST_SQL.format(
            predictions=self.name, frequencies=frequencies.tables["full_name"],
            features=entities.name, weights=weights, shared=shared),
            {"threshold": float(threshold), "shift": float(shift)}).to_pylist()
        best.sort(key=lambda row: (str(row["left_id"]), str(row["right_id"])))
        return [row for row in best
                if common_schema(str(row["schema_l"]), str(row["schema_r"])) is not None]


def _shared(row: dict[str, Any], comparison: str) -> str:
    """" (passportNumber:X123)": the values a pair shares, for the reason line."""
    column = {"birth_date": "birth_dates"}.get(comparison, comparison)
    values = row.get(f"shared_{column}") or []
    if not values:
        return ""
    more = f" and {len(values) - 2} more" if len(values) > 2 else ""
    bearers = row.get(f"bearers_{column}")
    crowd = f"; the rarest borne by {bearers} entities" if bearers else ""
    return f" ({', '.join(str(v) for v in values[:2])}{more}{crowd})"


def _explain(row: dict[str, Any], levels: dict[str, dict[float, str]],
             prior_weight: float) -> tuple[str, dict[str, Any]]:
    """The reason line and details of one predicted pair: the names, each comparison's
    level and match weight (with the values shared), and the prior they add to."""
    weights = match_weights(row)
    compared = {}  # comparisons with a value on both sides, and the level they reached
    for comparison, by_weight in levels.items():
        weight = row.get(f"mw_{comparison}")
        if weight is None:
            continue
        label = by_weight.get(round(float(weight), 3))
        if label is not None:
            compared[comparison] = label
    swap = row["entity_id_l"] != row["left_id"]  # names in the order of the stored pair
    sides = ("r", "l") if swap else ("l", "r")
    names_of = [str(row[f"name_{s}"]) for s in sides]
    kinds = [KIND_LABELS.get(str(row[f"kind_{s}"]), str(row[f"kind_{s}"])) for s in sides]
    bearers = row.get("bearers")
    names = {"left": names_of[0], "left_kind": kinds[0], "right": names_of[1],
             "right_kind": kinds[1], "level": compared.get("name"), "bearers": bearers}
    name_part = (f"{compared.get('name', 'names')} '{names_of[0]}' ({kinds[0]}) ~ "
                 f"'{names_of[1]}' ({kinds[1]})")
    if bearers is not None:
        name_part += f", borne by {bearers} entit{'y' if bearers == 1 else 'ies'}"
    # comparisons with a value on both sides, strongest first (a null level adds 0)
    # (a shared value borne by other entities too weighs less: tnoc.resolve.shared_values)
    others = sorted(((k, v + weights.get(f"tf_{k}", 0.0)) for k, v in weights.items()
                     if k != "name" and k in compared and not k.startswith("tf_")
                     and abs(v) >= 0.05), key=lambda kv: -abs(kv[1]))
    name_weight = weights.get("name", 0.0) + sum(v for k, v in weights.items()
                                                 if k.startswith("tf_adj_"))
    parts = [f"{name_part} {name_weight:+.1f}"]
    parts += [f"{k.replace('_', ' ')} {compared[k]}{_shared(row, k)} {v:+.1f}"
              for k, v in others]
    parts.append(f"prior {prior_weight:+.1f}")
    shared = {c: row.get(f"shared_{c}") for c in SHARED if row.get(f"shared_{c}")}
    details = {"names": names, "levels": compared, "weights": weights, "shared": shared,
               "prior_weight": round(prior_weight, 3)}
    return "splink: " + "; ".join(parts), details


def _store(con: duckdb.DuckDBPyConnection, run_id: str, rows: list[dict[str, Any]],
           levels: dict[str, dict[float, str]], prior_weight: float) -> int:
    """Write the candidate links of a run (caller's transaction)."""
    out: dict[str, list[Any]] = {k: [] for k in ("left_id", "right_id", "match_probability",
                                                  "match_weight", "reason", "details")}
    for row in rows:
        reason, details = _explain(row, levels, prior_weight)
        out["left_id"].append(str(row["left_id"]))
        out["right_id"].append(str(row["right_id"]))
        out["match_probability"].append(float(row["match_probability"]))
        out["match_weight"].append(float(row["match_weight"]))
        out["reason"].append(reason)
        out["details"].append(json.dumps(details, default=str))
    if rows:
        con.register("new_links", pa.table(out))
        try:
            con.execute("INSERT INTO candidate_links SELECT ?, left_id, right_id, 'splink', "
                        "match_probability, match_weight, reason, details::JSON "
                        "FROM new_links", [run_id])
        finally:
            con.unregister("new_links")
    return len(rows)


REFINE_FLOOR = 0.01  # pairs scored below this do not count towards the refined lambda


def _logit2(p: float) -> float:
    return math.log2(p / (1 - p))


def refine_lambda(expected_matches: Callable[[float], float], start: float, pairs: float,
                  iterations: int = 50) -> float:
    """lambda's expectation-maximisation update with m and u held, to its fixed point.

    lambda from deterministic rules is only a start: the rules' recall is assumed. Given
    the scored pairs (scored with ``start``), ``expected_matches(shift)`` is the expected
    number of true pairs, the sum of their probabilities with every match weight moved
    by ``shift``; lambda = that / all pairs, and a new lambda moves every weight by the
    change in prior weight (Winkler 1988, EM for Fellegi-Sunter; Splink updates lambda
    the same way inside its training blocks). Pairs scored below the floor are not
    counted, so the fixed point is a lower bound. The sum is taken where the scores
    are (on Spark, on its executors)."""
    current = start
    for _ in range(iterations):
        expected = expected_matches(_logit2(current) - _logit2(start))
        following = min(max(expected / pairs, 1.0 / pairs), 0.5)
        if abs(math.log2(following / current)) < 0.01:
            return following
        current = following
    return current


def _predict(db_api: Any, tables: RecordTables, model: dict[str, Any],
             frequencies: _Frequencies, options: ModelOptions,
             report: TrainingReport) -> tuple[_Predictions, float]:
    """Score the pairs once, refine lambda on the scores; returns the predictions and
    the shift of every match weight that the refined lambda makes."""
    n = tables.entities.rows
    predictor = _linker(db_api.register(tables.names.name), model)
    frequencies.register(predictor)
    predicted = _Predictions(tables.names.engine, predictor.inference.predict(
        threshold_match_probability=min(options.threshold, REFINE_FLOOR)),
        tables.table("best_weights"))
    report.scored_pairs = predicted.pairs
    start = model["probability_two_random_records_match"]
    refined = refine_lambda(predicted.expected_matches, start, max(n * (n - 1) / 2, 1.0))
    report.probability_two_random_records_match = refined
    report.lambda_refinements.append(round(refined, 12))
    model["probability_two_random_records_match"] = refined
    return predicted, _logit2(refined) - _logit2(start)


@dataclass
class GroupScores:
    """What the model gave for one group's records, computed with no connection to the
    case (so ``tnoc resolve --engine spark`` runs Splink with the case closed): the
    candidate pairs above the threshold and what their run records. ``skipped`` says
    why nothing was compared (fewer than two named entities)."""

    records: GroupRecords
    engine: str
    best: list[dict[str, Any]] = field(default_factory=list)
    labels: dict[str, dict[float, str]] = field(default_factory=dict)
    prior: float = 0.0
    model: dict[str, Any] = field(default_factory=dict)
    report: TrainingReport | None = None
    blocking: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: str | None = None


def block_budget(options: ModelOptions) -> float:
    """The pairs each blocking rule may make (a quarter of ``max_block_pairs``)."""
    return options.max_block_pairs / 4


def score_group(records: GroupRecords, options: ModelOptions | None = None,
                backend: Any = None, scratch: Path | None = None) -> GroupScores:
    """Estimate the model on ``records`` (:func:`tnoc.resolve.records.group_records`,
    read from their Parquet files) and score their pairs, on ``backend``: the Splink
    database API, by default a fresh in-memory DuckDB (spilling to ``scratch``, the
    case's ``tmp/``, else DuckDB's own default); a ``SparkAPI`` runs the same model on
    Spark, where the records are read and every count, sample and score is computed,
    so that only the candidates over the threshold come back. Reads nothing of the
    case's store."""
    from splink.backends.duckdb import DuckDBAPI

    options = options or ModelOptions()
    n = records.entities
    if n < 2:
        return GroupScores(records, "", skipped=(
            f"{n} named entit{'y' if n == 1 else 'ies'}: nothing to compare"))
    config: dict[str, str | bool | int | float | list[str]] = (
        {"temp_directory": str(scratch)} if scratch is not None else {})
    db_api = backend if backend is not None else DuckDBAPI(duckdb.connect(config=config))
    tables = load_records(linking_engine(db_api), records)
    try:
        frequencies = _Frequencies(db_api, tables)
        blocking = plan_blocking(tables.names, records.features, block_budget(options))
        model, report = _train(db_api, records, tables, options, frequencies, blocking)
        predicted, shift = _predict(db_api, tables, model, frequencies, options, report)
        try:
            best = predicted.best_pairs(frequencies, tables.entities, options.threshold,
                                        shift)
        finally:
            predicted.release()
        prior = report.probability_two_random_records_match
        labels = _level_labels(model)
        values = SharedValues.of(tables.entities, prior * (n - 1), shared_in(best))
    finally:
        tables.drop()
    best = weigh_shared_values(best, values, model, labels, options.threshold)
    return GroupScores(records, _dialect(db_api), best, labels, prior, model, report,
                       blocking.chosen)


def store_group(con: duckdb.DuckDBPyConnection, scores: GroupScores,
                options: ModelOptions | None = None,
                provenance: dict[str, Any] | None = None) -> GroupResult:
    """Write the candidate links and the run of ``scores`` (caller's transaction; the
    resolution tables exist: :func:`tnoc.store.resolution_tables.ensure`).
    ``provenance`` (the engine, on Spark its master) is kept with the run's
    parameters; by default the backend's dialect names the engine."""
    options = options or ModelOptions()
    records = scores.records
    if scores.skipped is not None or scores.report is None:
        return GroupResult(records.group, records.entities, records.without_name, 0,
                           None, scores.skipped, names=records.names)
    prior = scores.prior
    run_id = "run-" + uuid.uuid4().hex[:12]
    stored = _store(con, run_id, scores.best, scores.labels,
                    math.log2(prior / (1 - prior)))
    parameters = {"group": records.group, **asdict(options),
                  **(provenance or {"engine": scores.engine}),
                  "schemata": records.schemata,
                  "features": records.features, "training": asdict(scores.report),
                  "blocking_word_bearers": records.blocking_bearers,
                  "blocking": scores.blocking,
                  "prior_weight": round(math.log2(prior / (1 - prior)), 3) if prior else None,
                  "model": scores.model}
    con.execute("INSERT INTO resolution_runs (run_id, method, parameters, created_at, "
        "tool_version, candidates) VALUES (?, 'splink', ?, ?, ?, ?)",
                [run_id, json.dumps(parameters, default=str), datetime.now(UTC), __version__,
                 stored])
    return GroupResult(records.group, records.entities, records.without_name, stored,
                       run_id, names=records.names, fallbacks=scores.report.fallbacks,
                       compared=records.files("entities"))


def link_group(con: duckdb.DuckDBPyConnection, group: str,
               options: ModelOptions | None = None, backend: Any = None,
               scratch: Path | None = None,
               provenance: dict[str, Any] | None = None) -> GroupResult:
    """Link the entities of one group and store the candidate links (caller's
    transaction): :func:`tnoc.resolve.records.group_records` (written under
    ``scratch``, the case's ``tmp/``, removed after), :func:`score_group` on
    ``backend`` (spilling to ``scratch``), :func:`store_group` with ``provenance``."""
    ensure(con)
    options = options or ModelOptions()
    with records_folder(scratch) as folder:
        engine = DuckDBEngine(con)
        with statements_outside_compartments(
                engine, has_table(con, COMPARTMENTS)) as statements:
            records = group_records(engine, group, folder / group, block_budget(options),
                                    statements=statements)
        return store_group(con, score_group(records, options, backend, scratch), options,
                           provenance)


@contextmanager
def records_folder(scratch: Path | None) -> Iterator[Path]:
    """A folder for a run's records (under ``scratch``, the case's ``tmp/``, else the
    system's), removed on leaving."""
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="resolve-", dir=scratch) as folder:
        yield Path(folder)
