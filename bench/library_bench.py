#!/usr/bin/env python3
"""Products per second through the Python module and on Dask, against `ccr run`
(docs/performance.md, "The library, Python and Dask").

  PYTHONPATH=build/python /usr/bin/python3 bench/library_bench.py [--lines N] [--repeat R]
      [--bin build/bin]

Rows (medians of R runs, JSON reports, the built-in bundle, the VM):
  ccr run -j 1 / -j 2 on the catalogue, -o /dev/null;
  Bundle.evaluate_lines(bytes) with threads 1 / 2 (JSON lines in, report bytes out), and the
  same with out="/dev/null" (reports streamed to a file, as ccr run -o does), and the CPU
  seconds of ccr run -j 1 against evaluate_lines(out=..., threads=1);
  Bundle.evaluate(dict) one product at a time on 1 Python thread, then on 2 (dict in, report
  out);
  ccr.dask.run on LocalClusters of 1, 2 and 4 worker processes (cluster start not timed),
  with the overhead per partition: (dask wall - library time for the same lines on as many
  cores) / partitions.
Prints a Markdown table and the projection for 100M products on 64 cores. Loopback only;
every cluster is closed at the end.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import ccr
import ccr.dask as ccr_dask

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / "build" / "bin"
AS_OF = "2026-01-01"


def median_cpu(function, repeat):
    """CPU seconds (user + system) of this process and its finished children: steadier than
    wall time on a loaded machine."""
    times = []
    for _ in range(repeat):
        start = [resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                      resource.RUSAGE_CHILDREN)]
        function()
        end = [resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                    resource.RUSAGE_CHILDREN)]
        times.append(sum(e.ru_utime + e.ru_stime - (b.ru_utime + b.ru_stime)
                         for b, e in zip(start, end)))
    return statistics.median(times)


def median_time(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--dict-products", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--partition-bytes", type=int, default=16 << 20)
    parser.add_argument("--bin", type=Path, default=BIN, help="where the built ccr is")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ccr-bench-"))
    catalog = work / "catalog.jsonl"
    with open(catalog, "wb") as out:
        subprocess.run([sys.executable, str(ROOT / "tests" / "e2e" / "gen_catalog.py"),
                        "--root", str(ROOT), "--lines", str(args.lines)], stdout=out,
                       check=True)
    data = catalog.read_bytes()
    lines = args.lines
    bundle = ccr.Bundle.default()
    rows = []

    def row(label, seconds, products=lines, note=""):
        rows.append((label, seconds, products / seconds, note))
        print(f"{label}: {seconds:.3f} s, {products / seconds:,.0f} products/s {note}",
              file=sys.stderr)

    for jobs in (1, 2):
        command = [str(args.bin / "ccr"), "run", "--facts", str(catalog), "--format", "json",
                   "--as-of", AS_OF, "-q", "--no-jit", "-j", str(jobs), "-o", "/dev/null"]
        row(f"`ccr run -j {jobs}`",
            median_time(lambda: subprocess.run(command, check=False), args.repeat))
    for threads in (1, 2):
        row(f"`Bundle.evaluate_lines(bytes, threads={threads})`",
            median_time(lambda: bundle.evaluate_lines(data, as_of=AS_OF, format="json",
                                                      threads=threads), args.repeat))
    for threads in (1, 2):
        row(f"`Bundle.evaluate_lines(bytes, threads={threads}, out=\"/dev/null\")`",
            median_time(lambda: bundle.evaluate_lines(data, as_of=AS_OF, format="json",
                                                      threads=threads, out="/dev/null"),
                        args.repeat))
    # The same comparison in CPU time, one thread each (the target's, robust to load).
    one_job = [str(args.bin / "ccr"), "run", "--facts", str(catalog), "--format", "json",
               "--as-of", AS_OF, "-q", "--no-jit", "-j", "1", "-o", "/dev/null"]
    cpu_run = median_cpu(lambda: subprocess.run(one_job, check=False), args.repeat)
    cpu_library = median_cpu(lambda: bundle.evaluate_lines(data, as_of=AS_OF, format="json",
                                                           threads=1, out="/dev/null"),
                             args.repeat)
    cpu_note = (f"CPU seconds, one thread: `ccr run -j 1` {cpu_run:.3f} (start-up and file read "
                f"included), `evaluate_lines(out=\"/dev/null\", threads=1)` {cpu_library:.3f} "
                f"({cpu_library / cpu_run:.2f}x)")
    print(cpu_note, file=sys.stderr)

    products = [json.loads(line) for line in data.splitlines()[:args.dict_products]]

    def one_thread():
        for product in products:
            bundle.evaluate(product, as_of=AS_OF, format="json")

    row("`Bundle.evaluate(dict)`, 1 Python thread", median_time(one_thread, args.repeat),
        len(products))

    def two_threads():
        halves = [products[0::2], products[1::2]]

        def work_on(part):
            for product in part:
                bundle.evaluate(product, as_of=AS_OF, format="json")

        threads = [threading.Thread(target=work_on, args=(half,)) for half in halves]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    row("`Bundle.evaluate(dict)`, 2 Python threads", median_time(two_threads, args.repeat),
        len(products))

    import distributed
    library_one = next(r[1] for r in rows if "threads=1" in r[0])
    for workers in (1, 2, 4):
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                                           processes=True, host="127.0.0.1",
                                           dashboard_address=None)
        client = distributed.Client(cluster)
        try:
            client.wait_for_workers(workers, timeout=120)
            manifests = []

            def dask_run():
                manifests.append(ccr_dask.run(str(catalog), str(work / "out"), client=client,
                                              as_of=AS_OF, format="json",
                                              partition_bytes=args.partition_bytes,
                                              log=lambda _: None))

            seconds = median_time(dask_run, args.repeat)
        finally:
            client.close()
            cluster.close()
        partitions = len(manifests[-1]["parts"])
        cores = min(workers, os.cpu_count() or 1)
        overhead = (seconds - library_one / cores) / partitions
        row(f"`ccr.dask.run`, {workers} worker process{'es' if workers > 1 else ''}", seconds,
            note=f"{partitions} partitions, {overhead * 1000:.0f} ms overhead per partition")

    print(f"\nMachine: {platform.node()}, {os.cpu_count()} cores, {platform.platform()}; "
          f"load average at the end {os.getloadavg()[0]:.1f}. Catalogue: {lines} lines, "
          f"{len(data) / 1e6:.1f} MB (tests/e2e/gen_catalog.py), JSON reports, as of {AS_OF}, "
          f"medians of {args.repeat}.\n")
    print(cpu_note + "\n")
    print("| path | seconds | products/s | note |\n|---|---|---|---|")
    for label, seconds, rate, note in rows:
        print(f"| {label} | {seconds:.3f} | {rate:,.0f} | {note} |")
    per_core = next(r[2] for r in rows if "threads=1" in r[0])
    one_worker = next(r for r in rows if "1 worker process" in r[0])
    print(f"\nProjection, 100M products on 64 cores (one worker process per core): at "
          f"{per_core:,.0f} products/s per core, {1e8 / (64 * per_core):,.0f} s of evaluation; "
          f"with {args.partition_bytes >> 20} MiB partitions "
          f"({len(data) / lines:.0f} bytes a line: {1e8 * len(data) / lines / args.partition_bytes:,.0f}"
          f" partitions) and the overhead measured above per partition, spread over 64 "
          f"workers.")
    subprocess.run(["rm", "-rf", str(work)], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
