"""The package's layout stays as drawn: no import cycle, counting every import, and few top-level modules.

`lint-imports` (CI) keeps lower layers from importing higher ones; this guard counts the cycles over
the whole import graph, module-level, function-level and `TYPE_CHECKING` imports alike, with
`scripts/import_graph.py`, which walks the source rather than importing it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pinterest_mcp

REPO = Path(__file__).resolve().parents[2]
SRC = Path(pinterest_mcp.__file__).resolve().parents[1]
MAX_TOP_LEVEL_MODULES = 8


def import_graph() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_graph", REPO / "scripts" / "import_graph.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_no_import_cycle_counting_every_import() -> None:
    graph = import_graph()
    edges = graph.edges(SRC)
    assert {edge.kind for edge in edges} == {"module", "function", "type_checking"}  # the walk sees all three
    assert graph.cycles(edges) == []


def test_a_cycle_hidden_behind_a_function_level_import_is_found(tmp_path: Path) -> None:
    package = tmp_path / "pinterest_mcp"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pinterest_mcp.b import B\n")
    (package / "b.py").write_text("def f():\n    from pinterest_mcp import a\n    return a\n")
    graph = import_graph()
    assert graph.cycles(graph.edges(tmp_path)) == [["pinterest_mcp.a", "pinterest_mcp.b"]]


def test_the_top_level_holds_only_the_entry_points_and_the_composition_root() -> None:
    modules = sorted(path.name for path in (SRC / "pinterest_mcp").glob("*.py"))
    assert len(modules) <= MAX_TOP_LEVEL_MODULES, modules
    assert modules == ["__init__.py", "__main__.py", "runtime.py"]
