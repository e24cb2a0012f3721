"""`bordersim decompose configs/counterfactuals/juarez_decomposition.yaml`: a city's change
over a window split by cause, from counterfactual runs over seeds and parameter draws."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "decompose", help="split a city's change by cause with counterfactual runs"
    )
    parser.add_argument(
        "spec",
        type=Path,
        help="decomposition YAML, e.g. configs/counterfactuals/juarez_decomposition.yaml",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="results folder (default results/<spec name>/)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace what another command wrote in the --out folder",
    )
    parser.set_defaults(handler=_decompose)


def _decompose(args: argparse.Namespace) -> int:
    from rich.console import Console

    from sim.calibrate.decompose import decompose
    from sim.calibrate.decompose_spec import load_decomposition
    from sim.config import PROJECT_ROOT

    decomposition = load_decomposition(args.spec)
    out = args.out or PROJECT_ROOT / "results" / decomposition.spec.name
    decompose(decomposition, out, force=args.force)
    Console().print((out / "report.md").read_text(encoding="utf-8"))
    print(f"decomposition: {out}")
    return 0
