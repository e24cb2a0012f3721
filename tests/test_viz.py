"""The visualizer without a browser: controls from the schema, bad values, drawings, panel."""

from __future__ import annotations

import copyreg
import gc
import inspect
import io
import json
import string
import threading
import time

import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread

from sim.cli import main
from sim.config import config_hash, load_scenario
from sim.model import BorderModel
from sim.viz import actions, state
from sim.viz import session as session_module
from sim.viz.basemap import MAP_FILE
from sim.viz.charts import CHARTS, ChartRenderer
from sim.viz.city import CityRenderer, city_panels, twin_of
from sim.viz.compare import Interval, comparison_lines, interval, policy_effect, signed
from sim.viz.controls import model_params, value_text
from sim.viz.export import cities_csv, run_command, scenario_yaml, series_csv
from sim.viz.factory import (
    BASELINE,
    INTERVAL_SEEDS,
    LEVERS,
    SCENARIOS_ENV,
    VizModel,
    build_setup,
    scale_bounds,
    scenario_files,
)
from sim.viz.labels import TEXT, month_name, place_name
from sim.viz.lessons import LESSONS
from sim.viz.map import MapRenderer, city_under, map_alt
from sim.viz.panel import panel_lines
from sim.viz.session import Session
from sim.viz.settings import Settings, from_query, to_query

SMALL = 0.003


@pytest.fixture
def scenarios(tmp_path, monkeypatch):
    """A picker folder with a no-policy and a subsidy scenario, short and small."""
    common = 'time: {start: "2022-01", end: "2022-12"}\n'
    (tmp_path / "plain.yaml").write_text("name: plain\n" + common)
    (tmp_path / "subsidy.yaml").write_text(
        "name: subsidy\n" + common + "policy: {retraining_subsidy: 0.4, stipend_usd_month: 150}\n"
    )
    monkeypatch.setenv(SCENARIOS_ENV, str(tmp_path))
    return tmp_path


def _png(data: bytes) -> np.ndarray:
    return imread(io.BytesIO(data), format="png")


def test_slider_bounds_are_the_schema_capped_at_classroom_ranges():
    params = model_params("en")
    assert (params["retraining_subsidy"]["min"], params["retraining_subsidy"]["max"]) == (0, 1)
    assert params["stipend_usd_month"]["max"] == 500  # the CLI still takes up to 10,000
    assert params["training_capacity_multiplier"]["max"] == 5
    assert params["cost_decline_per_year"]["max"] == pytest.approx(0.30)
    assert load_scenario(BASELINE, ["policy.stipend_usd_month=10000"]).policy.stipend_usd_month
    low, high = scale_bounds()
    assert 0 < low <= params["population_scale"]["value"] <= high <= 1.0
    assert params["retrain_before_layoff"]["type"] == "Checkbox"


def test_model_keywords_are_the_levers_and_none_keeps_the_scenario_value():
    signature = inspect.signature(VizModel.__init__).parameters
    for lever in LEVERS:
        assert signature[lever.name].default is None
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


def test_a_lever_left_out_keeps_the_scenario_value(scenarios):
    kept = build_setup("subsidy", SMALL, "7", {"retraining_subsidy": None})
    assert kept.scenario.policy.retraining_subsidy == 0.4 and kept.seed == 7
    assert kept.lever_values["retraining_subsidy"] == 0.4 and kept.scenario.name == "subsidy"


def test_a_lever_moved_to_zero_overrides_the_scenario_and_renames_the_run(scenarios):
    moved = build_setup("subsidy", SMALL, "7", {"retraining_subsidy": 0.0})
    assert moved.scenario.policy.retraining_subsidy == 0.0
    assert "retraining_subsidy" in moved.from_slider and not moved.warnings
    assert moved.scenario.name == "subsidy-subsidy0"
    assert moved.lever_values["retraining_subsidy"] == 0.4  # what the scenario itself says


def _same_record(a: dict, b: dict) -> bool:
    """Equal month records, NaN equal to NaN (outcome shares with an empty base are NaN)."""
    return a.keys() == b.keys() and all(a[k] == b[k] or (a[k] != a[k] and b[k] != b[k]) for k in a)


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
    assert _same_record(viz.record, plain.record)


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
    assert english[0].startswith("January 2022 (month 1")
    assert spanish[0].startswith("enero de 2022 (mes 1")
    assert len(english) == len(spanish) and all(
        a != b for a, b in zip(english, spanish, strict=True)
    )
    assert any("subsidy" in line and "40%" in line for line in english)


