"""Plants: where a plant decides to automate, and what happens to the jobs it automates.

Plant state sits in a `PlantTable` (one row per plant); each plant is also a Mesa
`FixedAgent` on its city's cell. Each month `update_output_shares` moves every plant's output
toward what its unit cost earns it in its sector and country; `decide_automation` computes every
plant's adoption hazard at once (Bass innovation + imitation of nearby adopters, times the
economics of payback net of subsidies, times an SME credit constraint), starts pilots, promotes
pilots to adopters and deepens automation in adopters. The jobs automated first cancel open
vacancies; `switch_tasks` moves incumbents into the new tasks; `absorb_quits` leaves quits
unreplaced; and `displace_beyond_attrition` displaces only what attrition cannot absorb within
the window, laying each displaced worker off or sending them to retraining (`displace`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from mesa.discrete_space import FixedAgent

from sim.agents.columns import Column
from sim.agents.roster import RosterIndex
from sim.agents.worker import EMPLOYED, OPERATIVE, TECHNICIAN, UNEMPLOYED

if TYPE_CHECKING:
    from sim.model import BorderModel

NONE, PILOT, ADOPTED = 0, 1, 2
STAGE_NAMES = ("none", "pilot", "adopted")
SECTORS = ("automotive", "electronics", "aerospace", "medical_devices", "other")


class PlantTable:
    """All plants' state as arrays indexed by `Plant.idx`."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.country = np.zeros(n, dtype=np.int8)
        self.city = np.zeros(n, dtype=np.int16)
        self.sector = np.zeros(n, dtype=np.int8)
        self.sme = np.zeros(n, dtype=bool)
        self.real_size = np.zeros(n)  # workers of the real plant(s) it stands for
        self.weight = np.ones(n)  # real plants this modelled plant stands for
        self.headcount = np.zeros((n, 2), dtype=np.int64)  # [plant, skill], employed only
        self.trainees = np.zeros(n, dtype=np.int64)  # its workers now in retraining
        self.ops_demand0 = np.zeros(n)  # operative jobs needed at start with no automation
        self.tech_base = np.zeros(n)  # technician jobs needed at start, not tied to automation
        self.level = np.zeros(n)  # share of operative tasks automated
        self.stage = np.zeros(n, dtype=np.int8)
        self.stage_since = np.zeros(n, dtype=np.int32)
        self.base_wage = np.zeros(n)  # operative wage before the minimum-wage floor, USD/month
        self.wage = np.zeros((n, 2))  # current wage by skill, USD/month
        self.in_sez = np.zeros(n, dtype=bool)
        self.capex_cum = np.zeros(n)
        self.displaced_cum = np.zeros(n, dtype=np.int64)
        self.output_share = np.ones(n)  # output relative to its start, from unit-cost competition
        self.pending = np.zeros(n)  # automated operative jobs still filled, awaiting attrition
        self.rosters = RosterIndex()

    def join(self, workers: np.ndarray, plants: np.ndarray, skills: np.ndarray) -> None:
        self._add_heads(plants, skills, 1)
        self.rosters.join(workers, plants, skills)

    def leave(self, workers: np.ndarray, plants: np.ndarray, skills: np.ndarray) -> None:
        self._add_heads(plants, skills, -1)
        self.rosters.leave(workers, plants, skills)

    def _add_heads(self, plants: np.ndarray, skills: np.ndarray, sign: int) -> None:
        flat = np.asarray(plants, dtype=np.int64) * 2 + skills
        self.headcount += sign * np.bincount(flat, minlength=2 * self.n).reshape(self.n, 2)

    def roster(self, plant: int) -> np.ndarray:
        """Indices of the workers on a plant's payroll, ascending."""
        both = [self.rosters.members(plant, skill) for skill in (OPERATIVE, TECHNICIAN)]
        return np.sort(np.concatenate(both))

    def ops_demand(self, demand_index: np.ndarray) -> np.ndarray:
        """Operative jobs each plant would need today with no automation (its output at start,
        times its country's demand index, times its output share)."""
        return self.ops_demand0 * demand_index[self.country] * self.output_share

    def targets(self, demand_index: np.ndarray, techs_per_job: float) -> np.ndarray:
        """Jobs each plant wants filled now, shape (n, 2): operatives, technicians.

        `techs_per_job` counts every task automation creates per operative job automated
        (technicians plus reinstated new tasks)."""
        ops = self.ops_demand(demand_index)
        base = self.tech_base * demand_index[self.country] * self.output_share
        return np.stack([ops * (1.0 - self.level), base + techs_per_job * ops * self.level], axis=1)

    def adopters(self) -> np.ndarray:
        """Plants using AI/automation (pilot or adopted)."""
        return self.stage >= PILOT


