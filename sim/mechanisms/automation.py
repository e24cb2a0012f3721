"""Where a plant decides to automate, and how automation moves its output.

Adoption (is a plant automating at all: Bass innovation + imitation of nearby adopters, times
the payback of an entry-level pilot (cobot, machine vision, AI software) net of subsidies, an SME
credit constraint and the plant's technician fill) is kept apart from intensity (how many
operative tasks a pilot and a year of deepening automate; deepening pays robot-cell capex and is
gated by its payback), which is sized against IFR robot installations
(`ifr_bound_jobs_per_year`). One net saving per automated job (labour saved, minus the
technicians added, plus a quality gain) drives both paybacks and the unit cost behind output
shares. The jobs automated first cancel open vacancies; the rest wait in the plant's `pending`
for task switches and attrition (`sim.mechanisms.displacement`). `docs/model.md` sections 7.1
(adoption and intensity) and 7.2 (output shares).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from sim.config.schema import AutomationConfig, PolicyConfig
from sim.mechanisms.draws import Draws
from sim.mechanisms.public_finance import Funder
from sim.state.codes import ADOPTED, N_COUNTRIES, NONE, OPERATIVE, PILOT, TECHNICIAN
from sim.state.ledger import Ledger
from sim.state.plants import PlantTable


def capex_per_job(
    cfg: AutomationConfig,
    interoperability: float,
    month: int,
    country: np.ndarray,
    pilot: bool = False,
) -> np.ndarray:
    """Capex to automate one operative job at plants of the given countries in simulated month
    `month` (1 = the start month), before subsidies, USD: a robot cell's, or with `pilot` an
    entry-level project's (cobot, machine vision, AI software); it falls by
    `cost_decline_per_year`, and Mexican plants get the tech-transfer discount as far as
    regulations interoperate."""
    years = (month - 1) / 12.0
    start = cfg.pilot_capex_per_automated_job_usd if pilot else cfg.capex_per_automated_job_usd
    base = start * (1.0 - cfg.cost_decline_per_year) ** years
    transfer = interoperability * cfg.tech_transfer_capex_discount
    discount = np.where(country == 0, 1.0 - transfer, 1.0)
    return base * discount


def subsidy_share(
    policy: PolicyConfig, in_sez: np.ndarray, sme: np.ndarray, availability: np.ndarray
) -> np.ndarray:
    """Share of automation capex public money covers (SEZ credit, SME grant, at most 95%), as
    plants expect it: times their government's recent `availability` of money."""
    share = np.where(in_sez, policy.sez_tax_credit, 0.0)
    share = share + np.where(sme, policy.sme_digitalization_grant, 0.0)
    return np.minimum(share, 0.95) * availability


def net_monthly_saving(
    operative_wage: np.ndarray,
    technician_wage: np.ndarray,
    burden: np.ndarray,
    tasks_per_job: float,
    quality_gain_share: float,
) -> np.ndarray:
    """What automating one operative job saves a plant per month, USD: the operative's labour
    cost, minus the technician tasks it adds (paid at the technician wage), plus a quality gain
    as a share of the operative's labour cost."""
    operative_cost = operative_wage * burden
    return operative_cost * (1.0 + quality_gain_share) - tasks_per_job * technician_wage * burden


def payback_attractiveness(
    net_capex: np.ndarray, monthly_saving: np.ndarray, target_months: float, elasticity: float
) -> np.ndarray:
    """How attractive automating a job is, in (0, 1): 1 / (1 + (payback / target)^elasticity),
    one half at the target and falling smoothly on both sides of it, so a subsidy that shortens
    payback always raises it (no cap where credits stop mattering); 0 when nothing is saved."""
    ratio = net_capex / np.maximum(monthly_saving, 1e-9) / target_months
    return 1.0 / (1.0 + ratio**elasticity)


def technician_fill(
    technicians: np.ndarray, trainees: np.ndarray, target: np.ndarray, power: float
) -> np.ndarray:
    """How far a plant's technicians let it automate as planned, in [0, 1]: its technicians
    and trainees over the technicians it wants (at most 1), to `power`; 1 with no target."""
    have = (technicians + trainees).astype(float)
    ratio = np.divide(have, target, out=np.ones(len(have)), where=target > 0)
    return np.minimum(ratio, 1.0) ** power


