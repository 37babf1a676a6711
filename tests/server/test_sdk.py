"""The MCP SDK internals `sdk.py` relies on, pinned to the `mcp` range pyproject.toml supports.

An SDK upgrade that moves or reshapes one of them fails `test_the_sdk_internals_sdk_py_relies_on_are_there`
with one line per change, naming what `sdk.py` must be adapted for; nothing else in `src/` may
touch them (`test_only_sdk_py_touches_sdk_internals`), so that file is the only one to adapt.
"""

from __future__ import annotations

import ast
import inspect
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.version import Version
from pydantic import BaseModel

from pinterest_mcp.server import sdk

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "pinterest_mcp"
INTERNALS = ("_lowlevel_server", "FuncMetadata", "ArgModelBase", "create_initialization_options", "fn_metadata")
"""Names only `sdk.py` may use in `src/`."""


def supported_mcp() -> Requirement:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return next(r for r in map(Requirement, project["dependencies"]) if r.name == "mcp")


def parameters(function: Any) -> list[str]:
    return [name for name in inspect.signature(function).parameters if name != "self"]


def sdk_problems() -> list[str]:
    """What differs from the SDK `sdk.py` was written against, one line each (empty: nothing)."""
    from mcp.server.lowlevel.server import NotificationOptions, Server
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.tools import Tool
    from mcp.server.mcpserver.utilities.func_metadata import ArgModelBase, FuncMetadata
    from mcp.shared._stream_protocols import ReadStream

    problems = []
    installed, supported = Version(version("mcp")), supported_mcp()
    if installed not in supported.specifier:
        problems.append(f"mcp {installed} is installed, outside the supported {supported}")
    missing = {"fn", "fn_metadata", "is_async", "context_kwarg"} - set(Tool.model_fields)
    if missing:
        problems.append(f"Tool no longer has the constructor fields {sorted(missing)} (sdk.tool_fields fills them)")
    if parameters(Tool.run)[:3] != ["arguments", "context", "convert_result"]:
        problems.append(f"Tool.run takes {parameters(Tool.run)}, not (arguments, context, convert_result)")
    if not (isinstance(ArgModelBase, type) and issubclass(ArgModelBase, BaseModel)):
        problems.append("ArgModelBase is no longer a pydantic model class")
    elif "arg_model" not in FuncMetadata.model_fields or FuncMetadata(arg_model=ArgModelBase).output_schema is not None:
        problems.append("FuncMetadata(arg_model=ArgModelBase) no longer makes a tool without an output schema")
    lowlevel = getattr(MCPServer("probe"), "_lowlevel_server", None)
    if not isinstance(lowlevel, Server):
        problems.append(f"MCPServer._lowlevel_server is {type(lowlevel).__name__}, not a low-level Server")
    else:
        if parameters(lowlevel.create_initialization_options)[:1] != ["notification_options"]:
            problems.append("Server.create_initialization_options no longer takes notification_options first")
        if parameters(lowlevel.run)[:3] != ["read_stream", "write_stream", "initialization_options"]:
            problems.append(f"Server.run takes {parameters(lowlevel.run)}, not (read, write, initialization options)")
    if "tools_changed" not in parameters(NotificationOptions):
        problems.append("NotificationOptions no longer takes tools_changed")
    wanted = {"receive", "aclose", "__aiter__", "__anext__", "__aenter__", "__aexit__"}
    if not wanted <= set(dir(ReadStream)):
        problems.append(f"ReadStream lacks {sorted(wanted - set(dir(ReadStream)))} (stdio_depth's reader mirrors it)")
    return problems


def test_the_sdk_internals_sdk_py_relies_on_are_there() -> None:
    problems = sdk_problems()
    assert not problems, "adapt src/pinterest_mcp/server/sdk.py to this mcp:\n" + "\n".join(problems)


def test_only_sdk_py_touches_sdk_internals() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "server" / "sdk.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.stmt | ast.expr):
                continue  # imports and names are statements and expressions, which have a line
            module = (node.module or "") if isinstance(node, ast.ImportFrom) else ""
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import | ast.ImportFrom) else []
            private = [n for n in [module, *names] if n.startswith("mcp") and ("._" in n or ".utilities" in n)]
            used = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
            if private or used in INTERNALS:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {private or used}")
    assert not found, "only sdk.py may use the SDK's internals:\n" + "\n".join(found)


def test_a_tool_built_from_sdk_fields_never_calls_its_fn() -> None:
    with pytest.raises(RuntimeError, match="own run"):
        sdk.tool_fields()["fn"]()


@pytest.mark.anyio
async def test_the_handshake_announces_tool_list_changes() -> None:
    from mcp.server.mcpserver import MCPServer

    server: MCPServer[Any] = MCPServer("probe")
    sdk.announce_list_changed(server)
    options = server._lowlevel_server.create_initialization_options()
    assert options.capabilities.tools is not None and options.capabilities.tools.list_changed is True
