"""Start-up and scale: sovfilm's commands against the floor of their own stack.

    python bench/perf_bench.py [--films 50000] [--runs 15]

Every figure is a median of RUNS runs, the candidates and their floor run
alternately in one loop so machine noise hits both alike. The floor is
`python -c "import typer, rapidfuzz.process"` (plus rich.console and
rich.table for table output). Prints one table: median seconds, floor,
ratio, the goal, and peak memory for the large catalog.

sovfilm's modules are byte-compiled first, as installing a wheel does: with
PYTHONDONTWRITEBYTECODE set (some containers set it) an editable install
would otherwise recompile every module on every run and measure that instead.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate_catalog import main as generate

PYTHON = sys.executable
FLOOR = [PYTHON, "-c", "import typer, rapidfuzz.process"]
FLOOR_TABLE = [PYTHON, "-c", "import typer, rapidfuzz.process, rich.console, rich.table"]
SOVFILM = [PYTHON, "-m", "sovfilm"]


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(after, before)


def medians(pairs: list[tuple[list[str], list[str]]], env: dict[str, str], runs: int):
    """Run each (candidate, floor) pair alternately RUNS times; median seconds of each."""
    times: dict[int, list[float]] = {i: [] for i in range(len(pairs) * 2)}
    for _ in range(runs):
        for i, (candidate, floor) in enumerate(pairs):
            times[2 * i].append(timed(candidate, env)[0])
            times[2 * i + 1].append(timed(floor, env)[0])
    return [
        (statistics.median(times[2 * i]), statistics.median(times[2 * i + 1]))
        for i in range(len(pairs))
    ]


def peak_memory_mib(command: list[str], env: dict[str, str]) -> float:
    """Peak RSS of one run, measured in a fresh child so earlier runs do not count."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PYTHON, "-c", probe, *command], env=env, capture_output=True, text=True)
    return int(out.stdout.strip() or 0) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    package = importlib.util.find_spec("sovfilm").submodule_search_locations[0]
    subprocess.run([PYTHON, "-m", "compileall", "-q", package], check=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SOVFILM_CACHE": str(Path(tmp) / "cache"), "SOVFILM_HOME": tmp}
        table_env = {**env, "FORCE_COLOR": "1", "COLUMNS": "100"}
        shipped = [
            ("search cranes --json", [*SOVFILM, "search", "cranes", "--json"], FLOOR, env, 1.3),
            ("search cranes (table)", [*SOVFILM, "search", "cranes"], FLOOR_TABLE, table_env, 1.3),
            ("recommend Wings --json", [*SOVFILM, "recommend", "Wings", "--json"], FLOOR, env, 1.3),
        ]
        # Warm: each command runs once first, so every part it reads is compiled.
        for _, command, _, run_env, _ in shipped:
            timed(command, run_env)
        for label, command, floor, run_env, goal in shipped:
            ((median, floor_median),) = medians([(command, floor)], run_env, args.runs)
            rows.append((f"shipped, warm: {label}", median, floor_median, goal, None))

        big = Path(tmp) / "generated.toml"
        generate(args.films, big)
        big_env = {**env, "SOVFILM_CATALOG": str(big)}
        with big.open(encoding="utf-8") as handle:
            first_id = next(line for line in handle if line.startswith("id = ")).split('"')[1]
        # Cold: the first run parses TOML and compiles the cache; compare with tomllib alone.
        cold, _ = timed([*SOVFILM, "search", "cranes flying", "--json"], big_env)
        parse = [PYTHON, "-c", f"import tomllib; tomllib.load(open({str(big)!r}, 'rb'))"]
        parse_time, _ = timed(parse, env)
        rows.append((f"{args.films} films, cold: search", cold, parse_time, 2.0, None))
        for label, command in (
            ("search 'cranes flying' --json", [*SOVFILM, "search", "cranes flying", "--json"]),
            (f"recommend {first_id} --json", [*SOVFILM, "recommend", first_id, "--json"]),
        ):
            timed(command, big_env)  # compiles what the cold search did not need
            ((median, floor_median),) = medians([(command, FLOOR)], big_env, max(3, args.runs // 3))
            memory = peak_memory_mib(command, big_env)
            rows.append((f"{args.films} films, warm: {label}", median, floor_median, 3.0, memory))

    header = ("measurement", "median s", "floor s", "ratio", "goal", "peak MiB")
    widths = (-52, 9, 8, 6, 5, 9)
    print(
        " ".join(
            f"{h:<{-w}}" if w < 0 else f"{h:>{w}}" for h, w in zip(header, widths, strict=True)
        )
    )
    for label, median, floor_median, goal, memory in rows:
        ratio = median / floor_median
        mem = f"{memory:9.0f}" if memory is not None else " " * 9
        flag = "" if ratio <= goal else "  (over goal)"
        print(f"{label:<52} {median:9.3f} {floor_median:8.3f} {ratio:6.2f} {goal:5.1f} {mem}{flag}")
    print("floor: python -c 'import typer, rapidfuzz.process'")
    print("  (plus rich.console and rich.table for table output)")
    print("cold floor: tomllib parsing the generated file alone.")


if __name__ == "__main__":
    main()
