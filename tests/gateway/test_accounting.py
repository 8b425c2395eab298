"""The ledger record a hop writes for an answered, a failed and a refused exchange, field by
field (a swapped field would show here first)."""

from __future__ import annotations

from typing import Any

from connectors import UpstreamUnavailable
from gateway.opmon import HopRecord
from tests.gateway.identities import (
    CCCD,
    IOC,
    IOC_SECRET,
    LGSP,
    LGSP_SECRET,
    MCDT,
    MCDT_SECRET,
    basic,
)
from tests.gateway.recording import DN_XROAD, TRA_CUU, ListLedger, Recorder, build_app, call

TIMESTAMPS = ("requestInTs", "requestOutTs", "responseInTs", "responseOutTs")


def _fields(record: HopRecord) -> dict[str, Any]:
    """The record without its timestamps and generated request id, which are checked apart."""
    fields = record.as_dict()
    stamps = [fields.pop(name) for name in TIMESTAMPS]
    known = [stamp for stamp in stamps if stamp is not None]
    assert known == sorted(known), stamps
    assert len(fields.pop("xRequestId")) == 36
    return fields


async def test_an_answered_call_at_the_ndxp() -> None:
    ledger = ListLedger()
    upstream = Recorder(headers=[(b"content-type", b"application/json"), (b"x-sim-fault", b"45:x")])
    app = build_app("ndxp", upstream, ledger=ledger)
    response = await call(
        app,
        "GET",
        DN_XROAD + "?msdn=1",
        authorization=basic(LGSP, LGSP_SECRET),
        x_road_id="corr-7",
        x_road_userid=CCCD,
    )
    assert response.status_code == 200
    [record] = ledger.records
    assert record.requestOutTs is not None and record.responseInTs is not None
    assert _fields(record) == {
        "securityServerType": "ndxp",
        "clientId": "LGSP",
        "serviceProvider": "dkdn",
        "serviceCode": "chiTietDoanhNghiep",
        "serviceVersion": "1.0",
        "restMethod": "GET",
        "restPath": "/chiTietDoanhNghiep",
        "messageId": "corr-7",
        "requestSize": 0,
        "responseSize": len(upstream.body),
        "statusCode": 200,
        "succeeded": True,
        "faultCode": None,
        "faultString": None,
        "attempts": 1,
        "breakerState": "closed",
        "injectedFault": "45:x",
        "detectedSymptom": "http_4xx",  # a Status "0" refusal in a 200 (DN_ANSWER)
        "answeredBy": "registry:dkdn",
        "userId": record.userId,
        "sandbox": None,
        "evidence": None,
    }
    assert record.userId is not None and CCCD not in record.userId


async def test_a_failed_call_to_the_ndxp_is_the_lgsp_s_answer() -> None:
    ledger = ListLedger()
    app = build_app("lgsp", Recorder(failure=UpstreamUnavailable("refused")), ledger=ledger)
    response = await call(app, "POST", TRA_CUU, authorization=basic(MCDT, MCDT_SECRET))
    assert response.status_code == 502
    [record] = ledger.records
    fields = _fields(record)
    assert fields.pop("messageId") == response.headers["x-road-id"]
    assert fields.pop("faultString").startswith("LGSP không nhận được phản hồi hợp lệ từ NDXP")
    assert fields == {
        "securityServerType": "lgsp",
        "clientId": "MCDT",
        "serviceProvider": "dan_cu",
        "serviceCode": "TraCuuThongTinCongDan",
        "serviceVersion": "1.0",
        "restMethod": "POST",
        "restPath": "/TraCuuThongTinCongDan",
        "requestSize": len(response.request.content),
        "responseSize": 0,
        "statusCode": 502,
        "succeeded": False,
        "faultCode": "Server.ClientProxy.ServiceFailed.NetworkError",
        "attempts": 3,  # connect errors are retried on the NDXP hop too: nothing was sent
        "breakerState": "closed",
        "injectedFault": None,
        "detectedSymptom": "connect_error",
        "answeredBy": "lgsp",
        "userId": None,
        "sandbox": None,
        "evidence": None,
    }


