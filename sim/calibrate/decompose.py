"""`bordersim decompose`: a city's change over a window split by cause, from counterfactual runs
that switch each cause off, over seeds and parameter draws.

Every (draw, seed) runs every arm: the full model, each cause off, and every cause off. A
cause's contribution is full - cause off, in points of the window-start level and in jobs,
draw by draw and seed by seed (common random numbers), so its 90 % interval spans both the
seeds and the parameter uncertainty. "Other" is the change left with every named cause off;
the interaction is what the causes do together beyond their separate contributions
(full - other - sum of contributions).
"""

from __future__ import annotations

import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.calibrate.decompose_spec import ALL_OFF, FULL, Decomposition
from sim.calibrate.report import write_csv, write_text
from sim.pipeline import Execution, Keep, RunTask, run_in_memory
from sim.run.claim import claim
from sim.run.manifest import build_manifest, file_sha256, now, write_json
from sim.run.progress import make_progress

OTHER, INTERACTION = "other", "interaction"


def window_change(cities: pd.DataFrame, city: str, column: str, start: str, end: str) -> dict:
    """The city's column at the window's ends, its change in jobs and relative to the start."""
    series = cities[cities["city_id"] == city].set_index("date")[column]
    first, last = float(series.loc[start]), float(series.loc[end])
    return {"start": first, "end": last, "jobs": last - first, "share": last / first - 1.0}


def measure(decomposition: Decomposition, progress: bool = True) -> pd.DataFrame:
    """One row per (draw, seed, arm): the window change. Runs one batch per draw."""
    spec = decomposition.spec
    keep = Keep(timeseries=False, cities=True)
    per_draw = len(decomposition.arms) * len(decomposition.seeds)
    rows = []
    bar = make_progress()
    with bar if progress else nullcontext():
        task = bar.add_task("decompose", total=per_draw * len(decomposition.draws))
        for d in range(len(decomposition.draws)):
            cells = [(arm, seed) for arm in decomposition.arms for seed in decomposition.seeds]
            tasks = [RunTask.of(decomposition.scenarios[arm, d], seed, keep) for arm, seed in cells]
            runs = run_in_memory(tasks, Execution(workers=spec.workers))
            for (arm, seed), (_, cities) in zip(cells, runs, strict=True):
                change = window_change(
                    cities, spec.city, spec.column, spec.window.start, spec.window.end
                )
                rows.append({"draw": d, "seed": seed, "arm": arm, **change})
            bar.update(task, advance=per_draw)
    return pd.DataFrame(rows)


def contributions(runs: pd.DataFrame, causes: list[str]) -> pd.DataFrame:
    """One row per (draw, seed): the full change, each cause's contribution (full - off), the
    change left with every cause off (`other`) and the interaction; in points and in jobs."""
    rows = []
    for (draw, seed), group in runs.groupby(["draw", "seed"], sort=True):
        arm = group.set_index("arm")
        for unit in ("share", "jobs"):
            full = float(arm.loc[FULL, unit])
            parts = {c: full - float(arm.loc[c, unit]) for c in causes}
            other = float(arm.loc[ALL_OFF, unit])
            rows.append(
                {
                    "draw": draw,
                    "seed": seed,
                    "unit": unit,
                    FULL: full,
                    **parts,
                    OTHER: other,
                    INTERACTION: full - other - sum(parts.values()),
                }
            )
    return pd.DataFrame(rows)


def summary(parts: pd.DataFrame, causes: list[str]) -> pd.DataFrame:
    """Per component and unit: mean, 5th and 95th percentiles over every (draw, seed)."""
    rows = []
    for unit, group in parts.groupby("unit", sort=False):
        for component in (FULL, *causes, OTHER, INTERACTION):
            values = group[component].to_numpy()
            rows.append(
                {
                    "component": component,
                    "unit": unit,
                    "mean": float(values.mean()),
                    "p05": float(np.quantile(values, 0.05)),
                    "p95": float(np.quantile(values, 0.95)),
                    "samples": len(values),
                }
            )
    return pd.DataFrame(rows)


