"""A schema-driven fuzzer over every tool of every toolset, through a real MCP client.

From each tool's published input schema (as `tools/list` serves it) it builds a plausible call and
then hostile variants of it, one change at a time: wrong types, numbers out of bounds, bad enum
values, a required field missing, extra fields, 100 kB strings, unicode, NUL and lone surrogates,
nesting 250 levels deep (the deepest the SDK client sends; 300 levels go over raw stdio below),
and path tricks in ids (`../`, `%2F`, `?x=`, spaces). Cases are sampled with a fixed seed, so every
run tries the same calls.

Each call must answer in bounded time with a result that is no crash ("Error executing tool", a
traceback); a call the tool's input model refuses must send nothing to the emulator (its request
log is unchanged); and nothing the fuzzer sends ever writes, as it holds no confirmation. The
client runs on a virtual clock (`test_faults.FaultyRuntime`, faults off), so a retried 5xx costs
no real time. Run with `-s` for the counts.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import pytest
from mcp import Client, MCPError
from pydantic import ValidationError

from pinterest_mcp.operations import by_name
from pinterest_mcp.registry.records import Access
from pinterest_mcp.server.build import build_server
from support.faults import FaultyRuntime, chaos
from support.world import BOARD_WITH_SECTIONS, OVERSPENDING_GROUP, PIN, SPRING, USD

pytestmark = pytest.mark.anyio

SEED = 20261202
CALL_LIMIT = 5.0
"""Real seconds one fuzzed call may take before it counts as a hang."""
RUN_LIMIT_PER_TOOL = 0.5
"""Real seconds the in-memory run may take per tool listed (about a third of that on a quiet machine):
the bound grows with the tools instead of tripping whenever an area lands."""
CRASH_MARKS = ("Error executing tool", "Traceback", "Internal error", "internal error")
TODAY = datetime.now(UTC).date()
KNOWN_IDS = {
    "ad_account_id": USD,
    "campaign_id": SPRING,
    "ad_group_id": OVERSPENDING_GROUP,
    "parent_id": OVERSPENDING_GROUP,
    "board_id": BOARD_WITH_SECTIONS,
    "pin_id": PIN,
}
HUGE = "x" * 100_000
UNICODE = ["\x00", "a\x00b", "😀\u202e\u200b", "\ud800", "Ω≈ç√∫˜µ≤≥÷", "\u0000" * 10, "١٢٣", "１２３"]
PATH_TRICKS = [
    "../",
    "../../v5/oauth/token",
    "1/../2",
    "..%2F..%2F",
    "%2F",
    "1%2F2",
    "1?x=1",
    "1 2",
    " 1",
    "1#x",
    "1;x",
    ".",
]
WIRE_DEPTH_SENT = 250


def nested(depth: int, *, objects: bool = False) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value} if objects else [value]
    return value


def kind(schema: dict[str, Any]) -> str:
    """The schema's main JSON type (the first non-null one of an anyOf)."""
    if "type" in schema:
        return str(schema["type"])
    for option in schema.get("anyOf") or schema.get("oneOf") or ():
        if option.get("type") not in (None, "null"):
            return str(option["type"])
    if "const" in schema:
        return type(schema["const"]).__name__.replace("str", "string")
    return "any"


def plausible(name: str, schema: dict[str, Any]) -> Any:
    """A value that fits the schema and, for ids, names a real demo entity."""
    if name in KNOWN_IDS:
        return KNOWN_IDS[name]
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        return plausible(name, next(o for o in options if o.get("type") != "null"))
    match kind(schema):
        case "string":
            if "date" in name:
                return str(TODAY - timedelta(days=2))
            return "1" if name.endswith("_id") else "Fuzz"
        case "integer" | "number":
            return schema.get("minimum", 1)
        case "boolean":
            return False
        case "array":
            singular = name.removesuffix("s")
            return [plausible(singular, schema.get("items", {}))]
        case "object":
            props = schema.get("properties", {})
            return {key: plausible(key, props[key]) for key in schema.get("required", ())}
    return "Fuzz"


def baseline(schema: dict[str, Any]) -> dict[str, Any]:
    props = schema.get("properties", {})
    return {name: plausible(name, props[name]) for name in schema.get("required", ())}


def wrong_types(schema: dict[str, Any]) -> list[Any]:
    return {
        "string": [123, True, [], {"a": 1}, None, 1.5],
        "integer": ["12", "abc", 1.5, True, [], None],
        "number": ["1.5", True, [], None],
        "boolean": ["true", 1, "yes", [], None],
        "array": ["a", {"a": 1}, 7, None, [None]],
        "object": [[], "x", 1, None],
    }.get(kind(schema), [None, [], 1])


