"""The corridor map, the page's main element: the real geography with the model on top.

Cities are circles sized by factory jobs and coloured by unemployment; plants sit around their
city coloured by automation stage; training centres and Industry 4.0 zones are marked. The
geography, the zones and the legend are the background, drawn once per model and language;
each month only the circles, plants, centres, labels and title are drawn over it (see
`figure.PngRenderer`). A click on the image is mapped back through the same transform to the
city whose circle it lands in (`MapRenderer.city_at`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

import numpy as np
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from sim.viz.basemap import BORDER, RIVER, STATE_LINE, draw_basemap
from sim.viz.figure import PngRenderer
from sim.viz.labels import month_name, place_name, tr

if TYPE_CHECKING:
    from sim.model import BorderModel

VIEW = (-117.6, -96.6, 24.3, 33.7)  # lon_min, lon_max, lat_min, lat_max
ASPECT = 1.0 / np.cos(np.radians(29.0))  # degrees of longitude shrink at the corridor's latitude
STAGE_COLOURS = np.array(
    [[0.55, 0.55, 0.55, 1.0], [0.96, 0.55, 0.10, 1.0], [0.12, 0.40, 0.75, 1.0]]
)  # none, pilot, adopted
STAGE_KEYS = ("map_stage_none", "map_stage_pilot", "map_stage_adopted")
SEZ_COLOUR = "#08306b"
CENTER_COLOUR = "#2ca02c"
UNEMPLOYMENT_START_MAX = 0.06  # colour scale top; it grows in COLOUR_STEPs with the data
COLOUR_STEP = 0.02
NAME_NUDGES = {"san_diego_us": (-14.0, 12.0)}  # a name that would cross its neighbour's
TWIN_DEGREES = 1.0  # degrees: cities closer than this to their twin get their names pushed apart
CITY_CMAP = colormaps["YlOrRd"].with_extremes(bad="#cccccc")  # grey: no month yet
ZONE_RING_AREA = 1100.0  # points^2: a ring a middling city's circle sits inside
MAX_CITY_AREA = 1600.0  # points^2 for the city with the most factory jobs at the start
MAX_PLANT_AREA = 40.0
MIN_HIT_PX = 8.0  # a click this close to a small city's centre (figure pixels) still picks it
GOLDEN_ANGLE = np.pi * (3.0 - np.sqrt(5.0))
SPIRAL_STEP_DEG = 0.035


def plant_positions(model: BorderModel) -> np.ndarray:
    """Plants on a sunflower spiral around their city: stable, no overlap, no RNG."""
    city = model.plants.city
    lon = np.array([c.lon for c in model.cities])[city]
    lat = np.array([c.lat for c in model.cities])[city]
    rank = np.zeros(len(city))
    for k in np.unique(city):
        mine = np.flatnonzero(city == k)
        rank[mine] = np.arange(len(mine))
    radius = SPIRAL_STEP_DEG * np.sqrt(rank + 4.0)
    angle = rank * GOLDEN_ANGLE
    return np.column_stack([lon + radius * np.cos(angle) * ASPECT, lat + radius * np.sin(angle)])


def colour_top(rates: np.ndarray, current: float) -> float:
    """The colour scale's top: fitted to the highest city rate (the next 2 % above it), so
    cities at 1-5 % are not all pale; it only grows, so colours compare month to month."""
    highest = float(np.nanmax(rates, initial=0.0))
    return max(current, float(np.ceil(highest * 1.1 / COLOUR_STEP)) * COLOUR_STEP)


def label_offset(city, cities) -> tuple[float, float]:
    """Where a city's name sits from its centre (points): up for the US, down for Mexico, and
    sideways when its twin across the border is close."""
    if city.id in NAME_NUDGES:
        return NAME_NUDGES[city.id]
    up = 12.0 if city.country == "US" else -12.0
    twin = next((c for c in cities if c.id == city.twin_id), None)
    if twin is None or np.hypot(twin.lon - city.lon, twin.lat - city.lat) > TWIN_DEGREES:
        return 0.0, up
    return (22.0 if city.country == "US" else -22.0), up


def city_under(point: np.ndarray, centres: np.ndarray, radii: np.ndarray) -> int | None:
    """The city whose circle holds the point; where circles overlap, the nearest centre."""
    distance = np.hypot(*(np.asarray(centres) - point).T)
    inside = distance <= radii
    return int(np.argmin(np.where(inside, distance, np.inf))) if inside.any() else None


def factory_jobs(model: BorderModel) -> np.ndarray:
    """Real factory jobs by city now (plant headcounts, scaled back to real people)."""
    plants = model.plants
    jobs = np.bincount(
        plants.city, weights=plants.headcount.sum(axis=1), minlength=len(model.cities)
    )
    return jobs / model.config.population.population_scale


def city_unemployment(model: BorderModel) -> np.ndarray:
    """Each city's unemployment rate this month (NaN before the first month)."""
    return np.asarray(model.city_report["unemployment_rate"], dtype=float)


