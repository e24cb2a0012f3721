"""Draw docs/schedule.png: the order of one simulated month, as `BorderModel.step` runs it.

`SCHEDULE` lists each phase with the call in `sim/model.py` that performs it;
`tests/test_model_doc.py` checks that these calls appear in this order in the phase methods
`BorderModel.step` calls, and that docs/model.md lists them in the same order, so the figure
cannot drift from the code.

    uv run python docs/scripts/schedule_figure.py    # writes docs/schedule.png
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyBboxPatch, Patch  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "schedule.png"


class Phase(NamedTuple):
    call: str  # the text of the call in a phase method of BorderModel.step
    what: str  # one line for the figure
    actor: str  # a key of ACTORS

    @property
    def code(self) -> str:
        """The call as the figure and docs/model.md show it, e.g. `labour_market.quits()`."""
        return self.call.split(" = ")[-1].removeprefix("self.").split("(")[0] + "()"


ACTORS = {
    "calendar": ("calendar, wages, demand", "#d9d9d9"),
    "government": ("municipal governments", "#fdd49e"),
    "plants": ("plants", "#9ecae1"),
    "workers": ("workers: manufacturing labour market", "#a1d99b"),
    "training": ("training centers", "#c7e9c0"),
    "city": ("rest of the city (stocks)", "#dadaeb"),
    "observe": ("observation", "#f0f0f0"),
}

SCHEDULE = (
    Phase("self.federal.new_year()", "January: federal matching cap renewed", "calendar"),
    Phase("self.wages.follow(", "city wage levels move toward the wage curve", "calendar"),
    Phase("self.wages.set(", "plant wages set (MX minimum-wage floor)", "calendar"),
    Phase("self.demand.advance(", "demand index grows (nearshoring series)", "calendar"),
    Phase(
        "self.plant_turnover.exit(", "plants exit: real plants close, workers laid off", "plants"
    ),
    Phase("self.plant_turnover.enter(", "plants enter where the logit sends them", "plants"),
    Phase("collect_revenue(", "levy on plant payroll", "government"),
    Phase("self.automation.update_output_shares(", "output shares follow unit costs", "plants"),
    Phase("self.automation.decide(", "pilots, adoption, deepening; vacancies cancelled", "plants"),
    Phase("self.displacement.switch_tasks(", "incumbents take new tasks (reinstatement)", "plants"),
    Phase("self.labour_market.quits(", "quits, job-to-job moves, attrition absorbs", "workers"),
    Phase("self.labour_market.retirements()", "retirements of employed agents", "workers"),
    Phase("self.displacement.beyond_attrition(", "displace the rest: lay off or retrain", "plants"),
    Phase("self.training.graduate(", "cohorts finish: graduates become technicians", "training"),
    Phase("self.training.apply(", "unemployed operatives apply for seats", "training"),
    Phase("self.training.admit(", "centers admit while seats and money last", "training"),
    Phase("self.city_labour.begin_month(", "separations, entry, participation, migration", "city"),
    Phase("self.city_labour.other_vacancies(", "non-manufacturing vacancies", "city"),
    Phase("self.labour_market.search_and_match(", "applications and matching", "workers"),
    Phase(
        "self.labour_market.informal_work_and_migration(",
        "unemployed agents: informal work, emigration",
        "workers",
    ),
    Phase("self.city_rate = self.city_labour.rate(", "whole-city unemployment rates", "city"),
    Phase("adapt_training_capacity(rule", "optional adaptive seats rule", "government"),
    Phase("government.close_month()", "budgets close; availability updated", "government"),
    Phase("self.record = self.recorder.month(", "the monthly record", "observe"),
    Phase("self.city_report = self.recorder.cities(", "per-city figures and map layer", "observe"),
    Phase("self.datacollector.collect(self)", "DataCollector collects", "observe"),
)


def draw(path: Path = OUT) -> Path:
    """One box per phase, top to bottom in running order, coloured by who acts."""
    n = len(SCHEDULE)
    fig, ax = plt.subplots(figsize=(9.0, 0.42 * n + 1.4))
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.8, n + 0.2)
    ax.axis("off")
    for i, phase in enumerate(SCHEDULE):
        y = n - 1 - i
        label, colour = ACTORS[phase.actor]
        box = FancyBboxPatch(
            (0.2, y + 0.08),
            9.6,
            0.74,
            boxstyle="round,pad=0.02,rounding_size=0.12",
            facecolor=colour,
            edgecolor="#636363",
            linewidth=0.8,
        )
        ax.add_patch(box)
        ax.text(0.4, y + 0.45, f"{i + 1:2d}", va="center", ha="left", fontsize=9, weight="bold")
        ax.text(0.9, y + 0.45, phase.what, va="center", ha="left", fontsize=9)
        ax.text(
            9.7, y + 0.45, phase.code, va="center", ha="right", fontsize=7.5, family="monospace"
        )
    ax.set_title("One month of bordersim (BorderModel.step)", fontsize=11, loc="left")
    handles = [Patch(facecolor=c, edgecolor="#636363", label=t) for t, c in ACTORS.values()]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=4,
        fontsize=7.5,
        frameon=False,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return path


if __name__ == "__main__":
    print(draw())
