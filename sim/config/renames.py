"""Config paths that were renamed when per-country values became one field each, and fields
that were removed for a sourced replacement.

An old path is refused with a one-line message naming the new one, in a scenario file as in
a `--set` override, rather than as an unknown field.
"""

from __future__ import annotations

_PAIRED = {
    "population": (
        "initial_unemployment_rate",
        "technician_share",
        "cross_border_permit_share",
    ),
    "wages": ("hours_per_month", "technician_premium", "labour_burden"),
    "labour": ("quit_rate_month", "match_efficiency", "initial_vacancy_rate"),
    "city": (
        "working_age_share",
        "participation_rate",
        "informality_share",
        "other_separation_rate_month",
        "informal_entry_rate_month",
        "other_demand_growth_per_year",
        "outsider_manufacturing_search_share",
        "entry_rate_per_year",
        "retirement_rate_per_year",
        "in_migration_rate_per_year",
    ),
    "automation": ("initial_adoption_share",),
    "training": ("cost_per_trainee_month",),
    "demand": ("growth_per_year",),
}

# old dotted path -> new dotted path (section.field.country[.rule_field])
RENAMED: dict[str, str] = {
    **{
        f"{section}.{name}_{tag}": f"{section}.{name}.{tag}"
        for section, names in _PAIRED.items()
        for name in names
        for tag in ("mx", "us")
    },
    "wages.mx_operative_usd_hour": "wages.operative_usd_hour.mx",
    "wages.us_operative_usd_hour": "wages.operative_usd_hour.us",
    "automation.bass_q_multiplier_us": "automation.bass_q_multiplier.us",
    "displacement.severance_months_mx": "displacement.severance.mx.months",
    "displacement.severance_days_per_year_mx": "displacement.severance.mx.days_per_year",
    "displacement.seniority_days_per_year_mx": "displacement.severance.mx.seniority_days_per_year",
    "displacement.severance_weeks_per_year_us": "displacement.severance.us.weeks_per_year",
}

# removed dotted path -> what replaced it (a field with another meaning: not a rename)
REMOVED: dict[str, str] = {
    "displacement.retrain_bias_usd": "displacement.employer_retrain_share (the share of displaced "
    "workers plants retrain with no policy, 0..1)",
    "automation.non_labour_benefit_share": "the payback's net saving per automated job "
    "(automation.quality_gain_share, net of the technicians added)",
    "automation.unit_cost_saving": "the same net saving per automated job "
    "(automation.operative_cost_share turns it into unit cost)",
}


def renamed_message(path: str, *, override: bool = False) -> str | None:
    """What to write instead of an old dotted path, or None if the path was neither renamed
    nor removed: YAML nesting for a file, the new dotted path for a `--set` override, what
    replaces a removed field."""
    parts = path.split(".")
    removed = REMOVED.get(".".join(parts[:2]))
    if removed is not None:
        return f"removed: replaced by {removed}"
    old = next((i for i in range(len(parts), 1, -1) if ".".join(parts[:i]) in RENAMED), None)
    if old is None:
        return None
    new = ".".join([RENAMED[".".join(parts[:old])], *parts[old:]])
    if override:
        return f"renamed: write {new}=..."
    section, field, *rest = new.split(".")
    nested = "..."
    for key in reversed(rest):
        nested = f"{{{key}: {nested}}}"
    return f"renamed: write {section}.{field}: {nested}"
