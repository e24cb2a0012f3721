"""The visualizer's server entry point: uvicorn's websocket keepalive made patient."""

import uvicorn

from sim.viz.command import _viz
from sim.viz.serve import KEEPALIVE_TIMEOUT_SECONDS, patient_keepalive


def test_the_server_waits_two_minutes_for_a_busy_browser_to_answer_its_keepalive():
    patient_keepalive()
    assert uvicorn.Config(app="app:app").ws_ping_timeout == KEEPALIVE_TIMEOUT_SECONDS == 120.0


def test_a_keepalive_timeout_passed_explicitly_still_wins():
    patient_keepalive()
    assert uvicorn.Config(app="app:app", ws_ping_timeout=5.0).ws_ping_timeout == 5.0


def test_making_it_patient_twice_wraps_uvicorn_once():
    patient_keepalive()
    first = uvicorn.Config.__init__
    patient_keepalive()
    assert uvicorn.Config.__init__ is first


def test_viz_serves_through_the_patient_entry_point(monkeypatch):
    seen = []
    monkeypatch.setattr("sim.viz.command.serve", lambda command, env: seen.append(command) or 0)
    args = type("Args", (), {"scenarios": None, "host": "127.0.0.1", "port": 8765})()
    assert _viz(args) == 0
    assert seen[0][1:4] == ["-m", "sim.viz.serve", "run"]
