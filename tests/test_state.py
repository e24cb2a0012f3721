"""The population state on hand-made inputs: rosters and the flow ledger (docs/model.md
section 2, "Entities, state variables and scales")."""

import numpy as np
import pytest

from sim.state.ledger import Ledger
from sim.state.roster import WORKER_MASK, RosterIndex

OPERATIVE, TECHNICIAN = 0, 1


def _roster(workers, plants, skills) -> RosterIndex:
    roster = RosterIndex()
    roster.join(np.array(workers), np.array(plants), np.array(skills))
    roster.merge()
    return roster


def test_roster_merge_keeps_keys_sorted_by_plant_skill_then_worker():
    roster = _roster([7, 3, 5, 1], [1, 0, 1, 0], [OPERATIVE, TECHNICIAN, OPERATIVE, OPERATIVE])
    assert (roster.all_keys() & WORKER_MASK).tolist() == [1, 3, 5, 7]
    assert roster.members(1, OPERATIVE).tolist() == [5, 7]


def test_roster_merge_folds_joins_and_leaves_recorded_since_the_last_merge():
    roster = _roster([1, 2, 3], [0, 0, 0], [OPERATIVE] * 3)
    roster.leave(np.array([2]), np.array([0]), np.array([OPERATIVE]))
    roster.join(np.array([9, 4]), np.array([0, 0]), np.array([OPERATIVE, OPERATIVE]))
    assert roster.members(0, OPERATIVE).tolist() == [1, 3, 4, 9]


def test_a_worker_who_joins_and_leaves_before_a_merge_is_not_on_the_roster():
    roster = _roster([1], [0], [OPERATIVE])
    roster.join(np.array([2]), np.array([0]), np.array([OPERATIVE]))
    roster.leave(np.array([2]), np.array([0]), np.array([OPERATIVE]))
    assert roster.members(0, OPERATIVE).tolist() == [1]


def test_a_task_switch_moves_a_worker_between_skill_rosters_of_the_same_plant():
    roster = _roster([1, 2], [0, 0], [OPERATIVE, OPERATIVE])
    roster.leave(np.array([2]), np.array([0]), np.array([OPERATIVE]))
    roster.join(np.array([2]), np.array([0]), np.array([TECHNICIAN]))
    assert roster.members(0, OPERATIVE).tolist() == [1]
    assert roster.members(0, TECHNICIAN).tolist() == [2]


def test_ranked_picks_the_kth_worker_of_each_plant_by_id():
    roster = _roster([4, 8, 6, 2], [0, 0, 1, 1], [OPERATIVE] * 4)
    assert roster.ranked(np.array([0, 1]), OPERATIVE, np.array([1, 0])).tolist() == [8, 2]


def test_the_ledger_refuses_an_undeclared_flow():
    ledger = Ledger(n_cities=3)
    with pytest.raises(KeyError, match="undeclared flow 'hirez'"):
        ledger.add("hirez", 0, 1)
    with pytest.raises(KeyError, match="undeclared flow"):
        ledger.add_city("quits", 0, 1)  # declared by country, not by city


def test_the_ledger_counts_by_country_and_keeps_running_totals():
    ledger = Ledger(n_cities=3)
    ledger.add("hires", np.array([0, 1, 1]), 1)
    ledger.close_month()
    ledger.add("hires", 1, 2.0)
    assert ledger.month["hires"].tolist() == [0.0, 2.0]
    assert ledger.total["hires"].tolist() == [1.0, 2.0]
    assert ledger.month["quits"].tolist() == [0.0, 0.0]  # declared, nothing yet this month
