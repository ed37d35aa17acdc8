"""Encryption at rest of a survivor's identity, and the keyed hash that finds a survivor again.

The keys come from the environment (`settings.GBV_KEYS`, Fernet keys, newest first): the first key
encrypts, every key listed decrypts, so during a rotation the old and the new key are both readable
(`manage.py rotate_gbv_keys` re-encrypts every row with the first key, then the old key can go).

The search hash is an HMAC-SHA256 of the folded name, the birth year and the commune code, under a
key derived from the first Fernet key: the same survivor registered by two services gives the same
hash, and the hash reveals nothing without the key. Rotating re-computes the hashes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

from binhdang.lib.text import fold_vi

PREFIX = "gbv1:"  # marks a stored token, so that a plain value is never mistaken for one


class KeyError_(Exception):  # noqa: N801 - not the builtin KeyError
    """The stored value cannot be decrypted with any configured key."""


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.GBV_KEYS))


def encrypt(text: str) -> str:
    if not text:
        return ""
    return PREFIX + fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    if not token.startswith(PREFIX):
        raise KeyError_("not an encrypted value")
    try:
        return fernet().decrypt(token[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise KeyError_("no configured key decrypts this value") from exc


def _hash_key() -> bytes:
    first = base64.urlsafe_b64decode(settings.GBV_KEYS[0].encode())
    return hmac.new(first, b"binhdang-gbv-search-v1", hashlib.sha256).digest()


def search_hash(full_name: str, birth_year: int | None, commune_code: str) -> str:
    """The keyed hash of a survivor: folded name (no accents, case or extra spaces) + year + commune."""
    material = "|".join([fold_vi(full_name or ""), str(birth_year or ""), commune_code or ""])
    return hmac.new(_hash_key(), material.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored as a Fernet token: the database, its dumps and backups hold no plaintext."""

    def from_db_value(self, value: str | None, expression: object, connection: object) -> str:
        return decrypt(value) if value else ""

    def get_prep_value(self, value: object) -> str:
        value = super().get_prep_value(value)
        return encrypt(value) if value else ""
