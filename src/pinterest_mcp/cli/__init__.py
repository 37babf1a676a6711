"""The ``pinterest-mcp`` command: argument parsing (``main``), output, progress, auth commands, the demo, tool help
and the manifest writer. The top layer: nothing in the package imports it.
"""
