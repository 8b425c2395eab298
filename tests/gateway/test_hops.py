"""The two hop kinds: what each sends where, as whom, under which deadline and policy; which
one checks the answer's contract; how each names a failure."""

from __future__ import annotations

import pytest

from connectors import (
    NULL_OBSERVER,
    HedgePolicy,
    ResiliencePolicy,
    UpstreamResponse,
    UpstreamUnavailable,
)
from gateway.catalog import Catalog, load_catalog
from gateway.hops import LAYER_MARGIN_SECONDS, NdxpHop, RegistryHop, build_hops
from gateway.routing import Route
from gateway.settings import DEFAULT_CATALOG, Role
from gateway.symptoms import UNPARSED
from tests.gateway.identities import (
    DIRECT,
    DIRECT_SECRET,
    LGSP,
    LGSP_SECRET,
    MCDT,
    MCDT_SECRET,
    basic,
)
from tests.gateway.recording import (
    DN_XROAD,
    SETTINGS,
    TRA_CUU,
    Recorder,
    build_app,
    call,
)


async def test_the_lgsp_calls_the_ndxp_at_the_xroad_address_as_itself() -> None:
    ndxp = Recorder()
    response = await call(
        build_app("lgsp", ndxp),
        "POST",
        TRA_CUU + "?ref=7",
        authorization=basic(MCDT, MCDT_SECRET),
        x_road_id="corr-1",
        x_province_trace="kept",
    )
    assert response.status_code == 200, response.text
    [sent] = ndxp.sent
    assert sent.url == "http://ndxp.test/r1/VN/GOV/000.00.00.C06/CSDLDC/TraCuuThongTinCongDan?ref=7"
    assert sent.headers[b"x-road-client"] == LGSP.encode()
    assert sent.headers[b"authorization"] == basic(LGSP, LGSP_SECRET).encode()
    assert sent.headers[b"x-road-id"] == b"corr-1"
    assert sent.headers[b"x-province-trace"] == b"kept"
    assert len(sent.headers[b"x-road-request-id"]) == 36
    waited = SETTINGS.timeout.total + LAYER_MARGIN_SECONDS
    assert (sent.timeout.read, sent.timeout.attempt, sent.timeout.total) == (waited,) * 3
    assert sent.timeout.connect == SETTINGS.timeout.connect


async def test_the_ndxp_calls_the_registry_path_as_the_consumer() -> None:
    registry = Recorder()
    response = await call(
        build_app("ndxp", registry),
        "GET",
        DN_XROAD + "?msdn=1",
        authorization=basic(LGSP, LGSP_SECRET),
    )
    assert response.status_code == 200, response.text
    [sent] = registry.sent
    assert sent.url == "http://dkdn.test/chiTietDoanhNghiep?msdn=1"
    assert sent.headers[b"x-road-client"] == LGSP.encode()
    assert b"authorization" not in sent.headers
    # dkdn's own attempt deadline (60 s in the catalog: X-Road's default), capped by the total.
    assert (sent.timeout.attempt, sent.timeout.total) == (30.0, 30.0)
    assert response.headers["x-sim-answered-by"] == "registry:dkdn"
    assert response.headers["via"] == "1.1 ndxp-sim-ndxp"


async def test_a_direct_consumer_at_the_lgsp_calls_the_registry_as_itself() -> None:
    registry = Recorder(body=b"{}")
    await call(
        build_app("lgsp", registry), "POST", TRA_CUU, authorization=basic(DIRECT, DIRECT_SECRET)
    )
    [sent] = registry.sent
    assert sent.url == "http://dan-cu.test/TraCuuThongTinCongDan"
    assert sent.headers[b"x-road-client"] == DIRECT.encode()
    assert b"authorization" not in sent.headers
    assert sent.timeout.attempt == 10.0


def _catalog_with_deadlines(service_seconds: float | None) -> Catalog:
    raw = load_catalog(DEFAULT_CATALOG).model_dump(by_alias=True)
    provider = next(p for p in raw["providers"] if p["code"] == "dkdn")
    provider["timeout_seconds"] = 4.0
    provider["services"][0]["timeout_seconds"] = service_seconds
    return Catalog.model_validate(raw)


