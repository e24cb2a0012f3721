"""One way from a scenario file to a validated config and a seed, for every kind of run."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sim.config.loading import load_scenario
from sim.config.schema import Scenario


def resolve_scenario(
    path: str | Path,
    overrides: Sequence[str] = (),
    seed: int | None = None,
    *,
    source: str | None = None,
    override_source: str = "--set",
) -> tuple[Scenario, int]:
    """Read `path` (following `extends:`), apply `path=value` overrides, validate; the seed is
    `seed` when given, else the config's. Errors are ConfigErrors naming `source` (default: the
    file) or, for a bad override, `override_source`."""
    scenario = load_scenario(path, list(overrides), source=source, override_source=override_source)
    return scenario, scenario.seed if seed is None else seed


def run_key(config: dict[str, Any], seed: int) -> str:
    """Identity of one run: hash of the fully resolved config and the seed."""
    text = json.dumps({"config": config, "seed": seed}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:20]
