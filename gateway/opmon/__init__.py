"""Operational monitoring of the hops: one X-Road opmon-style record per request per hop, the
SQLite store it goes to, and the paged ``/opmon/records`` query over it.

Why inside the gateway and not beside it: in X-Road the operational-monitoring daemon ships
with the security server and the proxy is its only writer; here too only a gateway hop writes
records, and each hop serves its own records (X-Road's ``getSecurityServerOperationalData``).
It is still a room of its own — it knows records, not routes, consumers or connectors — so the
simulator's report reads it through this door only. The report itself lives in the harness
(``simulator.report``): it joins these records with the fault engine's ground truth, which a
real broker never has.

    ledger = SqliteLedger(path)                      # a LedgerSink for gateway.create_app
    for record in iter_records(path, records_from=t0): ...
"""

from gateway.opmon.http import answer_records
from gateway.opmon.query import DEFAULT_PAGE_SIZE, Page, export, iter_records, query_page
from gateway.opmon.records import HopRecord, LedgerSink, NullLedger, PendingRecord
from gateway.opmon.retention import Retention
from gateway.opmon.schema import connect
from gateway.opmon.writer import DEFAULT_QUEUE_SIZE, LedgerUnwritable, SqliteLedger

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "DEFAULT_QUEUE_SIZE",
    "HopRecord",
    "LedgerSink",
    "LedgerUnwritable",
    "NullLedger",
    "Page",
    "PendingRecord",
    "Retention",
    "SqliteLedger",
    "answer_records",
    "connect",
    "export",
    "iter_records",
    "query_page",
]
