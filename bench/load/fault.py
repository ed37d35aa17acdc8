"""The fault test (not in make test): saves survive a database restart and a worker killed mid-render.

    .venv/bin/pip install -e '.[bench]'      # locust
    .venv/bin/python bench/load/fault.py [--users 200] [--seconds 120] [--write]

Everything runs on this machine, on loopback, in a scratch directory, and is stopped at the end: a
private PostgreSQL cluster (initdb, port 55432, run as the ``postgres`` user when started as root),
a private Redis (port 56379) as Celery's broker, gunicorn (4 workers, persistent connections with
health checks) and one Celery worker. Locust's commune reporters open and save their forms for the
given time; meanwhile PostgreSQL is restarted (``pg_ctl restart -m fast``, at a third of the run)
and the Celery process rendering a PDF of the provincial report is killed with SIGKILL (at half).

It then checks, and prints (``--write``: also into docs/performance.md):
- every acknowledged save is in the database (the cell holds the acknowledged value, or a value
  sent after it whose answer was lost), i.e. 0 acknowledged saves missing;
- every 5xx answer was a Vietnamese page or a JSON error, not a bare server page;
- the render job ended (done after its redelivery, or failed with a message), never "running";
- the median and 95th percentile of opening and saving the form under these faults.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(Path(__file__).parent))
from bench_forms import put_block, write_json  # noqa: E402
from run import SETUP, manage  # noqa: E402

PY = sys.executable
PG_PORT, REDIS_PORT, WEB_PORT = 55432, 56379, 8098
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def start_postgres(base: Path) -> Path:
    data = base / "pg"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(data, "postgres")
    subprocess.run(
        as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
        check=True,
        capture_output=True,
    )
    pg_ctl(data, "start")
    return data


def pg_ctl(data: Path, action: str) -> None:
    options = f"-p {PG_PORT} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=200"
    subprocess.run(
        as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-w",
                "-m",
                "fast",
                "-l",
                str(data / "log.txt"),
                action,
            ]
        ),
        check=True,
        capture_output=True,
    )


class Browser:
    """A logged-in coordinator, for starting the render and reading its job."""

    def __init__(self, base: str, session: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener()
        self.opener.addheaders = [("Cookie", f"sessionid={session}; csrftoken={CSRF_COOKIE}")]

    def get(self, path: str) -> str:
        return self.opener.open(self.base + path, timeout=60).read().decode()

    def post(self, path: str, fields: dict[str, str]) -> str:
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": CSRF_COOKIE}).encode()
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
            self.base + path, data, headers={"Referer": self.base + "/"}
        )
        return self.opener.open(request, timeout=120).geturl()


def psql(query: str) -> str:
    """One answer of the private database, straight (not through the loaded web server)."""
    command = ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-At", "binhdang_fault", "-c"]
    return subprocess.run([*command, query], capture_output=True, text=True, check=True).stdout.strip()


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in out.split()]


def main() -> None:  # noqa: PLR0915
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="binhdang-fault-"))
    os.chmod(base, 0o755)  # noqa: S103 (the postgres user reaches its cluster inside)
    data = start_postgres(base)
    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "binhdang_fault"], check=True
    )
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{PG_PORT}/binhdang_fault",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        BINHDANG_VAR_DIR=str(base / "var"),
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        AXES_FAILURE_LIMIT="100000",
        AXES_IP_FAILURE_LIMIT="100000",
        LOG_LEVEL="ERROR",
        DB_CONN_MAX_AGE="60",
        DB_CONN_HEALTH_CHECKS="true",
    )
    processes: list[subprocess.Popen] = [redis]
    acks = base / "acks.jsonl"
    outcome: dict[str, object] = {}
    try:
        manage("migrate", "-v0", env=env)
        manage("load_units", "-v0", "--province", "19", "--province", "01", env=env)
        manage("load_demo", env=env)
        period, _communes = manage("shell", "-v0", "-c", SETUP, env=env).split()
        sessions = json.loads(manage("shell", "-v0", "-c", SESSIONS, env=env))
        gunicorn = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "binhdang.config.wsgi",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{WEB_PORT}",
                "--log-level",
                "warning",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        celery = subprocess.Popen(
            [str(Path(PY).parent / "celery"), "-A", "binhdang.config", "worker", "-c", "1", "-l", "warning"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        processes += [gunicorn, celery]
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{WEB_PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        web = f"http://127.0.0.1:{WEB_PORT}"

        def faults() -> None:
            try:
                inject_faults()
            except Exception as exc:  # said in the results, not lost in a thread
                outcome["fault_error"] = repr(exc)

        def inject_faults() -> None:
            time.sleep(args.seconds / 3)
            started = time.monotonic()
            pg_ctl(data, "restart")
            outcome["postgres_restart_seconds"] = round(time.monotonic() - started, 1)
            time.sleep(max(0.0, args.seconds / 2 - args.seconds / 3))
            coordinator = Browser(web, sessions["coordinator"])
            # The coordinator asks for the PDF (the answer may be slow under load: not waited for) ...
            threading.Thread(
                target=coordinator.post, args=(f"/dashboard/{period}/render/", {"format": "pdf"}), daemon=True
            ).start()
            # ... and the worker process is killed as soon as it has taken the job up.
            for _ in range(6000):
                row = psql("select id, status, progress from core_job order by id desc limit 1")
                if row:
                    job, status, progress = row.split("|")
                    outcome["job"] = job
                    pool = children(celery.pid)
                    if status == "running" and pool:
                        os.kill(pool[0], signal.SIGKILL)
                        outcome["killed_worker_at_progress"] = int(progress)
                        break
                    if status in ("done", "failed"):
                        outcome["killed_worker_at_progress"] = "the job ended before the kill"
                        break
                time.sleep(0.02)

        fault_thread = threading.Thread(target=faults, daemon=True)
        fault_thread.start()
        prefix = base / "locust"
        subprocess.run(
            [
                str(Path(PY).parent / "locust"),
                "-f",
                str(Path(__file__).with_name("fault_locustfile.py")),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(max(1, args.users // 10)),
                "-t",
                f"{args.seconds}s",
                "--host",
                web,
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            env=dict(
                env,
                LOAD_SESSIONS=json.dumps({k: v for k, v in sessions.items() if k != "coordinator"}),
                LOAD_PERIOD=period,
                LOAD_ACK_FILE=str(acks),
            ),
            check=False,
            timeout=args.seconds + 180,
        )
        fault_thread.join(timeout=300)
        job_state = ""
        for _ in range(240 if "job" in outcome else 0):  # the redelivered job ends (or the sweeper fails it)
            job_state = manage(
                "shell", "-v0", "-c", JOB_STATE.replace("JOB", str(outcome.get("job", 0))), env=env
            )
            if job_state.split("|")[0] in ("done", "failed"):
                break
            time.sleep(1)
        outcome["job_state"] = job_state.strip()
        check = manage(
            "shell", "-v0", "-c", CHECK.replace("ACKS", str(acks)).replace("PERIOD", period), env=env
        )
        outcome.update(json.loads(check))
        rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
    finally:
        for process in reversed(processes):
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        try:
            pg_ctl(data, "stop")
        except subprocess.CalledProcessError:
            pass
    report(rows, outcome, args)
    shutil.rmtree(base, ignore_errors=True)


CSRF_COOKIE = "f" * 32  # a CSRF secret the bench chooses (Django accepts a 32-character cookie)
SESSIONS = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from binhdang.accounts.models import User
def session(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["second_factor"] = "done"
    store.create()
    return store.session_key
sessions = {u.username[len("load."):]: session(u) for u in User.objects.filter(username__startswith="load.")}
sessions["coordinator"] = session(User.objects.get(username="snv.dieuphoi"))
print(json.dumps(sessions))
"""

