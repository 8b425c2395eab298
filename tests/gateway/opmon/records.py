"""Builders of hop records for ledger and report tests, and a ledger that keeps them (they
are dated 2023: the default retention of 7 days would prune them at once)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gateway.opmon import Retention, SqliteLedger
from gateway.opmon.records import HopRecord

KEEP_ALL = Retention(max_age_days=1_000_000)


def historical_ledger(path: Path, **options: Any) -> SqliteLedger:
    return SqliteLedger(path, retention=KEEP_ALL, **options)


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
