"""Writes of the api app: personal tokens and the DHIS2 mapping. Each is one durable transaction with
one audit row. Figures received through the API are written by the reporting and plans services."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.api.choices import (
    MAX_TOKEN_DAYS,
    MAX_TOKENS_PER_USER,
    TOKEN_LOOKUP_LENGTH,
    TOKEN_PREFIX,
    TOKEN_SECRET_BYTES,
)
from binhdang.api.models import ApiToken
from binhdang.core import audit

# The last use of a token is written at most this often (not on every request).
LAST_USED_EVERY = datetime.timedelta(minutes=5)


def hash_secret(secret: str) -> str:
    """The stored form of a token's secret: 32 random bytes need no slow hash, a SHA-256 suffices."""
    return hashlib.sha256(secret.encode()).hexdigest()


def split_token(raw: str) -> tuple[str, str] | None:
    """("lookup", "secret") of a token as the user sends it, or None when it is not one of ours."""
    raw = raw.strip()
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    lookup, sep, secret = raw[len(TOKEN_PREFIX) :].partition("_")
    if not sep or len(lookup) != TOKEN_LOOKUP_LENGTH or not secret:
        return None
    return lookup, secret


def find_token(raw: str) -> ApiToken | None:
    """The token row this raw token opens (usable or not), or None."""
    parts = split_token(raw)
    if parts is None:
        return None
    lookup, secret = parts
    token = ApiToken.objects.select_related("user").filter(lookup=lookup).first()
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(secret)):
        return None
    return token


@transaction.atomic(durable=True)
def do_create_token(user: Any, name: str, days: int, *, acting_user: Any) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the whole token, which is shown once."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the program that will use it.")})
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError({"days": _("A token lives from 1 to %(max)d days.") % {"max": MAX_TOKEN_DAYS}})
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())
    if live.count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            _("You already have %(max)d tokens in use: revoke one first.") % {"max": MAX_TOKENS_PER_USER}
        )
    if live.filter(name=name).exists():
        raise ValidationError({"name": _("You already have a token with this name.")})
    lookup = secrets.token_hex(TOKEN_LOOKUP_LENGTH // 2)
    secret = secrets.token_urlsafe(TOKEN_SECRET_BYTES)
    token = ApiToken.objects.create(
        user=user,
        name=name[:80],
        lookup=lookup,
        secret_hash=hash_secret(secret),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    audit.record("api.token_created", token, acting_user=acting_user, name=token.name, days=days)
    return token, f"{TOKEN_PREFIX}{lookup}_{secret}"


@transaction.atomic(durable=True)
def do_revoke_token(token: ApiToken, *, acting_user: Any) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record("api.token_revoked", token, acting_user=acting_user, name=token.name)
    return token


def note_token_use(token: ApiToken) -> None:
    """Remember when a token was last used (bookkeeping, not audited; at most every few minutes)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
