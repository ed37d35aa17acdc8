"""Deadline-surge load: commune reporters open, save and submit their forms; coordinators watch.

Run by bench/load/run.py (gunicorn on PostgreSQL, 127.0.0.1 only, bounded time). Each virtual
reporter logs in as its own commune (accounts made by run.py: load.<commune code>).
"""

from __future__ import annotations

import itertools
import json
import os
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "Load-test-2026")
COMMUNES = [code for code in os.environ.get("LOAD_COMMUNES", "").split(",") if code]
PERIOD = os.environ.get("LOAD_PERIOD", "1")
_next = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CELL = re.compile(r'name="(v:STAFF_OFFICIALS:[MF]::::)"[^>]*data-version="(\d+)"')


def login(user: HttpUser, username: str) -> None:
    page = user.client.get("/accounts/login/", name="login page")
    token = CSRF.search(page.text).group(1)
    user.client.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        name="log in",
    )


class CommuneReporter(HttpUser):
    weight = 9
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.code = COMMUNES[next(_next) % len(COMMUNES)]
        login(self, f"load.{self.code}")
        self.entry = f"/reports/{PERIOD}/{self.code}/"
        self.n = 0
        self.submitted = False

    @task(5)
    def save_form(self) -> None:
        if self.submitted:  # a sent report is read, no longer typed into
            self.client.get(self.entry, name="open the form")
            return
        page = self.client.get(self.entry, name="open the form")
        cells = CELL.findall(page.text)
        token = CSRF.search(page.text).group(1)
        self.n += 1
        payload = {
            "cells": [
                {"name": name, "value": str((self.n + i) % 7 + 1), "version": int(version)}
                for i, (name, version) in enumerate(cells)
            ]
        }
        self.client.post(
            f"{self.entry}save/",
            json.dumps(payload),
            name="save the form",
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
        )

    @task(1)
    def submit(self) -> None:
        if self.submitted or self.n < 3:  # type a few times before sending
            return
        page = self.client.get(self.entry, name="open the form")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            f"{self.entry}step/submit/", {"csrfmiddlewaretoken": token}, name="submit", allow_redirects=False
        )
        self.submitted = True


class Coordinator(HttpUser):
    weight = 1
    wait_time = between(2, 5)

    def on_start(self) -> None:
        login(self, "snv.dieuphoi")

    @task
    def completeness(self) -> None:
        self.client.get(f"/reports/{PERIOD}/progress/", name="who has reported")
