"""C2 infrastructure as a STIX 2.1 bundle (OASIS, *STIX Version 2.1*, 2021, §4.8
Infrastructure, §4.9 Malware, §6.1 Autonomous System, §6.4 IPv4 Address), from the
published C2 lists :mod:`tnoc.malware.infrastructure` reads (issue #26).

=========================  ===================================================
C2 list                    STIX 2.1
=========================  ===================================================
family                     ``malware`` (``is_family`` true, ``malware_types``
                           ``bot``: the lists name botnet C2s)
server (IP, port, family)  ``infrastructure`` (``infrastructure_types``
                           ``command-and-control``; ``first_seen`` = first seen,
                           ``last_seen`` = last online; status and lists in
                           ``description``)
IP address                 ``ipv4-addr`` / ``ipv6-addr`` SCO; ``belongs_to_refs`` an
                           ``autonomous-system`` where the list gives its number
geolocated country         ``location`` (``country``)
=========================  ===================================================

Relationships (the spec's §4.8/§4.9 relationship tables): infrastructure
``consists-of`` its address, infrastructure ``controls`` malware and malware ``uses``
infrastructure (both directions the spec names for a C2), infrastructure
``located-at`` its country. A server named by several lists is one infrastructure
object: earliest first seen, latest last online, status as the latest list reports it.

Ids are UUIDv5 of what an object stands for (the family, ``ip:port/family``, the
address), and ``created``/``modified`` the day the latest list was taken, so exporting
the same lists twice gives the same bundle but for the bundle's own id. Every object
carries the TLP 2.0 marking given (abuse.ch publishes its lists under CC0: ``TLP:CLEAR``
by default); AS names and countries from the offline database are that database's (its
version in the identity's description).
"""

from __future__ import annotations

import ipaddress
import json
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import stix2

from tnoc import __version__
from tnoc.errors import TnocError
from tnoc.exchange.stix import MARKINGS, NAMESPACE, TLP2_IDS, TNOC_IDENTITY
from tnoc.malware.infrastructure import C2Server, Snapshot, unique_servers


def _id(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'c2:{kind}:{key}')}"


def _moment(value: date | datetime) -> datetime:
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def merged_servers(snapshots: list[Snapshot]) -> list[tuple[C2Server, list[str]]]:
    """Each server (IP, port, family) once over the lists: the latest list's row with
    the earliest first-seen time and the latest last-online day, and the lists naming
    it (oldest first)."""
    merged: dict[tuple[str, int, str], C2Server] = {}
    lists: dict[tuple[str, int, str], list[str]] = {}
    for snapshot in sorted(snapshots, key=lambda s: s.taken):
        for server in unique_servers(snapshot):
            key = (server.ip, server.port, server.family)
            before = merged.get(key)
            if before is not None:
                lasts = [d for d in (before.last_online, server.last_online) if d]
                server = replace(server, first_seen=min(before.first_seen, server.first_seen),
                                 last_online=max(lasts) if lasts else None)
            merged[key] = server
            lists.setdefault(key, []).append(snapshot.path.name)
    return [(server, lists[key]) for key, server in merged.items()]


def infrastructure_stix(snapshots: list[Snapshot], tlp: str = "TLP:CLEAR",
                        family: str | None = None) -> dict[str, Any]:
    """The C2 servers of ``snapshots`` (located: AS and country filled) as a STIX 2.1
    bundle (a JSON-ready dict); only ``family``'s when given (case ignored)."""
    if tlp not in TLP2_IDS:
        raise TnocError(f"--tlp {tlp!r}: expected one of {', '.join(TLP2_IDS)}")
    servers = merged_servers(snapshots)
    if family is not None:
        servers = [(s, names) for s, names in servers
                   if s.family.casefold() == family.casefold()]
        if not servers:
            raise TnocError(f"no {family!r} servers in the lists given")
    if not servers:
        raise TnocError("no servers in the lists given")
    taken = _moment(max(s.taken for s in snapshots))
    database = next((s.database for s in snapshots if s.database), None)
    identity = stix2.v21.Identity(
        id=TNOC_IDENTITY, name="TNOC", identity_class="system",
        description=f"TNOC {__version__} export" + (
            f"; AS names and countries: {database}" if database else ""),
        created="2026-01-01T00:00:00Z", modified="2026-01-01T00:00:00Z")
    objects: list[Any] = [identity, MARKINGS[tlp],
                          *_objects(servers, TLP2_IDS[tlp], taken)]
    bundle = stix2.v21.Bundle(objects=objects, id=f"bundle--{uuid.uuid4()}")
    data: dict[str, Any] = json.loads(bundle.serialize())
    return data