def ifr_bound_jobs_per_year(config: AutomationConfig, country: str, year: int) -> float:
    """Operative jobs a year that robots and software can plausibly automate in the border
    cities of `country` ("MX" or "US"): robots installed in the country that year x the border's
    share of them x jobs per robot x (1 + software multiplier) (`docs/model.md` section 7.1)."""
    robots = config.robots_installed(country, year)
    border = config.border_share_of_installations[country]
    per_robot = config.operative_jobs_per_robot * (1.0 + config.software_jobs_multiplier)
    return robots * border * per_robot


def peer_weights(
    near: np.ndarray, country: np.ndarray, cross_border: float, interoperability: float
) -> np.ndarray:
    """How much each city's plants (rows) watch each city's adopters (columns): 1 within the
    imitation radius on the same side, `cross_border` across the border, raised toward 1 as
    far as regulations interoperate; 0 beyond the radius."""
    same = country[:, None] == country[None, :]
    across = cross_border + interoperability * (1.0 - cross_border)
    return np.where(near, np.where(same, 1.0, across), 0.0)


def new_tasks_per_job(auto: AutomationConfig) -> float:
    """Technician and reinstated tasks a plant needs per operative job automated."""
    return auto.technicians_per_automated_job + auto.reinstatement_tasks_per_automated_job


def unit_cost(
    level: np.ndarray, saving_ratio: np.ndarray, operative_cost_share: float
) -> np.ndarray:
    """A plant's unit cost relative to its unautomated self (1 at level 0): the automated share
    of its operative cost, times the net saving per job over the operative's labour cost."""
    return 1.0 - operative_cost_share * saving_ratio * level


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


class Economics(NamedTuple):
    """What one kind of automation project is worth to each plant this month."""

    attractiveness: np.ndarray  # in (0, 1), from the payback (`payback_attractiveness`)
    net_capex: np.ndarray  # capex per automated job after public subsidies, USD
    credit: np.ndarray  # SME credit factor in [0, 1]; 1 for large plants


