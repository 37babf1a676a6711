"""The ``pinterest-mcp`` command: argument parsing and the commands (``commands``), output, progress, auth
commands, the demo, tool help and the manifest writer. The top layer: nothing in the package imports it.

``main`` is re-exported here because it is the console script's entry point (``pinterest_mcp.cli:main``),
which installed environments keep across this layout; every start loads ``commands`` anyway.
"""

from pinterest_mcp.cli.commands import main as main
