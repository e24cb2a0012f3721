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


def level_and_effect(task: RunTask) -> dict:
    """A model whose MX unemployment level is high (0.3) where automation cost falls faster
    than 12 %/yr, whatever the policy; the policy (a retraining subsidy) lowers it by 2 points,
    except where MX matching efficiency is below 0.5, where it does nothing."""
    config = task.config
    level = 0.3 if config["automation"]["cost_decline_per_year"] > 0.12 else 0.05
    acts = config["labour"]["match_efficiency"]["mx"] >= 0.5
    effect = 0.02 if config["policy"]["retraining_subsidy"] > 0.25 and acts else 0.0
    series = pd.DataFrame(
        {
            "date": pd.date_range("2022-01", periods=6, freq="MS").strftime("%Y-%m"),
            "step": range(6),
            "unemployment_rate_mx": level - effect,
        }
    )
    summaries = summarise(series, task.keep.summaries)
    return {"timeseries": series[["date", "step"]], "summaries": summaries, "seconds": 0.0}


@pytest.mark.slow  # a small paired design run end to end: about 16 s
def test_with_a_reference_prim_explains_where_the_policy_effect_fails_not_the_level(tmp_path):
    from test_design_spec import DISCOVER, UNEMPLOYMENT, write_spec

    from sim.design.discover import discover
    from sim.design.spec import DiscoverSpec, load_spec

    policies = {"no_policy": {}, **DISCOVER["policies"]}
    target = {"summary": UNEMPLOYMENT, "max": -0.01}  # lowers unemployment by 1 point or more
    path = write_spec(tmp_path, DISCOVER, policies=policies, target=target, reference="no_policy")
    result = discover(
        load_spec(path, DiscoverSpec), tmp_path / "out", progress=False, task_fn=level_and_effect
    )

    assert list(result.boxes) == ["reconversion"]
    samples = result.samples
    assert set(samples["target"].round(6)) == {-0.02, 0.0}  # the effect, not the level
    box = result.boxes["reconversion"]
    assert "labour.match_efficiency.mx" in box.limits.index
    assert "automation.cost_decline_per_year" not in box.limits.index
    assert "minus `no_policy`" in result.headline


def test_a_reference_that_is_not_a_policy_is_refused(tmp_path):
    from test_design_spec import DISCOVER, write_spec

    from sim.config import ConfigError
    from sim.design.spec import DiscoverSpec, load_spec

    with pytest.raises(ConfigError, match="must name one of the policies"):
        load_spec(write_spec(tmp_path, DISCOVER, reference="nothing"), DiscoverSpec)
