"""Held-back checks: observed figures the calibration never sees, measured on the same runs.

The calibration fits the targets of `sim.targets` (the article's adoption figures, 2022-2023
unemployment, Juarez and Baja California IMMEX employment, Juarez's participation rate, US border
manufacturing, maquila turnover, the IFR bound). Everything here is kept out of the fit and
reported beside it (`results/calibration/validation.csv`): 2024-2025 unemployment, the 2023 city
rates, Juarez's and Tijuana's vacancies, the 2024 informality of the border states, and the sign
of the Beveridge curve. Sources: `../shared/data/observed.csv` and `facts.csv`,
row by row below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.config import Scenario
from sim.pipeline import Execution, Keep, RunTask, run_in_memory
from sim.targets import HELD_BACK_UNEMPLOYMENT_YEARS, unemployment_bands

CITY_RATE_TOLERANCE = 0.015  # a city's quarter is met within 1.5 points of the observed rate
QUARTERS = {"Q1": ("01", "03"), "Q2": ("04", "06"), "Q3": ("07", "09"), "Q4": ("10", "12")}


@dataclass(frozen=True)
class Check:
    """One held-back observation: its band and how to measure it on a run."""

    name: str
    low: float
    high: float
    observed: float
    source: str
    measure: Callable[[pd.DataFrame, pd.DataFrame], float]


def _city_mean(city_id: str, column: str, start: str, end: str) -> Callable[..., float]:
    def measure(frame: pd.DataFrame, cities: pd.DataFrame) -> float:
        rows = cities[
            (cities["city_id"] == city_id) & (cities["date"] >= start) & (cities["date"] <= end)
        ]
        return float(rows[column].mean())

    return measure


def _period(period: str) -> tuple[str, str]:
    """'2023-Q2' or '2023-07' -> first and last month."""
    year, part = period.split("-")
    if part in QUARTERS:
        first, last = QUARTERS[part]
        return f"{year}-{first}", f"{year}-{last}"
    return period, period


CITY_RATES_2023 = (  # observed.csv rows of 2023 (ENOE quarters, LAUS months)
    ("tijuana_mx", "2023-Q2", 0.018, "INEGI ENOE via esquina32.info"),
    ("tijuana_mx", "2023-Q4", 0.022, "INEGI ENOE via hbmnoticias.com"),
    ("ciudad_juarez_mx", "2023-Q2", 0.023, "INEGI ENOE via esquina32.info"),
    ("ciudad_juarez_mx", "2023-Q4", 0.017, "INEGI ENOE via hbmnoticias.com"),
    ("reynosa_mx", "2023-Q2", 0.029, "INEGI ENOE via esquina32.info"),
    ("monterrey_mx", "2023-Q2", 0.037, "INEGI ENOE via eluniversal.com.mx"),
    ("monterrey_mx", "2023-Q4", 0.027, "INEGI ENOE via hbmnoticias.com"),
    ("chihuahua_mx", "2023-Q4", 0.027, "INEGI ENOE via hbmnoticias.com"),
    ("el_paso_us", "2023-07", 0.048, "BLS LAUS"),
    ("mcallen_us", "2023-07", 0.067, "BLS LAUS"),
    ("brownsville_us", "2023-07", 0.058, "BLS LAUS"),
    ("laredo_us", "2023-07", 0.042, "BLS LAUS"),
    ("san_diego_us", "2023-09", 0.040, "California EDD / BLS"),
    ("san_diego_us", "2023-12", 0.043, "California EDD / BLS"),
)


def _mean_change(city_id: str, column: str, first: tuple[str, str], last: tuple[str, str]):
    before, after = _city_mean(city_id, column, *first), _city_mean(city_id, column, *last)
    return lambda frame, cities: after(frame, cities) / before(frame, cities) - 1.0


def _beveridge(frame: pd.DataFrame, cities: pd.DataFrame) -> float:
    return float(np.corrcoef(frame["unemployment_rate_mx"], frame["vacancies_mx"])[0, 1])


def _column_mean(column: str, start: str, end: str) -> Callable[..., float]:
    def measure(frame: pd.DataFrame, cities: pd.DataFrame) -> float:
        return float(frame.loc[(frame["date"] >= start) & (frame["date"] <= end), column].mean())

    return measure


def held_back_checks() -> tuple[Check, ...]:
    checks = [
        Check(t.name, t.low, t.high, t.centre, t.source, t.measure)
        for t in unemployment_bands(HELD_BACK_UNEMPLOYMENT_YEARS)
    ]
    for city_id, period, value, source in CITY_RATES_2023:
        start, end = _period(period)
        checks.append(
            Check(
                f"unemployment_rate {city_id} {period}",
                value - CITY_RATE_TOLERANCE,
                value + CITY_RATE_TOLERANCE,
                value,
                source,
                _city_mean(city_id, "unemployment_rate", start, end),
            )
        )
    checks += [
        Check(
            "vacancies Ciudad Juarez 2025 / 2022 - 1",
            -0.9,
            -0.4,
            -0.75,
            "Index Juarez via netnoticias.mx: ~20,000 -> ~5,000 open positions",
            _mean_change(
                "ciudad_juarez_mx", "vacancies", ("2022-01", "2022-12"), ("2025-01", "2025-12")
            ),
        ),
        Check(
            "vacancies Tijuana 2024-Q1 / 2023-Q1 - 1",
            -0.6,
            -0.1,
            -0.32,
            "bieninformado.mx: 14,989 open positions, -32% year on year",
            _mean_change("tijuana_mx", "vacancies", ("2023-01", "2023-03"), ("2024-01", "2024-03")),
        ),
        Check(
            "informality_rate_mx 2024-Q1",
            0.30,
            0.40,
            0.355,
            "facts.csv: INEGI ENOE border states 2024-Q1 33.8-37.4%",
            _column_mean("informality_rate_mx", "2024-01", "2024-03"),
        ),
        Check(
            "corr(unemployment_rate_mx, vacancies_mx) 2022-2030",
            -1.0,
            -0.0001,
            -0.5,
            "the Beveridge curve (vacancies and unemployment move against each other)",
            _beveridge,
        ),
    ]
    return tuple(checks)


HELD_BACK = held_back_checks()


def validation_table(runs: list[tuple[pd.DataFrame, pd.DataFrame]]) -> pd.DataFrame:
    """Every held-back check over a set of runs: mean, 90% band over seeds, met or not."""
    rows = []
    for check in HELD_BACK:
        values = np.array([check.measure(frame, cities) for frame, cities in runs])
        mean = float(values.mean())
        rows.append(
            {
                "check": check.name,
                "observed": check.observed,
                "low": check.low,
                "high": check.high,
                "mean": mean,
                "p05": float(np.quantile(values, 0.05)),
                "p95": float(np.quantile(values, 0.95)),
                "met": check.low <= mean <= check.high,
                "source": check.source,
            }
        )
    return pd.DataFrame(rows)


def held_back_table(
    scenario: Scenario, seeds: list[int], workers: int | None = None
) -> pd.DataFrame:
    """Run the scenario over its full horizon for each seed (one batch) and measure every
    held-back check."""
    tasks = [RunTask.of(scenario, seed, Keep(cities=True)) for seed in seeds]
    return validation_table(run_in_memory(tasks, Execution(workers=workers)))


def markdown_section(table: pd.DataFrame, seeds: int) -> str:
    """The held-back checks as a report section."""
    met = int(table["met"].sum())
    lines = [
        "",
        "## Held back: observations the calibration never saw",
        "",
        f"{met} of {len(table)} met in the mean of {seeds} out-of-sample seeds, full 2022-2030 "
        "runs of the calibrated baseline (`sim/validation.py`; `validation.csv`).",
        "",
        "| check | observed | band | mean | 90% over seeds | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in table.itertuples():
        verdict = "yes" if row.met else f"**no** (misses by {_miss(row):+.3f})"
        lines.append(
            f"| {row.check} | {row.observed:.3f} | {row.low:.3f}..{row.high:.3f} | "
            f"{row.mean:.3f} | {row.p05:.3f}..{row.p95:.3f} | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def _miss(row) -> float:
    return row.mean - row.high if row.mean > row.high else row.mean - row.low
