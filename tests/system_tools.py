"""Debian tools the tests drive (chromium, promtool, docker-compose): required in CI, where
scripts/install-system-deps installs them; a skip elsewhere, naming the package."""

from __future__ import annotations

import os
import shutil

import pytest

__all__ = ["system_tool"]


def system_tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI (apt-get install {package})")
        pytest.skip(f"{name} is not installed (apt-get install {package})")
    return path
