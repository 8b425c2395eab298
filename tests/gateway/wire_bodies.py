"""Reading a gateway's own error body whatever its wire: X-Road JSON on /r1/ addresses, WSO2's
``{"fault": …}`` on NGSP/WSO2 paths (``gateway.wire``)."""

from __future__ import annotations

from typing import Any

__all__ = ["error_text", "wso2_fault"]


def error_text(document: Any) -> str:
    """The gateway's message: X-Road's ``message`` or WSO2's ``fault.description``."""
    if "fault" in document:
        return str(document["fault"]["description"])
    return str(document["message"])


def wso2_fault(document: Any) -> tuple[int, str]:
    """``(code, message)`` of a WSO2 fault body, checking it has WSO2's three fields."""
    fault = document["fault"]
    assert set(fault) == {"code", "message", "description"} and fault["description"]
    return int(fault["code"]), str(fault["message"])
