"""Experiments reproduce: reduced versions match their committed references exactly, and the
comparison catches a changed number."""

import math
import shutil
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


def _spec_with_checks():
    from sim.experiments.spec import Arm, ExperimentSpec

    scenario = "configs/scenarios/no_policy.yaml"
    return ExperimentSpec(
        title="t",
        question="q",
        kind="policy_comparison",
        date="2030-12",
        arms=[
            Arm(name="ref", scenario=scenario),
            Arm(name="policy", scenario=scenario),
            Arm(name="aa", scenario=scenario, seed_offset=7, check="aa"),
        ],
    )


def _runs(jobs: dict[str, list[float]], spending: dict[str, list[float]]):
    """Month-2030-12 frames where every outcome is 0.1 + seed noise, except manufacturing
    jobs (MX; US is 0) and public spending, given per arm and seed."""
    from sim.experiments.execute import RunSet
    from sim.experiments.tables import _outcome_measures

    names = [name.split("@")[0] for name in _outcome_measures("2030-12")]
    columns = [name for name in names if not name.endswith("_total")]  # MX + US, set below
    columns += [f"displaced_followed_24m_{tag}" for tag in ("mx", "us")]  # cohort bases
    runs = {}
    for arm in jobs:
        runs[arm] = []
        for seed, (job, spent) in enumerate(zip(jobs[arm], spending[arm], strict=True)):
            row = dict.fromkeys(columns, 0.1 + 0.01 * seed)
            row |= {"date": "2030-12", "manufacturing_jobs_mx": job, "manufacturing_jobs_us": 0.0}
            row["public_spending_usd_cum"] = spent
            runs[arm].append((seed, pd.DataFrame([row]), pd.DataFrame()))
    return RunSet(runs)


def test_a_year_of_cohorts_pools_each_month_by_its_members():
    from sim.experiments.tables import pooled

    frame = pd.DataFrame(
        {
            "date": ["2025-12", "2026-01", "2026-02", "2026-03"],
            "share": [0.0, 1.0, 0.5, float("nan")],
            "base": [50.0, 1.0, 99.0, 0.0],
        }
    )
    # one worker re-employed of 1, 49.5 of 99; the empty month and 2025 are left out
    assert pooled("share", "base", "2026")(frame) == pytest.approx(50.5 / 100)


def test_the_earnings_loss_of_a_year_weighs_each_monthly_cohort_by_its_members():
    from sim.experiments.tables import pooled_earnings_loss

    frame = pd.DataFrame(
        {
            "date": ["2026-01", "2026-02"],
            "displaced_earnings_loss_24m_mx": [1.0, 0.1],
            "displaced_followed_24m_mx": [1.0, 9.0],
        }
    )
    # a cohort of 1 that lost a year's earnings and one of 9 that lost a tenth: 1.9 / 10,
    # not the mean of the two months (0.55)
    assert pooled_earnings_loss("mx", "2026")(frame) == pytest.approx(0.19)


def test_a_year_with_no_one_displaced_pools_to_nan():
    from sim.experiments.tables import pooled

    frame = pd.DataFrame({"date": ["2026-01"], "share": [float("nan")], "base": [0.0]})
    assert math.isnan(pooled("share", "base", "2026")(frame))


def test_cost_per_job_kept_is_reported_only_where_the_jobs_kept_interval_excludes_zero():
    from sim.experiments.tables import policy_comparison

    spec = _spec_with_checks()
    base = [100.0, 110.0, 90.0, 105.0]
    kept = _runs(
        {"ref": base, "policy": [b + 10 for b in base], "aa": [b + 1 for b in base]},
        {"ref": [0.0] * 4, "policy": [1000.0] * 4, "aa": [0.0] * 4},
    )
    table = policy_comparison(spec, kept).set_index(["arm", "metric"])
    cost = table.loc[("policy", "public_cost_per_job_kept_usd@2030-12")]
    assert cost["mean"] == pytest.approx(100.0) and cost["note"] == ""
    noisy = _runs(
        {
            "ref": base,
            "policy": [b + d for b, d in zip(base, [10, -10, 12, -11], strict=True)],
            "aa": base,
        },
        {"ref": [0.0] * 4, "policy": [1000.0] * 4, "aa": [0.0] * 4},
    )
    table = policy_comparison(spec, noisy).set_index(["arm", "metric"])
    cost = table.loc[("policy", "public_cost_per_job_kept_usd@2030-12")]
    assert pd.isna(cost["mean"]) and "includes zero" in cost["note"]


