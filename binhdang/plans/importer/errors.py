"""The single error type of the importer; its message is Vietnamese and shown to users."""

from __future__ import annotations


class PlanParseError(Exception):
    """A document could not be read or does not look like a plan.

    ``message`` is a complete Vietnamese sentence meant for the person who uploaded the
    file; ``code`` is a stable English identifier for callers and tests.
    """

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message
