"""`bordersim reproduce`: re-run an experiment into a fresh folder and compare with the reference.

Same platform (Python, numpy and OS as recorded in the reference manifest): every number
computed from run outputs must be equal to its last digits, `LAST_DIGITS_RELATIVE * |ref| +
LAST_DIGITS_ABSOLUTE`: numpy picks its vector kernels for sums and exp/log/power by CPU (AVX-512
on one machine, AVX2 on another), which moves the 16th significant digit (seen: up to 2e-15
relative between two CI machines). Another platform: floating-point details can change a
random draw and so a whole trajectory, so each number must lie within
`tolerance.absolute + tolerance.relative * |ref|` (per experiment, in its `experiment.yaml`).
A paired statistic (a difference between arms, its interval, sd and MDE) is computed from
numbers of the size of the arm's mean, so its last digits are those of the mean: its
`LAST_DIGITS_RELATIVE` part scales with the larger of |ref| and the row's |mean| (seen: a
difference of 28 jobs between arms of 418,000 moved by 6e-11, 2e-12 of itself, between two
machines).
Rows a table marks `derived` (statistics computed by linear algebra: regressions, sensitivity
indices, through BLAS; and the wage Gini, through numpy's SIMD sort) go through kernels chosen
per CPU, which change their last digits, so they always get a further
`DERIVED_RELATIVE * |ref| + DERIVED_ABSOLUTE`, on any platform.
"""

from __future__ import annotations

import csv
import json
import math
import platform
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from sim.config import PROJECT_ROOT, config_hash
from sim.errors import UserError
from sim.experiments.execute import RunSet, arm_scenario, plan_tasks, run_all
from sim.experiments.figures import FIGURES
from sim.experiments.spec import DESIGN_KINDS, ExperimentSpec, experiment_id, load_experiment
from sim.experiments.tables import PAIRED_COLUMNS, TABLES
from sim.pipeline import RunTask
from sim.run.claim import claim, digest
from sim.run.manifest import code_version, hardware, now, package_versions, write_json

STATISTICS = ("mean", "p05", "p95")
# compared too where a table has them (E2's paired differences against the reference arm)
OPTIONAL_STATISTICS = PAIRED_COLUMNS
KEY_COLUMNS = ("arm", "metric")
NOT_REFERENCE = ("claim.json", "comparison.csv")  # what --update-reference never copies
LAST_DIGITS_RELATIVE = 1e-12  # vector kernels differ by CPU in the 16th significant digit
LAST_DIGITS_ABSOLUTE = 1e-15
DERIVED_RELATIVE = 1e-9  # BLAS kernels, a chain of them, differ further by CPU
DERIVED_ABSOLUTE = 1e-12


@dataclass
class Outcome:
    experiment: str
    folder: Path
    passed: bool
    compared: int
    mismatches: int
    seconds: float
    exact: bool
    updated: bool = False  # --update-reference: `mismatches` counts the numbers that moved


def platform_signature() -> dict[str, str]:
    """What must match for run outputs to compare exactly (the CPU and BLAS need not: they
    only touch derived rows, which always compare within a tolerance)."""
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
        "system": platform.system(),
    }


def reference_dir(folder: Path, reduced: bool) -> Path:
    base = PROJECT_ROOT / "results" / experiment_id(folder)
    return base / "reduced" if reduced else base


