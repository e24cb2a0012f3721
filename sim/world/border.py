"""The Mexico-US border as a polyline through the crossing points, Pacific to Gulf.

Vertices follow the real line: the Pacific at Tijuana/San Diego, the Colorado river, Nogales,
the 31.33 degree line and the New Mexico bootheel, El Paso/Juarez, then down the Rio Grande
through Ojinaga, Acuna, Piedras Negras, Nuevo Laredo, Reynosa and Matamoros to the Gulf. Near
twin cities the vertices are placed so that each city falls on its own side. Longitudes
increase monotonically, so "north of the line" is a latitude comparison.
"""

from __future__ import annotations

import numpy as np

BORDER_LON_LAT = np.array(
    [
        (-117.125, 32.534),  # Pacific, Tijuana / San Diego
        (-114.720, 32.718),  # Colorado river near Yuma
        (-111.075, 31.332),  # Sonora-Arizona line
        (-110.940, 31.332),  # Nogales / Nogales
        (-108.208, 31.333),  # bootheel, west corner
        (-108.200, 31.784),  # bootheel, north corner
        (-106.528, 31.784),  # Rio Grande begins, El Paso / Juarez
        (-106.450, 31.760),
        (-106.000, 31.400),
        (-104.450, 29.620),  # Ojinaga / Presidio
        (-104.350, 29.520),
        (-103.200, 28.970),  # Big Bend
        (-102.400, 29.780),
        (-101.400, 29.770),
        (-100.930, 29.350),  # Acuna / Del Rio
        (-100.515, 28.720),  # Piedras Negras / Eagle Pass
        (-100.450, 28.550),
        (-99.490, 27.520),  # Nuevo Laredo / Laredo
        (-98.260, 26.120),  # Reynosa / McAllen
        (-97.490, 25.900),  # Matamoros / Brownsville
        (-97.146, 25.956),  # Gulf of Mexico
    ]
)

KM_PER_DEG_LAT = 110.57
REFERENCE_LAT = 29.0
KM_PER_DEG_LON = 111.32 * np.cos(np.radians(REFERENCE_LAT))


def border_lat(lon: np.ndarray | float) -> np.ndarray:
    """Latitude of the border line at each longitude (flat beyond the ends)."""
    return np.interp(lon, BORDER_LON_LAT[:, 0], BORDER_LON_LAT[:, 1])


def is_us(lon: np.ndarray | float, lat: np.ndarray | float) -> np.ndarray:
    """True north of the border line (United States), False south (Mexico)."""
    return np.asarray(lat) > border_lat(lon)


def to_km(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Equirectangular projection around 29 N: good to a few percent over the corridor."""
    return np.asarray(lon) * KM_PER_DEG_LON, np.asarray(lat) * KM_PER_DEG_LAT


def distance_to_border_km(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Shortest distance from each point to the border polyline, km."""
    px, py = to_km(np.ravel(lon), np.ravel(lat))
    bx, by = to_km(BORDER_LON_LAT[:, 0], BORDER_LON_LAT[:, 1])
    ax, ay, dx, dy = bx[:-1], by[:-1], np.diff(bx), np.diff(by)
    rel_x = px[:, None] - ax[None, :]
    rel_y = py[:, None] - ay[None, :]
    t = np.clip((rel_x * dx + rel_y * dy) / (dx * dx + dy * dy), 0.0, 1.0)
    gap = np.hypot(rel_x - t * dx, rel_y - t * dy)
    return gap.min(axis=1).reshape(np.shape(lon))


def pairwise_km(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Distance matrix between points, km."""
    x, y = to_km(lon, lat)
    return np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
