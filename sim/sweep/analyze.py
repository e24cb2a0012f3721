"""Sensitivity analysis and policy-response plots of a finished sweep folder.

Sobol designs get first-order and total indices (S1, ST with 95 % confidence intervals) and
Morris designs mu* and sigma, both from SALib on the unit design matrix stored in sweep.json
(replicates averaged per point), plus a linear screening of the same points that shows how
much of each output the parameters explain at all. Grid and Latin-hypercube designs get
policy-response plots: each summary against each parameter, the mean over the other
parameters with a band over seeds.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from matplotlib.figure import Figure
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze

from sim.errors import UserError
from sim.sweep.designs import unit_problem


def analyze(folder: Path, outputs: list[str] | None = None) -> list[Path]:
    """Write CSV tables and PNG figures into `folder`/analysis; returns the files written."""
    folder = Path(folder)
    definition, results = _load(folder)
    summaries = definition["spec"]["keep"]["summaries"]
    outputs = outputs or summaries
    for name in outputs:
        if name not in summaries:
            raise UserError(
                f"--output {name}: not a summary of this sweep ({', '.join(summaries)})"
            )
    if not outputs:
        raise UserError(f"{folder}: the sweep kept no summaries (keep.summaries) to analyse")
    out = folder / "analysis"
    out.mkdir(exist_ok=True)
    kind = definition["spec"]["design"]["kind"]
    names = definition["parameters"]
    if kind in ("sobol", "morris"):
        unit = np.asarray(definition["unit_matrix"], dtype=float)
        done = results[results["status"] == "done"]
        means = done.groupby("point")[outputs].mean().reindex(range(len(unit)))
        missing = means.index[means.isna().any(axis=1)].tolist()
        if missing:
            raise UserError(
                f"{folder}: {kind} analysis needs every design point; points {missing[:10]} "
                "have no finished run (rerun `bordersim sweep` to resume)"
            )
        screening = _linear_screening(out, names, unit, means)
        if kind == "sobol":
            return [*_sobol(out, names, means, definition), screening]
        return [*_morris(out, names, unit, means, definition), screening]
    return _responses(out, names, results, outputs, kind)


def _load(folder: Path) -> tuple[dict, pd.DataFrame]:
    marker, table = folder / "sweep.json", folder / "results.parquet"
    if not marker.is_file() or not table.is_file():
        raise UserError(
            f"{folder}: not a finished sweep folder (needs sweep.json, results.parquet)"
        )
    try:
        definition = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(f"{marker}: unreadable ({exc}); rerun `bordersim sweep`") from None
    try:
        results = pd.read_parquet(table)
    except (OSError, ValueError, pa.ArrowException) as exc:
        reason = " ".join(str(exc).split())[:120]
        raise UserError(
            f"{table}: corrupt or truncated ({reason}); rerun `bordersim sweep` on the same "
            "file and --out to rebuild it from the run files"
        ) from None
    return definition, results


def _linear_screening(out: Path, names: list[str], unit: np.ndarray, means: pd.DataFrame) -> Path:
    """Least-squares effect of each parameter over its full range, with its standard error,
    and the share of variance the parameters explain (r2): when seed noise dominates an
    output, Sobol indices are all inflated alike, and this says so and still ranks levers."""
    design = np.column_stack([np.ones(len(unit)), unit])
    inverse = np.linalg.inv(design.T @ design)
    rows = []
    for output in means.columns:
        y = means[output].to_numpy()
        coef = inverse @ design.T @ y
        residual = y - design @ coef
        variance = residual @ residual / max(len(y) - design.shape[1], 1)
        stderr = np.sqrt(np.diag(inverse) * variance)
        r2 = 1 - residual.var() / y.var() if y.var() > 0 else float("nan")
        rows += [
            {
                "output": output,
                "parameter": name,
                "effect_over_range": coef[i + 1],
                "stderr": stderr[i + 1],
                "t": coef[i + 1] / stderr[i + 1] if stderr[i + 1] > 0 else float("nan"),
                "r2_all_parameters": r2,
            }
            for i, name in enumerate(names)
        ]
    path = out / "linear_screening.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _index_table(names: list[str], means: pd.DataFrame, analyse, columns: tuple) -> pd.DataFrame:
    """One row per (output, parameter) with the SALib measures named in `columns`."""
    rows = []
    for output in means.columns:
        indices = analyse(means[output].to_numpy())
        rows += [
            {"output": output, "parameter": name, **{c: indices[c][i] for c in columns}}
            for i, name in enumerate(names)
        ]
    return pd.DataFrame(rows)


def _sobol(out: Path, names: list[str], means: pd.DataFrame, definition: dict) -> list[Path]:
    def analyse(y: np.ndarray) -> dict:
        return sobol_analyze.analyze(
            unit_problem(names),
            y,
            calc_second_order=False,
            conf_level=0.95,
            seed=definition["spec"]["design"]["seed"],
        )

    table = _index_table(names, means, analyse, ("S1", "S1_conf", "ST", "ST_conf"))
    return [*_write(out, "sobol", table), _index_figure(out, table, "sobol", ("S1", "ST"))]


def _morris(
    out: Path, names: list[str], unit: np.ndarray, means: pd.DataFrame, definition: dict
) -> list[Path]:
    def analyse(y: np.ndarray) -> dict:
        return morris_analyze.analyze(
            unit_problem(names),
            unit,
            y,
            conf_level=0.95,
            num_levels=definition["spec"]["design"]["levels"],
            seed=definition["spec"]["design"]["seed"],
        )

    table = _index_table(names, means, analyse, ("mu_star", "mu_star_conf", "sigma"))
    return [*_write(out, "morris", table), _index_figure(out, table, "morris", ("mu_star",))]


def _write(out: Path, stem: str, table: pd.DataFrame) -> list[Path]:
    path = out / f"{stem}.csv"
    table.to_csv(path, index=False)
    return [path]


def _index_figure(out: Path, table: pd.DataFrame, stem: str, measures: tuple[str, ...]) -> Path:
    """One panel per output: bars per parameter with confidence intervals."""
    outputs = list(dict.fromkeys(table["output"]))
    fig = Figure(figsize=(8, 2.2 + 1.6 * len(outputs)))
    axes = fig.subplots(len(outputs), 1, squeeze=False)
    for ax, output in zip(axes[:, 0], outputs, strict=True):
        part = table[table["output"] == output]
        y = np.arange(len(part))
        height = 0.8 / len(measures)
        for j, measure in enumerate(measures):
            ax.barh(
                y + j * height,
                part[measure],
                height,
                xerr=part[f"{measure}_conf"],
                label=measure,
                capsize=2,
            )
        ax.set_yticks(y + height * (len(measures) - 1) / 2, part["parameter"], fontsize=8)
        ax.set_title(output, fontsize=9)
        ax.axvline(0, color="grey", lw=0.5)
    axes[0, 0].legend(fontsize=8)
    fig.suptitle(f"{stem} sensitivity (95 % confidence intervals)")
    fig.tight_layout()
    path = out / f"{stem}.png"
    fig.savefig(path, dpi=110)
    return path


def _responses(
    out: Path, names: list[str], results: pd.DataFrame, outputs: list[str], kind: str
) -> list[Path]:
    """Output against each parameter: mean over other parameters and seeds, band over seeds."""
    done = results[results["status"] == "done"]
    fig = Figure(figsize=(3.2 * len(names) + 1, 2.4 * len(outputs) + 0.6))
    axes = fig.subplots(len(outputs), len(names), squeeze=False)
    tables = []
    for row, output in enumerate(outputs):
        for col, name in enumerate(names):
            ax = axes[row, col]
            column = f"param:{name}"
            if kind == "lhs":
                ax.scatter(done[column], done[output], s=8, alpha=0.6)
            else:
                per_seed = done.groupby([column, "replicate"])[output].mean().unstack()
                levels = [str(v) for v in per_seed.index]
                x = np.arange(len(levels))
                mean = per_seed.mean(axis=1)
                ax.fill_between(x, per_seed.min(axis=1), per_seed.max(axis=1), alpha=0.25)
                ax.plot(x, mean, marker="o")
                ax.set_xticks(x, levels, fontsize=7)
                tables.append(
                    pd.DataFrame(
                        {
                            "output": output,
                            "parameter": name,
                            "level": levels,
                            "mean": mean.to_numpy(),
                            "seed_min": per_seed.min(axis=1).to_numpy(),
                            "seed_max": per_seed.max(axis=1).to_numpy(),
                        }
                    )
                )
            if row == len(outputs) - 1:
                ax.set_xlabel(name, fontsize=8)
            if col == 0:
                ax.set_ylabel(output, fontsize=7)
            ax.tick_params(labelsize=7)
    fig.suptitle("policy response (line: mean; band: range over seeds)")
    fig.tight_layout()
    figure = out / "response.png"
    fig.savefig(figure, dpi=110)
    if not tables:
        return [figure]
    return [*_write(out, "response", pd.concat(tables, ignore_index=True)), figure]