def out_of_bounds(schema: dict[str, Any]) -> list[Any]:
    numbers = [-1, 0, 2**63, -(2**63), 10**30, 1e308, -1e308, 2**53 + 1]
    for option in [schema, *(schema.get("anyOf") or ())]:
        if "minimum" in option:
            numbers.append(option["minimum"] - 1)
        if "maximum" in option:
            numbers.append(option["maximum"] + 1)
    match kind(schema):
        case "integer" | "number":
            return numbers
        case "string":
            cases = ["", "9" * 40]
            if "maxLength" in schema:
                cases.append("a" * (schema["maxLength"] + 1))
            if "date" in str(schema.get("format", "")) or "pattern" in schema:
                cases += ["0000-00-00", "9999-99-99", "2026-02-30", "-1"]
            return cases
        case "array":
            most = schema.get("maxItems", 250)
            return [[], [plausible("x", schema.get("items", {}))] * (most + 1)]
        case "object":
            return [{f"k{n}": n for n in range(2000)}]
    return []


def bad_enums(schema: dict[str, Any]) -> list[Any]:
    values = schema.get("enum") or schema.get("items", {}).get("enum")
    if not values:
        return []
    first = str(values[0])
    wrong = ["NOT_A_VALUE", first.lower(), f"{first} ", f"{first}\x00", first * 3]
    return [[w] for w in wrong] if kind(schema) == "array" else wrong