class Plant(FixedAgent):
    """A manufacturing plant fixed on its city's cell."""

    country = Column("plants", convert=lambda c: ("MX", "US")[c])
    city_index = Column("plants", "city")
    sector = Column("plants", convert=lambda s: SECTORS[s])
    is_sme = Column("plants", "sme", convert=bool)
    automation_level = Column("plants", "level")
    stage = Column("plants", convert=lambda s: STAGE_NAMES[s])
    in_sez = Column("plants", convert=bool)
    trainees = Column("plants")

    def __init__(self, model: BorderModel, idx: int, cell) -> None:
        super().__init__(model)
        self.idx = idx
        self.cell = cell

    @property
    def operatives(self) -> int:
        return int(self.model.plants.headcount[self.idx, OPERATIVE])

    @property
    def technicians(self) -> int:
        return int(self.model.plants.headcount[self.idx, TECHNICIAN])

    @property
    def workers(self) -> list:
        """The Worker agents on this plant's payroll."""
        agents = self.model.workers.agents
        return [agents[w] for w in self.model.plants.roster(self.idx).tolist()]


# --------------------------------------------------------------------------- decisions
def capex_per_job(model: BorderModel) -> np.ndarray:
    """Capex to automate one operative job for each plant this month, before subsidies, USD."""
    cfg = model.config.automation
    years = (model.steps - 1) / 12.0
    base = cfg.capex_per_automated_job_usd * (1.0 - cfg.cost_decline_per_year) ** years
    transfer = model.config.policy.regulatory_interoperability * cfg.tech_transfer_capex_discount
    discount = np.where(model.plants.country == 0, 1.0 - transfer, 1.0)
    return base * discount


def subsidy_share(model: BorderModel) -> np.ndarray:
    """Share of automation capex covered by public money (SEZ credit, SME grant), as expected."""
    policy = model.config.policy
    plants = model.plants
    share = np.where(plants.in_sez, policy.sez_tax_credit, 0.0)
    share = share + np.where(plants.sme, policy.sme_digitalization_grant, 0.0)
    return np.minimum(share, 0.95) * model.subsidy_availability[plants.city]


