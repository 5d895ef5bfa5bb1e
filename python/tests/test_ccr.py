"""The Python module `ccr`: every function and exception, byte equality with `ccr run` and
`ccr ask --next`, pickling, threads, and flat memory over 100k evaluations.

Run by ctest (python.module) with PYTHONPATH at the build's python/ tree, CCR_BIN at the
built ccr and CCR_ROOT at the repository."""

import datetime
import hashlib
import json
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import ccr

BIN = Path(os.environ["CCR_BIN"])
ROOT = Path(os.environ["CCR_ROOT"])
EXAMPLES = ROOT / "rules" / "examples"
AS_OF = "2025-06-01"


def ccr_run(*args, stdin=None):
    return subprocess.run([str(BIN / "ccr"), *args], input=stdin, capture_output=True,
                          timeout=120)


@pytest.fixture(scope="module")
def bundle():
    return ccr.Bundle.default()


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    """gen_catalog's lines (bad lines, missing facts) with blank lines and unknown keys."""
    generated = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "e2e" / "gen_catalog.py"), "--root", str(ROOT),
         "--lines", "400", "--errors"], capture_output=True, check=True, timeout=60).stdout
    lines = []
    for number, line in enumerate(generated.splitlines(keepends=True), 1):
        if number % 31 == 0:
            lines.append(b"\n")
        if number % 37 == 0:
            lines.append(b'{"product": "extra", "colour": "red"}\n')
        lines.append(line)
    path = tmp_path_factory.mktemp("catalog") / "catalog.jsonl"
    path.write_bytes(b"".join(lines))
    return path


def test_version():
    assert ccr.version() and ccr.version()[0].isdigit()
    assert ccr.bytecode_format_version() >= 1
    assert ccr_run("--version").stdout.decode().startswith(f"ccr {ccr.version()}")


def test_default_bundle_bytes_and_hash(bundle):
    data = bundle.to_bytes()
    assert data[:4] == b"CCRB"
    assert bundle.hash == hashlib.sha256(data).hexdigest()
    assert ccr.Bundle.from_bytes(data) == bundle
    assert hash(ccr.Bundle.from_bytes(data)) == hash(bundle)
    assert "sha256=" in repr(bundle)


