"""Where runs execute: local processes (default) or a Dask distributed cluster.

Both take the same tasks and call `on_result(task, result)` in the calling process as runs
finish, in whatever order; results do not depend on the backend because each task carries its
own resolved config and seed. The local pool keeps at most `workers` tasks in flight, so when a
worker process dies only those are resubmitted (to a fresh pool); a task whose worker dies
`MAX_ATTEMPTS` times while it runs alone is recorded as failed.

Nothing outlives the command: each local worker watches the process that started the pool and
exits when it is gone (a parent-death signal from the forkserver too), and the forkserver
itself gets a parent-death signal (`sim.run.lifeline`, preloaded), so a SIGKILL of the
command leaves no forkserver, worker or resource tracker behind.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import socket
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Literal
from urllib.parse import urlsplit

from sim.errors import UserError
from sim.pipeline.task import RunResult, RunTask, run_task, simulate_task
from sim.run.lifeline import die_with_parent

OnResult = Callable[[RunTask, RunResult], None]
TaskFn = Callable[[RunTask], dict[str, Any]]
MAX_ATTEMPTS = 3
PRELOAD = ["sim.run.lifeline", "sim.pipeline.task", "sim.run.runner"]
WATCH_SECONDS = 0.5  # how often a worker checks that the command that started it still runs
SCHEDULER_TIMEOUT = 5.0


def execute(
    tasks: list[RunTask],
    on_result: OnResult,
    backend: Literal["local", "dask"] = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    task_fn: TaskFn = simulate_task,
) -> int:
    """Run every task, calling `on_result(task, result)` as each finishes; returns how many
    times the local pool was restarted after a worker process died (0 on Dask)."""
    if not tasks:
        return 0
    workers = workers or os.cpu_count() or 1
    if backend == "dask":
        return _run_dask(tasks, on_result, workers, scheduler, task_fn)
    return _run_local(tasks, on_result, workers, task_fn)


def _context() -> multiprocessing.context.BaseContext:
    """forkserver (workers fork from a process that imported the model once), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def check_scheduler(address: str, timeout: float = SCHEDULER_TIMEOUT) -> None:
    """Refuse, in one line and within `timeout` seconds, a Dask scheduler address nothing
    answers at: before any folder is claimed or run started."""
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if parts.scheme not in ("tcp", "tls") or not host or not port:
        raise UserError(f"--scheduler {address}: must look like tcp://HOST:PORT")
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise UserError(
            f"--scheduler {address}: no Dask scheduler answers there ({reason}); "
            "start one or leave out --scheduler for a local cluster"
        ) from None


def _start_worker(parent: int) -> None:
    """Worker initializer: watch the command (`_watch`), then move every object the worker
    holds so far (the model's imports, some 150,000) out of the garbage collector's reach: they
    live as long as the worker, and each full collection would walk them all again (about a
    third of a run's collector time: 0.05-0.09 s of CPU per E5 run)."""
    _watch(parent)
    gc.freeze()


def _watch(parent: int) -> None:
    """Exit when the forkserver dies (parent-death signal) or when the command that started
    the pool is gone (a watchdog thread, since the worker's parent is the forkserver, not the
    command)."""
    die_with_parent()

    def watch() -> None:
        while _alive(parent):
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return True  # no /proc: the signal check above is all there is


def start_local_workers() -> None:
    """Start the forkserver now, so its imports overlap with planning in this process."""
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _died(task: RunTask, attempts: int) -> RunResult:
    return {
        "key": task.key,
        "status": "failed",
        "error": f"worker process died {attempts} times running this task "
        "(killed, or out of memory)",
        "traceback": "",
        "seconds": 0.0,
    }


def _run_local(tasks: list[RunTask], on_result: OnResult, workers: int, task_fn: TaskFn) -> int:
    """Run tasks on a local process pool; returns how many times the pool was restarted.

    When a worker dies, every task then in flight is lost with it; those are rerun one at a
    time ("suspects"), so a death is blamed only on a task that was running alone, and a task
    that merely shared the pool with a crashing one is never failed for it."""
    queue, restarts = deque(tasks), 0
    suspects: deque[RunTask] = deque()
    attempts: Counter[str] = Counter()
    while queue or suspects:
        source, window = (suspects, 1) if suspects else (queue, workers)
        pool = ProcessPoolExecutor(
            max_workers=window,
            mp_context=_context(),
            initializer=_start_worker,
            initargs=(os.getpid(),),
        )
        try:
            lost = _feed(pool, source, window, task_fn, on_result)
        except BaseException:  # Ctrl+C or SIGTERM: stop now, not after the runs in flight
            _stop(pool)
            raise
        pool.shutdown(wait=True)
        if not lost:
            continue
        restarts += 1
        if len(lost) > 1:
            suspects.extendleft(reversed(lost))
            continue
        task = lost[0]
        attempts[task.key] += 1
        if attempts[task.key] >= MAX_ATTEMPTS:
            on_result(task, _died(task, attempts[task.key]))
        else:
            suspects.appendleft(task)
    return restarts


def _stop(pool: ProcessPoolExecutor) -> None:
    """End a pool at once: its workers are terminated and nothing waits for them. An interrupt
    can land while a worker is still being started; a pool shut down with `wait=True` would
    then join a process that never runs, and the command would hang instead of ending."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _feed(
    pool: ProcessPoolExecutor, queue: deque, window: int, task_fn: TaskFn, on_result: OnResult
) -> list[RunTask]:
    """Keep `window` tasks running until the queue is empty; returns tasks lost to a dead pool."""
    running: dict[Any, RunTask] = {}
    while queue or running:
        while queue and len(running) < window:
            task = queue.popleft()
            running[pool.submit(run_task, task, task_fn)] = task
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            task = running.pop(future)
            try:
                result = future.result()
            except BrokenProcessPool:
                lost = [task]
                for other, other_task in running.items():
                    try:
                        on_result(other_task, other.result())
                    except BrokenProcessPool:
                        lost.append(other_task)
                return lost
            on_result(task, result)
    return []


def _run_dask(
    tasks: list[RunTask], on_result: OnResult, workers: int, scheduler: str | None, task_fn: TaskFn
) -> int:
    """Run tasks on a Dask cluster (the scheduler at `scheduler`, else a LocalCluster).

    Dask itself reschedules the tasks of a worker that dies; one that kills workers
    repeatedly comes back as KilledWorker and is recorded as failed."""
    from dask.distributed import Client, LocalCluster, as_completed
    from distributed.scheduler import KilledWorker

    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise UserError(f"--scheduler {scheduler}: no Dask scheduler answers ({exc})") from None
    else:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
    try:
        futures = {
            client.submit(run_task, task, task_fn, key=f"run-{task.key}", pure=False): task
            for task in tasks
        }
        for future in as_completed(futures):
            task = futures[future]
            try:
                result = future.result()
            except KilledWorker:
                result = _died(task, MAX_ATTEMPTS)
            on_result(task, result)
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return 0
