"""`bordersim decompose`: a city's change split by cause. The arithmetic on hand-made runs, bad
specs refused in one line before any run, and a tiny whole decomposition."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
import yaml

from sim.calibrate.decompose import contributions, summary, window_change
from sim.calibrate.decompose_spec import ALL_OFF, FULL, load_decomposition
from sim.cli import main
from sim.config import CONFIGS_DIR, ConfigError

AUTOMATION_OFF = [
    "automation.bass_p_per_year=0",
    "automation.bass_q_per_year=0",
    "automation.initial_adoption_share.mx=0",
    "automation.initial_adoption_share.us=0",
]
TINY = {
    "name": "tiny_decomposition",
    "base": "base.yaml",
    "city": "ciudad_juarez_mx",
    "window": {"start": "2022-06", "end": "2022-12"},
    "seeds": 1,
    "workers": 1,
    "overrides": ["population.population_scale=0.002"],
    "causes": {
        "automation": {"description": "no automation", "set": AUTOMATION_OFF},
        "minimum_wage": {
            "description": "frozen at 2022",
            "set": ["wages.border_min_wage_mxn_day={2022: 260.34}"],
        },
    },
}


def write_spec(folder, **changes):
    shutil.copy(CONFIGS_DIR / "baseline.yaml", folder / "base.yaml")
    path = folder / "decomposition.yaml"
    path.write_text(yaml.safe_dump({**TINY, **changes}), encoding="utf-8")
    return path


def test_window_change_reads_the_city_at_both_ends():
    cities = pd.DataFrame(
        {
            "date": ["2023-06", "2023-06", "2025-12", "2025-12"],
            "city_id": ["a", "b", "a", "b"],
            "manufacturing_jobs": [200.0, 1.0, 150.0, 2.0],
        }
    )
    change = window_change(cities, "a", "manufacturing_jobs", "2023-06", "2025-12")
    assert change == {"start": 200.0, "end": 150.0, "jobs": -50.0, "share": -0.25}


def test_a_cause_contributes_full_minus_its_counterfactual_and_the_rest_is_other():
    arms = {FULL: -0.10, "automation": -0.02, "demand": -0.12, ALL_OFF: 0.01}
    runs = pd.DataFrame(
        [
            {"draw": 0, "seed": 1, "arm": arm, "share": share, "jobs": 1000 * share}
            for arm, share in arms.items()
        ]
    )
    row = contributions(runs, ["automation", "demand"]).set_index("unit").loc["share"]
    assert row["automation"] == pytest.approx(-0.08)  # automation took 8 points
    assert row["demand"] == pytest.approx(0.02)  # demand added 2 points
    assert row["other"] == pytest.approx(0.01)
    assert row["interaction"] == pytest.approx(-0.10 - 0.01 - (-0.08 + 0.02))


def test_the_summary_gives_each_component_its_mean_and_90_percent_interval():
    parts = pd.DataFrame(
        {"unit": "share", "full": range(101), "automation": 0.0, "other": 0.0, "interaction": 0.0}
    )
    row = summary(parts, ["automation"]).set_index("component").loc["full"]
    assert (row["mean"], row["p05"], row["p95"], row["samples"]) == (50.0, 5.0, 95.0, 101)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"city": "atlantis_mx"}, "city"),
        ({"window": {"start": "2023-06", "end": "2023-01"}}, "window"),
        ({"window": {"start": "2021-01", "end": "2022-12"}}, "window.start"),
        ({"column": "wages"}, "column"),
        ({"causes": {"full": {"set": AUTOMATION_OFF}}}, "causes"),
        ({"causes": {"x": {"set": ["automation.no_such=1"]}}}, "no_such"),
        ({"causes": {"x": {"set": ["automation.pilot_share=7"]}}}, "pilot_share"),
        ({"draws_from": "missing.csv"}, "draws_from"),
        ({"seeds": 0}, "seeds"),
    ],
)
def test_bad_specs_fail_in_one_line_before_any_run(tmp_path, changes, field):
    path = write_spec(tmp_path, **changes)
    with pytest.raises(ConfigError, match=field) as error:
        load_decomposition(path)
    assert "\n" not in str(error.value)
    assert main(["decompose", str(path), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


def test_draws_come_from_the_non_implausible_points_and_override_the_base(tmp_path):
    (tmp_path / "points.csv").write_text(
        "automation.pilot_share,automation.bass_q_per_year\n0.11,0.4\n0.12,0.5\n0.13,0.6\n"
    )
    decomposition = load_decomposition(write_spec(tmp_path, draws_from="points.csv", draws=2))
    assert len(decomposition.draws) == 2
    shares = {decomposition.scenarios[FULL, d].automation.pilot_share for d in range(2)}
    assert shares < {0.11, 0.12, 0.13} and len(shares) == 2
    off = decomposition.scenarios["automation", 0].automation
    assert off.bass_q_per_year == 0  # the cause's switch wins over the draw
    assert decomposition.scenarios[ALL_OFF, 0].wages.border_min_wage_mxn_day == {2022: 260.34}


@pytest.mark.slow
def test_a_tiny_decomposition_writes_its_table_figure_and_report(tmp_path):
    path = write_spec(tmp_path)
    out = tmp_path / "out"
    assert main(["decompose", str(path), "--out", str(out)]) == 0
    runs = pd.read_csv(out / "runs.csv")
    assert sorted(runs["arm"]) == sorted([FULL, "automation", "minimum_wage", ALL_OFF])
    full = runs.set_index("arm").loc[FULL, "share"]
    table = pd.read_csv(out / "decomposition.csv").set_index(["component", "unit"])
    automation = full - runs.set_index("arm").loc["automation", "share"]
    written = 1e-5  # the CSV files hold six significant digits
    assert table.loc[("automation", "share"), "mean"] == pytest.approx(automation, abs=written)
    assert table.loc[("full", "share"), "mean"] == pytest.approx(full, abs=written)
    assert "| automation | no automation |" in (out / "report.md").read_text()
    assert (out / "decomposition.png").stat().st_size > 10_000
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["decomposition"]["city"] == "ciudad_juarez_mx"


def test_the_shipped_juarez_spec_switches_off_the_named_causes_and_the_exchange_rate():
    from sim.calibrate.decompose_spec import DecompositionSpec
    from sim.config import read_yaml, validate_model

    path = CONFIGS_DIR / "counterfactuals" / "juarez_decomposition.yaml"
    spec = validate_model(DecompositionSpec, read_yaml(path), str(path))
    assert list(spec.causes) == ["automation", "us_demand", "minimum_wage", "exchange_rate"]
    assert (spec.city, spec.window.start, spec.window.end) == (
        "ciudad_juarez_mx",
        "2023-06",
        "2025-12",
    )
    assert spec.draws_from and spec.draws_from.endswith("non_implausible.csv")
