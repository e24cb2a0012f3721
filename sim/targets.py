"""Calibration targets (fitted): the article's adoption figures, observed statistics and two
evidence bounds (docs/model.md §8).

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

    def simulated(self, frame: pd.DataFrame, cities: pd.DataFrame | None = None) -> float:
        """The column's value in the target month (a `Measure`: the city table is not needed)."""
        return float(frame.loc[frame["date"] == self.date, self.column].iloc[0])


ADOPTION_TARGETS = (
    PointTarget("adoption_share_mx", "2022-12", 0.19, 0.03, "article (UCSD / Tec de Monterrey)"),
    PointTarget("adoption_share_mx", "2024-12", 0.34, 0.03, "article (UCSD / Tec de Monterrey)"),
    PointTarget("adoption_share_us", "2024-12", 0.48, 0.05, "article (US Chamber), TX/CA/AZ"),
)

UNEMPLOYMENT_BANDS = {
    # whole-city unemployment-rate bands by country for the held-back years (the bands
    # around observed.csv: INEGI ENOE border cities 1.7-3.7%, BLS LAUS border metros 3.2-7.7%)
    "unemployment_rate_mx": (0.015, 0.045),
    "unemployment_rate_us": (0.035, 0.075),
}
FITTED_UNEMPLOYMENT_BANDS = {
    # the fitted years: the range of the observed city rates themselves (observed.csv 2022-2023)
    "unemployment_rate_mx": (0.017, 0.037),
    "unemployment_rate_us": (0.032, 0.077),
}
# MX border unemployment 2022 -> 2023: Tijuana 2.4 -> 1.8/2.2, Juarez 2.2 -> 2.3/1.7 (ENOE)
MX_UNEMPLOYMENT_CHANGE_2023 = (-0.010, 0.005)
FITTED_UNEMPLOYMENT_YEARS = ("2022", "2023")
HELD_BACK_UNEMPLOYMENT_YEARS = ("2024", "2025")
TURNOVER_BAND = (0.026, 0.056)  # maquiladora monthly turnover (Index Juarez, Tijuana)
TURNOVER_WINDOW = ("2022-01", "2025-12")  # the months the calibration observes
TURNOVER_FALL_2024 = (0.45, 0.9)  # 2024-03..12 turnover / 2022-2023 turnover (Juarez 5.6 -> ~3)
# The article's pace (~12% of MX operative jobs automated away in 2024, > 20% over 2024-2025
# without policy) is not fitted: it is the named scenario configs/scenarios/article_pace.yaml.
AUTOMATED_2024_SHARE = (0.12, 0.03)
AUTOMATED_2024_2025_MIN = 0.20
AUTOMATED_BASE_DATE = "2023-12"  # measured against operative jobs at this month
JUAREZ = "ciudad_juarez_mx"
JUAREZ_JOBS_CHANGE = (-0.20, -0.06)  # IMMEX 2023-06 -> 2024-10: -13% (operatives -14%)
JUAREZ_JOBS_WINDOW = ("2023-06", "2024-10")
# ENOE participation rate 65.95 % (2021-Q4) -> 64.4 % (2023-Q4): -2.4 % of its level, the rate
# and not the labour force, which also grows with the city's working-age population; +/-3 % for
# the survey's city sampling error
JUAREZ_PARTICIPATION_CHANGE = -0.024
JUAREZ_PARTICIPATION_TOLERANCE = 0.03
BAJA_CALIFORNIA = ("tijuana_mx", "mexicali_mx")
BAJA_JOBS_CHANGE = (-0.04, 0.06)  # IMMEX 2022-12 -> 2023-09: 377,928 -> 381,632 (+1.0%)
BAJA_JOBS_WINDOW = ("2022-12", "2023-09")
US_JOBS_CHANGE = (-0.05, 0.05)  # US border manufacturing 2022-01 -> 2024-12: flat
MX_JOBS_CHANGE = (-0.08, 0.02)  # MX border manufacturing 2022-01 -> 2024-12: IMMEX ~ -2 %/yr
JOBS_WINDOW = ("2022-01", "2024-12")
# IFR-based bound on MX border operative jobs automated a year (docs/evidence.md §6, central
# case): installations x border share 0.5 x 3.3 jobs per robot x (1 + software 0.5). The
# mechanism's own `sim.mechanisms.automation.ifr_bound_jobs_per_year` must agree with it
# (tests/test_calibration.py); a target never moves with the parameters being fitted.
IFR_BOUND_JOBS_PER_YEAR_MX = {2022: 14_850.0, 2023: 14_479.0, 2024: 13_860.0}
IFR_RATIO_BAND = (0.5, 2.0)  # issue 19: automated jobs per year within 2x of the bound
TECHNICIAN_SHARE_MAX_2030 = 0.25  # plausibility bound, not an observation
WAGES_USD_HOUR = {"mx": 3.0, "us": 27.48}  # facts.csv: IMMEX operative vs US production worker


