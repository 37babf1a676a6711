import sys

from pinterest_mcp.cli import main

sys.exit(main())
