"""Value cleaning by FtM property type.

Two paths, chosen per property type so that big files stay column-wise:

* **SQL** (names, strings, text, identifiers, numbers, dates, entity references):
  expressions over the whole column in DuckDB (:func:`sql_clean`).
* **FtM** (phones to E.164, emails, countries, URLs, IPs, genders, topics, formatted
  identifiers such as IBAN/BIC/IMO, and crypto addresses): FtM's own type cleaners,
  called once per *distinct* (type, value, hint) in the file (:func:`clean_distinct`);
  a million transactions carry a few thousand distinct countries or phone numbers.

A value that fails its type keeps its original text and gets a ``flag`` saying why:
it is never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from followthemoney.types import registry

from tnoc.ingest.crypto import check_address
from tnoc.ingest.mapping import PropertySpec

# characters an entity id may not hold; runs of others become "-" in ids and references
UNSAFE_ID_CHARS = r"[^A-Za-z0-9._:-]+"

SQL_TYPES = {"name", "string", "text", "address", "identifier", "entity", "number", "date",
             "id", "html", "json"}
CRYPTO = "crypto"
ISO_DATE = (r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?"
            r"(Z|[+-]\d{2}:?\d{2})?)?)?)?$")


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def needs_python(prop_type: str, spec: PropertySpec, fmt: str | None) -> bool:
    """Whether this property is cleaned by FtM in Python (distinct values)."""
    if spec.crypto_currency or spec.crypto_currency_column:
        return True
    if prop_type == "identifier" and fmt:
        return True
    return prop_type not in SQL_TYPES


def _output_format(fmt: str) -> str:
    if "%H" in fmt or "%I" in fmt:
        return "%Y-%m-%dT%H:%M:%S"
    if "%d" in fmt or "%j" in fmt:
        return "%Y-%m-%d"
    if any(m in fmt for m in ("%m", "%b", "%B")):
        return "%Y-%m"
    return "%Y"


def date_sql(x: str, spec: PropertySpec) -> tuple[str, str]:
    """(value, flag) SQL for a date; FtM dates are ISO 8601 prefixes."""
    formats = spec.date_format
    if formats is None:
        iso = f"regexp_matches({x}, {lit(ISO_DATE)})"
        day_ok = (f"(length({x}) < 10 OR try_cast(substr({x}, 1, 10) AS DATE) IS NOT NULL)"
                  f" AND (length({x}) < 7 OR substr({x}, 6, 2) BETWEEN '01' AND '12')")
        ok = f"({iso} AND {day_ok})"
        value = f"CASE WHEN {ok} THEN replace(substr({x}, 1, 19), ' ', 'T') END"
        return value, f"CASE WHEN NOT {ok} THEN 'invalid date: expected ISO 8601' END"
    fmts = [formats] if isinstance(formats, str) else formats
    parts = []
    for fmt in fmts:
        if fmt == "unix":
            parts.append(f"strftime(to_timestamp(try_cast({x} AS DOUBLE)), '%Y-%m-%dT%H:%M:%S')")
        else:
            parts.append(f"strftime(try_strptime({x}, {lit(fmt)}), {lit(_output_format(fmt))})")
    value = f"coalesce({', '.join(parts)})"
    expected = lit("invalid date: expected " + " or ".join(fmts))
    flag = f"CASE WHEN {value} IS NULL THEN {expected} END"
    return value, flag


def number_sql(x: str, spec: PropertySpec) -> tuple[str, str]:
    """(value, flag) SQL for a number: thousands separators removed, must parse."""
    if spec.decimal_comma:
        cleaned = f"replace(replace(replace({x}, ' ', ''), '.', ''), ',', '.')"
    else:
        cleaned = f"replace(replace({x}, ' ', ''), ',', '')"
    ok = f"try_cast({cleaned} AS DOUBLE) IS NOT NULL"
    return (f"CASE WHEN {ok} THEN {cleaned} END",
            f"CASE WHEN NOT {ok} THEN 'invalid number' END")


def sql_clean(prop_type: str, x: str, spec: PropertySpec) -> tuple[str, str]:
    """(value, flag) SQL expressions for a SQL-cleaned type; ``x`` is trimmed text."""
    if prop_type == "date":
        return date_sql(x, spec)
    if prop_type == "number":
        return number_sql(x, spec)
    if prop_type == "entity" and spec.entity is not None:
        return x, "NULL::VARCHAR"  # another block's id, exactly as that block stores it
    if prop_type == "entity":
        # a reference is written like the ids it points at (compile.id_sql): the same
        # characters replaced, so "ndr-{name}" matches the person's id
        return f"regexp_replace({x}, {lit(UNSAFE_ID_CHARS)}, '-', 'g')", "NULL::VARCHAR"
    if prop_type in ("text", "html", "json", "identifier", "id"):
        return x, "NULL::VARCHAR"
    return f"regexp_replace({x}, '\\s+', ' ', 'g')", "NULL::VARCHAR"


def clean_phone(value: str, region: str | None) -> str | None:
    """A phone number in E.164, or None.

    FtM (libphonenumber) reads international numbers ("+49 (0)151 ...") and national
    ones in ``region`` ("0151 ...", and "0049 ..." through the region's own
    international prefix). A number that starts with "00" and reads in no region is
    tried once more as "+": 00 is the international prefix ITU-T E.164 recommends and
    nearly every country dials (not North America's 011)."""
    phone = registry.phone
    cleaned = phone.clean(value, format=region)
    if cleaned is None:
        digits = value.strip()
        if digits.startswith("00") and not digits.startswith("000"):
            cleaned = phone.clean("+" + digits[2:].lstrip(), format=region)
    return cleaned


def clean_one(prop_type: str, value: str, hint: str | None) -> tuple[str | None, str | None]:
    """Clean one value in Python; returns (value, flag)."""
    if prop_type == CRYPTO:
        cleaned, reason = check_address(value, hint)
        if cleaned is None:
            return None, f"invalid crypto address: {reason}"
        return cleaned, None
    if prop_type == "unknown":
        return None, "unknown schema or property"
    ftm_type = registry.get(prop_type)
    if ftm_type is None:
        return value, None
    if prop_type == "phone":
        cleaned = clean_phone(value, hint)
    elif prop_type == "identifier":
        cleaned = ftm_type.clean(value, format=hint)
    else:
        cleaned = ftm_type.clean(value)
    if cleaned is None:
        if prop_type == "phone" and sum(c.isdigit() for c in value) < 3:
            return None, "invalid phone: not a phone number (fewer than three digits)"
        if prop_type == "phone" and not hint and not value.lstrip().startswith(("+", "00")):
            return None, ("invalid phone: no country code, and no region to read it in "
                          "(tnoc ingest --region, or region: in the mapping)")
        expected = f" ({hint})" if hint else ""
        return None, f"invalid {prop_type}{expected}"
    return cleaned, None


def clean_distinct(
    rows: Iterable[tuple[str, str, str | None]],
) -> list[tuple[str, str, str | None, str, str | None]]:
    """Clean each distinct (type, original, hint); invalid ones keep the original."""
    out = []
    for prop_type, original, hint in rows:
        cleaned, flag = clean_one(prop_type, original, hint)
        out.append((prop_type, original, hint, cleaned if cleaned is not None else original, flag))
    return out
