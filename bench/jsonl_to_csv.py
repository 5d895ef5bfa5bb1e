#!/usr/bin/env python3
"""Writes a JSONL catalogue as the same catalogue in CSV (header `product` and every fact any
line states; sets as `a;b`; an empty cell for an unknown fact), streaming, for bench/catalog.

  jsonl_to_csv.py IN.jsonl OUT.csv

Two passes over the input (the header needs every key), constant memory. Standard library only.
"""

import csv
import json
import sys


def cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value) or "{}"
    return "" if value is None else str(value)


def main():
    source, target = sys.argv[1], sys.argv[2]
    keys = set()
    with open(source, encoding="utf-8") as lines:
        for line in lines:
            keys.update(json.loads(line))
    keys.discard("product")
    columns = ["product"] + sorted(keys)
    with open(source, encoding="utf-8") as lines, open(target, "w", encoding="utf-8",
                                                       newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for line in lines:
            product = json.loads(line)
            writer.writerow([cell(product.get(key)) for key in columns])


if __name__ == "__main__":
    main()
