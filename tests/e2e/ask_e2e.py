#!/usr/bin/env python3
"""End-to-end tests of `ccr ask` (answers on stdin, `--next` JSON, an interactive session driven
through a real pseudo-terminal with the pty module) and `ccr diff`, as a user runs them.

  ask_e2e.py --bin BUILD/bin [--root REPO] [NAME_SUBSTRING...]

Shares run_e2e.py's helpers (Env, expect, ...). Python 3 standard library only.
"""

import argparse
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_e2e import Failure, describe, expect, expect_exit, run_one  # noqa: E402

TESTS = []
# Generous: a whole interactive session takes a fraction of a second.
PTY_TIMEOUT_SECONDS = 30
AS_OF = "2026-01-01"

# Answers for the seed laptop's radio, telecom and power facts, which partial_laptop.json leaves
# out (the values of rules/examples/laptop.json).
LAPTOP_ANSWERS = {
    "emits_radio": "yes",
    "radio_technologies": "wifi, bluetooth, cellular",
    "radio_micro_power_exempt": "no",
    "connects_public_telecom": "yes",
    "telecom_equipment_class": "terminal",
    "rated_voltage_v": "220 V",
    "power_source": "mains_via_supplied_adapter",
}
# Facts `--next` may also list while the micro-power claim is open: the class and the radio
# facts that decide it (MIIT 2019 No. 52). The laptop's "no" to the claim settles them.
MICRO_POWER_FACTS = {"micro_power_class", "radio_frequency_low_mhz", "radio_frequency_high_mhz",
                     "radio_max_erp_mw"}


def test(function):
    TESTS.append(function)
    return function


def partial_laptop(env):
    return env.root / "tests/golden/ask/inputs/partial_laptop.json"


def full_laptop_statuses(env):
    proc = env.run("ccr", "run", "--facts", env.root / "rules/examples/laptop.json",
                   "--format", "json", "--as-of", AS_OF)
    expect_exit(proc, 0)
    return {r["scheme"]: r["status"] for r in json.loads(proc.stdout_text)["requirements"]}


def next_questions(env, facts_path):
    proc = env.run("ccr", "ask", "--facts", facts_path, "--next", "--as-of", AS_OF)
    expect(proc.returncode in (0, 1), "--next exits 0 or 1", proc)
    return proc, json.loads(proc.stdout_text)


# ---- --next ----

@test
def next_json_schema(env):
    proc, doc = next_questions(env, partial_laptop(env))
    expect_exit(proc, 1)
    expect(proc.stdout_text.count("\n") == 1, "one JSON line", proc)
    expect(doc["schema"] == "ccr.next/1" and doc["as_of"] == AS_OF, "schema and date", proc)
    # CCC is open too: required for the adapter and cells, the laptop's own still undetermined.
    expect(doc["open"] == ["CCC", "SRRC", "NAL", "CHINA_ROHS"], f"open schemes: {doc['open']}", proc)
    facts = [q["fact"] for q in doc["questions"]]
    expect(set(facts) <= set(LAPTOP_ANSWERS) | MICRO_POWER_FACTS,
           f"only unknown facts that matter: {facts}", proc)
    for q in doc["questions"]:
        settles = [a["settles"] for a in q["answers"]]
        expect(q["settles_always"] == min(settles), "settles_always is the minimum", proc)
        expect(abs(q["settles_mean"] - sum(settles) / len(settles)) < 1e-9, "mean", proc)
        expect(set(q["open_in"]) <= set(doc["open"]), "open_in within open", proc)
    means = [q["settles_mean"] for q in doc["questions"]]
    expect(means == sorted(means, reverse=True), "most decisive first", proc)
    # A complete product has nothing to ask.
    proc, doc = next_questions(env, env.root / "rules/examples/laptop.json")
    expect_exit(proc, 0)
    expect(doc["open"] == [] and doc["questions"] == [], "nothing to ask", proc)


# ---- answers on stdin ----

