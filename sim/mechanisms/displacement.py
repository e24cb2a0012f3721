"""What happens to the jobs a plant automated: task switches, attrition, displacement.

`Displacement.switch_tasks` moves incumbents into the new tasks automation creates;
`absorb_quits` leaves quits unreplaced; `beyond_attrition` displaces only what attrition cannot
absorb within the window, and `displace` lays each displaced worker off or sends them to
retraining: with no policy plants retrain the sourced base share, and a policy that changes
severance or the cost of retraining moves the plant's choice from there. `docs/model.md`
sections 7.3 to 7.5.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit, logit

from sim.config.countries import ByCountry
from sim.config.schema import (
    STATUTORY_SEVERANCE,
    PolicyConfig,
    Scenario,
    SeveranceRule,
    TrainingConfig,
)
from sim.mechanisms.automation import new_tasks_per_job
from sim.mechanisms.draws import Draws, stochastic_round
from sim.mechanisms.public_finance import retraining_subsidy_share
from sim.state.codes import OPERATIVE, TECHNICIAN, UNEMPLOYED
from sim.state.ledger import Ledger
from sim.state.plants import PlantTable
from sim.state.workers import WorkerTable


def must_retrain(policy: PolicyConfig, in_sez: np.ndarray) -> np.ndarray:
    """Whether a rule obliges each plant to retrain rather than lay off: everywhere under
    `retrain_before_layoff`, in SEZs when their tax credit comes with `sez_retrain_first`."""
    if policy.retrain_before_layoff:
        return np.ones(len(in_sez), dtype=bool)
    return in_sez & bool(policy.sez_retrain_first and policy.sez_tax_credit > 0)


def seniority_wage_cap(rules: ByCountry[SeveranceRule], min_wage_usd_month: float) -> np.ndarray:
    """The monthly wage each country's seniority days are paid on at most, USD (inf: no cap)."""
    return np.array(
        [
            np.inf
            if rule.seniority_wage_cap_min_wages is None
            else rule.seniority_wage_cap_min_wages * min_wage_usd_month
            for rule in rules.values
        ]
    )


def layoff_cost(
    wage: np.ndarray,
    months_employed: np.ndarray,
    country: np.ndarray,
    rules: ByCountry[SeveranceRule],
    min_wage_usd_month: float,
) -> np.ndarray:
    """Severance a laid-off operative is owed, USD, from their monthly wage and tenure under
    their country's rule: months' pay + days' pay per year of service + seniority days' pay per
    year on the wage capped at a multiple of the border minimum wage (`min_wage_usd_month`) +
    weeks' pay per year (in Mexico, LFT art. 439: 4 months + 20 days a year + 12 days a year
    on at most 2 minimum wages; in the US none)."""
    years = months_employed / 12.0
    seniority_wage = np.minimum(wage, seniority_wage_cap(rules, min_wage_usd_month)[country])
    days_pay = (
        (
            wage * rules.array_of("days_per_year")[country]
            + seniority_wage * rules.array_of("seniority_days_per_year")[country]
        )
        * years
        / 30.4
    )
    weeks_pay = wage * rules.array_of("weeks_per_year")[country] * years / 4.33
    return wage * rules.array_of("months")[country] + days_pay + weeks_pay


def retrain_chance(
    gain: np.ndarray, gain_no_policy: np.ndarray, base_share: float, scale_usd: float
) -> np.ndarray:
    """Each displaced worker's chance of being retrained: logit(chance_i) = c + gain_i / scale,
    where gain_i is what retraining saves the plant over a layoff (severance + value of the
    worker − retraining cost), USD, and c is set so that at no policy (gains `gain_no_policy`)
    the workers' mean chance is `base_share`. For one worker this is logit(base share) +
    (gain − gain at no policy) / scale; gains above the no-policy ones raise the chance."""
    x0 = gain_no_policy / scale_usd
    # the intercept lies within logit(base) - [max, min] of x0; one unit of margin keeps the
    # ends' signs strict under rounding
    low = logit(base_share) - x0.max() - 1.0
    high = logit(base_share) - x0.min() + 1.0
    intercept = brentq(lambda c: expit(c + x0).mean() - base_share, low, high, xtol=1e-12)
    return expit(intercept + gain / scale_usd)


