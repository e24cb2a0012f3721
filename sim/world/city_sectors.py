"""Each city's mix of plant sectors, from the city sector table (configs/data/city_sectors.csv).

Border cities differ in what their plants make (Juárez auto parts, Tijuana medical devices and
electronics, Reynosa electronics), and the US demand each sector sells into moved differently
in 2023-2025, so one national mix for every city hides why cities diverged. A row gives the
shares the sources support and leaves the rest blank. Fill rule: the blank sectors share what the
given ones leave, in proportion to the national mix (`plants.sector_shares`); a row with every
cell blank is the national mix. Its `mix` column says which case it is (sourced, partial,
national), and the reader checks that it says so truly.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import numpy as np

from sim.world.sectors import SECTORS

MIX_KINDS = ("sourced", "partial", "national")
SUM_TOLERANCE = 1e-3  # the shares are printed to three decimals in the sources


class SectorShareError(ValueError):
    """A bad cell of the city sector table: which city, which field, which value, what is
    allowed."""

    def __init__(self, city: str, field: str, value: object, allowed: str) -> None:
        self.city, self.field, self.value, self.allowed = city, field, value, allowed
        super().__init__(f"city {city}: {field} = {value!r}: {allowed}")


CityShares = Mapping[str, float | None]  # sector -> share, None where the row is blank


def _share(city: str, sector: str, text: str) -> float | None:
    if not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (0.0 <= value <= 1.0):
        raise SectorShareError(city, sector, text, "must be a share within 0..1, or blank")
    return value


def _check_row(city: str, kind: str, shares: dict[str, float | None]) -> None:
    given = [v for v in shares.values() if v is not None]
    total = math.fsum(given)
    if kind not in MIX_KINDS:
        raise SectorShareError(city, "mix", kind, f"must be one of {', '.join(MIX_KINDS)}")
    blanks = len(shares) - len(given)
    truth = "national" if not given else "sourced" if blanks == 0 else "partial"
    if kind != truth:
        raise SectorShareError(city, "mix", kind, f"must be {truth} for a row with {blanks} blanks")
    if truth == "sourced" and abs(total - 1.0) > SUM_TOLERANCE:
        raise SectorShareError(city, "shares sum", round(total, 4), "must be 1 (±0.001)")
    if total > 1.0 + SUM_TOLERANCE:
        raise SectorShareError(city, "shares sum", round(total, 4), "must be at most 1")


def read_city_sector_shares(path: Path) -> dict[str, CityShares]:
    """The given sector shares of every city in the table, checked (raises SectorShareError)."""
    with Path(path).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    table: dict[str, CityShares] = {}
    for row in rows:
        city = row["city_id"]
        shares = {s: _share(city, s, row[s] or "") for s in SECTORS}
        _check_row(city, (row.get("mix") or "").strip(), shares)
        table[city] = MappingProxyType(shares)
    return table


def national_mix(shares: Mapping[str, float]) -> np.ndarray:
    """The config's national mix over SECTORS (a sector name SECTORS lacks counts as other)."""
    mix = np.zeros(len(SECTORS))
    for name, share in shares.items():
        mix[SECTORS.index(name) if name in SECTORS else SECTORS.index("other")] += share
    return mix


def city_mix(given: CityShares, national: np.ndarray) -> np.ndarray:
    """A city's share of plants by sector over SECTORS: its given shares, the blanks filling
    the rest in proportion to the national mix; all blank (or no row) is the national mix."""
    mix = np.array([given.get(s) if given.get(s) is not None else np.nan for s in SECTORS])
    blank = np.isnan(mix)
    rest = max(1.0 - math.fsum(mix[~blank]), 0.0)
    weights = national[blank]
    if blank.any():
        mix[blank] = rest * weights / weights.sum() if weights.sum() > 0 else rest / blank.sum()
    return mix / mix.sum()
