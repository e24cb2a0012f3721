"""The corridor: border line, cities, property layers (docs/model.md sections 2 and 6)."""

import numpy as np

from sim.config import CONFIGS_DIR
from sim.world.border import distance_to_border_km, is_us
from sim.world.cities import load_cities


def cities():
    return load_cities(CONFIGS_DIR / "data/cities.csv", CONFIGS_DIR / "data/city_wages.csv")


def test_every_city_lies_on_its_own_side_of_the_border_line():
    for city in cities():
        assert bool(is_us(city.lon, city.lat)) == (city.country == "US"), city.id


def test_twin_cities_are_paired_across_the_border():
    by_id = {c.id: c for c in cities()}
    assert by_id["tijuana_mx"].twin_id == "san_diego_us"
    assert by_id["ciudad_juarez_mx"].twin_id == "el_paso_us"
    assert by_id["piedras_negras_mx"].twin_id == "eagle_pass_us"
    assert by_id["monterrey_mx"].twin_id is None


def test_missing_employment_is_filled_by_the_country_median_ratio_and_flagged():
    table = cities()
    filled = {c.id for c in table if c.employment_imputed}
    assert filled == {
        "ojinaga_mx",
        "piedras_negras_mx",
        "hermosillo_mx",
        "nogales_us",
        "del_rio_us",
        "eagle_pass_us",
    }
    known = [
        c.employment / c.population for c in table if c.country == "MX" and not c.employment_imputed
    ]
    hermosillo = next(c for c in table if c.id == "hermosillo_mx")
    assert abs(hermosillo.employment / hermosillo.population - np.median(known)) < 1e-5


def test_distance_to_border_is_small_at_crossings_and_large_inland():
    assert distance_to_border_km(np.array([-106.48]), np.array([31.76]))[0] < 5
    assert distance_to_border_km(np.array([-100.31]), np.array([25.67]))[0] > 150


def test_grid_property_layers_describe_each_cell(baseline_small):
    corridor = baseline_small.corridor
    for name in ("country", "municipality", "distance_to_border_km", "sez", "unemployment_rate"):
        assert corridor.layer(name).shape == corridor.shape
    country = corridor.layer("country")
    municipality = corridor.layer("municipality")
    for k, city in enumerate(corridor.cities):
        i, j = corridor.city_cell[k]
        assert country[i, j] == (1 if city.country == "US" else 0)
        assert municipality[i, j] == k
    assert set(np.unique(country)) == {0, 1}


def test_sez_layer_marks_the_zone_city_cells_only():
    from sim.model import BorderModel
    from tests.conftest import scenario_with

    model = BorderModel(
        scenario_with("policy.sez_cities=[tijuana_mx]", "policy.sez_tax_credit=0.2"), seed=1
    )
    sez = model.corridor.layer("sez")
    muni = model.corridor.layer("municipality")
    tijuana = [c.id for c in model.cities].index("tijuana_mx")
    assert sez.any()
    assert np.all(muni[sez] == tijuana)
    assert model.plants.in_sez[model.plants.city == tijuana].all()
    assert not model.plants.in_sez[model.plants.city != tijuana].any()


def test_the_corridor_grid_connects_every_cell_as_mesas_moore_grid_does():
    import random

    from mesa.discrete_space import OrthogonalMooreGrid

    from sim.world.corridor import CorridorGrid

    ours = CorridorGrid((7, 4), torus=False, random=random.Random(1))
    mesa = OrthogonalMooreGrid((7, 4), torus=False, random=random.Random(1))
    for coordinate, cell in mesa._cells.items():
        mine = ours._cells[coordinate].connections
        assert list(mine) == list(cell.connections), coordinate  # same keys, same order
        assert [c.coordinate for c in mine.values()] == [
            c.coordinate for c in cell.connections.values()
        ]
        reach = ours._cells[coordinate].get_neighborhood(radius=2).cells
        assert [c.coordinate for c in reach] == [
            c.coordinate for c in cell.get_neighborhood(radius=2).cells
        ]
