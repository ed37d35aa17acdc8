"""Benchmark: consolidation of one province and of the whole country, against DuckDB over the same
values exported to Parquet (the practical floor), on a synthetic national dataset.

    .venv/bin/python bench/bench_national.py [--provinces 34] [--runs 5] [--write]

SQLite in a temporary directory unless DATABASE_URL points at a scratch database (written to).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_forms import cpu_model, setup, timed, write_block  # noqa: E402

DIMS = ("sex", "age_band", "ethnicity", "area", "funding_source")

FLOOR_SQL = """
WITH cells AS (SELECT * FROM read_parquet('{path}')),
unit_totals AS (
    SELECT element_id, unit_id, kind,
           COALESCE(MAX(CASE WHEN sex = '' AND age_band = '' AND ethnicity = '' AND area = ''
                                  AND funding_source = '' THEN value END),
                    SUM(CASE WHEN NOT (sex = '' AND age_band = '' AND ethnicity = '' AND area = ''
                                       AND funding_source = '') THEN value END)) AS total
    FROM cells GROUP BY element_id, unit_id, kind
)
SELECT 'total' AS what, element_id, '' AS option, SUM(total) FROM unit_totals GROUP BY element_id
UNION ALL SELECT 'kind', element_id, kind, SUM(total) FROM unit_totals GROUP BY element_id, kind
UNION ALL SELECT 'sex', element_id, sex, SUM(value) FROM cells WHERE sex <> '' GROUP BY element_id, sex
UNION ALL SELECT 'age_band', element_id, age_band, SUM(value) FROM cells WHERE age_band <> ''
          GROUP BY element_id, age_band
UNION ALL SELECT 'ethnicity', element_id, ethnicity, SUM(value) FROM cells WHERE ethnicity <> ''
          GROUP BY element_id, ethnicity
UNION ALL SELECT 'funding_source', element_id, funding_source, SUM(value) FROM cells
          WHERE funding_source <> '' GROUP BY element_id, funding_source
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    setup()
    import duckdb
    from django.db import connection

    from binhdang.analytics.engine import consolidate
    from binhdang.orgunits.models import OrgUnit
    from binhdang.reporting.models import DataValue, ReportingPeriod
    from binhdang.synthetic.generator import generate_synthetic

    started = time.perf_counter()
    generated = generate_synthetic(provinces=args.provinces, years=1, seed=2026)
    generation_seconds = time.perf_counter() - started
    period = ReportingPeriod.objects.select_related("template", "plan").get(code="2026")
    country, province = OrgUnit.objects.get(code="VN"), OrgUnit.objects.get(code="19")

    tmp = Path(tempfile.mkdtemp(prefix="binhdang-duckdb-"))
    csv_path, parquet = tmp / "values.csv", tmp / "values.parquet"
    rows = DataValue.objects.filter(period=period, submission__status="accepted").values_list(
        "element_id", "unit_id", "unit__kind", *DIMS, "value"
    )
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["element_id", "unit_id", "kind", *DIMS, "value"])
        count = 0
        for row in rows.iterator(chunk_size=20000):
            writer.writerow(row)
            count += 1
    duck = duckdb.connect()
    duck.execute(
        f"COPY (SELECT * FROM read_csv('{csv_path}', header=true, all_varchar=false, "  # noqa: S608 (own temp files)
        "types={'sex': 'VARCHAR', 'age_band': 'VARCHAR', 'ethnicity': 'VARCHAR', 'area': 'VARCHAR', "
        f"'funding_source': 'VARCHAR', 'value': 'DECIMAL(20,4)'}}))  TO '{parquet}' (FORMAT parquet)"
    )
    floor_sql = FLOOR_SQL.replace("{path}", str(parquet))

    results = {
        "machine": f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": connection.vendor,
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "provinces": generated.provinces,
        "values": count,
        "generation_seconds": round(generation_seconds, 1),
        "consolidate_province": timed(lambda: consolidate(period, province), args.runs),
        "consolidate_country": timed(lambda: consolidate(period, country), args.runs),
        "duckdb_country_parquet": timed(lambda: duck.execute(floor_sql).fetchall(), args.runs),
    }
    ratio = results["consolidate_country"]["median_ms"] / max(
        results["duckdb_country_parquet"]["median_ms"], 0.1
    )
    results["ratio_to_duckdb"] = round(ratio, 1)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if args.write:
        intro = (
            f"{results['provinces']} provinces, {results['values']:,} accepted values (generated in "
            f"{results['generation_seconds']} s); our national consolidation takes "
            f"{results['ratio_to_duckdb']}× DuckDB's time over the same values in Parquet."
        )
        write_block("bench_national", "National consolidation", intro, results)


if __name__ == "__main__":
    main()