def stdin_answer_order(env):
    """Follows `--next` answer by answer: the order `ccr ask` will ask in."""
    facts = json.loads(partial_laptop(env).read_text())
    order = []
    for _ in range(len(LAPTOP_ANSWERS) + 1):
        path = env.write("step.json", json.dumps(facts))
        _, doc = next_questions(env, path)
        if not doc["questions"]:
            return order
        fact = doc["questions"][0]["fact"]
        order.append(fact)
        full = json.loads((env.root / "rules/examples/laptop.json").read_text())
        facts[fact] = full[fact]
    raise Failure(f"--next kept asking: {order}")


@test
def ask_answers_on_stdin(env):
    order = stdin_answer_order(env)
    answers = "".join(LAPTOP_ANSWERS[fact] + "\n" for fact in order)
    proc = env.run("ccr", "ask", "--facts", partial_laptop(env), "--as-of", AS_OF,
                   "--format", "json", "--save", "laptop_answered.json", stdin=answers)
    expect_exit(proc, 0)
    asked = re.findall(r"^Question \d+: (\w+)", proc.stderr_text, re.M)
    expect(asked == order, f"asked {asked}, --next said {order}", proc)
    report = json.loads(proc.stdout_text)
    expect(report["complete"] is True, "complete after the answers", proc)
    statuses = {r["scheme"]: r["status"] for r in report["requirements"]}
    expect(statuses == full_laptop_statuses(env), f"same answer as the full laptop: {statuses}",
           proc)
    run = env.run("ccr", "run", "--facts", "laptop_answered.json", "--as-of", AS_OF)
    expect_exit(run, 0)


@test
def ask_bad_answer_on_stdin_fails_cleanly(env):
    proc = env.run("ccr", "ask", "--facts", partial_laptop(env), "--as-of", AS_OF,
                   stdin="maybe\n")
    expect_exit(proc, 3)
    expect(proc.stdout_text == "", "no report after a bad answer", proc)
    expect(re.search(r"error\[R0305\]: <stdin>:1: answer to `\w+`: `maybe` is not",
                     proc.stderr_text),
           "names the line, the fact and the problem", proc)


@test
def ask_skips_and_end_of_input(env):
    # Skipping every question ends with the schemes still open and what is known.
    proc = env.run("ccr", "ask", "--facts", partial_laptop(env), "--as-of", AS_OF,
                   stdin="?\nskip\nunknown\n\n" + "?\n" * 12)
    expect_exit(proc, 1)
    expect("still open (CCC, SRRC, NAL, CHINA_ROHS): only the facts you skipped" in proc.stderr_text,
           "says what is still open", proc)
    expect("SRRC: undetermined" in proc.stdout_text, "report with what is known", proc)
    # One answer, then the end of input: stops cleanly with what is known.
    order = stdin_answer_order(env)
    proc = env.run("ccr", "ask", "--facts", partial_laptop(env), "--as-of", AS_OF,
                   stdin=LAPTOP_ANSWERS[order[0]] + "\n")
    expect_exit(proc, 1)
    expect("end of input" in proc.stderr_text, "says input ended", proc)
    expect("certification requirements as of" in proc.stdout_text, "prints the report", proc)


@test
def ask_usage_errors(env):
    proc = env.run("ccr", "ask", "--facts", "-")
    expect_exit(proc, 2)
    proc = env.run("ccr", "ask", "--facts", "missing.json")
    expect_exit(proc, 3)
    expect("missing.json" in proc.stderr_text, "names the file", proc)


# ---- an interactive session in a pseudo-terminal ----

