"""pinterest-mcp: an MCP server for the Pinterest API v5, ads and organic."""

__version__ = "0.1.0"
