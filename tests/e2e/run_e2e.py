#!/usr/bin/env python3
"""End-to-end tests of ccrc and ccr: command lines as a user types them, and exit codes.

Exit codes (docs/cli.md): 0 ok, 1 rule errors / failed tests / undetermined, 2 usage,
3 unreadable input / corrupt bytecode / bad facts, 4 internal error.

  run_e2e.py --bin BUILD/bin [--root REPO] [NAME_SUBSTRING...]

Each test runs in a fresh temporary directory (its working directory unless it says
otherwise). Prints one line per test and ends with `N passed, M failed`; exits 1 on any
failure. Python 3 standard library only.
"""

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import traceback
import zlib
from pathlib import Path

# The program from the docs, byte for byte (no final newline): it uses the built-in standard
# library.
MY_CCR = "if emits_radio then require SRRC by MIIT mandatory"
PHONE_JSON = '{"product": "Phone", "emits_radio": true}\n'
# Under the sanitizers every command runs several times slower, and the forged-bundle loop runs
# one per core at once: tests/CMakeLists.txt sets how many times longer to wait there.
TIME_SCALE = float(os.environ.get("CCR_TEST_TIME_SCALE", "1"))
# Generous: the slowest command (ccrc test rules/) takes well under a second.
TIMEOUT_SECONDS = 60 * TIME_SCALE
# For commands run by the hundred (forged bundles): each takes milliseconds.
SHORT_TIMEOUT_SECONDS = 10 * TIME_SCALE
# .ccrb header (runtime/bytecode/internal/layout.h): magic[4], u16 version, u16 reserved,
# u32 CRC-32 of every later byte.
HEADER_SIZE = 12
CHECKSUM_OFFSET = 8

TESTS = []


def test(function):
    TESTS.append(function)
    return function


class Failure(Exception):
    pass


class Env:
    """What a test gets: the binaries, the repo root, and its own temporary directory."""

    def __init__(self, bin_dir, root, tmp):
        self.bin, self.root, self.tmp = bin_dir, root, tmp

    def run(self, *args, cwd=None, stdin=None, timeout=TIMEOUT_SECONDS, extra_env=None):
        """Runs `ccrc ...` or `ccr ...` (from the build) and returns the CompletedProcess.
        A command still running after `timeout` seconds is a failure (a hang). `extra_env`
        adds to (or overrides) the environment."""
        program, rest = args[0], [str(a) for a in args[1:]]
        environment = {**os.environ, **extra_env} if extra_env else None
        try:
            proc = subprocess.run([str(self.bin / program)] + rest, cwd=cwd or self.tmp,
                                  env=environment,
                                  input=stdin.encode() if isinstance(stdin, str) else stdin,
                                  stdin=None if stdin is not None else subprocess.DEVNULL,
                                  capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise Failure(f"$ {' '.join([program] + rest)}\nhung: still running after "
                          f"{timeout}s (killed)") from None
        proc.stdout_text = proc.stdout.decode("utf-8", errors="replace")
        proc.stderr_text = proc.stderr.decode("utf-8", errors="replace")
        proc.command = " ".join([program] + rest)
        return proc

    def write(self, name, content):
        path = self.tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def compile_my(self):
        """Writes my.ccr and phone.json and compiles my.ccrb, as in docs."""
        self.write("my.ccr", MY_CCR)
        self.write("phone.json", PHONE_JSON)
        proc = self.run("ccrc", "compile", "my.ccr", "-o", "my.ccrb")
        expect_exit(proc, 0)
        return self.tmp / "my.ccrb"


def describe(proc):
    return (f"$ {proc.command}\nexit {proc.returncode}\n--- stdout\n{proc.stdout_text[:3000]}"
            f"--- stderr\n{proc.stderr_text[:3000]}")


def expect(condition, message, proc=None):
    if not condition:
        raise Failure(message + ("\n" + describe(proc) if proc is not None else ""))


def expect_exit(proc, code):
    expect(proc.returncode == code, f"expected exit {code}, got {proc.returncode}", proc)


def expect_clean_error(proc, code, *fragments):
    """A refused input: exit `code`, no output, `error[CODE]: ...` naming what is wrong."""
    expect_exit(proc, code)
    expect(proc.stdout_text == "", "expected no stdout", proc)
    expect(re.match(r"error\[R\d{4}\]: ", proc.stderr_text) is not None,
           "expected stderr to start with `error[Rnnnn]: `", proc)
    expect("internal error" not in proc.stderr_text, "an input error reported as internal", proc)
    for fragment in fragments:
        expect(fragment in proc.stderr_text, f"expected stderr to mention {fragment!r}", proc)


def expect_usage_error(proc):
    expect_exit(proc, 2)
    expect(proc.stderr_text.strip() != "", "a usage error must say what is wrong", proc)


def with_checksum(data):
    """Returns the .ccrb bytes with the header checksum recomputed, so that a deliberate
    corruption gets past the checksum and reaches the reader's and verifier's other checks."""
    data = bytearray(data)
    struct.pack_into("<I", data, CHECKSUM_OFFSET, zlib.crc32(bytes(data[HEADER_SIZE:])))
    return bytes(data)


# ---- The documented workflow ----


@test
def compile_then_run_text(env):
    env.compile_my()
    expect((env.tmp / "my.ccrb").stat().st_size > HEADER_SIZE, "my.ccrb is empty")
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "phone.json")
    expect_exit(proc, 0)
    expect(proc.stdout_text.startswith("Phone: certification requirements as of "),
           "the text report opens with the product's name", proc)
    expect(any(l.startswith("SRRC ") and l.rstrip().endswith("required")
               for l in proc.stdout_text.splitlines()), "SRRC is listed as required", proc)
    expect("required by rule my:1 (my.ccr:1:1)" in proc.stdout_text,
           "the report names the rule and its location", proc)
    expect(proc.stderr_text == "", "no warnings expected", proc)


