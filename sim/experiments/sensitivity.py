"""Sensitivity experiments: a sweep (Sobol or Morris design) run and analysed by `sim.sweep`.

Every row is `derived` (indices and regression effects computed by linear algebra), so the
reproduction compares it within a small relative tolerance even on the reference's platform.
A Sobol sweep's base size N can be set in `experiment.yaml` (`sobol.n`, the full run only);
its indices, their bootstrap intervals and the sum of S1 come from `sim.experiments.sobol`
with the experiment's resamples and confidence. Every design point runs on the same seeds
(common random numbers), so the indices compare levers, not seed draws."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

from sim.config import read_yaml
from sim.experiments.sobol import sobol_with_sum
from sim.experiments.spec import Sobol
from sim.sweep.analyze import analyze
from sim.sweep.plan import load_sweep
from sim.sweep.runner import run_sweep


def sensitivity_table(
    sweep_file: Path, out: Path, workers: int | None, sobol: Sobol, sized: bool
) -> pd.DataFrame:
    """Run the sweep into `out/sweep` (with the experiment's Sobol N when `sized`), analyse
    it, and return one row per (lever, output, index), the sum of S1 per output and the
    linear screening."""
    plan = load_sweep(_sized_sweep(sweep_file, out, sobol.n) if sized else sweep_file)
    folder = out / "sweep"
    run_sweep(plan, folder, workers=workers)
    analyze(folder)
    kind = plan.spec.design.kind
    replicates = plan.spec.seeds.replicates
    if kind == "sobol":
        rows = _sobol_rows(folder, sobol, replicates)
    else:
        rows = _morris_rows(folder / "analysis" / "morris.csv", replicates)
    rows += _screening_rows(folder / "analysis" / "linear_screening.csv")
    shutil.copy2(folder / "analysis" / f"{kind}.png", out / "figure.png")
    return pd.DataFrame(rows)


def _sized_sweep(sweep_file: Path, out: Path, n: int | None) -> Path:
    """The sweep file with the experiment's Sobol N, written into `out` (its base scenario
    made absolute); the file itself when the experiment keeps the sweep's N."""
    if n is None:
        return sweep_file
    data = read_yaml(sweep_file)
    data["design"] = {**data["design"], "n": n}
    data["base"] = str((sweep_file.parent / data["base"]).resolve())
    path = out / "sweep.yaml"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")  # JSON is YAML
    return path


def _row(arm: str, metric: str, value: float, spread: float, seeds: int) -> dict:
    return {
        "arm": arm,
        "metric": metric,
        "mean": value,
        "p05": value - spread,
        "p95": value + spread,
        "seeds": seeds,
        "derived": True,
    }


def _sobol_rows(folder: Path, sobol: Sobol, replicates: int) -> list[dict]:
    """S1 and ST per (lever, output) and the sum of S1 per output, each with its bootstrap
    interval (estimate +- half-width); the mean over replicates at each design point."""
    definition = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
    names, outputs = definition["parameters"], definition["spec"]["keep"]["summaries"]
    results = pd.read_parquet(folder / "results.parquet")
    done = results[results["status"] == "done"]
    points = len(definition["unit_matrix"])
    means = done.groupby("point")[outputs].mean().reindex(range(points))
    seed = definition["spec"]["design"]["seed"]
    rows = []
    for output in outputs:
        y = means[output].to_numpy(dtype=float)
        table, total = sobol_with_sum(names, y, sobol.resamples, sobol.confidence, seed)
        for name, record in table.iterrows():
            for measure in ("S1", "ST"):
                value, spread = float(record[measure]), float(record[f"{measure}_conf"])
                rows.append(_row(str(name), f"{output}:{measure}", value, spread, replicates))
        rows.append(
            _row(
                "all levers",
                f"{output}:sum_S1",
                total["sum_S1"],
                total["sum_S1_conf"],
                replicates,
            )
        )
    return rows


def _morris_rows(path: Path, replicates: int) -> list[dict]:
    return [
        _row(
            record["parameter"],
            f"{record['output']}:mu_star",
            float(record["mu_star"]),
            float(record["mu_star_conf"]),
            replicates,
        )
        for record in pd.read_csv(path).to_dict("records")
    ]


def _screening_rows(path: Path) -> list[dict]:
    """Linear effects over each lever's range (they rank levers when seed noise swamps
    variance-based indices); the band is the effect +- 1.645 standard errors (90%)."""
    return [
        _row(
            record["parameter"],
            f"{record['output']}:effect_over_range",
            float(record["effect_over_range"]),
            1.645 * float(record["stderr"]),
            1,
        )
        for record in pd.read_csv(path).to_dict("records")
    ]
