#!/usr/bin/env python3
"""End-to-end tests of determinism: the same inputs give the same bytes (bundles, reports,
`ccr ask --next`, `ccr diff`), whatever the thread count, the order files were created or named
in, the time zone, the locale, or where the outputs go.

  determinism_e2e.py --bin BUILD/bin [--root REPO] [NAME_SUBSTRING...]

Shares run_e2e.py's helpers. Python 3 standard library only.
"""

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_catalog  # noqa: E402
import run_e2e  # noqa: E402
from run_e2e import expect, expect_exit, test  # noqa: E402

run_e2e.TESTS.clear()  # only this file's tests

AS_OF = "2025-06-01"
# Environments that must not change a byte: another time zone (far from UTC, on both sides),
# another locale, another directory for temporary files.
ENVIRONMENTS = [
    {"TZ": "UTC", "LC_ALL": "C"},
    {"TZ": "Asia/Shanghai", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
    {"TZ": "Pacific/Kiritimati", "LC_ALL": "POSIX"},
]
# Three small rule files that only make sense together (a fact declared in one, used in others),
# so that their order would show in the bundle if it mattered.
RULE_FILES = {
    "facts.ccr": "fact water_rated: bool \"whether the product is rated waterproof\"\n",
    "radio.ccr": ("rule radio { when emits_radio require SRRC by MIIT mandatory "
                  "because \"radio\" }\n"),
    "water.ccr": ("rule water { when water_rated and emits_radio require CCC by CNCA mandatory "
                  "because \"waterproof radio\" }\n"),
}


def compile_bytes(env, *args, cwd=None, extra_env=None, out="out.ccrb"):
    proc = env.run("ccrc", "compile", *args, "-o", out, cwd=cwd, extra_env=extra_env)
    expect_exit(proc, 0)
    return Path(cwd or env.tmp, out).read_bytes()


def write_rules(directory, names):
    """Creates the rule files in the order given (a directory lists entries in an order that
    depends on how they were created)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in names:
        (directory / name).write_text(RULE_FILES[name], encoding="utf-8")


@test
def compile_a_directory_whatever_the_creation_order(env):
    names = sorted(RULE_FILES)
    orders = [names, names[::-1], [names[1], names[2], names[0]]]
    results = []
    for i, order in enumerate(orders):
        work = env.tmp / f"w{i}"
        write_rules(work / "rules", order)
        # Nested folders too, created in another order.
        (work / "rules" / "z").mkdir()
        (work / "rules" / "a").mkdir()
        (work / "rules" / "z" / "more.ccr").write_text("// nothing yet\n", encoding="utf-8")
        results.append(compile_bytes(env, "rules", cwd=work))
    expect(results[0] == results[1] == results[2],
           "a directory compiles to the same bytes whatever order its files were created in")


@test
def compile_files_in_any_order_gives_one_bundle(env):
    write_rules(env.tmp, sorted(RULE_FILES))
    names = sorted(RULE_FILES)
    reference = compile_bytes(env, *names)
    for order in ([names[2], names[0], names[1]], names[::-1], [names[1], names[2], names[0]]):
        expect(compile_bytes(env, *order) == reference,
               f"`ccrc compile {' '.join(order)}` gives the bundle of `{' '.join(names)}`")
    # Naming a file twice, or a directory and a file in it, compiles it once.
    (env.tmp / "d").mkdir()
    write_rules(env.tmp / "d", names)
    from_dir = compile_bytes(env, "d", cwd=env.tmp)
    expect(compile_bytes(env, "d/water.ccr", "d", "d/radio.ccr") == from_dir,
           "a file named as well as its directory counts once")
    # Diagnostics come in the same order too.
    (env.tmp / "bad1.ccr").write_text("if emit_radio then require SRRC by MIIT mandatory\n")
    (env.tmp / "bad2.ccr").write_text("if water_rate then require CCC by CNCA mandatory\n")
    one = env.run("ccrc", "check", "facts.ccr", "bad1.ccr", "bad2.ccr")
    two = env.run("ccrc", "check", "bad2.ccr", "facts.ccr", "bad1.ccr")
    expect_exit(one, 1)
    expect(one.stderr == two.stderr, "the same diagnostics in the same order", two)


@test
def compile_in_another_environment_gives_the_same_bytes(env):
    rules = env.root / "rules"
    results = []
    for i, extra in enumerate(ENVIRONMENTS):
        # Outputs in different directories (the temporary file is created beside the target),
        # with TMPDIR elsewhere too.
        out_dir = env.tmp / f"out{i}" / "deeper"
        out_dir.mkdir(parents=True)
        tmpdir = env.tmp / f"tmp{i}"
        tmpdir.mkdir()
        proc = env.run("ccrc", "compile", "rules", "-o", out_dir / "rules.ccrb", cwd=env.root,
                       extra_env={**extra, "TMPDIR": str(tmpdir)})
        expect_exit(proc, 0)
        results.append((out_dir / "rules.ccrb").read_bytes())
    expect(rules.exists() and results[0] == results[1] == results[2],
           "compiling rules/ under other time zones, locales and output directories")
    # A copy of the rules in a fresh directory, compiled from there: the bundle records paths
    # as named on the command line, so the same relative path gives the same bytes.
    copy = env.tmp / "checkout"
    shutil.copytree(rules, copy / "rules")
    expect(compile_bytes(env, "rules", cwd=copy, out="rules.ccrb") == results[0],
           "the same rules in another checkout compile to the same bytes")


@test
def reports_same_bytes_across_threads_runs_and_environments(env):
    count = 1500
    env.write("catalog.jsonl", "".join(line + "\n" for line in
                                       gen_catalog.lines(env.root, count, errors=True)))
    formats = (["--format", "json"], ["--all", "--lang", "zh"], ["--all"])
    for extra_args in formats:
        outputs = []
        for jobs, extra in ((1, ENVIRONMENTS[0]), (2, ENVIRONMENTS[1]), (8, ENVIRONMENTS[2]),
                            (8, ENVIRONMENTS[0])):
            out = f"r{jobs}-{len(outputs)}.out"
            proc = env.run("ccr", "run", "--facts", "catalog.jsonl", "--as-of", AS_OF, *extra_args,
                           "-j", jobs, "-o", out, "--quiet", extra_env=extra)
            expect_exit(proc, 3)  # the catalogue has bad lines
            outputs.append((env.tmp / out).read_bytes())
        expect(outputs[0] and all(o == outputs[0] for o in outputs),
               f"`ccr run {' '.join(extra_args)}` writes the same bytes with -j 1, 2, 8, "
               "twice, in other environments")
    # One product's html page, twice and elsewhere.
    laptop = env.root / "rules" / "examples" / "laptop.json"
    pages = [env.run("ccr", "run", "--facts", laptop, "--as-of", AS_OF, "--format", "html",
                     extra_env=extra).stdout for extra in ENVIRONMENTS]
    expect(pages[0] and pages[0] == pages[1] == pages[2], "the html page is the same")


@test
def ask_next_and_diff_same_bytes_across_runs_and_environments(env):
    env.write("partial.json", '{"product": "Gadget", "emits_radio": true}\n')
    asks = [env.run("ccr", "ask", "--facts", "partial.json", "--next", "--as-of", AS_OF,
                    extra_env=extra) for extra in ENVIRONMENTS + ENVIRONMENTS]
    expect(asks[0].stdout_text.strip() != "", "ask --next prints the questions", asks[0])
    for proc in asks:
        expect(proc.returncode == asks[0].returncode and proc.stdout == asks[0].stdout,
               "ask --next prints the same bytes", proc)
    env.write("catalog.jsonl", "".join(line + "\n" for line in
                                       gen_catalog.lines(env.root, 400, errors=False)))
    for fmt in ("text", "json"):
        diffs = [env.run("ccr", "diff", "--facts", "catalog.jsonl", "--as-of", "2019-01-01",
                         "--as-of", AS_OF, "--format", fmt, extra_env=extra)
                 for extra in ENVIRONMENTS + ENVIRONMENTS]
        expect(diffs[0].stdout_text.strip() != "", "diff prints the changes", diffs[0])
        for proc in diffs:
            expect(proc.returncode == diffs[0].returncode and proc.stdout == diffs[0].stdout,
                   f"diff --format {fmt} prints the same bytes", proc)


if __name__ == "__main__":
    sys.exit(run_e2e.main())
