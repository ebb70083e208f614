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


def _clean_number(text: str, **spec: bool) -> tuple[str | None, str | None]:
    from tnoc.ingest.clean import number_sql

    value, flag = number_sql("$x", PropertySpec(column="x", **spec))
    row = CON.execute(f"SELECT {value}, {flag}", {"x": text}).fetchone()
    assert row is not None
    return row[0], row[1]


def test_a_number_is_read_as_written_or_flagged() -> None:
    """Separators are dropped only where they group thousands in threes: "0,05" was
    read as 5 (the comma dropped), 100 times a price of 0.05 BTC written with a decimal
    comma; not finite values ("nan", "inf", "1e999") are no amounts."""
    read = {text: _clean_number(text)[0] for text in (
        "12.5", "1,500", "1,500.25", "12,345,678", "1 000", "-3", "1e5", ".5")}
    assert read == {"12.5": "12.5", "1,500": "1500", "1,500.25": "1500.25",
                    "12,345,678": "12345678", "1 000": "1000", "-3": "-3", "1e5": "1e5",
                    ".5": ".5"}
    for text in ("0,05", "1,5", "1,00", "1.234,56", "nan", "inf", "1e999", "abc BTC", "1 5"):
        value, flag = _clean_number(text)
        assert value is None and flag is not None and flag.startswith(
            "invalid number: expected digits with a decimal point"), text
    # a decimal comma, declared by the mapping: the point groups thousands
    comma = {text: _clean_number(text, decimal_comma=True) for text in (
        "0,05", "1.234,56", "1\u00a0000,5", "1,500", "12.5")}
    assert {t: v for t, (v, _f) in comma.items()} == {
        "0,05": "0.05", "1.234,56": "1234.56", "1\u00a0000,5": "1000.5", "1,500": "1.500",
        "12.5": None}
    # a price is above zero
    assert _clean_number("-3", positive=True)[0] is None
    assert _clean_number("0", positive=True)[1] == ("invalid number: expected digits with "
                                                    "a decimal point (thousands grouped in "
                                                    "threes), finite, above zero")
    assert _clean_number("0.05", positive=True) == ("0.05", None)


def test_a_listing_price_that_is_no_price_is_kept_as_written_and_flagged(
        case: Case, tmp_path: Path) -> None:
    path = tmp_path / "listings.csv"
    rows = [("0.05", "good"), ("0,05", "comma"), ("-3", "negative"), ("nan", "nan"),
            ("1e999", "huge"), ("0", "zero")]
    path.write_text('"list","date","vendor","product","price","cat","subcat","subsubcat",'
                    '"feedback","from","to"\n' + "".join(
                        f'"l-{name}","2014-02-02","v","{name}","{price}","Drugs","Cannabis",'
                        f'NA,"","USA","USA"\n' for price, name in rows), encoding="utf-8")
    ingest_file(case, "agora_listings", path)
    with case.connect(read_only=True) as con:
        prices = {r[0]: (r[1], r[2], r[3]) for r in con.execute(
            "SELECT l.value, s.value, s.original_value, s.flag FROM statements s "
            "JOIN statements l ON l.entity_id = s.entity_id AND l.prop = 'title' "
            "WHERE s.prop = 'price'").fetchall()}
    assert prices["good"] == ("0.05", None, None)
    for price, name in rows[1:]:
        value, _original, flag = prices[name]
        assert value == price and flag and flag.startswith("invalid number"), name


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


# --- durations (call records), ids, countries: issue #18 ---------------------------


def _clean_duration(text: str) -> tuple[str | None, str | None]:
    from tnoc.ingest.clean import duration_sql

    value, flag = duration_sql("$x")
    row = CON.execute(f"SELECT CASE WHEN {flag} IS NULL THEN {value} END, {flag}",
                      {"x": text}).fetchone()
    assert row is not None
    return row[0], row[1]