def economics(model: BorderModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(attractiveness in [0, 1], net capex per job, SME credit factor in [0, 1]) per plant."""
    cfg = model.config.automation
    plants = model.plants
    net = capex_per_job(model) * (1.0 - subsidy_share(model))
    benefit = plants.wage[:, OPERATIVE] * model.burden[plants.country]
    benefit = benefit * (1.0 + cfg.non_labour_benefit_share)
    payback = net / np.maximum(benefit, 1e-9)
    attractiveness = np.minimum(
        1.0, (cfg.payback_target_months / payback) ** cfg.payback_elasticity
    )
    payroll = (plants.headcount * plants.wage).sum(axis=1)
    step_jobs = np.maximum(cfg.pilot_share, cfg.deepening_per_year) * plants.ops_demand(
        model.demand_index
    )
    need = net * np.maximum(step_jobs, 1e-9)
    credit = np.where(
        plants.sme, np.minimum(1.0, cfg.sme_credit_limit_months * payroll / need), 1.0
    )
    return attractiveness, net, credit


def peer_adoption(model: BorderModel) -> np.ndarray:
    """Share of peer plants (weighted by real plants) using automation, seen by each plant."""
    plants = model.plants
    n_cities = len(model.cities)
    adopted = np.bincount(
        plants.city, weights=plants.weight * plants.adopters(), minlength=n_cities
    )
    total = np.bincount(plants.city, weights=plants.weight, minlength=n_cities)
    peers = model.peer_weights
    share = (peers @ adopted) / np.maximum(peers @ total, 1e-12)
    return share[plants.city]


def new_tasks_per_job(config) -> float:
    """Technician and reinstated tasks a plant needs per operative job automated."""
    auto = config.automation
    return auto.technicians_per_automated_job + auto.reinstatement_tasks_per_automated_job


def unit_cost(level: np.ndarray, saving: float) -> np.ndarray:
    """A plant's unit cost relative to its unautomated self (1 at level 0)."""
    return 1.0 - saving * level


def output_share_targets(
    cost: np.ndarray,
    base_output: np.ndarray,
    group: np.ndarray,
    elasticity: float,
    industry_elasticity: float,
) -> np.ndarray:
    """Each plant's output relative to its start once prices settle.

    Within its group (sector x country) a cheaper plant gains share and a costlier one loses
    it: share_p = cost_p^-e / mean_g(cost^-e), the mean weighted by base output, so the group's
    output is unchanged by reallocation. The group as a whole sells more as its mean unit cost
    falls: x mean_g(cost)^-industry_elasticity (the productivity effect)."""
    pull = cost ** (-elasticity)
    n = int(group.max()) + 1 if len(group) else 0
    total = np.bincount(group, weights=base_output, minlength=n)

    def group_mean(values: np.ndarray) -> np.ndarray:
        summed = np.bincount(group, weights=base_output * values, minlength=n)
        return np.divide(summed, total, out=np.ones(n), where=total > 0)

    expansion = group_mean(cost) ** (-industry_elasticity)
    return pull / group_mean(pull)[group] * expansion[group]


def update_output_shares(model: BorderModel) -> None:
    """Adopters' lower unit costs win them output from the same sector and country."""
    cfg = model.config.automation
    plants = model.plants
    cost = unit_cost(plants.level, cfg.unit_cost_saving)
    base = plants.ops_demand0 * plants.weight
    group = plants.sector.astype(np.int64) * 2 + plants.country
    target = output_share_targets(
        cost, base, group, cfg.output_demand_elasticity, cfg.industry_demand_elasticity
    )
    plants.output_share += cfg.output_adjustment_per_month * (target - plants.output_share)


def stochastic_round(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Whole numbers with the right expectation: floor, plus one with the fractional chance."""
    whole = np.floor(values)
    return (whole + (rng.random(len(values)) < values - whole)).astype(np.int64)


def decide_automation(model: BorderModel) -> None:
    """Start pilots, promote pilots, deepen adopters; the automated jobs first cancel open
    vacancies, and the rest wait in `pending` for task switches and attrition."""
    cfg = model.config.automation
    plants = model.plants
    rng = model.rng
    t = model.steps
    attractiveness, net_capex, credit = economics(model)
    propensity = model.sector_propensity[plants.sector]

    imitation = cfg.bass_q_per_year * np.where(plants.country == 1, cfg.bass_q_multiplier_us, 1.0)
    hazard_year = cfg.bass_p_per_year + imitation * peer_adoption(model)
    hazard_year = np.minimum(hazard_year * attractiveness * propensity * credit, 0.999)
    monthly = 1.0 - (1.0 - hazard_year) ** (1.0 / 12.0)
    draws = rng.random(plants.n)
    starts = (plants.stage == NONE) & (draws < monthly)

    promote = (plants.stage == PILOT) & (t - plants.stage_since >= cfg.pilot_months)
    plants.stage[promote] = ADOPTED
    plants.stage_since[promote] = t

    deepen = np.where(
        plants.stage == ADOPTED,
        cfg.deepening_per_year / 12.0 * attractiveness * np.minimum(propensity, 1.0) * credit,
        0.0,
    )
    plants.stage[starts] = PILOT
    plants.stage_since[starts] = t
    delta = np.where(starts, cfg.pilot_share, deepen)
    delta = np.clip(np.minimum(plants.level + delta, cfg.automatable_share) - plants.level, 0, None)
    changed = np.flatnonzero(delta > 0)
    if len(changed) == 0:
        return
    jobs = delta[changed] * plants.ops_demand(model.demand_index)[changed]
    open_before = _open_operative_jobs(model, changed)
    plants.level[changed] += delta[changed]
    capex_gross = jobs * capex_per_job(model)[changed]
    plants.capex_cum[changed] += capex_gross
    model.flows.add("automation_investment", plants.country[changed], capex_gross)
    subsidy = capex_gross - jobs * net_capex[changed]
    _claim_capex_subsidies(model, changed, subsidy)

    country = plants.country[changed]
    model.flows.add("jobs_automated", country, jobs)
    model.flows.add_city("jobs_automated", plants.city[changed], jobs)
    cancelled = np.minimum(jobs, open_before)
    model.flows.add("attrition_absorbed", country, cancelled)
    plants.pending[changed] += jobs - cancelled


def _open_operative_jobs(model: BorderModel, plant_ids: np.ndarray) -> np.ndarray:
    """Operative vacancies the plants have open now (before this month's automation)."""
    plants = model.plants
    target = plants.ops_demand(model.demand_index)[plant_ids] * (1.0 - plants.level[plant_ids])
    return np.maximum(target - plants.headcount[plant_ids, OPERATIVE], 0.0)


def switch_tasks(model: BorderModel) -> None:
    """Reinstatement: incumbents whose operative job was automated take the plant's open new
    tasks (technician work, trained on the job) before anyone is hired from outside."""
    plants, workers = model.plants, model.workers
    waiting = np.flatnonzero(plants.pending >= 1.0)
    if len(waiting) == 0:
        return
    targets = plants.targets(model.demand_index, new_tasks_per_job(model.config))
    open_tasks = np.rint(targets[waiting, TECHNICIAN]).astype(np.int64)
    open_tasks -= plants.headcount[waiting, TECHNICIAN] + plants.trainees[waiting]
    n = np.minimum(np.maximum(open_tasks, 0), np.floor(plants.pending[waiting]).astype(np.int64))
    n = np.minimum(n, plants.headcount[waiting, OPERATIVE])
    some = n > 0
    if not some.any():
        return
    plant_ids, n = waiting[some], n[some]
    ranks = np.concatenate(
        [
            model.rng.choice(h, size=k, replace=False)
            for h, k in zip(
                plants.headcount[plant_ids, OPERATIVE].tolist(), n.tolist(), strict=True
            )
        ]
    )
    chosen = plants.rosters.ranked(np.repeat(plant_ids, n), OPERATIVE, ranks)
    workers.switch_task(chosen)
    plants.pending[plant_ids] -= n
    model.flows.add("task_switches", plants.country[plant_ids], n)


def absorb_quits(model: BorderModel, operative_quits: np.ndarray) -> None:
    """Quits of operatives at plants with automated jobs still filled are not replaced."""
    plants = model.plants
    absorbed = np.minimum(plants.pending, operative_quits)
    some = absorbed > 0
    if some.any():
        plants.pending[some] -= absorbed[some]
        model.flows.add("attrition_absorbed", plants.country[some], absorbed[some])


def displace_beyond_attrition(model: BorderModel) -> None:
    """Displace the automated jobs that the plant's expected quits over the attrition window
    cannot absorb (the layoff/retrain choice and retrain-first rules apply to these)."""
    plants = model.plants
    labour = model.config.labour
    waiting = np.flatnonzero(plants.pending > 0)
    if len(waiting) == 0:
        return
    quit_rate = model.labour_market.quit_rate[plants.country[waiting]]
    expected = quit_rate * plants.headcount[waiting, OPERATIVE] * labour.attrition_window_months
    excess = np.maximum(plants.pending[waiting] - expected, 0.0)
    n = np.minimum(stochastic_round(excess, model.rng), plants.headcount[waiting, OPERATIVE])
    some = n > 0
    plants.pending[waiting] = np.maximum(plants.pending[waiting] - n, 0.0)
    displace(model, waiting[some], n[some])


def _claim_capex_subsidies(model: BorderModel, plant_ids: np.ndarray, amounts: np.ndarray) -> None:
    plants = model.plants
    for p, amount in zip(plant_ids.tolist(), amounts.tolist(), strict=True):
        if amount <= 0:
            continue
        instrument = "sez_credit" if plants.in_sez[p] else "sme_grant"
        model.governments[plants.city[p]].fund(amount, instrument)


def must_retrain(model: BorderModel, plant: np.ndarray) -> np.ndarray:
    """Whether a rule obliges each plant to retrain rather than lay off."""
    policy = model.config.policy
    if policy.retrain_before_layoff:
        return np.ones(len(plant), dtype=bool)
    in_sez = model.plants.in_sez[plant]
    return in_sez & bool(policy.sez_retrain_first and policy.sez_tax_credit > 0)


def layoff_cost(model: BorderModel, plant: np.ndarray, workers: np.ndarray) -> np.ndarray:
    """Severance each worker would be owed by plant[i], USD (Mexico: 3 months + 20 + 12 days/yr)."""
    cfg = model.config.displacement
    wage = model.plants.wage[plant, OPERATIVE]
    years = (model.steps - model.workers.hire_step[workers]) / 12.0
    days = (cfg.severance_days_per_year_mx + cfg.seniority_days_per_year_mx) * years
    mexico = wage * (cfg.severance_months_mx + days / 30.4)
    us = wage * cfg.severance_weeks_per_year_us * years / 4.33
    return np.where(model.plants.country[plant] == 0, mexico, us)


def retraining_cost(model: BorderModel, plant: np.ndarray) -> np.ndarray:
    """What retraining one worker costs each plant, net of the public subsidy, USD."""
    training = model.config.training
    plants = model.plants
    course = model.training_cost_month[plants.country[plant]] * training.programme_months
    subsidy = (
        model.config.policy.retraining_subsidy * model.subsidy_availability[plants.city[plant]]
    )
    wages = plants.wage[plant, OPERATIVE] * model.config.displacement.training_wage_share
    return course * (1.0 - subsidy) + wages * training.programme_months


def _draw_displacement(
    model: BorderModel, plant_ids: np.ndarray, counts: np.ndarray, forced: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Random draws, plant by plant in order: which operatives (ranks), and the choice coins."""
    rng = model.rng
    operatives = model.plants.headcount[plant_ids, OPERATIVE].tolist()
    ranks, coins = [], []
    for n_ops, n, force in zip(operatives, counts.tolist(), forced.tolist(), strict=True):
        ranks.append(rng.choice(n_ops, size=n, replace=False))
        coins.append(np.zeros(n) if force else rng.random(n))
    return np.concatenate(ranks), np.concatenate(coins)


def displace(model: BorderModel, plant_ids: np.ndarray, counts: np.ndarray) -> None:
    """Convert counts[i] operative jobs at plant_ids[i]: each displaced worker is laid off or
    sent to retraining (all plants at once; draws and money in the plants' order)."""
    if len(plant_ids) == 0:
        return
    plants, workers = model.plants, model.workers
    cfg = model.config.displacement
    forced = must_retrain(model, plant_ids)
    ranks, coins = _draw_displacement(model, plant_ids, counts, forced)
    plant = np.repeat(plant_ids, counts)  # the plant of each displaced worker
    chosen = plants.rosters.ranked(plant, OPERATIVE, ranks)
    model.workers.displaced_step[chosen] = model.steps

    demand = plants.targets(model.demand_index, new_tasks_per_job(model.config))
    open_tech = (
        demand[plant_ids, TECHNICIAN]
        - plants.headcount[plant_ids, TECHNICIAN]
        - plants.trainees[plant_ids]
    )
    first = np.cumsum(counts) - counts
    order_in_plant = np.arange(len(chosen)) - np.repeat(first, counts)
    filling = order_in_plant < np.repeat(np.maximum(0, open_tech.astype(np.int64)), counts)
    value = np.where(
        filling, plants.wage[plant, TECHNICIAN] * cfg.technician_hiring_cost_months, 0.0
    )
    severance = layoff_cost(model, plant, chosen)
    gain = severance + value - retraining_cost(model, plant)
    gain += cfg.retrain_bias_usd
    with np.errstate(over="ignore"):  # exp overflow -> inf -> probability exactly 0
        chance = 1.0 / (1.0 + np.exp(-gain / cfg.choice_scale_usd))
    retrain = np.repeat(forced, counts) | (coins < chance)

    group = np.repeat(np.arange(len(plant_ids)), counts)
    n_laid_off = np.bincount(group[~retrain], minlength=len(plant_ids))
    owed = np.zeros(len(plant_ids))
    some = n_laid_off > 0
    # per-plant sums of the laid-off workers' severance, as numpy sums them plant by plant
    owed[some] = np.add.reduceat(severance[~retrain], (np.cumsum(n_laid_off) - n_laid_off)[some])
    country = plants.country[plant_ids]
    model.flows.add("severance", country, owed)
    workers.separate(chosen[~retrain], UNEMPLOYED)
    n_retrained = counts - n_laid_off
    model.training.sponsor(plant_ids, n_retrained, chosen[retrain])
    plants.displaced_cum[plant_ids] += counts
    city = plants.city[plant_ids]
    model.flows.add("displaced", country, counts)
    model.flows.add("laid_off", country, n_laid_off)
    model.flows.add("retrained", country, n_retrained)
    model.flows.add_city("displaced", city, counts)
    model.flows.add_city("laid_off", city, n_laid_off)


def employed_check(model: BorderModel) -> bool:
    """Plant headcounts equal the employed workers assigned to them (an invariant)."""
    w = model.workers
    live = np.flatnonzero(w.status[: w.size] == EMPLOYED)
    counted = np.zeros_like(model.plants.headcount)
    np.add.at(counted, (w.employer[live], w.skill[live]), 1)
    return bool(np.array_equal(counted, model.plants.headcount))
