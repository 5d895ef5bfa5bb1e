"""A validator for the subset of OpenAPI 3 schemas web/openapi.json uses: $ref, type,
properties, required, additionalProperties, items, enum, oneOf, pattern. Enough to check real
responses against the document; Python 3 standard library only."""

import re


class SchemaError(Exception):
    pass


def resolve(document, schema):
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = document["components"]["schemas"][name]
    return schema


TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}


def validate(document, schema, value, where="$"):
    schema = resolve(document, schema)
    if "oneOf" in schema:
        matches = 0
        for option in schema["oneOf"]:
            try:
                validate(document, option, value, where)
                matches += 1
            except SchemaError:
                pass
        if matches != 1:
            raise SchemaError(f"{where}: {value!r} matches {matches} of the oneOf options")
        return
    kind = schema.get("type")
    if kind and not TYPES[kind](value):
        raise SchemaError(f"{where}: expected {kind}, got {type(value).__name__} {value!r:.80}")
    if "enum" in schema and value not in schema["enum"]:
        raise SchemaError(f"{where}: {value!r} not in {schema['enum']}")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        raise SchemaError(f"{where}: {value!r} does not match {schema['pattern']}")
    if kind == "object":
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                raise SchemaError(f"{where}: missing required member `{name}`")
        extra = schema.get("additionalProperties", True)
        for name, member in value.items():
            if name in properties:
                validate(document, properties[name], member, f"{where}.{name}")
            elif extra is False:
                raise SchemaError(f"{where}: member `{name}` is not in the schema")
            elif isinstance(extra, dict):
                validate(document, extra, member, f"{where}.{name}")
    if kind == "array" and "items" in schema:
        for i, item in enumerate(value):
            validate(document, schema["items"], item, f"{where}[{i}]")


def response_schema(document, path, method, status, content_type):
    """The schema the document gives for this response, or raises SchemaError."""
    operation = document["paths"].get(path, {}).get(method.lower())
    if operation is None:
        raise SchemaError(f"{method} {path} is not in the document")
    response = operation["responses"].get(str(status))
    if response is None:
        raise SchemaError(f"{method} {path}: status {status} is not documented")
    media = content_type.split(";")[0].strip()
    content = response.get("content", {})
    if media not in content:
        raise SchemaError(f"{method} {path} {status}: content type {media} is not documented "
                          f"(documented: {sorted(content)})")
    return content[media]["schema"]
