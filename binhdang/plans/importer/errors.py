"""The single error type of the importer; its message is Vietnamese and shown to users."""

from __future__ import annotations


class PlanParseError(Exception):
    """A document could not be read or does not look like a plan.

    ``message`` is a complete Vietnamese sentence meant for the person who uploaded the
    file; ``code`` is a stable English identifier for callers and tests. A limit the file
    exceeds (code ``too_complex``) names itself in ``limit`` ("paragraphs", "cells", …) with its
    numbers in ``params``, so a caller can say the same in the reader's language.
    """

    def __init__(
        self, message: str, code: str = "invalid", *, limit: str = "", params: dict[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.limit = limit
        self.params = params or {}

    def __str__(self) -> str:
        return self.message
