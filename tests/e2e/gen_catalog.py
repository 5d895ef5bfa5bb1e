#!/usr/bin/env python3
"""Writes a deterministic JSONL product catalogue for batch tests and measurements.

  gen_catalog.py --root REPO --lines N [--errors] > catalog.jsonl

Each line is one of rules/examples/*.json (compact, renamed `P<i>`), some with a fact removed
(undetermined answers), and with --errors every 97th line is bad: malformed JSON or a fact of
the wrong type. The same arguments always give the same bytes. Python 3 standard library only.
"""

import argparse
import json
import random
import sys
from pathlib import Path


def templates(root):
    return [json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((root / "rules" / "examples").glob("*.json"))]


def lines(root, count, errors, seed=5):
    rng = random.Random(seed)
    products = templates(root)
    for i in range(count):
        if errors and i % 97 == 50:
            yield ('{"product": "broken", "category": ' if i % 2 else
                   json.dumps({"product": f"P{i}", "emits_radio": "yes"}))
            continue
        product = dict(products[i % len(products)])
        product["product"] = f"P{i}"
        if i % 5 == 3:  # drop a fact: some scheme may become undetermined
            keys = sorted(k for k in product if k != "product")
            if keys:
                del product[keys[rng.randrange(len(keys))]]
        yield json.dumps(product, separators=(",", ":"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--lines", type=int, required=True)
    parser.add_argument("--errors", action="store_true", help="include bad lines")
    args = parser.parse_args()
    out = sys.stdout
    for line in lines(args.root, args.lines, args.errors):
        out.write(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
