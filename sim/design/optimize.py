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

from sim.design.futures import run_seeds
from sim.design.job import DesignJob
from sim.design.report import write_optimize_outputs
from sim.design.runs import RunBatches
from sim.design.spec import Loaded, OptimizeSpec
from sim.design.tables import cell, cheapest, convergence, lever_column, pareto_front
from sim.pipeline import RunTask, TaskFn, simulate_task
from sim.sweep.designs import point_values

FAILED = 1e30  # objective and violation of a mix whose runs failed: dominated by everything


@dataclass
class Optimization:
    """What an optimisation left in its folder, for the command line and for tests."""

    folder: Path
    evaluations: pd.DataFrame  # one row per lever mix
    pareto: pd.DataFrame
    fresh: pd.DataFrame  # the winning mixes (`cheapest`) again on the fresh seeds, one row each
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
    fresh_seeds = run_seeds(spec.fresh_seeds) if spec.fresh_seeds else []
    fresh_budget = (len(spec.constraints) + 1) * len(worlds) * len(fresh_seeds)
    mixes: list[dict[str, Any]] = []
    levers: list[dict[str, Any]] = []  # each mix's lever values, by mix number
    generation = 0
    with job.batches(budget * per_mix + fresh_budget, progress, task_fn) as batches:
        while algorithm.has_next():
            population = algorithm.ask()
            generation += 1
            chosen = [point_values(x, spec.levers) for x in population.get("X")]
            rows = _evaluate(loaded, batches, chosen, len(mixes), worlds, seeds)
            for row in rows:
                row["generation"] = generation
            mixes.extend(rows)
            levers.extend(chosen)
            objectives, violations = _scores(spec, rows)
            algorithm.evaluator.eval(StaticProblem(problem, F=objectives, G=violations), population)
            algorithm.tell(infills=population)
        evaluations = pd.DataFrame(mixes)
        fresh = _reevaluate(loaded, batches, evaluations, levers, worlds, fresh_seeds)
        runs = batches.table(loaded.summaries)

    front = pareto_front(spec, evaluations)
    write_optimize_outputs(
        loaded, job.folder, evaluations, runs, front, convergence(spec, evaluations), fresh
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
        job.folder, evaluations, front, fresh, counts["cached"], counts["ran"], counts["failed"]
    )


def _reevaluate(
    loaded: Loaded[OptimizeSpec],
    batches: RunBatches,
    evaluations: pd.DataFrame,
    levers: list[dict[str, Any]],
    worlds: list[dict[str, Any]],
    seeds: list[int],
) -> pd.DataFrame:
    """The winners (each constraint's cheapest mix, `cheapest`) run again on fresh seeds: one
    row per distinct mix, numbered as in the search (empty without fresh seeds)."""
    picks = cheapest(loaded.spec, evaluations) if seeds else []
    numbers = list(dict.fromkeys(int(mix["mix"]) for _, mix, _ in picks if mix is not None))
    rows = []
    for number in numbers:
        rows += _evaluate(loaded, batches, [levers[number]], number, worlds, seeds)
    return pd.DataFrame(rows)


def _evaluate(
    loaded: Loaded[OptimizeSpec],
    batches: RunBatches,
    mixes: list[dict[str, Any]],
    first: int,
    worlds: list[dict[str, Any]],
    seeds: list[int],
) -> list[dict[str, Any]]:
    """Run lever mixes (numbered from `first`) on every future and seed; one row of means per
    mix."""
    spec = loaded.spec
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