def test_every_text_exists_in_both_languages_with_the_same_blanks():
    def blanks(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert TEXT["en"].keys() == TEXT["es"].keys()
    for key, text in TEXT["en"].items():
        assert blanks(text) == blanks(TEXT["es"][key]), key


def test_dates_read_as_month_and_year_in_both_languages():
    assert month_name("2024-07", "en") == "July 2024"
    assert month_name("2024-07", "es") == "julio de 2024"


def test_every_slider_shows_its_value_with_a_unit():
    params = model_params("en")
    shown = {
        name: value_text(options, options["max"], "en")
        for name, options in params.items()
        if options["type"] == "SliderFloat"
    }
    assert shown["retraining_subsidy"] == "100%"
    assert shown["stipend_usd_month"] == "500 USD/month"
    assert shown["training_capacity_multiplier"] == "x 5.00"
    assert shown["cost_decline_per_year"] == "30% per year"
    assert shown["population_scale"] == "1 agent per 20 workers"
    assert value_text(params["stipend_usd_month"], 150.0, "es") == "150 USD/mes"


def test_a_collected_model_leaves_no_grid_class_registered_for_pickling(scenarios):
    gc.collect()  # earlier tests' models leave the table first, not during this test
    before = set(copyreg.dispatch_table)
    model = VizModel("subsidy", SMALL, "5", compare=True)
    mine = set(copyreg.dispatch_table) - before
    assert len(mine) == len(model.models()) == 6  # Mesa's
    del model
    gc.collect()
    assert not mine & set(copyreg.dispatch_table)


def test_the_no_policy_twin_shares_the_seed_so_no_policy_means_no_gap(scenarios):
    model = VizModel("plain", SMALL, "5", compare=True)
    for _ in range(3):
        model.step()
    assert _same_record(model.baseline.record, model.record)
    effect = policy_effect(model)
    assert effect["jobs"] == 0 and effect["spending_usd"] == 0
    assert effect["unemployment_mx"] == 0 and effect["unemployment_us"] == 0


def test_a_policy_against_its_twin_spends_and_the_panel_says_so(scenarios):
    model = VizModel("subsidy", SMALL, "5", compare=True)
    assert model.baseline.config.policy.retraining_subsidy == 0.0
    for _ in range(3):
        model.step()
    assert policy_effect(model)["spending_usd"] > 0
    english = " ".join(comparison_lines(model, "en"))
    assert "Policy against no policy, March 2022" in english
    assert "Extra public spending so far: +" in english
    assert "Cost per job kept" in english
    assert "Active la comparación" in comparison_lines(VizModel("plain", SMALL, "5"), "es")[0]


def test_charts_draw_the_twin_only_when_comparing(scenarios):
    alone = ChartRenderer(VizModel("subsidy", SMALL, "5"), CHARTS["jobs"], "en")
    compared = VizModel("subsidy", SMALL, "5", compare=True)
    both = ChartRenderer(compared, CHARTS["jobs"], "en")
    assert "no policy" not in alone.alt_text()
    assert "Jobs, Mexico (no policy)" in both.alt_text()
    compared.step()
    both.png(compared)
    assert all(len(line.get_xdata()) == 1 for line in both.baseline_lines)


def test_a_city_story_follows_the_city_and_its_twin_month_by_month(scenarios):
    model = VizModel("plain", SMALL, "2")
    juarez = next(k for k, c in enumerate(model.cities) if c.name == "Ciudad Juarez")
    assert model.cities[twin_of(model, juarez)].name == "El Paso"
    story = CityRenderer(model, juarez, "en")
    first = _png(story.png(model))
    for _ in range(2):
        model.step()
    assert not np.array_equal(first, _png(story.png(model)))
    columns = [column for _, column in city_panels(model)]
    assert {"manufacturing_jobs", "unemployment_rate", "adoption_share", "in_training"} <= set(
        columns
    )
    dates, values = model.city_history.table("unemployment_rate", len(model.cities))
    assert dates == ["2022-01", "2022-02"] and values.shape == (2, len(model.cities))
    assert "Ciudad Juárez (solid line)" in story.alt_text() and "El Paso" in story.alt_text()


def test_the_map_names_every_city_and_dates_its_title(scenarios):
    model = VizModel("plain", SMALL, "2")
    model.step()
    alt = map_alt(model, "es")
    assert alt.startswith("El corredor, enero de 2022")
    assert all(place_name(city.name) in alt for city in model.cities)
    assert "Ciudad Juárez" in alt and "Ciudad Acuña" in alt


def _ringed_places(world: MapRenderer, model: VizModel) -> set[str]:
    """The cities some dashed ring on the map is drawn round."""
    ringed = set()
    for ring in world.axes.collections:
        if ring.get_linestyle()[0][1] is None:  # solid: circles, plants, centres
            continue
        for lon, lat in ring.get_offsets():
            ringed |= {c.id for c in model.cities if (c.lon, c.lat) == (lon, lat)}
    return ringed


def test_the_map_rings_the_cities_with_an_industry_4_0_zone_in_both_languages(scenarios):
    (scenarios / "zones.yaml").write_text(
        'name: zones\ntime: {start: "2022-01", end: "2022-12"}\n'
        "policy: {sez_cities: [tijuana_mx, el_paso_us]}\n"
    )
    zoned, plain = VizModel("zones", SMALL, "2"), VizModel("plain", SMALL, "2")
    assert _ringed_places(MapRenderer(zoned, "en"), zoned) == {"tijuana_mx", "el_paso_us"}
    assert _ringed_places(MapRenderer(plain, "en"), plain) == set()
    for language, entry in (("en", "City with an Industry 4.0 zone"), ("es", "Ciudad con zona")):
        legend = MapRenderer(zoned, language).axes.get_legend()
        assert any(text.get_text().startswith(entry) for text in legend.get_texts())


def test_the_base_map_is_public_domain_natural_earth_inside_its_box():
    data = json.loads(MAP_FILE.read_text())
    assert "Natural Earth" in data["source"] and data["licence"].startswith("public domain")
    assert "GSHHG" not in data["source"] and "LGPL" not in data["licence"]
    lon_min, lat_min, lon_max, lat_max = data["box"]
    for layer in ("land", "countries", "states", "rivers"):
        points = np.concatenate([np.asarray(line) for line in data[layer]])
        assert lon_min <= points[:, 0].min() and points[:, 0].max() <= lon_max, layer
        assert lat_min <= points[:, 1].min() and points[:, 1].max() <= lat_max, layer


def test_a_click_picks_the_circle_it_lands_in_and_the_nearest_centre_where_circles_overlap():
    centres = np.array([[100.0, 100.0], [130.0, 100.0], [400.0, 300.0]])
    radii = np.array([40.0, 10.0, 8.0])
    assert city_under(np.array([100.0, 100.0]), centres, radii) == 0
    assert city_under(np.array([90.0, 120.0]), centres, radii) == 0
    assert city_under(np.array([125.0, 100.0]), centres, radii) == 1  # inside both: nearer 1
    assert city_under(np.array([404.0, 303.0]), centres, radii) == 2
    assert city_under(np.array([200.0, 200.0]), centres, radii) is None


def test_clicking_each_city_drawn_on_the_map_picks_that_city(scenarios):
    model = VizModel("plain", SMALL, "2")
    model.step()
    world = MapRenderer(model, "en")
    drawn = _png(world.png(model))
    height, width = drawn.shape[:2]
    centres = world.city_pixels()
    for k, (x, y) in enumerate(centres):
        assert world.city_at(x / width, y / height) == k, model.cities[k].name
    assert world.city_at(0.02, 0.02) is None  # the top-left corner: no city there


def test_the_city_pixels_are_where_the_map_draws_the_cities(scenarios):
    model = VizModel("plain", SMALL, "2")
    world = MapRenderer(model, "en")
    chihuahua = next(k for k, c in enumerate(model.cities) if c.name == "Chihuahua")
    world.select(model, chihuahua)
    drawn = _png(world.png(model))[..., :3]
    x, y = np.round(world.city_pixels()[chihuahua]).astype(int)
    ring = 15.0 * world.figure.dpi / 72.0  # the ring is 30 points across
    purple = np.array([0x6A, 0x0D, 0xAD]) / 255.0
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        px, py = int(round(x + dx * ring)), int(round(y + dy * ring))
        near = drawn[py - 2 : py + 3, px - 2 : px + 3].reshape(-1, 3)
        assert np.abs(near - purple).sum(axis=1).min() < 0.15, (dx, dy)


def test_the_downloaded_scenario_is_the_run_and_the_csvs_hold_every_month(scenarios, tmp_path):
    model = VizModel("subsidy", SMALL, "9", stipend_usd_month=300.0)
    for _ in range(2):
        model.step()
    path = tmp_path / "run.yaml"
    path.write_text(scenario_yaml(model))
    again = load_scenario(path)
    assert config_hash(again) == config_hash(model.config) and again.seed == 9
    assert run_command(model).endswith(f"-{config_hash(model.config)}-9.yaml --seed 9")
    assert series_csv(model).count("\n") == 3  # header + 2 months
    assert cities_csv(model).count("\n") == 1 + 2 * len(model.cities)
    assert again.name == "subsidy-stipend300"  # named after the policy it ran


def test_the_csvs_hold_the_no_policy_series_beside_the_policy_when_comparing(scenarios):
    model = VizModel("subsidy", SMALL, "9", compare=True)
    for _ in range(2):
        model.step()
    monthly = pd.read_csv(io.StringIO(series_csv(model)))
    assert len(monthly) == 2
    assert list(monthly["public_spending_usd_cum_no_policy"]) == [
        model.baseline.datacollector.model_vars["public_spending_usd_cum"][k] for k in range(2)
    ]
    assert (monthly["public_spending_usd_cum"] > monthly["public_spending_usd_cum_no_policy"]).all()
    cities = pd.read_csv(io.StringIO(cities_csv(model)))
    assert len(cities) == 2 * len(model.cities)
    assert "unemployment_rate_no_policy" in cities.columns
    assert (
        "unemployment_rate_no_policy"
        not in pd.read_csv(io.StringIO(cities_csv(VizModel("subsidy", SMALL, "9")))).columns
    )


def test_the_city_story_draws_the_no_policy_line_when_comparing(scenarios):
    model = VizModel("subsidy", SMALL, "4", compare=True)
    story = CityRenderer(model, 0, "en")
    for _ in range(3):
        model.step()
    story.png(model)
    assert "without the policy" in story.alt_text()
    assert all(len(line.get_xdata()) == 3 for pair in story.baseline_lines for line in pair)
    assert not CityRenderer(VizModel("subsidy", SMALL, "4"), 0, "en").baseline_lines


def test_an_interval_over_seeds_is_the_student_t_interval():
    kept = interval([10.0, 20.0, 30.0])
    # mean 20, sd 10, sem 10/sqrt(3), t(0.975, 2) = 4.303
    assert kept.mean == 20.0 and kept.seeds == 3
    assert kept.high - 20.0 == pytest.approx(4.3027 * 10.0 / 3**0.5, rel=1e-4)
    assert not kept.tells  # the interval holds zero
    assert interval([10.0, 11.0, 12.0]).tells
    assert interval([5.0, 5.0, 5.0]) == Interval(5.0, 5.0, 5.0, 3)


def test_numbers_that_round_to_zero_show_without_a_sign():
    assert signed(-0.04, 1) == "0.0" and signed(-0.06, 1) == "-0.1" and signed(1800, 0) == "+1,800"


def test_jobs_kept_come_with_an_interval_or_too_small_to_tell(scenarios):
    model = VizModel("subsidy", SMALL, "4", compare=True)
    assert len(model.seed_pairs()) == INTERVAL_SEEDS
    for _ in range(2):
        model.step()
    text = " ".join(comparison_lines(model, "en"))
    assert f"{INTERVAL_SEEDS} seeds" in text
    assert "95% interval" in text or "too small to tell" in text
    assert "-0.0" not in text


def test_the_settings_go_through_the_url_and_back():
    wanted = Settings(
        scenario="combined", scale=0.02, seed="7", compare=True, city="el_paso_us",
        language="es", speed=4.0,
        overrides={"stipend_usd_month": 0.0, "retrain_before_layoff": False},
    )  # fmt: skip
    query = to_query(wanted)
    assert "stipend_usd_month=0" in query and "retrain_before_layoff=0" in query
    assert from_query(query) == (wanted, [])
    assert to_query(Settings()) == ""


def test_a_bad_url_value_is_left_out_with_a_note():
    got, notes = from_query("speed=9&compare=maybe&stipend_usd_month=lots&colour=red&seed=5")
    assert got == Settings(seed="5")
    assert len(notes) == 4 and "speed = '9'" in notes[0] and "0 or 1" in notes[1]


@pytest.mark.parametrize("key", list(LESSONS))
def test_a_lesson_compares_in_a_real_city_with_levers_in_the_classroom_ranges(key):
    lesson = LESSONS[key]
    settings = lesson.settings(Settings(seed="3", language="es"))
    assert settings.compare and settings.lesson == key and settings.seed == "3"
    assert lesson.scenario in scenario_files()
    model = VizModel(**{**settings.model_keywords(), "population_scale": SMALL})
    assert not model.setup.warnings
    assert lesson.city in {c.id for c in model.cities}
    params = model_params("en")
    for name, value in lesson.overrides.items():
        assert params[name]["min"] <= value <= params[name]["max"]
    for language in TEXT:
        assert TEXT[language][lesson.notice] and TEXT[language][lesson.try_next]


def test_redraws_during_play_read_whole_months(scenarios):
    """Frames read while another thread steps never mix two months (the 83-vs-84 crash)."""
    session = Session(VizModel("subsidy", SMALL, "2", compare=True), speed=1000.0)
    frames, done = [], threading.Event()
    session.play(lambda: None, lambda message: frames.append(message) or done.set(), done)
    while not done.is_set():
        frame = session.frame("en", 3)
        assert frame.date  # a frame of one month, drawn without error
    assert frames == [""] and session.model.steps == 12 and not session.playing


def test_pause_stops_play_before_the_next_month(scenarios):
    session = Session(VizModel("subsidy", SMALL, "2"), speed=2.0)
    ended = threading.Event()
    session.play(lambda: None, lambda message: ended.set(), threading.Event())
    session.pause()
    assert ended.wait(10)
    assert session.model.steps <= 1 and not session.playing


def test_play_draws_again_soon_after_one_slow_frame(scenarios, monkeypatch):
    """A frame slower than the cap (a busy server) holds the next one back the cap, not as long
    as it took (the cap lowered to 1 s here so that a 3 s frame passes it)."""
    monkeypatch.setattr(session_module, "MAX_FRAME_GAP_S", 1.0)
    session = Session(VizModel("subsidy", SMALL, "2"), speed=4.0)  # 11 more months: 2.75 s
    drawn, ended = [], threading.Event()

    def on_frame() -> None:  # the page: draws the month (the first time slowly)
        if not drawn:
            time.sleep(3.0)
        session.frame("en", 0)
        drawn.append(time.monotonic())

    session.play(on_frame, lambda message: ended.set(), threading.Event())
    assert ended.wait(60)
    assert len(drawn) >= 3  # the slow one, one soon after it, the last month
    assert drawn[1] - drawn[0] < 1.0 + 1.0


def test_play_asks_for_no_new_frame_until_the_page_has_drawn_the_last_one(scenarios):
    """A page rendering in another thread only marks itself for another pass: were Play to ask
    again at every month, that thread would render pass after pass and never read the next
    click (Pause). Here the page never draws: one request, then only the last month's."""
    session = Session(VizModel("subsidy", SMALL, "2"), speed=1000.0)
    asked, ended = [], threading.Event()
    session.play(lambda: asked.append(1), lambda message: ended.set(), threading.Event())
    assert ended.wait(60)
    assert session.model.steps == 12 and len(asked) == 2


@pytest.fixture
def page_state():
    """The page's reactive state (this process's own, outside a server), put back afterwards."""
    kept = {name: getattr(state, name).value for name in ("settings", "session", "busy", "month")}
    yield state
    for name, value in kept.items():
        getattr(state, name).value = value


def test_a_setting_that_rebuilds_the_model_puts_the_spinner_up_before_the_page_shows_it(
    page_state, monkeypatch
):
    """Else the page shows a lesson's title with Step still enabled, and a click steps the
    model the lesson replaces (the month vanished once the new model arrived)."""
    busy_when_shown, rebuilt = [], []
    monkeypatch.setattr(actions, "rebuild", rebuilt.append)
    unsubscribe = page_state.settings.subscribe(
        lambda shown: busy_when_shown.append(page_state.busy.value)
    )
    try:
        actions.change(LESSONS["automation"].settings(page_state.settings.value))
    finally:
        unsubscribe()
    assert busy_when_shown == ["busy_building"] and len(rebuilt) == 1


def test_a_step_that_arrives_while_the_model_is_rebuilt_steps_nothing(scenarios, page_state):
    page_state.session.value = Session(VizModel("subsidy", SMALL, "2"))
    page_state.busy.value = "busy_building"
    actions.step_once()
    assert page_state.session.value.model.steps == 0
    page_state.busy.value = ""
    actions.step_once()
    assert page_state.session.value.model.steps == 1


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


def test_a_page_drawn_after_its_tab_closed_draws_without_the_model(scenarios):
    """A tab can close (its model let go) while its page draws a month read just before: the
    cards are drawn from that Frame and the session's About, never the model."""
    import solara

    from sim.viz.cards import CityView, TakeHome

    session = Session(VizModel("subsidy", SMALL, "2"))
    session.step()
    frame = session.frame("en", 0)
    session.close()  # what a closing tab does
    assert not hasattr(session, "model")
    for card in (CityView("en", session.about, frame), TakeHome("en", session.about)):
        _, drawn = solara.render(card, handle_error=False)
        drawn.close()
