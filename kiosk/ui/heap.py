"""The kiosk process's memory between exercises: what is given back when a scenario ends.

Owns two habits of the C heap (glibc; elsewhere both do nothing):

- few malloc arenas (:func:`limit_arenas`): glibc gives each thread that allocates its
  own arena (store writer, speech, pre-render, Mesa's llvmpipe threads) and memory
  freed in one arena is not reused by the others; two arenas saved 15-20 MB over a
  session for no measurable speed;
- giving freed memory back (:func:`release`): when an exercise ends its surface, its
  pictures and its decoded voice clips are dropped, but the freed pages stay in the
  process until ``malloc_trim`` returns them. Kivy's image caches (pictures kept 60 s
  after their last use) are emptied first, so a picture of the last surface is not kept.

Measured by ``kiosk bench`` (peak RSS of a session, one exercise per surface).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import time
from functools import cache
from typing import Any

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)
ARENAS = 2
# Kivy's caches of decoded pictures. The theme's atlas ("kv.atlas"), the parsed kv rules
# and the shaders are kept: every screen needs them again at once.
IMAGE_CACHES = ("kv.image", "kv.texture", "kv.loader")


@cache
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    libc = ctypes.CDLL(name)
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Before threads start: at most ``arenas`` malloc arenas. False where not glibc."""
    libc = _libc()
    return bool(libc is not None and libc.mallopt(M_ARENA_MAX, arenas))


def release() -> float:
    """Drop Kivy's cached pictures, collect cycles (old widgets), give freed pages back.

    Returns the milliseconds it took (a few tens: it runs when an exercise ends, as the
    results screen shows). Main thread only (Kivy's cache).
    """
    began = time.perf_counter()
    from kivy.cache import Cache

    for category in IMAGE_CACHES:
        Cache.remove(category)
    gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
    took = (time.perf_counter() - began) * 1000
    log.debug("memory released in %.0f ms", took)
    return took
