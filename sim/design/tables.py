"""Tables read off an optimisation's evaluations: Pareto front, convergence, cheapest mixes.

Each evaluation is one lever mix with the mean (and min/max over its runs) of every summary.
Objectives are compared in "smaller is better" form; only mixes that meet every constraint
(and whose runs all finished) can be on the front.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
from pymoo.indicators.hv import HV
from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting

from sim.design.spec import OptimizeSpec

HV_REFERENCE = 1.1  # reference point per objective, after scaling the front to [0, 1]


def lever_column(path: str) -> str:
    return f"lever:{path}"


def cell(value: Any) -> Any:
    """A lever value as a table cell: lists (e.g. SEZ city lists) become JSON text."""
    return json.dumps(value) if isinstance(value, list | dict) else value


def minimised(spec: OptimizeSpec, evaluations: pd.DataFrame) -> np.ndarray:
    """The objective matrix with maximised objectives negated."""
    columns = [
        evaluations[o.summary] * (1 if o.direction == "minimize" else -1) for o in spec.objectives
    ]
    return np.column_stack(columns) if columns else np.zeros((len(evaluations), 0))


def pareto_front(spec: OptimizeSpec, evaluations: pd.DataFrame) -> pd.DataFrame:
    """Feasible, non-dominated lever mixes (each distinct mix once), cheapest first."""
    levers = [lever_column(p) for p in spec.levers]
    feasible = evaluations[evaluations["feasible"]].drop_duplicates(levers)
    if feasible.empty:
        return feasible
    front = NonDominatedSorting().do(minimised(spec, feasible), only_non_dominated_front=True)
    return feasible.iloc[np.sort(front)].sort_values(spec.objectives[0].summary)


def convergence(spec: OptimizeSpec, evaluations: pd.DataFrame) -> pd.DataFrame:
    """Per generation: evaluations so far, feasible so far, hypervolume of the front so far.

    Objectives are scaled to [0, 1] between the best and worst feasible values ever seen, so
    the hypervolumes of all generations share one yardstick (reference point 1.1 each)."""
    feasible = evaluations["feasible"].to_numpy()
    values = minimised(spec, evaluations)
    # the yardstick; unused (zeros) while no mix is feasible
    low = values[feasible].min(axis=0) if feasible.any() else np.zeros(values.shape[1])
    span = values[feasible].max(axis=0) - low if feasible.any() else np.zeros(values.shape[1])
    indicator = HV(ref_point=np.full(values.shape[1], HV_REFERENCE))
    first = spec.objectives[0]
    rows = []
    for generation in sorted(evaluations["generation"].unique()):
        upto = (evaluations["generation"] <= generation).to_numpy()
        chosen = upto & feasible
        volume, best = 0.0, np.nan
        if chosen.any():
            scaled = (values[chosen] - low) / np.where(span > 0, span, 1.0)
            volume = float(indicator(scaled))
            met = evaluations.loc[chosen, first.summary]
            best = float(met.min() if first.direction == "minimize" else met.max())
        rows.append(
            {
                "generation": int(generation),
                "evaluations": int(upto.sum()),
                "feasible": int(chosen.sum()),
                "hypervolume": volume,
                f"best feasible {first.summary}": best,
            }
        )
    return pd.DataFrame(rows)


def cheapest(
    spec: OptimizeSpec, evaluations: pd.DataFrame
) -> list[tuple[str, pd.Series | None, bool]]:
    """For each constraint alone, then all together: the mix best on the first objective
    among those that meet it (met = True), else the mix that comes closest (met = False)."""
    done = evaluations[evaluations["failed_runs"] == 0]
    first = spec.objectives[0]
    conditions = [
        (c.describe(), done[c.summary].map(lambda v, c=c: max(0.0, c.violation(v))))
        for c in spec.constraints
    ]
    if len(spec.constraints) != 1:
        conditions.append(("every constraint", done["violation"]))
    picks = []
    for label, violation in conditions:
        candidates = done[violation == 0]
        if candidates.empty:
            closest = violation.idxmin() if len(violation) else None
            picks.append((label, None if closest is None else done.loc[closest], False))
            continue
        order = candidates[first.summary].to_numpy()
        best = int(np.argmin(order) if first.direction == "minimize" else np.argmax(order))
        picks.append((label, candidates.iloc[best], True))
    return picks
