"""Alert keys whose parts cannot run together (tnoc.money.alert_keys): an id holding
the key's separator no longer makes two alerts one."""

from __future__ import annotations

import duckdb
import pytest

from tnoc.money.alert_keys import escaped_part, key_part
from tnoc.money.typologies import scatter_gather_sql
from tnoc.money.typology_params import TypologyParams


def test_scatter_gather_of_names_holding_the_separator_are_two_alerts() -> None:
    """"a>b" scattering to "c" and "a" to "b>c" keyed alike ("SCATTER-GATHER:a>b>c")
    and were numbered as one alert; names without ">" key as before."""
    con = duckdb.connect()
    con.execute("CREATE TABLE hops (src VARCHAR, mid VARCHAR, dst VARCHAR, "
                "t_in VARCHAR, t_out VARCHAR, returns BOOLEAN)")
    con.executemany("INSERT INTO hops VALUES (?, ?, ?, ?, ?, false)", [
        ("a>b", "m1", "c", "t1", "t2"), ("a>b", "m2", "c", "t3", "t4"),
        ("a", "m3", "b>c", "t5", "t6"), ("a", "m4", "b>c", "t7", "t8"),
        ("p", "m5", "q", "t9", "t10"), ("p", "m6", "q", "t11", "t12")])
    keys = dict(con.execute(
        "SELECT alert_key, list(transfer_id ORDER BY transfer_id) FROM ("
        + scatter_gather_sql("hops", TypologyParams(min_degree=2)) + ") GROUP BY 1"
    ).fetchall())
    assert keys == {"SCATTER-GATHER:a%3Eb>c": ["t1", "t2", "t3", "t4"],
                    "SCATTER-GATHER:a>b%3Ec": ["t5", "t6", "t7", "t8"],
                    "SCATTER-GATHER:p>q": ["t10", "t11", "t12", "t9"]}


def test_key_parts_never_run_together() -> None:
    """Parts starting or ending with the separator, or holding the escape character,
    still give different keys (doubling the separator made "a>" + "b" and "a" + ">b"
    one key, "a>>>b"); an id with neither character is unchanged; SQL and Python
    agree."""
    ids = ["a", "b", "a>", ">b", "a>b", "%", "%3E", ">", "", "5%", "a%3Eb"]
    pairs = [(x, y) for x in ids for y in ids]
    con = duckdb.connect()
    con.execute("CREATE TABLE p (x VARCHAR, y VARCHAR)")
    con.executemany("INSERT INTO p VALUES (?, ?)", pairs)
    keys = con.execute(f"SELECT x, y, {key_part('x', '>')} || '>' || {key_part('y', '>')} "
                       "FROM p").fetchall()
    assert len({k for _x, _y, k in keys}) == len(pairs)
    assert all(k == escaped_part(x, ">") + ">" + escaped_part(y, ">") for x, y, k in keys)
    assert escaped_part("plain-id_1", ",") == "plain-id_1"
    with pytest.raises(ValueError, match="one ASCII character"):
        key_part("x", "'")
