#!/usr/bin/env python3
"""End-to-end tests of catalogues in and spreadsheets out (`ccr run` on .jsonl, .csv, .tsv with
--format summary, csv and html): CSV input equal to the same catalogue as exact-key JSONL,
reports joinable to input lines in every format, undeclared names warned once, --strict and
--quiet, hostile text kept inert everywhere, formula injection neutralised, and the HTML
overview at 100,000 products. Uses run_e2e.py's runner and helpers.

  catalog_e2e.py --bin BUILD/bin [--root REPO] [NAME_SUBSTRING...]
"""

import csv
import io
from decimal import Decimal
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_catalog  # noqa: E402
import run_e2e  # noqa: E402
from run_e2e import expect, expect_exit, test  # noqa: E402

run_e2e.TESTS.clear()  # only this file's tests

AS_OF = "2025-06-01"


def cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value) or "{}"
    return str(value)


def to_csv(products, extra_columns=(), separator=","):
    """The products as a table: `product`, every fact any product states, then `extra`."""
    facts = sorted({key for p in products for key in p if key != "product"})
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(["product"] + facts + [name for name, _ in extra_columns])
    for i, product in enumerate(products):
        writer.writerow([product.get("product", "")] +
                        [cell(product[f]) if f in product else "" for f in facts] +
                        [value(i) for _, value in extra_columns])
    return out.getvalue()


def without_line(record):
    record = dict(record)
    record.pop("line", None)
    return record


def summaries(proc):
    return [json.loads(line) for line in proc.stdout_text.splitlines()]


@test
def csv_gives_the_same_results_as_exact_key_jsonl(env):
    """The example products as JSONL with exact keys and as CSV with extra columns (SKU, price,
    a description with commas, quotes and a newline), a BOM and empty cells for unknown facts:
    the same summaries and JSON reports, -j 1 and -j 2; one warning per extra column."""
    products = [json.loads(line) for line in gen_catalog.lines(env.root, 300, errors=False)]
    env.write("c.jsonl", "".join(json.dumps(p) + "\n" for p in products))
    extra = [("SKU", lambda i: f"SKU-{i:05}"), ("Price (CNY)", lambda i: f"{i * 7 % 5000}.00"),
             ("Description", lambda i: f'14", "slim", model {i}\nsecond line')]
    env.write("c.csv", b"\xef\xbb\xbf" + to_csv(products, extra).encode())
    env.write("c.tsv", to_csv(products, separator="\t"))
    for fmt in ("summary", "json"):
        base = env.run("ccr", "run", "--facts", "c.jsonl", "--format", fmt, "--as-of", AS_OF)
        expect(base.returncode in (0, 1), "the JSONL runs", base)
        expected = [without_line(r) for r in summaries(base)]
        expect(len(expected) == len(products), "one record per product", base)
        for source in ("c.csv", "c.tsv"):
            for jobs in (1, 2):
                got = env.run("ccr", "run", "--facts", source, "--format", fmt, "--as-of", AS_OF,
                              "-j", jobs)
                expect_exit(got, base.returncode)
                records = summaries(got)
                expect([without_line(r) for r in records] == expected,
                       f"{source} -j {jobs} --format {fmt}: the same results as the JSONL", got)
        warnings = [l for l in got.stderr_text.splitlines() if l.startswith("warning:")]
        expect(warnings == [], "the TSV has no extra column", got)
    got = env.run("ccr", "run", "--facts", "c.csv", "--format", "summary", "--as-of", AS_OF)
    warnings = [l for l in got.stderr_text.splitlines() if l.startswith("warning:")]
    expect(warnings == [
        f"warning: c.csv: `SKU` is not a declared fact; ignored in 300 products (first on line 2)",
        f"warning: c.csv: `Price (CNY)` is not a declared fact; ignored in 300 products (first on "
        f"line 2)",
        f"warning: c.csv: `Description` is not a declared fact; ignored in 300 products (first "
        f"on line 2)"], "one warning per extra column, with a count", got)
    # The description's quoted newline: product i starts on line 2 + 2 i.
    lines = [r["line"] for r in summaries(got)]
    expect(lines == [2 + 2 * i for i in range(300)], "records numbered by their first line", got)


