"""Each experiment kind's result table, computed from its runs.

Every table is long: one row per (arm, metric) with the mean over seeds and the 5th and 95th
percentiles (a 90% band), so reproduction compares number by number. Every row here is computed
from run outputs, which are exact on any CPU (the wage Gini sorts with a stable sort, so tied
wages sum in one order everywhere); `derived` rows come from the sensitivity and policy-design
tables (`sim.experiments.sensitivity`, `sim.experiments.design`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from sim.experiments.execute import RunSet
from sim.experiments.spec import ExperimentSpec
from sim.targets import CALIBRATION_TARGETS

Measure = Callable[[pd.DataFrame], float]


def at(column: str, date: str) -> Measure:
    return lambda frame: float(frame.loc[frame["date"] == date, column].iloc[0])


def year_mean(column: str, year: str) -> Measure:
    return lambda frame: float(frame.loc[frame["date"].str.startswith(year), column].mean())


def total(column: str, end: str) -> Measure:
    return lambda frame: float(frame.loc[frame["date"] <= end, column].sum())


def _row(arm: str, metric: str, samples: list[float], **extra) -> dict:
    values = np.asarray(samples, dtype=float)
    return {
        "arm": arm,
        "metric": metric,
        "mean": float(values.mean()),
        "p05": float(np.percentile(values, 5)),
        "p95": float(np.percentile(values, 95)),
        "seeds": len(values),
        "derived": False,
        **extra,
    }


def _measure_rows(runs: RunSet, arm: str, measures: dict[str, Measure]) -> list[dict]:
    frames = runs.frames(arm)
    return [_row(arm, name, [m(f) for f in frames]) for name, m in measures.items()]


def calibration_check(spec: ExperimentSpec, runs: RunSet) -> pd.DataFrame:
    """The baseline against every calibration target (docs/model.md §8)."""
    rows = []
    for arm in runs.runs:
        pairs = list(zip(runs.frames(arm), runs.city_frames(arm), strict=True))
        for target in CALIBRATION_TARGETS:
            row = _row(arm, target.name, [target.simulated(f, c) for f, c in pairs])
            row.update(target_low=target.low, target_high=target.high, met=target.met(row["mean"]))
            rows.append(row)
    return pd.DataFrame(rows)


def _policy_measures(date: str) -> dict[str, Measure]:
    year = date[:4]
    measures: dict[str, Measure] = {}
    for tag in ("mx", "us"):
        measures |= {
            f"adoption_share_{tag}@{date}": at(f"adoption_share_{tag}", date),
            f"displaced_cum_share_{tag}@{date}": at(f"displaced_cum_share_{tag}", date),
            f"manufacturing_jobs_{tag}@{date}": at(f"manufacturing_jobs_{tag}", date),
            f"unemployment_rate_{tag}@{year}": year_mean(f"unemployment_rate_{tag}", year),
            f"manufacturing_unemployment_rate_{tag}@{year}": year_mean(
                f"manufacturing_unemployment_rate_{tag}", year
            ),
            f"informality_rate_{tag}@{date}": at(f"informality_rate_{tag}", date),
            f"long_term_unemployed_share_{tag}@{year}": year_mean(
                f"long_term_unemployed_share_{tag}", year
            ),
            f"wage_gini_{tag}@{date}": at(f"wage_gini_{tag}", date),
            f"mean_wage_usd_{tag}@{date}": at(f"mean_wage_usd_{tag}", date),
        }
    measures[f"public_spending_usd_cum@{date}"] = at("public_spending_usd_cum", date)
    return measures


def _jobs(frame: pd.DataFrame, date: str) -> float:
    row = frame.loc[frame["date"] == date].iloc[0]
    return float(row["manufacturing_jobs_mx"] + row["manufacturing_jobs_us"])


def policy_comparison(spec: ExperimentSpec, runs: RunSet) -> pd.DataFrame:
    """Every arm on adoption, displacement, unemployment, inequality and public cost per job kept.

    Cost per job kept = extra public spending over the first arm (the no-policy reference) /
    extra manufacturing jobs at the reported month, seed by seed (common random numbers);
    NaN where the policy keeps no jobs.
    """
    measures = _policy_measures(spec.date)
    reference = spec.arms[0].name
    rows = []
    for arm in runs.runs:
        rows += _measure_rows(runs, arm, measures)
        kept, cost = [], []
        for (_, frame, _), (_, base, _) in zip(runs.runs[arm], runs.runs[reference], strict=True):
            extra_jobs = _jobs(frame, spec.date) - _jobs(base, spec.date)
            extra_cost = at("public_spending_usd_cum", spec.date)(frame) - at(
                "public_spending_usd_cum", spec.date
            )(base)
            kept.append(extra_jobs)
            cost.append(extra_cost)
        rows.append(_row(arm, f"jobs_kept_vs_{reference}@{spec.date}", kept))
        mean_kept = float(np.mean(kept))
        per_job = float(np.mean(cost)) / mean_kept if mean_kept > 0 else float("nan")
        rows.append(_row(arm, f"public_cost_per_job_kept_usd@{spec.date}", [per_job]))
    return pd.DataFrame(rows)


def workforce(spec: ExperimentSpec, runs: RunSet) -> pd.DataFrame:
    """Jobs automated away and how they were absorbed (vacancies and quits, task switches,
    displacement: retrained or laid off), re-employment, and training as a constraint."""
    date = spec.date
    measures: dict[str, Measure] = {}
    for tag in ("mx", "us"):
        measures |= {
            f"jobs_automated_{tag}@{date}": total(f"jobs_automated_month_{tag}", date),
            f"attrition_absorbed_{tag}@{date}": total(f"attrition_absorbed_month_{tag}", date),
            f"task_switches_{tag}@{date}": total(f"task_switches_month_{tag}", date),
            f"promotions_{tag}@{date}": total(f"promotions_month_{tag}", date),
            f"displaced_{tag}@{date}": total(f"displaced_month_{tag}", date),
            f"retrained_by_plants_{tag}@{date}": total(f"retrained_month_{tag}", date),
            f"laid_off_{tag}@{date}": total(f"laid_off_month_{tag}", date),
            f"displaced_reemployed_{tag}@{date}": total(f"displaced_reemployed_month_{tag}", date),
            f"unemployed_{tag}@{date}": at(f"unemployed_{tag}", date),
        }
    measures |= {
        f"training_completions@{date}": total("training_completions_month", date),
        f"training_seats@{date}": at("training_seats", date),
        f"training_queue@{date}": at("training_queue", date),
        f"placement_rate_6m@{date}": at("placement_rate_6m", date),
    }
    rows = []
    for arm in runs.runs:
        rows += _measure_rows(runs, arm, measures)
    return pd.DataFrame(rows)


def sez_spillover(spec: ExperimentSpec, runs: RunSet) -> pd.DataFrame:
    """Adoption, jobs and displacement in the SEZ cities and their twins across the border."""
    rows = []
    for arm in runs.runs:
        cities = runs.city_frames(arm)
        for city in spec.cities:

            def pick(frame: pd.DataFrame, column: str, city: str = city) -> float:
                mine = frame[(frame["city_id"] == city) & (frame["date"] == spec.date)]
                return float(mine[column].iloc[0])

            def displaced(frame: pd.DataFrame, city: str = city) -> float:
                mine = frame[(frame["city_id"] == city) & (frame["date"] <= spec.date)]
                return float(mine["displaced_month"].sum())

            rows.append(
                _row(
                    arm,
                    f"{city}:adoption_share@{spec.date}",
                    [pick(f, "adoption_share") for f in cities],
                )
            )
            rows.append(
                _row(arm, f"{city}:employed@{spec.date}", [pick(f, "employed") for f in cities])
            )
            rows.append(
                _row(
                    arm,
                    f"{city}:unemployment_rate@{spec.date}",
                    [pick(f, "unemployment_rate") for f in cities],
                )
            )
            rows.append(
                _row(arm, f"{city}:displaced_cum@{spec.date}", [displaced(f) for f in cities])
            )
    return pd.DataFrame(rows)


TABLES = {
    "calibration_check": calibration_check,
    "policy_comparison": policy_comparison,
    "workforce": workforce,
    "sez_spillover": sez_spillover,
}
