"""The fault test's load (bench/load/fault.py): commune reporters open and save their forms; every
save attempt and every acknowledged cell is written to LOAD_ACK_FILE, every error with whether its
page was Vietnamese, so that the runner can check the database afterwards."""

from __future__ import annotations

import itertools
import json
import os
import re
import threading
import time

from locust import HttpUser, between, task

COMMUNES = sorted(json.loads(os.environ.get("LOAD_SESSIONS", "{}")))
PERIOD = os.environ.get("LOAD_PERIOD", "1")
SESSIONS = json.loads(os.environ.get("LOAD_SESSIONS", "{}"))
ACKS = open(os.environ.get("LOAD_ACK_FILE", "/dev/null"), "a", encoding="utf-8")  # noqa: SIM115
_lock = threading.Lock()
_next = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CELL = re.compile(r'name="(v:STAFF_OFFICIALS:[MF]::::)"[^>]*data-version="(\d+)"')


def record(**entry: object) -> None:
    with _lock:
        ACKS.write(json.dumps(entry) + "\n")
        ACKS.flush()


def check_error(response, name: str) -> None:  # noqa: ANN001
    if response.status_code >= 500 or response.status_code == 0:
        record(
            kind="error",
            request=name,
            status=response.status_code,
            vietnamese='lang="vi"' in (response.text or "") or '"error"' in (response.text or ""),
        )


class CommuneReporter(HttpUser):
    wait_time = between(3, 8)  # a clerk types a figure, then the next

    def on_start(self) -> None:
        # Logged in beforehand (fault.py makes each commune's session): the test is about saving
        # through faults, not about hashing 200 passwords at once on a shared machine.
        number = next(_next)
        self.code = COMMUNES[number % len(COMMUNES)]
        self.client_id = number
        self.client.cookies.set("sessionid", SESSIONS[self.code])
        self.entry = f"/reports/{PERIOD}/{self.code}/"
        self.n = 0

    @task
    def save_form(self) -> None:
        with self.client.get(self.entry, name="open the form", catch_response=True) as page:
            check_error(page, "open the form")
            if page.status_code != 200:
                page.failure(f"status {page.status_code}")
                return
            cells = CELL.findall(page.text)
            token = CSRF.search(page.text)
        if not cells or token is None:
            return
        self.n += 1
        values = {
            name: str((self.client_id * 13 + self.n + i) % 97 + 1) for i, (name, _v) in enumerate(cells)
        }
        payload = {
            "cells": [
                {"name": name, "value": values[name], "version": int(version)} for name, version in cells
            ]
        }
        sent = time.time()
        for name in values:
            record(kind="attempt", unit=self.code, cell=name, value=values[name], at=sent)
        with self.client.post(
            f"{self.entry}save/",
            json.dumps(payload),
            name="save the form",
            headers={"Content-Type": "application/json", "X-CSRFToken": token.group(1)},
            catch_response=True,
        ) as response:
            check_error(response, "save the form")
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return
            for cell in response.json().get("cells", []):
                if cell.get("status") == "saved":
                    record(
                        kind="ack", unit=self.code, cell=cell["name"], value=values.get(cell["name"]), at=sent
                    )