@test
def every_format_carries_the_input_line_blank_lines_none(env):
    """Blank lines get no record, a failed line one error record, every record its `line`."""
    env.compile_my()
    lines = ['{"product": "A", "emits_radio": true}', "", '{"product": "B"', "   ",
             '{"product": "C", "emits_radio": false}', '{"product": "D", "emits_radio": "yes"}',
             '{"product": "E"}']
    env.write("c.jsonl", "\n".join(lines) + "\n")
    expected = {1: "A", 3: None, 5: "C", 6: None, 7: "E"}
    for fmt in ("json", "summary"):
        proc = env.run("ccr", "run", "my.ccrb", "--facts", "c.jsonl", "--format", fmt,
                       "--as-of", AS_OF)
        expect_exit(proc, 3)
        records = summaries(proc)
        expect({r["line"]: r.get("product") for r in records} == expected,
               f"--format {fmt}: one record per non-blank line, each with its line", proc)
        expect([r["line"] for r in records] == sorted(expected), "in input order", proc)
        expect(all(("error" in r) == (expected[r["line"]] is None) for r in records),
               "failed lines are error records", proc)
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "c.jsonl", "--format", "csv",
                   "--as-of", AS_OF)
    rows = list(csv.DictReader(io.StringIO(proc.stdout_text)))
    expect({int(r["line"]): r["product"] or None for r in rows} == expected, "CSV rows too", proc)
    expect(all((r["error"] != "") == (expected[int(r["line"])] is None) for r in rows),
           "CSV: the error column on failed rows", proc)
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "c.jsonl", "--as-of", AS_OF)
    titles = re.findall(r"^(\w) \(line (\d+)\): certification", proc.stdout_text, re.M)
    expect(titles == [("A", "1"), ("C", "5"), ("E", "7")], "text titles name the line", proc)


@test
def facts_that_contradict_each_other_fail_their_line_named(env):
    """A product whose facts break a constraint (R0309) is an error record that names it, in
    every format, and the next line gets its report."""
    forklift = {"product": "Forklift <FL-2>", "category": "forklift",
                "is_special_equipment": False, "special_equipment_type": "field_motor_vehicle"}
    consistent = dict(forklift, product="Forklift FL-3", is_special_equipment=True)
    env.write("c.jsonl", json.dumps(forklift) + "\n" + json.dumps(consistent) + "\n")
    for fmt in ("json", "summary"):
        proc = env.run("ccr", "run", "--facts", "c.jsonl", "--format", fmt, "--as-of", AS_OF)
        expect_exit(proc, 3)
        first, second = summaries(proc)
        expect(list(first) == ["schema", "line", "product", "error"] and
               first["product"] == "Forklift <FL-2>" and "contradict" in first["error"],
               f"--format {fmt}: the error record names the product", proc)
        expect("error" not in second and second["product"] == "Forklift FL-3",
               f"--format {fmt}: the next line is evaluated", proc)
    proc = env.run("ccr", "run", "--facts", "c.jsonl", "--format", "csv", "--as-of", AS_OF)
    rows = list(csv.DictReader(io.StringIO(proc.stdout_text)))
    expect(rows[0]["product"] == "Forklift <FL-2>" and "R0309" not in rows[0]["product"] and
           "contradict" in rows[0]["error"] and rows[1]["error"] == "",
           "CSV: the error row names the product", proc)
    proc = env.run("ccr", "run", "--facts", "c.jsonl", "--format", "html", "-o", "c.html",
                   "--as-of", AS_OF)
    expect_exit(proc, 3)
    html = (env.tmp / "c.html").read_text()
    expect("<li>line 1 (Forklift &lt;FL-2&gt;): <code>" in html,
           "HTML: the failed line names the product, escaped", proc)


