#!/usr/bin/env python3
"""Writes the rule files that exercise the compiler's limits (too big to check in).

  generate.py nesting DEPTH OUT    a rule whose condition is DEPTH parentheses deep
  generate.py nots COUNT OUT       a rule whose condition is COUNT chained `not`s
  generate.py size BYTES OUT       a valid rule file of exactly BYTES bytes
  generate.py errors COUNT OUT     COUNT lines, each with one unknown-fact error

The limits themselves (syntax::ParseOptions, diag::DiagnosticSink) are 256 levels of
nesting, 8 MiB of source and 100 errors.
"""
import sys

HEADER = ('authority MIIT "Ministry of Industry and Information Technology"\n'
          'scheme SRRC "Radio type approval" by MIIT mandatory\n'
          'fact emits_radio: bool "Contains a radio transmitter"\n')


def chunked(token, count, per_line=64):
    """`count` copies of `token`, on lines of `per_line` copies each."""
    lines, left = [], count
    while left > 0:
        n = min(left, per_line)
        lines.append("\n  " + (token * n).rstrip())
        left -= n
    return "".join(lines)


def main():
    kind, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if kind == "nesting":
        # 64 per line, so that a diagnostic quoting the line stays short.
        text = HEADER + "if" + chunked("(", count) + "\n  emits_radio" + chunked(")", count) + \
            "\nthen require SRRC\n"
    elif kind == "nots":
        # An even number of `not`s, so the condition still reads `emits_radio`.
        text = HEADER + "if" + chunked("not ", count) + "\n  emits_radio then require SRRC\n"
    elif kind == "size":
        body = HEADER + "if emits_radio then require SRRC\n"
        filler = count - len(body.encode()) - len("/*\n*/\n")
        # Short comment lines: a diagnostic that quotes line 1 stays readable.
        lines = []
        while filler > 0:
            n = min(filler, 64)
            lines.append(" " * (n - 1) + "\n")
            filler -= n
        text = body + "/*\n" + "".join(lines) + "*/\n"
    elif kind == "errors":
        text = HEADER + "".join(f"if unknown_{i:03} then require SRRC\n" for i in range(count))
    else:
        sys.exit(f"unknown kind {kind}")
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    assert kind != "size" or len(text.encode()) == count, len(text.encode())


if __name__ == "__main__":
    main()
