"""The scenario schema: every field of a scenario YAML, its unit and its allowed range.

Pydantic validates a scenario before anything runs; field descriptions carry units, so the
schema doubles as the reference for config authors (`bordersim schema` prints it).
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from sim.config.countries import ByCountry, fill_from
from sim.world.countries import BORDER_MINIMUM_WAGE
from sim.world.sectors import SECTORS, US_SECTOR_GROWTH, US_SECTOR_SOURCE, US_TREND_GROWTH

Share = Annotated[float, Field(ge=0.0, le=1.0)]
YEAR_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

# the ranges of per-country entries (ByCountry checks each country's entry against them)
Factor = Annotated[float, Field(ge=0, le=5)]
WageRatio = Annotated[float, Field(ge=1.0, le=10.0)]
LabourBurden = Annotated[float, Field(ge=1.0, le=3.0)]
WageUsdHour = Annotated[float, Field(gt=0, le=500)]
HoursPerMonth = Annotated[float, Field(gt=0, le=400)]
VacancyRate = Annotated[float, Field(ge=0.0, le=0.5)]
TrendGrowth = Annotated[float, Field(ge=-0.2, le=0.3)]
UsdPerMonth = Annotated[float, Field(ge=0, le=1e5)]


class Section(BaseModel):
    """A config section: unknown keys are errors, values are checked on assignment too.

    A per-country field written for one country only keeps the other country's default.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)

    @model_validator(mode="before")
    @classmethod
    def _fill_countries(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        filled = dict(data)
        for name, field in cls.model_fields.items():
            annotation = field.annotation
            given = data.get(name)
            if (
                isinstance(given, dict)
                and isinstance(annotation, type)
                and issubclass(annotation, ByCountry)
            ):
                filled[name] = fill_from(field.get_default(call_default_factory=True), given)
        return filled


YearlySeries = dict[Annotated[int, Field(ge=2000, le=2100)], float]


def _series_value(series: YearlySeries, year: int) -> float:
    """Value for `year`: the entry itself, else the nearest earlier year, else the first one."""
    earlier = [y for y in series if y <= year]
    return series[max(earlier)] if earlier else series[min(series)]


def _series_within(low: float, high: float, what: str) -> AfterValidator:
    """A check that a yearly series has at least one year and every value in [low, high]."""

    def check(value: YearlySeries) -> YearlySeries:
        if not value:
            raise ValueError("needs at least one year")
        if any(not (low <= v <= high) for v in value.values()):
            raise ValueError(f"{what} must be within {low}..{high}")
        return value

    return AfterValidator(check)


RobotSeries = Annotated[YearlySeries, _series_within(0, 10_000_000, "yearly counts")]
GrowthSeries = Annotated[YearlySeries, _series_within(-0.5, 1.0, "yearly growth rates")]


class MonthSpan(Section):
    """A section with `start` and `end` months, YYYY-MM, in order."""

    start: str
    end: str

    @field_validator("start", "end", mode="before")
    @classmethod
    def _year_month(cls, value: object) -> str:
        if not isinstance(value, str) or not YEAR_MONTH.match(value):
            raise ValueError("must be a month written YYYY-MM, e.g. 2022-01")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> MonthSpan:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class TimeConfig(MonthSpan):
    start: str = Field("2022-01", description="first simulated month, YYYY-MM")
    end: str = Field("2030-12", description="last simulated month, YYYY-MM (inclusive)")


class WorldConfig(Section):
    cell_km: float = Field(10.0, ge=2.0, le=100.0, description="grid cell side, km")
    commute_radius_km: float = Field(
        40.0, ge=1.0, le=300.0, description="how far a worker travels to work, km"
    )
    imitation_radius_km: float = Field(
        200.0, ge=0.0, le=3000.0, description="plants within this distance are peers, km"
    )
    cities_file: str = Field(
        "data/cities.csv", description="city table, relative to the configs/ folder"
    )
    wages_file: str = Field(
        "data/city_wages.csv", description="city wage index table, relative to configs/"
    )
    sectors_file: str = Field(
        "data/city_sectors.csv",
        description="each city's share of plants by sector, from its sources (blanks: the "
        "national mix), relative to configs/",
    )

    @field_validator("cities_file", "wages_file", "sectors_file")
    @classmethod
    def _inside_configs(cls, value: str) -> str:
        parts = value.replace("\\", "/").split("/")
        if value.startswith(("/", "~")) or ".." in parts or not value.endswith(".csv"):
            raise ValueError("must be a relative .csv path inside configs/ (no '..', no '/')")
        return value


class PopulationConfig(Section):
    population_scale: float = Field(
        0.01,
        gt=0.0,
        le=1.0,
        description="modelled workers / real workers (1.0 = one agent per real worker)",
    )
    initial_unemployment_rate: ByCountry[Share] = Field(
        ByCountry(mx=0.03, us=0.045),
        description="unemployed / labour force in 2022-01 for a city without an observed figure "
        "in the city labour file (MX: ENOE national 2022-Q2: 3.2%; US: BLS LAUS)",
    )
    technician_share: ByCountry[Share] = Field(
        ByCountry(mx=0.12, us=0.20), description="technicians / plant workforce"
    )
    cross_border_permit_share: ByCountry[Share] = Field(
        ByCountry(mx=0.08, us=0.04),
        description="share of residents allowed to work across the border (US: working or "
        "allowed to work in Mexico)",
    )


class PlantConfig(Section):
    mean_plant_size_real: float = Field(
        450.0, ge=10.0, le=20000.0, description="mean workers per real plant"
    )
    plant_size_sigma: float = Field(
        1.0, ge=0.0, le=3.0, description="lognormal sigma of real plant size"
    )
    plant_scale_exponent: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="modelled plants = real plants x population_scale^exponent",
    )
    sme_threshold_workers: int = Field(250, ge=1, le=10000, description="SME: fewer workers")
    sector_shares: dict[str, float] = Field(
        default_factory=lambda: {
            "automotive": 0.35,
            "electronics": 0.25,
            "aerospace": 0.07,
            "medical_devices": 0.13,
            "other": 0.20,
        },
        description="national share of plants per sector, for cities without a sourced mix in "
        "world.sectors_file and the blanks of a partial one; must sum to 1 (IMMEX: transport "
        "equipment 34% of manufacturing jobs, INEGI Nov 2017)",
    )
    sector_automation_propensity: dict[str, float] = Field(
        default_factory=lambda: {
            "automotive": 1.3,
            "electronics": 1.2,
            "aerospace": 0.9,
            "medical_devices": 1.0,
            "other": 0.7,
        },
        description="multiplier on the adoption hazard per sector",
    )

    @model_validator(mode="after")
    def _sectors(self) -> PlantConfig:
        shares = self.sector_shares
        if not shares or any(v < 0 for v in shares.values()):
            raise ValueError("sector_shares must be non-negative and not empty")
        if abs(sum(shares.values()) - 1.0) > 1e-6:
            raise ValueError(f"sector_shares must sum to 1, got {sum(shares.values()):.4f}")
        missing = set(shares) - set(self.sector_automation_propensity)
        if missing:
            raise ValueError(f"sector_automation_propensity lacks sectors {sorted(missing)}")
        if any(not (0.0 <= v <= 10.0) for v in self.sector_automation_propensity.values()):
            raise ValueError("sector_automation_propensity values must be within 0..10")
        return self