def automated_share(frame: pd.DataFrame, start: str, end: str, base_date: str) -> float:
    """Operative jobs automated away over [start, end] as a share of operative jobs at base_date."""
    window = frame[(frame["date"] >= start) & (frame["date"] <= end)]
    base = float(frame.loc[frame["date"] == base_date, "operative_jobs_mx"].iloc[0])
    return float(window["jobs_automated_month_mx"].sum()) / base if base else 0.0


def city_change(cities: pd.DataFrame, city_id: str, column: str, start: str, end: str) -> float:
    """Relative change of a city's column between two months."""
    return cities_change(cities, (city_id,), column, start, end)


def cities_change(
    cities: pd.DataFrame, city_ids: tuple[str, ...], column: str, start: str, end: str
) -> float:
    """Relative change of the sum of some cities' column between two months."""
    summed = cities[cities["city_id"].isin(city_ids)].groupby("date")[column].sum()
    return float(summed.loc[end] / summed.loc[start] - 1.0)


def change(frame: pd.DataFrame, column: str, start: str, end: str) -> float:
    """Relative change of a monthly column between two months."""
    series = frame.set_index("date")[column]
    return float(series.loc[end] / series.loc[start] - 1.0)


def ifr_ratio(frame: pd.DataFrame, cities: pd.DataFrame | None = None) -> float:
    """MX operative jobs automated over the IFR years / the IFR-based bound over them."""
    years = frame["date"].str[:4].astype(int)
    automated = frame.loc[years.isin(list(IFR_BOUND_JOBS_PER_YEAR_MX)), "jobs_automated_month_mx"]
    return float(automated.sum()) / sum(IFR_BOUND_JOBS_PER_YEAR_MX.values())


def technician_share(frame: pd.DataFrame, date: str) -> float:
    """Employed technicians / filled manufacturing jobs in Mexico at a month."""
    row = frame.loc[frame["date"] == date].iloc[0]
    return float(row["technician_jobs_mx"] / row["manufacturing_jobs_mx"])


Measure = Callable[[pd.DataFrame, pd.DataFrame], float]  # (timeseries, cities) -> value


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
    measure: Measure

    @classmethod
    def around(
        cls,
        name: str,
        value: float,
        tolerance: float,
        last_date: str,
        source: str,
        measure: Measure,
    ) -> Target:
        """A point target: `value`, one tolerance either side is one unit of miss."""
        low, high = value - tolerance, value + tolerance
        return cls(name, low, high, value, True, tolerance, last_date, source, measure)

    @classmethod
    def within(
        cls, name: str, band: tuple[float, float], last_date: str, source: str, measure: Measure
    ) -> Target:
        """A band target: met anywhere in it, half the band is one unit of miss."""
        low, high = band
        return cls(
            name, low, high, (low + high) / 2, False, (high - low) / 2, last_date, source, measure
        )

    def simulated(self, frame: pd.DataFrame, cities: pd.DataFrame) -> float:
        return float(self.measure(frame, cities))

    def met(self, value: float) -> bool:
        return self.low <= value <= self.high

    def miss(self, value: float) -> float:
        """Signed distance outside [low, high] (0 when met), in the target's units."""
        return value - self.high if value > self.high else min(0.0, value - self.low)

    def z(self, value: float) -> float:
        """Distance in units of `scale`: from the centre for points, outside the band else."""
        gap = value - self.centre if self.point else self.miss(value)
        return gap / self.scale

    def implausibility(self, mean: float, variance: float) -> float:
        """History matching's I: the z distance with the spread of single runs added to the
        tolerance, |gap| / sqrt(scale^2 + variance over seeds)."""
        gap = mean - self.centre if self.point else self.miss(mean)
        return abs(gap) / (self.scale**2 + variance) ** 0.5


