"""Toolsets by URL: `/mcp`, `/mcp/readonly`, `/mcp/x/{toolset,...}` and `/mcp/x/{toolset,...}/readonly`.

A remote client (ChatGPT's app settings, a Claude connector) can send no header of its own, so the
only way a user narrows what one connection lists is the URL they paste, as GitHub's remote server
does with `/x/{toolset}` and `/readonly`. The grant stays the upper bound: a URL narrows the tools the
grant allows and never widens them.

Every one of these paths is the same protected resource, `/mcp`: one sign-in serves them all, each
path's RFC 9728 metadata names the path itself (a client checks it is identical to the URL it was
given), and the token's audience is recorded as `/mcp` whichever of them the client asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from pinterest_mcp.registry.toolsets import TOOLSET_NAMES

MCP_PATH = "/mcp"
READONLY = "readonly"
MAX_ECHOED = 5
MAX_ECHO = 40


class PathError(Exception):
    """A path under `/mcp` that serves nothing: `status` 404 (unknown toolset) or 403 (not granted)."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description


@dataclass(frozen=True)
class View:
    """What a URL under `/mcp` asks for: some toolsets (None: all the grant's) and maybe read tools only."""

    toolsets: tuple[str, ...] | None = None
    read_only: bool = False

    @classmethod
    def parse(cls, toolsets: str | None, *, read_only: bool) -> View:
        """The view of `/mcp/x/{toolsets}` (`toolsets` as written in the URL, or None for `/mcp`)."""
        if toolsets is None:
            return cls(None, read_only)
        names = [name.strip() for name in toolsets.split(",") if name.strip()]
        unknown = [name for name in names if name not in TOOLSET_NAMES]
        if not names or unknown:
            shown = [name[:MAX_ECHO] for name in unknown[:MAX_ECHOED]]  # the URL is the caller's: echo little
            said = f"unknown toolset(s) {', '.join(shown)}" if unknown else "no toolset named"
            raise PathError(
                404,
                "not_found",
                f"{said} in /mcp/x/{{toolsets}}; name them comma-separated from: {', '.join(TOOLSET_NAMES)} "
                "(or use /mcp for all the toolsets you approved)",
            )
        return cls(tuple(name for name in TOOLSET_NAMES if name in names), read_only)

    @classmethod
    def from_suffix(cls, suffix: str) -> View:
        """The view of the path `/mcp{suffix}`; `PathError` 404 for anything that is not one of the four shapes."""
        parts = [p for p in suffix.strip("/").split("/")] if suffix.strip("/") else []
        read_only = bool(parts) and parts[-1] == READONLY
        if read_only:
            parts = parts[:-1]
        if not parts:
            return cls(None, read_only)
        if len(parts) == 2 and parts[0] == "x":
            return cls.parse(parts[1], read_only=read_only)
        raise PathError(
            404, "not_found", f"no MCP endpoint at /mcp{suffix}; use /mcp, /mcp/readonly or /mcp/x/{{toolsets}}"
        )

    def narrow(self, granted: tuple[str, ...]) -> tuple[str, ...]:
        """The toolsets this view serves out of those `granted`; `PathError` 403 naming any not granted."""
        if self.toolsets is None:
            return granted
        refused = [name for name in self.toolsets if name not in granted]
        if refused:
            raise PathError(
                403,
                "forbidden",
                f"this connection's grant does not allow the toolset(s) {', '.join(refused)}; it allows "
                f"{', '.join(granted)}. Use a URL naming only those, or reconnect and tick "
                f"{', '.join(refused)} on the consent page",
            )
        return self.toolsets


def suffix_of(resource: str, mcp_url: str) -> str | None:
    """The suffix of `resource` when it is `mcp_url` or a valid path under it, else None."""
    resource = resource.rstrip("/")
    if resource == mcp_url:
        return ""
    if not resource.startswith(mcp_url + "/"):
        return None
    suffix = resource.removeprefix(mcp_url)
    try:
        View.from_suffix(suffix)
    except PathError:
        return None
    return suffix
