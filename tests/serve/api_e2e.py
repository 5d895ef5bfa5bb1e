#!/usr/bin/env python3
"""End-to-end tests of the `ccr serve` API: every route and every error code, each answer
byte-equal to `ccr run` / `ccr ask --next` for the same facts, and every response checked
against the OpenAPI document the server publishes (web/openapi.json).

  api_e2e.py --bin BUILD/bin [--root REPO] [NAME_SUBSTRING...]

Loopback only; Python 3 standard library only.
"""

import json
import re
import sys
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import openapi_check  # noqa: E402
import serve_support  # noqa: E402
from serve_support import AS_OF, Server, ccr_run, examples, expect, expect_error  # noqa: E402
from run_e2e import TESTS, test  # noqa: E402

TESTS.clear()  # only this file's tests


class Checked:
    """Requests whose every response is checked against the server's OpenAPI document."""

    def __init__(self, server):
        self.server = server
        status, _, data = server.request("GET", "/openapi.json")
        expect(status == 200, f"/openapi.json: {status}")
        self.document = json.loads(data)
        self.seen = set()

    def __call__(self, method, target, body=None, headers=None):
        status, head, data = self.server.request(method, target, body, headers)
        path = urllib.parse.urlsplit(target).path
        try:
            if path in self.document["paths"]:
                schema = openapi_check.response_schema(self.document, path, method, status,
                                                       head.get("content-type", ""))
            else:  # a path the API does not have: its 404 is an error document
                schema = {"$ref": "#/components/schemas/Error"}
            if head.get("content-type", "").startswith("application/json"):
                openapi_check.validate(self.document, schema, json.loads(data))
        except openapi_check.SchemaError as error:
            raise serve_support.Failure(f"{method} {target} -> {status}: not as documented: "
                                        f"{error}\n{data[:500]!r}")
        self.seen.add((method, path, status))
        return status, head, data


def raw_members(data, name):
    """The bytes of each `"name":` value in `data`, in order, as the server wrote them."""
    text, decoder, found, at = data.decode("utf-8"), json.JSONDecoder(), [], 0
    while (at := text.find(f'"{name}":', at)) >= 0:
        start = at + len(name) + 3
        _, end = decoder.raw_decode(text, start)
        found.append(text[start:end].encode("utf-8"))
        at = end
    return found


@test
def evaluate_every_example_is_byte_equal_to_ccr_run(env):
    with Server(env) as server:
        call = Checked(server)
        for example in examples(env):
            want = ccr_run(env, example)
            status, head, got = call("POST", f"/v1/evaluate?as_of={AS_OF}", example.read_bytes())
            expect(status == 200, f"{example.name}: {status} {got[:300]!r}")
            expect(got == want, f"{example.name}: differs from ccr run\n{got[:400]!r}\n"
                                f"{want[:400]!r}")
        laptop = env.root / "rules/examples/laptop.json"
        for query, args, as_of in (("&all=true", ["--all"], AS_OF), ("&lang=zh", [], AS_OF),
                                   ("", [], "2027-09-01")):
            status, _, got = call("POST", f"/v1/evaluate?as_of={as_of}{query}",
                                  laptop.read_bytes())
            expect(status == 200 and got == ccr_run(env, laptop, *args, as_of=as_of),
                   f"laptop {query} {as_of}: differs from ccr run {args}")


@test
def explain_is_byte_equal_to_ccr_run_text_and_html(env):
    with Server(env) as server:
        call = Checked(server)
        for name in ("laptop.json", "car.json", "smartphone.json"):
            facts = env.root / "rules/examples" / name
            for fmt, lang in (("text", "en"), ("text", "zh"), ("html", "en"), ("html", "zh")):
                proc = env.run("ccr", "run", "--facts", facts, "--format", fmt, "--lang", lang,
                               "--as-of", AS_OF)
                status, head, got = call(
                    "POST", f"/v1/explain?as_of={AS_OF}&format={fmt}&lang={lang}",
                    facts.read_bytes())
                expect(status == 200, f"{name} {fmt} {lang}: {status}")
                expect(got == proc.stdout, f"{name} {fmt} {lang}: differs from ccr run")
                expect(head["content-type"].startswith("text/" + ("html" if fmt == "html"
                                                                   else "plain")),
                       head["content-type"])


