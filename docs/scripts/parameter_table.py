"""Print (or write into docs/model.md) the parameter tables of the model description.

Each submodel of section 7 gets a short table of its parameters, and section 9 the complete
tables, one per config section, plus the calibration box. They come from the pydantic schema
(`sim.config.schema.Scenario`: description, unit, allowed range), the resolved
`configs/baseline.yaml` (the value a baseline run uses) and `configs/calibration.yaml` (which
parameters are estimated), so the document cannot drift from the code: `tests/test_model_doc.py`
regenerates them and compares.

    uv run python docs/scripts/parameter_table.py           # print the tables
    uv run python docs/scripts/parameter_table.py --write   # replace them in docs/model.md
"""

from __future__ import annotations

import argparse
from copy import copy

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from sim.config import (
    CONFIGS_DIR,
    PROJECT_ROOT,
    Scenario,
    load_scenario,
    read_scenario_data,
    read_yaml,
)
from sim.config.countries import ByCountry
from sim.world.sectors import SECTORS

DOC = PROJECT_ROOT / "docs" / "model.md"
BASELINE = CONFIGS_DIR / "baseline.yaml"
CALIBRATION = CONFIGS_DIR / "calibration.yaml"


def number(value: float) -> str:
    """A number as a reader would write it: no trailing zeros, no float noise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return f"{value:.6g}"


def shown(value: object) -> str:
    """A config value as it would be written in YAML, on one line."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {shown(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    if isinstance(value, int | float):
        return number(value)
    text = str(value).strip()
    return text or '""'


def allowed_range(field: FieldInfo) -> str:
    """The field's numeric bounds in interval notation ("" when the schema sets none)."""
    low = high = None
    low_open = high_open = False
    for rule in field.metadata:
        if isinstance(rule, Ge):
            low = rule.ge
        elif isinstance(rule, Gt):
            low, low_open = rule.gt, True
        elif isinstance(rule, Le):
            high = rule.le
        elif isinstance(rule, Lt):
            high, high_open = rule.lt, True
    if low is None and high is None:
        return ""
    left = "(-inf" if low is None else ("(" if low_open else "[") + number(low)
    right = "inf)" if high is None else number(high) + (")" if high_open else "]")
    return f"{left}, {right}"


def _is_model(annotation: object, kind: type[BaseModel] = BaseModel) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, kind)


def per_country_leaves(path: str, field: FieldInfo) -> list[tuple[str, FieldInfo]]:
    """One row per country of a per-country field (per rule field for a rule such as
    severance): the field's meaning, the entry's range."""
    leaves = []
    for tag, entry in field.annotation.model_fields.items():
        if _is_model(entry.annotation):
            for name, rule_field in entry.annotation.model_fields.items():
                leaf = copy(rule_field)
                leaf.description = f"{field.description}: {rule_field.description}"
                leaves.append((f"{path}.{tag}.{name}", leaf))
        else:
            leaf = copy(entry)
            leaf.description = field.description
            leaves.append((f"{path}.{tag}", leaf))
    return leaves


def leaf_fields(model: type[BaseModel], prefix: str = "") -> list[tuple[str, FieldInfo]]:
    """(dotted path, field) of every field that is not itself a section, in schema order; a
    per-country field gives one row per country."""
    leaves = []
    for name, field in model.model_fields.items():
        if _is_model(field.annotation, ByCountry):
            leaves += per_country_leaves(prefix + name, field)
        elif not _is_model(field.annotation):
            leaves.append((prefix + name, field))
    return leaves


def sections(
    model: type[BaseModel] = Scenario, prefix: str = ""
) -> list[tuple[str, type[BaseModel]]]:
    """(dotted prefix, section model) for the scenario and every nested section, in order."""
    found = [(prefix.rstrip(".") or "scenario", model)]
    for name, field in model.model_fields.items():
        if _is_model(field.annotation) and not _is_model(field.annotation, ByCountry):
            found += sections(field.annotation, f"{prefix}{name}.")
    return found


