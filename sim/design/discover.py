"""`bordersim discover`: under which futures does a policy miss its target?

Uncertain parameters are sampled by Latin hypercube; every policy runs on every future with the
same seeds (one batch through the run store, so an interrupted discovery resumes). A future
fails a policy when the mean over seeds of the target summary misses the target; PRIM then
finds the box of futures where failures concentrate, and CART gives a second view.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from sim.design import figures
from sim.design.discovery import FailureBox, cart_view, find_failure_box
from sim.design.job import DesignJob
from sim.design.spec import DiscoverSpec, Loaded
from sim.design.tables import cell
from sim.pipeline import RunTask, TaskFn, simulate_task
from sim.run.runner import write_parquet


@dataclass
class Discovery:
    folder: Path
    samples: pd.DataFrame  # one row per policy and future
    boxes: dict[str, FailureBox | None]  # per policy (None: nothing to discover)
    headline: str
    runs_failed: int


def discover(
    loaded: Loaded[DiscoverSpec],
    out: Path | None = None,
    fresh: bool = False,
    progress: bool = True,
    backend: Literal["local", "dask"] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    task_fn: TaskFn = simulate_task,
) -> Discovery:
    """Run (or resume) every policy on every sampled future, then PRIM and CART per policy."""
    spec = loaded.spec
    job = DesignJob.start("discover", loaded, out, fresh, backend, workers, scheduler)
    folder, seeds = job.folder, job.seeds

    runs: list[RunTask] = []
    for policy, overrides in spec.policies.items():
        for number, world in enumerate(job.worlds):
            where = f"policy {policy} future {number} {json.dumps(world)}"
            scenario = loaded.scenario({**world, **overrides}, where)
            label = {"policy": policy, "future": number, **world}
            runs.extend(RunTask.of(scenario, seed, loaded.keep, label) for seed in seeds)
    with job.batches(len(runs), progress, task_fn) as batches:
        batches.run(runs)
        table = batches.table(loaded.summaries)

    samples = _samples(spec, _paired_differences(spec, table))
    boxes: dict[str, FailureBox | None] = {}
    for policy in _assessed(spec):
        rows = samples[(samples["policy"] == policy) & samples["target"].notna()]
        failed = rows["failed"].to_numpy(bool)
        boxes[policy] = None
        if 0 < failed.sum() < len(rows):
            x = _inputs(rows, spec)
            box = find_failure_box(
                x, failed, spec.prim.peel_alpha, spec.prim.mass_min, spec.prim.threshold
            )
            boxes[policy] = box
            _policy_outputs(folder, policy, x, failed, box, spec.prim.mass_min)
    write_parquet(samples, folder / "samples.parquet")
    write_parquet(table, folder / "runs.parquet")
    lines = [_headline(spec, policy, samples, box) for policy, box in boxes.items()]
    (folder / "report.md").write_text(_report(spec, samples, boxes, lines), encoding="utf-8")
    job.write_manifest(
        batches, futures=len(job.worlds), policies=list(spec.policies), runs=len(runs)
    )
    return Discovery(folder, samples, boxes, "\n".join(lines), batches.counts["failed"])


def _assessed(spec: DiscoverSpec) -> list[str]:
    """The policies whose failures PRIM explains (all but the reference)."""
    return [policy for policy in spec.policies if policy != spec.reference]


def _paired_differences(spec: DiscoverSpec, table: pd.DataFrame) -> pd.DataFrame:
    """With a reference policy: each other policy's runs with the target replaced by its
    difference from the reference's run in the same future with the same seed (common random
    numbers, so the difference is the policy's effect, not the future's level or seed noise).
    Without one: the runs as they are."""
    if spec.reference is None:
        return table
    target = spec.target.summary
    keys = ["future", "seed"]
    base = table.loc[table["policy"] == spec.reference, [*keys, target]]
    others = table[table["policy"] != spec.reference]
    paired = others.merge(base, on=keys, how="left", suffixes=("", " [reference]"), validate="m:1")
    paired[target] = paired[target] - paired[f"{target} [reference]"]
    return paired.drop(columns=f"{target} [reference]")


def _samples(spec: DiscoverSpec, table: pd.DataFrame) -> pd.DataFrame:
    """One row per (policy, future): uncertainty values, target mean and band, failed or not."""
    target = spec.target.summary
    names = list(spec.uncertainties.parameters)
    grouped = table.groupby(["policy", "future"], sort=False)
    samples = grouped[names].first()
    samples["target"] = grouped[target].mean()
    samples["target [min]"] = grouped[target].min()
    samples["target [max]"] = grouped[target].max()
    samples["failed_runs"] = grouped[target].apply(lambda v: int(v.isna().sum()))
    samples.loc[samples["failed_runs"] > 0, "target"] = np.nan
    samples["failed"] = samples["target"].map(lambda v: bool(spec.target.violation(v) > 0))
    for name in names:
        samples[name] = samples[name].map(cell)
    return samples.reset_index()


def _inputs(rows: pd.DataFrame, spec: DiscoverSpec) -> pd.DataFrame:
    """The futures as PRIM's inputs: numbers stay numbers, anything else is a category."""
    x = rows[list(spec.uncertainties.parameters)].reset_index(drop=True)
    for name in x.columns:
        numeric = pd.to_numeric(x[name], errors="coerce")
        x[name] = numeric.astype(float) if numeric.notna().all() else x[name].astype(str)
    return x


