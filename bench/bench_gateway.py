"""One gateway hop vs an nginx reverse proxy (raw, aiohttp and httpx transports), and three hops
vs the registry called directly. Prints medians of short pinned wrk runs and ratios taken in the
same run (the DEVELOPERS.md rule: performance is a ratio against a baseline measured alongside).

    .venv/bin/python -m bench.bench_gateway [--duration 5] [--runs 3] [--before REF]

``--before REF`` adds the same hop as committed at ``REF`` (``git archive`` into the work dir,
run from there), measured right after today's: a before/after in the same run.

Layout (2-core box): the proxy under test on cpu1 (``taskset -c 1``); the upstream and wrk
(``-t1``) on cpu0. Upstream = nginx, 1 worker, a static 1 KB JSON answer. Every process is
started here in its own session and stopped by its pid. Expect noise from other users of the
box: medians of ``--runs`` repetitions are reported, never a single run.
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from dataclasses import dataclass
from pathlib import Path

import orjson
import yaml

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
DKDN_XROAD = "/r1/VN/GOV/000.00.00.G05/CSDLDKDN/chiTietDoanhNghiep"
NDXP_AUTH = "Basic " + base64.b64encode(b"VN/GOV/000.00.00.H56/LGSP:lgsp-demo-secret").decode()
LGSP_AUTH = "Basic " + base64.b64encode(b"VN/GOV/000.00.00.H56/MCDT:mcdt-demo-secret").decode()


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    cpu_us_per_req: float | None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process {proc.args} exited with {proc.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"port {port} not listening after {timeout}s")


class Procs:
    """Processes started by the bench, each in its own session; stopped by pid only."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(
        self, cmd: list[str], cpu: str, port: int, home: Path = ROOT
    ) -> subprocess.Popen[bytes]:
        env = None if home == ROOT else {**os.environ, "PYTHONPATH": str(home)}
        proc = subprocess.Popen(
            ["taskset", "-c", cpu, *cmd],
            cwd=home,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.procs.append(proc)
        wait_port(port, proc)
        return proc

    def stop(self, proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the session we created for it
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if proc in self.procs:
            self.procs.remove(proc)

    def stop_all(self) -> None:
        for proc in list(self.procs):
            self.stop(proc)


def cpu_ticks(pid: int) -> int:
    """utime + stime of every process in the session of ``pid`` (nginx master + worker)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == pid:  # session id == the leader we started
            total += int(fields[11]) + int(fields[12])
    return total


_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"unexpected wrk latency {text!r}")
    value, unit = match.groups()
    return float(value) * _UNIT[unit]


def wrk(
    url: str, conns: int, seconds: float, headers: list[str], pid: int | None, cpus: str = "0"
) -> WrkResult:
    cmd = ["taskset", "-c", cpus, "wrk", "-t1", f"-c{conns}", f"-d{seconds:g}s", "--latency"]
    for header in headers:
        cmd += ["-H", header]
    before = cpu_ticks(pid) if pid else 0
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    after = cpu_ticks(pid) if pid else 0
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    cpu = (after - before) / os.sysconf("SC_CLK_TCK") * 1e6 / total if pid and total else None
    return WrkResult(rps, p50, p99, int(bad.group(1)) if bad else 0, cpu)


@dataclass
class Summary:
    name: str
    conns: int
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_us: float | None
    non_2xx: int
    runs: list[float]
    p99_runs: list[float]


def measure(
    name: str, url: str, headers: list[str], pid: int | None, args: argparse.Namespace
) -> dict[int, Summary]:
    wrk(url, 16, 1, headers, None)  # warm-up: connections, caches, JIT-free but pool-full
    results: dict[int, Summary] = {}
    for conns in (64, 8):
        runs = [wrk(url, conns, args.duration, headers, pid) for _ in range(args.runs)]
        cpus = [r.cpu_us_per_req for r in runs if r.cpu_us_per_req is not None]
        results[conns] = summary = Summary(
            name,
            conns,
            statistics.median(r.rps for r in runs),
            statistics.median(r.p50_ms for r in runs),
            statistics.median(r.p99_ms for r in runs),
            statistics.median(cpus) if cpus else None,
            sum(r.non_2xx for r in runs),
            [round(r.rps) for r in runs],
            [r.p99_ms for r in runs],
        )
        cpu = f"{summary.cpu_us:6.0f}" if summary.cpu_us is not None else "     -"
        print(
            f"  {name:<28} -c{conns:<3} {summary.rps:9.0f} rps  p50 {summary.p50_ms:6.3f} ms"
            f"  p99 {summary.p99_ms:6.3f} ms  cpu-us/req {cpu}  non2xx {summary.non_2xx}"
            f"  runs {summary.runs} p99 {summary.p99_runs}",
            flush=True,
        )
    return results


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/{name}.pid;
error_log {tmp}/{name}.err warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  keepalive_requests 10000000;
  {body}
}}
"""


def nginx(procs: Procs, tmp: Path, name: str, cpu: str, port: int, body: str) -> int:
    conf = tmp / f"{name}.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, name=name, body=body))
    proc = procs.start(["nginx", "-p", str(tmp), "-c", str(conf)], cpu, port)
    return proc.pid


def bench_catalog_scaling(tmp: Path) -> None:
    """Per-request look-ups (resolve + authenticate + ACL) with 4 vs 400 providers and
    3 vs 3,000 consumers: dict look-ups, so the cost must not grow with the catalog."""
    from gateway import DEFAULT_CATALOG
    from gateway.acl import AccessControl
    from gateway.auth import Authenticator
    from gateway.catalog import Catalog
    from gateway.routing import resolve

    raw = yaml.safe_load(DEFAULT_CATALOG.read_text())

    def build(extra: int) -> Catalog:
        data = orjson.loads(orjson.dumps(raw))
        template = data["providers"][1]
        for i in range(extra):
            copy = orjson.loads(orjson.dumps(template))
            copy["code"] = f"reg{i}"
            copy["member"]["code"] = f"000.00.{i // 100:02d}.X{i % 100:02d}"
            copy["api_context"] = f"api{i}"
            data["providers"].append(copy)
            consumer = dict(data["consumers"]["ndxp"][0])
            consumer["client"] = f"VN/GOV/000.00.{i // 100:02d}.H{i % 100:02d}/SYS{i}"
            consumer["secret"] = f"s{i}"
            for _ in range(10):
                data["consumers"]["ndxp"].append(consumer)
                consumer = dict(
                    consumer, client=consumer["client"] + "X", secret="x" + consumer["secret"]
                )
        return Catalog.model_validate(data)

    acl = AccessControl()
    auth_header = NDXP_AUTH.split(": ", 1)[-1].encode()
    for extra in (0, 400):
        catalog = build(extra)
        auth = Authenticator(catalog.consumers_of("ndxp"), token_ttl=3600)

        def one(catalog: Catalog = catalog, auth: Authenticator = auth) -> None:
            route = resolve(catalog, DKDN_XROAD)
            consumer = auth.authenticate(auth_header, None, None)
            assert route.service is not None
            acl.allowed(consumer, route.provider.code, route.service.code)

        best = min(timeit.repeat(one, number=20_000, repeat=5)) / 20_000 * 1e6
        print(
            f"  providers {len(catalog.providers):4d}, ndxp consumers "
            f"{len(catalog.consumers_of('ndxp')):5d}: resolve+auth+acl {best:5.2f} us/request"
        )


def extract_tree(ref: str, into: Path) -> Path:
    """The code at ``ref`` (what a gateway server imports), unpacked into ``into``."""
    import io
    import tarfile

    folders = ["gateway", "connectors", "mock_registries", "simulator", "loadtests", "bench"]
    archive = subprocess.run(
        ["git", "archive", ref, *folders], cwd=ROOT, capture_output=True, check=True
    ).stdout
    into.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def write_fixtures(tmp: Path) -> tuple[Path, bytes]:
    """The upstream's answer (``data.json``, ~1 KB, with the dkdn contract's fields) and a
    catalog whose quotas cannot cap the bench; returns (catalog path, payload)."""
    # A found enterprise, as the ĐKDN registry answers it ("Status": "1" with its "Data"): the
    # common path. Until 2026-12-06 it said "Status": "0", a refusal inside a 200, so every
    # bench call took the refusal path (classified http_4xx, the body searched for not-found
    # words): results before then measured that path.
    data = {
        "MaSoDoanhNghiep": "0101234567",
        "SoDinhDanh": "001099012345",
        "SoGPLX": "790123456789",
        "TenDoanhNghiep": "CÔNG TY TNHH MỘT THÀNH VIÊN MÔ PHỎNG",
    }
    document = {"Status": "1", "MaSoDoanhNghiep": "0101234567", "Data": data}
    data["GhiChu"] = "x" * (1022 - len(orjson.dumps(document)) - 12)
    payload = orjson.dumps(document)
    (tmp / "data.json").write_bytes(payload)
    catalog = yaml.safe_load((ROOT / "gateway" / "catalog.yaml").read_text())
    for consumers in catalog["consumers"].values():
        for consumer in consumers:  # quotas would cap the bench, not the code path
            consumer["quota"] = {"rps": 10_000_000, "burst": 10_000_000}
    path = tmp / "catalog.yaml"
    path.write_text(yaml.safe_dump(catalog, allow_unicode=True))
    tmp.chmod(0o755)  # nginx workers run as nobody when the bench runs as root
    (tmp / "logs").mkdir(exist_ok=True)
    return path, payload


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--skip", default="", help="comma list: raw-stock,aiohttp,httpx,threehop,catalog"
    )
    parser.add_argument("--before", help="git ref: add the hop as committed there")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    for tool in ("nginx", "wrk", "taskset"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is required")
    tmp = Path(tempfile.mkdtemp(prefix="bench_gateway_"))
    _, payload = write_fixtures(tmp)
    print(f"payload {len(payload)} B, work dir {tmp}, {args.runs} x {args.duration:g} s per cell")

    procs = Procs()
    up, px = free_port(), free_port()
    try:
        nginx(
            procs,
            tmp,
            "upstream",
            "0",
            up,
            f"server {{ listen 127.0.0.1:{up} backlog=4096; location / {{ "
            f"default_type application/json; root {tmp}; try_files /data.json =404; }} }}",
        )
        upstream_url = f"http://127.0.0.1:{up}"
        query = "?msdn=0101234567"
        print("\n== one hop vs nginx (proxy on cpu1; nginx upstream + wrk on cpu0) ==")
        direct = measure("direct nginx static", upstream_url + DKDN_XROAD + query, [], None, args)
        proxy_pid = nginx(
            procs,
            tmp,
            "proxy",
            "1",
            px,
            f"upstream up {{ server 127.0.0.1:{up}; keepalive 128; "
            f"keepalive_requests 10000000; }} server {{ listen 127.0.0.1:{px} backlog=4096; "
            "location / { proxy_pass http://up; proxy_http_version 1.1; "
            'proxy_set_header Connection ""; } }',
        )
        ngx = measure(
            "nginx proxy (1 worker)",
            f"http://127.0.0.1:{px}{DKDN_XROAD}{query}",
            [],
            proxy_pid,
            args,
        )
        raw_port = free_port()
        raw = procs.start(
            [
                PY,
                "-m",
                "bench.gateway_server",
                "--role",
                "rawproxy",
                "--port",
                str(raw_port),
                "--upstream",
                upstream_url,
            ],
            "1",
            raw_port,
        )
        floor = measure(
            "raw ASGI + raw transport (floor)",
            f"http://127.0.0.1:{raw_port}{DKDN_XROAD}{query}",
            [],
            raw.pid,
            args,
        )
        procs.stop(raw)
        gateways: dict[str, dict[int, Summary]] = {}
        homes = {"raw": ROOT}
        if args.before:
            homes[f"raw@{args.before}"] = extract_tree(args.before, tmp / "before")
        variants = [
            *((key, "raw", []) for key in homes),
            # The same hop on uvicorn's own protocol: two writes per answer instead of one.
            ("raw-stock", "raw", ["--http", "httptools"]),
            ("aiohttp", "aiohttp", []),
            ("httpx", "httpx", []),
        ]
        for key, transport, extra in variants:
            if key in skip:
                continue
            port = free_port()
            proc = procs.start(
                [
                    PY,
                    "-m",
                    "bench.gateway_server",
                    "--role",
                    "ndxp",
                    "--port",
                    str(port),
                    "--upstream",
                    upstream_url,
                    "--transport",
                    transport,
                    "--catalog",
                    str(tmp / "catalog.yaml"),
                    *extra,
                ],
                "1",
                port,
                homes.get(key, ROOT),
            )
            gateways[key] = measure(
                f"gateway ndxp ({key})",
                f"http://127.0.0.1:{port}{DKDN_XROAD}{query}",
                [f"Authorization: {NDXP_AUTH}", "X-Road-Client: VN/GOV/000.00.00.H56/LGSP"],
                proc.pid,
                args,
            )
            procs.stop(proc)

        print("\n-- ratios (medians) --")
        for transport, res in gateways.items():
            ratio = res[64].rps / ngx[64].rps
            added50 = res[8].p50_ms - direct[8].p50_ms
            added99 = res[8].p99_ms - direct[8].p99_ms
            verdict = "meets #18's 0.40" if ratio >= 0.40 else "below #18's 0.40"
            print(
                f"  {transport:<9} rps/nginx -c64 {ratio:.3f} ({verdict}); -c8 "
                f"{res[8].rps / ngx[8].rps:.3f};  added latency at -c8 vs direct: "
                f"p50 +{added50:.3f} ms, p99 +{added99:.3f} ms "
                f"({'OK' if added99 < 2 else 'over'} the 2 ms p99 target)"
            )
        print(
            f"  floor    rps/nginx -c64 {floor[64].rps / ngx[64].rps:.3f}; added at -c8: "
            f"p50 +{floor[8].p50_ms - direct[8].p50_ms:.3f} ms, "
            f"p99 +{floor[8].p99_ms - direct[8].p99_ms:.3f} ms"
        )
        if "raw" in gateways and floor[64].cpu_us and gateways["raw"][64].cpu_us:
            print(
                f"  gateway logic cost: {gateways['raw'][64].cpu_us - floor[64].cpu_us:.0f} "
                f"CPU-us/request over the floor "
                f"({gateways['raw'][64].cpu_us:.0f} vs {floor[64].cpu_us:.0f})"
            )
        for fast, slow in (("raw", "aiohttp"), ("aiohttp", "httpx")):
            if {fast, slow} <= gateways.keys():
                print(
                    f"  transport: {fast}/{slow} rps -c64 "
                    f"{gateways[fast][64].rps / gateways[slow][64].rps:.1f}x"
                )

        if "threehop" not in skip:
            print("\n== three hops: LGSP -> NDXP -> dkdn mock vs the mock directly ==")
            print("   (mock + wrk on cpu0, NDXP and LGSP both on cpu1)")
            from mock_registries.samples import sample_identifiers

            msdn = sample_identifiers(1).msdn
            mock_port, ndxp_port, lgsp_port = free_port(), free_port(), free_port()
            procs.start(
                [
                    PY,
                    "-m",
                    "bench.gateway_server",
                    "--role",
                    "registry",
                    "--registry",
                    "dkdn",
                    "--port",
                    str(mock_port),
                ],
                "0",
                mock_port,
            )
            mock_url = f"http://127.0.0.1:{mock_port}"
            mock = measure(
                "dkdn mock direct", f"{mock_url}/chiTietDoanhNghiep?msdn={msdn}", [], None, args
            )
            procs.start(
                [
                    PY,
                    "-m",
                    "bench.gateway_server",
                    "--role",
                    "ndxp",
                    "--port",
                    str(ndxp_port),
                    "--upstream",
                    mock_url,
                    "--catalog",
                    str(tmp / "catalog.yaml"),
                ],
                "1",
                ndxp_port,
            )
            procs.start(
                [
                    PY,
                    "-m",
                    "bench.gateway_server",
                    "--role",
                    "lgsp",
                    "--port",
                    str(lgsp_port),
                    "--ndxp",
                    f"http://127.0.0.1:{ndxp_port}",
                    "--upstream",
                    mock_url,
                    "--catalog",
                    str(tmp / "catalog.yaml"),
                ],
                "1",
                lgsp_port,
            )
            three = measure(
                "LGSP->NDXP->mock",
                f"http://127.0.0.1:{lgsp_port}{DKDN_XROAD}?msdn={msdn}",
                [f"Authorization: {LGSP_AUTH}"],
                None,
                args,
            )
            print(
                f"  three hops / direct rps: -c64 {three[64].rps / mock[64].rps:.3f}, "
                f"-c8 {three[8].rps / mock[8].rps:.3f}; added p50/p99 at -c8: "
                f"+{three[8].p50_ms - mock[8].p50_ms:.3f} / "
                f"+{three[8].p99_ms - mock[8].p99_ms:.3f} ms"
            )
    finally:
        procs.stop_all()

    if "catalog" not in skip:
        print("\n== per-request look-up cost vs catalog size (in-process, best of 5) ==")
        bench_catalog_scaling(tmp)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
