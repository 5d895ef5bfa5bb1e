"""ccr.dask on a real LocalCluster of 3 worker processes on 127.0.0.1: the parts concatenated
are `ccr run`'s bytes, also when a worker is SIGKILLed in the middle of a partition.

Bounded: every wait has a timeout, the cluster is closed at the end, ctest's TIMEOUT (300 s)
stops anything left. Nothing listens beyond 127.0.0.1."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import ccr
import ccr.dask as ccr_dask

distributed = pytest.importorskip("distributed")

BIN = Path(os.environ["CCR_BIN"])
ROOT = Path(os.environ["CCR_ROOT"])
AS_OF = "2025-06-01"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    """A generated catalogue: bad lines, products missing facts (undetermined), blank lines,
    keys that are not facts, and no newline at the end."""
    generated = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "e2e" / "gen_catalog.py"), "--root", str(ROOT),
         "--lines", "2500", "--errors"], capture_output=True, check=True, timeout=60).stdout
    lines = []
    for number, line in enumerate(generated.splitlines(keepends=True), 1):
        if number % 41 == 0:
            lines.append(b"\n\n")
        if number % 43 == 0:
            lines.append(b'{"product": "extra", "colour": "red"}\n')
        lines.append(line)
    path = tmp_path_factory.mktemp("catalog") / "catalog.jsonl"
    path.write_bytes(b"".join(lines).rstrip(b"\n"))
    return path


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=3, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None)
    client = distributed.Client(cluster)
    try:
        client.wait_for_workers(3, timeout=240)
        yield client
    finally:
        client.close()
        cluster.close(timeout=30)


def expected_run(catalog, format):
    result = subprocess.run([str(BIN / "ccr"), "run", "--facts", str(catalog), "--as-of", AS_OF,
                             "--format", format, "-q"], capture_output=True, timeout=120)
    return result


def concatenated(out, suffix):
    return b"".join(path.read_bytes() for path in sorted(out.glob(f"part-*.{suffix}")))


def no_temporaries(out):
    return [entry.name for entry in out.iterdir()
            if ".tmp-" in entry.name or entry.name.startswith(".ccr")] == []


def test_split_ranges_end_after_newlines(catalog):
    ranges = ccr_dask.split_ranges(str(catalog), 100_000)
    data = catalog.read_bytes()
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    for (start, end), (next_start, _) in zip(ranges, ranges[1:]):
        assert end == next_start and data[end - 1:end] == b"\n"
    assert len(ranges) > 5


@pytest.mark.parametrize("format,suffix", [("json", "jsonl"), ("text", "txt")])
def test_parts_are_ccr_runs_bytes(client, catalog, tmp_path, format, suffix):
    expected = expected_run(catalog, format)
    out = tmp_path / "out"
    log = []
    manifest = ccr_dask.run(str(catalog), str(out), client=client, as_of=AS_OF, format=format,
                            partition_bytes=150_000, log=log.append)
    assert len(manifest["parts"]) > 5
    assert concatenated(out, suffix) == expected.stdout
    assert concatenated(out, "diagnostics") == expected.stderr
    assert manifest["exit_code"] == expected.returncode == 3
    assert manifest["totals"]["errors"] > 0
    assert (out / "manifest.json").exists() and no_temporaries(out)
    assert any("manifest written last" in line for line in log)


def test_text_part_after_parts_without_reports(client, tmp_path):
    """The first part with reports may not be the first part: no separator before it."""
    catalog = tmp_path / "c.jsonl"
    laptop = (ROOT / "rules" / "examples" / "laptop.json").read_text().replace("\n", " ")
    catalog.write_text("{bad\n" * 300 + "\n" * 100 + (laptop + "\n") * 3)
    expected = expected_run(catalog, "text")
    out = tmp_path / "out"
    ccr_dask.run(str(catalog), str(out), client=client, as_of=AS_OF, format="text",
                 partition_bytes=500, log=lambda _: None)
    assert concatenated(out, "txt") == expected.stdout


def test_worker_killed_mid_partition(client, catalog, tmp_path):
    expected = expected_run(catalog, "json")
    out = tmp_path / "out"
    log = []
    outcome = {}

    def run():
        try:
            # Small chunks: each partition is many library calls, so a partition is in
            # progress (its temporary growing) long enough to kill its worker.
            outcome["manifest"] = ccr_dask.run(str(catalog), str(out), client=client,
                                               as_of=AS_OF, format="json",
                                               partition_bytes=400_000, chunk_bytes=2_000,
                                               log=log.append)
        except Exception as error:
            outcome["error"] = error

    runner = threading.Thread(target=run)
    runner.start()
    killed = None
    deadline = time.monotonic() + 300
    while killed is None and time.monotonic() < deadline and runner.is_alive():
        for entry in out.glob("part-*.jsonl.tmp-*") if out.exists() else []:
            try:
                size = entry.stat().st_size
            except FileNotFoundError:
                continue
            if size > 0:
                pid = int(entry.name.split(".tmp-")[1].split("-")[0])
                os.kill(pid, signal.SIGKILL)
                killed = (entry.name.split(".")[0], pid, size)
                break
        time.sleep(0.005)
    runner.join(timeout=400)
    assert not runner.is_alive(), "the run did not finish"
    assert killed is not None, "no partition was seen in progress"
    assert "error" not in outcome, outcome.get("error")
    part, pid, size_at_kill = killed
    manifest = outcome["manifest"]
    assert concatenated(out, "jsonl") == expected.stdout
    assert concatenated(out, "diagnostics") == expected.stderr
    assert no_temporaries(out)
    attempts = {p["part"].split(".")[0]: p["attempts"] for p in manifest["parts"]}
    assert attempts[part] >= 2, (part, attempts)
    assert any(line.startswith(f"{part}.jsonl: rerun") for line in log), log
    written = next(p for p in manifest["parts"] if p["part"].startswith(part))
    assert 0 < size_at_kill < written["bytes"]  # killed in the middle, not after


def test_command_line_with_its_own_cluster(tmp_path):
    catalog = tmp_path / "small.jsonl"
    laptop = (ROOT / "rules" / "examples" / "laptop.json").read_text().replace("\n", " ")
    catalog.write_text((laptop + "\n") * 50 + '{"product": "p", "category": "laptop"}\n')
    out = tmp_path / "out"
    env = dict(os.environ)
    result = subprocess.run(
        [sys.executable, "-m", "ccr.dask", "run", "--workers", "2", "--as-of", AS_OF,
         "--format", "json", "--partition-bytes", "20000", str(catalog), "-o", str(out)],
        capture_output=True, timeout=180, env=env)
    expected = expected_run(catalog, "json")
    assert result.returncode == expected.returncode == 1, result.stderr.decode()
    assert concatenated(out, "jsonl") == expected.stdout
    assert b"manifest written last" in result.stderr
    bad = subprocess.run([sys.executable, "-m", "ccr.dask", "run", "--format", "html",
                          str(catalog), "-o", str(out)], capture_output=True, timeout=60,
                         env=env)
    assert bad.returncode == 2
