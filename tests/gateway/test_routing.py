from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from gateway.catalog import Catalog, load_catalog
from gateway.errors import BadRequest, ClientError, UnknownService
from gateway.routing import resolve
from gateway.settings import DEFAULT_CATALOG


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(DEFAULT_CATALOG)


def test_xroad_address_with_rest_path(catalog: Catalog) -> None:
    route = resolve(catalog, "/r1/VN/GOV/000.00.00.C06/CSDLDC/TraCuuThongTinCongDan/extra/part")
    assert route.provider.code == "dan_cu"
    assert route.service is not None and route.service.code == "TraCuuThongTinCongDan"
    assert route.upstream_path == "/TraCuuThongTinCongDan/extra/part"
    assert (
        route.xroad_path("VN") == "/r1/VN/GOV/000.00.00.C06/CSDLDC/TraCuuThongTinCongDan/extra/part"
    )


def test_ngsp_address_maps_to_the_same_service(catalog: Catalog) -> None:
    route = resolve(catalog, "/apiCSDLDKDN/1.0/chiTietDoanhNghiep")
    assert route.provider.code == "dkdn"
    assert route.service is not None and route.service.code == "chiTietDoanhNghiep"
    assert route.upstream_path == "/chiTietDoanhNghiep"


def test_metaservice_is_recognised(catalog: Catalog) -> None:
    route = resolve(catalog, "/r1/VN/GOV/000.00.00.C06/CSDLDC/listMethods")
    assert route.metaservice == "listMethods" and route.service is None


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/r1/VN/GOV", BadRequest),
        ("/r1/EE/GOV/000.00.00.C06/CSDLDC/TraCuuThongTinCongDan", UnknownService),
        ("/r1/VN/GOV/nobody/CSDLDC/TraCuuThongTinCongDan", UnknownService),
        ("/r1/VN/GOV/000.00.00.C06/CSDLDC/NoSuchService", UnknownService),
        ("/apiCSDLDC/9.9/TraCuuThongTinCongDan", UnknownService),
        ("/apiCSDLDC/1.0/khongCo", UnknownService),
        ("/", UnknownService),
        ("/x" * 1001, BadRequest),
    ],
)
def test_bad_addresses_are_client_errors(
    catalog: Catalog, path: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        resolve(catalog, path)


def test_error_spelling_follows_xroad_versions() -> None:
    exc = UnknownService("x")
    assert exc.xroad_type("ndxp") == "Server.ServerProxy.UnknownService"
    assert exc.xroad_type("lgsp") == "Server.ClientProxy.UnknownService"
    assert exc.xroad_type("ndxp", "7.8") == "server.server_proxy.unknown_service"
    assert BadRequest("x").xroad_type("ndxp") == "Client.BadRequest"


def test_route_cache_remembers_hits_not_errors_and_stays_bounded(catalog: Catalog) -> None:
    from gateway.routing import RouteCache

    cache = RouteCache(catalog, max_entries=2)
    first = cache.resolve("/apiCSDLDKDN/1.0/chiTietDoanhNghiep")
    assert cache.resolve("/apiCSDLDKDN/1.0/chiTietDoanhNghiep") is first
    with pytest.raises(UnknownService):
        cache.resolve("/apiCSDLDC/1.0/khongCo")
    cache.resolve("/apiDVC-GPLX/tcdbdvcdata/traCuuGPLX")
    third = cache.resolve("/apiHoTichTuPhap/1.0/traHoSo")  # past the bound: not remembered
    assert cache.resolve("/apiHoTichTuPhap/1.0/traHoSo") is not third
    assert first.xroad_address("VN") == "/r1/VN/GOV/000.00.00.G05/CSDLDKDN/chiTietDoanhNghiep"


@pytest.mark.parametrize(
    "path",
    [
        "/r1/VN/GOV",
        "/r1/EE/GOV/000.00.00.C06/CSDLDC/TraCuuThongTinCongDan",
        "/r1/VN/GOV/nobody/CSDLDC/TraCuuThongTinCongDan",
        "/r1/VN/GOV/000.00.00.C06/CSDLDC/NoSuchService",
        "/apiCSDLDC/9.9/TraCuuThongTinCongDan",
        "/apiCSDLDC/1.0/khongCo",
        "/",
        "/x" * 1001,
        "/apiCSDLDC/1.0/Tra\x01Cuu",
    ],
)
def test_refusals_speak_vietnamese_first_with_english_in_parentheses(
    catalog: Catalog, path: str
) -> None:
    """A province reads the hop's message in Vietnamese first, the English gloss after it."""
    with pytest.raises(ClientError) as caught:
        resolve(catalog, path)
    message = str(caught.value)
    first_word = message.split()[0]
    assert any(ord(c) > 127 for c in first_word), message  # a Vietnamese word, not "Service"
    assert re.search(r"\([a-zA-Z][^()]*\)\.?$", message), message


@pytest.mark.parametrize("where", ["provider", "service"])
def test_a_timeout_that_is_not_positive_is_refused_naming_the_catalog_field(
    catalog: Catalog, where: str
) -> None:
    raw = catalog.model_dump(mode="json")
    provider = raw["providers"][0]
    target = provider if where == "provider" else provider["services"][0]
    target["timeout_seconds"] = 0
    with pytest.raises(ValidationError, match=r"timeout_seconds\s+Input should be greater than 0"):
        Catalog.model_validate(raw)
