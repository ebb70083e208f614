"""The shipped country boundaries: Natural Earth's 1:110m Admin 0 countries (v4.1.0,
public domain, https://www.naturalearthdata.com/about/terms-of-use/), in ``assess/data``
and read with ``pyshp``; keyed by ISO 3166-1 alpha-2.

Kept apart from the drawing (:mod:`tnoc.assess.maps`, matplotlib) so that what only
needs the shapes (the web workspace's map, :mod:`tnoc.assess.casemap`) does not load a
plotting library.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapefile

__all__ = ["BOUNDARIES", "Country", "countries", "countries_geojson"]

BOUNDARIES = Path(__file__).parent / "data" / "ne_110m_admin_0_countries"


@dataclass
class Country:
    iso2: str
    name: str
    rings: list[np.ndarray]
    centre: tuple[float, float]


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))


def _centroid(ring: np.ndarray) -> tuple[float, float]:
    """Centroid of a polygon ring (shoelace formula); the mean for degenerate rings."""
    x, y = ring[:, 0], ring[:, 1]
    cross = x * np.roll(y, 1) - np.roll(x, 1) * y
    area = cross.sum() / 2
    if abs(area) < 1e-9:
        return float(x.mean()), float(y.mean())
    return (float(((x + np.roll(x, 1)) * cross).sum() / (6 * area)),
            float(((y + np.roll(y, 1)) * cross).sum() / (6 * area)))


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """The shipped boundaries by alpha-2 code (the two unrecognised territories without
    one, N. Cyprus and Somaliland, under their names)."""
    reader = shapefile.Reader(str(BOUNDARIES))
    out: dict[str, Country] = {}
    for shape_record in reader.iterShapeRecords():
        record = shape_record.record
        points = np.array(shape_record.shape.points)
        parts = [*shape_record.shape.parts, len(points)]
        rings = [points[a:b] for a, b in zip(parts, parts[1:], strict=False)]
        largest = max(rings, key=lambda r: abs(_area(r)))
        key = record["ISO_A2"] if len(record["ISO_A2"]) == 2 else record["NAME"]
        out[key] = Country(key, record["NAME"], rings, _centroid(largest))
    return out


@lru_cache(maxsize=1)
def countries_geojson() -> dict[str, object]:
    """The shipped boundaries (Natural Earth 1:110m Admin 0, v4.1.0, public domain) as a
    GeoJSON FeatureCollection, one MultiPolygon per country with its ``iso2``, ``name``
    and label point ``centre``: the web workspace's map draws them as a local source,
    so it needs no tile server and makes no external request. Each ring is a polygon of
    its own (at 1:110m the few holes, such as Lesotho within South Africa, are
    countries drawn over it)."""
    features = []
    for country in countries().values():
        features.append({
            "type": "Feature",
            "properties": {"iso2": country.iso2, "name": country.name,
                           "centre": [round(c, 3) for c in country.centre]},
            "geometry": {"type": "MultiPolygon", "coordinates": [
                [[[round(float(x), 3), round(float(y), 3)] for x, y in ring]]
                for ring in country.rings]}})
    return {"type": "FeatureCollection",
            "attribution": "Natural Earth 1:110m Admin 0 countries v4.1.0 (public domain)",
            "features": features}
