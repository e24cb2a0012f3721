"""The visualizer under abuse: extreme control values and a 500-month Play."""

from __future__ import annotations

import gc
import tracemalloc

import pytest
from matplotlib.figure import Figure

from sim.viz.charts import CHARTS, ChartRenderer
from sim.viz.factory import LEVERS, SCENARIOS_ENV, VizModel, scale_bounds
from sim.viz.map import MapRenderer
from sim.viz.panel import panel_lines


@pytest.fixture
def long_horizon(tmp_path, monkeypatch):
    """A picker folder whose only scenario runs 500 months (2022-01 .. 2063-08)."""
    (tmp_path / "long.yaml").write_text('name: long\ntime: {start: "2022-01", end: "2063-08"}\n')
    monkeypatch.setenv(SCENARIOS_ENV, str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("edge", ["low", "high"])
def test_every_control_at_its_extreme_still_builds_and_steps(long_horizon, edge):
    values = {}
    for lever in LEVERS:
        if lever.step is None:  # a checkbox
            values[lever.name] = edge == "high"
        else:
            low, high = lever.bounds()
            values[lever.name] = low if edge == "low" else high
    scale = scale_bounds()[0] if edge == "low" else 0.01
    model = VizModel("long", scale, "5", **values)
    for _ in range(6):
        model.step()
    assert model.steps == 6 and not model.setup.warnings
    assert panel_lines(model, "es")


@pytest.mark.slow  # 500 months: about 80 s
def test_a_500_month_play_keeps_working_without_memory_growing(long_horizon):
    model = VizModel("long", 0.001, "3")
    renderers = [
        MapRenderer(model, "en"),
        *(ChartRenderer(model, s, "en") for s in CHARTS.values()),
    ]
    tracemalloc.start()
    samples = []
    for month in range(1, 501):
        model.step()
        if month % 10 == 0:  # a redraw every 10 months, as with Render Interval 10
            for renderer in renderers:
                assert renderer.png(model)[:4] == b"\x89PNG"
        if month in (100, 500):
            gc.collect()
            samples.append(tracemalloc.get_traced_memory()[0])
    tracemalloc.stop()
    assert model.steps == 500 and model.date == "2063-08"
    # only the monthly table grows (~100 numbers a month): far below a leak of images
    assert samples[1] - samples[0] < 25 * 1024 * 1024
    figures = [o for o in gc.get_objects() if isinstance(o, Figure)]
    assert len(figures) <= len(renderers) + 2