class WageConfig(Section):
    operative_usd_hour: ByCountry[WageUsdHour] = Field(
        ByCountry(mx=3.0, us=27.48),
        description="operative wage, USD/h (MX: IMMEX operatives, facts.csv 2024; US: BLS "
        "production workers 2024)",
    )
    hours_per_month: ByCountry[HoursPerMonth] = Field(
        ByCountry(mx=208.0, us=173.0), description="h/month (MX 48h week, US 40h week)"
    )
    technician_premium: ByCountry[WageRatio] = Field(
        ByCountry(mx=1.9, us=1.35), description="technician / operative wage"
    )
    labour_burden: ByCountry[LabourBurden] = Field(
        ByCountry(mx=1.35, us=1.30), description="employer cost / wage"
    )
    plant_wage_sigma: float = Field(0.08, ge=0.0, le=1.0, description="plant wage dispersion")
    wage_curve_elasticity: float = Field(
        0.1,
        ge=0,
        le=2,
        description="elasticity of a city's wages to its unemployment rate relative to 2022-01, "
        "the wage curve (Blanchflower & Oswald 1994: -0.1)",
    )
    wage_adjustment_per_month: Share = Field(
        1.0 / 12.0, description="share of the gap to the wage-curve wage closed per month"
    )
    border_min_wage_mxn_day: YearlySeries = Field(
        default_factory=lambda: dict(BORDER_MINIMUM_WAGE.per_day),
        description="Mexico's northern-border-zone minimum wage, MXN/day, by year",
    )
    mxn_per_usd: YearlySeries = Field(
        default_factory=lambda: {2022: 20.13, 2023: 17.76, 2024: 18.33, 2025: 19.32},
        description="exchange rate, MXN per USD, yearly average",
    )
    peso_wage_year: int = Field(
        2024,
        ge=2000,
        le=2100,
        description="the year whose exchange rate turns Mexican wages, set in pesos, into "
        "operative_usd_hour (facts.csv: 11,466 MXN/month at 18.33 MXN/USD in 2024): in other "
        "years their USD cost moves with the peso (Banxico FIX), their peso level with "
        "peso_wage_growth and the dollar with usd_price_index; the floor with the minimum wage",
    )
    peso_wage_growth: GrowthSeries = Field(
        default_factory=lambda: {2022: 0.061, 2023: 0.076, 2024: 0.070, 2025: 0.078},
        description="nominal growth of Mexican peso wages over the year before, /yr by year: STPS "
        "contractual wage revisions, federal jurisdiction (2022 +6.1 %, 2023 +7.6 %, 2024 +7.0 "
        "%; 2025 the January-April mean, Banxico CA14); 0 in years not listed",
    )
    usd_price_index: YearlySeries = Field(
        default_factory=lambda: {2022: 292.655, 2023: 304.702, 2024: 313.689, 2025: 322.159},
        description="US CPI-U, annual average (BLS, 1982-84 = 100; 2025: 2024 x 1.027, the "
        "Dec-2024 to Dec-2025 change, as its annual mean was not at hand): peso amounts are "
        "turned into dollars of peso_wage_year, the dollars every other amount is in; the last "
        "year's level holds after it",
    )

    @field_validator("border_min_wage_mxn_day", "mxn_per_usd", "usd_price_index")
    @classmethod
    def _positive_series(cls, value: YearlySeries) -> YearlySeries:
        if not value:
            raise ValueError("needs at least one year")
        if any(not (0 < v < 1e5) for v in value.values()):
            raise ValueError("every value must be within 0..100000 (exclusive)")
        return value

    def peso_wage_index(self, year: int) -> float:
        """Mexican peso wages in `year` relative to `peso_wage_year`: the compounded yearly
        growth between the two (`peso_wage_growth`, 0 where a year is not listed)."""
        first, last = sorted((year, self.peso_wage_year))
        growth = math.prod(
            1.0 + self.peso_wage_growth.get(y, 0.0) for y in range(first + 1, last + 1)
        )
        return growth if year >= self.peso_wage_year else 1.0 / growth

    def real_dollars(self, year: int) -> float:
        """Dollars of `peso_wage_year` per dollar of `year` (US CPI-U)."""
        return _series_value(self.usd_price_index, self.peso_wage_year) / _series_value(
            self.usd_price_index, year
        )

    def peso_cost_factor(self, year: int) -> float:
        """Dollar cost (in dollars of `peso_wage_year`) of a Mexican wage in `year` relative to
        `peso_wage_year`: its peso level, the exchange rate and US prices (above 1 when pesos
        bought more then)."""
        exchange = _series_value(self.mxn_per_usd, self.peso_wage_year) / _series_value(
            self.mxn_per_usd, year
        )
        return self.peso_wage_index(year) * exchange * self.real_dollars(year)

    def min_wage_usd_month(self, year: int) -> float:
        """Border-zone minimum wage for a month of work (30.4 days), in dollars of
        `peso_wage_year`."""
        return (
            _series_value(self.border_min_wage_mxn_day, year)
            * BORDER_MINIMUM_WAGE.days_per_month
            / _series_value(self.mxn_per_usd, year)
            * self.real_dollars(year)
        )


