"""Property-based hardening of configs: random valid scenarios keep every invariant; random
mutations of a valid YAML always end in the project's config error, never another exception."""

from __future__ import annotations

import annotated_types as at
import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from sim.config import CONFIGS_DIR, ConfigError, apply_override, load_scenario, read_yaml
from sim.config import validate_scenario as validate
from sim.config.schema import Scenario
from sim.model import BorderModel
from sim.outputs import nan_allowed_columns
from tests.test_invariants import check_month

# how many random examples each property sees: a few in the default run, many under -m slow
QUICK = pytest.param(4, id="quick")
DEEP = pytest.param(20, id="deep", marks=pytest.mark.slow)

SWEPT_SECTIONS = (
    "labour",
    "automation",
    "displacement",
    "training",
    "government",
    "policy",
    "demand",
    "wages",
)


def numeric_fields(
    model: type[BaseModel], prefix: str = ""
) -> list[tuple[str, type, float, float]]:
    """(dotted path, type, low, high) for every bounded int/float/bool field under a model."""
    found = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found += numeric_fields(annotation, path + ".")
            continue
        if annotation is bool:
            found.append((path, bool, 0, 1))
            continue
        if annotation not in (int, float):
            continue
        low = high = None
        for rule in field.metadata:
            if isinstance(rule, at.Ge):
                low = rule.ge
            elif isinstance(rule, at.Gt):
                low = rule.gt + (1 if annotation is int else 1e-9 * max(1.0, abs(rule.gt)))
            elif isinstance(rule, at.Le):
                high = rule.le
            elif isinstance(rule, at.Lt):
                high = rule.lt - (1 if annotation is int else 1e-9 * max(1.0, abs(rule.lt)))
        if low is not None and high is not None:
            found.append((path, annotation, low, high))
    return found


FIELDS = [
    f
    for section in SWEPT_SECTIONS
    for f in numeric_fields(Scenario.model_fields[section].annotation, f"{section}.")
]


@st.composite
def valid_assignments(draw) -> list[str]:
    """A random subset of fields set anywhere within their schema bounds (edges included)."""
    chosen = draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=12, unique=True))
    assignments = []
    for path, kind, low, high in chosen:
        if kind is bool:
            value = draw(st.booleans())
        elif kind is int:
            value = draw(st.integers(int(low), int(min(high, 10**6))))
        else:
            value = draw(st.floats(low, high, allow_nan=False, allow_infinity=False))
        assignments.append(f"{path}={str(value).lower() if kind is bool else repr(value)}")
    cities = draw(
        st.lists(st.sampled_from(["tijuana_mx", "el_paso_us", "reynosa_mx"]), unique=True)
    )
    assignments.append(f"policy.sez_cities=[{', '.join(cities)}]")
    return assignments


@pytest.mark.parametrize("examples", [QUICK, DEEP])
def test_random_valid_scenarios_keep_every_invariant_every_month(examples):
    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(assignments=valid_assignments(), seed=st.integers(0, 2**32 - 1))
    def keeps_every_invariant(assignments, seed):
        data = read_yaml(CONFIGS_DIR / "baseline.yaml")
        for assignment in ("population.population_scale=0.002", "time.end=2024-12", *assignments):
            apply_override(data, assignment)
        model = BorderModel(validate(data, "fuzz"), seed=seed)
        while model.running:
            model.step()
            check_month(model)
        frame = model.datacollector.get_model_vars_dataframe().drop(columns=["date"])
        undefined = frame.columns.isin(list(nan_allowed_columns()))  # shares of an empty base
        numbers = frame.to_numpy(dtype=float)
        assert np.isfinite(numbers[:, ~undefined]).all()
        assert not np.isinf(numbers[:, undefined]).any()

    keeps_every_invariant()


# ---------------------------------------------------------------------------- bad YAML
BASE_TEXT = (CONFIGS_DIR / "baseline.yaml").read_text()
PATHS = [path for path, *_ in FIELDS]
WRONG_VALUES = st.one_of(
    st.text(max_size=8),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.none(),
)


def set_path(data: dict, path: str, value) -> None:
    node = data
    *parents, leaf = path.split(".")
    for part in parents:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[leaf] = value


@st.composite
def mutated_yaml(draw) -> bytes:
    kind = draw(
        st.sampled_from(
            [
                "wrong_value",
                "unknown_key",
                "delete_key",
                "empty",
                "binary",
                "duplicate",
                "huge",
                "truncate",
            ]
        )
    )
    data = yaml.safe_load(BASE_TEXT)
    if kind == "wrong_value":
        set_path(data, draw(st.sampled_from(PATHS)), draw(WRONG_VALUES))
    elif kind == "huge":
        set_path(
            data, draw(st.sampled_from(PATHS)), draw(st.sampled_from([1e308, -1e308, 10**400]))
        )
    elif kind == "unknown_key":
        section = draw(st.sampled_from(sorted(k for k, v in data.items() if isinstance(v, dict))))
        data[section][draw(st.text("abcxyz_", min_size=1, max_size=6)) + "_zz"] = 1
    elif kind == "delete_key":
        section = draw(st.sampled_from(sorted(data)))
        del data[section]
    elif kind == "empty":
        return draw(st.sampled_from([b"", b"   \n", b"# only a comment\n", b"---\n"]))
    elif kind == "binary":
        return draw(st.binary(min_size=1, max_size=64))
    elif kind == "truncate":
        return BASE_TEXT.encode()[: draw(st.integers(1, len(BASE_TEXT) - 1))]
    text = yaml.safe_dump(data, sort_keys=False)
    if kind == "duplicate":
        text += "\npolicy:\n  stipend_usd_month: 10\n"
    return text.encode()


@pytest.mark.parametrize("examples", [QUICK, DEEP])
def test_mutated_yaml_ends_in_a_config_error_naming_the_field(tmp_path_factory, examples):
    @settings(max_examples=15 * examples, deadline=None)
    @given(content=mutated_yaml())
    def ends_in_a_config_error(content):
        path = tmp_path_factory.mktemp("fuzz") / "scenario.yaml"
        path.write_bytes(content)
        try:
            load_scenario(path)
        except ConfigError as error:
            assert error.field, "the error names a field or location"
            assert str(path) in str(error)

    ends_in_a_config_error()


def test_yaml_tags_that_would_build_python_objects_are_refused(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("name: !!python/object/apply:os.system ['echo pwned']\n")
    try:
        load_scenario(path)
    except ConfigError as error:
        assert "not valid YAML" in str(error)
    else:
        raise AssertionError("a python tag must be refused")
