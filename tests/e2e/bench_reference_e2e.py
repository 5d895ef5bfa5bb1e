#!/usr/bin/env python3
"""End-to-end check that the benchmarks' hand-written reference (bench/reference) does the same
work as `ccr run`: on generated catalogues (the benchmark's, and one of edge cases: nulls,
unstated market facts, every rule threshold exactly, names that need escaping), `ccr-bench-gen
reference` writes exactly the bytes `ccr run --format json --as-of DATE` writes, on dates
before and after rules come into force. Uses run_e2e.py's runner and helpers.

  bench_reference_e2e.py --bin BUILD/bin [--root REPO] [NAME_SUBSTRING...]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_e2e  # noqa: E402
from run_e2e import Failure, expect_exit, test  # noqa: E402

run_e2e.TESTS.clear()  # only this file's tests


def first_difference(catalogue, expected, actual):
    """Names the first report that differs: its line, the product, and the bytes around the
    first difference."""
    products = catalogue.splitlines()
    ours, theirs = expected.splitlines(), actual.splitlines()
    for number, (a, b) in enumerate(zip(ours, theirs), 1):
        if a == b:
            continue
        at = next(i for i in range(min(len(a), len(b)) + 1)
                  if i == min(len(a), len(b)) or a[i] != b[i])
        start = max(0, at - 60)
        return (f"line {number}: {products[number - 1][:600]}\n"
                f"first difference at byte {at}:\n  ccr run:   ...{a[start:at + 100]}\n"
                f"  reference: ...{b[start:at + 100]}")
    return f"ccr run wrote {len(ours)} reports, the reference {len(theirs)}"


def check_date(env, day):
    expect_exit(env.run("ccr-bench-gen", "products", 1000, "--seed", 11, "-o", "p.jsonl"), 0)
    expect_exit(env.run("ccr-bench-gen", "edge-products", 2000, "--seed", 12, "-o", "e.jsonl"), 0)
    catalogue = (env.tmp / "p.jsonl").read_text() + (env.tmp / "e.jsonl").read_text()
    env.write("catalog.jsonl", catalogue)
    # Undetermined products are findings: exit 1.
    expect_exit(env.run("ccr", "run", "--facts", "catalog.jsonl", "--format", "json",
                        "--as-of", day, "-j", 2, "-o", "run.jsonl"), 1)
    expect_exit(env.run("ccr-bench-gen", "reference", "catalog.jsonl", "--as-of", day,
                        "-o", "reference.jsonl"), 0)
    expected = (env.tmp / "run.jsonl").read_bytes()
    actual = (env.tmp / "reference.jsonl").read_bytes()
    if expected != actual:
        raise Failure(f"as of {day}: " + first_difference(
            catalogue, expected.decode(errors="replace"), actual.decode(errors="replace")))


@test
def reference_same_bytes_before_2020(env):
    """Before the refrigerator, Ex and gas CCC rows (2020-10-01) and the 2023-2027 rules."""
    check_date(env, "2019-06-01")


@test
def reference_same_bytes_after_2027(env):
    """Every rule in force, GB 26572-2025 (2027-08-01) included."""
    check_date(env, "2027-09-01")



@test
def bench_on_your_own_rules(env):
    """`ccr-bench --bundle --facts` measures the phases on a bundle and JSONL of your own; a
    line that does not bind is an error naming it (exit 3), not a measurement of errors."""
    expect_exit(env.run("ccrc", "compile", env.root / "rules/products", "-o", "own.ccrb"), 0)
    expect_exit(env.run("ccr-bench-gen", "products", 50, "--seed", 5, "-o", "own.jsonl"), 0)
    proc = env.run("ccr-bench", "--bundle=own.ccrb", "--facts=own.jsonl", "--as-of=2026-01-01",
                   "--total=100", "--benchmark_filter=^(bind|eval/vm|render|e2e/vm)/own")
    expect_exit(proc, 0)
    out = proc.stdout.decode()
    for row in ("bind/own", "eval/vm/own", "render/own", "e2e/vm/own/threads:1",
                "e2e/vm/own/threads:2"):
        if row not in out:
            raise Failure(f"no row {row} in:\n{out}")
    env.write("bad.jsonl", '{"category": "laptop"}\n\n{"rated_voltage_v": "x"}\n')
    proc = env.run("ccr-bench", "--bundle=own.ccrb", "--facts=bad.jsonl")
    expect_exit(proc, 3)
    if "bad.jsonl:3: fact `rated_voltage_v` must be a number" not in proc.stderr.decode():
        raise Failure(f"unexpected error: {proc.stderr.decode()}")
    expect_exit(env.run("ccr-bench", "--bundle=own.ccrb"), 3)

if __name__ == "__main__":
    sys.exit(run_e2e.main())
