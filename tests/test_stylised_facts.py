"""The stylised facts of docs/model.md §1 and §8, each checked over several seeds of the baseline
(small scale): S-shaped adoption, large plants before SMEs, the US ahead of Mexico, retraining
lowering long-term unemployment with a lag, more automation where labour is dear relative to
automation, unemployment within its observed band every year 2022-2025, the Beveridge curve,
and most of the operative-job reduction absorbed by attrition."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.run.runner import simulate
from tests.conftest import scenario_with

pytestmark = pytest.mark.slow  # every fact is measured over several seeds of year-long runs

SEEDS = (11, 12, 13)
SCALE = 0.003
RETRAINING = (  # a funded programme: seats, subsidy and stipends need public money
    "policy.retraining_subsidy=0.8",
    "policy.training_capacity_multiplier=6",
    "policy.stipend_usd_month=150",
    "policy.federal_matching_rate=2",
    "policy.federal_fiscal_cap_usd_per_year=1e11",
    "government.payroll_levy_share=0.05",
)


def runs(*assignments: str, end: str = "2030-12", scale: float = SCALE) -> list[pd.DataFrame]:
    scenario = scenario_with(*assignments, scale=scale, end=end)
    return [simulate(scenario, seed).timeseries.set_index("date") for seed in SEEDS]


def mean_of(frames: list[pd.DataFrame], column: str) -> pd.Series:
    return pd.concat([f[column] for f in frames], axis=1).mean(axis=1)


@pytest.fixture(scope="module")
def baseline() -> list[pd.DataFrame]:
    return runs()


def yearly_gains(frames: list[pd.DataFrame], column: str) -> np.ndarray:
    """Adoption gained in each calendar year (from the first month), mean over seeds."""
    share = mean_of(frames, column)
    marks = share[(share.index == share.index[0]) | share.index.str.endswith("-12")]
    return marks.diff().dropna().to_numpy()


def test_diffusion_from_few_adopters_is_s_shaped_slow_fast_slowing():
    # the calibrated Bass process started where the S begins (1% of plants), run to 2042: with
    # evidence-sized payback (capex falling, wages rising) the S takes two decades
    few = ("automation.initial_adoption_share.mx=0.01", "automation.initial_adoption_share.us=0.01")
    gains = yearly_gains(runs(*few, end="2042-12"), "adoption_share_all")
    fastest = int(np.argmax(gains))
    assert 1 < fastest < len(gains) - 2, gains  # the fastest years are in the middle
    assert gains[0] < 0.6 * gains[fastest], gains  # slow start
    assert gains[-1] < 0.6 * gains[fastest], gains  # slowing towards saturation


def test_baseline_adoption_rises_every_year_from_2022(baseline):
    # 2022 starts with ~19 % adopters (the article) on the rising part of the S: with
    # evidence-sized payback it slows only in the 2040s (the test above), so 2022-2030 adds
    # adopters every year
    gains = yearly_gains(baseline, "adoption_share_all")
    assert (gains > 0).all(), gains


def test_large_plants_adopt_before_smes(baseline):
    # over the seeds' mean: at this scale a seed holds few large plants, and a pilot priced as
    # an entry-level project lets SMEs close part of the gap in a single seed's year
    large, sme = mean_of(baseline, "adoption_share_large"), mean_of(baseline, "adoption_share_sme")
    year_ends = large.index.str.endswith("-12")
    gap = (large - sme)[year_ends]
    assert (gap > 0).all(), gap


def test_the_us_side_is_ahead_of_the_mexican_side_by_2024(baseline):
    # the article's comparison: 48 % of US plants against 34 % of Mexican ones in 2024; the
    # 2022 start shares are calibrated separately (the US one has no observed figure)
    mx, us = mean_of(baseline, "adoption_share_mx"), mean_of(baseline, "adoption_share_us")
    from_2024 = mx.index.str.endswith("-12") & (mx.index >= "2024-01")
    assert (us[from_2024] > mx[from_2024]).all(), (us[from_2024], mx[from_2024])


def test_retraining_lowers_long_term_unemployment_with_a_lag():
    """Mexican side (the US has too few plants to show it), at scale 0.02: trainees look for
    work during their courses (docs/model.md 7.6), so the programme's effect is a few hundredths
    of a point of the labour force, within one seed's noise at the suite's 0.003 (a handful of
    long-term unemployed agents per city) and clear in every seed at 0.02."""
    scale = 0.02
    baseline = runs(end="2026-12", scale=scale)
    with_policy = runs(*RETRAINING, end="2026-12", scale=scale)
    column = "long_term_unemployed_share_mx"
    level = mean_of(baseline, column)
    gap = (level - mean_of(with_policy, column)).dropna()
    first_year = gap[gap.index <= "2022-12"].mean()
    later = gap[gap.index >= "2024-01"].mean()  # two to five years on
    # lower in every seed (paired: common random numbers), by a twentieth of the level at least
    # (E2 measures a fifth for labour reconversion at scale 0.1, paired)
    for base, policy in zip(baseline, with_policy, strict=True):
        assert (base[column] - policy[column]).loc["2024-01":"2026-12"].mean() > 0
    assert later > 0.05 * level[level.index >= "2024-01"].mean(), gap
    assert later > 5 * abs(first_year), gap  # hardly any effect in the first year


def test_more_automation_where_labour_is_dear_relative_to_automation(baseline):
    def automated(frames: list[pd.DataFrame], tag: str) -> float:
        return float(np.mean([f.loc["2026-12", f"automation_level_{tag}"] for f in frames]))

    cheap = runs("automation.capex_per_automated_job_usd=25000", end="2026-12")
    dear = runs("automation.capex_per_automated_job_usd=150000", end="2026-12")
    assert automated(cheap, "mx") > automated(dear, "mx")
    # across the border: US labour costs ~8x Mexican labour for the same machines
    assert automated(baseline, "us") > automated(baseline, "mx")


BANDS = {"mx": (0.015, 0.045), "us": (0.035, 0.075)}  # issue 12's bands around ENOE / LAUS


def yearly_rate(frames: list[pd.DataFrame], tag: str, year: str) -> float:
    rate = mean_of(frames, f"unemployment_rate_{tag}")
    return float(rate[rate.index.str.startswith(year)].mean())


@pytest.mark.parametrize(
    ("tag", "year"),
    [(tag, year) for tag in ("mx", "us") for year in ("2022", "2023", "2024", "2025")],
)
def test_unemployment_stays_within_its_observed_band(baseline, tag, year):
    low, high = BANDS[tag]
    assert low <= yearly_rate(baseline, tag, year) <= high


def test_factory_vacancies_and_manufacturing_unemployment_move_against_each_other(baseline):
    correlations = [
        f["manufacturing_unemployment_rate_mx"].corr(f["vacancies_mx"]) for f in baseline
    ]
    assert np.mean(correlations) < 0


def test_factory_vacancies_and_whole_city_unemployment_move_against_each_other(baseline):
    correlations = [f["unemployment_rate_mx"].corr(f["vacancies_mx"]) for f in baseline]
    assert np.mean(correlations) < 0


def test_most_of_the_operative_job_reduction_is_absorbed_by_attrition(baseline):
    def total(column: str) -> float:
        return float(np.mean([f.loc["2022-01":"2027-12", column].sum() for f in baseline]))

    absorbed = total("attrition_absorbed_month_mx") + total("task_switches_month_mx")
    assert absorbed > 2 * total("displaced_month_mx")