@test
def overview_cells_list_each_obligation_of_a_scheme(env):
    """A scheme attached to components (CCC: the product, its adapter, its cells) shows each
    obligation's status in its matrix cell, under the scheme's own."""
    laptop = json.loads((env.root / "rules/examples/laptop.json").read_text())
    env.write("c.jsonl", json.dumps(laptop) + "\n")
    proc = env.run("ccr", "run", "--facts", "c.jsonl", "--format", "html", "-o", "c.html",
                   "--as-of", AS_OF)
    html = (env.tmp / "c.html").read_text()
    expect("<td class=rm>required mandatory<br><small>The product itself: required mandatory"
           "</small><br><small>Supplied power adapter: required mandatory</small>" in html,
           "the CCC cell lists the product's and the adapter's obligations", proc)
    cells = re.findall(r"<td class=(?:rm|rv|un|ex|nr|av)>(.*?)</td>", html)
    expect(sum("<small>" in c for c in cells) == 1, "only the scheme with components", proc)


@test
def undeclared_keys_warn_once_strict_refuses_quiet_silences(env):
    env.compile_my()
    env.write("c.jsonl", "".join(f'{{"id": {i}, "product": "P{i}", "emits_radio": true}}\n'
                                 for i in range(2000)) + '{"emit_radio": true}\n')
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "c.jsonl", "--format", "summary",
                   "--summary-json", "s.json", "--as-of", AS_OF)
    expect_exit(proc, 1)  # the last product's radio is unknown
    warnings = [l for l in proc.stderr_text.splitlines() if l.startswith("warning:")]
    expect(warnings == [
        "warning: c.jsonl: `id` is not a declared fact; ignored in 2000 products (first on line 1)",
        "warning: c.jsonl: `emit_radio` is not a declared fact; ignored in 1 product (first on "
        "line 2001) (did you mean `emits_radio`?)"], "one warning per name, at the end", proc)
    summary = json.loads((env.tmp / "s.json").read_text())
    expect(summary["undeclared"] == [{"name": "id", "count": 2000, "first_line": 1},
                                     {"name": "emit_radio", "count": 1, "first_line": 2001}]
           and summary["products"] == 2001 and summary["schema"] == "ccr.batch/1",
           f"the JSON summary lists them: {summary}")
    quiet = env.run("ccr", "run", "my.ccrb", "--facts", "c.jsonl", "-q", "--as-of", AS_OF)
    expect_exit(quiet, 1)
    expect(quiet.stderr_text == "", "--quiet: no warnings, no summary", quiet)
    strict = env.run("ccr", "run", "my.ccrb", "--facts", "c.jsonl", "--strict", "-q",
                     "--format", "summary", "--as-of", AS_OF)
    expect_exit(strict, 3)
    errors = strict.stderr_text.splitlines()
    expect(len(errors) == 2001 and errors[0].startswith("error[R0306]: c.jsonl:1: `id` is not"),
           "--strict: every line with an undeclared key fails (errors survive --quiet)", strict)
    env.write("c.csv", "product,emits_radio,SKU\nA,true,1\n")
    strict = env.run("ccr", "run", "my.ccrb", "--facts", "c.csv", "--strict", "--as-of", AS_OF)
    expect_exit(strict, 3)
    expect(strict.stderr_text.startswith("error[R0306]: c.csv:1: `SKU` is not a declared fact"),
           "--strict on a CSV refuses the header", strict)


HOSTILE = ["lap\x1b[31mtop", "nul\x00cut", "bidi\u202eexe.txt", "del\x7f", "c1\u009b31m",
           "iso\u2066x\u2069"]
RAW_BAD = [b"\x1b", b"\x00", "\u202e".encode(), b"\x7f", "\u009b".encode(), "\u2066".encode(),
           b"\xff"]


