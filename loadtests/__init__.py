"""Go-live load tests: locust users of a one-stop (TTHC) system, load shapes over an office day,
and the SLO gates a run must pass.

    evaluation = evaluate_files(csv_prefix, DEFAULT_GATES)
    plan = PROFILES["office-day"](users=50, seconds=120)

This door exports only what the harness drives from its own process (gates, profiles, and the
one-stop mix the demo also runs).
``loadtests/locustfile.py`` and ``loadtests/shapes.py`` import locust, which monkey-patches the
standard library with gevent; they are loaded by the locust process itself, never imported
from here.
"""

from loadtests.calls import Call, Dossier
from loadtests.gates import DEFAULT_GATES, Evaluation, GateError, evaluate_files
from loadtests.mix import Mix, load_mix
from loadtests.profiles import OFFICE_DAY_START, PROFILES, office_clock_speed

__all__ = [
    "DEFAULT_GATES",
    "OFFICE_DAY_START",
    "PROFILES",
    "Call",
    "Dossier",
    "Evaluation",
    "GateError",
    "Mix",
    "evaluate_files",
    "load_mix",
    "office_clock_speed",
]
