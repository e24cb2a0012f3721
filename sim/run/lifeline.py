"""Die with the parent: Linux's parent-death signal, armed in processes the pool starts.

Imported first by the local pool's forkserver (it is in the forkserver's preload list), where
importing it arms the signal, so the forkserver ends as soon as the command that started it
does, even when that command was SIGKILLed and could clean nothing up. Elsewhere it is a no-op.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from types import FrameType

PR_SET_PDEATHSIG = 1


def die_with_parent(signum: int = signal.SIGKILL, parent: int | None = None) -> bool:
    """Ask the kernel to send `signum` to this process when its parent exits; False where the
    platform has no such thing (then the pool's watchdog thread is all there is).

    `parent`: the pid the caller expects as its parent. A child arms the signal after the fork,
    so a parent killed in between would never send it; when the parent is already gone (this
    process was handed to another), the signal is sent now instead."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        # the running process's own symbols: libc is loaded, and no `ldconfig` subprocess is
        # started (as `find_library` would) between fork and exec
        libc = ctypes.CDLL(None, use_errno=True)
        armed = libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False
    if armed and parent is not None and os.getppid() != parent:
        os.kill(os.getpid(), signum)
    return armed


def _in_forkserver() -> bool:
    """Whether this import runs inside `multiprocessing.forkserver.main` (its preloading)."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        code_name, module = frame.f_code.co_name, frame.f_globals.get("__name__")
        if code_name == "main" and module == "multiprocessing.forkserver":
            return True
        frame = frame.f_back
    return False


if _in_forkserver():
    die_with_parent()
