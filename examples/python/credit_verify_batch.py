"""The Python side of the credit batch benchmark (BENCHMARKS.md, "Python").

Reads the lender's policy and the transparent credit proofs that the Rust
example wrote (`cargo run --release -p zkcred-py --example
credit_batch_verify -- 1000 DIR`) and times ``zkcred.verify_batch`` on them:
the whole call into a DataFrame and into a pyarrow Table, the native part
alone, and a plain Python loop over ``zkcred.verify_credit``.

    python examples/python/credit_verify_batch.py target/py-credit-bench
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import zkcred
from zkcred import _native


def timed(f, runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(argv: list[str]) -> int:
    d = Path(argv[1] if len(argv) > 1 else "target/py-credit-bench")
    policy = zkcred.CreditPolicy.from_json((d / "policy.json").read_text())
    proofs = [bytes.fromhex(line) for line in (d / "proofs.hex").read_text().split()]
    df = zkcred.verify_batch(policy, proofs)
    assert df["accepted"].all(), "every proof verifies"
    n = len(proofs)
    print(f"{n} transparent credit proofs, median of 5 runs")
    print(f"python verify_batch -> DataFrame:   {timed(lambda: zkcred.verify_batch(policy, proofs)):.3f} s")
    print(f"python verify_batch -> arrow:       {timed(lambda: zkcred.verify_batch(policy, proofs, output='arrow')):.3f} s")
    print(f"python native part (_verify_batch): {timed(lambda: _native._verify_batch(policy, proofs)):.3f} s")
    print(f"python loop over verify_credit:     {timed(lambda: [zkcred.verify_credit(policy, p) for p in proofs], runs=3):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
