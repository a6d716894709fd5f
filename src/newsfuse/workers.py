"""Worker processes that run a pure function over batches a few batches ahead of a sequential consumer.

Used by `Grouper.add_all` for text features (the story decisions stay in the calling process, in order)
and by `clean.clean_all` for large piles. A batch is pickled once each way and unpickled in the caller's
own thread (no result thread competing for the GIL with the decisions), and at most `ahead` batches per
worker are in flight, so memory stays bounded on endless streams.
"""
from __future__ import annotations

import multiprocessing as mp
import signal
import threading
import traceback
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, TypeVar

J = TypeVar("J")
R = TypeVar("R")


def _serve(fn: Callable, jobs, results) -> None:
    """Worker loop: (index, batch) in, (index, results or error text) out, until a None arrives."""
    results.cancel_join_thread()  # exit even when the caller stopped reading (it has what it asked for)
    while (item := jobs.get()) is not None:
        i, batch = item
        try:
            results.put((i, [fn(j) for j in batch], None))
        except Exception as e:  # the caller re-raises it: a worker never dies silently
            results.put((i, None, (f"{type(e).__name__}: {e}", traceback.format_exc())))


@contextmanager
def children_ignore_interrupts() -> Iterator[None]:
    """Processes started inside this block ignore Ctrl-C (an ignored signal stays ignored in a child).

    The terminal sends SIGINT to the whole process group: only the main process should answer it (stop its
    workers, keep earlier outputs whole, exit 130), not every worker with a traceback of its own. An interrupt
    during the block itself is not seen (a handler that notes it instead hung spaCy's pool on exit). Off the
    main thread signals are not this code's to change, so nothing is done there.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class WorkerError(RuntimeError):
    """A worker process failed on a batch: the message says what was raised, `worker_traceback` where."""

    def __init__(self, message: str, worker_traceback: str = ""):
        super().__init__(message)
        self.worker_traceback = worker_traceback


def map_ahead(fn: Callable[[J], R], batches: Iterable[list[J]], processes: int, ahead: int = 2,
              start: str = "spawn") -> Iterator[list[R]]:
    """`[fn(j) for j in batch]` for each batch, in batch order, computed by `processes` worker processes.

    `fn` must be a module-level function (it is pickled by name). Deterministic: the results are those
    of calling `fn` in this process, whatever the timing of the workers. `start` is the start method:
    "spawn" (the default) is safe with threads and the same on every platform, but needs the caller's
    script guarded by `if __name__ == "__main__"`; "fork" does not, where the platform has it.
    """
    ctx = mp.get_context(start if start in mp.get_all_start_methods() else "spawn")
    jobs, results = ctx.Queue(), ctx.Queue()
    procs = [ctx.Process(target=_serve, args=(fn, jobs, results), daemon=True) for _ in range(processes)]
    with children_ignore_interrupts():
        for p in procs:
            p.start()
    it = iter(batches)
    sent = done = 0
    ready: dict[int, list[R]] = {}
    try:
        while True:
            while sent - done < ahead * processes and (batch := next(it, None)) is not None:
                jobs.put((sent, batch))
                sent += 1
            if done == sent:
                return
            while done not in ready:
                i, out, error = results.get()
                if error is not None:
                    raise WorkerError(f"a worker process failed: {error[0]}", error[1])
                ready[i] = out
            yield ready.pop(done)
            done += 1
    finally:
        for _ in procs:
            jobs.put(None)
        for p in procs:
            p.join(timeout=5)
            if p.is_alive():  # stuck on a batch nobody will read any more
                p.terminate()
                p.join()
        jobs.close()
        results.close()