def default_out(folder: Path, reduced: bool) -> Path:
    """A fresh folder per reproduction (runs are cached only within it, for resuming)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    name = experiment_id(folder) + ("-reduced" if reduced else "") + f"-{stamp}"
    return PROJECT_ROOT / "results" / "scratch" / name


def planned_tasks(spec: ExperimentSpec, reduced: bool) -> list[RunTask]:
    seeds = spec.reduced.seeds if reduced else spec.seeds
    return plan_tasks(spec, seeds, spec.reduced.overrides if reduced else [])


def compute_table(
    spec: ExperimentSpec, out: Path, store_dir: Path, reduced: bool, workers: int | None
) -> pd.DataFrame:
    if spec.kind == "sensitivity":
        from sim.experiments.sensitivity import sensitivity_table

        sweep = spec.reduced.sweep if reduced and spec.reduced.sweep else spec.sweep
        assert sweep is not None  # a sensitivity experiment names its sweep (the spec's validator)
        return sensitivity_table(PROJECT_ROOT / sweep, out, workers, spec.sobol, not reduced)
    if spec.kind in DESIGN_KINDS:
        from sim.experiments.design import discovery_table, optimization_table

        design = spec.reduced.design if reduced and spec.reduced.design else spec.design
        assert design is not None  # a design experiment names its spec (the spec's validator)
        make = optimization_table if spec.kind == "optimization" else discovery_table
        return make(PROJECT_ROOT / design, out, workers)
    runs: RunSet = run_all(planned_tasks(spec, reduced), store_dir, workers)
    table = TABLES[spec.kind](spec, runs)
    FIGURES[spec.kind](spec, runs, table, out)
    return table


def _manifest(folder: Path, spec: ExperimentSpec, reduced: bool, seconds: float) -> dict:
    extra = spec.reduced.overrides if reduced else []
    arms = {arm.name: config_hash(arm_scenario(spec, i, extra)) for i, arm in enumerate(spec.arms)}
    return {
        "experiment": experiment_id(folder),
        "reduced": reduced,
        "spec": spec.model_dump(mode="json"),
        "arm_config_hashes": arms,
        "code": code_version(),
        "packages": package_versions(),
        "platform": platform_signature(),
        "hardware": hardware(),
        "finished": now(),
        "seconds": round(seconds, 1),
    }


def compare(reference: pd.DataFrame, reproduced: pd.DataFrame, exact: bool, spec: ExperimentSpec):
    """Row by row: (arm, metric, statistic) -> reference, reproduced, difference, pass. A
    statistic only one side has is NaN on the other (a mismatch wherever it is a number)."""
    present = set(reference.columns) | set(reproduced.columns)
    statistics = [*STATISTICS, *(c for c in OPTIONAL_STATISTICS if c in present)]
    nan = {column: float("nan") for column in statistics}
    reference = reference.assign(**{c: v for c, v in nan.items() if c not in reference})
    reproduced = reproduced.assign(**{c: v for c, v in nan.items() if c not in reproduced})
    merged = reference.merge(
        reproduced, on=["arm", "metric"], how="outer", suffixes=("_ref", "_new")
    )
    derived_columns = [c for c in ("derived", "derived_ref", "derived_new") if c in merged]
    rows = []
    for _, row in merged.iterrows():
        derived = any(row[c] == 1 for c in derived_columns)  # True; NaN where a row is missing
        for stat in statistics:
            ref, new = row.get(f"{stat}_ref"), row.get(f"{stat}_new")
            both_nan = _nan(ref) and _nan(new)
            if both_nan:
                ok, diff = True, 0.0
            elif _nan(ref) or _nan(new):
                ok, diff = False, float("nan")
            else:
                diff = float(new) - float(ref)
                level = _operand_level(row, stat)
                ok = abs(diff) <= _limit(float(ref), level, exact, derived, spec)
            rows.append((row["arm"], row["metric"], stat, ref, new, diff, ok))
    return pd.DataFrame(
        rows, columns=["arm", "metric", "stat", "reference", "reproduced", "difference", "pass"]
    )


def _operand_level(row: pd.Series, stat: str) -> float:
    """The size of the numbers a paired statistic was computed from: the row's reference mean
    (0 for the other statistics, or where the mean is missing)."""
    mean = row.get("mean_ref")
    return abs(float(mean)) if stat in PAIRED_COLUMNS and not _nan(mean) else 0.0


def _limit(ref: float, level: float, exact: bool, derived: bool, spec: ExperimentSpec) -> float:
    """How far a reproduced number may lie from its reference (on the same platform: its last
    digits only, those of the larger of itself and `level`, what it was computed from)."""
    limit = LAST_DIGITS_ABSOLUTE + LAST_DIGITS_RELATIVE * max(abs(ref), level)
    if not exact:
        limit += spec.tolerance.absolute + spec.tolerance.relative * abs(ref)
    if derived:
        limit += DERIVED_ABSOLUTE + DERIVED_RELATIVE * abs(ref)
    return limit


def _nan(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def reproduce(
    folder: str | Path,
    out: Path | None = None,
    reduced: bool = False,
    workers: int | None = None,
    update_reference: bool = False,
    console: Console | None = None,
    store_dir: Path | None = None,
    force: bool = False,
) -> Outcome:
    """Run the experiment, write its table, figures and manifest, compare with the reference.
    Runs are kept in the run store at `store_dir` (default `out`), so a rerun resumes. The
    reference is checked first and `out` claimed for this experiment before any run. With
    `update_reference` the new results replace the reference, and the comparison printed is
    with the reference they replace (what moved), not with themselves."""
    folder = Path(folder)
    spec = load_experiment(folder)
    reference = reference_dir(folder, reduced)
    replaced = _replaced_reference(reference) if update_reference else read_reference(reference)
    out = Path(out) if out else default_out(folder, reduced)
    claim_reproduction(out, folder, reduced, spec, force)
    started = time.perf_counter()
    table = compute_table(spec, out, store_dir or out, reduced, workers)
    seconds = time.perf_counter() - started
    table.to_csv(out / "table.csv", index=False, float_format="%.17g")
    manifest = _manifest(folder, spec, reduced, seconds)
    write_json(out / "manifest.json", manifest)

    console = console or Console(width=150)
    if update_reference:
        reference.mkdir(parents=True, exist_ok=True)
        for path in out.iterdir():
            if path.suffix in (".csv", ".png", ".json") and path.name not in NOT_REFERENCE:
                shutil.copy2(path, reference / path.name)
        if replaced is None:
            console.print(f"{experiment_id(folder)}: reference written (there was none to compare)")
            return Outcome(experiment_id(folder), out, True, 0, 0, seconds, True, updated=True)
    assert replaced is not None  # read_reference raised, or an update returned above
    ref_table, ref_manifest = replaced
    exact = ref_manifest.get("platform") == platform_signature()
    result = compare(ref_table, pd.read_csv(out / "table.csv"), exact, spec)
    result.to_csv(out / "comparison.csv", index=False, float_format="%.17g")
    against = "the reference it replaces" if update_reference else "reference"
    _print(result, experiment_id(folder), exact, console, against)
    mismatches = int((~result["pass"]).sum())
    passed = update_reference or mismatches == 0
    return Outcome(
        experiment_id(folder),
        out,
        passed,
        len(result),
        mismatches,
        seconds,
        exact,
        updated=update_reference,
    )


def _replaced_reference(reference: Path) -> tuple[pd.DataFrame, dict] | None:
    """The reference an update replaces, to show what moved; None when there is none yet or
    it is unreadable (the update then writes it without a comparison)."""
    try:
        return read_reference(reference)
    except UserError:
        return None


def claim_reproduction(
    out: Path, folder: Path, reduced: bool, spec: ExperimentSpec, force: bool
) -> None:
    """Make `out` this experiment's reproduction folder (`sim.run.claim`): the same experiment
    resumes there; another experiment's reproduction or another command's folder is refused."""
    name = experiment_id(folder) + (" (reduced)" if reduced else "")
    body = {"experiment": name, "spec": spec.model_dump(mode="json")}
    claim(out, "reproduction", {"experiment": name, "definition_hash": digest(body)}, force)


def read_reference(reference: Path) -> tuple[pd.DataFrame, dict]:
    """The committed reference table and manifest, or one line saying what is wrong with them
    (missing, truncated, a column missing, a statistic that is not a number)."""
    table = reference / "table.csv"
    if not table.is_file():
        raise UserError(
            f"{table}: no committed reference to compare with "
            "(maintainers create it with --update-reference)"
        )
    try:
        text = table.read_text(encoding="utf-8")
        rows = list(csv.reader(text.splitlines()))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UserError(f"{table}: corrupt reference (unreadable: {exc})") from None
    header = rows[0] if rows else []
    missing = [c for c in (*KEY_COLUMNS, *STATISTICS) if c not in header]
    if missing:
        raise UserError(f"{table}: corrupt reference (no column {', '.join(missing)})")
    short = [i + 1 for i, row in enumerate(rows) if len(row) != len(header)]
    if short or not text.endswith("\n"):
        where = f"line {short[0]}" if short else "the last line"
        raise UserError(f"{table}: corrupt reference (truncated: {where} is incomplete)")
    frame = pd.read_csv(table)
    for column in [*STATISTICS, *(c for c in OPTIONAL_STATISTICS if c in frame)]:
        numbers = pd.to_numeric(frame[column], errors="coerce")
        bad = frame[column].notna() & numbers.isna()
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise UserError(
                f"{table}: corrupt reference ({column} on line {row + 2} is "
                f"{frame[column].iloc[row]!r}, not a number)"
            )
        frame[column] = numbers
    return frame, _read_manifest(reference / "manifest.json")


def _read_manifest(path: Path) -> dict:
    if not path.is_file():
        raise UserError(f"{path}: the reference has no manifest.json")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: corrupt reference (not readable JSON: {exc})") from None
    if not isinstance(manifest, dict):
        raise UserError(f"{path}: corrupt reference (not a JSON mapping)")
    return manifest


def _print(
    result: pd.DataFrame, name: str, exact: bool, console: Console, against: str = "reference"
) -> None:
    mode = "exact (same platform)" if exact else "within tolerance (other platform)"
    table = Table(title=f"{name}: reproduced vs {against}, {mode}")
    for column in ("metric", "reference", "reproduced", "difference", "pass"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    shown = result[result["stat"] == "mean"]
    failing = result[~result["pass"]].groupby(["arm", "metric"], sort=False)["stat"].agg(list)
    for _, row in shown.iterrows():
        differs = failing.get((row["arm"], row["metric"]))
        table.add_row(
            f"{row['arm']} | {row['metric']}",
            _fmt(row["reference"]),
            _fmt(row["reproduced"]),
            _fmt(row["difference"]),
            f"[red]FAIL: {', '.join(differs)}" if differs else "[green]pass",
        )
    console.print(table)
    bad = int((~result["pass"]).sum())
    console.print(f"{name}: {len(result) - bad}/{len(result)} numbers match {against} ({mode})")


def _fmt(value) -> str:
    if _nan(value):
        return "nan"
    value = float(value)
    return f"{value:.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
