"""docker-compose.yml: parsed always; validated by Debian's `docker-compose config` when present
(no Docker engine runs here, so nothing is started)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from simulator.cli import build_parser
from simulator.settings import Ports, StackSettings
from tests.system_tools import system_tool

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
COMPONENTS = {"dan_cu", "dkdn", "ho_tich", "gplx", "ndxp", "lgsp", "console"}
PUBLISHED = {"lgsp", "console", "prometheus", "grafana"}  # by default; the rest stay inside


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
        offered = {
            p.split(":")[-1] for p in [*service.get("ports", []), *service.get("expose", [])]
        }
        assert str(getattr(ports, name)) in offered


def test_only_the_lgsp_console_and_monitoring_are_published(compose: dict[str, Any]) -> None:
    """Mocks and the NDXP are reached through the LGSP only: a published mock would let anyone
    who reaches the host query a registry, or switch its faults, past the LGSP's ACL."""
    default = {
        name
        for name, service in compose["services"].items()
        if service.get("ports") and not service.get("profiles")
    }
    assert default == PUBLISHED
    for name in ("dan_cu", "dkdn", "ho_tich", "gplx", "ndxp"):
        assert compose["services"][name]["expose"]


def test_every_component_gets_the_admin_credential_from_the_environment(
    compose: dict[str, Any],
) -> None:
    for name in COMPONENTS:
        env = compose["services"][name]["environment"]
        assert env["NDXP_ADMIN_TOKEN"] == "${NDXP_ADMIN_TOKEN:-ndxp-admin-demo}"


def test_upstream_urls_point_at_compose_services(compose: dict[str, Any]) -> None:
    env = dict(compose["services"]["ndxp"]["environment"])
    for registry in ("dan_cu", "dkdn", "ho_tich", "gplx"):
        url = env[f"NDXP_UPSTREAM_URLS__{registry.upper()}"]
        assert url == f"http://{registry}:{getattr(Ports(), registry)}"
    settings = StackSettings.model_validate(
        {"upstream_urls": {"ndxp": env["NDXP_UPSTREAM_URLS__NDXP"]}}
    )
    assert settings.base_url("ndxp") == "http://ndxp:8200"


def test_the_console_reaches_every_component_by_its_service_name(compose: dict[str, Any]) -> None:
    service = compose["services"]["console"]
    env = {**compose["services"]["ndxp"]["environment"], **service["environment"]}
    settings = StackSettings.model_validate(
        {"upstream_urls": {k.removeprefix("NDXP_UPSTREAM_URLS__").lower(): v
                           for k, v in env.items() if k.startswith("NDXP_UPSTREAM_URLS__")}}
    )  # fmt: skip
    for name in ("lgsp", "ndxp", "dan_cu", "dkdn", "ho_tich", "gplx"):
        assert settings.base_url(name) == f"http://{name}:{getattr(Ports(), name)}"


def test_locust_web_ui_mode_is_one_variable_away(compose: dict[str, Any]) -> None:
    master = compose["services"]["locust-master"]
    assert master["environment"]["LOCUST_HEADLESS"] == "${LOCUST_HEADLESS:-true}"
    assert master["environment"]["LOCUST_WEB_HOST"] == "0.0.0.0"
    assert "8089:8089" in master["ports"]


@pytest.mark.external
def test_docker_compose_config_accepts_the_file() -> None:
    tool = system_tool("docker-compose", "docker-compose")
    result = subprocess.run(
        [tool, "-f", str(COMPOSE), "config", "-q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_every_service_has_a_healthcheck_on_its_own_port(compose: dict[str, Any]) -> None:
    """A component is healthy when its own /healthz answers: asked with Python's urllib (a slim
    image has no curl). One-off tools (``ctl``) are no servers and say so."""
    ports = Ports()
    for name, service in compose["services"].items():
        check = service.get("healthcheck")
        assert check, f"{name} has no healthcheck"
        if check.get("disable"):
            assert "tools" in service.get("profiles", []), name
            continue
        command = " ".join(check["test"])
        assert check["test"][0] == "CMD" and "curl" not in command
        if name in COMPONENTS:
            assert check["test"][1] == "python" and "urllib" in command
            assert f"127.0.0.1:{getattr(ports, name)}/healthz" in command


def test_components_start_after_what_they_call_is_healthy(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services["ndxp"]["depends_on"]) == {"dan_cu", "dkdn", "ho_tich", "gplx"}
    assert set(services["lgsp"]["depends_on"]) == {"ndxp"}
    for name in ("ndxp", "lgsp", "console"):
        conditions = {v["condition"] for v in services[name]["depends_on"].values()}
        assert conditions == {"service_healthy"}


def test_images_run_as_an_unprivileged_user() -> None:
    for dockerfile in (ROOT / "Dockerfile", ROOT / "loadtests" / "Dockerfile"):
        users = [
            line.split()[1]
            for line in dockerfile.read_text(encoding="utf-8").splitlines()
            if line.startswith("USER ")
        ]
        assert users and users[-1].split(":")[0] not in ("root", "0"), dockerfile


def test_the_build_context_leaves_out_what_images_never_use() -> None:
    ignored = set((ROOT / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".git", ".venv", "var", "out", "tests", "*.sqlite", ".env"} <= ignored


def test_the_image_can_load_test_and_drive_the_control_plane(compose: dict[str, Any]) -> None:
    """``ctl`` (the main image) runs faults, report and loadtest: locust is in the image, and it
    knows every component's URL and the admin token."""
    assert '".[loadtest]"' in (ROOT / "Dockerfile").read_text(encoding="utf-8")
    ctl = compose["services"]["ctl"]
    assert build_parser().parse_args(ctl["command"]).command == "faults"
    env = ctl["environment"]
    assert env["NDXP_ADMIN_TOKEN"] == "${NDXP_ADMIN_TOKEN:-ndxp-admin-demo}"
    urls = {k.removeprefix("NDXP_UPSTREAM_URLS__").lower(): v
            for k, v in env.items() if k.startswith("NDXP_UPSTREAM_URLS__")}  # fmt: skip
    settings = StackSettings.model_validate({"upstream_urls": urls})
    for name in ("lgsp", "ndxp", "dan_cu", "dkdn", "ho_tich", "gplx"):
        assert settings.base_url(name) == f"http://{name}:{getattr(Ports(), name)}"


@pytest.mark.external
def test_docker_compose_config_keeps_healthchecks_and_users() -> None:
    """What docker-compose itself makes of the file, every profile included."""
    tool = system_tool("docker-compose", "docker-compose")
    result = subprocess.run(
        [tool, "-f", str(COMPOSE), "--profile", "tools", "--profile", "loadtest", "config"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)["services"]
    for name in (*COMPONENTS, "ctl", "locust-master", "locust-worker"):
        assert "healthcheck" in resolved[name], name
    for name in ("ctl", "locust-master"):
        assert resolved[name]["user"] == "10001"
