"""OpenAPI 3.1 document and an offline docs page, built from a :class:`RegistryApp` route table.

The machine that runs the simulator may have no Internet, so ``/docs`` is a self-contained HTML
page (no Swagger UI from a CDN) listing each operation with its parameters and response schema.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from mock_registries.asgi import RegistryApp

__all__ = ["ERROR_SCHEMA", "build_openapi", "render_docs_html"]

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["MaLoi", "MoTaLoi"],
    "properties": {
        "MaLoi": {"type": "string", "description": "Mã lỗi ổn định (stable error code)"},
        "MoTaLoi": {"type": "string", "description": "Mô tả lỗi bằng tiếng Việt"},
    },
}


def _collect(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    for name, definition in schema.pop("$defs", {}).items():
        components[name] = definition
    return schema


def build_openapi(app: RegistryApp) -> dict[str, Any]:
    """The OpenAPI document for ``app``; pydantic models become ``components.schemas``."""
    components: dict[str, Any] = {"LoiDangKy": ERROR_SCHEMA}
    paths: dict[str, dict[str, Any]] = {}
    ref_template = "#/components/schemas/{model}"
    for route in app.routes:
        operation: dict[str, Any] = {"operationId": route.operation_id, "summary": route.summary}
        params = [
            {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
            for p in route.pattern.groupindex
        ]
        params += [
            {"name": q, "in": "query", "required": False, "schema": {"type": "string"}}
            for q in route.query_params
        ]
        if params:
            operation["parameters"] = params
        if route.request_model is not None:
            schema = route.request_model.model_json_schema(ref_template=ref_template)
            components[route.request_model.__name__] = _collect(schema, components)
            operation["requestBody"] = {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": ref_template.format(model=route.request_model.__name__)}
                    }
                },
            }
        responses: dict[str, Any] = {}
        if route.response_model is not None:
            schema = route.response_model.model_json_schema(ref_template=ref_template)
            components[route.response_model.__name__] = _collect(schema, components)
            responses["200"] = {
                "description": "Thành công",
                "content": {
                    "application/json": {
                        "schema": {"$ref": ref_template.format(model=route.response_model.__name__)}
                    }
                },
            }
        else:
            responses["200"] = {"description": "Thành công"}
        for status, text in {400: "Yêu cầu không hợp lệ", **route.responses}.items():
            responses[str(status)] = {
                "description": text,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/LoiDangKy"}}
                },
            }
        operation["responses"] = responses
        paths.setdefault(route.template, {})[route.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": app.title, "version": app.version, "description": app.description},
        "paths": paths,
        "components": {"schemas": components},
    }


def render_docs_html(app: RegistryApp) -> str:
    """A readable, dependency-free page of the registry's operations."""
    doc = build_openapi(app)
    rows = []
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            schema = ""
            ok = op["responses"].get("200", {}).get("content")
            if ok:
                ref = ok["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
                schema = orjson.dumps(
                    doc["components"]["schemas"][ref], option=orjson.OPT_INDENT_2
                ).decode()
            rows.append(
                f"<section><h2><code>{method.upper()} {html.escape(path)}</code></h2>"
                f"<p>{html.escape(op.get('summary', ''))}</p>"
                "<details><summary>Response schema</summary>"
                f"<pre>{html.escape(schema)}</pre></details>"
                "</section>"
            )
    title = html.escape(app.title)
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        f"<title>{title} — API</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
        "padding:0 1rem}code{background:#f3f3f3;padding:.1rem .3rem}"
        "pre{background:#f8f8f8;padding:.5rem;overflow:auto}"
        "</style></head><body>"
        f"<h1>{title}</h1><p>{html.escape(app.description)}</p>"
        "<p><a href='/openapi.json'>openapi.json</a></p>" + "".join(rows) + "</body></html>"
    )
