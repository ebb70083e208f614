"""DuckDB SQL as Spark SQL: sqlglot's transpiler plus the few rewrites it misses.

TNOC writes its SQL once, in DuckDB's dialect (docs/DESIGN.md: "SQL as the portable
core", the way Splink keeps one model over several backends). On Spark the text goes
through sqlglot (``read="duckdb", write="spark"``, pinned in pyproject.toml because its
output changes between releases) and then through :data:`RULES`, each a rewrite of the
parsed tree for a construct sqlglot leaves in a form Spark rejects or reads differently.
Every rule has a test in tests/test_engine.py that fails without it.

>>> to_spark("SELECT x::HUGEINT, strlen(name) FROM t WHERE id = $id")
'SELECT CAST(x AS DECIMAL(38, 0)), OCTET_LENGTH(name) FROM t WHERE id = :id'
"""

from __future__ import annotations

from collections.abc import Callable

import sqlglot
from sqlglot import exp

__all__ = ["RULES", "to_spark"]


def _hugeint(node: exp.Expression) -> exp.Expression:
    """DuckDB's HUGEINT (128-bit integer) has no Spark type; sqlglot writes ``INT128``,
    which Spark refuses. DECIMAL(38, 0) holds every integer below 10^38, which covers
    the sums TNOC takes as HUGEINT (counts and integer amounts)."""
    if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.INT128:
        return exp.DataType.build("DECIMAL(38, 0)", dialect="spark")
    return node


def _strlen(node: exp.Expression) -> exp.Expression:
    """DuckDB's ``strlen`` counts bytes (UTF-8), ``length`` characters; Spark has no
    ``strlen``: its byte count is ``octet_length``."""
    if isinstance(node, exp.Anonymous) and str(node.this).lower() == "strlen":
        return exp.Anonymous(this="OCTET_LENGTH", expressions=node.expressions)
    return node


def _in_list_parameter(node: exp.Expression) -> exp.Expression:
    """``x IN $names`` binds a list on DuckDB; sqlglot writes ``x IN :names``, which
    Spark cannot bind (a named argument is one value, not a list of them). A list
    argument is an array on Spark, so the test becomes ``array_contains(:names, x)``."""
    field = node.args.get("field") if isinstance(node, exp.In) else None
    if isinstance(field, exp.Placeholder):
        return exp.Anonymous(this="ARRAY_CONTAINS", expressions=[field, node.this])
    return node


def _ordered_list(node: exp.Expression) -> exp.Expression:
    """``list(DISTINCT x ORDER BY x)`` (a set as a sorted list, deterministic on
    DuckDB) loses its ``ORDER BY`` in sqlglot's ``COLLECT_LIST(DISTINCT x)``, whose
    order on Spark is whatever its partitions gave (issue #27: results differ between
    engines and runs). It becomes ``array_sort(collect_set(x))`` (``desc``: reversed);
    with ``FILTER (WHERE c)``, which Spark takes on the aggregate only,
    ``array_sort(collect_set(x) FILTER (WHERE c))``. ``list((k, v) ORDER BY k)`` (a
    map's entries by key) becomes ``array_sort(collect_list(struct(k, v)))``: Spark
    orders structs field by field, so by ``k`` first, then (where DuckDB leaves ties in
    any order) by ``v``. Any other ordered list cannot be written so; it is refused
    rather than run unordered.

    Raises:
        ValueError: an ordered list aggregate other than a distinct list sorted by its
            own value or a list of tuples sorted by their first element.
    """
    where = None
    if isinstance(node, exp.Filter) and isinstance(node.this, exp.ArrayAgg):
        # list(...) FILTER (WHERE c): Spark takes FILTER on the aggregate only, so
        # the sort goes outside it: array_sort(collect_set(x) FILTER (WHERE c))
        node, where = node.this, node.expression
    if not isinstance(node, exp.ArrayAgg) or not isinstance(node.this, exp.Order):
        return node if where is None else exp.Filter(this=node, expression=where)
    order = node.this
    inner = order.this
    keys = order.expressions
    if (isinstance(inner, exp.Distinct) and len(inner.expressions) == 1 and len(keys) == 1
            and keys[0].this == inner.expressions[0]):
        value = inner.expressions[0]
        collected: exp.Expression = exp.Anonymous(this="COLLECT_SET",
                                                  expressions=[value.copy()])
        if where is not None:
            collected = exp.Filter(this=collected, expression=where.copy())
        out: exp.Expression = exp.Anonymous(this="ARRAY_SORT", expressions=[collected])
        if keys[0].args.get("desc"):
            out = exp.Anonymous(this="REVERSE", expressions=[out])
        return out
    if (isinstance(inner, exp.Tuple) and len(keys) == 1 and not keys[0].args.get("desc")
            and keys[0].this == inner.expressions[0]):
        # list((k, v) ORDER BY k): the entries of a map by key (entities' properties);
        # Spark sorts structs field by field, so by k first
        entries: exp.Expression = exp.Anonymous(
            this="COLLECT_LIST", expressions=[exp.Anonymous(
                this="STRUCT", expressions=[e.copy() for e in inner.expressions])])
        if where is not None:
            entries = exp.Filter(this=entries, expression=where.copy())
        return exp.Anonymous(this="ARRAY_SORT", expressions=[entries])
    raise ValueError(f"no Spark form for the ordered list aggregate {node.sql('duckdb')!r}: "
                     "only list(DISTINCT x ORDER BY x) and list((k, v) ORDER BY k) are "
                     "kept in order")


