"""Helpers for the `ccr serve` tests: start a real server on 127.0.0.1 (a free port), talk
HTTP to it with the standard library, and compare its answers with `ccr run` / `ccr ask`.

Every wait here is bounded: a server that does not start, answer or stop in time is a failure,
never a hang. Python 3 standard library only.
"""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
import run_e2e  # noqa: E402
from run_e2e import Failure, expect  # noqa: E402,F401

# One evaluation date for every comparison, so `today` never differs between two commands.
AS_OF = "2026-06-01"
START_SECONDS = 30
STOP_SECONDS = 30
REQUEST_SECONDS = 30


class Server:
    """`ccr serve` as a child process, listening on 127.0.0.1 on a port it picks."""

    def __init__(self, env, *args, bundle=None):
        self.env = env
        command = [str(env.bin / "ccr"), "serve"] + ([str(bundle)] if bundle else [])
        command += ["--listen", "127.0.0.1:0"] + [str(a) for a in args]
        # Under AddressSanitizer (./dev sanitize) freed memory waits in a quarantine of up to
        # 256 MB, which would make a flat server look as if it grew: the memory checks need it
        # off (the option means nothing to a build without ASan).
        asan = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "quarantine_size_mb=0"]))
        self.proc = subprocess.Popen(command, cwd=env.tmp, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     env=dict(os.environ, ASAN_OPTIONS=asan))
        self.log = []
        self.port = None
        started = threading.Event()

        def drain():
            for raw in self.proc.stderr:
                line = raw.decode("utf-8", errors="replace").rstrip("\n")
                self.log.append(line)
                found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
                if found:
                    self.port = int(found.group(1))
                    started.set()
            started.set()

        self.reader = threading.Thread(target=drain, daemon=True)
        self.reader.start()
        started.wait(START_SECONDS)
        if self.port is None:
            self.kill()
            raise Failure("ccr serve did not start:\n" + "\n".join(self.log[-20:]))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(STOP_SECONDS)

    def stop(self, number=signal.SIGTERM):
        """Sends `number` and returns the exit status (bounded wait)."""
        self.proc.send_signal(number)
        try:
            return self.proc.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()
            raise Failure(f"ccr serve did not exit within {STOP_SECONDS}s of signal {number}")

    def connection(self, timeout=REQUEST_SECONDS):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, connection=None):
        """Returns (status, headers dict with lower-case names, body bytes)."""
        own = connection is None
        conn = connection or self.connection()
        try:
            if isinstance(body, str):
                body = body.encode("utf-8")
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        finally:
            if own:
                conn.close()

    def json(self, method, path, body=None, headers=None):
        status, head, data = self.request(method, path, body, headers)
        return status, json.loads(data)

    def raw(self, data, read_seconds=5):
        """Sends raw bytes on a new connection and returns what comes back until the server
        closes or `read_seconds` pass."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=read_seconds) as sock:
            try:
                sock.sendall(data)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return read_all(sock, read_seconds)

    def rss_kb(self, field="VmRSS"):
        text = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.M).group(1))


def read_all(sock, seconds):
    sock.settimeout(0.2)
    deadline = time.monotonic() + seconds
    chunks = []
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def status_of(raw):
    """The status code of a raw HTTP response, or None."""
    found = re.match(rb"HTTP/1\.1 (\d{3}) ", raw)
    return int(found.group(1)) if found else None


def json_body_of(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    return json.loads(body) if body else None


def examples(env):
    return sorted((env.root / "rules" / "examples").glob("*.json"))


def ccr_run(env, facts, *args, bundle=None, as_of=AS_OF):
    """The bytes `ccr run --format json` writes for `facts` (a path)."""
    proc = env.run("ccr", "run", *([bundle] if bundle else []), "--facts", facts, "--format",
                   "json", "--as-of", as_of, *args)
    expect(proc.returncode in (0, 1), f"ccr run failed:\n{run_e2e.describe(proc)}")
    return proc.stdout


def expect_error(status, body, want_status, code, *fragments):
    expect(status == want_status, f"status {status}, expected {want_status}: {body!r}")
    document = json.loads(body) if isinstance(body, (bytes, str)) else body
    expect(document.get("schema") == "ccr.error/1" and document.get("code") == code,
           f"expected error {code}, got {document}")
    for fragment in fragments:
        expect(fragment in document["message"], f"{fragment!r} not in {document['message']!r}")
    return document


def main():
    return run_e2e.main()