class LabourConfig(Section):
    quit_rate_month: ByCountry[Share] = Field(
        ByCountry(mx=0.035, us=0.02),
        description="monthly operative quits / employment (MX facts: 2.6-5.6%)",
    )
    match_efficiency: ByCountry[Factor] = Field(
        ByCountry(mx=0.65, us=0.30),
        description="manufacturing matching-function efficiency: hires/month = efficiency x "
        "applicants^alpha x vacancies^(1-alpha) (at one vacancy per applicant, the monthly hiring "
        "chance)",
    )
    initial_vacancy_rate: ByCountry[VacancyRate] = Field(
        ByCountry(mx=0.06, us=0.06),
        description="manufacturing jobs unfilled at the start (2022-01), share of the jobs plants "
        "want: the 2022 labour shortage (MX: Juarez ~20,000 maquila vacancies on ~330,000 jobs, "
        "about 0.06, observed.csv; US: BLS JOLTS manufacturing job openings rate, 2022: ~0.06)",
    )
    internal_promotion_rate_month: Share = Field(
        0.2,
        description="monthly chance that a technician job still open after the month's "
        "separations is filled by training one of the plant's operatives on the job (internal "
        "labour markets fill about half of skilled openings from within: DeVaro & Morita 2013)",
    )
    matching_elasticity: float = Field(
        0.5,
        gt=0,
        lt=1,
        description="alpha: elasticity of hires to job seekers in the Cobb-Douglas matching "
        "function (Petrongolo & Pissarides 2001: 0.5-0.7)",
    )
    job_to_job_share: Share = Field(
        0.6,
        description="share of quits that leave for an open job at another plant of the city when "
        "the market is as tight as in 2022 (on-the-job search; about half of separations and "
        "most quits are job-to-job: Nagypal 2008)",
    )
    quit_tightness_elasticity: float = Field(
        0.45,
        ge=0,
        le=3,
        description="elasticity of job-to-job quits to the country's manufacturing tightness "
        "(vacancies / applicants) relative to its 2022 mean; quits rise in tight markets because "
        "workers quit for the jobs on offer (JOLTS; Juarez turnover halved as vacancies fell 75%)",
    )
    attrition_window_months: int = Field(
        12,
        ge=0,
        le=60,
        description="months of expected quits a plant waits for to absorb automated jobs before "
        "it displaces the rest (Bessen et al. 2023: ~2% of incumbents leave in a spike year)",
    )
    long_term_months: int = Field(6, ge=1, le=60, description="months to long-term unemployed")
    technician_downgrade_months: int = Field(
        3, ge=0, le=60, description="after this many months a technician also takes operative jobs"
    )
    cross_border_search_share: Share = Field(
        0.3, description="share of a permit holder's applications sent across the border"
    )


