"""Tools that do more than one Pinterest call: report runs, bulk downloads, video Pins, and the per-tool class map."""
