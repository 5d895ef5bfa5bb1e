#include "runtime/base/name_index.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>
#include <vector>

namespace ccr {
namespace {

// Builds an index over `names` (index = position) and checks every lookup, then returns the
// mean and the longest probe.
struct ProbeStats {
  double mean = 0;
  size_t longest = 0;
};

ProbeStats IndexAndProbe(const std::vector<std::string>& names) {
  NameIndex index;
  for (size_t i = 0; i < names.size(); ++i) index.Insert(names[i], static_cast<uint32_t>(i));
  ProbeStats stats;
  for (size_t i = 0; i < names.size(); ++i) {
    CHECK(index.Find(names[i]) == i);
    size_t probes = index.ProbeLength(names[i]);
    stats.mean += static_cast<double>(probes) / static_cast<double>(names.size());
    stats.longest = std::max(stats.longest, probes);
  }
  return stats;
}

std::vector<std::string> Numbered(std::string_view prefix, int count, int width) {
  std::vector<std::string> names;
  for (int i = 0; i < count; ++i) names.push_back(fmt::format("{}{:0{}}", prefix, i, width));
  return names;
}

}  // namespace

TEST_CASE("NameIndex finds what was inserted, and only that") {
  NameIndex index;
  CHECK(index.Find("anything") == NameIndex::kNotFound);
  index.Insert("category", 0);
  index.Insert("rated_voltage_v", 1);
  index.Insert("category", 7);  // the first mapping wins
  CHECK(index.Find("category") == 0);
  CHECK(index.Find("rated_voltage_v") == 1);
  CHECK(index.Find("") == NameIndex::kNotFound);
  CHECK(index.Find("categor") == NameIndex::kNotFound);
  CHECK(index.Find("rated_voltage_w") == NameIndex::kNotFound);
}

// A lookup compares the length and the first and last eight bytes as words, and over 16
// bytes the bytes between them: a name differing from an inserted one in any single byte, at
// any length, is not found, nor one that differs only by trailing zero bytes.
TEST_CASE("NameIndex tells apart names differing in any one byte, at every length") {
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH";
  std::vector<std::string> names;
  for (size_t length = 0; length <= 40; ++length) names.push_back(alphabet.substr(0, length));
  NameIndex index;
  for (size_t i = 0; i < names.size(); ++i) index.Insert(names[i], static_cast<uint32_t>(i));
  for (size_t i = 0; i < names.size(); ++i) {
    CAPTURE(names[i]);
    CHECK(index.Find(names[i]) == i);
    for (size_t at = 0; at < names[i].size(); ++at) {
      std::string changed = names[i];
      changed[at] = '_';
      CAPTURE(at);
      CHECK(index.Find(changed) == NameIndex::kNotFound);
    }
    CHECK(index.Find(names[i] + std::string(1, '\0')) == NameIndex::kNotFound);
    CHECK(index.Find(names[i] + "_") == NameIndex::kNotFound);
  }
  NameIndex zeros;
  zeros.Insert(std::string_view("ab\0", 3), 1);
  CHECK(zeros.Find("ab") == NameIndex::kNotFound);
  CHECK(zeros.Find(std::string_view("ab\0", 3)) == 1);
}

// Names that differ only in their last characters are a common shape of real fact names; the
// earlier hash put `flag_00` ... `flag_47` on 22 of 256 slots (about 17 probes a lookup).
// With a table at most half full, random hashing gives a mean under 1.5 probes.
TEST_CASE("NameIndex spreads names that differ only at the end") {
  for (const auto& names :
       {Numbered("flag_", 48, 2), Numbered("metric_", 8, 1), Numbered("f", 100, 3),
        Numbered("a_rather_long_common_prefix_of_a_fact_", 200, 3), Numbered("x", 1000, 4)}) {
    CAPTURE(names.front());
    ProbeStats stats = IndexAndProbe(names);
    CHECK(stats.mean < 1.6);
    CHECK(stats.longest <= 12);
  }
}

}  // namespace ccr
