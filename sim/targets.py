"""Calibration targets: the article's figures and public statistics (DESIGN.md section 6).

Shared by the run summary figure, the visualizer and the calibration, so the target drawn on
a chart is the target the calibration aims at.
"""

from __future__ import annotations

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
TURNOVER_BAND = (0.026, 0.056)  # maquiladora monthly turnover (Index Juarez, Tijuana)
DISPLACED_2024_SHARE = (0.12, 0.03)  # article: ~12% of operative jobs displaced during 2024
DISPLACED_2024_2025_MIN = 0.20  # article: > 20% cumulative by end-2025 without policy
WAGES_USD_HOUR = {"mx": 3.0, "us": 27.48}  # facts.csv: IMMEX operative vs US production worker


def displaced_share(frame: pd.DataFrame, start: str, end: str, base_date: str) -> float:
    """Displaced operative jobs over [start, end] as a share of operative jobs at base_date."""
    window = frame[(frame["date"] >= start) & (frame["date"] <= end)]
    base = float(frame.loc[frame["date"] == base_date, "operative_jobs_mx"].iloc[0])
    return float(window["displaced_month_mx"].sum()) / base if base else 0.0
