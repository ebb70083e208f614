"""The one place where text is quoted into SQL.

Values (file paths, case folders, labels from the data) go to DuckDB as bound
parameters wherever the statement allows one: ``read_csv($path)``, ``COPY ... TO
$target``, ``SET temp_directory = $dir``, ``WHERE x = $value``. A parameter is never
parsed as SQL, so a case folder called ``/cases/o'brien 2024`` is just a string.

Some SQL cannot take a parameter: a column name read from a file's header, a
``DEFAULT`` in ``ALTER TABLE``, a constant inside a view's text or a ``VALUES`` list
built for a generated query. Those are quoted here and nowhere else, by the SQL
standard's rules that DuckDB and Spark SQL share for these two forms (Datasette keeps
the same discipline in one module: ``escape_sqlite``, ``escape_css_string``):

- a string literal is wrapped in single quotes with every single quote doubled;
- an identifier is wrapped in double quotes with every double quote doubled.

>>> literal("o'brien")
"'o''brien'"
>>> identifier('the "order" column')
'"the ""order"" column"'
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike

__all__ = ["identifier", "literal", "literal_list"]


def literal(value: str | PathLike[str]) -> str:
    """``value`` as an SQL string literal (single quotes, inner ones doubled).

    Use it only where DuckDB refuses a bound parameter; a path or a value from the data
    should otherwise be passed as a parameter.

    Raises:
        ValueError: the text holds a NUL character, which no SQL string can carry (a
            truncated path would silently name another file).
    """
    text = str(value.__fspath__() if isinstance(value, PathLike) else value)
    if "\x00" in text:
        raise ValueError(f"a NUL character cannot be written into SQL: {text!r}")
    return "'" + text.replace("'", "''") + "'"


def identifier(name: str) -> str:
    """``name`` as a quoted SQL identifier (double quotes, inner ones doubled), for
    column names that come from files (``Name "as written"``, ``Montant (€)``) and may
    clash with keywords (``order``, ``group``).

    Raises:
        ValueError: the name holds a NUL character.
    """
    if "\x00" in name:
        raise ValueError(f"not a usable SQL identifier: {name!r}")
    return '"' + name.replace('"', '""') + '"'


def literal_list(values: list[str] | tuple[str, ...]) -> str:
    """``values`` as a parenthesised list of literals, ``('a', 'b')``, for an ``IN`` in
    the text of a view or a generated query. An empty list gives ``(NULL)``, which
    matches nothing (``IN ()`` is a syntax error)."""
    return "(" + (", ".join(literal(v) for v in values) or "NULL") + ")"


def glob_literal(path: str | PathLike[str]) -> str:
    """``path`` as DuckDB's file readers take one file: they read every name as a glob,
    so a case folder named ``ops*`` also read ``ops*-copy``'s files; ``[``, ``*`` and
    ``?`` are escaped as one-character classes (``[[]``, ``[*]``, ``[?]``), which match
    themselves only. DuckDB's ``filename`` column still gives the path as it is."""
    text = str(path.__fspath__() if isinstance(path, PathLike) else path)
    return text.replace("[", "[[]").replace("*", "[*]").replace("?", "[?]")


def file_list(paths: Sequence[str | PathLike[str]]) -> str:
    """``paths`` as a list literal of files for ``read_parquet([...])`` in the text of a
    view: each escaped as :func:`glob_literal` and quoted as :func:`literal`."""
    return "[" + ", ".join(literal(glob_literal(p)) for p in paths) + "]"
