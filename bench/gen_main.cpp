// ccr-bench-gen: writes the benchmark inputs (bench/generate.h), and the hand-written
// reference's reports (bench/reference) for comparing with `ccr run`.
//
//   ccr-bench-gen products N [--seed S] [--set SET] [--bundle B.ccrb] -o catalog.jsonl
//   ccr-bench-gen edge-products N [--seed S] [--set SET] [--bundle B.ccrb] -o catalog.jsonl
//   ccr-bench-gen complete-products N [--seed S] [--set SET] -o catalog.jsonl
//   ccr-bench-gen rules N [--seed S] [--bundle B.ccrb] -o rules.ccr
//   ccr-bench-gen reference catalog.jsonl --as-of DATE [--set SET] -o reports.jsonl
//   ccr-bench-gen wide200 [--seed S] -o REPOSITORY_ROOT
//
// The vocabulary (facts, enums, sets, schemes) comes from the rule set SET: `core` (the
// default, the default bundle the build compiled, or --bundle), `china15` or `wide200`
// (bench/sets). `complete-products` states every fact the set's rules read in every product,
// none null. `reference` writes what `ccr run --format json --as-of DATE` writes for the same
// catalogue with the set's rules, one report per line (it trusts its input: no errors, no
// warnings). `wide200` writes bench/sets/wide200.ccr and its reference,
// bench/reference/wide200.h and .cpp, under REPOSITORY_ROOT.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "bench/generate.h"
#include "bench/programs.h"
#include "bench/reference/china15.h"
#include "bench/reference/core.h"
#include "bench/reference/wide200.h"
#include "runtime/base/files.h"

namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return 3;
}

// Appends the reference's report of each line of `catalogue` (named `path`) to `text`; an
// error names the first line that is not a JSON object.
template <typename Reference>
ccr::Expected<std::string> Reports(const ccr::bytecode::Module& module, ccr::Date day,
                                   const std::string& catalogue, const std::string& path) {
  Reference reference(module, day);
  std::string text;
  size_t line_number = 0;
  for (size_t start = 0; start < catalogue.size();) {
    size_t end = catalogue.find('\n', start);
    if (end == std::string::npos) end = catalogue.size();
    std::string_view line(catalogue.data() + start, end - start);
    start = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    size_t report_start = text.size();
    if (!reference.Run(line, text)) {
      return ccr::Error{path + ":" + std::to_string(line_number) + ": not a JSON object"};
    }
    // A batch's report carries its input line after `schema` (docs/report.md); the
    // reference renders one product's report, as RenderJson does.
    constexpr std::string_view kSchema = "{\"schema\":\"ccr.report/3\"";
    text.insert(report_start + kSchema.size(), ",\"line\":" + std::to_string(line_number));
    text += '\n';
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("ccr-bench-gen: deterministic benchmark inputs");
  std::string what, count_or_file, set = "core", bundle, output, as_of = "2026-01-01";
  uint64_t seed = 1;
  app.add_option("what", what,
                 "products, edge-products or complete-products (JSON Lines), rules (.ccr), "
                 "reference (reports), or wide200 (the generated set's files)")
      ->required()
      ->check(CLI::IsMember(
          {"products", "edge-products", "complete-products", "rules", "reference", "wide200"}));
  app.add_option("count", count_or_file, "how many; for reference, the catalogue");
  app.add_option("--seed", seed, "generator seed (same seed, same bytes)");
  app.add_option("--set", set, "rule set: core (default), china15 or wide200")
      ->check(CLI::IsMember({"core", "china15", "wide200"}));
  app.add_option("--bundle", bundle, "core: take the vocabulary from this .ccrb");
  app.add_option("--as-of", as_of, "reference: evaluate as of this day (YYYY-MM-DD)");
  app.add_option("-o,--output", output, "output file (wide200: the repository's root)")->required();
  CLI11_PARSE(app, argc, argv);

  if (what == "wide200") {
    ccr::bench::GeneratedSet generated = ccr::bench::GenerateWide200(seed);
    for (const auto& [path, text] :
         {std::pair{"/bench/sets/wide200.ccr", &generated.rules},
          std::pair{"/bench/reference/wide200.h", &generated.header},
          std::pair{"/bench/reference/wide200.cpp", &generated.source}}) {
      if (auto written = ccr::WriteFileAtomically(output + path, *text); !written) {
        return Fail(written.error().message);
      }
    }
    return 0;
  }
  if (count_or_file.empty()) return Fail(what + ": expected a count or, for reference, a file");

  auto program = ccr::bench::LoadRuleSet(set, bundle);
  if (!program) return Fail(program.error().message);
  const ccr::bytecode::Module& module = program->module();
  std::string text;
  if (what == "reference") {
    auto day = ccr::ParseDate(as_of);
    if (!day) return Fail("--as-of: `" + as_of + "` is not a date (YYYY-MM-DD)");
    auto catalogue = ccr::ReadWholeFile(count_or_file);
    if (!catalogue) return Fail(catalogue.error().message);
    namespace reference = ccr::bench::reference;
    auto reports =
        set == "china15"
            ? Reports<reference::china15::Reference>(module, *day, *catalogue, count_or_file)
        : set == "wide200"
            ? Reports<reference::wide200::Reference>(module, *day, *catalogue, count_or_file)
            : Reports<reference::core::Reference>(module, *day, *catalogue, count_or_file);
    if (!reports) return Fail(reports.error().message);
    text = std::move(*reports);
  } else {
    size_t count = 0;
    try {
      count = std::stoull(count_or_file);
    } catch (const std::exception&) {
      return Fail("`" + count_or_file + "` is not a count");
    }
    text = what == "products"        ? ccr::bench::GenerateCatalogue(*program, count, seed)
           : what == "edge-products" ? ccr::bench::GenerateEdgeCatalogue(*program, count, seed)
           : what == "complete-products"
               ? ccr::bench::GenerateCompleteCatalogue(*program, count, seed)
               : ccr::bench::GenerateRules(module, count, seed);
  }
  if (auto written = ccr::WriteFileAtomically(output, text); !written) {
    return Fail(written.error().message);
  }
  return 0;
}
