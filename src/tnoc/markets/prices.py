"""A market listing's price as written (issue #24): the one reading of it for the
crawl files (places, flows, vendors) and for the case, whose intake flags the same
values (``positive`` numbers in the Agora mappings, :func:`tnoc.ingest.clean.number_sql`)."""

from __future__ import annotations

import math
import re

__all__ = ["BIN", "btc_price"]

BIN = re.compile(r"^\[([0-9.eE+-]+),([0-9.eE+-]+)\)$")
"""A binned price of the 2014 category subsets ("[1.00e-07,1.49e+00)")."""


def btc_price(text: str | None) -> float | None:
    """A price in BTC as written, or None: unstated ("NA", empty), a bin of a binned
    subset, unreadable ("0,05", "abc BTC"), not finite ("1e999", "nan") or not above
    zero."""
    text = (text or "").strip()
    if not text or text == "NA" or BIN.match(text):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None
