"""Public training for the city's unemployed outside manufacturing (Bécate-like courses are
open to any registered job seeker, not only factory workers).

Each month the unemployed held as a city stock (`CityLabour.unemployed`) apply for their
city's public seats with the unemployed operatives' monthly chance and stipend response
(`sim.mechanisms.training.application_chance`), times `training.stock_application_share`.
Their applications queue behind the center's: they take the seats the queue leaves free this
month, while the government can pay; the rest stay in the stock and may apply next month (the
stock is a number, so nobody waits in it). Each admitted applicant leaves the stock and becomes
an operative agent (`Newcomers`), who enters training at once.

When the course ends they go back to where they came from: the city's whole labour market, not
only its manufacturing jobs (Bécate/SNE place trainees in any local job). Completers and
non-completers leave manufacturing as the city stock's unemployed (`left_for` = city
unemployed) and return to the stock; completers are then followed (`Careers`), who applies the
course's return to their chance of a formal job in the city's other sectors, as for the agents'
completers who left manufacturing.
"""

from __future__ import annotations

import numpy as np

from sim.config.schema import PolicyConfig, TrainingConfig
from sim.mechanisms.city import CityLabour
from sim.mechanisms.draws import Draws, stochastic_round
from sim.mechanisms.newcomers import Newcomers
from sim.mechanisms.training import TrainingSystem, application_chance
from sim.state.codes import CITY_UNEMPLOYED, UNEMPLOYED
from sim.state.ledger import Ledger


def stock_applicants(unemployed: np.ndarray, chance: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Whole applicants by city this month: the stock's unemployed x the monthly chance,
    rounded with the right expectation (`u`: one uniform number per city), and never more
    people than the stock holds."""
    stock = np.maximum(unemployed, 0.0)  # a stock a rounding error below zero holds no one
    return np.minimum(stochastic_round(stock * chance, u), np.floor(stock).astype(np.int64))


class TrainingReach:
    """Admits the city stock's unemployed to public seats (after the center's queue) and, when
    their course ends, returns them to the city stock.

    Built with the city stocks, the training system, the newcomers they become, the training
    and policy config sections, the ledger and the training stream; each month it is given
    the month. Its cost follows the applicants and the month's finishers: one keyed number per
    city and one step per admitted or returning person, never a pass over the stock."""

    reads = (
        "city stocks: unemployed",
        "centers (free seats, after the queue)",
        "city operative wage (the stipend's weight)",
        "workers.status, workers.city (its trainees whose course ended)",
    )
    writes = (
        "city stocks: unemployed (applicants leave it, finishers come back)",
        "workers (new rows, through the newcomers; enrolment through the training system)",
        "workers.status, workers.left_for (finishers leave manufacturing as city unemployed)",
        "centers (occupancy)",
        "public money: training_seats, stipends (through the training system)",
        "flows: stock_enrolled",
    )

    def __init__(
        self,
        city_labour: CityLabour,
        training: TrainingSystem,
        newcomers: Newcomers,
        config: TrainingConfig,
        policy: PolicyConfig,
        flows: Ledger,
        draws: Draws,
    ) -> None:
        self.city_labour = city_labour
        self.training = training
        self.newcomers = newcomers
        self.config = config
        self.policy = policy
        self.flows = flows
        self.draws = draws
        self.ending: dict[int, list[np.ndarray]] = {}

    def course_ended(self, month: int) -> None:
        """Its trainees whose course ended this month (graduates and the rest, now job
        seekers) leave manufacturing for the city stock's unemployed, where they search the
        whole city market (completers followed by `Careers`, with the course's return)."""
        batches = self.ending.pop(month, [])
        if not batches:
            return
        w = self.newcomers.workers
        done = np.concatenate(batches)
        done = done[w.status[done] == UNEMPLOYED]
        w.depart(done, CITY_UNEMPLOYED)
        self.city_labour.leave_training(
            np.bincount(w.city[done], minlength=len(self.city_labour.unemployed)).astype(float)
        )

    def month(self, month: int) -> None:
        """This month's applicants from the stock take the seats left free, if paid for."""
        share = self.config.stock_application_share
        if share == 0.0:
            return
        stocks = self.city_labour
        training = self.training
        cities = np.arange(len(stocks.unemployed))
        chance = share * application_chance(
            self.config.enrolment_probability_month,
            self.config.stipend_enrolment_effect,
            self.policy.stipend_usd_month,
            training.city_operative_wage,
        )
        applicants = stock_applicants(
            stocks.unemployed, chance, self.draws.uniform(cities, "stock_apply")
        )
        admitted = np.zeros(len(cities))
        for city in np.flatnonzero(applicants).tolist():
            n = training.fund_seats(city, int(applicants[city]))
            if n == 0:
                continue
            rows = self.newcomers.add(np.full(n, city), month)
            training.start_public(rows, city, month)
            self.ending.setdefault(month + self.config.programme_months, []).append(rows)
            admitted[city] = n
        stocks.enter_training(admitted)
        self.flows.add("stock_enrolled", stocks.country, admitted)
