"""Each experiment kind's result table, computed from its runs.

Every table is long: one row per (arm, metric) with the mean over seeds and the 5th and 95th
percentiles (a 90% band), so reproduction compares number by number. Every row here is computed
from run outputs, which are exact on any CPU (the wage Gini sorts with a stable sort, so tied
wages sum in one order everywhere); `derived` rows come from the sensitivity and policy-design
tables (`sim.experiments.sensitivity`, `sim.experiments.design`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from sim.experiments.execute import RunSet
from sim.experiments.paired import Paired, paired, zero_coverage
from sim.experiments.spec import ExperimentSpec
from sim.targets import CALIBRATION_TARGETS

Measure = Callable[[pd.DataFrame], float]


def at(column: str, date: str) -> Measure:
    return lambda frame: float(frame.loc[frame["date"] == date, column].iloc[0])


def year_mean(column: str, year: str) -> Measure:
    return lambda frame: float(frame.loc[frame["date"].str.startswith(year), column].mean())


def pooled(share: str, base: str, year: str) -> Measure:
    """The year's monthly shares pooled over their bases: sum(share x base) / sum(base), so a
    month's cohort counts by its members, as a survey of the year's displaced workers would
    count them (NaN when the year has no one to count)."""

    def measure(frame: pd.DataFrame) -> float:
        year_rows = frame.loc[frame["date"].str.startswith(year)]
        weight = year_rows[base].to_numpy(dtype=float)
        counted = weight > 0
        if not counted.any():
            return float("nan")
        values = year_rows[share].to_numpy(dtype=float)[counted]
        return float((values * weight[counted]).sum() / weight[counted].sum())

    return measure


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


def _total_jobs(date: str) -> Measure:
    mx, us = at("manufacturing_jobs_mx", date), at("manufacturing_jobs_us", date)
    return lambda frame: mx(frame) + us(frame)


def _reemployment(tag: str, year: str, horizons: tuple[int, ...]) -> dict[str, Measure]:
    """Displaced workers' re-employment, in any job and in a formal one, at each horizon
    (months after displacement): the year's monthly cohorts pooled, each by its members."""
    return {
        f"reemployed_{kind}{h}m_share_{tag}@{year}": pooled(
            f"reemployed_{kind}{h}m_share_{tag}", f"displaced_followed_{h}m_{tag}", year
        )
        for kind in ("", "formal_")
        for h in horizons
    }


def pooled_earnings_loss(tag: str, year: str) -> Measure:
    """The 24-month earnings loss of the year's monthly cohorts pooled, each by its members
    (as re-employment is, and as a per-worker mean such as Bessen et al.'s counts them)."""
    return pooled(f"displaced_earnings_loss_24m_{tag}", f"displaced_followed_24m_{tag}", year)


def _outcome_measures(date: str) -> dict[str, Measure]:
    """E2's outcomes: where the levers act (`sim.outcomes`) and the headline aggregates."""
    year = date[:4]
    measures = _policy_measures(date)
    for tag in ("mx", "us"):
        measures |= {
            **_reemployment(tag, year, (24,)),
            f"ltu_official_share_{tag}@{year}": year_mean(f"ltu_official_share_{tag}", year),
            f"displaced_earnings_loss_24m_{tag}@{year}": pooled_earnings_loss(tag, year),
            f"population_gini_{tag}@{date}": at(f"population_gini_{tag}", date),
        }
    measures[f"manufacturing_jobs_total@{date}"] = _total_jobs(date)
    return measures


PAIRED_COLUMNS = ("difference", "diff_ci_low", "diff_ci_high", "sd_paired", "sd_unpaired", "mde")


def _paired_columns(result: Paired | None) -> dict:
    if result is None:
        return dict.fromkeys(PAIRED_COLUMNS, float("nan"))
    values = (
        result.difference,
        result.ci_low,
        result.ci_high,
        result.sd_paired,
        result.sd_unpaired,
        result.mde,
    )
    return dict(zip(PAIRED_COLUMNS, values, strict=True))


def policy_comparison(spec: ExperimentSpec, runs: RunSet) -> pd.DataFrame:
    """Every arm on each outcome (mean and 90 % band over seeds) and, against the first arm
    (the no-policy reference), the paired difference seed by seed (common random numbers) with
    its 95 % t interval, the paired and unpaired standard deviations and the minimum detectable
    effect (`sim.experiments.paired`).

    Cost per job kept = mean extra public spending / mean extra manufacturing jobs (MX + US),
    reported only where the interval on the extra jobs lies above zero: otherwise the ratio
    divides by noise (or by jobs lost), and the row is blank with a note saying why. The A/A arm
    (`check: aa`) adds the share of its outcomes whose interval covers zero."""
    checks = {arm.name: arm.check for arm in spec.arms}
    rows = []
    for arm, arm_rows, results in _paired_rows(spec, runs, _outcome_measures(spec.date)):
        rows += arm_rows
        if results is None:
            continue
        rows.append(_cost_per_job(arm, spec.date, results))
        if checks[arm] == "aa":
            share = zero_coverage(list(results.values()))
            rows.append(_row(arm, "aa:ci_covers_zero_share", [share]))
    return pd.DataFrame(rows)


