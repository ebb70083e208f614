"""Value cleaning by FtM type: phones to E.164, emails, IBANs, countries, dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from tnoc.ingest.clean import date_sql
from tnoc.ingest.mapping import PropertySpec
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case

CONTACTS = """mapping: contacts
dataset: test
reader: {format: csv}
entities:
  - name: person
    schema: Person
    id: "p-{id}"
    properties:
      phone: {column: phone, country_hint: ca}
      email: email
      nationality: country
  - name: account
    schema: BankAccount
    id: "acct-{id}"
    properties:
      iban: iban
"""


def test_types_cleaned_and_invalid_flagged(case: Case, tmp_path: Path) -> None:
    mapping = tmp_path / "contacts.yaml"
    mapping.write_text(CONTACTS, encoding="utf-8")
    path = tmp_path / "contacts.csv"
    path.write_text(
        "id,phone,email,country,iban\n"
        '1,(514) 555-1234,Jane@Example.org,Canada,DE89 3704 0044 0532 0130 00\n'
        "2,+44 20 7946 0958,not-an-email,Narnia,DE89 3704 0044 0532 0130 01\n",
        encoding="utf-8",
    )
    ingest_file(case, mapping, path)
    with case.connect(read_only=True) as con:
        rows = {(r[0], r[1]): (r[2], r[3]) for r in con.execute(
            "SELECT entity_id, prop, value, flag FROM statements WHERE prop <> 'id'"
        ).fetchall()}
    assert rows[("p-1", "phone")] == ("+15145551234", None)
    assert rows[("p-2", "phone")] == ("+442079460958", None)
    assert rows[("p-1", "email")][1] is None
    assert rows[("p-2", "email")] == ("not-an-email", "invalid email")
    assert rows[("p-1", "nationality")] == ("ca", None)
    assert rows[("p-2", "nationality")] == ("Narnia", "invalid country")
    assert rows[("acct-1", "iban")] == ("DE89370400440532013000", None)
    assert rows[("acct-2", "iban")] == ("DE89 3704 0044 0532 0130 01", "invalid identifier (iban)")


CON = duckdb.connect()


def _clean_date(text: str, spec: PropertySpec) -> tuple[str | None, str | None]:
    value, flag = date_sql("$x", spec)
    row = CON.execute(f"SELECT {value}, {flag}", {"x": text}).fetchone()
    assert row is not None
    return row[0], row[1]


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)))
def test_iso_dates_kept(moment: dt.datetime) -> None:
    text = moment.replace(microsecond=0).isoformat()
    assert _clean_date(text, PropertySpec(column="d")) == (text, None)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_formatted_dates(day: dt.date) -> None:
    spec = PropertySpec(column="d", date_format=["%d %b %Y", "%Y"])
    assert _clean_date(day.strftime("%d %b %Y"), spec) == (day.isoformat(), None)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_a_date_or_flagged(text: str) -> None:
    value, flag = _clean_date(text, PropertySpec(column="d"))
    assert (value is None) != (flag is None)
    if value is not None:
        dt.date.fromisoformat(value[:10]) if len(value) >= 10 else int(value[:4])
