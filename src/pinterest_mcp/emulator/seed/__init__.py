"""The demo business the emulator starts with: the seeded story, accounts, assets, network, media and reference data."""
