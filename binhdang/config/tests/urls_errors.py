"""A test-only URLconf: views that fail on purpose, to show the error pages (test_error_pages.py)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

SECRET = "db-password-in-a-traceback"


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"an internal detail the user must not see: {SECRET}")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(SECRET)


def bad(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation(SECRET)


urlpatterns = [
    path("crash/", crash),
    path("forbidden/", forbidden),
    path("bad/", bad),
    path("", include("binhdang.config.urls")),  # the site's names, for the pages that extend base.html
]
