#!/usr/bin/env python3
"""Fault tests of `ccr serve`: slow clients (slowloris headers, slow bodies) while /health
must answer within a second; oversized and chunked-oversized bodies; Content-Length with
Transfer-Encoding and twice; 10,000 headers; one huge header line; malformed and deeply
nested JSON; memory bounded throughout.

  faults_e2e.py --bin BUILD/bin [--root REPO] [NAME_SUBSTRING...]

Loopback only; every loop is bounded in count and in time. Python 3 standard library only.
"""

import json
import socket
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import serve_support  # noqa: E402
from serve_support import Server, expect, expect_error, json_body_of, status_of  # noqa: E402
from run_e2e import TESTS, test  # noqa: E402

TESTS.clear()  # only this file's tests

# Growth of the server's peak resident memory allowed over a whole fault test. The attacks
# below send up to 64 MiB; a server that buffered them would grow by that much.
MAX_GROWTH_KB = 48 * 1024


def health_within(server, seconds, rounds):
    """Asks /health `rounds` times on fresh connections; returns the slowest answer time."""
    slowest = 0.0
    for _ in range(rounds):
        start = time.monotonic()
        status, _, _ = server.request("GET", "/health")
        elapsed = time.monotonic() - start
        expect(status == 200, f"/health: {status}")
        slowest = max(slowest, elapsed)
        time.sleep(0.1)
    expect(slowest < seconds, f"/health took {slowest:.2f}s with slow clients connected")
    return slowest


