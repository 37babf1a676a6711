"""The Pinterest HTTP client and what it needs: request preparation, typed errors, redaction, page fan-out and
endpoint constants. It knows operations only as records; it knows nothing of MCP, writes or the CLI.
"""
