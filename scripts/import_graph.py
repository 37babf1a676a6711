"""The package's own import graph, counting every import: module-level, function-level and ``TYPE_CHECKING``.

Import cycles hidden behind a function-level or ``TYPE_CHECKING`` import still tie modules together (neither can be
read, tested or moved without the other), so the layout is kept honest by walking the source rather than by importing
it. ``python scripts/import_graph.py`` prints the number of cycles (strongly connected components of more than one
module, or a module importing itself) and the number of function-level intra-package imports; a guard test runs the
same functions and demands zero cycles.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "pinterest_mcp"


@dataclass(frozen=True)
class Edge:
    """One import of a package module by another: where it sits decides whether it loads at import time."""

    source: str
    target: str
    kind: str  # "module", "function" or "type_checking"
    line: int


def modules(src: Path) -> dict[str, Path]:
    """Every module of the package under ``src``, by dotted name (packages by their own name, not ``__init__``)."""
    found: dict[str, Path] = {}
    for path in sorted((src / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[tuple[ast.Import | ast.ImportFrom, str]]:
    """Each import statement with its kind, found by walking scopes (a function body makes everything in it lazy)."""

    def walk(node: ast.AST, kind: str) -> Iterator[tuple[ast.Import | ast.ImportFrom, str]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, kind
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                yield from walk(child, "function")
            elif isinstance(child, ast.If) and _is_type_checking(child.test) and kind == "module":
                for stmt in child.body:
                    yield from walk(ast.Module(body=[stmt], type_ignores=[]), "type_checking")
                for stmt in child.orelse:
                    yield from walk(ast.Module(body=[stmt], type_ignores=[]), kind)
            else:
                yield from walk(child, kind)

    yield from walk(tree, "module")


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The package module an imported name lives in: the longest known prefix of the dotted name."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def edges(src: Path) -> list[Edge]:
    """Every intra-package import edge under ``src`` (``from pkg import mod`` counts as an edge to ``pkg.mod``)."""
    known = modules(src)
    found: list[Edge] = []
    for name, path in known.items():
        is_package = path.name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        for node, kind in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{alias.name}" for alias in node.names]
            for dotted in targets:
                target = _resolve(dotted, known)
                if target is not None and target != name and target.startswith(PACKAGE):
                    found.append(Edge(name, target, kind, node.lineno))
    return found


def cycles(graph_edges: list[Edge]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm, iterative)."""
    graph: dict[str, set[str]] = {}
    for edge in graph_edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--src", type=Path, default=Path(__file__).resolve().parent.parent / "src")
    parser.add_argument("--verbose", action="store_true", help="list each cycle's modules and each lazy import")
    args = parser.parse_args(argv)
    graph_edges = edges(args.src)
    found = cycles(graph_edges)
    lazy = [edge for edge in graph_edges if edge.kind == "function"]
    typing_only = [edge for edge in graph_edges if edge.kind == "type_checking"]
    print(f"modules: {len(modules(args.src))}")
    statements = len({(edge.source, edge.line) for edge in lazy})
    print(f"import edges: {len(graph_edges)} (function-level {len(lazy)}, TYPE_CHECKING {len(typing_only)})")
    print(f"function-level intra-package import statements: {statements}")
    print(f"cycles: {len(found)}")
    if args.verbose:
        for component in found:
            print("  cycle:", ", ".join(component))
        for edge in lazy:
            print(f"  lazy: {edge.source}:{edge.line} -> {edge.target}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
