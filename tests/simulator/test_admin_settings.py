"""One admin credential for every component: set once (NDXP_ADMIN_TOKEN), handed to each
gateway and mock part, sent by every harness client, and warned about when the demo's default
listens beyond this machine."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from gateway import DEFAULT_ADMIN_TOKEN
from simulator.settings import StackSettings


def test_the_admin_token_reaches_every_part(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NDXP_ADMIN_TOKEN", "s3cret-of-the-province")
    settings = StackSettings()
    assert settings.gateway_settings().admin_token.get_secret_value() == "s3cret-of-the-province"
    assert settings.fault_settings().admin_token.get_secret_value() == "s3cret-of-the-province"
    assert settings.admin_headers() == [(b"authorization", b"Bearer s3cret-of-the-province")]
    assert "s3cret" not in repr(settings)  # a secret, never printed with the settings


@pytest.mark.parametrize(
    ("host", "token", "warned"),
    [
        ("127.0.0.1", DEFAULT_ADMIN_TOKEN, False),
        ("0.0.0.0", DEFAULT_ADMIN_TOKEN, True),
        ("0.0.0.0", "own-token", False),
    ],
)
def test_the_demo_default_is_flagged_beyond_loopback(host: str, token: str, warned: bool) -> None:
    settings = StackSettings(host=host, admin_token=SecretStr(token))
    assert settings.exposes_demo_admin_token() is warned
