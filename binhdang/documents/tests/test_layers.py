"""The rules of `binhdang/documents/__init__.py`, checked on the source: renderers never query, no
other app imports documents, no imports inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]
BINHDANG = PACKAGE.parent
ORCHESTRATION = {"jobs.py", "tasks.py", "views.py", "urls.py"}
FORBIDDEN = ("django.db", "binhdang.analytics.engine")


def _modules(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "tests" not in path.relative_to(folder).parts)


def _imported(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _renderers() -> list[Path]:
    return [
        path
        for path in _modules(PACKAGE)
        if path.name not in ORCHESTRATION
        and "management" not in path.relative_to(PACKAGE).parts
        and "templatetags" not in path.relative_to(PACKAGE).parts
    ]


@pytest.mark.parametrize("path", _renderers(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_renderers_never_query(path: Path) -> None:
    for name in _imported(ast.parse(path.read_text(encoding="utf-8"))):
        parts = name.split(".")
        assert not name.startswith(FORBIDDEN), name
        assert "models" not in parts[1:] and "services" not in parts[1:], name


def test_no_other_app_imports_documents() -> None:
    importers = []
    for path in _modules(BINHDANG) + sorted(BINHDANG.rglob("tests/*.py")):
        if PACKAGE in path.parents:
            continue
        for name in _imported(ast.parse(path.read_text(encoding="utf-8"))):
            if name == "binhdang.documents" or name.startswith("binhdang.documents."):
                importers.append(f"{path.relative_to(BINHDANG)}: {name}")
    assert importers == []


@pytest.mark.parametrize("path", _modules(PACKAGE), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_imports_inside_functions(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            inner = [n for n in ast.walk(function) if isinstance(n, ast.Import | ast.ImportFrom)]
            assert inner == [], f"{path.name}: {function.name}"
