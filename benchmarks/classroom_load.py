"""A room of students: N headless browser tabs Playing the classroom app at once on one server.

Starts `bordersim viz`, opens N Chromium tabs (each its own session and model), waits until
every one is drawn, presses Play in all of them and lets them run. Prints, per tab, the months
simulated per second; for the server, its CPU (percent of one core) and memory (RSS) while they
play; then closes the tabs and prints the memory once the server has freed their sessions, and
the machine's load average.

The memory baseline ("the start") is the server's memory once a first tab has loaded the page
(month 0, no Play) and closed, 15 s later: loading the app's code and the first page's caches
is a one-off, 3 MB over the idle server here. The N tabs then Play, which the first tab did not
do, so "after they closed" also holds what any first Play leaves once (caches, the heaps' grown
layout). `--classes K` serves K classes one after another on the same server and prints the
memory after each, against the baseline and against the memory before that class: whether a
second class adds to what the first left. The memory after a class is read twice: as soon as it
is back within 10 % of the baseline (or after FREED_WAIT_S), and FREED_WAIT_S after the tabs
closed, when every freeing the server does after a tab closes has run.
Usage: uv run python benchmarks/classroom_load.py [--tabs N] [--seconds S] [--query QUERY]
[--classes K]
(`--query compare=1` measures tabs that also run the no-policy comparison, as every lesson does:
six models per tab, three seeds with and without the policy.)
Needs Chromium (`apt-get install chromium`; see tests/browser/conftest.py).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

from sim.config import PROJECT_ROOT

CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]  # fmt: skip
MONTH = re.compile(r"\(month (\d+) of \d+\)")
FREED_WAIT_S = 180  # a lost connection frees its session after the app's 2-minute cull
SETTLE_S = 15.0  # the server frees a closed tab 5 s after it closes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long they all play")
    parser.add_argument("--query", default="", help="URL query of every tab, e.g. lesson settings")
    parser.add_argument(
        "--classes", type=int, default=1, help="classes served one after another (default 1)"
    )
    args = parser.parse_args()
    address = f"?{args.query}" if args.query else ""
    with tempfile.TemporaryDirectory() as home, serving(Path(home)) as (url, server):
        rss_idle = rss_mb(server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            first = browser.new_page()  # loads the app's code once: the baseline after it
            first.goto(url + address)
            first.locator(".viz-panel").wait_for(timeout=300_000)
            first.close(run_before_unload=True)
            time.sleep(SETTLE_S)
            rss_start = rss_mb(server)
            print(
                f"server memory: {rss_idle:.0f} MB before any tab, {rss_start:.0f} MB once a "
                f"first tab had loaded the app and closed (the baseline)"
            )
            after = rss_start
            for number in range(1, args.classes + 1):
                before = after
                one_class(browser, url + address, server, args)
                closed = time.monotonic()
                after = wait_for_memory(server, rss_start)
                print(
                    f"class {number}: {after:.0f} MB after its tabs closed "
                    f"({time.monotonic() - closed:.0f} s after), "
                    f"{100 * (after / rss_start - 1):+.1f}% of the baseline, "
                    f"{100 * (after / before - 1):+.1f}% of the memory before this class"
                )
                time.sleep(max(0.0, closed + FREED_WAIT_S - time.monotonic()))
                after = rss_mb(server)
                print(
                    f"class {number}: {after:.0f} MB {FREED_WAIT_S} s after its tabs closed "
                    f"(every trim done), {100 * (after / rss_start - 1):+.1f}% of the baseline"
                )
            browser.close()


def one_class(browser, url: str, server: psutil.Process, args: argparse.Namespace) -> None:
    """`args.tabs` tabs opened, Playing for `args.seconds` together, then closed; prints what
    they played and what the server used meanwhile."""
    tabs = []
    for _ in range(args.tabs):
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        page.set_default_timeout(300_000)
        page.goto(url)
        tabs.append(page)
    for page in tabs:
        page.locator(".viz-panel").wait_for()
    rss_ready = rss_mb(server)
    for page in tabs:
        page.get_by_role("button", name="▶").click()
    started = [month_of(page) for page in tabs]
    t0, cpu0 = time.monotonic(), cpu_seconds(server)
    samples = []
    while time.monotonic() - t0 < args.seconds:
        time.sleep(2.0)
        samples.append(rss_mb(server))
    elapsed, cpu = time.monotonic() - t0, cpu_seconds(server) - cpu0
    load = os.getloadavg()  # while they played
    ended = [month_of(page) for page in tabs]
    rates = [(m1 - m0) / elapsed for m0, m1 in zip(started, ended, strict=True)]
    for page in tabs:
        page.get_by_role("button", name="❚❚").click()
    for page in tabs:
        page.close(run_before_unload=True)  # as a closed tab: its session must be freed
        page.context.close()
    print(f"{args.tabs} tabs playing for {elapsed:.0f} s on {os.cpu_count()} cores")
    print(
        f"months per second per tab: min {min(rates):.2f}, median {statistics.median(rates):.2f}, "
        f"max {max(rates):.2f} (1 month per {1 / max(min(rates), 1e-9):.1f} s for the slowest)"
    )
    print(f"server CPU while playing: {100 * cpu / elapsed:.0f}% of one core")
    print(
        f"server memory: {rss_ready:.0f} MB with {args.tabs} tabs open, "
        f"peak {max(samples):.0f} MB playing"
    )
    print(
        f"load average at the end of play (1, 5, 15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


def month_of(page) -> int:
    found = MONTH.search(page.locator(".viz-panel").inner_text())
    return int(found.group(1)) if found else 0


def server_process(launcher: subprocess.Popen) -> psutil.Process:
    """The Solara process `bordersim viz` started (the launcher only waits for it)."""
    children = psutil.Process(launcher.pid).children(recursive=True)
    return children[0] if children else psutil.Process(launcher.pid)


def rss_mb(server: psutil.Process) -> float:
    return server.memory_info().rss / 1e6


def cpu_seconds(server: psutil.Process) -> float:
    times = server.cpu_times()
    return times.user + times.system


def wait_for_memory(server: psutil.Process, target: float) -> float:
    """The server's memory once it is back within 10 % of `target`, or after FREED_WAIT_S."""
    deadline = time.monotonic() + FREED_WAIT_S
    while time.monotonic() < deadline and rss_mb(server) > 1.1 * target:
        time.sleep(5.0)
    return rss_mb(server)


class serving:
    """`bordersim viz` on a free port in its own process group; yields (url, server process)."""

    def __init__(self, home: Path) -> None:
        self.home = home

    def __enter__(self) -> tuple[str, psutil.Process]:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {
            **os.environ, "HOME": str(self.home), "SOLARA_HOME": str(self.home / "solara"),
            "MPLCONFIGDIR": str(self.home / "mpl"),
        }  # fmt: skip
        self.launcher = subprocess.Popen(
            [sys.executable, "-m", "sim.cli", "viz", "--port", str(port)],
            cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}/"
        for _ in range(240):
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                time.sleep(0.5)
        time.sleep(2.0)  # let the server settle before its memory is the baseline
        return url, server_process(self.launcher)

    def __exit__(self, *exc: object) -> None:
        os.killpg(self.launcher.pid, signal.SIGTERM)
        self.launcher.wait(timeout=30)


if __name__ == "__main__":
    main()
