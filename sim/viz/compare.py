"""What the policy changed, in words: the scenario against its no-policy twin (same seed).

Both runs of a pair share the seed, so their difference is the policy's effect rather than the
noise between two random draws (common random numbers). The page runs a few such pairs on
consecutive seeds (`INTERVAL_SEEDS`), so the effect on jobs comes with a 95 % interval over
seeds; an interval that holds zero is "too small to tell".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import stats

from sim.viz.labels import month_name, place_name, tr

if TYPE_CHECKING:
    from sim.model import BorderModel
    from sim.viz.factory import VizModel

JOB_COLUMNS = ("operative_jobs_mx", "technician_jobs_mx", "operative_jobs_us", "technician_jobs_us")
CONFIDENCE = 0.95


def policy_effect(model: VizModel) -> dict[str, float]:
    """This month's gaps, policy minus no policy: jobs, unemployment (points), spending (USD)."""
    assert model.baseline is not None  # the comparison is shown only for a compared run
    policy, baseline = model.record, model.baseline.record

    def gap(name: str) -> float:
        return float(policy[name]) - float(baseline[name])

    jobs = sum(gap(column) for column in JOB_COLUMNS)
    spending = gap("public_spending_usd_cum")
    return {
        "jobs": jobs,
        "unemployment_mx": 100.0 * gap("unemployment_rate_mx"),
        "unemployment_us": 100.0 * gap("unemployment_rate_us"),
        "spending_usd": spending,
        "cost_per_job_usd": spending / jobs if jobs >= 1.0 else float("nan"),
    }


def jobs_kept(policy: BorderModel, baseline: BorderModel) -> float:
    """Factory jobs with the policy minus without it, this month."""
    return sum(float(policy.record[c]) - float(baseline.record[c]) for c in JOB_COLUMNS)


@dataclass(frozen=True)
class Interval:
    """A mean over seeds with its 95 % interval (Student t); `tells` if zero is outside it."""

    mean: float
    low: float
    high: float
    seeds: int

    @property
    def tells(self) -> bool:
        return self.low > 0.0 or self.high < 0.0


def interval(values: list[float]) -> Interval:
    """The mean of `values` and its 95 % t interval (two or more values)."""
    data = np.asarray(values, dtype=float)
    mean = float(data.mean())
    half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, len(data) - 1) * stats.sem(data))
    if not np.isfinite(half):
        half = 0.0  # every seed agrees exactly
    return Interval(mean, mean - half, mean + half, len(data))


def jobs_interval(model: VizModel) -> Interval | None:
    """Jobs kept by the policy over the page's seed pairs (None when not comparing)."""
    pairs = model.seed_pairs()
    if len(pairs) < 2 or not model.steps:
        return None
    return interval([jobs_kept(policy, baseline) for policy, baseline in pairs])


def signed(value: float, decimals: int) -> str:
    """A signed number without "-0.0": values that round to zero show as 0."""
    rounded = round(value, decimals)
    if rounded == 0:
        return f"{0:.{decimals}f}"
    return f"{rounded:+,.{decimals}f}"


def jobs_text(kept: Interval, language: str) -> str:
    """Jobs kept with their interval, or "too small to tell" with the interval."""
    key = "jobs_kept" if kept.tells else "jobs_too_small"
    return tr(
        key,
        language,
        mean=signed(kept.mean, 0),
        low=signed(kept.low, 0),
        high=signed(kept.high, 0),
        seeds=kept.seeds,
    )


def comparison_lines(model: VizModel, language: str) -> list[str]:
    """The comparison panel's sentences (a hint when the comparison is off or not started)."""
    if model.baseline is None or not model.steps:
        return [tr("compare_off", language)] if model.baseline is None else []
    effect = policy_effect(model)
    lines = [tr("compare_title", language, date=month_name(model.date, language))]
    kept = jobs_interval(model)
    if kept is not None:
        lines.append(jobs_text(kept, language))
    lines += [
        tr(
            "compare_unemployment",
            language,
            mx=signed(effect["unemployment_mx"], 1),
            us=signed(effect["unemployment_us"], 1),
        ),
        tr("compare_spending", language, usd=signed(effect["spending_usd"] / 1e6, 1)),
    ]
    if kept is not None and kept.tells and kept.mean >= 1.0:
        lines.append(tr("compare_cost", language, usd=effect["spending_usd"] / kept.mean))
    else:
        lines.append(tr("compare_no_cost", language))
    return lines


def headline(model: VizModel, city: int, language: str) -> list[tuple[str, str]]:
    """The strip over the map: (label, figure) for adoption, the chosen city against its twin,
    jobs kept with their interval, and public spending so far."""
    if not model.steps:
        return []
    record = model.record
    items = [
        (
            tr("head_adoption", language),
            f"MX {record['adoption_share_mx']:.0%} · US {record['adoption_share_us']:.0%}",
        )
    ]
    shown = [city]
    twin_id = model.cities[city].twin_id
    shown += [k for k, c in enumerate(model.cities) if c.id == twin_id]
    rates = [
        f"{place_name(model.cities[k].name)} {model.city_report['unemployment_rate'][k]:.1%}"
        for k in shown
    ]
    items.append((tr("head_unemployment", language), " · ".join(rates)))
    kept = jobs_interval(model)
    if kept is not None:
        items.append((tr("head_jobs", language), jobs_text(kept, language)))
    spent = float(record["public_spending_usd_cum"]) / 1e6
    items.append((tr("head_spending", language), tr("head_spending_value", language, usd=spent)))
    return items
