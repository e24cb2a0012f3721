"""What the policy changed, in words: the scenario against its no-policy twin (same seed).

Both runs share the seed, so the differences below are the policy's effect rather than the
noise between two random draws (common random numbers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.viz.labels import month_name, tr

if TYPE_CHECKING:
    from sim.viz.factory import VizModel

JOB_COLUMNS = ("operative_jobs_mx", "technician_jobs_mx", "operative_jobs_us", "technician_jobs_us")


def policy_effect(model: VizModel) -> dict[str, float]:
    """This month's gaps, policy minus no policy: jobs, unemployment (points), spending (USD)."""
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


def comparison_lines(model: VizModel, language: str) -> list[str]:
    """The comparison panel's sentences (a hint when the comparison is off or not started)."""
    if model.baseline is None or not model.steps:
        return [tr("compare_off", language)] if model.baseline is None else []
    effect = policy_effect(model)
    lines = [
        tr("compare_title", language, date=month_name(model.date, language)),
        tr("compare_jobs", language, jobs=effect["jobs"]),
        tr(
            "compare_unemployment",
            language,
            mx=effect["unemployment_mx"],
            us=effect["unemployment_us"],
        ),
        tr("compare_spending", language, usd=effect["spending_usd"] / 1e6),
    ]
    if effect["jobs"] >= 1.0:
        lines.append(tr("compare_cost", language, usd=effect["cost_per_job_usd"]))
    else:
        lines.append(tr("compare_no_cost", language))
    return lines
