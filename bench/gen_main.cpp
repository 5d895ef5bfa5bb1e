// ccr-bench-gen: writes the benchmark inputs (bench/generate.h), and the hand-written
// reference's reports (bench/reference) for comparing with `ccr run`.
//
//   ccr-bench-gen products N [--seed S] [--bundle B.ccrb] -o catalog.jsonl
//   ccr-bench-gen edge-products N [--seed S] [--bundle B.ccrb] -o catalog.jsonl
//   ccr-bench-gen rules N [--seed S] [--bundle B.ccrb] -o rules.ccr
//   ccr-bench-gen reference catalog.jsonl --as-of DATE -o reports.jsonl
//
// The vocabulary (facts, enums, sets, schemes) comes from the bundle, by default the
// default bundle the build compiled. `reference` writes what `ccr run --format json --as-of
// DATE` writes for the same catalogue, one report per line (it trusts its input: no errors,
// no warnings).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "bench/generate.h"
#include "bench/programs.h"
#include "bench/reference/reference.h"
#include "runtime/base/files.h"

namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return 3;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("ccr-bench-gen: deterministic benchmark inputs");
  std::string what, count_or_file, bundle, output, as_of = "2026-01-01";
  uint64_t seed = 1;
  app.add_option("what", what,
                 "products or edge-products (JSON Lines), rules (.ccr), or reference (reports)")
      ->required()
      ->check(CLI::IsMember({"products", "edge-products", "rules", "reference"}));
  app.add_option("count", count_or_file, "how many; for reference, the catalogue")->required();
  app.add_option("--seed", seed, "generator seed (same seed, same bytes)");
  app.add_option("--bundle", bundle, "take the vocabulary from this .ccrb");
  app.add_option("--as-of", as_of, "reference: evaluate as of this day (YYYY-MM-DD)");
  app.add_option("-o,--output", output, "output file")->required();
  CLI11_PARSE(app, argc, argv);

  auto program = ccr::bench::LoadDefaultBundle(bundle);
  if (!program) return Fail(program.error().message);
  const ccr::bytecode::Module& module = program->module();
  std::string text;
  if (what == "reference") {
    auto day = ccr::ParseDate(as_of);
    if (!day) return Fail("--as-of: `" + as_of + "` is not a date (YYYY-MM-DD)");
    auto catalogue = ccr::ReadWholeFile(count_or_file);
    if (!catalogue) return Fail(catalogue.error().message);
    ccr::bench::reference::Reference reference(module, *day);
    size_t line_number = 0;
    for (size_t start = 0; start < catalogue->size();) {
      size_t end = catalogue->find('\n', start);
      if (end == std::string::npos) end = catalogue->size();
      std::string_view line(catalogue->data() + start, end - start);
      start = end + 1;
      ++line_number;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      size_t report_start = text.size();
      if (!reference.Run(line, text)) {
        return Fail(count_or_file + ":" + std::to_string(line_number) + ": not a JSON object");
      }
      // A batch's report carries its input line after `schema` (docs/report.md); the
      // reference renders one product's report, as RenderJson does.
      constexpr std::string_view kSchema = "{\"schema\":\"ccr.report/3\"";
      text.insert(report_start + kSchema.size(), ",\"line\":" + std::to_string(line_number));
      text += '\n';
    }
  } else {
    size_t count = 0;
    try {
      count = std::stoull(count_or_file);
    } catch (const std::exception&) {
      return Fail("`" + count_or_file + "` is not a count");
    }
    text = what == "products"        ? ccr::bench::GenerateCatalogue(*program, count, seed)
           : what == "edge-products" ? ccr::bench::GenerateEdgeCatalogue(*program, count, seed)
                                     : ccr::bench::GenerateRules(module, count, seed);
  }
  if (auto written = ccr::WriteFileAtomically(output, text); !written) {
    return Fail(written.error().message);
  }
  return 0;
}
