"""The MCP surface: building the server, the stored tool catalog and schemas, the tools, toolsets, prompts,
resources and the connection checks, with the transports and the composite tools beneath.
"""
