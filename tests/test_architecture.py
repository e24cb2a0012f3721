"""The package's import structure is a specification too (README "Layout").

The layers contract in `pyproject.toml` says the core goes one way down: machinery > model >
outputs > mechanisms > agents > state > foundation; the acyclic contract says no package or
module in `sim` imports back into something that imports it, `TYPE_CHECKING` imports included.
"""

import shutil
import subprocess

from sim.config import PROJECT_ROOT
from sim.mechanisms.context import Attrition, Economy, FederalBudget, Sponsorship
from sim.model import BorderModel
from tests.conftest import scenario_with


def test_imports_keep_the_layers_and_have_no_circles():
    lint = shutil.which("lint-imports")
    assert lint is not None, "import-linter is a dev dependency: run `uv sync`"
    result = subprocess.run(
        [lint, "--no-cache"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_model_provides_everything_the_mechanisms_may_read():
    model = BorderModel(scenario_with(scale=0.002), seed=1)
    parts = {
        "": (model, Economy),
        "training.": (model.training, Sponsorship),
        "labour_market.": (model.labour_market, Attrition),
        "federal.": (model.federal, FederalBudget),
    }
    missing = [
        prefix + name
        for prefix, (obj, protocol) in parts.items()
        for name in (*protocol.__annotations__, *_methods(protocol))
        if not hasattr(obj, name)
    ]
    assert missing == []


def _methods(protocol: type) -> list[str]:
    return [n for n, v in vars(protocol).items() if callable(v) and not n.startswith("_")]
