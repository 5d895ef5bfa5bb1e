#!/usr/bin/env python3
"""Runs a command with a file on its standard input, for golden tests (the runner gives every
command an empty stdin):

  stdin.py FILE PROGRAM [ARGS...]

Passes the command's stdout, stderr and exit code through unchanged.
"""

import subprocess
import sys

if len(sys.argv) < 3:
    sys.exit(__doc__)
with open(sys.argv[1], "rb") as stdin:
    proc = subprocess.run(sys.argv[2:], stdin=stdin, capture_output=True)
sys.stdout.buffer.write(proc.stdout)
sys.stderr.buffer.write(proc.stderr)
sys.exit(proc.returncode)
