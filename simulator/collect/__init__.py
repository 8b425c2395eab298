"""One run out of many processes: following and pulling the gateways' operational records and
the components' fault journals over HTTP, and merging them into one ledger file of the form
the in-process stack writes — what ``ndxp-sim report --from``, ``loadtest --target`` and the
console read.

    collected = await collect(urls, client, since_s=t0)   # records + journals, de-duplicated
    build_report(collected.merged.flushed())
"""

from simulator.collect.feed import OpmonFeed, record_key
from simulator.collect.journal import JournalFeed
from simulator.collect.merged import MergedLedger
from simulator.collect.pull import Collected, Source, collect

__all__ = [
    "Collected",
    "JournalFeed",
    "MergedLedger",
    "OpmonFeed",
    "Source",
    "collect",
    "record_key",
]
