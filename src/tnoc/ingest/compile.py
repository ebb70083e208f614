"""Compile a mapping to SQL over the reader's ``src`` table.

Each (entity, property) pair becomes one ``SELECT`` over all rows at once; their
``UNION ALL`` is the ``pending`` table of raw statements (entity id, schema, property,
original text, cleaned value or flag, row, locator). Nothing loops over rows in Python.
Two shapes make big files cheaper without changing a single statement: a block whose
entities repeat across rows reads ``src`` grouped to its distinct values first
(:func:`_grouped_source`), and a block with one entity per row is written row by row
in one pass (:func:`_direct_block`).
Entity ids are deterministic: a readable template (``ofac-sdn-{ent_num}``) or
``prefix-sha1(keys)`` as FtM's ``make_id`` does, so re-ingesting gives the same ids.
A template's id is a slug (:func:`tnoc.ingest.clean.slug_sql`): never a leading dash,
never two dashes in a row, so ``cdr-line-{number}`` of "+49..." is ``cdr-line-49...``.
A block with ``id_slug: exact`` (names as keys: ``agora-vendor-{vendor}``) keeps values
the slug would join apart by a digest (:func:`tnoc.ingest.clean.exact_slug_sql`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from followthemoney.property import Property
from followthemoney.schema import Schema
from followthemoney.statement.util import BASE_ID

from tnoc.errors import MappingError
from tnoc.ingest.clean import CRYPTO, id_slug_sql, lit, needs_python, slug_sql, sql_clean
from tnoc.ingest.mapping import EntitySpec, Filter, Mapping, PropertySpec, template_fields
from tnoc.model import get_property, get_schema
from tnoc.store.sql import identifier as col

KEY_SEPARATOR = "chr(31)"
WHITESPACE = "chr(32) || chr(9) || chr(10) || chr(13)"


def txt(name: str) -> str:
    """A column as text (pseudo-columns such as ``_row`` are numbers)."""
    return f"CAST({col(name)} AS VARCHAR)"


OPTIONAL_PART = re.compile(r"\[([^\[\]]*\{[^{}]+\}[^\[\]]*)\]")
"""An optional part of a template: ``[; min={Minimum_USD}]``, left out when one of its
columns is empty instead of emptying the whole value."""


def template_sql(template: str) -> str:
    """SQL concatenating literal text and ``{column}`` values: NULL if a column outside
    an optional ``[...]`` part is empty; an optional part whose column is empty is left
    out (``level={LevelOfSale}[; min={Minimum_USD}]``: the level even without a min)."""
    pieces: list[str] = []
    at = 0
    for found in OPTIONAL_PART.finditer(template):
        if found.start() > at:
            pieces.append(_required_sql(template[at:found.start()]))
        pieces.append(f"coalesce({_required_sql(found.group(1))}, '')")
        at = found.end()
    if not pieces:
        return _required_sql(template)
    if at < len(template):
        pieces.append(_required_sql(template[at:]))
    return "(" + " || ".join(pieces) + ")"


def _required_sql(template: str) -> str:
    """A template part with no optional part: NULL if any of its columns is empty."""
    parts: list[str] = []
    rest = template
    for name in template_fields(template):
        before, rest = rest.split("{" + name + "}", 1)
        if before:
            parts.append(lit(before))
        parts.append(f"nullif(trim({txt(name)}), '')")
    if rest:
        parts.append(lit(rest))
    return "(" + " || ".join(parts) + ")" if parts else lit(template)


def id_sql(entity: EntitySpec, dataset: str) -> str:
    """Deterministic entity id SQL for one row."""
    if entity.id is not None:
        return id_slug_sql(template_sql(entity.id), entity.id_slug)
    keys = entity.keys or []
    prefix = entity.key_prefix or f"{dataset}-{entity.name}"
    joined = f"concat_ws({KEY_SEPARATOR}, {', '.join(f'trim({txt(k)})' for k in keys)})"
    any_key = " OR ".join(f"nullif(trim({txt(k)}), '') IS NOT NULL" for k in keys)
    return f"CASE WHEN {any_key} THEN {lit(prefix + '-')} || sha1({joined}) END"


def filter_sql(f: Filter) -> str:
    """One declarative filter as a SQL condition."""
    conds: list[str] = []
    c = txt(f.column) if f.column else None
    for name, value in (("equals", f.equals), ("not_equals", f.not_equals)):
        if value is not None:
            if c is None:
                raise MappingError(f"filter '{name}' needs 'column'")
            op = "=" if name == "equals" else "IS DISTINCT FROM"
            conds.append(f"trim({c}) {op} {lit(value)}")
    for name, values in (("in", f.one_of), ("not_in", f.not_in)):
        if values is not None:
            if c is None:
                raise MappingError(f"filter '{name}' needs 'column'")
            inner = ", ".join(lit(v) for v in values)
            neg = "NOT " if name == "not_in" else ""
            conds.append(f"coalesce(trim({c}) {neg}IN ({inner}), {'true' if neg else 'false'})")
    if f.matches is not None:
        if c is None:
            raise MappingError("filter 'matches' needs 'column'")
        conds.append(f"coalesce(regexp_matches({c}, {lit(f.matches)}), false)")
    if f.not_empty:
        conds.append(f"nullif(trim({txt(f.not_empty)}), '') IS NOT NULL")
    if f.empty:
        conds.append(f"nullif(trim({txt(f.empty)}), '') IS NULL")
    return " AND ".join(conds) or "true"


@dataclass
class Compiled:
    """SQL for the ``pending`` table plus what the cleaning pass needs."""

    sql: str
    python_props: int
    direct_sql: str | None = None


def _raw_value(spec: PropertySpec, ids: dict[str, str], mapping: str) -> tuple[str, bool]:
    """SQL for the property's raw text and whether it yields a list (many values)."""
    if spec.column is not None:
        expr = txt(spec.column)
    elif spec.columns is not None and spec.first:
        firsts = (f"nullif(trim({txt(c)}, {WHITESPACE}), '')" for c in spec.columns)
        expr = f"coalesce({', '.join(firsts)})"
    elif spec.columns is not None:
        expr = f"concat_ws({lit(spec.join)}, {', '.join(col(c) for c in spec.columns)})"
    elif spec.template is not None:
        expr = template_sql(spec.template)
    elif spec.entity is not None:
        if spec.entity not in ids:
            raise MappingError(f"property refers to unknown entity {spec.entity!r}", mapping)
        expr = ids[spec.entity]
    elif isinstance(spec.literal, list):
        return "[" + ", ".join(lit(v) for v in spec.literal) + "]", True
    else:
        expr = lit(str(spec.literal))
    if spec.split is not None:
        return f"string_split({expr}, {lit(spec.split)})", True
    if spec.extract is not None:
        return f"regexp_extract_all({expr}, {lit(spec.extract)}, 1)", True
    return expr, False


