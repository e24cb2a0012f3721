"""The training pipeline: sponsored retraining, public seats, cohorts.

One center per city (`sim.agents.training_center`). Plants send displaced workers they retrain
(to a center seat when one is free, else in-house at a higher cost); unemployed operatives
apply for public seats (more of them with a stipend), wait in the center's queue and are
admitted when a seat and the money for it are there (the seats left go to the city's
unemployed outside manufacturing: `sim.mechanisms.training_reach`). Cohorts finish after the
programme length; graduates become technicians, the rest go back to the job market as
operatives.

Two returns follow the course. A stipend raises the chance a public trainee completes
(`completion_probability`), on top of the applications it brings. A completer's monthly
job-finding probability rises with the years since the course began
(`course_return`, the Card-Kluve-Weber time profile), which `LabourMarket` applies to
job seekers and `Careers` to completers who have left manufacturing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from sim.agents.training_center import TrainingCenter
from sim.arrays import unique_sorted
from sim.config.schema import PolicyConfig, TrainingConfig, TrialConfig
from sim.mechanisms.draws import Draws
from sim.mechanisms.public_finance import Funder, retraining_subsidy_share
from sim.state.codes import OPERATIVE, TECHNICIAN, TRAINING, UNEMPLOYED
from sim.state.ledger import Ledger, Placements
from sim.state.plants import PlantTable
from sim.state.workers import TRIAL_CONTROL, WorkerTable


def human_capital_multiplier(
    months_since_start: np.ndarray,
    completed: np.ndarray,
    long_term_at_entry: np.ndarray,
    rise_by_year: Sequence[float],
    long_term_factor: float,
) -> np.ndarray:
    """Factor on each worker's monthly job-finding probability from a completed course.

    1 + rise[year since the course began] (the last entry holds for later years), the rise
    times `long_term_factor` for those long-term unemployed at entry; 1 for anyone who did not
    complete a course (`months_since_start` < 0 marks no course)."""
    rise = np.asarray(rise_by_year, dtype=float)
    year = np.clip(months_since_start // 12, 0, len(rise) - 1)
    gain = rise[year] * np.where(long_term_at_entry, long_term_factor, 1.0)
    return 1.0 + np.where(completed & (months_since_start >= 0), gain, 0.0)


def course_return(
    workers: WorkerTable, ids: np.ndarray, month: int, config: TrainingConfig
) -> np.ndarray:
    """These workers' factor on the chance of a formal hire this month: the return to a
    completed course by the years since it began (1 for everyone else)."""
    return human_capital_multiplier(
        month - workers.training_start[ids],
        workers.trained[ids],
        workers.long_term_at_entry[ids],
        config.human_capital_rise_by_year,
        config.long_term_unemployed_factor,
    )


def application_chance(base: float, effect: float, stipend: float, wage: np.ndarray) -> np.ndarray:
    """Monthly chance an unemployed person applies for a public seat: `base` x (1 + `effect`
    x stipend / operative wage), at most 1."""
    return np.minimum(base * (1.0 + effect * stipend / wage), 1.0)


def completion_probability(
    base: float, stipend: float, wage: np.ndarray, effect: float, cap: float
) -> np.ndarray:
    """Chance a public trainee completes: `base` + `effect` x stipend / operative wage, capped
    at `cap` (and never below `base`: a cap under the base leaves the base)."""
    return np.maximum(np.minimum(base + effect * stipend / wage, cap), base)


class TrainingSystem:
    """The training pipeline shared by all centers: who is in training until when.

    Built with the worker and plant tables, the centers, the governments that pay (by city),
    config sections (training, policy, trial), the ledger, the random stream, the placement
    log, and fixed arrays: `training_cost_month` (by country), `city_operative_wage` (USD/month
    by city, before plant dispersion) and `city_country`. Each month it is given the month and
    the job seekers."""

    reads = (
        "workers.status",
        "workers.skill",
        "workers.city",
        "workers.queue_center",
        "workers.training_center",
        "workers.sponsor",
        "workers.unemployed_since",
        "workers.trial_arm",
        "workers.trial_month",
        "plants.city",
        "plants.country",
        "centers (seats, queues)",
        "job seekers (argument)",
    )
    writes = (
        "workers (enrolment, graduation, skill, credential; through the worker table)",
        "workers.training_start, workers.long_term_at_entry (through enrolment)",
        "workers.trained",
        "plants.trainees",
        "centers (occupancy, queues)",
        "flows: enrolled, completions, training_separations, private_training,"
        " course_leavers_to_work",
        "public money: retraining_subsidy, training_seats, stipends",
        "placements (graduates by month)",
        "graduates_now (this month's graduates)",
    )

    def __init__(
        self,
        workers: WorkerTable,
        plants: PlantTable,
        centers: list[TrainingCenter],
        funders: Sequence[Funder],
        config: TrainingConfig,
        policy: PolicyConfig,
        trial: TrialConfig,
        flows: Ledger,
        draws: Draws,
        placements: Placements,
        training_cost_month: np.ndarray,
        city_operative_wage: np.ndarray,
        city_country: np.ndarray,
    ) -> None:
        self.workers = workers
        self.plants = plants
        self.centers = centers
        self.funders = funders
        self.config = config
        self.policy = policy
        self.trial = trial
        self.flows = flows
        self.draws = draws
        self.placements = placements
        self.training_cost_month = training_cost_month
        self.city_operative_wage = city_operative_wage
        self.city_country = city_country
        self.ending: dict[int, list[np.ndarray]] = defaultdict(list)
        self.graduates_now = np.empty(0, dtype=np.int64)  # this month's (`Careers` follows them)
        self.in_search = np.empty(0, dtype=np.int64)  # this month's searching trainees
        self.in_search_center = np.empty(0, dtype=np.int32)

    def _cost(self, country: int) -> float:
        return self.training_cost_month[country] * self.config.programme_months

    def sponsor(
        self, plant_ids: np.ndarray, counts: np.ndarray, workers: np.ndarray, month: int
    ) -> None:
        """Plants send displaced workers to retraining (center seat if free, else in-house).

        `workers` are grouped by plant: counts[i] of them for plant_ids[i], in that order;
        seats and public money go to the plants in that order."""
        plants = self.plants
        inhouse = self.config.inhouse_cost_multiplier
        where = np.full(len(workers), -1, dtype=np.int32)
        paid_by, paid = [], []
        start = 0
        for plant, n in zip(plant_ids.tolist(), counts.tolist(), strict=True):
            if n == 0:
                continue
            city = int(plants.city[plant])
            center = self.centers[city]
            at_center = min(center.free_seats, n)
            center.occupied += at_center
            where[start : start + at_center] = city
            start += n
            country = int(plants.country[plant])
            cost = self._cost(country) * (at_center + inhouse * (n - at_center))
            subsidy = cost * retraining_subsidy_share(self.policy)
            granted = self.funders[city].fund(subsidy, "retraining_subsidy") if subsidy else 0.0
            paid_by.append(country)
            paid.append(cost - granted)
        if not paid:
            return
        self.flows.add("private_training", paid_by, paid)
        np.add.at(plants.trainees, plant_ids, counts)
        self._start(workers, where, np.repeat(plant_ids, counts).astype(np.int32), month)

    def _start(
        self, workers: np.ndarray, centers: np.ndarray, sponsors: np.ndarray, month: int
    ) -> None:
        months = self.config.programme_months
        self.workers.enrol(
            workers, centers, sponsors, months, self.config.long_term_months_at_entry
        )
        self.ending[month + months].append(workers)
        self.flows.add("enrolled", self.workers.country[workers], 1)

    def apply(self, pool: np.ndarray) -> None:
        """Unemployed operatives decide to apply for a public seat and join a queue (trial
        controls may not, for `control_exclusion_months` after assignment)."""
        w = self.workers
        cfg = self.config
        stipend = self.policy.stipend_usd_month
        barred = (w.trial_arm[pool] == TRIAL_CONTROL) & (
            w.clock() - w.trial_month[pool] < self.trial.control_exclusion_months
        )
        candidates = pool[(w.skill[pool] == OPERATIVE) & (w.queue_center[pool] < 0) & ~barred]
        if len(candidates) == 0:
            return
        chance = application_chance(
            cfg.enrolment_probability_month,
            cfg.stipend_enrolment_effect,
            stipend,
            self.city_operative_wage[w.city[candidates]],
        )
        applicants = candidates[self.draws.uniform(candidates, "apply") < chance]
        cross_border = self.policy.cross_border_enrolment
        if not (cross_border and any(c.binational for c in self.centers)):
            # everyone queues at home: one step per city, not one per applicant (1:1 scale)
            home = w.city[applicants]
            for k in np.flatnonzero(np.bincount(home, minlength=len(self.centers))).tolist():
                self.centers[k].queue.extend(applicants[home == k].tolist())
            w.queue_center[applicants] = home
            return
        for worker in applicants.tolist():
            center = self.centers[w.city[worker]]
            twin = center.twin
            if (
                cross_border
                and center.binational
                and twin is not None
                and twin.free_seats - len(twin.queue) > center.free_seats - len(center.queue)
            ):
                center = twin
            center.queue.append(worker)
            w.queue_center[worker] = center.city

    def offer(self, workers: np.ndarray) -> None:
        """Trial offers: these unemployed workers go to the front of their home center's
        queue (priority admission; seats and money still have to be there)."""
        w = self.workers
        workers = workers[w.queue_center[workers] < 0]
        home = w.city[workers]
        for k in np.flatnonzero(np.bincount(home, minlength=len(self.centers))).tolist():
            center = self.centers[k]
            center.queue = workers[home == k].tolist() + center.queue
        w.queue_center[workers] = home

    def waiting(self) -> int:
        """Applicants still waiting for a seat (queues are cleaned lazily, so check each one)."""
        w = self.workers
        total = 0
        for center in self.centers:
            if center.queue:
                queue = np.asarray(center.queue, dtype=np.int64)
                total += int(
                    ((w.status[queue] == UNEMPLOYED) & (w.queue_center[queue] == center.city)).sum()
                )
        return total

    def admit(self, month: int) -> None:
        """Each center admits from its queue while seats and public money last."""
        w = self.workers
        for center in self.centers:
            if not center.queue:
                continue
            queue = np.array(center.queue, dtype=np.int64)
            waiting = queue[
                (w.status[queue] == UNEMPLOYED) & (w.queue_center[queue] == center.city)
            ]
            w.queue_center[queue[w.queue_center[queue] == center.city]] = -1
            admitted = self.fund_seats(center.city, len(waiting))
            rest = waiting[admitted:]
            w.queue_center[rest] = center.city
            center.queue = rest.tolist()
            self.start_public(waiting[:admitted], center.city, month)

    def fund_seats(self, city: int, wanted: int) -> int:
        """Pay for up to `wanted` seats at the city's center, one at a time while it has free
        seats and its government can pay the course and the whole stipend up front; returns
        how many were paid for (`start_public` fills them)."""
        center = self.centers[city]
        stipend = self.policy.stipend_usd_month
        months = self.config.programme_months
        cost = self._cost(self.city_country[city])
        government = self.funders[city]
        paid = 0
        while paid < min(center.free_seats, wanted):
            if not government.can_fund(cost + stipend * months):
                break
            government.fund(cost, "training_seats")
            if stipend:
                government.fund(stipend * months, "stipends")
            paid += 1
        return paid

    def start_public(self, workers: np.ndarray, city: int, month: int) -> None:
        """Unemployed workers take the public seats paid for at the city's center."""
        self.centers[city].occupied += len(workers)
        self._start(
            workers,
            np.full(len(workers), city, dtype=np.int32),
            np.full(len(workers), -1, dtype=np.int32),
            month,
        )

    def searching(self) -> np.ndarray:
        """Public trainees still in their course, ascending: they keep looking for work at
        `course_search_intensity` of a job seeker's effort (sponsored trainees have their
        plant's job to go back to). `release_leavers` frees the seats of those who found it."""
        w = self.workers
        self.in_search = np.empty(0, dtype=np.int64)
        if self.config.course_search_intensity > 0 and self.ending:
            ids = np.concatenate([b for batches in self.ending.values() for b in batches])
            ids = ids[(w.status[ids] == TRAINING) & (w.sponsor[ids] < 0)]
            self.in_search = unique_sorted(ids)  # one who left and began again is listed twice
        self.in_search_center = w.training_center[self.in_search]
        return self.in_search

    def release_leavers(self) -> None:
        """Trainees from `searching` who took a job or informal work this month leave the
        course: their seats free up (for the queue next month); they never complete it."""
        w = self.workers
        gone = w.status[self.in_search] != TRAINING
        left, centers = self.in_search[gone], self.in_search_center[gone]
        centers = centers[centers >= 0]  # -1: in-house, a closed plant's trainee
        for center, n in enumerate(np.bincount(centers, minlength=len(self.centers)).tolist()):
            self.centers[center].occupied -= n
        self.flows.add("course_leavers_to_work", w.country[left], 1)

    def graduate(self, month: int) -> np.ndarray:
        """Cohorts that finish this month: graduates become technicians, others leave.

        Returns the graduates a plant sponsored: they go back to it (`LabourMarket.hire`)."""
        w = self.workers
        self.graduates_now = np.empty(0, dtype=np.int64)
        batches = self.ending.pop(month, [])
        if not batches:
            return np.empty(0, dtype=np.int64)
        done = np.concatenate(batches)
        # still in this course (not one who left it for work and began another since)
        done = done[(w.status[done] == TRAINING) & (w.training_end[done] == month)]
        for center in np.unique(w.training_center[done]):
            if center >= 0:
                self.centers[center].occupied -= int((w.training_center[done] == center).sum())
        cfg = self.config
        public = completion_probability(
            cfg.completion_probability,
            self.policy.stipend_usd_month,
            self.city_operative_wage[w.city[done]],
            cfg.stipend_completion_effect,
            cfg.completion_probability_cap,
        )
        chance = np.where(w.sponsor[done] < 0, public, cfg.completion_probability)
        passed = self.draws.uniform(done, "complete") < chance
        graduates, dropouts = done[passed], done[~passed]
        self.graduates_now = graduates
        w.trained[graduates] = True
        binational = np.array([c.binational for c in self.centers] + [False])
        w.binational_credential[graduates] |= binational[w.training_center[graduates]]
        w.set_skill(graduates, TECHNICIAN)
        w.graduated_step[graduates] = month
        self.flows.add("completions", w.country[graduates], 1)
        self.placements.graduated(month, len(graduates))

        sponsors = w.sponsor[done]
        np.subtract.at(self.plants.trainees, sponsors[sponsors >= 0], 1)
        sponsored = w.sponsor[graduates] >= 0
        back, seekers = graduates[sponsored], graduates[~sponsored]
        self.flows.add("training_separations", w.country[dropouts[w.sponsor[dropouts] >= 0]], 1)
        w.end_training(seekers)
        w.end_training(dropouts)
        return back
