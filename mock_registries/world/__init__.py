"""One national world that the four registry mocks are views of (issue #13).

    from mock_registries.world import World, WorldSettings

    world = World(seed=2024, settings=WorldSettings(), clock=clock)
    world.person("001080012345")           # dân cư (C06): Person, as of the clock's now
    world.household_of("001210000123")     # XacThucThongTinHoGiaDinh
    world.birth_record(cccd)               # hộ tịch records; register_birth / _death / _marriage
    world.enterprise("0109991239")         # ĐKDN: doanh nghiệp, hộ kinh doanh, hợp tác xã
    world.submit_business_dossier(BusinessSubmission(...))  # ĐKDN nopHoSo → BusinessDossier
    world.licence("010123456789")          # GPLX; licences_of(cccd)

Everything is a pure function of (seed, identifier, simulated moment, events filed during the
run); nothing national is stored. ``check_world`` samples identifiers and counts every
cross-registry invariant. See docs/world-model.md.
"""

from mock_registries.world import lifecycles as dvcqg
from mock_registries.world.business import BusinessLine, Enterprise, Member, Representative
from mock_registries.world.business_dossiers import (
    LEGAL_WORKING_DAYS as DKDN_WORKING_DAYS,
    BusinessDossier,
    DossierFile,
    Procedure,
)
from mock_registries.world.calendar import due_at
from mock_registries.world.check import Count, check_world
from mock_registries.world.citizens import Person, Relative
from mock_registries.world.declarations import (
    BirthDeclaration,
    DeathDeclaration,
    MarriageDeclaration,
)
from mock_registries.world.dossiers import SUPPLEMENT_NOTE, CivilDossier, Leg, LegState
from mock_registries.world.errors import Duplicate, NotFound, Rejected, StoreFull, WorldError
from mock_registries.world.flows import dossier_subject
from mock_registries.world.licences import Licence, LicenceClass
from mock_registries.world.lifecycles import Lifecycle
from mock_registries.world.names import Name, parse_name
from mock_registries.world.records import BirthRecord, DeathRecord, MarriageRecord, Registration
from mock_registries.world.renewals import RENEWAL_FEE, RenewalDossier
from mock_registries.world.settings import DEFAULT_SEED, Delays, WorldSettings
from mock_registries.world.submissions import BusinessSubmission
from mock_registries.world.world import HouseholdView, Member as HouseholdMember, World

__all__ = [
    "DEFAULT_SEED",
    "DKDN_WORKING_DAYS",
    "RENEWAL_FEE",
    "SUPPLEMENT_NOTE",
    "BusinessDossier",
    "BusinessSubmission",
    "DossierFile",
    "Lifecycle",
    "Procedure",
    "RenewalDossier",
    "dvcqg",
    "BirthDeclaration",
    "BirthRecord",
    "BusinessLine",
    "CivilDossier",
    "Count",
    "DeathDeclaration",
    "DeathRecord",
    "Delays",
    "Duplicate",
    "Enterprise",
    "HouseholdMember",
    "HouseholdView",
    "Leg",
    "LegState",
    "Licence",
    "LicenceClass",
    "MarriageDeclaration",
    "MarriageRecord",
    "Member",
    "Name",
    "NotFound",
    "Person",
    "Registration",
    "Rejected",
    "Relative",
    "Representative",
    "StoreFull",
    "World",
    "WorldError",
    "WorldSettings",
    "check_world",
    "due_at",
    "dossier_subject",
    "parse_name",
]
