"""The package's import structure is a specification too (README "Layout").

The layers contract in `pyproject.toml` says the core goes one way down: machinery > model >
record > outputs > mechanisms > agents > state > foundation; the acyclic contract says no
package or module in `sim` imports back into something that imports it, `TYPE_CHECKING`
imports included. Mechanisms are built with the tables they use and given what changes each
month, never the whole model.
"""

import ast
import shutil
import subprocess

from sim.config import PROJECT_ROOT

MECHANISMS = PROJECT_ROOT / "sim" / "mechanisms"
WHOLE_MODEL = {"model", "economy", "BorderModel", "Economy", "mesa.Model", "Model"}


def test_imports_keep_the_layers_and_have_no_circles():
    lint = shutil.which("lint-imports")
    assert lint is not None, "import-linter is a dev dependency: run `uv sync`"
    result = subprocess.run(
        [lint, "--no-cache"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def whole_model_parameters(source: str) -> list[str]:
    """Parameters of the functions in `source` named or annotated as the whole model."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            for arg in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
                annotation = ast.unparse(arg.annotation) if arg.annotation else ""
                if arg.arg in WHOLE_MODEL or annotation.strip("'\"") in WHOLE_MODEL:
                    found.append(f"{node.name}({arg.arg}: {annotation})")
    return found


def test_no_mechanism_takes_the_whole_model():
    offenders = {
        path.name: whole_model_parameters(path.read_text(encoding="utf-8"))
        for path in sorted(MECHANISMS.glob("*.py"))
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_check_finds_a_mechanism_that_takes_the_model():
    source = "def quits(model: Economy) -> None: ...\ndef hire(self, x: 'BorderModel'): ..."
    assert whole_model_parameters(source) == ["quits(model: Economy)", "hire(x: 'BorderModel')"]


def test_no_mechanism_module_imports_the_model():
    for path in MECHANISMS.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert "sim.model" not in modules and "mesa" not in modules, path.name


def test_every_mechanism_class_declares_what_it_reads_and_writes():
    import importlib
    import inspect

    undeclared = []
    for path in sorted(MECHANISMS.glob("*.py")):
        module = importlib.import_module(f"sim.mechanisms.{path.stem}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not _is_mechanism(cls):
                continue
            reads, writes = (getattr(cls, attr, None) for attr in ("reads", "writes"))
            if not (isinstance(reads, tuple) and reads and isinstance(writes, tuple)):
                undeclared.append(name)
    assert undeclared == []


def _is_mechanism(cls: type) -> bool:
    """A class that acts each month: public methods besides its constructor (not a protocol,
    not a record of figures)."""
    if getattr(cls, "_is_protocol", False) or hasattr(cls, "__dataclass_fields__"):
        return False
    return any(not n.startswith("_") and callable(v) for n, v in vars(cls).items())
