"""The output contract: every column the model reports, with its unit and meaning.

`timeseries.parquet` has one row per month with the columns of `TIMESERIES`; a per-country
output is one column per country (`<name>_mx`, `<name>_us`), and consecutive per-country
outputs are written as a block, country by country. `cities.parquet` has one row per city and
month with the columns of `CITIES` (after Mesa's `step`). Counts are real people and money real
US dollars (model values divided by `population_scale`); shares are fractions in [0, 1], NaN
only in the columns whose description says when (an empty base, `nan_allowed_columns`).
The DataCollector's reporters and `output_columns()` are built from these tables; the values
come from `sim.record`. Definitions: `docs/model.md` section 7.13.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sim.outcomes import REEMPLOYMENT_HORIZONS
from sim.state.codes import COUNTRY_TAGS, INSTRUMENTS
from sim.state.ledger import FLOW


@dataclass(frozen=True)
class Output:
    """One reported quantity (NaN only where its description says when)."""

    name: str
    unit: str
    description: str
    per_country: bool = False
    flow: str = ""  # the ledger flow whose month's value this is, by country


def _by_country(name: str, unit: str, description: str) -> Output:
    return Output(name, unit, description, per_country=True)


def _flow(name: str) -> Output:
    """The month's value of a declared flow, one column per country (`sim.state.ledger`)."""
    flow = FLOW[name]
    return Output(flow.column, flow.unit, flow.description, per_country=True, flow=name)