@test
def compile_then_run_json(env):
    env.compile_my()
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "phone.json", "--format", "json")
    expect_exit(proc, 0)
    lines = proc.stdout_text.splitlines()
    expect(len(lines) == 1, "one JSON line for one product", proc)
    report = json.loads(lines[0])
    expect(report["schema"].startswith("ccr.report/"), "schema tag", proc)
    expect(report["product"] == "Phone" and report["complete"] is True, "product, complete", proc)
    statuses = {r["scheme"]: r["status"] for r in report["requirements"]}
    expect(statuses == {"SRRC": "required"}, f"only SRRC required, got {statuses}", proc)


@test
def run_not_required_and_undetermined(env):
    env.compile_my()
    env.write("no_radio.json", '{"product": "Kettle", "emits_radio": false}')
    env.write("nothing.json", '{"product": "Unknown"}')
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "no_radio.json", "--format", "json")
    expect_exit(proc, 0)
    expect(json.loads(proc.stdout_text)["requirements"] == [], "nothing required", proc)
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "no_radio.json", "--all")
    expect_exit(proc, 0)
    expect("not required" in proc.stdout_text, "--all lists SRRC as not required", proc)
    # Unknown is never "not required": exit 1, and the report names the missing fact.
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "nothing.json", "--format", "json")
    expect_exit(proc, 1)
    report = json.loads(proc.stdout_text)
    expect(report["complete"] is False, "incomplete", proc)
    expect(report["requirements"][0]["status"] == "undetermined", "undetermined", proc)
    expect(report["requirements"][0]["missing"] == ["emits_radio"], "missing emits_radio", proc)


# A mark the applicant chooses (`on request`) is available, not undetermined: the run is
# complete and exits 0; the same rules on a scheme not on request exit 1 (docs/cli.md).
MARK_CCR = """\
scheme CQM_OWN "Own market mark" by CNCA voluntary on request impact market_driven mode market
fact buyer_asks: bool "A buyer asks for the mark"
rule own_mark_requested {
  when buyer_asks
  require CQM_OWN by CNCA voluntary
  because "A buyer asks for the mark"
}
"""


@test
def run_available_mark_exits_0(env):
    env.write("mark.ccr", MARK_CCR)
    expect_exit(env.run("ccrc", "compile", "mark.ccr", "-o", "mark.ccrb"), 0)
    env.write("nothing.json", '{"product": "Chair"}')
    env.write("asked.json", '{"product": "Chair", "buyer_asks": true}')
    proc = env.run("ccr", "run", "mark.ccrb", "--facts", "nothing.json", "--format", "json")
    expect_exit(proc, 0)
    report = json.loads(proc.stdout_text)
    expect(report["schema"] == "ccr.report/3" and report["complete"] is True, "complete", proc)
    mark = next(r for r in report["requirements"] if r["scheme"] == "CQM_OWN")
    expect(mark["status"] == "available" and "missing" not in mark, "available, nothing missing",
           proc)
    proc = env.run("ccr", "run", "mark.ccrb", "--facts", "nothing.json")
    expect_exit(proc, 0)
    expect("Available if you want it" in proc.stdout_text, "its own section", proc)
    expect("1 available" in proc.stdout_text, "counted as available", proc)
    proc = env.run("ccr", "run", "mark.ccrb", "--facts", "asked.json")
    expect_exit(proc, 0)
    expect("recommended (voluntary)" in proc.stdout_text, "a mark asked for is recommended", proc)
    expect("voluntary required" not in proc.stdout_text, "never 'voluntary required'", proc)
    env.write("plain.ccr", MARK_CCR.replace(" on request", ""))
    expect_exit(env.run("ccrc", "compile", "plain.ccr", "-o", "plain.ccrb"), 0)
    proc = env.run("ccr", "run", "plain.ccrb", "--facts", "nothing.json", "--format", "summary")
    expect_exit(proc, 1)
    expect('"status":"undetermined"' in proc.stdout_text, "not on request: undetermined", proc)