class CityConfig(Section):
    """The rest of each city's labour market: other sectors, informality, participation, migration.

    Stocks per city (people); initial values from `configs/data/city_labour.csv` where a city has
    an observed figure, else the country defaults below.
    """

    labour_file: str = Field(
        "data/city_labour.csv", description="per-city labour figures, relative to configs/"
    )
    working_age_share: ByCountry[Share] = Field(
        ByCountry(mx=0.74, us=0.79),
        description="working-age population / population (MX 15+, INEGI Censo 2020; US 16+, "
        "Census ACS)",
    )
    participation_rate: ByCountry[Share] = Field(
        ByCountry(mx=0.64, us=0.60),
        description="labour force / working-age population (MX border cities, ENOE; US border "
        "metros, ACS)",
    )
    max_manufacturing_share: Share = Field(
        0.45,
        description="labour force raised where manufacturing would exceed this share of it "
        "(a municipality whose plants draw on a wider metro area)",
    )
    informality_share: ByCountry[Share] = Field(
        ByCountry(mx=0.34, us=0.0),
        description="informal / employed (MX border states 2024, ENOE 33.8-37.4%; US not measured)",
    )
    other_separation_rate_month: ByCountry[Share] = Field(
        ByCountry(mx=0.02, us=0.014),
        description="monthly chance a formal non-manufacturing job ends in unemployment (US: CPS "
        "employment-to-unemployment flows ~1.3-1.5%/month)",
    )
    other_vacancy_rate: Share = Field(
        0.03, description="open non-manufacturing vacancies / jobs in 2022-01"
    )
    informal_entry_rate_month: ByCountry[Share] = Field(
        ByCountry(mx=0.06, us=0.0),
        description="monthly chance an unemployed person starts informal work (MX: the margin "
        "that keeps Mexican open unemployment low, Maloney 2004)",
    )
    local_multiplier: float = Field(
        0.5,
        ge=0,
        le=5,
        description="formal non-tradable jobs per manufacturing job of payroll gained or lost, "
        "payroll counted in jobs at the city's 2022 manufacturing pay (Moretti 2010: 1.6 in US "
        "cities; Moretti & Thulin 2013: 0.5)",
    )
    skill_job_creation: float = Field(
        1.0,
        ge=0,
        le=2,
        description="formal jobs created per formal hire owed to a completed course's return: "
        "the supply of skills raises the demand for them (Acemoglu 1996; Albrecht, van den Berg "
        "& Vroman 2009 find the equilibrium effects of Sweden's Knowledge Lift 1.5-2 times the "
        "partial ones); 0 is pure displacement, as Crepon et al. 2013 find for job-search help",
    )
    other_demand_growth_per_year: ByCountry[TrendGrowth] = Field(
        ByCountry(mx=0.025, us=0.01),
        description="trend growth of non-manufacturing jobs, /yr (MX: IMSS formal employment in "
        "the border states grew ~2-4%/yr in 2022-2024)",
    )
    outsider_manufacturing_search_share: ByCountry[Share] = Field(
        ByCountry(mx=0.4, us=0.1),
        description="share of job seekers outside manufacturing who also apply to operative jobs "
        "(MX: maquilas hire from the whole city)",
    )
    manufacturing_seeker_other_weight: float = Field(
        1.0,
        ge=0,
        le=20,
        description="weight of home-city non-manufacturing vacancies against manufacturing ones "
        "when a manufacturing job seeker chooses where to apply",
    )
    entry_rate_per_year: ByCountry[Share] = Field(
        ByCountry(mx=0.025, us=0.018),
        description="young entrants / working-age population per year (MX: CONAPO; US: Census, "
        "cohort + immigration)",
    )
    retirement_rate_per_year: ByCountry[Share] = Field(
        ByCountry(mx=0.012, us=0.012), description="retirements / employed per year"
    )
    participation_unemployment_response: float = Field(
        0.25,
        ge=0,
        le=5,
        description="participation points lost per point of unemployment above 2022-01 "
        "(discouraged workers; Erceg & Levin 2014)",
    )
    participation_tightness_elasticity: float = Field(
        0.0,
        ge=0,
        le=0.5,
        description="elasticity of the participation target to the city's vacancies per "
        "unemployed person relative to 2022 (workers give up looking when openings dry up and "
        "come back when they return; Epstein 2018, Cairo, Fujita & Morales-Jimenez 2022)",
    )
    participation_adjustment_per_month: Share = Field(
        1.0 / 6.0, description="share of the participation gap closed per month"
    )
    migration_response_per_month: Share = Field(
        0.015,
        description="share of the gap between a city's unemployment rate and its 2022-01 rate "
        "that net migration closes per month (Blanchard & Katz 1992: half of a local shock "
        "migrates away within ~2-7 years)",
    )
    in_migration_rate_per_year: ByCountry[Share] = Field(
        ByCountry(mx=0.01, us=0.004),
        description="job seekers moving into a border city per year, share of its labour force, "
        "when its labour market is as tight as in 2022 (MX: the border's classic margin, "
        "maquilas recruit from the south; CONAPO net migration ~1%/yr)",
    )
    migration_demand_elasticity: float = Field(
        1.0,
        ge=0,
        le=5,
        description="elasticity of in-migration to the city's vacancies per unemployed person "
        "relative to 2022",
    )

    @field_validator("labour_file")
    @classmethod
    def _inside_configs(cls, value: str) -> str:
        return WorldConfig._inside_configs(value)


