"""The gateway's own classification of what it saw, for every registry's shapes, without the
fault header: errors, empty answers, stale statuses on every date format (in Vietnam time, on
the registry's clock from its Date header), several symptoms on one answer."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime

from hypothesis import given, strategies as st

from gateway.staleness import VIETNAM, parse_due
from gateway.symptoms import _NOT_FOUND_MARKERS, _says_not_found, classify, split_symptoms


def _classify(status: int = 200, body: bytes = b'{"a":1}', **kw: object) -> str:
    args: dict[str, object] = {
        "status": status, "upstream_reason": None, "missing": [], "body": body,
        "content_type": b"application/json", "seconds": 0.01,
    }  # fmt: skip
    args.update(kw)
    return classify(**args)  # type: ignore[arg-type]


def _date(*moment: int) -> bytes:
    return format_datetime(datetime(*moment, tzinfo=VIETNAM), usegmt=False).encode()


def test_errors_and_transport_failures() -> None:
    assert _classify() == "ok"
    assert _classify(503, b'{"MaLoi":"BAO_TRI_HE_THONG"}') == "maintenance"
    assert _classify(501) == "not_implemented"
    assert _classify(502, b"<html>502</html>", content_type=b"text/html") == "bad_response"
    assert _classify(500, b'{"x":1}') == "http_5xx"
    assert _classify(body=b'{"a":1,}\x00') == "bad_response"
    assert _classify(body=b'{"a": [1, 2') == "bad_response"
    assert _classify(missing=["NgayCoKetQua"]) == "missing_fields"
    assert _classify(upstream_reason="read_timeout") == "timeout"
    assert _classify(upstream_reason="circuit_open") == "rejected"
    assert _classify(upstream_reason="connection_reset") == "connection_reset"
    assert _classify(seconds=31.0) == "slow"
    assert _classify(500, b'{"x":1}', seconds=45.0) == "http_5xx,slow"


def test_overload_and_maintenance_503s_are_told_apart_by_what_a_client_sees() -> None:
    # An overloaded registry (row 42) may ask to come back later: still not maintenance.
    assert _classify(503, b'{"MaLoi":"QUA_TAI"}') == "overloaded"
    assert _classify(503, b'{"MaLoi":"HE_THONG_TAM_DUNG"}') == "overloaded"
    assert _classify(503, "Hệ thống đang bảo trì".encode()) == "maintenance"
    ndxp = b"Server.ServerProxy.MaintenanceMode"
    assert _classify(503, b"{}", xroad_error=ndxp) == "maintenance"
    assert _classify(503, b"{}", xroad_error=b"Server.ServerProxy.Overloaded") == "overloaded"
    snake = b"server.server_proxy.maintenance_mode"
    assert _classify(503, b"{}", xroad_error=snake) == "maintenance"
    # The NDXP's own bulkhead refusing a registry is protection, not the NDXP overloaded.
    full = b"Server.ServerProxy.ServiceFailed.Overloaded"
    assert _classify(503, b"{}", xroad_error=full) == "rejected"
    relayed = b"Server.ServerProxy.ServiceFailed.Timeout"
    assert _classify(504, b"{}", xroad_error=relayed) == "timeout"
    assert _classify(502, b"{}", xroad_error=b"Server.ClientProxy.ServiceFailed.IOError") == (
        "connection_reset"
    )


def test_empty_results_in_every_registrys_shape() -> None:
    assert _classify(body=b"") == _classify(body=b" \n") == "empty_data"
    assert _classify(body=b"null") == _classify(body=b"[]") == "empty_data"
    assert _classify(body=b'{"DanhSach": [], "TongSo": null}') == "empty_data"
    dkdn_list = b'{"Status":"1","Message":"success","DataCount":0,"MainInformation":[]}'
    dkdn_none = (
        '{"Status":"0","Message":"Không tìm thấy doanh nghiệp với mã số 0109991239.",'
        '"DataCount":0,"MaLoi":"KHONG_TIM_THAY","MaSoDoanhNghiep":"0109991239","Data":null}'
    ).encode()
    dkdn_faulted = b'{"Status":"1","DataCount":0,"MaSoDoanhNghiep":"x","Data":null}'
    dan_cu = (
        '{"MaYeuCau":"1","SoDinhDanh":"001080012302","CongdanCollection":{"SoCongDan":0,'
        '"GhiChu":"Không tìm thấy thông tin công dân","CongDan":[]}}'
    ).encode()
    ho_tich = b'{"status":"0","statusDescription":"RECORD_NOT_FOUND","errorCode":"201"}'
    gplx_sync = b'{"error_code":0,"message":"x","total":0,"data":[]}'
    gplx_detail = b'{"error_code":0,"message":"ok","data":[]}'
    gplx_rest = b'{"MaLoi":"KHONG_TIM_THAY_GPLX","MoTaLoi":"x"}'
    for body in (dkdn_list, dkdn_none, dkdn_faulted, dan_cu, ho_tich, gplx_sync, gplx_detail):
        assert _classify(body=body) == "empty_data", body
    assert _classify(404, gplx_rest) == "empty_data"
    soap = b"<soap:Envelope><soap:Body><r><SoCongDan>0</SoCongDan></r></soap:Body></soap:Envelope>"
    assert _classify(body=soap, content_type=b"text/xml; charset=utf-8") == "empty_data"
    assert _classify(body=b"<s:Envelope><s:Body/></s:Envelope>", content_type=b"text/xml") == (
        "empty_data"
    )
    found = b"<s:Envelope><s:Body><r><SoCongDan>1</SoCongDan></r></s:Body></s:Envelope>"
    assert _classify(body=found, content_type=b"text/xml") == "ok"
    # Data is data; a refusal that is not "not found" is a refusal; text is not a marker.
    assert _classify(body=b'{"Status":"1","DataCount":1,"Data":{"a":1}}') == "ok"
    assert _classify(body=b'{"Status":"1","Data":{"TongSo":"0","a":1}}') == "empty_data"
    assert _classify(body=b'{"Status":"1","a":{"b":[]},"TongSo":false}') == "empty_data"
    assert _classify(body=b'{"Status":"0","Message":"sai ngay","MaLoi":"NGAY"}') == "http_4xx"
    assert _classify(body=b'{"GhiChu": "a:[] b:null"}') == "ok"
    assert _classify(404, b'{"MaLoi":"KHONG_TON_TAI_DICH_VU"}') == "http_4xx"


def test_due_dates_of_every_format_are_vietnam_time() -> None:
    expected = datetime(2024, 6, 4, 17, 0, tzinfo=VIETNAM).timestamp()
    assert parse_due("20240604170000") == expected  # ĐKDN (DVCQG stamp)
    assert parse_due("04/06/2024 17:00:00") == expected  # GPLX, hộ tịch
    assert parse_due("2024-06-04T17:00:00") == expected
    # A bare day is due at its end, not at midnight UTC.
    assert parse_due("04/06/2024") == datetime(2024, 6, 4, 23, 59, 59, tzinfo=VIETNAM).timestamp()
    assert parse_due("2024-06-04") == parse_due("04/06/2024")
    assert parse_due("hôm qua") is None and parse_due(None) is None


def test_stale_statuses_on_the_registrys_clock() -> None:
    tuesday = _date(2024, 6, 4, 10, 0)
    gplx = '{"MaTrangThai":"4","TrangThaiHoSo":"Đang xử lý","NgayHenTra":"%s","QuaHan":false}'
    dkdn = '{"Data":{"TrangThaiHoSo":"4","NgayHenTra":"%s","QuaHan":%s}}'
    # Due yesterday, "not overdue": the flag was never synchronised (rows 12/13).
    assert _classify(body=(gplx % "03/06/2024 17:00:00").encode(), date=tuesday) == "stale_status"
    assert _classify(body=(dkdn % ("20240603170000", "false")).encode(), date=tuesday) == (
        "stale_status"
    )
    # Due today at 17:00 — or a bare "today" — is not late at 10:00 Vietnam time.
    assert _classify(body=(gplx % "04/06/2024 17:00:00").encode(), date=tuesday) == "ok"
    assert _classify(body=(gplx % "04/06/2024").encode(), date=tuesday) == "ok"
    # Overdue and saying so is honest.
    assert _classify(body=(dkdn % ("20240603170000", "true")).encode(), date=tuesday) == "ok"
    # The registry's clock decides, not this host's: in 2030 the same answer is late.
    late = _date(2030, 1, 1, 9, 0)
    assert _classify(body=(gplx % "04/06/2024 17:00:00").encode(), date=late) == "stale_status"
    # BTP statuses, ĐKDN list items (no flag: only "long past due" shows).
    btp = '{"status":"1","trangThai":"3","ngayHenTra":"01/05/2024 17:00:00","QuaHan":false}'
    assert _classify(body=btp.encode(), date=tuesday) == "stale_status"
    listing = '{"MainInformation":[{"PROCESS_STATUS":"Đang xử lý","PLAN_DATE":"%s"}]}'
    assert _classify(body=(listing % "01/04/2024 17:00:00").encode(), date=tuesday) == (
        "stale_status"
    )
    assert _classify(body=(listing % "03/06/2024 17:00:00").encode(), date=tuesday) == "ok"
    # However deep the dossier sits: an object in the data, a list in an object.
    dossier = '{"TrangThaiHoSo":"4","NgayHenTra":"20240603170000","QuaHan":false}'
    for shape in ('{"Status":"1","Data":{"HoSo":%s}}', '{"Status":"1","Data":{"DanhSach":[%s]}}'):
        assert _classify(body=(shape % dossier).encode(), date=tuesday) == "stale_status"
        assert _classify(body=(shape % '{"NgayHenTra":"x"}').encode(), date=tuesday) == "ok"


def test_several_symptoms_of_one_answer_are_all_named() -> None:
    body = b'{"MaTrangThai":"4","NgayHenTra":"03/06/2024 17:00:00","QuaHan":false}'
    found = _classify(body=body, missing=["TepKetQua"], date=_date(2024, 6, 4, 10), seconds=40)
    assert split_symptoms(found) == ["missing_fields", "stale_status", "slow"]
    assert split_symptoms(None) == [] and split_symptoms("ok") == ["ok"]


_WORDS = st.sampled_from(
    [b"", b"x", b"KHONG_TIM_THAY", b"RECORD_NOT_FOUND", b"BAO_TRI", "hông tìm thấy".encode()]
    + list(_NOT_FOUND_MARKERS)
    + ["ông tìm thấy".encode(), "Không tìm".encode(), b"K", b"k"]
)


@given(st.lists(_WORDS, max_size=6))
def test_not_found_search_finds_exactly_the_markers(parts: list[bytes]) -> None:
    body = b"".join(parts)
    assert _says_not_found(body) == any(m in body for m in _NOT_FOUND_MARKERS)


def _fault(code: str, text: str = "Số định danh không hợp lệ") -> bytes:
    return (
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
        f"<soapenv:Body><soapenv:Fault><faultcode>{code}</faultcode>"
        f"<faultstring>{text}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>"
    ).encode()


def test_a_soap_fault_is_a_refusal_or_a_server_error_never_a_malformed_answer() -> None:
    """SOAP 1.1 sends every Fault in a 500: a Client Fault (a bad CCCD over zeep) is the
    caller's message refused, a Server Fault the registry's error — neither is 'bad_response'."""
    xml = {"content_type": b"text/xml; charset=utf-8"}
    assert _classify(500, _fault("soapenv:Client"), **xml) == "http_4xx"
    assert _classify(500, _fault("Client.InvalidSoap"), **xml) == "http_4xx"
    assert _classify(500, _fault("soapenv:Server", "Lỗi hệ thống"), **xml) == "http_5xx"
    assert _classify(503, _fault("soapenv:Server", "Hệ thống đang bảo trì"), **xml) == (
        "maintenance"
    )
    assert _classify(501, _fault("soapenv:Server", "Chưa hỗ trợ"), **xml) == "not_implemented"
    assert _classify(500, b"<html>500</html>", content_type=b"text/html") == "bad_response"
    assert _classify(500, b"<not-a-fault/>", **xml) == "bad_response"
