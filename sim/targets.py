"""Calibration targets: the article's figures and public statistics (DESIGN.md section 6).

Shared by the run summary figure, the visualizer and the calibration, so the target drawn on
a chart is the target the calibration aims at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class PointTarget:
    """A column's value at a month, with its tolerance."""

    column: str
    date: str
    value: float
    tolerance: float
    source: str

    def simulated(self, frame: pd.DataFrame) -> float:
        return float(frame.loc[frame["date"] == self.date, self.column].iloc[0])


ADOPTION_TARGETS = (
    PointTarget("adoption_share_mx", "2022-12", 0.19, 0.03, "article (UCSD / Tec de Monterrey)"),
    PointTarget("adoption_share_mx", "2024-12", 0.34, 0.03, "article (UCSD / Tec de Monterrey)"),
    PointTarget("adoption_share_us", "2024-12", 0.48, 0.05, "article (US Chamber), TX/CA/AZ"),
)

UNEMPLOYMENT_BANDS = {
    # 2022 unemployment-rate ranges by country (facts.csv: INEGI ENOE, BLS LAUS)
    "unemployment_rate_mx": (0.02, 0.04),
    "unemployment_rate_us": (0.04, 0.07),
}
UNEMPLOYMENT_BAND_WINDOW = ("2022-01", "2022-12")
TURNOVER_BAND = (0.026, 0.056)  # maquiladora monthly turnover (Index Juarez, Tijuana)
TURNOVER_WINDOW = ("2022-01", "2025-12")  # the months the calibration observes
DISPLACED_2024_SHARE = (0.12, 0.03)  # article: ~12% of operative jobs displaced during 2024
DISPLACED_2024_2025_MIN = 0.20  # article: > 20% cumulative by end-2025 without policy
DISPLACED_BASE_DATE = "2023-12"  # displacement is measured against operative jobs at this month
WAGES_USD_HOUR = {"mx": 3.0, "us": 27.48}  # facts.csv: IMMEX operative vs US production worker


def displaced_share(frame: pd.DataFrame, start: str, end: str, base_date: str) -> float:
    """Displaced operative jobs over [start, end] as a share of operative jobs at base_date."""
    window = frame[(frame["date"] >= start) & (frame["date"] <= end)]
    base = float(frame.loc[frame["date"] == base_date, "operative_jobs_mx"].iloc[0])
    return float(window["displaced_month_mx"].sum()) / base if base else 0.0


@dataclass(frozen=True)
class Target:
    """One calibration target: a number measured on a run's timeseries and where it should lie.

    `point` targets aim at `centre` (the loss grows with the distance from it); band targets
    are met anywhere in [low, high] (the loss grows with the distance outside). `scale` is the
    distance that counts as one unit of miss: the tolerance, or half the band.
    """

    name: str
    low: float
    high: float
    centre: float
    point: bool
    scale: float
    last_date: str
    source: str
    measure: Callable[[pd.DataFrame], float]

    def simulated(self, frame: pd.DataFrame) -> float:
        return float(self.measure(frame))

    def met(self, value: float) -> bool:
        return self.low <= value <= self.high

    def miss(self, value: float) -> float:
        """Signed distance outside [low, high] (0 when met), in the target's units."""
        return value - self.high if value > self.high else min(0.0, value - self.low)

    def z(self, value: float) -> float:
        """Distance in units of `scale`: from the centre for points, outside the band else."""
        gap = value - self.centre if self.point else self.miss(value)
        return gap / self.scale


def _window_mean(column: str, start: str, end: str) -> Callable[[pd.DataFrame], float]:
    def measure(frame: pd.DataFrame) -> float:
        window = frame[(frame["date"] >= start) & (frame["date"] <= end)]
        return float(window[column].mean())

    return measure


def _displaced(start: str, end: str) -> Callable[[pd.DataFrame], float]:
    return lambda frame: displaced_share(frame, start, end, DISPLACED_BASE_DATE)


def _band(
    name: str, column: str, band: tuple[float, float], window: tuple[str, str], source: str
) -> Target:
    """The column's mean over the window must lie within the band."""
    low, high = band
    measure = _window_mean(column, *window)
    return Target(
        name, low, high, (low + high) / 2, False, (high - low) / 2, window[1], source, measure
    )


def _calibration_targets() -> tuple[Target, ...]:
    targets = [
        Target(
            f"{t.column}@{t.date}",
            t.value - t.tolerance,
            t.value + t.tolerance,
            t.value,
            True,
            t.tolerance,
            t.date,
            t.source,
            t.simulated,
        )
        for t in ADOPTION_TARGETS
    ]
    share, tolerance = DISPLACED_2024_SHARE
    targets.append(
        Target(
            "displaced_share_mx@2024",
            share - tolerance,
            share + tolerance,
            share,
            True,
            tolerance,
            "2024-12",
            "article: ~12% of MX border operative jobs displaced in 2024",
            _displaced("2024-01", "2024-12"),
        )
    )
    targets.append(
        Target(
            "displaced_share_mx@2024-2025",
            DISPLACED_2024_2025_MIN,
            1.0,
            DISPLACED_2024_2025_MIN,
            False,
            tolerance,
            "2025-12",
            "article: > 20% by end-2025 with no reconversion policy",
            _displaced("2024-01", "2025-12"),
        )
    )
    start, end = UNEMPLOYMENT_BAND_WINDOW
    for column, band in UNEMPLOYMENT_BANDS.items():
        source = "facts.csv: INEGI ENOE (MX), BLS LAUS (US), mean over 2022"
        targets.append(_band(f"{column}@2022", column, band, (start, end), source))
    source = "facts.csv: maquiladora turnover (Index Juarez, Tijuana), monthly mean"
    name = "operative_turnover_rate_mx@2022-2025"
    targets.append(
        _band(name, "operative_turnover_rate_mx", TURNOVER_BAND, TURNOVER_WINDOW, source)
    )
    return tuple(targets)


CALIBRATION_TARGETS = _calibration_targets()
