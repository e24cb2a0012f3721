"""Reading scenario YAML files and `--set` overrides into a validated `Scenario`.

Every failure becomes a `ConfigError` naming the file, the dotted field path, the bad value
and what is allowed, so the CLI can print one clear line and exit 2 before any work starts.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from sim.config import checks
from sim.config.renames import renamed_message
from sim.config.schema import Scenario
from sim.errors import UserError
from sim.world.cities import city_ids
from sim.world.city_sectors import SectorShareError, read_city_sector_shares

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONFIGS_DIR = PROJECT_ROOT / "configs"
MAX_CONFIG_BYTES = 1_000_000
MAX_YAML_NODES = 100_000  # after expanding aliases: a config is a few hundred
BOUND_ERRORS = ("greater_than", "greater_than_equal", "less_than", "less_than_equal")


class ConfigError(UserError, ValueError):
    """A config that cannot run: names where, which field, which value and what is allowed."""

    def __init__(self, source: str, field: str, value: Any, allowed: str) -> None:
        self.source, self.field, self.value, self.allowed = source, field, value, allowed
        shown = repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        super().__init__(f"{source}: {field} = {shown}: {allowed}")


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML loader that refuses duplicate keys instead of keeping the last one."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict:
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"unhashable key {key!r}", key_node.start_mark
            ) from exc
        if key in mapping:
            raise _DuplicateKey(key)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


class _DuplicateKey(Exception):
    def __init__(self, key: Any) -> None:
        self.key = key


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


class YamlError(ConfigError):
    """A file that is not valid YAML, as compilers say it: file:line:column: problem."""

    def __init__(self, source: str, mark: Any, problem: str) -> None:
        where = f"{mark.line + 1}:{mark.column + 1}" if mark is not None else "1:1"
        UserError.__init__(self, f"{source}:{where}: not valid YAML: {problem}")
        self.source, self.field, self.value, self.allowed = source, where, None, problem


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many nodes the document has once every alias is expanded (memoised per node, so
    an alias bomb is measured in linear time, never built)."""
    if id(node) in sizes:
        return sizes[id(node)]
    sizes[id(node)] = 1  # a node reached again while being measured (a cycle) counts once
    if isinstance(node, yaml.SequenceNode):
        children = node.value
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    else:
        children = []
    total = 1 + sum(_expanded_size(child, sizes) for child in children)
    sizes[id(node)] = min(total, MAX_YAML_NODES + 1)
    return sizes[id(node)]


