"""Reading an uploaded workbook in a child process with a memory and a time limit.

The reader's own guards (lib.uploads counts, read-only streaming within the form's bounds) keep a
hostile file cheap; this is the last line: the read runs in a forked child whose address space is
capped with ``resource.setrlimit(RLIMIT_AS)`` and which is killed after a time limit, so whatever a
file costs, it costs only its own upload, never the web worker, with a Vietnamese message. Where
fork or resource limits do not exist (not Linux), the read runs in-process.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import pickle
import resource
import sys
from typing import Any

from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from binhdang.reporting.spec import FormSpec

from .common import CellError, XlsxImportError
from .reader import BaseVersions, read_base_versions, read_report_xlsx

MIB = 1024 * 1024
try:
    _LIBC: Any = ctypes.CDLL("libc.so.6")
except OSError:  # not glibc
    _LIBC = None


def _address_space() -> int:
    """The bytes of address space this process holds now (the child starts with as much)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _child(connection: Any, data: bytes, spec: FormSpec, max_bytes: int, memory: int, language: str) -> None:
    try:
        if _LIBC is not None:
            _LIBC.malloc_trim(0)  # hand the heap's free pages back first: the budget is the read's own
        limit = _address_space() + memory  # what the fork inherited, and the budget of the read on top
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        with override(language):
            try:
                result: Any = (
                    "ok",
                    read_report_xlsx(data, spec, max_bytes=max_bytes),
                    read_base_versions(data, spec),
                )
            except XlsxImportError as exc:
                result = ("errors", [CellError(e.sheet, e.cell, str(e.message)) for e in exc.errors], None)
            except MemoryError:
                result = ("memory", None, None)
        connection.send_bytes(pickle.dumps(result))
    except MemoryError:
        connection.send_bytes(pickle.dumps(("memory", None, None)))
    finally:
        connection.close()


def _refused(message: str) -> XlsxImportError:
    return XlsxImportError([CellError("", "", message)])


def read_isolated(
    data: bytes, spec: FormSpec, *, max_bytes: int, memory_mb: float, seconds: int
) -> tuple[Any, BaseVersions | None]:
    """``read_report_xlsx`` and ``read_base_versions`` of ``data``, in a child allowed ``memory_mb`` of
    address space beyond what it inherits, and ``seconds``; raises XlsxImportError (with a message for
    the person when a limit was reached)."""
    if not sys.platform.startswith("linux") or memory_mb <= 0:
        return read_report_xlsx(data, spec, max_bytes=max_bytes), read_base_versions(data, spec)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(sender, data, spec, max_bytes, int(memory_mb * MIB), get_language() or "vi"),
        daemon=True,
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            child.kill()
            raise _refused(
                _("Reading the file took longer than %(seconds)s seconds: it cannot be imported.")
                % {"seconds": seconds}
            )
        try:
            kind, first, second = pickle.loads(receiver.recv_bytes())  # noqa: S301 (our own child's answer)
        except EOFError:
            kind, first, second = "memory", None, None  # the child died without answering
    finally:
        receiver.close()
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
    if kind == "memory":
        raise _refused(_("Reading the file needs more memory than allowed: it cannot be imported."))
    if kind == "errors":
        raise XlsxImportError(first)
    return first, second