@test
def next_is_byte_equal_to_ccr_ask_next(env):
    partial = env.root / "tests/golden/ask/inputs/partial_laptop.json"
    with Server(env) as server:
        call = Checked(server)
        for facts in (partial, env.root / "rules/examples/laptop.json"):
            proc = env.run("ccr", "ask", "--facts", facts, "--next", "--as-of", AS_OF)
            status, _, got = call("POST", f"/v1/next?as_of={AS_OF}", facts.read_bytes())
            expect(status == 200 and got == proc.stdout,
                   f"{facts.name}: differs from ccr ask --next\n{got[:300]!r}\n"
                   f"{proc.stdout[:300]!r}")
        # A question answered "I don't know" is not asked again.
        status, _, data = call("POST", f"/v1/next?as_of={AS_OF}", partial.read_bytes())
        first = json.loads(data)["questions"][0]["fact"]
        status, _, data = call("POST", f"/v1/next?as_of={AS_OF}&skip={first}",
                               partial.read_bytes())
        facts_asked = [q["fact"] for q in json.loads(data)["questions"]]
        expect(status == 200 and first not in facts_asked, f"{first} asked after skip")
        status, _, data = call("POST", "/v1/next?skip=no_such_fact", b"{}")
        expect_error(status, data, 400, "R0406", "no_such_fact")


@test
def batch_answers_each_item_as_ccr_run(env):
    with Server(env) as server:
        call = Checked(server)
        items = [{"id": p.stem, "facts": json.loads(p.read_text())} for p in examples(env)]
        items.append({"id": "bad", "facts": {"category": "laptopp"}})
        status, _, data = call("POST", f"/v1/batch?as_of={AS_OF}", json.dumps({"items": items}))
        expect(status == 200, f"batch: {status} {data[:300]!r}")
        results = json.loads(data)["results"]
        expect([r["id"] for r in results] == [i["id"] for i in items], "ids out of order")
        raw_reports = raw_members(data, "report")
        expect(len(raw_reports) == len(items) - 1, f"{len(raw_reports)} raw reports")
        for path, raw in zip(examples(env), raw_reports):
            expect(raw + b"\n" == ccr_run(env, path), f"{path.name}: batch report differs")
        error = results[-1]["error"]
        expect(error["code"] == "R0303" and "did you mean `laptop`" in error["message"], f"{error}")
        for body, code in ((b"[1]", "R0302"), (b'{"items": [{"id": 1, "facts": {}}]}', "R0406"),
                           (b'{"items": [', "R0301")):
            status, _, data = call("POST", "/v1/batch", body)
            expect_error(status, data, 400, code)


@test
def listings(env):
    with Server(env) as server:
        call = Checked(server)
        status, _, data = call("GET", "/v1/schemes")
        schemes = {s["scheme"]: s for s in json.loads(data)["schemes"]}
        expect(schemes["CCC"]["authority"] == "CNCA" and "zh_name" in schemes["CCC"],
               schemes.get("CCC"))
        status, _, data = call("GET", "/v1/authorities")
        authorities = {a["authority"]: a for a in json.loads(data)["authorities"]}
        expect(authorities["CNCA"].get("parent") == "SAMR", authorities.get("CNCA"))
        expect(authorities["SAMR"]["zh_name"] == "国家市场监督管理总局", authorities["SAMR"])
        status, _, data = call("GET", "/v1/components")
        components = {c["component"]: c for c in json.loads(data)["components"]}
        expect(components.get("supplied_adapter") == {
            "component": "supplied_adapter", "name": "Supplied power adapter",
            "zh_name": "随附电源适配器"}, components.get("supplied_adapter"))
        status, _, data = call("GET", "/v1/facts")
        facts = {f["fact"]: f for f in json.loads(data)["facts"]}
        expect(facts["rated_voltage_v"]["kind"] == "number" and
               facts["rated_voltage_v"]["unit"] == "V", facts["rated_voltage_v"])
        expect("laptop" in facts["category"]["values"] and facts["category"]["kind"] == "enum",
               "category values")
        expect(facts["radio_technologies"]["kind"] == "set", facts["radio_technologies"])
        status, _, data = call("GET", "/v1/categories")
        everything = json.loads(data)["categories"]
        expect(len(everything) == len(facts["category"]["values"]), "not every category listed")
        for q, wanted in (("laptop", "laptop"), ("LAPTOP", "laptop"), ("rice cooker", "rice_cooker"),
                          ("ccc_it_equipment", "laptop")):
            status, _, data = call("GET", "/v1/categories?q=" + urllib.parse.quote(q))
            found = [c["value"] for c in json.loads(data)["categories"]]
            expect(wanted in found, f"q={q}: {found}")
        status, _, data = call("GET", "/v1/categories?q=zzzz-nothing")
        expect(json.loads(data)["categories"] == [], "q=zzzz-nothing found something")
        # By catalogue code, English or Chinese name, best first, with the entry's names and codes.
        for q in ("0717", "kettle", "电水壶", "Electric kettle"):
            status, _, data = call("GET", "/v1/categories?q=" + urllib.parse.quote(q))
            found = json.loads(data)["categories"]
            expect(found and found[0]["value"] == "electric_kettle", f"q={q}: {found[:3]}")
            expect(found[0]["zh_name"] == "电水壶" and
                   {"scheme": "CCC", "code": "0717", "in_force": True} in found[0]["codes"],
                   f"q={q}: {found[0]}")
        status, _, data = call("GET", "/v1/categories?q=0717&as_of=1999-01-01")
        kettle = json.loads(data)["categories"][0]
        expect(kettle["codes"] == [{"scheme": "CCC", "code": "0717", "in_force": False}],
               f"as of 1999 no CCC row is in force: {kettle}")