@pytest.mark.parametrize(("service_seconds", "attempt"), [(None, 4.0), (2.5, 2.5), (45.0, 30.0)])
async def test_the_registry_deadline_is_the_service_s_own_capped_by_the_total(
    service_seconds: float | None, attempt: float
) -> None:
    registry = Recorder()
    app = build_app("ndxp", registry, catalog=_catalog_with_deadlines(service_seconds))
    await call(app, "GET", DN_XROAD, authorization=basic(LGSP, LGSP_SECRET))
    assert (registry.sent[0].timeout.attempt, registry.sent[0].timeout.total) == (attempt, 30.0)


def test_retries_only_at_the_hop_nearest_the_registry() -> None:
    settings = SETTINGS.model_copy(
        update={"resilience": ResiliencePolicy(hedge=HedgePolicy(enabled=True))}
    )
    catalog = load_catalog(DEFAULT_CATALOG)
    lgsp = build_hops(
        settings, role="lgsp", catalog=catalog, transport=Recorder(), observer=NULL_OBSERVER
    )
    ndxp = build_hops(
        settings, role="ndxp", catalog=catalog, transport=Recorder(), observer=NULL_OBSERVER
    )
    assert isinstance(lgsp.by_route["ndxp"], NdxpHop)
    assert isinstance(lgsp.by_route["direct"], RegistryHop)
    assert isinstance(ndxp.by_route["ndxp"], RegistryHop) and ndxp.ndxp is None
    to_ndxp = lgsp.upstreams["ndxp/dan_cu"].policy
    assert to_ndxp.retry.retry_on == "connect"
    assert not to_ndxp.breaker.count_http_5xx
    assert not to_ndxp.hedge.enabled
    assert lgsp.upstreams["dan_cu"].policy == settings.resilience  # `direct` consumers
    assert not any(name.startswith("ndxp") for name in ndxp.upstreams)
    assert {u.policy for u in ndxp.upstreams.values()} == {settings.resilience}
    assert lgsp.upstreams["ndxp/gplx"].breaker_state == "closed"


def test_every_provider_has_its_own_breaker_bulkhead_and_pool_on_every_hop() -> None:
    """As X-Road and Envoy protect per cluster: one hung registry holds only its own share."""
    catalog = load_catalog(DEFAULT_CATALOG)
    providers = {p.code for p in catalog.providers}
    for role in ("lgsp", "ndxp"):
        hops = build_hops(
            SETTINGS, role=role, catalog=catalog, transport=None, observer=NULL_OBSERVER
        )
        hop = hops.by_route["ndxp"]
        upstreams = [
            hop.by_provider[_route(catalog, code).provider_code] for code in sorted(providers)
        ]
        assert len({id(u) for u in upstreams}) == len(providers)
        assert len({id(u.breaker) for u in upstreams}) == len(providers)
        assert len({id(u.bulkhead) for u in upstreams}) == len(providers)
        assert len({id(u.transport) for u in upstreams}) == len(providers)
        if role == "lgsp":
            assert {u.base_url for u in upstreams} == {SETTINGS.upstream_url("ndxp")}


def _route(catalog: Catalog, provider: str) -> Route:
    found = next(p for p in catalog.providers if p.code == provider)
    return Route(found, found.services[0], None, "")


async def test_only_the_registry_hop_checks_the_answer_contract() -> None:
    incomplete = Recorder(body=b'{"TenDoanhNghiep":"X"}')
    at_ndxp = await call(
        build_app("ndxp", incomplete), "GET", DN_XROAD, authorization=basic(LGSP, LGSP_SECRET)
    )
    assert at_ndxp.headers["x-sim-contract-missing"] == "Status,MaSoDoanhNghiep"
    relayed = Recorder(body=b'{"TenDoanhNghiep":"X"}', headers=[(b"x-sim-answered-by", b"ndxp")])
    at_lgsp = await call(
        build_app("lgsp", relayed),
        "GET",
        "/apiCSDLDKDN/1.0/chiTietDoanhNghiep",
        authorization=basic(MCDT, MCDT_SECRET),
    )
    assert "x-sim-contract-missing" not in at_lgsp.headers
    assert at_lgsp.headers["x-sim-answered-by"] == "ndxp"


