"""CSDL giấy phép lái xe mock."""

from mock_registries.gplx.app import create_app

__all__ = ["create_app"]
