from __future__ import annotations

import random

import pytest

from mock_registries.data.identity import (
    CccdParts,
    MstError,
    format_cccd,
    is_not_found,
    make_mst,
    mst_check_digit,
    parse_cccd,
    parse_mst,
)


def test_public_cccd_sample_decodes_to_vinh_phuc_male_1992() -> None:
    assert parse_cccd("026092008262") == CccdParts(26, 1992, True, 8262)


@pytest.mark.parametrize(
    "value",
    [
        "02609200826",
        "0260920082620",
        "02609200826a",
        "126092008262",
        "003092008262",
        "026492008262",
        "０26092008262",
    ],
)
def test_malformed_cccd_is_rejected(value: str) -> None:
    assert parse_cccd(value) is None


def test_cccd_round_trips_through_its_parts() -> None:
    rng = random.Random(1)
    for _ in range(1000):
        parts = CccdParts(
            rng.choice([1, 26, 79, 96]),
            rng.randint(1900, 2025),
            rng.random() < 0.5,
            rng.randrange(10**6),
        )
        assert parse_cccd(format_cccd(parts)) == parts


@pytest.mark.parametrize("mst", ["0100109106", "0300588569"])
def test_real_msts_pass_the_check_digit(mst: str) -> None:
    assert mst_check_digit(mst[:9]) == int(mst[9])
    assert parse_mst(mst).branch is None


def test_branch_codes_with_or_without_dash() -> None:
    assert parse_mst("0100109106-001").code == "0100109106-001"
    assert parse_mst("0100109106001").branch == 1


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("0100109107", "check_digit"),
        ("010010910", "format"),
        ("0100109106-00", "format"),
        ("0100109106-000", "format"),
        ("01001O9106", "format"),
    ],
)
def test_bad_msts_name_their_reason(value: str, reason: str) -> None:
    with pytest.raises(MstError) as caught:
        parse_mst(value)
    assert caught.value.reason == reason


def test_generated_msts_are_valid() -> None:
    rng = random.Random(3)
    for _ in range(500):
        assert parse_mst(make_mst(rng, "01")).base.startswith("01")


def test_not_found_share_follows_the_ratio() -> None:
    absent = sum(is_not_found(7, "citizen", f"{i:012d}", 0.1) for i in range(20_000))
    assert 1700 < absent < 2300
    assert not any(is_not_found(7, "citizen", f"{i:012d}", 0.0) for i in range(1000))
