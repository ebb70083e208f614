"""Declarative mapping files: how the columns of a source become FtM statements.

A mapping is YAML (see ``docs/mappings.md``)::

    mapping: caviar
    dataset: caviar
    reader: {format: matrix}
    entities:
      - name: person
        schema: Person
        id: "caviar-{row_node}"          # readable id template, or
        # keys: [row_node]               # hashed key columns
        filter: {not_empty: row_node}
        properties:
          name: {column: row_node}

Mappings are data, validated here with pydantic before any row is read, so that a
mapping naming an unknown schema, property or option fails at once with its name.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from tnoc.errors import MappingError, TnocError

MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "mappings"
Transform = Literal["duration", "phone", "ships_from", "ships_to"]
IdSlug = Literal["separators", "exact"]
"""How an id template is made a slug (the mapping's ``id_slug``): ``separators`` (the
default) takes every run of symbols and spaces as one separator, so values that differ
only there are one id (``+49 170 1234567`` and ``+49-170-1234567`` both
``tel-49-170-1234567``); ``exact`` is for name-like keys (a vendor's name), whose symbols
tell accounts apart: see :func:`tnoc.ingest.clean.exact_slug_sql`."""

ReaderFormat = Literal[
    "csv", "json", "jsonl", "yaml", "xlsx", "matrix", "two_mode", "lines", "aml_patterns", "ftm",
    "stix", "misp", "gexf", "graphml", "case_uco",
]


class Strict(BaseModel):
    """Unknown keys are errors: a typo in a mapping must not pass silently."""

    model_config = ConfigDict(extra="forbid")


class ReaderSpec(Strict):
    """How to read the file into a table of text columns."""

    format: ReaderFormat = "csv"
    header: bool = True
    columns: list[str] | None = Field(
        default=None, description="column names (required when header is false)"
    )
    delimiter: str | None = None
    comment: str | None = None
    null_values: list[str] = Field(default_factory=list)
    encoding: str | None = None
    sheet: str | None = None
    record_path: str | None = Field(
        default=None, description="key of the list of records in a JSON/YAML document"
    )
    inherit: list[str] = Field(
        default_factory=list, description="document-level keys copied into each record"
    )


class Filter(Strict):
    """A row condition; all given conditions must hold."""

    column: str | None = None
    equals: str | None = None
    not_equals: str | None = None
    one_of: list[str] | None = Field(default=None, alias="in")
    not_in: list[str] | None = None
    matches: str | None = None
    not_empty: str | None = None
    empty: str | None = None


class PropertySpec(Strict):
    """Where one property's values come from and how they are transformed.

    Exactly one source: ``column``, ``columns`` (joined, or the first non-empty one
    with ``first``), ``literal``, ``entity`` (the id of another entity of the same
    row) or ``template`` ("{first} {last}").
    Transforms apply in this order: split/extract (many values), strip_prefix, map,
    lower/upper, then type cleaning (date_format, country hints, crypto checks), or
    the named ``transform`` instead of the property type's own cleaning:
    ``duration`` reads seconds, HH:MM:SS, MM:SS and ISO 8601 (PT3M12S) as seconds;
    ``phone`` reads a phone number to E.164 in the mapping's (or ``tnoc ingest
    --region``) country, as phone properties always are; ``ships_from`` and
    ``ships_to`` read a market listing's free-text place with the one place parser
    (:func:`tnoc.ingest.ships.ship_countries`) into the countries it names, one
    statement each, and flag a value that names none (a region, a class such as
    worldwide, an unparsed text), keeping its text; with ``paired_column`` (vendor
    pages) a place split across the two fields is read whole.
    """

    column: str | None = None
    columns: list[str] | None = None
    join: str = " "
    first: bool = Field(default=False, description="with columns: the first non-empty one")
    literal: str | list[str] | None = None
    entity: str | None = None
    template: str | None = None
    split: str | None = None
    extract: str | None = Field(default=None, description="regex; group 1 of every match")
    strip_prefix: str | None = Field(default=None, description="regex removed from the start")
    map: dict[str, str] | None = None
    lower: bool = False
    upper: bool = False
    date_format: str | list[str] | None = None
    decimal_comma: bool = False
    positive: bool = Field(default=False, description="a number above zero (a price): "
                                                    "zero or less is kept and flagged")
    country_hint: str | None = Field(default=None, description="ISO country for phones")
    crypto_currency: str | None = Field(
        default=None, description="validate as an address of this currency (XBT, ETH, ...)"
    )
    crypto_currency_column: str | None = None
    transform: Transform | None = Field(
        default=None, description="duration (to seconds), phone (to E.164), ships_from or "
                                  "ships_to (a market listing's place to countries)")
    paired_column: str | None = Field(
        default=None, description="ships_from/ships_to: the other place column of a vendor "
                                  "page, whose places may be split across the two")
    id_slug: IdSlug = Field(
        default="separators", description="an entity reference written as an id: made a "
        "slug as its entity's id_slug (exact: a value the slug changes gets a digest)")

    @model_validator(mode="after")
    def one_source(self) -> PropertySpec:
        sources = [
            self.column, self.columns, self.literal, self.entity, self.template
        ]
        if sum(s is not None for s in sources) != 1:
            raise ValueError("give exactly one of column, columns, literal, entity, template")
        if self.split and self.extract:
            raise ValueError("give split or extract, not both")
        if self.first and self.columns is None:
            raise ValueError("'first' picks one of 'columns'; give columns")
        if self.paired_column and self.transform not in ("ships_from", "ships_to"):
            raise ValueError("'paired_column' goes with transform ships_from or ships_to")
        if self.id_slug == "exact" and self.template is not None:
            exact_template_check(self.template, "template")
        return self

    def columns_read(self) -> set[str]:
        """The source columns this property reads (template fields included)."""
        cols = {c for c in (self.column, self.crypto_currency_column, self.paired_column)
                if c}
        cols.update(self.columns or [])
        if self.template:
            cols.update(template_fields(self.template))
        return cols


class EachSpec(Strict):
    """Make one entity per value found in a column (per regex match or split part).

    The match is exposed as columns ``_match_1`` .. ``_match_N`` (regex groups) or
    ``_match_1`` (split part) to the entity's id template and properties.
    """

    column: str
    extract: str | None = None
    groups: int = 1
    split: str | None = None

    @model_validator(mode="after")
    def one_way(self) -> EachSpec:
        if (self.extract is None) == (self.split is None):
            raise ValueError("each: give exactly one of extract or split")
        return self


class EntitySpec(Strict):
    """One entity made from each (filtered) row."""

    name: str
    schema_: str = Field(alias="schema")
    id: str | None = Field(default=None, description="id template, e.g. 'ofac-{ent_num}'")
    id_slug: IdSlug = Field(
        default="separators", description="how the id template is made a slug: separators "
        "(symbols and spaces are one separator: phone numbers) or exact (a name-like key: "
        "a value the slug changes gets a digest of the exact text, 'lsdaisy!' is not "
        "'lsdaisy')")
    keys: list[str] | None = None
    key_prefix: str | None = None
    each: EachSpec | None = None
    filter: Filter | list[Filter] | None = None
    properties: dict[str, PropertySpec | str] = Field(default_factory=dict)
    compartment: Literal["reporter"] | None = Field(
        default=None, description="every value of this entity is in the compartment "
        "(reporter: a citizen reporter's identity), withheld unless released "
        "(tnoc.govern.compartments)")

    @model_validator(mode="after")
    def one_id(self) -> EntitySpec:
        if (self.id is None) == (self.keys is None):
            raise ValueError(f"entity {self.name!r}: give exactly one of id or keys")
        if self.id_slug != "separators" and self.id is None:
            raise ValueError(f"entity {self.name!r}: id_slug is for an id template (id)")
        if self.id_slug == "exact" and self.id is not None:
            exact_template_check(self.id, f"entity {self.name!r}")
        return self

    def property_specs(self) -> dict[str, PropertySpec]:
        """Properties with the short form ``prop: column`` expanded."""
        return {
            k: PropertySpec(column=v) if isinstance(v, str) else v
            for k, v in self.properties.items()
        }

    def filters(self) -> list[Filter]:
        if self.filter is None:
            return []
        return self.filter if isinstance(self.filter, list) else [self.filter]


class StatementSpec(Strict):
    """Columns that already hold statements (FtM JSON lines, Parquet exports)."""

    entity_id: str = "entity_id"
    schema_: str = Field(default="schema", alias="schema")
    prop: str = "prop"
    value: str = "value"


def phone_region(region: str) -> str:
    """``region`` as an upper-case country code that phone numbering knows."""
    import phonenumbers

    code = region.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"region {region!r} is not a country code of the phone numbering "
                         "plan (ISO 3166 alpha-2, e.g. DE, GB, US)")
    return code


class Mapping(Strict):
    """A whole mapping file."""

    mapping: str
    description: str = ""
    dataset: str
    media_type: str | None = None
    region: str | None = Field(
        default=None, description="country (ISO 3166 alpha-2) of phone numbers written "
        "without their country code, for numbers whose property gives no country_hint")
    reader: ReaderSpec = Field(default_factory=ReaderSpec)
    derive: dict[str, PropertySpec] = Field(
        default_factory=dict, description="new columns computed from others before mapping, "
        "in order: one may read the derived columns above it"
    )
    filter: Filter | list[Filter] | None = None
    entities: list[EntitySpec] = Field(default_factory=list)
    statements: StatementSpec | None = None
    path: str | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def known_region(self) -> Mapping:
        if self.region is not None:
            self.region = phone_region(self.region)
        return self

    def with_region(self, region: str | None) -> Mapping:
        """This mapping with phone numbers read in ``region`` (an ingest option; an
        empty or unknown region is the caller's error, not the mapping's)."""
        if region is None:
            return self
        try:
            code = phone_region(region)
        except ValueError as exc:
            raise TnocError(f"--region: {exc}") from exc
        return self.model_copy(update={"region": code})

    @model_validator(mode="after")
    def derived_in_order(self) -> Mapping:
        names = list(self.derive)
        for position, (name, spec) in enumerate(self.derive.items()):
            later = spec.columns_read() & set(names[position:])
            if later:
                raise ValueError(f"derive.{name} reads {sorted(later)}, derived at or below "
                                 "it; a derived column reads only those above it")
        return self

    @model_validator(mode="after")
    def has_output(self) -> Mapping:
        if not self.entities and self.statements is None:
            raise ValueError("a mapping needs 'entities' or 'statements'")
        names = [e.name for e in self.entities]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            raise ValueError(f"entity names must be unique: {sorted(dupes)}")
        return self

    def row_filters(self) -> list[Filter]:
        if self.filter is None:
            return []
        return self.filter if isinstance(self.filter, list) else [self.filter]

    def referenced_columns(self) -> set[str]:
        """Every source column the mapping reads: checked against the file."""
        cols: set[str] = set()
        filters = list(self.row_filters())
        for entity in self.entities:
            filters.extend(entity.filters())
            cols.update(entity.keys or [])
            if entity.each:
                cols.add(entity.each.column)
            if entity.id:
                cols.update(template_fields(entity.id))
            for spec in entity.property_specs().values():
                cols.update(spec.columns_read())
        for spec in self.derive.values():
            cols.update(spec.columns_read())
        for f in filters:
            cols.update(c for c in [f.column, f.not_empty, f.empty] if c)
        if self.statements:
            s = self.statements
            cols.update([s.entity_id, s.schema_, s.prop, s.value])
        cols -= set(self.derive)
        return {c for c in cols if c not in PSEUDO_COLUMNS and not c.startswith("_match_")}


PSEUDO_COLUMNS = {"_row", "_locator", "_file"}
TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")


ID_TEXT = re.compile(r"[\w.:]+(?:-[\w.:]+)*")


def exact_template_check(template: str, what: str) -> None:
    """An ``id_slug: exact`` template's own text must be slug text (``agora-vendor-``):
    were the slug to change it (a space, ``--``), every id would carry a digest. Raises
    ValueError when it is not."""
    literal = TEMPLATE_FIELD.sub("x", template.replace("[", "").replace("]", ""))
    if not ID_TEXT.fullmatch(literal):
        raise ValueError(
            f"{what}: with id_slug: exact the template's own text must be what an id "
            f"holds (letters, digits, '.', '_', ':' and single dashes between them), so "
            f"that only a value the slug changes gets a digest; {template!r} is not")


def template_fields(template: str) -> list[str]:
    """Column names used in a ``{column}`` template."""
    return TEMPLATE_FIELD.findall(template)


def shipped_mappings() -> dict[str, Path]:
    """The mappings that ship with TNOC, by name."""
    return {p.stem: p for p in sorted(MAPPINGS_DIR.glob("*.yaml"))}


def load_mapping(name_or_path: str | Path) -> Mapping:
    """Load a mapping by shipped name (``caviar``) or from a YAML file path."""
    path = Path(name_or_path)
    if not path.exists():
        shipped = shipped_mappings()
        if str(name_or_path) not in shipped:
            raise MappingError(
                "no such file and no shipped mapping of that name; shipped: "
                + ", ".join(shipped),
                name_or_path,
            )
        path = shipped[str(name_or_path)]
    from tnoc.ingest.limits import check_yaml

    try:
        check_yaml(path, path)  # a mapping may come from anyone: no alias bombs
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise MappingError(f"not valid YAML: {exc}", path) from exc
    if not isinstance(data, dict):
        raise MappingError("expected a YAML mapping at the top level", path)
    try:
        mapping = Mapping.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise MappingError(problems, path) from exc
    mapping.path = str(path)
    return mapping
