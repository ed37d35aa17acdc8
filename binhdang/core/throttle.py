"""Fixed-window rate counters in Django's cache (in memory per process by default, shared through
CACHE_URL=redis://… between workers). One per use: feedback's intake and look-up limits, the
password-reset mail. Who is counted (an address, an e-mail address, a code) is hashed into the key,
never kept in clear."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def _key(scope: str, who: str, window: int) -> str:
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{int(time.time() // window)}"


def _count(key: str, timeout: int) -> int:
    """Add one to the counter ``key``, creating it at 1; its new value."""
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # the entry expired or was evicted between add and incr
        if cache.add(key, 1, timeout):
            return 1
        try:  # another request created it meanwhile
            return cache.incr(key)
        except ValueError:
            return 1


def allow(scope: str, who: str, *, limit: int, window: int) -> bool:
    """Count one request of ``who`` under ``scope``; False once more than ``limit`` were made in the
    current window of ``window`` seconds."""
    return _count(_key(scope, who, window), window + 5) <= limit


def retry_after(window: int) -> int:
    """Seconds until the current window of ``window`` seconds ends (when the counters start again)."""
    return window - int(time.time()) % window
