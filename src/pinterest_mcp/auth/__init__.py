"""Pinterest OAuth: stored credentials, the authorization-code flow and the refreshing ``httpx.Auth``."""
