"""Every text the visualizer shows, in English and Spanish, so one switch changes them all."""

from __future__ import annotations

LANGUAGES = ("en", "es")
LANGUAGE_NAMES = {"en": "English", "es": "Español"}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "bordersim: automation on the Mexico-US border",
        "controls": "Controls",
        "reset": "Reset",
        "step": "Step",
        "setup_card": "Scenario and policy",
        "compare": "Compare with no policy (same seed)",
        "date_before": "Before {date}",
        "about_title": "What am I looking at?",
        "about": (
            "A simulated economy of the factories along the Mexico-US border, month by month. "
            "Each circle on the map is a city: its size is how many people work in its "
            "factories, its colour how many of its workers are looking for a job. Small dots "
            "are factories: grey ones have not automated, orange ones are trying it, blue ones "
            "have automated. When a factory automates, some workers lose their job or are "
            "retrained; training centres (green triangles) retrain them, paid for by the city "
            "governments. Move a policy control, press Reset, then Step or play, and watch "
            "what changes. The numbers come from a model, not from real records."
        ),
        "unit_share": "{value:.0%}",
        "unit_times": "x {value:.2f}",
        "unit_usd_month": "{value:,.0f} USD/month",
        "unit_per_year": "{value:.0%} per year",
        "unit_scale": "1 agent per {people:,.0f} workers",
        "map_city_note": "circle size = factory jobs; colour = unemployment",
        "map_rivers": "River",
        "map_states": "State line",
        "map_city": "City (colour: unemployment)",
        "compare_title": "Policy against no policy, {date}",
        "compare_off": "Switch on the comparison and press Reset to see what the policy changed.",
        "compare_jobs": "Factory jobs kept by the policy: {jobs:+,.0f}.",
        "compare_unemployment": (
            "Unemployment with the policy minus without: Mexico {mx:+.1f} points, "
            "United States {us:+.1f} points."
        ),
        "compare_spending": "Extra public spending so far: {usd:+,.1f} million USD.",
        "compare_cost": "Cost per job kept: {usd:,.0f} USD.",
        "compare_no_cost": "Cost per job kept: none kept yet.",
        "baseline_suffix": "no policy",
        "gap": "gap",
        "city_title": "A city's story",
        "city_pick": "City",
        "map_click_hint": (
            "Click a city on the map (or pick it from the list below) to see its story."
        ),
        "city_twin": "{city} (solid line) and its twin across the border, {twin} (dashed)",
        "city_no_twin": "{city} (no twin city across the border)",
        "city_jobs": "Factory jobs",
        "city_unemployment": "Unemployment rate",
        "city_adoption": "Plants automated",
        "city_vacancies": "Vacancies",
        "city_trainees": "In training",
        "city_laid_off": "Laid off this month",
        "city_spending": "Public spending (million USD)",
        "city_not_started": "Step the simulation to see this city's months.",
        "take_home": "Take it home",
        "download_series": "Monthly series (CSV)",
        "download_cities": "Cities by month (CSV)",
        "download_scenario": "Scenario (YAML)",
        "reproduce": "Run it again on any computer with bordersim:",
        "config_hash": "Config hash: {hash}",
        "scenario": "Scenario",
        "population_scale": "Population scale",
        "seed": "Random seed",
        "retraining_subsidy": "Retraining subsidy (of course cost)",
        "training_capacity_multiplier": "Training seats (times today's)",
        "stipend_usd_month": "Trainee stipend",
        "sme_digitalization_grant": "Grant to small firms (of automation cost)",
        "cost_decline_per_year": "Automation gets cheaper by",
        "retrain_before_layoff": "Retrain before layoff",
        "map_title": "The corridor, {date}",
        "map_border": "Border",
        "map_stage_none": "Plant: no automation",
        "map_stage_pilot": "Plant: pilot",
        "map_stage_adopted": "Plant: automated",
        "map_center": "Training center",
        "map_sez": "Industry 4.0 zone",
        "map_unemployment": "Unemployment rate",
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
        "jobs_title_city": "Factory jobs and whole-city unemployment",
        "observed": "Observed (ENOE, LAUS)",
        "market_title": "Factory vacancies and participation",
        "vacancies_mx": "Vacancies, Mexico",
        "vacancies_us": "Vacancies, United States",
        "vacancies_axis": "open factory jobs (thousands)",
        "participation_mx": "Participation, Mexico",
        "participation_us": "Participation, United States",
        "participation_axis": "labour force / working age",
        "rest_title": "The rest of the city",
        "other_jobs_mx": "Other jobs, Mexico",
        "other_jobs_us": "Other jobs, United States",
        "other_jobs_axis": "jobs outside factories (millions)",
        "migration_mx": "Net migration, Mexico",
        "migration_us": "Net migration, United States",
        "migration_axis": "people per month (thousands)",
        "spending_title": "Public spending (cumulative)",
        "spending_public": "Municipal and federal programmes",
        "spending_federal": "of which federal matching",
        "spending_axis": "million USD",
        "year": "year",
        "panel_title": "This month",
        "panel_not_started": "Press Step or ▶ to simulate the first month, {date}.",
        "panel_month": "{date} (month {step} of {horizon})",
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
        "controls": "Controles",
        "reset": "Reiniciar",
        "step": "Avanzar",
        "setup_card": "Escenario y política",
        "compare": "Comparar con sin política (misma semilla)",
        "date_before": "Antes de {date}",
        "about_title": "¿Qué estoy viendo?",
        "about": (
            "Una economía simulada de las fábricas de la frontera México-EE. UU., mes a mes. "
            "Cada círculo del mapa es una ciudad: su tamaño es cuántas personas trabajan en "
            "sus fábricas, su color cuántos de sus trabajadores buscan empleo. Los puntos "
            "pequeños son fábricas: las grises no se han automatizado, las naranjas lo están "
            "probando, las azules ya se automatizaron. Cuando una fábrica se automatiza, "
            "algunas personas pierden su empleo o se recapacitan; los centros de capacitación "
            "(triángulos verdes) las recapacitan, con dinero de los gobiernos municipales. "
            "Mueva un control de política, pulse Reiniciar y luego Avanzar o reproducir, y "
            "observe qué cambia. Las cifras salen de un modelo, no de registros reales."
        ),
        "unit_share": "{value:.0%}",
        "unit_times": "x {value:.2f}",
        "unit_usd_month": "{value:,.0f} USD/mes",
        "unit_per_year": "{value:.0%} al año",
        "unit_scale": "1 agente por cada {people:,.0f} trabajadores",
        "map_city_note": "tamaño del círculo = empleos fabriles; color = desempleo",
        "map_rivers": "Río",
        "map_states": "Límite estatal",
        "map_city": "Ciudad (color: desempleo)",
        "compare_title": "Política frente a sin política, {date}",
        "compare_off": "Active la comparación y pulse Reiniciar para ver qué cambió la política.",
        "compare_jobs": "Empleos fabriles conservados por la política: {jobs:+,.0f}.",
        "compare_unemployment": (
            "Desempleo con la política menos sin ella: México {mx:+.1f} puntos, "
            "Estados Unidos {us:+.1f} puntos."
        ),
        "compare_spending": "Gasto público adicional hasta ahora: {usd:+,.1f} millones de USD.",
        "compare_cost": "Costo por empleo conservado: {usd:,.0f} USD.",
        "compare_no_cost": "Costo por empleo conservado: aún no se conserva ninguno.",
        "baseline_suffix": "sin política",
        "gap": "diferencia",
        "city_title": "La historia de una ciudad",
        "city_pick": "Ciudad",
        "map_click_hint": (
            "Haz clic en una ciudad del mapa (o elígela en la lista de abajo) para ver su historia."
        ),
        "city_twin": (
            "{city} (línea continua) y su gemela al otro lado de la frontera, {twin} (discontinua)"
        ),
        "city_no_twin": "{city} (sin ciudad gemela al otro lado de la frontera)",
        "city_jobs": "Empleos fabriles",
        "city_unemployment": "Tasa de desempleo",
        "city_adoption": "Plantas automatizadas",
        "city_vacancies": "Vacantes",
        "city_trainees": "En capacitación",
        "city_laid_off": "Despedidos este mes",
        "city_spending": "Gasto público (millones de USD)",
        "city_not_started": "Avance la simulación para ver los meses de esta ciudad.",
        "take_home": "Para llevar",
        "download_series": "Series mensuales (CSV)",
        "download_cities": "Ciudades por mes (CSV)",
        "download_scenario": "Escenario (YAML)",
        "reproduce": "Vuelva a correrlo en cualquier computadora con bordersim:",
        "config_hash": "Huella de la configuración: {hash}",
        "scenario": "Escenario",
        "population_scale": "Escala de población",
        "seed": "Semilla aleatoria",
        "retraining_subsidy": "Subsidio a recapacitación (del costo del curso)",
        "training_capacity_multiplier": "Plazas de capacitación (veces las actuales)",
        "stipend_usd_month": "Beca para quien se capacita",
        "sme_digitalization_grant": "Apoyo a PyMEs (del costo de automatizar)",
        "cost_decline_per_year": "La automatización se abarata",
        "retrain_before_layoff": "Recapacitar antes de despedir",
        "map_title": "El corredor, {date}",
        "map_border": "Frontera",
        "map_stage_none": "Planta: sin automatización",
        "map_stage_pilot": "Planta: piloto",
        "map_stage_adopted": "Planta: automatizada",
        "map_center": "Centro de capacitación",
        "map_sez": "Zona Industria 4.0",
        "map_unemployment": "Tasa de desempleo",
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
        "jobs_title_city": "Empleo fabril y desempleo de toda la ciudad",
        "observed": "Observado (ENOE, LAUS)",
        "market_title": "Vacantes fabriles y participación",
        "vacancies_mx": "Vacantes, México",
        "vacancies_us": "Vacantes, Estados Unidos",
        "vacancies_axis": "empleos fabriles abiertos (miles)",
        "participation_mx": "Participación, México",
        "participation_us": "Participación, Estados Unidos",
        "participation_axis": "fuerza laboral / población en edad de trabajar",
        "rest_title": "El resto de la ciudad",
        "other_jobs_mx": "Otros empleos, México",
        "other_jobs_us": "Otros empleos, Estados Unidos",
        "other_jobs_axis": "empleos fuera de las fábricas (millones)",
        "migration_mx": "Migración neta, México",
        "migration_us": "Migración neta, Estados Unidos",
        "migration_axis": "personas por mes (miles)",
        "spending_title": "Gasto público (acumulado)",
        "spending_public": "Programas municipales y federales",
        "spending_federal": "de ello, contrapartida federal",
        "spending_axis": "millones de USD",
        "year": "año",
        "panel_title": "Este mes",
        "panel_not_started": "Pulse Avanzar o ▶ para simular el primer mes, {date}.",
        "panel_month": "{date} (mes {step} de {horizon})",
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
            "reemplaza. Reiniciar aplica los controles."
        ),
    },
}


MONTHS = {
    "en": ("January February March April May June July August September October November December"),
    "es": (
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
    ),
}


def month_name(date: str, language: str) -> str:
    """'2024-07' as 'July 2024' (English) or 'julio de 2024' (Spanish)."""
    name = MONTHS[language].split()[int(date[5:7]) - 1]
    return f"{name} {date[:4]}" if language == "en" else f"{name} de {date[:4]}"


def tr(key: str, language: str, **values: object) -> str:
    """The text for `key` in `language` (English if unknown), filled with `values`."""
    text = TEXT.get(language, TEXT["en"])[key]
    return text.format(**values) if values else text
