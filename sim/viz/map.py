"""The corridor map: unemployment heat map, SEZ cells, border, cities, plants, training centers.

Drawing the whole map each month is the slow part of a redraw, so `MapRenderer` draws the
frame (axes, ticks, legend, colour bar) once per model and language and each month draws
only the heat map and what lies on top of it (SEZ outline, border, plants, training centers,
city names, title) over it (see `figure.PngRenderer`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from sim.viz.figure import PngRenderer
from sim.viz.labels import tr
from sim.world.border import BORDER_LON_LAT
from sim.world.corridor import LAT_MAX, LAT_MIN, LON_MAX, LON_MIN

if TYPE_CHECKING:
    from sim.model import BorderModel

STAGE_COLOURS = np.array(
    [[0.62, 0.62, 0.62, 1.0], [0.96, 0.65, 0.14, 1.0], [0.12, 0.47, 0.71, 1.0]]
)  # none, pilot, adopted
STAGE_KEYS = ("map_stage_none", "map_stage_pilot", "map_stage_adopted")
SEZ_COLOUR = "#08306b"
UNEMPLOYMENT_MAX = 0.30  # colour scale top: fixed so months and scenarios compare
MAX_MARKER_AREA = 160.0  # points^2 for the largest plant at the start
GOLDEN_ANGLE = np.pi * (3.0 - np.sqrt(5.0))
SPIRAL_STEP_DEG = 0.045


def plant_positions(model: BorderModel) -> np.ndarray:
    """Plants on a sunflower spiral around their city's cell: stable, no overlap, no RNG."""
    corridor = model.corridor
    city = model.plants.city
    cells = corridor.city_cell[city]
    lon = corridor.lon[cells[:, 0], cells[:, 1]].astype(float)
    lat = corridor.lat[cells[:, 0], cells[:, 1]].astype(float)
    rank = np.zeros(len(city))
    for k in np.unique(city):
        mine = np.flatnonzero(city == k)
        rank[mine] = np.arange(len(mine))
    radius = SPIRAL_STEP_DEG * np.sqrt(rank)
    angle = rank * GOLDEN_ANGLE
    return np.column_stack([lon + radius * np.cos(angle), lat + radius * np.sin(angle)])


class MapRenderer(PngRenderer):
    """One model's map in one language; each month moves only the heat map and plants."""

    def __init__(self, model: BorderModel, language: str) -> None:
        super().__init__(language)
        corridor = model.corridor
        self.figure = Figure(figsize=(6.4, 3.5), dpi=100)
        ax = self.figure.add_axes((0.07, 0.08, 0.80, 0.84))
        self.axes = ax
        ax.set_xlim(LON_MIN, LON_MAX)
        ax.set_ylim(LAT_MIN, LAT_MAX)
        ax.tick_params(labelsize=7)
        ax.set_facecolor("#eef3f7")

        overlay = []  # drawn each month, over the saved background
        self.heat = ax.imshow(
            self._unemployment(model),
            origin="lower",
            extent=(LON_MIN, LON_MAX, LAT_MIN, LAT_MAX),
            cmap="YlOrRd",
            vmin=0.0,
            vmax=UNEMPLOYMENT_MAX,
            interpolation="nearest",
            aspect="auto",
            zorder=1,
        )
        bar = self.figure.colorbar(self.heat, cax=self.figure.add_axes((0.885, 0.08, 0.02, 0.84)))
        bar.set_label(tr("map_unemployment", language), fontsize=7)
        bar.ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        bar.ax.tick_params(labelsize=6)

        sez = corridor.layer("sez").T.astype(float)
        if sez.any():
            hatched = ax.contourf(
                corridor.lon.T,
                corridor.lat.T,
                sez,
                levels=[0.5, 1.5],
                colors="none",
                hatches=["////"],
                zorder=2,
            )
            outline = ax.contour(
                corridor.lon.T,
                corridor.lat.T,
                sez,
                levels=[0.5],
                colors=SEZ_COLOUR,
                linewidths=1.6,
                zorder=3,
            )
            overlay += [hatched, outline]
        overlay += ax.plot(
            BORDER_LON_LAT[:, 0], BORDER_LON_LAT[:, 1], color="black", lw=1.3, zorder=3
        )
        for city in model.cities:
            above = city.country == "US"
            overlay.append(
                ax.text(
                    city.lon,
                    city.lat + (0.15 if above else -0.15),
                    city.name,
                    ha="center",
                    va="bottom" if above else "top",
                    fontsize=6,
                    color="#222222",
                    zorder=6,
                )
            )
        centre_xy = np.array(
            [
                (c.lon + 0.12, c.lat + 0.12)
                for c in (model.cities[t.city] for t in model.training.centers)
            ]
        )
        centres = ax.scatter(
            centre_xy[:, 0],
            centre_xy[:, 1],
            marker="^",
            s=28,
            c="#2ca02c",
            edgecolors="black",
            linewidths=0.4,
            zorder=5,
        )
        self.positions = plant_positions(model)
        self.size_unit = MAX_MARKER_AREA / max(int(model.plants.headcount.sum(axis=1).max()), 1)
        self.plants = ax.scatter(
            self.positions[:, 0],
            self.positions[:, 1],
            s=1.0,
            edgecolors="white",
            linewidths=0.3,
            zorder=4,
        )
        handles = [
            Line2D([], [], color="black", lw=1.3, label=tr("map_border", language)),
            *(
                Line2D([], [], ls="", marker="o", color=STAGE_COLOURS[s], label=tr(key, language))
                for s, key in enumerate(STAGE_KEYS)
            ),
            Line2D(
                [],
                [],
                ls="",
                marker="^",
                color="#2ca02c",
                mec="black",
                label=tr("map_center", language),
            ),
            Patch(
                facecolor="none", edgecolor=SEZ_COLOUR, hatch="////", label=tr("map_sez", language)
            ),
        ]
        ax.legend(
            handles=handles,
            loc="lower left",
            fontsize=6,
            framealpha=0.85,
            title=tr("map_size_note", language),
            title_fontsize=6,
        )
        self.title = ax.set_title("", fontsize=9)
        overlay += [self.heat, centres, self.plants, self.title]
        self.set_overlay(overlay)

    @staticmethod
    def _unemployment(model: BorderModel) -> np.ndarray:
        """The unemployment layer as an image: rows south to north, NaN outside municipalities."""
        return np.asarray(model.corridor.layer("unemployment_rate"), dtype=float).T

    def update(self, model: BorderModel) -> None:
        self.heat.set_data(self._unemployment(model))
        plants = model.plants
        self.plants.set_sizes(4.0 + self.size_unit * plants.headcount.sum(axis=1))
        self.plants.set_facecolors(STAGE_COLOURS[plants.stage])
        date = model.date if model.steps else model.config.time.start
        self.title.set_text(tr("map_title", self.language, date=date))
