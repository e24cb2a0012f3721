"""`bordersim run` and `bordersim schema`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from sim.config import Scenario, load_scenario


def register(subparsers: argparse._SubParsersAction) -> None:
    from sim.cli import non_negative_int

    run = subparsers.add_parser("run", help="run one scenario and write its outputs")
    run.add_argument("config", type=Path, help="scenario YAML, e.g. configs/baseline.yaml")
    run.add_argument(
        "--out", type=Path, help="output folder (default results/runs/<name>-<hash>-<seed>/)"
    )
    run.add_argument("--seed", type=non_negative_int, help="random seed (default: the config's)")
    run.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a field by dotted path, e.g. --set policy.retraining_subsidy=0.5",
    )
    run.set_defaults(handler=_run)

    schema = subparsers.add_parser(
        "schema", help="print every scenario field with its unit and range"
    )
    schema.set_defaults(handler=_schema)


def _run(args: argparse.Namespace) -> int:
    from sim.run.runner import run_to_folder

    scenario = load_scenario(args.config, args.overrides)
    out_dir, output = run_to_folder(scenario, args.seed, args.out)
    print_summary(output.timeseries, scenario.population.population_scale, output.seconds)
    Console().print(
        f"wrote {out_dir}/timeseries.parquet, cities.parquet, manifest.json, summary.png"
    )
    return 0


def print_summary(frame, scale: float, seconds: float) -> None:
    """A short table of the figures people look at first."""
    table = Table(title=f"bordersim summary (population_scale {scale}, {seconds:.1f} s)")
    table.add_column("month")
    columns = {
        "adoption MX": "adoption_share_mx",
        "adoption US": "adoption_share_us",
        "unemployment MX": "unemployment_rate_mx",
        "unemployment US": "unemployment_rate_us",
        "long-term unemp. MX": "long_term_unemployed_share_mx",
        "displaced cum. MX": "displaced_cum_share_mx",
    }
    for label in columns:
        table.add_column(label, justify="right")
    table.add_column("in training", justify="right")
    wanted = ["2022-12", "2024-12", "2026-12", frame["date"].iloc[-1]]
    for date in dict.fromkeys(d for d in wanted if d in set(frame["date"])):
        row = frame.loc[frame["date"] == date].iloc[0]
        table.add_row(
            date,
            *(f"{row[c]:.1%}" for c in columns.values()),
            f"{row['in_training']:,.0f}",
        )
    Console().print(table)


def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(Scenario.model_json_schema(), indent=2))
    return 0
