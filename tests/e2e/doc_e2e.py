#!/usr/bin/env python3
"""End-to-end tests of `ccrc doc --html`: the static site generated from the real rule sets, as
a user builds it, checked as a browser would read it (every page well formed, every link and
the picture present).

  doc_e2e.py --bin BUILD/bin [--root REPO] [NAME_SUBSTRING...]

Shares run_e2e.py's helpers. Python 3 standard library only.
"""

import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_e2e  # noqa: E402
from run_e2e import expect, expect_clean_error, expect_exit, test  # noqa: E402

run_e2e.TESTS.clear()  # only this file's tests

VOID_ELEMENTS = {"meta", "link", "br", "img", "hr", "input"}


class PageChecker(HTMLParser):
    """Collects links and checks that every element is closed in order."""

    def __init__(self):
        super().__init__()
        self.stack, self.links, self.problems, self.ids = [], [], [], set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            if name in attributes:
                self.links.append(attributes[name])
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def parse_page(path):
    checker = PageChecker()
    checker.feed(path.read_text(encoding="utf-8"))
    checker.close()
    return checker


def check_page(path):
    checker = parse_page(path)
    expect(not checker.problems and not checker.stack,
           f"{path}: badly nested: {checker.problems} open: {checker.stack}")
    for link in checker.links:
        target, _, fragment = link.partition("#")
        expect((path.parent / target).exists(), f"{path}: broken link {link}")
        if fragment:  # `schemes/CCC.html#rule-x`: the page has that id
            expect(fragment in parse_page(path.parent / target).ids,
                   f"{path}: link {link} names no id of its page")
    return path.read_text(encoding="utf-8")


def build_site(env, out="site"):
    proc = env.run("ccrc", "doc", env.root / "rules/products", "--html", env.tmp / out)
    expect_exit(proc, 0)
    expect(proc.stderr_text == "", "expected no warnings (is graphviz installed?)", proc)
    return env.tmp / out


@test
def site_has_a_page_per_scheme_with_rules_and_examples(env):
    site = build_site(env)
    index = check_page(site / "index.html")
    schemes = sorted(p.stem for p in (site / "schemes").glob("*.html"))
    expect(len(schemes) == 20, f"expected the 20 schemes of the stdlib, got {schemes}")
    for scheme in schemes:
        expect(f'href="schemes/{scheme}.html"' in index, f"index does not link {scheme}")
        check_page(site / "schemes" / f"{scheme}.html")
    ccc = (site / "schemes/CCC.html").read_text(encoding="utf-8")
    for fragment in ("中国强制性产品认证", "国家认证认可监督管理委员会", "mandatory",
                     "market_access", "ccc_it_equipment_row", "CNCA",
                     "Worked examples", "expect", "exempt"):
        expect(fragment in ccc, f"CCC page lacks {fragment!r}")
    srrc = (site / "schemes/SRRC.html").read_text(encoding="utf-8")
    expect("radio_telecom_tests.ccr" in srrc and "undetermined" in srrc,
           "SRRC page lacks its worked examples from the in-language tests")


@test
def catalogue_page_lists_entries_with_rows_and_scheme_pages_say_what_to_do_next(env):
    site = build_site(env)
    index = check_page(site / "index.html")
    expect('href="catalogue.html"' in index, "index does not link the catalogue")
    catalogue = check_page(site / "catalogue.html")  # every rule link reaches its rule's row
    for fragment in ("<code>electric_kettle</code>", "CCC 0717", "Electric kettle", "电水壶",
                     "ccc_household_appliances_row", "SAMR Ann. 2023 No. 36",
                     'title="third-party certification', "CEL 0", "<code>rated_voltage_v</code>"):
        expect(fragment in catalogue, f"catalogue lacks {fragment!r}")
    ccc = check_page(site / "schemes/CCC.html")
    for fragment in ("What to do next", "CCC mark", "加施CCC标志", "SAMR Ann. 2023 No. 36",
                     "catalogue rows carry a CCC code"):
        expect(fragment in ccc, f"CCC page lacks {fragment!r}")


