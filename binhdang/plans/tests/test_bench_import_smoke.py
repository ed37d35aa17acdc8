"""bench/bench_import.py runs (one run, no OCR): its code works and measures every format the
machine can convert; speed is for `make bench`."""

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[3] / "bench"


def test_import_benchmark_measures_each_format() -> None:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    module = __import__("bench_import")
    results = module.measure(runs=1, ocr=False)
    assert results["tasks"] > 40
    for name in results["bytes"]:
        assert results[name]["median_ms"] > 0, name
