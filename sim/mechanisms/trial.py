"""A randomised trial inside the model: training offers among displaced workers.

Among the workers automation lays off in the trial window, a random `offer_share` get a
training seat offer (the front of their home center's queue); the rest are controls, who may
not enter public training for `control_exclusion_months`. The assignment draws from its own
random stream, keyed by the worker (`sim.mechanisms.draws`), so that it shifts no other draw.
Where each member works (a formal job, informal work, neither) is recorded 6, 12, 24 and 36
months after assignment, on the worker table, where `sim.outcomes.trial_effects` reads the
intention-to-treat effects at the end of the run.
"""

from __future__ import annotations

import numpy as np

from sim.config.schema import TrialConfig
from sim.mechanisms.draws import Draws
from sim.mechanisms.training import TrainingSystem
from sim.outcomes import work_code
from sim.state.codes import UNEMPLOYED
from sim.state.workers import TRIAL_CONTROL, TRIAL_HORIZONS, TRIAL_OFFER, WorkerTable


def month_number(first_month: str, month: str) -> int:
    """The model step (1 = the first simulated month) of a YYYY-MM month."""
    years = int(month[:4]) - int(first_month[:4])
    return years * 12 + int(month[5:7]) - int(first_month[5:7]) + 1


class Trial:
    """Assigns the laid-off workers of the trial window to offer or control, and follows them.

    Built with the worker table, the training system (whose queues take the offers), the
    trial config, the first simulated month (YYYY-MM) and its own random stream. Each month it is
    given the month: `assign` after the month's layoffs, `follow` at the month's end."""

    reads = (
        "workers.displaced_cohorts (this month's)",
        "workers.status",
        "workers.left_for",
        "workers.trial_arm",
    )
    writes = (
        "workers.trial_arm",
        "workers.trial_month",
        "workers.trial_work_6m, _12m, _24m, _36m",
        "centers' queues (offers, through the training system)",
    )

    def __init__(
        self,
        workers: WorkerTable,
        training: TrainingSystem,
        config: TrialConfig,
        first_month: str,
        draws: Draws,
    ) -> None:
        self.workers = workers
        self.training = training
        self.config = config
        self.window = range(
            month_number(first_month, config.start), month_number(first_month, config.end) + 1
        )
        self.draws = draws
        self.cohorts: dict[int, np.ndarray] = {}  # assignment month -> its members

    def assign(self, month: int) -> None:
        """This month's laid-off workers (displaced and unemployed) join the trial."""
        if not (self.config.enabled and month in self.window):
            return
        w = self.workers
        ids = w.displaced_cohorts.get(month, np.empty(0, dtype=np.int64))
        ids = ids[(w.status[ids] == UNEMPLOYED) & (w.trial_arm[ids] < 0)]
        if len(ids) == 0:
            return
        offered = self.draws.uniform(ids, "offer") < self.config.offer_share
        w.trial_arm[ids] = np.where(offered, TRIAL_OFFER, TRIAL_CONTROL)
        w.trial_month[ids] = month
        self.cohorts[month] = ids
        self.training.offer(ids[offered])

    def follow(self, month: int) -> None:
        """Record where the cohorts assigned 6, 12, 24 and 36 months ago work, if they do."""
        w = self.workers
        for horizon in TRIAL_HORIZONS:
            ids = self.cohorts.get(month - horizon)
            if ids is not None:
                where = work_code(w.status[ids], w.left_for[ids])
                getattr(w, f"trial_work_{horizon}m")[ids] = where
