"""What the model reports each month: the monthly record and the per-city figures.

The columns and their meaning are declared in `sim.outputs`; this module computes them.
Statistics come from model-level counters and arrays (status counts kept by every transition,
plant headcounts and wages, the job-seeker pool), never from a pass over worker agents. Counts
and money are reported scaled back to real people and real US dollars (divided by
`population_scale`); `workers_modelled` is the only unscaled count.
"""

from __future__ import annotations

import numpy as np

from sim.mechanisms.context import Economy
from sim.outputs import TIMESERIES, output_columns
from sim.state.codes import (
    COUNTRY_TAGS,
    EMPLOYED,
    INSTRUMENTS,
    N_COUNTRIES,
    OPERATIVE,
    TECHNICIAN,
    TRAINING,
    UNEMPLOYED,
)

COLUMNS = output_columns()


def gini(values: np.ndarray, weights: np.ndarray) -> float:
    """Gini coefficient of grouped data (values with frequency weights)."""
    keep = weights > 0
    values, weights = values[keep], weights[keep].astype(float)
    if len(values) == 0 or values.sum() == 0:
        return 0.0
    order = np.argsort(values, kind="stable")  # ties in a fixed order on every CPU
    values, weights = values[order], weights[order]
    cum_w = np.cumsum(weights)
    cum_v = np.cumsum(values * weights)
    total_w, total_v = cum_w[-1], cum_v[-1]
    lorenz = np.concatenate([[0.0], cum_v / total_v])
    shares = weights / total_w
    return float(1.0 - np.sum(shares * (lorenz[1:] + lorenz[:-1])))


def _share(num: float, den: float) -> float:
    return float(num / den) if den > 0 else 0.0


def monthly_record(model: Economy) -> dict[str, float | int | str]:
    """Every output column for the month just simulated."""
    scale = model.config.population.population_scale
    w, plants, flows = model.workers, model.plants, model.flows
    counts = w.counts
    month = flows.month
    rec: dict[str, float | int | str] = {"date": model.date, "step": model.steps}

    weight = plants.weight
    adopters = plants.adopters()
    for c, tag in enumerate(COUNTRY_TAGS):
        mine = plants.country == c
        rec[f"adoption_share_{tag}"] = _share((weight * adopters)[mine].sum(), weight[mine].sum())
    for tag, mask in (("sme", plants.sme), ("large", ~plants.sme)):
        rec[f"adoption_share_{tag}"] = _share((weight * adopters)[mask].sum(), weight[mask].sum())
    rec["adoption_share_all"] = _share((weight * adopters).sum(), weight.sum())

    pool = w.unemployed_pool()
    long_term = pool[model.steps - w.unemployed_since[pool] >= model.config.labour.long_term_months]
    long_term_by_country = np.bincount(w.country[long_term], minlength=N_COUNTRIES)
    city = model.city_labour
    agents_unemployed, agents_labour_force = model.agent_labour_force()
    city_force = city.labour_force(agents_labour_force)
    city_unemployed = city.unemployed + agents_unemployed
    jobs_by_plant_country = np.bincount(
        plants.country, weights=plants.headcount.sum(axis=1), minlength=N_COUNTRIES
    )
    for c, tag in enumerate(COUNTRY_TAGS):
        employed = counts[c, :, EMPLOYED].sum()
        unemployed = counts[c, :, UNEMPLOYED].sum()
        manufacturing_force = employed + unemployed
        mine = model.city_country == c
        labour_force = city_force[mine].sum()
        ops = counts[c, OPERATIVE, EMPLOYED]
        rec[f"operative_jobs_{tag}"] = ops / scale
        rec[f"technician_jobs_{tag}"] = counts[c, TECHNICIAN, EMPLOYED] / scale
        rec[f"manufacturing_jobs_{tag}"] = jobs_by_plant_country[c] / scale
        rec[f"unemployed_{tag}"] = city_unemployed[mine].sum() / scale
        rec[f"manufacturing_unemployed_{tag}"] = unemployed / scale
        rec[f"in_training_{tag}"] = counts[c, :, TRAINING].sum() / scale
        rec[f"unemployment_rate_{tag}"] = _share(city_unemployed[mine].sum(), labour_force)
        rec[f"manufacturing_unemployment_rate_{tag}"] = _share(unemployed, manufacturing_force)
        rec[f"labour_force_{tag}"] = labour_force / scale
        rec[f"participation_rate_{tag}"] = _share(labour_force, city.working_age[mine].sum())
        other = city.other_jobs[mine].sum() + city.informal[mine].sum()
        rec[f"other_sector_jobs_{tag}"] = other / scale
        rec[f"informality_rate_{tag}"] = _share(
            city.informal[mine].sum(), labour_force - city_unemployed[mine].sum()
        )
        rec[f"quit_rate_month_{tag}"] = float(model.labour_market.quit_rate_applied[c])
        rec[f"long_term_unemployed_{tag}"] = long_term_by_country[c] / scale
        rec[f"long_term_unemployed_share_{tag}"] = _share(
            long_term_by_country[c], manufacturing_force
        )
        rec[f"displaced_cum_share_{tag}"] = _share(
            flows.total["displaced"][c] + month["displaced"][c], model.initial_operatives[c]
        )
        rec[f"operative_turnover_rate_{tag}"] = _share(  # separations / jobs at month start
            month["operative_separations"][c] + month["displaced"][c],
            model.operatives_at_start[c],
        )
        mine = plants.country == c
        wages = plants.wage[mine].ravel()
        heads = plants.headcount[mine].ravel()
        rec[f"mean_wage_usd_{tag}"] = _share((wages * heads).sum(), heads.sum())
        rec[f"wage_gini_{tag}"] = gini(wages, heads)
        rec[f"automation_level_{tag}"] = _share(
            (plants.level * plants.ops_demand0)[mine].sum(), plants.ops_demand0[mine].sum()
        )

    rec["in_training"] = counts[:, :, TRAINING].sum() / scale
    rec["training_seats"] = sum(center.seats for center in model.training.centers) / scale
    rec["training_queue"] = model.training.waiting() / scale
    rec["training_enrolments_month"] = month["enrolled"].sum() / scale
    rec["training_completions_month"] = month["completions"].sum() / scale
    closed = [m for m in model.graduates_by_month if m <= model.steps - 6]
    graduates = sum(model.graduates_by_month[m] for m in closed)
    placed = sum(model.placed_by_month[m] for m in closed)
    rec["placement_rate_6m"] = _share(placed, graduates)

    def running(name: str) -> float:
        return float((flows.total[name] + month[name]).sum()) / scale

    rec["automation_investment_usd_cum"] = running("automation_investment")
    rec["automation_investment_usd_month"] = float(month["automation_investment"].sum()) / scale
    rec["severance_usd_cum"] = running("severance")
    rec["private_training_usd_cum"] = running("private_training")
    public = 0.0
    for instrument in INSTRUMENTS:
        value = running(f"public_{instrument}")
        rec[f"public_{instrument}_usd_cum"] = value
        public += value
    rec["public_spending_usd_cum"] = public
    rec["federal_matching_usd_cum"] = model.federal.spent_cum / scale
    rec["budget_balance_usd"] = sum(g.balance for g in model.governments) / scale
    rec["workers_modelled"] = w.alive_count()
    rec["plants_modelled"] = plants.n
    for output in TIMESERIES:
        if output.flow:
            for c, tag in enumerate(COUNTRY_TAGS):
                rec[f"{output.name}_{tag}"] = month[output.flow][c] / scale
    return {name: rec[name] for name in COLUMNS}