def retraining_cost(
    wage: np.ndarray,
    course_per_month: np.ndarray,
    subsidy: np.ndarray,
    training: TrainingConfig,
    wage_share: float,
) -> np.ndarray:
    """What retraining one operative costs their plant, USD: the course net of the public
    `subsidy` share, plus `wage_share` of their wage, for the programme's months."""
    course = course_per_month * training.programme_months
    wages = wage * wage_share
    return course * (1.0 - subsidy) + wages * training.programme_months


class Sponsorship(Protocol):
    """The training pipeline as displacement sees it: plants sponsor retraining."""

    def sponsor(
        self, plant_ids: np.ndarray, counts: np.ndarray, workers: np.ndarray, month: int
    ) -> None: ...


class Displacement:
    """What happens to the jobs a plant automated, and promotion from within.

    Built with the plant and worker tables, config sections, the ledger, the random stream,
    the training pipeline plants sponsor retraining in, and `training_cost_month` (a public
    course's cost per trainee-month, by country). Each month it is given the month, the demand
    index, the quit rate by country, each city's subsidy availability and the month's border
    minimum wage."""

    reads = (
        "plants.pending",
        "plants.headcount",
        "plants.trainees",
        "plants.wage",
        "plants.in_sez",
        "plants.city",
        "plants.country",
        "plants targets (demand factor by plant)",
        "workers.hire_step",
        "quit rate by country",
        "subsidy availability by city",
        "border minimum wage of the month, USD",
    )
    writes = (
        "plants.pending",
        "plants.displaced_cum",
        "workers (task switches, layoffs; through the worker table)",
        "workers.displaced_step",
        "workers.displaced_cohort (through the worker table)",
        "flows: task_switches, promotions, attrition_absorbed, displaced, laid_off, "
        "retrained, severance",
        "retraining sponsored (through the training pipeline)",
    )

    def __init__(
        self,
        plants: PlantTable,
        workers: WorkerTable,
        config: Scenario,
        training: Sponsorship,
        flows: Ledger,
        draws: Draws,
        training_cost_month: np.ndarray,
    ) -> None:
        self.plants = plants
        self.workers = workers
        self.config = config.displacement
        self.labour = config.labour
        self.policy = config.policy
        self.training_config = config.training
        self.tasks_per_job = new_tasks_per_job(config.automation)
        self.training = training
        self.flows = flows
        self.draws = draws
        self.training_cost_month = training_cost_month

    def open_technician_tasks(
        self, demand_by_plant: np.ndarray, plant_ids: np.ndarray
    ) -> np.ndarray:
        """Technician tasks each plant wants and has not filled (its trainees count as filled)."""
        plants = self.plants
        targets = plants.targets(demand_by_plant, self.tasks_per_job)
        open_tasks = np.rint(targets[plant_ids, TECHNICIAN]).astype(np.int64)
        open_tasks -= plants.headcount[plant_ids, TECHNICIAN] + plants.trainees[plant_ids]
        return np.maximum(open_tasks, 0)

    def move_operatives_to_tasks(self, plant_ids: np.ndarray, n: np.ndarray, flow: str) -> None:
        """`n[i]` operatives of plant `plant_ids[i]`, drawn at random, take technician tasks
        there (counted in the ledger's `flow`)."""
        plants = self.plants
        n = np.minimum(n, plants.headcount[plant_ids, OPERATIVE])
        some = n > 0
        if not some.any():
            return
        plant_ids, n = plant_ids[some], n[some]
        rng = self.draws.rng(flow)
        ranks = np.concatenate(
            [
                rng.choice(h, size=k, replace=False)
                for h, k in zip(
                    plants.headcount[plant_ids, OPERATIVE].tolist(), n.tolist(), strict=True
                )
            ]
        )
        chosen = plants.rosters.ranked(np.repeat(plant_ids, n), OPERATIVE, ranks)
        self.workers.switch_task(chosen)
        plants.pending[plant_ids] = np.maximum(plants.pending[plant_ids] - n, 0.0)
        self.flows.add(flow, plants.country[plant_ids], n)

    def switch_tasks(self, demand_by_plant: np.ndarray) -> None:
        """Reinstatement: incumbents whose operative job was automated take the plant's open
        new tasks (technician work, trained on the job) before anyone is hired from outside."""
        waiting = np.flatnonzero(self.plants.pending >= 1.0)
        if len(waiting) == 0:
            return
        n = np.minimum(
            self.open_technician_tasks(demand_by_plant, waiting),
            np.floor(self.plants.pending[waiting]).astype(np.int64),
        )
        self.move_operatives_to_tasks(waiting, n, "task_switches")

    def promote_from_within(self, demand_by_plant: np.ndarray) -> None:
        """Internal labour market: a technician job still open after the month's separations
        is filled by training one of the plant's own operatives on the job with the configured
        monthly chance, which leaves an operative job (easier to fill) open instead."""
        rate = self.labour.internal_promotion_rate_month
        if rate <= 0:
            return
        plant_ids = np.flatnonzero(self.plants.pending < 1.0)
        open_tasks = self.open_technician_tasks(demand_by_plant, plant_ids)
        n = self.draws.rng("promotion_count").binomial(open_tasks, rate)
        self.move_operatives_to_tasks(plant_ids, n, "promotions")

    def absorb_quits(self, operative_quits: np.ndarray) -> None:
        """Quits of operatives at plants with automated jobs still filled are not replaced."""
        plants = self.plants
        absorbed = np.minimum(plants.pending, operative_quits)
        some = absorbed > 0
        if some.any():
            plants.pending[some] -= absorbed[some]
            self.flows.add("attrition_absorbed", plants.country[some], absorbed[some])

    def beyond_attrition(
        self,
        month: int,
        demand_by_plant: np.ndarray,
        quit_rate: np.ndarray,
        availability: np.ndarray,
        min_wage_usd_month: float,
    ) -> None:
        """Displace the automated jobs that the plant's expected quits over the attrition
        window cannot absorb (the layoff/retrain choice and retrain-first rules apply; the
        border minimum wage of the month, USD, caps the wage the seniority premium is paid on)."""
        plants = self.plants
        waiting = np.flatnonzero(plants.pending > 0)
        if len(waiting) == 0:
            return
        window = self.labour.attrition_window_months
        rate = quit_rate[plants.country[waiting]]
        expected = rate * plants.headcount[waiting, OPERATIVE] * window
        excess = np.maximum(plants.pending[waiting] - expected, 0.0)
        u = self.draws.uniform(waiting, "excess")
        n = np.minimum(stochastic_round(excess, u), plants.headcount[waiting, OPERATIVE])
        some = n > 0
        plants.pending[waiting] = np.maximum(plants.pending[waiting] - n, 0.0)
        self.displace(
            month, demand_by_plant, availability, min_wage_usd_month, waiting[some], n[some]
        )

    def _draw_ranks(self, plant_ids: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Which operatives each plant displaces (their ranks in its roster), plant by plant."""
        rng = self.draws.rng("displaced")
        operatives = self.plants.headcount[plant_ids, OPERATIVE].tolist()
        ranks = [
            rng.choice(n_ops, size=n, replace=False)
            for n_ops, n in zip(operatives, counts.tolist(), strict=True)
        ]
        return np.concatenate(ranks)

    def _technician_value(
        self, demand_by_plant: np.ndarray, plant_ids: np.ndarray, counts: np.ndarray
    ) -> np.ndarray:
        """What each displaced worker is worth to their plant if retrained, USD: the cost of
        hiring a technician outside for the first (open technician tasks) of each plant's
        displaced workers, 0 for the rest."""
        plants = self.plants
        demand = plants.targets(demand_by_plant, self.tasks_per_job)
        open_tech = (
            demand[plant_ids, TECHNICIAN]
            - plants.headcount[plant_ids, TECHNICIAN]
            - plants.trainees[plant_ids]
        )
        first = np.cumsum(counts) - counts
        order_in_plant = np.arange(counts.sum()) - np.repeat(first, counts)
        filling = order_in_plant < np.repeat(np.maximum(0, open_tech.astype(np.int64)), counts)
        hiring_cost = plants.wage[plant_ids, TECHNICIAN] * self.config.technician_hiring_cost_months
        return np.where(filling, np.repeat(hiring_cost, counts), 0.0)

    def _layoff_or_retrain(
        self,
        month: int,
        availability: np.ndarray,
        min_wage_usd_month: float,
        plant: np.ndarray,
        chosen: np.ndarray,
        value: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each displaced worker's severance, USD, and chance of being retrained: the base
        share of their country's cohort, moved by what the policy changes in the plant's gain
        from retraining (severance above the statutory one, the retraining subsidy)."""
        cfg, plants = self.config, self.plants
        wage = plants.wage[plant, OPERATIVE]
        country = plants.country[plant]
        tenure = month - self.workers.hire_step[chosen]
        severance = layoff_cost(wage, tenure, country, cfg.severance, min_wage_usd_month)
        statutory = layoff_cost(wage, tenure, country, STATUTORY_SEVERANCE, min_wage_usd_month)
        course = self.training_cost_month[country]
        subsidy = retraining_subsidy_share(self.policy) * availability[plants.city[plant]]
        training, wage_share = self.training_config, cfg.training_wage_share
        cost = retraining_cost(wage, course, subsidy, training, wage_share)
        cost_no_policy = retraining_cost(wage, course, np.zeros_like(subsidy), training, wage_share)
        gain, gain_no_policy = severance + value - cost, statutory + value - cost_no_policy
        chance = np.zeros(len(chosen))
        for code in np.unique(country).tolist():  # each country's cohort has the base share
            mine = country == code
            chance[mine] = retrain_chance(
                gain[mine], gain_no_policy[mine], cfg.employer_retrain_share, cfg.choice_scale_usd
            )
        return severance, chance

    def displace(
        self,
        month: int,
        demand_by_plant: np.ndarray,
        availability: np.ndarray,
        min_wage_usd_month: float,
        plant_ids: np.ndarray,
        counts: np.ndarray,
    ) -> None:
        """Convert counts[i] operative jobs at plant_ids[i]: each displaced worker is laid off
        or sent to retraining (all plants at once; draws and money in the plants' order)."""
        if len(plant_ids) == 0:
            return
        plants, workers, flows = self.plants, self.workers, self.flows
        forced = must_retrain(self.policy, plants.in_sez[plant_ids])
        ranks = self._draw_ranks(plant_ids, counts)
        plant = np.repeat(plant_ids, counts)  # the plant of each displaced worker
        chosen = plants.rosters.ranked(plant, OPERATIVE, ranks)
        workers.mark_displaced(chosen, month)

        value = self._technician_value(demand_by_plant, plant_ids, counts)
        severance, chance = self._layoff_or_retrain(
            month, availability, min_wage_usd_month, plant, chosen, value
        )
        retrain = np.repeat(forced, counts) | (self.draws.uniform(chosen, "retrain") < chance)

        group = np.repeat(np.arange(len(plant_ids)), counts)
        n_laid_off = np.bincount(group[~retrain], minlength=len(plant_ids))
        owed = np.zeros(len(plant_ids))
        some = n_laid_off > 0
        # per-plant sums of the laid-off workers' severance, as numpy sums them plant by plant
        owed[some] = np.add.reduceat(
            severance[~retrain], (np.cumsum(n_laid_off) - n_laid_off)[some]
        )
        country = plants.country[plant_ids]
        flows.add("severance", country, owed)
        workers.separate(chosen[~retrain], UNEMPLOYED)
        n_retrained = counts - n_laid_off
        self.training.sponsor(plant_ids, n_retrained, chosen[retrain], month)
        plants.displaced_cum[plant_ids] += counts
        city = plants.city[plant_ids]
        flows.add("displaced", country, counts)
        flows.add("laid_off", country, n_laid_off)
        flows.add("retrained", country, n_retrained)
        flows.add_city("displaced", city, counts)
        flows.add_city("laid_off", city, n_laid_off)
