"""docs/model.md stays true to the code: its parameter tables are regenerated from the schema
and the baseline and compared, and its schedule follows the order of `BorderModel.step` (its
phase methods, in the order it calls them)."""

from __future__ import annotations

import importlib.util
import inspect
import re
from pathlib import Path
from types import ModuleType

from pydantic import BaseModel

from sim.config import Scenario
from sim.model import BorderModel

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "model.md"


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "docs" / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _field_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    paths = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths += _field_paths(annotation, f"{prefix}{name}.")
        else:
            paths.append(prefix + name)
    return paths


def _section(text: str, heading: str) -> str:
    """The body of a level-2 section, from its heading to the next one."""
    start = text.index(f"\n## {heading}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def test_parameter_tables_in_the_model_doc_match_the_schema_and_the_baseline() -> None:
    tables = _script("parameter_table")
    written = tables.generated_blocks(DOC.read_text(encoding="utf-8"))
    assert written == tables.render(), (
        "docs/model.md parameter tables are out of date with sim/config/schema.py, "
        "configs/baseline.yaml or configs/calibration.yaml: run "
        "`uv run python docs/scripts/parameter_table.py --write`"
    )


def _documented_paths(text: str) -> list[str]:
    """The field paths in the first cell of each row of the doc's full parameter table, read
    off the document (the calibration box's rows name search ranges, not fields)."""
    block = text[text.index("<!-- BEGIN generated all") : text.index("<!-- END generated all")]
    paths, among_fields = [], True
    for line in block.splitlines():
        if line.startswith("#### "):  # a section `#### \`time\``, or the calibration box
            among_fields = re.fullmatch(r"#### `[\w.]+`", line) is not None
        row = re.match(r"\| `([\w.]+)` \|", line)
        if row and among_fields:
            paths.append(row[1])
    return paths


def test_the_model_doc_has_one_row_for_each_scenario_field_and_no_other() -> None:
    documented = _documented_paths(DOC.read_text(encoding="utf-8"))
    fields = _field_paths(Scenario)
    assert sorted(set(fields) - set(documented)) == [], "schema fields without a row"
    assert sorted(set(documented) - set(fields)) == [], "rows for fields the schema lacks"
    assert len(documented) == len(set(documented)), "a field has two rows"


def _month_source() -> str:
    """The phase methods `BorderModel.step` calls, their source in the order it calls them."""
    phases = re.findall(r"self\.(\w+)\(", inspect.getsource(BorderModel.step))
    return "\n".join(inspect.getsource(getattr(BorderModel, name)) for name in phases)


def test_schedule_figure_phases_run_in_this_order_in_border_model_step() -> None:
    source = _month_source()
    positions = [source.find(phase.call) for phase in _script("schedule_figure").SCHEDULE]
    assert -1 not in positions, "a phase of the schedule figure is no longer in BorderModel.step"
    assert positions == sorted(positions)


def test_model_doc_describes_the_month_in_the_order_of_the_schedule() -> None:
    section = _section(DOC.read_text(encoding="utf-8"), "3 Process overview and scheduling")
    positions = [section.find(f"`{p.code}`") for p in _script("schedule_figure").SCHEDULE]
    assert -1 not in positions, "docs/model.md section 3 misses a phase of the schedule"
    assert positions == sorted(positions)
