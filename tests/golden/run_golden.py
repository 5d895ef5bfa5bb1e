#!/usr/bin/env python3
"""Golden-file tests for ccrc and ccr: each `.ccr` test file carries its own expectations.

In the style of Carbon's file_test and Wren's `// expect:`. A test file holds:

  // ARGS: ccrc check --no-stdlib %s        one command per ARGS line, run in order
  ...                                        anything else: rules, comments
  // CHECK:STDOUT: a line of stdout          the expected output, command by command:
  // CHECK:STDERR: a line of stderr          each command's stdout lines, then its stderr
  // CHECK:EXIT: 1                           lines, then its exit code, which ends its block

Substitutions in ARGS: `%s` the test file (relative to the repo root), `%d` its directory,
`%t` a fresh temporary directory (removed afterwards; its path prints as `%t` in the output),
`%b` the directory holding ccrc and ccr (for a helper script that runs them, e.g. with input on
stdin: `python3 tests/golden/errors/inputs/stdin.py FILE %b/ccr ask ...`).
Commands run from the repo root, without a shell; `ccrc` and `ccr` are the binaries in
`--bin DIR`, `python3` is the interpreter running this script.

Every `.ccr` file under the given directories is a test, except files under a folder named
`inputs/`: those are shared data (rule files, facts) that tests name in their ARGS.

Naming rule: a test's file name starts with `fail_` if and only if some `ccrc` command in it
exits with 1 (rule errors or failed in-language tests).

`--autoupdate` rewrites each test's CHECK lines from the actual output: all CHECK lines are
removed and the new ones appended at the end of the file, so the rules above keep their line
numbers. Review the change with `git diff` before committing it.

Prints one line per test, a unified diff for each failure (plus a diff of the indented JSON
when a changed line is JSON), and ends with `N passed, M failed`.
Exits 1 if any test failed. Python 3 standard library only.
"""

import argparse
import concurrent.futures
import difflib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

CHECK_PREFIX = "// CHECK:"
ARGS_PREFIX = "// ARGS:"
CHECK_RE = re.compile(r"^// CHECK:(STDOUT|STDERR|EXIT):( (.*))?$")
# A single command is given this long (each takes milliseconds; the whole suite, seconds).
COMMAND_TIMEOUT_SECONDS = 30
# Autoupdate repeats until the file stops changing: a diagnostic at end of file moves with the
# CHECK lines appended after it. Two rounds always suffice; the third is a safety margin.
MAX_AUTOUPDATE_ROUNDS = 3


@dataclass
class Outcome:
    path: Path  # relative to the root
    ok: bool
    problems: list = field(default_factory=list)  # messages and diffs
    updated: bool = False


def parse_test(text):
    """Returns (commands, expected CHECK lines, problems) of a test file's text."""
    commands, checks, problems = [], [], []
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(ARGS_PREFIX):
            try:
                argv = shlex.split(line[len(ARGS_PREFIX):])
            except ValueError as error:
                problems.append(f"line {number}: cannot split ARGS: {error}")
                continue
            if not argv:
                problems.append(f"line {number}: empty ARGS line")
                continue
            commands.append(argv)
        elif line.startswith(CHECK_PREFIX):
            if not CHECK_RE.match(line):
                problems.append(f"line {number}: malformed CHECK line: {line}")
            checks.append(line)
    if not commands:
        problems.append("no `// ARGS:` line: every test file names the commands it runs")
    return commands, checks, problems


def check_line(stream, text):
    return f"// CHECK:{stream}:" + (f" {text}" if text else "")


def substitute(arg, test_path, temp_dir, bin_dir):
    # One pass, so a path that contains `%` is not substituted again.
    table = {"%s": test_path.as_posix(), "%d": test_path.parent.as_posix(), "%t": temp_dir,
             "%b": str(bin_dir), "%%": "%"}
    return re.sub(r"%[sdtb%]", lambda m: table[m.group(0)], arg)


def resolve_program(name, bin_dir):
    if name in ("ccrc", "ccr"):
        return str(bin_dir / name)
    if name == "python3":
        return sys.executable
    return name


def run_commands(commands, test_path, root, bin_dir):
    """Runs the commands and returns (actual CHECK lines, [(program, exit code)])."""
    temp_dir = tempfile.mkdtemp(prefix="ccr_golden_")
    lines, exits = [], []
    try:
        for argv in commands:
            program = argv[0]
            args = [resolve_program(program, bin_dir)] + [
                substitute(a, test_path, temp_dir, bin_dir) for a in argv[1:]]
            try:
                proc = subprocess.run(args, cwd=root, stdin=subprocess.DEVNULL,
                                      capture_output=True, timeout=COMMAND_TIMEOUT_SECONDS)
                code = proc.returncode
                out, err = proc.stdout, proc.stderr
            except subprocess.TimeoutExpired:
                code, out, err = "timeout", b"", f"timed out after {COMMAND_TIMEOUT_SECONDS}s".encode()
            except OSError as error:
                code, out, err = "cannot-run", b"", str(error).encode()
            for stream, data in (("STDOUT", out), ("STDERR", err)):
                text = data.decode("utf-8", errors="backslashreplace").replace(temp_dir, "%t")
                lines.extend(check_line(stream, l) for l in text.splitlines())
            lines.append(check_line("EXIT", str(code)))
            exits.append((program, code))
    finally:
        shutil.rmtree(temp_dir, ignore_errors=True)
    return lines, exits


