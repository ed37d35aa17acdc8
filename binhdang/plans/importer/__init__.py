"""Importer of Vietnamese plan documents (Kế hoạch): reading files and parsing their structure.

Pure Python (python-docx for .docx); no Django imports, so it can run in any worker.
"""

from .errors import PlanParseError
from .parser import parse_plan, read_document

__all__ = ["PlanParseError", "parse_plan", "read_document"]
