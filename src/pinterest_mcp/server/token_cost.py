"""What a model is shown of a tool, and what it costs in tokens.

Clients hand a model each tool's `name`, `description` and `inputSchema`; the title,
annotations and `_meta` stay with the client. Budgets are counted on that part, with the cl100k
tokenizer (the `bpe-openai` package carries it offline; it is a test and tooling dependency,
loaded only when something is counted).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

MODEL_VISIBLE = ("name", "description", "inputSchema")


def wire(tool: Any) -> dict[str, Any]:
    """A tool as `tools/list` sends it (camelCase, no nulls)."""
    if isinstance(tool, Mapping):
        return dict(tool)
    dumped: dict[str, Any] = tool.model_dump(by_alias=True, exclude_none=True, mode="json")
    return dumped


def visible_text(tool: Any) -> str:
    """The compact JSON of the part of a tool a model is shown."""
    shown = wire(tool)
    return json.dumps({key: shown[key] for key in MODEL_VISIBLE if key in shown}, separators=(",", ":"))


@cache
def _encoding() -> Any:
    try:
        from bpe_openai import get_encoding
    except ImportError as exc:  # pragma: no cover - the test extra installs it
        raise RuntimeError("counting tokens needs the bpe-openai package: pip install '.[test]'") from exc
    return get_encoding("cl100k_base")


def count(text: str) -> int:
    """cl100k tokens in `text`."""
    return len(_encoding().encode(text))


def visible_tokens(tool: Any) -> int:
    return count(visible_text(tool))


def result_text(result: Any) -> str:
    """What a model is shown of a tool result: its text blocks, and each resource link by its URI and name.

    Our answers carry the same JSON twice, as text and as `structuredContent`; a client hands the model
    one of them, so the structured content counts only when no text block carries the answer.
    """
    shown: list[str] = []
    for block in result.content:
        if block.type == "text":
            shown.append(block.text)
        elif block.type == "resource_link":
            link = block.model_dump(by_alias=True, exclude_none=True, mode="json")
            shown.append(json.dumps({k: link[k] for k in ("uri", "name", "title", "mimeType") if k in link}))
    if not shown and result.structured_content is not None:
        shown.append(json.dumps(result.structured_content, separators=(",", ":"), ensure_ascii=False))
    return "\n".join(shown)


def result_tokens(result: Any) -> int:
    """cl100k tokens of what a model is shown of a tool result (`result_text`)."""
    return count(result_text(result))


def wire_tokens(tool: Any) -> int:
    """Tokens of the whole wire form (title, annotations and `_meta` too), for the second figure."""
    return count(json.dumps(wire(tool), separators=(",", ":")))