def value_at(data: object, path: str) -> object:
    for part in path.split("."):
        data = data[part] if isinstance(data, dict) else getattr(data, part)
    return data


def set_in(data: dict, path: str) -> bool:
    """Whether the raw YAML data writes this dotted path itself."""
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


def origin(path: str, written: dict, box: dict) -> str:
    """Where the baseline value comes from: the calibration, baseline.yaml or the schema."""
    if path in box:
        return "calibrated" if set_in(written, path) else "calibration box (default)"
    return "baseline.yaml" if set_in(written, path) else "default"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# The parameters of each submodel of docs/model.md section 7, by dotted path.
SUBMODELS = {
    "adoption": (
        "automation.bass_p_per_year",
        "automation.bass_q_per_year",
        "automation.bass_q_multiplier.us",
        "world.imitation_radius_km",
        "automation.cross_border_peer_weight",
        "plants.sector_automation_propensity",
        "automation.pilot_capex_per_automated_job_usd",
        "automation.capex_per_automated_job_usd",
        "automation.cost_decline_per_year",
        "automation.tech_transfer_capex_discount",
        "automation.payback_target_months",
        "automation.payback_elasticity",
        "automation.quality_gain_share",
        "wages.labour_burden.mx",
        "wages.labour_burden.us",
        "wages.technician_premium.mx",
        "wages.technician_premium.us",
        "automation.sme_credit_limit_months",
        "automation.technician_shortage_power",
        "automation.pilot_months",
        "policy.sez_tax_credit",
        "policy.sme_digitalization_grant",
        "policy.regulatory_interoperability",
    ),
    "intensity": (
        "automation.pilot_share",
        "automation.deepening_per_year",
        "automation.automatable_share",
        "automation.robots_installed_per_year.mx",
        "automation.robots_installed_per_year.us",
        "automation.border_share_of_installations.mx",
        "automation.border_share_of_installations.us",
        "automation.operative_jobs_per_robot",
        "automation.software_jobs_multiplier",
    ),
    "output": (
        "automation.operative_cost_share",
        "automation.output_demand_elasticity",
        "automation.industry_demand_elasticity",
        "automation.output_adjustment_per_month",
    ),
    "attrition": ("labour.attrition_window_months",),
    "reinstatement": (
        "automation.technicians_per_automated_job",
        "automation.reinstatement_tasks_per_automated_job",
        "labour.internal_promotion_rate_month",
    ),
    "layoff": (
        "displacement.severance.mx.months",
        "displacement.severance.mx.days_per_year",
        "displacement.severance.mx.seniority_days_per_year",
        "displacement.severance.mx.seniority_wage_cap_min_wages",
        "displacement.severance.us.weeks_per_year",
        "displacement.technician_hiring_cost_months",
        "displacement.training_wage_share",
        "displacement.choice_scale_usd",
        "displacement.employer_retrain_share",
        "policy.retraining_subsidy",
        "policy.retrain_before_layoff",
        "policy.sez_retrain_first",
    ),
    "training": (
        "training.seats_per_1000_workers",
        "training.programme_months",
        "training.completion_probability",
        "training.cost_per_trainee_month.mx",
        "training.cost_per_trainee_month.us",
        "training.inhouse_cost_multiplier",
        "training.enrolment_probability_month",
        "training.stipend_enrolment_effect",
        "training.stipend_completion_effect",
        "training.completion_probability_cap",
        "training.human_capital_rise_by_year",
        "training.long_term_unemployed_factor",
        "training.long_term_months_at_entry",
        "training.stock_application_share",
        "policy.training_capacity_multiplier",
        "policy.stipend_usd_month",
        "policy.binational_training",
        "policy.cross_border_enrolment",
        "policy.adaptive_training.enabled",
        "policy.adaptive_training.unemployment_threshold",
        "policy.adaptive_training.capacity_step",
        "policy.adaptive_training.max_multiplier",
    ),
    "finance": (
        "government.payroll_levy_share",
        "government.initial_budget_months",
        "policy.federal_matching_rate",
        "policy.federal_fiscal_cap_usd_per_year",
    ),
    "quits": (
        "labour.quit_rate_month.mx",
        "labour.quit_rate_month.us",
        "labour.job_to_job_share",
        "labour.quit_tightness_elasticity",
    ),
    "matching": (
        "labour.match_efficiency.mx",
        "labour.match_efficiency.us",
        "labour.matching_elasticity",
        "labour.initial_vacancy_rate.mx",
        "labour.initial_vacancy_rate.us",
        "labour.technician_downgrade_months",
        "labour.cross_border_search_share",
        "world.commute_radius_km",
        "population.cross_border_permit_share.mx",
        "population.cross_border_permit_share.us",
        "policy.credential_recognition",
        "city.outsider_manufacturing_search_share.mx",
        "city.outsider_manufacturing_search_share.us",
        "city.manufacturing_seeker_other_weight",
    ),
    "wages": (
        "wages.operative_usd_hour.mx",
        "wages.operative_usd_hour.us",
        "wages.hours_per_month.mx",
        "wages.hours_per_month.us",
        "wages.plant_wage_sigma",
        "wages.technician_premium.mx",
        "wages.technician_premium.us",
        "wages.border_min_wage_mxn_day",
        "wages.mxn_per_usd",
        "wages.wage_curve_elasticity",
        "wages.wage_adjustment_per_month",
    ),
    "city": (
        "city.working_age_share.mx",
        "city.working_age_share.us",
        "city.participation_rate.mx",
        "city.participation_rate.us",
        "city.max_manufacturing_share",
        "city.informality_share.mx",
        "city.informality_share.us",
        "city.other_separation_rate_month.mx",
        "city.other_separation_rate_month.us",
        "city.other_vacancy_rate",
        "city.informal_entry_rate_month.mx",
        "city.informal_entry_rate_month.us",
        "city.local_multiplier",
        "city.skill_job_creation",
        "city.other_demand_growth_per_year.mx",
        "city.other_demand_growth_per_year.us",
        "city.entry_rate_per_year.mx",
        "city.entry_rate_per_year.us",
        "city.participation_unemployment_response",
        "city.participation_tightness_elasticity",
        "city.participation_adjustment_per_month",
        "city.migration_response_per_month",
        "city.in_migration_rate_per_year.mx",
        "city.in_migration_rate_per_year.us",
        "city.migration_demand_elasticity",
    ),
    "retirement": ("city.retirement_rate_per_year.mx", "city.retirement_rate_per_year.us"),
    "outputs": ("labour.long_term_months",),
    "demand": (
        *(f"demand.sector_growth.{sector}" for sector in SECTORS),
        "demand.sector_trend_per_year",
        "demand.growth_per_year.mx",
        "demand.growth_per_year.us",
        "demand.wage_elasticity",
        "demand.wage_adjustment_per_month",
        "demand.robot_reshoring_elasticity",
        "demand.robots_per_1000_workers_per_year",
        "demand.robot_reshoring_sectors",
    ),
    "plant_entry": (
        "plant_entry.exit_hazard_per_year",
        "plant_entry.exit_shortfall_slope",
        "plant_entry.investment_usd_m_per_year.mx",
        "plant_entry.investment_usd_m_per_year.us",
        "plant_entry.jobs_per_million_usd",
        "plant_entry.entrant_size_real",
        "plant_entry.wage_weight",
        "plant_entry.labour_weight",
        "plant_entry.sez_weight",
        "plant_entry.reserve_slot_share",
    ),
}
ALL = "all"  # the block of section 9: every field of every section


