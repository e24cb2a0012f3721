"""What both design commands (`optimize`, `discover`) set up before their first run and write
after their last: the claimed folder and its identity, the run seeds, the sampled futures, the
execution settings (command line over spec), the run batches and the manifest."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sim.design import folder as design_folder
from sim.design.futures import futures, run_seeds
from sim.design.runs import RunBatches
from sim.design.spec import Loaded
from sim.pipeline import TaskFn


@dataclass
class DesignJob:
    folder: Path
    identity: dict[str, Any]
    seeds: list[int]
    worlds: list[dict[str, Any]]  # the sampled futures (one empty future without uncertainties)
    backend: Literal["local", "dask"]
    workers: int | None
    scheduler: str | None
    started: float

    @classmethod
    def start(
        cls,
        kind: str,
        loaded: Loaded,
        out: Path | None,
        fresh: bool,
        backend: Literal["local", "dask"] | None,
        workers: int | None,
        scheduler: str | None,
    ) -> DesignJob:
        """Claim the folder for this spec (or resume in it) and settle how runs execute."""
        spec = loaded.spec
        seeds = run_seeds(spec.seeds)
        _, worlds = futures(spec.uncertainties)
        folder = out or design_folder.default_folder(kind, spec.name)
        identity = design_folder.definition(
            kind, spec.model_dump(mode="json"), loaded.base_config, seeds
        )
        design_folder.claim(folder, identity, fresh)
        return cls(
            folder,
            identity,
            seeds,
            worlds,
            backend or spec.execution.backend,
            workers or spec.execution.workers,
            scheduler or spec.execution.scheduler,
            time.perf_counter(),
        )

    def batches(self, total: int, progress: bool, task_fn: TaskFn) -> RunBatches:
        return RunBatches(
            self.folder,
            total=total,
            backend=self.backend,
            workers=self.workers,
            scheduler=self.scheduler,
            progress=progress,
            task_fn=task_fn,
        )

    def write_manifest(self, batches: RunBatches, **extra: Any) -> None:
        """manifest.json: execution, the command's own facts, run counts and seconds."""
        design_folder.write_manifest(
            self.folder,
            self.identity,
            backend=self.backend,
            workers=batches.workers,
            scheduler=self.scheduler,
            **extra,
            runs_cached=batches.counts["cached"],
            runs_ran=batches.counts["ran"],
            runs_failed=batches.counts["failed"],
            seconds=round(time.perf_counter() - self.started, 3),
        )
