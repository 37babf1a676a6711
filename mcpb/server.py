"""The MCP bundle's entry point (see manifest.json): `pinterest-mcp serve` over stdio.

The host installs the project from pyproject.toml with uv and runs this file; settings and
credentials come from the environment the manifest maps the user's answers to.
"""

import sys

from pinterest_mcp.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
