"""The calibration report: target vs simulated tables, parameters with bounds, loss history,
measured trade-offs, a figure, a short text and a manifest, all under one folder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.calibrate.settings import Calibration
from sim.run.manifest import write_atomic
from sim.targets import CALIBRATION_TARGETS

EDGE = 0.05  # an estimate this close to a box edge (share of the range) is reported as pinned


def tradeoffs(history: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """For each missed target: the best searched vector that met it, and what it broke there."""
    rows = []
    for missed in after.loc[~after["met"], "target"]:
        target = next(t for t in CALIBRATION_TARGETS if t.name == missed)
        meets = history[[target.met(v) for v in history[f"sim:{missed}"]]]
        if meets.empty:
            rows.append({"target": missed, "met_in_search": False, "loss_there": np.nan})
            continue
        best = meets.loc[meets["loss"].idxmin()]
        broken = [
            f"{t.name}={best[f'sim:{t.name}']:.3f}"
            for t in CALIBRATION_TARGETS
            if not t.met(best[f"sim:{t.name}"])
        ]
        rows.append(
            {
                "target": missed,
                "met_in_search": True,
                "evaluation": int(best["evaluation"]),
                "loss_there": float(best["loss"]),
                "value_there": float(best[f"sim:{missed}"]),
                "misses_there": "; ".join(broken) or "none",
            }
        )
    return pd.DataFrame(rows)


def figure(
    history: pd.DataFrame,
    before: pd.DataFrame,
    after: pd.DataFrame,
    params: pd.DataFrame,
    path: Path,
) -> None:
    """Loss history, targets against simulated (before and after), estimates within bounds."""
    fig = Figure(figsize=(17, 5.5), layout="constrained")
    axes = fig.subplots(1, 3)
    ax = axes[0]
    for phase, marker in (("sobol", "o"), ("nelder-mead", ".")):
        part = history[history["phase"] == phase]
        ax.scatter(part["evaluation"], part["loss"], s=10, marker=marker, alpha=0.6, label=phase)
    ax.plot(history["evaluation"], history["best_so_far"], color="black", label="best so far")
    ax.set_yscale("log")
    ax.set_xlabel("evaluation")
    ax.set_title("Loss (sum of squared misses in tolerance units)")
    ax.legend(fontsize=8)

    ax = axes[1]
    rows = np.arange(len(after))[::-1]
    ax.fill_betweenx([-0.5, len(after) - 0.5], 0.0, 1.0, color="#fdb863", alpha=0.5)
    for frame, offset, colour, label in (
        (before, 0.15, "0.6", "before"),
        (after, -0.15, "#2166ac", "calibrated"),
    ):
        width = frame["high"] - frame["low"]
        mean, p05, p95 = ((frame[c] - frame["low"]) / width for c in ("mean", "p05", "p95"))
        ax.errorbar(
            mean.clip(-2, 3),
            rows + offset,
            xerr=[(mean - p05).clip(0, 5), (p95 - mean).clip(0, 5)],
            fmt="o",
            color=colour,
            capsize=3,
            label=f"{label}: mean, 90% over seeds",
        )
    ax.set_xlim(-2.1, 3.1)
    ax.set_yticks(rows, after["target"], fontsize=8)
    ax.set_xlabel("position within the target band (0 = low, 1 = high; clipped at -2 and 3)")
    ax.set_title("Targets (orange band) against simulated")
    ax.legend(fontsize=8, loc="lower left")

    ax = axes[2]
    rows = np.arange(len(params))[::-1]
    ax.barh(rows, 1.0, color="0.92")
    ax.scatter(params["unit_before"], rows, color="0.6", label="before", zorder=3)
    span = params["high"] - params["low"]
    ax.hlines(
        rows,
        (params["p05"] - params["low"]) / span,
        (params["p95"] - params["low"]) / span,
        color="#b2182b",
        alpha=0.4,
        linewidth=6,
        label="90% non-implausible interval",
    )
    ax.scatter(params["unit"], rows, color="#b2182b", label="calibrated", zorder=3)
    ax.set_yticks(rows, params["parameter"], fontsize=8)
    ax.set_xlim(-0.05, 1.05)
    ax.set_xlabel("position within the search bounds (0 = low, 1 = high)")
    ax.set_title("Estimates within their bounds")
    ax.legend(fontsize=8)
    fig.savefig(path, dpi=110)


def parameter_table(
    calibration: Calibration,
    estimates: dict[str, float],
    before: dict[str, float],
    intervals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per parameter: its box, the value before and after, its position in the box, whether it
    sits within `EDGE` of an edge, and its 90% interval (history matching; else NaN)."""
    rows = []
    for name, low, high in zip(calibration.names, calibration.low, calibration.high, strict=True):
        unit = (estimates[name] - low) / (high - low)
        rows.append(
            {
                "parameter": name,
                "low": low,
                "high": high,
                "before": before[name],
                "calibrated": estimates[name],
                "unit_before": (before[name] - low) / (high - low),
                "unit": unit,
                "near_edge": bool(unit < EDGE or unit > 1 - EDGE),
                "why": calibration.config.parameters[name].why,
            }
        )
    table = pd.DataFrame(rows)
    if intervals is None:
        return table.assign(p05=np.nan, p95=np.nan, kept_points=0)
    return table.merge(intervals, on="parameter", how="left", validate="one_to_one")


