"""bench/bench_dhis2.py runs, on a few of the synthetic province's units and one run: this checks that
its code works and measures something, not how fast it is (speed is for `make bench`)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.test import TestCase

BENCH = Path(__file__).resolve().parents[3] / "bench"


class DataValueSetBenchSmokeTests(TestCase):
    def test_the_province_benchmark_runs(self) -> None:
        if str(BENCH) not in sys.path:
            sys.path.insert(0, str(BENCH))
        bench = __import__("bench_dhis2")
        results = bench.measure(1, units=5)
        self.assertEqual(results["reports"], 5)
        self.assertGreater(results["values"], 100)
        for name in bench.OPERATIONS:
            self.assertGreater(results[name]["median_ms"], 0, name)
