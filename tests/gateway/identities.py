"""Consumers of the default catalog and a well-formed test CCCD."""

from __future__ import annotations

import base64

from gateway import DEFAULT_ADMIN_TOKEN

MCDT = "VN/GOV/000.00.00.H56/MCDT"
MCDT_SECRET = "mcdt-demo-secret"
IOC = "VN/GOV/000.00.00.H56/IOC"
IOC_SECRET = "ioc-demo-secret"
DIRECT = "VN/GOV/000.00.00.H56/MCDT-DIRECT"
DIRECT_SECRET = "direct-demo-secret"
LGSP = "VN/GOV/000.00.00.H56/LGSP"
LGSP_SECRET = "lgsp-demo-secret"
CCCD = "001203004512"


def basic(client: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client}:{secret}".encode()).decode()


ADMIN = {"Authorization": f"Bearer {DEFAULT_ADMIN_TOKEN}"}