def _window_mean(column: str, start: str, end: str) -> Callable[..., float]:
    def measure(frame: pd.DataFrame, cities: pd.DataFrame) -> float:
        window = frame[(frame["date"] >= start) & (frame["date"] <= end)]
        return float(window[column].mean())

    return measure


def _band(
    name: str, column: str, band: tuple[float, float], window: tuple[str, str], source: str
) -> Target:
    """The column's mean over the window must lie within the band."""
    return Target.within(name, band, window[1], source, _window_mean(column, *window))


def _turnover_fall(frame: pd.DataFrame, cities: pd.DataFrame) -> float:
    column = frame["operative_turnover_rate_mx"]
    late = column[(frame["date"] >= "2024-03") & (frame["date"] <= "2024-12")].mean()
    early = column[(frame["date"] >= "2022-01") & (frame["date"] <= "2023-12")].mean()
    return float(late / early) if early else 0.0


def unemployment_bands(
    years: tuple[str, ...], bands: dict[str, tuple[float, float]] = UNEMPLOYMENT_BANDS
) -> list[Target]:
    """Annual-mean unemployment of each country within its band, one target per year."""
    source = "observed.csv: INEGI ENOE (MX border cities), BLS LAUS (US border metros)"
    return [
        _band(f"{column}@{year}", column, band, (f"{year}-01", f"{year}-12"), source)
        for year in years
        for column, band in bands.items()
    ]


def _mx_unemployment_change(frame: pd.DataFrame, cities: pd.DataFrame) -> float:
    rate = frame.set_index("date")["unemployment_rate_mx"]
    return float(rate.loc["2023-01":"2023-12"].mean() - rate.loc["2022-01":"2022-12"].mean())


def article_pace_targets() -> tuple[Target, ...]:
    """The article's pace of displacement, which the baseline does not fit: the scenario
    `configs/scenarios/article_pace.yaml` is judged against these."""
    share, tolerance = AUTOMATED_2024_SHARE
    return (
        Target.around(
            "jobs_automated_share_mx@2024",
            share,
            tolerance,
            "2024-12",
            "article: ~12% of MX border operative jobs automated away in 2024",
            lambda frame, cities: automated_share(frame, "2024-01", "2024-12", AUTOMATED_BASE_DATE),
        ),
        Target(
            "jobs_automated_share_mx@2024-2025",
            AUTOMATED_2024_2025_MIN,
            1.0,
            AUTOMATED_2024_2025_MIN,
            False,
            tolerance,
            "2025-12",
            "article: > 20% over 2024-2025 with no reconversion policy",
            lambda frame, cities: automated_share(frame, "2024-01", "2025-12", AUTOMATED_BASE_DATE),
        ),
    )


def _juarez_participation_change(frame: pd.DataFrame, cities: pd.DataFrame) -> float:
    """Juarez's participation rate in 2023-Q4 against the first month, less one."""
    mine = cities[cities["city_id"] == JUAREZ].set_index("date")
    rate = mine["participation_rate"] / mine["participation_rate"].iloc[0]
    return float(rate.loc["2023-10":"2023-12"].mean() - 1.0)