class Sources:
    """What the tables read: the resolved baseline, its YAML as written, the calibration box."""

    def __init__(self) -> None:
        self.baseline = load_scenario(BASELINE)
        self.written = read_scenario_data(BASELINE)
        self.box = read_yaml(CALIBRATION)["parameters"]
        self.fields = {
            path: field
            for prefix, model in sections()
            for path, field in leaf_fields(model, "" if prefix == "scenario" else prefix + ".")
        }

    def row(self, path: str) -> str:
        field = self.fields[path]
        return (
            f"| `{path}` | {cell(shown(value_at(self.baseline, path)))} "
            f"| {origin(path, self.written, self.box)} "
            f"| {allowed_range(field)} | {cell(field.description or '')} |"
        )


HEADER = ["| field | baseline | from | range | meaning |", "| --- | --- | --- | --- | --- |"]


def submodel_table(sources: Sources, name: str) -> str:
    """The parameters of one submodel (a short table beside its equations)."""
    return "\n".join([*HEADER, *(sources.row(path) for path in SUBMODELS[name])]) + "\n"


def full_tables(sources: Sources) -> str:
    """Every field, one table per config section, plus the calibration box."""
    out = [
        "Columns: **baseline** is the value `configs/baseline.yaml` runs with; **from** says "
        "where it comes from (`calibrated`: estimated by `bordersim calibrate` within the box of "
        "`configs/calibration.yaml` below and written into `configs/baseline.yaml`; "
        "`calibration box (default)`: in the box but not yet estimated, so the schema default; "
        "`baseline.yaml`: set there, its source or an earlier estimate in the comment beside "
        "it; `default`: the schema default); **range** is what the schema accepts; "
        "**meaning** is the schema's description, with its unit and source.",
        "",
    ]
    for prefix, model in sections():
        rows = leaf_fields(model, "" if prefix == "scenario" else prefix + ".")
        if rows:
            out += [f"#### `{prefix}`", "", *HEADER, *(sources.row(p) for p, _ in rows), ""]
    out += [
        "#### Calibration box (`configs/calibration.yaml`)",
        "",
        "| parameter | low | high | baseline | why these bounds |",
        "| --- | --- | --- | --- | --- |",
    ]
    for path, spec in sources.box.items():
        out.append(
            f"| `{path}` | {number(spec['low'])} | {number(spec['high'])} "
            f"| {shown(value_at(sources.baseline, path))} | {cell(spec['why'])} |"
        )
    return "\n".join(out) + "\n"