@test
def hostile_text_stays_inert_in_every_format(env):
    """Terminal escapes, NUL, DEL, C1 controls, bidi overrides and invalid UTF-8 from the input
    never reach stdout or stderr raw, in any message or format."""
    env.compile_my()
    lines = [json.dumps({"product": name, "emits_radio": True}) for name in HOSTILE]
    lines += [json.dumps({"product": "x", "category": name}) for name in HOSTILE]  # errors
    lines += [json.dumps({name: True}) for name in HOSTILE]  # undeclared keys
    data = "\n".join(lines).encode() + b'\n{"product": "bad\xffutf8", "emits_radio": "\xfe"}\n'
    data += b'{"\xff": 1}\n{"product": "x", "emits_radio": tru\x1b[2J}\n'
    env.write("c.jsonl", data)
    table = "product,emits_radio\n" + "".join(f'"{n}",maybe{n}\n' for n in HOSTILE)
    env.write("c.csv", table.encode() + b"bad\xff,\xfe\n")
    for source in ("c.jsonl", "c.csv"):
        for fmt in ("text", "json", "summary", "csv", "html"):
            proc = env.run("ccr", "run", "my.ccrb", "--facts", source, "--format", fmt,
                           "--as-of", AS_OF)
            expect(proc.returncode == 3, f"{source} --format {fmt}: bad lines fail", proc)
            for stream, name in ((proc.stdout, "stdout"), (proc.stderr, "stderr")):
                for bad in RAW_BAD:
                    expect(bad not in stream, f"{source} --format {fmt}: {bad!r} raw on {name}",
                           proc)
            expect("\\u001b" in proc.stderr_text + proc.stdout_text,
                   "the escape is shown, not dropped", proc)
    single = env.write("one.json", json.dumps({"product": HOSTILE[0], "colour\x1b]0;x\x07": 1,
                                               "category": HOSTILE[2]}))
    proc = env.run("ccr", "run", "my.ccrb", "--facts", single, "--as-of", AS_OF)
    expect(all(bad not in proc.stderr for bad in RAW_BAD) and b"\x07" not in proc.stderr,
           "a single object's errors too", proc)


@test
def csv_matrix_neutralises_formulas_and_can_start_with_a_bom(env):
    env.compile_my()
    names = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-5 V adapter", "@SUM(A1)", "\tTab",
             "plain, with comma"]
    env.write("c.jsonl", "".join(json.dumps({"product": n, "emits_radio": True}) + "\n"
                                 for n in names))
    proc = env.run("ccr", "run", "my.ccrb", "--facts", "c.jsonl", "--format", "csv", "--bom",
                   "--as-of", AS_OF)
    expect_exit(proc, 0)
    expect(proc.stdout.startswith(b"\xef\xbb\xbfline,product,"), "--bom starts the file", proc)
    rows = list(csv.reader(io.StringIO(proc.stdout.decode("utf-8-sig"))))
    products = [row[1] for row in rows[1:]]
    expect(products == ["'=HYPERLINK(\"http://x\",\"y\")", "'+1+1", "'-5 V adapter",
                        "'@SUM(A1)", "\\tTab", "plain, with comma"],
           f"formula cells are text: {products}", proc)
    expect(rows[0][-2:] == ["missing", "error"], "the last columns", proc)


