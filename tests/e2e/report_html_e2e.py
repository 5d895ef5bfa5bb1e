#!/usr/bin/env python3
"""End-to-end tests of `ccr run --format html` and `--lang zh`: reports of the real rule sets'
example products, as a user writes them, checked as a browser would read them (well formed) and
as a mail attachment needs them (self-contained: no scripts, no links or sources outside the
page).

  report_html_e2e.py --bin BUILD/bin [--root REPO] [NAME_SUBSTRING...]

Shares run_e2e.py's helpers. Python 3 standard library only.
"""

import json
import sys
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_e2e  # noqa: E402
from run_e2e import expect, expect_exit, expect_usage_error, test  # noqa: E402

run_e2e.TESTS.clear()  # only this file's tests

VOID_ELEMENTS = {"meta", "br", "hr", "input"}  # input: the overview page's filters


class ReportChecker(HTMLParser):
    """Checks that every element is closed in order and collects what could reach outside."""

    def __init__(self):
        super().__init__()
        self.stack, self.problems, self.ids, self.anchors, self.text = [], [], set(), [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "link", "img", "iframe", "object", "embed"):
            self.problems.append(f"<{tag}> in a self-contained report")
        if "src" in attributes:
            self.problems.append(f"<{tag} src={attributes['src']!r}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>: a script")
        if "href" in attributes:
            if not attributes["href"].startswith("#"):
                self.problems.append(f"link out of the page: {attributes['href']!r}")
            self.anchors.append(attributes["href"][1:])
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check_report(html, where):
    """Returns the page's text after checking it is well formed and self-contained."""
    checker = ReportChecker()
    checker.feed(html)
    checker.close()
    expect(html.startswith("<!DOCTYPE html>\n"), f"{where}: no doctype")
    expect(not checker.problems and not checker.stack,
           f"{where}: {checker.problems} still open: {checker.stack}")
    for anchor in checker.anchors:
        expect(anchor in checker.ids, f"{where}: link to #{anchor}, which is not in the page")
    expect("http:" not in html and "https:" not in html and "url(" not in html,
           f"{where}: refers to something outside the page")
    return "".join(checker.text)


def run_html(env, facts, *extra, code=None):
    proc = env.run("ccr", "run", "--facts", facts, "--as-of", "2026-01-01", "--format", "html",
                   *extra)
    expect(proc.returncode in ((0, 1) if code is None else (code,)),
           f"unexpected exit {proc.returncode}", proc)
    return proc


@test
def every_example_product_gives_a_well_formed_self_contained_page(env):
    examples = sorted((env.root / "rules/examples").glob("*.json"))
    expect(len(examples) >= 20, f"expected the example products, got {len(examples)}")
    for path in examples:
        for lang in ("en", "zh"):
            proc = run_html(env, path, "--lang", lang)
            text = check_report(proc.stdout_text, f"{path.name} ({lang})")
            name = json.loads(path.read_text(encoding="utf-8")).get("product")
            if name:
                expect(name in text, f"{path.name}: the page does not name {name!r}")


@test
def laptop_page_has_the_table_and_the_reasons(env):
    proc = run_html(env, env.root / "rules/examples/laptop.json", code=0)
    text = check_report(proc.stdout_text, "laptop.html")
    for fragment in ("Requirements", "China Compulsory Certification", "CNCA", "mandatory",
                     "voluntary", "ccc_it_equipment_row", "SAMR Ann. 2023 No. 36",
                     "rated_voltage_v = 220 V", "5 required, 1 recommended (voluntary)"):
        expect(fragment in text, f"laptop page lacks {fragment!r}")
    expect("Undetermined" not in text, "a complete product has no questions section")


