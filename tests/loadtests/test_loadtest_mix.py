"""The province's traffic mix: catalog addresses, identifiers, weights, answer classification."""

from __future__ import annotations

import random
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest

from loadtests.mix import (
    BUILDERS,
    DEFAULT_MIX,
    Call,
    Dossier,
    Mix,
    MixError,
    Service,
    describe_failure,
    is_business_answer,
    load_catalog_services,
    load_mix,
    parse_weights,
)
from mock_registries.data.identity import mst_check_digit


def test_builders_cover_catalog_services_at_their_ngsp_addresses() -> None:
    services = load_catalog_services()
    assert set(BUILDERS) <= set(services), "a builder for a service the catalog dropped"
    for service in services.values():
        context, version, resource = service.address.strip("/").split("/")[:3]
        assert context.startswith("api") and version and resource
    assert services["TraCuuThongTinCongDan"].address == "/apiCSDLDC/1.0/TraCuuThongTinCongDan"
    assert services["mapi"].address == "/apiDVC-GPLX/tcdbdvcdata/mapi"  # the GPLX API's own


def calls_of(mix: Mix, dossier: Dossier) -> dict[str, Call]:
    rng = random.Random(1)
    calls = {}
    for kind in mix.kinds:
        for step in kind.steps:
            call = step.call(dossier, rng)
            if call is not None:
                calls[step.service.code] = call
    return calls


def test_calls_carry_well_formed_identifiers_and_group_by_service_code() -> None:
    mix = load_mix()
    dossier = Dossier.new(42, random.Random(3))
    ids = dossier.ids
    calls = calls_of(mix, dossier)
    verify = calls["TraCuuThongTinCongDan"]
    assert (verify.name, verify.method) == ("TraCuuThongTinCongDan", "POST")
    assert verify.body is not None and orjson.loads(verify.body)["SoDinhDanh"] == ids.cccd
    enterprise = calls["chiTietDoanhNghiep"]
    msdn = parse_qs(urlsplit(enterprise.path).query)["msdn"][0]
    assert msdn == ids.msdn and len(msdn) == 10 and int(msdn[9]) == mst_check_digit(msdn[:9])
    assert parse_qs(urlsplit(calls["traCuuGPLX"].path).query) == {"soGPLX": [ids.gplx]}
    assert all(call.name == code for code, call in calls.items())
    submit = orjson.loads(calls["dangKyHoTich"].body or b"")
    poll = orjson.loads(calls["traTrangThaiHoSo"].body or b"")
    # The system polls the dossier it submitted, by its own one-stop code, at the same unit.
    assert submit["maHoSo"] == poll["maHoSo"] == dossier.one_stop_code
    assert submit["maDonVi"] == poll["maDonVi"] and submit["module"] == "LTKS"
    record = orjson.loads(submit["data"])["hoTich"]
    mother = record["meSoDDCN"]
    assert mother[:3] == ids.cccd[:3] and int(mother[3]) % 2 == 1  # a woman of that province
    assert int(record["nksNoiSinh"]["maTinh"]) == int(ids.cccd[:3])
    birth = orjson.loads(calls["traHoSo"].body or b"")
    assert birth == {"module": "LTKS", "maHoSo": int(ids.cccd)}


def test_a_sync_logs_in_lists_and_fetches_the_details_of_the_listed_dossiers() -> None:
    mix = load_mix()
    sync = next(k for k in mix.kinds if k.name == "gplx_sync")
    (step,) = sync.steps
    assert step.repeat == 5
    dossier = Dossier.new(1, random.Random(0))
    rng = random.Random(0)
    login = step.call(dossier, rng) or Call("", "", "")
    assert login.path.endswith("/mapi/login") and orjson.loads(login.body or b"")["password"]
    step.learn(orjson.dumps({"error_code": 0, "result": "ok", "session": "S1"}), dossier)
    listing = orjson.loads((step.call(dossier, rng) or Call("", "", "")).body or b"")
    assert (listing["service"], listing["session"]) == ("DanhSachHoSo", "S1")
    assert listing["ngayNhan1"] == listing["ngayNhan2"] and listing["donViXuLy"]
    listed = {"error_code": 0, "total": 2, "data": [{"maHoSo": "A-1"}, {"maHoSo": "A-2"}]}
    step.learn(orjson.dumps(listed), dossier)
    step.learn(b"not json", dossier)
    bodies = [orjson.loads((step.call(dossier, rng) or Call("", "", "")).body or b"")
              for _ in range(2)]  # fmt: skip
    assert sorted(b["mahoso"] for b in bodies) == ["A-1", "A-2"]
    assert {b["service"] for b in bodies} == {"TraCuuHoSo"}
    assert step.call(dossier, rng) is None


