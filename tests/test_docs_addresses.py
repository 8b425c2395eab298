"""Every gateway address the README and docs/ show a reader resolves to a service of the
default catalog — a newcomer copies them first (a wrong ``/apiGPLX/1.0/…`` once answered 404)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gateway import DEFAULT_CATALOG, load_catalog
from gateway.routing import resolve

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A call's address in running text or a command: X-Road REST or NGSP/WSO2 (context/version/…).
ADDRESS = re.compile(r"(/r1/VN/GOV/[A-Za-z0-9./_-]+|/api[A-Za-z-]+/[A-Za-z0-9.]+/[A-Za-z0-9/_-]+)")


def _addresses() -> list[tuple[str, str]]:
    found = set()
    for doc in DOCS:
        for match in ADDRESS.finditer(doc.read_text(encoding="utf-8")):
            found.add((doc.name, match.group(1).rstrip(".")))
    return sorted(found)


def test_the_docs_show_addresses() -> None:
    assert len(_addresses()) >= 3


@pytest.mark.parametrize(("doc", "address"), _addresses())
def test_a_documented_address_resolves(doc: str, address: str) -> None:
    route = resolve(load_catalog(DEFAULT_CATALOG), address)
    assert route.service is not None, f"{doc}: {address}"
