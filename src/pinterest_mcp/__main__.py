import sys

from pinterest_mcp.cli.main import main

sys.exit(main())