def test_the_default_mix_models_a_one_stop_day() -> None:
    mix = load_mix()
    assert mix.skipped == ()
    # Every citizen dossier starts with a citizen verification; the sync job does not.
    for kind in mix.kinds:
        first = kind.steps[0].service.code
        assert (first == "TraCuuThongTinCongDan") is (kind.name != "gplx_sync"), kind.name
    shares = mix.shares()
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["TraCuuThongTinCongDan"] == max(shares.values())
    rng = random.Random(7)
    picks = [mix.pick(rng).name for _ in range(10_000)]
    total = sum(k.weight for k in mix.kinds)
    for kind in mix.kinds:
        assert picks.count(kind.name) / len(picks) == pytest.approx(kind.weight / total, abs=0.02)
    assert all(1.0 <= mix.think_time(rng) <= 3.0 for _ in range(100))


def test_weights_and_think_time_are_overridable(tmp_path: Path) -> None:
    mix = load_mix(weights=parse_weights("gplx=0, ho_tich=1"), think_time=(0.0, 0.5))
    assert "gplx" not in {k.name for k in mix.kinds}
    assert (mix.think_min_s, mix.think_max_s) == (0.0, 0.5)
    with pytest.raises(MixError, match="unknown dossier kind"):
        load_mix(weights={"no_such_kind": 1})
    with pytest.raises(MixError, match="name=number"):
        parse_weights("ho_tich")
    with pytest.raises(MixError, match="min .* above max"):
        load_mix(think_time=(3.0, 1.0))


def test_steps_ahead_of_the_catalog_are_skipped_unknown_builders_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "mix.yaml"
    path.write_text(
        "dossiers:\n  - {name: a, weight: 1, steps: [TraCuuThongTinCongDan, nopHoSoKhaiSinh]}\n",
        encoding="utf-8",
    )
    mix = load_mix(path)
    assert mix.skipped == ("nopHoSoKhaiSinh",)
    assert [s.service.code for s in mix.kinds[0].steps] == ["TraCuuThongTinCongDan"]
    catalog = {"nopHoSoKhaiSinh": Service("nopHoSoKhaiSinh", "ho_tich", "POST", "/apiHoTich/1.0/x")}
    with pytest.raises(MixError, match="no parameter builder"):
        load_mix(path, catalog=catalog)
    path.write_text("dossiers:\n  - {name: a, steps: [nopHoSoKhaiSinh]}\n", encoding="utf-8")
    with pytest.raises(MixError, match="none of its services"):
        load_mix(path)


def test_polling_steps_repeat() -> None:
    mix = load_mix(DEFAULT_MIX)
    khai_sinh = next(k for k in mix.kinds if k.name == "khai_sinh")
    assert [(s.service.code, s.repeat, s.interval_s) for s in khai_sinh.steps] == [
        ("TraCuuThongTinCongDan", 1, 0.0), ("dangKyHoTich", 1, 0.0), ("traTrangThaiHoSo", 3, 1.0)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("status", "body", "accepted"),
    [
        (200, b"{}", True),
        (204, None, True),
        (404, b'{"MaLoi":"KHONG_TIM_THAY","MoTaLoi":"..."}', True),
        (404, b'{"MaLoi":"RECORD_NOT_FOUND"}', True),
        (404, b'{"MaLoi":"ENDPOINT_NOT_FOUND"}', False),  # the registry has no such endpoint
        (404, b'{"type":"Server.ClientProxy.UnknownService"}', False),  # the gateway's 404
        (404, b"<html>not found</html>", False),
        (500, b'{"MaLoi":"KHONG_TIM_THAY"}', False),
        (0, None, False),
    ],
)
def test_only_2xx_and_registry_not_found_count_as_answers(
    status: int, body: bytes | None, accepted: bool
) -> None:
    assert is_business_answer(status, body) is accepted
    assert load_mix().accepts(status, body) is accepted


def test_failures_name_the_hop_and_its_code() -> None:
    assert (
        describe_failure(504, "Server.ServerProxy.ServiceFailed.timeout", b"{}")
        == "HTTP 504 Server.ServerProxy.ServiceFailed.timeout"
    )
    assert describe_failure(503, None, b'{"MaLoi":"BAO_TRI"}') == "HTTP 503 BAO_TRI"
    assert describe_failure(502, None, b"<html>") == "HTTP 502 (body is not JSON)"
    assert describe_failure(500, None, None) == "HTTP 500"
