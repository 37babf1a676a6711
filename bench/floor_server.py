"""The floor: an empty `mcp` MCPServer, nothing of ours imported.

- `python bench/floor_server.py` (stdio, no tools): the cold-start floor. `bench/cold_start.py`
  starts it and `pinterest-mcp serve` the same way (same interpreter, same venv), so the ratio
  between the two measures only what this project adds to starting a server.
- `python bench/floor_server.py --http PORT`: the throughput floor. One trivial tool, `ping`
  (answers "pong"), served over Streamable HTTP at `http://127.0.0.1:PORT/mcp` the way
  `pinterest-mcp serve --transport http` serves (the SDK's `streamable_http_app` under uvicorn,
  logging errors only), so `bench/call_figures.py` can set calls/s of ours beside what the SDK
  and uvicorn alone allow on the same machine at the same moment.

`serve` keeps `rich` (installed for the CLI's tables) out of the SDK's log set-up; the floor does
the same, so neither pays for it and the ratio stays what it was before rich was a dependency.
The tool is registered only with `--http`, so the cold-start floor stays an empty server.
"""

import sys

PING_ANSWER = "pong"

if __name__ == "__main__":
    sys.modules["rich"] = None  # type: ignore[assignment]  # as `pinterest-mcp serve` does
    from mcp.server.mcpserver import MCPServer

    floor: MCPServer = MCPServer("floor", log_level="ERROR")
    if sys.argv[1:2] != ["--http"]:
        floor.run("stdio")
    else:
        import anyio
        import uvicorn

        @floor.tool()
        def ping() -> str:
            """Answer "pong": the least a tool call can do."""
            return PING_ANSWER

        config = uvicorn.Config(floor.streamable_http_app(), host="127.0.0.1", port=int(sys.argv[2]), log_level="error")
        anyio.run(uvicorn.Server(config).serve)
