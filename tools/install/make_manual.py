#!/usr/bin/env python3
"""Writes a command's man page and bash completion from the help text it prints.

  make_manual.py --binary build/bin/ccr --man ccr.1 --completion ccr.bash

The page is `BINARY --help` and `BINARY SUB --help` for each subcommand, verbatim, in roff
(no-fill blocks), with NAME, SYNOPSIS, EXIT STATUS, FILES and SEE ALSO around them, so the
manual says exactly what the command says. The completion completes the subcommands, then
that subcommand's options (from the same help text), then file names. Python 3 standard
library only.
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

EXIT_STATUS = [
    ("0", "success; every scheme determined (ccr run), no errors (ccrc)"),
    ("1", "findings: some scheme undetermined (ccr run), errors in the rules or a failed "
          "in-language test (ccrc)"),
    ("2", "the command line is wrong (error R0001)"),
    ("3", "an input cannot be used: an unreadable file, corrupt bytecode, malformed facts"),
    ("4", "an internal error (a bug in ccr)"),
]


def help_text(binary, *args):
    result = subprocess.run([binary, *args, "--help"], capture_output=True, text=True,
                            timeout=60)
    if result.returncode != 0:
        sys.exit(f"{binary} {' '.join(args)} --help exited {result.returncode}")
    return result.stdout


def subcommands(text):
    """The names listed under the help's `Subcommands:` heading."""
    names, inside = [], False
    for line in text.splitlines():
        if re.match(r"^subcommands:\s*$", line, re.I):
            inside = True
            continue
        if inside:
            match = re.match(r"^  (\S+)\s", line)
            if not match:
                break
            names.append(match.group(1))
    return names


def options(text):
    """Every option spelling in a help text: `-o`, `--output`, ..."""
    found = []
    for line in text.splitlines():
        match = re.match(r"^\s+((?:-{1,2}[\w-]+,?)+)", line)
        if match:
            found += [name for name in match.group(1).split(",") if name]
    return found


def roff(text):
    escaped = text.replace("\\", "\\e")
    return "\n".join(("\\&" + line) if line.startswith((".", "'")) else line
                     for line in escaped.splitlines())


def man_page(name, main_help, sub_helps, version):
    summary = main_help.splitlines()[0]
    out = [f'.TH {name.upper()} 1 "" "{version}" "ccr manual"',
           ".SH NAME", f"{name} \\- {roff(summary.split(': ', 1)[-1])}",
           ".SH SYNOPSIS", f".B {name}", "\\fISUBCOMMAND\\fR [\\fIOPTIONS\\fR]",
           ".SH DESCRIPTION", f"This page is the help text {name} prints "
           f"(\\fB{name} --help\\fR and \\fB{name} \\fISUBCOMMAND\\fB --help\\fR).",
           ".PP", ".nf", roff(main_help), ".fi", ".SH SUBCOMMANDS"]
    for sub, text in sub_helps:
        out += [f".SS {sub}", ".nf", roff(text), ".fi"]
    out += [".SH EXIT STATUS"]
    for code, meaning in EXIT_STATUS:
        out += [".TP", f".B {code}", meaning]
    out += [".SH ERRORS", "Every error is printed as \\fBerror[CODE]:\\fR followed by where and "
            "what to do; the codes are listed in docs/errors.md (R codes) and "
            "docs/diagnostics.md (E and W codes) of the ccr documentation.",
            ".SH SEE ALSO", "\\fBccr\\fR(1), \\fBccrc\\fR(1); the Python module \\fBccr\\fR "
            "(python3 -c 'import ccr; help(ccr)'); the C library libccr (ccr.h)."]
    return "\n".join(out) + "\n"


def completion(name, subs):
    cases = "\n".join(f"    {sub}) words='{' '.join(sorted(set(opts)))}' ;;"
                      for sub, opts in subs)
    names = " ".join(sub for sub, _ in subs)
    function = "_" + name.replace("-", "_")
    return f"""# bash completion for {name}, generated from `{name} --help` (tools/install).
{function}() {{
  local current=${{COMP_WORDS[COMP_CWORD]}}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W '{names} --help --version' -- "$current"))
    return
  fi
  local words=''
  case "${{COMP_WORDS[1]}}" in
{cases}
  esac
  if [[ "$current" == -* ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$current"))
  else
    COMPREPLY=($(compgen -f -- "$current"))
  fi
}}
complete -o filenames -F {function} {name}
"""


def write(path, text):
    path = Path(path)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--man", required=True)
    parser.add_argument("--completion", required=True)
    args = parser.parse_args()
    name = Path(args.binary).name
    main_help = help_text(args.binary)
    version = subprocess.run([args.binary, "--version"], capture_output=True, text=True,
                             timeout=60).stdout.strip()
    subs = subcommands(main_help)
    if not subs:
        sys.exit(f"{name} --help lists no subcommands")
    sub_helps = [(sub, help_text(args.binary, sub)) for sub in subs]
    write(args.man, man_page(name, main_help, sub_helps, version))
    write(args.completion, completion(name, [(sub, options(text)) for sub, text in sub_helps]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