async def test_a_refused_call_never_went_upstream() -> None:
    ledger = ListLedger()
    upstream = Recorder()
    app = build_app("lgsp", upstream, ledger=ledger)
    response = await call(app, "POST", TRA_CUU, authorization=basic(IOC, IOC_SECRET))
    assert response.status_code == 403 and upstream.sent == []
    [record] = ledger.records
    assert (record.requestOutTs, record.responseInTs) == (None, None)
    fields = _fields(record)
    del fields["messageId"], fields["faultString"]
    assert fields == {
        "securityServerType": "lgsp",
        "clientId": "IOC",
        "serviceProvider": "dan_cu",
        "serviceCode": "TraCuuThongTinCongDan",
        "serviceVersion": "1.0",
        "restMethod": "POST",
        "restPath": "/TraCuuThongTinCongDan",
        "requestSize": 0,
        "responseSize": 0,
        "statusCode": 403,
        "succeeded": False,
        "faultCode": "Server.ClientProxy.AccessDenied",
        "attempts": 0,
        "breakerState": None,
        "injectedFault": None,
        "detectedSymptom": "gateway_error",
        "answeredBy": "lgsp",
        "userId": None,
        "sandbox": None,
        "evidence": None,
    }


async def test_a_failed_get_openapi_is_answered_and_recorded_as_the_hop_s_failure() -> None:
    ledger = ListLedger()
    app = build_app("lgsp", Recorder(failure=UpstreamUnavailable("refused")), ledger=ledger)
    path = "/r1/VN/GOV/000.00.00.G05/CSDLDKDN/getOpenAPI"
    response = await call(app, "GET", path, authorization=basic(MCDT, MCDT_SECRET))
    assert response.status_code == 502
    assert response.headers["x-road-error"] == "Server.ClientProxy.ServiceFailed.NetworkError"
    [record] = ledger.records
    assert (record.serviceCode, record.statusCode, record.answeredBy) == ("getOpenAPI", 502, "lgsp")
    assert record.requestOutTs is not None and record.responseInTs is not None


async def test_an_answered_metaservice_leaves_no_record() -> None:
    ledger = ListLedger()
    app = build_app("lgsp", Recorder(body=b"{}"), ledger=ledger)
    for name in ("listMethods", "getOpenAPI"):
        path = f"/r1/VN/GOV/000.00.00.G05/CSDLDKDN/{name}"
        response = await call(app, "GET", path, authorization=basic(MCDT, MCDT_SECRET))
        assert response.status_code == 200
    assert ledger.records == []


class _QueuedLedger(ListLedger):
    """Keeps pending records unbuilt, as the SQLite writer's queue does until it commits."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: list[Any] = []

    def record_pending(self, pending: Any) -> None:
        self.pending.append(pending)


async def test_a_queued_record_keeps_no_answer_body_and_still_builds_the_whole_record() -> None:
    """A record waiting in the writer's queue (a stalled disk: up to queue_size of them) holds
    the exchange's small facts, not the answer's body nor its parsed document."""
    body = b'{"Status": "1", "Data": {"TEN": "' + b"x" * 100_000 + b'"}}'
    ledger = _QueuedLedger()
    app = build_app("ndxp", Recorder(body), ledger=ledger)
    response = await call(app, "GET", DN_XROAD + "?msdn=1", authorization=basic(LGSP, LGSP_SECRET))
    assert response.status_code == 200 and len(response.content) == len(body)
    ((row, facts),) = ledger.pending
    answer = facts[0].answer
    assert answer.response.body == b"" and answer.relay == []
    record = HopRecord(*row(facts))
    assert (record.responseSize, record.attempts, record.statusCode) == (len(body), 1, 200)