def _calibration_targets() -> tuple[Target, ...]:
    targets = [
        Target.around(
            f"{t.column}@{t.date}",
            t.value,
            t.tolerance,
            t.date,
            t.source,
            t.simulated,
        )
        for t in ADOPTION_TARGETS
    ]
    targets.extend(unemployment_bands(FITTED_UNEMPLOYMENT_YEARS, FITTED_UNEMPLOYMENT_BANDS))
    targets.append(
        Target.within(
            "unemployment_rate_mx@2023-2022",
            MX_UNEMPLOYMENT_CHANGE_2023,
            "2023-12",
            "observed.csv: ENOE Tijuana and Juarez, 2022-Q3 to 2023-Q2/Q4 (flat to falling)",
            _mx_unemployment_change,
        )
    )
    targets.append(
        Target.within(
            "juarez_manufacturing_jobs_change@2023-06..2024-10",
            JUAREZ_JOBS_CHANGE,
            JUAREZ_JOBS_WINDOW[1],
            "observed.csv: INEGI IMMEX Ciudad Juarez 326,388 -> 283,284 (-13%)",
            lambda frame, cities: city_change(
                cities, JUAREZ, "manufacturing_jobs", *JUAREZ_JOBS_WINDOW
            ),
        )
    )
    targets.append(
        Target.around(
            "juarez_participation_change@2022-01..2023-Q4",
            JUAREZ_PARTICIPATION_CHANGE,
            JUAREZ_PARTICIPATION_TOLERANCE,
            "2023-12",
            "observed.csv: INEGI ENOE Ciudad Juarez participation 65.95% (2021-Q4) -> 64.4% "
            "(2023-Q4) while open maquila positions dried up; held back before the "
            "participation-tightness elasticity, which it identifies",
            _juarez_participation_change,
        )
    )
    targets.append(
        Target.within(
            "baja_california_manufacturing_jobs_change@2022-12..2023-09",
            BAJA_JOBS_CHANGE,
            BAJA_JOBS_WINDOW[1],
            "observed.csv: INEGI IMMEX Baja California 377,928 -> 381,632 (+1.0%), Tijuana + "
            "Mexicali",
            lambda frame, cities: cities_change(
                cities, BAJA_CALIFORNIA, "manufacturing_jobs", *BAJA_JOBS_WINDOW
            ),
        )
    )
    targets.append(
        Target.within(
            "manufacturing_jobs_us@2022-01..2024-12",
            US_JOBS_CHANGE,
            JOBS_WINDOW[1],
            "observed.csv: San Diego manufacturing +6% 2017-2022 and 121,027 jobs in 2024 "
            "(San Diego Regional EDC); border levels flat 2022-2024 (issue 19), +/-5%",
            lambda frame, cities: change(frame, "manufacturing_jobs_us", *JOBS_WINDOW),
        )
    )
    targets.append(
        Target.within(
            "manufacturing_jobs_mx@2022-01..2024-12",
            MX_JOBS_CHANGE,
            JOBS_WINDOW[1],
            "INEGI IMMEX: national manufacturing employment about -2%/yr (issue 19; 2,796,849 "
            "in 2025-12, facts.csv)",
            lambda frame, cities: change(frame, "manufacturing_jobs_mx", *JOBS_WINDOW),
        )
    )
    targets.append(
        Target.within(
            "jobs_automated_mx/ifr_bound@2022-2024",
            IFR_RATIO_BAND,
            "2024-12",
            "docs/evidence.md section 6: IFR installations in Mexico 2022-2024 x border share "
            "0.5 x 3.3 jobs per robot (Acemoglu & Restrepo 2020) x 1.5 for software; within 2x",
            ifr_ratio,
        )
    )
    targets.append(
        Target.within(
            "technician_share_mx@2030-12",
            (0.0, TECHNICIAN_SHARE_MAX_2030),
            "2030-12",
            "plausibility bound (not an observation): technicians were 13% of MX border "
            "manufacturing jobs in 2022; at most 25% of them by 2030",
            lambda frame, cities: technician_share(frame, "2030-12"),
        )
    )
    source = "observed.csv: maquiladora turnover (Index Juarez), monthly mean"
    name = "operative_turnover_rate_mx@2022-2025"
    targets.append(
        _band(name, "operative_turnover_rate_mx", TURNOVER_BAND, TURNOVER_WINDOW, source)
    )
    targets.append(
        Target.within(
            "turnover_2024_over_2022-2023_mx",
            TURNOVER_FALL_2024,
            "2024-12",
            "observed.csv: Juarez turnover 5.6% (2024-01) -> 2.9-3.4% (2024-03/04) as "
            "vacancies dried up",
            _turnover_fall,
        )
    )
    return tuple(targets)


CALIBRATION_TARGETS = _calibration_targets()
