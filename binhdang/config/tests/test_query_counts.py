"""The heavy pages must not make more queries than their baseline in query_counts.json.

A page that makes more fails with the new number. When the new number is right (a query added on
purpose), rewrite the baselines with

    UPDATE_QUERY_COUNTS=1 .venv/bin/python -m pytest -q binhdang/config/tests/test_query_counts.py

and commit query_counts.json. A page that makes fewer passes and says so: lower its baseline
the same way, so that the next N+1 shows.
"""

from __future__ import annotations

import warnings

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from binhdang.config.tests.harness import (
    PERSONA_OF,
    QUERY_COUNTS_FILE,
    QUERY_PAGES,
    UPDATE_ENV,
    World,
    finish,
    read_query_counts,
    updating_query_counts,
    write_query_count,
)


@pytest.mark.parametrize("key", sorted(QUERY_PAGES))
def test_a_page_makes_no_more_queries_than_its_baseline(key: str, world: World, db: None) -> None:
    page = QUERY_PAGES[key]
    url = reverse(page.url_name, kwargs=page.kwargs(world) if page.kwargs else None)
    params = page.query(world) if page.query else {}
    client = Client()
    client.force_login(world.users[PERSONA_OF[page.visitor]])
    finish(client.get(url, params))  # warm the process (templates, translations); then a cold cache
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        finish(response)
    assert response.status_code == 200, f"{key}: {url} answered {response.status_code}"
    count = len(queries)
    if updating_query_counts():
        write_query_count(key, count)
        return
    baseline = read_query_counts().get(key)
    assert baseline is not None, (
        f"{key} has no baseline in {QUERY_COUNTS_FILE.name}: it makes {count} queries. "
        f"Run with {UPDATE_ENV}=1 to record it."
    )
    listing = "\n".join(f"  {i}. {q['sql'][:200]}" for i, q in enumerate(queries.captured_queries, 1))
    assert count <= baseline, (
        f"{key} ({page.url_name} as {page.visitor}) now makes {count} queries, its baseline is {baseline}.\n"
        f"An N+1? If the new number is right, run with {UPDATE_ENV}=1 to rewrite {QUERY_COUNTS_FILE}.\n"
        f"The queries:\n{listing}"
    )
    if count < baseline:
        warnings.warn(
            f"{key} makes {count} queries, fewer than its baseline {baseline}: lower it with {UPDATE_ENV}=1.",
            stacklevel=1,
        )