class AutomationConfig(Section):
    bass_p_per_year: float = Field(0.03, ge=0, le=1, description="Bass innovation p, /yr")
    bass_q_per_year: float = Field(0.38, ge=0, le=5, description="Bass imitation q, /yr")
    initial_adoption_share: ByCountry[Share] = Field(
        ByCountry(mx=0.13, us=0.30), description="plants using AI at start"
    )
    initial_automation_level: float = Field(
        0.10,
        ge=0.0,
        le=0.9,
        description="operative tasks already automated in initial adopters (at most 0.9: a "
        "plant that still has operatives has tasks left for them)",
    )
    capex_per_automated_job_usd: float = Field(
        45000.0,
        gt=0,
        le=5e6,
        description="capex to automate one operative job at start, USD: a robot cell of about "
        "US$150k (arm US$50k x 3 for tooling and integration; BCG via TM Robotics 2020) over "
        "3.3 jobs per robot (Acemoglu & Restrepo 2020); docs/evidence.md section 7",
    )
    pilot_capex_per_automated_job_usd: float = Field(
        20000.0,
        gt=0,
        le=5e6,
        description="capex per operative job automated by a plant's first project, at start, "
        "USD: an entry-level cobot, machine-vision or AI-software pilot, whose payback gates "
        "adoption (deepening pays capex_per_automated_job_usd); a deployed cobot of about "
        "US$50k (arm 40-50% of it) covering one post on each of ~2.5 shifts; vision stations "
        "US$15k-85k; box 10k-35k (vendor figures, docs/evidence.md section 7)",
    )
    cost_decline_per_year: float = Field(
        0.08, ge=0, lt=1, description="yearly fall in capex per automated job (learning curve)"
    )
    automatable_share: Share = Field(
        0.5, description="max share of operative tasks that can be automated"
    )
    pilot_share: Share = Field(
        0.05,
        description="INTENSITY of a first project: share of a plant's operative tasks it "
        "automates; sized so that border-wide jobs automated per year sit near the IFR bound "
        "(`ifr_bound_jobs_per_year`: ~230 new MX border adopters a year x ~35 jobs each)",
    )
    pilot_months: int = Field(6, ge=1, le=60, description="months from pilot to adoption")
    deepening_per_year: float = Field(
        0.05,
        ge=0,
        le=1,
        description="INTENSITY after the pilot: share of operative tasks an adopter automates "
        "per year at full attractiveness, propensity, credit and technicians; sized with "
        "pilot_share against the IFR bound",
    )
    payback_target_months: float = Field(
        30.0, gt=0, le=600, description="payback plants accept (facts: 18-36 months)"
    )
    payback_elasticity: float = Field(
        1.0,
        gt=0,
        le=10,
        description="how steeply attractiveness falls with payback / target: "
        "1 / (1 + (payback / target)^elasticity)",
    )
    quality_gain_share: float = Field(
        0.05,
        ge=0,
        le=2,
        description="quality gain (less scrap and rework) per automated job, share of its "
        "operative labour cost; stated assumption from docs/evidence.md section 7: about 1.5% "
        "of unit cost (cost of poor quality 15% x 20% fewer defects x half from the automated "
        "task) over the operatives' share of unit cost (operative_cost_share)",
    )
    operative_cost_share: Share = Field(
        0.3,
        description="operatives' labour cost as a share of a plant's unit cost before "
        "automation; turns the net saving per automated job into the unit-cost fall that "
        "drives output shares (stated assumption, keeps the productivity effect at Koch, "
        "Manuylov & Smolka 2021 size: labour-cost share -5 to -7 points after adoption)",
    )
    technicians_per_automated_job: float = Field(
        0.15, ge=0, le=5, description="technician jobs opened per operative job automated"
    )
    reinstatement_tasks_per_automated_job: float = Field(
        0.10,
        ge=0,
        le=5,
        description="new tasks (maintenance, programming, quality) per operative job automated, "
        "beyond the technician ratio; filled first by incumbents switching tasks in their plant "
        "(Acemoglu & Restrepo 2019; Dauth et al. 2021)",
    )
    technician_shortage_power: float = Field(
        1.0,
        ge=0,
        le=5,
        description="a plant's pilot hazard and deepening scale with its technician fill ratio "
        "(technicians + trainees over its technician target, at most 1) to this power: 1 = "
        "half the technicians, half the automation planned (issue 20; assumption, 0 = "
        "shortages never bind)",
    )
    output_demand_elasticity: float = Field(
        2.0,
        ge=0,
        le=20,
        description="elasticity of a plant's output share to its relative unit cost within its "
        "sector and country (adopters gain share, non-adopters lose it; Koch et al. 2021: "
        "+20-25% output within 4 years)",
    )
    industry_demand_elasticity: float = Field(
        0.5,
        ge=0,
        le=5,
        description="elasticity of a sector's output to its mean unit cost (cheaper border "
        "production sells more: Juarez exports +19.6% while operatives fell 14%, 2023-2024)",
    )
    output_adjustment_per_month: Share = Field(
        1.0 / 24.0, description="share of the gap to its new output share a plant closes per month"
    )
    bass_q_multiplier: ByCountry[Factor] = Field(
        ByCountry(mx=1.0, us=1.0),
        description="Bass imitation q of each country relative to bass_q_per_year (the MX one "
        "is the reference, 1; diffusion speeds differ by country: Talukdar, Sudhir & Ainslie "
        "2002)",
    )
    sme_credit_limit_months: float = Field(
        2.0, ge=0, le=120, description="SME credit for capex, in months of its payroll"
    )
    tech_transfer_capex_discount: Share = Field(
        0.10, description="capex discount for MX plants at full regulatory interoperability"
    )
    cross_border_peer_weight: Share = Field(
        0.2, description="weight of peers across the border (rises with interoperability)"
    )
    robots_installed_per_year: ByCountry[RobotSeries] = Field(
        ByCountry(
            mx={2022: 6000.0, 2023: 5850.0, 2024: 5600.0},
            us={2022: 39576.0, 2023: 37587.0, 2024: 34200.0},
        ),
        description="industrial robots installed in the whole country, units/yr by year (IFR "
        "World Robotics 2023-2025; MX 2022 derived from the automotive 4,222 at 66-70%, "
        "docs/evidence.md section 6); later years repeat the last one",
    )
    border_share_of_installations: ByCountry[Share] = Field(
        ByCountry(mx=0.5, us=0.0125),
        description="share of the country's robot installations in the model's border cities "
        "(stated assumptions: MX border states hold 53.5% of IMMEX jobs but robots concentrate "
        "in vehicle assembly, box 0.3-0.6; US: the model's ~161k border manufacturing jobs "
        "over ~12.9M US manufacturing jobs, BLS CES); docs/evidence.md section 6",
    )
    operative_jobs_per_robot: float = Field(
        3.3,
        gt=0,
        le=20,
        description="operative jobs one industrial robot displaces (Acemoglu & Restrepo 2020, "
        "JPE: about 3.3 workers per robot; box 2-6, Dauth et al. 2021 about 2)",
    )
    software_jobs_multiplier: float = Field(
        0.5,
        ge=0,
        le=5,
        description="jobs automated by AI and machine-vision software, per job automated by "
        "robots (stated assumption, box 0-2: no source gives jobs per AI adopter; "
        "docs/evidence.md section 6)",
    )

    def robots_installed(self, country: str, year: int) -> float:
        """Robots installed in the country in `year` (the last year given for later years)."""
        return _series_value(self.robots_installed_per_year[country], year)


