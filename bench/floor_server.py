"""The cold-start floor: an empty `mcp` MCPServer over stdio, nothing of ours imported.

`bench/cold_start.py` starts this and `pinterest-mcp serve` the same way (same interpreter, same
venv), so the ratio between the two measures only what this project adds to starting a server.
`serve` keeps `rich` (installed for the CLI's tables) out of the SDK's log set-up; the floor does
the same, so neither pays for it and the ratio stays what it was before rich was a dependency.
"""

import sys

if __name__ == "__main__":
    sys.modules["rich"] = None  # type: ignore[assignment]  # as `pinterest-mcp serve` does
    from mcp.server.mcpserver import MCPServer

    MCPServer("floor", log_level="ERROR").run("stdio")
