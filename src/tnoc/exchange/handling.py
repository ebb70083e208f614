"""What may leave the case: handling codes (TLP 2.0) and pseudonymisation, for every export.

An export is built from *statements*, so handling is decided per value, not per entity:
a value asserted only by a ``TLP:RED`` source does not leave in a ``TLP:AMBER`` export,
while the same entity's values from open sources do. Each exported entity carries the
strictest code among the sources of the values it kept, and the export as a whole the
strictest of all (FIRST, *Traffic Light Protocol 2.0*, 2022).

Pseudonymisation replaces every property that can identify a person (names, contact
details, numbers, dates and places of birth, position and occupation, description, ...:
the one list :data:`IDENTIFYING`, checked against the model by the tests), the same
for entities tied to a person that describe them (a passport, a sanction, an address,
a note on them, what they own, their crypto wallet or bank account:
:data:`DESCRIBING_SCHEMATA`), and
the ids of all of these with
``HMAC-SHA256(case key, value)``, truncated to 20
hex digits. The same value always gives the same pseudonym within a case, so links
survive and researchers can count and join; without the key, which stays in the case
(``ledger/pseudonym.key``), the values cannot be recovered by guessing and hashing
(GDPR Art. 4(5); ENISA, *Pseudonymisation techniques and best practices*, 2019).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from tnoc.errors import TnocError
from tnoc.query_results import has_table
from tnoc.tlp import strictest, tlp_rank

PERSONAL_SCHEMATA = frozenset({"Person", "UserAccount"})

# The one list of what identifies a person. For each personal schema (a Person inherits
# every LegalEntity and Thing property, so the LegalEntity properties that identify a
# person when they describe one are here too): the properties pseudonymised on export
# (IDENTIFYING) and those left in clear because they describe many people at once or
# the record rather than the person (NOT_IDENTIFYING). Properties that point at other
# entities are not listed: a linked person's or account's id is pseudonymised wherever
# it appears, and a linked entity keeps its own handling. tests/test_handling_flow.py
# walks every property of the model's schemata and fails on one listed nowhere, so a
# model upgrade cannot add a property that leaks; until it is listed such a property is
# treated as identifying (fail closed, :meth:`Pseudonymiser.personal`).
_NAMES = frozenset({"name", "alias", "weakAlias", "previousName", "abbreviation",
                    "firstName", "middleName", "secondName", "lastName", "fatherName",
                    "motherName", "nameSuffix", "title"})
_FREE_TEXT = frozenset({"description", "summary", "notes", "indexText", "keywords",
                        "biography"})
_RECORD_DATES = frozenset({"createdAt", "modifiedAt", "retrievedAt"})
_PAGES = frozenset({"alephUrl", "opencorporatesUrl", "wikipediaUrl", "website",
                    "sourceUrl"})
IDENTIFYING: dict[str, frozenset[str]] = {
    "Person": _NAMES | _FREE_TEXT | _RECORD_DATES | _PAGES | frozenset({
        # contact, birth and death
        "email", "phone", "address", "birthDate", "birthPlace", "deathDate",
        "incorporationDate", "dissolutionDate",
        # office and occupation: "Justice Minister of the Republic of Belarus" is one man
        "position", "profession", "education",
        # body (quasi-identifiers) and special categories (GDPR Art. 9)
        "appearance", "eyeColor", "hairColor", "height", "weight", "ethnicity",
        "religion", "political",
        # numbers that single out one person or their business
        "idNumber", "passportNumber", "taxNumber", "socialSecurityNumber", "vatCode",
        "innCode", "ogrnCode", "okpoCode", "registrationNumber", "licenseNumber",
        "npiCode", "leiCode", "dunsCode", "bvdId", "brightQueryId", "brightQueryOrgId",
        "sayariId", "icijId", "uniqueEntityId", "wikidataId", "swiftBic", "uscCode"}),
    "UserAccount": (_NAMES & {"name", "alias", "weakAlias", "previousName"})
    | (_FREE_TEXT - {"biography"}) | _RECORD_DATES | frozenset({
        "email", "phone", "address", "username", "password", "ipAddress", "alephUrl",
        "sourceUrl", "wikipediaUrl", "wikidataId"}),
}
NOT_IDENTIFYING: dict[str, frozenset[str]] = {
    # shared by too many people to single one out, kept so partners can count and group
    "Person": frozenset({
        "country", "mainCountry", "jurisdiction", "nationality", "citizenship",
        "birthCountry", "gender", "spokenLanguage", "status", "sector", "classification",
        "legalForm", "taxStatus", "topics", "program", "programId", "publisher",
        "publisherUrl", "okvedCode"}),
    "UserAccount": frozenset({"country", "service", "topics", "program", "programId",
                              "publisher", "publisherUrl"}),
}

# Entities that describe a person without being one: a passport, an ID card, a family
# tie, a job, a sanction listing, the person's address, a note about them, what they
# own, their crypto wallet or bank account. When such an entity points at a person or
# account (holder, person, relative, employee, entity, owner, ...) or a person points
# at it (addressEntity), or it is linked so to another such entity of the person's
# (the wallet or account an Ownership says the person owns), its identifying
# properties are pseudonymised too: a passport's surname, a sanction's reason
# ("Justice Minister of ..."), a note's text or a wallet's address names the person as
# surely as the Person entity does. Same two lists per schema, same test, same
# fail-closed rule for a property listed in neither.
_RECORD = frozenset({"alephUrl", "date", "description", "endDate", "indexText",
                     "modifiedAt", "namesMentioned", "recordId", "retrievedAt",
                     "sourceUrl", "startDate", "summary"})
_PUBLISHER = frozenset({"publisher", "publisherUrl"})
_TIE_ROLES = frozenset({"role"})
# what any Thing says of itself in words: its names, free text, record dates and pages
_THING_TEXT = ((_NAMES & {"name", "alias", "weakAlias", "previousName"})
               | (_FREE_TEXT - {"biography"}) | _RECORD_DATES
               | frozenset({"alephUrl", "sourceUrl", "wikipediaUrl", "wikidataId"}))
DESCRIBING_IDENTIFYING: dict[str, frozenset[str]] = {
    "Passport": _RECORD | frozenset({"givenName", "surname", "birthDate", "birthPlace",
                                     "number", "passportNumber", "personalNumber"}),
    "Identification": _RECORD | frozenset({"number"}),
    "Family": _RECORD,
    "Associate": _RECORD,
    "Employment": _RECORD | _TIE_ROLES,
    "Membership": _RECORD | _TIE_ROLES,
    "Directorship": _RECORD | _TIE_ROLES | frozenset({"secretary"}),
    "Representation": _RECORD | _TIE_ROLES,
    "Occupancy": _RECORD | frozenset({"constituency", "declarationDate", "electionDate",
                                      "periodEnd", "periodStart", "politicalGroup"}),
    "Sanction": _RECORD | frozenset({"reason", "provisions", "listingDate",
                                     "authorityId", "unscId"}),
    "Address": (_NAMES & {"name", "alias", "weakAlias", "previousName"})
    | (_FREE_TEXT - {"biography"}) | _RECORD_DATES | (_PAGES - {"opencorporatesUrl",
                                                                "website"})
    | frozenset({"address", "full", "street", "street2", "postOfficeBox", "postalCode",
                 "latitude", "longitude", "googlePlaceId", "osmId", "remarks",
                 "wikidataId"}),
    # an analyst's or partner's note on a person: its text and every name, number,
    # address and contact it mentions are about that person
    "Note": _THING_TEXT | frozenset({
        "address", "locationMentioned", "namesMentioned", "peopleMentioned",
        "companiesMentioned", "emailMentioned", "phoneMentioned", "ibanMentioned",
        "ipMentioned"}),
    # a person's holding: the record, and the share that, with the asset's public
    # register, names the holder ("37.5 % of ..."; EU AMLD beneficial ownership)
    "Ownership": _RECORD | _TIE_ROLES | frozenset({
        "percentage", "sharesCount", "sharesValue", "legalBasis"}),
    # a person's wallet: its address is a pseudonymous identifier of that person on a
    # public ledger (every payment to or from it can be traced back), and so are its
    # balance and amounts at a date (matched on-chain) and any other account id
    "CryptoWallet": _THING_TEXT | frozenset({
        "publicKey", "privateKey", "cryptoAddress", "accountId", "address", "balance",
        "balanceDate", "creationDate", "amount", "amountEur", "amountUsd"}),
    # a person's bank account (an Ownership's asset): its number singles the holder out
    # as surely as a wallet's address, and so do its balances and dates
    "BankAccount": _THING_TEXT | frozenset({
        "accountNumber", "iban", "address", "balance", "balanceDate", "maxBalance",
        "maxBalanceDate", "openingDate", "closingDate", "amount", "amountEur",
        "amountUsd"}),
}
DESCRIBING_NOT_IDENTIFYING: dict[str, frozenset[str]] = {
    "Passport": _PUBLISHER | frozenset({"authority", "country", "gender", "type"}),
    "Identification": _PUBLISHER | frozenset({"authority", "country", "type"}),
    "Family": _PUBLISHER | frozenset({"relationship"}),
    "Associate": _PUBLISHER | frozenset({"relationship"}),
    "Employment": _PUBLISHER | frozenset({"status"}),
    "Membership": _PUBLISHER | frozenset({"status"}),
    "Directorship": _PUBLISHER | frozenset({"status"}),
    "Representation": _PUBLISHER | frozenset({"status"}),
    "Occupancy": _PUBLISHER | frozenset({"status"}),
    "Sanction": _PUBLISHER | frozenset({"authority", "country", "duration", "program",
                                        "programId", "programUrl", "status"}),
    # a city or a region is shared by many people; the street and number are not
    "Address": _PUBLISHER | frozenset({"city", "region", "state", "country", "program",
                                       "programId", "topics"}),
    "Note": _PUBLISHER | frozenset({"country", "detectedCountry", "detectedLanguage",
                                    "program", "programId", "topics"}),
    "Ownership": _PUBLISHER | frozenset({"ownershipType", "sharesCurrency", "sharesType",
                                         "status"}),
    # the chain, the currency and the exchange are shared by millions of holders
    "CryptoWallet": _PUBLISHER | frozenset({
        "blockchain", "currency", "currencySymbol", "custodyType", "managingExchange",
        "country", "program", "programId", "topics"}),
    # the bank, its address and BIC, and the account's type are shared by its clients
    "BankAccount": _PUBLISHER | frozenset({
        "accountType", "bankAddress", "bankName", "bic", "country", "currency",
        "program", "programId", "topics"}),
}
IDENTIFYING.update(DESCRIBING_IDENTIFYING)
NOT_IDENTIFYING.update(DESCRIBING_NOT_IDENTIFYING)
DESCRIBING_SCHEMATA = frozenset(DESCRIBING_IDENTIFYING)
KEY_FILE = "pseudonym.key"


def strictest_marked(per_item: Sequence[str]) -> tuple[str | None, int]:
    """The strictest of the codes items of a received file carry (one code per marked
    item), and how many items carry it; (None, 0) when no item is marked. A received
    file's strictest marking sets its source's code (STIX bundles, MISP events)."""
    if not per_item:
        return None, 0
    worst = strictest(per_item)
    return worst, list(per_item).count(worst)


def pseudonym_key(case_root: Path) -> bytes:
    """The case's pseudonymisation key (32 random bytes), created on first use, 0600."""
    path = case_root / "ledger" / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(32))
    return path.read_bytes()


