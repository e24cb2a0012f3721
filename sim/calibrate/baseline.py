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


def _block_end(lines: list[str], head: int, indent: int) -> int:
    """The line after the block that starts at `head` (its more-indented or blank lines)."""
    end = head + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
    ):
        end += 1
    return end


def _set_field(lines: list[str], parts: list[str], text: str) -> None:
    """Write `text` at the nested key `parts` (two spaces a level), adding missing levels at
    the end of their enclosing block."""
    head, end = -1, len(lines)
    for depth, key in enumerate(parts):
        pad = "  " * depth
        pattern = re.compile(rf"^{pad}{re.escape(key)}:\s*([^#]*?)(\s*#.*)?$")
        found = next((i for i in range(head + 1, end) if pattern.match(lines[i])), None)
        if found is None:
            note = "# calibrated" if depth == 0 else "# calibrated (not set before: schema default)"
            missing = [f"{'  ' * (depth + j)}{k}:" for j, k in enumerate(parts[depth:])]
            missing[-1] += f" {text}  {note}"
            lines[end:end] = missing
            return
        match = pattern.match(lines[found])
        assert match is not None  # `found` is a line the pattern matched
        if depth < len(parts) - 1:
            if match.group(1):
                raise ValueError(f"{'.'.join(parts)}: write {key} as a block to calibrate it")
            head, end = found, _block_end(lines, found, len(pad))
            continue
        prefix = f"{pad}{key}: {text}"
        comment = (match.group(2) or "").lstrip()
        column = len(lines[found]) - len(comment)  # keep comments aligned where they were
        lines[found] = prefix + " " * max(2, column - len(prefix)) + comment if comment else prefix


def _value_at(data: dict, path: str) -> object:
    for part in path.split("."):
        data = data[part]
    return data


def write_estimates(path: Path, values: dict[str, float], provenance: list[str]) -> dict:
    """Set each dotted path (`section.field`, `section.field.mx`) in the YAML at path;
    returns the values as the file now holds."""
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not line.startswith(PROVENANCE)]
    for name, value in values.items():
        _set_field(lines, name.split("."), format_value(value))
    first_key = next(i for i, line in enumerate(lines) if line and not line.startswith("#"))
    lines[first_key:first_key] = [f"{PROVENANCE} {line}" for line in provenance]
    text = "\n".join(lines) + "\n"
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    data = read_yaml(path)
    return {name: _value_at(data, name) for name in values}