@test
def run_default_bundle_laptop(env):
    laptop = env.root / "rules" / "examples" / "laptop.json"
    if not laptop.exists():
        return "skipped: rules/examples/laptop.json does not exist"
    proc = env.run("ccr", "run", "--facts", "rules/examples/laptop.json", cwd=env.root)
    expect(proc.returncode in (0, 1), "exit 0 (complete) or 1 (undetermined)", proc)
    expect("CCC" in proc.stdout_text, "a laptop's report mentions CCC", proc)
    proc = env.run("ccr", "run", "--facts", "rules/examples/laptop.json", "--as-of",
                   "2025-06-01", "--format", "json", cwd=env.root)
    expect_exit(proc, 0)
    statuses = {r["scheme"]: r["status"] for r in json.loads(proc.stdout_text)["requirements"]}
    expect(statuses.get("CCC") == "required", f"CCC required for a laptop, got {statuses}", proc)


@test
def run_default_bundle_every_example(env):
    examples = sorted((env.root / "rules" / "examples").glob("*.json"))
    if not examples:
        return "skipped: no rules/examples/*.json"
    for example in examples:
        proc = env.run("ccr", "run", "--facts", example, "--as-of", "2025-06-01",
                       "--format", "json")
        expect(proc.returncode in (0, 1), f"{example.name}: exit 0 or 1", proc)
        json.loads(proc.stdout_text)


@test
def run_nested_and_or(env):
    """Every nesting of `and`/`or`/`not` over three facts, on every combination of true, false
    and unknown, against three-valued logic computed here."""
    conditions = ["a and b or c", "(a or b) and c", "a or b and c", "a and (b or c)",
                  "not (a and b) or c", "not a or not (b and not c)", "(a or b) and (b or c)"]
    lines = ['authority M "m"'] + [f'scheme S{i} "s{i}" by M mandatory'
                                   for i in range(len(conditions))]
    lines += [f'fact {n}: bool "{n}"' for n in "abc"]
    lines += [f"if {c} then require S{i}" for i, c in enumerate(conditions)]
    env.write("logic.ccr", "\n".join(lines) + "\n")
    expect_exit(env.run("ccrc", "compile", "--no-stdlib", "logic.ccr", "-o", "logic.ccrb"), 0)

    def evaluate(condition, values):  # None is unknown
        def and_(x, y):
            return False if x is False or y is False else (None if None in (x, y) else True)

        def or_(x, y):
            return True if x is True or y is True else (None if None in (x, y) else False)

        def not_(x):
            return None if x is None else not x
        python = (condition.replace(" and ", " & ").replace(" or ", " | ").replace("not ", "~"))
        # Operator overloading on a tiny wrapper keeps the condition's precedence: ~ > & > |.
        class V:
            def __init__(self, v): self.v = v
            def __and__(self, o): return V(and_(self.v, o.v))
            def __or__(self, o): return V(or_(self.v, o.v))
            def __invert__(self): return V(not_(self.v))
        return eval(python, {}, {n: V(values[n]) for n in "abc"}).v

    products = []
    for a in (True, False, None):
        for b in (True, False, None):
            for c in (True, False, None):
                products.append({n: v for n, v in zip("abc", (a, b, c)) if v is not None})
    env.write("all.jsonl", "".join(json.dumps(p) + "\n" for p in products))
    proc = env.run("ccr", "run", "logic.ccrb", "--facts", "all.jsonl", "--format", "json",
                   "--all", timeout=SHORT_TIMEOUT_SECONDS)
    expect(proc.returncode in (0, 1), "exit 0 or 1", proc)
    reports = [json.loads(line) for line in proc.stdout_text.splitlines()]
    expect(len(reports) == len(products), "one report per product", proc)
    status_of = {True: "required", False: "not_required", None: "undetermined"}
    for product, report in zip(products, reports):
        statuses = {r["scheme"]: r["status"] for r in report["requirements"]}
        values = {n: product.get(n) for n in "abc"}
        for i, condition in enumerate(conditions):
            want = status_of[evaluate(condition, values)]
            expect(statuses.get(f"S{i}") == want,
                   f"`{condition}` with {values}: expected {want}, got {statuses.get(f'S{i}')}")


@test
def run_jsonl_catalog(env):
    env.compile_my()
    products = [{"product": f"P{i}", "emits_radio": i % 2 == 0} for i in range(5)]
    env.write("catalog.jsonl", "".join(json.dumps(p) + "\n" for p in products))
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "catalog.jsonl", "--format", "json")
    expect_exit(proc, 0)
    reports = [json.loads(l) for l in proc.stdout_text.splitlines()]
    expect([r["product"] for r in reports] == [p["product"] for p in products],
           "one report line per product, in order", proc)
    expect([bool(r["requirements"]) for r in reports] == [p["emits_radio"] for p in products],
           "SRRC required exactly for the radio products", proc)
    # The same file without the extension needs --jsonl.
    env.write("catalog.txt", (env.tmp / "catalog.jsonl").read_text())
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "catalog.txt", "--jsonl", "--format",
                   "json")
    expect_exit(proc, 0)
    expect(len(proc.stdout_text.splitlines()) == 5, "--jsonl reads one product per line", proc)


