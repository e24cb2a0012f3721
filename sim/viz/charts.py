"""Time-series charts read from the model's DataCollector, with the article's targets.

Each chart is a `ChartSpec` (which columns, summed and scaled, on which axis) drawn by one
renderer, so the charts share their layout, axes and translation: a new series is one
`Series(...)` line in `CHARTS`, a new chart one entry. When the model runs a no-policy twin
(`VizModel.baseline`), every series also gets the twin's line (dotted) and the gap between the
two shaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from sim.targets import ADOPTION_TARGETS
from sim.viz.figure import PngRenderer
from sim.viz.labels import tr

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import PolyCollection
    from matplotlib.lines import Line2D

    from sim.model import BorderModel

MX_COLOUR, US_COLOUR = "#2ca02c", "#1f77b4"


@dataclass(frozen=True)
class Series:
    """One line: the sum of `columns` times `factor`, on the left or right axis."""

    label: str
    columns: tuple[str, ...]
    colour: str
    factor: float = 1.0
    right: bool = False
    style: str = "-"


@dataclass(frozen=True)
class ChartSpec:
    title: str
    axis: str
    series: tuple[Series, ...]
    right_axis: str = ""
    share_axis: bool = False  # left axis is a share in [0, 1]
    adoption_targets: bool = False
    right_percent: bool = True  # the right axis is a share (else a count)
    observed_unemployment: bool = False  # observed city rates as points on the right axis


CHARTS = {
    "adoption": ChartSpec(
        "adoption_title",
        "share",
        (
            Series("adoption_mx", ("adoption_share_mx",), MX_COLOUR),
            Series("adoption_us", ("adoption_share_us",), US_COLOUR),
        ),
        share_axis=True,
        adoption_targets=True,
    ),
    "jobs": ChartSpec(
        "jobs_title_city",
        "jobs_axis",
        (
            Series("jobs_mx", ("manufacturing_jobs_mx",), MX_COLOUR, 1e-3),
            Series("jobs_us", ("manufacturing_jobs_us",), US_COLOUR, 1e-3),
            Series("unemp_mx", ("unemployment_rate_mx",), MX_COLOUR, right=True, style="--"),
            Series("unemp_us", ("unemployment_rate_us",), US_COLOUR, right=True, style="--"),
        ),
        right_axis="unemp_axis",
        observed_unemployment=True,
    ),
    "market": ChartSpec(
        "market_title",
        "vacancies_axis",
        (
            Series("vacancies_mx", ("vacancies_mx",), MX_COLOUR, 1e-3),
            Series("vacancies_us", ("vacancies_us",), US_COLOUR, 1e-3),
            Series(
                "participation_mx", ("participation_rate_mx",), MX_COLOUR, right=True, style="--"
            ),
            Series(
                "participation_us", ("participation_rate_us",), US_COLOUR, right=True, style="--"
            ),
        ),
        right_axis="participation_axis",
    ),
    "city": ChartSpec(
        "rest_title",
        "other_jobs_axis",
        (
            Series("other_jobs_mx", ("other_sector_jobs_mx",), MX_COLOUR, 1e-6),
            Series("other_jobs_us", ("other_sector_jobs_us",), US_COLOUR, 1e-6),
            Series("migration_mx", ("net_migration_month_mx",), MX_COLOUR, 1e-3, True, "--"),
            Series("migration_us", ("net_migration_month_us",), US_COLOUR, 1e-3, True, "--"),
        ),
        right_axis="migration_axis",
        right_percent=False,
    ),
    "people": ChartSpec(
        "people_title",
        "people_axis",
        (
            Series("displaced", ("displaced_month_mx", "displaced_month_us"), "#d62728"),
            Series("in_training", ("in_training",), "#9467bd"),
            Series("retrained", ("retrained_month_mx", "retrained_month_us"), "#17becf"),
        ),
    ),
    "spending": ChartSpec(
        "spending_title",
        "spending_axis",
        (
            Series("spending_public", ("public_spending_usd_cum",), "#8c564b", 1e-6),
            Series("spending_federal", ("federal_matching_usd_cum",), "#e377c2", 1e-6, style=":"),
        ),
    ),
}


def observed_unemployment() -> list[tuple[str, float, str]]:
    """Observed city unemployment rates (ENOE quarters, LAUS months) as (month, rate, colour):
    the 2022 figures the model starts from and the 2023 figures it was checked against."""
    from sim.validation import CITY_RATES_2023, QUARTERS

    points = []
    for city_id, period, rate, _ in CITY_RATES_2023:
        year, part = period.split("-")
        month = QUARTERS[part][0] if part in QUARTERS else part
        colour = MX_COLOUR if city_id.endswith("_mx") else US_COLOUR
        points.append((f"{year}-{month}", rate, colour))
    return points


def year_fraction(dates: list[str]) -> np.ndarray:
    """'YYYY-MM' as a decimal year (month mid-points), the charts' x axis."""
    return np.array([int(d[:4]) + (int(d[5:7]) - 0.5) / 12.0 for d in dates], dtype=float)


