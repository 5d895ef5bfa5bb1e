#!/usr/bin/env python3
"""End-to-end tests of batch evaluation (`ccr run --facts catalog.jsonl -j N`): reports in
input order and the same bytes whatever the thread count, error lines, the summary, streaming
from a pipe, and -o written atomically. Uses run_e2e.py's runner and helpers.

  batch_e2e.py --bin BUILD/bin [--root REPO] [NAME_SUBSTRING...]
"""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_catalog  # noqa: E402
import run_e2e  # noqa: E402
from run_e2e import expect, expect_exit, expect_usage_error, test  # noqa: E402

run_e2e.TESTS.clear()  # only this file's tests

SUMMARY = re.compile(r"^(\d+) products? \((\d+) with a required scheme, (\d+) undetermined\), "
                     r"(\d+) lines? failed, in \d+\.\d\d s \(\d+ products/s\)$")


def radio_lines(count):
    """`count` lines for my.ccrb: radio, no radio, unknown, and every 50th a wrong type."""
    lines = []
    for i in range(count):
        if i % 50 == 49:
            lines.append(json.dumps({"product": f"P{i}", "emits_radio": "yes"}))
        elif i % 3 == 2:
            lines.append(json.dumps({"product": f"P{i}"}))
        else:
            lines.append(json.dumps({"product": f"P{i}", "emits_radio": i % 3 == 0}))
    return "".join(line + "\n" for line in lines)


def without_summary(stderr):
    lines = stderr.splitlines()
    return "\n".join(lines[:-1]) if lines and SUMMARY.match(lines[-1]) else stderr


@test
def batch_same_bytes_whatever_the_thread_count(env):
    """A few thousand lines of the default bundle's examples, with bad lines and undetermined
    products: -j 1, 2, 4 and 8 write the same reports and the same errors, in input order."""
    count = 3000
    env.write("catalog.jsonl", "".join(l + "\n" for l in
                                       gen_catalog.lines(env.root, count, errors=True)))
    runs = {}
    for jobs in (1, 2, 4, 8):
        proc = env.run("ccr", "run", "--facts", "catalog.jsonl", "--as-of", "2025-06-01",
                       "--format", "json", "-j", jobs)
        expect_exit(proc, 3)
        runs[jobs] = proc
    first = runs[1]
    reports = [json.loads(line) for line in first.stdout_text.splitlines()]
    expect(len(reports) == count, "one output line per input line", first)
    for i, report in enumerate(reports):
        if "error" in report:
            expect(report["line"] == i + 1, f"error object {i} names its line", first)
        else:
            expect(report["product"] == f"P{i}", f"report {i} is in input order", first)
    expect(any("error" in r for r in reports), "the catalogue has error lines", first)
    expect(any(not r.get("complete", True) for r in reports), "and undetermined ones", first)
    for jobs, proc in runs.items():
        expect(proc.stdout == first.stdout, f"-j {jobs} writes the same bytes as -j 1", proc)
        expect(without_summary(proc.stderr_text) == without_summary(first.stderr_text),
               f"-j {jobs} reports the same errors, in the same order", proc)
    text1 = env.run("ccr", "run", "--facts", "catalog.jsonl", "--as-of", "2025-06-01", "-j", 1)
    text4 = env.run("ccr", "run", "--facts", "catalog.jsonl", "--as-of", "2025-06-01", "-j", 4)
    expect(text1.stdout == text4.stdout and text1.stdout, "text reports too", text4)


@test
def batch_handover_to_the_jit_gives_the_same_bytes(env):
    """A batch file over --jit-above starts on the VM and moves to the JIT once compiled (in
    the background): the reports are the same bytes as the VM's alone, on 1 and 2 threads.
    --no-jit and --jit exclude each other."""
    count = 3000
    env.write("catalog.jsonl", "".join(l + "\n" for l in
                                       gen_catalog.lines(env.root, count, errors=True)))
    args = ("ccr", "run", "--facts", "catalog.jsonl", "--as-of", "2025-06-01", "--format", "json")
    vm_only = env.run(*args, "--no-jit", "-j", 1)
    expect_exit(vm_only, 3)
    for jobs in (1, 2):
        handed_over = env.run(*args, "--jit-above", 0, "-j", jobs)
        expect_exit(handed_over, 3)
        expect(handed_over.stdout == vm_only.stdout,
               f"-j {jobs}: the same reports as the VM alone", handed_over)
        expect(without_summary(handed_over.stderr_text) == without_summary(vm_only.stderr_text),
               f"-j {jobs}: the same errors", handed_over)
    both = env.run(*args, "--jit", "--no-jit")
    expect_usage_error(both)
    expect("--no-jit" in both.stderr_text, "the usage error names the option", both)


