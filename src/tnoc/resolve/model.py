"""The options of a linkage run, the blocking guard, and per-comparison weights.

The model itself (Fellegi & Sunter 1969, estimated and applied with Splink: Linacre et
al., UK Ministry of Justice) is built in :mod:`tnoc.resolve.comparisons` (levels and
priors), :mod:`tnoc.resolve.blocking`, :mod:`tnoc.resolve.training` and
:mod:`tnoc.resolve.probabilistic`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from tnoc.errors import TnocError

__all__ = ["DEFAULT_MAX_BLOCK_PAIRS", "ModelOptions", "match_weights"]

DEFAULT_MAX_BLOCK_PAIRS = 20_000_000


@dataclass
class ModelOptions:
    """Knobs of a linkage run; recorded with the run as its parameters.

    ``threshold``: match probability a pair needs to become a candidate;
    ``max_block_pairs``: blocking's budget: each rule takes the coarsest form that makes
    at most a quarter of it (:mod:`tnoc.resolve.blocking`);
    ``u_sample_pairs``: at most this many pairs measure the u of every comparison but
    the names', every pair of a sample of records drawn by a hash of their ids and
    ``seed`` (:meth:`tnoc.resolve.record_tables.RecordTable.u_sample`);
    ``name_u_sample_pairs``: the same for the name comparison, scored alone on them.
    Its fuzzy levels are rare among strangers (a few in 100,000 pairs), so their u
    moves with the draw; a larger sample steadies it but makes a level it never sees
    more decisive: at 2e6 a million generated people meet the recall target at 0.5
    the default misses, and on the OFAC lists namesakes ("IVANOV, Sergey Borisovich" ~
    "IVANOV, Sergei Borisovich", two people) become links (precision 0.9968 against
    0.99789, docs/resolution.md);
    ``em``: refine the prior m values by expectation maximisation."""

    threshold: float = 0.5
    max_block_pairs: int = DEFAULT_MAX_BLOCK_PAIRS
    u_sample_pairs: float = 2e5
    name_u_sample_pairs: float = 2e5
    seed: int = 1
    em: bool = False

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1:
            raise TnocError(f"threshold {self.threshold} is not a probability in (0, 1]")
        if min(self.max_block_pairs, self.u_sample_pairs, self.name_u_sample_pairs) < 1:
            raise TnocError("max_block_pairs, u_sample_pairs and name_u_sample_pairs must "
                            "be at least 1")


def match_weights(row: dict[str, Any]) -> dict[str, float]:
    """Per-comparison match weights (log2 Bayes factors) of one predicted pair, from
    Splink's ``mw_<comparison>`` columns (term-frequency parts included as ``tf_...``)."""
    return {k[3:]: round(float(v), 3) for k, v in row.items()
            if k.startswith("mw_") and v is not None and not math.isnan(float(v))}
