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

from sim.config.renames import renamed_message
from sim.config.schema import Scenario
from sim.errors import UserError
from sim.world.cities import city_ids

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONFIGS_DIR = PROJECT_ROOT / "configs"
MAX_CONFIG_BYTES = 1_000_000


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


def parse_yaml_text(text: str, source: str) -> dict:
    """Parse YAML safely into a mapping, or raise ConfigError saying what is wrong."""
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except _DuplicateKey as dup:
        raise ConfigError(source, str(dup.key), "(twice)", "each key may appear once") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f"line {where.line + 1}" if where is not None else "document"
        raise ConfigError(source, line, text[:40], f"is not valid YAML ({exc})") from None
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
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    key: Any = parts[-1]
    if key.isdigit():  # yearly series keys are ints
        key = int(key)
    node[key] = value


def _describe(error: dict) -> tuple[str, Any, str]:
    path = ".".join(str(p) for p in error["loc"]) or "(top level)"
    value = error.get("input")
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = renamed_message(path) or (
            "is not a known field here (check the spelling; see `bordersim schema`)"
        )
    elif error["type"] == "missing":
        message = "is required"
    return path, value, message


def validate_model[M: BaseModel](model: type[M], data: object, source: str) -> M:
    """Validate data into any pydantic model; the first error becomes a ConfigError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        path, value, message = _describe(exc.errors()[0])
        raise ConfigError(source, path, value, message) from None


def validate_scenario(data: dict, source: str) -> Scenario:
    """Validate a raw mapping into a Scenario, checking city references against the data."""
    scenario = validate_model(Scenario, data, source)
    _check_city_references(scenario, source)
    return scenario


def _check_city_references(scenario: Scenario, source: str) -> None:
    for key in ("cities_file", "wages_file"):
        relative = getattr(scenario.world, key)
        if not (CONFIGS_DIR / relative).is_file():
            raise ConfigError(source, f"world.{key}", relative, "no such file under configs/")
    known = city_ids(CONFIGS_DIR / scenario.world.cities_file)
    for i, city in enumerate(scenario.policy.sez_cities):
        if city not in known:
            allowed = ", ".join(sorted(known))
            raise ConfigError(source, f"policy.sez_cities.{i}", city, f"must be one of {allowed}")


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
    (default: the file) or, for a bad override, `override_source`."""
    path = Path(path)
    data = read_scenario_data(path)
    for assignment in overrides or []:
        apply_override(data, assignment, override_source)
    return validate_scenario(data, source or str(path))


def config_hash(scenario: Scenario) -> str:
    """Short stable hash of the fully resolved config (seed excluded: runs key on both)."""
    payload = scenario.model_dump(mode="json", exclude={"seed"})
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:12]