@test
def run_jsonl_bad_line_in_the_middle(env):
    env.compile_my()
    env.write("catalog.jsonl", '{"product": "A", "emits_radio": true}\n'
                               '{"product": "B", "emits_radio": "yes"}\n'
                               '{"product": "C", "emits_radio": false}\n')
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "catalog.jsonl", "--format", "json")
    expect_exit(proc, 3)
    lines = [json.loads(l) for l in proc.stdout_text.splitlines()]
    expect(len(lines) == 3, "one output line per input line, the bad one an error", proc)
    expect(lines[0]["product"] == "A" and lines[2]["product"] == "C", "good lines reported",
           proc)
    expect(lines[1].get("line") == 2 and "error" in lines[1], "line 2 is an error object", proc)
    expect("catalog.jsonl:2:" in proc.stderr_text, "stderr names the line", proc)


@test
def facts_from_stdin(env):
    env.compile_my()
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "-", "--format", "json", stdin=PHONE_JSON)
    expect_exit(proc, 0)
    expect(json.loads(proc.stdout_text)["product"] == "Phone", "read the product from stdin",
           proc)
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "-", "--jsonl", "--format", "json",
                   stdin=PHONE_JSON + PHONE_JSON)
    expect_exit(proc, 0)
    expect(len(proc.stdout_text.splitlines()) == 2, "a JSONL batch from stdin", proc)
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "-", stdin='{"emits_radio": 1}')
    expect_clean_error(proc, 3, "<stdin>")


@test
def run_output_file(env):
    env.compile_my()
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "phone.json", "--format", "json",
                   "-o", "report.json")
    expect_exit(proc, 0)
    expect(proc.stdout_text == "", "with -o nothing goes to stdout", proc)
    expect(json.loads((env.tmp / "report.json").read_text())["product"] == "Phone",
           "report.json holds the report", proc)


@test
def check_ok_and_errors(env):
    env.write("my.ccr", MY_CCR)
    proc = env.run("ccrc", "check", "my.ccr")
    expect_exit(proc, 0)
    expect(proc.stdout_text == "" and proc.stderr_text == "", "a clean check is silent", proc)
    env.write("bad.ccr", "if emit_radio then require SRRC by MIIT mandatory\n")
    proc = env.run("ccrc", "check", "bad.ccr")
    expect_exit(proc, 1)
    expect("bad.ccr:1:4: error[E0201]: unknown fact `emit_radio`" in proc.stderr_text,
           "the error names file, line, column, code", proc)
    expect("did you mean `emits_radio`?" in proc.stderr_text, "a suggestion", proc)
    proc = env.run("ccrc", "check", "--error-format", "json", "bad.ccr")
    expect_exit(proc, 1)
    diagnostics = json.loads(proc.stdout_text)
    expect(diagnostics["errors"] == 1 and diagnostics["diagnostics"][0]["code"] == "E0201",
           "JSON diagnostics", proc)


@test
def test_rules_directory(env):
    rules = env.root / "rules"
    if not any(rules.rglob("*.ccr")):
        return "skipped: rules/ has no .ccr files"
    proc = env.run("ccrc", "test", "rules/", cwd=env.root)
    expect_exit(proc, 0)
    last = proc.stdout_text.splitlines()[-1]
    expect(last.endswith(" passed, 0 failed"), "all in-language tests pass", proc)
    memory = env.run("ccrc", "test", "--in-memory", "rules/", cwd=env.root)
    expect_exit(memory, 0)
    expect(memory.stdout_text == proc.stdout_text,
           "the in-memory and write/read/verify runs give the same results", memory)
    # The default bundle inside ccr carries the tests of rules/products.
    bundled = env.run("ccr", "test")
    expect_exit(bundled, 0)
    expect(bundled.stdout_text.rstrip().endswith(" passed, 0 failed"),
           "ccr test runs the default bundle's tests", bundled)


@test
def test_failures_exit_1(env):
    env.write("t.ccr", MY_CCR + '\ntest "radio phone" {\n  given { emits_radio = true }\n'
                               '  expect SRRC not required\n}\n')
    proc = env.run("ccrc", "test", "t.ccr")
    expect_exit(proc, 1)
    expect("FAIL" in proc.stdout_text and proc.stdout_text.rstrip().endswith("0 passed, 1 failed"),
           "the failing test is reported", proc)
    proc = env.run("ccrc", "compile", "t.ccr", "-o", "t.ccrb")
    expect_exit(proc, 0)
    proc = env.run("ccr", "test", "t.ccrb")
    expect_exit(proc, 1)
    expect(proc.stdout_text.rstrip().endswith("0 passed, 1 failed"), "ccr test agrees", proc)


@test
def disasm(env):
    env.compile_my()
    proc = env.run("ccrc", "disasm", "my.ccrb")
    expect_exit(proc, 0)
    expect(proc.stdout_text.startswith("; ccr bytecode module"), "a listing", proc)
    expect("load_fact" in proc.stdout_text and "rule" in proc.stdout_text, "the rule's code",
           proc)
    proc2 = env.run("ccrc", "compile", "my.ccr", "--dump=bytecode")
    expect_exit(proc2, 0)
    expect(proc2.stdout_text == proc.stdout_text, "--dump=bytecode equals disasm of the file",
           proc2)


@test
def default_output_name(env):
    env.write("my.ccr", MY_CCR)
    proc = env.run("ccrc", "compile", "my.ccr")
    expect_exit(proc, 0)
    expect((env.tmp / "my.ccrb").exists(), "without -o, compile writes STEM.ccrb", proc)