def trickle(port, prefix, byte, stop, interval=0.25, limit_seconds=8):
    """Sends `prefix`, then one `byte` every `interval` until `stop` is set, the server closes,
    or `limit_seconds` pass."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=limit_seconds) as sock:
            sock.sendall(prefix)
            deadline = time.monotonic() + limit_seconds
            while not stop.is_set() and time.monotonic() < deadline:
                sock.sendall(byte)
                time.sleep(interval)
    except OSError:
        pass  # closed by the server (a timeout): what it should do eventually


@test
def slow_clients_do_not_starve_others(env):
    with Server(env, "--read-timeout-ms", "20000") as server:
        baseline = server.rss_kb("VmHWM")
        stop = threading.Event()
        clients = []
        for i in range(24):
            if i % 2 == 0:  # slowloris: headers that never end
                prefix, byte = b"GET /health HTTP/1.1\r\nHost: x\r\n", b"X"
            else:  # a slow body
                prefix, byte = (b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Length: "
                                b"100000\r\n\r\n{"), b" "
            thread = threading.Thread(target=trickle, args=(server.port, prefix, byte, stop))
            thread.start()
            clients.append(thread)
        try:
            time.sleep(0.5)
            health_within(server, 1.0, rounds=15)
            status, _, _ = server.request("POST", "/v1/evaluate", b'{"category": "laptop"}')
            expect(status == 200, f"evaluate with slow clients: {status}")
        finally:
            stop.set()
            for thread in clients:
                thread.join(15)
        expect(server.rss_kb("VmHWM") - baseline < MAX_GROWTH_KB, "memory grew")


@test
def read_timeout_closes_slow_clients(env):
    with Server(env, "--read-timeout-ms", "1000") as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\n")
            start = time.monotonic()
            data = serve_support.read_all(sock, 6)
            elapsed = time.monotonic() - start
        expect(data == b"" and 0.5 < elapsed < 4, f"closed after {elapsed:.2f}s: {data[:100]!r}")
        # An idle keep-alive connection is closed too.
    with Server(env, "--keepalive-timeout-ms", "500") as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            start = time.monotonic()
            data = serve_support.read_all(sock, 6)
            elapsed = time.monotonic() - start
        expect(status_of(data) == 200 and elapsed < 3, f"idle close after {elapsed:.2f}s")


@test
def oversized_bodies_are_refused_early(env):
    with Server(env, "--max-body-bytes", "1048576") as server:
        baseline = server.rss_kb("VmHWM")
        # Declared too large: refused before the body is sent.
        raw = server.raw(b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Length: 8388608\r\n\r\n")
        expect(status_of(raw) == 413, raw[:200])
        expect_error(413, json.dumps(json_body_of(raw)), 413, "R0401", "1048576 bytes")
        # Chunked: counted as it comes; 8 MiB in 64 KiB chunks stops after the first MiB.
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked"
                         b"\r\n\r\n")
            chunk = b"10000\r\n" + b" " * 0x10000 + b"\r\n"
            sent = 0
            try:
                for _ in range(128):
                    sock.sendall(chunk)
                    sent += 0x10000
            except OSError:
                pass
            data = serve_support.read_all(sock, 5)
        expect(status_of(data) == 413 and b"R0401" in data, data[:200])
        expect(server.rss_kb("VmHWM") - baseline < MAX_GROWTH_KB, "memory grew")
        health_within(server, 1.0, rounds=2)


@test
def ambiguous_framing_is_refused(env):
    with Server(env) as server:
        cases = {
            "CL+TE": b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "TE+CL": b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                     b"Content-Length: 4\r\n\r\n0\r\n\r\n",
            "CL twice": b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                        b"Content-Length: 3\r\n\r\n{}",
            "CL twice, same": b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                              b"Content-Length: 2\r\n\r\n{}",
            "bad CL": b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Length: 2x\r\n\r\n{}",
            "not HTTP": b"HELLO\r\n\r\n",
        }
        for name, request in cases.items():
            raw = server.raw(request)
            expect(status_of(raw) == 400 and b'"code":"R0402"' in raw, f"{name}: {raw[:300]!r}")
        health_within(server, 1.0, rounds=2)


@test
def header_floods_are_refused(env):
    with Server(env) as server:
        baseline = server.rss_kb("VmHWM")
        many = b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"".join(
            b"X-%d: y\r\n" % i for i in range(10000)) + b"\r\n"
        raw = server.raw(many)
        expect(status_of(raw) == 431 and b"R0402" in raw, raw[:300])
        # 150 small fields fit the byte limit but not the field limit.
        some = b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"".join(
            b"X-%d: y\r\n" % i for i in range(150)) + b"\r\n"
        raw = server.raw(some)
        expect(status_of(raw) == 431 and b"header fields" in raw, raw[:300])
        # One 64 MiB header line, sent in pieces: refused at 16 KiB, never buffered.
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\nX-Huge: ")
            piece = b"a" * (1 << 20)
            try:
                for _ in range(64):
                    sock.sendall(piece)
            except OSError:
                pass
            data = serve_support.read_all(sock, 5)
        expect(status_of(data) in (431, None), data[:200])
        expect(server.rss_kb("VmHWM") - baseline < MAX_GROWTH_KB, "memory grew")
        health_within(server, 1.0, rounds=2)


@test
def malformed_and_deeply_nested_json(env):
    with Server(env) as server:
        baseline = server.rss_kb("VmHWM")
        for body, fragment in ((b"{", "malformed JSON at column 2"),
                               (b"[" * 500_000, "malformed JSON"),
                               (b"[" * 100_000 + b"]" * 100_000, "malformed JSON"),
                               (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "malformed JSON"),
                               (b"\xff\xfe{}", "malformed JSON")):
            status, _, data = server.request("POST", "/v1/evaluate", body)
            expect(status == 400, f"{body[:20]!r}: {status} {data[:200]!r}")
            document = json.loads(data)
            expect(document["code"] == "R0301" and fragment in document["message"], document)
        status, _, data = server.request("POST", "/v1/batch", b'{"items":' + b"[" * 200_000)
        expect(status == 400, f"batch nested: {status}")
        expect(server.rss_kb("VmHWM") - baseline < MAX_GROWTH_KB, "memory grew")
        health_within(server, 1.0, rounds=2)


if __name__ == "__main__":
    sys.exit(serve_support.main())
