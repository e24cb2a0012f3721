"""Figures of policy design: the Pareto front, its levers, convergence, and PRIM's trade-off.

Plain matplotlib (Agg), one function per figure, each saved as PNG into the design folder.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from sim.design.spec import OptimizeSpec  # noqa: E402
from sim.design.tables import cell, lever_column  # noqa: E402


def _save(fig: plt.Figure, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def front_figure(
    spec: OptimizeSpec, evaluations: pd.DataFrame, front: pd.DataFrame, path: Path
) -> Path:
    """Every evaluated mix (grey: misses a constraint) and the Pareto front, on the first two
    objectives (a single objective is drawn against the evaluation number)."""
    fig, ax = plt.subplots(figsize=(7, 5))
    first = spec.objectives[0].summary
    if len(spec.objectives) > 1:
        x_of, y_of = first, spec.objectives[1].summary
    else:
        x_of, y_of = "mix", first
    infeasible = evaluations[~evaluations["feasible"]]
    feasible = evaluations[evaluations["feasible"]]
    ax.scatter(infeasible[x_of], infeasible[y_of], s=14, c="0.75", label="misses a constraint")
    ax.scatter(feasible[x_of], feasible[y_of], s=14, c="tab:blue", alpha=0.6, label="feasible")
    if not front.empty:
        ordered = front.sort_values(x_of)
        ax.plot(ordered[x_of], ordered[y_of], "o-", c="tab:red", label="Pareto front")
    ax.set_xlabel(x_of)
    ax.set_ylabel(y_of)
    ax.set_title(f"{spec.name}: {len(evaluations)} lever mixes, {len(front)} on the front")
    ax.legend(fontsize=8)
    return _save(fig, path)


def levers_figure(spec: OptimizeSpec, front: pd.DataFrame, path: Path) -> Path:
    """Parallel coordinates: each front mix is a line across its levers (scaled to their
    bounds or level positions) and its objectives, coloured by the first objective."""
    axes_names = list(spec.levers) + [o.summary for o in spec.objectives]
    fig, ax = plt.subplots(figsize=(max(6, 1.6 * len(axes_names)), 4.5))
    columns = [_position(spec, name, front) for name in spec.levers]
    columns += [_unit(front[o.summary].to_numpy(float)) for o in spec.objectives]
    scaled = np.column_stack(columns).reshape(len(front), len(axes_names))
    colours = plt.cm.viridis(_unit(front[spec.objectives[0].summary].to_numpy(float)))
    for row, colour in zip(scaled, colours, strict=True):
        ax.plot(range(len(axes_names)), row, c=colour, alpha=0.8)
    ax.set_xticks(range(len(axes_names)))
    ax.set_xticklabels([_short(n) for n in axes_names], rotation=20, ha="right", fontsize=8)
    ax.set_yticks([0, 1])
    ax.set_yticklabels(["low", "high"])
    for x in range(len(axes_names)):
        ax.axvline(x, c="0.8", lw=0.8, zorder=0)
    colour_by = _short(spec.objectives[0].summary)
    ax.set_title(f"Levers of the {len(front)} Pareto-front mixes (colour: {colour_by})", fontsize=9)
    return _save(fig, path)


def convergence_figure(table: pd.DataFrame, path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(table["evaluations"], table["hypervolume"], "o-")
    ax.set_xlabel("lever mixes evaluated")
    ax.set_ylabel("hypervolume of the feasible front (scaled)")
    ax.set_title("Convergence (NSGA-II, one point per generation)")
    return _save(fig, path)


def tradeoff_figure(trajectory: pd.DataFrame, chosen: int, path: Path) -> Path:
    """PRIM's peeling trajectory: coverage against density, coloured by restricted dims."""
    fig, ax = plt.subplots(figsize=(6, 4.5))
    points = ax.scatter(
        trajectory["coverage"], trajectory["density"], c=trajectory["res_dim"], cmap="viridis"
    )
    ax.scatter(
        trajectory.loc[chosen, "coverage"],
        trajectory.loc[chosen, "density"],
        s=160,
        facecolors="none",
        edgecolors="tab:red",
        label=f"chosen box (step {chosen})",
    )
    fig.colorbar(points, ax=ax, label="restricted dimensions")
    ax.set_xlabel("coverage (share of all failures inside the box)")
    ax.set_ylabel("density (share of futures in the box that fail)")
    ax.set_title("PRIM peeling trajectory")
    ax.legend(fontsize=8)
    return _save(fig, path)


def box_figure(
    x: pd.DataFrame, failed: np.ndarray, limits: pd.DataFrame, title: str, path: Path
) -> Path:
    """Futures on the box's two most significant restrictions, failures red, box outlined."""
    ranked = list(limits.sort_values("qp").index)
    names = (ranked + [c for c in x.columns if c not in ranked])[:2]
    fig, ax = plt.subplots(figsize=(6, 5))
    if len(names) == 1 or x.shape[1] == 1:
        names = [names[0]]
        ax.scatter(x[names[0]], failed.astype(float), c=np.where(failed, "tab:red", "0.6"), s=14)
        ax.set_ylabel("policy misses its target")
    else:
        ax.scatter(x[names[0]], x[names[1]], c=np.where(failed, "tab:red", "0.6"), s=14)
        low = [limits.loc[n, "min"] if n in limits.index else x[n].min() for n in names]
        high = [limits.loc[n, "max"] if n in limits.index else x[n].max() for n in names]
        ax.add_patch(
            plt.Rectangle(
                (low[0], low[1]), high[0] - low[0], high[1] - low[1], fill=False, ec="k", lw=1.5
            )
        )
        ax.set_ylabel(names[1])
    ax.set_xlabel(names[0])
    ax.set_title(title, fontsize=9)
    return _save(fig, path)


def _position(spec: OptimizeSpec, path: str, front: pd.DataFrame) -> np.ndarray:
    """Lever values at their place in [0, 1]: within the range, or along the level list."""
    lever = spec.levers[path]
    values = front[lever_column(path)]
    if lever.levels is not None:
        cells = [cell(level) for level in lever.levels]
        places = [cells.index(value) for value in values]
        return np.array(places, dtype=float) / max(1, len(cells) - 1)
    assert lever.range is not None  # a lever has levels or a range (the spec's validator)
    low, high = lever.range
    return (values.to_numpy(float) - low) / (high - low)


def _unit(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return values
    span = values.max() - values.min()
    return (values - values.min()) / span if span > 0 else np.full(values.shape, 0.5)


def _short(name: str) -> str:
    return name if len(name) <= 34 else name[:31] + "..."
