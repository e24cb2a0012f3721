"""`bordersim analyze`: SALib indices recover known sensitivities; grid response tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.sweep.plan import load_sweep
from sim.sweep.runner import definition, run_sweep
from sim.sweep.store import SweepStore
from tests.conftest import three_parameters, write_sweep

OUTPUT = "unemployment_rate_mx@2022-06"


def _known_response(tmp_path, design: dict):
    """A sweep folder whose output is a known function of the unit design positions:
    strong in the first parameter, weak in the second, none in the third."""
    plan = load_sweep(write_sweep(tmp_path, **three_parameters(design)))
    folder = tmp_path / "out"
    SweepStore(folder).claim(definition(plan), fresh=False)
    unit = plan.unit
    rows = [
        {
            "point": t.label["point"],
            "replicate": t.label["replicate"],
            "status": "done",
            OUTPUT: 5 * unit[t.label["point"], 0] + 0.5 * unit[t.label["point"], 1] ** 2,
        }
        for t in plan.tasks
    ]
    pd.DataFrame(rows).to_parquet(folder / "results.parquet")
    return folder


def test_sobol_indices_rank_the_levers_by_their_known_effect(tmp_path):
    folder = _known_response(tmp_path, {"kind": "sobol", "n": 64})
    assert main(["analyze", str(folder), "--output", OUTPUT]) == 0
    table = pd.read_csv(folder / "analysis" / "sobol.csv").set_index("parameter")
    assert table.loc["policy.retraining_subsidy", "ST"] > 0.9
    assert 0.0 < table.loc["policy.stipend_usd_month", "ST"] < 0.1
    assert abs(table.loc["policy.retrain_before_layoff", "ST"]) < 0.02
    assert (table["ST_conf"] >= 0).all()
    assert (folder / "analysis" / "sobol.png").stat().st_size > 10_000
    linear = pd.read_csv(folder / "analysis" / "linear_screening.csv").set_index("parameter")
    assert linear.loc["policy.retraining_subsidy", "effect_over_range"] == pytest.approx(5, 1e-3)
    assert linear.loc["policy.stipend_usd_month", "effect_over_range"] == pytest.approx(0.5, 0.05)
    assert abs(linear.loc["policy.retrain_before_layoff", "t"]) < 3
    assert (linear["r2_all_parameters"] > 0.99).all()


def test_morris_mu_star_follows_the_known_effects(tmp_path):
    folder = _known_response(tmp_path, {"kind": "morris", "n": 20, "levels": 4})
    assert main(["analyze", str(folder), "--output", OUTPUT]) == 0
    mu = pd.read_csv(folder / "analysis" / "morris.csv").set_index("parameter")["mu_star"]
    assert mu["policy.retraining_subsidy"] == pytest.approx(5.0, rel=1e-6)
    assert 0 < mu["policy.stipend_usd_month"] < 1.0
    assert mu["policy.retrain_before_layoff"] == pytest.approx(0.0, abs=1e-12)


def test_grid_response_table_averages_over_other_levers_with_seed_bands(tmp_path, capsys):
    plan = load_sweep(write_sweep(tmp_path, seeds={"base": 4, "replicates": 2}))
    out = tmp_path / "out"
    run_sweep(plan, out, workers=2, progress=False)
    assert main(["analyze", str(out)]) == 0
    response = pd.read_csv(out / "analysis" / "response.csv")
    results = pd.read_parquet(out / "results.parquet")
    lever = "policy.training_capacity_multiplier"
    mine = response[(response["output"] == OUTPUT) & (response["parameter"] == lever)]
    expected = results.groupby(f"param:{lever}")[OUTPUT].mean()
    assert np.allclose(mine["mean"], expected.to_numpy())
    assert (mine["seed_min"] <= mine["mean"]).all() and (mine["mean"] <= mine["seed_max"]).all()
    assert (out / "analysis" / "response.png").is_file()
    assert main(["analyze", str(out), "--output", "wage_gini_mx@2022-06"]) == 2
    assert "not a summary of this sweep" in capsys.readouterr().err
