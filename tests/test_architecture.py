"""The package's import structure is a specification too (README "Layout").

The layers contract in `pyproject.toml` says the core goes one way down: machinery > model >
outputs > mechanisms > agents > state > foundation; the acyclic contract says no package or
module in `sim` imports back into something that imports it, `TYPE_CHECKING` imports included.
"""

import shutil
import subprocess

from sim.config import PROJECT_ROOT


def test_imports_keep_the_layers_and_have_no_circles():
    lint = shutil.which("lint-imports")
    assert lint is not None, "import-linter is a dev dependency: run `uv sync`"
    result = subprocess.run(
        [lint, "--no-cache"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
