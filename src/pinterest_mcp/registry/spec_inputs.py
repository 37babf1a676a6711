"""Input models derived from an operation's path and query parameters in the spec facts.

Most reads take exactly what the spec lists, so a hand-written model would only restate it (and
drift from it). A record that leaves `input` unset gets one built here: each parameter becomes a
field with the spec's type, enum (as a `Literal`), pattern, bounds, item limits, required-ness and
default; a digit-string parameter named `*_id` is an id (digits only, a JSON number taken as its
digits, the spec's length). The base model's own fields (`page_size`, `bookmark`, `fields`...) are
the base's, not redeclared. A record can give a field a short description of ours (`hints`); the
spec's prose never comes over. Models are built when the records are, once per operation.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints, create_model

from pinterest_mcp.registry.inputs import CommaSeparated, OperationInput, _id_from_number
from pinterest_mcp.spec.facts import request_parameters

_DIGITS = (r"^\d+$", r"^[0-9]+$")
_NUMBERS = {"minimum": "ge", "maximum": "le", "exclusiveMinimum": "gt", "exclusiveMaximum": "lt"}


class FromSpec(OperationInput):
    """The default `input` of a record: "derive my input from my operation's spec parameters"."""


def _merged(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """A schema whose `allOf` branches (an enum, then its default) are read as one."""
    merged = {key: value for key, value in schema.items() if key != "allOf"}
    for branch in schema.get("allOf", ()):
        merged.update(_merged(branch))
    return merged


def _id(schema: Mapping[str, Any]) -> Any:
    """An id of the spec's length: ASCII digits only (so at least one), a JSON number taken as its digits (as `Id`)."""
    return Annotated[
        str,
        StringConstraints(pattern=r"^[0-9]+$", max_length=schema.get("maxLength")),
        BeforeValidator(_id_from_number),
    ]


def _type(name: str, schema: Mapping[str, Any]) -> Any:
    """The Python type of one parameter schema (an array's items likewise), constraints included.

    A pattern's `\\d` is read as ASCII `[0-9]`: Python's would take any Unicode digit ("١٢٣")."""
    schema = _merged(schema)
    if "enum" in schema:
        values = tuple(value for value in schema["enum"] if value is not None)
        return Literal[values]
    kind = schema.get("type")
    if kind == "string":
        if name.endswith("_id") and schema.get("pattern") in _DIGITS:
            return _id(schema)
        pattern = schema.get("pattern")
        limits = {"pattern": pattern and pattern.replace("\\d", "[0-9]"), "min_length": schema.get("minLength")}
        return Annotated[str, StringConstraints(**limits, max_length=schema.get("maxLength"))]
    if kind in ("integer", "number"):
        bounds = {_NUMBERS[key]: value for key, value in schema.items() if key in _NUMBERS}
        number: type[float] = int if kind == "integer" else float
        return Annotated[number, Field(**bounds)]
    if kind == "boolean":
        return bool
    if kind == "array":
        item = _type(name[:-1] if name.endswith("_ids") else name, schema.get("items", {}))
        return Annotated[list[item], Field(min_length=schema.get("minItems"), max_length=schema.get("maxItems"))]  # type: ignore[valid-type]
    raise ValueError(f"parameter {name!r}: type {kind!r} has no input type yet; give the record a hand-written model")


def _field(name: str, parameter: Mapping[str, Any], hint: str | None) -> tuple[Any, Any]:
    """(annotation, FieldInfo) of one parameter: required, or optional with the spec's default (else None)."""
    schema = _merged(parameter["schema"])
    annotation = _type(name, schema)
    if schema.get("type") == "array" and parameter.get("explode") is False:
        annotation = Annotated[annotation, CommaSeparated()]
    if parameter.get("required"):
        return annotation, Field(description=hint)
    if "default" in schema:
        return annotation, Field(default=schema["default"], description=hint)
    return annotation | None, Field(default=None, description=hint)


@cache
def _spec_input(operation_id: str, base: type[OperationInput], name: str, hints: tuple[tuple[str, str], ...]) -> Any:
    described = dict(hints)
    parameters = request_parameters(operation_id)
    unknown = sorted(set(described) - set(parameters))
    if unknown:
        raise ValueError(f"{operation_id}: hints name {unknown}, which are not among its path and query parameters")
    own = {key: value for key, value in parameters.items() if key not in base.model_fields}
    ordered = sorted(own, key=lambda key: (own[key]["in"] != "path", not own[key].get("required"), key))
    fields: dict[str, Any] = {key: _field(key, own[key], described.get(key)) for key in ordered}
    return create_model(name, __base__=base, __module__=__name__, **fields)


def spec_input(
    operation_id: str, base: type[OperationInput], name: str, hints: Mapping[str, str] | None = None
) -> type[OperationInput]:
    """The input model of `operation_id` on `base`: the base's fields, then the spec's path parameters,
    required query parameters and optional ones (each group by name). Built once per arguments."""
    model: type[OperationInput] = _spec_input(operation_id, base, name, tuple(sorted((hints or {}).items())))
    return model