@test
def version_and_help(env):
    for tool in ("ccrc", "ccr"):
        proc = env.run(tool, "--version")
        expect_exit(proc, 0)
        expect(proc.stdout_text.startswith(f"{tool} "), "--version prints the tool's name", proc)
        proc = env.run(tool, "--help")
        expect_exit(proc, 0)
        expect("run" in proc.stdout_text if tool == "ccr" else "compile" in proc.stdout_text,
               "--help lists the subcommands", proc)


# ---- Usage errors: exit 2 ----


@test
def usage_errors(env):
    env.compile_my()
    cases = [
        ("ccrc",),
        ("ccrc", "frobnicate"),
        ("ccrc", "compile"),
        ("ccrc", "compile", "--bogus", "my.ccr"),
        ("ccrc", "compile", "my.ccr", "--dump=tokens"),
        ("ccrc", "check", "--error-format", "yaml", "my.ccr"),
        ("ccrc", "test", "--as-of", "2025-02-30", "my.ccr"),
        ("ccrc", "disasm"),
        ("ccr",),
        ("ccr", "run", "my.ccrb"),
        ("ccr", "run", "my.ccrb", "--facts", "phone.json", "--bogus"),
        ("ccr", "run", "my.ccrb", "--facts", "phone.json", "--as-of", "2025-13-01"),
        ("ccr", "run", "my.ccrb", "--facts", "phone.json", "--as-of", "yesterday"),
        ("ccr", "run", "my.ccrb", "--facts", "phone.json", "--as-of", "2025-6-1"),
        ("ccr", "run", "my.ccrb", "--facts", "phone.json", "--format", "xml"),
        ("ccr", "test", "--as-of", "2024-02-30"),
    ]
    for args in cases:
        expect_usage_error(env.run(*args))
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "phone.json", "--as-of", "20250601")
    expect("20250601" in proc.stderr_text, "a bad date is quoted in the message", proc)


# ---- Unreadable inputs: exit 3 ----


@test
def missing_files(env):
    env.compile_my()
    (env.tmp / "empty_dir").mkdir()
    expect_clean_error(env.run("ccrc", "compile", "nope.ccr", "-o", "x.ccrb"), 3, "nope.ccr")
    expect(not (env.tmp / "x.ccrb").exists(), "no output for a missing input")
    expect_clean_error(env.run("ccrc", "check", "nope/"), 3, "nope")
    expect_clean_error(env.run("ccrc", "check", "empty_dir"), 3, "empty_dir")
    expect_clean_error(env.run("ccrc", "test", "nope.ccr"), 3, "nope.ccr")
    expect_clean_error(env.run("ccrc", "disasm", "nope.ccrb"), 3, "nope.ccrb")
    expect_clean_error(env.run("ccrc", "disasm", "empty_dir"), 3, "empty_dir")
    expect_clean_error(env.run("ccr", "run", "nope.ccrb", "--facts", "phone.json"), 3,
                       "nope.ccrb")
    expect_clean_error(env.run("ccr", "run", "my.ccrb", "--facts", "nope.json"), 3, "nope.json")
    expect_clean_error(env.run("ccr", "run", "my.ccrb", "--facts", "empty_dir"), 3, "empty_dir")
    expect_clean_error(env.run("ccr", "test", "nope.ccrb"), 3, "nope.ccrb")
    # A missing import is a diagnostic in the rules (exit 1), not an unreadable input.
    env.write("imports.ccr", 'import "gone.ccr"\n')
    proc = env.run("ccrc", "check", "imports.ccr")
    expect_exit(proc, 1)
    expect("E0109" in proc.stderr_text, "E0109 for a missing import", proc)


# ---- Corrupt bytecode: exit 3, a clear message, never a crash ----


def expect_refused_bundle(env, name, data, *fragments):
    env.write(name, data)
    expect_clean_error(env.run("ccr", "run", name, "--facts", "phone.json"), 3, name, *fragments)
    expect_clean_error(env.run("ccr", "test", name), 3, name, *fragments)
    proc = env.run("ccrc", "disasm", name)
    expect_exit(proc, 3)
    expect(proc.returncode >= 0 and "internal error" not in proc.stderr_text,
           "disasm of a corrupt file must not crash", proc)
    expect(re.match(r"error\[R\d{4}\]: ", proc.stderr_text) is not None
           and name in proc.stderr_text,
           "disasm names the corrupt file", proc)


@test
def corrupt_empty_file(env):
    env.compile_my()
    expect_refused_bundle(env, "empty.ccrb", b"")


@test
def corrupt_wrong_magic(env):
    good = env.compile_my().read_bytes()
    expect_refused_bundle(env, "magic.ccrb", b"XXXX" + good[4:])
    expect_refused_bundle(env, "facts.ccrb", PHONE_JSON.encode())


@test
def corrupt_truncated(env):
    good = env.compile_my().read_bytes()
    for size in (1, 4, HEADER_SIZE - 1, HEADER_SIZE, HEADER_SIZE + 3, len(good) // 2,
                 len(good) - 1):
        expect_refused_bundle(env, f"truncated_{size}.ccrb", good[:size])
    expect_refused_bundle(env, "trailing.ccrb", good + b"\0")


