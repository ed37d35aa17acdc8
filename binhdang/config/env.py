"""Typed, fail-fast readers of the environment (after healthchecks' envbool/envint).

Every reader raises ImproperlyConfigured with a message that names the variable and the
value it could not use, so a mistyped setting stops the server at start-up instead of
misbehaving later. A variable NAME can also be given as NAME_FILE, the path of a file
holding the value (for container secrets).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_raw(name: str) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_path!r} cannot be read: {exc}") from exc
    return os.environ.get(name)


def env_str(name: str, default: str = "") -> str:
    value = env_raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = env_raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use true or false.")


def env_int(name: str, default: int) -> int:
    value = env_raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


EMAIL_SCHEMES = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
    "consolemail": "django.core.mail.backends.console.EmailBackend",
    "filemail": "django.core.mail.backends.filebased.EmailBackend",
    "memorymail": "django.core.mail.backends.locmem.EmailBackend",
    "dummymail": "django.core.mail.backends.dummy.EmailBackend",
}


def parse_email_url(name: str, url: str) -> dict[str, object]:
    """Turn EMAIL_URL (smtp://user:pass@host:port, smtp+tls://…, consolemail://) into settings."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in EMAIL_SCHEMES:
        known = ", ".join(f"{s}://" for s in EMAIL_SCHEMES)
        raise ImproperlyConfigured(f"{name}={url!r}: unknown scheme {scheme!r}; use one of {known}.")
    config: dict[str, object] = {"EMAIL_BACKEND": EMAIL_SCHEMES[scheme]}
    if scheme.startswith("smtp"):
        if not parts.hostname:
            raise ImproperlyConfigured(f"{name}={url!r}: the SMTP host is missing.")
        try:
            port = parts.port
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name}={url!r}: the port is not a number.") from exc
        config.update(
            EMAIL_HOST=parts.hostname,
            EMAIL_PORT=port or (465 if scheme == "smtp+ssl" else 587 if scheme == "smtp+tls" else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=scheme == "smtp+tls",
            EMAIL_USE_SSL=scheme == "smtp+ssl",
        )
        timeout = parse_qs(parts.query).get("timeout")
        if timeout:
            config["EMAIL_TIMEOUT"] = int(timeout[0])
    elif scheme == "filemail":
        config["EMAIL_FILE_PATH"] = parts.path or "var/mail"
    return config