TIMESERIES: tuple[Output, ...] = (
    Output("date", "YYYY-MM", "calendar month"),
    Output("step", "month", "months simulated (1 = the start month)"),
    _by_country(
        "adoption_share",
        "share",
        "plants using automation (pilot or adopted), weighted by real plants",
    ),
    Output("adoption_share_sme", "share", "SMEs using automation, both countries"),
    Output("adoption_share_large", "share", "large plants using automation, both countries"),
    Output("adoption_share_all", "share", "all plants using automation, both countries"),
    _by_country("operative_jobs", "people", "employed operatives, by residence"),
    _by_country("technician_jobs", "people", "employed technicians, by residence"),
    _by_country("manufacturing_jobs", "people", "filled manufacturing jobs, by plant country"),
    _by_country("unemployed", "people", "unemployed in the whole city, by residence"),
    _by_country("manufacturing_unemployed", "people", "unemployed manufacturing job seekers"),
    _by_country("in_training", "people", "workers in retraining"),
    _by_country(
        "unemployment_rate",
        "share",
        "unemployed / labour force of the whole city (as ENOE and LAUS)",
    ),
    _by_country(
        "manufacturing_unemployment_rate",
        "share",
        "manufacturing seekers / (them + employed manufacturing workers)",
    ),
    _by_country("labour_force", "people", "employed + unemployed, by residence"),
    _by_country("participation_rate", "share", "labour force / working-age population"),
    _by_country("other_sector_jobs", "people", "non-manufacturing jobs, formal and informal"),
    _by_country("informality_rate", "share", "informal / employed"),
    _flow("vacancies"),
    _flow("other_vacancies"),
    _by_country("quit_rate_month", "share/month", "the quit probability this month's quits used"),
    _flow("net_migration"),
    _by_country(
        "long_term_unemployed",
        "people",
        "manufacturing seekers unemployed labour.long_term_months or more",
    ),
    _by_country(
        "long_term_unemployed_share", "share", "long-term unemployed / manufacturing labour force"
    ),
    _flow("jobs_automated"),
    _flow("attrition_absorbed"),
    _flow("task_switches"),
    _flow("promotions"),
    _flow("displaced"),
    _flow("retrained"),
    _flow("laid_off"),
    _flow("quits"),
    _flow("retirements"),
    _flow("hires"),
    _flow("outsider_hires"),
    _flow("to_other_sector"),
    _flow("to_informal"),
    _flow("completions"),
    _by_country(
        "displaced_cum_share",
        "share",
        "workers displaced since the start / operative jobs at the start",
    ),
    _by_country(
        "operative_turnover_rate",
        "share/month",
        "operative separations / operative jobs at the month's start",
    ),
    _by_country("mean_wage_usd", "USD/month", "mean manufacturing wage, headcount-weighted"),
    _by_country("wage_gini", "index", "Gini of wages among manufacturing employees"),
    _by_country(
        "automation_level",
        "share",
        "operative tasks automated, weighted by operative demand at start",
    ),
    _flow("cross_border_hires"),
    Output("in_training", "people", "workers in retraining, both countries"),
    _flow("displaced_reemployed"),
    Output("training_seats", "seats", "public training seats"),
    Output("training_queue", "people", "applicants waiting for a public seat"),
    Output("training_enrolments_month", "people/month", "workers starting training"),
    Output("training_completions_month", "people/month", "trainees who graduated"),
    Output(
        "placement_rate_6m",
        "share",
        "course graduates in a formal job within six months of graduating (hired by a plant, "
        "back at a sponsoring plant or in another formal job; informal work does not count)",
    ),
    Output("automation_investment_usd_cum", "USD", "automation capex since the start"),
    Output("automation_investment_usd_month", "USD/month", "automation capex this month"),
    Output("severance_usd_cum", "USD", "severance paid since the start"),
    Output("private_training_usd_cum", "USD", "retraining paid by plants since the start"),
    *(
        Output(f"{flow}_usd_cum", "USD", f"{FLOW[flow].description} since the start")
        for flow in (f"public_{i}" for i in INSTRUMENTS)
    ),
    Output("public_spending_usd_cum", "USD", "public spending on all instruments since the start"),
    Output("federal_matching_usd_cum", "USD", "federal matching money since the start"),
    Output("budget_balance_usd", "USD", "municipal budget balances, summed"),
    Output("workers_modelled", "agents", "worker agents in the labour force (unscaled)"),
    Output("plants_modelled", "agents", "plant agents in operation (unscaled)"),
    # plant entry and exit (`sim.mechanisms.plant_entry`; docs/model.md, "Plant entry and exit")
    _by_country("establishments", "plants", "real plants in operation"),
    _by_country("plant_entries_month", "plants/month", "real plants that entered this month"),
    _by_country("plant_exits_month", "plants/month", "real plants that exited this month"),
    _flow("closure_layoffs"),
    # outcomes where policies act (`sim.outcomes`; docs/model.md, "Outcome measures")
    *(
        _by_country(
            f"reemployed_{h}m_share",
            "share",
            f"of the workers automation displaced {h} months ago, the share in any job now "
            "(manufacturing, other formal or informal; retired and emigrated left out); NaN "
            "when no one was displaced that month",
        )
        for h in REEMPLOYMENT_HORIZONS
    ),
    *(
        _by_country(
            f"reemployed_formal_{h}m_share",
            "share",
            f"of the workers automation displaced {h} months ago, the share in a formal job now "
            "(manufacturing or another formal job: IMSS-registered employment, as Mexican "
            "evaluations of training measure it); NaN when no one was displaced that month",
        )
        for h in REEMPLOYMENT_HORIZONS
    ),
    *(
        _by_country(
            f"displaced_followed_{h}m",
            "people",
            f"the workers automation displaced {h} months ago who are still in the labour force "
            f"(retired and emigrated left out): the base of reemployed_{h}m_share, which "
            "weights the month's cohort when cohorts are pooled",
        )
        for h in REEMPLOYMENT_HORIZONS
    ),
    _by_country(
        "displaced_informal_12m_share",
        "share",
        "of the workers displaced 12 months ago, the share in informal work now (NaN: none)",
    ),
    _by_country(
        "displaced_in_course_24m_share",
        "share",
        "of the workers displaced 24 months ago and still in the labour force, the share in a "
        "training course now (NaN: none)",
    ),
    _by_country(
        "displaced_unemployed_24m_share",
        "share",
        "of the workers displaced 24 months ago and still in the labour force, the share "
        "unemployed now, as agents or in the city's unemployed (NaN: none); with "
        "reemployed_24m_share and displaced_in_course_24m_share it sums to one",
    ),
    _by_country(
        "informal_entry_rate",
        "share/month",
        "manufacturing job seekers who took informal work this month / (them + the seekers "
        "still unemployed at the month's end); NaN when there are none",
    ),
    _by_country(
        "ltu_official_share",
        "share",
        "manufacturing job seekers unemployed 27+ weeks (US, BLS) or 12+ months (MX, ILO) / "
        "all manufacturing job seekers; NaN when there are none",
    ),
    _by_country(
        "unemployed_6m_plus_share",
        "share",
        "manufacturing job seekers unemployed 6+ months (ENOE band) / all of them; NaN: none",
    ),
    _by_country(
        "population_gini",
        "index",
        "Gini of monthly earnings over the working-age population: manufacturing wages, "
        "other formal jobs at the mean manufacturing wage, informal work at 0.94 of it, "
        "unemployed and inactive at zero",
    ),
    _by_country(
        "training_usd_per_reemployed_12m",
        "USD/person",
        "public training money since the start (subsidies, seats, stipends) / displaced "
        "workers in a job 12 months after displacement, summed over cohorts; NaN when none",
    ),
    _by_country(
        "displaced_earnings_loss_24m",
        "years of earnings",
        "earnings the workers displaced 24 months ago lost over those 24 months against keeping "
        "their wage (grown as the mean manufacturing wage), in years of their old earnings; "
        "NaN when none were displaced that month",
    ),
)