def trim_sql(x: str) -> str:
    """Trim spaces, and tabs and line breaks only where there are any (3x cheaper)."""
    return (f"CASE WHEN contains({x}, chr(10)) OR contains({x}, chr(13)) OR "
            f"contains({x}, chr(9)) THEN trim({x}, {WHITESPACE}) ELSE trim({x}) END")


def _transformed(x: str, spec: PropertySpec) -> str:
    generated = spec.entity is not None or spec.template is not None or spec.literal is not None
    if not generated:  # ids, templates and literals are built trimmed already
        x = trim_sql(x)
    if spec.strip_prefix:
        x = f"trim(regexp_replace({x}, {lit('^(?:' + spec.strip_prefix + ')')}, ''), {WHITESPACE})"
    if spec.map:
        cases = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in spec.map.items())
        x = f"(CASE {x} {cases} ELSE {x} END)"
    if spec.lower:
        x = f"lower({x})"
    if spec.upper:
        x = f"upper({x})"
    return x


# property types each transform may write (a duration is a number of seconds)
TRANSFORM_TYPES = {"duration": ("number", "string"), "phone": ("phone", "string", "identifier"),
                   "ships_from": ("country",), "ships_to": ("country",)}
# transforms cleaned in Python under their own name (clean.clean_values)
PYTHON_TRANSFORMS = ("phone", "ships_from", "ships_to")


