"""The visualizer without a browser: controls from the schema, bad values, drawings, panel."""

from __future__ import annotations

import inspect
import io
import string

import numpy as np
import pytest
from matplotlib.image import imread

from sim.cli import main
from sim.model import BorderModel
from sim.viz.charts import CHARTS, ChartRenderer
from sim.viz.controls import model_params
from sim.viz.factory import LEVERS, SCENARIOS_ENV, VizModel, build_setup, scale_bounds
from sim.viz.labels import TEXT
from sim.viz.map import MapRenderer
from sim.viz.panel import panel_lines

SMALL = 0.003


@pytest.fixture
def scenarios(tmp_path, monkeypatch):
    """A picker folder with a no-policy and a subsidy scenario, short and small."""
    common = 'time: {start: "2022-01", end: "2022-12"}\n'
    (tmp_path / "plain.yaml").write_text("name: plain\n" + common)
    (tmp_path / "subsidy.yaml").write_text(
        "name: subsidy\n" + common + "policy: {retraining_subsidy: 0.4}\n"
    )
    monkeypatch.setenv(SCENARIOS_ENV, str(tmp_path))
    return tmp_path


def _png(data: bytes) -> np.ndarray:
    return imread(io.BytesIO(data), format="png")


def test_slider_bounds_come_from_the_schema():
    params = model_params("en")
    assert (params["retraining_subsidy"]["min"], params["retraining_subsidy"]["max"]) == (0, 1)
    assert params["stipend_usd_month"]["max"] == 10000
    assert params["training_capacity_multiplier"]["max"] == 20
    # cost decline is `lt=1` in the schema: the slider stops one step short
    assert params["cost_decline_per_year"]["max"] == pytest.approx(0.99)
    low, high = scale_bounds()
    assert 0 < low <= params["population_scale"]["value"] <= high <= 1.0
    assert params["retrain_before_layoff"]["type"] == "Checkbox"


def test_model_keywords_match_levers_and_schema_defaults():
    signature = inspect.signature(VizModel.__init__).parameters
    for lever in LEVERS:
        assert signature[lever.name].default == lever.default
    assert set(model_params("en")) == set(signature) - {"self"}


def test_bad_values_become_warnings_not_crashes(scenarios):
    setup = build_setup("nowhere", 5.0, "not-a-seed", {"retraining_subsidy": 1.7})
    text = " | ".join(setup.warnings)
    assert "scenario = 'nowhere'" in text and "plain, subsidy" in text
    assert "population.population_scale" in text and "5.0" in text
    assert "policy.retraining_subsidy" in text and "1.7" in text
    assert "seed = 'not-a-seed'" in text
    assert setup.seed == setup.scenario.seed
    assert setup.scenario.policy.retraining_subsidy == 0.0
    assert setup.from_slider == set()


def test_a_lever_at_its_default_keeps_the_scenario_value(scenarios):
    kept = build_setup("subsidy", SMALL, "7", {"retraining_subsidy": 0.0})
    assert kept.scenario.policy.retraining_subsidy == 0.4 and kept.seed == 7
    moved = build_setup("subsidy", SMALL, "7", {"retraining_subsidy": 0.9})
    assert moved.scenario.policy.retraining_subsidy == 0.9
    assert "retraining_subsidy" in moved.from_slider and not moved.warnings


def test_drawing_does_not_change_the_simulation(scenarios):
    viz = VizModel("plain", SMALL, "3")
    renderers = [MapRenderer(viz, "en"), *(ChartRenderer(viz, s, "en") for s in CHARTS.values())]
    plain = BorderModel(viz.config, seed=3)
    for _ in range(3):
        viz.step()
        plain.step()
        for renderer in renderers:
            renderer.png(viz)
        panel_lines(viz, "es")
    assert viz.record == plain.record


def test_map_and_charts_are_images_that_change_with_the_month(scenarios):
    model = VizModel("subsidy", SMALL, "1")
    world = MapRenderer(model, "en")
    chart = ChartRenderer(model, CHARTS["people"], "en")
    before_map, before_chart = _png(world.png(model)), _png(chart.png(model))
    for _ in range(3):
        model.step()
    after_map, after_chart = _png(world.png(model)), _png(chart.png(model))
    assert before_map.shape == after_map.shape and before_map.shape[0] > 200
    assert not np.array_equal(before_map, after_map)
    assert not np.array_equal(before_chart, after_chart)
    spanish = MapRenderer(model, "es")
    assert not np.array_equal(_png(spanish.png(model)), after_map)


def test_panel_speaks_both_languages(scenarios):
    model = VizModel("subsidy", SMALL, "1")
    assert "Press Step" in panel_lines(model, "en")[0]
    model.step()
    english, spanish = panel_lines(model, "en"), panel_lines(model, "es")
    assert english[0].startswith("Month: 2022-01") and spanish[0].startswith("Mes: 2022-01")
    assert len(english) == len(spanish) and all(
        a != b for a, b in zip(english, spanish, strict=True)
    )
    assert any("subsidy" in line and "0.4" in line for line in english)


def test_every_text_exists_in_both_languages_with_the_same_blanks():
    def blanks(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert TEXT["en"].keys() == TEXT["es"].keys()
    for key, text in TEXT["en"].items():
        assert blanks(text) == blanks(TEXT["es"][key]), key


@pytest.mark.parametrize(
    "argv",
    [["viz", "--port", "70000"], ["viz", "--port", "x"], ["viz", "--scenarios", "/no/such/dir"]],
)
def test_viz_command_refuses_bad_arguments(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2
    assert argv[-1] in capsys.readouterr().err
