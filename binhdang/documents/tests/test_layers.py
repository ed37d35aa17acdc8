"""The rule of `binhdang/documents/__init__.py` that import-linter cannot say: renderers never query
(no database, model, service or query module). That no lower app imports documents is the layers
contract (`lint-imports`); imports inside functions are checked for the whole project in
`binhdang/core/tests/test_architecture.py`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]
BINHDANG = PACKAGE.parent
ORCHESTRATION = {"jobs.py", "tasks.py", "views.py", "urls.py", "models.py", "services.py", "choices.py"}
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
        and "migrations" not in path.relative_to(PACKAGE).parts
    ]


@pytest.mark.parametrize("path", _renderers(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_renderers_never_query(path: Path) -> None:
    for name in _imported(ast.parse(path.read_text(encoding="utf-8"))):
        parts = name.split(".")
        assert not name.startswith(FORBIDDEN), name
        assert "models" not in parts[1:] and "services" not in parts[1:], name
