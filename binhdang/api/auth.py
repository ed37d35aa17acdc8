"""How the API knows who calls: a personal token sent as DHIS2 sends one (`Authorization: ApiToken …`),
HTTP Basic with the user's password (what DHIS2 tools use by default; through django-axes, so the
login page's lockout applies; HTTPS only in production), or the site's session. Each token has its
own rate limit, and every write made through the API is audited with how it came (the token's name)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, throttling
from rest_framework.request import Request
from rest_framework.settings import api_settings

from binhdang.api.models import ApiToken
from binhdang.api.services import find_token, note_token_use
from binhdang.core import audit

KEYWORD = "ApiToken"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: ApiToken bd_…`: an expired or revoked token is refused (401)."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1", "replace")
        keyword, _sep, raw = header.partition(" ")
        if keyword != KEYWORD:
            return None
        token = find_token(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This API token is not valid."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This API token was revoked."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The account of this API token is disabled."))
        if not token.is_usable():
            raise exceptions.AuthenticationFailed(_("This API token has expired."))
        note_token_use(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="api", Basic realm="api"'


class BasicAuthentication(authentication.BasicAuthentication):
    """DRF's HTTP Basic (django.contrib.auth.authenticate, so django-axes counts failures and locks
    out as on the login page), refused over plain HTTP in production."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        header = authentication.get_authorization_header(request)
        if (
            header[:6].lower() == b"basic "
            and getattr(settings, "PRODUCTION", False)
            and not request.is_secure()
        ):
            raise exceptions.AuthenticationFailed(_("The password may only be sent over HTTPS."))
        return super().authenticate(request)

    def authenticate_credentials(self, userid: str, password: str, request: Any = None) -> tuple[Any, None]:
        # django-axes marks the lockout on Django's request, where its middleware answers it with the
        # login page's lockout (429): give it that request, not DRF's wrapper.
        return super().authenticate_credentials(userid, password, getattr(request, "_request", request))


class SessionAuthentication(authentication.SessionAuthentication):
    """The site's own pages: the session cookie, with the CSRF check on writes."""


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Each token its own rate (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_token"])."""

    scope = "api_token"

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # read now: settings may change

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


def how(request: Request) -> dict[str, Any]:
    """What an audit row of this request says about how it came."""
    if isinstance(request.auth, ApiToken):
        return {"via": "api", "auth": "token", "token": request.auth.name, "token_id": request.auth.pk}
    if isinstance(request.successful_authenticator, SessionAuthentication):
        return {"via": "api", "auth": "session"}
    return {"via": "api", "auth": "basic"}


class AuditedMixin:
    """For API views: every audit row written while the view runs says how the request came."""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        with audit.attributed({}) as details:
            self._attribution = details
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if request.user.is_authenticated:
            self._attribution.update(how(request))