class SeveranceRule(BaseModel):
    """What a laid-off worker is owed by law, one shape for every country: months of pay, plus
    days' pay and seniority days' pay per year of service (30.4 days a month), plus weeks' pay
    per year of service (4.33 weeks a month). The seniority days are paid on the wage capped at
    `seniority_wage_cap_min_wages` border-zone minimum wages (none: on the full wage)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    months: float = Field(0.0, ge=0, le=24, description="months of pay")
    days_per_year: float = Field(0.0, ge=0, le=365, description="days of pay per year of service")
    seniority_days_per_year: float = Field(
        0.0, ge=0, le=365, description="seniority days of pay per year of service"
    )
    seniority_wage_cap_min_wages: float | None = Field(
        None,
        ge=1,
        le=100,
        description="cap on the wage the seniority days are paid on, in border-zone minimum "
        "wages (none: no cap)",
    )
    weeks_per_year: float = Field(0.0, ge=0, le=52, description="weeks of pay per year of service")


# The law in force with no policy: a layoff because of new machinery in Mexico (LFT art. 439:
# four months' wage + 20 days per year of service + the art. 162 seniority premium, 12 days per
# year on a wage capped at twice the area minimum wage by art. 486); none by law in the US.
STATUTORY_SEVERANCE: ByCountry[SeveranceRule] = ByCountry(
    mx=SeveranceRule(
        months=4.0,
        days_per_year=20.0,
        seniority_days_per_year=12.0,
        seniority_wage_cap_min_wages=2.0,
    ),
    us=SeveranceRule(),
)


class DisplacementConfig(Section):
    severance: ByCountry[SeveranceRule] = Field(
        STATUTORY_SEVERANCE,
        description="statutory severance for a layoff due to automation (MX: LFT art. 439, 4 "
        "months + 20 days a year, with the art. 162 seniority premium of 12 days a year on a "
        "wage capped at 2 minimum wages by art. 486; US: none by law)",
    )
    technician_hiring_cost_months: float = Field(
        2.0, ge=0, le=24, description="cost of hiring a technician outside, months of its wage"
    )
    training_wage_share: Share = Field(
        0.5, description="share of wage a plant keeps paying a worker it retrains"
    )
    choice_scale_usd: float = Field(
        1500.0, gt=0, le=1e6, description="logit scale of the layoff/retrain choice, USD"
    )
    employer_retrain_share: float = Field(
        0.37,
        gt=0,
        lt=1,
        description="share of displaced workers plants retrain with no policy (WEF Future of "
        "Jobs 2023, fig. 5.12: of 100 employees, 16 reskilled and redeployed in the firm and 27 "
        "needing training that will not reach them; 16 / (16 + 27) = 0.37; calibration box "
        "+-50%: 0.19-0.56)",
    )


class TrainingConfig(Section):
    seats_per_1000_workers: float = Field(
        3.0, ge=0, le=1000, description="public training seats per 1000 manufacturing workers"
    )
    programme_months: int = Field(6, ge=1, le=48, description="length of reconversion course")
    completion_probability: Share = Field(
        0.85,
        description="share of trainees still in the course at its end who graduate (those who "
        "left it for work are not in it)",
    )
    cost_per_trainee_month: ByCountry[UsdPerMonth] = Field(
        ByCountry(mx=180.0, us=1100.0), description="course cost per trainee, USD/month"
    )
    inhouse_cost_multiplier: float = Field(
        1.4, ge=1.0, le=10, description="in-house training cost / training-center cost"
    )
    enrolment_probability_month: Share = Field(
        0.04, description="monthly chance an unemployed operative applies, without stipend"
    )
    stipend_enrolment_effect: float = Field(
        1.5, ge=0, le=50, description="applications rise by this x stipend / operative wage"
    )
    stipend_completion_effect: float = Field(
        0.1,
        ge=0,
        le=1,
        description="completion probability rises by this x stipend / operative wage (points), "
        "for public trainees; an assumption: stipends raise completion (Attanasio, Kugler & "
        "Meghir 2011; MCC scholarships) but no per-dollar estimate exists",
    )
    completion_probability_cap: Share = Field(
        0.95,
        description="highest completion probability a stipend can reach (MCC: completion "
        "rises with support but stays far from universal)",
    )
    human_capital_rise_by_year: list[Factor] = Field(
        [0.0, 0.5, 1.0],
        min_length=1,
        max_length=10,
        description="proportional rise in a completer's monthly probability of a formal hire "
        "(as a job seeker, and from the city's unemployed and informal work), by year since the "
        "course began (1st, 2nd, 3rd and later): Card, Kluve & Weber (2018), about zero in year "
        "1, positive at 2-3 years; sized so the in-model trial lands in their band (<= 2 pp at "
        "12 months, 3-8 pp at 24, 5-12 pp at 36)",
    )
    long_term_unemployed_factor: float = Field(
        1.5,
        ge=1,
        le=5,
        description="the rise x this for those long-term unemployed when the course began "
        "(Card, Kluve & Weber 2018: larger gains for long-term unemployed entrants)",
    )
    long_term_months_at_entry: int = Field(
        12, ge=1, le=60, description="months unemployed at entry that count as long-term (ILO)"
    )
    course_search_intensity: Share = Field(
        0.35,
        description="share of a job seeker's monthly chances of a hire and of informal work "
        "that a public trainee keeps during the course; one who finds work leaves it. Lock-in "
        "is less search, not none (Wunsch 2016; Lechner, Miquel & Wunsch 2011); an assumption "
        "sized so the in-model trial's 6-month effect stays within the lock-ins these studies "
        "report for short courses and about half the offered complete (model doc 7.6)",
    )
    stock_application_share: Share = Field(
        1.0,
        description="the city's unemployed outside manufacturing apply for public seats with "
        "this share of an unemployed operative's monthly chance (1: the same; 0: the channel is "
        "off); an assumption: Becate/SNE courses are open to any registered job seeker, with no "
        "sector condition (STPS Portal del Empleo), and no study gives a different rate",
    )


class TrialConfig(MonthSpan):
    """A randomised trial inside the model: training offers among displaced workers."""

    enabled: bool = Field(False, description="run the trial")
    offer_share: Share = Field(0.5, description="share of eligible workers offered a seat")
    start: str = Field("2023-01", description="first month of eligible layoffs, YYYY-MM")
    end: str = Field("2024-12", description="last month of eligible layoffs, YYYY-MM (inclusive)")
    control_exclusion_months: int = Field(
        36, ge=0, le=240, description="months a control may not enter public training"
    )


class GovernmentConfig(Section):
    payroll_levy_share: float = Field(
        0.004,
        ge=0,
        le=0.5,
        description="share of plant payroll that funds the municipal industrial budget",
    )
    initial_budget_months: float = Field(
        3.0, ge=0, le=120, description="opening budget, in months of levy revenue"
    )


class AdaptiveTrainingConfig(Section):
    enabled: bool = Field(False, description="raise seats where unemployment passes a threshold")
    unemployment_threshold: Share = Field(0.06, description="city unemployment rate trigger")
    capacity_step: float = Field(0.25, ge=0, le=10, description="seats x (1+step) per trigger")
    max_multiplier: float = Field(4.0, ge=1, le=100, description="cap on the adaptive multiplier")


class PolicyConfig(Section):
    retraining_subsidy: Share = Field(
        0.0, description="share of plant retraining cost paid from public budgets"
    )
    training_capacity_multiplier: float = Field(
        1.0, ge=0, le=20, description="public training seats x this"
    )
    stipend_usd_month: float = Field(
        0.0, ge=0, le=10000, description="monthly stipend per public trainee, USD"
    )
    sme_digitalization_grant: Share = Field(0.0, description="share of SME automation capex")
    sez_cities: list[str] = Field(
        default_factory=list, description="city ids with an Industry 4.0 special economic zone"
    )
    sez_tax_credit: Share = Field(0.0, description="SEZ tax credit, share of automation capex")
    sez_retrain_first: bool = Field(
        False, description="SEZ credit only for plants that retrain before laying off"
    )
    binational_training: bool = Field(
        False, description="training centers in twin cities become binational"
    )
    credential_recognition: bool = Field(
        False, description="technician credentials recognised on both sides"
    )
    cross_border_enrolment: bool = Field(
        False, description="binational centers admit residents of the twin city"
    )
    federal_matching_rate: float = Field(
        0.0, ge=0, le=10, description="federal USD per municipal USD on policy instruments"
    )
    federal_fiscal_cap_usd_per_year: float = Field(
        0.0, ge=0, le=1e12, description="yearly cap on federal matching, real USD"
    )
    retrain_before_layoff: bool = Field(
        False, description="plants must retrain displaced workers instead of laying them off"
    )
    regulatory_interoperability: Share = Field(
        0.0, description="0..1: cross-border peer imitation and technology transfer"
    )
    adaptive_training: AdaptiveTrainingConfig = Field(default_factory=AdaptiveTrainingConfig)


def _us_output(sector: str) -> Any:
    """A sector's field of `SectorGrowth`: its US output path from the G.17 table."""
    return Field(
        default_factory=lambda: dict(US_SECTOR_GROWTH[sector]),
        description=f"growth of US output in {sector}, /yr by year: {US_SECTOR_SOURCE[sector]}",
    )


