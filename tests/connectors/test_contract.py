"""Response-contract checks (Phụ lục V rows 21/45/50/64: result fields missing) — the function
itself, and what the gateway does with it at the hop nearest the registry: header
``x-sim-contract-missing`` and the ``gateway_contract_violations`` metric. Also checks that
the connector's ``attempts`` and breaker state reach the ledger record."""

from __future__ import annotations

import base64

import httpx
import orjson
import pytest
from prometheus_client import CollectorRegistry

from connectors._contract import NOT_JSON, ContractCheck, missing_in, parse_document
from connectors._transport import HttpxTransport
from gateway import DEFAULT_CATALOG
from gateway.app import create_app
from gateway.catalog import load_catalog
from gateway.opmon import HopRecord, NullLedger
from simulator.settings import StackSettings

BODY = orjson.dumps(
    {
        "SoDinhDanh": "001099012345",
        "KetQua": None,
        "DanhSachHoSo": [{"NgayCoKetQua": "2024-01-02"}, {"NgayCoKetQua": None}],
    }
)


def missing_fields(body: bytes, required: tuple[str, ...]) -> list[str]:
    """What the gateway does with an answer: parse it once, then check the contract — with
    :func:`missing_in` and with the hop's precompiled :class:`ContractCheck`, which agree."""
    document = parse_document(body)
    missing = missing_in(document, required)
    assert ContractCheck(required).check(body) == (missing, document)
    return missing


@pytest.mark.parametrize(
    ("required", "missing"),
    [
        ((), []),
        (("SoDinhDanh",), []),
        (("KetQua",), ["KetQua"]),
        (("HoVaTen", "SoDinhDanh"), ["HoVaTen"]),
        (("DanhSachHoSo[].NgayCoKetQua",), ["DanhSachHoSo[].NgayCoKetQua"]),
        (("DanhSachHoSo[].TepKetQua",), ["DanhSachHoSo[].TepKetQua"]),
        (("SoDinhDanh.Ma",), ["SoDinhDanh.Ma"]),
        (("Khac[].X",), ["Khac[].X"]),
    ],
)
def test_missing_fields(required: tuple[str, ...], missing: list[str]) -> None:
    assert missing_fields(BODY, required) == missing


def test_all_present_in_every_list_item() -> None:
    body = b'{"DanhSachHoSo":[{"NgayCoKetQua":"a"},{"NgayCoKetQua":"b"}]}'
    assert missing_fields(body, ("DanhSachHoSo[].NgayCoKetQua",)) == []


def test_not_json_is_flagged_once() -> None:
    assert missing_fields("<html>Bảo trì</html>".encode(), ("SoDinhDanh",)) == [NOT_JSON]
    assert missing_fields(b"<html>", ()) == []


class Ledger(NullLedger):
    def __init__(self) -> None:
        self.records: list[HopRecord] = []

    def record(self, record: HopRecord) -> None:
        self.records.append(record)


def _status_required() -> tuple[str, ...]:
    catalog = load_catalog(DEFAULT_CATALOG)
    service = catalog.service("dkdn", "tinhTrangHoSo")
    assert service is not None and service.contract.required
    return service.contract.required


def _document_with(paths: tuple[str, ...]) -> bytes:
    """A JSON body where every required dotted path (``[]`` = list of one item) is present."""
    document: dict[str, object] = {}
    for path in sorted(paths, key=lambda p: -p.count(".")):  # deepest first: lists stay lists
        node = document
        parts = [part.rstrip("?") for part in path.split(" when ")[0].split(".")]
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if part.endswith("[]"):
                items = node.setdefault(part[:-2], [{}])
                assert isinstance(items, list)
                node = items[0] if not last else node
            elif last:
                node.setdefault(part, "x")
            else:
                child = node.setdefault(part, {})
                assert isinstance(child, dict)
                node = child
    return orjson.dumps(document)


LGSP_BASIC = b"Basic " + base64.b64encode(b"VN/GOV/000.00.00.H56/LGSP:lgsp-demo-secret")
TINH_TRANG = "/r1/VN/GOV/000.00.00.G05/CSDLDKDN/tinhTrangHoSo"


async def _ndxp_call(answers: list[httpx.Response]) -> tuple[httpx.Response, Ledger, bytes]:
    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0) if len(answers) > 1 else answers[0]

    registry = CollectorRegistry()
    ledger = Ledger()
    app = create_app(
        StackSettings().gateway_settings(),
        role="ndxp",
        metrics_registry=registry,
        transport=HttpxTransport(httpx.AsyncClient(transport=httpx.MockTransport(handler))),
        ledger=ledger,
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://ndxp"
    ) as client:
        response = await client.get(
            TINH_TRANG,
            headers={
                "authorization": LGSP_BASIC.decode(),
                "x-road-client": "VN/GOV/000.00.00.H56/LGSP",
            },
        )
        metrics = (await client.get("/metrics")).content
    await app.aclose()
    return response, ledger, metrics