STRFTIME_TO_JAVA = {"Y": "y", "m": "M", "-m": "M", "d": "d", "-d": "d", "H": "H",
                    "-H": "H", "I": "h", "-I": "h", "M": "m", "-M": "m", "S": "s",
                    "-S": "s", "f": "SSSSSS", "p": "a", "b": "MMM", "h": "MMM",
                    "B": "MMMM", "j": "D"}
"""DuckDB's strftime/strptime codes (``%Y``; ``%-d`` unpadded) as Java datetime
pattern letters, which Spark's ``to_timestamp`` and ``date_format`` take. Numbers are
single letters: Spark reads ``d`` as one or two digits, as DuckDB reads ``%d``
(``dd`` refused "1/2/2020"), and writes them unpadded, so :func:`java_datetime_pattern`
pads them again for output. Left out, so refused: ``%y`` (DuckDB reads "70" as 1970,
Spark as 2070), ``%z``/``%Z`` (offsets and zone names read differently), ``%a``/``%A``
(Spark refuses to parse a weekday)."""

PADDED = {"M": "MM", "d": "dd", "H": "HH", "h": "hh", "m": "mm", "s": "ss", "D": "DDD",
          "y": "yyyy"}
"""The padded letters of an output pattern (``strftime``'s ``%m`` is "01")."""


def java_datetime_pattern(strftime: str, output: bool = False) -> str:
    """A strftime format (``%Y-%m-%dT%H:%M:%S``) as the Java pattern Spark reads
    (``y-M-d'T'H:m:s``; for ``output``, where strftime pads, ``yyyy-MM-dd'T'HH:mm:ss``):
    codes mapped by :data:`STRFTIME_TO_JAVA`, ``%%`` a percent sign, every other letter
    quoted (sqlglot passes them bare, so the ``T`` of an ISO time was read as a pattern
    letter and refused), a quote doubled.

    Raises:
        ValueError: a code with no Java letter.
    """
    tokens: list[tuple[str | None, str]] = []  # (code, "") or (None, literal char)
    at = 0
    while at < len(strftime):
        if strftime[at] != "%":
            tokens.append((None, strftime[at]))
            at += 1
        elif strftime[at + 1:at + 2] == "%":
            tokens.append((None, "%"))
            at += 2
        else:
            name = strftime[at + 1:at + 3] if strftime[at + 1:at + 2] == "-" else \
                strftime[at + 1:at + 2]
            if name not in STRFTIME_TO_JAVA:
                raise ValueError(f"no Spark pattern for the strftime code %{name} in "
                                 f"{strftime!r}")
            tokens.append((name, ""))
            at += 1 + len(name)
    out: list[str] = []
    literal: list[str] = []

    def flush() -> None:
        if literal:
            text = "".join(literal).replace("'", "''")
            out.append(f"'{text}'" if any(c.isalpha() or c in "'[]{}#" for c in text)
                       else text)
            literal.clear()

    for position, (code, char) in enumerate(tokens):
        if code is None:
            literal.append(char)
            continue
        flush()
        letter = STRFTIME_TO_JAVA[code]
        # numbers with no separator between them are written fixed-width, or Spark's
        # reader would not know where one ends ("%Y%m%d": every digit needed, where
        # DuckDB also reads "2020012" as 2020-01-02)
        adjacent = any(0 <= n < len(tokens) and tokens[n][0] is not None
                       for n in (position - 1, position + 1))
        padded = (output and not code.startswith("-")) or adjacent
        out.append(PADDED.get(letter, letter) if padded else letter)
    flush()
    return "".join(out)


def _string_format(node: exp.Expression | None) -> str | None:
    return node.this if isinstance(node, exp.Literal) and node.is_string else None


