"""One BLAS thread while an article is analysed.

newsaudit's matrices are small (a batch of sentences x 384 for the encoder, one token at a time for the
attribution head's LSTM), so more BLAS threads gain little on an idle machine and lose 5-10x when the cores
are busy: on the 2-core development machine the encoder pass took 0.39 s with one thread against 3-16 s with
OpenBLAS's default while another process trained. Corpus runs parallelise over articles instead.
The limit is a context: the caller's own numpy work outside ``analyze()`` keeps its settings.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cache
from typing import Any

from threadpoolctl import ThreadpoolController

BLAS_THREADS = 1


@cache
def _controller() -> ThreadpoolController:
    return ThreadpoolController()


def one_blas_thread() -> AbstractContextManager[Any]:
    """A context in which BLAS (OpenBLAS, MKL ...) uses ``BLAS_THREADS`` threads."""
    limiter: AbstractContextManager[Any] = _controller().limit(limits=BLAS_THREADS, user_api="blas")
    return limiter
