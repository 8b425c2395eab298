"""Fixtures for the registry mocks: a frozen clock, settings, and an in-process ASGI client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime

import httpx
import pytest
from prometheus_client import CollectorRegistry

from mock_registries.clock import VIETNAM_TZ, Clock
from mock_registries.factory import RegistryName, create_registry_app
from mock_registries.settings import MockSettings

FROZEN_AT = datetime(2026, 11, 23, 9, 30, tzinfo=VIETNAM_TZ)


@pytest.fixture
def clock() -> Clock:
    return Clock.frozen_at(FROZEN_AT)


@pytest.fixture
def mock_settings() -> MockSettings:
    return MockSettings(seed=2024, not_found_ratio=0.02)


def client_for(name: RegistryName, settings: MockSettings, clock: Clock) -> httpx.AsyncClient:
    app = create_registry_app(name, settings, clock=clock, metrics_registry=CollectorRegistry())
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mock")


ClientFactory = Callable[[RegistryName, MockSettings], httpx.AsyncClient]


@pytest.fixture
def make_client(clock: Clock) -> ClientFactory:
    """Builds an in-process client for a registry with other settings (same frozen clock)."""

    def make(name: RegistryName, settings: MockSettings) -> httpx.AsyncClient:
        return client_for(name, settings, clock)

    return make


@pytest.fixture
async def dan_cu(mock_settings: MockSettings, clock: Clock) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for("dan_cu", mock_settings, clock) as client:
        yield client


@pytest.fixture
async def dkdn(mock_settings: MockSettings, clock: Clock) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for("dkdn", mock_settings, clock) as client:
        yield client


@pytest.fixture
async def ho_tich(mock_settings: MockSettings, clock: Clock) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for("ho_tich", mock_settings, clock) as client:
        yield client


@pytest.fixture
async def gplx(mock_settings: MockSettings, clock: Clock) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for("gplx", mock_settings, clock) as client:
        yield client
