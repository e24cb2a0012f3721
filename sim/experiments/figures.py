"""One figure per experiment kind, written next to its table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.experiments.execute import RunSet
from sim.experiments.spec import ExperimentSpec


def _save(fig, out: Path, dpi: int = 100) -> None:
    """Every experiment writes one figure.png next to its table."""
    fig.savefig(out / "figure.png", dpi=dpi)


def _difference_bars(ax, table: pd.DataFrame, metric: str, title: str, scale: float) -> None:
    """Each arm's paired difference from the reference with its 95 % interval."""
    rows = table[(table["metric"] == metric) & table["difference"].notna()]
    y = np.arange(len(rows))
    mean = rows["difference"].to_numpy() * scale
    low, high = rows["diff_ci_low"].to_numpy() * scale, rows["diff_ci_high"].to_numpy() * scale
    err = np.nan_to_num(np.vstack([mean - low, high - mean]))
    ax.barh(y, mean, xerr=np.clip(err, 0, None), color="#4393c3", capsize=3)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, rows["arm"])
    ax.invert_yaxis()
    ax.set_title(title, fontsize=9)
    ax.grid(axis="x", alpha=0.3)


def calibration_figure(spec: ExperimentSpec, runs: RunSet, table: pd.DataFrame, out: Path) -> None:
    fig = Figure(figsize=(9, 4.5), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(table))
    for i, row in enumerate(table.itertuples()):
        high = min(row.target_high, row.target_low + 1.0)
        ax.plot([row.target_low, high], [i, i], color="#1b7837", lw=8, alpha=0.35)
        ax.errorbar(
            row.mean,
            i,
            xerr=[[row.mean - row.p05], [row.p95 - row.mean]],
            fmt="o",
            color="black" if row.met else "#b2182b",
            capsize=4,
        )
    ax.set_yticks(y, table["metric"])
    ax.invert_yaxis()
    ax.set_xlabel("share (green: target range; dot: simulated mean, 90% band over seeds)")
    ax.set_title(f"{spec.title}: baseline against the article's figures ({runs_count(runs)} runs)")
    ax.grid(axis="x", alpha=0.3)
    _save(fig, out, 110)


def runs_count(runs: RunSet) -> int:
    return sum(len(v) for v in runs.runs.values())


def policy_figure(spec: ExperimentSpec, runs: RunSet, table: pd.DataFrame, out: Path) -> None:
    date, year = spec.date, spec.date[:4]
    panels = [
        (f"unemployment_rate_mx@{year}", f"MX unemployment rate, {year} mean (%)", 100),
        (f"unemployment_rate_us@{year}", f"US unemployment rate, {year} mean (%)", 100),
        (
            f"long_term_unemployed_share_mx@{year}",
            f"MX long-term unemployed, {year} (% of LF)",
            100,
        ),
        (
            f"displaced_cum_share_mx@{date}",
            f"MX displaced since 2022, % of initial ops, {date}",
            100,
        ),
        (f"adoption_share_mx@{date}", f"MX plants using automation, {date} (%)", 100),
        (f"wage_gini_mx@{date}", f"MX wage Gini, {date}", 1),
    ]
    fig = Figure(figsize=(15, 11), layout="constrained")
    axes = fig.subplots(3, 3)
    reference = spec.arms[0].name
    for ax, (metric, title, scale) in zip(axes.ravel(), panels, strict=False):
        _difference_bars(ax, table, metric, title, scale)
    ts_panels = (
        ("unemployment_rate_mx", "MX unemployment rate (%)"),
        ("long_term_unemployed_share_mx", "MX long-term unemployed (% of LF)"),
        ("unemployment_rate_us", "US unemployment rate (%)"),
    )
    for ax, (column, title) in zip(axes[2], ts_panels, strict=True):
        for arm, frames in runs.runs.items():
            values = np.mean([f[column].to_numpy() for _, f, _ in frames], axis=0) * 100
            ax.plot(pd.to_datetime(frames[0][1]["date"] + "-15"), values, label=arm, lw=1.2)
        seeds = len(next(iter(runs.runs.values())))
        ax.set_title(title + f", mean of {seeds} seeds", fontsize=9)
        ax.grid(alpha=0.3)
    axes[2, 0].legend(fontsize=7)
    fig.suptitle(
        f"{spec.title} (bars: paired difference from {reference}, 95% interval over seeds)"
    )
    _save(fig, out, 100)


def _mean(table: pd.DataFrame, arm: str, metric: str) -> float:
    """An arm's mean of one metric in an experiment's table."""
    return float(table.loc[(table["arm"] == arm) & (table["metric"] == metric), "mean"].iloc[0])


