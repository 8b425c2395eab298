"""Personal data a client types never reaches the ledger, the logs, /metrics or the reports
unmasked (Nghị định 13/2023/NĐ-CP; issue #15's privacy scan).

Every documented test identity — its số định danh and its name — is sent in every field a
client controls: the path (after the service, as an unknown service, API context, member or
instance), the query, the body, X-Road-Id, X-Road-UserId, X-Road-Client, Basic and Bearer
credentials, lgspaccesstoken, the /token form, the request-key headers the mocks journal, any
other header, and /opmon/records' filter. Then every place the simulator writes to is scanned
for each identifier and each name — as written, without diacritics, and percent-encoded.
"""

from __future__ import annotations

import base64
import logging
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import orjson
import pytest

from gateway.opmon import SqliteLedger
from mock_registries import FaultSettings
from simulator.report import build_report, render
from simulator.settings import StackSettings
from simulator.stack import Stack
from tests.gateway.identities import ADMIN, MCDT, MCDT_SECRET, basic

DOC = Path(__file__).resolve().parents[2] / "docs" / "test-identities.md"
_CITIZEN = re.compile(r"^\| `(\d{12})` \| ([^|]+?) \|", re.M)
_NUMBER = re.compile(r"`(\d{9}|\d{12})`")
# This test's HTTP client logs the URLs it requests at DEBUG: that is the tester's side.
_THE_TESTS_OWN_CLIENT = ("httpx", "httpcore")


def documented() -> tuple[list[str], list[str]]:
    """(identifiers, names) of the documented test identities: CCCD, CMND and licence numbers,
    and the citizens' names."""
    text = DOC.read_text(encoding="utf-8")
    names = sorted({name.strip() for _, name in _CITIZEN.findall(text)})
    numbers = sorted(set(_NUMBER.findall(text)))
    assert len(names) >= 10 and len(numbers) >= 12, "docs/test-identities.md changed shape"
    return numbers, names


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def forms(identifiers: list[str], names: list[str]) -> set[str]:
    """Every spelling of the personal data a scan must not find."""
    found = set(identifiers)
    for name in names:
        found |= {
            name,
            _fold(name),
            quote(name),
            quote(name, safe=""),
            _fold(name).replace(" ", ""),
        }
    return found


def _lgsp_token(access_key: str, secret: str, app: str) -> str:
    payload = {"AccessKey": access_key, "SecretKey": secret, "AppName": app}
    return base64.b64encode(orjson.dumps(payload)).decode()


