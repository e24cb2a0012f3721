"""Writing estimates into a scenario YAML by editing its text, so every other line and every
source comment stays as the authors wrote it; a provenance comment says when and how."""

from __future__ import annotations

import re
from pathlib import Path

from sim.config import read_yaml
from sim.run.manifest import write_atomic

PROVENANCE = "# Calibrated:"


def format_value(value: float) -> str:
    """Four significant digits: what the report states is what the file holds."""
    text = f"{value:.4g}"
    return str(int(float(text))) if float(text).is_integer() and abs(value) >= 1 else text


def _set_field(lines: list[str], section: str, key: str, text: str) -> None:
    try:
        head = lines.index(f"{section}:")
    except ValueError:
        lines.extend([f"{section}:", f"  {key}: {text}  # calibrated"])
        return
    end = head + 1
    while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
        end += 1
    pattern = re.compile(rf"^  {re.escape(key)}:\s*([^#]*?)(\s*#.*)?$")
    for i in range(head + 1, end):
        match = pattern.match(lines[i])
        if match:
            prefix = f"  {key}: {text}"
            comment = (match.group(2) or "").lstrip()
            column = len(lines[i]) - len(comment)  # keep comments aligned where they were
            lines[i] = prefix + " " * max(2, column - len(prefix)) + comment if comment else prefix
            return
    lines.insert(end, f"  {key}: {text}  # calibrated (not set before: schema default)")


def write_estimates(path: Path, values: dict[str, float], provenance: list[str]) -> dict:
    """Set each `section.field` in the YAML at path; returns the values as the file now holds."""
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not line.startswith(PROVENANCE)]
    for name, value in values.items():
        section, _, key = name.partition(".")
        if "." in key:
            raise ValueError(f"{name}: only section.field parameters can be written back")
        _set_field(lines, section, key, format_value(value))
    first_key = next(i for i, line in enumerate(lines) if line and not line.startswith("#"))
    lines[first_key:first_key] = [f"{PROVENANCE} {line}" for line in provenance]
    text = "\n".join(lines) + "\n"
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    data = read_yaml(path)
    return {name: data[name.split(".")[0]][name.split(".")[1]] for name in values}
