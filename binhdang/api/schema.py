"""drf-spectacular's hooks: every operation declares the errors it may answer (so that a client,
and schemathesis, know them), and the two ways to send credentials."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERRORS = {
    "400": "The request is not valid; the body names the field.",
    "401": "No credentials, or a token that is not valid, expired or revoked.",
    "403": "Signed in, but not allowed to do this.",
    "404": "Not there, or outside your scope.",
    "405": "Method not allowed.",
    "409": "Conflict: the import summary or the current state says why.",
    "415": "Unsupported media type.",
    "429": "Too many requests with this token, or too many failed passwords.",
}
ERROR_SCHEMA = {"type": "object", "additionalProperties": True}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                response = responses.setdefault(code, {"description": description})
                content = response.setdefault("content", {})
                content.setdefault("application/json", {"schema": ERROR_SCHEMA})
                # Django's own pages (a path that resolves to nothing, the lockout page) are HTML.
                content.setdefault("text/html", {"schema": {"type": "string"}})
    return result


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "binhdang.api.auth.ApiTokenAuthentication"
    name = "ApiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`ApiToken bd_…`: a personal token from the “API tokens” page.",
        }


class BasicScheme(OpenApiAuthenticationExtension):
    target_class = "binhdang.api.auth.BasicAuthentication"
    name = "basicAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "basic"}


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "binhdang.api.auth.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