@test
def errors_carry_the_command_line_codes(env):
    with Server(env, "--max-body-bytes", "4096") as server:
        call = Checked(server)
        status, _, data = call("POST", "/v1/evaluate", b'{"category": "laptop",\n "emits_radio": tru}')
        expect_error(status, data, 400, "R0301", "request: malformed JSON at line 2, column")
        status, _, data = call("POST", "/v1/evaluate", b"[]")
        expect_error(status, data, 400, "R0302", "expected a JSON object")
        status, _, data = call("POST", "/v1/evaluate", b'{"emits_radio": "yes"}')
        expect_error(status, data, 422, "R0303", "fact `emits_radio` must be true or false")
        status, _, data = call("POST", "/v1/evaluate", b'{"emit_radio": true}')
        document = expect_error(status, data, 422, "R0409", "`emit_radio` is not a declared fact",
                                "did you mean `emits_radio`?", "unknown_facts=warn")
        status, _, data = call("POST", "/v1/evaluate?unknown_facts=warn", b'{"emit_radio": true}')
        report = json.loads(data)
        expect(status == 200 and "did you mean `emits_radio`?" in report["warnings"][0], report)
        status, _, data = call("POST", "/v1/evaluate", b"{" + b'"a":1,' * 1000 + b"}")
        expect_error(status, data, 413, "R0401", "4096 bytes")
        status, _, data = call("GET", "/v1/nowhere")
        expect_error(status, data, 404, "R0403", "/v1/nowhere")
        status, _, data = server.request("GET", "/v1/evaluate")
        expect_error(status, data, 405, "R0404", "does not take GET")
        for query, fragment in (("as_of=2026-02-30", "YYYY-MM-DD"), ("lang=fr", "en or zh"),
                                ("asof=2026-01-01", "unknown query parameter `asof`"),
                                ("format=pdf", "text or html")):
            status, _, data = call("POST", "/v1/evaluate?" + query, b"{}")
            expect_error(status, data, 400, "R0406", fragment)
        raw = server.raw(b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
        expect(serve_support.status_of(raw) == 400 and b"R0402" in raw, raw[:300])
        # Errors are counted by code.
        status, _, data = call("GET", "/metrics")
        for code in ("R0301", "R0302", "R0303", "R0409", "R0401", "R0403", "R0406"):
            expect(f'ccr_errors_total{{code="{code}"}}' in data.decode(), f"{code} not counted")


@test
def bearer_token(env):
    env.write("token", "s3cret-token\n")
    with Server(env, "--token-file", "token") as server:
        call = Checked(server)
        status, head, data = call("POST", "/v1/evaluate", b"{}")
        expect_error(status, data, 401, "R0405", "Bearer")
        expect(head.get("www-authenticate") == "Bearer", head)
        status, _, data = call("POST", "/v1/evaluate", b"{}", {"Authorization": "Bearer wrong"})
        expect(status == 401, status)
        status, _, data = call("POST", "/v1/evaluate", b"{}",
                               {"Authorization": "Bearer s3cret-token"})
        expect(status == 200, f"{status} {data[:200]!r}")
        for open_path in ("/health", "/ready", "/", "/openapi.json"):
            status, _, _ = call("GET", open_path)
            expect(status == 200, f"{open_path} needs no token: {status}")
        status, _, _ = call("GET", "/metrics")
        expect(status == 401, "metrics need the token")


@test
def connection_cap_and_deadline(env):
    with Server(env, "--max-connections", "1") as server:
        held = server.connection()
        status, _, _ = server.request("GET", "/health", connection=held)
        expect(status == 200, status)
        raw = server.raw(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        expect(serve_support.status_of(raw) == 503 and b"R0407" in raw, raw[:300])
        held.close()
    items = [{"id": str(i), "facts": {"category": "laptop"}} for i in range(1000)]
    with Server(env, "--deadline-ms", "1") as server:
        status, _, data = server.request("POST", "/v1/batch", json.dumps({"items": items}))
        expect_error(status, data, 503, "R0407", "deadline")
    with Server(env, "--max-batch-items", "10") as server:
        status, _, data = server.request("POST", "/v1/batch", json.dumps({"items": items}))
        expect_error(status, data, 413, "R0401", "1000 items")


@test
def health_ready_metrics_page_and_log(env):
    with Server(env, "--decision-log", "decisions.jsonl") as server:
        call = Checked(server)
        status, _, data = call("GET", "/health")
        expect(json.loads(data) == {"status": "ok"}, f"{data!r}")
        status, _, data = call("GET", "/ready")
        ready = json.loads(data)
        expect(ready["bundle"]["origin"] == "<default bundle>" and ready["last_reload"]["ok"],
               ready)
        laptop = (env.root / "rules/examples/laptop.json").read_bytes()
        status, _, report = call("POST", f"/v1/evaluate?as_of={AS_OF}", laptop)
        status, _, data = call("GET", "/metrics")
        text = data.decode()
        for needle in ('ccr_http_requests_total{route="Evaluate",status="200"} 1',
                       'ccr_http_request_duration_seconds_bucket{route="Evaluate",le="+Inf"} 1',
                       "ccr_evaluations_total 1", f'hash="{ready["bundle"]["hash"]}"',
                       "ccr_bundle_load_seconds ", "ccr_bundle_loaded_timestamp_seconds "):
            expect(needle in text, f"{needle!r} not in /metrics")
        status, head, page = call("GET", "/")
        expect(b'<script src="/web/app.js"' in page, "the page")
        expect("default-src 'none'" in head["content-security-policy"], head)
        for asset, kind in (("/web/app.js", "text/javascript"), ("/web/style.css", "text/css")):
            status, head, _ = server.request("GET", asset)
            expect(status == 200 and head["content-type"].startswith(kind), (asset, head))
        status, head, body = server.request("HEAD", "/health")
        expect(status == 200 and body == b"" and head["content-length"] == "16", head)
    lines = (env.tmp / "decisions.jsonl").read_text().splitlines()
    expect(len(lines) == 1, lines)
    record = json.loads(lines[0])
    expect(record["route"] == "evaluate" and record["bundle"] == ready["bundle"]["hash"] and
           record["input"]["category"] == "laptop" and
           record["result"] == json.loads(report), record)


@test
def every_route_is_documented_and_served(env):
    routes = re.findall(r'^ROUTE\(\s*(\w+),\s*"(\w+)",\s*"([^"]+)"',
                        (env.root / "runtime/serve/routes.def").read_text(), re.M)
    document = json.loads((env.root / "web/openapi.json").read_text())
    for name, method, path in routes:
        if name == "Asset":
            continue
        expect(method.lower() in document["paths"].get(path, {}),
               f"{method} {path} ({name}) is not in web/openapi.json")
    served = {path for _, _, path in routes}
    for path in document["paths"]:
        expect(path in served, f"web/openapi.json documents {path}, which routes.def lacks")
    docs = (env.root / "docs/serve.md").read_text()
    for name, method, path in routes:
        expect(f"`{path}`" in docs, f"{path} is not in docs/serve.md")


if __name__ == "__main__":
    sys.exit(serve_support.main())