@test
def batch_summary(env):
    env.compile_my()
    env.write("c.jsonl", radio_lines(100))
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "c.jsonl", "--format", "json", "-j", 2)
    expect_exit(proc, 3)
    last = proc.stderr_text.splitlines()[-1]
    match = SUMMARY.match(last)
    expect(match is not None, "the summary is the last line on stderr", proc)
    # 100 lines: 2 bad; of the 98 products, 33 unknown, 33 with radio (P0, P3, ...).
    expect(match.groups() == ("98", "33", "33", "2"), f"the counts, got {match.groups()}", proc)
    expect("c.jsonl:50: fact `emits_radio`" in proc.stderr_text, "errors name file:line", proc)
    quiet = env.run("ccr", "run", "my.ccrb", "--facts", "c.jsonl", "--format", "json", "--quiet")
    expect_exit(quiet, 3)
    expect(not any(SUMMARY.match(l) for l in quiet.stderr_text.splitlines()),
           "--quiet: no summary", quiet)
    expect(quiet.stdout == proc.stdout, "--quiet changes nothing else", quiet)
    # No terminal: no progress line (its `\r` would garble logs).
    expect("\r" not in proc.stderr_text, "no progress line when stderr is not a terminal", proc)
    # A single product: no summary, as before.
    one = env.run("ccr", "run", "my.ccrb", "--facts", "phone.json")
    expect_exit(one, 0)
    expect(one.stderr_text == "", "a single-object run prints no summary", one)
    env.write("ok.jsonl", PHONES)
    ok = env.run("ccr", "run", "my.ccrb", "--facts", "ok.jsonl")
    expect_exit(ok, 0)
    expect(SUMMARY.match(ok.stderr_text.strip()).groups() == ("2", "2", "0", "0"),
           "a clean batch: only the summary", ok)


PHONES = '{"product": "A", "emits_radio": true}\n{"product": "B", "emits_radio": true}'


@test
def batch_exit_codes(env):
    env.compile_my()
    env.write("undetermined.jsonl", '{"emits_radio": true}\n{}\n')
    expect_exit(env.run("ccr", "run", "my.ccrb", "--facts", "undetermined.jsonl", "-j", 2), 1)
    env.write("complete.jsonl", PHONES)
    expect_exit(env.run("ccr", "run", "my.ccrb", "--facts", "complete.jsonl", "-j", 2), 0)
    env.write("empty.jsonl", "")
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "empty.jsonl", "--format", "json")
    expect_exit(proc, 0)
    expect(proc.stdout_text == "", "an empty catalogue has no reports", proc)
    for bad in ("0", "-3", "x", "2000"):
        expect_usage_error(env.run("ccr", "run", "my.ccrb", "--facts", "complete.jsonl", "-j", bad))


@test
def batch_crlf_blank_lines_and_no_final_newline(env):
    env.compile_my()
    env.write("c.jsonl", b'{"product": "A", "emits_radio": true}\r\n\r\n   \n'
                         b'{"product": "B", "emits_radio": false}')
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "c.jsonl", "--format", "json")
    expect_exit(proc, 0)
    products = [json.loads(l)["product"] for l in proc.stdout_text.splitlines()]
    expect(products == ["A", "B"], "blank lines skipped, CRLF and the last line read", proc)


