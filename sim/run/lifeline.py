"""Die with the parent: Linux's parent-death signal, armed in processes the pool starts.

Imported first by the local pool's forkserver (it is in the forkserver's preload list), where
importing it arms the signal, so the forkserver ends as soon as the command that started it
does, even when that command was SIGKILLed and could clean nothing up. Elsewhere it is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import sys
from types import FrameType

PR_SET_PDEATHSIG = 1


def die_with_parent(signum: int = signal.SIGKILL) -> bool:
    """Ask the kernel to send `signum` to this process when its parent exits; False where the
    platform has no such thing (then the pool's watchdog thread is all there is)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


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
