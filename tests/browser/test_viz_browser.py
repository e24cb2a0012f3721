"""The visualizer in a real browser, as a class uses it: Play with language switches, sliders
that show the scenario, lessons, a shared link, a phone, the comparison in the city story and
the downloads, the Spanish page.

Every test opens the address it needs (the settings live in the URL), so each starts from its
own fresh model; a parallel run hands them all to one pytest-xdist worker (their
`xdist_group`), which starts the server and the browser once.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import string
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from matplotlib.image import imread
from playwright.sync_api import Page, expect

from sim.config import PROJECT_ROOT
from sim.viz.charts import CHARTS
from sim.viz.factory import VizModel
from sim.viz.labels import TEXT, place_name
from sim.viz.lessons import LESSONS
from sim.viz.map import MapRenderer

# one worker runs them all (`--dist loadgroup`), so a parallel run starts one server and one
# Chromium instead of one per worker
pytestmark = [pytest.mark.browser, pytest.mark.timeout(300), pytest.mark.xdist_group("browser")]

DATE = ".viz-date"
CITIES = [place_name(c.name) for c in VizModel(population_scale=0.003).cities]
# Words a Spanish page may show that are not Spanish: names of places, languages, units, files,
# the software.
PROPER_NOUNS = {
    "bordersim", "English", "Español", "USD", "CSV", "YAML", "PyMEs", "IA", "EE", "UU", "MX",
    "US", "APEP", "uv", "run", "seed", "yaml", "x", "no_policy", "policy",
    *re.findall(r"[A-Za-z]{2,}", " ".join(CITIES)),
}  # fmt: skip


def open_app(page: Page, url: str, query: str = "") -> None:
    """Open the page at `query` and wait until its model is built and drawn."""
    page.goto(url + (f"?{query}" if query else ""))
    expect(page.locator(".viz-panel")).to_be_visible(timeout=90_000)


def date_shown(page: Page) -> str:
    return page.locator(DATE).inner_text()


def wait_for(condition, seconds: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.2)


def date_when_still(page: Page, seconds: float = 40.0, still: float = 3.0) -> str:
    """The date once it stops changing (a month in flight at Pause still lands)."""
    deadline = time.monotonic() + seconds
    shown = date_shown(page)
    while time.monotonic() < deadline:
        time.sleep(still)
        if (now := date_shown(page)) == shown:
            return now
        shown = now
    raise AssertionError(f"the date kept changing for {seconds} s")


def step(page: Page, months: int) -> None:
    """Step `months` months, each once the page's model is built (Step enabled); a page with
    the comparison steps six models, which on a loaded 2-core machine has taken over 30 s."""
    button = page.get_by_role("button", name="Step")
    for _ in range(months):
        expect(button).to_be_enabled(timeout=90_000)
        before = date_shown(page)
        button.click()
        wait_for(lambda before=before: date_shown(page) != before, 90.0, "the next month")


def slider_value(page: Page, label: str) -> float:
    return float(page.get_by_role("slider", name=label).get_attribute("aria-valuenow"))


def expect_slider(page: Page, label: str, value: float) -> None:
    wait_for(lambda: slider_value(page, label) == value, what=f"{label} at {value}")


def query_of(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def no_error_shown(page: Page) -> None:
    expect(page.locator(".viz-error")).to_have_count(0)
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "Error" not in body, body[:500]


@pytest.mark.slow  # each switch redraws every figure in the other language: 40-90 s in all
def test_twenty_language_switches_during_play_break_nothing_and_pause_wins(page: Page, viz_url):
    open_app(page, viz_url, "speed=1")
    page.get_by_role("button", name="▶").click()
    for k in range(20):
        name = "Español" if k % 2 == 0 else "English"
        page.get_by_role("button", name=name).click()  # waits while the page redraws
    expect(page.locator(".viz-busy")).to_have_count(0, timeout=90_000)
    pause = page.get_by_role("button", name="❚❚")
    pause.click()
    expect(page.get_by_role("button", name="Step")).to_be_enabled(timeout=60_000)
    paused_at = date_when_still(page)
    time.sleep(2.0)
    assert date_shown(page) == paused_at and not paused_at.startswith("Before")
    no_error_shown(page)
    expect(page.locator(".viz-panel")).to_contain_text("This month")


def test_sliders_show_the_scenario_and_a_slider_moved_to_zero_overrides_it(page: Page, viz_url):
    open_app(page, viz_url, "scenario=combined")
    expect_slider(page, "Retraining subsidy", 0.5)
    expect_slider(page, "Training seats", 3.0)
    expect_slider(page, "Trainee stipend", 150.0)
    expect_slider(page, "Grant to small firms", 0.4)
    expect(page.get_by_label("Retrain before layoff")).to_be_checked()
    expect(page.locator(".viz-panel")).to_contain_text("(of course cost) 50% (scenario)")
    # a key pressed on a slider while the model is still being built (controls disabled) is lost
    expect(page.locator(".viz-busy")).to_have_count(0, timeout=90_000)
    expect(page.get_by_role("button", name="Step")).to_be_enabled(timeout=90_000)
    slider = page.get_by_role("slider", name="Retraining subsidy")
    expect(slider).to_be_enabled()
    # on a loaded machine a redraw can replace the slider between focus and key (the key is
    # lost, as a user's would be): press again until it moves, as a user would, at most 3 times
    for _ in range(3):
        slider.focus()
        slider.press("Home")
        slider.blur()  # the slider reports its value when it lets go
        try:
            wait_for(lambda: slider_value(page, "Retraining subsidy") == 0.0, seconds=10.0)
            break
        except AssertionError:
            continue
    expect(page.locator(".viz-panel")).to_contain_text("(of course cost) 0% (slider)")
    expect_slider(page, "Retraining subsidy", 0.0)
    assert query_of(page)["retraining_subsidy"] == "0"
    no_error_shown(page)


@pytest.mark.parametrize(
    "key",
    # the first lesson in the quick run; the others (about 11 s each) with -m slow
    [key if i == 0 else pytest.param(key, marks=pytest.mark.slow) for i, key in enumerate(LESSONS)],
)
def test_a_lesson_sets_the_sliders_the_comparison_and_the_city(page: Page, viz_url, key):
    lesson = LESSONS[key]
    open_app(page, viz_url)
    page.get_by_role("button", name=TEXT["en"][lesson.title]).click()
    expect(page.locator(".viz-lesson-title")).to_have_text(TEXT["en"][lesson.title])
    expect(page.locator(".viz-lesson")).to_contain_text("What to notice")
    expect(page.get_by_label("Compare with no policy")).to_be_checked()
    city = next(c for c in VizModel(population_scale=0.003).cities if c.id == lesson.city)
    expect(page.locator(".viz-city-select")).to_contain_text(place_name(city.name))
    expect(page.locator(".viz-panel")).to_contain_text(f"Scenario {lesson.scenario}")
    for name, value in lesson.overrides.items():
        label = TEXT["en"][name].split(" (")[0]
        expect_slider(page, label, value)
    assert query_of(page)["lesson"] == key


def test_a_shared_link_reproduces_the_page(page: Page, viz_url, browser_context):
    query = (
        "scenario=labor_reconversion&seed=7&compare=1&city=el_paso_us&language=es"
        "&stipend_usd_month=0&speed=1"
    )
    open_app(page, viz_url, query)
    expect(page.locator(".viz-panel")).to_contain_text("semilla 7")
    expect(page.locator(".viz-panel")).to_contain_text("Beca para quien se capacita 0 USD/mes")
    expect(page.locator(".viz-city-select")).to_contain_text("El Paso")
    expect(page.get_by_label("Comparar con sin política")).to_be_checked()
    expect(page.locator(".viz-speed")).to_contain_text("1 meses/s")
    assert query_of(page) == parse_qs_flat(query)
    page.reload()  # a reload keeps every setting
    expect(page.locator(".viz-panel")).to_contain_text("semilla 7", timeout=90_000)
    assert query_of(page) == parse_qs_flat(query)


def parse_qs_flat(query: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(query).items()}


def test_on_a_phone_the_sidebar_starts_closed_and_the_columns_stack(viz_url, browser_context):
    phone = browser_context.new_page()
    try:
        phone.set_viewport_size({"width": 390, "height": 844})
        phone.set_default_timeout(30_000)
        open_app(phone, viz_url)
        expect(phone.locator(".v-navigation-drawer--open")).to_have_count(0)
        map_box = phone.locator("img.viz-map").bounding_box()
        panel_box = phone.locator(".viz-panel").bounding_box()
        assert panel_box["y"] >= map_box["y"] + map_box["height"] - 1  # below, not beside
        assert panel_box["width"] > 300  # a readable column, not a few letters a line
    finally:
        phone.close()


def test_the_city_story_draws_the_no_policy_line_and_the_csvs_carry_it(
    page: Page, viz_url, tmp_path
):
    open_app(page, viz_url, "scenario=labor_reconversion&compare=1&city=ciudad_juarez_mx")
    story = page.locator("img.viz-city")
    expect(story).to_have_attribute("alt", re.compile(r"^Ciudad Juárez .*El Paso"))
    expect(story).to_have_attribute("alt", re.compile("dotted: the same city without the policy"))
    step(page, 2)
    monthly = pd.read_csv(_download(page, "Monthly series (CSV)", tmp_path))
    cities = pd.read_csv(_download(page, "Cities by month (CSV)", tmp_path))
    assert list(monthly["date"]) == ["2022-01", "2022-02"]
    assert "unemployment_rate_mx_no_policy" in monthly.columns
    assert "public_spending_usd_cum_no_policy" in monthly.columns
    assert "unemployment_rate_no_policy" in cities.columns and len(cities) == 2 * len(CITIES)
    expect(page.locator(".viz-compare")).to_contain_text("3 seeds")


def click_city_on_the_map(page: Page, name: str) -> None:
    """Click the centre of the city's circle, placed as the map draws it, at any shown size."""
    viz = VizModel(population_scale=0.003)  # where cities sit does not depend on the scale
    world = MapRenderer(viz, "en")
    k = next(k for k, c in enumerate(viz.cities) if c.name == name)
    x, y = world.city_pixels()[k] / [world.figure.bbox.width, world.figure.bbox.height]
    image = page.locator("img.viz-map")
    box = image.bounding_box()
    image.click(position={"x": x * box["width"], "y": y * box["height"]})


