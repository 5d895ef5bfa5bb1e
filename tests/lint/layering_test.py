#!/usr/bin/env python3
"""Checks that the phase libraries depend on each other one way, as their CMake links say.

Reads the link graph CMake writes at generate time (tests/lint/CMakeLists.txt: each ccr_library
with its folder, sources and direct link libraries) and fails when
  - the links among ccr libraries have a cycle (static libraries allow one; the layering does
    not), or
  - a file of a library under compiler/ or runtime/ includes a header of another library that
    it does not link, directly or through others (a header used against the link direction).
Test-only code (`*_test.cpp`, `testing/` folders) is left out: test binaries have their own
links. Usage: layering_test.py --graph build/layering.txt --root .
"""

import argparse
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)
CHECKED_TREES = ("compiler/", "runtime/")


def read_graph(path, root):
    """Returns {library: (folder, [direct ccr deps])} from the generated graph file."""
    libraries = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            name, source_dir, sources, links = line.split("|")
            folders = []
            for source in filter(None, sources.split(";")):
                full = source if os.path.isabs(source) else os.path.join(source_dir, source)
                rel = os.path.relpath(os.path.normpath(full), root)
                if rel.startswith(".."):
                    continue  # generated in the build tree
                folders.append(os.path.dirname(rel).split(os.sep))
            folder = os.path.commonprefix(folders) if folders else []
            deps = [d for d in links.split(";") if d]
            libraries[name] = ("/".join(folder), deps)
    for name, (folder, deps) in libraries.items():
        libraries[name] = (folder, [d for d in deps if d in libraries])
    return libraries


def find_cycle(libraries):
    """Returns one cycle as a list of names, or None."""
    state = {}

    def visit(name, path):
        state[name] = "open"
        for dep in libraries[name][1]:
            if state.get(dep) == "open":
                return path[path.index(dep):] + [dep] if dep in path else [name, dep]
            if dep not in state:
                found = visit(dep, path + [dep])
                if found:
                    return found
        state[name] = "done"
        return None

    for name in sorted(libraries):
        if name not in state:
            found = visit(name, [name])
            if found:
                return found
    return None


def reachable(libraries, name):
    seen, stack = set(), [name]
    while stack:
        for dep in libraries[stack.pop()][1]:
            if dep not in seen:
                seen.add(dep)
                stack.append(dep)
    return seen


def owner(folders, path):
    """Returns the library whose folder is the longest prefix of `path`, or None."""
    best = None
    for folder, name in folders.items():
        if folder and (path == folder or path.startswith(folder + "/")):
            if best is None or len(folder) > len(best[0]):
                best = (folder, name)
    return best[1] if best else None


def test_only(path):
    return path.endswith("_test.cpp") or "/testing/" in path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--graph", required=True)
    parser.add_argument("--root", required=True)
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    libraries = read_graph(args.graph, root)
    problems = []

    cycle = find_cycle(libraries)
    if cycle:
        problems.append("the links form a cycle: " + " -> ".join(cycle) +
                        "; a library may link only the phases before it")

    folders = {folder: name for name, (folder, _) in libraries.items()
               if folder.startswith(CHECKED_TREES)}
    for folder, name in sorted(folders.items()):
        allowed = reachable(libraries, name) | {name}
        for directory, subdirs, files in os.walk(os.path.join(root, folder)):
            subdirs.sort()
            for file in sorted(files):
                if not file.endswith((".h", ".cpp")):
                    continue
                path = os.path.relpath(os.path.join(directory, file), root).replace(os.sep, "/")
                if test_only(path) or owner(folders, path) != name:
                    continue
                with open(os.path.join(root, path), encoding="utf-8") as f:
                    text = f.read()
                for included in INCLUDE.findall(text):
                    target = owner({**folders, **{f: n for n, (f, _) in libraries.items()}},
                                   included)
                    if target is None or target in allowed:
                        continue
                    problems.append(
                        f"{path}: includes `{included}` of {target}, but {name} does not link "
                        f"{target}; move the code to the library that owns it, or link it in "
                        f"runtime/ or compiler/CMakeLists.txt if the direction is right")

    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"layering: {len(libraries)} libraries, links one way, includes follow the links")
    return 0


if __name__ == "__main__":
    sys.exit(main())
