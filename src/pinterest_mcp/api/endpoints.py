"""Where Pinterest's API lives. A module of its own so settings and the CLI can name the URLs
without importing the HTTP client (and httpx with it) before a request is due."""

PRODUCTION_URL = "https://api.pinterest.com/v5"
SANDBOX_URL = "https://api-sandbox.pinterest.com/v5"