@test
def batch_line_over_the_limit(env):
    env.compile_my()
    long_line = json.dumps({"product": "x" * 500, "emits_radio": True})
    env.write("c.jsonl", PHONES + "\n" + long_line + "\n" + PHONES + "\n")
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "c.jsonl", "--format", "json",
                   "--max-line-bytes", 200)
    expect_exit(proc, 3)
    reports = [json.loads(l) for l in proc.stdout_text.splitlines()]
    expect([r.get("product", r.get("line")) for r in reports] == ["A", "B", 3, "A", "B"],
           "the long line is an error in its place; the batch goes on", proc)
    expect(f"c.jsonl:3: the line is {len(long_line)} bytes long, over the limit `max_line_bytes` "
           "(200 bytes)" in proc.stderr_text, "the error names the line and the limit", proc)
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "c.jsonl", "--max-line-bytes",
                   len(long_line))
    expect_exit(proc, 0)


@test
def batch_streams_from_a_pipe(env):
    """Reports come out while the input is still open, in order."""
    env.compile_my()
    command = [str(env.bin / "ccr"), "run", "my.ccrb", "--facts", "-", "--jsonl", "--format",
               "json", "-j", "2", "--quiet"]
    proc = subprocess.Popen(command, cwd=env.tmp, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    out, first_report = [], threading.Event()

    def read_reports():  # reads while we write, so neither side blocks on a full pipe
        for line in proc.stdout:
            out.append(line)
            first_report.set()

    reader = threading.Thread(target=read_reports)
    reader.start()
    timer = threading.Timer(run_e2e.TIMEOUT_SECONDS, proc.kill)
    timer.start()
    try:
        first = "".join(json.dumps({"product": f"P{i}", "emits_radio": True}) + "\n"
                        for i in range(3000))
        proc.stdin.write(first.encode())
        proc.stdin.flush()
        # The first reports arrive before the input ends: the batch streams.
        arrived = first_report.wait(run_e2e.TIMEOUT_SECONDS)
        rest = "".join(json.dumps({"product": f"Q{i}", "emits_radio": False}) + "\n"
                       for i in range(1000))
        proc.stdin.write(rest.encode())
        proc.stdin.close()
        reader.join()
        proc.wait()
    finally:
        timer.cancel()
    expect(arrived, "reports came out while stdin was still open")
    expect(proc.returncode == 0, f"exit 0, got {proc.returncode}: {proc.stderr.read()!r}")
    names = [json.loads(l)["product"] for l in out]
    expect(names == [f"P{i}" for i in range(3000)] + [f"Q{i}" for i in range(1000)],
           "every report, in input order")


@test
def batch_output_file_is_atomic(env):
    env.compile_my()
    out = env.write("out.json", "OLD\n")

    def leftovers():
        return sorted(p.name for p in env.tmp.iterdir() if p.name.startswith(".out.json.tmp"))

    # A run that fails before any report leaves the old file and no temporary.
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "missing.jsonl", "-o", "out.json")
    expect_exit(proc, 3)
    expect(out.read_text() == "OLD\n" and not leftovers(), "the old file is intact", proc)
    # A run killed in the middle: reports went to a temporary, the old file is intact.
    command = [str(env.bin / "ccr"), "run", "my.ccrb", "--facts", "-", "--jsonl", "--format",
               "json", "-o", "out.json", "-j", "2"]
    proc = subprocess.Popen(command, cwd=env.tmp, stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.stdin.write(radio_lines(5000).encode())
        proc.stdin.flush()
        deadline = time.monotonic() + run_e2e.TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            temporaries = leftovers()
            if temporaries and (env.tmp / temporaries[0]).stat().st_size > 0:
                break
            time.sleep(0.01)
        expect(leftovers(), "the reports stream into a temporary beside the target")
        expect(out.read_text() == "OLD\n", "the target is untouched while the run goes on")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    expect(out.read_text() == "OLD\n", "a killed run leaves the old file intact")
    for name in leftovers():
        os.remove(env.tmp / name)
    # A run that completes replaces it, even with bad lines (they are part of the output).
    env.write("c.jsonl", radio_lines(100))
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "c.jsonl", "--format", "json",
                   "-o", "out.json")
    expect_exit(proc, 3)
    expect(proc.stdout_text == "", "with -o nothing goes to stdout", proc)
    expect(len(out.read_text().splitlines()) == 100 and not leftovers(), "replaced", proc)


