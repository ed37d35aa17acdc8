"""Abuse protection without third parties: fixed-window counters (core.throttle), a honeypot field
and a signed time-to-fill stamp. Limits can be changed in settings (FEEDBACK_LIMITS)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from binhdang.core import throttle

# name → (requests allowed, window in seconds)
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "submit_ip": (10, 600),  # filings from one address
    "lookup_ip": (30, 600),  # status look-ups from one address
    "lookup_miss_ip": (10, 3600),  # look-ups of a code that does not exist, from one address
    "lookup_code": (20, 3600),  # look-ups of one code, from anywhere
}
MIN_FILL_SECONDS = 3  # a person does not read the form and type a text in less
MAX_FILL_SECONDS = 4 * 3600
STAMP_SALT = "feedback.form-started"


def limit(name: str) -> tuple[int, int]:
    return getattr(settings, "FEEDBACK_LIMITS", {}).get(name, DEFAULT_LIMITS[name])


def client_ip(request: HttpRequest) -> str:
    for header in getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", ["REMOTE_ADDR"]):
        value = request.META.get(header, "")
        if value:
            return value.split(",")[0].strip()
    return "unknown"


def allow(name: str, who: str) -> bool:
    """Count one request of `who` against the limit `name`; False once the limit is passed."""
    allowed, window = limit(name)
    return throttle.allow(f"feedback:{name}", who, limit=allowed, window=window)


def retry_after(name: str) -> int:
    _allowed, window = limit(name)
    return throttle.retry_after(window)


def stamp() -> str:
    """The signed moment the form was shown, for the time-to-fill check."""
    return signing.dumps(time.time(), salt=STAMP_SALT)


def filled_too_fast(value: str) -> bool | None:
    """True when the form came back faster than a person fills it, None when the stamp is missing,
    forged or too old, False when all is well."""
    try:
        shown = float(signing.loads(value, salt=STAMP_SALT, max_age=MAX_FILL_SECONDS))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    minimum = getattr(settings, "FEEDBACK_MIN_FILL_SECONDS", MIN_FILL_SECONDS)
    return time.time() - shown < minimum
