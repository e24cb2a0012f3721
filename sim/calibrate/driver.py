"""One calibration from config to report: measure the base, screen (or, for history matching,
evaluate a Sobol design and keep its non-implausible points), refine, re-measure the estimates
on out-of-sample seeds, write the baseline (optional) and the report."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from rich.progress import TaskID

from sim.calibrate.baseline import format_value, write_estimates
from sim.calibrate.history import implausibility, intervals, start_point
from sim.calibrate.loss import loss
from sim.calibrate.moments import SeedRunner, summarise
from sim.calibrate.report import (
    figure,
    markdown,
    parameter_table,
    tradeoffs,
    write_csv,
    write_text,
)
from sim.calibrate.search import Evaluator, refine, screen
from sim.calibrate.settings import Calibration
from sim.config import PROJECT_ROOT
from sim.run.claim import claim
from sim.run.manifest import build_manifest, file_sha256, now, write_json
from sim.run.progress import make_progress
from sim.validation import held_back_table, markdown_section

METHODS = {
    "simulated_moments": "method of simulated moments: scrambled Sobol screening, then bounded "
    "Nelder-Mead",
    "history_matching": "history matching: a scrambled Sobol design cut by implausibility, then "
    "bounded Nelder-Mead from the best non-implausible point",
}


def calibrate(
    calibration: Calibration, out_dir: Path, progress: bool = True, force: bool = False
) -> dict:
    """Run the whole calibration; returns the summary written to `summary.json`. The report
    folder is claimed first: a calibration report may replace another one, nothing else."""
    claim(out_dir, "calibration", {"definition_hash": "report"}, force)
    config, budget = calibration.config, calibration.config.budget
    matching = config.method == "history_matching"
    design = config.history_matching.design_points if matching else budget.screening_points
    points = 2 ** int(np.ceil(np.log2(max(design, 1))))
    evaluations = 1 + points + budget.optimiser_evaluations  # the base point first
    runs = evaluations * budget.search_seeds + 2 * budget.report_seeds
    started_at, started = now(), time.perf_counter()
    before_values = calibration.base_values()
    bar = make_progress("loss {task.fields[best]}")
    runner = SeedRunner(budget.workers)
    with bar if progress else _Quiet() as shown:
        task = shown.add_task("calibrate", total=runs, best="-")

        def tick(n: int, value: float, best: float) -> None:
            shown.update(task, advance=budget.search_seeds, best=f"{best:.3g}")
            if n % 10 == 0:  # a line in logs too, where the bar is not redrawn
                shown.console.log(f"evaluation {n}: loss {value:.3g}, best {best:.3g}")

        names = calibration.names
        before = runner.moments(
            calibration.scenario([before_values[n] for n in names]), calibration.report_seeds
        )
        shown.update(task, advance=budget.report_seeds)
        evaluator = Evaluator(calibration, runner, tick)
        start = screen(evaluator, points, budget.seed_base, calibration.unit(before_values))
        matched = None
        if matching:
            hm = config.history_matching
            matched = implausibility(evaluator.frame(), hm.cutoff, hm.rank)
            begin = start_point(matched)
            start = calibration.unit({n: float(begin[n]) for n in names})
        refine(evaluator, start, budget.optimiser_evaluations)
        best = evaluator.best()
        estimates = {n: float(format_value(best[n])) for n in names}
        after = runner.moments(
            calibration.scenario([estimates[n] for n in names]), calibration.report_seeds
        )
        shown.update(task, advance=budget.report_seeds)
    rejected = None
    if loss(after) >= loss(before):  # never keep a vector that does worse out of sample
        rejected = {"estimates": estimates, "loss": loss(after)}
        estimates = {n: float(format_value(before_values[n])) for n in names}
        after = before

    minutes = (time.perf_counter() - started) / 60
    history = evaluator.frame()
    method = METHODS[config.method]
    facts = {
        "base_config": calibration.config.base_config,
        "method": method,
        "loss_before": loss(before),
        "loss_after": loss(after),
        "loss_search_best": float(best["loss"]),
        "evaluations": len(history),
        "search_seeds": calibration.search_seeds,
        "report_seeds": len(calibration.report_seeds),
        "report_seed_list": calibration.report_seeds,
        "minutes": minutes,
        "estimates": estimates,
    }
    if matched is not None:
        hm = config.history_matching
        facts |= {
            "design_points": points,
            "kept_points": int(matched["kept"].sum()),
            "cutoff": hm.cutoff,
            "cut": f"the {('', 'second ', 'third ')[hm.rank - 1]}largest implausibility",
        }
    facts["rejected_search_best"] = rejected
    if calibration.config.write_baseline and rejected is None:
        provenance = [
            f"{now()[:10]}, `bordersim calibrate {calibration.source.name}`, {method};",
            f"{len(history)} evaluations x {budget.search_seeds} seeds; loss "
            f"{facts['loss_before']:.2f} -> {facts['loss_after']:.2f} on "
            f"{len(calibration.report_seeds)} out-of-sample seeds; report {_shown(out_dir)}/.",
        ]
        facts["written"] = write_estimates(calibration.base_path, estimates, provenance)
    searched = (history, matched)
    _write_report(calibration, out_dir, before, after, searched, before_values, facts, started_at)
    return facts


def _write_report(calibration, out_dir, before, after, searched, before_values, facts, started):
    """`searched`: every evaluation, and for history matching the design with its
    implausibilities (else None)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    history, matched = searched
    before_table, after_table = summarise(before), summarise(after)
    ranges = None if matched is None else intervals(matched, calibration.names)
    params = parameter_table(calibration, facts["estimates"], before_values, ranges)
    facts["near_edge"] = params.loc[params["near_edge"], "parameter"].tolist()
    trades = tradeoffs(history, after_table)
    files = {
        "targets": out_dir / "targets.csv",
        "targets_before": out_dir / "targets_before.csv",
        "parameters": out_dir / "parameters.csv",
        "loss_history": out_dir / "loss_history.csv",
        "tradeoffs": out_dir / "tradeoffs.csv",
        "figure": out_dir / "calibration.png",
        "report": out_dir / "report.md",
        "validation": out_dir / "validation.csv",
    }
    write_csv(files["targets"], after_table)
    write_csv(files["targets_before"], before_table)
    write_csv(files["parameters"], params)
    write_csv(files["loss_history"], history)
    write_csv(files["tradeoffs"], trades)
    if matched is not None:
        files["design"] = out_dir / "design.csv"
        files["non_implausible"] = out_dir / "non_implausible.csv"
        write_csv(files["design"], matched)
        write_csv(files["non_implausible"], matched.loc[matched["kept"], calibration.names])
    figure(history, before_table, after_table, params, files["figure"])
    scenario = calibration.scenario([facts["estimates"][n] for n in calibration.names], False)
    validation = held_back_table(
        scenario, calibration.report_seeds, calibration.config.budget.workers
    )
    write_csv(files["validation"], validation)
    report = markdown(after_table, before_table, params, trades, facts)
    if facts["rejected_search_best"]:
        rejected = facts["rejected_search_best"]
        report += (
            f"\n**The search's best vector did no better on the out-of-sample seeds (loss "
            f"{rejected['loss']:.4g} against {facts['loss_before']:.4g}), so the starting values "
            "are kept: the 'calibrated' column above is the starting values.** Rejected vector: "
            + ", ".join(f"`{k}` = {v:g}" for k, v in rejected["estimates"].items())
            + ".\n"
        )
    write_text(
        files["report"], report + markdown_section(validation, len(calibration.report_seeds))
    )
    manifest = build_manifest(
        scenario,
        calibration.report_seeds[0],
        calibration=calibration.config.model_dump(mode="json"),
        summary=facts,
        started=started,
        finished=now(),
        files={k: {"path": p.name, "sha256": file_sha256(p)} for k, p in files.items()},
    )
    write_json(out_dir / "manifest.json", manifest)


def _shown(path: Path) -> str:
    """A path relative to the project when inside it (what a reader of the config can find)."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


class _Quiet:
    """Stands in for the progress bar when none is wanted."""

    def __enter__(self) -> _Quiet:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def add_task(self, *args: object, **kwargs: object) -> TaskID:
        return TaskID(0)

    def update(self, *args: object, **kwargs: object) -> None:
        return None

    @property
    def console(self) -> _Quiet:
        return self

    def log(self, *args: object) -> None:
        return None
