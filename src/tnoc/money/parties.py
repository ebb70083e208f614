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
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from tnoc.store.lookup import rows_of_entities

OWN_PROPS = ("name", "accountNumber", "iban", "bankName", "publicKey", "holder")
"""What an account's or wallet's own name is made of."""


def party_names(con: duckdb.DuckDBPyConnection, ids: Iterable[str | None]) -> dict[str, str]:
    """A readable name per canonical entity id (an id the store does not hold maps to
    itself): "HOLDER (account NUMBER, bank CODE)" or "HOLDER (wallet ADDRESS)" where the
    case names the holder, else "account NUMBER (bank CODE)", else the entity's caption
    (an account's or wallet's own ``name``, a wallet's address)."""
    from tnoc.store.lookup import captions

    wanted = sorted({str(i) for i in ids if i})
    if not wanted:
        return {}
    names = captions(con, wanted)
    own: dict[str, dict[str, str]] = {}
    for entity, schema, prop, value in con.execute(
            "SELECT coalesce(merged_into, entity_id), schema, prop, min(value) "
            f"FROM {rows_of_entities()} s WHERE flag IS NULL "
            "AND prop IN (SELECT unnest($props)) "
            "GROUP BY ALL", {"props": list(OWN_PROPS), "ids": wanted}).fetchall():
        if schema in ("BankAccount", "CryptoWallet"):
            own.setdefault(str(entity), {"schema": str(schema)})[str(prop)] = str(value)
    holders = _holders(con, own)
    holder_names = captions(con, sorted({h for hs in holders.values() for h in hs}))
    for entity, props in own.items():
        held_by = "; ".join(holder_names[h] for h in holders.get(entity, []))
        if props["schema"] == "BankAccount":
            number = props.get("iban") or props.get("accountNumber")
            if "name" in props or not number:
                continue  # named in its own right (caption), or nothing better to say
            bank = props.get("bankName")
            if held_by:
                names[entity] = f"{held_by} (account {number}" + (
                    f", bank {bank})" if bank else ")")
            else:
                names[entity] = f"account {number}" + (f" (bank {bank})" if bank else "")
        elif held_by and "name" not in props:
            address = props.get("publicKey")
            names[entity] = f"{held_by} (wallet {address})" if address else held_by
    return names


def _holders(con: duckdb.DuckDBPyConnection,
             own: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """Canonical holder ids per account or wallet: the owners of ``Ownership`` links
    whose asset it is, and a wallet's ``holder``."""
    accounts = sorted(own)
    if not accounts:
        return {}
    held: dict[str, set[str]] = {}
    for asset, owner in con.execute("""
            WITH own AS (
                SELECT coalesce(merged_into, entity_id) AS link, prop, value
                FROM statement_store
                WHERE flag IS NULL AND schema = 'Ownership' AND prop IN ('asset', 'owner'))
            SELECT DISTINCT coalesce(ma.canonical_id, a.value), coalesce(mo.canonical_id, o.value)
            FROM own a JOIN own o ON o.link = a.link AND o.prop = 'owner'
            LEFT JOIN canonical_map ma ON ma.entity_id = a.value
            LEFT JOIN canonical_map mo ON mo.entity_id = o.value
            WHERE a.prop = 'asset'
              AND coalesce(ma.canonical_id, a.value) IN (SELECT unnest($ids))""",
            {"ids": accounts}).fetchall():
        held.setdefault(str(asset), set()).add(str(owner))
    wallet_holders = [e for e, p in own.items() if "holder" in p]
    if wallet_holders:
        for wallet, holder in con.execute(f"""
                SELECT DISTINCT coalesce(s.merged_into, s.entity_id),
                       coalesce(m.canonical_id, s.value)
                FROM {rows_of_entities()} s LEFT JOIN canonical_map m ON m.entity_id = s.value
                WHERE s.flag IS NULL AND s.prop = 'holder'""",
                {"ids": wallet_holders}).fetchall():
            held.setdefault(str(wallet), set()).add(str(holder))
    return {entity: sorted(hs) for entity, hs in held.items()}