def edge_lines(params: pd.DataFrame) -> list[str]:
    """One line per estimate within `EDGE` of its box edge (the identification check)."""
    lines = []
    for row in params[params["near_edge"]].itertuples():
        edge = "low" if row.unit < 0.5 else "high"
        lines.append(
            f"- `{row.parameter}` = {row.calibrated:g} is at {row.unit:.3f} of its box, within "
            f"{EDGE:.0%} of its {edge} edge ({row.low:g}-{row.high:g}): not identified by the "
            "targets, or the box is too narrow."
        )
    return lines


def markdown(
    after: pd.DataFrame,
    before: pd.DataFrame,
    params: pd.DataFrame,
    trades: pd.DataFrame,
    facts: dict,
) -> str:
    """A short human-readable account; every number in it is also in the CSV files."""
    lines = [
        f"# Calibration of `{facts['base_config']}`",
        "",
        f"Method: {facts['method']}. Loss {facts['loss_before']:.2f} before, "
        f"{facts['loss_after']:.2f} after (on {facts['report_seeds']} out-of-sample seeds); "
        f"{facts['evaluations']} evaluations in {facts['minutes']:.1f} minutes.",
        "",
        "| target | band | before (mean) | calibrated mean | 90% over seeds | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for (_, row), (_, old) in zip(after.iterrows(), before.iterrows(), strict=True):
        verdict = "yes" if row["met"] else f"**no** (misses by {row['miss']:+.3f})"
        lines.append(
            f"| {row['target']} | {row['low']:.3f}-{row['high']:.3f} | {old['mean']:.3f} | "
            f"{row['mean']:.3f} | {row['p05']:.3f}-{row['p95']:.3f} | {verdict} |"
        )
    lines += [
        "",
        "| parameter | bounds | before | calibrated | 90% non-implausible interval |",
        "| --- | --- | --- | --- | --- |",
    ]
    for _, row in params.iterrows():
        interval = "-" if np.isnan(row["p05"]) else f"{row['p05']:.4g}-{row['p95']:.4g}"
        lines.append(
            f"| {row['parameter']} | {row['low']:g}-{row['high']:g} | {row['before']:g} | "
            f"{row['calibrated']:g} | {interval} |"
        )
    if "kept_points" in facts:
        lines += [
            "",
            f"History matching: {facts['kept_points']} of {facts['design_points']} Sobol points "
            f"are not implausible ({facts['cut']} at most {facts['cutoff']:g}); the intervals "
            "are the 5th-95th percentiles of each parameter over them (`parameters.csv`, "
            "`design.csv`).",
        ]
        if not facts["kept_points"]:
            lines[-1] += (
                " **No point is kept, so no interval is given**; the refinement started from the "
                "least implausible point (more design points, or `rank: 2`, may keep some)."
            )
    edges = edge_lines(params)
    lines += ["", f"Estimates within {EDGE:.0%} of a box edge: {'none' if not edges else ''}"]
    lines += edges
    if not trades.empty:
        lines += [
            "",
            "Trade-offs measured in the search (best evaluated vector meeting each "
            "missed target, on the search seeds):",
            "",
        ]
        for _, row in trades.iterrows():
            if not row["met_in_search"]:
                lines.append(f"- {row['target']}: no evaluated vector met it.")
            else:
                lines.append(
                    f"- {row['target']}: met at evaluation {int(row['evaluation'])} "
                    f"({row['value_there']:.3f}, loss {row['loss_there']:.2f}), which misses "
                    f"{row['misses_there']}."
                )
    return "\n".join(lines) + "\n"


def write_text(path: Path, text: str) -> None:
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    write_atomic(path, lambda tmp: frame.to_csv(tmp, index=False, float_format="%.6g"))