def test_durations_as_call_records_write_them() -> None:
    for text, seconds in [("192", "192"), ("00:03:12", "192"), ("3:12", "192"),
                          ("PT3M12S", "192"), ("pt3m12s", "192"), ("01:00:00", "3600"),
                          ("P1DT2H", "93600"), ("PT0.5S", "0.5"), ("75:10", "4510"),
                          ("12.25", "12.25")]:
        assert _clean_duration(text) == (seconds, None), text
    for text in ("3 min", "00:61:00", "P", "PT", "12:3:4:5", "-5", "n/a"):
        value, flag = _clean_duration(text)
        assert value is None and flag is not None and "duration" in flag, text


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 99), st.integers(0, 59), st.integers(0, 59))
def test_clock_and_iso_durations_agree(hours: int, minutes: int, seconds: int) -> None:
    total = str(hours * 3600 + minutes * 60 + seconds)
    assert _clean_duration(f"{hours:02d}:{minutes:02d}:{seconds:02d}") == (total, None)
    assert _clean_duration(f"PT{hours}H{minutes}M{seconds}S") == (total, None)
    assert _clean_duration(total) == (total, None)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
def test_any_text_is_a_duration_or_flagged(text: str) -> None:
    value, flag = _clean_duration(text)
    assert (value is None) != (flag is None)
    if value is not None:
        assert float(value) >= 0


def test_call_record_durations_in_seconds(case: Case) -> None:
    """The hand-made CDR writes three durations as other exports do (SOURCES.md):
    read as seconds, the text kept as the original; phones in E.164 with --region."""
    from tnoc.ingest.pipeline import IngestOptions

    cdr = Path(__file__).parent / "data" / "cdr" / "calls.csv"
    report = ingest_file(case, "call_records", cdr, IngestOptions(region="DE"))
    with case.connect(read_only=True) as con:
        durations = dict(con.execute(
            "SELECT entity_id, [value, original_value, flag] FROM statements "
            "WHERE prop = 'duration'").fetchall())
        numbers = {r[0] for r in con.execute(
            "SELECT value FROM statements WHERE prop IN ('callerNumber', 'receiverNumber')"
        ).fetchall()}
    assert report.flagged == 0
    assert durations["cdr-C-0004"] == ["305", "00:05:05", None]
    assert durations["cdr-C-0010"] == ["412", "PT6M52S", None]
    assert durations["cdr-C-0020"] == ["540", "9:00", None]
    assert durations["cdr-C-0001"] == ["134", None, None]
    assert "+491701234567" in numbers and all(n.startswith("+") for n in numbers)


def test_phone_transform_in_a_mapping(case: Case, tmp_path: Path) -> None:
    """``transform: phone`` reads a number to E.164 in the mapping's region for a
    property that is not of phone type; a transform a property cannot take fails
    before anything is written, naming it."""
    import pytest

    from tnoc.errors import MappingError

    mapping = tmp_path / "subscribers.yaml"
    mapping.write_text("""mapping: subscribers
dataset: test
region: DE
entities:
  - name: line
    schema: UserAccount
    id: "tel-{msisdn}"
    properties:
      username: {column: msisdn, transform: phone}
""", encoding="utf-8")
    data = tmp_path / "subscribers.csv"
    data.write_text("msisdn\n0170 1234567\n+49 170 1234567\nnot a number\n", encoding="utf-8")
    ingest_file(case, mapping, data)
    with case.connect(read_only=True) as con:
        names = {(r[0], r[1], r[2]) for r in con.execute(
            "SELECT entity_id, value, flag IS NOT NULL FROM statements "
            "WHERE prop = 'username'").fetchall()}
    assert ("tel-0170-1234567", "+491701234567", False) in names
    assert ("tel-49-170-1234567", "+491701234567", False) in names
    assert ("tel-not-a-number", "not a number", True) in names
    bad = tmp_path / "bad.yaml"
    bad.write_text(mapping.read_text().replace("mapping: subscribers", "mapping: bad").replace(
        "username: {column: msisdn, transform: phone}",
        "createdAt: {column: msisdn, transform: phone}"), encoding="utf-8")
    with pytest.raises(MappingError, match="UserAccount.createdAt is of type date"):
        ingest_file(case, bad, data)