def json_diffs(expected, actual):
    """For changed lines that hold JSON on both sides, a diff of the indented JSON: a
    one-line report differs somewhere in thousands of characters, this says where."""
    out = []
    matcher = difflib.SequenceMatcher(a=expected, b=actual, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag != "replace" or a1 - a0 != b1 - b0:
            continue
        for old, new in zip(expected[a0:a1], actual[b0:b1]):
            try:
                old_json = json.loads(old.split(":", 2)[2])
                new_json = json.loads(new.split(":", 2)[2])
            except (ValueError, IndexError):
                continue
            old_lines = json.dumps(old_json, indent=1, ensure_ascii=False).splitlines()
            new_lines = json.dumps(new_json, indent=1, ensure_ascii=False).splitlines()
            out.append("\n".join(difflib.unified_diff(
                old_lines, new_lines, "expected JSON (indented)", "actual JSON (indented)",
                lineterm="")))
    return out


def naming_problems(test_path, exits):
    is_fail_name = test_path.name.startswith("fail_")
    ccrc_failed = any(program == "ccrc" and code == 1 for program, code in exits)
    if ccrc_failed and not is_fail_name:
        return ["a `ccrc` command exits 1 (errors): the file name must start with `fail_`"]
    if is_fail_name and not ccrc_failed:
        return ["the file name starts with `fail_` but no `ccrc` command exits 1"]
    return []


def rewrite(text, new_checks):
    kept = [l for l in text.splitlines() if not l.startswith(CHECK_PREFIX)]
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept + [""] + new_checks) + "\n"


def run_test(test_path, root, bin_dir, autoupdate):
    full = root / test_path
    text = full.read_text(encoding="utf-8")
    outcome = Outcome(test_path, ok=True)
    for _ in range(MAX_AUTOUPDATE_ROUNDS if autoupdate else 1):
        commands, expected, problems = parse_test(text)
        if problems:
            outcome.ok = False
            outcome.problems += problems
            return outcome
        actual, exits = run_commands(commands, test_path, root, bin_dir)
        if actual == expected:
            break
        if not autoupdate:
            outcome.ok = False
            diff = difflib.unified_diff(expected, actual, f"{test_path} (expected)",
                                        f"{test_path} (actual)", lineterm="")
            outcome.problems.append("\n".join(diff))
            outcome.problems += json_diffs(expected, actual)
            break
        text = rewrite(text, actual)
        full.write_text(text, encoding="utf-8")
        outcome.updated = True
    else:
        outcome.ok = False
        outcome.problems.append("autoupdate did not converge: the output depends on the run")
    naming = naming_problems(test_path, exits)
    if naming:
        outcome.ok = False
        outcome.problems += naming
    return outcome


def find_tests(root, paths):
    tests = []
    for p in paths:
        p = (root / p) if not Path(p).is_absolute() else Path(p)
        if p.is_dir():
            # Files under an `inputs/` folder are data for the tests, not tests.
            tests.extend(t for t in p.rglob("*.ccr")
                         if "inputs" not in t.relative_to(p).parts[:-1])
        else:
            tests.append(p)
    return sorted({t.resolve().relative_to(root) for t in tests})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, type=Path, help="directory holding ccrc and ccr")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2],
                        help="the repository root (default: two levels above this script)")
    parser.add_argument("--autoupdate", action="store_true",
                        help="rewrite the CHECK lines from the actual output")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("paths", nargs="*", help="test files or directories "
                        "(default: tests/golden)")
    args = parser.parse_args()
    root = args.root.resolve()
    bin_dir = args.bin.resolve()
    for tool in ("ccrc", "ccr"):
        if not (bin_dir / tool).exists():
            print(f"error: {bin_dir / tool} does not exist; build it first", file=sys.stderr)
            return 2
    tests = find_tests(root, args.paths or ["tests/golden"])
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = list(pool.map(lambda t: run_test(t, root, bin_dir, args.autoupdate), tests))
    passed = failed = 0
    for outcome in outcomes:
        status = "PASS" if outcome.ok else "FAIL"
        note = " (updated)" if outcome.updated else ""
        print(f"{status}  {outcome.path}{note}")
        for problem in outcome.problems:
            print("\n".join("    " + l for l in problem.splitlines()))
        passed += outcome.ok
        failed += not outcome.ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
