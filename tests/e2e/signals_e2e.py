#!/usr/bin/env python3
"""End-to-end tests of outputs under signals: `ccr run -o FILE` interrupted by SIGINT, SIGTERM
or SIGHUP while it writes leaves no temporary behind, the previous FILE intact, and an exit
status that says it was killed by that signal.

  signals_e2e.py --bin BUILD/bin [--root REPO] [NAME_SUBSTRING...]

Shares run_e2e.py's helpers. Python 3 standard library only.
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_e2e  # noqa: E402
from run_e2e import expect, expect_exit, test  # noqa: E402

run_e2e.TESTS.clear()  # only this file's tests

# Products fed before the signal: their reports are far more than the 64 KiB the output keeps
# before its first write, so the temporary file has bytes in it.
PRODUCTS = 4000
OLD = "the previous reports\n"


def generate_catalogue(env, count):
    path = env.tmp / "catalogue.jsonl"
    proc = subprocess.run([str(env.bin / "ccr-bench-gen"), "products", str(count), "-o",
                           str(path)], capture_output=True, timeout=run_e2e.TIMEOUT_SECONDS)
    expect(proc.returncode == 0, f"ccr-bench-gen failed: {proc.stderr.decode()}")
    return path.read_bytes()


def temporaries(env, name):
    return sorted(p for p in env.tmp.iterdir() if p.name.startswith(f".{name}.tmp-"))


def default_signals():
    # A shell's background job ignores SIGINT, and an ignored signal stays ignored across exec
    # (as it should: ccr respects it); the user's `ccr run` in a terminal has the default.
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


def interrupt_while_writing(env, catalogue, signal_number, args):
    """Runs `ccr run ... -o reports.txt` on the catalogue from stdin, keeps stdin open after
    PRODUCTS lines so it is still running, waits until the temporary holds bytes, then sends
    the signal. Returns the process."""
    lines = catalogue.splitlines(keepends=True)
    proc = subprocess.Popen([str(env.bin / "ccr"), "run", "--facts", "-", "--jsonl", *args,
                             "-o", "reports.txt"], cwd=env.tmp, stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=default_signals)
    try:
        proc.stdin.write(b"".join(lines[:PRODUCTS]))
        proc.stdin.flush()
        deadline = time.monotonic() + run_e2e.TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            found = temporaries(env, "reports.txt")
            if found and found[0].stat().st_size > 0:
                break
            time.sleep(0.01)
        expect(temporaries(env, "reports.txt"), "the reports stream into a temporary")
        expect(proc.poll() is None, "ccr run is still running when the signal is sent")
        proc.send_signal(signal_number)
        proc.wait(timeout=run_e2e.TIMEOUT_SECONDS)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdin.close()
        proc.stderr.close()
    return proc


@test
def run_killed_by_a_signal_leaves_no_temporary(env):
    catalogue = generate_catalogue(env, PRODUCTS)
    target = env.write("reports.txt", OLD)
    for signal_number, args in ((signal.SIGTERM, ["-j", "2"]), (signal.SIGINT, ["-j", "1"]),
                                (signal.SIGHUP, ["--format", "json", "-j", "2"])):
        name = signal.Signals(signal_number).name
        proc = interrupt_while_writing(env, catalogue, signal_number, args)
        expect(proc.returncode == -signal_number,
               f"{name}: the exit status says killed by {name}, got {proc.returncode}")
        expect(not temporaries(env, "reports.txt"),
               f"{name}: no temporary left: {[p.name for p in temporaries(env, 'reports.txt')]}")
        expect(target.read_text() == OLD, f"{name}: the previous reports.txt is intact")
    # And a run that is not interrupted still replaces the file.
    env.write("catalogue.jsonl", catalogue)
    proc = env.run("ccr", "run", "--facts", "catalogue.jsonl", "-o", "reports.txt", "--quiet")
    expect(proc.returncode in (0, 1), "the whole catalogue runs", proc)
    expect(target.read_text() != OLD and not temporaries(env, "reports.txt"), "replaced", proc)


@test
def an_ignored_signal_stays_ignored(env):
    """Under `nohup` SIGHUP is ignored: ccr must not start dying of it (nor remove its
    temporary); the run completes and replaces the file."""
    catalogue = generate_catalogue(env, 300)
    target = env.write("reports.txt", OLD)

    def ignore_hangup():
        default_signals()
        signal.signal(signal.SIGHUP, signal.SIG_IGN)

    proc = subprocess.Popen([str(env.bin / "ccr"), "run", "--facts", "-", "--jsonl", "-o",
                             "reports.txt", "--quiet"], cwd=env.tmp, stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=ignore_hangup)
    proc.stdin.write(catalogue[:len(catalogue) // 2])
    proc.stdin.flush()
    deadline = time.monotonic() + run_e2e.TIMEOUT_SECONDS
    while not temporaries(env, "reports.txt") and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGHUP)
    time.sleep(0.1)
    proc.stdin.write(catalogue[len(catalogue) // 2:])
    proc.stdin.close()
    proc.wait(timeout=run_e2e.TIMEOUT_SECONDS)
    expect(proc.returncode in (0, 1), f"SIGHUP was ignored, got exit {proc.returncode}")
    expect(target.read_text() != OLD and not temporaries(env, "reports.txt"), "replaced")


if __name__ == "__main__":
    sys.exit(run_e2e.main())
