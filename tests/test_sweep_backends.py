"""Same sweep, same tables: local processes (1 or 2 workers) and a Dask LocalCluster."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.sweep.plan import load_sweep
from sim.sweep.runner import run_sweep
from tests.conftest import write_sweep


@pytest.mark.slow
def test_local_and_dask_backends_write_identical_tables(tmp_path):
    plan = load_sweep(write_sweep(tmp_path))
    folders = {
        "local-1": (tmp_path / "local-1", "local", 1),
        "local-2": (tmp_path / "local-2", "local", 2),
        "dask-2": (tmp_path / "dask-2", "dask", 2),
    }
    for out, backend, workers in folders.values():
        report = run_sweep(plan, out, backend=backend, workers=workers, progress=False)
        assert (report.done, report.failed) == (4, 0)
    tables = {
        name: (
            pd.read_parquet(out / "results.parquet"),
            pd.read_parquet(out / "timeseries.parquet"),
        )
        for name, (out, _, _) in folders.items()
    }
    reference_results, reference_series = tables["local-1"]
    assert reference_results["unemployment_rate_mx@2022-06"].nunique() > 1  # points differ
    for results, series in tables.values():
        pd.testing.assert_frame_equal(results, reference_results)
        pd.testing.assert_frame_equal(series, reference_series)