def update_city_reports(model: Economy) -> None:
    """Per-city figures on each government agent (collected by the DataCollector)."""
    scale = model.config.population.population_scale
    plants = model.plants
    n = len(model.cities)
    agents_unemployed, agents_labour_force = model.agent_labour_force()
    city = model.city_labour
    labour_force = city.labour_force(agents_labour_force)
    unemployed = agents_unemployed + city.unemployed
    rate = city.rate(agents_unemployed, agents_labour_force)
    jobs = model.manufacturing_jobs_by_city()
    manufacturing_rate = agents_unemployed / np.maximum(agents_unemployed + jobs, 1)
    adopted = np.bincount(plants.city, weights=plants.weight * plants.adopters(), minlength=n)
    total = np.bincount(plants.city, weights=plants.weight, minlength=n)
    displaced = model.flows.city["displaced"]
    laid_off = model.flows.city["laid_off"]
    vacancies = model.flows.city["vacancies"]
    automated = model.flows.city["jobs_automated"]
    for k, government in enumerate(model.governments):
        government.date = model.date
        government.unemployment_rate = float(rate[k])
        government.manufacturing_unemployment_rate = float(manufacturing_rate[k])
        government.labour_force = float(labour_force[k] / scale)
        government.manufacturing_jobs = float(jobs[k] / scale)
        government.vacancies = float(vacancies[k] / scale)
        government.jobs_automated_month = float(automated[k] / scale)
        government.employed = float((labour_force[k] - unemployed[k]) / scale)
        government.unemployed = float(unemployed[k] / scale)
        government.adoption_share = float(adopted[k] / total[k]) if total[k] else 0.0
        government.displaced_month = float(displaced[k] / scale)
        government.laid_off_month = float(laid_off[k] / scale)
        government.public_spending_usd_cum = government.spent_total / scale
        government.budget_balance_usd = government.balance / scale
    layer = model.corridor.layer("unemployment_rate")
    muni = model.corridor.layer("municipality")
    layer[:] = np.where(muni >= 0, rate[np.maximum(muni, 0)], np.nan)
