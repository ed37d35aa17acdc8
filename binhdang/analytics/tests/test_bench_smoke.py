"""The benchmarks in bench/ run, reduced to one province and one run: this checks that their code
works and measures something, not how fast it is (speed is for `make bench`)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.test import TestCase

BENCH = Path(__file__).resolve().parents[3] / "bench"


def _bench_module(name: str):  # noqa: ANN202
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return __import__(name)


class BenchSmokeTests(TestCase):
    def test_national_benchmark_on_one_province(self) -> None:
        results = _bench_module("bench_national").measure([1], runs=1, history=2)

        self.assertEqual(results["provinces"], 1)
        self.assertGreater(results["values"], 1000)  # Thái Nguyên's accepted values were exported
        national = _bench_module("bench_national")
        for name in national.OPERATIONS:
            self.assertGreater(results[name]["median_ms"], 0, name)
            self.assertEqual(results[name]["runs"], 1)
        self.assertEqual(len(results["scale"]), 1)
        self.assertGreater(results["ratio_to_duckdb"], 0)
        # Two years in the table: more values than this year's, and this year timed again.
        self.assertGreater(results["history"]["values_in_table"], results["values"])
        self.assertGreater(results["history"]["consolidate_country"]["median_ms"], 0)

    def test_forms_benchmark(self) -> None:
        results = _bench_module("bench_forms").measure(runs=1)
        self.assertGreater(results["cells_in_form"], 100)
        self.assertGreater(results["xlsx_bytes"], 1000)
        self.assertGreater(results["save_full_form"]["median_ms"], 0)
