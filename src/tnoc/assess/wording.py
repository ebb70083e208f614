"""How the threat assessment writes numbers, units and likelihoods: one place, so the
text, the tables and the charts of a report say a thing the same way.

- :func:`number`: counts as integers ("927", never "927.0"), large amounts with
  thousands separators, small fractions with three significant digits;
- :func:`axis_label`: every chart axis as "what (unit)", so no axis is without a unit;
- :data:`YARDSTICK` and :func:`likelihood`: the UK Professional Head of Intelligence
  Assessment (PHIA) probability yardstick (Defence Intelligence / PHIA, 2018 revision):
  seven terms, each with its range, and the gaps between the ranges left as gaps — a
  probability in a gap takes the nearer term toward even chances, so the wording never
  claims more than the figure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["YARDSTICK", "Likelihood", "axis_label", "category_label", "country",
           "likelihood", "number", "quantity"]


def number(value: float | int | None, digits: int = 3) -> str:
    """``value`` for a reader: integers (and whole floats) without decimals and with
    thousands separators; other values of 100 or more rounded to whole units; smaller
    ones to ``digits`` significant digits. None is a dash (no value, not zero)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


def quantity(value: float | int | None, unit: str) -> str:
    """``value`` with its unit ("2,593 kg", "$7,678,112" for USD)."""
    if unit.upper() == "USD" and value is not None:
        return "$" + number(value)
    return f"{number(value)} {unit}".strip()


# places the case writes as a code that are not ISO 3166-1 countries
_NOT_ISO = {"EU": "European Union", "UK": "United Kingdom", "XK": "Kosovo"}


@lru_cache(maxsize=4096)
def country(code: object) -> str:
    """A country as a reader names it: an ISO 3166-1 alpha-2 or alpha-3 code (either
    case, as the store keeps FtM countries lower-cased) becomes its short English name
    ("US" -> "United States", "gbr" -> "United Kingdom"); anything else (a name
    already, a region, "(not stated)") is returned as it is. The one helper the report
    uses wherever a country is meant, so no table or chart shows a bare code where the
    CLI shows a name."""
    import pycountry

    from tnoc.markets.locations import country_name

    text = str(code or "").strip()
    if len(text) not in (2, 3) or not text.isalpha() or text.istitle():
        return text  # a name ("Can", "Any"), not a code
    if text.upper() in _NOT_ISO:
        return _NOT_ISO[text.upper()]
    if len(text) == 2:
        name = country_name(text.upper())
        return name if name != text.upper() else text
    found = pycountry.countries.get(alpha_3=text.upper())
    if found is None:
        return text
    return str(getattr(found, "common_name", None) or found.name)


# A questionnaire's instruction to the respondent inside a category name, as UNODC's
# Annual Report Questionnaire prints them: "(please specify)", "(total of the above,
# including if unspecified/undistinguished, but excluding coca leaf ...)"
_INSTRUCTION = re.compile(r"\b(please|specify|including|excluding|unspecified|"
                          r"undistinguished|of the above|e\.g\.|i\.e\.)", re.IGNORECASE)
_BRACKETED = re.compile(r"\s*\(([^()]*)\)")


def category_label(text: object) -> str:
    """A published category name for display: a bracketed instruction to the
    respondent is dropped ("Coca paste/refined cocaine base (intermediate products)
    (please specify)" -> "Coca paste/refined cocaine base (intermediate products)"),
    a bracketed definition of a total is shortened to "(total)" ("Cocaine (total of
    the above, including ...)" -> "Cocaine (total)"); other brackets ("Cannabis herb
    (marijuana)") stay. Only what the report shows: the run record and the store keep
    the name as published."""
    def clean(match: re.Match[str]) -> str:
        inner = match.group(1).strip()
        if inner.lower().startswith("total"):
            return " (total)"
        return "" if _INSTRUCTION.search(inner) else match.group(0)

    return " ".join(_BRACKETED.sub(clean, str(text)).split())


def axis_label(what: str, unit: str) -> str:
    """An axis label that always carries its unit: "what (unit)". An empty unit is an
    error: a chart whose values have no unit cannot be read."""
    if not unit.strip():
        raise ValueError(f"axis {what!r} has no unit")
    return f"{what} ({unit})"


@dataclass(frozen=True)
class Likelihood:
    """One PHIA yardstick term and its range (probabilities, 0–1)."""

    term: str
    low: float
    high: float

    @property
    def range_text(self) -> str:
        if self.low <= 0.0:
            return f"≤{self.high:.0%}"
        if self.high >= 1.0:
            return f"≥{self.low:.0%}"
        return f"{self.low * 100:.0f}–{self.high:.0%}"

    def __str__(self) -> str:
        return f"{self.term} ({self.range_text})"


YARDSTICK = (
    Likelihood("remote chance", 0.0, 0.05),
    Likelihood("highly unlikely", 0.10, 0.20),
    Likelihood("unlikely", 0.25, 0.35),
    Likelihood("realistic possibility", 0.40, 0.50),
    Likelihood("likely", 0.55, 0.75),
    Likelihood("highly likely", 0.80, 0.90),
    Likelihood("almost certain", 0.95, 1.0),
)


def likelihood(p: float) -> Likelihood:
    """The yardstick term for probability ``p``. Inside a range: that term; in a gap
    between two ranges: the term nearer even chances (50%), so 0.93 is "highly likely",
    not "almost certain", and 0.08 is "highly unlikely", not a "remote chance"."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"a probability is between 0 and 1, not {p}")
    for term in YARDSTICK:
        if term.low <= p <= term.high:
            return term
    if p > 0.5:
        return max((t for t in YARDSTICK if t.high < p), key=lambda t: t.high)
    return min((t for t in YARDSTICK if t.low > p), key=lambda t: t.low)
