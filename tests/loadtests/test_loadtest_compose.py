"""The distributed load test in docker-compose: locust's own master and workers, running the same
locustfile as ``ndxp-sim loadtest`` against the compose LGSP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from simulator.settings import Ports

ROOT = Path(__file__).resolve().parents[2]


def services() -> dict[str, Any]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    loaded: dict[str, Any] = compose["services"]
    return loaded


def test_master_and_workers_run_the_project_locustfile_off_by_default() -> None:
    master, worker = services()["locust-master"], services()["locust-worker"]
    for service in (master, worker):
        assert service["profiles"] == ["loadtest"]  # `docker-compose up` alone does not load
        assert service["build"]["dockerfile"] == "loadtests/Dockerfile"
        assert service["image"] == "ndxp-sim-locust:latest"
    assert "--master" in master["command"] and "--worker" in worker["command"]
    assert worker["command"][worker["command"].index("--master-host") + 1] == "locust-master"
    env = master["environment"]
    assert env["LOCUST_HOST"] == f"http://lgsp:{Ports().lgsp}"
    assert env["LOCUST_SHAPE"] in {"steady", "step", "spike", "office-day"}
    assert int(env["LOCUST_EXPECT_WORKERS"]) >= 1
    assert {"--csv", "--html"} <= set(master["command"])


def test_the_locust_image_installs_the_pinned_locust_and_uses_the_same_locustfile() -> None:
    dockerfile = (ROOT / "loadtests" / "Dockerfile").read_text(encoding="utf-8")
    assert 'pip install --no-cache-dir ".[loadtest]"' in dockerfile  # locust pinned in pyproject
    assert "COPY loadtests ./loadtests" in dockerfile
    assert '"-f", "/app/loadtests/locustfile.py"' in dockerfile
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"locust==' in pyproject
