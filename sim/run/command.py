"""`bordersim run`: one scenario, one seed, its files and a summary table."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from sim.argtypes import check_out_dir, seed_number

if TYPE_CHECKING:
    import pandas as pd
    from rich.table import Table

SUMMARY_ROWS = {  # label (fits 80 columns with four months) -> column
    "adoption MX": "adoption_share_mx",
    "adoption US": "adoption_share_us",
    "unemployment MX": "unemployment_rate_mx",
    "unemployment US": "unemployment_rate_us",
    "long-term unemp. MX": "long_term_unemployed_share_mx",
    "displaced cum. MX": "displaced_cum_share_mx",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    run = subparsers.add_parser("run", help="run one scenario and write its outputs")
    run.add_argument("config", type=Path, help="scenario YAML, e.g. configs/baseline.yaml")
    run.add_argument(
        "--out", type=Path, help="output folder (default results/runs/<name>-<hash>-<seed>/)"
    )
    run.add_argument("--seed", type=seed_number, help="random seed (default: the config's)")
    run.add_argument(
        "--force",
        action="store_true",
        help="replace what another run or command wrote in the --out folder",
    )
    run.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a field by dotted path, e.g. --set policy.retraining_subsidy=0.5",
    )
    run.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from sim.config.resolve import resolve_scenario

    scenario, seed = resolve_scenario(args.config, args.overrides, args.seed)
    if args.out is not None:
        check_out_dir(args.out)
    from rich.console import Console

    from sim.run.runner import run_to_folder

    out_dir, output = run_to_folder(scenario, seed, args.out, force=args.force)
    console = Console()
    console.print(
        summary_table(output.timeseries, scenario.population.population_scale, output.seconds)
    )
    console.print(f"wrote {out_dir}/timeseries.parquet, cities.parquet, manifest.json, summary.png")
    return 0


def summary_table(frame: pd.DataFrame, scale: float, seconds: float) -> Table:
    """The figures people look at first: one row per measure, one column per reported month
    (the end of 2022, 2024, 2026 and the last month), so it fits an 80-column terminal."""
    from rich.table import Table

    wanted = ["2022-12", "2024-12", "2026-12", frame["date"].iloc[-1]]
    months = list(dict.fromkeys(d for d in wanted if d in set(frame["date"])))
    rows = frame.set_index("date").loc[months]
    table = Table(title=f"bordersim summary (population_scale {scale}, {seconds:.1f} s)")
    table.add_column("measure \\ month")
    for month in months:
        table.add_column(month, justify="right")
    for label, column in SUMMARY_ROWS.items():
        table.add_row(label, *(f"{value:.1%}" for value in rows[column]))
    table.add_row("in training", *(f"{value:,.0f}" for value in rows["in_training"]))
    return table