JOB_STATE = """
from binhdang.core.models import Job
job = Job.objects.filter(pk=JOB).first()
print(f"{job.status}|{job.attempts}|{job.message}" if job else "missing")
"""

CHECK = """
import json
from binhdang.reporting.models import DataValue
from binhdang.reporting.spec import TOTAL
last_ack, later = {}, {}
errors = {"total": 0, "vietnamese": 0, "no_answer": 0}
with open("ACKS", encoding="utf-8") as lines:
    for line in lines:
        entry = json.loads(line)
        if entry["kind"] == "error":
            errors["total"] += 1
            errors["vietnamese"] += bool(entry["vietnamese"])
            errors["no_answer"] += entry["status"] == 0
            continue
        cell = (entry["unit"], entry["cell"])
        if entry["kind"] == "ack":
            last_ack[cell] = entry
        else:
            later.setdefault(cell, []).append(entry)
stored = {}
rows = DataValue.objects.filter(period_id=PERIOD, element__code="STAFF_OFFICIALS")
for unit, sex, value in rows.values_list("unit__code", "sex", "value"):
    stored[(unit, f"v:STAFF_OFFICIALS:{sex}::::")] = value
missing = 0
for cell, ack in last_ack.items():
    value = stored.get(cell)
    accepted = {ack["value"]} | {e["value"] for e in later.get(cell, []) if e["at"] >= ack["at"]}
    if value is None or str(int(value)) not in accepted:
        missing += 1
print(json.dumps({"acknowledged_cells": len(last_ack), "acknowledged_missing": missing, "errors": errors}))
"""


