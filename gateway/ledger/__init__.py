"""The per-hop operational-monitoring ledger: SQLite storage, paged queries, export, metrics.

ledger = SqliteLedger(settings.ledger_path)      # a LedgerSink for create_app/Stack
for record in iter_records(settings.ledger_path, records_from=t0): ...
"""

from gateway.ledger.query import DEFAULT_PAGE_SIZE, Page, export, iter_records, query_page
from gateway.ledger.writer import DEFAULT_QUEUE_SIZE, SqliteLedger

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "DEFAULT_QUEUE_SIZE",
    "Page",
    "SqliteLedger",
    "export",
    "iter_records",
    "query_page",
]
