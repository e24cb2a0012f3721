"""Sensitivity experiments: a sweep (Sobol or Morris design) run and analysed by `sim.sweep`.

Every row is `derived` (indices and regression effects computed by linear algebra), so the
reproduction compares it within a small relative tolerance even on the reference's platform."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from sim.sweep.analyze import analyze
from sim.sweep.plan import load_sweep
from sim.sweep.runner import run_sweep

MEASURES = {
    "sobol": (("S1", "S1_conf"), ("ST", "ST_conf")),
    "morris": (("mu_star", "mu_star_conf"),),
}


def sensitivity_table(sweep_file: Path, out: Path, workers: int | None) -> pd.DataFrame:
    """Run the sweep into `out/sweep`, analyse it, and return one row per (lever, output, index)."""
    plan = load_sweep(sweep_file)
    folder = out / "sweep"
    run_sweep(plan, folder, workers=workers)
    analyze(folder)
    kind = plan.spec.design.kind
    indices = pd.read_csv(folder / "analysis" / f"{kind}.csv")
    rows = []
    for record in indices.to_dict("records"):
        for measure, conf in MEASURES[kind]:
            value, spread = float(record[measure]), float(record[conf])
            rows.append(
                {
                    "arm": record["parameter"],
                    "metric": f"{record['output']}:{measure}",
                    "mean": value,
                    "p05": value - spread,
                    "p95": value + spread,
                    "seeds": plan.spec.seeds.replicates,
                    "derived": True,
                }
            )
    rows += _screening_rows(folder / "analysis" / "linear_screening.csv")
    shutil.copy2(folder / "analysis" / f"{kind}.png", out / "figure.png")
    return pd.DataFrame(rows)


def _screening_rows(path: Path) -> list[dict]:
    """Linear effects over each lever's range (they rank levers when seed noise swamps
    variance-based indices); the band is the effect +- 1.645 standard errors (90%)."""
    rows = []
    for record in pd.read_csv(path).to_dict("records"):
        effect, error = float(record["effect_over_range"]), float(record["stderr"])
        rows.append(
            {
                "arm": record["parameter"],
                "metric": f"{record['output']}:effect_over_range",
                "mean": effect,
                "p05": effect - 1.645 * error,
                "p95": effect + 1.645 * error,
                "seeds": 1,
                "derived": True,
            }
        )
    return rows