def _strptime(node: exp.Expression) -> exp.Expression:
    """DuckDB's ``try_strptime(x, 'fmt')`` (NULL when ``x`` does not read) has no
    sqlglot form for Spark, which left it as it is, a function Spark does not have; it
    is ``try_to_timestamp(x, 'pattern')`` (:func:`java_datetime_pattern`), the text
    trimmed and its runs of white space made one space first, as DuckDB's reader skips
    them (" 01  Jan 1970" reads with "%d %b %Y"). A list of formats is refused rather
    than read with the first."""
    if not (isinstance(node, exp.Anonymous) and str(node.this).lower() == "try_strptime"):
        return node
    value, fmt = node.expressions
    pattern = _string_format(fmt)
    if pattern is None:
        raise ValueError(f"no Spark form for {node.sql('duckdb')!r}: one format as text "
                         "expected")
    spaced = exp.Anonymous(this="REGEXP_REPLACE", expressions=[
        exp.Trim(this=value), exp.Literal.string("\\s+"), exp.Literal.string(" ")])
    return exp.Anonymous(this="TRY_TO_TIMESTAMP", expressions=[
        spaced, exp.Literal.string(java_datetime_pattern(pattern))])


def _strftime(node: exp.Expression) -> exp.Expression:
    """``strftime(t, 'fmt')`` is sqlglot's ``DATE_FORMAT(t, ...)`` with the format's
    literal letters left bare (``yyyy-MM-ddTHH:mm:ss``, refused by Spark); written here
    with :func:`java_datetime_pattern` instead."""
    if not isinstance(node, exp.TimeToStr):
        return node
    pattern = _string_format(node.args.get("format"))
    if pattern is None:
        return node
    return exp.Anonymous(this="DATE_FORMAT", expressions=[
        node.this, exp.Literal.string(java_datetime_pattern(pattern, output=True))])


def _unix_seconds(node: exp.Expression) -> exp.Expression:
    """DuckDB's ``to_timestamp(seconds)`` keeps the fraction of a second; sqlglot's
    ``FROM_UNIXTIME`` drops it (it takes whole seconds and gives text). Spark's
    ``timestamp_seconds`` keeps it."""
    if isinstance(node, exp.UnixToTime) and not node.args.get("scale") \
            and not node.args.get("format"):
        return exp.Anonymous(this="TIMESTAMP_SECONDS", expressions=[node.this])
    return node


def _list_first(node: exp.Expression) -> exp.Expression:
    """DuckDB's ``list_first(xs)`` (NULL for an empty list) has no Spark function of
    that name; ``try_element_at(xs, 1)`` is NULL for an empty array too (where
    ``xs[0]`` fails under ANSI mode, Spark 4's default)."""
    if isinstance(node, exp.Anonymous) and str(node.this).lower() == "list_first":
        return exp.Anonymous(this="TRY_ELEMENT_AT",
                             expressions=[*node.expressions, exp.Literal.number(1)])
    return node


def _double_division(node: exp.Expression) -> exp.Expression:
    """DuckDB's ``/`` divides in floating point whatever its operands (``7 / 2`` is
    3.5, ``36 / 5184000.0`` a DOUBLE); Spark divides two decimals as a DECIMAL rounded
    to a scale its precision rules allow, and reads ``5184000.0`` as a decimal. So
    the novelty test's rate, ``hist / 5184000.0 * span``, was 0.82324592 on Spark for
    0.8232986111 on DuckDB, enough to move bursts across the alert's p-value bound at
    16M generated transfers (benchmarks/spark.py, session 44). The dividend becomes a
    DOUBLE (``DuckDB``'s ``//``, integer division, is another node, untouched)."""
    if isinstance(node, exp.Div):
        this = node.this
        if not (isinstance(this, exp.Cast) and this.to.this == exp.DataType.Type.DOUBLE):
            node.set("this", exp.cast(this, exp.DataType.Type.DOUBLE))
    return node


def _compensated_sum(node: exp.Expression) -> exp.Expression:
    """DuckDB's ``fsum`` (a compensated sum of floats, whose result hangs far less on
    the order its threads add in: the resolution's expected matches over millions of
    pairs) has no Spark function; Spark's ``sum`` adds plainly, so the two agree to
    rounding (the differential tests compare floats to 1e-9)."""
    if isinstance(node, exp.Anonymous) and str(node.this).lower() == "fsum":
        return exp.Sum(this=node.expressions[0])
    return node


RULES: tuple[Callable[[exp.Expression], exp.Expression], ...] = (
    _hugeint, _strlen, _in_list_parameter, _ordered_list, _strptime, _strftime,
    _unix_seconds, _list_first, _double_division, _compensated_sum)
"""The rewrites applied, in order, to every node of the parsed statement."""


def to_spark(sql: str) -> str:
    """``sql`` (DuckDB dialect, one statement, ``$name`` parameters) as Spark SQL
    (``:name`` parameters, which ``SparkSession.sql(text, args=...)`` binds).

    Raises:
        sqlglot.errors.ParseError: the text is not DuckDB SQL.
        ValueError: the text holds more than one statement.
    """
    trees = [t for t in sqlglot.parse(sql, read="duckdb") if t is not None]
    if len(trees) != 1:
        raise ValueError(f"one SQL statement expected, got {len(trees)}")
    tree = trees[0]
    for rule in RULES:
        tree = tree.transform(rule)
    return tree.sql(dialect="spark")
