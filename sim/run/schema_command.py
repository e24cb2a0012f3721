"""`bordersim schema`: every scenario field with its unit and allowed range, as JSON Schema."""

from __future__ import annotations

import argparse
import json


def register(subparsers: argparse._SubParsersAction) -> None:
    schema = subparsers.add_parser(
        "schema", help="print every scenario field with its unit and range"
    )
    schema.set_defaults(handler=_schema)


def _schema(args: argparse.Namespace) -> int:
    from sim.config import Scenario

    print(json.dumps(Scenario.model_json_schema(), indent=2))
    return 0
