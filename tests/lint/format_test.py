#!/usr/bin/env python3
"""Fails when a C++ file of the project differs from what clang-format makes of it.

Every *.h and *.cpp under the source folders is checked, tracked by git or not, so a new file
is checked the day it is added. The style is .clang-format at the root; the formatter is
clang-format 14 (Debian 12's, installed by `./dev deps`): another version may lay some lines
out differently. To fix: clang-format-14 -i FILE... (the failure lists them).

  format_test.py --root REPO [--clang-format PATH] [--fix]   (--fix: format them in place)
"""

import argparse
import os
import shutil
import subprocess
import sys

# The folders holding our C++ (generated code lives in the build directory, outside them).
SOURCE_FOLDERS = ("bench", "compiler", "fuzz", "runtime", "tests", "tools")
SKIPPED_FOLDERS = {"node_modules"}
EXTENSIONS = (".h", ".cpp")
# Files per clang-format process: bounds the command line.
BATCH = 64


def source_files(root):
    files = []
    for folder in SOURCE_FOLDERS:
        for directory, subdirs, names in os.walk(os.path.join(root, folder)):
            subdirs[:] = sorted(d for d in subdirs if d not in SKIPPED_FOLDERS)
            files.extend(os.path.relpath(os.path.join(directory, name), root)
                         for name in sorted(names) if name.endswith(EXTENSIONS))
    return files


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--clang-format", default="clang-format-14")
    parser.add_argument("--fix", action="store_true", help="format the differing files in place")
    args = parser.parse_args()
    tool = shutil.which(args.clang_format)
    if tool is None:
        print(f"error: `{args.clang_format}` not found; `./dev deps` installs it (Debian "
              f"package clang-format-14)", file=sys.stderr)
        return 1
    files = source_files(args.root)
    differing = []
    for start in range(0, len(files), BATCH):
        batch = files[start:start + BATCH]
        # --dry-run -Werror: one `file:line:col: error: code should be clang-formatted`
        # per differing place, and a failing exit status.
        proc = subprocess.run([tool, "--dry-run", "-Werror", "--style=file", *batch],
                              cwd=args.root, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr)
            for path in batch:
                if path + ":" in proc.stderr:
                    differing.append(path)
            if not any(path + ":" in proc.stderr for path in batch):
                print(f"error: {args.clang_format} failed on {batch[0]}...", file=sys.stderr)
                return 1
    if differing and args.fix:
        subprocess.run([tool, "-i", "--style=file", *differing], cwd=args.root, check=True)
        print(f"format: formatted {len(differing)} file(s): " + " ".join(differing))
        return 0
    if differing:
        print(f"\nerror: {len(differing)} file(s) are not clang-formatted; fix with:\n"
              f"  {args.clang_format} -i " + " ".join(differing), file=sys.stderr)
        return 1
    print(f"format: {len(files)} files match .clang-format")
    return 0


if __name__ == "__main__":
    sys.exit(main())