def clean_type(spec: PropertySpec, schema: Schema, prop: Property, mapping: Mapping) -> str:
    """The cleaning a property's values get: its transform, else the crypto check, else
    the property's FtM type. A transform the property's type cannot hold (a phone into
    a date) is a :class:`MappingError` naming the schema and property."""
    if spec.id_slug != "separators" and prop.type.name != "entity":
        raise MappingError(f"id_slug is for entity references; {schema.name}.{prop.name} "
                           f"is of type {prop.type.name}", mapping.path)
    if spec.transform is not None:
        allowed = TRANSFORM_TYPES[spec.transform]
        if prop.type.name not in allowed:
            raise MappingError(
                f"transform {spec.transform!r} writes {' or '.join(allowed)} properties; "
                f"{schema.name}.{prop.name} is of type {prop.type.name}", mapping.path)
        return spec.transform if spec.transform in PYTHON_TRANSFORMS else prop.type.name
    if spec.crypto_currency or spec.crypto_currency_column:
        return CRYPTO
    return prop.type.name


def _hint_sql(spec: PropertySpec, prop: Property, region: str | None = None) -> str:
    """What the cleaner needs besides the value: the crypto currency, a phone's country
    (the property's ``country_hint``, else the mapping's or the ingest's ``region``) or
    the property's identifier format."""
    if spec.crypto_currency:
        return lit(spec.crypto_currency)
    if spec.crypto_currency_column:
        return f"trim({col(spec.crypto_currency_column)})"
    if spec.paired_column:  # a vendor page's other place field ("" when it is empty)
        return f"coalesce(trim({txt(spec.paired_column)}, {WHITESPACE}), '')"
    phone = prop.type.name == "phone" or spec.transform == "phone"
    if phone and not spec.country_hint and region:
        return lit(region)
    if spec.transform == "phone":
        return lit(spec.country_hint) if spec.country_hint else "NULL::VARCHAR"
    if spec.country_hint or prop.format:
        return lit(spec.country_hint or prop.format or "")
    return "NULL::VARCHAR"


def _property_select(
    entity: EntitySpec, prop_name: str, spec: PropertySpec, ids: dict[str, str],
    where: str, source: str, mapping: Mapping,
) -> tuple[str, bool, bool]:
    schema = get_schema(entity.schema_, mapping.path)
    prop = get_property(schema, prop_name, mapping.path)
    if prop.stub:
        raise MappingError(f"{schema.name}.{prop_name} is a reverse property; set it on the "
                           "other entity", mapping.path)
    raw, many = _raw_value(spec, ids, mapping.path or mapping.mapping)
    python = needs_python(prop.type.name, spec, prop.format)
    prop_type = clean_type(spec, schema, prop, mapping)
    hint = _hint_sql(spec, prop, mapping.region)
    inner = (f"SELECT {ids[entity.name]} AS entity_id, {'unnest(' + raw + ')' if many else raw}"
             f" AS raw, {hint} AS hint, _row, _locator FROM {source} WHERE {where}")
    original = _transformed("raw", spec)
    if python:
        value, flag = "NULL::VARCHAR", "NULL::VARCHAR"
    else:
        value, flag = sql_clean(prop.type.name, "original", spec)
    sql = (
        f"SELECT entity_id, {lit(schema.name)} AS schema, {lit(prop.name)} AS prop, "
        f"{lit(prop.type.name)} AS prop_type, {lit(prop_type)} AS clean_type, original, "
        f"{value} AS value, {flag} AS flag, {str(python).lower()} AS needs_python, hint, "
        f"_row, {len(schema.schemata)} AS depth, _locator "
        f"FROM (SELECT *, {original} AS original FROM ({inner})) "
        "WHERE entity_id IS NOT NULL AND original IS NOT NULL AND original <> ''"
    )
    return sql, python, many


def _each_source(entity: EntitySpec) -> str:
    """The row source of an entity: ``src``, or one row per match for ``each`` (the
    matches in ``_match_1`` ...; ``_m`` the whole match or the split part as written).
    A regular expression's groups are one ``regexp_extract`` each, a split part is
    trimmed after the ``unnest``: so written, the same text runs on Spark, where a
    generator cannot sit inside another function."""
    each = entity.each
    if each is None:
        return "src"
    if each.extract:
        groups = ", ".join(f"regexp_extract(_m, {lit(each.extract)}, {i + 1}) AS _match_{i + 1}"
                           for i in range(each.groups))
        return (f"(SELECT *, {groups} FROM "
                f"(SELECT *, unnest(regexp_extract_all({col(each.column)}, "
                f"{lit(each.extract)})) AS _m FROM src))")
    return (f"(SELECT *, trim(_m) AS _match_1 FROM (SELECT *, unnest(string_split("
            f"{col(each.column)}, {lit(each.split or ',')})) AS _m FROM src))")