def test_the_policy_table_gives_paired_columns_against_the_reference_and_the_aa_share():
    from sim.experiments.paired import paired
    from sim.experiments.tables import policy_comparison

    base = [100.0, 110.0, 90.0, 105.0]
    policy = [104.0, 111.0, 97.0, 106.0]
    runs = _runs(
        {"ref": base, "policy": policy, "aa": [101.0, 108.0, 92.0, 104.0]},
        {arm: [0.0] * 4 for arm in ("ref", "policy", "aa")},
    )
    table = policy_comparison(_spec_with_checks(), runs).set_index(["arm", "metric"])
    row = table.loc[("policy", "manufacturing_jobs_mx@2030-12")]
    expected = paired(policy, base)
    assert row["difference"] == pytest.approx(expected.difference)
    assert (row["diff_ci_low"], row["mde"]) == pytest.approx((expected.ci_low, expected.mde))
    assert pd.isna(table.loc[("ref", "manufacturing_jobs_mx@2030-12")]["difference"])
    # the A/A arm's other outcomes equal the reference's seed by seed: no variation, left out
    assert table.loc[("aa", "aa:ci_covers_zero_share")]["mean"] == 1.0


def test_the_sez_table_pairs_each_city_against_the_reference_seed_by_seed():
    from sim.experiments.execute import RunSet
    from sim.experiments.paired import paired
    from sim.experiments.spec import Arm, ExperimentSpec
    from sim.experiments.tables import sez_spillover

    scenario = "configs/scenarios/no_policy.yaml"
    spec = ExperimentSpec(
        title="t",
        question="q",
        kind="sez_spillover",
        date="2030-12",
        cities=["tijuana_mx"],
        arms=[Arm(name="ref", scenario=scenario), Arm(name="zone", scenario=scenario)],
    )
    rates = {"ref": [0.030, 0.034, 0.028], "zone": [0.029, 0.032, 0.027]}

    def city_frame(rate: float) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "city_id": ["tijuana_mx"] * 2,
                "date": ["2030-11", "2030-12"],
                "adoption_share": [0.5, 0.6],
                "employed": [1000.0, 1000.0],
                "unemployment_rate": [rate, rate],
                "displaced_month": [1.0, 2.0],
            }
        )

    runs = RunSet(
        {
            arm: [(s, pd.DataFrame(), city_frame(r)) for s, r in enumerate(v)]
            for arm, v in rates.items()
        }
    )
    table = sez_spillover(spec, runs).set_index(["arm", "metric"])
    row = table.loc[("zone", "tijuana_mx:unemployment_rate@2030-12")]
    expected = paired(rates["zone"], rates["ref"])
    assert row["difference"] == pytest.approx(expected.difference)
    assert (row["diff_ci_low"], row["diff_ci_high"]) == pytest.approx(
        (expected.ci_low, expected.ci_high)
    )
    assert table.loc[("zone", "tijuana_mx:displaced_cum@2030-12")]["mean"] == 3.0
    assert pd.isna(table.loc[("ref", "tijuana_mx:unemployment_rate@2030-12")]["difference"])


def test_comparison_fails_a_changed_paired_difference():
    spec = load_experiment(EXPERIMENTS[1])
    row = {"arm": "a", "metric": "m", "mean": 0.3, "p05": 0.2, "p95": 0.4, "difference": 0.01}
    reference = pd.DataFrame([row])
    assert compare(reference, reference, exact=True, spec=spec)["pass"].all()
    changed = reference.assign(difference=0.02)
    assert not compare(reference, changed, exact=True, spec=spec)["pass"].all()
    assert not compare(reference.drop(columns="difference"), reference, True, spec)["pass"].all()


