"""The server's idle connection threads are stopped once tabs close, busy ones are not: a real
AnyIO event loop with real worker threads, as Solara runs a tab's connection."""

from __future__ import annotations

import threading

import anyio
import anyio.to_thread

from sim.viz.idle_threads import WorkerThread, stop_idle_workers


def _workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if isinstance(t, WorkerThread)]


def test_idle_worker_threads_are_stopped_and_a_busy_one_keeps_running():
    idle_ready, busy_started, release = threading.Event(), threading.Event(), threading.Event()

    async def server() -> None:
        async with anyio.create_task_group() as tabs:  # three connections at once, then closed
            for _ in range(3):
                tabs.start_soon(anyio.to_thread.run_sync, threading.Event().wait, 0.2)
        idle_ready.set()

        def busy() -> None:  # a tab still open
            busy_started.set()
            release.wait()

        await anyio.to_thread.run_sync(busy)

    loop = threading.Thread(target=anyio.run, args=(server,))
    loop.start()
    assert busy_started.wait(10) and idle_ready.is_set()
    assert len(_workers()) == 3  # one reused by the busy tab, two idle

    assert stop_idle_workers() == 2
    assert len(_workers()) == 1 and not release.is_set()  # the busy one still runs
    release.set()
    loop.join(10)
    assert not loop.is_alive()


def test_stopping_with_no_worker_threads_does_nothing():
    assert stop_idle_workers() == 0
