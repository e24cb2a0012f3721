"""The optimisation's folder outputs: tables, figures and report.md in plain words."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.design import figures
from sim.design.spec import Loaded, OptimizeSpec
from sim.design.tables import cheapest, lever_column
from sim.run.runner import write_parquet


def write_optimize_outputs(
    loaded: Loaded[OptimizeSpec],
    folder: Path,
    evaluations: pd.DataFrame,
    runs: pd.DataFrame,
    front: pd.DataFrame,
    convergence: pd.DataFrame,
    fresh: pd.DataFrame,
) -> None:
    """evaluations.parquet, runs.parquet, pareto.csv, convergence.csv, three PNGs, report.md
    (and fresh.csv: the winners on fresh seeds, when the spec asks for them)."""
    spec = loaded.spec
    write_parquet(_text_columns(evaluations), folder / "evaluations.parquet")
    write_parquet(_text_columns(runs), folder / "runs.parquet")
    front.to_csv(folder / "pareto.csv", index=False)
    convergence.to_csv(folder / "convergence.csv", index=False)
    if len(fresh):
        fresh.to_csv(folder / "fresh.csv", index=False)
    figures.front_figure(spec, evaluations, front, folder / "front.png")
    figures.levers_figure(spec, front, folder / "levers.png")
    figures.convergence_figure(convergence, folder / "convergence.png")
    (folder / "report.md").write_text(
        optimize_report(loaded, evaluations, runs, front, fresh), encoding="utf-8"
    )


def optimize_report(
    loaded: Loaded[OptimizeSpec],
    evaluations: pd.DataFrame,
    runs: pd.DataFrame,
    front: pd.DataFrame,
    fresh: pd.DataFrame,
) -> str:
    spec = loaded.spec
    runs_per_mix = spec.seeds.replicates * (spec.uncertainties.samples if spec.uncertainties else 1)
    band = f"min..max over its {runs_per_mix} runs"
    lines = [f"# Optimisation `{spec.name}`", ""]
    if spec.description:
        lines += [spec.description.strip(), ""]
    lines += [
        f"- **Levers**: {', '.join(f'`{p}` {_bounds(v)}' for p, v in spec.levers.items())}",
        "- **Objectives**: " + ", ".join(f"{o.direction} `{o.summary}`" for o in spec.objectives),
        "- **Constraints** (on the mean): "
        + (", ".join(f"`{c.describe()}`" for c in spec.constraints) or "none"),
        f"- **Runs per mix**: {spec.seeds.replicates} seeds (common random numbers, base "
        f"{spec.seeds.base})"
        + (
            f" x {spec.uncertainties.samples} sampled futures of "
            + ", ".join(f"`{p}`" for p in spec.uncertainties.parameters)
            if spec.uncertainties
            else ""
        ),
        f"- **Search**: pymoo NSGA-II, population {spec.search.population}, seed "
        f"{spec.search.seed}; {len(evaluations)} lever mixes in "
        f"{int(evaluations['generation'].max())} generations, {len(runs)} model runs; "
        f"{int(evaluations['feasible'].sum())} mixes meet every constraint",
        "",
        f"## Cheapest mix ({spec.objectives[0].direction} `{spec.objectives[0].summary}`) "
        "meeting each constraint",
        "",
    ]
    for label, row, met in cheapest(spec, evaluations):
        lines.append(f"### `{label}`")
        lines.append("")
        if row is None:
            lines += ["No lever mix finished its runs.", ""]
            continue
        which = "" if met else "No evaluated mix meets it; the closest is "
        lines.append(f"{which}Mix {int(row['mix'])} (generation {int(row['generation'])}):")
        lines.append("")
        lines += [f"- `{path}` = {_value(row[lever_column(path)])}" for path in spec.levers]
        lines += _summary_lines(loaded.summaries, row, band)
        again = fresh[fresh["mix"] == row["mix"]] if len(fresh) else fresh
        if len(again):
            assert spec.fresh_seeds is not None  # fresh rows exist only for fresh seeds
            seeds = spec.fresh_seeds.replicates
            runs_again = runs_per_mix // spec.seeds.replicates * seeds
            lines += [
                "",
                f"Run again on {seeds} fresh seeds (the search's own scores flatter the best of "
                "many noisy draws):",
                "",
            ]
            lines += _summary_lines(
                loaded.summaries, again.iloc[0], f"min..max over its {runs_again} runs"
            )
        lines.append("")
    lines += [f"## Pareto front ({len(front)} mixes; all in `pareto.csv`)", ""]
    if not front.empty:
        shown = [lever_column(p) for p in spec.levers] + [o.summary for o in spec.objectives]
        lines += [_markdown(front[["mix", *shown]].head(15)), ""]
    lines += [
        "## Files",
        "",
        "`evaluations.parquet` (one row per lever mix: means and min/max of every summary), "
        "`runs.parquet` (one row per model run), `runs/` (the run store: resume re-uses it), "
        "`pareto.csv`, `convergence.csv`, `fresh.csv` (the winners on fresh seeds, if any), "
        "`front.png`, `levers.png`, `convergence.png`, `manifest.json`.",
        "",
    ]
    return "\n".join(lines)


def _summary_lines(summaries: list[str], row: pd.Series, band: str) -> list[str]:
    """Each summary's mean over a mix's runs, with the band."""
    return [
        f"- `{text}`: {_num(row[text])} ({band}: {_num(row[f'{text} [min]'])}"
        f"..{_num(row[f'{text} [max]'])})"
        for text in summaries
    ]


def _bounds(parameter) -> str:
    if parameter.levels is not None:
        return "in {" + ", ".join(str(v) for v in parameter.levels) + "}"
    low, high = parameter.range
    return f"in [{low:g}, {high:g}]" + (" (whole numbers)" if parameter.integer else "")


def _value(value: object) -> str:
    return _num(value) if isinstance(value, float) else str(value)


def _num(value: float) -> str:
    if pd.isna(value):
        return "n/a"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _markdown(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    body = [
        "| " + " | ".join(_num(v) if isinstance(v, float) else str(v) for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([header, rule, *body])


def _text_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Mixed-type columns (levers with levels of several types) stored as text in Parquet."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object and frame[column].map(type).nunique() > 1:
            frame[column] = frame[column].astype(str)
    return frame