def test_a_paired_difference_keeps_the_last_digits_of_the_levels_it_was_computed_from():
    """28 jobs between two arms of 418,000: another CPU's kernels move the levels' 16th digit,
    which is the difference's 12th; a change in the difference's own 7th digit still fails."""
    spec = load_experiment(EXPERIMENTS[1])
    row = {"arm": "a", "metric": "m", "mean": 418107.8, "p05": 4.1e5, "p95": 4.2e5}
    reference = pd.DataFrame([{**row, "difference": 28.416046, "sd_paired": 9.287031}])
    kernels = reference.assign(difference=28.416046 - 5.8e-11, sd_paired=9.287031 - 2.1e-11)
    assert compare(reference, kernels, exact=True, spec=spec)["pass"].all()
    changed = reference.assign(difference=28.416046 * (1 + 1e-7))
    assert not compare(reference, changed, exact=True, spec=spec)["pass"].all()
    small_level = reference.assign(mean=0.3)
    assert not compare(small_level, kernels.assign(mean=0.3), exact=True, spec=spec)["pass"].all()


def test_an_aa_arm_must_rerun_the_reference_on_another_seed_set(tmp_path, capsys):
    (tmp_path / "experiment.yaml").write_text(
        "title: t\nquestion: q\nkind: policy_comparison\narms:\n"
        "  - {name: ref, scenario: configs/scenarios/no_policy.yaml}\n"
        "  - {name: aa, scenario: configs/scenarios/no_policy.yaml, check: aa}\n"
    )
    assert main(["reproduce", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "arms.1.seed_offset" in err and len(err.strip().splitlines()) == 1


def test_every_arm_shares_the_reference_seeds_except_the_aa_arm():
    from sim.experiments.execute import plan_tasks

    spec = load_experiment(EXPERIMENTS[1])
    seeds: dict[str, list[int]] = {}
    for task in plan_tasks(spec, 3, spec.reduced.overrides):
        seeds.setdefault(task.label["arm"], []).append(task.seed)
    reference = seeds.pop(spec.arms[0].name)
    aa = seeds.pop("aa_no_policy")
    assert all(mine == reference for mine in seeds.values())
    assert not set(aa) & set(reference)


def test_the_experiment_scale_applies_to_every_arm_and_the_reduced_overrides_win():
    from sim.experiments.execute import arm_scenario

    spec = load_experiment(EXPERIMENTS[1])
    assert arm_scenario(spec, 1, []).population.population_scale == spec.population_scale
    reduced = arm_scenario(spec, 1, ["population.population_scale=0.003"])
    assert reduced.population.population_scale == 0.003


def _updating(tmp_path, monkeypatch, reference: Path, table: pd.DataFrame):
    """Reproduce E1 (reduced) with --update-reference into `reference`, its table given."""
    import sim.experiments.reproduce as module

    monkeypatch.setattr(module, "reference_dir", lambda folder, reduced: reference)
    monkeypatch.setattr(module, "compute_table", lambda *args, **kwargs: table)
    folder = PROJECT_ROOT / "experiments" / "01-calibration-check"
    return module.reproduce(folder, out=tmp_path / "out", reduced=True, update_reference=True)


def test_an_update_compares_with_the_reference_it_replaces_and_then_replaces_it(
    tmp_path, monkeypatch
):
    committed = PROJECT_ROOT / "results" / "01-calibration-check" / "reduced"
    reference = tmp_path / "reference"
    reference.mkdir()
    for name in ("table.csv", "manifest.json"):
        shutil.copy(committed / name, reference / name)
    old = pd.read_csv(reference / "table.csv")
    new = old.copy()
    new.loc[0, "mean"] += 1.0  # one number moves
    outcome = _updating(tmp_path, monkeypatch, reference, new)
    assert outcome.updated and outcome.passed
    assert outcome.compared > 1 and outcome.mismatches == 1  # what moved, not 0 against itself
    written = pd.read_csv(reference / "table.csv")
    assert written.loc[0, "mean"] == pytest.approx(old.loc[0, "mean"] + 1.0)


def test_an_update_with_no_reference_yet_writes_one_without_a_comparison(tmp_path, monkeypatch):
    committed = pd.read_csv(
        PROJECT_ROOT / "results" / "01-calibration-check" / "reduced" / "table.csv"
    )
    reference = tmp_path / "new-reference"
    outcome = _updating(tmp_path, monkeypatch, reference, committed)
    assert outcome.updated and outcome.passed and outcome.compared == 0
    assert (reference / "table.csv").is_file()
