"""The epochs the registries cache their answers under: they move exactly when something filed
in the run changes what a registry shows, and a ĐKDN submission leaves the people's registries'
caches alone."""

from __future__ import annotations

from datetime import timedelta

from mock_registries.data import fixtures
from mock_registries.world import BirthDeclaration, BusinessSubmission, World, parse_name
from tests.mock_registries.world.conftest import MOMENT

HOUR = 3600.0


def _submission(one_stop_code: str) -> BusinessSubmission:
    return BusinessSubmission(
        one_stop_code, "1.005174", "Thay đổi địa chỉ trụ sở", fixtures.ENTERPRISE_AN_BINH, ()
    )


def test_a_business_submission_moves_the_business_epoch_only(world: World) -> None:
    now = world.now()
    people, business = world.epoch(now), world.business_epoch(now)
    dossier = world.submit_business_dossier(_submission("MCDT-EPOCH-1"), now)
    assert world.epoch(now) == people
    assert world.business_epoch(now) != business
    later = dossier.lifecycle.events[-1].at + timedelta(minutes=1)
    assert world.epoch(later) == world.epoch(now)  # its steps pass: still nothing to dân cư
    assert world.business_epoch(later) != world.business_epoch(now)


def test_a_birth_moves_every_epoch_and_again_as_its_moments_pass(world: World) -> None:
    now = world.now()
    people, business = world.epoch(now), world.business_epoch(now)
    name = parse_name("TRẦN MINH KHÔI")
    born = MOMENT.date() - timedelta(days=2)
    mother, father = fixtures.BRIDE_HA, fixtures.GROOM_QUAN
    world.register_birth(BirthDeclaration(name, True, born, mother=mother, father=father))
    filed = world.epoch(now)
    assert filed != people and world.business_epoch(now) != business
    world.clock.advance(24 * HOUR)  # decided, then seen by dân cư
    assert world.epoch(world.now()) != filed
    assert world.epoch(world.now()) == world.epoch(world.now())  # no moment passes in between


def test_stretched_delays_move_every_epoch(world: World) -> None:
    now = world.now()
    people, business = world.epoch(now), world.business_epoch(now)
    world.set_delays(world.delays().model_copy(update={"status_sync_seconds": 600.0}))
    assert world.epoch(now) != people and world.business_epoch(now) != business
