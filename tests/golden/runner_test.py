#!/usr/bin/env python3
"""Tests of the golden runner itself (run_golden.py): that it fails what it must fail.

Builds throwaway golden trees in a temporary directory and runs the runner on them with the
real ccrc and ccr. Ends with `N passed, M failed`; exits 1 on any failure.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

RUNNER = Path(__file__).resolve().parent / "run_golden.py"

CLEAN = """// ARGS: ccrc check --no-stdlib %s
authority MIIT "Ministry of Industry and Information Technology"
scheme SRRC "Radio type approval" by MIIT mandatory
fact emits_radio: bool "Contains a radio transmitter"
if emits_radio then require SRRC
"""
BROKEN = CLEAN.replace("if emits_radio", "if emit_radio")


def run(bin_dir, root, *extra):
    proc = subprocess.run([sys.executable, str(RUNNER), "--bin", str(bin_dir), "--root",
                           str(root), *extra], capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout


TREES = []  # removed at exit


def make_tree(files):
    root = Path(tempfile.mkdtemp(prefix="ccr_runner_test_"))
    TREES.append(root)
    for name, text in files.items():
        path = root / "tests" / "golden" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


CASES = []


def case(function):
    CASES.append(function)
    return function


@case
def autoupdate_then_pass(bin_dir):
    root = make_tree({"a/clean.ccr": CLEAN, "a/fail_broken.ccr": BROKEN,
                      "a/inputs/ignored.ccr": "not a test, no ARGS\n"})
    code, out = run(bin_dir, root, "--autoupdate")
    assert code == 0 and out.endswith("2 passed, 0 failed\n"), out
    text = (root / "tests/golden/a/fail_broken.ccr").read_text()
    assert text.startswith(BROKEN), "autoupdate keeps everything but the CHECK lines"
    assert "// CHECK:STDERR: tests/golden/a/fail_broken.ccr:5:4: error[E0201]" in text, text
    assert text.endswith("// CHECK:EXIT: 1\n"), text
    assert (root / "tests/golden/a/clean.ccr").read_text().endswith("\n\n// CHECK:EXIT: 0\n")
    code, out = run(bin_dir, root)
    assert code == 0 and out.endswith("2 passed, 0 failed\n"), out
    code, out = run(bin_dir, root, "--autoupdate")
    assert "(updated)" not in out, "a second autoupdate changes nothing"


@case
def mismatch_fails_with_a_diff(bin_dir):
    root = make_tree({"clean.ccr": CLEAN + "// CHECK:STDERR: an error that does not happen\n"
                                           "// CHECK:EXIT: 1\n"})
    code, out = run(bin_dir, root)
    assert code == 1, out
    assert "FAIL  tests/golden/clean.ccr" in out and "-// CHECK:EXIT: 1" in out, out
    assert "+// CHECK:EXIT: 0" in out and out.endswith("0 passed, 1 failed\n"), out


@case
def naming_rule_both_ways(bin_dir):
    root = make_tree({"broken.ccr": BROKEN, "fail_clean.ccr": CLEAN})
    code, out = run(bin_dir, root, "--autoupdate")
    assert code == 1 and out.endswith("0 passed, 2 failed\n"), out
    assert "must start with `fail_`" in out and "no `ccrc` command exits 1" in out, out


@case
def missing_args_is_a_failure(bin_dir):
    root = make_tree({"no_args.ccr": "fact x: bool\n"})
    code, out = run(bin_dir, root)
    assert code == 1 and "no `// ARGS:` line" in out, out


@case
def substitutions(bin_dir):
    root = make_tree({
        "sub/subst.ccr": "// ARGS: python3 -c \"import sys; print(sys.argv[1:])\" %s %d %t/x 100%%\n",
    })
    code, out = run(bin_dir, root, "--autoupdate")
    assert code == 0, out
    text = (root / "tests/golden/sub/subst.ccr").read_text()
    expected = ("// CHECK:STDOUT: ['tests/golden/sub/subst.ccr', 'tests/golden/sub', '%t/x', "
                "'100%']")
    assert expected in text, text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, type=Path, help="directory holding ccrc and ccr")
    args = parser.parse_args()
    passed = failed = 0
    for function in CASES:
        try:
            function(args.bin.resolve())
            print(f"PASS  {function.__name__}")
            passed += 1
        except AssertionError as error:
            print(f"FAIL  {function.__name__}")
            print("\n".join("    " + line for line in str(error).splitlines()))
            failed += 1
    for root in TREES:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
