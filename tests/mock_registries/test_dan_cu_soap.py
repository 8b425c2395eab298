"""Dân cư over SOAP 1.1: a real SOAP client (zeep) built from the served WSDL, on a real socket,
and the faults a hand-written envelope meets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import zeep
from lxml import etree
from zeep.exceptions import Fault

from mock_registries.clock import Clock
from mock_registries.data import fixtures
from tests.mock_registries.conftest import FROZEN_AT
from tests.mock_registries.live import live_registry
from tests.xroad_headers import XROAD_HEADERS

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with live_registry("dan_cu", clock=Clock.frozen_at(FROZEN_AT)) as url:
        yield url


@pytest.fixture(scope="module")
def client(base: str) -> zeep.Client:
    return zeep.Client(f"{base}/TraCuuThongTinCongDan?wsdl")


def test_zeep_looks_up_a_citizen_and_gets_the_xroad_headers_back(client: zeep.Client) -> None:
    answer = client.service.TraCuuThongTinCongDan(
        MaYeuCau="ZEEP-1",
        MaDVC="1.001193",
        MaTichHop="037",
        SoDinhDanh=fixtures.SINGLE_TAI,
        HoVaTen="Đào Văn Tài",
        NgayThangNamSinh={"NgayThangNam": "19921122"},
        _soapheaders=XROAD_HEADERS,
    )
    collection = answer.body
    assert collection.SoCongDan == 1 and collection.id == "ZEEP-1"
    (citizen,) = collection.CongDan
    assert citizen.SoDinhDanh == fixtures.SINGLE_TAI and citizen.SoCMND == "135602342"
    assert citizen.HoVaTen.Ten == "TÀI" and citizen.NgayThangNamSinh.NgayThangNam == "19921122"
    assert citizen.ThuongTru.MaPhuongXa == "09106" and citizen.ChuHo.QuanHe == "CH01"
    assert answer.header.id == XROAD_HEADERS["id"]
    assert answer.header.service.serviceCode == "TraCuuThongTinCongDan"


def test_zeep_finds_by_cmnd_and_verifies(client: zeep.Client) -> None:
    found = client.service.TraCuuThongTinCongDan(MaYeuCau="ZEEP-2", SoCMND="135602342")
    assert found.body.CongDan[0].SoDinhDanh == fixtures.SINGLE_TAI
    yes = client.service.XacThucThongTinCongDan(
        MaYeuCau="ZEEP-3", SoDinhDanh=fixtures.HEAD_AN, HoVaTen="NGUYEN VAN AN"
    )
    no = client.service.XacThucThongTinCongDan(
        MaYeuCau="ZEEP-4", SoDinhDanh=fixtures.HEAD_AN, HoVaTen="NGUYỄN VĂN BA"
    )
    assert (yes.body.TonTai, no.body.TonTai) == (True, False)
    empty = client.service.TraCuuThongTinCongDan(MaYeuCau="ZEEP-5", SoCMND="999999999")
    assert empty.body.SoCongDan == 0 and empty.body.GhiChu


def test_a_bad_cccd_is_a_soap_fault_with_the_services_code(client: zeep.Client) -> None:
    with pytest.raises(Fault) as raised:
        client.service.TraCuuThongTinCongDan(MaYeuCau="ZEEP-6", SoDinhDanh="12345")
    fault = raised.value
    assert fault.code == "soapenv:Client"
    assert "SoDinhDanh" in fault.message
    assert fault.detail is not None
    codes = [e.text for e in fault.detail.iter() if etree.QName(e).localname == "MaLoi"]
    assert codes == ["SO_DINH_DANH_KHONG_HOP_LE"]


def _envelope(body: str, ns: str = SOAP) -> bytes:
    return (
        f'<s:Envelope xmlns:s="{ns}" xmlns:dan="http://dancuquocgia.bca">'
        f"<s:Body>{body}</s:Body></s:Envelope>"
    ).encode()


@pytest.mark.parametrize(
    ("payload", "faultcode", "code"),
    [
        (b"not xml", "soapenv:Client", "YEU_CAU_KHONG_HOP_LE"),
        (b"<a/>", "soapenv:Client", "YEU_CAU_KHONG_HOP_LE"),
        (
            b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
            "soapenv:Client",
            "YEU_CAU_KHONG_HOP_LE",
        ),
        (
            _envelope("<dan:TraCuu/>", "http://www.w3.org/2003/05/soap-envelope"),
            "soapenv:VersionMismatch",
            "PHIEN_BAN_SOAP",
        ),
        (_envelope("<dan:XoaCongDan/>"), "soapenv:Client", "THAO_TAC_KHONG_HO_TRO"),
        (
            _envelope(
                "<dan:TraCuuThongTinCongDan><dan:SoDinhDanh>001080012345</dan:SoDinhDanh>"
                "</dan:TraCuuThongTinCongDan>"
            ),
            "soapenv:Client",
            "THIEU_TRUONG_BAT_BUOC",
        ),
        (
            _envelope(
                "<dan:TraCuuThongTinCongDan><dan:MaYeuCau>1</dan:MaYeuCau>"
                "</dan:TraCuuThongTinCongDan>"
            ),
            "soapenv:Client",
            "THIEU_SO_DINH_DANH",
        ),
    ],
)
def test_hand_written_envelopes_get_faults(
    base: str, payload: bytes, faultcode: str, code: str
) -> None:
    response = httpx.post(
        f"{base}/TraCuuThongTinCongDan",
        content=payload,
        headers={"content-type": "text/xml; charset=utf-8", "SOAPAction": '""'},
    )
    assert response.status_code == 500  # WS-I Basic Profile: a SOAP 1.1 Fault travels in a 500
    assert response.headers["content-type"].startswith("text/xml")
    document = etree.fromstring(response.content)
    fault: Any = document.find(f"{{{SOAP}}}Body/{{{SOAP}}}Fault")
    assert fault.findtext("faultcode") == faultcode
    assert fault.findtext("faultstring")
    assert [e.text for e in fault.iter() if etree.QName(e).localname == "MaLoi"] == [code]


def test_wsdl_address_follows_the_gateway_in_front(base: str) -> None:
    direct = httpx.get(f"{base}/XacThucThongTinCongDan?wsdl").text
    assert f'location="{base}/XacThucThongTinCongDan"' in direct
    relayed = httpx.get(
        f"{base}/TraCuuThongTinCongDan?wsdl",
        headers={
            "x-forwarded-proto": "https",
            "x-forwarded-host": "lgsp.example.gov.vn",
            "x-forwarded-prefix": "/apiCSDLDC/1.0",
        },
    ).text
    assert 'location="https://lgsp.example.gov.vn/apiCSDLDC/1.0/TraCuuThongTinCongDan"' in relayed
