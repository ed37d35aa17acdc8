"""Load on the public feedback form: 200 filings a minute for 2 minutes (bounded, loopback only).

    .venv/bin/python bench/bench_feedback.py [--rate 200] [--seconds 120] [--addresses 50] [--write]

Sets up a scratch SQLite database in a temporary directory (or DATABASE_URL when it names a
scratch database containing "bench"), the register of Thái Nguyên and its routing, starts
gunicorn (one worker, threads: the rate limits count in that worker's memory, as with the default
cache), then files feedback at the given rate as a person would: open the form, wait past the
time-to-fill minimum, send. Each filing leaves from one of several 127.0.0.x source addresses, so
the per-address limit is exercised, not switched off: the spread stays under it, and one extra
address files more than the limit allows and must get 429 for the rest. At the end every code
shown to a person must be in the database (0 lost), and no answer may be a 5xx.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from bench_forms import put_block, write_json  # noqa: E402

PY = sys.executable
PORT = 8097
FILL_SECONDS = 3.3  # a little more than the form's minimum (feedback.throttle.MIN_FILL_SECONDS)
ABUSER = "127.0.0.250"
ABUSER_FILINGS = 15
STORED_CODES = (
    "from binhdang.feedback.models import Feedback; "
    "print(' '.join(Feedback.objects.values_list('code', flat=True)))"
)


@dataclass
class Outcome:
    source: str
    get_ms: float = 0.0
    post_ms: float = 0.0
    status: int = 0
    code: str = ""
    error: str = ""


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


def manage(*args: str, env: dict[str, str]) -> str:
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def cookies_of(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]


def request(
    source: str, method: str, path: str, jar: dict[str, str], body: bytes | None = None
) -> tuple[int, str, float]:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30, source_address=(source, 0))
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else {}
    if body is not None:
        headers |= {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{PORT}/",
        }
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    elapsed = (time.perf_counter() - started) * 1000
    cookies_of(response, jar)
    connection.close()
    return response.status, text, elapsed


def file_one(source: str, n: int, run: Run) -> None:
    outcome = Outcome(source)
    jar: dict[str, str] = {}
    try:
        status, page, outcome.get_ms = request(source, "GET", "/feedback/19/new/?subject=workplace", jar)
        shown = time.monotonic()
        started = re.search(r'name="started" value="([^"]+)"', page)
        if status != 200 or started is None:
            outcome.status, outcome.error = status, "form"
            run.add(outcome)
            return
        time.sleep(max(0.0, FILL_SECONDS - (time.monotonic() - shown)))
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": jar.get("csrftoken", ""),
                "started": started.group(1),
                "kind": "feedback" if n % 3 else "recommendation",
                "subject": "workplace",
                "content": f"Phản ánh thử tải số {n}: chênh lệch tiền lương giữa lao động nữ và nam.",
                "website": "",
            }
        ).encode()
        outcome.status, _text, outcome.post_ms = request(source, "POST", "/feedback/19/new/", jar, body)
        if outcome.status == 302:
            _status, sent, _ms = request(source, "GET", "/feedback/sent/", jar)
            found = re.search(r"data-code>([A-Z0-9-]+)<", sent)
            outcome.code = found.group(1).replace("-", "") if found else ""
    except OSError as exc:
        outcome.error = str(exc)
    run.add(outcome)


def drive(rate: int, seconds: int, addresses: int) -> Run:
    run = Run()
    sources = [f"127.0.0.{2 + i}" for i in range(addresses)]
    total = rate * seconds // 60
    interval = 60 / rate
    with ThreadPoolExecutor(max_workers=64) as pool:
        start = time.monotonic()
        for n in range(total):
            time.sleep(max(0.0, start + n * interval - time.monotonic()))
            pool.submit(file_one, sources[n % len(sources)], n, run)
            if n % (total // ABUSER_FILINGS) == 0:  # one address that files more than it may
                pool.submit(file_one, ABUSER, -n, run)
    return run


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=int, default=200, help="filings a minute")
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--addresses", type=int, default=50)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="binhdang-feedback-load-")
    url = os.environ.get("DATABASE_URL", "")
    if url and "bench" not in url:
        sys.exit("DATABASE_URL must name a scratch database whose name contains 'bench' (it is written to).")
    env = dict(
        os.environ,
        BINHDANG_VAR_DIR=tmp,
        DATABASE_URL=url or f"sqlite:///{tmp}/load.sqlite3",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="ERROR",
    )
    manage("migrate", "-v0", env=env)
    manage("load_units", "-v0", "--province", "19", env=env)
    manage("load_feedback_routing", "--province", "19", env=env)
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "binhdang.config.wsgi",
            "--workers",
            "1",
            "--threads",
            str(args.threads),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        began = time.monotonic()
        run = drive(args.rate, args.seconds, args.addresses)
        took = time.monotonic() - began
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    stored = set(
        manage(
            "shell",
            "-v0",
            "-c",
            STORED_CODES,
            env=env,
        ).split()
    )
    spread = [o for o in run.outcomes if o.source != ABUSER]
    abuser = [o for o in run.outcomes if o.source == ABUSER]
    accepted = [o for o in run.outcomes if o.status == 302]
    codes = {o.code for o in accepted}
    lost = [o for o in accepted if not o.code or o.code not in stored]
    server_errors = [o for o in run.outcomes if o.status >= 500 or o.error]
    posts = [o.post_ms for o in run.outcomes if o.post_ms]
    gets = [o.get_ms for o in run.outcomes if o.get_ms]
    result = {
        "filings": len(run.outcomes),
        "spread_accepted": sum(o.status == 302 for o in spread),
        "spread_total": len(spread),
        "abuser_accepted": sum(o.status == 302 for o in abuser),
        "abuser_429": sum(o.status == 429 for o in abuser),
        "abuser_total": len(abuser),
        "stored": len(stored),
        "lost": len(lost),
        "server_errors": len(server_errors),
        "post_p50_ms": round(statistics.median(posts), 1) if posts else 0,
        "post_p95_ms": round(percentile(posts, 0.95), 1),
        "post_max_ms": round(max(posts), 1) if posts else 0,
        "get_p95_ms": round(percentile(gets, 0.95), 1),
        "seconds": round(took, 1),
        "per_minute": round(len(run.outcomes) / took * 60, 1),
    }
    for key, value in result.items():
        print(f"{key:>16}: {value}")
    assert len(codes) == len(accepted), "a code was shown twice"
    if args.write:
        write(result, args, "postgresql" if "postgres" in env["DATABASE_URL"] else "sqlite")


def write(result: dict, args: argparse.Namespace, database: str) -> None:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    today = datetime.datetime.now(datetime.UTC).date()
    lines = [
        f"Measured {today} on {cpu}, {os.cpu_count()} cores (shared with other work), {database}: gunicorn "
        f"1 worker × {args.threads} threads, {args.rate} filings a minute for {args.seconds} s from "
        f"{args.addresses} source addresses 127.0.0.x, each opening the form, waiting "
        f"{FILL_SECONDS} s (the time-to-fill check) and sending it; plus one address ({ABUSER}) "
        "filing more than the per-address limit allows.",
        "",
        "| filings | accepted (spread) | over the limit: accepted / 429 | stored | lost | 5xx "
        "| POST median | POST p95 | POST max | form GET p95 |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {result['filings']} | {result['spread_accepted']} / {result['spread_total']} "
        f"| {result['abuser_accepted']} / {result['abuser_429']} | {result['stored']} | {result['lost']} "
        f"| {result['server_errors']} | {result['post_p50_ms']} ms | {result['post_p95_ms']} ms "
        f"| {result['post_max_ms']} ms | {result['get_p95_ms']} ms |",
    ]
    put_block("feedback", "Public feedback form (bench/bench_feedback.py)", lines)
    write_json(
        "feedback",
        {
            "database": database,
            "date": today.isoformat(),
            "machine": f"{cpu}, {os.cpu_count()} cores",
            **result,
        },
    )


if __name__ == "__main__":
    main()
