"""`bordersim calibrate`: config errors, the loss, writing estimates back, and a whole run on a
tiny budget that writes its report (deterministic, the same with one or two processes)."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.calibrate.baseline import PROVENANCE, write_estimates
from sim.calibrate.loss import loss
from sim.calibrate.search import screen
from sim.calibrate.settings import load_calibration
from sim.cli import main
from sim.config import CONFIGS_DIR, ConfigError, load_scenario
from sim.run.manifest import file_sha256
from sim.targets import CALIBRATION_TARGETS

TINY = {
    "name": "tiny",
    "base_config": "base.yaml",
    "overrides": ["time.end=2025-12", "population.population_scale=0.002"],
    "budget": {
        "screening_points": 2,
        "optimiser_evaluations": 2,
        "search_seeds": 2,
        "report_seeds": 2,
        "workers": 1,
    },
    "parameters": {
        "automation.bass_q_per_year": {"low": 0.2, "high": 0.9},
        "automation.deepening_per_year": {"low": 0.05, "high": 0.6},
        "labour.match_efficiency.us": {"low": 0.2, "high": 0.9},
    },
}


def write_tiny(folder, **changes) -> object:
    shutil.copy(CONFIGS_DIR / "baseline.yaml", folder / "base.yaml")
    config = {**TINY, **changes}
    path = folder / "calibration.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def at_centre() -> dict[str, float]:
    return {t.name: t.centre if t.point else (t.low + t.high) / 2 for t in CALIBRATION_TARGETS}


def test_loss_is_zero_on_target_and_counts_misses_in_tolerance_units():
    assert loss(pd.DataFrame([at_centre()])) == 0.0
    point = next(t for t in CALIBRATION_TARGETS if t.point)
    band = next(t for t in CALIBRATION_TARGETS if not t.point)
    off = at_centre() | {point.name: point.centre + point.scale}
    assert loss(pd.DataFrame([off])) == pytest.approx(1.0)
    inside_band = at_centre() | {band.name: band.low + 1e-6}
    assert loss(pd.DataFrame([inside_band])) == 0.0
    below = at_centre() | {band.name: band.low - 2 * band.scale}
    assert loss(pd.DataFrame([below])) == pytest.approx(4.0)


def test_loss_uses_the_mean_over_seeds():
    point = next(t for t in CALIBRATION_TARGETS if t.point)
    rows = [at_centre() | {point.name: point.centre + d * point.scale} for d in (-1.0, 1.0)]
    assert loss(pd.DataFrame(rows)) == 0.0


def test_the_shipped_calibration_config_is_valid_and_covers_literature_bounds():
    calibration = load_calibration(CONFIGS_DIR / "calibration.yaml")
    assert len(calibration.report_seeds) >= 10
    assert not set(calibration.report_seeds) & set(calibration.search_seeds)
    bounds = calibration.config.parameters
    assert bounds["automation.bass_q_per_year"].low <= 0.3
    assert bounds["automation.bass_q_per_year"].high >= 0.5
    assert bounds["labour.quit_rate_month.mx"].low == 0.026


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"parameters": {"automation.no_such_field": {"low": 0, "high": 1}}}, "no_such_field"),
        ({"parameters": {"labour.quit_rate_month.mx": {"low": 0.5, "high": 0.1}}}, "parameters"),
        ({"parameters": {"labour.quit_rate_month.mx": {"low": 0.1, "high": 1.5}}}, "quit_rate"),
        ({"budget": {"search_seeds": 0}}, "budget.search_seeds"),
        ({"optimiser": "bfgs"}, "optimiser"),
    ],
)
def test_bad_calibration_configs_fail_before_running_naming_the_field(tmp_path, changes, field):
    path = write_tiny(tmp_path, **changes)
    with pytest.raises(ConfigError, match=field):
        load_calibration(path)
    assert main(["calibrate", str(path), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


def test_writing_estimates_keeps_comments_and_replaces_the_provenance(tmp_path):
    path = tmp_path / "base.yaml"
    shutil.copy(CONFIGS_DIR / "baseline.yaml", path)
    before = path.read_text().splitlines()
    values = {"automation.bass_q_per_year": 0.4321, "automation.pilot_share": 0.0777}
    for round_ in ("first", "second"):
        written = write_estimates(path, values, [f"{round_} calibration"])
    assert written == values
    text = path.read_text()
    assert [line for line in text.splitlines() if line.startswith(PROVENANCE)] == [
        f"{PROVENANCE} second calibration"
    ]
    q_line = next(line for line in text.splitlines() if "bass_q_per_year" in line)
    assert q_line.startswith("  bass_q_per_year: 0.4321") and "# Bass imitation q" in q_line
    changed = ("bass_q_per_year", "pilot_share", PROVENANCE)
    kept = [line for line in before if not any(word in line for word in changed)]
    assert all(line in text.splitlines() for line in kept)
    scenario = load_scenario(path)
    assert scenario.automation.pilot_share == 0.0777
    assert scenario.automation.bass_q_per_year == 0.4321


def run_tiny(folder, workers: int):
    path = write_tiny(folder, budget={**TINY["budget"], "workers": workers})
    out = folder / "report"
    assert main(["calibrate", str(path), "--out", str(out)]) == 0
    return out


@pytest.mark.slow
def test_calibrate_runs_end_to_end_writes_the_report_and_the_estimates(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    out = run_tiny(one, workers=1)
    targets = pd.read_csv(out / "targets.csv")
    assert list(targets["target"]) == [t.name for t in CALIBRATION_TARGETS]
    assert (targets["seeds"] == 2).all()
    assert (targets["p05"] <= targets["mean"]).all() and (targets["mean"] <= targets["p95"]).all()
    history = pd.read_csv(out / "loss_history.csv")
    assert list(history["phase"]) == ["base"] + ["sobol"] * 2 + ["nelder-mead"] * (len(history) - 3)
    assert 4 <= len(history) <= 5 and history["best_so_far"].is_monotonic_decreasing
    params = pd.read_csv(out / "parameters.csv")
    assert (
        (params["low"] <= params["calibrated"]) & (params["calibrated"] <= params["high"])
    ).all()
    written = load_scenario(one / "base.yaml")
    estimates = dict(zip(params["parameter"], params["calibrated"], strict=True))
    assert written.automation.deepening_per_year == estimates["automation.deepening_per_year"]
    assert written.labour.match_efficiency.us == estimates["labour.match_efficiency.us"]
    assert written.time.end == "2030-12"  # search overrides never leak into the baseline
    manifest = json.loads((out / "manifest.json").read_text())
    for entry in manifest["files"].values():
        assert file_sha256(out / entry["path"]) == entry["sha256"]
    assert "misses by" in (out / "report.md").read_text() or targets["met"].all()
    assert (out / "calibration.png").stat().st_size > 10_000

    again = pd.read_csv(run_tiny(two, workers=2) / "loss_history.csv")
    pd.testing.assert_frame_equal(history, again)


def test_the_search_starts_from_the_base_values_when_no_screened_point_beats_them():
    class Bowl:
        """A loss with its minimum at the base point (0.3, 0.7), named like the real one."""

        calibration = SimpleNamespace(names=["a", "b"])
        phases: list[str] = []

        def __call__(self, unit, phase):
            self.phases.append(phase)
            return float(np.sum((unit - np.array([0.3, 0.7])) ** 2))

    bowl = Bowl()
    start = screen(bowl, points=8, seed=1, base=np.array([0.3, 0.7]))
    assert np.allclose(start, [0.3, 0.7])
    assert bowl.phases == ["base"] + ["sobol"] * 8
