"""The real corridor under the model: land, coast, the international border, state lines, rivers.

The geometry is `configs/data/corridor_map.json`, made once by
`docs/scripts/make_corridor_map.py` from public-domain Natural Earth 1:10m layers and WDBII
rivers (see configs/data/README.md), so the page needs no network. The model's grid keeps its
own border approximation; this file only draws the real one.
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection

from sim.config import CONFIGS_DIR

MAP_FILE = CONFIGS_DIR / "data" / "corridor_map.json"
SEA, LAND, COAST = "#d4e6f4", "#f7f4ec", "#7fa3c2"
RIVER, STATE_LINE, BORDER = "#5b9bd5", "#a8a8a8", "#222222"


@cache
def corridor_geometry() -> dict[str, list[np.ndarray]]:
    """Each layer of the map file as a list of (n, 2) lon/lat arrays."""
    data = json.loads(MAP_FILE.read_text())
    layers = ("land", "countries", "states", "rivers")
    return {key: [np.asarray(line, dtype=float) for line in data[key]] for key in layers}


def draw_basemap(ax: Axes) -> None:
    """Sea, land, rivers, state lines and the international border, under everything else."""
    geometry = corridor_geometry()
    ax.set_facecolor(SEA)
    ax.add_collection(
        PolyCollection(geometry["land"], facecolors=LAND, edgecolors=COAST, linewidths=0.6)
    )
    ax.add_collection(LineCollection(geometry["rivers"], colors=RIVER, linewidths=0.6, alpha=0.8))
    ax.add_collection(
        LineCollection(geometry["states"], colors=STATE_LINE, linewidths=0.6, linestyles="--")
    )
    ax.add_collection(LineCollection(geometry["countries"], colors=BORDER, linewidths=1.6))
