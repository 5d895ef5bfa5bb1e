#!/usr/bin/env python3
"""Coverage over the kind lists (STYLE.md; Carbon's coverage_test.cpp).

Fails if
  - a diagnostic code of compiler/diagnostics/diagnostic_kinds.def appears in no golden
    expectation (a `// CHECK:` line of a test under tests/golden/),
  - an opcode mnemonic of runtime/bytecode/opcodes.def appears in no disassembly listing of a
    golden expectation,
  - an example product rules/examples/*.json is run by no golden test,
  - a diagnostic code is not documented in docs/diagnostics.md (skipped, with a message, while
    that document does not exist),
  - an error code of runtime/base/error_kinds.def appears in no golden expectation or is not
    documented in docs/errors.md.
Codes and opcodes that cannot be covered are listed in EXEMPT_* below, each with its reason;
an exemption that is no longer needed is itself a failure, so the lists stay honest.

Ends with `N passed, M failed`; exits 1 on any failure. Python 3 standard library only.
"""

import argparse
import re
import sys
from pathlib import Path

# code -> why no golden test can show it.
EXEMPT_DIAGNOSTICS = {}
# mnemonic -> why no compiled program contains it.
EXEMPT_OPCODES = {}
# error code (runtime/base/error_kinds.def) -> why no golden test can show it.
EXEMPT_ERRORS = {
    # `ccr serve` answers these over HTTP, where no command's output shows them; each is
    # asserted by status and code in tests/serve/ (api_e2e.py, faults_e2e.py).
    "R0409": "`ccr serve` answers an undeclared key with 422 (tests/serve/api_e2e.py)",
    "R0401": "an HTTP 413 from `ccr serve` (tests/serve/api_e2e.py, faults_e2e.py)",
    "R0402": "an HTTP 400/431 from `ccr serve` (tests/serve/faults_e2e.py)",
    "R0403": "an HTTP 404 from `ccr serve` (tests/serve/api_e2e.py)",
    "R0404": "an HTTP 405 from `ccr serve` (tests/serve/api_e2e.py)",
    "R0405": "an HTTP 401 from `ccr serve` (tests/serve/api_e2e.py)",
    "R0406": "an HTTP 400 from `ccr serve` (tests/serve/api_e2e.py)",
    "R0407": "an HTTP 503 from `ccr serve` (tests/serve/api_e2e.py)",
    "R0002": "the fallback of an Error without a kind: every error a user can cause has its own "
             "code, so no command prints it",
    "R0004": "only a ccr built without LLVM (CCR_JIT=OFF) prints it, and the tests run one build",
    "R0007": "libccr's internal failure (an exception caught at the C API boundary): no input "
             "causes it on purpose, and no command prints it",
    "R0005": "printed by libccr and the Python module only (runtime/capi/capi_test.c and "
             "python/tests check it): `ccr run --format html` on a batch writes the overview page",
}
ERROR_KIND_RE = re.compile(r'^ERROR_KIND\(\s*(\w+)\s*,\s*"(\w+)"', re.M)

DIAGNOSTIC_RE = re.compile(r'^DIAGNOSTIC\(\s*(\w+)\s*,\s*"(\w+)"', re.M)
OPCODE_RE = re.compile(r'^OPCODE\(\s*(\w+)\s*,\s*"(\w+)"', re.M)
# An instruction line of a listing: `// CHECK:STDOUT:        10  jump_if_false 47`.
INSTRUCTION_RE = re.compile(r"^// CHECK:STDOUT:\s+\d+  ([a-z_]+)\b")


