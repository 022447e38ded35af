"""The Python side of the batch benchmark (BENCHMARKS.md, "Python").

Reads the request, verifying key and proofs that the Rust example wrote
(`cargo run --release -p zkcred-py --example batch_verify -- N DIR`) and
times ``zkcred.verify_batch`` on them: the whole call into a DataFrame, the
native part alone, and a plain Python loop over ``zkcred.verify``.

    python examples/python/verify_batch.py target/py-bench
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
    d = Path(argv[1] if len(argv) > 1 else "target/py-bench")
    request = zkcred.PresentationRequest.from_json((d / "request.json").read_text())
    vk = zkcred.VerifyingKey.load(d / "presentation.vk")
    proofs = (d / "proofs.jsonl").read_text().splitlines()
    df = zkcred.verify_batch(request, proofs, vk)
    assert df["accepted"].all(), "every proof verifies"
    n = len(proofs)
    print(f"{n} presentations, median of 5 runs")
    print(f"python verify_batch -> DataFrame:  {timed(lambda: zkcred.verify_batch(request, proofs, vk)):.3f} s")
    print(f"python verify_batch -> arrow:      {timed(lambda: zkcred.verify_batch(request, proofs, vk, output='arrow')):.3f} s")
    print(f"python native part (_verify_batch): {timed(lambda: _native._verify_batch(request, proofs, vk)):.3f} s")
    print(f"python loop over zkcred.verify:    {timed(lambda: [zkcred.verify(request, p, vk) for p in proofs], runs=3):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
