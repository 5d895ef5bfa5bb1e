#!/usr/bin/env python3
"""End-to-end tests of `ccrc fmt`, typed as a user types it: in place, --check, --stdout, `-`,
a read-only file, a missing file, a file with syntax errors, directories.

  fmt_e2e.py --bin BUILD/bin [--root REPO] [NAME_SUBSTRING...]

Shares run_e2e.py's helpers. Python 3 standard library only.
"""

import os
import stat
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_e2e  # noqa: E402
from run_e2e import expect, expect_clean_error, expect_exit, test  # noqa: E402

run_e2e.TESTS.clear()  # only this file's tests


UNFORMATTED = ("// radio rules\n"
               "if   emits_radio then require SRRC by MIIT mandatory   // the seed sentence\n"
               "\n\n\n"
               "rule ccc_laptop { when category == laptop and rated_voltage_v > 36 V\n"
               "require CCC by CNCA mandatory because \"IT equipment\" }\n")
FORMATTED = ("// radio rules\n"
             "if emits_radio then require SRRC by MIIT mandatory // the seed sentence\n"
             "\n"
             "rule ccc_laptop {\n"
             "  when category == laptop and rated_voltage_v > 36 V\n"
             "  require CCC by CNCA mandatory\n"
             "  because \"IT equipment\"\n"
             "}\n")
BROKEN = "rule r {\n  when category ==\n  require CCC\n}\n"


@test
def rewrites_in_place_and_keeps_comments(env):
    path = env.write("my.ccr", UNFORMATTED)
    proc = env.run("ccrc", "fmt", "my.ccr")
    expect_exit(proc, 0)
    expect(proc.stdout_text == "" and proc.stderr_text == "", "fmt should print nothing", proc)
    expect(path.read_text(encoding="utf-8") == FORMATTED,
           "unexpected formatted text:\n" + path.read_text(encoding="utf-8"))
    # Formatting again changes nothing (and the file still compiles).
    expect_exit(env.run("ccrc", "fmt", "--check", "my.ccr"), 0)
    expect_exit(env.run("ccrc", "check", "my.ccr"), 0)


@test
def leaves_formatted_files_untouched(env):
    path = env.write("my.ccr", FORMATTED)
    os.utime(path, (1_000_000_000, 1_000_000_000))
    expect_exit(env.run("ccrc", "fmt", "my.ccr"), 0)
    expect(path.stat().st_mtime == 1_000_000_000, "a formatted file must not be rewritten")


@test
def keeps_the_file_permissions(env):
    path = env.write("my.ccr", UNFORMATTED)
    path.chmod(0o640)
    expect_exit(env.run("ccrc", "fmt", "my.ccr"), 0)
    expect(stat.S_IMODE(path.stat().st_mode) == 0o640,
           f"mode changed to {oct(stat.S_IMODE(path.stat().st_mode))}")


@test
def check_lists_unformatted_files_and_exits_1(env):
    env.write("rules/a.ccr", UNFORMATTED)
    env.write("rules/b.ccr", FORMATTED)
    env.write("rules/sub/c.ccr", UNFORMATTED)
    proc = env.run("ccrc", "fmt", "--check", "rules")
    expect_exit(proc, 1)
    expect(proc.stdout_text == "rules/a.ccr\nrules/sub/c.ccr\n", "expected the two files", proc)
    expect((env.tmp / "rules/a.ccr").read_text(encoding="utf-8") == UNFORMATTED,
           "--check must not change files")
    expect_exit(env.run("ccrc", "fmt", "rules"), 0)
    proc = env.run("ccrc", "fmt", "--check", "rules")
    expect_exit(proc, 0)
    expect(proc.stdout_text == "", "nothing left to format", proc)


@test
def dash_formats_stdin_to_stdout(env):
    proc = env.run("ccrc", "fmt", "-", stdin=UNFORMATTED)
    expect_exit(proc, 0)
    expect(proc.stdout_text == FORMATTED, "expected the formatted text on stdout", proc)
    proc = env.run("ccrc", "fmt", "--check", "-", stdin=UNFORMATTED)
    expect_exit(proc, 1)
    expect(proc.stdout_text == "<stdin>\n", "expected --check to name stdin", proc)


@test
def stdout_flag_prints_without_rewriting(env):
    path = env.write("my.ccr", UNFORMATTED)
    proc = env.run("ccrc", "fmt", "--stdout", "my.ccr")
    expect_exit(proc, 0)
    expect(proc.stdout_text == FORMATTED, "expected the formatted text", proc)
    expect(path.read_text(encoding="utf-8") == UNFORMATTED, "--stdout must not change the file")


@test
def syntax_errors_are_refused_with_diagnostics(env):
    env.write("bad.ccr", BROKEN)
    good = env.write("good.ccr", UNFORMATTED)
    proc = env.run("ccrc", "fmt", "bad.ccr", "good.ccr")
    expect_exit(proc, 1)
    expect("bad.ccr:3:3: error[E0101]: unexpected `require`" in proc.stderr_text, "expected the parser's diagnostic",
           proc)
    expect("error[R0104]: bad.ccr: not formatted: the file has syntax errors" in proc.stderr_text,
           "expected the refusal", proc)
    expect((env.tmp / "bad.ccr").read_text(encoding="utf-8") == BROKEN, "bad.ccr was changed")
    expect(good.read_text(encoding="utf-8") == FORMATTED, "the other file is still formatted")


@test
def a_read_only_file_is_an_error_not_rewritten(env):
    path = env.write("my.ccr", UNFORMATTED)
    path.chmod(0o444)
    proc = env.run("ccrc", "fmt", "my.ccr")
    expect_clean_error(proc, 3, "my.ccr", "not writable")
    expect(path.read_text(encoding="utf-8") == UNFORMATTED, "a read-only file was rewritten")
    # --check and --stdout only read it.
    expect_exit(env.run("ccrc", "fmt", "--check", "my.ccr"), 1)


@test
def a_missing_file_is_an_input_error(env):
    proc = env.run("ccrc", "fmt", "nope.ccr")
    expect_clean_error(proc, 3, "nope.ccr")


@test
def usage_errors(env):
    expect_exit(env.run("ccrc", "fmt"), 2)
    expect_exit(env.run("ccrc", "fmt", "--check", "--stdout", "x.ccr"), 2)


if __name__ == "__main__":
    sys.exit(run_e2e.main())
