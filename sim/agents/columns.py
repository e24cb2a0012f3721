"""Agents whose state lives in model-level numpy arrays.

Monthly mechanics work on whole arrays (vectorised, cost proportional to the flows); each
agent stays a real Mesa agent and reads its own row through these descriptors, so the
visualizer and the tests can inspect any worker or plant as an object.
"""

from __future__ import annotations

from typing import Any


class Column:
    """Read-only attribute backed by `model.<table>.<name>[agent.idx]`."""

    def __init__(self, table: str, array: str | None = None, convert: Any = None) -> None:
        self.table = table
        self.array = array or ""  # the attribute's own name unless given
        self.convert = convert

    def __set_name__(self, owner: type, name: str) -> None:
        self.array = self.array or name

    def __get__(self, agent: Any, owner: type | None = None) -> Any:
        if agent is None:
            return self
        value = getattr(getattr(agent.model, self.table), self.array)[agent.idx]
        value = value.item() if hasattr(value, "item") else value
        return self.convert(value) if self.convert else value

    def __set__(self, agent: Any, value: Any) -> None:
        raise AttributeError(
            f"{self.array} is model state: change it through the model's mechanics"
        )