class Automation:
    """Plants' automation decisions and the output shares that follow from them.

    Built with the plant table, its config sections, the ledger, the random stream, the
    governments that pay capex subsidies (by city), and fixed arrays: `peer_weights` (city,
    city), `sector_propensity` (by sector code) and `burden` (labour cost over wage, by
    country). Each month it is given the month, each plant's demand factor and each city's subsidy
    availability."""

    reads = (
        "plants.country",
        "plants.city",
        "plants.sector",
        "plants.sme",
        "plants.in_sez",
        "plants.weight",
        "plants.wage",
        "plants.headcount",
        "plants.trainees",
        "plants.ops_demand0",
        "plants.tech_base",
        "plants.output_share",
        "plants.stage",
        "plants.stage_since",
        "plants.level",
        "demand factor by plant",
        "subsidy availability by city",
    )
    writes = (
        "plants.stage",
        "plants.stage_since",
        "plants.level",
        "plants.capex_cum",
        "plants.pending",
        "plants.output_share",
        "flows: automation_investment, jobs_automated, attrition_absorbed",
        "public money: sez_credit, sme_grant",
    )

    def __init__(
        self,
        plants: PlantTable,
        config: AutomationConfig,
        policy: PolicyConfig,
        funders: Sequence[Funder],
        flows: Ledger,
        draws: Draws,
        peer_weights: np.ndarray,
        sector_propensity: np.ndarray,
        burden: np.ndarray,
    ) -> None:
        self.plants = plants
        self.config = config
        self.policy = policy
        self.funders = funders
        self.flows = flows
        self.draws = draws
        self.peer_weights = peer_weights
        self.sector_propensity = sector_propensity
        self.burden = burden

    def _capex_this_month(self, month: int, pilot: bool) -> np.ndarray:
        return capex_per_job(
            self.config, self.policy.regulatory_interoperability, month, self.plants.country, pilot
        )

    def net_saving(self) -> np.ndarray:
        """Each plant's monthly saving from automating one operative job, USD (the one
        productivity channel: it sets both the payback and the unit cost)."""
        plants = self.plants
        return net_monthly_saving(
            plants.wage[:, OPERATIVE],
            plants.wage[:, TECHNICIAN],
            self.burden[plants.country],
            new_tasks_per_job(self.config),
            self.config.quality_gain_share,
        )

    def economics(
        self, month: int, demand_by_plant: np.ndarray, availability: np.ndarray, pilot: bool
    ) -> Economics:
        """The payback economics of a first project (`pilot`: entry-level capex, `pilot_share`
        of operative tasks) or of a year of deepening (robot-cell capex, `deepening_per_year`),
        per plant."""
        cfg = self.config
        plants = self.plants
        subsidy = subsidy_share(self.policy, plants.in_sez, plants.sme, availability[plants.city])
        net = self._capex_this_month(month, pilot) * (1.0 - subsidy)
        attractiveness = payback_attractiveness(
            net, self.net_saving(), cfg.payback_target_months, cfg.payback_elasticity
        )
        payroll = (plants.headcount * plants.wage).sum(axis=1)
        step = cfg.pilot_share if pilot else cfg.deepening_per_year
        need = net * np.maximum(step * plants.ops_demand(demand_by_plant), 1e-9)
        credit = np.where(
            plants.sme, np.minimum(1.0, cfg.sme_credit_limit_months * payroll / need), 1.0
        )
        return Economics(attractiveness, net, credit)

    def peer_adoption(self) -> np.ndarray:
        """Share of peer plants (weighted by real plants) using automation, seen by each plant."""
        plants = self.plants
        n_cities = len(self.peer_weights)
        adopted = np.bincount(
            plants.city, weights=plants.weight * plants.adopters(), minlength=n_cities
        )
        total = np.bincount(plants.city, weights=plants.weight, minlength=n_cities)
        peers = self.peer_weights
        share = (peers @ adopted) / np.maximum(peers @ total, 1e-12)
        return share[plants.city]

    def update_output_shares(self) -> None:
        """Adopters' lower unit costs win them output from the same sector and country."""
        cfg = self.config
        plants = self.plants
        operative_cost = plants.wage[:, OPERATIVE] * self.burden[plants.country]
        saving_ratio = self.net_saving() / np.maximum(operative_cost, 1e-9)
        cost = unit_cost(plants.level, saving_ratio, cfg.operative_cost_share)
        base = plants.ops_demand0 * plants.weight
        group = plants.sector.astype(np.int64) * N_COUNTRIES + plants.country
        target = output_share_targets(
            cost, base, group, cfg.output_demand_elasticity, cfg.industry_demand_elasticity
        )
        plants.output_share += cfg.output_adjustment_per_month * (target - plants.output_share)

    def decide(self, month: int, demand_by_plant: np.ndarray, availability: np.ndarray) -> None:
        """Start pilots (on a pilot's payback), promote pilots, deepen adopters (on a robot
        cell's payback), each as far as the plant's technicians allow; the automated jobs first
        cancel open vacancies, and the rest wait in `pending` for task switches and attrition."""
        cfg = self.config
        plants = self.plants
        t = month
        entry = self.economics(month, demand_by_plant, availability, pilot=True)
        robot = self.economics(month, demand_by_plant, availability, pilot=False)
        propensity = self.sector_propensity[plants.sector]
        technicians = technician_fill(
            plants.headcount[:, TECHNICIAN],
            plants.trainees,
            plants.targets(demand_by_plant, new_tasks_per_job(cfg))[:, TECHNICIAN],
            cfg.technician_shortage_power,
        )
        able_to_start = entry.attractiveness * entry.credit * technicians
        able_to_deepen = robot.attractiveness * robot.credit * technicians

        imitation = cfg.bass_q_per_year * cfg.bass_q_multiplier.array[plants.country]
        hazard_year = cfg.bass_p_per_year + imitation * self.peer_adoption()
        hazard_year = np.minimum(hazard_year * able_to_start * propensity, 0.999)
        monthly = 1.0 - (1.0 - hazard_year) ** (1.0 / 12.0)
        draws = self.draws.uniform(np.arange(plants.n), "start")
        starts = (plants.stage == NONE) & (draws < monthly)

        promote = (plants.stage == PILOT) & (t - plants.stage_since >= cfg.pilot_months)
        plants.stage[promote] = ADOPTED
        plants.stage_since[promote] = t

        deepen = np.where(
            plants.stage == ADOPTED,
            cfg.deepening_per_year / 12.0 * able_to_deepen * np.minimum(propensity, 1.0),
            0.0,
        )
        plants.stage[starts] = PILOT
        plants.stage_since[starts] = t
        delta = np.where(starts, cfg.pilot_share, deepen)
        delta = np.clip(
            np.minimum(plants.level + delta, cfg.automatable_share) - plants.level, 0, None
        )
        changed = np.flatnonzero(delta > 0)
        if len(changed) == 0:
            return
        jobs = delta[changed] * plants.ops_demand(demand_by_plant)[changed]
        open_before = self._open_operative_jobs(demand_by_plant, changed)
        plants.level[changed] += delta[changed]
        pilots = starts[changed]
        gross_per_job = np.where(
            pilots,
            self._capex_this_month(month, pilot=True)[changed],
            self._capex_this_month(month, pilot=False)[changed],
        )
        capex_gross = jobs * gross_per_job
        plants.capex_cum[changed] += capex_gross
        self.flows.add("automation_investment", plants.country[changed], capex_gross)
        net_per_job = np.where(pilots, entry.net_capex[changed], robot.net_capex[changed])
        subsidy = capex_gross - jobs * net_per_job
        self.claim_capex_subsidies(changed, subsidy)

        country = plants.country[changed]
        self.flows.add("jobs_automated", country, jobs)
        self.flows.add_city("jobs_automated", plants.city[changed], jobs)
        cancelled = np.minimum(jobs, open_before)
        self.flows.add("attrition_absorbed", country, cancelled)
        plants.pending[changed] += jobs - cancelled

    def _open_operative_jobs(
        self, demand_by_plant: np.ndarray, plant_ids: np.ndarray
    ) -> np.ndarray:
        """Operative vacancies the plants have open now (before this month's automation)."""
        plants = self.plants
        target = plants.ops_demand(demand_by_plant)[plant_ids] * (1.0 - plants.level[plant_ids])
        return np.maximum(target - plants.headcount[plant_ids, OPERATIVE], 0.0)

    def claim_capex_subsidies(self, plant_ids: np.ndarray, amounts: np.ndarray) -> None:
        """Each plant asks its city's government for the public share of its capex, booked
        to each instrument in proportion to its rate (an SME in an SEZ gets both)."""
        plants = self.plants
        sez = np.where(plants.in_sez[plant_ids], self.policy.sez_tax_credit, 0.0)
        sme = np.where(plants.sme[plant_ids], self.policy.sme_digitalization_grant, 0.0)
        rows = zip(plant_ids.tolist(), amounts.tolist(), sez.tolist(), sme.tolist(), strict=True)
        for p, amount, credit, grant in rows:
            if amount <= 0:
                continue
            shares = {
                name: rate / (credit + grant)
                for name, rate in (("sez_credit", credit), ("sme_grant", grant))
                if rate > 0
            }
            self.funders[plants.city[p]].fund_shared(amount, shares)