def test_ids_never_read_as_options(case: Case, tmp_path: Path) -> None:
    """'tel-{number}' of '+49...' is tel-49..., not tel--49...; an id never starts with a
    dash, and a reference written like an id points at the same entity."""
    mapping = tmp_path / "lines.yaml"
    mapping.write_text("""mapping: lines
dataset: test
entities:
  - name: line
    schema: Person
    id: "{number}"
    properties:
      phone: {column: number}
  - name: call
    schema: Call
    id: "call-{record}"
    properties:
      caller: {template: "{number}"}
""", encoding="utf-8")
    data = tmp_path / "lines.csv"
    data.write_text("record,number\n1,+491701234567\n2,-- 49 170\n3, - x -- y - \n",
                    encoding="utf-8")
    ingest_file(case, mapping, data)
    with case.connect(read_only=True) as con:
        people = {r[0] for r in con.execute(
            "SELECT id FROM entities WHERE schema = 'Person'").fetchall()}
        callers = {r[0] for r in con.execute(
            "SELECT value FROM statements WHERE prop = 'caller'").fetchall()}
    assert people == {"491701234567", "49-170", "x-y"}
    assert callers == people


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_slug_has_no_leading_or_double_dash(text: str) -> None:
    from tnoc.ingest.clean import slug, slug_sql

    made = slug("tel-" + text)
    assert not made.startswith("-") and "--" not in made and not made.endswith("-")
    row = CON.execute(f"SELECT {slug_sql('$x')}", {"x": "tel-" + text}).fetchone()
    assert row == (made,)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20))
def test_an_exact_slug_keeps_apart_what_the_slug_joins(first: str, second: str) -> None:
    """``id_slug: exact``: still a slug (no leading, trailing or double dash), the
    slug itself where the slug changed nothing, and two texts never one id."""
    from tnoc.ingest.clean import exact_slug_sql, slug_sql

    made = [CON.execute(f"SELECT {slug_sql('$x')}, {exact_slug_sql('$x')}",
                        {"x": "v-" + text}).fetchone() for text in (first, second)]
    for text, (plain, exact) in zip((first, second), made, strict=True):
        assert not exact.startswith("-") and "--" not in exact and not exact.endswith("-")
        assert (exact == plain) == (plain == "v-" + text)
    if first != second:
        assert made[0][1] != made[1][1]


def test_world_written_any_way_is_the_world() -> None:
    """FtM reads "Worldwide" as the world (zz); "World Wide" and "World" are the same
    place written apart or as in a sentence ("the World"), not invalid countries."""
    from tnoc.ingest.clean import clean_one

    for text in ("Worldwide", "World Wide", "WORLD WIDE", "World", "world wide"):
        assert clean_one("country", text, None) == ("zz", None), text
    assert clean_one("country", "the Netherlands", None) == ("nl", None)
    for text in ("Torland", "Undeclared", "Agora Beta", "From: USA"):
        assert clean_one("country", text, None)[1] == "invalid country", text


def test_a_unix_time_beyond_the_year_9999_is_an_invalid_date_not_an_error() -> None:
    """DuckDB's to_timestamp(1e20) raised ("Epoch seconds out of range") and the
    intake failed with a raw database error (session 43's review); the date is now
    flagged and kept as written, like any unreadable date."""
    spec = PropertySpec(column="d", date_format="unix")
    assert _clean_date("1e20", spec) == (None, "invalid date: expected unix")
    assert _clean_date("253402300799", spec) == ("9999-12-31T23:59:59", None)
    assert _clean_date("-1.5", spec) == ("1969-12-31T23:59:58", None)


def test_an_unpadded_format_keeps_its_precision() -> None:
    spec = PropertySpec(column="d", date_format="%Y-%-m-%-d %-H:%M")
    assert _clean_date("2020-2-1 7:05", spec) == ("2020-02-01T07:05:00", None)