def _paired_rows(
    spec: ExperimentSpec,
    runs: RunSet,
    measures: dict[str, Measure],
    frames: Callable[[str], list[pd.DataFrame]] | None = None,
) -> Iterator[tuple[str, list[dict], dict[str, Paired] | None]]:
    """Per arm: its rows (mean and 90 % band over seeds, and the paired columns against the
    first arm, blank for the first arm itself) and its paired results by measure. The measures
    read each run's `frames(arm)` (its monthly table unless given, e.g. its city table)."""
    frames = frames or runs.frames
    reference = spec.arms[0].name
    base = {name: [m(f) for f in frames(reference)] for name, m in measures.items()}
    yield (
        reference,
        [_row(reference, name, base[name], **_paired_columns(None)) for name in measures],
        None,
    )
    for arm in runs.runs:
        if arm == reference:
            continue
        values = {name: [m(f) for f in frames(arm)] for name, m in measures.items()}
        results = {name: paired(values[name], base[name]) for name in measures}
        rows = [
            _row(arm, name, values[name], **_paired_columns(results[name])) for name in measures
        ]
        yield arm, rows, results


def _cost_per_job(arm: str, date: str, results: dict[str, Paired]) -> dict:
    jobs = results[f"manufacturing_jobs_total@{date}"]
    cost = results[f"public_spending_usd_cum@{date}"]
    metric = f"public_cost_per_job_kept_usd@{date}"
    if jobs.ci_low > 0:
        return _row(arm, metric, [cost.difference / jobs.difference], note="")
    if math.isnan(jobs.ci_low):
        why = "no interval on jobs kept (fewer than two seeds)"
    elif jobs.ci_high < 0:
        why = "the interval on jobs kept lies below zero (jobs lost)"
    else:
        why = "the interval on jobs kept includes zero"
    return _row(arm, metric, [float("nan")], note=f"not reported: {why}")


def workforce(spec: ExperimentSpec, runs: RunSet) -> pd.DataFrame:
    """Jobs automated away and how they were absorbed (vacancies and quits, task switches,
    displacement: retrained or laid off), re-employment, and training as a constraint.

    Displaced workers' re-employment (in any job, and in a formal one) at 6, 12 and 24 months,
    the rest of them at 24 months (in a course, unemployed) and their 24-month earnings loss
    pool the year's cohorts by their members; official long-term unemployment is the year's
    mean over months. Every arm also has its paired difference from the first arm (common random
    numbers), as in `policy_comparison`. The run outputs do not yet tell training participants
    from eligible non-participants, so their comparison is not in this table (the in-model
    trial measures it)."""
    date = spec.date
    year = date[:4]
    measures: dict[str, Measure] = {}
    for tag in ("mx", "us"):
        measures |= _reemployment(tag, year, (6, 12, 24))
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
    for tag in ("mx", "us"):
        measures |= {
            f"displaced_earnings_loss_24m_{tag}@{year}": pooled_earnings_loss(tag, year),
            f"ltu_official_share_{tag}@{year}": year_mean(f"ltu_official_share_{tag}", year),
        }
        measures |= {
            f"displaced_{where}_24m_share_{tag}@{year}": pooled(
                f"displaced_{where}_24m_share_{tag}", f"displaced_followed_24m_{tag}", year
            )
            for where in ("in_course", "unemployed")
        }
    return pd.DataFrame([row for _, rows, _ in _paired_rows(spec, runs, measures) for row in rows])


def sez_spillover(spec: ExperimentSpec, runs: RunSet) -> pd.DataFrame:
    """Adoption, jobs, unemployment and displacement in the SEZ cities and their twins across
    the border: each arm's mean and 90 % band over seeds and, against the first arm, the paired
    difference city by city with its 95 % interval and minimum detectable effect (common random
    numbers, as in `policy_comparison`)."""
    date = spec.date

    def at_city(city: str, column: str) -> Measure:
        def measure(frame: pd.DataFrame) -> float:
            mine = frame[(frame["city_id"] == city) & (frame["date"] == date)]
            return float(mine[column].iloc[0])

        return measure

    def displaced(city: str) -> Measure:
        def measure(frame: pd.DataFrame) -> float:
            mine = frame[(frame["city_id"] == city) & (frame["date"] <= date)]
            return float(mine["displaced_month"].sum())

        return measure

    measures: dict[str, Measure] = {}
    for city in spec.cities:
        measures |= {
            f"{city}:{column}@{date}": at_city(city, column)
            for column in ("adoption_share", "employed", "unemployment_rate")
        }
        measures[f"{city}:displaced_cum@{date}"] = displaced(city)
    paired_rows = _paired_rows(spec, runs, measures, runs.city_frames)
    return pd.DataFrame([row for _, rows, _ in paired_rows for row in rows])


TABLES = {
    "calibration_check": calibration_check,
    "policy_comparison": policy_comparison,
    "workforce": workforce,
    "sez_spillover": sez_spillover,
}
