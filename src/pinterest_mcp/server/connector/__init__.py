"""The remote connector: MCP OAuth with Pinterest sign-in, and `/mcp` served per user's grant.

Imported only by `serve --auth oauth`: a stdio server's start never loads any of it.
"""
