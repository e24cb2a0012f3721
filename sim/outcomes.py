"""Outcome measures where policies act: what happens to displaced workers and job seekers.

Measurement only: nothing here feeds back into the dynamics. Every measure reads cohorts or
counters that the transitions keep (the workers automation displaced each month, where a
departed worker went), so its monthly cost follows the flows, not the stock of workers.
Definitions and sources: `docs/model.md`, "Outcome measures".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

from sim.state.codes import (
    CITY_UNEMPLOYED,
    DEPARTED,
    EMPLOYED,
    N_COUNTRIES,
    OUT_OF_LABOUR_FORCE,
    TO_INFORMAL,
    TO_OTHER_JOB,
    TRAINING,
    UNEMPLOYED,
)
from sim.state.workers import (
    TRIAL_CONTROL,
    TRIAL_FIELDS,
    TRIAL_HORIZONS,
    TRIAL_OFFER,
    WORK_FORMAL,
    WORK_INFORMAL,
    WORK_NONE,
    WorkerTable,
)

if TYPE_CHECKING:  # pandas is loaded by the trial tables only, not by every run
    import pandas as pd

# months after displacement at which the cohort's re-employment is reported
REEMPLOYMENT_HORIZONS = (6, 12, 24)
# months over which a displaced cohort's earnings loss is summed
EARNINGS_LOSS_MONTHS = 24
# a week is 12/52 of a month: the US (BLS, CPS) counts 27 weeks or more as long-term, that
# is 6.23 months or more, so 7 whole months since the spell began in a monthly model
WEEKS_PER_MONTH = 52.0 / 12.0
BLS_LONG_TERM_WEEKS = 27
ILO_LONG_TERM_MONTHS = 12
ENOE_LONG_TERM_MONTHS = 6  # INEGI's ENOE band "more than 6 months"
# informal to formal earnings: INEGI (ENOE) mean hourly pay of subordinate employees in the
# informal sector, 22.1 MXN, against 23.4 MXN in the formal sector (0.94)
INFORMAL_EARNINGS_RATIO = 22.1 / 23.4


def work_code(status: np.ndarray, left_for: np.ndarray) -> np.ndarray:
    """Where each worker works: `WORK_FORMAL` (a manufacturing job, or the city's other
    formal jobs), `WORK_INFORMAL` (informal work) or `WORK_NONE`; a departed worker works
    where the city's stocks took them."""
    gone = status == DEPARTED
    formal = (status == EMPLOYED) | (gone & (left_for == TO_OTHER_JOB))
    informal = gone & (left_for == TO_INFORMAL)
    return np.select([formal, informal], [WORK_FORMAL, WORK_INFORMAL], WORK_NONE).astype(np.int8)


def cohort_status(
    status: np.ndarray, left_for: np.ndarray, group: np.ndarray, n_groups: int = N_COUNTRIES
) -> dict[str, np.ndarray]:
    """Where a cohort of workers is now, counted by group (country, or city of residence).

    `employed`: any job — a manufacturing job, or a formal or informal job in the city's other
    sectors (the city's stocks took them over); `formal` and `informal`: its two parts;
    `in_course`: in a training course; `unemployed`: searching, as an agent or in the city's
    unemployed; `observed`: the cohort minus those who left the labour market (retired,
    emigrated), the base of the shares, which `employed`, `in_course` and `unemployed` split."""
    work = work_code(status, left_for)
    gone = status == DEPARTED
    out = gone & (left_for == OUT_OF_LABOUR_FORCE)
    searching = (status == UNEMPLOYED) | (gone & (left_for == CITY_UNEMPLOYED))

    def counted(mask: np.ndarray) -> np.ndarray:
        return np.bincount(group[mask], minlength=n_groups).astype(float)

    return {
        "employed": counted(work != WORK_NONE),
        "formal": counted(work == WORK_FORMAL),
        "informal": counted(work == WORK_INFORMAL),
        "in_course": counted(status == TRAINING),
        "unemployed": counted(searching),
        "observed": counted(~out),
    }


