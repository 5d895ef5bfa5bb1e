// Deterministic generators for the benchmarks: product catalogues (JSON Lines) drawn from a
// program's real fact vocabulary, and large synthetic rule files of the shapes the product
// rules use. The same seed gives the same bytes on every machine (own PRNG, no
// std::distribution, whose output the standard leaves to the library).
#pragma once

#include <cstdint>
#include <string>

#include "runtime/bytecode/bytecode.h"
#include "runtime/bytecode/module.h"

namespace ccr::bench {

// SplitMix64: tiny, fast, and fully specified, so generated files are reproducible.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Returns a value in [0, bound); `bound` must be positive.
  uint64_t Below(uint64_t bound) { return Next() % bound; }
  // Returns true with probability `p`.
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }

 private:
  uint64_t state_;
};

// Returns `count` products, one JSON object per line (each ends in '\n'), over `module`'s
// facts: every product names itself and its category; other facts are stated with a
// realistic mix (most market and electrical facts, fewer sector facts, some explicit nulls),
// enums and sets drawn from their declared values, numbers around the thresholds rules use.
// A product whose facts break one of the program's constraints (they contradict each other)
// is drawn again: a catalogue describes products that exist.
std::string GenerateCatalogue(const bytecode::VerifiedProgram& program, size_t count,
                              uint64_t seed);

// Like GenerateCatalogue, for tests: every fact (category and sold_in_mainland too) is stated
// 75 % of the time and 6 % of those are `null`, half the numbers are edge values (the
// rules' thresholds exactly, zero, negative zero, tiny, huge), some names need escaping and
// some products have none.
std::string GenerateEdgeCatalogue(const bytecode::VerifiedProgram& program, size_t count,
                                  uint64_t seed);

// Like GenerateCatalogue, with every fact some rule of the program reads stated and none
// `null` (and no other fact): the catalogue of a rule set where every fact is present
// (issue 18's measurement basis). Values are drawn as GenerateCatalogue draws them, except
// that an enum with a `none` value takes it half the time.
std::string GenerateCompleteCatalogue(const bytecode::VerifiedProgram& program, size_t count,
                                      uint64_t seed);

// Returns a .ccr file of `count` rules (compiled with the standard library in front) in the
// shapes of rules/products: a catalogue test (`category in SET`) with voltage windows,
// number thresholds with units, enum and set tests, bool flags, exemptions, effective dates.
// Every scheme, set, fact and enum value comes from `module`, which must have been compiled
// with the standard library.
std::string GenerateRules(const bytecode::Module& module, size_t count, uint64_t seed);

// The `wide200` benchmark set (docs/performance.md): 200 rules over 76 facts, the 20 facts of
// bench/sets/china15.ccr and 56 declared in the file (flag_00 ... flag_47, metric_0 ...
// metric_7: names that differ only in their last characters), each rule one of china15's
// shapes with a flag and often a metric test added. `rules` is the .ccr file
// (bench/sets/wide200.ccr); `header` and `source` its hand-written-style reference
// (bench/reference/wide200.h and .cpp), the conditions as one would write them for this set.
// The committed files are this function's output for kWide200Seed (unit.bench_test checks).
struct GeneratedSet {
  std::string rules, header, source;
};
inline constexpr uint64_t kWide200Seed = 18;
GeneratedSet GenerateWide200(uint64_t seed);

}  // namespace ccr::bench
