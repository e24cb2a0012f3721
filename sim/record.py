"""What the model reports each month: the monthly record and the per-city figures.

The columns and their meaning are declared in `sim.outputs`; this module computes them.
Statistics come from model-level counters and arrays (status counts kept by every transition,
plant headcounts and wages, the job-seeker pool), never from a pass over worker agents. Counts
and money are reported scaled back to real people and real US dollars (divided by
`population_scale`); `workers_modelled` is the only unscaled count.

The `Recorder` only reads the tables and mechanisms it is given: nothing it computes feeds
back into the dynamics (the per-city figures live in its table, not on the agents).
"""

from __future__ import annotations

import numpy as np

from sim.agents.government import MunicipalGovernment
from sim.config import Scenario
from sim.mechanisms.city import CityLabour, agent_labour_force
from sim.mechanisms.labour_market import LabourMarket
from sim.mechanisms.plant_entry import PlantEntryExit
from sim.mechanisms.public_finance import FederalMatching
from sim.mechanisms.training import TrainingSystem
from sim.outcomes import (
    ENOE_LONG_TERM_MONTHS,
    ILO_LONG_TERM_MONTHS,
    INFORMAL_EARNINGS_RATIO,
    REEMPLOYMENT_HORIZONS,
    DisplacedCohorts,
    EarningsLoss,
    long_term_months_us,
    long_term_shares,
    shares,
)
from sim.outputs import CITIES, TIMESERIES, output_columns
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
from sim.state.ledger import Ledger, Placements
from sim.state.plants import PlantTable
from sim.state.workers import WorkerTable
from sim.world.corridor import Corridor

COLUMNS = output_columns()
# the per-city figures the record computes (the rest of `CITIES` are the agents' identity)
CITY_FIGURES = tuple(o.name for o in CITIES if o.name not in ("date", "city_id", "country"))


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


def population_gini(
    wages: np.ndarray,
    heads: np.ndarray,
    other_formal: float,
    informal: float,
    without_earnings: float,
) -> float:
    """Gini of monthly earnings over a working-age population given in groups: manufacturing
    employees (wages with headcounts), other formal workers at the mean manufacturing wage,
    informal workers at `INFORMAL_EARNINGS_RATIO` of it, the unemployed and inactive at zero."""
    mean_wage = _share((wages * heads).sum(), heads.sum())
    values = np.concatenate([wages, [mean_wage, INFORMAL_EARNINGS_RATIO * mean_wage, 0.0]])
    weights = np.concatenate([heads, [other_formal, informal, without_earnings]])
    return gini(values, weights.astype(float))


def _share(num: float | np.number, den: float | np.number) -> float:
    return float(num / den) if den > 0 else 0.0


