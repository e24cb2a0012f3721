"""`bordersim calibrate`: config errors and identification checks, the loss, the targets'
measures, history matching's implausibility and intervals, writing estimates back, and a whole
run on a tiny budget that writes its report (deterministic, the same with one or two
processes)."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.calibrate.baseline import PROVENANCE, write_estimates
from sim.calibrate.history import implausibility, intervals, start_point
from sim.calibrate.loss import loss
from sim.calibrate.report import edge_lines
from sim.calibrate.search import screen
from sim.calibrate.settings import load_calibration
from sim.cli import main
from sim.config import CONFIGS_DIR, ConfigError, load_scenario
from sim.run.manifest import file_sha256
from sim.targets import (
    CALIBRATION_TARGETS,
    IFR_BOUND_JOBS_PER_YEAR_MX,
    Target,
    article_pace_targets,
    change,
    cities_change,
    ifr_ratio,
    technician_share,
)
from sim.validation import HELD_BACK

TINY = {
    "name": "tiny",
    "base_config": "base.yaml",
    "method": "history_matching",
    "overrides": ["population.population_scale=0.002"],
    "history_matching": {"design_points": 2},
    "budget": {
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
    assert calibration.config.method == "history_matching"
    assert len(bounds) <= 11 < len(CALIBRATION_TARGETS)
    assert all(b.why for b in bounds.values())


def test_a_calibration_with_as_many_parameters_as_targets_is_refused_in_one_line(tmp_path):
    names = (
        [f"labour.quit_rate_month.{c}" for c in ("mx", "us")]
        + [
            f"automation.{n}"
            for n in (
                "bass_p_per_year",
                "bass_q_per_year",
                "pilot_share",
                "deepening_per_year",
                "automatable_share",
                "payback_elasticity",
                "cost_decline_per_year",
                "unit_cost_saving",
                "cross_border_peer_weight",
                "tech_transfer_capex_discount",
                "output_adjustment_per_month",
            )
        ]
        + ["labour.job_to_job_share", "labour.internal_promotion_rate_month"]
        + [
            "labour.matching_elasticity",
            "city.other_vacancy_rate",
            "training.completion_probability",
        ]
    )[: len(CALIBRATION_TARGETS)]
    assert len(names) == len(CALIBRATION_TARGETS)
    path = write_tiny(tmp_path, parameters={n: {"low": 0.01, "high": 0.1} for n in names})
    with pytest.raises(ConfigError, match="fewer parameters than targets") as error:
        load_calibration(path)
    assert "\n" not in str(error.value) and "parameters" in str(error.value)


def test_runs_that_stop_before_the_last_target_month_are_refused(tmp_path):
    path = write_tiny(tmp_path, overrides=["time.end=2025-12"])
    with pytest.raises(ConfigError, match="overrides.*2030-12.*technician_share"):
        load_calibration(path)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"parameters": {"automation.no_such_field": {"low": 0, "high": 1}}}, "no_such_field"),
        ({"parameters": {"labour.quit_rate_month.mx": {"low": 0.5, "high": 0.1}}}, "parameters"),
        ({"parameters": {"labour.quit_rate_month.mx": {"low": 0.1, "high": 1.5}}}, "quit_rate"),
        ({"budget": {"search_seeds": 0}}, "budget.search_seeds"),
        ({"optimiser": "bfgs"}, "optimiser"),
        ({"method": "abc"}, "method"),
        ({"history_matching": {"cutoff": 0}}, "history_matching.cutoff"),
        ({"history_matching": {"rank": 4}}, "history_matching.rank"),
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
    report = (out / "report.md").read_text()
    assert "misses by" in report or targets["met"].all()
    assert "Sobol points are not implausible" in report and "of a box edge:" in report
    design = pd.read_csv(out / "design.csv")
    assert {"I_cut", "kept"} <= set(design.columns)
    assert list(design["phase"]) == ["base", "sobol", "sobol"]  # the design, before Nelder-Mead
    kept = pd.read_csv(out / "non_implausible.csv")
    assert list(kept.columns) == list(params["parameter"]) and len(kept) == design["kept"].sum()
    assert {"p05", "p95", "near_edge"} <= set(params.columns)
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


def test_implausibility_adds_the_seed_variance_to_the_tolerance():
    point = Target.around("p", 0.2, 0.03, "2022-12", "", lambda f, c: 0.0)
    assert point.implausibility(0.26, 0.0016) == pytest.approx(0.06 / 0.05)
    assert point.implausibility(0.14, 0.0) == pytest.approx(2.0)
    band = Target.within("b", (0.0, 1.0), "2022-12", "", lambda f, c: 0.0)
    assert band.implausibility(0.7, 0.25) == 0.0
    assert band.implausibility(1.5, 0.0) == pytest.approx(1.0)


def history_rows(offsets: list[float], phases: list[str], losses: list[float]) -> pd.DataFrame:
    """A design whose every target sits at its centre except the first, `offset` scales off."""
    first = CALIBRATION_TARGETS[0]
    rows = []
    for offset, phase, value in zip(offsets, phases, losses, strict=True):
        row = {"phase": phase, "loss": value, "a": offset}
        for target in CALIBRATION_TARGETS:
            row[f"sim:{target.name}"] = target.centre
            row[f"var:{target.name}"] = 0.0
        row[f"sim:{first.name}"] = first.centre + offset * first.scale
        rows.append(row)
    return pd.DataFrame(rows)


def test_history_matching_keeps_design_points_whose_cut_implausibility_is_within_the_cutoff():
    history = history_rows([0.0, 0.0, 4.0, 2.0], ["base", "sobol", "sobol", "sobol"], [0] * 4)
    largest = implausibility(history, cutoff=3.0, rank=1)
    assert list(largest["I_cut"]) == pytest.approx([0.0, 0.0, 4.0, 2.0])
    assert list(largest["kept"]) == [False, True, False, True]  # the base is not a design point
    second = implausibility(history, cutoff=3.0, rank=2)
    assert list(second["kept"]) == [False, True, True, True]  # one missed target tolerated


def test_intervals_are_the_5th_and_95th_percentiles_over_the_kept_points():
    table = pd.DataFrame({"a": [*np.arange(101.0), 1000.0], "kept": [True] * 101 + [False]})
    row = intervals(table, ["a"]).iloc[0]
    assert row["p05"] == pytest.approx(5.0) and row["p95"] == pytest.approx(95.0)
    assert row["kept_points"] == 101
    none = intervals(table.assign(kept=False), ["a"]).iloc[0]
    assert np.isnan(none["p05"]) and none["kept_points"] == 0


def test_the_refinement_starts_at_the_best_kept_point_or_else_the_least_implausible():
    history = history_rows([1.0, 0.5, 5.0], ["sobol"] * 3, [3.0, 2.0, 1.0])
    table = implausibility(history, cutoff=3.0, rank=1)
    assert start_point(table)["a"] == 0.5  # kept, least loss (the lower loss at 5.0 is cut)
    assert start_point(implausibility(history, cutoff=0.1, rank=1))["a"] == 0.5


def test_estimates_within_five_percent_of_a_box_edge_are_reported():
    params = pd.DataFrame(
        {
            "parameter": ["x", "y", "z"],
            "low": [0.0, 0.0, 0.0],
            "high": [1.0, 1.0, 1.0],
            "calibrated": [0.97, 0.5, 0.02],
            "unit": [0.97, 0.5, 0.02],
            "near_edge": [True, False, True],
        }
    )
    lines = edge_lines(params)
    assert len(lines) == 2
    assert "`x`" in lines[0] and "high edge" in lines[0]
    assert "`z`" in lines[1] and "low edge" in lines[1]


def monthly(column: str, values: dict[str, float], start="2022-01", end="2030-12") -> pd.DataFrame:
    dates = pd.period_range(start, end, freq="M").astype(str)
    return pd.DataFrame({"date": dates, column: [values.get(d[:4], 0.0) for d in dates]})


def test_manufacturing_change_compares_two_months():
    frame = monthly("manufacturing_jobs_us", {"2022": 100.0, "2023": 50.0, "2024": 110.0})
    assert change(frame, "manufacturing_jobs_us", "2022-01", "2024-12") == pytest.approx(0.1)


def test_the_ifr_ratio_divides_jobs_automated_in_the_ifr_years_by_the_bound():
    frame = monthly("jobs_automated_month_mx", {"2022": 1000.0, "2023": 1000.0, "2024": 1000.0})
    frame.loc[frame["date"] >= "2025-01", "jobs_automated_month_mx"] = 1e6  # not an IFR year
    expected = 36_000.0 / sum(IFR_BOUND_JOBS_PER_YEAR_MX.values())
    assert ifr_ratio(frame) == pytest.approx(expected)


def test_technician_share_is_technicians_over_manufacturing_jobs():
    frame = pd.DataFrame(
        {"date": ["2030-12"], "technician_jobs_mx": [25.0], "manufacturing_jobs_mx": [100.0]}
    )
    assert technician_share(frame, "2030-12") == pytest.approx(0.25)


def test_baja_california_sums_its_cities_before_the_change():
    cities = pd.DataFrame(
        {
            "date": ["2022-12", "2022-12", "2023-09", "2023-09", "2022-12"],
            "city_id": ["tijuana_mx", "mexicali_mx", "tijuana_mx", "mexicali_mx", "other"],
            "manufacturing_jobs": [300.0, 100.0, 310.0, 110.0, 1e6],
        }
    )
    change = cities_change(
        cities, ("tijuana_mx", "mexicali_mx"), "manufacturing_jobs", "2022-12", "2023-09"
    )
    assert change == pytest.approx(0.05)


def test_the_article_pace_is_a_scenario_target_and_baja_california_is_fitted():
    fitted = {t.name for t in CALIBRATION_TARGETS}
    assert not fitted & {t.name for t in article_pace_targets()}
    assert "baja_california_manufacturing_jobs_change@2022-12..2023-09" in fitted
    assert not any("Baja California" in c.name for c in HELD_BACK)
    frame = monthly("jobs_automated_month_mx", {"2024": 10.0, "2025": 5.0})
    frame["operative_jobs_mx"] = 1000.0
    in_2024, over_two_years = (t.simulated(frame, frame) for t in article_pace_targets())
    assert in_2024 == pytest.approx(0.12) and over_two_years == pytest.approx(0.18)


def test_the_ifr_target_uses_the_mechanisms_bound():
    from sim.config.schema import AutomationConfig
    from sim.mechanisms.automation import ifr_bound_jobs_per_year

    for year, value in IFR_BOUND_JOBS_PER_YEAR_MX.items():
        assert ifr_bound_jobs_per_year(AutomationConfig(), "MX", year) == pytest.approx(
            value, rel=0.01
        )
