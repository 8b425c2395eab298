"""The catalog against Phụ lục V, and the scenarios built from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_registries.faults.catalog import (
    check_against_tsv,
    load_catalog,
    parse_catalog,
    read_tsv,
)
from mock_registries.faults.errors import CatalogError
from mock_registries.faults.scenarios import build_scenarios, slugify

REPO = Path(__file__).resolve().parents[3]
SHARED_TSV = REPO.parent / "shared" / "seeds" / "phu_luc_v.tsv"
PACKAGED_TSV = REPO / "mock_registries" / "faults" / "phu_luc_v.tsv"

REQUIRED_ROWS = {
    1, 2, 3, 4, 11, 12, 13, 17, 20, 21, 23, 25, 27, 28, 31, 32, 42, 43, 44, 45, 48, 49, 50, 51,
    55, 60, 62, 63, 66, 67, 68, 70, 72, 77, 84, 85, 87,
}  # fmt: skip


def test_catalog_matches_the_packaged_tsv() -> None:
    assert check_against_tsv(load_catalog(), read_tsv(PACKAGED_TSV)) == []
    assert read_tsv() == read_tsv(PACKAGED_TSV)


@pytest.mark.skipif(not SHARED_TSV.exists(), reason="../shared is not mounted")
def test_catalog_matches_the_shared_tsv_and_the_copy_is_current() -> None:
    assert check_against_tsv(load_catalog(), read_tsv(SHARED_TSV)) == []
    assert PACKAGED_TSV.read_bytes() == SHARED_TSV.read_bytes()


def test_the_check_notices_a_wrong_province() -> None:
    catalog = load_catalog()
    tsv = read_tsv()
    tsv[43] = tsv[43].__class__(43, "Đắk Nông", tsv[43].system, "", "")
    del tsv[87]
    problems = check_against_tsv(catalog, tsv)
    assert any(p.startswith("row 43: province") for p in problems)
    assert "row 87: not in Phụ lục V" in problems


def test_every_required_row_is_catalogued_with_faults_or_a_reason() -> None:
    catalog = load_catalog()
    assert REQUIRED_ROWS <= set(catalog.by_row)
    for entry in catalog.entries:
        assert entry.faults or entry.reason, entry.row
        assert entry.en and entry.vi
        assert all(rule.registry in entry.registries for rule in entry.faults), entry.row


def test_the_documented_symptoms_map_to_the_right_fault_kinds() -> None:
    by_row = load_catalog().by_row

    def kinds(row: int) -> set[str]:
        return {rule.fault.kind for rule in by_row[row].faults}

    assert {"latency", "hang"} <= kinds(20) and {"latency", "hang"} <= kinds(63)
    assert "empty_result" in kinds(3) and "empty_result" in kinds(68)
    for row in (21, 45, 50, 25):
        assert kinds(row) & {"missing_fields", "null_fields"}, row
    assert "wrong_values" in kinds(72)
    assert kinds(12) == kinds(13) == {"status_sync", "sync_lag"}
    assert kinds(62) == {"maintenance"}
    for row in (1, 17, 67, 77):
        assert kinds(row) == {"not_implemented"}, row
    assert "overload" in kinds(42)
    for row in (43, 44, 48, 49):
        # The axis rows fail on the link LGSP → NDXP and at the NDXP, never at the registry.
        sites = {rule.site for rule in by_row[row].faults}
        assert "lgsp-ndxp" in sites and sites <= {"lgsp-ndxp", "ndxp"}, row


def test_a_latency_fault_is_an_answer_over_30_seconds() -> None:
    """Phụ lục V's slow rows (3, 20, 49, 51, 55, 63) mean answers over 30 s: every latency
    fault draws more than 30 s, so a latency fault is always a slow answer or a timeout."""
    for entry in load_catalog().entries:
        for rule in entry.faults:
            if rule.fault.delay is not None:
                assert rule.fault.delay.sample(0.0) > 30.0, entry.row
                assert rule.fault.delay.sample(0.999) > 30.0, entry.row


def test_scenarios_one_per_reporting_province_plus_national() -> None:
    catalog = load_catalog()
    scenarios = build_scenarios(catalog)
    expected = {slugify(e.province) for e in catalog.entries if e.faults} | {"national-2024"}
    assert set(scenarios) == expected
    assert {"thanh-hoa", "ninh-thuan", "dak-lak", "binh-duong"} <= set(scenarios)
    assert scenarios["dak-lak"].rows == (43, 44, 45)
    national = scenarios["national-2024"]
    assert set(national.rows) == {e.row for e in catalog.entries if e.faults}
    province_p = {
        r.rule_id: r.probability for s in scenarios.values() if s is not national for r in s.rules
    }
    for rule in national.rules:
        if rule.fault.kind in ("not_implemented", "maintenance"):
            assert rule.probability == province_p[rule.rule_id]
        else:
            assert rule.probability == pytest.approx(province_p[rule.rule_id] * 0.25)


def test_slugs_have_no_diacritics() -> None:
    assert slugify("Bà Rịa - Vũng Tàu") == "ba-ria-vung-tau"
    assert slugify("Đắk Lắk") == "dak-lak"
    assert slugify("Bình Duong") == slugify("Bình Dương") == "binh-duong"


def test_invalid_catalogs_are_rejected_with_a_reason() -> None:
    base = {"symptoms": {"x": {}}, "rows": []}
    with pytest.raises(CatalogError, match="reason"):
        parse_catalog({**base, "rows": [_row(faults=[])]})
    with pytest.raises(CatalogError, match="loại lỗi"):
        parse_catalog({**base, "rows": [_row(faults=[{"kind": "explode"}])]})
    with pytest.raises(CatalogError, match="CSDL"):
        parse_catalog({**base, "rows": [_row(faults=[{"kind": "hang", "registry": "lltp"}])]})
    with pytest.raises(CatalogError, match="trùng"):
        parse_catalog({**base, "rows": [_row(reason="r"), _row(reason="r")]})


def _row(**extra: object) -> dict[str, object]:
    return {
        "row": 1,
        "province": "P",
        "system": "S",
        "registries": ["dkdn"],
        "symptom": "x",
        "en": "e",
        "vi": "v",
        **extra,
    }