@test
def text_from_rule_files_is_escaped_on_every_page(env):
    env.write("acme.ccr", """extend enum Category { acme_widget }
scheme ACME "Acme <b>mark</b>" by SAMR voluntary {
  route "Test <script>alert(1)</script> & file" zh "测试<i>" source "Acme <rules> & co"
}
entry acme_widget: Category "Widget <img src=x>" zh "小<部件>" aka "<aka>"
  code ACME "<01>"
rule acme_row {
  when category == acme_widget
  require ACME by SAMR voluntary
  row ACME "<01>"
  because "Widgets <em>in</em> scope"
  source "Acme Ann. <1>"
}
""")
    proc = env.run("ccrc", "doc", "acme.ccr", "--html", "site")
    expect_exit(proc, 0)
    site = env.tmp / "site"
    catalogue = check_page(site / "catalogue.html")
    acme = check_page(site / "schemes/ACME.html")
    for raw in ("<script>", "<b>mark", "<img", "<i>", "<rules>", "<em>in", "<01>", "<aka>",
                "<部件>", "<1>"):
        expect(raw not in catalogue and raw not in acme, f"unescaped {raw!r} on a page")
    expect("&lt;script&gt;alert(1)&lt;/script&gt; &amp; file" in acme, "route not escaped", proc)
    expect("&lt;01&gt;" in catalogue and "Widget &lt;img src=x&gt;" in catalogue,
           "catalogue row not escaped")


@test
def picture_is_svg_linking_each_scheme(env):
    site = build_site(env)
    svg = ElementTree.parse(site / "authorities.svg").getroot()
    expect(svg.tag.endswith("svg"), f"not an SVG document: {svg.tag}")
    text = (site / "authorities.svg").read_text(encoding="utf-8")
    for fragment in ("schemes/CCC.html", "schemes/SRRC.html", "SAMR", "国家市场监督管理总局"):
        expect(fragment in text, f"picture lacks {fragment!r}")


@test
def regenerating_gives_the_same_bytes(env):
    first, second = build_site(env, "a"), build_site(env, "b")
    for path in sorted(first.rglob("*")):
        if path.is_file() and path.suffix != ".svg":  # dot's SVG carries its own version text
            other = second / path.relative_to(first)
            expect(path.read_bytes() == other.read_bytes(), f"{path.name} differs between runs")


@test
def unwritable_directory_is_a_clean_error(env):
    blocker = env.tmp / "file"
    blocker.write_text("not a directory")
    proc = env.run("ccrc", "doc", env.root / "rules/products", "--html", blocker / "site")
    expect_clean_error(proc, 3, "file")


@test
def html_and_output_together_is_a_usage_error(env):
    proc = env.run("ccrc", "doc", env.root / "rules/products", "--html", "site", "-o", "x.md")
    expect_exit(proc, 2)


@test
def rule_errors_write_no_site(env):
    env.write("bad.ccr", "if emit_radio then require SRRC\n")
    proc = env.run("ccrc", "doc", "bad.ccr", "--html", "site")
    expect_exit(proc, 1)
    expect("E0201" in proc.stderr_text, "expected the unknown-fact diagnostic", proc)
    expect(not (env.tmp / "site").exists(), "a site was written for rules with errors")


@test
def missing_graphviz_still_writes_the_site_and_says_so(env):
    # A PATH without dot: run ccrc by its full path with an empty search path.
    proc = subprocess.run([str(env.bin / "ccrc"), "doc", str(env.root / "rules/products"),
                           "--html", "site"], cwd=env.tmp, env={"PATH": str(env.tmp)},
                          capture_output=True, timeout=60)
    proc.stderr_text = proc.stderr.decode("utf-8", errors="replace")
    proc.stdout_text = proc.stdout.decode("utf-8", errors="replace")
    proc.command = "PATH=<empty> ccrc doc rules/products --html site"
    expect_exit(proc, 0)
    expect("dot" in proc.stderr_text and "graphviz" in proc.stderr_text,
           "expected a warning naming graphviz", proc)
    expect((env.tmp / "site/index.html").exists() and (env.tmp / "site/authorities.dot").exists(),
           "the site and the picture's source should still be written")


if __name__ == "__main__":
    sys.exit(run_e2e.main())
