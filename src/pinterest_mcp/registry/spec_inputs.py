"""Input models derived from an operation's path and query parameters in the spec facts.

Most reads take exactly what the spec lists, so a hand-written model would only restate it (and
drift from it). A record that leaves `input` unset gets one built here: each parameter becomes a
field with the spec's type, enum (as a `Literal`), pattern, bounds, item limits, required-ness and
default (published, not sent); a digit-string parameter named `*_id` is an id (digits only, a JSON number taken as its
digits, the spec's length). The base model's own fields (`page_size`, `bookmark`, `fields`...) are
the base's, not redeclared. A record can give a field a short description of ours, or a whole
`Field` (`hints`); the spec's prose never comes over. Models are built when the records are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints, create_model
from pydantic.fields import FieldInfo

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
        # A maxLength on an array (get/invites' invite_status) can only mean maxItems.
        most = schema.get("maxItems", schema.get("maxLength"))
        return Annotated[list[item], Field(min_length=schema.get("minItems"), max_length=most)]  # type: ignore[valid-type]
    raise ValueError(f"parameter {name!r}: type {kind!r} has no input type yet; give the record a hand-written model")


Hint = Any
"""A record's word on one derived field: a short description, or a whole `Field(...)` of ours
(a default for a parameter Pinterest requires, say); the type stays the spec's. `Any`, as pydantic
types `Field(default=True)` as a bool."""


def _field(name: str, parameter: Mapping[str, Any], hint: Hint | None) -> tuple[Any, Any]:
    """(annotation, FieldInfo) of one parameter: required, or optional and left unset (None).

    An optional parameter left out is not sent, so Pinterest applies its own default; the schema
    names that default, unless it is false or 0, which a caller assumes anyway (tokens are paid
    on every tools/list)."""
    schema = _merged(parameter["schema"])
    if parameter.get("in") == "path" and schema.get("type") == "string" and not schema.get("minLength"):
        schema = {**schema, "minLength": 1}  # an empty segment would reach another route ("/integrations/")
    annotation = _type(name, schema)
    if schema.get("type") == "array" and parameter.get("explode") is False:
        annotation = Annotated[annotation, CommaSeparated()]
    if hint is not None and not isinstance(hint, str | FieldInfo):
        raise TypeError(f"parameter {name!r}: a hint is a description or a Field(...), not {hint!r}")
    if isinstance(hint, FieldInfo):
        return (annotation if hint.default is not None else annotation | None), hint
    if parameter.get("required"):
        return annotation, Field(description=hint)
    default = schema.get("default")
    said = None if default is None or default is False or default == 0 else {"default": default}
    return annotation | None, Field(default=None, description=hint, json_schema_extra=said)


def spec_input(
    operation_id: str, base: type[OperationInput], name: str, hints: Mapping[str, Hint] | None = None
) -> type[OperationInput]:
    """The input model of `operation_id` on `base`: the base's fields, then the spec's path parameters,
    required query parameters and optional ones (each group by name).

    Called once per record, when the records are built (`operations.all_operations`, cached); the
    parameter facts are read once."""
    hints = hints or {}
    parameters = request_parameters(operation_id)
    unknown = sorted(set(hints) - set(parameters))
    if unknown:
        raise ValueError(f"{operation_id}: hints name {unknown}, which are not among its path and query parameters")
    own = {key: value for key, value in parameters.items() if key not in base.model_fields}
    ordered = sorted(own, key=lambda key: (own[key]["in"] != "path", not own[key].get("required"), key))
    fields: dict[str, Any] = {key: _field(key, own[key], hints.get(key)) for key in ordered}
    model: type[OperationInput] = create_model(name, __base__=base, __module__=__name__, **fields)
    return model
