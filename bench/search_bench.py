"""Search latency per query (median and worst) on the shipped and a generated catalog.

    python bench/search_bench.py [COUNT]      # COUNT films in the generated catalog (50000)

Prints one table. Index building is reported apart from query time.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from generate_catalog import main as generate

from sovfilm.catalog import load_catalog
from sovfilm.search import index_for, rank

QUERIES = [
    "cranes", "cranes are flyng", "Летят журавли", "letjat zuravli", "white sun of desert",
    "stalker tarkovsky", "Тарковский", "circus 1936", "my name is ivan", "x" * 10_000,
]  # fmt: skip


def measure(label: str, path: Path | None) -> None:
    started = time.perf_counter()
    catalog = load_catalog(path)
    loaded = time.perf_counter()
    index = index_for(catalog, include_unverified=False)
    indexed = time.perf_counter()
    timings = []
    for query in QUERIES:
        for _ in range(3):
            t = time.perf_counter()
            rank(index, query)
            timings.append(time.perf_counter() - t)
    print(
        f"{label:<22} {len(catalog.films):>7} films  load {loaded - started:6.2f} s  "
        f"index {indexed - loaded:6.2f} s  query median {statistics.median(timings) * 1000:7.1f} ms"
        f"  worst {max(timings) * 1000:7.1f} ms"
    )


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    measure("shipped catalog", None)
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "generated.toml"
        generate(count, big)
        measure(f"generated ({count})", big)
