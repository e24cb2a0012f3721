"""The modelled cities: read from the shipped CSV, blanks filled by one documented rule.

Fill rule for a blank `manufacturing_employment`: population x the median ratio of
manufacturing employment to population among the cities *of the same country* that have a
figure. Filled rows carry `employment_imputed = True` and are listed in each run's manifest.
"""

from __future__ import annotations

import csv
import re
import statistics
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

from sim.world.city_sectors import CityShares, read_city_sector_shares
from sim.world.countries import COUNTRY_NAMES


@dataclass(frozen=True)
class City:
    id: str
    name: str
    country: str
    state: str
    lat: float
    lon: float
    population: int
    employment: float
    employment_imputed: bool
    wage_index: float
    twin_id: str | None
    source: str
    # sector shares its sources give (None where blank; empty: the national mix), see
    # sim/world/city_sectors.py
    sector_shares: CityShares = field(default_factory=lambda: MappingProxyType({}))


def slug(name: str, country: str) -> str:
    """Stable id: lower-case name with non-alphanumerics as '_', plus the country."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") + "_" + country.lower()


def _twin_name(source: str) -> str | None:
    match = re.search(r"twin:\s*([^;\"]+)$", source.strip())
    if not match:
        return None
    words = [w for w in match.group(1).lower().split() if w not in {"az", "son."}]
    return " ".join(words)


@cache
def _read_rows(path: Path) -> tuple[dict, ...]:
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def city_ids(path: Path) -> set[str]:
    """Ids of the cities in a city table (used to validate config references)."""
    return {slug(r["city"], r["country"]) for r in _read_rows(Path(path))}


def _imputation_ratios(rows: tuple[dict, ...]) -> dict[str, float]:
    ratios: dict[str, float] = {}
    for country in COUNTRY_NAMES:
        known = [
            float(r["manufacturing_employment"]) / float(r["population"])
            for r in rows
            if r["country"] == country and r["manufacturing_employment"].strip()
        ]
        ratios[country] = statistics.median(known)
    return ratios


def load_cities(
    cities_path: Path, wages_path: Path, sectors_path: Path | None = None
) -> list[City]:
    """All cities with employment filled, wage index and sector shares attached and twins
    resolved (no sector table: every city has the national mix)."""
    rows = _read_rows(Path(cities_path))
    wages = {r["city_id"]: float(r["operative_wage_index"]) for r in _read_rows(Path(wages_path))}
    sectors = read_city_sector_shares(Path(sectors_path)) if sectors_path else {}
    ratios = _imputation_ratios(rows)
    cities: list[City] = []
    for r in rows:
        country = r["country"]
        if country not in COUNTRY_NAMES:
            allowed = " or ".join(COUNTRY_NAMES)
            raise ValueError(f"{cities_path}: country {country!r} must be {allowed}")
        cid = slug(r["city"], country)
        raw = r["manufacturing_employment"].strip()
        population = int(float(r["population"]))
        employment = float(raw) if raw else round(population * ratios[country])
        cities.append(
            City(
                id=cid,
                name=r["city"],
                country=country,
                state=r["state"],
                lat=float(r["lat"]),
                lon=float(r["lon"]),
                population=population,
                employment=employment,
                employment_imputed=not raw,
                wage_index=wages.get(cid, 1.0),
                twin_id=None,
                source=r["source"],
                sector_shares=sectors.get(cid, MappingProxyType({})),
            )
        )
    return _with_twins(cities)


def _with_twins(cities: list[City]) -> list[City]:
    resolved = []
    for city in cities:
        twin = _twin_name(city.source)
        twin_id = None
        if twin:
            for other in cities:
                if other.country != city.country and twin in other.name.lower():
                    twin_id = other.id
                    break
        resolved.append(City(**{**city.__dict__, "twin_id": twin_id}))
    return resolved
