"""Plants' sectors by city (docs/model.md section 4, step 2; configs/data/city_sectors.csv)."""

import dataclasses
import uuid
from types import MappingProxyType

import numpy as np
import pytest

from sim.agents.government import MunicipalGovernment
from sim.build import build_plants, operative_wage_by_city
from sim.config import CONFIGS_DIR
from sim.config.loading import ConfigError
from sim.world.cities import load_cities
from sim.world.city_sectors import (
    SectorShareError,
    city_mix,
    national_mix,
    read_city_sector_shares,
)
from sim.world.corridor import build_corridor
from sim.world.countries import COUNTRY_CODE
from sim.world.sectors import SECTORS
from tests.conftest import scenario_with

NATIONAL = {
    "automotive": 0.35,
    "electronics": 0.25,
    "aerospace": 0.07,
    "medical_devices": 0.13,
    "other": 0.20,
}
HEADER = "city_id,mix,automotive,electronics,aerospace,medical_devices,other,source\n"


def only(sector: str) -> MappingProxyType:
    return MappingProxyType({s: float(s == sector) for s in SECTORS})


@pytest.fixture
def sector_file():
    """Write a city sector table under configs/data for one test, and remove it after."""
    made = []

    def write(rows: str) -> str:
        relative = f"data/_test_sectors_{uuid.uuid4().hex}.csv"
        (CONFIGS_DIR / relative).write_text(HEADER + rows, encoding="utf-8")
        made.append(CONFIGS_DIR / relative)
        return relative

    yield write
    for path in made:
        path.unlink(missing_ok=True)


def test_blank_sectors_share_what_the_given_ones_leave_in_national_proportion():
    given = {
        "automotive": 0.40,
        "electronics": 0.27,
        "aerospace": None,
        "medical_devices": 0.06,
        "other": None,
    }
    # the blanks share 1 - 0.73 = 0.27 in the national ratio aerospace 0.07 : other 0.20
    expected = [0.40, 0.27, 0.27 * 0.07 / 0.27, 0.06, 0.27 * 0.20 / 0.27]
    assert city_mix(given, national_mix(NATIONAL)) == pytest.approx(expected)


def test_a_city_without_sourced_shares_has_the_national_mix():
    assert city_mix({}, national_mix(NATIONAL)) == pytest.approx(list(NATIONAL.values()))


def test_a_national_sector_name_outside_the_model_sectors_counts_as_other():
    mix = national_mix({"automotive": 0.5, "textiles": 0.3, "other": 0.2})
    assert mix == pytest.approx([0.5, 0.0, 0.0, 0.0, 0.5])


def test_each_citys_plants_follow_its_own_mix():
    config = scenario_with(scale=0.02)
    cities = load_cities(CONFIGS_DIR / "data/cities.csv", CONFIGS_DIR / "data/city_wages.csv")
    hand_made = {"ciudad_juarez_mx": only("automotive"), "tijuana_mx": only("medical_devices")}
    cities = [
        dataclasses.replace(c, sector_shares=hand_made.get(c.id, MappingProxyType({})))
        for c in cities
    ]
    corridor = build_corridor(cities, 10.0, 40.0, [], np.random.default_rng(0))
    country = np.array([COUNTRY_CODE[c.country] for c in cities], dtype=np.int8)
    plants = build_plants(
        config,
        cities,
        corridor,
        country,
        operative_wage_by_city(config, cities),
        np.random.default_rng(5),
    )
    ids = [c.id for c in cities]
    juarez = plants.sector[plants.city == ids.index("ciudad_juarez_mx")]
    tijuana = plants.sector[plants.city == ids.index("tijuana_mx")]
    assert len(juarez) > 10 and len(tijuana) > 10
    assert (juarez == SECTORS.index("automotive")).all()
    assert (tijuana == SECTORS.index("medical_devices")).all()
    rest = plants.sector[~np.isin(plants.city, [ids.index(i) for i in hand_made])]
    shares = np.bincount(rest, minlength=len(SECTORS)) / len(rest)
    assert shares == pytest.approx(list(NATIONAL.values()), abs=0.06)


@pytest.mark.parametrize(
    ("row", "field", "value"),
    [
        ("ciudad_juarez_mx,sourced,1.4,0,0,0,0,x\n", "automotive", "1.4"),
        ("ciudad_juarez_mx,partial,-0.1,,,,,x\n", "automotive", "-0.1"),
        ("ciudad_juarez_mx,partial,abc,,,,,x\n", "automotive", "abc"),
        ("ciudad_juarez_mx,sourced,0.5,0.3,0,0,0.1,x\n", "shares sum", "0.9"),
        ("ciudad_juarez_mx,partial,0.8,0.4,,,,x\n", "shares sum", "1.2"),
        ("ciudad_juarez_mx,sourced,0.5,,,,,x\n", "mix", "sourced"),
    ],
)
def test_bad_shares_are_refused_naming_city_field_and_value(tmp_path, row, field, value):
    path = tmp_path / "sectors.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(SectorShareError) as caught:
        read_city_sector_shares(path)
    message = str(caught.value)
    assert "\n" not in message
    assert "ciudad_juarez_mx" in message and field in message and value in message


def test_a_scenario_with_bad_shares_is_refused_before_any_work(sector_file):
    relative = sector_file("ciudad_juarez_mx,sourced,1.4,0,0,0,0,x\n")
    with pytest.raises(ConfigError, match=r"ciudad_juarez_mx: automotive = '1\.4'"):
        scenario_with(f"world.sectors_file={relative}")


def test_a_sector_row_for_an_unknown_city_is_refused(sector_file):
    relative = sector_file("atlantis_mx,national,,,,,,x\n")
    with pytest.raises(ConfigError, match="atlantis_mx"):
        scenario_with(f"world.sectors_file={relative}")


def test_the_shipped_table_has_every_city_once():
    table = read_city_sector_shares(CONFIGS_DIR / "data/city_sectors.csv")
    cities = load_cities(CONFIGS_DIR / "data/cities.csv", CONFIGS_DIR / "data/city_wages.csv")
    assert set(table) == {c.id for c in cities}


def _juarez_change(relative: str) -> float:
    from sim.model import BorderModel

    model = BorderModel(scenario_with(f"world.sectors_file={relative}", end="2025-12"), seed=2)
    model.run()
    frame = model.datacollector.get_agenttype_vars_dataframe(MunicipalGovernment)
    jobs = frame[frame["city_id"] == "ciudad_juarez_mx"].set_index("date")["manufacturing_jobs"]
    return jobs["2025-12"] / jobs["2023-06"] - 1


def test_a_more_automotive_juarez_loses_more_jobs_while_us_auto_output_falls(sector_file):
    # US motor-vehicle output fell 2023-2025 while electronics grew (sim/world/sectors.py)
    automotive = sector_file("ciudad_juarez_mx,sourced,0.8,0.1,0,0.05,0.05,x\n")
    electronics = sector_file("ciudad_juarez_mx,sourced,0.1,0.8,0,0.05,0.05,x\n")
    assert _juarez_change(automotive) < _juarez_change(electronics) - 0.02
