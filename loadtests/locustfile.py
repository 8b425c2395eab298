"""A province's one-stop TTHC system (một cửa điện tử) calling the national registries through
the LGSP, as locust users.

Each user authenticates like the real system: ``POST /token`` on the LGSP with client
credentials, then ``Authorization: Bearer`` on NGSP-style addresses. It picks a dossier kind from
the mix (``loadtests/mix.yaml``), runs its calls back to back with well-formed identifiers, then
thinks. Stats are grouped by service code (``name=``), never by raw URL.

    locust -f loadtests/locustfile.py --headless --host http://127.0.0.1:8300 \\
        -u 100 -r 10 -t 5m --shape office-day --csv out/run --html out/run.html

Options of this file (also ``LOCUST_<NAME>`` variables or a locust.conf, and sent by a master
to its workers): --mix-file, --mix-weights, --think-min, --think-max, --shape, --shape-steps,
--spike-factor, --client-id, --client-secret, --catalog-file, --id-offset, --run-seed.

With ``--run-seed`` every user draws its dossiers from a seeded stream and sends its own
X-Road-Id on every call, derived from the seed, its user number and the call's number: the
same seed sends the same calls with the same ids, so the fault engine (keyed by X-Road-Id)
draws the same faults for them.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import random
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import gevent
from gevent import GreenletExit
from locust import FastHttpUser, events, stats as locust_stats, task

from loadtests.mix import (
    DEFAULT_CATALOG,
    DEFAULT_MIX,
    DEFAULT_SEED,
    Call,
    Dossier,
    Mix,
    describe_failure,
    load_catalog_services,
    load_mix,
    parse_weights,
)
from loadtests.profiles import PROFILES
from loadtests.shapes import SelectedShape

__all__ = ["ProvinceOneStopUser", "SelectedShape"]

DEFAULT_CLIENT = "VN/GOV/000.00.00.H56/MCDT"
DEFAULT_SECRET = "mcdt-demo-secret"  # the demo consumer of gateway/catalog.yaml
log = logging.getLogger("loadtests")


# (option, type, default, help); each also reads LOCUST_<OPTION> from the environment.
_OPTIONS: tuple[tuple[str, type, Any, str], ...] = (
    ("--mix-file", str, str(DEFAULT_MIX), "dossier mix YAML"),
    ("--mix-weights", str, "", "override weights: ho_tich=5,gplx=0"),
    ("--think-min", float, None, "think time min (s)"),
    ("--think-max", float, None, "think time max (s)"),
    ("--shape-steps", int, 5, "plateaus of the step shape"),
    ("--spike-factor", float, 5.0, "spike height / baseline"),
    ("--client-id", str, DEFAULT_CLIENT, "LGSP consumer (X-Road id)"),
    ("--catalog-file", str, str(DEFAULT_CATALOG), "service catalog"),
    ("--id-offset", int, 0, "first sample identifier index"),
    ("--run-seed", int, None, "seed of the dossiers and X-Road-Ids (same seed: same calls)"),
    # The people and enterprises the dossiers name must exist in the target's world: its seed.
    ("--world-seed", int, DEFAULT_SEED, "seed of the registries' world (NDXP_MOCKS__SEED)"),
)


def _env_var(option: str) -> str:
    return "LOCUST_" + option.lstrip("-").replace("-", "_").upper()


def _add_arguments(parser: Any) -> None:
    # Straight on the parser: locust's extra keywords (is_secret, ...) are not on groups.
    for option, kind, default, text in _OPTIONS:
        parser.add_argument(option, env_var=_env_var(option), type=kind, default=default, help=text)
    parser.add_argument(
        "--shape",
        env_var="LOCUST_SHAPE",
        default="steady",
        choices=sorted(PROFILES),
        help="load shape",
    )
    parser.add_argument(
        "--client-secret", env_var="LOCUST_CLIENT_SECRET", default=DEFAULT_SECRET, is_secret=True
    )


_mixes: dict[tuple[Any, ...], Mix] = {}


def _mix_for(options: Any) -> Mix:
    """The mix named by the options; built once per distinct option set (workers get the
    master's options only when the run starts, so this is not done at init)."""
    think = None
    if options.think_min is not None or options.think_max is not None:
        lo = options.think_min if options.think_min is not None else 0.0
        think = (lo, options.think_max if options.think_max is not None else max(lo, 3.0))
    key = (options.mix_file, options.mix_weights, think, options.catalog_file)
    if key not in _mixes:
        mix = load_mix(
            Path(options.mix_file),
            catalog=load_catalog_services(Path(options.catalog_file)),
            weights=parse_weights(options.mix_weights),
            think_time=think,
        )
        for code in mix.skipped:
            log.warning("mix names service %s, which the catalog does not have: skipped", code)
        _mixes[key] = mix
    return _mixes[key]


def _check_mix(environment: Any, **_: Any) -> None:
    # Fail at start-up, not in every user, when the mix file or overrides are wrong.
    if environment.parsed_options is not None:
        _mix_for(environment.parsed_options)


# Registered by call, not as decorators: locust's listeners are untyped (mypy strict).
events.init_command_line_parser.add_listener(_add_arguments)  # type: ignore[no-untyped-call]
events.init.add_listener(_check_mix)  # type: ignore[no-untyped-call]


def _last_csv_write(environment: Any, **_: Any) -> None:
    """Locust rewrites its ``--csv`` files every ``CSV_STATS_INTERVAL_SEC`` and closes them at
    exit without a last write, so what was counted in the final moments — the calls cut when
    the users were stopped, just before — never reached the files the gates read. Let the
    writer run once more before they close."""
    if getattr(environment.parsed_options, "csv_prefix", None):
        gevent.sleep(locust_stats.CSV_STATS_INTERVAL_SEC + 0.2)


events.quitting.add_listener(_last_csv_write)  # type: ignore[no-untyped-call]


_user_numbers = itertools.count()


class UnansweredCall(Exception):
    """A call still waiting when locust stopped its user (a load step down, the end of the run)
    that had waited at least ``--stop-timeout`` (and never less than ``MIN_WAIT_SECONDS``)."""

    MIN_WAIT_SECONDS = 1.0

    def __init__(self) -> None:
        super().__init__("no answer: the user was stopped while the call waited")


class ProvinceOneStopUser(FastHttpUser):
    """One integration worker of the province's one-stop system."""

    def on_start(self) -> None:
        options = self.environment.parsed_options
        self.mix = _mix_for(options)
        self.stream: str | None = None
        self.calls = itertools.count()
        if options.run_seed is None:
            self.rng = random.Random()
        else:
            self.stream = f"{options.run_seed}:{options.id_offset}:{next(_user_numbers)}"
            self.rng = random.Random(self.stream)
        self.next_id = options.id_offset + self.rng.randrange(1_000_000)
        self.world_seed: int = options.world_seed
        self.authorization = ""
        self._authenticate()

    def wait_time(self) -> float:
        return self.mix.think_time(self.rng)

    def _authenticate(self) -> None:
        options = self.environment.parsed_options
        form = urlencode(
            {
                "grant_type": "client_credentials",
                "client_id": options.client_id,
                "client_secret": options.client_secret,
            }
        )
        with self.client.post(
            "/token",
            data=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            name="token",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"token refused: HTTP {response.status_code}")
                self.authorization = ""
                return
            token = response.json().get("access_token")
            if not token:
                response.failure("token answer without access_token")
                return
            self.authorization = f"Bearer {token}"

    def _message_id(self) -> str | None:
        if self.stream is None:
            return None  # the LGSP mints one
        seed = f"{self.stream}:{next(self.calls)}".encode()
        digest = hashlib.blake2b(seed, digest_size=16).digest()
        return str(uuid.UUID(bytes=digest, version=4))

    def _send(self, call: Call) -> tuple[int, bytes]:
        started = time.perf_counter()
        try:
            return self._request(call)
        except GreenletExit:
            # Locust stops a user mid-call when the shape lowers the load or the run ends, after
            # --stop-timeout: unrecorded, the call would vanish from the stats — the slowest
            # calls, the very ones the latency gates are for. One that waited through that grace
            # is known to be the exchange's (the run gave it the time): a failure, with the time
            # it waited. One the user had only just sent when it was stopped proves nothing.
            waited_ms = (time.perf_counter() - started) * 1000
            if waited_ms < self._grace_ms():
                raise
            self.environment.events.request.fire(
                request_type=call.method, name=call.name, response_time=waited_ms,
                response_length=0, response=None, context={}, exception=UnansweredCall(),
                url=call.path,
            )  # fmt: skip
            raise

    def _grace_ms(self) -> float:
        grace = getattr(self.environment.parsed_options, "stop_timeout", 0) or 0
        return max(float(grace), UnansweredCall.MIN_WAIT_SECONDS) * 1000

    def _request(self, call: Call) -> tuple[int, bytes]:
        headers = {"Authorization": self.authorization}
        message_id = self._message_id()
        if message_id is not None:
            headers["X-Road-Id"] = message_id
        if call.body is not None:
            headers["Content-Type"] = "application/json"
        with self.client.request(
            call.method,
            call.path,
            data=None if call.body is None else call.body.decode(),
            headers=headers,
            name=call.name,
            catch_response=True,
        ) as response:
            status = int(response.status_code or 0)
            content = response.content or b""
            if self.mix.accepts(status, content):
                response.success()
            else:
                # FastHttpUser names connection errors status 0; keep the hop's error code.
                response.failure(
                    describe_failure(status, response.headers.get("X-Road-Error"), content)
                    if status
                    else f"connection: {response.error}"
                )
            return status, content

    @task
    def dossier(self) -> None:
        if not self.authorization:
            self._authenticate()
            if not self.authorization:
                return
        kind = self.mix.pick(self.rng)
        dossier = Dossier.new(self.next_id, self.rng, seed=self.world_seed)
        self.next_id += 1
        for step in kind.steps:
            for attempt in range(step.repeat):
                if attempt and step.interval_s:
                    gevent.sleep(step.interval_s)
                call = step.call(dossier, self.rng)
                if call is None:
                    break  # nothing learnt to ask about (an empty sync page)
                status, content = self._send(call)
                if status == 401:
                    self._authenticate()  # token expired or the LGSP restarted
                    return
                if 200 <= status < 300:
                    step.learn(content, dossier)
