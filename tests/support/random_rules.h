// Random rule sets and random products, for property, differential and fuzz tests.
//
// GenerateRules(seed) returns a self-contained `.ccr` file (its own authorities, schemes,
// enums, facts and sets; compile it with `--no-stdlib` / `use_stdlib = false`) that type-checks
// without errors: every fact type (bool, number with and without a unit, string, enum, set of
// enum), every condition form (comparisons, `in` a named set, a literal set or a set-valued
// fact, `known`, `and`/`or`/`not`, parentheses), short and named rules, `require` and `exempt`,
// and `effective` ranges. GenerateProduct(rules, seed) returns values for its facts, some left
// unknown. Both depend only on the seed (their own generator, not std::distributions, whose
// output differs between standard libraries), so a failing seed reproduces anywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ccr::testing {

// SplitMix64: tiny, fast, and the same sequence on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Returns a value in [0, n); n > 0.
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(Next() % n); }
  // Returns true with probability `p`.
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }

 private:
  uint64_t state_;
};

struct RandomRulesOptions {
  int facts = 8;      // at least 1
  int schemes = 4;    // at least 1
  int rules = 12;     // at least 1
  int max_depth = 4;  // of a condition's and/or/not tree
  bool exemptions = true;
  bool effective_ranges = true;
  // `known(f)` is the one condition that is not monotonic in the facts (it turns false when f is
  // removed); a property test about removing facts turns it off.
  bool known_checks = true;
  // Two components, `c0` and `c1`, that some `require`s and `exempt`s attach to (`for c0`,
  // `for product`); off by default so other properties keep their rule sets.
  bool components = false;
};

enum class RandomFactKind { Bool, Number, String, Enum, EnumSet };

struct RandomFact {
  std::string name;
  RandomFactKind kind = RandomFactKind::Bool;
  std::string unit;                 // Number: the unit, or empty
  std::vector<std::string> values;  // Enum, EnumSet: the enum's values; String: likely texts
};

struct RandomRuleSet {
  std::string source;  // the .ccr text
  std::vector<RandomFact> facts;
  std::vector<std::string> schemes;
};

RandomRuleSet GenerateRules(uint64_t seed, const RandomRulesOptions& options = {});

// One product: a JSON value per fact (same order as RandomRuleSet::facts), or nullopt when
// the product does not state it (unknown).
struct RandomProduct {
  std::vector<std::optional<std::string>> values;

  // Returns the product as a facts JSON object (`{"product": "random", "f0": true, ...}`);
  // unknown facts are left out.
  std::string ToJson(const RandomRuleSet& rules) const;
};

// Each fact is stated with probability `known_probability`.
RandomProduct GenerateProduct(const RandomRuleSet& rules, uint64_t seed,
                              double known_probability = 0.7);

}  // namespace ccr::testing