def derive_sql(mapping: Mapping) -> str | None:
    """``SELECT *, <expr> AS name ...`` adding the mapping's derived columns to ``src``,
    one after the other, so that a derived column may read those above it.

    Each raw expression is computed once into a scratch column and transformed from there
    (the transforms refer to their input several times).
    """
    if not mapping.derive:
        return None
    sql = "src"
    for name, spec in mapping.derive.items():
        raw, many = _raw_value(spec, {}, mapping.path or mapping.mapping)
        scratch = col("__derive")
        sql = (f"(SELECT * EXCLUDE (__derive), {_transformed(scratch, spec)} AS {col(name)} FROM "
               f"(SELECT *, {f'list_first({raw})' if many else raw} AS {scratch} FROM {sql}))")
    return sql[1:-1]


def id_signature(entity: EntitySpec, dataset: str) -> str:
    """The constant start of an entity's ids: blocks whose signatures overlap may
    produce the same id and must be de-duplicated together."""
    if entity.id is not None:
        return entity.id.split("{", 1)[0]
    return (entity.key_prefix or f"{dataset}-{entity.name}") + "-"


def _shares_ids(entity: EntitySpec, mapping: Mapping) -> bool:
    mine = id_signature(entity, mapping.dataset)
    for other in mapping.entities:
        if other is entity:
            continue
        theirs = id_signature(other, mapping.dataset)
        if mine.startswith(theirs) or theirs.startswith(mine):
            return True
    return False


def _ids(mapping: Mapping) -> dict[str, str]:
    """Per entity block: the SQL of its id, a column of the prelude unless it depends on
    an ``each`` match."""
    return {e.name: id_sql(e, mapping.dataset) if e.each else col(f"_id_{e.name}")
            for e in mapping.entities}


def _where(mapping: Mapping, entity: EntitySpec) -> str:
    filters = mapping.row_filters() + entity.filters()
    return " AND ".join(filter_sql(f) for f in filters) or "true"


def id_prelude(mapping: Mapping) -> str | None:
    """``SELECT *, <id> AS _id_<name> ... FROM src``: every entity id computed once per row
    instead of once per property (ids that depend on an ``each`` match stay inline)."""
    if mapping.statements is not None:
        return None
    computed = [f"{id_sql(e, mapping.dataset)} AS {col('_id_' + e.name)}"
                for e in mapping.entities if not e.each]
    return f"SELECT *, {', '.join(computed)} FROM src" if computed else None


def digested_ids_sql(mapping: Mapping) -> str | None:
    """``SELECT entity_id ...`` from ``src`` (its columns, derived ones included): the
    ids the mapping's ``id_slug: exact`` templates made with a digest, because the slug changed
    their text ("lsdaisy!"); None when it has no such template. Only these ids end in a
    digest: a name that ends in a dash and ten hex digits itself ("shop-2014030101")
    keeps its id as it is, and is not one of them (:mod:`tnoc.ingest.id_rules` asks
    which ids an older rule made without the digest)."""
    if mapping.statements is not None:
        return None
    selects = []
    for entity in mapping.entities:
        if entity.id is None or entity.id_slug != "exact":
            continue
        text = template_sql(entity.id)
        selects.append(f"SELECT DISTINCT {id_sql(entity, mapping.dataset)} AS entity_id "
                       f"FROM {_each_source(entity)} WHERE {slug_sql(text)} <> {text}")
    return " UNION ".join(selects) or None


def unique_id_checks(mapping: Mapping) -> dict[str, str]:
    """Per entity block that shares no id space with another: SQL that is true when the
    block's ids are unique per row (run after :func:`id_prelude`)."""
    if mapping.statements is not None:
        return {}
    ids = _ids(mapping)
    return {e.name: (f"SELECT count({ids[e.name]}) = count(DISTINCT {ids[e.name]}) "
                     f"FROM src WHERE {_where(mapping, e)}")
            for e in mapping.entities if not e.each and not _shares_ids(e, mapping)}


