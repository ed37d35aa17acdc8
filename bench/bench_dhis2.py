"""Benchmark: the whole province's figures through DHIS2's /api/dataValueSets (JSON). On the synthetic
Thái Nguyên of `generate_synthetic`, as its coordinator: export every value of 2026 (orgUnit=19,
children=true), import the same file back (every value "ignored"), import it with every number
changed (every value "updated", one save per report), and a dry run of that.

    .venv/bin/python bench/bench_dhis2.py [--runs 3] [--write]

SQLite in a temporary directory unless DATABASE_URL points at a scratch database (see bench_forms.py).
The synthetic reports are mostly accepted, which an import may not change: this script puts them
back to draft first (directly: a benchmark's set-up, not a workflow). `measure()` is also run, at one
run, by the smoke test in `make test`.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_forms import cpu_model, put_block, setup, timed, write_json  # noqa: E402

PROVINCE = "19"
OPERATIONS = ("export_json", "import_unchanged", "import_all_changed", "import_all_changed_dry_run")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    setup()
    results = measure(args.runs)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if args.write:
        write_markdown(results)
        write_json("dhis2", results)


def measure(runs: int, units: int | None = None) -> dict:
    """Time the four operations; `units` limits them to that many of the province's units (the smoke
    test), else the whole province (orgUnit=19, children=true)."""
    from django.db import connection  # optional: Django is configured by setup() first
    from django.test import Client  # optional
    from django.test.utils import setup_test_environment  # optional

    from binhdang.accounts.choices import Role  # optional
    from binhdang.accounts.models import Membership, User  # optional
    from binhdang.orgunits.models import OrgUnit  # optional
    from binhdang.reporting.models import DataValue, Submission  # optional
    from binhdang.synthetic.generator import generate_synthetic  # optional

    try:
        setup_test_environment()
    except RuntimeError:  # already set up: inside the test suite
        pass
    started = time.perf_counter()
    if not Submission.objects.filter(unit__path__startswith=f"VN/{PROVINCE}/", period__code="2026").exists():
        generate_synthetic(provinces=[PROVINCE], years=1, seed=2026)
    generation = time.perf_counter() - started
    Submission.objects.filter(unit__path__startswith=f"VN/{PROVINCE}/", period__code="2026").update(
        status="draft"
    )
    province = OrgUnit.objects.get(code=PROVINCE)
    user, _created = User.objects.get_or_create(username="bench-dhis2", defaults={"full_name": "Bench"})
    Membership.objects.get_or_create(user=user, unit=province, role=Role.COORDINATOR)
    client = Client()
    client.force_login(user)
    query: dict = {"orgUnit": PROVINCE, "children": "true", "period": "2026", "idScheme": "code"}
    if units:
        codes = Submission.objects.filter(unit__path__startswith=f"VN/{PROVINCE}/", period__code="2026")
        query = {
            **query,
            "children": "false",
            "orgUnit": list(codes.values_list("unit__code", flat=True)[:units]),
        }

    exported: dict = {}

    def export() -> None:
        response = client.get("/api/dataValueSets", query)
        assert response.status_code == 200, response.content[:500]
        exported.update(response.json())

    def post(body: dict, dry_run: bool = False) -> dict:
        path = "/api/dataValueSets?idScheme=code" + ("&dryRun=true" if dry_run else "")
        response = client.post(path, json.dumps(body), content_type="application/json")
        summary = response.json()["response"]
        assert not summary["conflicts"], summary["conflicts"][:3]
        return summary["importCount"]

    results: dict = {"export_json": timed(export, runs)}
    values = exported["dataValues"]
    numeric = [v for v in values if _is_number(v["value"])]
    size = len(json.dumps(exported).encode())
    results["import_unchanged"] = timed(lambda: post(exported), runs)
    counts = post(exported)
    assert counts["ignored"] == len(values), counts

    step = {"n": 0}

    def changed() -> dict:
        step["n"] += 1
        body = {"dataValues": [dict(v) for v in values]}
        for value in body["dataValues"]:
            if _is_number(value["value"]):
                value["value"] = (
                    str(int(float(value["value"])) + step["n"])
                    if "." not in value["value"]
                    else value["value"] + str(step["n"])
                )
        return body

    bodies: list[dict] = []
    results["import_all_changed"] = timed(
        lambda: post(bodies.pop()), runs, before=lambda: bodies.append(changed())
    )
    results["import_all_changed_dry_run"] = timed(
        lambda: post(bodies.pop(), dry_run=True), runs, before=lambda: bodies.append(changed())
    )
    return {
        "machine": f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": connection.vendor,
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "values": len(values),
        "numeric_values": len(numeric),
        "reports": len({v["orgUnit"] for v in values}),
        "values_in_table": DataValue.objects.filter(period__code="2026").count(),
        "json_bytes": size,
        "generation_seconds": round(generation, 1),
        **results,
    }


def _is_number(text: str) -> bool:
    return text.replace(".", "", 1).replace("-", "", 1).isdigit()


def write_markdown(results: dict) -> None:
    rows = [
        f"| {name.replace('_', ' ')} | {results[name]['median_ms']} ms | {results[name]['min_ms']} ms "
        f"| {results[name]['max_ms']} ms | {results[name]['runs']} |"
        for name in OPERATIONS
    ]
    lines = [
        f"Measured {results['date']} on {results['machine']}, database {results['database']}: the synthetic "
        f"Thái Nguyên's 2026, {results['values']:,} values ({results['numeric_values']:,} numbers) in "
        f"{results['reports']} reports, a {results['json_bytes'] / 1e6:.1f} MB JSON file "
        "(`bench/bench_dhis2.py`, through the test client: request, scoping, mapping, JSON included).",
        "",
        "| operation | median | min | max | runs |",
        "| --- | --- | --- | --- | --- |",
        *rows,
    ]
    put_block(f"dhis2-{results['database']}", "DHIS2 data value sets: a whole province", lines)


if __name__ == "__main__":
    main()