@test
def undetermined_product_lists_questions_that_settle_it(env):
    facts = json.loads((env.root / "rules/examples/laptop.json").read_text(encoding="utf-8"))
    for key in ("rated_voltage_v", "connects_public_telecom", "power_source"):
        del facts[key]
    env.write("draft.json", json.dumps(facts))
    proc = run_html(env, "draft.json", code=1)
    html = proc.stdout_text
    text = check_report(html, "draft.html")
    expect("questions that would settle it" in text, "no questions section", proc)
    # The first question is the one `ccr ask --next` ranks first.
    next_proc = env.run("ccr", "ask", "--facts", "draft.json", "--as-of", "2026-01-01", "--next")
    first = json.loads(next_proc.stdout_text)["questions"][0]["fact"]
    questions = html[html.index("<ol>"):html.index("</ol>")]
    expect(questions.index(f"<code>{first}</code>") < questions.index("</li>"),
           f"the first question should be {first}", proc)


@test
def chinese_page_uses_declared_chinese_names(env):
    proc = run_html(env, env.root / "rules/examples/laptop.json", "--lang", "zh", code=0)
    html = proc.stdout_text
    text = check_report(html, "laptop.zh.html")
    expect('<html lang="zh-CN">' in html, "the page does not declare its language")
    for fragment in ("中国强制性产品认证", "国家认证认可监督管理委员会", "必需", "强制性", "自愿性",
                     "SAMR Ann. 2023 No. 36"):
        expect(fragment in text, f"zh page lacks {fragment!r}")


@test
def chinese_text_report(env):
    proc = env.run("ccr", "run", "--facts", env.root / "rules/examples/laptop.json",
                   "--as-of", "2026-01-01", "--lang", "zh")
    expect_exit(proc, 0)
    for fragment in ("认证要求", "中国强制性产品认证", "必需（强制性）", "要求依据", "必需 5 项，建议 1 项（自愿性）"):
        expect(fragment in proc.stdout_text, f"zh text lacks {fragment!r}", proc)
    json_en = env.run("ccr", "run", "--facts", env.root / "rules/examples/laptop.json",
                      "--as-of", "2026-01-01", "--format", "json")
    json_zh = env.run("ccr", "run", "--facts", env.root / "rules/examples/laptop.json",
                      "--as-of", "2026-01-01", "--format", "json", "--lang", "zh")
    expect(json_en.stdout == json_zh.stdout, "the JSON report must not depend on --lang")


@test
def markup_in_the_facts_is_escaped(env):
    env.write("evil.json", json.dumps({"product": "<script>alert('x')</script> & <b>co</b>",
                                       "category": "laptop"}))
    proc = run_html(env, "evil.json")
    text = check_report(proc.stdout_text, "evil.html")
    expect("<script>alert('x')</script> & <b>co</b>" in text, "the name is not shown as text")
    expect("<script>" not in proc.stdout_text, "markup from the facts reached the page", proc)


@test
def output_file_is_written_and_stdout_stays_empty(env):
    proc = run_html(env, env.root / "rules/examples/laptop.json", "-o", "report.html", code=0)
    expect(proc.stdout_text == "", "expected nothing on stdout with -o", proc)
    check_report((env.tmp / "report.html").read_text(encoding="utf-8"), "report.html")


@test
def a_batch_gets_the_overview_page_and_an_unknown_language_is_a_usage_error(env):
    """A batch with --format html writes the catalogue overview (docs/report.md): well formed,
    nothing from outside, its one inline script (the filters) the only script."""
    env.write("batch.jsonl", '{"category": "laptop"}\n{"category": "smartphone"}\n')
    proc = env.run("ccr", "run", "--facts", "batch.jsonl", "--format", "html")
    expect(proc.returncode == 1, "two undetermined products", proc)
    checker = ReportChecker()
    checker.feed(proc.stdout_text)
    checker.close()
    expect(checker.problems == ["<script> in a self-contained report"] and not checker.stack,
           f"overview: {checker.problems}, still open: {checker.stack}", proc)
    expect(proc.stdout_text.startswith("<!DOCTYPE html>\n") and "http:" not in proc.stdout_text
           and "<span id=products>2</span> products" in proc.stdout_text,
           "the overview of two products", proc)
    expect_usage_error(env.run("ccr", "run", "--facts", "batch.jsonl", "--lang", "fr"))


if __name__ == "__main__":
    sys.exit(run_e2e.main())
