"""The monitor's exchanges say where a failed call failed in the report's words, not merely
which hop wrote the answer."""

from __future__ import annotations

from typing import Any

from simulator.console.exchanges import ExchangeBook


def _hop(server: str, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "securityServerType": server, "requestInTs": 1_000, "requestOutTs": 1_001,
        "responseInTs": 1_900, "responseOutTs": 1_901, "clientId": "MCDT",
        "serviceProvider": "dkdn", "serviceCode": "chiTietDoanhNghiep", "messageId": "m-1",
        "statusCode": 200, "succeeded": True, "faultCode": None, "attempts": 1,
        "breakerState": "closed", "injectedFault": None, "detectedSymptom": "ok",
        "answeredBy": "registry:dkdn", "faultString": None,
    }  # fmt: skip
    return {**record, **fields}


def _failed_at(*hops: dict[str, Any]) -> str | None:
    book = ExchangeBook(10)
    (exchange,) = book.add(hops)
    return exchange.summary()["failedAt"]  # type: ignore[no-any-return]


def test_a_registry_that_timed_out_is_named_not_the_ndxp_that_answered() -> None:
    timeout = {"statusCode": 504, "succeeded": False, "answeredBy": "ndxp",
               "faultCode": "Server.ServerProxy.ServiceFailed.Timeout"}  # fmt: skip
    assert _failed_at(_hop("lgsp", **timeout), _hop("ndxp", **timeout)) == "registry:dkdn"


def test_a_provinces_own_refused_call_is_the_provinces() -> None:
    refused = {"statusCode": 405, "succeeded": False, "answeredBy": "lgsp",
               "faultCode": "Client.InvalidHttpMethod"}  # fmt: skip
    assert _failed_at(_hop("lgsp", **refused)) == "client"
    bad_token = {**refused, "statusCode": 401,
                 "faultCode": "Server.ClientProxy.AuthenticationFailed"}  # fmt: skip
    assert _failed_at(_hop("lgsp", **bad_token)) == "client"


def test_a_success_fails_nowhere() -> None:
    assert _failed_at(_hop("lgsp"), _hop("ndxp")) is None
