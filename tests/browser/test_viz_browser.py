"""The visualizer in a real browser: the map, Step and Play, controls with units, the policy
comparison, a city's story, the downloads and the Spanish page.

The tests share one page and run in file order; each starts from Reset (before the first month).
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

import pandas as pd
import pytest
from matplotlib.image import imread
from playwright.sync_api import Page, expect

from sim.config import PROJECT_ROOT
from sim.viz.charts import CHARTS
from sim.viz.factory import VizModel
from sim.viz.labels import TEXT
from sim.viz.map import MapRenderer

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

DATE = ".viz-date"
CITIES = (
    "Tijuana", "Mexicali", "Nogales", "Ciudad Juarez", "Ojinaga", "Ciudad Acuna",
    "Piedras Negras", "Nuevo Laredo", "Reynosa", "Matamoros", "Monterrey", "Saltillo",
    "Chihuahua", "Hermosillo", "San Diego", "Calexico/El Centro (Imperial County)", "El Paso",
    "Presidio", "Del Rio", "Eagle Pass", "Laredo", "McAllen", "Brownsville",
)  # fmt: skip
# Words a Spanish page may show that are not Spanish: names of places, languages, units, files,
# the software, and the test scenarios' file names.
PROPER_NOUNS = {
    "bordersim", "English", "Español", "USD", "CSV", "YAML", "PyMEs", "IA", "EE", "UU",
    "plain", "subsidy", "uv", "run", "seed", "yaml", "x",
    *re.findall(r"[A-Za-z]{2,}", " ".join(CITIES)),
}  # fmt: skip


def date_shown(page: Page) -> str:
    return page.locator(DATE).inner_text()


def image_sizes(page: Page, selector: str) -> list[list[int]]:
    return page.locator(selector).evaluate_all(
        "imgs => Promise.all(imgs.map("
        "i => i.decode().then(() => [i.naturalWidth, i.naturalHeight])))"
    )


def wait_for(condition, seconds: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.2)


def date_when_still(page: Page, seconds: float = 40.0, still: float = 4.0) -> str:
    """The date once it stops changing (a month in flight at Pause still lands)."""
    deadline = time.monotonic() + seconds
    shown = date_shown(page)
    while time.monotonic() < deadline:
        time.sleep(still)
        if (now := date_shown(page)) == shown:
            return now
        shown = now
    raise AssertionError(f"the date kept changing for {seconds} s")


def reset(page: Page) -> None:
    page.get_by_role("button", name="Reset").click()
    expect(page.locator(DATE)).to_have_text("Before January 2022", timeout=30_000)
    expect(page.locator(".viz-panel")).to_contain_text("Press Step", timeout=30_000)


def set_compare(page: Page, on: bool) -> None:
    box = page.get_by_label("Compare with no policy")
    if box.is_checked() != on:
        page.locator("label", has_text="Compare with no policy").click()
    expect(box).to_be_checked(checked=on)


def step(page: Page, months: int) -> None:
    for _ in range(months):
        before = date_shown(page)
        page.get_by_role("button", name="Step").click()
        wait_for(lambda before=before: date_shown(page) != before, what="the next month")


def test_the_map_is_an_image_of_every_city_and_no_page_tab_shows(page: Page):
    reset(page)
    (width, height), *_ = image_sizes(page, "img.viz-map")
    assert width >= 1000 and height >= 500
    alt = page.locator("img.viz-map").get_attribute("alt")
    assert alt.startswith("The corridor, January 2022")
    assert all(city in alt for city in CITIES), alt
    assert len(image_sizes(page, "img.viz-chart")) == len(CHARTS)
    expect(page.get_by_text(re.compile(r"^Page \d$"))).to_have_count(0)


def test_step_shows_the_month_as_a_date_and_redraws_the_map(page: Page):
    reset(page)
    before = page.locator("img.viz-map").get_attribute("src")
    step(page, 1)
    expect(page.locator(DATE)).to_have_text("January 2022")
    expect(page.locator(".viz-panel")).to_contain_text("January 2022 (month 1 of 108)")
    wait_for(lambda: page.locator("img.viz-map").get_attribute("src") != before, what="a new map")


def test_play_then_pause(page: Page):
    reset(page)
    page.get_by_role("button", name="▶").click()
    wait_for(lambda: date_shown(page) == "March 2022" or "April" in date_shown(page), 60, "Play")
    page.get_by_role("button", name="❚❚").click()
    expect(page.get_by_role("button", name="Step")).to_be_enabled()
    paused_at = date_when_still(page)
    time.sleep(2.0)
    assert date_shown(page) == paused_at != "Before January 2022"


def test_a_slider_shows_its_value_with_its_unit_and_applies_on_reset(page: Page):
    reset(page)
    expect(page.locator(".viz-panel")).to_contain_text("Retraining subsidy (of course cost) 0%")
    slider = page.get_by_role("slider", name="Retraining subsidy")
    slider.focus()
    slider.press("End")
    expect(slider).to_have_attribute("aria-valuenow", "1")
    slider.blur()  # the slider reports its value when it lets go
    expect(page.get_by_text("Retraining subsidy (of course cost): 100%")).to_have_count(1)
    expect(page.get_by_text("Trainee stipend: 0 USD/month")).to_have_count(1)
    reset(page)
    expect(page.locator(".viz-panel")).to_contain_text("(of course cost) 100% (slider)")


def test_the_comparison_switch_adds_the_no_policy_lines_and_says_the_gap(page: Page):
    set_compare(page, True)
    reset(page)
    jobs_chart = page.locator("img.viz-chart-jobs")
    expect(jobs_chart).to_have_attribute("alt", re.compile(r"Jobs, Mexico \(no policy\)"))
    step(page, 2)
    comparison = page.locator(".viz-compare")
    expect(comparison).to_contain_text("Policy against no policy, February 2022")
    expect(comparison).to_contain_text("Factory jobs kept by the policy")
    expect(comparison).to_contain_text("Unemployment with the policy minus without")
    expect(comparison).to_contain_text("Extra public spending so far")
    expect(comparison).to_contain_text("Cost per job kept")
    set_compare(page, False)
    reset(page)
    expect(jobs_chart).not_to_have_attribute("alt", re.compile("no policy"))


def test_choosing_a_city_shows_its_story_beside_its_twin(page: Page):
    reset(page)
    page.locator(".viz-city-select").click()
    page.get_by_role("option", name="Ciudad Juarez").click()
    story = page.locator("img.viz-city")
    expect(story).to_have_attribute("alt", re.compile(r"^Ciudad Juarez .*El Paso"))
    expect(story).to_have_attribute("alt", re.compile("Factory jobs.*Unemployment rate"))
    before = story.get_attribute("src")
    step(page, 2)
    wait_for(lambda: story.get_attribute("src") != before, what="the story to grow")
    (width, height), *_ = image_sizes(page, "img.viz-city")
    assert width >= 900 and height >= 200


def click_city_on_the_map(page: Page, name: str) -> None:
    """Click the centre of the city's circle, placed as the map draws it, at any shown size."""
    viz = VizModel(population_scale=0.003)  # where cities sit does not depend on the scale
    world = MapRenderer(viz, "en")
    k = next(k for k, c in enumerate(viz.cities) if c.name == name)
    x, y = world.city_pixels()[k] / [world.figure.bbox.width, world.figure.bbox.height]
    image = page.locator("img.viz-map")
    box = image.bounding_box()
    image.click(position={"x": x * box["width"], "y": y * box["height"]})


