"""No traceback: inputs that used to crash (mid-run or at build) are refused in one line with
exit 2, before any work or folder is made."""

from __future__ import annotations

import json
import shutil
import time
import uuid

import pytest
import yaml

from sim.config import CONFIGS_DIR, PROJECT_ROOT
from tests.conftest import TINY_SWEEP, write_sweep
from tests.hostile import BASELINE, TINY, assert_refused, bordersim

RUN_OVERRIDES = [
    ("plants.sector_shares.automotive=.nan", ["plants.sector_shares.automotive", "finite"]),
    ("population.population_scale=1e-6", ["population.population_scale", "0.0001..1"]),
    ("population.population_scale=1e-9", ["population.population_scale", "0.0001..1"]),
    ("time.start=0000-01", ["time.start", "2022-01..2100-12"]),
    ("world.cities_file=data/city_wages.csv", ["world.cities_file", "lacks city, country"]),
    ("world.wages_file=data/cities.csv", ["world.wages_file", "lacks city_id"]),
    ("city.labour_file=data/cities.csv", ["city.labour_file", "lacks city_id"]),
]


@pytest.mark.parametrize(
    ("assignment", "needles"), RUN_OVERRIDES, ids=[a for a, _ in RUN_OVERRIDES]
)
def test_a_run_that_used_to_crash_is_refused_up_front(tmp_path, assignment, needles):
    out = tmp_path / "out"
    result = bordersim("run", BASELINE, *TINY, "--set", assignment, "--out", out)
    assert_refused(result, "--set", *needles)
    assert not out.exists()


@pytest.mark.parametrize("out", ["/sys/bordersim-hostile/out", "/proc/bordersim-hostile"])
def test_an_out_folder_that_cannot_be_made_is_one_line(out):
    assert_refused(bordersim("run", BASELINE, *TINY, "--out", out), out)


def _spec_with_date(tmp_path, command: str):
    """The tiny sweep, or the reduced E6 spec, with an unquoted date in its `set:`."""
    if command == "sweep":
        data = {k: v for k, v in TINY_SWEEP.items() if k != "set"}
    else:
        spec_file = CONFIGS_DIR / "policy" / "e6_cheapest_mix_reduced.yaml"
        data = {k: v for k, v in yaml.safe_load(spec_file.read_text()).items() if k != "set"}
        data["base"] = str(spec_file.parent / data["base"])
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(data) + "set: {time.end: 2022-06-30}\n")
    return path


@pytest.mark.parametrize("command", ["sweep", "optimize"])
def test_an_unquoted_yaml_date_in_set_is_refused(tmp_path, command):
    out = tmp_path / "out"
    result = bordersim(command, _spec_with_date(tmp_path, command), "--out", out)
    assert_refused(result, "set.time.end", "2022-06-30", "YAML date")
    assert not out.exists()


def test_a_grid_is_capped_like_lhs(tmp_path):
    levels = {"levels": [round(0.05 * i, 2) for i in range(20)]}
    fields = ["retraining_subsidy", "sme_digitalization_grant", "sez_tax_credit",
              "regulatory_interoperability", "training_wage_share", "automatable_share",
              "pilot_share", "quality_gain_share"]  # fmt: skip
    sections = {"training_wage_share": "displacement", "automatable_share": "automation",
                "pilot_share": "automation", "quality_gain_share": "automation"}  # fmt: skip
    parameters = {f"{sections.get(f, 'policy')}.{f}": levels for f in fields}
    out = tmp_path / "out"
    started = time.monotonic()
    result = bordersim("sweep", write_sweep(tmp_path, parameters=parameters), "--out", out)
    assert_refused(result, "design", "25,600,000,000 points", "100,000")
    assert time.monotonic() - started < 60
    assert not out.exists()


@pytest.mark.parametrize("command", ["sweep", "optimize"])
def test_an_unreachable_scheduler_is_one_line_within_seconds(tmp_path, command):
    out = tmp_path / "out"
    spec = (
        write_sweep(tmp_path)
        if command == "sweep"
        else CONFIGS_DIR / "policy" / "e6_cheapest_mix_reduced.yaml"
    )
    started = time.monotonic()
    result = bordersim(command, spec, "--out", out, "--backend", "dask",
                       "--scheduler", "tcp://127.0.0.1:1")  # fmt: skip
    assert_refused(result, "--scheduler tcp://127.0.0.1:1", "no Dask scheduler")
    assert time.monotonic() - started < 30  # was a 30 s connect timeout, then a traceback
    assert not out.exists()


def test_analyze_on_a_truncated_results_table_is_one_line(tmp_path):
    (tmp_path / "sweep.json").write_text(json.dumps({"owner": "sweep"}))
    (tmp_path / "results.parquet").write_bytes(b"PAR1 truncated")
    assert_refused(bordersim("analyze", tmp_path), "results.parquet", "corrupt or truncated")
    assert not (tmp_path / "analysis").exists()


@pytest.fixture
def fake_experiment(tmp_path):
    """A copy of experiment 04 under a new name, with its own committed reference folder."""
    name = f"zz-hostile-{uuid.uuid4().hex[:8]}"
    folder = tmp_path / name
    shutil.copytree(PROJECT_ROOT / "experiments" / "04-sez-spillovers", folder)
    reference = PROJECT_ROOT / "results" / name / "reduced"
    shutil.copytree(PROJECT_ROOT / "results" / "04-sez-spillovers" / "reduced", reference)
    yield folder, reference
    shutil.rmtree(reference.parent)


def _tamper(table, change):
    lines = table.read_text().splitlines(keepends=True)
    table.write_text(change(lines))


REFERENCE_DAMAGE = [
    (lambda ls: ls[0] + ls[1].replace(ls[1].split(",")[2], "abc", 1) + "".join(ls[2:]),
     ["corrupt reference", "mean on line 2", "'abc'"]),
    (lambda ls: "".join(ls)[: len("".join(ls)) // 2], ["corrupt reference", "truncated"]),
    (lambda ls: "arm,metric\n", ["corrupt reference", "no column mean"]),
]  # fmt: skip


@pytest.mark.parametrize(("change", "needles"), REFERENCE_DAMAGE, ids=["text", "cut", "columns"])
def test_a_damaged_reference_is_named_corrupt_before_any_run(
    fake_experiment, tmp_path, change, needles
):
    folder, reference = fake_experiment
    _tamper(reference / "table.csv", change)
    out = tmp_path / "out"
    assert_refused(bordersim("reproduce", folder, "--reduced", "--out", out), *needles)
    assert not out.exists()
