"""What happens to the jobs a plant automated: task switches, attrition, displacement.

`switch_tasks` moves incumbents into the new tasks automation creates; `absorb_quits` leaves
quits unreplaced; `displace_beyond_attrition` displaces only what attrition cannot absorb within
the window, and `displace` lays each displaced worker off or sends them to retraining (the
plant weighs severance against the cost of retraining). `docs/model.md` sections 7.3 to 7.5.
"""

from __future__ import annotations

import numpy as np

from sim.config.schema import DisplacementConfig, PolicyConfig, TrainingConfig
from sim.mechanisms.automation import new_tasks_per_job
from sim.mechanisms.context import Economy
from sim.mechanisms.draws import stochastic_round
from sim.mechanisms.public_finance import retraining_subsidy_share
from sim.state.codes import OPERATIVE, TECHNICIAN, UNEMPLOYED


def open_technician_tasks(model: Economy, plant_ids: np.ndarray) -> np.ndarray:
    """Technician tasks each plant wants and has not filled (its trainees count as filled)."""
    plants = model.plants
    targets = plants.targets(model.demand_index, new_tasks_per_job(model.config))
    open_tasks = np.rint(targets[plant_ids, TECHNICIAN]).astype(np.int64)
    open_tasks -= plants.headcount[plant_ids, TECHNICIAN] + plants.trainees[plant_ids]
    return np.maximum(open_tasks, 0)


def move_operatives_to_tasks(
    model: Economy, plant_ids: np.ndarray, n: np.ndarray, flow: str
) -> None:
    """`n[i]` operatives of plant `plant_ids[i]`, drawn at random, take technician tasks there
    (counted in the ledger's `flow`)."""
    plants = model.plants
    n = np.minimum(n, plants.headcount[plant_ids, OPERATIVE])
    some = n > 0
    if not some.any():
        return
    plant_ids, n = plant_ids[some], n[some]
    ranks = np.concatenate(
        [
            model.rng.choice(h, size=k, replace=False)
            for h, k in zip(
                plants.headcount[plant_ids, OPERATIVE].tolist(), n.tolist(), strict=True
            )
        ]
    )
    chosen = plants.rosters.ranked(np.repeat(plant_ids, n), OPERATIVE, ranks)
    model.workers.switch_task(chosen)
    plants.pending[plant_ids] = np.maximum(plants.pending[plant_ids] - n, 0.0)
    model.flows.add(flow, plants.country[plant_ids], n)


def switch_tasks(model: Economy) -> None:
    """Reinstatement: incumbents whose operative job was automated take the plant's open new
    tasks (technician work, trained on the job) before anyone is hired from outside."""
    waiting = np.flatnonzero(model.plants.pending >= 1.0)
    if len(waiting) == 0:
        return
    n = np.minimum(
        open_technician_tasks(model, waiting),
        np.floor(model.plants.pending[waiting]).astype(np.int64),
    )
    move_operatives_to_tasks(model, waiting, n, "task_switches")


def promote_from_within(model: Economy) -> None:
    """Internal labour market: a technician job still open after the month's separations is
    filled by training one of the plant's own operatives on the job with the configured
    monthly chance, which leaves an operative job (easier to fill) open instead."""
    rate = model.config.labour.internal_promotion_rate_month
    if rate <= 0:
        return
    plant_ids = np.flatnonzero(model.plants.pending < 1.0)
    n = model.rng.binomial(open_technician_tasks(model, plant_ids), rate)
    move_operatives_to_tasks(model, plant_ids, n, "promotions")


def absorb_quits(model: Economy, operative_quits: np.ndarray) -> None:
    """Quits of operatives at plants with automated jobs still filled are not replaced."""
    plants = model.plants
    absorbed = np.minimum(plants.pending, operative_quits)
    some = absorbed > 0
    if some.any():
        plants.pending[some] -= absorbed[some]
        model.flows.add("attrition_absorbed", plants.country[some], absorbed[some])


def displace_beyond_attrition(model: Economy) -> None:
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


def must_retrain(policy: PolicyConfig, in_sez: np.ndarray) -> np.ndarray:
    """Whether a rule obliges each plant to retrain rather than lay off: everywhere under
    `retrain_before_layoff`, in SEZs when their tax credit comes with `sez_retrain_first`."""
    if policy.retrain_before_layoff:
        return np.ones(len(in_sez), dtype=bool)
    return in_sez & bool(policy.sez_retrain_first and policy.sez_tax_credit > 0)


def layoff_cost(
    wage: np.ndarray, months_employed: np.ndarray, country: np.ndarray, cfg: DisplacementConfig
) -> np.ndarray:
    """Severance a laid-off operative is owed, USD, from their monthly wage and tenure: in
    Mexico 3 months' pay + 20 days' and 12 seniority days' pay per year, in the US weeks' pay
    per year."""
    years = months_employed / 12.0
    days = (cfg.severance_days_per_year_mx + cfg.seniority_days_per_year_mx) * years
    mexico = wage * (cfg.severance_months_mx + days / 30.4)
    us = wage * cfg.severance_weeks_per_year_us * years / 4.33
    return np.where(country == 0, mexico, us)


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


def _draw_displacement(
    model: Economy, plant_ids: np.ndarray, counts: np.ndarray, forced: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Random draws, plant by plant in order: which operatives (ranks), and the choice coins."""
    rng = model.rng
    operatives = model.plants.headcount[plant_ids, OPERATIVE].tolist()
    ranks, coins = [], []
    for n_ops, n, force in zip(operatives, counts.tolist(), forced.tolist(), strict=True):
        ranks.append(rng.choice(n_ops, size=n, replace=False))
        coins.append(np.zeros(n) if force else rng.random(n))
    return np.concatenate(ranks), np.concatenate(coins)


def displace(model: Economy, plant_ids: np.ndarray, counts: np.ndarray) -> None:
    """Convert counts[i] operative jobs at plant_ids[i]: each displaced worker is laid off or
    sent to retraining (all plants at once; draws and money in the plants' order)."""
    if len(plant_ids) == 0:
        return
    plants, workers = model.plants, model.workers
    cfg = model.config.displacement
    forced = must_retrain(model.config.policy, plants.in_sez[plant_ids])
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
    wage = plants.wage[plant, OPERATIVE]
    country_of = plants.country[plant]
    severance = layoff_cost(wage, model.steps - workers.hire_step[chosen], country_of, cfg)
    subsidy = (
        retraining_subsidy_share(model.config.policy)
        * model.subsidy_availability[plants.city[plant]]
    )
    cost = retraining_cost(
        wage,
        model.training_cost_month[country_of],
        subsidy,
        model.config.training,
        cfg.training_wage_share,
    )
    gain = severance + value - cost
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
