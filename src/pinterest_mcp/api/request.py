"""From an operation and validated arguments to the exact HTTP request Pinterest receives.

This is the one place that decides what goes to the path, the query string and the body, so the
MCP tool, the CLI and write previews all send (and show) the same request.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel

from pinterest_mcp.registry.inputs import CommaSeparated, OperationInput, local_fields
from pinterest_mcp.registry.records import Method, Operation
from pinterest_mcp.spec.facts import request_parameters

QueryParams = list[tuple[str, str]]


@dataclass(frozen=True)
class PreparedRequest:
    method: Method
    path: str
    query: QueryParams
    body: Any = None


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _comma_separated(model: type[BaseModel], name: str) -> bool:
    return any(isinstance(m, CommaSeparated) for m in model.model_fields[name].metadata)


def _jsonable(value: Any) -> Any:
    """JSON for a body value: unset fields are left out, a `null` the caller wrote is kept (it clears)."""
    if isinstance(value, BaseModel):
        return {
            name: _jsonable(getattr(value, name))
            for name in type(value).model_fields
            if getattr(value, name) is not None or name in value.model_fields_set
        }
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return str(value)
    return value


def _deep_object(name: str, value: Any) -> QueryParams:
    """A `style: deepObject` parameter as Pinterest reads it: `name[key]=value`, nested objects as `name[a][b]`."""
    if not isinstance(value, dict):
        return [(name, _query_value(value))]
    return [pair for key, inner in value.items() for pair in _deep_object(f"{name}[{key}]", inner)]


def prepare(op: Operation, args: OperationInput) -> PreparedRequest:
    """Build the request for `op`. Arguments left unset are not sent, so Pinterest's defaults apply."""
    in_body = op.method in ("POST", "PATCH")
    local = local_fields(type(args))
    given = {
        name: getattr(args, name)
        for name in type(args).model_fields
        if name not in local
        and (getattr(args, name) is not None or (in_body and name in args.model_fields_set and name not in op.query))
    }
    path = op.path.format(**{name: quote(str(given.pop(name)), safe="") for name in op.path_params})
    body: Any = None
    if op.body is not None:
        body = _jsonable(given.pop(op.body))
    query_names = set(given) if op.method == "GET" else set(op.query) & set(given)
    if op.method == "DELETE":  # a DELETE's own fields are query parameters, but some (Business Access) take a body
        query_names = set(given) & set(request_parameters(op.operation_id))
    query: QueryParams = []
    for name in type(args).model_fields:
        if name not in query_names:
            continue
        value = given.pop(name)
        if request_parameters(op.operation_id).get(name, {}).get("style") == "deepObject":
            query.extend(_deep_object(name, _jsonable(value)))
        elif isinstance(value, list):
            if _comma_separated(type(args), name):
                query.append((name, ",".join(_query_value(v) for v in value)))
            else:
                query.extend((name, _query_value(v)) for v in value)
        else:
            query.append((name, _query_value(value)))
    if body is None and (given or (in_body and not op.bodiless)):  # a POST or PATCH carries a body, if only {}
        body = {name: _jsonable(value) for name, value in given.items()}
    return PreparedRequest(method=op.method, path=path, query=query, body=body)
