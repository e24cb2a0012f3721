"""Run one scenario with one seed and write its outputs.

`simulate` is the pure part (config + seed -> tables) reused by sweeps, calibration and
experiments; `run_to_folder` adds the files: `timeseries.parquet` (one row per month),
`cities.parquet` (one row per city and month), `manifest.json` and `summary.png`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.config import PROJECT_ROOT, Scenario, config_hash
from sim.config.resolve import run_key
from sim.model import BorderModel
from sim.outputs import check_table, city_columns, output_columns
from sim.run.claim import claim
from sim.run.manifest import build_manifest, file_sha256, now, write_atomic, write_json
from sim.run.progress import month_progress


@dataclass
class RunOutput:
    timeseries: pd.DataFrame
    cities: pd.DataFrame
    seconds: float
    build_seconds: float
    imputed_cities: list[str]


def simulate(scenario: Scenario, seed: int | None = None, progress: bool = False) -> RunOutput:
    """Build the model and run it to the end month; returns the collected tables."""
    seed = scenario.seed if seed is None else seed
    started = time.perf_counter()
    model = BorderModel(scenario, seed=seed)
    built = time.perf_counter()
    if progress:
        with month_progress(model.horizon, f"{scenario.name} seed {seed}") as advance:
            model.run(progress=advance)
    else:
        model.run()
    timeseries = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    from sim.agents.government import MunicipalGovernment

    cities = model.datacollector.get_agenttype_vars_dataframe(MunicipalGovernment)
    cities = cities.reset_index().drop(columns=["AgentID"]).rename(columns={"Step": "step"})
    return RunOutput(
        timeseries=timeseries,
        cities=cities,
        seconds=time.perf_counter() - started,
        build_seconds=built - started,
        imputed_cities=[c.id for c in model.cities if c.employment_imputed],
    )


def default_run_dir(scenario: Scenario, seed: int) -> Path:
    return PROJECT_ROOT / "results" / "runs" / f"{scenario.name}-{config_hash(scenario)}-{seed}"


def write_parquet(frame: pd.DataFrame, path: Path, metadata: dict[str, str] | None = None) -> None:
    """Parquet through a temporary file; metadata goes into the schema (never pickled)."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if metadata:
        merged = {
            **(table.schema.metadata or {}),
            **{k.encode(): v.encode() for k, v in metadata.items()},
        }
        table = table.replace_schema_metadata(merged)
    write_atomic(path, lambda tmp: pq.write_table(table, tmp))


def claim_run_folder(
    scenario: Scenario, seed: int, out_dir: Path | None = None, force: bool = False
) -> Path:
    """Claim the run's folder (default `default_run_dir`) for this config and seed: the same
    run may repeat there; another run or owner is refused unless `force`."""
    out_dir = Path(out_dir) if out_dir else default_run_dir(scenario, seed)
    key = run_key(scenario.model_dump(mode="json"), seed)
    identity = {"name": scenario.name, "seed": seed, "definition_hash": key}
    claim(out_dir, "run", identity, force)
    return out_dir


def run_to_folder(
    scenario: Scenario,
    seed: int | None = None,
    out_dir: Path | None = None,
    progress: bool = True,
    force: bool = False,
) -> tuple[Path, RunOutput]:
    """Claim the folder, run, and write timeseries.parquet, cities.parquet, manifest.json and
    summary.png."""
    from sim.run.figures import summary_figure

    seed = scenario.seed if seed is None else seed
    out_dir = claim_run_folder(scenario, seed, out_dir, force)
    started_at = now()
    output = simulate(scenario, seed, progress=progress)
    files = {
        "timeseries": out_dir / "timeseries.parquet",
        "cities": out_dir / "cities.parquet",
        "summary": out_dir / "summary.png",
    }
    tag = {"bordersim.config_hash": config_hash(scenario), "bordersim.seed": str(seed)}
    check_table(output.timeseries, output_columns())
    check_table(output.cities, ["step", *city_columns()])  # Mesa's step, then the contract
    write_parquet(output.timeseries, files["timeseries"], tag)
    write_parquet(output.cities, files["cities"], tag)
    summary_figure(
        output.timeseries, f"bordersim - {scenario.name} (seed {seed})", files["summary"]
    )
    manifest = build_manifest(
        scenario,
        seed,
        started=started_at,
        finished=now(),
        run_seconds=round(output.seconds, 3),
        build_seconds=round(output.build_seconds, 3),
        imputed_employment_cities=output.imputed_cities,
        files={name: {"path": p.name, "sha256": file_sha256(p)} for name, p in files.items()},
    )
    write_json(out_dir / "manifest.json", manifest)
    return out_dir, output