def figure(table: pd.DataFrame, title: str, path: Path) -> None:
    """Each component's mean with its 90 % interval, in points of the window-start level."""
    share = table[table["unit"] == "share"].reset_index(drop=True)
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    ax = fig.subplots()
    rows = np.arange(len(share))[::-1]
    colours = ["0.3"] + ["#2166ac"] * (len(share) - 3) + ["#b2182b", "0.6"]
    ax.barh(rows, 100 * share["mean"], color=colours, alpha=0.8)
    ax.errorbar(
        100 * share["mean"],
        rows,
        xerr=[100 * (share["mean"] - share["p05"]), 100 * (share["p95"] - share["mean"])],
        fmt="none",
        color="black",
        capsize=4,
    )
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(rows, share["component"])
    ax.set_xlabel("points of the window-start level (mean and 90% interval)")
    ax.set_title(title, fontsize=10)
    fig.savefig(path, dpi=110)


def decompose(
    decomposition: Decomposition, out_dir: Path, progress: bool = True, force: bool = False
) -> pd.DataFrame:
    """Run every arm, write the tables, the figure, a report and a manifest; returns the
    summary table."""
    spec = decomposition.spec
    claim(out_dir, "decompose", {"definition_hash": spec.name}, force)
    started_at, started = now(), time.perf_counter()
    runs = measure(decomposition, progress)
    causes = list(spec.causes)
    parts = contributions(runs, causes)
    table = summary(parts, causes)
    files = {
        "runs": out_dir / "runs.csv",
        "contributions": out_dir / "contributions.csv",
        "table": out_dir / "decomposition.csv",
        "figure": out_dir / "decomposition.png",
        "report": out_dir / "report.md",
    }
    write_csv(files["runs"], runs)
    write_csv(files["contributions"], parts)
    write_csv(files["table"], table)
    title = f"{spec.city} {spec.column}, {spec.window.start} -> {spec.window.end}, by cause"
    figure(table, title, files["figure"])
    write_text(files["report"], markdown(decomposition, table))
    manifest = build_manifest(
        decomposition.scenarios[FULL, 0],
        decomposition.seeds[0],
        decomposition=spec.model_dump(mode="json"),
        draws=decomposition.draws,
        seeds=decomposition.seeds,
        started=started_at,
        finished=now(),
        minutes=(time.perf_counter() - started) / 60,
        files={k: {"path": p.name, "sha256": file_sha256(p)} for k, p in files.items()},
    )
    write_json(out_dir / "manifest.json", manifest)
    return table


def markdown(decomposition: Decomposition, table: pd.DataFrame) -> str:
    spec = decomposition.spec
    draws = len(decomposition.draws)
    where = (
        f"{draws} parameter draws from `{spec.draws_from}`"
        if spec.draws_from
        else "the base values only (no parameter uncertainty)"
    )
    lines = [
        f"# Decomposition of {spec.city} `{spec.column}`, {spec.window.start} -> {spec.window.end}",
        "",
        f"{len(decomposition.seeds)} seeds x {where}; every arm runs the same seeds and draws. "
        "A cause's contribution is full - that cause off; `other` is the change with every "
        "named cause off; `interaction` = full - other - sum of the contributions. Intervals: "
        "5th-95th percentiles over every (draw, seed).",
        "",
        "| component | what is switched off | points (mean, 90%) | jobs (mean, 90%) |",
        "| --- | --- | --- | --- |",
    ]
    share = table[table["unit"] == "share"].set_index("component")
    jobs = table[table["unit"] == "jobs"].set_index("component")
    meaning = {c: cause.description for c, cause in spec.causes.items()}
    meaning |= {FULL: "nothing (the full model)", OTHER: "every named cause"}
    meaning[INTERACTION] = "(the causes together beyond their sum)"
    for component in share.index:
        s, j = share.loc[component], jobs.loc[component]
        lines.append(
            f"| {component} | {meaning.get(component, '')} | {100 * s['mean']:+.1f} "
            f"({100 * s['p05']:+.1f} to {100 * s['p95']:+.1f}) | {j['mean']:+,.0f} "
            f"({j['p05']:+,.0f} to {j['p95']:+,.0f}) |"
        )
    return "\n".join(lines) + "\n"