class ChartRenderer(PngRenderer):
    """One chart of one model in one language; each month only the lines' data change."""

    def __init__(self, model: BorderModel, spec: ChartSpec, language: str) -> None:
        super().__init__(language)
        self.spec = spec
        # drawn at about the size a half-width column shows it, legend under the axes
        self.figure = Figure(figsize=(6.4, 4.4), dpi=100)
        self.figure.subplots_adjust(left=0.12, right=0.88, bottom=0.36, top=0.92)
        left = self.figure.add_subplot()
        right = left.twinx() if spec.right_axis else None
        self.axes = [ax for ax in (left, right) if ax is not None]
        self.lines = [
            _axis(left, right, series.right).plot(
                [], [], series.style, color=series.colour, lw=1.5,
                label=tr(series.label, language),
            )[0]
            for series in spec.series
        ]  # fmt: skip
        self.compared = getattr(model, "baseline", None) is not None
        self.baseline_lines: list[Line2D] = []
        self.gaps: list[PolyCollection] = []
        if self.compared:
            for series in spec.series:
                ax = _axis(left, right, series.right)
                self.baseline_lines += ax.plot([], [], ":", color=series.colour, lw=1.2, alpha=0.8)
                self.gaps.append(ax.fill_between([], [], [], color=series.colour, alpha=0.18, lw=0))
            left.plot(
                [], [], ":", color="#555555",
                label=f"{tr('baseline_suffix', language)} (···), {tr('gap', language)} (▒)",
            )  # fmt: skip
        if spec.adoption_targets:
            for target in ADOPTION_TARGETS:
                colour = MX_COLOUR if target.column.endswith("_mx") else US_COLOUR
                left.errorbar(
                    year_fraction([target.date]), [target.value], yerr=[target.tolerance],
                    fmt="D", color=colour, mec="black", ms=5, capsize=2, zorder=5,
                )  # fmt: skip
            left.plot(
                [], [], "D", color="white", mec="black", label=tr("adoption_target", language)
            )
        start, end = model.config.time.start, model.config.time.end
        left.set_xlim(
            int(start[:4]) + (int(start[5:7]) - 1) / 12.0, int(end[:4]) + int(end[5:7]) / 12.0
        )
        for ax in self.axes:
            ax.set_ylim(0.0, 1.0)  # non-share axes fit the data as it comes, see update()
        if spec.share_axis:
            left.yaxis.set_major_formatter(PercentFormatter(1.0))
        left.set_title(tr(spec.title, language), fontsize=12)
        left.set_ylabel(tr(spec.axis, language), fontsize=10)
        left.set_xlabel(tr("year", language), fontsize=10)
        handles, labels = left.get_legend_handles_labels()
        if spec.observed_unemployment and right is not None:
            for date, rate, colour in observed_unemployment():
                right.plot(
                    year_fraction([date]), [rate], "o", ms=3, color=colour, mec="black", mew=0.4
                )
            right.plot([], [], "o", color="white", mec="black", label=tr("observed", language))
        if right is not None and spec.right_percent:
            right.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        if right is not None:
            right.set_ylabel(tr(spec.right_axis, language), fontsize=10)
            more_handles, more_labels = right.get_legend_handles_labels()
            handles, labels = handles + more_handles, labels + more_labels
        for ax in self.axes:
            ax.tick_params(labelsize=9)
        legend = self.figure.legend(
            handles, labels, fontsize=9, loc="lower center", ncol=2, frameon=False
        )
        self.set_overlay([*self.gaps, *self.baseline_lines, *self.lines, legend])

    def update(self, model: BorderModel) -> None:
        x, ys = self._series(model)
        for line, y in zip(self.lines, ys, strict=True):
            line.set_data(x, y)
        if self.compared:
            bx, bys = self._series(model.baseline)
            n = min(len(x), len(bx))
            for line, gap, y, by in zip(self.baseline_lines, self.gaps, ys, bys, strict=True):
                line.set_data(bx, by)
                outline = np.column_stack([np.r_[x[:n], x[:n][::-1]], np.r_[y[:n], by[:n][::-1]]])
                gap.set_verts([outline])
        for ax in self.axes:
            if self.spec.share_axis and ax is self.axes[0]:
                continue
            ys = [np.asarray(line.get_ydata(), dtype=float) for line in ax.get_lines()]
            top = max(float(np.nanmax(y, initial=0.0)) for y in ys)
            low = min(float(np.nanmin(y, initial=0.0)) for y in ys)
            wanted = nice_ceiling(top * 1.15)
            floor = -nice_ceiling(-low * 1.15) if low < 0 else 0.0
            bottom, current = ax.get_ylim()
            if top > 0 and (wanted > current or wanted < current / 4 or floor < bottom):
                ax.set_ylim(min(floor, bottom), wanted)  # the frame changes: redraw
                self.invalidate()

    def alt_text(self) -> str:
        """The chart in words: its title and the lines it draws."""
        names = [tr(series.label, self.language) for series in self.spec.series]
        if self.compared:
            suffix = tr("baseline_suffix", self.language)
            names += [f"{name} ({suffix})" for name in names]
        return f"{tr(self.spec.title, self.language)}: {'; '.join(names)}"

    def _series(self, model: BorderModel) -> tuple[np.ndarray, list[np.ndarray]]:
        """x (decimal years) and each series' y from the model's DataCollector."""
        data = model.datacollector.model_vars
        x = year_fraction(data.get("date", []))
        missing = [np.nan] * len(x)  # a column the model does not report (yet): no line
        ys = [
            np.asarray(
                sum(np.asarray(data.get(c, missing), dtype=float) for c in series.columns),
                dtype=float,
            )
            * series.factor
            for series in self.spec.series
        ]
        return x, ys


def _axis(left: Axes, right: Axes | None, on_right: bool) -> Axes:
    """The axis a series is drawn on."""
    if not on_right:
        return left
    assert right is not None  # a series on the right axis means the chart has one
    return right


def nice_ceiling(value: float) -> float:
    """The next 1, 2 or 5 x 10^k at or above value: axis tops that change seldom."""
    if value <= 0:
        return 1.0
    power = 10.0 ** np.floor(np.log10(value))
    return float(next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= value))
