"""Every group profile the case supports, built once and linked across modules.

Networks (:mod:`tnoc.graph`), malware families (feeds and wallet attribution), darknet
vendors (listings) and laundering networks (typology alerts) are profiled, then
laundering networks are tied to the criminal networks whose actors hold their accounts
(:func:`tnoc.assess.laundering.link_to_networks`). The CLI and the report both call
:func:`case_profiles`, so they show the same groups.
"""

from __future__ import annotations

import duckdb

from tnoc.assess.geo import Locations
from tnoc.assess.laundering import laundering_profiles, link_to_networks
from tnoc.assess.profiles import (
    GroupProfile,
    malware_profiles,
    network_profiles,
    vendor_profiles,
)


def case_profiles(con: duckdb.DuckDBPyConnection, locations: Locations, top: int = 5,
                  disruption: bool = True) -> list[GroupProfile]:
    """All profiles: every network source, the ``top`` malware families, vendors and
    laundering networks. ``locations`` is the handle of
    :func:`tnoc.assess.geo.locate_case` (the malware families' infrastructure)."""
    networks = network_profiles(con, disruption)
    laundering = laundering_profiles(con, top)
    link_to_networks(networks, laundering)
    return networks + malware_profiles(con, locations, top) + vendor_profiles(con, top) + laundering
