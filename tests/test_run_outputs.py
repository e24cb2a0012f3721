"""`bordersim run` writes the time series, manifest and figure a user expects."""

import json

import pandas as pd
import pytest
from rich.console import Console

from sim.cli import main
from sim.config import CONFIGS_DIR
from sim.outputs import nan_allowed_columns
from sim.run.command import SUMMARY_ROWS, summary_table

REQUIRED = [
    "date",
    "step",
    "adoption_share_mx",
    "adoption_share_us",
    "adoption_share_sme",
    "adoption_share_large",
    "operative_jobs_mx",
    "operative_jobs_us",
    "technician_jobs_mx",
    "technician_jobs_us",
    "displaced_month_mx",
    "displaced_month_us",
    "retrained_month_mx",
    "retrained_month_us",
    "unemployment_rate_mx",
    "unemployment_rate_us",
    "long_term_unemployed_share_mx",
    "long_term_unemployed_share_us",
    "in_training",
    "training_completions_month",
    "wage_gini_mx",
    "wage_gini_us",
    "mean_wage_usd_mx",
    "mean_wage_usd_us",
    "automation_investment_usd_cum",
    "public_spending_usd_cum",
    "workers_modelled",
    "operative_turnover_rate_mx",
]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    code = main(
        [
            "run",
            str(CONFIGS_DIR / "baseline.yaml"),
            "--out",
            str(out),
            "--seed",
            "9",
            "--set",
            "population.population_scale=0.004",
            "--set",
            "time.end=2023-06",
        ]
    )
    assert code == 0
    return out


def test_run_writes_the_three_files(run_dir):
    for name in ("timeseries.parquet", "manifest.json", "summary.png", "cities.parquet"):
        assert (run_dir / name).stat().st_size > 0


def test_timeseries_has_one_row_per_month_with_every_required_column(run_dir):
    frame = pd.read_parquet(run_dir / "timeseries.parquet")
    assert list(frame["date"]) == [f"2022-{m:02d}" for m in range(1, 13)] + [
        f"2023-{m:02d}" for m in range(1, 7)
    ]
    assert set(REQUIRED) <= set(frame.columns)
    shares = [c for c in frame.columns if "share" in c or "rate" in c]
    undefined = frame[shares].isna() & frame[shares].columns.isin(list(nan_allowed_columns()))
    assert (undefined | ((frame[shares] >= 0) & (frame[shares] <= 1))).all().all()


def test_counts_are_scaled_back_to_real_people(run_dir):
    """Each worker agent stands for 1 / population_scale people (0.004: 250), so the people
    counted in every state add up to exactly the unscaled agents divided by the scale."""
    frame = pd.read_parquet(run_dir / "timeseries.parquet")
    states = ("operative_jobs", "technician_jobs", "manufacturing_unemployed", "in_training")
    people = sum(frame[f"{state}_{tag}"] for state in states for tag in ("mx", "us"))
    assert people.to_numpy() == pytest.approx(frame["workers_modelled"].to_numpy() / 0.004)


def test_manifest_records_config_hash_seed_code_and_packages(run_dir):
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["seed"] == 9
    assert len(manifest["config_hash"]) == 12
    assert manifest["config"]["population"]["population_scale"] == 0.004
    assert manifest["packages"]["mesa"] == "3.5.1"
    assert "git_commit" in manifest["code"]
    assert manifest["started"] <= manifest["finished"]
    assert "hermosillo_mx" in manifest["imputed_employment_cities"]


def test_city_table_has_every_city_every_month(run_dir):
    cities = pd.read_parquet(run_dir / "cities.parquet")
    assert cities.groupby("date")["city_id"].nunique().eq(24).all()
    assert cities["unemployment_rate"].between(0, 1).all()


def test_summary_table_reads_whole_in_an_80_column_terminal(run_dir):
    frame = pd.read_parquet(run_dir / "timeseries.parquet")
    console = Console(width=80, record=True)
    console.print(summary_table(frame, 0.004, 1.0))
    text = console.export_text()
    assert "…" not in text
    assert all(len(line) <= 80 for line in text.splitlines())
    for label in [*SUMMARY_ROWS, "in training", "2022-12", "2023-06"]:
        assert label in text


@pytest.mark.parametrize("where", ["file", "under_file"])
def test_an_unusable_out_is_refused_in_one_line_before_running(where, tmp_path, capsys):
    existing = tmp_path / "notes.txt"
    existing.write_text("keep me")
    out = existing if where == "file" else existing / "run"
    code = main(["run", str(CONFIGS_DIR / "baseline.yaml"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "--out" in err and "notes.txt" in err
    assert existing.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