def run_in_terminal(env, args, feed):
    """Runs ccr with stderr on a pseudo-terminal, stdin a pipe fed by `feed(stdin, shown)`, where
    `shown()` is what the terminal has shown so far; returns (exit code, the terminal's text)."""
    import pty
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(env.bin / "ccr")] + [str(a) for a in args], cwd=env.tmp,
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    timer = threading.Timer(run_e2e.TIMEOUT_SECONDS, proc.kill)
    timer.start()
    seen = []

    def read_terminal():
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:  # the terminal closed
                break
            if not data:
                break
            seen.append(data)

    reader = threading.Thread(target=read_terminal)
    reader.start()
    try:
        feed(proc.stdin, lambda: b"".join(seen).decode(errors="replace"))
        proc.stdin.close()
        proc.wait()
        reader.join()
    finally:
        timer.cancel()
        os.close(master)
    return proc.returncode, b"".join(seen).decode()


@test
def batch_progress_on_a_terminal(env):
    """A job longer than a second shows a progress line on a terminal, cleared at the end."""
    env.compile_my()

    def slow_feed(stdin, shown):  # the job lasts over a second: progress shows after one
        stdin.write(radio_lines(1000).encode())
        stdin.flush()
        # The second starts when ccr reports its first bad line, not when it was started: under
        # the sanitizers on a busy machine, starting up alone can take most of a second.
        deadline = time.monotonic() + run_e2e.TIMEOUT_SECONDS
        while "error[" not in shown() and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(1.3)
        stdin.write(radio_lines(1000).encode())

    args = ["run", "my.ccrb", "--facts", "-", "--jsonl", "--format", "json", "-j", 2]
    code, terminal = run_in_terminal(env, args, slow_feed)
    expect(code == 3, f"exit 3, got {code}: {terminal!r}")
    expect(re.search(r"\r\x1b\[K\d+ lines, \d+ lines/s, \d+\.\d s", terminal) is not None,
           f"a progress line: {terminal!r}")
    # Each progress line is cleared before anything else is written: errors, the summary.
    cleared = re.sub(r"\r\x1b\[K\d+ lines, \d+ lines/s, \d+\.\d s\r\x1b\[K", "", terminal)
    expect("lines/s" not in cleared, f"every progress line is cleared: {terminal!r}")
    last = cleared.strip().splitlines()[-1]
    expect(SUMMARY.match(last) is not None, f"the summary comes last: {terminal!r}")
    code, terminal = run_in_terminal(env, args + ["--quiet"], slow_feed)
    expect(code == 3 and "lines/s" not in terminal and "products" not in terminal,
           f"--quiet: neither progress nor summary: {terminal!r}")


# Peak memory may differ between 10k and 200k lines by at most this (allocator noise, the
# longest report so far); what the input size would add is megabytes per 10k lines.
FLAT_MEMORY_SLACK_KB = 4096


def peak_rss_kb(env, args, lines):
    """Streams `lines` generated lines into `ccr run ... --facts -` and returns the child's peak
    resident memory (getrusage of that child alone, via wait4), in KiB. Under AddressSanitizer
    (./dev sanitize) freed memory is held in a quarantine of up to 256 MB before reuse, which
    would make any streaming program look like it grows: the quarantine is turned off here (the
    option means nothing to a build without ASan)."""
    asan = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "quarantine_size_mb=0"]))
    proc = subprocess.Popen([str(env.bin / "ccr")] + [str(a) for a in args], cwd=env.tmp,
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=dict(os.environ, ASAN_OPTIONS=asan))
    chunk = radio_lines(1000).encode()
    for _ in range(lines // 1000):
        proc.stdin.write(chunk)
    proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    expect(proc.returncode == 3, f"exit 3 (some lines are bad), got {proc.returncode}")
    return usage.ru_maxrss


@test
def batch_memory_is_flat(env):
    """Not a timed test: peak RSS for 200k lines is that of 10k lines plus a small constant."""
    env.compile_my()
    for jobs in (1, 2):
        args = ["run", "my.ccrb", "--facts", "-", "--jsonl", "--format", "json", "-j", jobs]
        small = peak_rss_kb(env, args, 10_000)
        large = peak_rss_kb(env, args, 200_000)
        expect(large <= small + FLAT_MEMORY_SLACK_KB,
               f"-j {jobs}: peak RSS {large} KiB for 200k lines, {small} KiB for 10k lines")


if __name__ == "__main__":
    sys.exit(run_e2e.main())
