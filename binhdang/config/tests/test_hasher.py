"""Tests hash passwords with MD5 (binhdang/conftest.py), and a real login through the form still works."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from binhdang.config.tests.harness import World
from binhdang.core.tests.helpers import PASSWORD


def test_the_tests_hash_passwords_with_md5(world: World, db: None) -> None:
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert world.users["reporter_a"].password.startswith("md5$")


def test_a_persona_logs_in_through_the_login_form(world: World, db: None) -> None:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "daitu.baocao", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    assert client.session[SESSION_KEY] == str(world.users["reporter_a"].pk)
    refused = Client().post(reverse("accounts:login"), {"username": "daitu.baocao", "password": "sai"})
    assert refused.status_code == 200 and SESSION_KEY not in refused.wsgi_request.session
