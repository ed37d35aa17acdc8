"""The shape of the code: no import cycles between the project's modules (tests aside), and no
import inside a function unless it is marked on its line as an optional dependency. (`make test` runs the
layers contract itself with `lint-imports`.)"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parents[2]
MARK = "optional"


def _project_module(name: str) -> bool:
    return not any(part in name.split(".") for part in ("tests", "migrations", "conftest"))


def _cycles(adjacency: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in adjacency:
        if start in index:
            continue
        work = [(start, iter(sorted(adjacency[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(adjacency[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_cycles_are_found_by_the_check() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_of_the_project_imports_itself_round_a_cycle() -> None:
    graph = grimp.build_graph("binhdang")
    modules = {name for name in graph.modules if _project_module(name)}
    adjacency = {
        name: {other for other in graph.find_modules_directly_imported_by(name) if other in modules}
        - {name}
        for name in modules
    }
    cycles = _cycles(adjacency)
    assert not cycles, "Import cycles: " + "; ".join(" ↔ ".join(c) for c in cycles)


def test_imports_inside_functions_are_only_optional_dependencies() -> None:
    """In the application and in its tests alike (migrations aside, which Django writes)."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent)
        if "migrations" in relative.parts:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom) and MARK not in lines[inner.lineno - 1]:
                    offenders.append(f"{relative}:{inner.lineno}: {lines[inner.lineno - 1].strip()}")
    assert not offenders, "Imports inside functions (move them to the top, or mark an optional one):\n" + (
        "\n".join(sorted(set(offenders)))
    )
