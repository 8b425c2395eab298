"""CSDLQG về đăng ký doanh nghiệp mock."""

from mock_registries.dkdn.app import create_app

__all__ = ["create_app"]
