"""The cold-start floor: an empty `mcp` MCPServer over stdio, nothing of ours imported.

`bench/cold_start.py` starts this and `pinterest-mcp serve` the same way (same interpreter, same
venv), so the ratio between the two measures only what this project adds to starting a server.
"""

from mcp.server.mcpserver import MCPServer

if __name__ == "__main__":
    MCPServer("floor", log_level="ERROR").run("stdio")
