"""The run summary figure: adoption against the article's targets, jobs, unemployment,
displacement and retraining."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from sim.targets import (
    ADOPTION_TARGETS,
    AUTOMATED_2024_2025_MIN,
    AUTOMATED_2024_SHARE,
    AUTOMATED_BASE_DATE,
    TURNOVER_BAND,
    UNEMPLOYMENT_BANDS,
)

COLORS = {"mx": "#1b7837", "us": "#2166ac"}
LABELS = {"mx": "Mexico", "us": "United States"}


def _dates(frame: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(frame["date"] + "-15")


def summary_figure(frame: pd.DataFrame, title: str, path: Path) -> None:
    """Four panels, each readable on its own, saved as PNG."""
    dates = _dates(frame)
    fig = Figure(figsize=(13, 8.5), layout="constrained")
    axes = fig.subplots(2, 2)
    fig.suptitle(title, fontsize=13)

    ax = axes[0, 0]
    for tag in ("mx", "us"):
        ax.plot(dates, frame[f"adoption_share_{tag}"], color=COLORS[tag], label=LABELS[tag])
    ax.plot(dates, frame["adoption_share_sme"], color="0.5", ls=":", label="SMEs (both)")
    ax.plot(dates, frame["adoption_share_large"], color="0.2", ls="--", label="large (both)")
    for target in ADOPTION_TARGETS:
        tag = target.column[-2:]
        ax.errorbar(
            pd.to_datetime(target.date + "-15"),
            target.value,
            yerr=target.tolerance,
            fmt="o",
            color=COLORS[tag],
            mec="black",
            capsize=4,
            label=f"target {LABELS[tag]} {target.date}",
        )
    ax.set_title("Plants using AI / automation (share of plants)")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=8, loc="upper left")

    ax = axes[0, 1]
    for tag in ("mx", "us"):
        ax.plot(
            dates,
            frame[f"operative_jobs_{tag}"] / 1e3,
            color=COLORS[tag],
            label=f"operatives {LABELS[tag]}",
        )
        ax.plot(
            dates,
            frame[f"technician_jobs_{tag}"] / 1e3,
            color=COLORS[tag],
            ls="--",
            label=f"technicians {LABELS[tag]}",
        )
    ax.set_yscale("log")
    ax.set_title("Manufacturing jobs (thousands, real people, log scale)")
    ax.legend(fontsize=8)

    ax = axes[1, 0]
    for tag in ("mx", "us"):
        column = f"unemployment_rate_{tag}"
        ax.plot(dates, frame[column] * 100, color=COLORS[tag], label=f"unemployment {LABELS[tag]}")
        ax.plot(
            dates,
            frame[f"long_term_unemployed_share_{tag}"] * 100,
            color=COLORS[tag],
            ls=":",
            label=f"long-term (6+ months) manufacturing seekers {LABELS[tag]}",
        )
        low, high = UNEMPLOYMENT_BANDS[column]
        ax.fill_between(
            pd.to_datetime(["2022-01-01", "2025-12-31"]),
            low * 100,
            high * 100,
            color=COLORS[tag],
            alpha=0.15,
            label=f"2022-2025 observed band {LABELS[tag]}",
        )
    ax.plot(
        dates,
        frame["operative_turnover_rate_mx"] * 100,
        color="#762a83",
        lw=0.8,
        label="operative turnover MX, %/month",
    )
    ax.axhspan(*(v * 100 for v in TURNOVER_BAND), color="#762a83", alpha=0.08, label="target band")
    ax.set_title("Unemployment rate, % of the whole city's labour force")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)

    ax = axes[1, 1]
    for name, style in (("displaced", "-"), ("retrained", "--"), ("laid_off", ":")):
        total = frame[f"{name}_month_mx"].cumsum() + frame[f"{name}_month_us"].cumsum()
        ax.plot(
            dates,
            total / 1e3,
            ls=style,
            color="black",
            label=f"{name.replace('_', ' ')} (cumulative)",
        )
    ax.plot(dates, frame["in_training"] / 1e3, color="#b2182b", label="in training now")
    _displacement_targets(ax, frame, dates)
    ax.set_title("Displaced operative jobs, retrained and laid off (thousands)")
    ax.legend(fontsize=8)

    for ax in axes.ravel():
        ax.grid(alpha=0.3)
    fig.savefig(path, dpi=110)


def _displacement_targets(ax, frame: pd.DataFrame, dates: pd.Series) -> None:
    """MX jobs automated away since 2024-01 against the article's 2024 and 2024-2025 figures."""
    base_rows = frame.loc[frame["date"] == AUTOMATED_BASE_DATE, "operative_jobs_mx"]
    if base_rows.empty:
        return
    base = float(base_rows.iloc[0]) / 1e3
    since = frame["jobs_automated_month_mx"].where(frame["date"] >= "2024-01", 0.0).cumsum() / 1e3
    ax.plot(dates, since, color=COLORS["mx"], label="jobs automated MX since 2024-01")
    share, tolerance = AUTOMATED_2024_SHARE
    ax.errorbar(
        pd.to_datetime("2024-12-15"),
        share * base,
        yerr=tolerance * base,
        fmt="o",
        color=COLORS["mx"],
        mec="black",
        capsize=4,
        label="target: 12% of MX operative jobs (2023-12) in 2024",
    )
    ax.scatter(
        pd.to_datetime("2025-12-15"),
        AUTOMATED_2024_2025_MIN * base,
        marker="^",
        s=60,
        color=COLORS["mx"],
        edgecolors="black",
        zorder=3,
        label="target: above 20% over 2024-2025",
    )