class Terminal:
    """Runs a command on a pseudo-terminal and talks to it like a person."""

    def __init__(self, args, cwd):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(args, cwd=cwd, stdin=slave, stdout=slave, stderr=slave,
                                     close_fds=True)
        os.close(slave)
        self.seen = ""
        self.consumed = 0  # output up to here has been matched already

    def read_until(self, pattern):
        """Reads until `pattern` (a regex) matches the output after the last match; returns
        the match (its `string` is that output)."""
        deadline = time.monotonic() + PTY_TIMEOUT_SECONDS
        while True:
            match = re.search(pattern, self.seen[self.consumed:])
            if match:
                self.consumed += match.end()
                return match
            left = deadline - time.monotonic()
            if left <= 0:
                self.proc.kill()
                raise Failure(f"waited for {pattern!r}; the terminal showed:\n{self.seen[-3000:]}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise Failure(f"output ended before {pattern!r}:\n{self.seen[-3000:]}")
                self.seen += chunk.decode("utf-8", errors="replace").replace("\r\n", "\n")

    def type(self, line):
        os.write(self.master, (line + "\n").encode())

    def finish(self):
        try:
            while True:
                ready, _, _ = select.select([self.master], [], [], PTY_TIMEOUT_SECONDS)
                if not ready:
                    break
                chunk = os.read(self.master, 4096)
                if not chunk:
                    break
                self.seen += chunk.decode("utf-8", errors="replace").replace("\r\n", "\n")
        except OSError:
            pass
        code = self.proc.wait(timeout=PTY_TIMEOUT_SECONDS)
        os.close(self.master)
        return code


@test
def ask_interactive_session_in_a_terminal(env):
    term = Terminal([str(env.bin / "ccr"), "ask", "--facts", str(partial_laptop(env)),
                     "--as-of", AS_OF], env.tmp)
    bad_answer_shown = False
    for _ in range(len(LAPTOP_ANSWERS) + 1):
        match = term.read_until(r"Question \d+: (\w+) \(([^)]*)\)\n|Save these facts")
        if match.group(0).startswith("Save"):
            break
        fact, declared = match.group(1), match.group(2)
        text = term.read_until(r"\n> ").string
        expect("? to skip" in text, f"the prompt says how to skip:\n{text}")
        if declared.startswith("set of") or declared[0].isupper():
            expect(re.search(r"\n +1 \w+", text), f"the allowed values are listed:\n{text}")
        if not bad_answer_shown:
            term.type("definitely-not-valid")
            term.read_until(r"not (yes or no|a number)|no value `definitely-not-valid`")
            term.read_until(r"\n> ")
            bad_answer_shown = True
        term.type(LAPTOP_ANSWERS[fact])
        term.read_until(r"\d+ schemes? still open")
    else:
        raise Failure("never reached the save prompt:\n" + term.seen[-3000:])
    expect(bad_answer_shown, "at least one question was asked")
    expect("Partial laptop: certification requirements as of " + AS_OF in term.seen,
           "the report is printed before the save prompt:\n" + term.seen[-3000:])
    term.type("saved.json")
    term.read_until(r"saved saved\.json")
    code = term.finish()
    expect(code == 0, f"exit {code}, expected 0 (complete):\n{term.seen[-2000:]}")
    saved = json.loads((env.tmp / "saved.json").read_text())
    expect(saved["product"] == "Partial laptop", "the product name is kept")
    run = env.run("ccr", "run", "--facts", "saved.json", "--format", "json", "--as-of", AS_OF)
    expect_exit(run, 0)
    statuses = {r["scheme"]: r["status"] for r in json.loads(run.stdout_text)["requirements"]}
    expect(statuses == full_laptop_statuses(env), f"the saved file gives {statuses}", run)


# ---- ccr diff ----

def examples_catalogue(env):
    """rules/examples/*.json as one JSONL catalogue, as a user would make it."""
    lines = [json.dumps(json.loads(p.read_text()), ensure_ascii=False)
             for p in sorted((env.root / "rules/examples").glob("*.json"))]
    return env.write("catalog.jsonl", "\n".join(lines) + "\n")


@test
def diff_two_bundles_from_an_edited_rules_copy(env):
    catalogue = examples_catalogue(env)
    shutil.copytree(env.root / "rules/products", env.tmp / "old")
    shutil.copytree(env.root / "rules/products", env.tmp / "new")
    ccc = env.tmp / "new/ccc.ccr"
    text = ccc.read_text()
    start = text.index("rule ccc_it_equipment_row")
    end = text.index("}", start)
    edited = text[start:end].replace("rated_voltage_v > 36 V", "rated_voltage_v > 400 V", 1)
    expect(edited != text[start:end], "the rule to edit still reads `rated_voltage_v > 36 V`")
    ccc.write_text(text[:start] + edited + text[end:])
    for name in ("old", "new"):
        expect_exit(env.run("ccrc", "compile", name, "-o", f"{name}.ccrb"), 0)
    proc = env.run("ccr", "diff", "old.ccrb", "new.ccrb", "--facts", catalogue, "--format", "json")
    expect_exit(proc, 1)
    doc = json.loads(proc.stdout_text)
    expect(doc["schema"] == "ccr.diff/1", "schema", proc)
    expect([(e["rule"], e["edit"], e.get("what")) for e in doc["edits"]] ==
           [("ccc_it_equipment_row", "changed", ["condition"])], "exactly the one edit", proc)
    expect(doc["changed"], "some example (the rack server at 220 V) changes", proc)
    for product in doc["changed"]:
        for change in product["changes"]:
            expect(change["scheme"] == "CCC" and change["because"] == ["ccc_it_equipment_row"],
                   f"only CCC changes, because of the edited rule: {change}", proc)
    text_proc = env.run("ccr", "diff", "old.ccrb", "new.ccrb", "--facts", catalogue)
    expect_exit(text_proc, 1)
    expect("rule ccc_it_equipment_row: changed condition; effective from 2003-08-01 "
           "(old/ccc.ccr:" in text_proc.stdout_text,
           "the text names the edit and where it is", text_proc)
    # The same bundle twice: no change, exit 0.
    proc = env.run("ccr", "diff", "old.ccrb", "old.ccrb", "--facts", catalogue)
    expect_exit(proc, 0)


@test
def diff_two_dates_on_the_examples(env):
    catalogue = examples_catalogue(env)
    proc = env.run("ccr", "diff", "--facts", catalogue, "--as-of", "2025-01-01",
                   "--as-of", "2027-09-01", "--format", "json")
    expect_exit(proc, 1)
    doc = json.loads(proc.stdout_text)
    kinds = {e["edit"] for e in doc["edits"]}
    expect(kinds <= {"comes_into_force", "goes_out_of_force"}, f"date edits only: {kinds}", proc)
    edited = {e["rule"] for e in doc["edits"]}
    for product in doc["changed"]:
        for change in product["changes"]:
            expect(change["because"] and set(change["because"]) <= edited,
                   f"each change has causes among the edits: {change}", proc)
    # A bad catalogue line is named, the others are still compared (exit 3).
    bad = env.write("bad.jsonl", catalogue.read_text() + '{"category": "laptopp"}\n')
    proc = env.run("ccr", "diff", "--facts", bad, "--as-of", "2025-01-01", "--as-of", "2027-09-01")
    expect_exit(proc, 3)
    expect("bad.jsonl:31: fact `category` has no value `laptopp`" in proc.stderr_text,
           "names the line and the problem", proc)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, type=Path, help="directory holding ccrc and ccr")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("filters", nargs="*", help="run only tests whose name contains one")
    args = parser.parse_args()
    bin_dir, root = args.bin.resolve(), args.root.resolve()
    if not (bin_dir / "ccr").exists():
        print(f"error: {bin_dir / 'ccr'} does not exist; build it first", file=sys.stderr)
        return 2
    selected = [t for t in TESTS if not args.filters or any(f in t.__name__ for f in args.filters)]
    passed = failed = 0
    for function in selected:
        name, ok, note = run_one(function, bin_dir, root)
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
        if not ok:
            print("\n".join("    " + line for line in note.splitlines()))
        passed += ok
        failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
