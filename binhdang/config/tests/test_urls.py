"""Every URL of the site, visited by every kind of visitor (the table is in harness.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from binhdang.api.services import do_create_token
from binhdang.config.tests.harness import PERSONA_OF, URLS, VISITORS, World, finish, url_names


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", sorted(URLS))
def test_every_url_answers_each_visitor_as_declared(name: str, visitor: str, world: World, db: None) -> None:
    case = URLS[name]
    url = reverse(name, kwargs=case.kwargs(world) if case.kwargs else None)
    client = Client(raise_request_exception=False)  # a 500 is a status to declare, not a crash
    if visitor != "anonymous":
        client.force_login(world.users[PERSONA_OF[visitor]])
    response = getattr(client, case.method)(url, case.query(world) if case.query else {})
    try:
        expected = case.expected(visitor)
        assert response.status_code == expected, (
            f"{name} ({case.method.upper()} {url}) as {visitor}: {response.status_code}, declared {expected}"
        )
        if visitor == "anonymous" and expected == 302:
            login = resolve_url(settings.LOGIN_URL)
            assert response["Location"].startswith(login + "?next="), (
                f"{name}: an anonymous visitor is sent to {response['Location']}, not to the login page"
            )
    finally:
        finish(response)  # downloads hold their file open until read


def test_every_url_pattern_has_a_row_in_the_table() -> None:
    """The admin and i18n/ are not in the table: they are Django's own (see url_names)."""
    patterns = set(url_names())
    missing, extra = sorted(patterns - set(URLS)), sorted(set(URLS) - patterns)
    assert not missing and not extra, (
        "binhdang/config/tests/harness.py URLS does not match the URL patterns.\n"
        f"  Patterns without a row (add them): {missing}\n"
        f"  Rows without a pattern (rename or remove them): {extra}"
    )


@pytest.mark.parametrize("visitor", [v for v in VISITORS if v != "anonymous"])
@pytest.mark.parametrize("name", sorted(name for name, case in URLS.items() if case.token))
def test_every_api_url_answers_a_token_as_the_session(
    name: str, visitor: str, world: World, db: None
) -> None:
    """The API's rows again, with the visitor's personal token (`Authorization: ApiToken …`) in place
    of the session: the same scope, so the same status."""
    case = URLS[name]
    url = reverse(name, kwargs=case.kwargs(world) if case.kwargs else None)
    _token, raw = do_create_token(world.users[PERSONA_OF[visitor]], "harness", 1, acting_user=None)
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"ApiToken {raw}")
    response = getattr(client, case.method)(url, case.query(world) if case.query else {})
    try:
        assert response.status_code == case.expected(visitor), (
            f"{name} ({url}) with {visitor}'s token: {response.status_code}, "
            f"declared {case.expected(visitor)}"
        )
    finally:
        finish(response)
