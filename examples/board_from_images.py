#!/usr/bin/env python3
"""A board and Pins from image URLs: enable the organic toolsets, then plan → confirm each create.

Boards and Pins are outside the default toolsets, so the script calls `enable_toolset` first, as
a model would. Each create is planned (the plan shows the whole new object and writes nothing)
and applied with the plan's one-time `confirmation`. Against `--demo` (the default) the emulator
creates them; it does not download the images.

    python examples/board_from_images.py [--live] [--name NAME] [--yes] [IMAGE_URL ...]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

import anyio
from mcp import Client, StdioServerParameters
from mcp.types import TextContent

IMAGES = (
    "https://images.example.com/recipes/winter-soup.jpg",
    "https://images.example.com/recipes/sourdough.jpg",
    "https://images.example.com/recipes/apple-crumble.jpg",
)


def server(live: bool) -> StdioServerParameters:
    """The server, from the Python running this script, with this environment (credentials, data directory)."""
    args = ["-m", "pinterest_mcp", "serve", "--log-level", "ERROR", *([] if live else ["--demo"])]
    return StdioServerParameters(command=sys.executable, args=args, env=dict(os.environ))


async def call(client: Client, tool: str, **arguments: Any) -> Any:
    result = await client.call_tool(tool, arguments)
    text = "".join(block.text for block in result.content if isinstance(block, TextContent))
    if result.is_error:
        raise SystemExit(f"{tool} failed: {text}")
    return json.loads(text)


def approved(question: str, yes: bool) -> bool:
    if yes:
        return True
    if not sys.stdin.isatty():
        print(f"{question} no (no terminal to ask; pass --yes to approve)")
        return False
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


async def create(client: Client, tool: str, yes: bool, **arguments: Any) -> dict[str, Any] | None:
    """Plan a create, show it, and apply it with the plan's confirmation once approved."""
    plan = await call(client, tool, **arguments)
    print(f"plan: {plan['plan']}")
    for warning in plan.get("warnings", []):
        print(f"  warning: {warning}")
    if not approved("  apply?", yes):
        return None
    applied = await call(client, tool, **arguments, confirmation=plan["confirmation"])
    created: dict[str, Any] = applied["now"][0]
    print(f"  {applied['status']}: {created.get('id')}")
    return created


async def run(live: bool, name: str, images: list[str], yes: bool) -> None:
    async with Client(server(live)) as client:
        enabled = await call(client, "enable_toolset", toolsets=["boards", "pins"])
        print(f"enable_toolset boards, pins: {', '.join(enabled['enabled'])}")
        board = await create(
            client,
            "create_board",
            yes,
            name=name,
            description="Made from image URLs by an MCP client",
            privacy="SECRET",
        )
        if board is None:
            return
        for number, url in enumerate(images, 1):
            await create(
                client,
                "create_pin",
                yes,
                board_id=board["id"],
                media_source={"source_type": "image_url", "url": url},
                title=f"{name} #{number}",
                alt_text=f"Image {number} of the {name} board",
            )
        pins = (await call(client, "list_board_pins", board_id=board["id"]))["items"]
        print(f"board {board['id']} ({name}) now has {len(pins)} Pin(s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("images", nargs="*", metavar="IMAGE_URL", help="public https image URLs (default: 3 samples)")
    parser.add_argument("--live", action="store_true", help="your Pinterest account instead of the emulator")
    parser.add_argument("--name", default="Winter recipes", help="the new board's name")
    parser.add_argument("--yes", action="store_true", help="approve every plan without asking")
    args = parser.parse_args()
    anyio.run(run, args.live, args.name, args.images or list(IMAGES), args.yes)


if __name__ == "__main__":
    main()