@pytest.mark.parametrize("example", ["laptop", "power_bank", "smoke_alarm", "car"])
@pytest.mark.parametrize("format", ["text", "json", "html"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_evaluate_matches_ccr_run(bundle, example, format, lang):
    path = EXAMPLES / f"{example}.json"
    expected = ccr_run("run", "--facts", str(path), "--as-of", AS_OF, "--format", format,
                       "--lang", lang)
    facts = json.loads(path.read_text(encoding="utf-8"))
    # A dict (re-serialised), the file's text and its bytes give the same report.
    report = bundle.evaluate(facts, as_of=AS_OF, format=format, lang=lang, where=str(path))
    assert report.encode("utf-8") == expected.stdout
    assert bundle.evaluate(path.read_bytes(), as_of=datetime.date(2025, 6, 1), format=format,
                           lang=lang, where=str(path)).encode() == expected.stdout


def test_evaluate_all(bundle):
    path = EXAMPLES / "laptop.json"
    expected = ccr_run("run", "--facts", str(path), "--as-of", AS_OF, "--all", "--format", "json")
    assert bundle.evaluate(path.read_text(), as_of=AS_OF, all=True,
                           format="json").encode() == expected.stdout


@pytest.mark.parametrize("format", ["text", "json"])
def test_evaluate_lines_matches_ccr_run(bundle, catalog, format):
    expected = ccr_run("run", "--facts", str(catalog), "--as-of", AS_OF, "--format", format, "-q")
    assert expected.returncode == 3  # bad lines
    for threads in (1, 2, 0):
        result = bundle.evaluate_lines(catalog.read_bytes(), as_of=AS_OF, format=format,
                                       threads=threads, where=str(catalog))
        assert result.data == expected.stdout
        assert result.output == expected.stdout.decode()
        assert result.diagnostics == expected.stderr.decode()
        assert result.exit_code == expected.returncode
        counts = result.counts
        assert counts["errors"] > 0 and counts["first_error_line"] > 0
        assert counts["products"] + counts["errors"] < counts["lines"]  # blank lines
        assert "BatchResult" in repr(result)


@pytest.mark.parametrize("format", ["json", "summary", "csv"])
def test_evaluate_lines_to_a_file(bundle, catalog, tmp_path, format):
    """`out=` streams the reports to a file, byte for byte what `ccr run -o` writes, and keeps
    none of them in memory; a file that cannot be written leaves no partial file."""
    expected = ccr_run("run", "--facts", str(catalog), "--as-of", AS_OF, "--format", format,
                       "-q")
    out = tmp_path / f"reports.{format}"
    out.write_bytes(b"the previous file")
    result = bundle.evaluate_lines(catalog.read_bytes(), as_of=AS_OF, format=format,
                                   where=str(catalog), out=out)
    assert out.read_bytes() == expected.stdout
    assert result.data == b""
    assert result.diagnostics == expected.stderr.decode()
    assert result.exit_code == expected.returncode
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary left
    # A directory that does not exist: OutputError naming the file, nothing written.
    missing = tmp_path / "no-such-dir" / "reports.jsonl"
    with pytest.raises(ccr.OutputError) as caught:
        bundle.evaluate_lines(catalog.read_bytes(), as_of=AS_OF, out=missing)
    assert caught.value.code == "R0102" and "no-such-dir" in caught.value.message
    assert isinstance(caught.value, OSError)
    assert not missing.parent.exists()


def test_evaluate_lines_from_products(bundle):
    products = [json.loads((EXAMPLES / f"{name}.json").read_text())
                for name in ("laptop", "car")]
    from_dicts = bundle.evaluate_lines(products, as_of=AS_OF, format="json")
    text = "".join(json.dumps(p) + "\n" for p in products)
    assert from_dicts.data == bundle.evaluate_lines(text, as_of=AS_OF, format="json").data
    # Pretty-printed JSON texts are put on one line each.
    pretty = [(EXAMPLES / "laptop.json").read_text(), (EXAMPLES / "car.json").read_text()]
    assert bundle.evaluate_lines(pretty, as_of=AS_OF, format="json").data == from_dicts.data
    assert bundle.evaluate_lines([], as_of=AS_OF).data == b""


def test_evaluate_lines_raise_on_error(bundle):
    lines = '{"product": "a"}\n\n{"product": "b", "category": "kettle_x"}\n'
    with pytest.raises(ccr.FactsError) as caught:
        bundle.evaluate_lines(lines, raise_on_error=True, first_line=10)
    assert caught.value.line == 12
    assert caught.value.code == "R0303"
    assert "kettle_x" in caught.value.message
    result = bundle.evaluate_lines(lines, format="json", first_line=10)
    assert '"line":12' in result.output
    assert result.exit_code == 3


def test_contradictory_facts(bundle):
    forklift = {"product": "Forklift", "category": "forklift", "is_special_equipment": False,
                "special_equipment_type": "field_motor_vehicle"}
    with pytest.raises(ccr.FactsError) as caught:
        bundle.evaluate(forklift, where="f.json")
    assert caught.value.code == "R0309"
    assert "`is_special_equipment` = false" in caught.value.message
    assert "`special_equipment_type` = field_motor_vehicle" in caught.value.message
    # In a batch the product's line is an error record and the next one gets its report.
    consistent = dict(forklift, is_special_equipment=True)
    result = bundle.evaluate_lines([forklift, consistent], format="json", as_of=AS_OF)
    first, second = result.output.splitlines()
    assert json.loads(first)["line"] == 1
    assert "contradict" in json.loads(first)["error"]
    assert json.loads(first)["product"] == "Forklift"
    assert "error" not in json.loads(second)
    assert result.exit_code == 3


def test_facts_errors(bundle):
    with pytest.raises(ccr.FactsError) as caught:
        bundle.evaluate('{"product": ')
    assert caught.value.code == "R0301" and caught.value.line is None
    assert str(caught.value).startswith("[R0301] <stdin>")
    with pytest.raises(ccr.FactsError) as caught:
        bundle.evaluate("[1, 2]")
    assert caught.value.code == "R0302"
    with pytest.raises(ccr.FactsError) as caught:
        bundle.evaluate({"emits_radio": "yes"}, where="p.json")
    assert caught.value.code == "R0303" and "p.json" in caught.value.message
    assert isinstance(caught.value, ValueError)
    with pytest.raises(TypeError):
        bundle.evaluate(42)
    with pytest.raises(ValueError):  # NaN is not JSON
        bundle.evaluate({"rated_voltage_v": float("nan")})


def test_option_errors(bundle):
    for options, code, part in [({"format": "pdf"}, "R0001", "pdf"),
                                ({"lang": "fr"}, "R0001", "fr"),
                                ({"as_of": "2025-13-01"}, "R0001", "2025-13-01")]:
        with pytest.raises(ccr.OptionError) as caught:
            bundle.evaluate({}, **options)
        assert caught.value.code == code and part in caught.value.message
    with pytest.raises(ccr.OptionError) as caught:
        bundle.evaluate_lines("{}\n", format="html", where="c.jsonl")
    assert caught.value.code == "R0005" and "c.jsonl" in caught.value.message
    with pytest.raises(ccr.OptionError):
        bundle.evaluate_lines("{}\n", threads=-2)


def test_warnings_are_not_errors(bundle):
    lines = '{"product": "x", "colour": "red"}\n' * 3
    result = bundle.evaluate_lines(lines, where="c.jsonl")
    # An undeclared name fails no line. Like `ccr run -q`, the batch gives no per-line warning
    # (`ccr run` without -q names each undeclared name once at the end).
    assert result.counts["errors"] == 0 and result.counts["products"] == 3
    assert "colour" not in result.diagnostics


def test_next_questions_matches_ccr_ask(bundle):
    path = ROOT / "tests" / "golden" / "ask" / "inputs" / "partial_laptop.json"
    expected = ccr_run("ask", "--next", "--facts", str(path), "--as-of", AS_OF)
    text = bundle.next_questions_json(path.read_text(), as_of=AS_OF, where=str(path))
    assert text.encode() == expected.stdout
    document = bundle.next_questions(json.loads(path.read_text()), as_of=AS_OF)
    assert document["schema"] == "ccr.next/1"
    assert document["questions"] and document["open"]
    with pytest.raises(ccr.FactsError):
        bundle.next_questions("{")


RULES = """
fact sells_widgets: bool "Sold as a widget"

rule widgets {
  when sells_widgets
  require SRRC by MIIT mandatory
  because "Widgets transmit"
}
"""


def test_compile_source_text():
    bundle = ccr.compile(RULES)
    report = bundle.evaluate({"product": "w", "sells_widgets": True}, format="json")
    assert json.loads(report)["requirements"][0]["scheme"] == "SRRC"
    compiled, diagnostics = ccr.compile_with_diagnostics(RULES)
    assert compiled == bundle
    assert all(d.severity == "warning" for d in diagnostics)


def test_compile_files_in_memory_with_import():
    files = {"mem/facts.ccr": 'fact sells_widgets: bool "Sold as a widget"\n',
             "mem/rules.ccr": 'import "facts.ccr"\n' + RULES.split("\n", 2)[2]}
    bundle = ccr.compile(files)
    assert "SRRC" in bundle.evaluate({"sells_widgets": True})


def test_compile_paths_gives_the_default_bundle(tmp_path, monkeypatch):
    # From the repository, as the build compiles the built-in bundle (source paths are part
    # of a bundle).
    monkeypatch.chdir(ROOT)
    bundle = ccr.compile(paths=["rules/products"])
    assert bundle.to_bytes() == ccr.Bundle.default().to_bytes()
    assert ccr.compile(Path("rules/products")) == bundle
    # The same bytes as the ccrc command line.
    out = tmp_path / "p.ccrb"
    subprocess.run([str(BIN / "ccrc"), "compile", "rules/products", "-o", str(out)],
                   check=True, timeout=300)
    assert out.read_bytes() == bundle.to_bytes()
    assert ccr.Bundle.from_file(out) == bundle


def test_compile_errors():
    with pytest.raises(ccr.CompileError) as caught:
        ccr.compile('rule r {\n  when emit_radio\n  require SRRC by MIIT mandatory\n'
                    '  because "x"\n}\n')
    error = caught.value
    assert error.code == "E0201"
    assert "emit_radio" in error.message
    first = error.diagnostics[0]
    assert (first.code, first.severity, first.line, first.column) == ("E0201", "error", 2, 8)
    assert first.path.endswith("<source>.ccr")
    assert "emits_radio" in first.help and "^" in first.text
    assert "E0201" in repr(first)
    # Without the standard library, its schemes are unknown.
    with pytest.raises(ccr.CompileError) as caught:
        ccr.compile(RULES, stdlib=False)
    assert any(d.code.startswith("E02") for d in caught.value.diagnostics)
    with pytest.raises(ccr.BundleError) as caught:
        ccr.compile(paths=["no/such/rules"])
    assert caught.value.code == "R0101" and "no/such/rules" in caught.value.message
    with pytest.raises(TypeError):
        ccr.compile()
    with pytest.raises(TypeError):
        ccr.compile(42)


def test_bundle_errors(bundle):
    with pytest.raises(ccr.BundleError) as caught:
        ccr.Bundle.from_bytes(b"hello", "x.ccrb")
    assert caught.value.code == "R0201" and "x.ccrb" in caught.value.message
    damaged = bytearray(bundle.to_bytes())
    damaged[-3] ^= 0x55
    with pytest.raises(ccr.BundleError) as caught:
        ccr.Bundle.from_bytes(bytes(damaged))
    assert caught.value.code == "R0203"
    with pytest.raises(ccr.BundleError):
        ccr.Bundle.from_bytes(b"")
    with pytest.raises(TypeError):
        ccr.Bundle.from_bytes("not bytes")


def test_pickle_is_the_bytes(bundle):
    copy = pickle.loads(pickle.dumps(bundle))
    assert copy == bundle and copy.to_bytes() == bundle.to_bytes()
    assert copy.evaluate({"category": "laptop"}, as_of=AS_OF) == \
        bundle.evaluate({"category": "laptop"}, as_of=AS_OF)
    # Unpickling verifies: damaged bytes inside a pickle are refused.
    payload = pickle.dumps(bundle)
    data = bundle.to_bytes()
    broken = payload.replace(data, data[:-3] + bytes([data[-3] ^ 0x55]) + data[-2:])
    with pytest.raises(ccr.BundleError):
        pickle.loads(broken)


def test_requirements_frame(bundle):
    pd = pytest.importorskip("pandas")
    products = [json.loads((EXAMPLES / f"{name}.json").read_text())
                for name in ("laptop", "power_bank")]
    products[1].pop("rated_voltage_v", None)
    frame = pd.DataFrame(products, index=["a", "b"])
    out = ccr.requirements_frame(bundle, frame, as_of=AS_OF)
    assert list(out.columns) == ["row", "product", "scheme", "authority", "level", "status",
                                 "missing", "assumed"]
    reports = [json.loads(line) for line in bundle.evaluate_lines(
        products, as_of=AS_OF, all=True, format="json").output.splitlines()]
    assert len(out) == sum(len(r["requirements"]) for r in reports)
    assert set(out["row"]) == {"a", "b"}
    assert set(out["status"]) <= {"required", "undetermined", "exempt", "not_required", "available"}
    laptop = out[out["row"] == "a"].set_index("scheme")
    assert laptop.loc["SRRC", "status"] == "required"
    undetermined = out[out["status"] == "undetermined"]
    assert all(len(missing) > 0 for missing in undetermined["missing"])
    # NaN cells are unknown facts, not errors.
    with_nan = pd.DataFrame([{"product": "x", "category": "laptop", "rated_voltage_v": None},
                             {"product": "y", "category": "laptop", "rated_voltage_v": 220}])
    assert len(ccr.requirements_frame(bundle, with_nan, as_of=AS_OF)) > 0
    bad = pd.DataFrame([{"product": "ok"}, {"product": "bad", "emits_radio": "yes"}])
    with pytest.raises(ccr.FactsError) as caught:
        ccr.requirements_frame(bundle, bad)
    assert caught.value.line == 2


def test_requirements_frame_assumed():
    """A fact's declared default, as the frame shows it: on every row of the product that took
    it, as the JSON report's `assumed` says; a product that states the fact took nothing."""
    pd = pytest.importorskip("pandas")
    extended = ccr.compile(paths=[ROOT / "rules" / "products",
                                  EXAMPLES / "extension" / "acme.ccr"])
    plug = json.loads((EXAMPLES / "extension" / "acme_smart_plug.json").read_text())
    assert "acme_pilot_stores_only" not in plug
    stated = dict(plug, product="stated", acme_pilot_stores_only=True)
    frame = pd.DataFrame([plug, stated], index=["default", "stated"])
    out = ccr.requirements_frame(extended, frame, as_of=AS_OF)
    report = json.loads(extended.evaluate(plug, as_of=AS_OF, format="json"))
    assert report["assumed"] == {"acme_pilot_stores_only": False}
    took_default = out[out["row"] == "default"]
    assert len(took_default) > 0
    assert all(assumed == report["assumed"] for assumed in took_default["assumed"])
    assert all(assumed == {} for assumed in out[out["row"] == "stated"]["assumed"])
    # The assumption decided the company's review: required for the product that took it.
    statuses = out.set_index(["row", "scheme"])["status"]
    assert statuses[("default", "ACME_RELEASE_REVIEW")] == "required"
    assert statuses[("stated", "ACME_RELEASE_REVIEW")] == "not_required"
    # Each row holds its own dict: changing one leaves the product's other rows as they are.
    took_default["assumed"].iloc[0]["acme_pilot_stores_only"] = True
    assert took_default["assumed"].iloc[1] == {"acme_pilot_stores_only": False}


def test_threads_evaluate_at_once(bundle):
    facts = [json.loads(path.read_text()) for path in sorted(EXAMPLES.glob("*.json"))]
    expected = [bundle.evaluate(f, as_of=AS_OF, format="json") for f in facts]
    failures = []

    def work(offset):
        try:
            for round in range(30):
                i = (offset + round) % len(facts)
                if bundle.evaluate(facts[i], as_of=AS_OF, format="json") != expected[i]:
                    failures.append(i)
        except Exception as error:  # reported below, not lost in the thread
            failures.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []


def test_batch_releases_the_gil(bundle, catalog):
    data = catalog.read_bytes() * 20
    ticks = []
    done = threading.Event()

    def batch():
        bundle.evaluate_lines(data, as_of=AS_OF, threads=1)
        done.set()

    thread = threading.Thread(target=batch)
    thread.start()
    while not done.is_set():
        ticks.append(1)
        done.wait(0.001)
    thread.join()
    assert len(ticks) > 5  # this thread ran while the batch did


def rss_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_memory_flat_over_100k_evaluations(bundle):
    facts = json.dumps(json.loads((EXAMPLES / "laptop.json").read_text()))
    bad = '{"product": "x", "emits_radio": "yes"}'
    for _ in range(5000):  # warm up caches and allocator pools
        bundle.evaluate(facts, as_of=AS_OF, format="json")
    before = rss_bytes()
    for i in range(100_000):
        if i % 100 == 0:
            with pytest.raises(ccr.FactsError):
                bundle.evaluate(bad)
        else:
            bundle.evaluate(facts, as_of=AS_OF, format="json")
    growth = rss_bytes() - before
    # A leak of even 100 bytes per evaluation would be 10 MB.
    assert growth < 4 * 1024 * 1024, f"resident memory grew {growth} bytes"
