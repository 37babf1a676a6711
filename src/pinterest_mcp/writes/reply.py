"""What a write call answers, and the refusal of one that cannot be planned.

Apart from the write flow so that the tool layer, which renders both, does not import the flow
(plans, journal, confirmations, outcomes) before the first write: a server answers `tools/list`
without them, which is most of a cold start's share of this package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class WriteRefused(Exception):
    """A write that cannot even be planned (bad intent arguments, an unknown journal entry, too large)."""


@dataclass(frozen=True)
class Reply:
    """What a write call answers: a plan, an outcome or a refusal; the tool layer renders it."""

    data: dict[str, Any]
    is_error: bool = False
