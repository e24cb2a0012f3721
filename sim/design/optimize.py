"""`bordersim optimize`: which lever mix meets the targets at least public cost (NSGA-II, pymoo).

pymoo's NSGA-II searches the unit cube of the levers (a position maps to a range value or a
level, as in sweeps); each generation it asks for a population of lever mixes, and every mix
is run on the same seeds (and sampled futures, for a robust search) as one batch of model runs.
Objectives and constraints are the means of summaries over those runs. The optimiser is seeded
and every run is stored by its key, so re-running after a crash replays the same generations
from the store.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pymoo.algorithms.moo.nsga2 import NSGA2
from pymoo.core.problem import Problem
from pymoo.problems.static import StaticProblem
from pymoo.termination import get_termination

from sim.design.job import DesignJob
from sim.design.report import write_optimize_outputs
from sim.design.runs import RunBatches
from sim.design.spec import Loaded, OptimizeSpec
from sim.design.tables import cell, convergence, lever_column, pareto_front
from sim.pipeline import RunTask, TaskFn, simulate_task
from sim.sweep.designs import point_values

FAILED = 1e30  # objective and violation of a mix whose runs failed: dominated by everything


@dataclass
class Optimization:
    """What an optimisation left in its folder, for the command line and for tests."""

    folder: Path
    evaluations: pd.DataFrame  # one row per lever mix
    pareto: pd.DataFrame
    runs_cached: int
    runs_ran: int
    runs_failed: int


def optimize(
    loaded: Loaded[OptimizeSpec],
    out: Path | None = None,
    fresh: bool = False,
    progress: bool = True,
    backend: Literal["local", "dask"] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    task_fn: TaskFn = simulate_task,
) -> Optimization:
    """Run (or resume) the optimisation of a validated spec and write every output."""
    spec = loaded.spec
    job = DesignJob.start("optimize", loaded, out, fresh, backend, workers, scheduler)
    worlds, seeds = job.worlds, job.seeds

    problem = Problem(
        n_var=len(spec.levers),
        n_obj=len(spec.objectives),
        n_ieq_constr=len(spec.constraints),
        xl=0.0,
        xu=1.0,
    )
    algorithm = NSGA2(pop_size=spec.search.population)
    algorithm.setup(
        problem,
        termination=get_termination("n_eval", spec.search.evaluations),
        seed=spec.search.seed,
        verbose=False,
    )
    per_mix = len(worlds) * len(seeds)
    budget = math.ceil(spec.search.evaluations / spec.search.population) * spec.search.population
    mixes: list[dict[str, Any]] = []
    generation = 0
    with job.batches(budget * per_mix, progress, task_fn) as batches:
        while algorithm.has_next():
            population = algorithm.ask()
            generation += 1
            rows = _evaluate(loaded, batches, population.get("X"), len(mixes), worlds, seeds)
            for row in rows:
                row["generation"] = generation
            mixes.extend(rows)
            objectives, violations = _scores(spec, rows)
            algorithm.evaluator.eval(StaticProblem(problem, F=objectives, G=violations), population)
            algorithm.tell(infills=population)
        runs = batches.table(loaded.summaries)

    evaluations = pd.DataFrame(mixes)
    front = pareto_front(spec, evaluations)
    write_optimize_outputs(
        loaded, job.folder, evaluations, runs, front, convergence(spec, evaluations)
    )
    job.write_manifest(
        batches,
        optimiser=f"pymoo NSGA-II, population {spec.search.population}, seed {spec.search.seed}",
        lever_mixes=len(evaluations),
        generations=generation,
        runs_per_mix=per_mix,
    )
    counts = batches.counts
    return Optimization(
        job.folder, evaluations, front, counts["cached"], counts["ran"], counts["failed"]
    )


def _evaluate(
    loaded: Loaded[OptimizeSpec],
    batches: RunBatches,
    positions: np.ndarray,
    first: int,
    worlds: list[dict[str, Any]],
    seeds: list[int],
) -> list[dict[str, Any]]:
    """Run one generation's lever mixes on every future and seed; one row of means per mix."""
    spec = loaded.spec
    mixes = [point_values(x, spec.levers) for x in positions]
    runs: list[RunTask] = []
    for number, levers in enumerate(mixes, start=first):
        for world_index, world in enumerate(worlds):
            scenario = loaded.scenario({**world, **levers}, f"mix {number} {json.dumps(levers)}")
            label = {"mix": number, "future": world_index, **world, **levers}
            runs.extend(RunTask.of(scenario, seed, loaded.keep, label) for seed in seeds)
    results = iter(batches.run(runs))
    per_mix = len(worlds) * len(seeds)
    rows = []
    for number, levers in enumerate(mixes, start=first):
        chunk = [next(results) for _ in range(per_mix)]
        row: dict[str, Any] = {"mix": number}
        row.update({lever_column(path): cell(value) for path, value in levers.items()})
        row["failed_runs"] = sum(r is None for r in chunk)
        for text in loaded.summaries:
            values = np.array([r[text] for r in chunk if r is not None], dtype=float)
            empty = values.size == 0
            row[text] = math.nan if empty else float(values.mean())
            row[f"{text} [min]"] = math.nan if empty else float(values.min())
            row[f"{text} [max]"] = math.nan if empty else float(values.max())
        violations = [c.violation(row[c.summary]) for c in spec.constraints]
        row["violation"] = FAILED if row["failed_runs"] else sum(max(0.0, v) for v in violations)
        row["feasible"] = row["violation"] == 0.0
        rows.append(row)
    return rows


def _scores(spec: OptimizeSpec, rows: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """pymoo's F (to minimise) and G (<= 0 when met) for a generation's rows."""
    objectives = np.array(
        [
            [
                FAILED
                if row["failed_runs"]
                else (row[o.summary] if o.direction == "minimize" else -row[o.summary])
                for o in spec.objectives
            ]
            for row in rows
        ]
    )
    violations = np.array(
        [
            [
                FAILED if row["failed_runs"] else c.violation(row[c.summary])
                for c in spec.constraints
            ]
            for row in rows
        ]
    ).reshape(len(rows), len(spec.constraints))
    return objectives, violations
