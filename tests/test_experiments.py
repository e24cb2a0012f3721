"""Experiments reproduce: reduced versions match their committed references exactly, and the
comparison catches a changed number."""

from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.config import PROJECT_ROOT
from sim.experiments.command import all_experiments
from sim.experiments.reproduce import compare, reproduce
from sim.experiments.spec import load_experiment

EXPERIMENTS = all_experiments()


def test_the_article_questions_each_have_an_experiment():
    names = [folder.name for folder in EXPERIMENTS]
    assert names == [
        "01-calibration-check",
        "02-policy-comparison",
        "03-workforce-600k",
        "04-sez-spillovers",
        "05-sensitivity",
        "06-cheapest-mix",
        "07-reconversion-failure",
    ]
    for folder in EXPERIMENTS:
        assert (folder / "README.md").is_file()
        assert (PROJECT_ROOT / "results" / folder.name / "table.csv").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("folder", EXPERIMENTS, ids=lambda f: f.name)
def test_reduced_experiment_reproduces_its_committed_reference(folder: Path, tmp_path):
    outcome = reproduce(folder, out=tmp_path / folder.name, reduced=True, workers=2)
    assert outcome.compared > 0
    assert outcome.passed, (
        f"{outcome.mismatches} numbers differ; see {outcome.folder}/comparison.csv"
    )
    assert (tmp_path / folder.name / "figure.png").stat().st_size > 0


def test_comparison_fails_a_changed_number_and_accepts_tolerance_elsewhere():
    spec = load_experiment(EXPERIMENTS[1])
    reference = pd.DataFrame(
        [{"arm": "a", "metric": "m", "mean": 0.30, "p05": 0.2, "p95": 0.4, "seeds": 2}]
    )
    changed = reference.assign(mean=0.31)
    assert not compare(reference, changed, exact=True, spec=spec)["pass"].all()
    assert compare(reference, changed, exact=False, spec=spec)["pass"].all()
    far = reference.assign(mean=0.9)
    assert not compare(reference, far, exact=False, spec=spec)["pass"].all()


def test_the_same_platform_accepts_a_changed_last_digit_and_nothing_more():
    spec = load_experiment(EXPERIMENTS[1])
    row = {"arm": "a", "metric": "m", "mean": 0.30, "p05": 0.2, "p95": 0.4, "seeds": 1}
    reference = pd.DataFrame([row])
    last_digit = pd.DataFrame([{**row, "mean": 0.30 * (1 + 2e-15)}])  # another CPU's kernels
    assert compare(reference, last_digit, exact=True, spec=spec)["pass"].all()
    tenth_digit = pd.DataFrame([{**row, "mean": 0.30 * (1 + 1e-10)}])
    assert not compare(reference, tenth_digit, exact=True, spec=spec)["pass"].all()


def test_derived_rows_compare_within_a_tiny_relative_tolerance_even_on_the_same_platform():
    spec = load_experiment(EXPERIMENTS[4])
    row = {"arm": "a", "metric": "m", "mean": 0.30, "p05": 0.2, "p95": 0.4, "seeds": 1}
    reference = pd.DataFrame([row])
    blas = pd.DataFrame([{**row, "mean": 0.30 * (1 + 1e-10), "derived": True}])
    assert compare(reference, blas, exact=True, spec=spec)["pass"].all()
    assert not compare(reference, blas.assign(derived=False), exact=True, spec=spec)["pass"].all()
    far = blas.assign(mean=0.30 * (1 + 1e-6))
    assert not compare(reference, far, exact=True, spec=spec)["pass"].all()


def test_a_missing_metric_is_a_mismatch():
    spec = load_experiment(EXPERIMENTS[1])
    reference = pd.DataFrame(
        [{"arm": "a", "metric": m, "mean": 1.0, "p05": 1.0, "p95": 1.0, "seeds": 1} for m in "xy"]
    )
    assert not compare(reference, reference.iloc[:1], exact=True, spec=spec)["pass"].all()


def test_reproduce_refuses_a_folder_without_experiment(tmp_path, capsys):
    assert main(["reproduce", str(tmp_path)]) == 2
    assert "experiment.yaml" in capsys.readouterr().err


def test_bad_experiment_file_names_the_field(tmp_path, capsys):
    (tmp_path / "experiment.yaml").write_text("title: t\nquestion: q\nkind: nonsense\n")
    assert main(["reproduce", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "kind" in err and "nonsense" in err


def test_reproduce_refuses_an_out_that_is_a_file(tmp_path, capsys):
    taken = tmp_path / "taken.txt"
    taken.write_text("keep me")
    assert main(["reproduce", str(EXPERIMENTS[0]), "--out", str(taken)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "taken.txt" in err
    assert taken.read_text() == "keep me"