async def test_gateway_flags_missing_fields_in_a_header_and_a_metric() -> None:
    body = b'{"HoTen":"x","Data":{"IN_JOURNAL_NO":"1"}}'
    response, ledger, metrics = await _ndxp_call([httpx.Response(200, content=body)])
    assert response.status_code == 200
    missing = response.headers["x-sim-contract-missing"].split(",")
    assert missing == [p for p in _status_required() if p != "Data?.IN_JOURNAL_NO"]
    assert b'gateway_contract_violations_total{hop="ndxp",provider="dkdn"' in metrics
    assert ledger.records[-1].detectedSymptom != "ok"


async def test_retries_reach_the_ledger_and_the_metrics() -> None:
    response, ledger, metrics = await _ndxp_call(
        [httpx.Response(503), httpx.Response(200, content=_document_with(_status_required()))]
    )
    assert response.status_code == 200
    assert "x-sim-contract-missing" not in response.headers
    record = ledger.records[-1]
    assert (record.attempts, record.breakerState) == (2, "closed")
    assert b'gateway_upstream_retries_total{hop="ndxp",upstream="dkdn"} 1.0' in metrics
    assert (
        b'gateway_upstream_attempts_total{hop="ndxp",outcome="http_503",upstream="dkdn"} 1.0'
        in metrics
    )
    assert (
        b'gateway_circuit_breaker_state{hop="ndxp",state="closed",upstream="gplx"} 1.0' in metrics
    )


def test_conditional_fields_are_required_only_in_their_state() -> None:
    spec = ("data[].NgayCoKetQua when MaTrangThai=9|10",)
    in_progress = {"data": [{"MaTrangThai": "4", "NgayCoKetQua": None}]}
    finished = {"data": [{"MaTrangThai": "10", "NgayCoKetQua": "01/01/2024 08:00:00"}]}
    row_45 = {"data": [{"MaTrangThai": "9"}]}  # a result without its result date
    assert missing_fields(orjson.dumps(in_progress), spec) == []
    assert missing_fields(orjson.dumps(finished), spec) == []
    assert missing_fields(orjson.dumps(row_45), spec) == list(spec)
    spouse = ("CongDan[].VoChong when TinhTrangHonNhan=2",)
    married = {"CongDan": [{"TinhTrangHonNhan": "2", "VoChong": None}]}
    single = {"CongDan": [{"TinhTrangHonNhan": "1", "VoChong": None}]}
    assert missing_fields(orjson.dumps(married), spouse) == list(spouse)
    assert missing_fields(orjson.dumps(single), spouse) == []


def test_optional_containers_and_fields_that_may_be_null() -> None:
    spec = ("Data?.NgayHenTra", "Data?.KetQua[].FILE_ID")
    assert missing_fields(b'{"Status":"0","Data":null}', spec) == []  # no Data: nothing due
    assert missing_fields(b'{"Status":"0"}', spec) == []
    assert missing_fields(b'{"Data":{"KetQua":[{"FILE_ID":"a"}]}}', spec) == ["Data?.NgayHenTra"]
    assert missing_fields(b'{"Data":{"NgayHenTra":"x","KetQua":[{}]}}', spec) == [spec[1]]
    card = ("CongDan[].NgayCapCCCD?",)
    assert missing_fields(b'{"CongDan":[{"NgayCapCCCD":null}]}', card) == []  # no card yet
    assert missing_fields(b'{"CongDan":[{}]}', card) == list(card)  # the field vanished
    items = ("data[]?.soDienThoai? when maHoSo=*", "data[]?.TepKetQua when MaHoSo=*")
    assert missing_fields(b'{"error_code":0,"session":"s"}', items) == []  # a login answer
    listing = b'{"data":[{"maHoSo":"1","soDienThoai":null}]}'
    detail = b'{"data":[{"MaHoSo":"1","TepKetQua":[]}]}'
    assert missing_fields(listing, items) == [] and missing_fields(detail, items) == []
    assert missing_fields(b'{"data":[{"maHoSo":"1"}]}', items) == [items[0]]
    assert missing_fields(b'{"data":[{"MaHoSo":"1"}]}', items) == [items[1]]
