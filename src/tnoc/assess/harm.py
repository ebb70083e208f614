"""Harm-based priorities: a configurable weighted-factor engine (MoRiLE-style).

A :class:`Scheme` (YAML) lists factors, each in a dimension (harm, likelihood,
capability — MoRiLE's harm, likelihood and organisational position), with a weight, the
profile metric it reads per kind of group and thresholds that turn the metric into a
level 1–5. Offence seriousness comes from an offence-weight table: the Cambridge Crime
Harm Index (Sherman, Neyroud & Neyroud 2016, *Policing* 10(3)) in days, read from the
CCHI table shipped with the examples.

Scoring a :class:`~tnoc.assess.profiles.GroupProfile` gives, per factor, the level,
the metric value and a confidence grade (A: two or more sources, B: one, C: no
evidence). A factor without evidence is not scored — it is listed as a gap, and the
``coverage`` (share of the weight that could be scored) says how much of the scheme
the score rests on. The overall score is the weighted mean level over scored factors;
each dimension's mean gives the harm × likelihood cell of the priority matrix.
The shipped scheme is illustrative, never an agency's official one.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tnoc.assess.profiles import GroupProfile
from tnoc.errors import TnocError

DEFAULT_SCHEME = Path(__file__).parent / "data" / "priority_scheme.yaml"
CCHI_TABLE = (Path(__file__).resolve().parents[3] / "examples" / "data" / "trends"
              / "cambridge_crime_harm_index_weights.csv")
DIMENSIONS = ("harm", "likelihood", "capability")


@dataclass
class Factor:
    name: str
    dimension: str
    weight: float
    description: str
    metric: dict[str, str]
    thresholds: dict[str, list[float]]

    def thresholds_for(self, kind: str) -> list[float]:
        return self.thresholds.get(kind, self.thresholds.get("any", []))


@dataclass
class Scheme:
    name: str
    factors: list[Factor]
    offences: dict[str, str | None]
    confidence: dict[str, str]
    path: str
    offence_days: dict[str, float] = field(default_factory=dict)


def load_scheme(path: Path | None = None, cchi: Path = CCHI_TABLE) -> Scheme:
    """Read a scheme (default: the shipped illustrative one) and the CCHI table."""
    path = path or DEFAULT_SCHEME
    from tnoc.ingest.limits import check_yaml

    try:
        check_yaml(Path(path), Path(path))  # no alias bomb, no runaway nesting
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TnocError(f"{path}: cannot read the priority scheme ({exc})") from exc
    factors = []
    for i, f in enumerate(data.get("factors") or []):
        missing = {"name", "dimension", "weight", "metric", "thresholds"} - set(f)
        if missing:
            raise TnocError(f"{path}: factor {i + 1} lacks {', '.join(sorted(missing))}")
        if f["dimension"] not in DIMENSIONS:
            raise TnocError(f"{path}: factor {f['name']!r}: dimension {f['dimension']!r}; "
                            f"expected one of {', '.join(DIMENSIONS)}")
        thresholds = f["thresholds"]
        if isinstance(thresholds, list):
            thresholds = {"any": thresholds}
        for kind, values in thresholds.items():
            if sorted(values) != list(values):
                raise TnocError(f"{path}: factor {f['name']!r}: thresholds for {kind} must "
                                "increase")
        factors.append(Factor(f["name"], f["dimension"], float(f["weight"]),
                              str(f.get("description", "")).strip(), dict(f["metric"]),
                              {k: [float(x) for x in v] for k, v in thresholds.items()}))
    scheme = Scheme(str(data.get("name", path)), factors, dict(data.get("offences") or {}),
                    dict(data.get("confidence") or {}), str(path))
    with open(cchi, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            scheme.offence_days[row["prc_subgroup"]] = float(row["cchi_days"])
    return scheme


@dataclass
class FactorScore:
    factor: str
    dimension: str
    weight: float
    metric: str | None
    value: float | None
    level: int | None
    confidence: str


@dataclass
class Priority:
    """A group's priority under one scheme."""

    group: str
    score: float
    coverage: float
    dimensions: dict[str, float | None]
    factors: list[FactorScore]
    scheme: str

    @property
    def gaps(self) -> list[str]:
        return [f.factor for f in self.factors if f.level is None]


def _value(profile: GroupProfile, metric: str, scheme: Scheme) -> float | None:
    if metric == "offence_days":
        category = scheme.offences.get(profile.offence)
        return scheme.offence_days.get(category) if category else None
    return profile.metrics.get(metric)


def score(profile: GroupProfile, scheme: Scheme) -> Priority:
    """Score ``profile`` with ``scheme`` (see the module docstring)."""
    # an analysis run (typology alerts) rests on its input files: not independent of them
    primary = [s for s in profile.sources if not s.startswith("analysis-")]
    grade = "A" if len(primary) >= 2 else "B"
    factors = []
    for f in scheme.factors:
        metric = f.metric.get(profile.kind, f.metric.get("any"))
        value = _value(profile, metric, scheme) if metric else None
        level = None
        if value is not None:
            thresholds = f.thresholds_for(profile.kind)
            level = 1 + sum(value >= t for t in thresholds)
            if metric == "countries" and profile.metrics.get("worldwide"):
                level = 5
        factors.append(FactorScore(f.name, f.dimension, f.weight, metric, value, level,
                                   grade if level is not None else "C"))
    scored = [f for f in factors if f.level is not None]
    total = sum(f.weight for f in factors) or 1.0
    weight = sum(f.weight for f in scored)
    dims: dict[str, float | None] = {}
    for d in DIMENSIONS:
        part = [f for f in scored if f.dimension == d]
        w = sum(f.weight for f in part)
        dims[d] = sum(f.weight * (f.level or 0) for f in part) / w if w else None
    return Priority(profile.key, sum(f.weight * (f.level or 0) for f in scored) / weight
                    if weight else 0.0, weight / total, dims, factors, scheme.name)


def prioritise(profiles: list[GroupProfile], scheme: Scheme) -> list[Priority]:
    """Every profile scored, highest score first (ties: higher coverage first)."""
    return sorted((score(p, scheme) for p in profiles),
                  key=lambda p: (-p.score, -p.coverage, p.group))
