#!/usr/bin/env python3
"""Runs clang-tidy (the checks in .clang-tidy) over the runtime's sources and fails on any
finding.

The files are every translation unit under runtime/ in the build's compile_commands.json
(CMake writes it: CMAKE_EXPORT_COMPILE_COMMANDS), tests left out, so a new source file is
checked once it is in a CMake target; the project headers they include are checked too
(.clang-tidy's HeaderFilterRegex: runtime/base, bytecode, ... and what they include of
compiler/). runtime/ is every library a product goes through in `ccr`. The compiler, the tools,
tests, benchmarks and fuzz targets are left out to keep the run near two minutes on 2 cores:
parsing dominates, about 5 s of CPU per file (12 s for the two that include LLVM), so the cost
is per file, not per check. Run it on more with --all.

A file found clean is remembered in BUILD/lint-tidy-cache under a hash of its compile command,
its text, .clang-tidy, clang-tidy's version and the text of every header under compiler/,
runtime/ and tools/, so a later run checks again only what may have changed (any header edit
checks every file again). Findings are never remembered.

  tidy_test.py --root REPO --build BUILD [-j N] [--all] [--clang-tidy PATH] [FILE_SUBSTRING...]
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

CHECKED = re.compile(r"^runtime/")
# --all: the compiler and the tools too (compiler/syntax and compiler/format include ANTLR's
# headers, which clang 14 does not parse cleanly, so they stay out).
CHECKED_ALL = re.compile(r"^(runtime|compiler|tools)/")
LEFT_OUT = re.compile(r"(_test\.c(pp)?$|/testing/|^compiler/syntax/|^compiler/format/internal/layout)")
FINDING = re.compile(r"^(.*?):(\d+):(\d+): (warning|error): (.*) \[([\w.,-]+)\]$", re.MULTILINE)


def translation_units(root, build, checked):
    path = os.path.join(build, "compile_commands.json")
    with open(path, encoding="utf-8") as f:
        commands = json.load(f)
    files = set()
    for command in commands:
        rel = os.path.relpath(os.path.join(command["directory"], command["file"]), root)
        if checked.match(rel) and not LEFT_OUT.search(rel):
            files.add(rel)
    return sorted(files)


def project_headers_digest(root):
    """Hashes the text of every project header: a change to any of them rechecks every file."""
    digest = hashlib.sha256()
    for folder in ("compiler", "runtime", "tools"):
        for directory, subdirs, names in os.walk(os.path.join(root, folder)):
            subdirs.sort()
            for name in sorted(names):
                if name.endswith((".h", ".def")):
                    path = os.path.join(directory, name)
                    digest.update(os.path.relpath(path, root).encode())
                    with open(path, "rb") as f:
                        digest.update(hashlib.sha256(f.read()).digest())
    return digest.hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("-j", type=int, default=2)
    parser.add_argument("--clang-tidy", default="clang-tidy-14")
    parser.add_argument("--all", action="store_true", help="the compiler and tools too")
    parser.add_argument("only", nargs="*", help="check only files containing one of these")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    tool = shutil.which(args.clang_tidy)
    if tool is None:
        print(f"error: `{args.clang_tidy}` not found; `./dev deps` installs it (Debian "
              f"package clang-tidy-14)", file=sys.stderr)
        return 1
    if not os.path.exists(os.path.join(args.build, "compile_commands.json")):
        print(f"error: no compile_commands.json in {args.build}; configure with CMake first",
              file=sys.stderr)
        return 1
    files = translation_units(root, os.path.abspath(args.build),
                              CHECKED_ALL if args.all else CHECKED)
    if args.only:
        files = [f for f in files if any(part in f for part in args.only)]

    with open(os.path.join(root, ".clang-tidy"), "rb") as f:
        config = f.read()
    version = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout
    with open(os.path.join(args.build, "compile_commands.json"), encoding="utf-8") as f:
        commands = {os.path.relpath(os.path.join(c["directory"], c["file"]), root):
                    c.get("command", " ".join(c.get("arguments", []))) for c in json.load(f)}
    shared = hashlib.sha256(config + version.encode() +
                            project_headers_digest(root).encode()).hexdigest()
    cache = os.path.join(args.build, "lint-tidy-cache")
    os.makedirs(cache, exist_ok=True)

    def cache_key(file):
        with open(os.path.join(root, file), "rb") as f:
            text = f.read()
        return hashlib.sha256(shared.encode() + commands.get(file, "").encode() +
                              text).hexdigest()

    def tidy(file):
        stamp = os.path.join(cache, cache_key(file))
        if os.path.exists(stamp):
            return file, None
        proc = subprocess.run([tool, "-p", args.build, "--quiet", file], cwd=root,
                              capture_output=True, text=True)
        if proc.returncode == 0 and not FINDING.search(proc.stdout):
            with open(stamp, "w", encoding="utf-8") as f:
                f.write(file + "\n")
        return file, proc

    findings = {}  # (file, line, col, check) -> the finding's lines, each reported once
    failed = []
    skipped = 0  # clean when last checked, unchanged since
    with ThreadPoolExecutor(max_workers=max(1, args.j)) as pool:
        for file, proc in pool.map(tidy, files):
            if proc is None:
                skipped += 1
                continue
            current = None
            for line in proc.stdout.splitlines():
                match = FINDING.match(line)
                if match:
                    where = os.path.relpath(os.path.join(root, match.group(1)), root)
                    key = (where, int(match.group(2)), int(match.group(3)), match.group(6))
                    current = findings.setdefault(key, []) if key not in findings else None
                    if current is not None:
                        current.append(f"{where}:{match.group(2)}:{match.group(3)}: "
                                       f"{match.group(5)} [{match.group(6)}]")
                elif current is not None and line.strip():
                    current.append(line)
            if proc.returncode != 0 and not proc.stdout.strip():
                failed.append(f"{file}: {args.clang_tidy} failed:\n{proc.stderr}")
    for problem in failed:
        print(f"error: {problem}", file=sys.stderr)
    for key in sorted(findings):
        print("\n".join(findings[key]), file=sys.stderr)
    if findings or failed:
        print(f"\nerror: {len(findings)} clang-tidy finding(s) in {len(files)} files; fix them, "
              f"or say in .clang-tidy why a check does not fit", file=sys.stderr)
        return 1
    print(f"tidy: {len(files)} files, no findings ({skipped} unchanged since a clean check)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