def test_each_hop_names_itself_and_the_upstream_that_failed() -> None:
    catalog = load_catalog(DEFAULT_CATALOG)
    lgsp = build_hops(
        SETTINGS, role="lgsp", catalog=catalog, transport=Recorder(), observer=NULL_OBSERVER
    )
    ndxp = build_hops(
        SETTINGS, role="ndxp", catalog=catalog, transport=Recorder(), observer=NULL_OBSERVER
    )
    route = build_app("ndxp", Recorder()).routes.resolve(DN_XROAD)
    refused = UpstreamUnavailable("connection refused")
    to_ndxp = lgsp.by_route["ndxp"].failure(route, refused)
    assert to_ndxp.message.startswith(
        "LGSP không nhận được phản hồi hợp lệ từ NDXP: không kết nối được (connect_error"
    )
    to_registry = ndxp.by_route["ndxp"].failure(route, refused)
    assert to_registry.message.startswith("NDXP không nhận được phản hồi hợp lệ từ CSDL dkdn")
    direct = lgsp.by_route["direct"].failure(route, refused)
    assert direct.message.startswith("LGSP không nhận được phản hồi hợp lệ từ CSDL dkdn")
    assert to_ndxp.xroad_type("lgsp") == "Server.ClientProxy.ServiceFailed.NetworkError"


@pytest.mark.parametrize(
    ("role", "auth", "url", "identity"),
    [
        (
            "lgsp",
            basic(MCDT, MCDT_SECRET),
            "http://ndxp.test/r1/VN/GOV/000.00.00.G05/CSDLDKDN/getOpenAPI",
            LGSP.encode(),
        ),
        ("lgsp", basic(DIRECT, DIRECT_SECRET), "http://dkdn.test/openapi.json", None),
        ("ndxp", basic(LGSP, LGSP_SECRET), "http://dkdn.test/openapi.json", None),
    ],
)
async def test_get_openapi_goes_through_the_caller_s_hop(
    role: Role, auth: str, url: str, identity: bytes | None
) -> None:
    upstream = Recorder(body=b'{"openapi":"3.0.3"}')
    path = "/r1/VN/GOV/000.00.00.G05/CSDLDKDN/getOpenAPI?serviceCode=chiTietDoanhNghiep"
    response = await call(build_app(role, upstream), "GET", path, authorization=auth)
    assert response.json() == {"openapi": "3.0.3"}
    [sent] = upstream.sent
    assert sent.url == url
    assert sent.headers.get(b"x-road-client") == identity
    assert sent.timeout.total == SETTINGS.timeout.total + (LAYER_MARGIN_SECONDS if identity else 0)


def test_the_ndxp_hop_never_parses_the_answer() -> None:
    catalog = load_catalog(DEFAULT_CATALOG)
    hops = build_hops(
        SETTINGS, role="lgsp", catalog=catalog, transport=Recorder(), observer=NULL_OBSERVER
    )
    route = build_app("lgsp", Recorder()).routes.resolve(DN_XROAD)
    answer = UpstreamResponse(200, [], b"not json")
    assert hops.by_route["ndxp"].check_contract(route, answer) == ([], UNPARSED)
    assert hops.by_route["direct"].check_contract(route, answer)[0] != []


def test_every_onward_failure_is_named_in_vietnamese() -> None:
    """Each reason a connector can give has a Vietnamese phrase; its own words follow."""
    import connectors
    from gateway.hops import _FAILURES

    reasons = {
        error.reason
        for name in connectors.__all__
        if isinstance(error := getattr(connectors, name), type)
        and issubclass(error, connectors.UpstreamError)
        and error is not connectors.UpstreamError
    }
    assert reasons and reasons <= _FAILURES.keys()


async def test_a_tagged_page_the_ndxp_never_sent_tags_the_lgsps_own_error() -> None:
    """The NDXP's web front answers a simulated HTML error page in its place (row 49): the LGSP
    answers its own 502, with the page's X-Sim-Fault — also when the front is another process's
    and no in-process tally knows it."""
    page = [(b"content-type", b"text/html"), (b"x-sim-fault", b"49:html_error@ndxp")]
    front = Recorder(b"<html>502 Bad Gateway</html>", page, status=502)
    response = await call(
        build_app("lgsp", front), "POST", TRA_CUU, authorization=basic(MCDT, MCDT_SECRET)
    )
    assert response.status_code == 502
    assert response.headers["x-road-error"] == "Server.ClientProxy.ServiceFailed.InvalidResponse"
    assert response.headers["x-sim-fault"] == "49:html_error@ndxp"
    untagged = Recorder(b"<html>502 Bad Gateway</html>", page[:1], status=502)
    response = await call(
        build_app("lgsp", untagged), "POST", TRA_CUU, authorization=basic(MCDT, MCDT_SECRET)
    )
    assert response.status_code == 502 and "x-sim-fault" not in response.headers
