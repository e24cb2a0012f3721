"""The visualizer in a real browser: load, Step, Play/Pause, sliders + Reset, scenarios, Spanish.

The tests share one page and run in file order; each starts from Reset (month 0).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import time

import pytest
from matplotlib.image import imread
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

TIME = re.compile(r"^Time: (\d+(?:\.\d+)?)$")
IMAGES = ".vue-grid-item img"


def time_shown(page: Page) -> float:
    return float(TIME.match(page.get_by_text(TIME).inner_text()).group(1))


def panel(page: Page) -> str:
    return page.locator(".viz-panel").inner_text()


def map_src(page: Page) -> str:
    return page.locator(".viz-map").get_attribute("src") or ""


def wait_for(condition, seconds: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.2)


def time_when_still(page: Page, seconds: float = 40.0, still: float = 4.0) -> float:
    """The time display once it stops changing (a step in flight at Pause still lands)."""
    deadline = time.monotonic() + seconds
    shown = time_shown(page)
    while time.monotonic() < deadline:
        time.sleep(still)
        if (now := time_shown(page)) == shown:
            return now
        shown = now
    raise AssertionError(f"the time display kept changing for {seconds} s")


def reset(page: Page) -> None:
    page.get_by_role("button", name="Reset").click()
    expect(page.get_by_text(TIME)).to_have_text("Time: 0.0", timeout=30_000)
    expect(page.locator(".viz-panel")).to_contain_text("Press Step", timeout=30_000)


def test_page_shows_the_map_and_charts_as_images_that_decode(page: Page):
    reset(page)
    expect(page.locator(IMAGES)).to_have_count(5)
    sizes = page.locator(IMAGES).evaluate_all(
        "imgs => Promise.all(imgs.map("
        "i => i.decode().then(() => [i.naturalWidth, i.naturalHeight])))"
    )
    assert len(sizes) == 5 and all(w > 300 and h > 200 for w, h in sizes), sizes
    expect(page.locator(".viz-panel")).to_contain_text("This month")


def test_step_advances_the_time_and_changes_the_map(page: Page):
    reset(page)
    before = map_src(page)
    page.get_by_role("button", name="Step").click()
    expect(page.get_by_text(TIME)).to_have_text("Time: 1.0")
    expect(page.locator(".viz-panel")).to_contain_text("Month: 2022-01 (step 1 of 108)")
    wait_for(lambda: map_src(page) != before, what="the map to be redrawn")


def test_play_then_pause(page: Page):
    reset(page)
    page.get_by_role("button", name="▶").click()
    wait_for(lambda: time_shown(page) >= 3, what="Play to run three months")
    page.get_by_role("button", name="❚❚").click()
    expect(page.get_by_role("button", name="Step")).to_be_enabled()
    paused_at = time_when_still(page)
    time.sleep(2.0)
    assert time_shown(page) == paused_at >= 3
    expect(page.locator(".viz-panel")).to_contain_text(f"(step {int(paused_at)} of 108)")


def test_a_moved_slider_changes_the_model_on_reset(page: Page):
    reset(page)
    expect(page.locator(".viz-panel")).to_contain_text("Retraining subsidy 0 (scenario)")
    slider = page.get_by_role("slider", name="Retraining subsidy")
    slider.focus()
    slider.press("End")
    expect(slider).to_have_attribute("aria-valuenow", "1")
    expect(page.locator(".viz-panel")).to_contain_text("Retraining subsidy 0 (scenario)")
    reset(page)
    expect(page.locator(".viz-panel")).to_contain_text("Retraining subsidy 1 (slider)")


def test_switching_scenario(page: Page):
    page.locator(".v-select").filter(has_text="Scenario").click()
    page.get_by_role("option", name="subsidy").click()
    reset(page)
    expect(page.locator(".viz-panel")).to_contain_text("Scenario subsidy")
    expect(page.locator(".viz-panel")).to_contain_text("Training seats (x) 2 (scenario)")


def test_spanish_changes_the_labels_map_and_charts(page: Page):
    reset(page)
    before = page.locator(IMAGES).evaluate_all("imgs => imgs.map(i => i.src)")
    page.get_by_role("button", name="Español").click()
    expect(page.locator(".viz-panel")).to_contain_text("Este mes")
    expect(page.locator(".viz-panel")).to_contain_text("Pulse Step")
    expect(page.get_by_role("slider", name="Subsidio a recapacitación")).to_have_count(1)
    expect(page.locator(".v-select label")).to_have_text("Escenario")
    wait_for(
        lambda: all(
            a != b
            for a, b in zip(
                before,
                page.locator(IMAGES).evaluate_all("imgs => imgs.map(i => i.src)"),
                strict=True,
            )
        ),
        what="every image redrawn in Spanish",
    )
    page.get_by_role("button", name="English").click()
    expect(page.locator(".viz-panel")).to_contain_text("This month")


def test_a_screenshot_is_saved(page: Page, tmp_path):
    reset(page)
    for month in range(1, 4):
        page.get_by_role("button", name="Step").click()
        expect(page.get_by_text(TIME)).to_have_text(f"Time: {month}.0")
    expect(page.locator(".viz-panel")).to_contain_text("Month: 2022-03")
    time.sleep(1.0)  # let the last images swap in
    path = tmp_path / "viz.png"
    page.screenshot(path=str(path), full_page=True)
    pixels = imread(io.BytesIO(path.read_bytes()), format="png")
    assert pixels.shape[0] >= 1000 and pixels.shape[1] >= 1400
    assert pixels[..., :3].std() > 0.05  # not a blank page
    if target := os.environ.get("BORDERSIM_SCREENSHOT"):
        shutil.copyfile(path, target)