@test
def html_overview_of_100k_products_is_capped_and_counts_all(env):
    """100,000 products: the page keeps the first 2,000 rows (and says so), counts all, and
    stays small enough to open; --html-max-products moves the cap."""
    products = [json.loads(line) for line in gen_catalog.lines(env.root, 31, errors=False)]
    block = "".join(json.dumps(p) + "\n" for p in products)
    count = 100_000
    env.write("big.jsonl", block * (count // len(products)) + block[:0])
    lines = (count // len(products)) * len(products)
    proc = env.run("ccr", "run", "--facts", "big.jsonl", "--format", "html", "-o", "big.html",
                   "--as-of", AS_OF, "-q", "-j", 2, timeout=600)
    expect(proc.returncode in (0, 1), "the overview is written", proc)
    page = (env.tmp / "big.html").read_text(encoding="utf-8")
    expect(f"<span id=products>{lines}</span> products" in page, "every product counted", proc)
    expect(page.count("<tr data-s=") == 2000, "2,000 rows", proc)
    expect(f"The matrix shows the first 2000 of {lines} products" in page, "the cap is stated",
           proc)
    size = len(page.encode())
    expect(size < 20 << 20, f"the page stays small enough to open: {size} bytes", proc)
    counts = re.search(r"<table id=counts>.*?</table>", page, re.S).group(0)
    first_row = re.search(r"<tbody>\n<tr>(.*?)</tr>", counts).group(1)
    numbers = [int(n) for n in re.findall(r"<td class=n>(\d+)</td>", first_row)]
    expect(sum(numbers) == lines, "each scheme's counts add up to every product", proc)
    env.write("small.jsonl", block)
    small = env.run("ccr", "run", "--facts", "small.jsonl", "--format", "html", "-o", "s.html",
                    "--html-max-products", 10, "--as-of", AS_OF, "-q")
    expect((env.tmp / "s.html").read_text().count("<tr data-s=") == 10, "the cap moves", small)


PLM_LAYOUT = """
layout plm_export {
  column "SKU" -> product
  column "Type" -> category { "Notebook" | "NB" -> laptop, "Desktop PC" -> desktop_pc }
  column "Radio" -> emits_radio { "Y" | "yes" | "1" | "是" -> true, "N" | "no" | "0" | "否" -> false }
  column "Rated voltage (kV)" -> rated_voltage_v in kV
  column "Radios" -> radio_technologies separated by "|" { "WLAN" -> wifi, "BT" -> bluetooth }
  column "Use" -> intended_use separated by "|"
  ignore "Price (CNY)"
}
"""

TYPE_SYNONYMS = {"laptop": ["Notebook", "NB"], "desktop_pc": ["Desktop PC"]}
RADIO_YES, RADIO_NO = ["Y", "yes", "1", "是"], ["N", "no", "0", "否"]
RADIO_SYNONYMS = {"wifi": "WLAN", "bluetooth": "BT"}


MAPPED = {"product", "category", "emits_radio", "rated_voltage_v", "radio_technologies",
          "intended_use"}
PLM_HEADERS = ["SKU", "Type", "Radio", "Rated voltage (kV)", "Radios", "Use", "Price (CNY)",
               "Description"]


def plm_cells(i, p):
    """Product `i` as a PLM system exports it: its own headers and values (synonyms, kV, `|`
    lists), a price (ignored by the layout) and a description (undeclared); "" is unknown."""
    category = p.get("category", "")
    if category in TYPE_SYNONYMS:
        category = TYPE_SYNONYMS[category][i % len(TYPE_SYNONYMS[category])]
    radio = p.get("emits_radio")
    radio = "" if radio is None else (RADIO_YES if radio else RADIO_NO)[i % 4]
    volts = p.get("rated_voltage_v")
    kilovolts = "" if volts is None else format(Decimal(repr(float(volts))).scaleb(-3), "f")
    radios = p.get("radio_technologies")
    radios = "" if radios is None else "|".join(RADIO_SYNONYMS.get(r, r) for r in radios) or "{}"
    uses = p.get("intended_use")
    return [p["product"], category, radio, kilovolts, radios,
            "" if uses is None else " | ".join(uses) or "{}", f"{i * 13 % 900}.50",
            f'model {i}, "rev" 2\nsecond line']


def plm_export(products, bad_rows=()):
    others = sorted({key for p in products for key in p} - MAPPED)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PLM_HEADERS + others)
    for i, p in enumerate(products):
        if i == 100:
            for row in bad_rows:
                writer.writerow(row + [""] * (len(PLM_HEADERS) + len(others) - len(row)))
        writer.writerow(plm_cells(i, p) + [cell(p[key]) if key in p else "" for key in others])
    return out.getvalue()


def plm_jsonl(products):
    """The same export as JSON Lines: the PLM keys and texts, other facts as JSON values."""
    lines = []
    for i, p in enumerate(products):
        record = {k: v for k, v in zip(PLM_HEADERS, plm_cells(i, p)) if v != ""}
        record.update({k: v for k, v in p.items() if k not in MAPPED})
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


@test
def a_plm_export_through_a_layout_equals_the_exact_key_jsonl(env):
    """The issue's done-when: a CSV export with its own headers, extra columns, synonyms, kV,
    empty cells and bad rows, read through a declared layout, gives the results of the same
    catalogue as exact-key JSONL; one warning per unknown column; bad rows name line, column
    and value and the batch goes on; the CSV matrix and the HTML overview are written."""
    plm = env.write("plm.ccr", PLM_LAYOUT)
    bundle = env.tmp / "b.ccrb"
    proc = env.run("ccrc", "compile", "rules/products", plm, "-o", bundle, cwd=env.root)
    expect_exit(proc, 0)
    products = [json.loads(line) for line in gen_catalog.lines(env.root, 400, errors=False)]
    env.write("exact.jsonl", "".join(json.dumps(p) + "\n" for p in products))
    bad = [["P-bad-1", "Notebook", "maybe", "0.22"],
           ["P-bad-2", "Toaster", "Y", "abc", "WLAN|Zigbee"]]
    env.write("plm.csv", plm_export(products, bad))
    base = env.run("ccr", "run", bundle, "--facts", "exact.jsonl", "--format", "summary",
                   "--as-of", AS_OF)
    expect(base.returncode in (0, 1), "the JSONL runs", base)
    expected = [without_line(r) for r in summaries(base)]
    for jobs in (1, 2):
        got = env.run("ccr", "run", bundle, "--facts", "plm.csv", "--input", "plm_export",
                      "--format", "summary", "--as-of", AS_OF, "-j", jobs)
        expect_exit(got, 3)
        records = summaries(got)
        good = [without_line(r) for r in records if "error" not in r]
        expect(good == expected, f"-j {jobs}: the same results as the exact-key JSONL", got)
        expect(len([r for r in records if "error" in r]) == 2, "two error records", got)
    stderr = got.stderr_text
    expect("column `Radio` (fact `emits_radio`): expected true or false (or " in stderr and
           'got "maybe"' in stderr, "a bad bool names line, column and value", got)
    expect(re.search(r'plm\.csv:\d+: column `Type` \(fact `category`\): no value "Toaster"',
                     stderr) is not None and
           'column `Rated voltage (kV)` (fact `rated_voltage_v`): expected a number (number in '
           'V), got "abc"' in stderr and 'no value "Zigbee"' in stderr,
           "every bad cell of a row is reported", got)
    warnings = [l for l in stderr.splitlines() if l.startswith("warning:")]
    expect(warnings == ["warning: plm.csv: `Description` is not a declared fact; ignored in 400 "
                        "products (first on line 2)"],
           "one warning for the one unknown column (the layout ignores the price)", got)
    matrix = env.run("ccr", "run", bundle, "--facts", "plm.csv", "--input", "plm_export",
                     "--format", "csv", "--as-of", AS_OF, "-o", "matrix.csv", "-q")
    expect_exit(matrix, 3)
    table = list(csv.DictReader(io.StringIO((env.tmp / "matrix.csv").read_text())))
    expect(len(table) == 402 and table[0]["product"] == "P0", "the matrix has every row", matrix)
    page = env.run("ccr", "run", bundle, "--facts", "plm.csv", "--input", "plm_export",
                   "--format", "html", "--as-of", AS_OF, "-o", "overview.html", "-q")
    expect_exit(page, 3)
    html = (env.tmp / "overview.html").read_text()
    expect("<span id=products>400</span> products, <span id=errors>2</span>" in html,
           "the overview counts products and failed rows", page)
    unknown = env.run("ccr", "run", bundle, "--facts", "plm.csv", "--input", "plm_exprt")
    expect_exit(unknown, 2)
    expect("error[R0006]: --input: the bundle has no input layout `plm_exprt`; did you mean "
           "`plm_export`?" in unknown.stderr_text, "an unknown layout", unknown)
    env.write("plm.jsonl", plm_jsonl(products))
    keyed = env.run("ccr", "run", bundle, "--facts", "plm.jsonl", "--input", "plm_export",
                    "--format", "summary", "--as-of", AS_OF)
    expect([without_line(r) for r in summaries(keyed)] == expected,
           "the layout maps JSONL keys the same way", keyed)


if __name__ == "__main__":
    sys.exit(run_e2e.main())