def report(rows: list[dict], outcome: dict, args: argparse.Namespace) -> None:
    for row in rows:
        print(
            f"{row['Name']:<16} {row['Request Count']:>6} req {row['Failure Count']:>5} failed  "
            f"median {row['Median Response Time']} ms  p95 {row['95%']} ms"
        )
    print(json.dumps(outcome, ensure_ascii=False, indent=1))
    if not args.write:
        return
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    errors = outcome.get("errors", {})
    lines = [
        f"Measured {datetime.datetime.now(datetime.UTC).date()} on {cpu}, {os.cpu_count()} cores "
        f"(shared with other work): gunicorn {args.workers} workers and one Celery worker on a private "
        f"PostgreSQL 15, {args.users} virtual commune reporters for {args.seconds} s on 127.0.0.1; "
        f"PostgreSQL restarted at "
        f"{args.seconds // 3} s, the Celery process rendering a PDF killed at {args.seconds // 2} s.",
        "",
        f"- acknowledged cells checked: {outcome.get('acknowledged_cells')}, missing from the database: "
        f"**{outcome.get('acknowledged_missing')}**",
        f"- server errors: {errors.get('total', 0)} "
        f"(Vietnamese page or JSON error: {errors.get('vietnamese', 0)}; "
        f"no answer at all: {errors.get('no_answer', 0)})",
        f"- PostgreSQL restart took {outcome.get('postgres_restart_seconds')} s; the render job ended "
        f"`{outcome.get('job_state')}` (status | attempts | message)",
        "",
        "The errors are the requests that reached the database while it restarted (each a Vietnames"
        "e error page or JSON error, never an acknowledgement, so the page knows the figure is not "
        "saved yet). The latencies are those of a saturated machine (200 users on 2 shared cores, l"
        "ocust included), not of the application's own speed: see the deadline-surge figures above "
        "for that.",
        "",
        "| request | requests | failed | median | 95th percentile |",
        "|---|---|---|---|---|",
        *[
            f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {r['Median Response Time']} ms "
            f"| {r['95%']} ms |"
            for r in rows
        ],
    ]
    put_block("fault", "Faults under load (bench/load/fault.py)", lines)
    write_json(
        "fault",
        {
            "database": "postgresql",
            "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
            "users": args.users,
            "seconds": args.seconds,
            "outcome": outcome,
            "requests": rows,
        },
    )


if __name__ == "__main__":
    main()
