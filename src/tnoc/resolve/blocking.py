"""Blocking rules that fit the case: each rule in the coarsest form whose pairs stay
within a budget.

A rule such as "the same birth date" is cheap in a list of ten thousand people and
makes eighteen million pairs among a million. Each rule therefore has forms from coarse
to fine (the birth date; the birth date and the first letter of the sorted name; ...).
The pairs a form makes are counted from key frequencies before any pair is built, and
the first form within ``budget`` is used; a rule none of whose forms fits is left out
and reported (a placeholder value shared by thousands: "1900-01-01", "UNKNOWN").
Two records of one entity (two of its names) are never a pair. The chosen forms are
recorded with the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tnoc.resolve.record_tables import RecordTable, key_column

__all__ = ["BLOCKING_RULES", "BlockingPlan", "plan_blocking"]

NAME_LETTERS = "substr(name_key, 1, {n})"
BIRTH_YEAR = "substr(dob1, 1, 4)"


@dataclass(frozen=True)
class Rule:
    """A blocking rule: a label, its forms (lists of key expressions, coarse to fine),
    the list columns it explodes and the feature it needs (if any)."""

    label: str
    forms: tuple[tuple[str, ...], ...]
    exploded: tuple[str, ...] = ()
    needs: str | None = None


BLOCKING_RULES = (
    # an uncommon name alone: the copy that lost its birth date and address still meets
    Rule("the same uncommon name", (("rare_name",),)),
    Rule("the same name", (("full_name",), ("full_name", BIRTH_YEAR))),
    Rule("the same name without its legal form", (("core",), ("core", BIRTH_YEAR))),
    Rule("the same words in another order", (("name_key",), ("name_key", BIRTH_YEAR))),
    Rule("the same letters without spaces", (("squashed",), ("squashed", BIRTH_YEAR))),
    Rule("one of the two rarest words", (("block_tokens",),), exploded=("block_tokens",)),
    Rule("the same birth date", (("dob1",), ("dob1", NAME_LETTERS.format(n=1)),
                                 ("dob1", NAME_LETTERS.format(n=2))), needs="birth_years"),
    # a misspelt name with its first letters changed still shares a word with the other
    Rule("the same birth date and a shared word", (("dob1", "tokens"),),
         exploded=("tokens",), needs="birth_years"),
    Rule("a shared identifier", (("identifiers",),), exploded=("identifiers",),
         needs="identifiers"),
    Rule("a shared contact", (("contacts",),), exploded=("contacts",), needs="contacts"),
    Rule("a shared postcode", tuple(("postcodes", NAME_LETTERS.format(n=n)) for n in (1, 2, 3)),
         exploded=("postcodes",), needs="postcodes"),
    Rule("a shared postcode and word", (("postcodes", "tokens"),),
         exploded=("postcodes", "tokens"), needs="postcodes"),
)


@dataclass
class BlockingPlan:
    """The rules chosen for a table, as Splink rule dicts, and what was left out."""

    rules: list[dict[str, Any]] = field(default_factory=list)
    chosen: dict[str, dict[str, Any]] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)


def _sql(keys: tuple[str, ...]) -> str:
    """A form as a join condition on l and r."""
    sides = []
    for key in keys:
        sides.append(f"{key.replace('(', '(l.', 1)} = {key.replace('(', '(r.', 1)}"
                     if "(" in key else f"l.{key} = r.{key}")
    return " AND ".join(sides)


def plan_blocking(records: RecordTable, features: list[str], budget: float) -> BlockingPlan:
    """The coarsest form of each rule within ``budget`` pairs, for ``records`` (the
    prediction table: one row per entity and name)."""
    plan = BlockingPlan()
    columns = set(records.columns)
    for rule in BLOCKING_RULES:
        if rule.needs is not None and rule.needs not in features:
            continue
        needed = {key_column(k) for form in rule.forms for k in form}
        if not needed <= columns:
            continue
        counts = []
        for form in rule.forms:
            # pairs a form makes, from key frequencies (ignoring the entity rule)
            pairs = records.exact_pairs(form, rule.exploded)
            counts.append(pairs)
            if pairs <= budget:
                plan.rules.append({
                    "blocking_rule": f"{_sql(form)} AND l.entity_id <> r.entity_id",
                    "sql_dialect": "duckdb",
                    **({"arrays_to_explode": list(rule.exploded)} if rule.exploded
                       else {})})
                plan.chosen[rule.label] = {"keys": list(form), "pairs": int(pairs)}
                break
        else:
            plan.left_out.append(
                f"blocking on {rule.label} left out: even its finest form makes "
                f"{min(counts):,.0f} pairs, more than {budget:,.0f} (a value shared by "
                "very many records?)")
    return plan