def test_clicking_a_city_on_the_map_shows_its_story_and_the_list_follows(page: Page, viz_url):
    open_app(page, viz_url)
    story, picker = page.locator("img.viz-city"), page.locator(".viz-city-select")
    for name, twin in (("Hermosillo", "no twin city"), ("Tijuana", "San Diego")):
        click_city_on_the_map(page, name)
        expect(story).to_have_attribute("alt", re.compile(rf"^{name} .*{twin}"))
        expect(picker).to_contain_text(name)


def _download(page: Page, label: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


@pytest.mark.slow  # reruns the downloaded file with bordersim run: about 15 s
def test_the_downloaded_yaml_is_named_after_the_policy_and_reruns_the_page(
    page: Page, viz_url, tmp_path
):
    open_app(page, viz_url, "stipend_usd_month=300")
    step(page, 3)
    monthly = pd.read_csv(_download(page, "Monthly series (CSV)", tmp_path))
    scenario = _download(page, "Scenario (YAML)", tmp_path)
    assert scenario.name.startswith("no_policy-stipend300-")
    assert page.locator(".viz-command").inner_text() == (
        f"uv run bordersim run {scenario.name} --seed 42"
    )
    out = tmp_path / "rerun"
    done = subprocess.run(
        [sys.executable, "-m", "sim.cli", "run", str(scenario), "--seed", "42"]
        + ["--set", "time.end=2022-03", "--out", str(out)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rerun = pd.read_parquet(out / "timeseries.parquet")
    for column in ("adoption_share_mx", "unemployment_rate_us", "displaced_month_mx"):
        assert list(rerun[column]) == pytest.approx(list(monthly[column]), rel=1e-12), column


def _english_only_words() -> set[str]:
    """Words of the English texts that no Spanish text uses."""

    def words(texts) -> set[str]:
        found = set()
        for text in texts:
            plain = string.Formatter().parse(text)
            found |= set(re.findall(r"[A-Za-z]{2,}", " ".join(p[0] for p in plain)))
        return found

    return words(TEXT["en"].values()) - words(TEXT["es"].values()) - PROPER_NOUNS


def test_the_spanish_page_has_no_english_words_left(page: Page, viz_url):
    open_app(page, viz_url, "language=es&compare=1&lesson=retraining&scenario=labor_reconversion")
    step_name = "Avanzar"
    page.get_by_role("button", name=step_name).click()
    expect(page.locator(DATE)).to_have_text("enero de 2022")
    expect(page.locator(".viz-scenario")).to_contain_text("Reconversión laboral")
    shown = page.locator("body").inner_text() + " ".join(
        page.locator("img").evaluate_all("imgs => imgs.map(i => i.alt)")
    )
    left = sorted(set(re.findall(r"[A-Za-z]{2,}", shown)) & _english_only_words())
    assert not left, f"English words on the Spanish page: {left}"
    assert not re.search(r"\b(haz|elige|elígela|tu|tus)\b", shown, re.IGNORECASE)  # usted


# a laptop's width, tall enough for the lesson, the headline, the map and the comparison: the
# README shows the picture about 900 px wide, where a wider page's text would be too small
README_SHOT = {"width": 1366, "height": 1000}


@pytest.mark.slow  # a whole lesson: about 25 s
def test_a_screenshot_of_a_lesson_is_saved(page: Page, viz_url, tmp_path):
    lesson = LESSONS["automation"]
    page.set_viewport_size(README_SHOT)
    open_app(page, viz_url)
    page.get_by_role("button", name=TEXT["en"][lesson.title]).click()
    expect(page.locator(".viz-lesson-title")).to_be_visible()
    expect(page.locator(".viz-busy")).to_have_count(0, timeout=90_000)
    step(page, 6)
    time.sleep(2.0)  # let the last images swap in
    path = tmp_path / "viz.png"
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})
    pixels = imread(io.BytesIO(path.read_bytes()), format="png")
    assert pixels.shape[:2] == (README_SHOT["height"], README_SHOT["width"])
    assert pixels[..., :3].std() > 0.05  # not a blank page
    assert len(page.locator("img.viz-chart").all()) == len(CHARTS)
    if target := os.environ.get("BORDERSIM_SCREENSHOT"):
        shutil.copyfile(path, target)
