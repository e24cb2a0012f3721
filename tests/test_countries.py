"""Per-country config values are one field each (`ByCountry`), read from one country table."""

import re
import shutil

import numpy as np
import pytest
from pydantic import BaseModel

from sim.calibrate.baseline import write_estimates
from sim.cli import main
from sim.config import CONFIGS_DIR, ConfigError, Scenario, load_scenario
from sim.config.countries import ByCountry
from sim.state.codes import COUNTRY_NAMES, COUNTRY_TAGS
from sim.world.countries import COUNTRIES, COUNTRY_CODE

BASELINE = CONFIGS_DIR / "baseline.yaml"


def scenario_with(*overrides: str) -> Scenario:
    return load_scenario(BASELINE, list(overrides))


def test_array_lists_the_countries_in_code_order_and_indexes_by_country_code():
    rates = ByCountry[float](mx=0.035, us=0.02)
    country = np.array([1, 0, 0, 1])
    assert rates.array.tolist() == [0.035, 0.02]
    assert rates.array[country].tolist() == [0.02, 0.035, 0.035, 0.02]
    assert (rates[0], rates[1], rates["MX"], rates["US"]) == (0.035, 0.02, 0.035, 0.02)


def test_array_of_reads_one_field_of_each_countrys_rule():
    severance = Scenario().displacement.severance
    assert severance.array_of("months").tolist() == [4.0, 0.0]


@pytest.mark.parametrize("tag", ["mx", "us"])
def test_a_bound_is_checked_for_each_country_and_the_error_names_it(tag, tmp_path):
    with pytest.raises(ConfigError) as caught:
        scenario_with(f"labour.initial_vacancy_rate.{tag}=0.9")
    assert caught.value.field == f"labour.initial_vacancy_rate.{tag}"
    assert "less than or equal to 0.5" in str(caught.value)


def test_a_yearly_series_per_country_is_checked_per_country():
    with pytest.raises(ConfigError, match=r"demand\.growth_per_year\.us.*-0\.5\.\.1\.0"):
        scenario_with("demand.growth_per_year.us={2022: 3}")


def test_writing_one_country_keeps_the_other_countrys_default():
    scenario = scenario_with("city.entry_rate_per_year.us=0.03")
    assert scenario.city.entry_rate_per_year.us == 0.03
    assert scenario.city.entry_rate_per_year.mx == Scenario().city.entry_rate_per_year.mx


def test_writing_one_field_of_a_rule_keeps_its_other_fields():
    severance = scenario_with("displacement.severance.mx.months=6").displacement.severance
    assert (severance.mx.months, severance.mx.days_per_year) == (6.0, 20.0)


def test_an_unknown_country_is_refused():
    with pytest.raises(ConfigError, match="labour.quit_rate_month.ca"):
        load_scenario(BASELINE, ["labour.quit_rate_month={mx: 0.03, ca: 0.02}"])


def test_an_old_key_in_a_file_is_refused_naming_its_new_path(tmp_path, capsys):
    path = tmp_path / "old.yaml"
    path.write_text("extends: baseline.yaml\nlabour:\n  quit_rate_month_mx: 0.04\n")
    shutil.copy(BASELINE, tmp_path / "baseline.yaml")
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "labour.quit_rate_month_mx" in err
    assert "renamed: write labour.quit_rate_month: {mx: ...}" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("labour.quit_rate_month_mx", "labour.quit_rate_month.mx"),
        ("wages.us_operative_usd_hour", "wages.operative_usd_hour.us"),
        ("displacement.severance_months_mx", "displacement.severance.mx.months"),
        ("demand.growth_per_year_mx.2026", "demand.growth_per_year.mx.2026"),
    ],
)
def test_an_old_override_path_is_refused_naming_its_new_path(old, new, tmp_path, capsys):
    code = main(["run", str(BASELINE), "--out", str(tmp_path / "out"), "--set", f"{old}=0.04"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{old} = " in err and f"renamed: write {new}=..." in err


def test_the_schema_has_no_field_named_for_one_country():
    def names(model: type[BaseModel]) -> list[str]:
        found = []
        for name, field in model.model_fields.items():
            found.append(name)
            annotation = field.annotation
            nested = isinstance(annotation, type) and issubclass(annotation, BaseModel)
            if nested and not issubclass(annotation, ByCountry):
                found += names(annotation)
        return found

    per_country = re.compile(r"(^|_)(mx|us)(_|$)")
    assert [name for name in names(Scenario) if per_country.search(name)] == []


def test_the_country_table_orders_codes_names_and_per_country_fields_alike():
    assert [c.code for c in COUNTRIES] == list(range(len(COUNTRIES)))
    assert tuple(c.name for c in COUNTRIES) == COUNTRY_NAMES
    assert COUNTRY_CODE == {"MX": 0, "US": 1}
    assert tuple(ByCountry.model_fields) == COUNTRY_TAGS  # the fields follow the table


def test_the_border_minimum_wage_converts_the_table_rule_to_usd_a_month():
    wages = Scenario().wages
    # 374.89 MXN a day x 30.4 days at 18.33 MXN per USD
    assert wages.min_wage_usd_month(2024) == pytest.approx(374.89 * 30.4 / 18.33)


def test_calibrated_per_country_estimates_are_written_under_their_country(tmp_path):
    path = tmp_path / "base.yaml"
    shutil.copy(BASELINE, path)
    values = {"labour.quit_rate_month.us": 0.025, "city.entry_rate_per_year.us": 0.02}
    assert write_estimates(path, values, ["test"]) == values
    scenario = load_scenario(path)
    assert scenario.labour.quit_rate_month.us == 0.025
    assert scenario.labour.quit_rate_month.mx == load_scenario(BASELINE).labour.quit_rate_month.mx
    assert scenario.city.entry_rate_per_year.us == 0.02