ENTITY_DIGEST = "hmac-sha256:"
"""The prefix of an entity id kept as a keyed digest (:func:`entity_digest`)."""
_ID_KEY_LABEL = b"tnoc entity ids in audit records and tombstones"


def entity_id_key(case_root: Path, create: bool = True) -> bytes | None:
    """The key that digests entity ids in the audit trail and erasure tombstones:
    derived from the case's pseudonymisation key (:func:`pseudonym_key`), so a case has
    one secret, with its own label (a key-derivation step in the manner of NIST SP
    800-108, HMAC as the PRF). It must differ from the research key itself: with the
    same key, the first 20 hex digits of an audit digest would be the pseudonym a
    researcher is shown, and an audit export could be joined to research output.
    ``create=False`` (a verifier on a read-only copy) returns None when the case has no
    key yet, and then no digest was ever written."""
    if not create and not (case_root / "ledger" / KEY_FILE).exists():
        return None
    return hmac.new(pseudonym_key(case_root), _ID_KEY_LABEL, hashlib.sha256).digest()


def entity_digest(key: bytes, entity_id: str) -> str:
    """An entity id as the audit trail and tombstones keep it: ``hmac-sha256:`` and
    HMAC-SHA256(:func:`entity_id_key`, id) in hex. Some ids embed the identifier they
    were made from (``cdr-line-<phone>``, :mod:`tnoc.ingest.compile`); the digest names
    the same entity on every record, so "who consulted X" is answered by digesting the
    ids X resolves to, while the records themselves no longer carry the phone number,
    and an erased entity can still be asked about by its old id. Keyed, not a bare
    hash: a phone number has few enough possible values to be found by hashing them
    all (ENISA, *Pseudonymisation techniques and best practices*, 2019, section 5.1)."""
    if entity_id.startswith(ENTITY_DIGEST):
        return entity_id
    return ENTITY_DIGEST + hmac.new(key, entity_id.encode("utf-8"),
                                    hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Pseudonymiser:
    """Keyed, deterministic replacement of personal values."""

    key: bytes

    def pseudonym(self, value: str, kind: str = "v") -> str:
        digest = hmac.new(self.key, value.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"pseudo-{kind}-{digest[:20]}"

    def personal(self, schema: str, prop: str, prop_type: str,
                 describes_person: bool = False) -> bool:
        """Whether ``schema.prop`` identifies a person (:data:`IDENTIFYING`): always for
        a personal schema, for one of :data:`DESCRIBING_SCHEMATA` when the entity is
        linked to a person or account (``describes_person``). A property listed in
        neither list counts as identifying: a model upgrade must not leak a new
        property before it is reviewed."""
        if prop_type == "entity":
            return False
        if schema not in PERSONAL_SCHEMATA and not (
                describes_person and schema in DESCRIBING_SCHEMATA):
            return False
        return prop in IDENTIFYING[schema] or prop not in NOT_IDENTIFYING[schema]


@dataclass
class ExportEntity:
    """One entity as it may leave: kept values, handling code, provenance."""

    id: str
    schema: str
    properties: dict[str, list[str]] = field(default_factory=dict)
    tlp: str = "TLP:CLEAR"
    sources: set[str] = field(default_factory=set)

    def first(self, prop: str) -> str | None:
        values = self.properties.get(prop)
        return values[0] if values else None

    def to_ftm(self) -> dict[str, object]:
        return {"id": self.id, "schema": self.schema, "properties": self.properties}


@dataclass(frozen=True)
class Handling:
    """The rules of one export: the most permissive code allowed out, pseudonymise or not."""

    max_tlp: str = "TLP:AMBER"
    pseudonymiser: Pseudonymiser | None = None

    def __post_init__(self) -> None:
        tlp_rank(self.max_tlp)


@dataclass(frozen=True)
class Relation:
    """A tie between two exported entities: an FtM edge entity (``prop`` None, ``id``
    the edge's id) or an entity property (``id`` = ``source.prop.target``)."""

    id: str
    schema: str
    prop: str | None
    source: str
    target: str
    tlp: str


@dataclass
class Selection:
    """Entities chosen for an export, with what handling removed."""

    entities: dict[str, ExportEntity]
    withheld_values: int
    handling: Handling

    @property
    def tlp(self) -> str:
        return strictest(e.tlp for e in self.entities.values())

    @property
    def source_ids(self) -> list[str]:
        return sorted({s for e in self.entities.values() for s in e.sources})

    def relations(self, represented: Container[str]) -> Iterator[Relation]:
        """Ties whose two ends are both ``represented`` in the target format: edge
        entities not represented themselves, then entity-valued properties."""
        from tnoc.model import get_model

        model = get_model()
        for e in self.entities.values():
            schema = model.get(e.schema)
            if schema is None:
                continue
            if schema.edge and e.id not in represented:
                source = e.first(schema.edge_source or "")
                target = e.first(schema.edge_target or "")
                if source in represented and target in represented:
                    yield Relation(e.id, e.schema, None, str(source), str(target), e.tlp)
                continue
            if e.id not in represented:
                continue
            for prop, values in e.properties.items():
                if not _is_entity(model, e.schema, prop):
                    continue
                for target in values:
                    if target in represented:
                        yield Relation(f"{e.id}.{prop}.{target}", e.schema, prop, e.id,
                                       target, strictest([e.tlp,
                                                          self.entities[target].tlp]))


def _outside_compartments(con: duckdb.DuckDBPyConnection) -> str:
    """The SQL condition keeping statements ``s`` outside every compartment (a case
    from before compartments has none)."""
    return ("(s.source_id, s.entity_id) NOT IN (SELECT source_id, entity_id FROM "
            "compartment_entities)") if has_table(con, "compartment_entities") else "true"


def select(con: duckdb.DuckDBPyConnection, schemata: Sequence[str] = (),
           entity_ids: Sequence[str] = (), sources: Sequence[str] = (),
           handling: Handling | None = None, linked: bool = True,
           limit: int | None = None) -> Selection:
    """Entities of ``schemata`` (and/or ``entity_ids``, ``sources``) with the entities
    their properties point to (``linked``), as handling allows.

    Only valid values leave (flagged originals stay in the case). ``limit`` caps the
    number of chosen entities (before linked ones), taken in id order.
    """
    handling = handling or Handling()
    if not (schemata or entity_ids or sources):
        raise TnocError("choose what to export: --schema, --entity or --source")
    con.execute("CREATE OR REPLACE TEMP TABLE export_chosen AS "
                "SELECT DISTINCT canonical_id AS id FROM statements WHERE flag IS NULL "
                "AND ((len($schemata) > 0 AND list_contains($schemata, schema)) "
                "OR list_contains($ids, canonical_id) "
                "OR (len($sources) > 0 AND list_contains($sources, source_id))) "
                "ORDER BY id" + (f" LIMIT {int(limit)}" if limit else ""),
                {"schemata": list(schemata), "ids": list(entity_ids),
                 "sources": list(sources)})
    if linked:
        con.execute("INSERT INTO export_chosen SELECT DISTINCT coalesce(m.canonical_id, "
                    "s.value) FROM statements s JOIN export_chosen c ON c.id = s.canonical_id "
                    "LEFT JOIN canonical_map m ON m.entity_id = s.value "
                    "WHERE s.prop_type = 'entity' AND s.flag IS NULL "
                    "EXCEPT SELECT id FROM export_chosen")
    rows = con.execute(
        "SELECT s.canonical_id, s.schema, s.prop, s.prop_type, s.value, s.source_id, "
        "src.handling_code FROM statements s JOIN export_chosen c ON c.id = s.canonical_id "
        "JOIN sources src ON src.source_id = s.source_id "
        # a citizen reporter's identity (a compartment, tnoc.govern.compartments) never
        # leaves the case in an export
        f"WHERE s.flag IS NULL AND {_outside_compartments(con)} "
        "ORDER BY s.canonical_id, s.prop, s.value").fetchall()
    con.execute("DROP TABLE export_chosen")
    allowed = tlp_rank(handling.max_tlp)
    entities: dict[str, ExportEntity] = {}
    withheld = 0
    for entity_id, schema, prop, _type, value, source_id, code in rows:
        if tlp_rank(code) > allowed:
            withheld += 1
            continue
        entity = entities.setdefault(entity_id, ExportEntity(entity_id, schema))
        entity.tlp = strictest([entity.tlp, code])
        entity.sources.add(source_id)
        if prop == "id":
            entity.schema = _deeper(entity.schema, schema)
            continue
        values = entity.properties.setdefault(prop, [])
        if value not in values:
            values.append(value)
    if handling.pseudonymiser is not None:
        _pseudonymise(con, entities, handling.pseudonymiser)
    return Selection(entities, withheld, handling)


def _deeper(current: str, other: str) -> str:
    from tnoc.model import get_model

    model = get_model()
    a, b = model.get(current), model.get(other)
    if a is None or b is None:
        return current
    return other if len(b.schemata) > len(a.schemata) else current


def _is_entity(model: Any, schema_name: str, prop: str) -> bool:
    schema = model.get(schema_name)
    spec = schema.get(prop) if schema is not None else None
    return spec is not None and spec.type.name == "entity"


def _pseudonymise(con: duckdb.DuckDBPyConnection, entities: dict[str, ExportEntity],
                  pseudo: Pseudonymiser) -> None:
    from tnoc.model import get_model

    model = get_model()
    personal_ids = {i for i, e in entities.items() if e.schema in PERSONAL_SCHEMATA}
    targets = sorted({v for e in entities.values() for prop, values in e.properties.items()
                      for v in values if _is_entity(model, e.schema, prop)} - set(entities))
    if targets:  # people pointed to but not exported: their ids are personal too
        personal_ids |= {str(r[0]) for r in con.execute(
            "SELECT DISTINCT canonical_id FROM statements WHERE prop = 'id' AND "
            "list_contains($schemata, schema) AND list_contains($ids, canonical_id)",
            {"schemata": sorted(PERSONAL_SCHEMATA), "ids": targets}).fetchall()}
    describing = _describing_people(model, entities, personal_ids)
    # a passport's or a sanction's own id often repeats the person's list number
    # ("ofac-sdn-sanction-36107"): hidden like the person's id
    hidden_ids = personal_ids | describing
    renamed: dict[str, ExportEntity] = {}
    for entity_id, entity in entities.items():
        schema = model.get(entity.schema)
        describes_person = entity_id in describing
        for prop, values in entity.properties.items():
            spec = schema.get(prop) if schema is not None else None
            prop_type = spec.type.name if spec is not None else "string"
            if prop_type == "entity":
                entity.properties[prop] = [pseudo.pseudonym(v, "id") if v in hidden_ids
                                           else v for v in values]
            elif pseudo.personal(entity.schema, prop, prop_type, describes_person):
                entity.properties[prop] = [pseudo.pseudonym(v) for v in values]
        if entity_id in hidden_ids:
            entity.id = pseudo.pseudonym(entity_id, "id")
        renamed[entity.id] = entity
    entities.clear()
    entities.update(renamed)


def _describing_people(model: Any, entities: dict[str, ExportEntity],
                       personal_ids: set[str]) -> set[str]:
    """Ids of the exported entities of :data:`DESCRIBING_SCHEMATA` tied to a person or
    account: pointing at one (a passport's holder, a sanction's entity, a note's
    subject, an owner, a wallet's holder) or pointed at by one (a person's
    addressEntity), directly or through another such entity (the asset of an
    Ownership whose owner is a person: that person's wallet). Repeated until nothing
    is added, so a chain of describing records is followed to its end."""
    links = {i: {v for prop, values in e.properties.items()
                 if _is_entity(model, e.schema, prop) for v in values}
             for i, e in entities.items()}
    tied = set(personal_ids)
    describing: set[str] = set()
    while True:
        pointed_at = {v for i in tied if i in links for v in links[i]}
        found = {i for i, e in entities.items()
                 if e.schema in DESCRIBING_SCHEMATA and i not in describing
                 and (i in pointed_at or links[i] & tied)}
        if not found:
            return describing
        describing |= found
        tied |= found
