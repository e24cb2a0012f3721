"""A city's story: its months beside those of its twin across the border.

One small chart per figure of the city (factory jobs, unemployment, automation, vacancies,
trainees, layoffs, public spending), the city as a solid line and its twin dashed; when the
page compares, each also gets its no-policy line (dotted, paler). Panels come
from `CITY_SERIES`; a panel whose column the model does not report is left out, so a column the
model adds later (e.g. vacancies) appears without touching this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from sim.viz.charts import nice_ceiling, year_fraction
from sim.viz.figure import PngRenderer
from sim.viz.labels import place_name, tr

if TYPE_CHECKING:
    from sim.viz.factory import VizModel

CITY_COLOUR, TWIN_COLOUR = "#6a0dad", "#e6550d"


@dataclass(frozen=True)
class CitySeries:
    """One panel: the first of `columns` the model reports, times `factor`."""

    label: str
    columns: tuple[str, ...]
    factor: float = 1.0
    share: bool = False


CITY_SERIES = (
    CitySeries("city_jobs", ("manufacturing_jobs", "employed")),
    CitySeries("city_unemployment", ("unemployment_rate",), share=True),
    CitySeries("city_adoption", ("adoption_share",), share=True),
    CitySeries("city_vacancies", ("vacancies",)),
    CitySeries("city_trainees", ("in_training",)),
    CitySeries("city_laid_off", ("laid_off_month",)),
    CitySeries("city_spending", ("public_spending_usd_cum",), 1e-6),
)


def twin_of(model: VizModel, city: int) -> int | None:
    """Index of the city's twin across the border, if it has one."""
    twin_id = model.cities[city].twin_id
    return next((k for k, c in enumerate(model.cities) if c.id == twin_id), None)


def city_panels(model: VizModel) -> list[tuple[CitySeries, str]]:
    """The panels this model can fill, each with the column it reads."""
    reported = set(model.city_reports())
    panels = []
    for series in CITY_SERIES:
        column = next((c for c in series.columns if c in reported), None)
        if column is not None:
            panels.append((series, column))
    return panels


class CityRenderer(PngRenderer):
    """One city (and its twin) of one model in one language."""

    def __init__(self, model: VizModel, city: int, language: str) -> None:
        super().__init__(language)
        self.city, self.twin = city, twin_of(model, city)
        self.panels = city_panels(model)
        columns = 4
        rows = -(-len(self.panels) // columns)
        self.figure = Figure(figsize=(12.0, 2.6 * rows + 0.9), dpi=100)
        self.figure.subplots_adjust(
            left=0.06, right=0.98, top=0.84, bottom=0.08, hspace=0.55, wspace=0.3
        )
        start, end = model.config.time.start, model.config.time.end
        x_range = year_fraction([start])[0] - 0.05, year_fraction([end])[0] + 0.05
        self.compared = model.baseline_history is not None
        self.lines, self.baseline_lines, self.axes = [], [], []
        for k, (series, _) in enumerate(self.panels):
            ax = self.figure.add_subplot(rows, columns, k + 1)
            ax.set_xlim(*x_range)
            ax.set_ylim(0.0, 1.0)
            ax.set_title(tr(series.label, language), fontsize=10)
            ax.tick_params(labelsize=8)
            if series.share:
                ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
            mine = ax.plot([], [], "-", color=CITY_COLOUR, lw=1.8)[0]
            twin = ax.plot([], [], "--", color=TWIN_COLOUR, lw=1.5)[0]
            self.lines.append((mine, twin))
            if self.compared:
                self.baseline_lines.append(
                    (
                        ax.plot([], [], ":", color=CITY_COLOUR, lw=1.5, alpha=0.7)[0],
                        ax.plot([], [], ":", color=TWIN_COLOUR, lw=1.5, alpha=0.7)[0],
                    )
                )
            self.axes.append(ax)
        name = place_name(model.cities[city].name)
        if self.twin is None:
            heading = tr("city_no_twin", language, city=name)
        else:
            twin_name = place_name(model.cities[self.twin].name)
            heading = tr("city_twin", language, city=name, twin=twin_name)
        if self.compared:
            heading += "; " + tr("city_no_policy", language)
        self.figure.suptitle(heading, fontsize=11, color=CITY_COLOUR)
        self.heading = heading
        pairs = [*self.lines, *self.baseline_lines]
        self.set_overlay([line for pair in pairs for line in pair])

    def alt_text(self) -> str:
        """The story in words: whose it is and which panels it shows."""
        panels = ", ".join(tr(series.label, self.language) for series, _ in self.panels)
        return f"{self.heading}: {panels}"

    def update(self, model: VizModel) -> None:
        shown = [self.city] if self.twin is None else [self.city, self.twin]
        histories = [(model.city_history, self.lines)]
        if model.baseline_history is not None:
            histories.append((model.baseline_history, self.baseline_lines))
        for k, (ax, (series, column)) in enumerate(zip(self.axes, self.panels, strict=True)):
            top = 0.0
            for history, lines in histories:
                dates, values = history.table(column, len(model.cities))
                x, values = year_fraction(dates), values * series.factor
                for line, city in zip(lines[k], shown, strict=False):
                    line.set_data(x, values[:, city])
                top = max(top, float(np.nanmax(values[:, shown], initial=0.0)))
            wanted, current = nice_ceiling(top * 1.15), ax.get_ylim()[1]
            if top > 0 and (wanted > current or wanted < current / 4):
                ax.set_ylim(0.0, wanted)
                self.invalidate()
