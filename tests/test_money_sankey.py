"""The Sankey layout of a trace (:mod:`tnoc.money.sankey`) on hand-made flows where the
real samples have no case: a round trip back to the traced account, and a column of
many accounts. (The SAML-D trace drawn by the workspace is tested in
tests/web/test_money.py.)"""

from __future__ import annotations

from datetime import datetime

import pytest

from tnoc.money.sankey import sankey
from tnoc.money.trace import TaintFlow


def _flow(payer: str, beneficiary: str, amount: float, hop: int,
          currency: str = "EUR") -> TaintFlow:
    return TaintFlow(f"{payer}-{beneficiary}-{amount}", payer, beneficiary,
                     datetime(2024, 1, hop), amount, currency, amount, hop, "hand", None)


def test_a_round_trip_is_listed_apart_not_drawn_as_a_band() -> None:
    # S pays A, A pays S back (a cycle), A pays B
    flows = [_flow("S", "A", 100.0, 1), _flow("A", "S", 40.0, 2), _flow("A", "B", 60.0, 2)]
    (diagram,) = sankey(flows, {"S": "Sam", "A": "Ann", "B": "Bo"})
    drawn = {(lk.source, lk.target) for lk in diagram.links}
    assert drawn == {("S", "A"), ("A", "B")}
    assert [(lk.source, lk.target, lk.value) for lk in diagram.returns] == [("A", "S", 40.0)]
    columns = {n.key: n.column for n in diagram.nodes}
    assert columns == {"S": 0, "A": 1, "B": 2}
    assert [n.label for n in diagram.nodes] == ["Sam", "Ann", "Bo"]
    for link in diagram.links:  # every band runs left to right
        start, end = link.path.split(" C")[0], link.path.rsplit(" ", 1)[1]
        assert float(start[1:].split(",")[0]) < float(end.split(",")[0])


def test_currencies_are_separate_diagrams_with_the_same_columns() -> None:
    flows = [_flow("S", "A", 100.0, 1, "GBP"), _flow("A", "B", 90.0, 2, "CHF")]
    chf, gbp = sankey(flows, {})
    assert (chf.currency, gbp.currency) == ("CHF", "GBP")
    assert chf.column_x == gbp.column_x and len(chf.column_x) == 3
    assert [lk.value for lk in chf.links] == [90.0] and [lk.value for lk in gbp.links] == [100.0]


def test_a_crowded_column_keeps_the_largest_and_counts_the_rest() -> None:
    flows = [_flow("S", f"A{i}", float(10 + i), 1) for i in range(20)]
    (diagram,) = sankey(flows, {}, max_per_column=5)
    hop1 = [n for n in diagram.nodes if n.column == 1]
    assert [n.key for n in hop1 if not n.key.startswith("other")] == [
        "A19", "A18", "A17", "A16"]
    (other,) = [n for n in hop1 if n.key.startswith("other")]
    assert other.label == "16 other accounts" and diagram.grouped == 16
    assert other.value == pytest.approx(sum(10.0 + i for i in range(16)))
    assert sum(lk.payments for lk in diagram.links) == 20