def _policy_outputs(
    folder: Path, policy: str, x: pd.DataFrame, failed: np.ndarray, box: FailureBox, mass: float
) -> None:
    box.trajectory.to_csv(folder / f"prim_trajectory_{policy}.csv", index=False)
    box.limits.to_csv(folder / f"prim_box_{policy}.csv", index_label="uncertainty")
    figures.tradeoff_figure(box.trajectory, box.chosen, folder / f"tradeoff_{policy}.png")
    title = f"{policy}: failing futures (red) and PRIM's box\n(coverage {box.coverage:.0%}, "
    title += f"density {box.density:.0%})"
    figures.box_figure(x, failed, box.limits, title, folder / f"box_{policy}.png")
    leaves, tree = cart_view(x, failed, mass)
    leaves.to_csv(folder / f"cart_{policy}.csv", index=False)
    (folder / f"cart_{policy}.txt").write_text(tree, encoding="utf-8")


def _headline(
    spec: DiscoverSpec, policy: str, samples: pd.DataFrame, box: FailureBox | None
) -> str:
    """The finding in plain words."""
    rows = samples[(samples["policy"] == policy) & samples["target"].notna()]
    misses, total = int(rows["failed"].sum()), len(rows)
    versus = f", minus `{spec.reference}`" if spec.reference else ""
    said = f"{policy} misses its target (`{spec.target.describe()}`{versus}) in {misses} of "
    said += f"{total} futures"
    if box is None:
        return said + ": there is no box of failing futures to find."
    where = " and ".join(box.conditions()) or "no restriction is significant (qp < 0.05)"
    weak = box.conditions(significant=False)
    return (
        f"{said}; they concentrate where {where}"
        + (f"; also restricted, not significantly: {', '.join(weak)}" if weak else "")
        + f" (PRIM box: {box.coverage:.0%} of the failures, {box.density:.0%} of its futures fail,"
        f" {box.mass:.0%} of all futures)."
    )


def _report(
    spec: DiscoverSpec,
    samples: pd.DataFrame,
    boxes: dict[str, FailureBox | None],
    headlines: list[str],
) -> str:
    lines = [f"# Scenario discovery `{spec.name}`", ""]
    if spec.description:
        lines += [spec.description.strip(), ""]
    uncertainties = spec.uncertainties
    lines += [
        f"- **Futures**: {uncertainties.samples} Latin-hypercube samples (seed "
        f"{uncertainties.seed}) of "
        + ", ".join(f"`{p}` {_span(v)}" for p, v in uncertainties.parameters.items()),
        "- **Policies**: "
        + ", ".join(f"`{p}` ({_overrides(o)})" for p, o in spec.policies.items()),
        f"- **Target** (mean over {spec.seeds.replicates} seeds, common random numbers): "
        f"`{spec.target.describe()}`"
        + (
            f", on each policy minus `{spec.reference}` in the same future and seed"
            if spec.reference
            else ""
        ),
        f"- **PRIM**: peel alpha {spec.prim.peel_alpha}, minimum mass {spec.prim.mass_min}, "
        f"box reported = highest coverage with density >= {spec.prim.threshold}",
        "",
        "## Findings",
        "",
        *[f"- {line}" for line in headlines],
        "",
    ]
    for policy, box in boxes.items():
        if box is None:
            continue
        lines += [
            f"## `{policy}`",
            "",
            f"PRIM step {box.chosen} of {len(box.trajectory) - 1}: coverage {box.coverage:.3f}, "
            f"density {box.density:.3f}, mass {box.mass:.3f}. Limits (qp: quasi-p-value of the "
            "restriction; below 0.05 it is unlikely to be chance):",
            "",
            "| uncertainty | min | max | qp |",
            "| --- | --- | --- | --- |",
            *[
                f"| `{name}` | {row['min']:.4g} | {row['max']:.4g} | {row['qp']:.2g} |"
                for name, row in box.limits.iterrows()
            ],
            "",
            f"Figures: `tradeoff_{policy}.png` (coverage/density trade-off), `box_{policy}.png`. "
            f"CART's view: `cart_{policy}.csv` (leaves as boxes), `cart_{policy}.txt` (the tree).",
            "",
        ]
    lines += [
        "## Files",
        "",
        "`samples.parquet` (one row per policy and future: uncertainty values, target mean and "
        "min/max over seeds, failed), `runs.parquet` (one row per model run), `runs/` (the run "
        "store: resume re-uses it), `prim_trajectory_*.csv`, `prim_box_*.csv`, `manifest.json`.",
        "",
    ]
    return "\n".join(lines)


def _span(parameter) -> str:
    if parameter.levels is not None:
        return "in {" + ", ".join(str(v) for v in parameter.levels) + "}"
    return f"in [{parameter.range[0]:g}, {parameter.range[1]:g}]"


def _overrides(overrides: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in overrides.items()) or "the base scenario"