def _objects(servers: list[tuple[C2Server, list[str]]], marking: str,
             taken: datetime) -> Iterator[Any]:
    sdo = {"created": taken, "modified": taken, "created_by_ref": TNOC_IDENTITY,
           "object_marking_refs": [marking]}
    emitted: set[str] = set()

    def once(kind: type, **properties: Any) -> Iterator[Any]:
        """The object, unless one with its id was made already (built only then:
        building a stix2 object is the slow part, ~0.5 ms)."""
        if properties["id"] not in emitted:
            emitted.add(properties["id"])
            yield kind(**properties)

    def relate(kind: str, source: str, target: str, text: str) -> Iterator[Any]:
        yield from once(stix2.v21.Relationship,
                        id=_id("relationship", f"{source}|{kind}|{target}"),
                        relationship_type=kind, source_ref=source, target_ref=target,
                        description=text, **sdo)

    for server, lists in sorted(servers, key=lambda item: (item[0].family, item[0].ip,
                                                           item[0].port)):
        malware_id = _id("malware", server.family.casefold())
        yield from once(stix2.v21.Malware, id=malware_id, name=server.family,
                        is_family=True, malware_types=["bot"], **sdo)
        version = ipaddress.ip_address(server.ip).version
        address_refs: dict[str, Any] = {"object_marking_refs": [marking]}
        if server.asn is not None:
            as_id = _id("autonomous-system", str(server.asn))
            yield from once(stix2.v21.AutonomousSystem, id=as_id, number=server.asn,
                            object_marking_refs=[marking],
                            **({"name": server.as_name} if server.as_name else {}))
            address_refs["belongs_to_refs"] = [as_id]
        address_type = stix2.v21.IPv4Address if version == 4 else stix2.v21.IPv6Address
        address_id = _id(f"ipv{version}-addr", server.ip)
        yield from once(address_type, id=address_id, value=server.ip, **address_refs)
        first = _moment(server.first_seen)
        last = _moment(server.last_online) if server.last_online else None
        if last is not None and last < first:  # a last-online day before first seen
            last = first
        where = f"hosted on {server.as_key}" if server.as_key else "AS unknown"
        infrastructure_id = _id("infrastructure", f"{server.ip}:{server.port}/{server.family}")
        yield from once(
            stix2.v21.Infrastructure, id=infrastructure_id,
            name=f"{server.family} C2 {server.ip}:{server.port}",
            infrastructure_types=["command-and-control"], first_seen=first,
            **({"last_seen": last} if last else {}),
            description=(f"{server.family} command-and-control server {server.ip} port "
                         f"{server.port}; status {server.status or 'not given'}"
                         f"{' (JARM ' + server.jarm + ')' if server.jarm else ''}; "
                         f"{where}; listed in {', '.join(lists)}"), **sdo)
        yield from relate("consists-of", infrastructure_id, address_id,
                          f"the server answers on port {server.port}")
        yield from relate("controls", infrastructure_id, malware_id,
                          f"a {server.family} C2 server")
        yield from relate("uses", malware_id, infrastructure_id,
                          f"{server.family} bots call this C2 server")
        if server.country:
            location_id = _id("location", server.country)
            yield from once(stix2.v21.Location, id=location_id, country=server.country,
                            **({"name": server.country_name} if server.country_name else {}),
                            **sdo)
            yield from relate("located-at", infrastructure_id, location_id,
                              "geolocated (offline GeoLite2 database)")