def compile_mapping(mapping: Mapping, direct_blocks: frozenset[str] = frozenset()) -> Compiled:
    """SQL selecting every raw statement the mapping makes from ``src`` (after
    :func:`id_prelude`).

    Single-valued statements of the entity blocks in ``direct_blocks`` (blocks whose ids
    the caller found unique per row with :func:`unique_id_checks`, and that share no id
    space with another block) cannot repeat: they go to ``direct_sql`` and skip the
    de-duplication, the costliest step of a big ingest (a hash aggregate over every
    statement).
    """
    if mapping.statements is not None:
        return _compile_statements(mapping)
    ids = _ids(mapping)
    selects: list[str] = []
    direct: list[str] = []
    python_props = 0
    for entity in mapping.entities:
        schema = get_schema(entity.schema_, mapping.path)
        if schema.abstract:
            raise MappingError(f"schema {schema.name} is abstract; use a concrete one",
                               mapping.path)
        where = _where(mapping, entity)
        source = _each_source(entity)
        if entity.name in direct_blocks and entity.each is None:
            block, rest = _direct_block(entity, ids, where, mapping)
            direct.append(block)
            for sql, python in rest:
                selects.append(sql)
                python_props += python
            continue
        grouped = _grouped_source(entity, mapping, where)
        if grouped is not None:
            source, where = grouped, "true"
        selects.append(
            f"SELECT {ids[entity.name]} AS entity_id, {lit(schema.name)} AS schema, "
            f"'{BASE_ID}' AS prop, 'id' AS prop_type, 'id' AS clean_type, "
            f"{ids[entity.name]} AS original, {ids[entity.name]} AS value, NULL::VARCHAR AS flag, "
            f"false AS needs_python, NULL::VARCHAR AS hint, _row, {len(schema.schemata)} AS depth, "
            "_locator "
            f"FROM {source} WHERE ({where}) AND {ids[entity.name]} IS NOT NULL"
        )
        for prop_name, spec in entity.property_specs().items():
            sql, python, many = _property_select(entity, prop_name, spec, ids, where, source,
                                                 mapping)
            selects.append(sql)
            python_props += python
    return Compiled("\nUNION ALL\n".join(selects) or EMPTY_PENDING, python_props,
                    "\nUNION ALL\n".join(direct) or None)


def _block_columns(entity: EntitySpec, mapping: Mapping) -> set[str] | None:
    """The ``src`` columns one entity block reads (after the id prelude), or None when
    it reads a per-row pseudo-column or an ``each`` entity's inline id."""
    each_blocks = {e.name for e in mapping.entities if e.each}
    cols = {f"_id_{entity.name}"}
    for spec in entity.property_specs().values():
        if spec.entity is not None:
            if spec.entity in each_blocks:
                return None
            cols.add(f"_id_{spec.entity}")
        cols.update(spec.columns_read())
    return None if cols & {"_row", "_locator"} else cols


def _grouped_source(entity: EntitySpec, mapping: Mapping, where: str) -> str | None:
    """For a block whose entities repeat across rows (the accounts of a transaction
    file): ``src`` reduced to one row per distinct combination of the columns the block
    reads, with its first row number. The de-duplication that follows then works on
    one row per distinct account instead of one per transfer, and keeps the same first
    row (the minimum of minima), so the statements and their locators are unchanged.
    """
    if entity.each is not None:
        return None
    cols = _block_columns(entity, mapping)
    if cols is None:
        return None
    listed = ", ".join(col(c) for c in sorted(cols))
    return (f"(SELECT {listed}, min(_row) AS _row, arg_min(_locator, _row) AS _locator "
            f"FROM src WHERE {where} GROUP BY {listed})")