class Recorder:
    """The month's record and per-city figures, computed from the tables it is given.

    Reads: every table, the ledger, the placements, the city stocks, the labour market's quit
    rates, the training centers, federal and municipal budgets. Writes: nothing the dynamics
    read (its own start-of-month snapshot, and the corridor's `unemployment_rate` layer the
    map shows)."""

    def __init__(
        self,
        config: Scenario,
        corridor: Corridor,
        city_country: np.ndarray,
        plants: PlantTable,
        workers: WorkerTable,
        flows: Ledger,
        placements: Placements,
        city_labour: CityLabour,
        labour_market: LabourMarket,
        training: TrainingSystem,
        federal: FederalMatching,
        governments: list[MunicipalGovernment],
        turnover: PlantEntryExit,
    ) -> None:
        self.turnover = turnover
        self.scale = config.population.population_scale
        self.long_term_months = config.labour.long_term_months
        self.corridor = corridor
        self.city_country = city_country
        self.plants = plants
        self.workers = workers
        self.flows = flows
        self.placements = placements
        self.city_labour = city_labour
        self.labour_market = labour_market
        self.training = training
        self.federal = federal
        self.governments = governments
        # employed operatives at the start, by country of residence
        self.initial_operatives = workers.counts[:, OPERATIVE, EMPLOYED].astype(float)
        self.operatives_at_start = self.initial_operatives.copy()  # this month's, by plant country
        self.displaced = DisplacedCohorts(workers)
        self.earnings_loss = EarningsLoss(workers)
        # official long-term thresholds in months, by country code (MX: ILO, US: BLS)
        self.official_long_term = np.array([ILO_LONG_TERM_MONTHS, long_term_months_us()])

    def open_month(self) -> None:
        """Note the operative jobs by plant country at the month's start (turnover's base)."""
        self.operatives_at_start = np.bincount(
            self.plants.country, weights=self.plants.headcount[:, OPERATIVE], minlength=N_COUNTRIES
        )

    def month(self, date: str, step: int) -> dict[str, float | int | str]:
        """Every output column for the month just simulated."""
        scale = self.scale
        w, plants, flows = self.workers, self.plants, self.flows
        counts = w.counts
        month = flows.month
        rec: dict[str, float | int | str] = {"date": date, "step": step}

        weight = plants.weight
        adopters = plants.adopters()
        for c, tag in enumerate(COUNTRY_TAGS):
            mine = plants.country == c
            rec[f"adoption_share_{tag}"] = _share(
                (weight * adopters)[mine].sum(), weight[mine].sum()
            )
        for tag, mask in (("sme", plants.sme), ("large", ~plants.sme)):
            rec[f"adoption_share_{tag}"] = _share(
                (weight * adopters)[mask].sum(), weight[mask].sum()
            )
        rec["adoption_share_all"] = _share((weight * adopters).sum(), weight.sum())

        pool = w.unemployed_pool()
        long_term = pool[step - w.unemployed_since[pool] >= self.long_term_months]
        long_term_by_country = np.bincount(w.country[long_term], minlength=N_COUNTRIES)
        city = self.city_labour
        agents_unemployed, agents_labour_force = agent_labour_force(w, plants)
        city_force = city.labour_force(agents_labour_force)
        city_unemployed = city.unemployed + agents_unemployed
        jobs_by_plant_country = np.bincount(
            plants.country, weights=plants.headcount.sum(axis=1), minlength=N_COUNTRIES
        )
        for c, tag in enumerate(COUNTRY_TAGS):
            employed = counts[c, :, EMPLOYED].sum()
            unemployed = counts[c, :, UNEMPLOYED].sum()
            manufacturing_force = employed + unemployed
            mine = self.city_country == c
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
            rec[f"quit_rate_month_{tag}"] = float(self.labour_market.quit_rate_applied[c])
            rec[f"long_term_unemployed_{tag}"] = long_term_by_country[c] / scale
            rec[f"long_term_unemployed_share_{tag}"] = _share(
                long_term_by_country[c], manufacturing_force
            )
            rec[f"displaced_cum_share_{tag}"] = _share(
                flows.total["displaced"][c] + month["displaced"][c], self.initial_operatives[c]
            )
            rec[f"operative_turnover_rate_{tag}"] = _share(  # separations / jobs at month start
                month["operative_separations"][c] + month["displaced"][c],
                self.operatives_at_start[c],
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
        rec["training_seats"] = sum(center.seats for center in self.training.centers) / scale
        rec["training_queue"] = self.training.waiting() / scale
        rec["training_enrolments_month"] = month["enrolled"].sum() / scale
        rec["training_completions_month"] = month["completions"].sum() / scale
        rec["placement_rate_6m"] = self.placements.rate(step)

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
        rec["federal_matching_usd_cum"] = self.federal.spent_cum / scale
        rec["budget_balance_usd"] = sum(g.balance for g in self.governments) / scale
        self._outcomes(rec, step, pool)
        rec["workers_modelled"] = w.alive_count()
        rec["plants_modelled"] = int(plants.active.sum())
        self._entry_and_exit(rec)
        for output in TIMESERIES:
            if output.flow:
                for c, tag in enumerate(COUNTRY_TAGS):
                    rec[f"{output.name}_{tag}"] = month[output.flow][c] / scale
        return {name: rec[name] for name in COLUMNS}

    def _outcomes(self, rec: dict, step: int, pool: np.ndarray) -> None:
        """The outcome measures where policies act (`sim.outcomes`)."""
        w, city, month = self.workers, self.city_labour, self.flows.month
        cohorts = self.displaced.month(step)
        months = step - w.unemployed_since[pool]
        country = w.country[pool].astype(np.int64)
        official = long_term_shares(months, country, self.official_long_term)
        six_months = long_term_shares(months, country, np.full(2, ENOE_LONG_TERM_MONTHS))
        seekers = np.bincount(country, minlength=len(COUNTRY_TAGS)).astype(float)
        entry = shares(month["to_informal"], seekers + month["to_informal"])
        training = sum(
            self.flows.total[f"public_{i}"] + month[f"public_{i}"]
            for i in ("retraining_subsidy", "training_seats", "stipends")
        )
        per_outcome = shares(training, self.displaced.reemployed_12m_cum)
        mean_wage = np.array([rec[f"mean_wage_usd_{tag}"] for tag in COUNTRY_TAGS], dtype=float)
        loss = self.earnings_loss.month(step, mean_wage)
        agents_employed = np.bincount(
            self.plants.country, weights=self.plants.headcount.sum(axis=1), minlength=2
        )
        for c, tag in enumerate(COUNTRY_TAGS):
            for horizon in REEMPLOYMENT_HORIZONS:
                for kind in ("", "formal_"):
                    rec[f"reemployed_{kind}{horizon}m_share_{tag}"] = float(
                        cohorts[f"reemployed_{kind}{horizon}m"][c]
                    )
                rec[f"displaced_followed_{horizon}m_{tag}"] = (
                    float(cohorts[f"followed_{horizon}m"][c]) / self.scale
                )
            rec[f"displaced_informal_12m_share_{tag}"] = float(cohorts["informal_12m"][c])
            for where in ("in_course", "unemployed"):
                rec[f"displaced_{where}_24m_share_{tag}"] = float(cohorts[f"{where}_24m"][c])
            rec[f"informal_entry_rate_{tag}"] = float(entry[c])
            rec[f"ltu_official_share_{tag}"] = float(official[c])
            rec[f"unemployed_6m_plus_share_{tag}"] = float(six_months[c])
            mine = self.city_country == c
            working = self.plants.country == c
            other, informal = city.other_jobs[mine].sum(), city.informal[mine].sum()
            rest = city.working_age[mine].sum() - agents_employed[c] - other - informal
            rec[f"population_gini_{tag}"] = population_gini(
                self.plants.wage[working].ravel(),
                self.plants.headcount[working].ravel(),
                other,
                informal,
                max(rest, 0.0),
            )
            rec[f"training_usd_per_reemployed_12m_{tag}"] = float(per_outcome[c])
            rec[f"displaced_earnings_loss_24m_{tag}"] = float(loss[c])

    def _entry_and_exit(self, rec: dict) -> None:
        """Establishments, entries and exits by country, in real plants."""
        turnover = self.turnover
        establishments = turnover.establishments(self.plants.country, N_COUNTRIES)
        entries = np.bincount(self.city_country, weights=turnover.entries, minlength=N_COUNTRIES)
        exits = np.bincount(self.city_country, weights=turnover.exits, minlength=N_COUNTRIES)
        for c, tag in enumerate(COUNTRY_TAGS):
            rec[f"establishments_{tag}"] = establishments[c]
            rec[f"plant_entries_month_{tag}"] = entries[c]
            rec[f"plant_exits_month_{tag}"] = exits[c]

    def no_cities_yet(self) -> dict[str, np.ndarray]:
        """The per-city figures before the first month: all zero."""
        return {name: np.zeros(len(self.city_country)) for name in CITY_FIGURES}

    def cities(self) -> dict[str, np.ndarray]:
        """Per-city figures of the month just simulated (the DataCollector's city rows)."""
        scale = self.scale
        plants = self.plants
        n = len(self.city_country)
        agents_unemployed, agents_labour_force = agent_labour_force(self.workers, plants)
        city = self.city_labour
        labour_force = city.labour_force(agents_labour_force)
        unemployed = agents_unemployed + city.unemployed
        rate = city.rate(agents_unemployed, agents_labour_force)
        jobs = plants.jobs_by_city(n)
        adopted = np.bincount(plants.city, weights=plants.weight * plants.adopters(), minlength=n)
        total = np.bincount(plants.city, weights=plants.weight, minlength=n)
        by_city = self.flows.city
        figures = {
            "unemployment_rate": rate,
            "manufacturing_unemployment_rate": agents_unemployed
            / np.maximum(agents_unemployed + jobs, 1),
            "employed": (labour_force - unemployed) / scale,
            "unemployed": unemployed / scale,
            "labour_force": labour_force / scale,
            "participation_rate": labour_force / city.working_age,
            "manufacturing_jobs": jobs / scale,
            "vacancies": by_city["vacancies"] / scale,
            "jobs_automated_month": by_city["jobs_automated"] / scale,
            "adoption_share": np.divide(adopted, total, out=np.zeros(n), where=total > 0),
            "displaced_month": by_city["displaced"] / scale,
            "laid_off_month": by_city["laid_off"] / scale,
            "establishments": self.turnover.establishments(plants.city, n),
            "plant_entries_month": self.turnover.entries.copy(),
            "plant_exits_month": self.turnover.exits.copy(),
            "reemployed_12m_share": self.displaced.by_city_12m,
            "public_spending_usd_cum": np.array([g.spent_total for g in self.governments]) / scale,
            "budget_balance_usd": np.array([g.balance for g in self.governments]) / scale,
        }
        layer = self.corridor.layer("unemployment_rate")
        muni = self.corridor.layer("municipality")
        layer[:] = np.where(muni >= 0, rate[np.maximum(muni, 0)], np.nan)
        return {name: figures[name] for name in CITY_FIGURES}
