"""Every field a catalog fault removes, nulls, rewrites or conditions on is a field the mock of
that registry really answers (its OpenAPI document), so a fault never "removes" nothing; and
every route glob matches an operation of that registry."""

from __future__ import annotations

import fnmatch
from typing import Any

import pytest
from prometheus_client import CollectorRegistry

from mock_registries.clock import Clock
from mock_registries.factory import REGISTRY_NAMES, create_registry_app
from mock_registries.faults.catalog import load_catalog
from mock_registries.settings import MockSettings

_FIELD_PARAMS = ("fields", "drop_fields", "count_fields")


def _document(name: str) -> dict[str, Any]:
    app: Any = create_registry_app(
        name,  # type: ignore[arg-type]
        MockSettings(),
        clock=Clock(),
        metrics_registry=CollectorRegistry(),
    )
    return dict(app.fastapi.openapi())


def _properties(node: Any, into: set[str]) -> set[str]:
    if isinstance(node, dict):
        into.update(k.lower() for k in node.get("properties", {}))
        for value in node.values():
            _properties(value, into)
    elif isinstance(node, list):
        for item in node:
            _properties(item, into)
    return into


DOCUMENTS = {name: _document(name) for name in REGISTRY_NAMES}
FIELDS = {name: _properties(doc, set()) for name, doc in DOCUMENTS.items()}


def _named_fields(params: dict[str, Any]) -> list[tuple[str, list[str]]]:
    named = [(key, list(params[key])) for key in _FIELD_PARAMS if key in params]
    if "values" in params:
        named.append(("values", list(params["values"])))
    if "when" in params:
        named.append(("when", [params["when"]["field"]]))
    return named


def _rules() -> list[tuple[str, str, Any]]:
    return [
        (f"row {entry.row} {rule.fault.kind} on {rule.registry}", rule.registry, rule)
        for entry in load_catalog().entries
        for rule in entry.faults
    ]


@pytest.mark.parametrize(("label", "registry", "rule"), _rules(), ids=lambda v: str(v)[:60])
def test_fault_fields_exist_in_the_registry_contract(label: str, registry: str, rule: Any) -> None:
    known = FIELDS[registry]
    for key, names in _named_fields(rule.fault.params):
        if key == "count_fields":
            assert any(n.lower() in known for n in names), f"{label}: none of {names}"
            continue
        missing = [n for n in names if n.lower() not in known]
        assert not missing, f"{label}: {key} {missing} are not fields of {registry}"


@pytest.mark.parametrize(("label", "registry", "rule"), _rules(), ids=lambda v: str(v)[:60])
def test_fault_routes_match_an_operation(label: str, registry: str, rule: Any) -> None:
    if rule.route == "*" or rule.fault.kind == "not_implemented":
        return  # not_implemented names an endpoint the registry does not have (a gap)
    paths = [p.lower() for p in DOCUMENTS[registry]["paths"]]
    assert any(fnmatch.fnmatch(p, rule.route.lower()) for p in paths), f"{label}: {rule.route}"
