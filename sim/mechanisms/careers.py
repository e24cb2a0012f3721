"""Careers after manufacturing: displaced workers and course completers, followed in the city.

A worker who leaves manufacturing for another formal job or informal work joins the city's
stocks (`CityLabour`), which move as numbers. Displaced workers and course completers are
followed there one by one, each month, with the stocks' own rates: a formal job ends with the
city's separation rate, informal work with its exit rate, and an unemployed person finds a
formal job with the city's other-jobs hiring chance or else starts informal work with the entry
rate. So what the outcome measures and the in-model trial read of them (`left_for`) is a
career, not the first job after the layoff.

The course's return (`sim.mechanisms.training.course_return`) acts on every formal job search of a
completer: from unemployment with the hiring chance × the factor, and from informal work
(on-the-job search: Maloney 1999 finds large direct informal-to-formal flows in Mexico) with
the hiring chance × (factor − 1), the part the course adds. The hires beyond the stocks' own
rates move one person from the stock's unemployed or informal workers to its other jobs.
A completer's first formal job within six months of the course is a placement (`Placements`).
"""

from __future__ import annotations

import numpy as np

from sim.arrays import unique_sorted
from sim.config.schema import TrainingConfig
from sim.mechanisms.city import CityLabour
from sim.mechanisms.draws import Draws
from sim.mechanisms.training import TrainingSystem, course_return
from sim.state.codes import (
    CITY_UNEMPLOYED,
    DEPARTED,
    OUT_OF_LABOUR_FORCE,
    TO_INFORMAL,
    TO_OTHER_JOB,
)
from sim.state.ledger import Placements
from sim.state.workers import WorkerTable


def career_step(
    place: np.ndarray,
    factor: np.ndarray,
    separation: np.ndarray,
    informal_exit: np.ndarray,
    hiring: np.ndarray,
    informal_entry: np.ndarray,
    draw: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Where each followed worker is after a month, and which moves were hires beyond the
    stocks' own rates (a completer's return).

    `place`: TO_OTHER_JOB, TO_INFORMAL or CITY_UNEMPLOYED; `factor`: the course's return (1
    for non-completers); monthly rates per worker; one uniform `draw` per worker. A formal job
    ends if draw < separation. Informal work ends if draw < exit, else becomes a formal job if
    draw < exit + hiring × (factor − 1). The unemployed take a formal job if draw < hiring ×
    factor, else informal work with the entry rate (draw < formal chance + (1 − formal chance)
    × entry)."""
    formal_chance = np.minimum(hiring * factor, 1.0)
    upgrade = np.minimum(informal_exit + hiring * (factor - 1.0), 1.0)
    new = place.copy()
    formal, informal, unemployed = (
        place == code for code in (TO_OTHER_JOB, TO_INFORMAL, CITY_UNEMPLOYED)
    )
    new[formal & (draw < separation)] = CITY_UNEMPLOYED
    new[informal & (draw < informal_exit)] = CITY_UNEMPLOYED
    moved_up = informal & (draw >= informal_exit) & (draw < upgrade)
    new[moved_up] = TO_OTHER_JOB
    hired = unemployed & (draw < formal_chance)
    new[hired] = TO_OTHER_JOB
    to_informal = formal_chance + (1.0 - formal_chance) * informal_entry
    new[unemployed & (draw >= formal_chance) & (draw < to_informal)] = TO_INFORMAL
    return new, moved_up | (hired & (draw >= hiring))


class Careers:
    """Follows displaced workers and course completers once they have left manufacturing.

    Built with the worker table, the city stocks, the training system (its month's
    graduates), the placements, the training config and its own random stream. Each month,
    after the stocks' flows, it is given the month and each city's other-jobs hiring chance
    (last month's)."""

    reads = (
        "workers.status",
        "workers.city",
        "workers.left_for",
        "workers.trained",
        "workers.training_start",
        "workers.long_term_at_entry",
        "workers.graduated_step",
        "workers.displaced_cohorts (this month's)",
        "training: the month's graduates",
        "city stocks: separation, informal exit and entry rates",
        "other jobs' hiring chance (argument)",
    )
    writes = (
        "workers.left_for (followed workers who left manufacturing)",
        "city stocks (completers' formal hires beyond the stocks' rates, and the jobs they create)",
        "workers.graduated_step (cleared at a completer's first formal job)",
        "placements (completers' formal jobs in the city)",
    )

    def __init__(
        self,
        workers: WorkerTable,
        city_labour: CityLabour,
        training: TrainingSystem,
        placements: Placements,
        config: TrainingConfig,
        draws: Draws,
    ) -> None:
        self.workers = workers
        self.city_labour = city_labour
        self.training = training
        self.placements = placements
        self.config = config
        self.draws = draws
        self.followed = np.empty(0, dtype=np.int64)
        self._is_followed = np.zeros(0, dtype=bool)

    def _follow(self, ids: np.ndarray) -> None:
        if len(self._is_followed) < self.workers.size:
            grown = np.zeros(int(self.workers.size * 1.5) + 16, dtype=bool)
            grown[: len(self._is_followed)] = self._is_followed
            self._is_followed = grown
        ids = unique_sorted(ids[~self._is_followed[ids]])
        self._is_followed[ids] = True
        self.followed = np.concatenate([self.followed, ids])

    def month(self, month: int, hiring: np.ndarray) -> None:
        """This month's displaced workers and graduates join the followed; those who have
        left manufacturing (and not the labour market) move on with the stocks' rates."""
        w = self.workers
        self._follow(w.displaced_cohorts.get(month, np.empty(0, dtype=np.int64)))
        self._follow(self.training.graduates_now)
        ids = self.followed
        gone = w.status[ids] == DEPARTED
        place = w.left_for[ids]
        self.followed = ids = ids[~(gone & (place == OUT_OF_LABOUR_FORCE))]  # for good
        ids = ids[w.status[ids] == DEPARTED]
        if len(ids) == 0:
            return
        stocks = self.city_labour
        city = w.city[ids]
        factor = course_return(w, ids, month, self.config)
        place = w.left_for[ids]
        new, extra = career_step(
            place,
            factor,
            stocks.separation_rate()[city],
            stocks.informal_exit[city],
            hiring[city],
            stocks.informal_entry_rate()[city],
            self.draws.uniform(ids, "career"),
        )
        w.left_for[ids] = new
        found = ids[(new == TO_OTHER_JOB) & (place != TO_OTHER_JOB)]
        self.placements.formal_job(w.graduated_step, found, month)
        n = len(stocks.unemployed)
        from_unemployed = np.bincount(city[extra & (place == CITY_UNEMPLOYED)], minlength=n)
        from_informal = np.bincount(city[extra & (place == TO_INFORMAL)], minlength=n)
        stocks.hire_from_stocks(from_unemployed.astype(float), from_informal.astype(float))
