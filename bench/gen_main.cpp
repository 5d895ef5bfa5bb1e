// ccr-bench-gen: writes the benchmark inputs (bench/generate.h).
//
//   ccr-bench-gen products N [--seed S] [--bundle B.ccrb] -o catalog.jsonl
//   ccr-bench-gen rules N [--seed S] [--bundle B.ccrb] -o rules.ccr
//
// The vocabulary (facts, enums, sets, schemes) comes from the bundle, by default the
// default bundle the build compiled.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "bench/generate.h"
#include "bench/programs.h"
#include "runtime/base/files.h"

int main(int argc, char** argv) {
  CLI::App app("ccr-bench-gen: deterministic benchmark inputs");
  std::string what, bundle, output;
  size_t count = 0;
  uint64_t seed = 1;
  app.add_option("what", what, "products (JSON Lines) or rules (.ccr)")
      ->required()
      ->check(CLI::IsMember({"products", "rules"}));
  app.add_option("count", count, "how many")->required();
  app.add_option("--seed", seed, "generator seed (same seed, same bytes)");
  app.add_option("--bundle", bundle, "take the vocabulary from this .ccrb");
  app.add_option("-o,--output", output, "output file")->required();
  CLI11_PARSE(app, argc, argv);

  auto program = ccr::bench::LoadDefaultBundle(bundle);
  if (!program) {
    std::fprintf(stderr, "error: %s\n", program.error().message.c_str());
    return 3;
  }
  std::string text = what == "products"
                         ? ccr::bench::GenerateCatalogue(program->module(), count, seed)
                         : ccr::bench::GenerateRules(program->module(), count, seed);
  if (auto written = ccr::WriteFileAtomically(output, text); !written) {
    std::fprintf(stderr, "error: %s\n", written.error().message.c_str());
    return 3;
  }
  return 0;
}