@test
def corrupt_bit_flips(env):
    good = env.compile_my().read_bytes()
    # The header, then positions spread over the whole file: the checksum catches them all.
    positions = sorted(set(list(range(HEADER_SIZE)) +
                           list(range(HEADER_SIZE, len(good), max(1, len(good) // 40)))))
    for position in positions:
        data = bytearray(good)
        data[position] ^= 0x10
        expect_refused_bundle(env, "flipped.ccrb", bytes(data))


@test
def corrupt_version(env):
    good = bytearray(env.compile_my().read_bytes())
    struct.pack_into("<H", good, 4, struct.unpack_from("<H", good, 4)[0] + 1)
    expect_refused_bundle(env, "version.ccrb", bytes(good), "version")


# A small self-contained program with tables of every kind and most opcodes, for forging.
FORGE_CCR = """\
authority SAMR "State Administration for Market Regulation" zh "国家市场监督管理总局"
authority CNCA "Certification and Accreditation Administration" under SAMR
scheme CCC "China Compulsory Certification" by CNCA with SAMR mandatory impact market_access
scheme CQC "CQC mark" by CNCA voluntary mode market
enum Category { laptop, phone }
fact category: Category "Product type"
fact rated_voltage_v: number in V "Rated voltage"
fact radio: set of enum { wifi, cellular } "Transmitters"
fact model_name: string "Marketing name"
fact rd_sample: bool "Research sample"
set ccc_catalogue: Category = { laptop }
rule ccc {
  when category in ccc_catalogue and rated_voltage_v > 36 V or known(model_name)
  require CCC by CNCA mandatory
  because "catalogue"
  source "CNCA-C09-01"
  effective from 2024-01-01 until 2030-01-01
}
if wifi in radio and not (model_name == "X") and category != phone then require CQC voluntary
if rd_sample then exempt CCC
test "laptop" {
  given { category = laptop, rated_voltage_v = 220 V, radio = { wifi }, rd_sample = false }
  as of 2025-06-01
  expect CCC required mandatory
  expect CQC required
}
"""
FORGE_FACTS = '{"category": "laptop", "rated_voltage_v": 220, "radio": ["wifi"], "rd_sample": false}'


@test
def corrupt_with_valid_checksum(env):
    """Corruptions that get past the checksum must be caught by the reader or the verifier,
    or else evaluate harmlessly: never a crash, a hang or an internal error, in `ccr run`,
    `ccr test` or `ccrc disasm` (which lists unverified modules)."""
    env.write("forge.ccr", FORGE_CCR)
    env.write("forge.json", FORGE_FACTS)
    expect_exit(env.run("ccrc", "compile", "--no-stdlib", "forge.ccr", "-o", "forge.ccrb"), 0)
    good = (env.tmp / "forge.ccrb").read_bytes()
    # The unmodified program must run, or every forged copy would fail for the same reason.
    proc = env.run("ccr", "run", "forge.ccrb", "--facts", "forge.json", "--as-of", "2025-06-01",
                   timeout=SHORT_TIMEOUT_SECONDS)
    expect(proc.returncode == 1 and "undetermined" in proc.stdout_text,
           "the unmodified program runs (CQC undetermined: no model_name)", proc)
    # About 100 positions, each byte set to 0x00, 0xFF and flipped in its low bit: zero and
    # huge counts, offsets and indices, and off-by-one values.
    forged = []
    for position in range(HEADER_SIZE, len(good), max(1, len(good) // 100)):
        for value in (0x00, 0xFF, good[position] ^ 0x01):
            data = bytearray(good)
            data[position] = value
            if bytes(data) != good and (position, value) not in forged:
                forged.append((position, value))

    def check(job):
        position, value = job
        name = f"forged_{position}_{value}.ccrb"
        data = bytearray(good)
        data[position] = value
        env.write(name, with_checksum(data))
        commands = [("ccr", "run", name, "--facts", "forge.json", "--as-of", "2025-06-01"),
                    ("ccr", "test", name), ("ccrc", "disasm", name)]
        for command in commands:
            proc = env.run(*command, timeout=SHORT_TIMEOUT_SECONDS)
            expect(proc.returncode in (0, 1, 3) and "internal error" not in proc.stderr_text,
                   f"byte {position} set to {value:#04x}: expected exit 0, 1 or 3", proc)
            if proc.returncode == 3:
                # Usually the bundle is refused; a damaged enum value name may instead make
                # the facts refer to a value the bundle no longer has.
                expect(re.match(rf"error\[R\d{{4}}\]: ({re.escape(name)}|forge\.json)",
                                proc.stderr_text) is not None,
                       "a refused file is named in the error", proc)
        (env.tmp / name).unlink()

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(check, forged))
    return f"{len(forged)} forged files"


# ---- Determinism and atomic output ----


@test
def deterministic_compile(env):
    env.write("my.ccr", MY_CCR)
    expect_exit(env.run("ccrc", "compile", "my.ccr", "-o", "a.ccrb"), 0)
    expect_exit(env.run("ccrc", "compile", "my.ccr", "-o", "b.ccrb"), 0)
    expect((env.tmp / "a.ccrb").read_bytes() == (env.tmp / "b.ccrb").read_bytes(),
           "compiling twice gives identical bytes")
    rules = env.root / "rules" / "products"
    if any(rules.rglob("*.ccr")):
        for out in ("r1.ccrb", "r2.ccrb"):
            expect_exit(env.run("ccrc", "compile", "rules/products", "-o", env.tmp / out,
                                cwd=env.root), 0)
        expect((env.tmp / "r1.ccrb").read_bytes() == (env.tmp / "r2.ccrb").read_bytes(),
               "compiling rules/products twice gives identical bytes")


@test
def failed_compile_leaves_output_untouched(env):
    env.compile_my()
    before = (env.tmp / "my.ccrb").read_bytes()
    env.write("bad.ccr", "if emit_radio then require SRRC\n")
    proc = env.run("ccrc", "compile", "bad.ccr", "-o", "my.ccrb")
    expect_exit(proc, 1)
    expect((env.tmp / "my.ccrb").read_bytes() == before, "the existing output is untouched")
    expect(sorted(p.name for p in env.tmp.iterdir()) == ["bad.ccr", "my.ccr", "my.ccrb",
                                                         "phone.json"],
           "no stray files", proc)


def run_with_file_size_limit(env, limit, *args):
    """Runs a tool that may write at most `limit` bytes per file: a disk that fills up in the
    middle of writing (RLIMIT_FSIZE makes write() fail with EFBIG; SIGXFSZ is ignored)."""
    import resource
    import signal

    def limit_writes():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    program, *rest = args
    return subprocess.run([str(env.bin / program)] + [str(a) for a in rest], cwd=env.tmp,
                          capture_output=True, timeout=TIMEOUT_SECONDS, preexec_fn=limit_writes)


@test
def full_disk_mid_write_keeps_previous_outputs(env):
    # A .ccrb and a report written with -o, each replaced by a larger one on a disk that
    # fills up half way: the error names the file, the previous file is intact, and no
    # temporary file is left behind.
    env.write("my.ccr", MY_CCR)
    env.write("phone.json", '{"product": "Phone X", "emits_radio": true}')
    expect_exit(env.run("ccrc", "compile", "my.ccr", "-o", "out.ccrb"), 0)
    before = (env.tmp / "out.ccrb").read_bytes()
    proc = run_with_file_size_limit(env, len(before) // 2, "ccrc", "compile", "my.ccr", "-o",
                                    "out.ccrb")
    expect(proc.returncode == 3 and b"error[R0102]: out.ccrb: cannot write" in proc.stderr,
           f"a failed write is R0102 naming the file: {proc.stderr!r}")
    expect((env.tmp / "out.ccrb").read_bytes() == before, "the previous .ccrb is intact")

    expect_exit(env.run("ccr", "run", "out.ccrb", "--facts", "phone.json", "-o", "report.txt",
                        "--as-of", "2025-06-01"), 0)
    report = (env.tmp / "report.txt").read_bytes()
    proc = run_with_file_size_limit(env, len(report) // 2, "ccr", "run", "out.ccrb", "--facts",
                                    "phone.json", "-o", "report.txt", "--all", "--as-of",
                                    "2025-06-01")
    expect(proc.returncode == 3 and b"error[R0102]: report.txt: cannot write" in proc.stderr,
           f"a failed report write is R0102 naming the file: {proc.stderr!r}")
    expect((env.tmp / "report.txt").read_bytes() == report, "the previous report is intact")
    expect(sorted(p.name for p in env.tmp.iterdir())
           == ["my.ccr", "out.ccrb", "phone.json", "report.txt"], "no temporary file left behind")


@test
def unwritable_output_fails_cleanly(env):
    env.write("my.ccr", MY_CCR)
    # The target is a directory: the temporary file is written, the rename fails.
    (env.tmp / "out").mkdir()
    proc = env.run("ccrc", "compile", "my.ccr", "-o", "out")
    expect_clean_error(proc, 3, "out")
    expect(sorted(p.name for p in env.tmp.iterdir()) == ["my.ccr", "out"],
           "no temporary file left behind", proc)
    expect(list((env.tmp / "out").iterdir()) == [], "nothing written into the directory", proc)
    # The directory does not exist.
    proc = env.run("ccrc", "compile", "my.ccr", "-o", "no/such/dir/x.ccrb")
    expect_clean_error(proc, 3, "no/such/dir")
    # A read-only directory (root can write anyway, so only checked for other users).
    if os.geteuid() != 0:
        locked = env.tmp / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        try:
            proc = env.run("ccrc", "compile", "my.ccr", "-o", "locked/x.ccrb")
            expect_clean_error(proc, 3, "locked")
            expect(list(locked.iterdir()) == [], "no temporary file left behind", proc)
        finally:
            locked.chmod(0o755)
    # ccr run -o: same rules.
    env.compile_my()
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "phone.json", "-o", "out")
    expect_clean_error(proc, 3, "out")
    expect(list((env.tmp / "out").iterdir()) == [], "nothing written into the directory", proc)
    expect(sorted(p.name for p in env.tmp.iterdir()) == ["my.ccr", "my.ccrb", "out",
                                                         "phone.json"],
           "no temporary file left behind", proc)


@test
def outputs_follow_symlinks_and_devices(env):
    env.compile_my()
    # A symlink is followed: its target is replaced, the link stays a link.
    (env.tmp / "link.ccrb").symlink_to("real.ccrb")
    expect_exit(env.run("ccrc", "compile", "my.ccr", "-o", "link.ccrb"), 0)
    expect((env.tmp / "link.ccrb").is_symlink(), "the link is kept")
    expect((env.tmp / "real.ccrb").read_bytes() == (env.tmp / "my.ccrb").read_bytes(),
           "the link's target holds the bytecode")
    # `-o -` is standard output; so is /dev/stdout, which is written through, not replaced.
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "phone.json", "-o", "-")
    expect_exit(proc, 0)
    expect("SRRC" in proc.stdout_text and not (env.tmp / "-").exists(), "-o - is stdout", proc)
    proc = env.run("ccrc", "compile", "my.ccr", "-o", "/dev/stdout")
    expect_exit(proc, 0)
    expect(proc.stdout == (env.tmp / "my.ccrb").read_bytes(), "/dev/stdout gets the bytes", proc)
    expect(os.path.islink("/dev/stdout"), "/dev/stdout is still a link")


@test
def full_output_is_an_error(env):
    env.compile_my()
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([str(env.bin / "ccr"), "run", "my.ccrb", "--facts", "phone.json"],
                              cwd=env.tmp, stdout=full, stderr=subprocess.PIPE)
    expect(proc.returncode == 3, f"writing to a full device exits 3, got {proc.returncode}")
    expect(b"cannot write" in proc.stderr, "and says so")


@test
def default_output_name_for_a_directory(env):
    env.write("rules_dir/my.ccr", MY_CCR)
    expect_exit(env.run("ccrc", "compile", ".", cwd=env.tmp / "rules_dir"), 0)
    expect((env.tmp / "rules_dir" / "rules_dir.ccrb").exists(), "`compile .` writes DIR.ccrb")



def lsp_frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


@test
def lsp_garbage_on_stdin_is_a_clean_error(env):
    proc = env.run("ccrc", "lsp", stdin="this is not the language server protocol\n")
    expect_clean_error(proc, 3, "Content-Length")


@test
def lsp_session_over_pipes(env):
    """A whole session: stdout carries protocol messages only, exit code 0 after shutdown."""
    env.write("my.ccr", "if emit_radio then require SRRC by MIIT mandatory\n")
    uri = (env.tmp / "my.ccr").as_uri()
    text = (env.tmp / "my.ccr").read_text()
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "ccr", "version": 1, "text": text}}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    proc = env.run("ccrc", "lsp", stdin=b"".join(lsp_frame(m) for m in messages))
    expect_exit(proc, 0)
    out, replies = proc.stdout, []
    while out:
        header, _, rest = out.partition(b"\r\n\r\n")
        expect(header.startswith(b"Content-Length: "), "stdout holds LSP frames only", proc)
        length = int(header.split(b": ")[1])
        replies.append(json.loads(rest[:length]))
        out = rest[length:]
    published = [r for r in replies if r.get("method") == "textDocument/publishDiagnostics"]
    expect(len(published) == 1, "one publishDiagnostics", proc)
    diagnostic = published[0]["params"]["diagnostics"][0]
    expect("did you mean `emits_radio`?" in diagnostic["message"], "with the did-you-mean", proc)
    expect([r.get("id") for r in replies if "id" in r] == [1, 2], "responses to 1 and 2", proc)
    # Exit without shutdown: 1, as the specification says.
    proc = env.run("ccrc", "lsp", stdin=lsp_frame(messages[0]) + lsp_frame(messages[-1]))
    expect_exit(proc, 1)

def run_one(function, bin_dir, root):
    tmp = Path(tempfile.mkdtemp(prefix="ccr_e2e_"))
    try:
        note = function(Env(bin_dir, root, tmp))
        return function.__name__, True, note or ""
    except Failure as failure:
        return function.__name__, False, str(failure)
    except Exception:  # a bug in the test itself, or an unexpected exception: still a failure
        return function.__name__, False, traceback.format_exc()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, type=Path, help="directory holding ccrc and ccr")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2],
                        help="the repository root (default: two levels above this script)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("filters", nargs="*", help="run only tests whose name contains one")
    args = parser.parse_args()
    bin_dir, root = args.bin.resolve(), args.root.resolve()
    for tool in ("ccrc", "ccr"):
        if not (bin_dir / tool).exists():
            print(f"error: {bin_dir / tool} does not exist; build it first", file=sys.stderr)
            return 2
    selected = [t for t in TESTS if not args.filters or any(f in t.__name__ for f in args.filters)]
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        # Printed (and flushed) as each test ends, in order: when ctest's backstop kills a slow
        # run, its output shows how far it got.
        for name, ok, note in pool.map(lambda t: run_one(t, bin_dir, root), selected):
            print(f"{'PASS' if ok else 'FAIL'}  {name}" + (f"  ({note})" if ok and note else ""),
                  flush=True)
            if not ok:
                print("\n".join("    " + line for line in note.splitlines()), flush=True)
            passed += ok
            failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
