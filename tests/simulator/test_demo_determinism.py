"""Two ``ndxp-sim demo --seed 7 --scenario national-2024`` runs send the same calls with the same
X-Road-Ids and meet the same faults, attempt by attempt: the per-request fault sequences of
their ledgers are identical (real processes; injected delays and deadlines on a fast clock)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.simulator.scaled import scaled_env
from tests.simulator.sequences import Sequences, fault_sequences

REPO = Path(__file__).resolve().parents[2]


def _demo(tmp_path: Path, name: str) -> Sequences:
    ledger = tmp_path / f"{name}.sqlite"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NDXP_")}
    env |= {**scaled_env(), "NDXP_LEDGER_PATH": str(ledger), "NDXP_LANG": "en"}
    command = [sys.executable, "-m", "simulator.cli", "demo", "--seed", "7",
               "--scenario", "national-2024", "--rounds", "40"]  # fmt: skip
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return fault_sequences(ledger)


def test_two_seeded_demos_meet_the_same_faults(tmp_path: Path) -> None:
    first, second = _demo(tmp_path, "first"), _demo(tmp_path, "second")
    assert len(first) > 80
    faulted = [m for m, (journal, _) in first.items() if journal]
    assert len(faulted) > 15  # national-2024 does fault a good share of them
    assert first == second
