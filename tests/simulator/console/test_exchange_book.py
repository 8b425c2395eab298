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


_TIMEOUT = {"statusCode": 504, "succeeded": False, "answeredBy": "ndxp",
            "faultCode": "Server.ServerProxy.ServiceFailed.Timeout"}  # fmt: skip


def test_a_hang_named_only_in_the_journal_shows_as_the_injected_fault() -> None:
    # The journal entry comes first (the fault is applied when the call arrives; the records
    # only when the gateways give up), and may come after: both end on the exchange.
    book = ExchangeBook(10)
    assert book.add_journal([{"messageId": "m-1", "tag": "20:hang", "registry": "dkdn"}]) == []
    (early,) = book.add([_hop("ndxp", **_TIMEOUT), _hop("lgsp", **_TIMEOUT)])
    assert early.summary()["injectedFault"] == "20:hang"
    later = ExchangeBook(10)
    later.add([_hop("ndxp", **_TIMEOUT, messageId="m-2")])
    assert later.get("m-2").summary()["injectedFault"] is None  # type: ignore[union-attr]
    (changed,) = later.add_journal([{"messageId": "m-2", "tag": "20:hang", "registry": "dkdn"}])
    assert changed.summary()["injectedFault"] == "20:hang"


def test_a_fault_on_the_record_and_in_the_journal_is_named_once() -> None:
    book = ExchangeBook(10)
    (exchange,) = book.add([_hop("lgsp", injectedFault="25:missing_fields")])
    book.add_journal([
        {"messageId": "m-1", "tag": "25:missing_fields", "registry": "dan_cu"},
        {"messageId": "m-1", "tag": "44:reset_before@lgsp-ndxp", "registry": "lgsp"},
    ])  # fmt: skip
    assert exchange.summary()["injectedFault"] == "25:missing_fields,44:reset_before@lgsp-ndxp"


def test_a_registrys_own_no_record_mark_is_not_shown_as_a_fault() -> None:
    # "-:no_record" marks a registry's honest "no such record" answer; the report does not count
    # it as a fault met, and the monitor agrees with the report.
    book = ExchangeBook(10)
    (exchange,) = book.add([_hop("ndxp", injectedFault="-:no_record"), _hop("lgsp")])
    assert exchange.summary()["injectedFault"] is None
    book.add_journal([{"messageId": "m-1", "tag": "3:empty_data", "registry": "dan_cu"}])
    assert exchange.summary()["injectedFault"] == "3:empty_data"
