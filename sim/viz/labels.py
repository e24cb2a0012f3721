"""Every text the visualizer shows, in English and Spanish, so one switch changes them all."""

from __future__ import annotations

LANGUAGES = ("en", "es")
LANGUAGE_NAMES = {"en": "English", "es": "Español"}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "bordersim: automation on the Mexico-US border",
        "language": "Language",
        "scenario": "Scenario",
        "population_scale": "Population scale",
        "seed": "Random seed",
        "retraining_subsidy": "Retraining subsidy",
        "training_capacity_multiplier": "Training seats (x)",
        "stipend_usd_month": "Stipend (USD/month)",
        "sme_digitalization_grant": "SME automation grant",
        "cost_decline_per_year": "Automation cost fall/yr",
        "retrain_before_layoff": "Retrain before layoff",
        "map_title": "The corridor, {date}",
        "map_border": "Border",
        "map_stage_none": "Plant: no automation",
        "map_stage_pilot": "Plant: pilot",
        "map_stage_adopted": "Plant: automated",
        "map_center": "Training center",
        "map_sez": "Industry 4.0 zone",
        "map_unemployment": "Unemployment rate",
        "map_size_note": "marker size = plant headcount",
        "adoption_title": "Plants using AI / automation",
        "adoption_mx": "Mexico",
        "adoption_us": "United States",
        "adoption_target": "Target (article)",
        "share": "share of plants",
        "jobs_title": "Jobs and unemployment",
        "jobs_mx": "Jobs, Mexico",
        "jobs_us": "Jobs, United States",
        "jobs_axis": "jobs (thousands)",
        "unemp_mx": "Unemployment, Mexico",
        "unemp_us": "Unemployment, United States",
        "unemp_axis": "unemployment rate",
        "people_title": "Displaced workers and retraining",
        "displaced": "Displaced this month",
        "in_training": "In training",
        "retrained": "Retrained by plants this month",
        "people_axis": "people",
        "spending_title": "Public spending (cumulative)",
        "spending_public": "Municipal and federal programmes",
        "spending_federal": "of which federal matching",
        "spending_axis": "million USD",
        "year": "year",
        "panel_title": "This month",
        "panel_not_started": "Press Step or ▶ to simulate the first month ({date}).",
        "panel_month": "Month: {date} (step {step} of {horizon})",
        "panel_finished": "The simulation has reached its last month.",
        "panel_layoffs": "Most layoffs: {city}, {count:,.0f} workers laid off.",
        "panel_no_layoffs": "No plant laid anyone off this month.",
        "panel_displaced": (
            "{displaced:,.0f} operative jobs were automated away; plants retrained "
            "{retrained:,.0f} of those workers themselves."
        ),
        "panel_training": (
            "{enrolled:,.0f} people started a training course; {in_training:,.0f} are in "
            "training now."
        ),
        "panel_adoption": "Plants using automation: Mexico {mx:.0%}, United States {us:.0%}.",
        "panel_unemployment": "Unemployment: Mexico {mx:.1%}, United States {us:.1%}.",
        "panel_setup": "Scenario {scenario}, population scale {scale:g}, seed {seed}.",
        "panel_levers": "Policy: {levers}.",
        "panel_lever_source_slider": "slider",
        "panel_lever_source_scenario": "scenario",
        "panel_yes": "yes",
        "panel_no": "no",
        "panel_warning": "Not applied: {message}",
        "panel_hint": (
            "A slider left at its starting value keeps the scenario's own setting; "
            "moved, it replaces it. Reset applies the controls."
        ),
    },
    "es": {
        "title": "bordersim: automatización en la frontera México-EE. UU.",
        "language": "Idioma",
        "scenario": "Escenario",
        "population_scale": "Escala de población",
        "seed": "Semilla aleatoria",
        "retraining_subsidy": "Subsidio a recapacitación",
        "training_capacity_multiplier": "Plazas de capacitación (x)",
        "stipend_usd_month": "Beca (USD/mes)",
        "sme_digitalization_grant": "Apoyo a PyMEs",
        "cost_decline_per_year": "Baja del costo/año",
        "retrain_before_layoff": "Recapacitar antes de despedir",
        "map_title": "El corredor, {date}",
        "map_border": "Frontera",
        "map_stage_none": "Planta: sin automatización",
        "map_stage_pilot": "Planta: piloto",
        "map_stage_adopted": "Planta: automatizada",
        "map_center": "Centro de capacitación",
        "map_sez": "Zona Industria 4.0",
        "map_unemployment": "Tasa de desempleo",
        "map_size_note": "tamaño del marcador = plantilla de la planta",
        "adoption_title": "Plantas que usan IA / automatización",
        "adoption_mx": "México",
        "adoption_us": "Estados Unidos",
        "adoption_target": "Meta (artículo)",
        "share": "proporción de plantas",
        "jobs_title": "Empleo y desempleo",
        "jobs_mx": "Empleos, México",
        "jobs_us": "Empleos, Estados Unidos",
        "jobs_axis": "empleos (miles)",
        "unemp_mx": "Desempleo, México",
        "unemp_us": "Desempleo, Estados Unidos",
        "unemp_axis": "tasa de desempleo",
        "people_title": "Trabajadores desplazados y recapacitación",
        "displaced": "Desplazados este mes",
        "in_training": "En capacitación",
        "retrained": "Recapacitados por las plantas este mes",
        "people_axis": "personas",
        "spending_title": "Gasto público (acumulado)",
        "spending_public": "Programas municipales y federales",
        "spending_federal": "de ello, contrapartida federal",
        "spending_axis": "millones de USD",
        "year": "año",
        "panel_title": "Este mes",
        "panel_not_started": "Pulse Step o ▶ para simular el primer mes ({date}).",
        "panel_month": "Mes: {date} (paso {step} de {horizon})",
        "panel_finished": "La simulación llegó a su último mes.",
        "panel_layoffs": "Más despidos: {city}, {count:,.0f} trabajadores despedidos.",
        "panel_no_layoffs": "Ninguna planta despidió a nadie este mes.",
        "panel_displaced": (
            "Se automatizaron {displaced:,.0f} puestos de operario; las plantas recapacitaron "
            "a {retrained:,.0f} de esas personas."
        ),
        "panel_training": (
            "{enrolled:,.0f} personas iniciaron un curso; {in_training:,.0f} están en "
            "capacitación ahora."
        ),
        "panel_adoption": "Plantas con automatización: México {mx:.0%}, Estados Unidos {us:.0%}.",
        "panel_unemployment": "Desempleo: México {mx:.1%}, Estados Unidos {us:.1%}.",
        "panel_setup": "Escenario {scenario}, escala de población {scale:g}, semilla {seed}.",
        "panel_levers": "Política: {levers}.",
        "panel_lever_source_slider": "control",
        "panel_lever_source_scenario": "escenario",
        "panel_yes": "sí",
        "panel_no": "no",
        "panel_warning": "No aplicado: {message}",
        "panel_hint": (
            "Un control en su valor inicial conserva el valor del escenario; si se mueve, lo "
            "reemplaza. Reset aplica los controles."
        ),
    },
}


def tr(key: str, language: str, **values: object) -> str:
    """The text for `key` in `language` (English if unknown), filled with `values`."""
    text = TEXT.get(language, TEXT["en"])[key]
    return text.format(**values) if values else text