def _load_yaml(text: str, source: str) -> Any:
    """Compose, refuse a document that expands past MAX_YAML_NODES, then construct."""
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        size = _expanded_size(node, {})
        if size > MAX_YAML_NODES:
            raise ConfigError(
                source,
                "(file)",
                f"more than {MAX_YAML_NODES:,} values once aliases are expanded",
                "is too large (an alias bomb?); a config needs far fewer",
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def parse_yaml_text(text: str, source: str) -> dict:
    """Parse YAML safely into a mapping, or raise ConfigError saying what is wrong."""
    try:
        data = _load_yaml(text, source)
    except _DuplicateKey as dup:
        raise ConfigError(source, str(dup.key), "(twice)", "each key may appear once") from None
    except yaml.MarkedYAMLError as exc:
        problem = " ".join(str(exc.problem or exc.context or "not valid YAML").split())
        raise YamlError(source, exc.problem_mark or exc.context_mark, problem) from None
    except yaml.YAMLError as exc:
        raise YamlError(source, None, " ".join(str(exc).split())) from None
    if data is None:
        raise ConfigError(source, "(file)", "", "is empty: a scenario mapping is required")
    if not isinstance(data, dict):
        raise ConfigError(source, "(top level)", data, "must be a mapping of sections")
    return data


def read_yaml(path: Path) -> dict:
    """Read a YAML file with the safe loader; size, encoding and syntax errors are ConfigErrors."""
    source = str(path)
    if not path.is_file():
        raise ConfigError(source, "(file)", str(path), "does not exist or is not a file")
    raw = path.read_bytes()
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(source, "(file)", f"{len(raw)} bytes", "must be under 1 MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(source, "(file)", raw[:20], "is not UTF-8 text") from None
    if "\x00" in text:
        raise ConfigError(source, "(file)", raw[:20], "contains binary (NUL) bytes")
    return parse_yaml_text(text, source)


def _field_exists(model: type[BaseModel], parts: list[str]) -> bool:
    """Whether a dotted path names a field of the schema (dict-valued fields accept any key)."""
    current: Any = model
    for i, part in enumerate(parts):
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return False
        field = current.model_fields.get(part)
        if field is None:
            return False
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            current = annotation
        else:
            is_mapping = getattr(annotation, "__origin__", None) is dict
            return i == len(parts) - 1 or (is_mapping and i == len(parts) - 2)
    return True


def _default_mapping(parts: list[str]) -> dict:
    """What a dict-valued field (a yearly series, sector shares) holds by default, so that
    overriding one key (`demand.growth_per_year.mx.2026=0.01`) changes that key only instead of
    replacing the whole mapping; an empty mapping for a section."""
    value: Any = Scenario()
    for part in parts:
        value = getattr(value, part, None)
    return dict(value) if isinstance(value, dict) else {}


def apply_override(data: dict, assignment: str, source: str = "--set") -> None:
    """Apply one `dotted.path=value` override (value parsed as YAML) to a raw config mapping."""
    if "=" not in assignment:
        raise ConfigError(source, assignment, assignment, "must look like section.field=value")
    path, _, raw_value = assignment.partition("=")
    path = path.strip()
    parts = path.split(".")
    if not path or any(not p for p in parts) or not _field_exists(Scenario, parts):
        allowed = renamed_message(path, override=True) or "is not a field of the scenario schema"
        raise ConfigError(source, path or "(empty)", raw_value, allowed)
    try:
        value = yaml.safe_load(raw_value) if raw_value.strip() else raw_value
    except yaml.YAMLError:
        value = raw_value
    node = data
    for depth, part in enumerate(parts[:-1], 1):
        child = node.get(part)
        if not isinstance(child, dict):
            child = _default_mapping(parts[:depth])
            node[part] = child
        node = child
    key: Any = parts[-1]
    if key.isdigit():  # yearly series keys are ints
        key = int(key)
    node[key] = value


def _describe(model: type[BaseModel], error: dict) -> tuple[str, Any, str]:
    path = ".".join(str(p) for p in error["loc"]) or "(top level)"
    value = error.get("input")
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = renamed_message(path) or (
            "is not a known field here (check the spelling; see `bordersim schema`)"
        )
    elif error["type"] == "missing":
        message = "is required"
    elif error["type"] in BOUND_ERRORS:
        bounds = checks.bounds_text(checks.field_at(model, error["loc"]))
        message = f"{bounds} ({message[:1].lower()}{message[1:]})" if bounds else message
    return path, value, message


def validate_model[M: BaseModel](model: type[M], data: object, source: str) -> M:
    """Validate data into any pydantic model; the first error becomes a ConfigError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        path, value, message = _describe(model, dict(exc.errors()[0]))
        raise ConfigError(source, path, value, message) from None


def validate_scenario(data: dict, source: str) -> Scenario:
    """Validate a raw mapping into a Scenario, then what the data can support (`checks`):
    finite numbers, the population scale, the horizon, the data files and city references."""
    found = checks.booleans_for_numbers(data)
    if found:
        path, value = found
        raise ConfigError(source, path, value, "is yes/no (a boolean), but this field is a number")
    scenario = validate_model(Scenario, data, source)
    found = checks.non_finite(scenario.model_dump())
    if found:
        raise ConfigError(source, *found, "must be a finite number")
    scale = scenario.population.population_scale
    if scale < checks.MIN_POPULATION_SCALE:
        raise ConfigError(
            source,
            "population.population_scale",
            scale,
            f"must be within {checks.MIN_POPULATION_SCALE:g}..1 "
            "(smaller scales leave the smallest cities without agents)",
        )
    problem = checks.horizon_problem(scenario)
    if problem:
        raise ConfigError(source, *problem)
    _check_data_files(scenario, source)
    return scenario


def _check_data_files(scenario: Scenario, source: str) -> None:
    """Each data file exists under configs/ and has the columns the model reads; the city
    references name cities of the city table."""
    for field, wanted in checks.DATA_COLUMNS.items():
        section, key = field.split(".")
        relative = getattr(getattr(scenario, section), key)
        path = CONFIGS_DIR / relative
        if not path.is_file():
            raise ConfigError(source, field, relative, "no such file under configs/")
        missing = checks.missing_columns(path, wanted)
        if missing:
            shown = missing if isinstance(missing, str) else "lacks " + ", ".join(missing)
            raise ConfigError(
                source, field, relative, f"{shown} (the file needs columns {', '.join(wanted)})"
            )
    known = city_ids(CONFIGS_DIR / scenario.world.cities_file)
    _check_sector_shares(scenario, source, known)
    for i, city in enumerate(scenario.policy.sez_cities):
        if city not in known:
            allowed = ", ".join(sorted(known))
            raise ConfigError(source, f"policy.sez_cities.{i}", city, f"must be one of {allowed}")


def _check_sector_shares(scenario: Scenario, source: str, known: set[str]) -> None:
    """Every row of the city sector table names a city of the city table, with shares that
    are shares and sum to 1 (or less, with blanks)."""
    relative = scenario.world.sectors_file
    try:
        table = read_city_sector_shares(CONFIGS_DIR / relative)
    except SectorShareError as exc:
        raise ConfigError(
            source,
            f"world.sectors_file {relative}: city {exc.city}: {exc.field}",
            exc.value,
            exc.allowed,
        ) from None
    for city in table:
        if city not in known:
            field = f"world.sectors_file {relative}: city_id"
            raise ConfigError(source, field, city, "must be a city of the city table")


def _deep_merge(base: dict, child: dict) -> dict:
    merged = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_scenario_data(path: Path, _seen: tuple[Path, ...] = ()) -> dict:
    """Read a scenario file, resolving `extends: other.yaml` (relative to it, inside configs/).

    The child's keys override the parent's, section by section, so a policy scenario states only
    what it changes and follows the baseline when the baseline is recalibrated.
    """
    data = read_yaml(path)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    source = str(path)
    if not isinstance(parent, str) or not parent.endswith((".yaml", ".yml")):
        raise ConfigError(source, "extends", parent, "must name a .yaml file next to this one")
    target = (path.parent / parent).resolve()
    if not target.is_relative_to(CONFIGS_DIR.resolve()) and not target.is_relative_to(
        path.parent.resolve()
    ):
        raise ConfigError(source, "extends", parent, "must stay inside the configs/ folder")
    if target in _seen:
        raise ConfigError(source, "extends", parent, "forms a cycle of extends")
    return _deep_merge(read_scenario_data(target, (*_seen, path.resolve())), data)


def load_scenario(
    path: str | Path,
    overrides: list[str] | None = None,
    source: str | None = None,
    override_source: str = "--set",
) -> Scenario:
    """Load (following `extends`), override and validate a scenario file; errors name `source`
    when given, else the override (`override_source`) for a field an override set, else the
    file."""
    path = Path(path)
    data = read_scenario_data(path)
    overridden = []
    for assignment in overrides or []:
        apply_override(data, assignment, override_source)
        overridden.append(assignment.partition("=")[0].strip())
    try:
        return validate_scenario(data, source or str(path))
    except ConfigError as exc:
        blamed = any(exc.field == p or exc.field.startswith(p + ".") for p in overridden)
        if source is not None or not blamed:  # a caller's own source names its context
            raise
        raise ConfigError(override_source, exc.field, exc.value, exc.allowed) from None


def config_hash(scenario: Scenario) -> str:
    """Short stable hash of the fully resolved config (seed excluded: runs key on both)."""
    payload = scenario.model_dump(mode="json", exclude={"seed"})
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:12]
