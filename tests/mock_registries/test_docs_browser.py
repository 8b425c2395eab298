"""The docs pages work with no Internet: Debian's chromium, headless, with every host but
127.0.0.1 unresolvable, renders Swagger UI's operations and ReDoc's from a live mock."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from mock_registries.factory import RegistryName
from tests.mock_registries.live import live_registry

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow, pytest.mark.external]


def _dom(url: str) -> str:
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required in CI (apt-get install chromium)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--virtual-time-budget=8000",
        "--dump-dom",
        url,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=True).stdout


@pytest.mark.parametrize(("name", "operation"), [("gplx", "/mapi/login"), ("dan_cu", "XacThuc")])
def test_swagger_ui_and_redoc_render_offline(name: RegistryName, operation: str) -> None:
    with live_registry(name) as base:
        swagger = _dom(f"{base}/docs")
        redoc = _dom(f"{base}/redoc")
    assert "opblock" in swagger and operation in swagger  # Swagger UI drew the operations
    assert operation in redoc and "redoc" in redoc.lower()
