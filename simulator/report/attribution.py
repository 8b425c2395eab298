"""Where a failed request failed, read the way an operator reads it: from the records the
gateways wrote — the X-Road error type names the side (``Server.ClientProxy`` the LGSP,
``Server.ServerProxy`` the NDXP) and ``ServiceFailed`` says the call onward failed — never
from the fault journal. The report sets it beside where the fault was really injected.

    lgsp                  the LGSP refused or failed by itself
    lgsp-ndxp             the LGSP got no valid answer from the NDXP: the link, or the NDXP's
                          web front (an HTML page the NDXP never sent), or a silent NDXP
    ndxp                  the NDXP answered an error of its own (overloaded, maintenance, …)
    ndxp-registry:<p>     the NDXP got no valid answer from registry <p> (reset, dropped link)
    registry:<p>          registry <p> answered an error, or was so slow that the hop waiting
                          for it gave up (a timeout is blamed on the slow registry)
    client                the caller's request was refused as invalid: by a gateway
                          (``Client.*``; the LGSP's refusal of its credentials, access or an
                          unknown service), or by the registry (a 4xx with no fault on the call)
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, cast

from simulator.report.model import HopBlame
from simulator.report.requests import Request

__all__ = ["PATH_ORDER", "failed_at", "failure_location", "gave_up", "hop_blame"]

PATH_ORDER = ("client", "lgsp", "lgsp-ndxp", "ndxp", "ndxp-registry", "registry")


def _error(record: sqlite3.Row) -> tuple[str, bool, str]:
    """(side: lgsp|ndxp|client|"", the call onward failed, the error's last code)."""
    code = (record["faultCode"] or "").replace("_", "").lower()
    if code.startswith("client."):
        return "client", False, code.rpartition(".")[2]
    side = "lgsp" if "clientproxy" in code else "ndxp" if "serverproxy" in code else ""
    return side, "servicefailed" in code, code.rpartition(".")[2]


def failed_at(request: Request) -> str | None:
    """The location of a failed request (see the module docstring); ``None`` if it succeeded."""
    if request.succeeded:
        return None
    if request.refused_as_invalid:
        return "client"
    outer = request.outer
    provider = outer["serviceProvider"]
    if outer["answeredBy"].startswith("registry:"):
        return str(outer["answeredBy"])
    side, onward, code = _error(outer)
    if side == "client":
        return "client"
    if code in ("circuitopen", "overloaded", "retrybudgetexhausted", "serviceunavailable"):
        return side or "lgsp"  # the hop's own protection turned it away
    if side == "ndxp":
        if not onward:
            return "ndxp"
        return f"registry:{provider}" if code == "timeout" else f"ndxp-registry:{provider}"
    if onward:
        direct = len(request.hops) == 1 and outer["answeredBy"] == "lgsp" and not _via_ndxp(outer)
        if direct:
            return f"registry:{provider}" if code == "timeout" else f"ndxp-registry:{provider}"
        return "lgsp-ndxp"
    return "lgsp"


def failure_location(hops: Sequence[Mapping[str, Any]]) -> str | None:
    """:func:`failed_at` for one exchange's hop records, outermost first, as a follower of the
    records holds them (the console): the same words as the report's."""
    rows = cast("list[sqlite3.Row]", list(hops))  # read by field name only, as a Row is
    return failed_at(Request("", rows))


def _via_ndxp(record: sqlite3.Row) -> bool:
    return "NDXP" in (record["faultString"] or "")


def gave_up(request: Request) -> str | None:
    """The hop that gave up waiting (its deadline), if the request ended that way."""
    if request.succeeded:
        return None
    side, onward, code = _error(request.outer)
    return side if onward and code == "timeout" else None


def _location_group(where: str) -> str:
    return where.split(":", 1)[0]


def hop_blame(requests: list[Request]) -> list[HopBlame]:
    """Failed requests per location, with the sites where their faults were injected."""
    failed: Counter[str] = Counter()
    sites: dict[str, Counter[str]] = {}
    waited: Counter[str] = Counter()
    for request in requests:
        where = failed_at(request)
        if where is None:
            continue
        failed[where] += 1
        injected = {j.tag.site for j in request.judged()} or {"-"}
        sites.setdefault(where, Counter()).update(injected)
        hop = gave_up(request)
        if hop is not None:
            waited[where] += 1
    order = sorted(failed, key=lambda w: (PATH_ORDER.index(_location_group(w)), w))
    return [
        HopBlame(where, failed[where], dict(sites[where].most_common()), waited[where])
        for where in order
    ]
