"""Policy-design experiments: an optimisation (`bordersim optimize`) or a scenario discovery
(`bordersim discover`) run from a shipped spec, reduced to a table `reproduce` can compare.

The optimiser (NSGA-II, seeded) and PRIM are deterministic given the runs, and the runs are
exact on the reference's platform; the statistics computed by linear algebra or iterative
peeling (hypervolume, PRIM's box, quasi-p-values) are marked `derived` and compared within the
experiment's relative tolerance on any platform.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from sim.design.discover import discover
from sim.design.optimize import optimize
from sim.design.spec import DiscoverSpec, OptimizeSpec, load_spec
from sim.design.tables import cheapest, convergence, lever_column
from sim.pipeline import TaskFn, simulate_task


def _row(arm: str, metric: str, value: float, derived: bool = False, low=None, high=None) -> dict:
    value = float(value)
    return {
        "arm": arm,
        "metric": metric,
        "mean": value,
        "p05": value if low is None else float(low),
        "p95": value if high is None else float(high),
        "seeds": 1,
        "derived": derived,
    }


def optimization_table(
    spec_file: Path, out: Path, workers: int | None, task_fn: TaskFn = simulate_task
) -> pd.DataFrame:
    """The cheapest mix meeting each constraint (its levers, objectives and band over seeds),
    the same mix re-run on fresh seeds (`fresh:` rows: the search picked it as the best of
    many noisy scores, so its search scores flatter it), the size of the Pareto front and the
    final hypervolume."""
    loaded = load_spec(spec_file, OptimizeSpec)
    result = optimize(loaded, out / "design", progress=True, workers=workers, task_fn=task_fn)
    spec = loaded.spec
    rows = []
    for label, mix, met in cheapest(spec, result.evaluations):
        arm = f"cheapest[{label}]"
        rows.append(_row(arm, "meets", float(met)))
        if mix is None:
            continue
        for path in spec.levers:
            value = mix[lever_column(path)]
            if isinstance(value, bool | int | float):  # city lists are shown in the report
                rows.append(_row(arm, f"lever:{path}", float(value)))
        rows += _objective_rows(spec, arm, mix)
        fresh = result.fresh
        again = fresh[fresh["mix"] == mix["mix"]] if len(fresh) else fresh
        if len(again):
            rows.append(_row(arm, "fresh:meets", float(_meets(spec, label, again.iloc[0]))))
            rows += _objective_rows(spec, arm, again.iloc[0], prefix="fresh:")
    rows.append(_row("front", "mixes", len(result.pareto)))
    history = convergence(spec, result.evaluations)
    rows.append(_row("front", "hypervolume", history["hypervolume"].iloc[-1], derived=True))
    rows.append(_row("search", "evaluations", len(result.evaluations)))
    shutil.copy2(out / "design" / "front.png", out / "figure.png")
    return pd.DataFrame(rows)


def _meets(spec: OptimizeSpec, label: str, mix: pd.Series) -> bool:
    """Whether a mix meets the condition `cheapest` picked it for (one constraint, or all)."""
    bounds = [c for c in spec.constraints if c.describe() == label] or spec.constraints
    return all(c.violation(mix[c.summary]) <= 0 for c in bounds)


def _objective_rows(spec: OptimizeSpec, arm: str, mix: pd.Series, prefix: str = "") -> list:
    """Each objective's mean over a mix's runs, with its min..max over them as the band."""
    rows = []
    for objective in spec.objectives:
        name = objective.summary
        low, high = mix[f"{name} [min]"], mix[f"{name} [max]"]
        rows.append(_row(arm, prefix + name, mix[name], low=low, high=high))
    return rows


def discovery_table(spec_file: Path, out: Path, workers: int | None) -> pd.DataFrame:
    """Per policy: the share of futures where it misses its target, and PRIM's chosen box
    (coverage, density, mass, each restricted uncertainty's limits and quasi-p-value)."""
    loaded = load_spec(spec_file, DiscoverSpec)
    result = discover(loaded, out / "design", progress=True, workers=workers)
    rows = []
    for policy, box in result.boxes.items():
        mine = result.samples[result.samples["policy"] == policy]
        rows.append(_row(policy, "futures", len(mine)))
        rows.append(_row(policy, "failure_share", mine["failed"].mean()))
        if box is None:
            continue
        for measure in ("coverage", "density", "mass"):
            rows.append(_row(policy, f"box:{measure}", getattr(box, measure), derived=True))
        for name, limit in box.limits.iterrows():
            if limit["side"] == "categories":
                continue  # category sets are in the report, not the numeric table
            low, high = limit["min"], limit["max"]
            rows.append(_row(policy, f"box:{name}:qp", limit["qp"], True, low, high))
    table = pd.DataFrame(rows)
    first = next((p for p, b in result.boxes.items() if b is not None), None)
    figure = out / "design" / (f"tradeoff_{first}.png" if first else "")
    if first and figure.is_file():
        shutil.copy2(figure, out / "figure.png")
    else:  # no box to draw (every future fails, or none does): the failure shares
        failure_share_figure(table, out)
    return table


def failure_share_figure(table: pd.DataFrame, out: Path) -> None:
    """Each policy's share of futures where it misses its target, as bars (the figure when
    PRIM has no box to show)."""
    shares = table[table["metric"] == "failure_share"]
    fig = Figure(figsize=(6, 2.5))
    ax = fig.add_subplot()
    ax.barh(shares["arm"], shares["mean"], color="#d6604d")
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of futures where the policy misses its target")
    ax.set_title("no PRIM box: failures are not concentrated in any region", fontsize=9)
    fig.tight_layout()
    fig.savefig(out / "figure.png", dpi=100)
