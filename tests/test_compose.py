"""docker-compose.yml: parsed always; validated by Debian's `docker-compose config` when present
(no Docker engine runs here, so nothing is started)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from simulator.cli import build_parser
from simulator.settings import Ports, StackSettings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
COMPONENTS = {"dan_cu", "dkdn", "ho_tich", "gplx", "ndxp", "lgsp"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return loaded


def test_one_service_per_component(compose: dict[str, Any]) -> None:
    assert COMPONENTS <= set(compose["services"])


def test_commands_exist_in_the_cli_and_ports_match_settings(compose: dict[str, Any]) -> None:
    parser = build_parser()
    ports = Ports()
    for name in COMPONENTS:
        service = compose["services"][name]
        args = parser.parse_args(service["command"])
        assert args.command == "serve" and args.component == name
        published = {p.split(":")[1] for p in service["ports"]}
        assert str(getattr(ports, name)) in published


def test_upstream_urls_point_at_compose_services(compose: dict[str, Any]) -> None:
    env = dict(compose["services"]["ndxp"]["environment"])
    for registry in ("dan_cu", "dkdn", "ho_tich", "gplx"):
        url = env[f"NDXP_UPSTREAM_URLS__{registry.upper()}"]
        assert url == f"http://{registry}:{getattr(Ports(), registry)}"
    settings = StackSettings.model_validate(
        {"upstream_urls": {"ndxp": env["NDXP_UPSTREAM_URLS__NDXP"]}}
    )
    assert settings.base_url("ndxp") == "http://ndxp:8200"


@pytest.mark.external
def test_docker_compose_config_accepts_the_file() -> None:
    tool = shutil.which("docker-compose")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("docker-compose (Debian package) is required in CI")
        pytest.skip("docker-compose not installed")
    result = subprocess.run(
        [tool, "-f", str(COMPOSE), "config", "-q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
