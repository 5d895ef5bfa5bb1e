#!/usr/bin/env python3
"""Writes a damaged copy of a .ccrb file, for the golden tests of bytecode errors.

usage: damage.py KIND IN OUT   KIND: version (format version 99), previous (the format version
before this one: a bundle from an older ccrc), truncate (drop the last byte)
"""
import sys

kind, source, target = sys.argv[1:4]
data = bytearray(open(source, "rb").read())
if kind == "version":
    data[4:6] = (99).to_bytes(2, "little")
elif kind == "previous":
    version = int.from_bytes(data[4:6], "little")
    data[4:6] = (version - 1).to_bytes(2, "little")
elif kind == "truncate":
    data = data[:-1]
else:
    sys.exit(f"unknown kind {kind}")
open(target, "wb").write(bytes(data))
