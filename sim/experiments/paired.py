"""Paired statistics for comparing an arm with the reference arm on common random numbers.

Arms of an experiment run on the same seeds, so replicate r of a policy arm and replicate r of
the reference differ (ideally) only where the policy acts. The effect is the mean of the
seed-by-seed differences, with a t interval over seeds; the minimum detectable effect (MDE) is
the smallest true difference the design finds with the given power in a two-sided test at the
given level (Bloom 1995, "Minimum detectable effects"):

    MDE = (t_{1 - alpha/2, n-1} + t_{power, n-1}) * sd_paired / sqrt(n)

The power rule inverts it: the fewest seeds whose MDE reaches a target, given a pilot
estimate of the paired standard deviation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

ALPHA = 0.05  # two-sided test level; the intervals are 1 - ALPHA
POWER = 0.80


@dataclass(frozen=True)
class Paired:
    """One arm against the reference on one outcome, over n paired seeds."""

    n: int
    difference: float  # mean of arm - reference, seed by seed
    ci_low: float
    ci_high: float
    sd_paired: float  # standard deviation of the seed-by-seed differences
    sd_unpaired: float  # that of a difference of two independent runs: sqrt(var_a + var_ref)
    mde: float

    @property
    def excludes_zero(self) -> bool:
        return self.ci_low > 0 or self.ci_high < 0


def t_quantiles_sum(n: int, alpha: float = ALPHA, power: float = POWER) -> float:
    """t_{1-alpha/2, n-1} + t_{power, n-1}: the MDE in units of the standard error."""
    return float(stats.t.ppf(1 - alpha / 2, n - 1) + stats.t.ppf(power, n - 1))


def mde(sd_paired: float, n: int, alpha: float = ALPHA, power: float = POWER) -> float:
    """Minimum detectable effect of a paired design with n seeds (NaN below 2 seeds)."""
    if n < 2:
        return math.nan
    return t_quantiles_sum(n, alpha, power) * sd_paired / math.sqrt(n)


def paired(
    arm: np.ndarray | list[float],
    reference: np.ndarray | list[float],
    alpha: float = ALPHA,
    power: float = POWER,
) -> Paired:
    """Mean paired difference, its t interval, both standard deviations and the MDE.

    `arm[r]` and `reference[r]` come from the same seed; a pair with a NaN on either side (an
    outcome with an empty base in that run) is left out. With fewer than two pairs the
    interval, the standard deviations and the MDE are NaN."""
    a = np.asarray(arm, dtype=float)
    b = np.asarray(reference, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"paired samples must be two equal 1-d arrays, got {a.shape}, {b.shape}")
    both = ~(np.isnan(a) | np.isnan(b))
    a, b = a[both], b[both]
    n = len(a)
    if n == 0:
        return Paired(0, math.nan, math.nan, math.nan, math.nan, math.nan, math.nan)
    d = a - b
    mean = float(d.mean())
    if n < 2:
        return Paired(n, mean, math.nan, math.nan, math.nan, math.nan, math.nan)
    sd = float(d.std(ddof=1))
    sd_unpaired = math.sqrt(float(a.var(ddof=1) + b.var(ddof=1)))
    half = float(stats.t.ppf(1 - alpha / 2, n - 1)) * sd / math.sqrt(n)
    return Paired(n, mean, mean - half, mean + half, sd, sd_unpaired, mde(sd, n, alpha, power))


def seeds_for_mde(
    sd_paired: float,
    target: float,
    alpha: float = ALPHA,
    power: float = POWER,
    most: int = 1000,
) -> int:
    """The power rule: the fewest seeds (>= 2) whose MDE is at most `target`, given a pilot
    estimate of the paired standard deviation. Raises ValueError if even `most` seeds fall
    short (the design needs a larger scale or common random numbers that pair better)."""
    if target <= 0 or sd_paired < 0:
        raise ValueError(f"target must be > 0 and sd_paired >= 0, got {target}, {sd_paired}")
    for n in range(2, most + 1):
        if mde(sd_paired, n, alpha, power) <= target:
            return n
    raise ValueError(
        f"{most} seeds give an MDE of {mde(sd_paired, most, alpha, power):.4g} > target {target}"
    )


def zero_coverage(results: list[Paired]) -> float:
    """Share of comparisons whose interval covers zero (the A/A check wants >= 0.9); outcomes
    without an interval (fewer than two pairs) or without variation (an outcome that is the
    same number in every run, whose [0, 0] interval would cover zero trivially) are left out."""
    usable = [r for r in results if not math.isnan(r.ci_low) and r.sd_paired > 0]
    if not usable:
        return math.nan
    return sum(not r.excludes_zero for r in usable) / len(usable)
