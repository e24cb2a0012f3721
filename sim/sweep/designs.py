"""Design matrices: where in parameter space each sweep point sits.

Every design is first a matrix of unit positions in [0, 1] (points x parameters), made by
SciPy (Latin hypercube) or SALib (Saltelli/Sobol', Morris), imported when a design needs them;
`Parameter.value` maps a position to a range value or a level. SALib's analyses later read the
same unit matrix.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from sim.sweep.schema import Design, Parameter


def unit_problem(names: list[str]) -> dict[str, Any]:
    """A SALib problem over the unit cube (values are mapped per parameter afterwards)."""
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}


def unit_matrix(design: Design, parameters: dict[str, Parameter]) -> np.ndarray:
    """Unit positions of every design point, in the order the design defines."""
    names = list(parameters)
    if design.kind == "grid":
        counts = [len(p.levels or ()) for p in parameters.values()]
        axes = [[(j + 0.5) / count for j in range(count)] for count in counts]
        return np.array(list(itertools.product(*axes)), dtype=float)
    if design.kind == "lhs":
        from scipy.stats import qmc

        return qmc.LatinHypercube(d=len(names), seed=design.seed).random(design.n)
    from SALib.sample import morris as morris_sample
    from SALib.sample import sobol as sobol_sample

    if design.kind == "sobol":
        return sobol_sample.sample(
            unit_problem(names), design.n, calc_second_order=False, seed=design.seed
        )
    return morris_sample.sample(
        unit_problem(names), design.n, num_levels=design.levels, seed=design.seed
    )


def expected_points(design: Design, parameters: dict[str, Parameter]) -> int:
    """How many points a design has (grid: product of levels; Saltelli: n(D+2); Morris: n(D+1))."""
    d = len(parameters)
    if design.kind == "grid":
        return math.prod(len(p.levels or ()) for p in parameters.values())
    n = design.n or 0  # every design but a grid has its n (the schema's validator)
    return {"lhs": n, "sobol": n * (d + 2), "morris": n * (d + 1)}[design.kind]


def point_values(row: np.ndarray, parameters: dict[str, Parameter]) -> dict[str, Any]:
    return {path: p.value(float(u)) for (path, p), u in zip(parameters.items(), row, strict=True)}


def replicate_seed(base: int, replicate: int) -> int:
    """Seed of replicate r: the same for every point (common random numbers across policies),
    independent of backend and worker count."""
    sequence = np.random.SeedSequence(base, spawn_key=(replicate,))
    return int(sequence.generate_state(1, dtype=np.uint32)[0])
