"""Independent work split over two processes, where the machine has the cores for it.

Only on Linux, where a forked child shares the parent's memory until either
side writes to it, so the input is never copied and only the child's result
comes back, pickled. Only in a process with one thread: forking a process
whose other threads hold locks (a live-reload server's, say) could leave the
child stuck on one of them. Elsewhere the work runs in one go, as it would
without this module. A child dies with the process that started it, even
one killed with SIGKILL (:func:`dies_with_this_process`).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

#: Fewer items than this are not worth a second process: forking and sending the result back cost more.
MIN_ITEMS = 200


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


#: Linux's prctl option that sends a signal to a process when its parent dies.
_PR_SET_PDEATHSIG = 1


def dies_with_this_process() -> Callable[[], None] | None:
    """On Linux, a function for a child process to run first: it has the child killed when this process dies.

    A build killed with SIGKILL cannot stop its children itself; without this
    they would run on, orphaned, into folders the next build cleans up.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def set_up() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # this process died before the request took effect
            os._exit(1)

    return set_up


def _threads() -> int:
    return threading.active_count()


def can_split() -> bool:
    """Whether :func:`in_halves` would use a second process here and now."""
    return sys.platform.startswith("linux") and _threads() == 1 and not multiprocessing.current_process().daemon and _cores() >= 2


def in_halves(work: Callable[[Sequence[T]], R], items: Sequence[T]) -> list[R]:
    """``work`` over ``items``, as a list of results in order: two halves at once where that helps, else one call.

    Fewer than :data:`MIN_ITEMS` items run in one call; otherwise see :func:`both`.
    """
    if len(items) < MIN_ITEMS or not can_split():
        return [work(items)]
    cut = len(items) // 2
    first, second = both(lambda: work(items[:cut]), lambda: work(items[cut:]), size=len(items))
    return [first, second]


def both(here: Callable[[], R], there: Callable[[], S], *, size: int) -> tuple[R, S]:
    """``(here(), there())``, with ``there`` run in a forked child at the same time, if :func:`can_split`.

    ``size`` is how many items (sheets, pages) the work covers: below
    :data:`MIN_ITEMS` both run here, one after the other.

    If the child fails in any way (an exception, a crash, a result that cannot
    be pickled), ``there`` runs again here, so an error surfaces with its own
    traceback and the result never depends on the child.
    """
    if size < MIN_ITEMS or not can_split():
        return here(), there()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(there, send, dies_with_this_process()), daemon=True)
    child.start()
    send.close()
    try:
        first = here()
        try:
            ok, second = receive.recv()
        except (EOFError, OSError):
            ok = False
        if not ok:
            second = there()
    finally:
        receive.close()
        if child.is_alive():
            child.terminate()
        child.join()
    return first, second


def _child(work: Callable[[], R], send: Connection, set_up: Callable[[], None] | None) -> None:
    try:
        if set_up is not None:
            set_up()
        result = work()
        send.send((True, result))
    except BaseException:
        # The parent does this work again and reports whatever went wrong, with its traceback.
        send.send((False, None))
    finally:
        send.close()
