#!/usr/bin/env python3
"""Load, hot reload and shutdown tests of `ccr serve`: concurrent clients x 1,000 evaluations
each checked against `ccr run`; bundles swapped under that load (--watch and SIGHUP) never give
an answer that mixes two bundles; a broken bundle keeps the last good one serving and is
reported in /ready and the log; SIGTERM finishes the requests in flight and exits 0.

  reload_e2e.py --bin BUILD/bin [--root REPO] [NAME_SUBSTRING...]

Loopback only; every loop is bounded in count and in time. Python 3 standard library only.
"""

import json
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import serve_support  # noqa: E402
from serve_support import AS_OF, Server, ccr_run, examples, expect, status_of  # noqa: E402
from run_e2e import TESTS, expect_exit, test  # noqa: E402

TESTS.clear()  # only this file's tests

CLIENTS = 4
EVALUATIONS_PER_CLIENT = 1000
LOAD_SECONDS = 120  # a bound, not a target: the loops stop here whatever they have done


def bundles(env):
    """Compiles the product rules (A) and a small other bundle (B); returns their paths."""
    a, b = env.tmp / "a.ccrb", env.tmp / "b.ccrb"
    expect_exit(env.run("ccrc", "compile", env.root / "rules/products", "-o", a,
                        cwd=env.root), 0)
    env.write("other.ccr", "if emits_radio then require SRRC by MIIT mandatory\n")
    expect_exit(env.run("ccrc", "compile", "other.ccr", "-o", b), 0)
    return a, b


def expected(env, bundle, products):
    return {p.name: ccr_run(env, p, bundle=bundle) for p in products}


def replace_file(path, data):
    """Replaces `path` atomically (write a temporary beside it, then rename)."""
    temporary = path.with_name(path.name + ".new")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def hammer(server, products, answers, batch_answers, stop, failures, counts):
    """One client on one keep-alive connection: evaluations (and every tenth request a batch
    of three) until EVALUATIONS_PER_CLIENT or `stop`; every answer checked."""
    connection = server.connection()
    deadline = time.monotonic() + LOAD_SECONDS
    done = 0
    try:
        while done < EVALUATIONS_PER_CLIENT and not stop.is_set() and time.monotonic() < deadline:
            product = products[done % len(products)]
            if done % 10 == 9:
                trio = [products[(done + k) % len(products)] for k in range(3)]
                body = json.dumps({"items": [{"id": p.name, "facts": json.loads(p.read_text())}
                                             for p in trio]})
                status, _, data = server.request("POST", f"/v1/batch?as_of={AS_OF}", body,
                                                 connection=connection)
                which = {name for name, table in batch_answers.items()
                         if data == table[tuple(p.name for p in trio)]}
                if status != 200 or len(which) != 1:
                    failures.append(f"batch {[p.name for p in trio]}: {status}, matches "
                                    f"{which or 'no bundle'}: {data[:300]!r}")
                    return
                counts[which.pop()] += 1
            else:
                status, _, data = server.request("POST", f"/v1/evaluate?as_of={AS_OF}",
                                                 product.read_bytes(), connection=connection)
                which = [name for name, table in answers.items() if data == table[product.name]]
                if status != 200 or not which:
                    failures.append(f"{product.name}: {status}, equal to no bundle's answer: "
                                    f"{data[:300]!r}")
                    return
                counts[which[0]] += 1
            done += 1
    except Exception as error:  # noqa: BLE001 - reported as the test's failure
        failures.append(f"client error after {done}: {error!r}")
    finally:
        connection.close()


def batch_table(env, server, bundle_name, products):
    """What /v1/batch answers for each trio of consecutive products under one bundle."""
    table = {}
    for start in range(len(products)):
        trio = [products[(start + k) % len(products)] for k in range(3)]
        body = json.dumps({"items": [{"id": p.name, "facts": json.loads(p.read_text())}
                                     for p in trio]})
        status, _, data = server.request("POST", f"/v1/batch?as_of={AS_OF}", body)
        expect(status == 200, f"batch: {status}")
        table[tuple(p.name for p in trio)] = data
    return table


def run_load(server, products, answers, batch_answers, flip=None):
    stop, failures = threading.Event(), []
    counts = {name: 0 for name in answers}
    clients = [threading.Thread(target=hammer, args=(server, products, answers, batch_answers,
                                                     stop, failures, counts))
               for _ in range(CLIENTS)]
    for client in clients:
        client.start()
    flips = 0
    if flip:
        while any(c.is_alive() for c in clients) and flips < 400:
            flip(flips)
            flips += 1
            time.sleep(0.05)
    for client in clients:
        client.join(LOAD_SECONDS + 30)
    expect(not failures, "\n".join(failures[:5]))
    return counts, flips


@test
def load_every_answer_equals_ccr_run(env):
    a, _ = bundles(env)
    products = examples(env)
    answers = {"a": expected(env, a, products)}
    with Server(env, bundle=a) as server:
        trios = {"a": batch_table(env, server, "a", products)}
        # The batch table is itself checked against ccr run, report by report.
        for key, data in list(trios["a"].items())[:5]:
            reports = [r["report"] for r in json.loads(data)["results"]]
            for name, report in zip(key, reports):
                expect(json.loads(answers["a"][name]) == report, f"batch {name} differs")
        baseline = server.rss_kb("VmHWM")
        counts, _ = run_load(server, products, answers, trios)
        expect(counts["a"] == CLIENTS * EVALUATIONS_PER_CLIENT, f"only {counts} answers")
        expect(server.rss_kb("VmHWM") - baseline < 64 * 1024, "memory grew under load")
        expect(server.stop() == 0, "exit status after SIGTERM")


