"""The labour-market formulas: the matching function, tightness responses and the wage curve.

Pure functions of arrays, shared by the manufacturing markets (`labour.py`) and the rest of each
city's labour market (`city.py`); `docs/model.md` section "Submodels" gives their sources.
"""

from __future__ import annotations

import numpy as np

REFERENCE_MONTHS = 12  # tightness responses are measured against the first year's mean


def hiring_chance(
    applicants: np.ndarray | float,
    vacancies: np.ndarray | float,
    efficiency: np.ndarray | float,
    alpha: float,
) -> np.ndarray:
    """Monthly chance that an applicant is hired in a market.

    Hires follow a Cobb-Douglas matching function, M = efficiency * A^alpha * V^(1-alpha),
    never more than the vacancies V or the applicants A; the chance is M / A (0 without
    applicants). It rises with tightness V / A: the Beveridge curve follows from this.
    """
    a = np.asarray(applicants, dtype=float)
    v = np.asarray(vacancies, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        hires = np.minimum(efficiency * a**alpha * v ** (1.0 - alpha), np.minimum(v, a))
        chance = np.where(a > 0, hires / a, 0.0)
    return np.clip(np.nan_to_num(chance), 0.0, 1.0)


def matching_efficiency_for(
    hires: np.ndarray, applicants: np.ndarray, vacancies: np.ndarray, alpha: float
) -> np.ndarray:
    """The efficiency at which the matching function yields `hires` (a steady-state start)."""
    denominator = np.maximum(applicants, 1e-9) ** alpha * np.maximum(vacancies, 1e-9) ** (1 - alpha)
    return hires / denominator


def tightness_response(ratio: np.ndarray | float, elasticity: float) -> np.ndarray:
    """Multiplier ratio^elasticity of a rate that rises with relative tightness (quits)."""
    return np.asarray(ratio, dtype=float).clip(1e-3, 1e3) ** elasticity


def wage_curve(unemployment: np.ndarray, reference: np.ndarray, elasticity: float) -> np.ndarray:
    """Wage relative to the reference month's: (u / u_ref)^-elasticity (Blanchflower-Oswald)."""
    ratio = np.maximum(unemployment, 1e-3) / np.maximum(reference, 1e-3)
    return ratio ** (-elasticity)
