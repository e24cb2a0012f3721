"""`bordersim discover`: PRIM recovers a planted box of failing futures, end to end.

Worker processes import this module to find `planted_failure`, so its top level imports only
what the workers have already loaded; the design code is imported inside the tests.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.pipeline import RunTask, summarise


def planted_failure(task: RunTask) -> dict:
    """A model whose MX unemployment is 0.3 (a miss of the 0.1 target) exactly when automation
    cost falls faster than 12 %/yr and MX matching efficiency is below 0.5, else 0.05; the
    quit rate does nothing."""
    config = task.config
    fails = (
        config["automation"]["cost_decline_per_year"] > 0.12
        and config["labour"]["match_efficiency"]["mx"] < 0.5
    )
    series = pd.DataFrame(
        {
            "date": pd.date_range("2022-01", periods=6, freq="MS").strftime("%Y-%m"),
            "step": range(6),
            "unemployment_rate_mx": 0.3 if fails else 0.05,
        }
    )
    summaries = summarise(series, task.keep.summaries)
    return {"timeseries": series[["date", "step"]], "summaries": summaries, "seconds": 0.0}


def test_prim_recovers_a_planted_box_with_significant_limits():
    from sim.design.discovery import find_failure_box

    rng = np.random.default_rng(11)
    x = pd.DataFrame(rng.random((600, 3)), columns=["a", "b", "c"])
    failed = ((x["a"] > 0.6) & (x["b"] < 0.3)).to_numpy()
    box = find_failure_box(x, failed, peel_alpha=0.05, mass_min=0.05, threshold=0.9)

    assert set(box.limits.index) == {"a", "b"}
    assert box.limits.loc["a", "min"] == pytest.approx(0.6, abs=0.03)
    assert box.limits.loc["b", "max"] == pytest.approx(0.3, abs=0.03)
    assert box.limits.loc["a", "side"] == "high" and box.limits.loc["b", "side"] == "low"
    assert (box.limits["qp"] < 1e-6).all()
    assert box.coverage > 0.85 and box.density >= 0.9
    assert box.trajectory.loc[box.chosen, "density"] == box.density


def test_discover_names_the_planted_conditions_in_plain_words(tmp_path):
    from test_design_spec import DISCOVER, write_spec

    from sim.design.discover import discover
    from sim.design.spec import DiscoverSpec, load_spec

    loaded = load_spec(write_spec(tmp_path, DISCOVER), DiscoverSpec)
    out = tmp_path / "out"
    result = discover(loaded, out, workers=2, progress=False, task_fn=planted_failure)

    samples = pd.read_parquet(out / "samples.parquet")
    assert len(samples) == 200 and samples["failed"].sum() > 10
    box = result.boxes["reconversion"]
    assert set(box.limits.index) == {
        "automation.cost_decline_per_year",
        "labour.match_efficiency.mx",
    }
    assert box.limits.loc["automation.cost_decline_per_year", "min"] == pytest.approx(
        0.12, abs=0.02
    )
    assert box.limits.loc["labour.match_efficiency.mx", "max"] == pytest.approx(0.5, abs=0.05)
    headline = result.headline
    assert "`automation.cost_decline_per_year` above 0.1" in headline
    assert "`labour.match_efficiency.mx` below 0.5" in headline or "below 0.4" in headline
    assert "quit_rate" not in headline
    report = (out / "report.md").read_text()
    assert headline in report
    cart = pd.read_csv(out / "cart_reconversion.csv")
    assert cart["density"].max() == 1.0
    for name in ("tradeoff_reconversion.png", "box_reconversion.png"):
        assert (out / name).stat().st_size > 10_000
    assert (out / "manifest.json").is_file()
