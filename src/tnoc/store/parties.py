"""Names of the parties money moves between, as an analyst reads them.

The money rules work on entity ids (``aml-acct-0272142-81C393430``); what an analyst
reads and files is the holder's name or the account's own particulars. A bank account
is named by its holder where the case says who holds it (an ``Ownership`` whose
``asset`` is the account) or by its own ``name``, else as "account NUMBER (bank CODE)"
(the wording the report's countermeasures use too); a crypto wallet by
its address, after its holder's name where the case names one; any other entity by its
caption (:func:`tnoc.store.lookup.captions`). Everything is read straight from
``statement_store`` with one filter per query, so naming a few thousand accounts costs
milliseconds, not a scan of the ``statements`` view.

The money listings, ``tnoc network components`` and dossiers name accounts this way (in
the store, below both: money and graph must not import each other). The holder is often
named by another file than the payments, so the names come with the sources they were
read from (:class:`PartyNames`), and what a money listing reads (:func:`payment_reads`)
includes what names the parties' holders: a name is handled, and gated, as strictly as
its sources (session 54; before, a TLP:RED holder was printed under the payments'
TLP:AMBER).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import duckdb

from tnoc.store.lookup import rows_of_entities

OWN_PROPS = ("name", "accountNumber", "iban", "bankName", "publicKey", "holder")
"""What an account's or wallet's own name is made of."""


@dataclass(frozen=True)
class PartyNames:
    """Readable names of parties (:func:`named_parties`) and the sources of every
    statement they were read from: the parties' own, the ``Ownership`` links naming
    their holders and the holders' names. A listing that prints the names is handled as
    strictly as the strictest of these (:func:`tnoc.store.derived.derived_handling_code`),
    not only as the payments it was computed from: a holder named in a TLP:RED file
    is TLP:RED wherever the name is shown."""

    names: dict[str, str]
    sources: tuple[str, ...]
    by_party: dict[str, tuple[str, ...]]
    """Per id asked for: the sources its name was read from (a page decides each name
    on its own: a member cleared below one holder's file still sees the others)."""


def party_names(con: duckdb.DuckDBPyConnection, ids: Iterable[str | None]) -> dict[str, str]:
    """The names of :func:`named_parties` alone, without finding their sources: for a
    result whose handling code and gate already cover what names them (decided on the
    whole case, or on :func:`party_reads` / :func:`payment_reads` of these parties)."""
    return _named(con, sorted({str(i) for i in ids if i}))[0]


def named_parties(con: duckdb.DuckDBPyConnection, ids: Iterable[str | None]) -> PartyNames:
    """A readable name per canonical entity id (an id the store does not hold maps to
    itself): "HOLDER (account NUMBER, bank CODE)" or "HOLDER (wallet ADDRESS)" where the
    case names the holder, else "account NUMBER (bank CODE)", else the entity's caption
    (an account's or wallet's own ``name``, a wallet's address); with the sources the
    names were read from, in all and per id."""
    from tnoc.store.lookup import canonicals, caption_sources_by

    wanted = sorted({str(i) for i in ids if i})
    names, used = _named(con, wanted)
    own_sources = caption_sources_by(con, wanted)
    holder_sources = caption_sources_by(con, _holder_ids(used))
    by_party: dict[str, tuple[str, ...]] = {}
    for given, entity in canonicals(con, wanted).items():
        read = set(own_sources.get(entity, ()))
        for h in used.get(entity, []):
            read.update(holder_sources.get(h.holder, ()))
            if h.link_source:
                read.add(h.link_source)
        by_party[given] = tuple(sorted(read))
    return PartyNames(names, tuple(sorted({s for read in by_party.values() for s in read})),
                      by_party)


def _named(con: duckdb.DuckDBPyConnection, wanted: list[str]
           ) -> tuple[dict[str, str], dict[str, list[Holder]]]:
    """The names of ``wanted`` (see :func:`named_parties`) and, per account or wallet
    named by its holders, those holders (what else its name was read from)."""
    from tnoc.store.lookup import captions

    if not wanted:
        return {}, {}
    names = captions(con, wanted)
    own: dict[str, dict[str, str]] = {}
    for entity, schema, prop, value in con.execute(
            "SELECT coalesce(merged_into, entity_id), schema, prop, min(value) "
            f"FROM {rows_of_entities()} s WHERE flag IS NULL "
            "AND prop IN (SELECT unnest($props)) "
            "GROUP BY ALL", {"props": list(OWN_PROPS), "ids": wanted}).fetchall():
        if schema in ("BankAccount", "CryptoWallet"):
            own.setdefault(str(entity), {"schema": str(schema)})[str(prop)] = str(value)
    holders = _holders(con, sorted(own), [e for e, p in own.items() if "holder" in p])
    holder_names = captions(con, _holder_ids(holders))
    used: dict[str, list[Holder]] = {}
    for entity, props in own.items():
        held = holders.get(entity, [])
        held_by = "; ".join(holder_names[h] for h in sorted({h.holder for h in held}))
        if props["schema"] == "BankAccount":
            number = props.get("iban") or props.get("accountNumber")
            if "name" in props or not number:
                continue  # named in its own right (caption), or nothing better to say
            bank = props.get("bankName")
            if held_by:
                names[entity] = f"{held_by} (account {number}" + (
                    f", bank {bank})" if bank else ")")
                used[entity] = held
            else:
                names[entity] = f"account {number}" + (f" (bank {bank})" if bank else "")
        elif held_by and "name" not in props:
            address = props.get("publicKey")
            names[entity] = f"{held_by} (wallet {address})" if address else held_by
            used[entity] = held
    return names, used


class Holder(NamedTuple):
    """Who holds an account or wallet (canonical id), and the source of the statement
    saying so: an ``Ownership``'s link (None for a wallet's own ``holder``, one of the
    wallet's statements)."""

    holder: str
    link_source: str | None


def _holder_ids(holders: dict[str, list[Holder]]) -> list[str]:
    """Every holder of ``holders`` (per account or wallet), once, sorted."""
    return sorted({h.holder for held in holders.values() for h in held})


def party_reads(con: duckdb.DuckDBPyConnection, ids: Iterable[str | None]) -> list[str]:
    """The sources :func:`named_parties` may read to name ``ids``: their own statements
    and what names their holders (:func:`_holder_reads`), whichever a name ends up
    using (a superset of :attr:`PartyNames.sources`). What an operation that prints
    parties' names is decided on before it runs (the gate, the handling code a money
    listing states). Sorted source ids."""
    from tnoc.store.lookup import canonicals, caption_sources

    given = sorted({str(i) for i in ids if i})
    if not given:
        return []
    wanted = sorted(set(canonicals(con, given).values()))  # named as merged, as there
    return sorted({*caption_sources(con, wanted), *_holder_reads(con, wanted)})


def _holder_reads(con: duckdb.DuckDBPyConnection, accounts: list[str]) -> set[str]:
    """The sources naming the holders of ``accounts`` (canonical ids): the
    ``Ownership`` links' and the holders' names'."""
    from tnoc.store.lookup import caption_sources

    holders = _holders(con, accounts)
    return {*(h.link_source for held in holders.values() for h in held if h.link_source),
            *caption_sources(con, _holder_ids(holders))}


PAYMENT_PARTIES_SQL = """
SELECT DISTINCT coalesce(m.canonical_id, s.value) FROM statements s
LEFT JOIN canonical_map m ON m.entity_id = s.value
WHERE s.schema = 'Payment' AND s.flag IS NULL
  AND s.prop IN ('payer', 'beneficiary', 'payerAccount', 'beneficiaryAccount') {only}
"""
"""Every payer and beneficiary the payments name, parties and accounts both (the
transfers use the accounts where a payment gives them, the parties otherwise; a listing
may print either); ``{only}`` is empty or the filter on the bound ``$sources``."""


def payment_reads(con: duckdb.DuckDBPyConnection, sources: Sequence[str] = ()) -> list[str]:
    """What a money listing over the case's payments (of ``sources``, when given)
    reads: every statement of the payments and of the entities they name
    (:func:`tnoc.store.reads.sources_of_entities`) and what names their payers and
    beneficiaries (:func:`party_reads`: a holder named by an ``Ownership`` in another
    file is printed beside the account). The gate decides ``tnoc money check``,
    ``typologies`` and ``trace`` and the workspace's money pages on these. Sorted
    source ids."""
    from tnoc.store.reads import sources_of_entities

    sql = PAYMENT_PARTIES_SQL.format(
        only="AND list_contains($sources, s.source_id)" if sources else "")
    parties = sorted(str(r[0]) for r in con.execute(
        sql, {"sources": list(sources)} if sources else {}).fetchall())
    # the parties' own statements are among the entities' the payments name: only
    # what names their holders is read besides
    return sorted({*sources_of_entities(con, ("Payment",), sources),
                   *_holder_reads(con, parties)})


def _holders(con: duckdb.DuckDBPyConnection, accounts: list[str],
             wallets: list[str] | None = None) -> dict[str, list[Holder]]:
    """The holders per account or wallet of ``accounts`` (canonical ids): the owners
    of ``Ownership`` links whose asset it is (with the sources of the link's asset and
    owner statements), and the ``holder`` of the wallets ``wallets`` (None: of any of
    ``accounts``; a caller that has read their properties names those with one)."""
    if not accounts:
        return {}
    held: dict[str, set[Holder]] = {}
    for asset, owner, source in con.execute("""
            WITH own AS (
                SELECT coalesce(merged_into, entity_id) AS link, prop, value, source_id
                FROM statement_store
                WHERE flag IS NULL AND schema = 'Ownership' AND prop IN ('asset', 'owner'))
            SELECT DISTINCT coalesce(ma.canonical_id, a.value),
                   coalesce(mo.canonical_id, o.value), s.source_id
            FROM own a JOIN own o ON o.link = a.link AND o.prop = 'owner'
            LEFT JOIN canonical_map ma ON ma.entity_id = a.value
            LEFT JOIN canonical_map mo ON mo.entity_id = o.value
            CROSS JOIN LATERAL (SELECT unnest([a.source_id, o.source_id]) AS source_id) s
            WHERE a.prop = 'asset'
              AND coalesce(ma.canonical_id, a.value) IN (SELECT unnest($ids))""",
            {"ids": accounts}).fetchall():
        held.setdefault(str(asset), set()).add(Holder(str(owner), str(source)))
    holding = accounts if wallets is None else wallets
    for wallet, holder in con.execute(f"""
            SELECT DISTINCT coalesce(s.merged_into, s.entity_id),
                   coalesce(m.canonical_id, s.value)
            FROM {rows_of_entities()} s LEFT JOIN canonical_map m ON m.entity_id = s.value
            WHERE s.flag IS NULL AND s.prop = 'holder'""",
            {"ids": holding}).fetchall() if holding else []:
        held.setdefault(str(wallet), set()).add(Holder(str(holder), None))
    return {entity: sorted(hs, key=lambda h: (h.holder, h.link_source or ""))
            for entity, hs in held.items()}