def hostile_requests(lgsp: str, cccd: str, name: str) -> Iterator[httpx.Request]:
    """The requests of one identity: its number and name in every field a client controls."""
    auth = {"Authorization": basic(MCDT, MCDT_SECRET)}
    dn = lgsp + "/apiCSDLDKDN/1.0/chiTietDoanhNghiep"
    utf8 = name.encode()
    yield httpx.Request("GET", dn, params={"msdn": cccd, "ten": name}, headers=auth)
    yield httpx.Request("GET", f"{dn}/{quote(name)}/{cccd}", headers=auth)
    for path in (
        f"/apiCSDLDKDN/1.0/{quote(name)}",
        f"/apiCSDLDKDN/1.0/{cccd}",
        f"/{quote(name)}/{cccd}/x",
        f"/r1/VN/GOV/{cccd}/{quote(name)}/svc",
        f"/r1/{quote(name)}/GOV/000.00.00.G05/CSDLDKDN/chiTietDoanhNghiep",
        f"/r1/VN/GOV/000.00.00.G05/CSDLDKDN/{quote(name)}",
    ):
        yield httpx.Request("GET", lgsp + path, headers=auth)
    for header, value in (
        ("X-Road-Id", utf8),
        ("X-Road-Id", _fold(name).encode()),
        ("X-Road-Id", cccd.encode()),
        ("X-Road-UserId", utf8),
        ("X-Road-UserId", cccd.encode()),
        ("X-Road-Client", utf8),
        ("X-Ghi-Chu", utf8),
        # Request-key headers: the mock journals the fault it applied under this key.
        ("X-Request-Key", utf8),
        ("MaYeuCau", _fold(name).encode()),
        ("X-Request-Key", cccd.encode()),
    ):
        headers = {**auth, "X-Sim-Fault": "http_503", header: value}
        yield httpx.Request("GET", dn, params={"msdn": "0109991239"}, headers=headers)
    credentials = {
        "Authorization": ("Basic " + base64.b64encode(f"{name}:{cccd}".encode()).decode()),
    }
    yield httpx.Request("GET", dn, params={"msdn": cccd}, headers=credentials)
    yield httpx.Request("GET", dn, headers={"Authorization": b"Bearer " + utf8})
    yield httpx.Request("GET", dn, headers={"lgspaccesstoken": _lgsp_token(name, cccd, name)})
    submission = {"MaHoSoMCDT": cccd, "MaTTHC": "2.002038", "LoaiHoSo": name[:64],
                  "MaSoDoanhNghiep": "0109991239",
                  "TenDoanhNghiep": "Công ty TNHH Một thành viên Thương mại An Bình",
                  "ThanhPhanHoSo": [name, cccd]}  # fmt: skip
    for _ in range(2):  # the second one is refused as already received
        yield httpx.Request(
            "POST", lgsp + "/apiCSDLDKDN/1.0/nopHoSo", json=submission, headers=auth
        )
    yield httpx.Request(
        "POST",
        lgsp + "/apiCSDLDC/1.0/TraCuuThongTinCongDan",
        json={"MaYeuCau": name, "SoDinhDanh": cccd, "HoVaTen": name},
        headers={**auth, "X-Sim-Fault": name.encode()},
    )
    yield httpx.Request(
        "POST",
        lgsp + "/token",
        data={"grant_type": "client_credentials", "client_id": name, "client_secret": cccd},
    )
    yield httpx.Request("GET", lgsp + "/opmon/records", params={"client": name}, headers=ADMIN)


def _ledger_text(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT * FROM records").fetchall()
        rows += conn.execute("SELECT * FROM injected_faults").fetchall()
    finally:
        conn.close()
    assert rows
    return "\n".join("\t".join(str(v) for v in row) for row in rows)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
async def test_no_identity_or_name_leaks_anywhere(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    identifiers, names = documented()
    settings = StackSettings(
        ledger_path=tmp_path / "ledger.sqlite",
        faults=FaultSettings(allow_override_headers=True),
        log_level="debug",
    )
    ledger = SqliteLedger(settings.ledger_path)
    answers: list[int] = []
    metrics: list[str] = []
    async with Stack(settings, free_ports=True, ledger=ledger) as stack:
        async with httpx.AsyncClient(timeout=20, trust_env=False) as client:
            for cccd, name in zip(identifiers, names * 3, strict=False):
                for request in hostile_requests(stack.urls["lgsp"], cccd, name):
                    answers.append((await client.send(request)).status_code)
            for url in stack.urls.values():
                metrics.append((await client.get(url + "/metrics")).text)
    assert answers and max(answers) < 600
    assert 503 in answers and 400 in answers and 404 in answers and 401 in answers
    report = build_report(settings.ledger_path)
    outputs = {
        "ledger": _ledger_text(settings.ledger_path),
        "logs": "\n".join(
            f"{r.name}: {r.getMessage()} {r.exc_text or ''}"
            for r in caplog.records
            if not r.name.startswith(_THE_TESTS_OWN_CLIENT)
        ),
        "metrics": "\n".join(metrics),
        **{
            f"report {fmt} {lang}": render(report, fmt, lang)  # type: ignore[arg-type]
            for fmt in ("text", "markdown", "json", "html")
            for lang in ("vi", "en")
        },
    }
    leaks = {
        where: sorted(form for form in forms(identifiers, names) if form in text)
        for where, text in outputs.items()
    }
    assert {where: found for where, found in leaks.items() if found} == {}
