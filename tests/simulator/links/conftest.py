"""The fault engine fixtures of the fault tests, for the hop-fault layer."""

from tests.mock_registries.faults.conftest import fault_clock, make_engine

__all__ = ["fault_clock", "make_engine"]