def _where_after_24_months(ax, arms: list[str], table: pd.DataFrame, year: str) -> None:
    """Stacked bars: where each arm's displaced (Mexico, the year's cohorts) are 24 months on."""

    def percent(stem: str) -> np.ndarray:
        return 100 * np.array([_mean(table, a, f"{stem}_24m_share_mx@{year}") for a in arms])

    formal = percent("reemployed_formal")
    parts = [
        ("formal job", formal, "#2166ac"),
        ("informal work", percent("reemployed") - formal, "#92c5de"),
        ("in a course", percent("displaced_in_course"), "#f4a582"),
        ("unemployed", percent("displaced_unemployed"), "#b2182b"),
    ]
    left = np.zeros(len(arms))
    for label, values, color in parts:
        ax.barh(np.arange(len(arms)), values, left=left, color=color, label=label)
        left += values
    ax.set_yticks(np.arange(len(arms)), arms, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"% of the displaced still in the labour force ({year} cohorts)", fontsize=9)
    ax.set_title("Where the displaced are 24 months on (Mexico)")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=4)


def workforce_figure(spec: ExperimentSpec, runs: RunSet, table: pd.DataFrame, out: Path) -> None:
    date = spec.date
    fig = Figure(figsize=(20, 5), layout="constrained")
    axes = fig.subplots(1, 3)
    arms = list(runs.runs)
    parts = [
        ("displaced", "displaced"),
        ("retrained_by_plants", "retrained by plants"),
        ("laid_off", "laid off"),
        ("displaced_reemployed", "displaced, re-employed"),
    ]
    width = 0.8 / len(parts)
    for k, (stem, label) in enumerate(parts):
        values = [_mean(table, a, f"{stem}_mx@{date}") for a in arms]
        axes[0].bar(np.arange(len(arms)) + k * width, np.array(values) / 1e3, width, label=label)
    axes[0].axhline(600, color="#b2182b", ls="--", lw=1)
    axes[0].annotate(
        "article: ~600,000 workers may be affected", (0, 610), color="#b2182b", fontsize=8
    )
    axes[0].set_xticks(np.arange(len(arms)) + 0.3, arms, rotation=30, ha="right", fontsize=8)
    axes[0].set_ylabel("thousand workers, Mexican side, 2022-01.." + date)
    axes[0].legend(fontsize=8)
    axes[0].set_title("Displaced operatives and what became of them")
    for arm in arms:
        frames = runs.frames(arm)
        dates = pd.to_datetime(frames[0]["date"] + "-15")
        queue = np.mean([f["training_queue"].to_numpy() for f in frames], axis=0)
        seats = np.mean([f["training_seats"].to_numpy() for f in frames], axis=0)
        line = axes[1].plot(dates, queue / 1e3, label=arm)
        axes[1].plot(dates, seats / 1e3, ls=":", color=line[0].get_color())
    axes[1].set_title("Public training: applicants waiting (solid) and seats (dotted)")
    axes[1].set_ylabel("thousand people")
    axes[1].legend(fontsize=7, loc="upper left")
    axes[1].grid(alpha=0.3)
    _where_after_24_months(axes[2], arms, table, date[:4])
    _save(fig, out, 100)


def sez_figure(spec: ExperimentSpec, runs: RunSet, table: pd.DataFrame, out: Path) -> None:
    date = spec.date
    fig = Figure(figsize=(15, 4.5), layout="constrained")
    axes = fig.subplots(1, 3)
    arms = list(runs.runs)
    panels = [
        ("adoption_share", "plants using automation (%)", 100),
        ("employed", "jobs (thousands)", 1e-3),
        ("displaced_cum", "displaced since 2022 (thousands)", 1e-3),
    ]
    for ax, (stat, title, scale) in zip(axes, panels, strict=True):
        width = 0.8 / len(arms)
        for k, arm in enumerate(arms):
            values = [
                table.loc[
                    (table["arm"] == arm) & (table["metric"] == f"{c}:{stat}@{date}"), "mean"
                ].iloc[0]
                for c in spec.cities
            ]
            ax.bar(
                np.arange(len(spec.cities)) + k * width, np.array(values) * scale, width, label=arm
            )
        ax.set_xticks(
            np.arange(len(spec.cities)) + 0.4 * (1 - 1 / len(arms)), spec.cities, fontsize=8
        )
        ax.set_title(f"{title}, {date}", fontsize=9)
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.suptitle(spec.title)
    _save(fig, out, 100)


FIGURES = {
    "calibration_check": calibration_figure,
    "policy_comparison": policy_figure,
    "workforce": workforce_figure,
    "sez_spillover": sez_figure,
}
