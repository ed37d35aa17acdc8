"""The environment, read through django-environ (``environ.Env``) with this project's rules.

django-environ does the casting (``env.int``, ``env.list``…) and parses the URLs
(``env.db_url``, ``env.email_url``, ``env.cache_url``). :class:`Env` adds what the project
promises in docs/configuration.md:

* a value that cannot be used raises ImproperlyConfigured naming the variable (and the value,
  a URL's password masked), so a mistyped setting stops the server at start-up instead of
  misbehaving later: django-environ's own ``bool`` reads "maybe" as false, its ``db_url``
  accepts any scheme, its ``email_url`` leaves the SMTP port and the timeout unset;
* any variable NAME can be given as NAME_FILE, the path of a file holding the value (container
  secrets; surrounding white space, such as the file's last newline, is dropped);
* no ``$NAME`` interpolation: a secret key or a password may begin with "$".
"""

from __future__ import annotations

import warnings
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from environ.fileaware_mapping import FileAwareMapping

NOTSET = environ.Env.NOTSET
TRUE_STRINGS = environ.Env.BOOLEAN_TRUE_STRINGS  # true, on, ok, y, yes, 1
FALSE_STRINGS = ("false", "off", "no", "n", "0", "")

# The schemes of EMAIL_URL, all django-environ's except "smtps" (which it reads as STARTTLS, where
# most software means implicit TLS: say smtp+tls:// or smtp+ssl://), and the default SMTP ports.
EMAIL_SCHEMES = {s: b for s, b in environ.Env.EMAIL_SCHEMES.items() if s != "smtps"}
SMTP_PORTS = {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}
EMAIL_OPTIONS = {"TIMEOUT": "EMAIL_TIMEOUT"}  # ?timeout=10
CACHE_SCHEMES = ("redis", "rediss", "unix")
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def shown(url: str) -> str:
    """``url`` for a message, its password (if any) masked."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return repr(url)
    if not password:
        return repr(url)
    netloc = parts.netloc.replace(f":{password}@", ":***@", 1)
    return repr(SplitResult(parts.scheme, netloc, parts.path, parts.query, parts.fragment).geturl())


class _Environment(FileAwareMapping):
    """os.environ where NAME_FILE, when set, gives NAME the content of that file."""

    def __getitem__(self, key: str) -> str:
        file_path = self.env.get(f"{key}_FILE")
        if file_path:
            try:
                return Path(file_path).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ImproperlyConfigured(f"{key}_FILE={file_path!r} cannot be read: {exc}") from exc
        return self.env[key]


class Env(environ.Env):
    ENVIRON = _Environment(cache=False)

    def get_value(self, var, cast=None, default=NOTSET, parse_default=False):
        """The variable's value cast, or ``default``; ImproperlyConfigured naming it if it cannot be."""
        try:
            value = self.ENVIRON[var]
        except KeyError:
            if default is NOTSET:
                raise ImproperlyConfigured(f"Set the {var} environment variable.") from None
            if not parse_default or default is None:
                return default
            value = default
        if cast is None and default is not None and default is not NOTSET:
            cast = type(default)
        try:
            return self.parse_value(value, cast)
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(f"{var}={shown(value)} cannot be read: {exc}") from exc

    def bool(self, var, default=NOTSET):
        value = self.get_value(var, cast=str, default=default)
        if isinstance(value, bool) or value is None:
            return value
        lowered = value.strip().lower()
        if lowered in TRUE_STRINGS:
            return True
        if lowered in FALSE_STRINGS:
            return False
        raise ImproperlyConfigured(f"{var}={value!r} is not a boolean; use true or false.")

    def int(self, var, default=NOTSET):
        value = self.get_value(var, cast=str, default=default)
        if not isinstance(value, str):
            return value
        if value.strip() == "" and default is not NOTSET:
            return default
        try:
            return int(value)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{var}={value!r} is not a whole number.") from exc

    def list(self, var, cast=None, default=NOTSET):
        """Comma-separated items, each stripped of white space; empty items dropped."""
        items = super().list(var, cast=cast, default=default)
        return [item.strip() if isinstance(item, str) else item for item in items if str(item).strip()]

    def db_url(self, var=environ.Env.DEFAULT_DATABASE_ENV, default=NOTSET, engine=None):
        url = self.str(var, default=default) or (default if isinstance(default, str) else "")
        scheme = url.partition("://")[0]
        if engine is None and scheme not in self.DB_SCHEMES:
            raise ImproperlyConfigured(
                f"{var}={shown(url)}: unknown scheme {scheme!r}; use sqlite:///path or postgres://…"
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # "SQLite URL contains host component …" is a mistake too
                config = self.db_url_config(url, engine=engine)
        except (ValueError, UserWarning) as exc:
            raise ImproperlyConfigured(f"{var}={shown(url)} cannot be read: {exc}") from exc
        if isinstance(config.get("HOST"), str):  # a socket directory, postgres://u@%2Frun%2Fpostgresql/db
            config["HOST"] = unquote(config["HOST"])
        return config

    db = db_url

    def email_url(self, var=environ.Env.DEFAULT_EMAIL_ENV, default=NOTSET, backend=None):
        return parse_email_url(var, self.str(var, default=default))

    email = email_url

    def cache_url(self, var=environ.Env.DEFAULT_CACHE_ENV, default=NOTSET, backend=None):
        """A Redis cache: redis://host:port/db, rediss://… (TLS) or unix:///path/to/socket."""
        url = self.str(var, default=default)
        scheme = url.partition("://")[0].lower()
        if scheme not in CACHE_SCHEMES:
            raise ImproperlyConfigured(
                f"{var} must be a redis://, rediss:// or unix:// address: {shown(url)}"
            )
        if scheme == "unix":
            return {"BACKEND": backend or REDIS_CACHE, "LOCATION": url}
        try:
            return self.cache_url_config(url, backend=backend or REDIS_CACHE)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{var}={shown(url)} cannot be read: {exc}") from exc

    cache = cache_url


def parse_email_url(name: str, url: str) -> dict[str, object]:
    """EMAIL_URL (smtp://user:pass@host:port, smtp+tls://…, smtp+ssl://…, consolemail://…) as settings.

    django-environ parses it; the SMTP port defaults to the scheme's (25, 587 STARTTLS, 465 TLS),
    ``?timeout=`` sets EMAIL_TIMEOUT, and filemail:///path keeps its absolute path.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in EMAIL_SCHEMES:
        known = ", ".join(f"{s}://" for s in EMAIL_SCHEMES)
        raise ImproperlyConfigured(f"{name}={shown(url)}: unknown scheme {scheme!r}; use one of {known}.")
    try:
        parsed = Env.email_url_config(url)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={shown(url)}: the port is not a number.") from exc
    config: dict[str, object] = {"EMAIL_BACKEND": EMAIL_SCHEMES[scheme]}
    if scheme in SMTP_PORTS:
        if not parsed["EMAIL_HOST"]:
            raise ImproperlyConfigured(f"{name}={shown(url)}: the SMTP host is missing.")
        config.update(
            EMAIL_HOST=parsed["EMAIL_HOST"],
            EMAIL_PORT=parsed["EMAIL_PORT"] or SMTP_PORTS[scheme],
            EMAIL_HOST_USER=parsed["EMAIL_HOST_USER"] or "",
            EMAIL_HOST_PASSWORD=parsed["EMAIL_HOST_PASSWORD"] or "",
            EMAIL_USE_TLS=scheme == "smtp+tls",
            EMAIL_USE_SSL=scheme == "smtp+ssl",
        )
    elif scheme == "filemail":
        config["EMAIL_FILE_PATH"] = parts.path or "var/mail"
    for option, value in parsed.get("OPTIONS", {}).items():
        where = f"{name}={shown(url)}: {option.lower()}"
        if option not in EMAIL_OPTIONS:
            known = ", ".join(key.lower() for key in EMAIL_OPTIONS)
            raise ImproperlyConfigured(f"{where} is not an option; use {known}.")
        try:
            config[EMAIL_OPTIONS[option]] = int(value)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{where} is not a whole number.") from exc
    return config


env = Env()
