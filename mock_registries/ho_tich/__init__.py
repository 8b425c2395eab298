"""CSDL hộ tịch điện tử toàn quốc mock."""

from mock_registries.ho_tich.app import create_app

__all__ = ["create_app"]