class SectorGrowth(Section):
    """US output growth by plant sector (Fed G.17 Table 2, Q4/Q4); the fields are the
    plant sectors (`sim.world.sectors.SECTORS`)."""

    automotive: GrowthSeries = _us_output("automotive")
    electronics: GrowthSeries = _us_output("electronics")
    aerospace: GrowthSeries = _us_output("aerospace")
    medical_devices: GrowthSeries = _us_output("medical_devices")
    other: GrowthSeries = _us_output("other")


class DemandConfig(Section):
    """Output demand by sector (the US market), the country shift on top, US automation's
    pull on Mexican exports, and unit labour cost (docs/model.md, "Labour demand")."""

    sector_growth: SectorGrowth = Field(default_factory=SectorGrowth)
    sector_trend_per_year: TrendGrowth = Field(
        US_TREND_GROWTH,
        description="growth of every sector's US output after the last year of its series, /yr: "
        "the mean of US total industry 2022-2025 (G.17), an assumption",
    )
    growth_per_year: ByCountry[GrowthSeries] = Field(
        ByCountry(mx={2022: 0.0}, us={2022: 0.0}),
        description="growth of a country's plants' output on top of the US sector path "
        "(nearshoring share gains, tariffs), /yr by year; 0: the sector path carries the US "
        "cycle, and a share gain has no source apart from it yet (scenarios vary it)",
    )
    wage_elasticity: float = Field(
        -0.4,
        ge=-1.5,
        le=0.0,
        description="own-wage elasticity of a plant's labour demand to its operative wage in USD "
        "relative to its start: central -0.4 (Lichter, Peichl & Siegloch 2015 meta-analysis); "
        "calibration box -1.0..-0.15 (maquila translog -1.03, Ibarra & Garcia 2016); 0 = off",
    )
    wage_adjustment_per_month: Share = Field(
        1.0 / 24.0,
        description="share of the gap to the wage-elastic demand a plant closes per month: slow, "
        "as the 2019 doubling of the border minimum wage had no significant short-run effect "
        "on formal employment (CONASAMI 2019; Alvarado, Orraca & Cabrera 2023)",
    )
    robot_reshoring_elasticity: float = Field(
        -0.067,
        ge=-0.5,
        le=0.0,
        description="change in the growth of Mexican exports per worker per extra US robot per "
        "1,000 US workers (Artuc, Christiaensen & Winkler 2019, World Bank PRWP 8741); 0 = off",
    )
    robots_per_1000_workers_per_year: float = Field(
        0.14,
        ge=0.0,
        le=5.0,
        description="growth of US robots per 1,000 US workers, /yr: IFR density +6.7 robots per "
        "1,000 manufacturing workers 2019-2023 (/4 years) x manufacturing's ~8 % share of "
        "employment (the conversion to ACW's all-worker denominator is an assumption)",
    )
    robot_reshoring_sectors: list[str] = Field(
        default_factory=lambda: ["automotive", "electronics"],
        description="sectors of Mexican plants whose exports US robots replace: the two largest "
        "robot users (IFR World Robotics); an assumption on where ACW's average effect falls",
    )

    @field_validator("robot_reshoring_sectors")
    @classmethod
    def _known_sectors(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(SECTORS))
        if unknown:
            raise ValueError(f"unknown sectors {unknown}; allowed: {', '.join(SECTORS)}")
        return value

    def sector_rate(self, sector: str, year: int) -> float:
        """The sector's US output growth in `year`: its series, then the trend."""
        series = getattr(self.sector_growth, sector)
        return self.sector_trend_per_year if year > max(series) else _series_value(series, year)

    def growth(self, country: str, year: int) -> float:
        return _series_value(self.growth_per_year[country], year)