def _direct_block(
    entity: EntitySpec, ids: dict[str, str], where: str, mapping: Mapping,
) -> tuple[str, list[tuple[str, bool]]]:
    """All single-valued, SQL-cleaned statements of one direct block in one pass over
    ``src``, row by row (``unnest`` of one list per row), and the block's other
    properties as ordinary per-property selects.

    Why row by row: written in this order, a row's statements sit together, so the
    entity id and locator columns come in runs; DuckDB compresses such runs cheaper and
    smaller than the same rows property by property (measured on the 9M statements of
    ``benchmarks/ingest.py``: about 1 s less to write, and the store file at 1M rows
    103 MB instead of 155 MB). Each statement
    also keeps its own record's ``_locator``, so no join back to the locators is needed.
    """
    schema = get_schema(entity.schema_, mapping.path)
    entity_id = ids[entity.name]
    raws = [f"{entity_id} AS entity_id", "_row", "_locator"]
    originals = ["entity_id", "_row", "_locator"]
    structs = [f"{{'prop': '{BASE_ID}', 'prop_type': 'id', 'original': entity_id, "
               "'value': entity_id, 'flag': NULL::VARCHAR, 'hint': NULL::VARCHAR}"]
    rest: list[tuple[str, bool]] = []
    for number, (prop_name, spec) in enumerate(entity.property_specs().items()):
        prop = get_property(schema, prop_name, mapping.path)
        clean_type(spec, schema, prop, mapping)  # a transform the property cannot take fails here
        raw, many = _raw_value(spec, ids, mapping.path or mapping.mapping)
        if many or needs_python(prop.type.name, spec, prop.format) or prop.stub:
            sql, python, _many = _property_select(entity, prop_name, spec, ids, where, "src",
                                                  mapping)
            rest.append((sql, python))
            continue
        raw_col, orig_col = col(f"__raw_{number}"), col(f"__orig_{number}")
        raws.append(f"{raw} AS {raw_col}")
        originals.append(f"{_transformed(raw_col, spec)} AS {orig_col}")
        value, flag = sql_clean(prop.type.name, orig_col, spec)
        hint = _hint_sql(spec, prop, mapping.region)
        structs.append(f"{{'prop': {lit(prop.name)}, 'prop_type': {lit(prop.type.name)}, "
                       f"'original': {orig_col}, 'value': {value}, 'flag': {flag}, "
                       f"'hint': {hint}}}")
    block = (
        f"SELECT entity_id, {lit(schema.name)} AS schema, p.prop, p.prop_type, "
        "p.prop_type AS clean_type, p.original, p.value, p.flag, false AS needs_python, "
        f"p.hint, _row, {len(schema.schemata)} AS depth, _locator FROM ("
        f"SELECT entity_id, _row, _locator, unnest([{', '.join(structs)}]) AS p FROM ("
        f"SELECT {', '.join(originals)} FROM (SELECT {', '.join(raws)} FROM src "
        f"WHERE {where})) WHERE entity_id IS NOT NULL) "
        "WHERE p.original IS NOT NULL AND p.original <> ''"
    )
    return block, rest


EMPTY_PENDING = (
    "SELECT NULL::VARCHAR AS entity_id, NULL::VARCHAR AS schema, NULL::VARCHAR AS prop, "
    "NULL::VARCHAR AS prop_type, NULL::VARCHAR AS clean_type, NULL::VARCHAR AS original, "
    "NULL::VARCHAR AS value, NULL::VARCHAR AS flag, false AS needs_python, "
    "NULL::VARCHAR AS hint, 0::BIGINT AS _row, 0 AS depth, NULL::VARCHAR AS _locator WHERE false"
)


def _compile_statements(mapping: Mapping) -> Compiled:
    """Rows that already are statements (FtM entities): type looked up per schema.prop."""
    s = mapping.statements
    assert s is not None
    base = (f"SELECT trim(src.{col(s.entity_id)}) AS entity_id, "
            f"trim(src.{col(s.schema_)}) AS schema, trim(src.{col(s.prop)}) AS prop, "
            f"t.prop_type, t.prop_type AS clean_type, trim(src.{col(s.value)}) AS original, "
            "_row, _locator, t.depth FROM src LEFT JOIN prop_types t "
            f"ON t.schema = trim(src.{col(s.schema_)}) AND t.prop = trim(src.{col(s.prop)})")
    props = (
        "SELECT entity_id, schema, prop, coalesce(prop_type, 'unknown') AS prop_type, "
        "coalesce(clean_type, 'unknown') AS clean_type, original, NULL::VARCHAR AS value, "
        "NULL::VARCHAR AS flag, true AS needs_python, NULL::VARCHAR AS hint, _row, "
        "coalesce(depth, 0) AS depth, _locator "
        "FROM (" + base + ") "
        "WHERE original IS NOT NULL AND original <> ''"
    )
    ids = (
        "SELECT entity_id, schema, 'id', 'id', 'id', entity_id, entity_id, NULL, false, NULL, "
        f"min(_row), coalesce(any_value(depth), 0), arg_min(_locator, _row) FROM ({base}) "
        "GROUP BY entity_id, schema"
    )
    return Compiled(f"{props}\nUNION ALL\n{ids}", 1)