def systematic_sample(chance: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Positions drawn so that each is in with its `chance` and the count is the sum of the
    chances rounded up or down (systematic sampling in random order, Madow 1949): a line of
    the chances, end to end, cut at u, u + 1, u + 2, ...; an item is in if a cut falls in it."""
    order = rng.permutation(len(chance))
    ends = np.cumsum(chance[order])
    starts = ends - chance[order]
    u = rng.random()
    cuts = np.ceil(ends - u) - np.ceil(starts - u)
    return np.sort(order[cuts > 0])


def seed_initial_adopters(
    plants: PlantTable, auto: AutomationConfig, rng: np.random.Generator
) -> None:
    """The plants already automating at the start, larger plants more likely, in each country
    the configured share of real plants (`docs/model.md` section 5). Drawn by systematic
    sampling, so each plant has its chance and the count is that of the expected share (a
    country of a few dozen modelled plants starts at its observed share, not anywhere near it)."""
    for c, share in enumerate(auto.initial_adoption_share.values):
        mine = np.flatnonzero(plants.country == c)
        if len(mine) == 0:
            continue
        pull = np.sqrt(plants.real_size[mine])
        pull = pull / np.average(pull, weights=plants.weight[mine])
        chance = np.minimum(1.0, share * pull)
        chosen = mine[systematic_sample(chance, rng)]
        plants.stage[chosen] = ADOPTED
        plants.stage_since[chosen] = -auto.pilot_months
        plants.level[chosen] = auto.initial_automation_level


def set_demand_at_start(plants: PlantTable, techs_per_job: float, vacancy_rate: np.ndarray) -> None:
    """The jobs each plant needs at the start with no automation: its operatives over the
    share of tasks not automated, and its technicians beyond those automation already made,
    both raised so that the country's start `vacancy_rate` of them is unfilled (the 2022
    shortage)."""
    wanted = 1.0 / (1.0 - vacancy_rate[plants.country])
    ops = plants.headcount[:, OPERATIVE] * wanted
    plants.ops_demand0 = ops / (1.0 - plants.level)
    plants.tech_base = np.maximum(
        plants.headcount[:, TECHNICIAN] * wanted
        - techs_per_job * plants.ops_demand0 * plants.level,
        0.0,
    )
