"""The X-Road SOAP header of the demo province's look-up (MCDT calling C06), as zeep takes it
(``_soapheaders=``): shared by the mock's and the gateways' SOAP tests."""

from __future__ import annotations

from typing import Any

__all__ = ["XROAD_HEADERS"]

XROAD_HEADERS: dict[str, Any] = {
    "client": {
        "xRoadInstance": "VN",
        "memberClass": "GOV",
        "memberCode": "000.00.00.H56",
        "subsystemCode": "MCDT",
        "objectType": "SUBSYSTEM",
    },
    "service": {
        "xRoadInstance": "VN",
        "memberClass": "GOV",
        "memberCode": "000.00.00.C06",
        "subsystemCode": "CSDLDC",
        "serviceCode": "TraCuuThongTinCongDan",
        "objectType": "SERVICE",
    },
    "id": "4894e35d-bf0f-44a6-867a-8e51f1daa7e0",
    "userId": "VN001080012345",
    "protocolVersion": "4.0",
}
