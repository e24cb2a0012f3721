"""Commands import what they use: `--help`, a usage error and a config error load neither the
model nor the table and plotting libraries, so they answer in well under a second (timings in
benchmarks, not here: this checks what is imported)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sim.config import PROJECT_ROOT

HEAVY = ("mesa", "pandas", "matplotlib", "scipy", "SALib", "pyarrow", "dask", "solara", "sim.model")
PROBE = """
import sys
from sim.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit_:
    code = exit_.code
heavy = [m for m in {heavy!r} if m in sys.modules]
print(code, ",".join(heavy), file=sys.stderr)
"""


def _imports(*argv: str) -> tuple[int, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *argv],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    code, _, heavy = result.stderr.strip().splitlines()[-1].partition(" ")
    return int(code), [m for m in heavy.split(",") if m]


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["run", "--help"],
        ["run", "configs/baseline.yaml", "--seed", "-1"],
        ["run", "no/such/config.yaml"],
        ["run", "configs/baseline.yaml", "--set", "policy.retraining_subsidy=2"],
        ["sweep", "no/such/sweep.yaml"],
        ["reproduce"],
        ["viz", "--port", "0"],
    ],
    ids=[
        "help",
        "run-help",
        "bad-flag",
        "missing-config",
        "bad-value",
        "missing-sweep",
        "reproduce-usage",
        "viz-port",
    ],  # fmt: skip
)
def test_help_and_early_errors_load_no_heavy_library(argv):
    code, heavy = _imports(*argv)
    assert code in (0, 2)
    assert heavy == []