CITIES: tuple[Output, ...] = (
    Output("date", "YYYY-MM", "calendar month"),
    Output("city_id", "id", "city identifier (configs/data/cities.csv)"),
    Output("country", "MX/US", "the city's country"),
    Output("unemployment_rate", "share", "unemployed / labour force of the whole city"),
    Output(
        "manufacturing_unemployment_rate",
        "share",
        "manufacturing seekers / (them + the city's plant jobs)",
    ),
    Output("employed", "people", "employed residents"),
    Output("unemployed", "people", "unemployed residents"),
    Output("labour_force", "people", "employed + unemployed residents"),
    Output(
        "participation_rate",
        "share",
        "labour force / working-age population (ENOE's tasa de participacion)",
    ),
    Output("manufacturing_jobs", "people", "filled jobs at the city's plants"),
    Output("vacancies", "jobs", "open jobs at the city's plants when job seekers search"),
    Output("jobs_automated_month", "jobs/month", "operative jobs automated at the city's plants"),
    Output(
        "adoption_share", "share", "the city's plants using automation, weighted by real plants"
    ),
    Output("displaced_month", "people/month", "workers displaced by the city's plants"),
    Output("laid_off_month", "people/month", "displaced workers laid off by the city's plants"),
    Output("establishments", "plants", "real plants in operation in the city"),
    Output("plant_entries_month", "plants/month", "real plants that entered the city this month"),
    Output("plant_exits_month", "plants/month", "real plants that exited the city this month"),
    Output(
        "reemployed_12m_share",
        "share",
        "of the city's residents displaced 12 months ago, the share in any job now (NaN: none)",
    ),
    Output("public_spending_usd_cum", "USD", "the city government's spending since the start"),
    Output("budget_balance_usd", "USD", "the city government's budget balance"),
)


def _expand(outputs: tuple[Output, ...]) -> Iterator[str]:
    block: list[Output] = []
    for output in (*outputs, None):
        if output is not None and output.per_country:
            block.append(output)
            continue
        for tag in COUNTRY_TAGS:
            yield from (f"{o.name}_{tag}" for o in block)
        block = []
        if output is not None:
            yield output.name


def output_columns() -> list[str]:
    """The columns of `timeseries.parquet`, in order."""
    return list(_expand(TIMESERIES))


def nan_allowed_columns() -> frozenset[str]:
    """Timeseries columns that are NaN when their base is empty (their description says when);
    every other number is always finite."""
    return frozenset(
        name for output in TIMESERIES if "NaN" in output.description for name in _expand((output,))
    )


def city_columns() -> list[str]:
    """The columns of `cities.parquet` after `step`, in order."""
    return [output.name for output in CITIES]


def _reader(name: str) -> Callable[[Any], Any]:
    def read(model: Any) -> Any:
        return model.record[name]

    read.__name__ = f"report_{name}"
    return read


def model_reporters() -> dict[str, Callable[[Any], Any]]:
    """DataCollector model reporters: each column read from the month's record."""
    return {name: _reader(name) for name in output_columns()}


def _city_reader(name: str) -> Callable[[Any], Any]:
    if name in ("city_id", "country"):  # the government agent's own identity
        return lambda agent: getattr(agent, name)
    if name == "date":
        return lambda agent: agent.model.date

    def read(agent: Any) -> Any:
        return float(agent.model.city_report[name][agent.city])

    read.__name__ = f"report_city_{name}"
    return read


def city_reporters() -> dict[str, Callable[[Any], Any]]:
    """DataCollector reporters of the government agents: the agent's city and country, and
    its city's figures in the month's per-city record (`model.city_report`)."""
    return {name: _city_reader(name) for name in city_columns()}


TEXT_COLUMNS = frozenset({"date", "city_id", "country"})


def check_table(frame, columns: list[str]) -> None:
    """Refuse a table that breaks the contract: other columns or order, or a value that is not
    a number where one is declared (checked through a pyarrow schema built from the contract)."""
    import pyarrow as pa

    if list(frame.columns) != columns:
        missing = [c for c in columns if c not in frame.columns]
        undeclared = [c for c in frame.columns if c not in columns]
        raise ValueError(
            f"table differs from the output contract: missing {missing}, undeclared {undeclared}"
            + ("" if missing or undeclared else ", order differs")
        )
    schema = pa.schema([(c, pa.string() if c in TEXT_COLUMNS else pa.float64()) for c in columns])
    pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
