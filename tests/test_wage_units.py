"""Mexican wages in one unit: pesos that rise with the contractual revisions, turned into dollars
of `wages.peso_wage_year` at each year's exchange rate and US prices; the minimum-wage floor in
the same dollars."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from sim.config.schema import WageConfig
from sim.mechanisms.wages import Wages
from sim.state.codes import OPERATIVE
from sim.state.plants import PlantTable


def flat(**fields: object) -> WageConfig:
    """Exchange rate and US prices constant, no wage growth, unless a test sets them."""
    base = {
        "mxn_per_usd": {2022: 20.0},
        "usd_price_index": {2022: 100.0},
        "peso_wage_growth": {2022: 0.0},
        "peso_wage_year": 2023,
        "border_min_wage_mxn_day": {2022: 100.0},
    }
    return WageConfig(**{**base, **fields})


def test_a_peso_wage_costs_its_own_level_in_the_reference_year():
    assert flat(peso_wage_growth={2023: 0.1}).peso_cost_factor(2023) == 1.0


def test_peso_wages_compound_the_yearly_revisions_between_two_years():
    config = flat(peso_wage_growth={2023: 0.10, 2024: 0.05})
    assert config.peso_wage_index(2022) == pytest.approx(1 / 1.10)
    assert config.peso_wage_index(2024) == pytest.approx(1.05)
    assert config.peso_wage_index(2026) == pytest.approx(1.05)  # no revision listed after 2024


def test_a_stronger_peso_and_cheaper_dollars_make_a_peso_wage_dearer():
    config = flat(mxn_per_usd={2023: 20.0, 2024: 16.0}, usd_price_index={2023: 100.0, 2024: 110.0})
    assert config.peso_cost_factor(2024) == pytest.approx(20.0 / 16.0 * 100.0 / 110.0)


def test_the_minimum_wage_is_counted_in_dollars_of_the_reference_year():
    config = flat(usd_price_index={2022: 90.0, 2023: 100.0}, border_min_wage_mxn_day={2022: 200.0})
    # 200 MXN a day x 30.4 days at 20 MXN per USD, in 2023 dollars (US prices 100/90 of 2022's)
    assert config.min_wage_usd_month(2022) == pytest.approx(200.0 * 30.4 / 20.0 * 100.0 / 90.0)


def test_a_growth_rate_of_150_percent_a_year_is_refused_naming_the_field():
    with pytest.raises(ValidationError, match="peso_wage_growth"):
        WageConfig(peso_wage_growth={2023: 1.5})


def test_faster_peso_wage_growth_raises_mexican_operative_pay_above_the_floor():
    plants = PlantTable(2)
    plants.base_wage[:] = 800.0
    plants.country[:] = [0, 1]  # a Mexican plant and a US one
    paid = []
    for growth in (0.0, 0.2):
        config = flat(peso_wage_growth={2024: growth})
        Wages(plants, config, u_ref=np.array([0.03])).set(2024)
        paid.append(plants.wage[:, OPERATIVE].copy())
    assert paid[1][0] == pytest.approx(paid[0][0] * 1.2)  # above the floor: the revision
    assert paid[1][1] == paid[0][1]  # US pay is in dollars already