def strings_for(name: str, schema: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(category, value) pairs for a string-like field, or for the items of an array of strings."""
    wrap = kind(schema) == "array"
    item = schema.get("items", {}) if wrap else schema
    if kind(item) != "string":
        return
    for category, values in (("huge_string", [HUGE]), ("unicode_nul", UNICODE)):
        for value in values:
            yield category, [value] if wrap else value
    if name.endswith(("_id", "_ids", "id")) or name in ("username", "bookmark", "fields"):
        for value in PATH_TRICKS:
            yield "path_trick", [value] if wrap else value


def variants(name: str, schema: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every hostile value for one field, by category."""
    for value in wrong_types(schema):
        yield "wrong_type", value
    for value in out_of_bounds(schema):
        yield "out_of_bounds", value
    for value in bad_enums(schema):
        yield "bad_enum", value
    yield from strings_for(name, schema)
    yield "deep_nesting", nested(WIRE_DEPTH_SENT)
    yield "deep_nesting", nested(WIRE_DEPTH_SENT, objects=True)
    if kind(schema) == "array":
        yield "deep_nesting", [nested(40, objects=True)]
    if kind(schema) == "object":
        yield "deep_nesting", nested(11, objects=True)
        yield "deep_nesting", {"a": nested(60)}


PER_CATEGORY = 1
"""Hostile values tried per field and category, drawn with the seed (all of them would be ~25,000 calls)."""


def cases(schema: dict[str, Any], rng: random.Random) -> Iterator[tuple[str, dict[str, Any]]]:
    """(category, arguments): the plausible call, then one hostile change at a time."""
    base = baseline(schema)
    props: dict[str, Any] = schema.get("properties", {})
    yield "plausible", base
    for name in schema.get("required", ()):
        yield "missing_required", {k: v for k, v in base.items() if k != name}
    for extra in ({"unexpected": 1}, {"__proto__": {"x": 1}}, {"": None}, {f"x{n}": n for n in range(1000)}):
        yield "extra_field", {**base, **extra}
    yield "wrong_type", dict.fromkeys(props)  # every field null
    for name, prop in props.items():
        by_category: dict[str, list[Any]] = {}
        for category, value in variants(name, prop):
            by_category.setdefault(category, []).append(value)
        for category, values in by_category.items():
            for value in rng.sample(values, min(PER_CATEGORY, len(values))):
                yield category, {**base, name: value}


def accepted_locally(tool: str, arguments: dict[str, Any]) -> bool | None:
    """Whether the tool's input model accepts the arguments (the server's own check); None: not an operation."""
    op = by_name().get(tool)
    if op is None:
        return None
    try:
        op.input.model_validate(arguments)
    except ValidationError:
        return False
    return True


WRITE_ROUTES = {(op.method, op.path) for op in by_name().values() if op.access is Access.WRITE}
"""The routes writes use (a POST may be a read: reports, audience sizing)."""


def crashed(text: str) -> bool:
    return any(mark in text for mark in CRASH_MARKS)


@pytest.mark.slow
async def test_fuzz_every_tool_finds_no_crash_no_hang_and_no_request_on_invalid_input() -> None:
    runtime = FaultyRuntime(chaos(rate=0.0))
    rng = random.Random(SEED)
    tally: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    findings: list[str] = []
    cpu: dict[str, float] = defaultdict(float)
    started, cpu_started = time.perf_counter(), time.process_time()
    async with Client(build_server(runtime.settings, runtime)) as client:
        await runtime.client()
        log = runtime.emulator.requests
        tools = (await client.list_tools()).tools
        with anyio.fail_after(RUN_LIMIT_PER_TOOL * len(tools)):
            for tool in tools:
                for category, arguments in cases(tool.input_schema, rng):
                    tally["tried"] += 1
                    by_category[category] += 1
                    valid = accepted_locally(tool.name, arguments)
                    tally["valid" if valid else "invalid" if valid is False else "unjudged"] += 1
                    mark, begun = log.total, time.process_time()
                    text, is_error = "", False
                    with anyio.move_on_after(CALL_LIMIT) as scope:
                        try:
                            result = await client.call_tool(tool.name, arguments)
                            text = " ".join(getattr(c, "text", "") for c in result.content)
                            is_error = bool(result.is_error)
                        except MCPError as exc:  # a protocol error answer: clean unless it hides a crash
                            text, is_error = str(exc), True
                    sent = log.since(mark)
                    cpu[category] += time.process_time() - begun
                    where = f"{tool.name} {category} {json.dumps(arguments, default=str)[:120]}"
                    if scope.cancelled_caught:
                        tally["hangs"] += 1
                        findings.append(f"hang: {where}")
                    elif crashed(text):
                        tally["crashes"] += 1
                        findings.append(f"crash: {where}: {text[:200]}")
                    elif is_error:
                        tally["clean errors"] += 1
                    else:
                        tally["answered"] += 1
                    if valid is False and sent:
                        findings.append(f"sent on invalid input: {where}: {[r.path for r in sent]}")
                    if valid is False and not is_error:
                        findings.append(f"invalid input answered as a success: {where}")
                    writes = [r for r in sent if (r.method, r.template) in WRITE_ROUTES]
                    if writes:
                        findings.append(f"wrote without a confirmation: {where}: {[r.path for r in writes]}")
                    if any(r.template is None for r in sent):
                        findings.append(f"request to an unknown route: {where}: {[r.path for r in sent]}")
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    print(
        f"\nfuzz: {len(tools)} tools, {tally['tried']} calls tried: {tally['clean errors']} clean errors, "
        f"{tally['answered']} answered, {tally['crashes']} crashes, {tally['hangs']} hangs, "
        f"{len(findings)} findings, {seconds:.1f} s ({cpu_seconds:.1f} s CPU); the input models took "
        f"{tally['valid']} and refused {tally['invalid']} ({tally['unjudged']} calls of tools that are not operations)"
    )
    print("by category (calls, CPU s):", {c: (n, round(cpu[c], 1)) for c, n in sorted(by_category.items())})
    for finding in findings[:40]:
        print(finding)
    assert findings == []
    assert tally["tried"] == tally["clean errors"] + tally["answered"]


# 300 levels: deeper than the SDK client sends, so written as raw JSON-RPC lines over stdio --------

DEEP_MARK = '"(deep value)"'


def _line(message: dict[str, Any], deep: str = "") -> bytes:
    """One JSON-RPC line; `deep` (JSON text) replaces the marker, since no encoder writes 300 levels."""
    return (json.dumps(message).replace(DEEP_MARK, deep) + "\n").encode()


@pytest.mark.slow
async def test_300_levels_of_nesting_in_any_tool_over_stdio_get_an_error_answer() -> None:
    """Every tool, its first field 300 levels deep, over a live stdio server: an answer each, no crash."""
    command = [sys.executable, "-m", "pinterest_mcp", "serve", "--demo", "--toolsets", "all"]
    deep = json.dumps(nested(300))
    hello = {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "fuzz", "version": "1"}}
    answers: dict[int, dict[str, Any]] = {}
    tools: list[dict[str, Any]] = []
    with anyio.fail_after(60):
        async with await anyio.open_process(command) as process:
            assert process.stdin is not None and process.stdout is not None
            await process.stdin.send(_line({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": hello}))
            await process.stdin.send(_line({"jsonrpc": "2.0", "method": "notifications/initialized"}))
            await process.stdin.send(_line({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}))
            buffer = b""
            while len(answers) < 2 + len(tools):  # bounded by fail_after: until every call is answered
                buffer += await process.stdout.receive()
                *lines, buffer = buffer.split(b"\n")
                for message in (json.loads(raw) for raw in lines):
                    if "id" not in message:
                        continue
                    answers[message["id"]] = message
                    if message["id"] != 1:
                        continue
                    tools = message["result"]["tools"]
                    for n, tool in enumerate(tools, start=2):
                        first = next(iter(tool["inputSchema"].get("properties", {})), "deep")
                        params = {"name": tool["name"], "arguments": {first: json.loads(DEEP_MARK)}}
                        call = {"jsonrpc": "2.0", "id": n, "method": "tools/call", "params": params}
                        await process.stdin.send(_line(call, deep))
            process.terminate()
    calls = [answers[n] for n in range(2, 2 + len(tools))]
    refused = [a for a in calls if "error" in a or a["result"].get("isError")]
    print(f"\nfuzz over stdio, 300 levels: {len(calls)} calls, {len(refused)} error answers, 0 crashes, 0 hangs")
    assert len(calls) == len(tools) > 100
    assert not any(crashed(json.dumps(answer)) for answer in calls)
    # A tool without arguments (the setup check) may ignore one; every other tool refuses the deep value.
    takes_arguments = [a for a, tool in zip(calls, tools, strict=True) if tool["inputSchema"].get("properties")]
    assert all(a in refused for a in takes_arguments), [a for a in takes_arguments if a not in refused]
