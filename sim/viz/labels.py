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
            "governments. Pick a lesson or move a policy control, then Step or play, and watch "
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
        "compare_off": "Switch on the comparison to see what the policy changed.",
        "jobs_kept": (
            "Factory jobs kept by the policy: {mean} (95% interval {low} to {high}, {seeds} seeds)."
        ),
        "jobs_too_small": (
            "Factory jobs kept by the policy: too small to tell ({low} to {high}, {seeds} seeds)."
        ),
        "compare_unemployment": (
            "Unemployment with the policy minus without: Mexico {mx} points, "
            "United States {us} points (this seed)."
        ),
        "compare_spending": "Extra public spending so far: {usd} million USD.",
        "head_adoption": "Plants automated",
        "head_unemployment": "Unemployment",
        "head_jobs": "Policy effect",
        "head_spending": "Public spending so far",
        "head_spending_value": "{usd:,.1f} million USD",
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
        "city_jobs": "Factory jobs (people)",
        "city_unemployment": "Unemployment rate (%)",
        "city_adoption": "Plants automated (% of plants)",
        "city_vacancies": "Vacancies (open jobs)",
        "city_trainees": "In training (people)",
        "city_laid_off": "Laid off this month (people)",
        "city_no_policy": "dotted: the same city without the policy",
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
        "map_sez_city": "City with an Industry 4.0 zone",
        "map_unemployment": "Unemployment rate",
        "adoption_title": "Plants using AI / automation",
        "adoption_mx": "Mexico",
        "adoption_us": "United States",
        "adoption_target": "Target (article)",
        "share": "share of plants (%)",
        "jobs_title": "Jobs and unemployment",
        "jobs_mx": "Jobs, Mexico",
        "jobs_us": "Jobs, United States",
        "jobs_axis": "jobs (thousands)",
        "unemp_mx": "Unemployment, Mexico",
        "unemp_us": "Unemployment, United States",
        "unemp_axis": "unemployment rate (%)",
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
        "participation_axis": "labour force / working age (%)",
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
        "lesson_card": "Lesson",
        "lesson_pick": "Start a lesson",
        "lesson_notice_heading": "What to notice",
        "lesson_try_heading": "What to try",
        "lesson_automation": "Automation arrives in Juárez and El Paso",
        "lesson_automation_notice": (
            "Automation gets cheaper by 15% a year. Watch the orange and blue dots around "
            "Ciudad Juárez: plants pilot, then automate. Compare the layoffs and unemployment "
            "of Juárez (solid line) with El Paso across the river (dashed): who loses more "
            "factory jobs, and how fast do the laid-off workers find new ones?"
        ),
        "lesson_automation_try": (
            "Set 'Automation gets cheaper by' to 5% and then to 30%, and play to 2026 "
            "each time. When does unemployment in Juárez peak?"
        ),
        "lesson_retraining": "Does retraining help?",
        "lesson_retraining_notice": (
            "The city pays 80% of the course and a 300 USD monthly stipend, with three times "
            "today's training seats. The strip over the map says how many factory jobs the "
            "policy keeps compared with the same world without it, with the range over three "
            "random seeds. Is the effect larger than the noise? What does each job kept cost?"
        ),
        "lesson_retraining_try": (
            "Move the stipend to 0: do fewer people train? Then set the subsidy to 0 as well: "
            "does the interval now hold zero?"
        ),
        "lesson_zones": "Industry 4.0 zones",
        "lesson_zones_notice": (
            "Tijuana and El Paso get Industry 4.0 zones (hatched on the map): a 25% tax credit "
            "for plants that automate there and retrain first, with federal matching money. "
            "Watch adoption in Tijuana against San Diego, and the public spending line."
        ),
        "lesson_zones_try": (
            "Pick Mexicali or Nogales in the city list: cities without a zone, do they fall "
            "behind? Raise 'Grant to small firms' to 40% and compare the cost."
        ),
        "speed": "Speed",
        "speed_value": "{value:g} months/s",
        "busy_building": "Building the model…",
        "busy_language": "Redrawing in English…",
        "error_line": "Something went wrong and the page stopped: {message}",
        "panel_hint": (
            "A slider shows the scenario's own value until it is moved; moved, it replaces it "
            "(zero included). Reset starts again from the first month."
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
            "Elija una lección o mueva un control de política, luego Avanzar o reproducir, y "
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
        "compare_off": "Active la comparación para ver qué cambió la política.",
        "jobs_kept": (
            "Empleos fabriles conservados por la política: {mean} (intervalo de 95 %: {low} "
            "a {high}, {seeds} semillas)."
        ),
        "jobs_too_small": (
            "Empleos fabriles conservados por la política: efecto demasiado pequeño para "
            "distinguirlo ({low} a {high}, {seeds} semillas)."
        ),
        "compare_unemployment": (
            "Desempleo con la política menos sin ella: México {mx} puntos, "
            "Estados Unidos {us} puntos (esta semilla)."
        ),
        "compare_spending": "Gasto público adicional hasta ahora: {usd} millones de USD.",
        "head_adoption": "Plantas automatizadas",
        "head_unemployment": "Desempleo",
        "head_jobs": "Efecto de la política",
        "head_spending": "Gasto público hasta ahora",
        "head_spending_value": "{usd:,.1f} millones de USD",
        "compare_cost": "Costo por empleo conservado: {usd:,.0f} USD.",
        "compare_no_cost": "Costo por empleo conservado: aún no se conserva ninguno.",
        "baseline_suffix": "sin política",
        "gap": "diferencia",
        "city_title": "La historia de una ciudad",
        "city_pick": "Ciudad",
        "map_click_hint": (
            "Haga clic en una ciudad del mapa (o elíjala en la lista de abajo) para ver su "
            "historia."
        ),
        "city_twin": (
            "{city} (línea continua) y su gemela al otro lado de la frontera, {twin} (discontinua)"
        ),
        "city_no_twin": "{city} (sin ciudad gemela al otro lado de la frontera)",
        "city_jobs": "Empleos fabriles (personas)",
        "city_unemployment": "Tasa de desempleo (%)",
        "city_adoption": "Plantas automatizadas (% de plantas)",
        "city_vacancies": "Vacantes (puestos abiertos)",
        "city_trainees": "En capacitación (personas)",
        "city_laid_off": "Despedidos este mes (personas)",
        "city_no_policy": "punteada: la misma ciudad sin la política",
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
        "map_sez_city": "Ciudad con zona Industria 4.0",
        "map_unemployment": "Tasa de desempleo",
        "adoption_title": "Plantas que usan IA / automatización",
        "adoption_mx": "México",
        "adoption_us": "Estados Unidos",
        "adoption_target": "Meta (artículo)",
        "share": "proporción de plantas (%)",
        "jobs_title": "Empleo y desempleo",
        "jobs_mx": "Empleos, México",
        "jobs_us": "Empleos, Estados Unidos",
        "jobs_axis": "empleos (miles)",
        "unemp_mx": "Desempleo, México",
        "unemp_us": "Desempleo, Estados Unidos",
        "unemp_axis": "tasa de desempleo (%)",
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
        "participation_axis": "fuerza laboral / población en edad de trabajar (%)",
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
        "lesson_card": "Lección",
        "lesson_pick": "Empezar una lección",
        "lesson_notice_heading": "Qué observar",
        "lesson_try_heading": "Qué probar",
        "lesson_automation": "La automatización llega a Juárez y El Paso",
        "lesson_automation_notice": (
            "La automatización se abarata un 15 % al año. Observe los puntos naranjas y azules "
            "alrededor de Ciudad Juárez: las plantas prueban y luego automatizan. Compare los "
            "despidos y el desempleo de Juárez (línea continua) con El Paso, al otro lado del "
            "río (discontinua): ¿quién pierde más empleos fabriles y qué tan rápido encuentran "
            "trabajo las personas despedidas?"
        ),
        "lesson_automation_try": (
            "Ponga 'La automatización se abarata' en 5 % y luego en 30 %, y avance hasta "
            "2026 cada vez. ¿Cuándo llega al máximo el desempleo en Juárez?"
        ),
        "lesson_retraining": "¿Sirve la recapacitación?",
        "lesson_retraining_notice": (
            "La ciudad paga el 80 % del curso y una beca de 300 USD al mes, con el triple de "
            "plazas de capacitación. La franja sobre el mapa dice cuántos empleos fabriles "
            "conserva la política frente al mismo mundo sin ella, con el rango de tres "
            "semillas aleatorias. ¿Es el efecto mayor que el ruido? ¿Cuánto cuesta cada empleo?"
        ),
        "lesson_retraining_try": (
            "Ponga la beca en 0: ¿se capacitan menos personas? Luego ponga también el "
            "subsidio en 0: ¿el intervalo contiene ahora el cero?"
        ),
        "lesson_zones": "Zonas Industria 4.0",
        "lesson_zones_notice": (
            "Tijuana y El Paso reciben zonas Industria 4.0 (rayadas en el mapa): un crédito "
            "fiscal del 25 % para las plantas que automatizan ahí y recapacitan primero, con "
            "fondos federales de contrapartida. Observe la adopción en Tijuana frente a San "
            "Diego, y la línea del gasto público."
        ),
        "lesson_zones_try": (
            "Elija Mexicali o Nogales en la lista de ciudades: ¿se quedan atrás las ciudades "
            "sin zona? Suba el 'Apoyo a PyMEs' a 40 % y compare el costo."
        ),
        "speed": "Velocidad",
        "speed_value": "{value:g} meses/s",
        "busy_building": "Construyendo el modelo…",
        "busy_language": "Redibujando en español…",
        "error_line": "Algo falló y la página se detuvo: {message}",
        "panel_hint": (
            "Un control muestra el valor del escenario hasta que se mueve; movido, lo reemplaza "
            "(el cero incluido). Reiniciar vuelve a empezar desde el primer mes."
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


SCENARIO_TITLES = {
    "en": {
        "no_policy": "No new policy",
        "baseline": "No new policy",
        "labor_reconversion": "Labour reconversion (retraining)",
        "retrain_first": "Retrain before layoff",
        "sme_digitalization": "Small-firm digitalisation",
        "binational_education": "Binational education",
        "sez_fiscal_backing": "Industry 4.0 zones with fiscal backing",
        "apep_coordination": "Federal coordination (APEP)",
        "combined": "Everything combined",
    },
    "es": {
        "no_policy": "Sin política nueva",
        "baseline": "Sin política nueva",
        "labor_reconversion": "Reconversión laboral (recapacitación)",
        "retrain_first": "Recapacitar antes de despedir",
        "sme_digitalization": "Digitalización de PyMEs",
        "binational_education": "Educación binacional",
        "sez_fiscal_backing": "Zonas Industria 4.0 con respaldo fiscal",
        "apep_coordination": "Coordinación federal (APEP)",
        "combined": "Todo combinado",
    },
}


def scenario_title(name: str, language: str) -> str:
    """A scenario's name for people; a file the page does not know keeps its own name."""
    return SCENARIO_TITLES.get(language, SCENARIO_TITLES["en"]).get(name, name)


PLACE_NAMES = {
    "Ciudad Juarez": "Ciudad Juárez",
    "Ciudad Acuna": "Ciudad Acuña",
    "Calexico/El Centro (Imperial County)": "Calexico/El Centro",
}


def place_name(name: str) -> str:
    """A city's name as it is written, accents included (the data files keep ASCII ids)."""
    return PLACE_NAMES.get(name, name)


def tr(key: str, language: str, **values: object) -> str:
    """The text for `key` in `language` (English if unknown), filled with `values`."""
    text = TEXT.get(language, TEXT["en"])[key]
    return text.format(**values) if values else text
