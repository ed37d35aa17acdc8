"""An upload whose file name Django cannot read is answered with what is wrong with it.

Django's multipart parser drops a file part whose headers are not UTF-8 (the form then says the file
is "required") and refuses the whole request when a part's headers pass 1 KB (a file name of a
thousand characters: a bare "Bad Request"). This middleware watches the part headers as the parser
reads them and, when a file name is the problem, sends the user back to the page with a message
naming it. Nothing of such a request reaches a view.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

MAX_NAME = 255  # characters, as every file system keeps them

_FILENAME = re.compile(
    rb'\r\nContent-Disposition:[^\r\n]*?\bfilename=(?:"([^"\r\n]*)"|([^;\r\n]*))', re.I
)


class _Watched:
    """The request's body stream, read through: the file names of the part headers are checked."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.tail = b""
        self.problem = ""

    def _look(self, data: bytes) -> None:
        window = self.tail + data
        for match in _FILENAME.finditer(window):
            raw = match.group(1) if match.group(1) is not None else match.group(2)
            try:
                name = raw.decode("utf-8")
            except UnicodeDecodeError:
                self.problem = self.problem or "encoding"
                continue
            if len(name) > MAX_NAME:
                self.problem = self.problem or "length"
        self.tail = window[-2048:]

    def read(self, *args: Any) -> bytes:
        data = self.stream.read(*args)
        if data:
            self._look(data)
        return data

    def readline(self, *args: Any) -> bytes:
        data = self.stream.readline(*args)
        if data:
            self._look(data)
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _message(problem: str) -> str:
    if problem == "length":
        return _(
            "The file's name is too long (more than %(limit)s characters): rename the file with a "
            "shorter name and upload it again."
        ) % {"limit": MAX_NAME}
    return _(
        "The file's name could not be read (it is not written in Unicode): rename the file, for "
        "example with only letters and digits, and upload it again."
    )


class UploadNamesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or not request.content_type.startswith("multipart/"):
            return self.get_response(request)
        watched = _Watched(request._stream)  # type: ignore[attr-defined]
        request._stream = watched  # type: ignore[attr-defined]
        try:
            request.POST  # noqa: B018 (parse now, through the watcher)
        except MultiPartParserError:
            if not watched.problem:
                raise
        if not watched.problem:
            return self.get_response(request)
        message = _message(watched.problem)
        back = request.META.get("HTTP_REFERER", "")
        if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            messages.error(request, message)
            return HttpResponseRedirect(back)
        return render(request, "errors/upload_name.html", {"message": message}, status=400)