def monthly_earnings(
    status: np.ndarray,
    left_for: np.ndarray,
    wage_now: np.ndarray,
    kept_wage: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Each worker's earnings this month and whether they are still observed.

    In a manufacturing job: `wage_now` (their plant's wage for their skill); in another formal
    job: `kept_wage`, the wage of the job they lost grown as the country's mean manufacturing
    wage (their pay rate carries over: Bessen et al. find the loss comes from days not worked,
    not lower pay rates); in informal work: `INFORMAL_EARNINGS_RATIO` of it; unemployed or in
    training: zero. Workers who left the labour market (retired, emigrated) are not observed."""
    gone = status == DEPARTED
    earnings = np.where(status == EMPLOYED, wage_now, 0.0)
    earnings = np.where(gone & (left_for == TO_OTHER_JOB), kept_wage, earnings)
    informal = INFORMAL_EARNINGS_RATIO * kept_wage
    earnings = np.where(gone & (left_for == TO_INFORMAL), informal, earnings)
    return earnings, ~(gone & (left_for == OUT_OF_LABOUR_FORCE))


def earnings_loss(
    kept_wage: np.ndarray,
    earnings: np.ndarray,
    observed: np.ndarray,
    group: np.ndarray,
    n_groups: int,
) -> np.ndarray:
    """One month's earnings loss of each group of displaced workers, as a share of what its
    observed members would earn had they kept their jobs (`kept_wage`, the non-displaced
    comparison); zero for a group with no one observed."""
    base = np.bincount(group, weights=kept_wage * observed, minlength=n_groups)
    gap = np.bincount(group, weights=(kept_wage - earnings) * observed, minlength=n_groups)
    return np.divide(gap, base, out=np.zeros(n_groups), where=base > 0)


def shares(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den element by element; NaN where the base is empty (no cohort, no seekers)."""
    return np.divide(num, den, out=np.full(len(num), np.nan), where=den > 0)


def long_term_months_us() -> int:
    """The BLS threshold in whole months of a monthly model: 27 weeks or more."""
    return int(np.ceil(BLS_LONG_TERM_WEEKS / WEEKS_PER_MONTH))


def long_term_shares(
    months_unemployed: np.ndarray, country: np.ndarray, threshold: np.ndarray
) -> np.ndarray:
    """Share of the unemployed whose spell has lasted `threshold[country]` months or more."""
    long = months_unemployed >= threshold[country]
    total = np.bincount(country, minlength=N_COUNTRIES).astype(float)
    return shares(np.bincount(country[long], minlength=N_COUNTRIES).astype(float), total)


class DisplacedCohorts:
    """Re-employment of the workers automation displaced, cohort by cohort.

    Reads the worker table's monthly cohorts (`WorkerTable.displaced_cohorts`) and each
    member's status and destination; only the cohorts displaced 6, 12 and 24 months ago are
    looked at each month (a cost of the flows, not the stock). Keeps the running count of
    displaced workers in any job twelve months after displacement, by country (the
    denominator of public cost per outcome)."""

    def __init__(self, workers) -> None:
        self.workers = workers
        self.reemployed_12m_cum = np.zeros(N_COUNTRIES)
        self.by_city_12m = np.full(len(workers.city_country), np.nan)  # this month's, per city

    def at(self, step: int, horizon: int) -> dict[str, np.ndarray]:
        """Where the cohort displaced `horizon` months before `step` is now, by country."""
        w = self.workers
        ids = w.displaced_cohorts.get(step - horizon, np.empty(0, dtype=np.int64))
        return cohort_status(w.status[ids], w.left_for[ids], w.country[ids])

    def _by_city(self, cohort: int) -> np.ndarray:
        """The cohort's share in any job now, by city of residence (NaN: none from the city)."""
        w = self.workers
        ids = w.displaced_cohorts.get(cohort, np.empty(0, dtype=np.int64))
        n = len(w.city_country)
        now = cohort_status(w.status[ids], w.left_for[ids], w.city[ids].astype(np.int64), n)
        return shares(now["employed"], now["observed"])

    def month(self, step: int) -> dict[str, np.ndarray]:
        """The month's cohort shares: re-employed at each horizon (in any job, and in a formal
        one), informal at 12 months, in a course and unemployed at 24 months (the rest of the
        24-month base); and each cohort's base (`followed_{h}m`), which weights it when a
        year's cohorts are pooled."""
        figures: dict[str, np.ndarray] = {}
        for horizon in REEMPLOYMENT_HORIZONS:
            now = self.at(step, horizon)
            figures[f"reemployed_{horizon}m"] = shares(now["employed"], now["observed"])
            figures[f"reemployed_formal_{horizon}m"] = shares(now["formal"], now["observed"])
            figures[f"followed_{horizon}m"] = now["observed"]
            if horizon == 12:
                figures["informal_12m"] = shares(now["informal"], now["observed"])
                self.reemployed_12m_cum += now["employed"]
                self.by_city_12m = self._by_city(step - horizon)
            if horizon == 24:
                figures["in_course_24m"] = shares(now["in_course"], now["observed"])
                figures["unemployed_24m"] = shares(now["unemployed"], now["observed"])
        return figures


class EarningsLoss:
    """Cumulative earnings loss of each displacement cohort over its first
    `EARNINGS_LOSS_MONTHS` months, in years of pre-displacement earnings, by country.

    Each month every cohort displaced within the window adds that month's loss / 12; a cohort
    is reported the month its window closes, then dropped. The cost is the window's displaced
    workers (24 months of flows), not the stock of workers."""

    def __init__(self, workers) -> None:
        self.workers = workers
        self.cumulative: dict[tuple[int, int], float] = {}  # (cohort month, country) -> years
        self.wage_then: dict[int, np.ndarray] = {}  # mean wage by country at displacement

    def month(self, step: int, mean_wage: np.ndarray) -> np.ndarray:
        """Add this month's loss of the open cohorts; the 24-month loss of the cohort whose
        window closes now, by country (NaN where that cohort is empty)."""
        w = self.workers
        self.wage_then[step] = mean_wage.copy()
        first = max(1, step - EARNINGS_LOSS_MONTHS)
        window = [c for c in range(first, step) if c in w.displaced_cohorts]
        report = np.full(N_COUNTRIES, np.nan)
        if window:
            ids = np.concatenate([w.displaced_cohorts[c] for c in window])
            slot = np.repeat(np.arange(len(window)), [len(w.displaced_cohorts[c]) for c in window])
            country = w.country[ids].astype(np.int64)
            then = np.array([self.wage_then[c] for c in window])[slot, country]
            kept_wage = w.displaced_wage[ids] * np.where(then > 0, mean_wage[country] / then, 1.0)
            wage_now = w.plants.wage[np.maximum(w.employer[ids], 0), w.skill[ids]]
            earnings, observed = monthly_earnings(
                w.status[ids], w.left_for[ids], wage_now, kept_wage
            )
            group = slot * N_COUNTRIES + country
            n_groups = len(window) * N_COUNTRIES
            loss = earnings_loss(kept_wage, earnings, observed, group, n_groups) / 12.0
            present = np.bincount(group, minlength=n_groups) > 0
            for k in np.flatnonzero(present).tolist():
                key = (window[k // N_COUNTRIES], k % N_COUNTRIES)
                self.cumulative[key] = self.cumulative.get(key, 0.0) + float(loss[k])
            closing = step - EARNINGS_LOSS_MONTHS
            for c in range(N_COUNTRIES):
                if (closing, c) in self.cumulative:
                    report[c] = self.cumulative.pop((closing, c))
        self.wage_then.pop(step - EARNINGS_LOSS_MONTHS, None)
        return report


# two-sided 95 % normal quantile, for the trial's confidence intervals
Z_95 = 1.959963984540054
TRIAL_COLUMNS = ("trial_arm", "trial_month", *TRIAL_FIELDS)


def trial_frame(workers: WorkerTable) -> pd.DataFrame:
    """The in-model trial's members, one row each: arm, assignment month and where they work
    at each horizon (a `WORK_*` code, -1 not reached)."""
    import pandas as pd

    members = np.flatnonzero(workers.trial_arm[: workers.size] >= 0)
    return pd.DataFrame({name: getattr(workers, name)[members] for name in TRIAL_COLUMNS})


class RunModel(Protocol):
    """A model that has run: its worker table is what the trial reads."""

    workers: WorkerTable


def difference_of_shares(offer: np.ndarray, control: np.ndarray) -> dict[str, float]:
    """Shares of True in two independent arms, their difference and its 95 % confidence
    interval (normal approximation); NaN where an arm is empty."""
    p1 = offer.mean() if len(offer) else np.nan
    p0 = control.mean() if len(control) else np.nan
    se = np.sqrt(p1 * (1 - p1) / max(len(offer), 1) + p0 * (1 - p0) / max(len(control), 1))
    return {
        "offer": p1,
        "control": p0,
        "itt": p1 - p0,
        "ci_low": p1 - p0 - Z_95 * se,
        "ci_high": p1 - p0 + Z_95 * se,
    }


def trial_effects(source: pd.DataFrame | RunModel) -> pd.DataFrame:
    """Intention-to-treat effects of the in-model training trial, by months after assignment.

    `source`: the trial's end-of-run frame (`trial_frame`) or a model that has run. One row per
    outcome (`employed`: any job, formal or informal; `formal`: a formal job) and horizon:
    members reached in each arm, the shares in each arm, the difference offer - control and
    its 95 % confidence interval (normal approximation, by arm counts)."""
    import pandas as pd

    frame = source if isinstance(source, pd.DataFrame) else trial_frame(source.workers)
    arm = frame["trial_arm"].to_numpy()
    rows = []
    for horizon in TRIAL_HORIZONS:
        work = frame[f"trial_work_{horizon}m"].to_numpy()
        reached = work >= 0
        offer, control = reached & (arm == TRIAL_OFFER), reached & (arm == TRIAL_CONTROL)
        for outcome, success in (("employed", work != WORK_NONE), ("formal", work == WORK_FORMAL)):
            rows.append(
                {
                    "outcome": outcome,
                    "months": horizon,
                    "offered": int(offer.sum()),
                    "controls": int(control.sum()),
                    **difference_of_shares(success[offer], success[control]),
                }
            )
    return pd.DataFrame(rows)
