"""The type checker makes the declarations true: every mechanism is built with and given what
its signature says, and nothing reaches into a table for a field it does not declare.

mypy over `sim/` (configured in `pyproject.toml`) must pass: about 30 s on a cold cache, a few
seconds once its cache (.mypy_cache, git-ignored) holds the unchanged modules. It starts first
in a parallel run, so that wait overlaps the other tests.
"""

import shutil
import subprocess

import pytest

from sim.config import PROJECT_ROOT


@pytest.mark.early
def test_mypy_finds_no_type_errors_in_sim():
    mypy = shutil.which("mypy")
    assert mypy is not None, "mypy is a dev dependency: run `uv sync`"
    result = subprocess.run([mypy], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
