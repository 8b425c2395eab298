"""CSDLQG về dân cư (C06) mock."""

from mock_registries.dan_cu.app import create_app

__all__ = ["create_app"]