def render() -> dict[str, str]:
    """Every generated block of docs/model.md by name: the submodels' tables and `all`."""
    sources = Sources()
    blocks = {name: submodel_table(sources, name) for name in SUBMODELS}
    blocks[ALL] = full_tables(sources)
    return blocks


def markers(name: str) -> tuple[str, str]:
    return (
        f"<!-- BEGIN generated {name}: docs/scripts/parameter_table.py, do not edit by hand -->",
        f"<!-- END generated {name} -->",
    )


def generated_blocks(text: str) -> dict[str, str]:
    """The text between each pair of markers in a document (what `render` must equal)."""
    found = {}
    for name in [*SUBMODELS, ALL]:
        begin, end = markers(name)
        if begin in text and end in text:
            found[name] = text[text.index(begin) + len(begin) : text.index(end)].strip("\n") + "\n"
    return found


def with_blocks(text: str, blocks: dict[str, str]) -> str:
    """The document with each generated block replaced (its markers must be there)."""
    for name, body in blocks.items():
        begin, end = markers(name)
        start, stop = text.index(begin) + len(begin), text.index(end)
        text = text[:start] + "\n" + body + text[stop:]
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"replace the tables in {DOC.name}")
    args = parser.parse_args(argv)
    blocks = render()
    if args.write:
        DOC.write_text(with_blocks(DOC.read_text(encoding="utf-8"), blocks), encoding="utf-8")
    else:
        print("\n".join(f"<!-- {name} -->\n{body}" for name, body in blocks.items()), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