def map_alt(model: BorderModel, language: str) -> str:
    """The map in words: its title and every city on it."""
    date = model.date if model.steps else model.config.time.start
    title = tr("map_title", language, date=month_name(date, language))
    return f"{title}: {', '.join(place_name(city.name) for city in model.cities)}"


class MapRenderer(PngRenderer):
    """One model's map in one language; each month redraws only what the model changes."""

    def __init__(self, model: BorderModel, language: str) -> None:
        super().__init__(language)
        self.figure = Figure(figsize=(11.0, 5.6), dpi=100)
        ax = self.figure.add_axes((0.04, 0.06, 0.86, 0.88))
        self.axes = ax
        ax.set_xlim(VIEW[0], VIEW[1])
        ax.set_ylim(VIEW[2], VIEW[3])
        ax.set_aspect(ASPECT)
        ax.tick_params(labelsize=7)
        draw_basemap(ax)
        self._draw_zones(model)

        cities = model.cities
        lon = np.array([c.lon for c in cities])
        lat = np.array([c.lat for c in cities])
        self.city_area = MAX_CITY_AREA / max(float(factory_jobs(model).max()), 1.0)
        self.circles = ax.scatter(
            lon,
            lat,
            s=1.0,
            c=np.zeros(len(cities)),
            cmap=CITY_CMAP,
            vmin=0.0,
            vmax=UNEMPLOYMENT_START_MAX,
            edgecolors="#333333",
            linewidths=0.8,
            alpha=0.75,
            zorder=4,
        )
        self.circles.set_array(np.ma.masked_invalid(np.full(len(cities), np.nan)))
        bar = self.figure.colorbar(
            self.circles, cax=self.figure.add_axes((0.915, 0.12, 0.015, 0.76))
        )
        bar.set_label(tr("map_unemployment", language), fontsize=10)
        bar.formatter = PercentFormatter(1.0, decimals=0)  # kept when the scale grows
        bar.ax.tick_params(labelsize=7)

        self.positions = plant_positions(model)
        self.plant_area = MAX_PLANT_AREA / max(int(model.plants.headcount.sum(axis=1).max()), 1)
        self.plants = ax.scatter(
            self.positions[:, 0],
            self.positions[:, 1],
            s=1.0,
            edgecolors="white",
            linewidths=0.2,
            zorder=5,
        )
        centre_xy = np.array(
            [(cities[t.city].lon + 0.18, cities[t.city].lat + 0.18) for t in model.training.centers]
        )
        centres = ax.scatter(
            centre_xy[:, 0],
            centre_xy[:, 1],
            marker="^",
            s=40,
            c=CENTER_COLOUR,
            edgecolors="black",
            linewidths=0.5,
            zorder=6,
        )
        # names are drawn over the circles (an overlay: Monterrey's circle hid its name), each
        # pushed away from its twin across the border so the pairs (Juárez and El Paso, the two
        # Nogales) read apart: US names up and right, Mexican names down and left
        self.names = [
            ax.annotate(
                place_name(c.name),
                (c.lon, c.lat),
                xytext=label_offset(c, cities),
                textcoords="offset points",
                ha="center",
                va="bottom" if c.country == "US" else "top",
                fontsize=9,
                color="#111111",
                zorder=7,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
            )
            for c in cities
        ]
        self.zone_cities = self._ring_zone_cities(model)
        self.selected_city: int | None = None
        self.selected = ax.scatter(
            [], [], s=900, facecolors="none", edgecolors="#6a0dad", linewidths=2.5, zorder=8
        )
        self._legend(ax, language)
        self.title = ax.set_title("", fontsize=11)
        self.set_overlay(
            [self.circles, self.plants, centres, self.selected, *self.names, self.title]
        )

    def _draw_zones(self, model: BorderModel) -> None:
        corridor = model.corridor
        sez = corridor.layer("sez").T.astype(float)
        if sez.any():
            self.axes.contourf(
                corridor.lon.T,
                corridor.lat.T,
                sez,
                levels=[0.5, 1.5],
                colors="none",
                hatches=["////"],
                zorder=2,
            )
            self.axes.contour(
                corridor.lon.T,
                corridor.lat.T,
                sez,
                levels=[0.5],
                colors=SEZ_COLOUR,
                linewidths=1.6,
                zorder=3,
            )

    def _ring_zone_cities(self, model: BorderModel) -> list[int]:
        """A dashed ring round every city with an Industry 4.0 zone (`policy.sez_cities`): the
        hatched zone itself lies mostly under the city's circle. Returns their indices."""
        zoned = set(model.config.policy.sez_cities)
        chosen = [k for k, c in enumerate(model.cities) if c.id in zoned]
        if chosen:
            self.axes.scatter(
                [model.cities[k].lon for k in chosen],
                [model.cities[k].lat for k in chosen],
                s=ZONE_RING_AREA,
                facecolors="none",
                edgecolors=SEZ_COLOUR,
                linewidths=2.0,
                linestyles="--",
                zorder=6,
            )
        return chosen

    def _legend(self, ax, language: str) -> None:
        handles = [
            Line2D([], [], color=BORDER, lw=1.6, label=tr("map_border", language)),
            Line2D([], [], color=STATE_LINE, lw=0.8, ls="--", label=tr("map_states", language)),
            Line2D([], [], color=RIVER, lw=0.8, label=tr("map_rivers", language)),
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                ms=11,
                mfc="#fd8d3c",
                mec="#333333",
                alpha=0.75,
                label=tr("map_city", language),
            ),
            *(
                Line2D([], [], ls="", marker="o", color=STAGE_COLOURS[s], label=tr(key, language))
                for s, key in enumerate(STAGE_KEYS)
            ),
            Line2D(
                [],
                [],
                ls="",
                marker="^",
                color=CENTER_COLOUR,
                mec="black",
                label=tr("map_center", language),
            ),
            Patch(
                facecolor="none", edgecolor=SEZ_COLOUR, hatch="////", label=tr("map_sez", language)
            ),
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                ms=12,
                mfc="none",
                mec=SEZ_COLOUR,
                mew=2.0,
                label=tr("map_sez_city", language),
            ),
        ]
        ax.legend(
            handles=handles,
            loc="upper right",  # over empty Texas and New Mexico, not over Baja California
            ncols=2,  # wide and short: it stays north of the border
            fontsize=7,
            framealpha=0.9,
            title=tr("map_city_note", language),
            title_fontsize=7,
        )

    def select(self, model: BorderModel, city: int | None) -> None:
        """Ring the chosen city (None: no ring)."""
        if city == self.selected_city:
            return
        self.selected_city = city
        offsets = (
            np.empty((0, 2)) if city is None else [[model.cities[city].lon, model.cities[city].lat]]
        )
        self.selected.set_offsets(offsets)
        self._drawn_step = None

    def city_pixels(self) -> np.ndarray:
        """Each city's centre in image pixels, x from the left and y from the top."""
        self.axes.apply_aspect()  # where the drawn axes sit (set_aspect shrinks the box)
        x, y = self.axes.transData.transform(self.circles.get_offsets()).T
        return np.column_stack([x, self.figure.bbox.height - y])

    def city_at(self, x: float, y: float) -> int | None:
        """The city under a click at (x, y), fractions of the image's width and height."""
        point = np.array([x * self.figure.bbox.width, y * self.figure.bbox.height])
        points_to_px = self.figure.dpi / 72.0
        radii = np.sqrt(self.circles.get_sizes()) / 2.0 * points_to_px
        return city_under(point, self.city_pixels(), np.maximum(radii, MIN_HIT_PX))

    def update(self, model: BorderModel) -> None:
        self.circles.set_sizes(40.0 + self.city_area * factory_jobs(model))
        rates = city_unemployment(model)
        self.circles.set_array(np.ma.masked_invalid(rates))
        shown = self.circles.norm.vmax
        assert isinstance(shown, float)  # set from a float at construction and by set_clim
        top = colour_top(rates, shown)
        if top != shown:  # the colour bar is background: redraw it
            self.circles.set_clim(0.0, top)
            self.invalidate()
        plants = model.plants
        sizes = 3.0 + self.plant_area * plants.headcount.sum(axis=1)
        self.plants.set_sizes(np.where(plants.active, sizes, 0.0))  # dormant slots unseen
        # matplotlib takes an (n, 4) RGBA array here, but its stubs list only sequences of colours
        rgba = cast("Sequence[tuple[float, float, float, float]]", STAGE_COLOURS[plants.stage])
        self.plants.set_facecolor(rgba)
        date = model.date if model.steps else model.config.time.start
        self.title.set_text(tr("map_title", self.language, date=month_name(date, self.language)))
