"""Scenario discovery with EMA Workbench: PRIM boxes of failing futures, CART as a second view.

PRIM (Friedman and Fisher's patient rule induction, as used by Bryant and Lempert 2010) peels
the box of sampled futures towards the failures; each step trades coverage (share of all
failures inside the box) for density (share of futures inside that fail). We report the step
with the highest coverage whose density reaches the spec's threshold (else the densest), its
limits, and the quasi-p-value of each restriction (a one-sided binomial test: could the box
have been this dense without that restriction?).
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd


def _ema():
    """EMA Workbench's analysis modules (imported on first use: the import takes seconds, and
    it warns about optional parallel back-ends that we do not use)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import cart, prim
    logging.getLogger("EMA").setLevel(logging.WARNING)
    return prim, cart


SIGNIFICANT = 0.05  # quasi-p-value below which a restriction is unlikely to be chance


@dataclass
class FailureBox:
    """The chosen PRIM box: where the failures concentrate."""

    trajectory: pd.DataFrame  # coverage, density, mass, res_dim, n, k per peeling step
    chosen: int  # step of the trajectory reported
    limits: pd.DataFrame  # restricted dimensions: min, max, qp (quasi-p-value), side
    coverage: float
    density: float
    mass: float

    def conditions(self, significant: bool = True) -> list[str]:
        """The restrictions whose quasi-p-value is below 0.05 (or, significant=False, the
        others) in words, e.g. '`automation.cost_decline_per_year` above 0.12 (qp 0.003)'."""
        words = {
            "low": "below {max:.3g}",
            "high": "above {min:.3g}",
            "both": "between {min:.3g} and {max:.3g}",
            "categories": "in {min}",
        }
        return [
            f"`{name}` " + words[row["side"]].format(**row) + f" (qp {row['qp']:.2g})"
            for name, row in self.limits.iterrows()
            if (row["qp"] < SIGNIFICANT) == significant
        ]


def find_failure_box(
    x: pd.DataFrame, failed: np.ndarray, peel_alpha: float, mass_min: float, threshold: float
) -> FailureBox:
    """Run PRIM for the first box of failing futures and pick the step to report."""
    prim, _ = _ema()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # EMA's own pandas calls
        finder = prim.Prim(x, failed.astype(bool), peel_alpha=peel_alpha, mass_min=mass_min)
        box = finder.find_box()
    trajectory = box.peeling_trajectory.copy()
    dense = trajectory[trajectory["density"] >= threshold]
    if dense.empty:
        chosen = int(trajectory["density"].idxmax())
    else:
        chosen = int(dense.sort_values(["coverage", "density"]).index[-1])
    ((stats, table),) = box.inspect(chosen, style="data")
    limits = _limits(table.droplevel(0, axis=1), x)
    return FailureBox(
        trajectory,
        chosen,
        limits,
        float(stats["coverage"]),
        float(stats["density"]),
        float(stats["mass"]),
    )


def _limits(table: pd.DataFrame, x: pd.DataFrame) -> pd.DataFrame:
    """min, max, the restriction's quasi-p-value and which side of the range it cuts."""
    rows = {}
    for name in table.index:
        low, high = table.loc[name].iloc[0], table.loc[name].iloc[1]
        qps = pd.to_numeric(table.loc[name].iloc[2:], errors="coerce").dropna()
        if not pd.api.types.is_numeric_dtype(x[name]):
            side = "categories"
        else:
            cut_low, cut_high = low > x[name].min(), high < x[name].max()
            side = "both" if cut_low and cut_high else ("high" if cut_low else "low")
        rows[name] = {
            "min": low,
            "max": high,
            "qp": float(qps.min()) if len(qps) else float("nan"),
            "side": side,
        }
    return pd.DataFrame.from_dict(rows, orient="index", columns=["min", "max", "qp", "side"])


def cart_view(x: pd.DataFrame, failed: np.ndarray, mass_min: float) -> tuple[pd.DataFrame, str]:
    """CART's leaves as boxes (limits with coverage, density, mass) and the tree as text."""
    from sklearn.tree import export_text

    _, cart = _ema()
    # CART's smallest leaf is int(mass_min * n) futures: never let it round down to none
    tree = cart.CART(x, failed.astype(bool), mass_min=max(mass_min, 1.5 / len(x)))
    tree.build_tree()
    stats = tree.stats_to_dataframe()
    boxes = tree.boxes_to_dataframe()
    rows = []
    for label in stats.index:
        limits = boxes[label]
        restricted = {
            name: f"{limits.loc[name, 'min']:.4g}..{limits.loc[name, 'max']:.4g}"
            for name in limits.index
            if _restricts(limits.loc[name], x[name])
        }
        rows.append({"box": label, **stats.loc[label].to_dict(), "limits": restricted or "all"})
    text = export_text(tree.clf, feature_names=[str(c) for c in tree.feature_names])
    return pd.DataFrame(rows).sort_values("density", ascending=False), text


def _restricts(limits: pd.Series, values: pd.Series) -> bool:
    return bool(limits["min"] > values.min() or limits["max"] < values.max())