def golden_files(root):
    return sorted((root / "tests" / "golden").rglob("*.ccr"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2],
                        help="the repository root (default: two levels above this script)")
    args = parser.parse_args()
    root = args.root.resolve()

    kinds_def = (root / "compiler/diagnostics/diagnostic_kinds.def").read_text(encoding="utf-8")
    opcodes_def = (root / "runtime/bytecode/opcodes.def").read_text(encoding="utf-8")
    codes = [code for _, code in DIAGNOSTIC_RE.findall(kinds_def)]
    mnemonics = [m for _, m in OPCODE_RE.findall(opcodes_def)]

    check_lines, args_lines = [], []
    for path in golden_files(root):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("// CHECK:"):
                check_lines.append(line)
            elif line.startswith("// ARGS:"):
                args_lines.append(line)
    expectations = "\n".join(check_lines)
    listed = {m.group(1) for m in map(INSTRUCTION_RE.match, check_lines) if m}

    passed = failed = 0

    def report(ok, message):
        nonlocal passed, failed
        print(f"{'PASS' if ok else 'FAIL'}  {message}")
        passed += ok
        failed += not ok

    report(len(codes) > 0, f"diagnostic_kinds.def lists {len(codes)} codes")
    report(len(mnemonics) > 0, f"opcodes.def lists {len(mnemonics)} opcodes")

    for code in codes:
        seen = re.search(rf"\b{code}\b", expectations) is not None
        if code in EXEMPT_DIAGNOSTICS:
            report(not seen, f"{code} exempt: {EXEMPT_DIAGNOSTICS[code]}"
                   + (" (but a golden shows it now: remove the exemption)" if seen else ""))
        else:
            report(seen, f"{code} appears in a golden expectation")
    for stale in sorted(set(EXEMPT_DIAGNOSTICS) - set(codes)):
        report(False, f"exemption for {stale}, which diagnostic_kinds.def does not define")

    for mnemonic in mnemonics:
        seen = mnemonic in listed
        if mnemonic in EXEMPT_OPCODES:
            report(not seen, f"{mnemonic} exempt: {EXEMPT_OPCODES[mnemonic]}"
                   + (" (but a golden shows it now: remove the exemption)" if seen else ""))
        else:
            report(seen, f"opcode {mnemonic} appears in a disassembly golden")
    for stale in sorted(set(EXEMPT_OPCODES) - set(mnemonics)):
        report(False, f"exemption for {stale}, which opcodes.def does not define")

    run_args = "\n".join(args_lines)
    for example in sorted((root / "rules" / "examples").glob("*.json")):
        relative = example.relative_to(root).as_posix()
        report(relative in run_args, f"{relative} is run by a golden test (tests/golden/examples)")

    doc = root / "docs" / "diagnostics.md"
    if doc.exists():
        text = doc.read_text(encoding="utf-8")
        for code in codes:
            report(re.search(rf"\b{code}\b", text) is not None, f"{code} is documented in "
                   "docs/diagnostics.md")
    else:
        print("SKIP  docs/diagnostics.md does not exist yet: not checking that every code is "
              "documented")

    # Runtime errors (R codes): each in a golden expectation and documented in docs/errors.md.
    errors_def = (root / "runtime/base/error_kinds.def").read_text(encoding="utf-8")
    error_codes = [code for _, code in ERROR_KIND_RE.findall(errors_def)]
    report(len(error_codes) > 0, f"error_kinds.def lists {len(error_codes)} codes")
    errors_doc = (root / "docs" / "errors.md").read_text(encoding="utf-8")
    for code in error_codes:
        seen = re.search(rf"\b{code}\b", expectations) is not None
        if code in EXEMPT_ERRORS:
            report(not seen, f"{code} exempt: {EXEMPT_ERRORS[code]}"
                   + (" (but a golden shows it now: remove the exemption)" if seen else ""))
        else:
            report(seen, f"{code} appears in a golden expectation")
        report(re.search(rf"^\| {code} \|", errors_doc, re.M) is not None,
               f"{code} is documented in docs/errors.md")
    for stale in sorted(set(EXEMPT_ERRORS) - set(error_codes)):
        report(False, f"exemption for {stale}, which error_kinds.def does not define")

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
