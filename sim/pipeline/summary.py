"""Summary expressions: one number per run read off its monthly table.

`column@YYYY-MM` (the column at a month) or `mean|sum|min|max(column)@start..end` (aggregated
over a period). Parsed, never evaluated: what a sweep keeps and what a policy design optimises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUMMARY = re.compile(
    r"^(?:(?P<func>mean|sum|min|max)\((?P<agg_col>\w+)\)@(?P<start>\d{4}-\d{2})\.\.(?P<end>\d{4}-\d{2})"
    r"|(?P<col>\w+)@(?P<month>\d{4}-\d{2}))$"
)


@dataclass(frozen=True)
class Summary:
    """A parsed summary expression: a column at one month, or aggregated over a period."""

    text: str
    column: str
    func: str | None
    start: str
    end: str

    @classmethod
    def parse(cls, text: str) -> Summary:
        match = SUMMARY.match(text)
        if match is None:
            raise ValueError(
                f"{text!r} is not a summary expression "
                "(column@YYYY-MM or func(column)@YYYY-MM..YYYY-MM)"
            )
        if match["func"]:
            return cls(text, match["agg_col"], match["func"], match["start"], match["end"])
        return cls(text, match["col"], None, match["month"], match["month"])
