"""The fixed-window counters (core.throttle) count, refuse past the limit, start again with the next
window, and never fail a request when the cache loses a counter between its creation and its
increment (an entry expiring at that moment, or evicted under memory pressure)."""

from __future__ import annotations

from typing import Any

import time_machine
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.test import SimpleTestCase, override_settings

from binhdang.core import throttle


class LosingCache(LocMemCache):
    """A real in-memory cache that loses the entry of the first ``incr`` it is asked for, just
    before incrementing it (what a cache under memory pressure, or an expiry, does)."""

    lost: set[str] = set()

    def incr(self, key: str, delta: int = 1, version: Any = None) -> int:
        if key not in LosingCache.lost:
            LosingCache.lost.add(key)
            self.delete(key, version=version)
        return super().incr(key, delta, version)


LOSING = {"default": {"BACKEND": "binhdang.core.tests.test_throttle.LosingCache", "LOCATION": "losing"}}


class CounterTests(SimpleTestCase):
    def setUp(self) -> None:
        cache.clear()
        LosingCache.lost.clear()

    def test_counts_up_to_the_limit_then_refuses_until_the_next_window(self) -> None:
        with time_machine.travel("2026-03-02 08:10:00+07:00", tick=False) as clock:
            self.assertEqual(
                [throttle.allow("t", "203.0.113.5", limit=3, window=600) for _n in range(4)],
                [True, True, True, False],
            )
            self.assertTrue(throttle.allow("t", "198.51.100.1", limit=3, window=600))  # someone else
            self.assertTrue(throttle.allow("other", "203.0.113.5", limit=3, window=600))  # another use
            self.assertEqual(throttle.retry_after(600), 600)
            clock.shift(599)
            self.assertEqual(throttle.retry_after(600), 1)
            self.assertFalse(throttle.allow("t", "203.0.113.5", limit=3, window=600))
            clock.shift(1)
            self.assertTrue(throttle.allow("t", "203.0.113.5", limit=3, window=600))

    def test_who_is_counted_is_not_kept_in_clear(self) -> None:
        throttle.allow("t", "ai.do@example.vn", limit=3, window=600)
        self.assertFalse(any("ai.do" in key for key in cache._cache))  # noqa: SLF001

    @override_settings(CACHES=LOSING)
    def test_a_counter_lost_between_add_and_incr_counts_one_and_goes_on(self) -> None:
        answers = [throttle.allow("t", "203.0.113.5", limit=2, window=600) for _n in range(3)]
        self.assertEqual(len(LosingCache.lost), 1)  # the loss did happen
        self.assertEqual(answers, [True, True, False])
