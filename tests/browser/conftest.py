"""Browser tests of `bordersim viz`: a real server, Debian's Chromium driven by Playwright.

Follows ../shared/browser/RECIPE.md: offline front-end files (solara-assets), Vue 2 widgets,
Chromium through `executable_path`, the server in its own process group with a temporary
HOME/SOLARA_HOME/MPLCONFIGDIR, polled until HTTP 200 and killed at teardown.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from sim.config import PROJECT_ROOT

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
SERVER_START_SECONDS = 120


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives the visualizer in Chromium (runs under plain pytest and CI)"
    )


SYSTEM_CHROMIUMS = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome")
HOW_TO_GET_ONE = (
    "no Chromium for the browser tests: install one with `apt-get install chromium` "
    "or `uv run playwright install chromium`"
)
INSTALL_SECONDS = 600


def _system_chromium() -> str | None:
    for name in SYSTEM_CHROMIUMS:
        path = name if os.path.isabs(name) else shutil.which(name)
        if path and os.access(path, os.X_OK):
            return path
    return None


def _playwright_chromium() -> str | None:
    with sync_playwright() as playwright:
        path = playwright.chromium.executable_path
    return path if path and os.access(path, os.X_OK) else None


def _install_playwright_chromium() -> None:
    """Playwright's own download of its browser; quietly does nothing where it cannot."""
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        subprocess.run(
            [sys.executable, "-m", "playwright", "install", "chromium"],
            capture_output=True,
            timeout=INSTALL_SECONDS,
            check=False,
        )


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """A Chromium to drive: the system's, else Playwright's (installed here if it can be).

    Without one the browser tests skip with one line saying how to get one, except under CI
    (`CI` set), where a missing browser fails them so CI keeps proving the page works.
    """
    path = _system_chromium() or _playwright_chromium()
    if path is None:
        _install_playwright_chromium()
        path = _playwright_chromium()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(HOW_TO_GET_ONE + " (CI must have one)")
        pytest.skip(HOW_TO_GET_ONE)
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def viz_url(chromium_path: str, tmp_path_factory: pytest.TempPathFactory):
    """`bordersim viz` serving the project's scenarios (the lessons use them); yields its URL."""
    home = tmp_path_factory.mktemp("viz-home")
    env = {
        **os.environ,
        "HOME": str(home),
        "SOLARA_HOME": str(home / "solara"),
        "MPLCONFIGDIR": str(home / "mpl"),
    }
    port = _free_port()
    log_path = home / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "sim.cli", "viz", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_served(url, server, log_path)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _wait_until_served(url: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"bordersim viz exited ({server.returncode}):\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(
        f"bordersim viz did not answer in {SERVER_START_SECONDS} s:\n{log_path.read_text()}"
    )


@pytest.fixture(scope="session")
def browser_context(chromium_path: str, tmp_path_factory: pytest.TempPathFactory):
    """One Chromium for the browser tests, a laptop-sized window."""
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=chromium_path,
            accept_downloads=True,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        expect.set_options(timeout=30_000)  # a busy 2-core machine (RECIPE.md)
        yield context
        context.close()


@pytest.fixture(scope="session")
def page(browser_context) -> Page:
    """The page the browser tests share; each test opens the address it needs."""
    page = browser_context.pages[0] if browser_context.pages else browser_context.new_page()
    page.set_default_timeout(30_000)
    return page