@test
def hot_reload_under_load_never_mixes(env):
    a, b = bundles(env)
    products = examples(env)
    answers = {"a": expected(env, a, products), "b": expected(env, b, products)}
    differ = sum(answers["a"][p] != answers["b"][p] for p in answers["a"])
    expect(differ >= len(products) // 2, f"the two bundles differ on only {differ} products")
    live = env.tmp / "live.ccrb"
    live.write_bytes(b.read_bytes())
    with Server(env, "--watch", "--watch-interval-ms", "20", bundle=live) as server:
        trios = {"b": batch_table(env, server, "b", products)}
        replace_file(live, a.read_bytes())
        wait_for_hash(server, serve_support_hash(a.read_bytes()))
        trios["a"] = batch_table(env, server, "a", products)
        data = {"a": a.read_bytes(), "b": b.read_bytes()}

        def flip(n):
            # Alternate the two ways of reloading: a file change seen by --watch, and SIGHUP.
            replace_file(live, data["b" if n % 2 == 0 else "a"])
            if n % 4 == 1:
                server.proc.send_signal(signal.SIGHUP)

        counts, flips = run_load(server, products, answers, trios, flip)
        expect(counts["a"] > 0 and counts["b"] > 0,
               f"both bundles should have answered during {flips} swaps: {counts}")
        reloads = [line for line in server.log if "reloaded" in line]
        expect(len(reloads) >= 4, f"only {len(reloads)} reloads")
        expect(server.stop() == 0, "exit status")


def serve_support_hash(data):
    value = 0xCBF29CE484222325
    for byte in data:
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{value:016x}"


def wait_for_hash(server, wanted, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, ready = server.json("GET", "/ready")
        if ready["bundle"]["hash"] == wanted:
            return ready
        time.sleep(0.05)
    raise serve_support.Failure(f"hash {wanted} not served after {seconds}s: {ready}")


@test
def broken_bundle_keeps_the_last_good_one(env):
    a, b = bundles(env)
    laptop = env.root / "rules/examples/laptop.json"
    live = env.tmp / "live.ccrb"
    live.write_bytes(a.read_bytes())
    want = ccr_run(env, laptop, bundle=a)
    with Server(env, "--watch", "--watch-interval-ms", "20", bundle=live) as server:
        good = server.json("GET", "/ready")[1]["bundle"]["hash"]
        for broken, code in ((b"not a bundle at all", "R0201"),
                             (a.read_bytes()[:-7], "R0203")):
            replace_file(live, broken)
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                ready = server.json("GET", "/ready")[1]
                if not ready["last_reload"]["ok"] and ready["last_reload"]["code"] == code:
                    break
                time.sleep(0.05)
            expect(ready["last_reload"]["code"] == code and ready["bundle"]["hash"] == good,
                   f"/ready after a broken bundle: {ready}")
            status, _, data = server.request("POST", f"/v1/evaluate?as_of={AS_OF}",
                                             laptop.read_bytes())
            expect(status == 200 and data == want, "the last good bundle no longer answers")
        expect(any("reload failed" in line and "still serving hash " + good in line
                   for line in server.log), "\n".join(server.log))
        metrics = server.request("GET", "/metrics")[2].decode()
        expect("ccr_bundle_last_reload_ok 0" in metrics, "metrics do not show the failure")
        replace_file(live, b.read_bytes())
        ready = wait_for_hash(server, serve_support_hash(b.read_bytes()))
        expect(ready["last_reload"]["ok"], ready)
    # A bundle broken at start is an error, not a server without rules.
    env.write("broken.ccrb", b"junk")
    proc = env.run("ccr", "serve", "broken.ccrb", "--listen", "127.0.0.1:0")
    expect(proc.returncode == 3 and "error[R0201]" in proc.stderr_text, proc.stderr_text)


@test
def sigterm_finishes_requests_in_flight(env):
    laptop = (env.root / "rules/examples/laptop.json").read_bytes()
    with Server(env) as server:
        idle = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        in_flight = []
        for _ in range(3):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            sock.sendall(b"POST /v1/evaluate?as_of=" + AS_OF.encode() +
                         b" HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(laptop) +
                         laptop[:100])
            in_flight.append(sock)
        time.sleep(0.3)
        server.proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        expect(server.proc.poll() is None, "exited with requests in flight")
        # New connections are no longer accepted.
        try:
            socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
            refused = False
        except OSError:
            refused = True
        expect(refused, "still accepting after SIGTERM")
        for sock in in_flight:
            sock.sendall(laptop[100:])
        for sock in in_flight:
            data = serve_support.read_all(sock, 10)
            sock.close()
            expect(status_of(data) == 200 and b"Connection: close" in data, data[:300])
        expect(serve_support.read_all(idle, 5) == b"", "the idle connection was not closed")
        idle.close()
        expect(server.proc.wait(30) == 0, "exit status after SIGTERM")
        expect(any("SIGTERM" in line for line in server.log), server.log)


if __name__ == "__main__":
    sys.exit(serve_support.main())
