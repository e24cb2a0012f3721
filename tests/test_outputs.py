"""The output contract (sim/outputs.py) is what the model reports (docs/model.md section 7.13)."""

import numpy as np
import pytest

from sim.model import BorderModel
from sim.outputs import CITIES, TIMESERIES, city_columns, output_columns
from sim.record import gini
from tests.conftest import scenario_with


def test_per_country_outputs_become_one_column_per_country():
    columns = output_columns()
    assert columns[:4] == ["date", "step", "adoption_share_mx", "adoption_share_us"]
    assert "unemployment_rate_mx" in columns and "unemployment_rate" not in columns


def test_every_declared_output_has_a_unit_and_a_description():
    for output in (*TIMESERIES, *CITIES):
        assert output.unit and output.description, output.name


def test_the_monthly_record_has_exactly_the_declared_columns_in_order():
    model = BorderModel(scenario_with(scale=0.002), seed=1)
    model.step()
    assert list(model.record) == output_columns()
    collected = model.datacollector.get_model_vars_dataframe()
    assert list(collected.columns) == output_columns()
    cities = model.datacollector.get_agenttype_vars_dataframe(type(model.governments[0]))
    assert list(cities.columns) == city_columns()


def test_a_countrys_participation_rate_is_its_cities_labour_force_over_their_working_age():
    model = BorderModel(scenario_with(scale=0.002), seed=1)
    for _ in range(3):
        model.step()
    cities = model.datacollector.get_agenttype_vars_dataframe(type(model.governments[0]))
    last = cities.xs(3, level="Step")
    mx = last[last["country"] == "MX"]
    working_age = mx["labour_force"] / mx["participation_rate"]
    assert mx["labour_force"].sum() / working_age.sum() == pytest.approx(
        model.record["participation_rate_mx"], rel=1e-9
    )


def test_gini_of_equal_wages_is_zero():
    assert gini(np.array([500.0, 500.0]), np.array([3, 7])) == pytest.approx(0.0)


def test_gini_when_one_of_four_earns_everything_is_three_quarters():
    assert gini(np.array([0.0, 1000.0]), np.array([3, 1])) == pytest.approx(0.75)


def test_gini_ignores_groups_without_people():
    assert gini(np.array([100.0, 900.0, 100.0]), np.array([2, 0, 2])) == pytest.approx(0.0)


def test_a_written_table_with_an_undeclared_column_is_refused():
    import pandas as pd
    import pytest

    from sim.outputs import check_table

    with pytest.raises(ValueError, match="undeclared \\['extra'\\]"):
        check_table(pd.DataFrame({"date": ["2022-01"], "extra": [1.0]}), ["date"])


def test_a_written_table_with_text_in_a_numeric_column_is_refused():
    import pandas as pd
    import pytest

    from sim.outputs import check_table

    frame = pd.DataFrame({"date": ["2022-01"], "unemployment_rate_mx": ["high"]})
    with pytest.raises(Exception):  # noqa: B017 - pyarrow's conversion error
        check_table(frame, ["date", "unemployment_rate_mx"])
    check_table(frame.assign(unemployment_rate_mx=[0.03]), ["date", "unemployment_rate_mx"])
