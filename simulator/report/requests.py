"""One request as the report sees it: its hop records (outermost first), the fault journal's
entries for its X-Road-Id, and what follows from both.

Faults are *judged* at the hop that dialed where they arose — the hop nearest the registry for
the registry and its link (``registry``, ``ndxp-registry``), the LGSP for the NDXP and the link
to it (``ndxp``, ``lgsp-ndxp``) — on the attempt whose outcome that hop kept: the faults named
on the answer it got, or, when it got none (a hang, a reset, a deadline), the last attempt's
journal entry for that side. A fault an earlier attempt got past is not judged (the retry
recovered it), except a delay, which still made the answer late. Faults at the province's own
link (``lgsp``) meet the province's client, not a gateway: never judged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from gateway.symptoms import split_symptoms
from simulator.report.expectations import DELAYS, expected_class

__all__ = ["INNER_SITES", "OUTER_SITES", "Judged", "Request", "Tag", "faults_met", "parse_tags"]

INNER_SITES = frozenset({"registry", "ndxp-registry"})
OUTER_SITES = frozenset({"ndxp", "lgsp-ndxp"})
_NOT_DETECTIONS = frozenset({"rejected", "gateway_error", "cancelled"})
# A registry's answers to what the caller sent (bad, unknown, too large, unprocessable) — not
# 401/403/408/429, which speak of access, time or load.
_INVALID = frozenset({400, 404, 413, 422})
_PROVINCE_REFUSALS = frozenset(
    f"Server.ClientProxy.{code}"
    for code in ("AuthenticationFailed", "AccessDenied", "UnknownService")
)


@dataclass(frozen=True, slots=True)
class Tag:
    row: str
    kind: str
    site: str = "registry"

    @property
    def label(self) -> str:
        return f"{self.row}:{self.kind}" + ("" if self.site == "registry" else f"@{self.site}")


def parse_tags(tag: str | None) -> list[Tag]:
    """``"43:reset_before@lgsp-ndxp,21:missing_fields"`` → the faults it names."""
    tags = []
    for part in (tag or "").split(","):
        part = part.strip()
        if not part:
            continue
        row, sep, rest = part.partition(":")
        if not sep:
            row, rest = "-", row
        kind, _, site = rest.partition("@")
        tags.append(Tag(row.strip() or "-", kind.strip(), site.strip() or "registry"))
    return tags


def faults_met(sources: Iterable[str | None]) -> list[Tag]:
    """Every fault named by ``sources`` (record tags, journal entries), each once, in the order
    met; a registry's own "no such record" mark is the truth, not a fault."""
    met = (t for source in sources for t in parse_tags(source))
    return list(dict.fromkeys(t for t in met if t.kind != "no_record"))


@dataclass(frozen=True, slots=True)
class Judged:
    tag: Tag
    expected: str | None  # None: undetectable


@dataclass(slots=True)
class Request:
    message_id: str
    hops: list[sqlite3.Row]  # outermost first
    journal: list[str] = field(default_factory=list)

    @property
    def outer(self) -> sqlite3.Row:
        return self.hops[0]

    @property
    def inner(self) -> sqlite3.Row:
        return self.hops[-1]

    @property
    def latency(self) -> float:
        return float(self.outer["responseOutTs"] - self.outer["requestInTs"])

    @property
    def succeeded(self) -> bool:
        return bool(self.outer["succeeded"])

    @property
    def cut_by_stop(self) -> bool:
        """Still waiting when its gateway stopped (answered ``…ShuttingDown``): the run's end cut
        it, so its outcome says nothing about the exchange."""
        return any((h["faultCode"] or "").endswith(".ShuttingDown") for h in self.hops)

    @property
    def refused_as_invalid(self) -> bool:
        """The caller's own call refused for what it sent — a gateway's ``Client.*`` error, the
        LGSP refusing its credentials, its access or a service it named (the province's own
        configuration), or a registry's 400/404/413/422 or SOAP Client Fault — with no fault
        anywhere on it: the exchange worked as it should."""
        if self.succeeded or self.all_tags():
            return False
        outer = self.outer
        code = outer["faultCode"] or ""
        if code.startswith("Client.") or code in _PROVINCE_REFUSALS:
            return True
        if not str(outer["answeredBy"]).startswith("registry:"):
            return False
        # A SOAP Client Fault travels in a 500 (SOAP 1.1); the gateway calls it http_4xx.
        status = outer["statusCode"]
        return status in _INVALID or (status == 500 and outer["detectedSymptom"] == "http_4xx")

    @property
    def retried(self) -> bool:
        return self.succeeded and any(h["attempts"] > 1 for h in self.hops)

    @property
    def rejected(self) -> bool:
        return any(
            "rejected" in split_symptoms(h["detectedSymptom"]) or h["breakerState"] == "open"
            for h in self.hops
        )

    def all_tags(self) -> list[Tag]:
        """Every fault any attempt met (a retry that recovered still met the row)."""
        return faults_met([*(hop["injectedFault"] for hop in self.hops), *self.journal])

    def rows(self) -> list[str]:
        return sorted({t.row for t in self.all_tags()})

    def _side(self, record: sqlite3.Row, sites: frozenset[str]) -> tuple[list[Tag], bool]:
        """The faults judged at ``record``'s hop among ``sites``, and whether it got an answer
        from the far side (not its own error)."""
        answered = record["answeredBy"] != record["securityServerType"]
        if answered:
            tags = [t for t in parse_tags(record["injectedFault"]) if t.site in sites]
        else:
            entries = [e for e in self.journal if any(t.site in sites for t in parse_tags(e))]
            tags = [t for t in parse_tags(entries[-1]) if t.site in sites] if entries else []
        earlier = [
            t for e in self.journal for t in parse_tags(e) if t.site in sites and t.kind in DELAYS
        ]
        return list(dict.fromkeys(tags + earlier)), answered

    def judged(self) -> list[Judged]:
        out: list[Judged] = []
        inner_tags, inner_answered = self._side(self.inner, INNER_SITES)
        out += [Judged(t, expected_class(t.kind, answered=inner_answered)) for t in inner_tags]
        if len(self.hops) > 1 or self.outer["securityServerType"] == "lgsp":
            outer_tags, outer_answered = self._side(self.outer, OUTER_SITES)
            out += [Judged(t, expected_class(t.kind, answered=outer_answered)) for t in outer_tags]
        return out

    def predicted(self) -> set[str]:
        """The classes the gateway saw on this request, at every hop that judged a side."""
        seen = {s for hop in self.hops for s in split_symptoms(hop["detectedSymptom"])}
        if len(seen) > 1:
            seen.discard("ok")
        return seen

    @property
    def protection_only(self) -> bool:
        """Turned away by the gateway itself (breaker, bulkhead, quota): not a detection."""
        return bool(self.predicted()) and self.predicted() <= _NOT_DETECTIONS