InvestmentSeries = Annotated[YearlySeries, _series_within(0, 1e6, "yearly investment, US$ M")]


class PlantEntryConfig(Section):
    """Plants that enter and exit (docs/model.md, "Plant entry and exit"; evidence sections 4
    and 5)."""

    exit_hazard_per_year: float = Field(
        0.004,
        ge=0.0,
        le=0.5,
        description="yearly exit chance of a plant whose output is at or above its start: the "
        "IMMEX establishment count is flat 2022-2025 (entry about equal to exit), and entry "
        "sized by FDI is about 0.3-0.4 %/yr of plants, so 0.004 /yr; INEGI survival by size "
        "(65 % of large firms survive 20 years: about 2.1 %/yr, all sectors) is an upper bound",
    )
    exit_shortfall_slope: float = Field(
        2.0,
        ge=0.0,
        le=50.0,
        description="unprofitable plants exit more: the hazard is multiplied by 1 + slope x the "
        "plant's shortfall of output below its start (demand factor x output share); no direct "
        "estimate, so calibrated within 0-10 (the Juarez plant count, -1 %/yr net, with jobs per "
        "plant -20 % 2023-2025, identifies it)",
    )
    investment_usd_m_per_year: ByCountry[InvestmentSeries] = Field(
        ByCountry(mx={2022: 4200.0}, us={2022: 0.0}),
        description="manufacturing investment into new plants in the modelled cities, US$ M/yr "
        "by year: MX = 0.54 manufacturing share x (US$6.3 bn FDI 2024 into BC, NL and "
        "Chihuahua + Coahuila and Tamaulipas, first half 2024 doubled, US$1.5 bn; Secretaria de "
        "Economia via El Universal and Expansion); the article's US$8 bn is a claim, not this "
        "series; US: no series found, 0",
    )
    jobs_per_million_usd: float = Field(
        1.0,
        ge=0.0,
        le=50.0,
        description="jobs in new plants per US$1 M invested: announcements promise about 1.5 "
        "(99,709 jobs / US$64.7 bn, SE tracker Jan-Sep 2024); many do not materialise (AIMO), "
        "so an assumption of two thirds of that is realised",
    )
    entrant_size_real: float = Field(
        450.0,
        ge=10.0,
        le=20000.0,
        description="mean workers per entering real plant (lognormal, sigma "
        "plants.plant_size_sigma): IMMEX means Tijuana about 430, Juarez 812-1,017",
    )
    wage_weight: float = Field(
        1.0,
        ge=0.0,
        le=10.0,
        description="location choice: weight on -ln(city operative wage) in an entrant's "
        "utility; an assumption (unit elasticity), in the calibration box",
    )
    labour_weight: float = Field(
        1.0,
        ge=0.0,
        le=10.0,
        description="location choice: weight on ln(city unemployed) in an entrant's utility; an "
        "assumption (unit elasticity), in the calibration box",
    )
    sez_weight: float = Field(
        1.0,
        ge=0.0,
        le=20.0,
        description="location choice: weight on the SEZ credit (policy.sez_tax_credit, a share "
        "of capex) for SME entrants; 1.0 = +1 % SME entry per point of subsidy (Criscuolo et al. "
        "2019, AER; none for large plants); entrants are relocated, not added (Freedman, "
        "Khanna & Neumark 2021); 0 = off",
    )
    reserve_slot_share: float = Field(
        0.05,
        gt=0.0,
        le=1.0,
        description="dormant plant slots per city at the start, as a share of its real plants "
        "(at least 2; an entrant is one real plant, entry is about 0.3 %/yr): exits free slots "
        "too, and entry into a city with none left goes elsewhere",
    )

    def investment(self, country: str, year: int) -> float:
        """The country's investment into new plants in `year`, US$ M."""
        return _series_value(self.investment_usd_m_per_year[country], year)


class Scenario(Section):
    """One simulated world: where, when, how many, which mechanics and which policy."""

    name: str = Field(
        "baseline", min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
    )
    description: str = Field("", max_length=4000)
    seed: int = Field(42, ge=0, le=2**63 - 1, description="default random seed")
    time: TimeConfig = Field(default_factory=TimeConfig)
    world: WorldConfig = Field(default_factory=WorldConfig)
    population: PopulationConfig = Field(default_factory=PopulationConfig)
    plants: PlantConfig = Field(default_factory=PlantConfig)
    wages: WageConfig = Field(default_factory=WageConfig)
    labour: LabourConfig = Field(default_factory=LabourConfig)
    automation: AutomationConfig = Field(default_factory=AutomationConfig)
    displacement: DisplacementConfig = Field(default_factory=DisplacementConfig)
    training: TrainingConfig = Field(default_factory=TrainingConfig)
    trial: TrialConfig = Field(default_factory=TrialConfig)
    government: GovernmentConfig = Field(default_factory=GovernmentConfig)
    policy: PolicyConfig = Field(default_factory=PolicyConfig)
    demand: DemandConfig = Field(default_factory=DemandConfig)
    plant_entry: PlantEntryConfig = Field(default_factory=PlantEntryConfig)
    city: CityConfig = Field(default_factory=CityConfig)