def test_clicking_a_city_on_the_map_shows_its_story_and_the_list_follows(page: Page):
    reset(page)
    story, picker = page.locator("img.viz-city"), page.locator(".viz-city-select")
    expect(page.locator("img.viz-map")).to_have_attribute("title", re.compile("Click a city"))
    for name, twin in (("Hermosillo", "no twin city"), ("Tijuana", "San Diego")):
        click_city_on_the_map(page, name)
        expect(story).to_have_attribute("alt", re.compile(rf"^{name} .*{twin}"), timeout=15_000)
        expect(picker).to_contain_text(name)


def _download(page: Page, label: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_downloads_give_csvs_and_a_yaml_that_bordersim_run_reproduces(page: Page, tmp_path):
    reset(page)
    step(page, 3)
    monthly = pd.read_csv(_download(page, "Monthly series (CSV)", tmp_path))
    cities = pd.read_csv(_download(page, "Cities by month (CSV)", tmp_path))
    scenario = _download(page, "Scenario (YAML)", tmp_path)
    assert list(monthly["date"]) == ["2022-01", "2022-02", "2022-03"]
    assert len(cities) == 3 * 24 and set(cities["date"]) == set(monthly["date"])
    command = page.locator(".viz-command").inner_text()
    assert command == f"uv run bordersim run {scenario.name} --seed 42"
    expect(page.locator(".viz-hash")).to_contain_text(scenario.name.split("-")[-2])
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
    """Words of the English texts that no Spanish text uses, plus Mesa's own sidebar words."""

    def words(texts) -> set[str]:
        found = set()
        for text in texts:
            plain = string.Formatter().parse(text)
            found |= set(re.findall(r"[A-Za-z]{2,}", " ".join(p[0] for p in plain)))
        return found

    mesa_words = {"Reset", "Step", "Controls", "Play", "Interval", "Render", "Time", "Page"}
    return (words(TEXT["en"].values()) | mesa_words) - words(TEXT["es"].values()) - PROPER_NOUNS


def test_the_spanish_page_has_no_english_words_left(page: Page):
    reset(page)
    set_compare(page, True)
    reset(page)
    step(page, 1)
    page.get_by_role("button", name="Español").click()
    expect(page.locator(".viz-panel")).to_contain_text("Este mes")
    expect(page.locator(DATE)).to_have_text("enero de 2022")
    wait_for(
        lambda: "Empleo" in (page.locator("img.viz-chart-jobs").get_attribute("alt") or ""),
        what="Spanish charts",
    )
    shown = page.locator("body").inner_text() + " ".join(
        page.locator("img").evaluate_all("imgs => imgs.map(i => i.alt)")
    )
    left = sorted(set(re.findall(r"[A-Za-z]{2,}", shown)) & _english_only_words())
    assert not left, f"English words on the Spanish page: {left}"
    page.get_by_role("button", name="English").click()
    expect(page.locator(".viz-panel")).to_contain_text("This month")
    set_compare(page, False)


def test_a_screenshot_is_saved(page: Page, tmp_path):
    set_compare(page, True)
    page.locator(".viz-city-select").click()
    page.get_by_role("option", name="Ciudad Juarez").click()
    page.get_by_role("slider", name="Training seats").focus()
    for _ in range(4):
        page.get_by_role("slider", name="Training seats").press("ArrowRight")
    page.get_by_role("slider", name="Training seats").blur()
    expect(page.get_by_text("Training seats (times today's): x 2.00")).to_have_count(1)
    reset(page)
    step(page, 6)
    page.set_viewport_size({"width": 1400, "height": 2300})  # the whole page, map on top
    page.locator("img.viz-map").scroll_into_view_if_needed()
    time.sleep(2.0)  # let the last images swap in
    path = tmp_path / "viz.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    pixels = imread(io.BytesIO(path.read_bytes()), format="png")
    assert pixels.shape[0] >= 1000 and pixels.shape[1] >= 1400
    assert pixels[..., :3].std() > 0.05  # not a blank page
    if target := os.environ.get("BORDERSIM_SCREENSHOT"):
        shutil.copyfile(path, target)
