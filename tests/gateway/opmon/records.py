"""Builders of hop records for ledger and report tests."""

from __future__ import annotations

from typing import Any

from gateway.opmon.records import HopRecord


def hop_record(**overrides: Any) -> HopRecord:
    values: dict[str, Any] = {
        "securityServerType": "ndxp",
        "requestInTs": 1_700_000_000_000,
        "requestOutTs": 1_700_000_000_001,
        "responseInTs": 1_700_000_000_050,
        "responseOutTs": 1_700_000_000_052,
        "clientId": "SUB_MOTCUA",
        "serviceProvider": "dan_cu",
        "serviceCode": "TraCuuCongDan",
        "serviceVersion": "v1",
        "restMethod": "GET",
        "restPath": "/congdan/{soDinhDanh}",
        "messageId": "m-1",
        "xRequestId": "r-1",
        "requestSize": 0,
        "responseSize": 100,
        "statusCode": 200,
        "succeeded": True,
        "faultCode": None,
        "faultString": None,
        "attempts": 1,
        "breakerState": None,
        "injectedFault": None,
        "detectedSymptom": "ok",
        "answeredBy": "registry:dan_cu",
    }
    values.update(overrides)
    return HopRecord(**values)
