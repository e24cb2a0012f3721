"""The corridor grid: a Mesa discrete space whose cells know country, municipality, distance
to the border and SEZ membership (Mesa property layers), plus where each city sits on it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from mesa.discrete_space import Cell, OrthogonalMooreGrid, PropertyLayer

from sim.world.border import KM_PER_DEG_LAT, KM_PER_DEG_LON, distance_to_border_km, is_us
from sim.world.cities import City
from sim.world.countries import COUNTRY_CODE

LON_MIN, LON_MAX = -117.2, -97.1
LAT_MIN, LAT_MAX = 24.5, 33.5


# Mesa's Moore neighbourhood, in Mesa's order (`OrthogonalMooreGrid._connect_cells_2d`)
MOORE_OFFSETS = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))


class CorridorGrid(OrthogonalMooreGrid):
    """An `OrthogonalMooreGrid` (not a torus) that connects its cells in one pass.

    Mesa connects a cell to each neighbour with `Cell.connect`, which clears the neighbourhood
    caches of every cell each time: 155,000 clears for the corridor's 19,600 cells, most of the
    time it takes to build a model. Here each cell gets the same connections dict (same keys,
    same order, same neighbours) at once, and the caches are cleared once at the end."""

    def _connect_cells_2d(self) -> None:
        if self.torus:
            super()._connect_cells_2d()
            return
        cells = self._cells
        for (i, j), neighbours in _moore_neighbours(*self.dimensions).items():
            cells[i, j].connections = {
                offset: cells[coordinate] for offset, coordinate in neighbours
            }
        Cell._clear_cache(next(iter(cells.values())))  # what `Cell.connect` leaves behind


@cache
def _moore_neighbours(
    width: int, height: int
) -> dict[tuple[int, int], tuple[tuple[tuple[int, int], tuple[int, int]], ...]]:
    """(offset, neighbour coordinate) of every cell of a width x height grid, in Mesa's order."""
    return {
        (i, j): tuple(
            ((di, dj), (i + di, j + dj))
            for di, dj in MOORE_OFFSETS
            if 0 <= i + di < width and 0 <= j + dj < height
        )
        for i in range(width)
        for j in range(height)
    }


@dataclass
class Corridor:
    """The grid and its geography; cell (i, j): column i west to east, row j south to north."""

    grid: CorridorGrid
    cities: list[City]
    lon: np.ndarray  # cell-centre longitude, shape (nx, ny)
    lat: np.ndarray
    city_cell: np.ndarray  # (n_cities, 2) grid coordinates of each city
    city_cells: list[np.ndarray]  # flat indices of each municipality's cells
    city_distance_km: np.ndarray  # (n_cities, n_cities)

    @property
    def shape(self) -> tuple[int, int]:
        return self.lon.shape

    def layer(self, name: str) -> np.ndarray:
        """The data of a property layer (Mesa gives each layer as a grid attribute)."""
        return getattr(self.grid, name).data

    def coords(self, flat: np.ndarray) -> tuple[np.ndarray, ...]:
        return np.unravel_index(flat, self.shape)


def build_corridor(
    cities: list[City], cell_km: float, commute_radius_km: float, sez_city_ids: list[str], random
) -> Corridor:
    """Lay the grid over the corridor and fill its property layers."""
    dlon = cell_km / KM_PER_DEG_LON
    dlat = cell_km / KM_PER_DEG_LAT
    nx = int(np.ceil((LON_MAX - LON_MIN) / dlon))
    ny = int(np.ceil((LAT_MAX - LAT_MIN) / dlat))
    lon, lat = np.meshgrid(
        LON_MIN + (np.arange(nx) + 0.5) * dlon,
        LAT_MIN + (np.arange(ny) + 0.5) * dlat,
        indexing="ij",
    )
    grid = CorridorGrid((nx, ny), torus=False, random=random)
    country = is_us(lon, lat).astype(np.int8)
    city_lon = np.array([c.lon for c in cities])
    city_lat = np.array([c.lat for c in cities])
    city_country = np.array([COUNTRY_CODE[c.country] for c in cities])

    # each city sits on the nearest cell of its own country
    city_cell = np.zeros((len(cities), 2), dtype=np.int64)
    for k in range(len(cities)):
        gap = np.hypot((lon - city_lon[k]) / dlon, (lat - city_lat[k]) / dlat)
        gap[country != city_country[k]] = np.inf
        city_cell[k] = np.unravel_index(np.argmin(gap), gap.shape)

    # municipality: nearest same-country city within commuting reach, else -1
    cx = (lon[..., None] - city_lon) * KM_PER_DEG_LON
    cy = (lat[..., None] - city_lat) * KM_PER_DEG_LAT
    dist = np.hypot(cx, cy)
    dist[country[..., None] != city_country[None, None, :]] = np.inf
    nearest = dist.argmin(axis=-1)
    municipality = np.where(dist.min(axis=-1) <= commute_radius_km, nearest, -1).astype(np.int16)
    for k, (i, j) in enumerate(city_cell):  # a city always owns its own cell
        municipality[i, j] = k

    sez_index = {c.id: k for k, c in enumerate(cities)}
    sez = np.isin(municipality, [sez_index[s] for s in sez_city_ids])

    layers = {
        "country": country,
        "municipality": municipality,
        "distance_to_border_km": distance_to_border_km(lon, lat).astype(np.float32),
        "sez": sez,
        "unemployment_rate": np.zeros((nx, ny)),
    }
    for name, data in layers.items():
        grid.add_property_layer(PropertyLayer.from_data(name, data))

    flat_muni = municipality.ravel()
    order = np.argsort(flat_muni, kind="stable")
    bounds = np.searchsorted(flat_muni[order], np.arange(len(cities) + 1))
    city_cells = [order[bounds[k] : bounds[k + 1]] for k in range(len(cities))]
    xk, yk = city_lon * KM_PER_DEG_LON, city_lat * KM_PER_DEG_LAT
    city_distance = np.hypot(xk[:, None] - xk[None, :], yk[:, None] - yk[None, :])
    return Corridor(grid, cities, lon, lat, city_cell, city_cells, city_distance)
